import { sql } from 'kysely';
import type { AppContext } from '../../context';
import { findIntake, storeInboundMail } from './inbound-store';

export interface ImapSource {
  /** imap://user:password@host:port/MAILBOX (imaps:// for TLS) */
  url: string;
  /** the intake address this mailbox stands for (default topic, unknown senders) */
  intake: string | null;
}

function parseImapUrl(url: string) {
  const u = new URL(url);
  const secure = u.protocol === 'imaps:';
  return {
    host: u.hostname,
    port: Number(u.port) || (secure ? 993 : 143),
    secure,
    user: decodeURIComponent(u.username),
    pass: decodeURIComponent(u.password),
    mailbox: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'INBOX',
    key: `${decodeURIComponent(u.username)}@${u.hostname}:${u.port || (secure ? 993 : 143)}/${decodeURIComponent(u.pathname.replace(/^\//, '')) || 'INBOX'}`,
  };
}

/**
 * One round of the IMAP collector: every message with a UID above the last one seen is committed
 * to inbound_mail first; only then is the position stored and the message flagged \Seen on the
 * server. A crash or a dropped connection in between means the message is fetched again next round
 * and recognised as already stored (Message-ID or content hash) — no duplicates, no gaps.
 */
export async function collectImap(
  ctx: AppContext,
  source: ImapSource,
  options: { batch?: number; onStored?(id: number): void; stopAfter?: number } = {},
): Promise<{ fetched: number; stored: number; duplicates: number }> {
  const c = parseImapUrl(source.url);
  const intake = source.intake ? await findIntake(ctx.db, source.intake) : null;
  const { ImapFlow } = await import('imapflow'); // loaded on first use
  const client = new ImapFlow({
    host: c.host,
    port: c.port,
    secure: c.secure,
    auth: { user: c.user, pass: c.pass },
    logger: false,
    tls: { rejectUnauthorized: !/^(127\.|localhost$)/.test(c.host) },
  });
  const result = { fetched: 0, stored: 0, duplicates: 0 };
  await client.connect();
  try {
    const mailbox = await client.mailboxOpen(c.mailbox);
    const uidValidity = Number(mailbox.uidValidity);
    const state = await ctx.db
      .selectFrom('mail_imap_state')
      .selectAll()
      .where('mailbox', '=', c.key)
      .executeTakeFirst();
    // a new UIDVALIDITY means the server renumbered the mailbox: start over, dedup keeps it exact
    let lastUid = state && state.uid_validity === uidValidity ? state.last_uid : 0;
    const uids = ((await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })) || [])
      .filter((uid) => uid > lastUid)
      .sort((a, b) => a - b);
    const batch = options.batch ?? 20;
    for (let i = 0; i < uids.length; i += batch) {
      const chunk = uids.slice(i, i + batch);
      const messages = await client.fetchAll(chunk.join(','), { uid: true, source: true }, { uid: true });
      messages.sort((a, b) => a.uid - b.uid);
      for (const message of messages) {
        if (!message.source) continue;
        result.fetched++;
        const stored = await storeInboundMail(ctx.db, {
          channel: 'imap',
          raw: message.source,
          envelopeTo: source.intake ? [source.intake] : [],
          remoteAddress: c.host,
          intakeAddressId: intake?.id ?? null,
        });
        if (stored.id !== null) {
          result.stored++;
          options.onStored?.(stored.id);
        } else result.duplicates++;
        lastUid = message.uid;
        await sql`
          INSERT INTO mail_imap_state (mailbox, uid_validity, last_uid, updated_at)
          VALUES (${c.key}, ${uidValidity}, ${lastUid}, now())
          ON CONFLICT (mailbox) DO UPDATE SET uid_validity = excluded.uid_validity,
            last_uid = excluded.last_uid, updated_at = now()`.execute(ctx.db);
        await client.messageFlagsAdd(String(message.uid), ['\\Seen'], { uid: true });
        if (options.stopAfter !== undefined && result.fetched >= options.stopAfter) return result;
      }
    }
    return result;
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** Polls the configured mailbox (IMAP_URL) every IMAP_POLL_MS; connection errors wait for the next round. */
export function startImapCollector(
  ctx: AppContext,
  log: { warn(obj: object, msg: string): void },
  onStored: () => void,
): { stop(): Promise<void> } {
  const url = ctx.config.imapUrl;
  if (!url) return { stop: async () => {} };
  let running: Promise<void> | null = null;
  let stopped = false;
  const round = () => {
    if (running || stopped) return;
    running = collectImap(ctx, { url, intake: ctx.config.imapIntake }, { onStored })
      .then(
        () => {},
        (error) => log.warn({ err: error }, 'IMAP collection failed'),
      )
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(round, ctx.config.imapPollMs);
  timer.unref();
  round();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}
