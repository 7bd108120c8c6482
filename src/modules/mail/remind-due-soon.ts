import { sql } from 'kysely';
import type { AppContext } from '../../context';
import { createMessageId, enqueueMail } from './outbox';
import { dueSoonMail, type MailLocale } from './templates';

/**
 * Mails the assignee of every open ticket that falls due within `withinMinutes`, once per ticket and
 * due time: the reminder row and the outbox row commit together, a second run (or instance) finds
 * the row and sends nothing.
 */
export async function remindDueSoon(ctx: AppContext, now = new Date(), withinMinutes = 120): Promise<number> {
  const until = new Date(now.getTime() + withinMinutes * 60_000);
  return ctx.db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ ticket_id: number; due_at: Date; assignee_id: number }>`
      INSERT INTO ticket_due_reminders (ticket_id, due_at, assignee_id)
      SELECT id, resolution_due_at, assignee_id FROM tickets
      WHERE state_type IN ('new', 'open') AND assignee_id IS NOT NULL
        AND resolution_due_at > ${now} AND resolution_due_at <= ${until}
      ORDER BY resolution_due_at LIMIT 500
      ON CONFLICT DO NOTHING
      RETURNING ticket_id, due_at, assignee_id`.execute(trx);
    let sent = 0;
    for (const r of rows) {
      const facts = await trx
        .selectFrom('tickets')
        .innerJoin('persons', 'persons.id', 'tickets.assignee_id')
        .select(['tickets.number', 'tickets.title', 'persons.email', 'persons.locale'])
        .where('tickets.id', '=', r.ticket_id)
        .executeTakeFirst();
      if (!facts?.email) continue;
      const locale = facts.locale as MailLocale;
      await enqueueMail(trx, ctx.config, {
        kind: 'ticket.dueSoon',
        to: [facts.email],
        ...dueSoonMail(locale, {
          number: facts.number,
          title: facts.title,
          link: `${ctx.config.publicUrl.replace(/\/$/, '')}/workspace/tickets/${facts.number}`,
          dueAt: r.due_at,
        }),
        messageId: createMessageId(ctx.config, facts.number),
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Amtsdesk-Ticket': facts.number },
        ticketId: r.ticket_id,
      });
      sent++;
    }
    return sent;
  });
}
