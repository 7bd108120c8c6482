import type { Transaction } from 'kysely';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { sha256 } from '../../shared/tokens';
import { checkContentType } from '../tickets/commands/add-attachment';
import { createMessageId, enqueueMail, type OutgoingMail } from './outbox';
import { acknowledgementMail, type MailLocale, replyMail, stateChangeMail } from './templates';

// The ticket commands call these once each, inside their transaction: the notification (outbox row)
// and, for a ticket or article that came by mail, the inbound message's "processed" mark commit
// together with the change — or not at all.

/** What the mail intake hands to createTicket/addArticle for a message it processes. */
export interface MailOrigin {
  inboundMailId: number;
  /** the processing worker's claim; the commit fails when another worker took the message over */
  claimToken: string;
  messageId: string | null;
  attachments: { filename: string; contentType: string; content: Buffer }[];
  /** remarks for the mail log (attachments renamed, dropped …) */
  notes: string[];
  relatedTicketId?: number | null;
  /** SMTP AUTH or the trusted relay vouched for the sender (decision 0009); else requester rights only */
  senderVerified: boolean;
}

export class MailClaimLostError extends Error {
  constructor(id: number) {
    super(`inbound mail ${id} was taken over by another worker`);
  }
}

interface TicketFacts {
  id: number;
  number: string;
  title: string;
}

/** it-support@amtsdesk.example + 2026-000123 → it-support+2026-000123@amtsdesk.example */
export function replyAddress(config: AppContext['config'], number: string): string | undefined {
  const match = /<?([^<>\s@]+)@([^<>\s@]+)>?\s*$/.exec(config.mailFrom);
  return match ? `${match[1]}+${number}@${match[2]}` : undefined;
}

const portalLink = (ctx: AppContext, number: string) =>
  `${ctx.config.publicUrl.replace(/\/$/, '')}/portal/tickets/${number}`;

async function recipient(trx: Transaction<DB>, personId: number) {
  const person = await trx
    .selectFrom('persons')
    .select(['email', 'locale', 'name', 'active'])
    .where('id', '=', personId)
    .executeTakeFirst();
  return person ? mailRecipient(person) : null;
}

/** X-Amtsdesk-Ticket marks our own mail: if it ever comes back in, it is a loop, not a request. */
function baseHeaders(ticket: TicketFacts, automatic: 'auto-replied' | 'auto-generated' | null) {
  const headers: Record<string, string> = { 'X-Amtsdesk-Ticket': ticket.number };
  if (automatic) headers['Auto-Submitted'] = automatic;
  return headers;
}

async function storeMailAttachments(
  trx: Transaction<DB>,
  ctx: AppContext,
  ticketId: number,
  articleId: number | null,
  uploaderId: number,
  origin: MailOrigin,
) {
  for (const a of origin.attachments) {
    let contentType = a.contentType.split(';')[0].trim().toLowerCase() || 'application/octet-stream';
    if (a.content.length > ctx.config.attachmentMaxBytes) {
      origin.notes.push(
        `attachment "${a.filename}" (${a.content.length} bytes) exceeds the limit, not stored`,
      );
      continue;
    }
    try {
      checkContentType(contentType, a.content);
    } catch {
      // lying or unlisted types are kept, but only as an opaque download
      origin.notes.push(
        `attachment "${a.filename}" declared ${contentType}, stored as application/octet-stream`,
      );
      contentType = 'application/octet-stream';
    }
    await trx
      .insertInto('attachments')
      .values({
        ticket_id: ticketId,
        article_id: articleId,
        filename: a.filename.replace(/[\\/\r\n"]/g, '_').slice(0, 255) || 'datei',
        content_type: contentType,
        size_bytes: a.content.length,
        sha256: sha256(a.content),
        content: a.content,
        uploaded_by_id: uploaderId,
      })
      .execute();
  }
}

async function finishInbound(
  trx: Transaction<DB>,
  origin: MailOrigin,
  outcome: string,
  ticketId: number,
  articleId: number | null,
) {
  const done = await trx
    .updateTable('inbound_mail')
    .set({
      state: 'processed',
      outcome,
      ticket_id: ticketId,
      article_id: articleId,
      related_ticket_id: origin.relatedTicketId ?? null,
      processed_at: new Date(),
      claim_token: null,
      lease_until: null,
      error: null,
      notes: origin.notes.join('\n'),
    })
    .where('id', '=', origin.inboundMailId)
    .where('state', '=', 'processing')
    .where('claim_token', '=', origin.claimToken)
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1) throw new MailClaimLostError(origin.inboundMailId);
}

/** Where a ticket mail to a person goes: only active persons with an address get mail. */
export interface MailRecipient {
  email: string;
  locale: MailLocale;
}

export function mailRecipient(person: {
  email: string | null;
  locale: string;
  active: boolean;
}): MailRecipient | null {
  return person.email && person.active ? { email: person.email, locale: person.locale as MailLocale } : null;
}

/**
 * createTicket: the acknowledgement to the requester, or null when they get no mail. createTicket
 * writes it in the same statement as the ticket (see create-ticket.ts), so it exists exactly when
 * the ticket does.
 */
export function ticketAcknowledgement(
  ctx: AppContext,
  ticket: TicketFacts,
  to: MailRecipient | null,
  origin?: MailOrigin,
): OutgoingMail | null {
  if (!to) return null;
  const text = acknowledgementMail(to.locale, { ...ticket, link: portalLink(ctx, ticket.number) });
  const headers = baseHeaders(ticket, 'auto-replied');
  if (origin?.messageId) {
    headers['In-Reply-To'] = origin.messageId;
    headers.References = origin.messageId;
  }
  return {
    kind: 'ticket.acknowledgement',
    to: [to.email],
    replyTo: replyAddress(ctx.config, ticket.number),
    messageId: createMessageId(ctx.config, ticket.number),
    ...text,
    headers,
    ticketId: ticket.id,
  };
}

/** createTicket, for a ticket that came by mail: its attachments and the message's "processed" mark. */
export async function afterMailTicketCreated(
  trx: Transaction<DB>,
  ctx: AppContext,
  ticket: TicketFacts,
  requesterId: number,
  origin: MailOrigin,
) {
  await storeMailAttachments(trx, ctx, ticket.id, null, requesterId, origin);
  await finishInbound(trx, origin, 'ticketCreated', ticket.id, null);
}

/** addArticle: a public reply by IT goes to the requester; a mail reply marks its message processed. */
export async function afterArticleAdded(
  trx: Transaction<DB>,
  ctx: AppContext,
  ticket: TicketFacts & { requester_id: number },
  article: {
    id: number;
    authorId: number;
    authorName: string;
    byAgent: boolean;
    internal: boolean;
    body: string;
  },
  origin?: MailOrigin,
) {
  if (origin) {
    await storeMailAttachments(trx, ctx, ticket.id, article.id, article.authorId, origin);
    await finishInbound(trx, origin, 'articleAdded', ticket.id, article.id);
  }
  if (article.internal || !article.byAgent || article.authorId === ticket.requester_id) return;
  const to = await recipient(trx, ticket.requester_id);
  if (!to) return;
  const text = replyMail(to.locale, {
    ...ticket,
    link: portalLink(ctx, ticket.number),
    author: article.authorName,
    body: article.body,
  });
  await enqueueMail(trx, ctx.config, {
    kind: 'ticket.reply',
    to: [to.email],
    replyTo: replyAddress(ctx.config, ticket.number),
    ...text,
    messageId: createMessageId(ctx.config, ticket.number),
    headers: baseHeaders(ticket, null),
    ticketId: ticket.id,
  });
}

/** updateTicket: the requester hears about every state change (not about assignee or priority). */
export async function afterTicketUpdated(
  trx: Transaction<DB>,
  ctx: AppContext,
  ticket: TicketFacts & { requester_id: number },
  changes: { field: string; newValue: string | null }[],
) {
  const stateKey = changes.find((c) => c.field === 'state')?.newValue;
  if (!stateKey) return;
  const to = await recipient(trx, ticket.requester_id);
  const state = await trx
    .selectFrom('ticket_states')
    .select(['name_de', 'name_en', 'state_type'])
    .where('key', '=', stateKey)
    .executeTakeFirst();
  if (!to || !state || state.state_type === 'merged') return;
  const text = stateChangeMail(to.locale, {
    ...ticket,
    link: portalLink(ctx, ticket.number),
    state: to.locale === 'en' ? state.name_en : state.name_de,
  });
  await enqueueMail(trx, ctx.config, {
    kind: 'ticket.stateChange',
    to: [to.email],
    replyTo: replyAddress(ctx.config, ticket.number),
    ...text,
    messageId: createMessageId(ctx.config, ticket.number),
    headers: baseHeaders(ticket, 'auto-generated'),
    ticketId: ticket.id,
  });
}
