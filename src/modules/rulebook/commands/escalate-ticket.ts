import type { AppContext } from '../../../context';
import { AppError } from '../../../http/errors';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { worksTicket } from '../../tickets/policy';
import { findVisibleTicket } from '../../tickets/repository';
import { departmentOf } from '../repository';

/**
 * Escalation of a ticket (unclear or taking too long) into the department's IT committee (seed §1.2 a):
 * by the responsible IT staff or the department's coordinator, with a reason → an agenda proposal.
 */
export async function escalateTicket(
  ctx: AppContext,
  actor: Actor,
  number: string,
  reason: string,
): Promise<{ agendaProposalId: number }> {
  const ticket = await findVisibleTicket(ctx.db, actor, number);
  const coordinates =
    ticket.requester_org_unit_id !== null &&
    actor.coordinatedOrgUnitIds.includes(ticket.requester_org_unit_id);
  if (!worksTicket(actor, ticket) && !coordinates) throw new AppError(403, 'escalationNotAllowed');
  const open = await ctx.db
    .selectFrom('agenda_proposals')
    .select('id')
    .where('ticket_id', '=', ticket.id)
    .where('source', '=', 'escalation')
    .where('state', 'in', ['open', 'scheduled'])
    .executeTakeFirst();
  if (open) throw new AppError(409, 'alreadyEscalated');
  const department = await departmentOf(ctx.db, ticket.requester_org_unit_id);
  const now = new Date();
  return ctx.db.transaction().execute(async (trx) => {
    const proposal = await trx
      .insertInto('agenda_proposals')
      .values({
        committee_kind: 'itCommittee',
        org_unit_id: department,
        source: 'escalation',
        ticket_id: ticket.id,
        title: `Eskalation ${ticket.number}: ${ticket.title}`.slice(0, 300),
        reason,
        proposed_by_id: actor.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('ticket_history')
      .values({
        ticket_id: ticket.id,
        actor_id: actor.id,
        field: 'escalated',
        old_value: null,
        new_value: reason.slice(0, 500),
        created_at: now,
      })
      .execute();
    await recordAudit(trx, actor, 'rulebook.escalate', 'ticket', ticket.number, null, {
      reason,
      agendaProposalId: proposal.id,
    });
    return { agendaProposalId: proposal.id };
  });
}
