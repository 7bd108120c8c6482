import type { StateType } from '../../db/schema';

// Transitions are defined on the fixed state types (Zammad's model); the configurable state
// names in ticket_states map onto them. Two states of the same type may follow each other
// (e.g. "zugewiesen" → "in Bearbeitung", both `open`), except `new` → `new`.
const allowed: Record<StateType, readonly StateType[]> = {
  new: ['open', 'pendingReminder', 'pendingAction', 'closed', 'merged'],
  open: ['open', 'pendingReminder', 'pendingAction', 'closed', 'merged'],
  pendingReminder: ['open', 'pendingReminder', 'pendingAction', 'closed', 'merged'],
  pendingAction: ['open', 'pendingReminder', 'pendingAction', 'closed', 'merged'],
  closed: ['open', 'closed'],
  merged: [],
};

export function canTransition(
  from: { key: string; type: StateType },
  to: { key: string; type: StateType },
): boolean {
  if (from.key === to.key) return false;
  return allowed[from.type].includes(to.type);
}

export const isOpenType = (type: StateType) => type !== 'closed' && type !== 'merged';
