import { type Kysely, sql, type Transaction } from 'kysely';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Config } from '../../config';
import type { DB } from '../../db/schema';
import { type IdConfig, signedMessageId } from './message-id';
import type { OutboundMailAttachment } from './tables';

export interface OutgoingMail {
  /** what caused the mail, e.g. 'ticket.acknowledgement' (shown to admins) */
  kind: string;
  to: string[];
  cc?: string[];
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  /** extra headers such as In-Reply-To, References, Auto-Submitted */
  headers?: Record<string, string>;
  attachments?: OutboundMailAttachment[];
  ticketId?: number;
  /** `<…@…>`; generated when missing */
  messageId?: string;
  /** defaults to MAIL_FROM */
  from?: string;
}

/** The domain part of the configured sender, used for Message-IDs. */
export function mailDomain(config: Pick<Config, 'mailFrom'>): string {
  const match = /@([^>\s]+)>?\s*$/.exec(config.mailFrom);
  return match?.[1] ?? 'amtsdesk.invalid';
}

/** A signed Message-ID (see message-id.ts); `hint` is its tag, e.g. the ticket number. */
export function createMessageId(config: IdConfig, hint = 'mail'): string {
  return signedMessageId(config, hint);
}

/**
 * Writes a mail into the outbox inside the caller's transaction: the mail exists exactly when the
 * change that causes it is committed. The outbox worker delivers it afterwards.
 */
export async function enqueueMail(
  trx: Transaction<DB> | Kysely<DB>,
  config: IdConfig,
  mail: OutgoingMail,
): Promise<{ id: number; messageId: string }> {
  const values = outboundMailValues(config, mail);
  const row = await trx.insertInto('outbound_mail').values(values).returning('id').executeTakeFirstOrThrow();
  return { id: row.id, messageId: values.message_id };
}

/**
 * The outbox row of a mail, for a caller that writes it as part of a larger statement (ticket
 * creation writes ticket, history, audit row and acknowledgement in one INSERT … WITH statement).
 */
export function outboundMailValues(config: IdConfig, mail: OutgoingMail) {
  return {
    kind: mail.kind,
    message_id: mail.messageId ?? createMessageId(config),
    from_address: mail.from ?? config.mailFrom,
    to_addresses: mail.to,
    cc_addresses: mail.cc ?? [],
    reply_to: mail.replyTo ?? null,
    subject: mail.subject,
    text_body: mail.text,
    html_body: mail.html ?? null,
    headers: JSON.stringify(mail.headers ?? {}) as never,
    attachments: JSON.stringify(mail.attachments ?? []) as never,
    ticket_id: mail.ticketId ?? null,
  };
}

/** Minutes to wait after the n-th failed attempt; after the last one the mail is marked failed. */
export const RETRY_BACKOFF_MINUTES = [1, 5, 15, 60, 240];
export const MAX_ATTEMPTS = RETRY_BACKOFF_MINUTES.length + 1;
/** A claimed mail whose instance died while sending is retried after this lease. */
const LEASE_MINUTES = 5;

export interface MailTransport {
  sendMail(message: SendMailOptions): Promise<unknown>;
  close(): void;
}

export function createMailTransport(smtpUrl: string): MailTransport {
  return nodemailer.createTransport(smtpUrl);
}

export interface DeliveryResult {
  sent: number;
  retrying: number;
  failed: number;
}

/** SMTP 5xx answers are permanent: retrying the same mail will not help. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/**
 * Claims due mail (short transaction, SKIP LOCKED so several instances never take the same row),
 * sends it outside any transaction and records the outcome. At-least-once: if the process dies
 * between sending and recording, the lease expires and the mail goes out again with the same
 * Message-ID, which receiving systems use to drop the duplicate.
 */
export async function deliverDueMail(
  db: Kysely<DB>,
  transport: MailTransport,
  options: { limit?: number /** only these mails (tests on a shared database) */; ids?: number[] } = {},
): Promise<DeliveryResult> {
  const claimed = await db.transaction().execute(async (trx) => {
    let dueQuery = trx
      .selectFrom('outbound_mail')
      .select('id')
      .where('state', 'in', ['pending', 'sending'])
      .where('next_attempt_at', '<=', sql<Date>`now()`)
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(options.limit ?? 50)
      .forUpdate()
      .skipLocked();
    if (options.ids) dueQuery = dueQuery.where('id', 'in', options.ids.length > 0 ? options.ids : [-1]);
    const due = await dueQuery.execute();
    if (due.length === 0) return [];
    const rows = await trx
      .updateTable('outbound_mail')
      .set({
        state: 'sending',
        attempts: sql`attempts + 1`,
        next_attempt_at: sql`now() + make_interval(mins => ${LEASE_MINUTES})`,
      })
      .where(
        'id',
        'in',
        due.map((d) => d.id),
      )
      .returningAll()
      .execute();
    // UPDATE … RETURNING comes back in physical order: send in the order the mail was written, so
    // that an invitation goes out before its update and its cancellation
    const position = new Map(due.map((d, i) => [d.id, i]));
    return rows.sort((a, b) => (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0));
  });

  const result: DeliveryResult = { sent: 0, retrying: 0, failed: 0 };
  for (const mail of claimed) {
    try {
      const calendar = mail.attachments.find((a) => a.method);
      await transport.sendMail({
        messageId: mail.message_id,
        from: mail.from_address,
        to: mail.to_addresses,
        cc: mail.cc_addresses.length > 0 ? mail.cc_addresses : undefined,
        replyTo: mail.reply_to ?? undefined,
        subject: mail.subject,
        text: mail.text_body,
        html: mail.html_body ?? undefined,
        headers: mail.headers,
        icalEvent: calendar
          ? {
              method: calendar.method,
              filename: calendar.filename,
              content: Buffer.from(calendar.contentBase64, 'base64'),
            }
          : undefined,
        attachments: mail.attachments
          .filter((a) => a !== calendar)
          .map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            content: Buffer.from(a.contentBase64, 'base64'),
          })),
      });
      await db
        .updateTable('outbound_mail')
        .set({ state: 'sent', sent_at: sql`now()`, last_error: null })
        .where('id', '=', mail.id)
        .execute();
      result.sent++;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const giveUp = isPermanent(error) || mail.attempts >= MAX_ATTEMPTS;
      const backoff = RETRY_BACKOFF_MINUTES[Math.min(mail.attempts - 1, RETRY_BACKOFF_MINUTES.length - 1)];
      await db
        .updateTable('outbound_mail')
        .set({
          state: giveUp ? 'failed' : 'pending',
          last_error: message.slice(0, 2000),
          next_attempt_at: sql`now() + make_interval(mins => ${backoff})`,
        })
        .where('id', '=', mail.id)
        .execute();
      if (giveUp) result.failed++;
      else result.retrying++;
    }
  }
  return result;
}

/** An administrator sends a failed (or waiting) mail again now. */
export async function retryMail(db: Kysely<DB> | Transaction<DB>, id: number): Promise<boolean> {
  const updated = await db
    .updateTable('outbound_mail')
    .set({ state: 'pending', attempts: 0, next_attempt_at: sql`now()`, last_error: null })
    .where('id', '=', id)
    .where('state', 'in', ['failed', 'pending'])
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/**
 * Polls the outbox in this instance. Mail goes out about a second after the change that caused it;
 * every instance may poll, SKIP LOCKED hands each mail to one of them.
 */
export function startOutboxWorker(
  db: Kysely<DB>,
  config: Pick<Config, 'smtpUrl' | 'outboxPollMs'>,
  log: { warn(obj: object, msg: string): void; info(msg: string): void },
): { stop(): Promise<void> } {
  if (!config.smtpUrl) {
    log.info('SMTP_URL is not set: outgoing mail waits in the outbox');
    return { stop: async () => {} };
  }
  const transport = createMailTransport(config.smtpUrl);
  let running: Promise<void> | null = null;
  let stopped = false;
  const timer = setInterval(() => {
    if (running || stopped) return; // a slow round is not overtaken by the next tick
    running = deliverDueMail(db, transport)
      .then(
        () => {},
        (error) => log.warn({ err: error }, 'outbox delivery failed'),
      )
      .finally(() => {
        running = null;
      });
  }, config.outboxPollMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
      transport.close();
    },
  };
}
