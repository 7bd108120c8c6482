import type { ExpressionBuilder, ExpressionWrapper, SqlBool } from 'kysely';
import type { DB } from '../../db/schema';
import type { Actor } from '../auth/actor';

type TicketScope = Pick<DB['tickets'], 'requester_id' | 'requester_org_unit_id' | 'group_id'>;

// Who may see a ticket — the one place this rule lives. Requesters see their own tickets,
// coordinators those of requesters in their org-unit subtree, IT staff those of their groups,
// IT heads those of the groups in their division, admins everything.
export function visibleTickets(actor: Actor) {
  return (eb: ExpressionBuilder<DB, 'tickets'>): ExpressionWrapper<DB, 'tickets', SqlBool> => {
    if (actor.isAdmin) return eb.lit(true) as unknown as ExpressionWrapper<DB, 'tickets', SqlBool>;
    const ors = [eb('tickets.requester_id', '=', actor.id)];
    if (actor.coordinatedOrgUnitIds.length)
      ors.push(eb('tickets.requester_org_unit_id', 'in', actor.coordinatedOrgUnitIds));
    const groups = [...new Set([...actor.groupIds, ...actor.headedGroupIds])];
    if (groups.length) ors.push(eb('tickets.group_id', 'in', groups));
    // the digitalisation unit receives every project pre-announcement together with IT (seed §1.3 iii)
    if (actor.roles.some((r) => r.role === 'digitalisation'))
      ors.push(eb('tickets.process_type', '=', 'project'));
    return eb.or(ors);
  };
}

export function canSee(
  actor: Actor,
  ticket: {
    requester_id: number;
    requester_org_unit_id: number | null;
    group_id: number | null;
    process_type?: string;
  },
) {
  if (actor.isAdmin || ticket.requester_id === actor.id) return true;
  if (ticket.process_type === 'project' && actor.roles.some((r) => r.role === 'digitalisation')) return true;
  if (
    ticket.requester_org_unit_id !== null &&
    actor.coordinatedOrgUnitIds.includes(ticket.requester_org_unit_id)
  )
    return true;
  return (
    ticket.group_id !== null &&
    (actor.groupIds.includes(ticket.group_id) || actor.headedGroupIds.includes(ticket.group_id))
  );
}

/** Works the ticket as IT: member (or head) of the responsible group, or admin. */
export function worksTicket(actor: Actor, ticket: Pick<TicketScope, 'group_id'>) {
  if (actor.isAdmin) return true;
  return (
    ticket.group_id !== null &&
    (actor.groupIds.includes(ticket.group_id) || actor.headedGroupIds.includes(ticket.group_id))
  );
}

export interface TicketPermissions {
  reply: boolean;
  note: boolean;
  assign: boolean;
  changeState: boolean;
  attach: boolean;
}

export function ticketPermissions(
  actor: Actor,
  ticket: TicketScope & { state_type: string },
): TicketPermissions {
  const merged = ticket.state_type === 'merged';
  const works = worksTicket(actor, ticket);
  const visible = canSee(actor, ticket as TicketScope & { requester_org_unit_id: number | null });
  return {
    reply: visible && !merged,
    note: works && !merged,
    assign: works && !merged,
    changeState: works && !merged,
    attach: visible && !merged,
  };
}
