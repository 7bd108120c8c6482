import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError } from '../../http/errors';
import { recordAudit } from '../audit/audit-log';
import { requireAdmin } from '../auth/authenticate';
import { clearIntakeCache } from './inbound-store';
import { listMailLog, reprocessInboundMail } from './mail-log';
import { retryMail } from './outbox';

const outboundMailSchema = z.object({
  id: z.number(),
  createdAt: z.date(),
  kind: z.string(),
  messageId: z.string(),
  to: z.array(z.string()),
  subject: z.string(),
  ticketNumber: z.string().nullable(),
  state: z.enum(['pending', 'sending', 'sent', 'failed']),
  attempts: z.number(),
  nextAttemptAt: z.date(),
  lastError: z.string().nullable(),
  sentAt: z.date().nullable(),
});

const outboxQuery = z.object({
  state: z.enum(['pending', 'sending', 'sent', 'failed']).optional(),
  ticket: z.string().max(20).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().positive().optional(),
});

const inboundStates = ['received', 'processing', 'processed', 'failed', 'ignored'] as const;

const inboundMailSchema = z.object({
  id: z.number(),
  receivedAt: z.date(),
  channel: z.enum(['smtp', 'imap']),
  from: z.string().nullable(),
  to: z.array(z.string()),
  subject: z.string().nullable(),
  messageId: z.string().nullable(),
  sizeBytes: z.number(),
  state: z.enum(inboundStates),
  outcome: z.string().nullable(),
  attempts: z.number(),
  error: z.string().nullable(),
  notes: z.string(),
  ticketNumber: z.string().nullable(),
  processedAt: z.date().nullable(),
  /** null until processed (and for noise); false: "nicht verifiziert" (decision 0009) */
  senderVerified: z.boolean().nullable(),
  senderVerification: z
    .enum(['smtpAuth', 'relayDmarc', 'relayDkim', 'relaySpf', 'unverified', 'domainMismatch'])
    .nullable(),
});

const mailLogQuery = z.object({
  q: z.string().trim().min(1).max(200).optional(),
  state: z.enum(inboundStates).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().positive().optional(),
});

const intakeSchema = z.object({
  id: z.number(),
  address: z.string(),
  topic: z.string().nullable(),
  unknownSenders: z.enum(['createContact', 'refuse']),
  reopenDays: z.number(),
  active: z.boolean(),
});

const intakeBody = z.object({
  address: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[^@\s+]+@[^@\s]+$/),
  topic: z.string().min(1).max(100).nullable().default(null),
  unknownSenders: z.enum(['createContact', 'refuse']).default('createContact'),
  reopenDays: z.number().int().min(0).max(3650).default(14),
  active: z.boolean().default(true),
});

/** Admin view of the mail outbox: what went out, what waits, what failed and why — and retry. */
export function mailRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['mail'];

  r.get(
    '/api/v1/admin/outbox',
    {
      schema: {
        tags,
        querystring: outboxQuery,
        response: {
          200: z.object({ items: z.array(outboundMailSchema), nextBefore: z.number().nullable() }),
        },
      },
    },
    async (request) => {
      requireAdmin(request);
      const q = request.query;
      let query = ctx.db
        .selectFrom('outbound_mail')
        .leftJoin('tickets', 'tickets.id', 'outbound_mail.ticket_id')
        .select([
          'outbound_mail.id',
          'outbound_mail.created_at',
          'outbound_mail.kind',
          'outbound_mail.message_id',
          'outbound_mail.to_addresses',
          'outbound_mail.subject',
          'tickets.number',
          'outbound_mail.state',
          'outbound_mail.attempts',
          'outbound_mail.next_attempt_at',
          'outbound_mail.last_error',
          'outbound_mail.sent_at',
        ])
        .orderBy('outbound_mail.id', 'desc')
        .limit(q.limit + 1);
      if (q.state) query = query.where('outbound_mail.state', '=', q.state);
      if (q.ticket) query = query.where('tickets.number', '=', q.ticket);
      if (q.before) query = query.where('outbound_mail.id', '<', q.before);
      const rows = await query.execute();
      const page = rows.slice(0, q.limit);
      return {
        items: page.map((m) => ({
          id: m.id,
          createdAt: m.created_at,
          kind: m.kind,
          messageId: m.message_id,
          to: m.to_addresses,
          subject: m.subject,
          ticketNumber: m.number,
          state: m.state,
          attempts: m.attempts,
          nextAttemptAt: m.next_attempt_at,
          lastError: m.last_error,
          sentAt: m.sent_at,
        })),
        nextBefore: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null,
      };
    },
  );

  r.post(
    '/api/v1/admin/outbox/:id/retry',
    { schema: { tags, params: z.object({ id: z.coerce.number().int().positive() }) } },
    async (request, reply) => {
      const actor = requireAdmin(request);
      const { id } = request.params;
      await ctx.db.transaction().execute(async (trx) => {
        if (!(await retryMail(trx, id))) throw new AppError(409, 'outboundMailNotRetryable', { id });
        await recordAudit(trx, actor, 'mail.retry', 'outbound_mail', id, null, { state: 'pending' });
      });
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/v1/admin/mail-log',
    {
      schema: {
        tags,
        summary:
          'Inbound mail: received, processed, ticket link, errors (search by subject, sender, Message-ID, ticket number)',
        querystring: mailLogQuery,
        response: {
          200: z.object({
            items: z.array(inboundMailSchema),
            nextBefore: z.number().nullable(),
            counts: z.record(z.enum(inboundStates), z.number()),
          }),
        },
      },
    },
    async (request) => {
      requireAdmin(request);
      const { rows, more, counts } = await listMailLog(ctx.db, request.query);
      return {
        items: rows.map((m) => ({
          id: m.id,
          receivedAt: m.received_at,
          channel: m.channel,
          from: m.from_address,
          to: m.envelope_to,
          subject: m.subject,
          messageId: m.message_id,
          sizeBytes: m.size_bytes,
          state: m.state,
          outcome: m.outcome,
          attempts: m.attempts,
          error: m.error,
          notes: m.notes,
          ticketNumber: m.ticket_number,
          processedAt: m.processed_at,
          senderVerified: m.sender_verified,
          senderVerification: m.sender_verification,
        })),
        nextBefore: more ? (rows.at(-1)?.id ?? null) : null,
        counts,
      };
    },
  );

  r.get(
    '/api/v1/admin/mail-log/:id/raw',
    {
      schema: {
        tags,
        summary: 'The raw message as received',
        params: z.object({ id: z.coerce.number().int().positive() }),
      },
    },
    async (request, reply) => {
      requireAdmin(request);
      const row = await ctx.db
        .selectFrom('inbound_mail')
        .select('raw')
        .where('id', '=', request.params.id)
        .executeTakeFirst();
      if (!row) throw new AppError(404, 'notFound');
      return reply
        .header('content-type', 'message/rfc822')
        .header('content-disposition', `attachment; filename="mail-${request.params.id}.eml"`)
        .send(row.raw);
    },
  );

  r.post(
    '/api/v1/admin/mail-log/:id/reprocess',
    {
      schema: {
        tags,
        summary: 'Process a failed or ignored message again',
        params: z.object({ id: z.coerce.number().int().positive() }),
      },
    },
    async (request, reply) => {
      const actor = requireAdmin(request);
      const { id } = request.params;
      await ctx.db.transaction().execute(async (trx) => {
        if (!(await reprocessInboundMail(trx, id)))
          throw new AppError(409, 'inboundMailNotReprocessable', { id });
        await recordAudit(trx, actor, 'mail.reprocess', 'inbound_mail', id, null, { state: 'received' });
      });
      return reply.status(204).send();
    },
  );

  const presentIntake = async (id: number) => {
    const row = await ctx.db
      .selectFrom('mail_intake_addresses as m')
      .leftJoin('topics as t', 't.id', 'm.topic_id')
      .select(['m.id', 'm.address', 't.key as topic', 'm.unknown_senders', 'm.reopen_days', 'm.active'])
      .where('m.id', '=', id)
      .executeTakeFirst();
    if (!row) throw new AppError(404, 'intakeAddressNotFound');
    return {
      id: row.id,
      address: row.address,
      topic: row.topic,
      unknownSenders: row.unknown_senders,
      reopenDays: row.reopen_days,
      active: row.active,
    };
  };

  r.get(
    '/api/v1/admin/mail-intakes',
    {
      schema: {
        tags,
        summary: 'Intake addresses and their default topic',
        response: { 200: z.object({ items: z.array(intakeSchema) }) },
      },
    },
    async (request) => {
      requireAdmin(request);
      const ids = await ctx.db.selectFrom('mail_intake_addresses').select('id').orderBy('address').execute();
      return { items: await Promise.all(ids.map((i) => presentIntake(i.id))) };
    },
  );

  const topicId = async (key: string | null) => {
    if (key === null) return null;
    const topic = await ctx.db.selectFrom('topics').select('id').where('key', '=', key).executeTakeFirst();
    if (!topic)
      throw new AppError(422, 'unknownTopic', { topic: key }, [
        { field: 'body.topic', message: 'unknown topic' },
      ]);
    return topic.id;
  };

  r.post(
    '/api/v1/admin/mail-intakes',
    { schema: { tags, summary: 'Add an intake address', body: intakeBody, response: { 201: intakeSchema } } },
    async (request, reply) => {
      const actor = requireAdmin(request);
      const b = request.body;
      const topic = await topicId(b.topic);
      const id = await ctx.db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('mail_intake_addresses')
          .values({
            address: b.address,
            topic_id: topic,
            unknown_senders: b.unknownSenders,
            reopen_days: b.reopenDays,
            active: b.active,
          })
          .onConflict((oc) => oc.doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!row) throw new AppError(409, 'intakeAddressExists', { address: b.address });
        await recordAudit(trx, actor, 'mail.intake.create', 'mail_intake_address', row.id, null, b);
        return row.id;
      });
      clearIntakeCache(ctx.db);
      return reply.status(201).send(await presentIntake(id));
    },
  );

  r.put(
    '/api/v1/admin/mail-intakes/:id',
    {
      schema: {
        tags,
        summary: 'Change an intake address',
        params: z.object({ id: z.coerce.number().int().positive() }),
        body: intakeBody,
        response: { 200: intakeSchema },
      },
    },
    async (request) => {
      const actor = requireAdmin(request);
      const b = request.body;
      const topic = await topicId(b.topic);
      await ctx.db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('mail_intake_addresses')
          .selectAll()
          .where('id', '=', request.params.id)
          .forUpdate()
          .executeTakeFirst();
        if (!before) throw new AppError(404, 'intakeAddressNotFound');
        const clash = await trx
          .selectFrom('mail_intake_addresses')
          .select('id')
          .where('address', '=', b.address)
          .where('id', '<>', before.id)
          .executeTakeFirst();
        if (clash) throw new AppError(409, 'intakeAddressExists', { address: b.address });
        await trx
          .updateTable('mail_intake_addresses')
          .set({
            address: b.address,
            topic_id: topic,
            unknown_senders: b.unknownSenders,
            reopen_days: b.reopenDays,
            active: b.active,
          })
          .where('id', '=', before.id)
          .execute();
        await recordAudit(trx, actor, 'mail.intake.update', 'mail_intake_address', before.id, before, b);
      });
      clearIntakeCache(ctx.db);
      return presentIntake(request.params.id);
    },
  );
}
