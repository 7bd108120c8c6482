import type { Actor } from '../auth/actor';

// Who may see and do what with committees — the one place these rules live.
// See: members, guests, chair, secretary, IT heads and admins. Manage (agenda, minutes, approve,
// move/cancel meetings): chair, secretary and admins. Tasks: their owner and collaborators as well.

export interface CommitteeScope {
  chair_id: number;
  secretary_id: number | null;
  memberIds: number[];
}

export const isItHead = (actor: Actor) => actor.roles.some((r) => r.role === 'itHead');

export function canSeeCommittee(actor: Actor, c: CommitteeScope): boolean {
  return actor.isAdmin || isItHead(actor) || canManageCommittee(actor, c) || c.memberIds.includes(actor.id);
}

export function canManageCommittee(actor: Actor, c: Pick<CommitteeScope, 'chair_id' | 'secretary_id'>) {
  return actor.isAdmin || c.chair_id === actor.id || c.secretary_id === actor.id;
}

export function canCompleteTask(
  actor: Actor,
  task: { owner_id: number; collaboratorIds: number[] },
  committee: CommitteeScope,
) {
  return (
    task.owner_id === actor.id ||
    task.collaboratorIds.includes(actor.id) ||
    canManageCommittee(actor, committee)
  );
}
