import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError } from '../../http/errors';
import { recordAudit } from '../audit/audit-log';
import { requireAdmin } from '../auth/authenticate';
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
}
