import { type Kysely, sql } from 'kysely';
import type { ParsedMail } from 'mailparser';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { AppError } from '../../http/errors';
import { randomToken } from '../../shared/tokens';
import { loadActor, requesterOnly } from '../auth/actor';
import { addArticle } from '../tickets/commands/add-article';
import { createTicket } from '../tickets/commands/create-ticket';
import { canSee } from '../tickets/policy';
import {
  addressesOf,
  bodyText,
  classifyNoise,
  cleanSubject,
  preAnnouncement,
  ticketNumberFromAddresses,
  ticketNumberFromSubject,
  withoutQuotedHistory,
} from './classify';
import { type IntakeAddress, intakeAddresses, intakeKey } from './inbound-store';
import { ownMessageIdTag } from './message-id';
import { domainOf, verifySender } from './sender-verification';
import type { SenderVerification } from './tables';
import { MailClaimLostError, type MailOrigin } from './ticket-mail';

// The processing job: claims received messages (FOR UPDATE SKIP LOCKED, with a lease), parses them
// and turns each into a ticket, an article, or a logged "ignored". The ticket/article and the
// message's "processed" mark commit in one transaction (see ticket-mail.ts), so a crash at any
// point leaves the message to be processed again — and never processed twice.

const MAX_ATTEMPTS = 3;
const MAX_BODY = 100_000;

export interface ProcessResult {
  processed: number;
  ignored: number;
  failed: number;
}

interface ClaimedMail {
  id: number;
  raw: Buffer;
  attempts: number;
  channel: 'smtp' | 'imap';
  remote_address: string | null;
  smtp_auth_user: string | null;
  envelope_to: string[];
  envelope_from: string | null;
  intake_address_id: number | null;
  from_address: string | null;
}

async function claim(db: Kysely<DB>, token: string, leaseSeconds: number, limit: number, ids?: number[]) {
  const { rows } = await sql<ClaimedMail>`
    UPDATE inbound_mail SET state = 'processing', claim_token = ${token}, attempts = attempts + 1,
      lease_until = now() + make_interval(secs => ${leaseSeconds})
    WHERE id IN (
      SELECT id FROM inbound_mail
      WHERE (state = 'received' OR (state = 'processing' AND lease_until < now()))
        ${ids ? sql`AND id = ANY(${ids.length ? ids : [-1]}::bigint[])` : sql``}
      ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING id, raw, attempts, channel, remote_address, smtp_auth_user, envelope_to, envelope_from,
      intake_address_id, from_address`.execute(db);
  return rows.sort((a, b) => a.id - b.id);
}

async function finish(
  db: Kysely<DB>,
  id: number,
  token: string,
  set: {
    state: 'ignored' | 'failed' | 'received';
    outcome?: string | null;
    error?: string | null;
    subject?: string;
    ticketId?: number;
    notes?: string;
  },
) {
  await db
    .updateTable('inbound_mail')
    .set({
      state: set.state,
      outcome: set.outcome ?? null,
      error: set.error?.slice(0, 4000) ?? null,
      claim_token: null,
      lease_until: null,
      processed_at: set.state === 'received' ? null : new Date(),
      ...(set.subject !== undefined ? { subject: set.subject.slice(0, 998) } : {}),
      ...(set.ticketId !== undefined ? { ticket_id: set.ticketId } : {}),
      ...(set.notes !== undefined ? { notes: set.notes } : {}),
    })
    .where('id', '=', id)
    .where('claim_token', '=', token)
    .where('state', '=', 'processing')
    .execute();
}

/** Claims and processes due inbound mail; callable directly from tests (pass `ids`). */
export async function processInboundMail(
  ctx: AppContext,
  options: { ids?: number[]; limit?: number; concurrency?: number } = {},
): Promise<ProcessResult> {
  const token = randomToken(12);
  const claimed = await claim(ctx.db, token, ctx.config.mailLeaseSeconds, options.limit ?? 50, options.ids);
  const result: ProcessResult = { processed: 0, ignored: 0, failed: 0 };
  if (claimed.length === 0) return result;
  const intakes = [...(await intakeAddresses(ctx.db)).values()];
  let next = 0;
  const worker = async () => {
    while (next < claimed.length) {
      const mail = claimed[next++];
      const outcome = await processOne(ctx, mail, token, intakes);
      result[outcome]++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, claimed.length) }, worker));
  return result;
}

async function processOne(
  ctx: AppContext,
  mail: ClaimedMail,
  token: string,
  intakes: IntakeAddress[],
): Promise<keyof ProcessResult> {
  let subject: string | undefined;
  try {
    if (mail.attempts > MAX_ATTEMPTS) {
      await finish(ctx.db, mail.id, token, {
        state: 'failed',
        error: `gave up after ${MAX_ATTEMPTS} attempts (the processing never finished)`,
      });
      return 'failed';
    }
    const { simpleParser } = await import('mailparser'); // loaded on first use
    const parsed = await simpleParser(mail.raw, { skipTextToHtml: true, skipImageLinks: true });
    subject = (parsed.subject ?? '').replaceAll('\u0000', '');
    const routed = await route(ctx, mail, token, parsed, intakes);
    if (routed === 'processed') return 'processed';
    const { outcome, ...extra } = typeof routed === 'string' ? { outcome: routed } : routed;
    await finish(ctx.db, mail.id, token, { state: 'ignored', outcome, subject, ...extra });
    return 'ignored';
  } catch (error) {
    if (error instanceof MailClaimLostError) return 'processed'; // another worker finished it
    const message =
      error instanceof AppError
        ? `${error.code} ${JSON.stringify(error.params)}`
        : error instanceof Error
          ? error.message
          : String(error);
    // rules refusing the message are final; anything else (database gone, …) is tried again
    const final = error instanceof AppError || mail.attempts >= MAX_ATTEMPTS;
    await finish(ctx.db, mail.id, token, {
      state: final ? 'failed' : 'received',
      error: message,
      subject,
    }).catch(() => {});
    return final ? 'failed' : 'processed';
  }
}

async function ticketFromReferences(ctx: AppContext, parsed: ParsedMail): Promise<string | null> {
  const refs = [
    ...(parsed.inReplyTo ? [parsed.inReplyTo] : []),
    ...(Array.isArray(parsed.references) ? parsed.references : parsed.references ? [parsed.references] : []),
  ]
    .flatMap((r) => r.split(/\s+/))
    .filter((r) => r.startsWith('<'))
    .slice(-50);
  if (refs.length === 0) return null;
  for (const ref of refs.reverse()) {
    const tag = ownMessageIdTag(ctx.config, ref);
    if (tag && /^\d{4}-\d{6}$/.test(tag)) return tag;
  }
  const sent = await ctx.db
    .selectFrom('outbound_mail')
    .innerJoin('tickets', 'tickets.id', 'outbound_mail.ticket_id')
    .select('tickets.number')
    .where('outbound_mail.message_id', 'in', refs)
    .orderBy('outbound_mail.id', 'desc')
    .executeTakeFirst();
  return sent?.number ?? null;
}

async function findOrCreateRequester(
  ctx: AppContext,
  parsed: ParsedMail,
  sender: string,
  intake: IntakeAddress | null,
) {
  const known = await ctx.db
    .selectFrom('persons')
    .select(['id', 'active'])
    .where(sql<boolean>`lower(email) = ${sender}`)
    .orderBy('active', 'desc')
    .orderBy('id')
    .executeTakeFirst();
  if (known) return known.active ? known.id : null;
  if (intake?.unknownSenders === 'refuse') return null;
  const displayName = parsed.from?.value[0]?.name?.trim() || sender;
  return ctx.db.transaction().execute(async (trx) => {
    // one contact per address even when two of its messages are processed at the same moment
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`contact:${sender}`}))`.execute(trx);
    const again = await trx
      .selectFrom('persons')
      .select('id')
      .where(sql<boolean>`lower(email) = ${sender}`)
      .executeTakeFirst();
    if (again) return again.id;
    const base = sender.replace(/[^A-Za-z0-9._@-]/g, '_').slice(0, 90);
    const taken = await trx
      .selectFrom('persons')
      .select('id')
      .where(sql<boolean>`lower(login) = lower(${base})`)
      .executeTakeFirst();
    const person = await trx
      .insertInto('persons')
      .values({
        login: taken ? `${base}-${randomToken(4).replace(/[^A-Za-z0-9]/g, 'x')}` : base.padEnd(2, '_'),
        name: displayName.slice(0, 200),
        email: sender,
        org_unit_id: null,
        password_hash: null,
        locale: 'de',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('role_assignments')
      .values({ person_id: person.id, role: 'requester', org_unit_id: null })
      .execute();
    return person.id;
  });
}

const headerValues = (parsed: ParsedMail, name: string) =>
  parsed.headerLines.filter((h) => h.key === name).map((h) => h.line.slice(h.line.indexOf(':') + 1));

/** Stores the verdict on the sender identity; the claim guards against a worker that lost it. */
async function recordVerdict(
  ctx: AppContext,
  mail: ClaimedMail,
  token: string,
  verdict: { verified: boolean; verification: SenderVerification },
) {
  await ctx.db
    .updateTable('inbound_mail')
    .set({ sender_verified: verdict.verified, sender_verification: verdict.verification })
    .where('id', '=', mail.id)
    .where('claim_token', '=', token)
    .execute();
}

type Ignored = { outcome: string; ticketId?: number; notes?: string };

/** Decides what the message becomes; 'processed' when a ticket or article was committed. */
async function route(
  ctx: AppContext,
  mail: ClaimedMail,
  token: string,
  parsed: ParsedMail,
  intakes: IntakeAddress[],
): Promise<'processed' | string | Ignored> {
  const sender =
    addressesOf(parsed.from)[0] ?? mail.from_address ?? mail.envelope_from?.toLowerCase() ?? null;
  const noise = classifyNoise(parsed, ctx.config, sender);
  if (noise || !sender) return noise ?? 'bounce';

  // who vouches for the From header (decision 0009): without SMTP AUTH or the trusted relay's
  // verdict the mail acts with requester rights only — and not at all with a foreign envelope
  const envelopeFrom =
    mail.channel === 'smtp' ? mail.envelope_from : (headerValues(parsed, 'return-path')[0] ?? null);
  const verdict = verifySender(
    {
      channel: mail.channel,
      remoteAddress: mail.remote_address,
      smtpAuthUser: mail.smtp_auth_user,
      envelopeFrom,
      headerFrom: sender,
      authenticationResults: headerValues(parsed, 'authentication-results'),
    },
    ctx.config,
  );
  await recordVerdict(ctx, mail, token, verdict);
  if (verdict.verification === 'domainMismatch') {
    return {
      outcome: 'senderMismatch',
      notes: `not verified: the From domain (${domainOf(sender) ?? '?'}) differs from the envelope sender's (${domainOf(envelopeFrom) ?? 'none'}); not processed as ${sender}`,
    };
  }

  if (ctx.config.mailSenderLimitPerHour > 0) {
    const { count } = await ctx.db
      .selectFrom('inbound_mail')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where(sql<boolean>`lower(from_address) = ${sender}`)
      .where('received_at', '>', sql<Date>`now() - interval '1 hour'`)
      .where('id', '<', mail.id)
      .where('state', '=', 'processed')
      .executeTakeFirstOrThrow();
    if (Number(count) >= ctx.config.mailSenderLimitPerHour) return 'rateLimited';
  }

  const recipients = [
    ...mail.envelope_to.map((a) => a.toLowerCase()),
    ...addressesOf(parsed.to),
    ...addressesOf(parsed.cc),
  ];
  const intake =
    intakes.find((i) => i.id === mail.intake_address_id) ??
    intakes.find((i) => recipients.some((r) => intakeKey(r) === i.address)) ??
    null;

  const requesterId = await findOrCreateRequester(ctx, parsed, sender, intake);
  if (requesterId === null) return 'unknownSender';
  const person = await loadActor(ctx.db, requesterId);
  if (!person) return 'unknownSender';
  const actor = verdict.verified ? person : requesterOnly(person);

  const subject = parsed.subject ?? '';
  const text = bodyText(parsed);
  const origin: MailOrigin = {
    inboundMailId: mail.id,
    claimToken: token,
    messageId: parsed.messageId
      ? parsed.messageId.startsWith('<')
        ? parsed.messageId
        : `<${parsed.messageId}>`
      : null,
    attachments: parsed.attachments.map((a, i) => ({
      filename: a.filename || `anhang-${i + 1}${a.contentType === 'message/rfc822' ? '.eml' : ''}`,
      contentType: a.contentType || 'application/octet-stream',
      content: a.content,
    })),
    notes: [],
    senderVerified: verdict.verified,
  };
  if (text.length > MAX_BODY)
    origin.notes.push(`text shortened from ${text.length} to ${MAX_BODY} characters`);

  const number =
    ticketNumberFromSubject(subject) ??
    (await ticketFromReferences(ctx, parsed)) ??
    ticketNumberFromAddresses(recipients);
  let followUpOf: { id: number; number: string } | null = null;
  if (number) {
    const ticket = await ctx.db
      .selectFrom('tickets')
      .select([
        'id',
        'number',
        'state_type',
        'resolved_at',
        'requester_id',
        'requester_org_unit_id',
        'group_id',
        'process_type',
      ])
      .where('number', '=', number)
      .executeTakeFirst();
    if (ticket && !verdict.verified && !canSee(actor, ticket) && canSee(person, ticket)) {
      // IT staff (or a coordinator) on a ticket that is not their own: that needs their rights,
      // and nobody vouched that the mail is theirs — not posted, not mailed on, logged for IT
      return {
        outcome: 'senderUnverified',
        ticketId: ticket.id,
        notes: `not verified (${verdict.verification}): ${sender} acts by unverified mail with requester rights only; not added to ticket ${ticket.number}`,
      };
    }
    if (ticket && ticket.state_type !== 'merged') {
      const graceDays = intake?.reopenDays ?? 14;
      const expired =
        ticket.state_type === 'closed' &&
        ticket.resolved_at !== null &&
        Date.now() - ticket.resolved_at.getTime() > graceDays * 86_400_000;
      if (expired) {
        followUpOf = ticket;
      } else {
        try {
          const body = (withoutQuotedHistory(text) || '(ohne Text)').slice(0, MAX_BODY);
          await addArticle(ctx, actor, ticket.number, { body, internal: false, mail: origin });
          return 'processed';
        } catch (error) {
          // the sender may not see that ticket: their mail becomes a ticket of their own
          if (!(error instanceof AppError && error.status === 404)) throw error;
          origin.notes.push(`sender may not see ticket ${ticket.number}: filed as a new ticket`);
        }
      }
    }
  }

  const pre = preAnnouncement(subject);
  const description = followUpOf
    ? `Folgevorgang zu ${followUpOf.number} (dieser war länger als ${intake?.reopenDays ?? 14} Tage geschlossen).\n\n${text}`
    : text;
  origin.relatedTicketId = followUpOf?.id ?? null;
  await createTicket(ctx, actor, {
    title: pre ? pre.project.slice(0, 200) : cleanSubject(subject, '(ohne Betreff)'),
    description: description.slice(0, MAX_BODY),
    topic: intake?.topicKey ?? undefined,
    priority: 'normal',
    processType: pre ? 'project' : undefined,
    mail: origin,
  });
  return 'processed';
}

/**
 * Polls for received mail in this instance (and at once when the receiver stored one). Every
 * instance may poll; SKIP LOCKED hands each message to one of them.
 */
export function startInboundWorker(
  ctx: AppContext,
  log: { warn(obj: object, msg: string): void },
): { nudge(): void; stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const round = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      // keep going while a round found work: a burst is drained without waiting for the timer
      for (;;) {
        again = false;
        // PGlite has one connection: parallel transactions would only queue in front of the receiver
        const pglite = ctx.database.engine === 'pglite';
        const r = await processInboundMail(ctx, { limit: pglite ? 10 : 50, concurrency: pglite ? 1 : 6 });
        if (stopped || (r.processed + r.ignored + r.failed === 0 && !again)) break;
      }
    })()
      .catch((error) => log.warn({ err: error }, 'inbound mail processing failed'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(round, ctx.config.mailPollMs);
  timer.unref();
  return {
    nudge: round,
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}
