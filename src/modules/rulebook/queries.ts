import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { Actor } from '../auth/actor';
import { worksTicket } from '../tickets/policy';
import { findVisibleTicket } from '../tickets/repository';

/** The rulebook side of one ticket: pre-announcement, routing, classifications, agenda proposals, permissions. */
export async function loadTicketRulebook(db: Kysely<DB>, actor: Actor, number: string, now = new Date()) {
  const ticket = await findVisibleTicket(db, actor, number);
  const [pre, routing, classifications, proposals] = await Promise.all([
    db.selectFrom('pre_announcements').selectAll().where('ticket_id', '=', ticket.id).executeTakeFirst(),
    db
      .selectFrom('ticket_routings as r')
      .innerJoin('persons as p', 'p.id', 'r.decided_by_id')
      .select(['r.decision', 'r.reason', 'r.decided_at', 'r.agenda_proposal_id', 'p.name as decided_by_name'])
      .where('r.ticket_id', '=', ticket.id)
      .executeTakeFirst(),
    db
      .selectFrom('ticket_classifications as c')
      .leftJoin('persons as p', 'p.id', 'c.actor_id')
      .select([
        'c.kind',
        'c.rule_version',
        'c.rule_id',
        'c.outcome',
        'c.reason',
        'c.created_at',
        'p.name as actor_name',
      ])
      .where('c.ticket_id', '=', ticket.id)
      .orderBy('c.id')
      .execute(),
    db
      .selectFrom('agenda_proposals')
      .select(['id', 'committee_kind', 'org_unit_id', 'source', 'state', 'reason', 'created_at'])
      .where('ticket_id', '=', ticket.id)
      .orderBy('id')
      .execute(),
  ]);
  const coordinates =
    ticket.requester_org_unit_id !== null &&
    actor.coordinatedOrgUnitIds.includes(ticket.requester_org_unit_id);
  return {
    number: ticket.number,
    processType: ticket.process_type,
    preAnnouncement: pre
      ? {
          description: pre.description,
          urgency: pre.urgency,
          technicalSketch: pre.technical_sketch,
          answerDueAt: pre.answer_due_at,
          answerOverdue: !routing && pre.answer_due_at < now,
        }
      : null,
    routing: routing
      ? {
          decision: routing.decision,
          reason: routing.reason,
          decidedAt: routing.decided_at,
          decidedBy: routing.decided_by_name,
          agendaProposalId: routing.agenda_proposal_id,
        }
      : null,
    classifications: classifications.map((c) => ({
      kind: c.kind,
      ruleVersion: c.rule_version,
      ruleId: c.rule_id,
      outcome: c.outcome,
      reason: c.reason,
      createdAt: c.created_at,
      actor: c.actor_name,
    })),
    agendaProposals: proposals.map((p) => ({
      id: p.id,
      committeeKind: p.committee_kind,
      orgUnitId: p.org_unit_id,
      source: p.source,
      state: p.state,
      reason: p.reason,
      createdAt: p.created_at,
    })),
    can: {
      route: actor.isAgent && !routing && ticket.process_type === 'project',
      escalate: worksTicket(actor, ticket) || coordinates,
      reclassify: actor.isAgent,
    },
  };
}

/** The pre-announcement and routing of a ticket, for the ticket detail (null when it has none). */
export async function ticketRulebookFacts(db: Kysely<DB>, ticketId: number) {
  const [pre, routing] = await Promise.all([
    db.selectFrom('pre_announcements').selectAll().where('ticket_id', '=', ticketId).executeTakeFirst(),
    db.selectFrom('ticket_routings').selectAll().where('ticket_id', '=', ticketId).executeTakeFirst(),
  ]);
  return {
    preAnnouncement: pre
      ? {
          description: pre.description,
          urgency: pre.urgency,
          technicalSketch: pre.technical_sketch,
          answerDueAt: pre.answer_due_at,
        }
      : null,
    routing: routing
      ? { decision: routing.decision, reason: routing.reason, decidedAt: routing.decided_at }
      : null,
  };
}
