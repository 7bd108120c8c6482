import type { AppContext } from '../../../context';
import { AppError } from '../../../http/errors';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { findVisibleTicket } from '../../tickets/repository';
import { departmentOf } from '../repository';
import type { RoutingDecision } from '../tables';

const decisionText: Record<RoutingDecision, string> = {
  digitalisation:
    'a) Digitalisierungsprojekt mit weiterem Klärungsbedarf – weitergeleitet an die Stabsstelle Digitalisierung, TOP für den JF Digitalisierung',
  directOrder: 'b) ohne weitere Klärung Direktbestellung durch die IT-Budgetverantwortlichen',
  itCommittee: 'c) wird im JF IT besprochen – TOP für den nächsten JF IT',
};

/**
 * IT's answer to a pre-announcement: one routing decision with a reason. (a) and (c) put the project
 * on the matching committee's list of agenda proposals; (b) turns it into an order. One transaction.
 */
export async function routeTicket(
  ctx: AppContext,
  actor: Actor,
  number: string,
  routing: { decision: RoutingDecision; reason?: string },
): Promise<{ agendaProposalId: number | null }> {
  const input = { decision: routing.decision, reason: routing.reason || decisionText[routing.decision] };
  const ticket = await findVisibleTicket(ctx.db, actor, number); // 404 when invisible
  if (!actor.isAgent) throw new AppError(403, 'itOnly');
  const existing = await ctx.db
    .selectFrom('ticket_routings')
    .select('decision')
    .where('ticket_id', '=', ticket.id)
    .executeTakeFirst();
  if (existing) throw new AppError(409, 'alreadyRouted');
  if (ticket.process_type !== 'project') throw new AppError(409, 'notAProject');
  const department = await departmentOf(ctx.db, ticket.requester_org_unit_id);
  const now = new Date();

  return ctx.db.transaction().execute(async (trx) => {
    const proposal =
      input.decision === 'directOrder'
        ? null
        : await trx
            .insertInto('agenda_proposals')
            .values({
              committee_kind: input.decision,
              org_unit_id: department,
              source: 'routing',
              ticket_id: ticket.id,
              title: ticket.title,
              reason: input.reason,
              proposed_by_id: actor.id,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
    // the primary key on ticket_id makes a second, concurrent decision fail (409) instead of doubling
    await trx
      .insertInto('ticket_routings')
      .values({
        ticket_id: ticket.id,
        decision: input.decision,
        reason: input.reason,
        agenda_proposal_id: proposal?.id ?? null,
        decided_by_id: actor.id,
        decided_at: now,
      })
      .execute();
    const history: { field: string; old_value: string | null; new_value: string }[] = [
      { field: 'routing', old_value: null, new_value: input.decision },
    ];
    if (input.decision === 'directOrder') {
      history.push({ field: 'processType', old_value: 'project', new_value: 'order' });
      await trx
        .insertInto('ticket_classifications')
        .values({
          ticket_id: ticket.id,
          kind: 'reclassification',
          outcome: 'order',
          reason: input.reason,
          actor_id: actor.id,
        })
        .execute();
    }
    await trx
      .updateTable('tickets')
      .set((eb) => ({
        process_type: input.decision === 'directOrder' ? 'order' : 'project',
        first_responded_at: eb.fn.coalesce('first_responded_at', eb.val(now)),
        updated_at: now,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', ticket.id)
      .execute();
    await trx
      .insertInto('ticket_history')
      .values(history.map((h) => ({ ...h, ticket_id: ticket.id, actor_id: actor.id, created_at: now })))
      .execute();
    // IT's answer to the requester (and, through visibility, the digitalisation unit): number + decision
    await trx
      .insertInto('articles')
      .values({
        ticket_id: ticket.id,
        kind: 'reply',
        internal: false,
        sender: 'agent',
        author_id: actor.id,
        body: `Rückmeldung der IT zu Vorgang ${ticket.number}: ${decisionText[input.decision]}.\nBegründung: ${input.reason}`,
        created_at: now,
      })
      .execute();
    await recordAudit(trx, actor, 'rulebook.route', 'ticket', ticket.number, null, {
      decision: input.decision,
      reason: input.reason,
      agendaProposalId: proposal?.id ?? null,
    });
    return { agendaProposalId: proposal?.id ?? null };
  });
}
