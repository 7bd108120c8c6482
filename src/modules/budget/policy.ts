import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema';
import type { Actor } from '../auth/actor';

// Who sees and orders against budget lines — the one place this rule lives.
// Budget owners (role `budgetOwner`, scoped to an org unit) see and order against the lines of that
// org unit's subtree; IT heads and admins see every line but do not order (IT fulfils orders).

export const seesAllBudgetLines = (actor: Actor) =>
  actor.isAdmin || actor.roles.some((r) => r.role === 'itHead');

export const isItStaff = (actor: Actor) => actor.isAgent;

/** Org units whose lines the caller owns (subtrees of the budgetOwner role scopes). */
export async function ownedOrgUnitIds(db: Kysely<DB>, actor: Actor): Promise<number[]> {
  const scopes = actor.roles.filter((r) => r.role === 'budgetOwner' && r.orgUnitId !== null);
  if (!scopes.length) return [];
  const { rows } = await sql<{ id: number }>`
    SELECT DISTINCT sub.id FROM org_units scope
    JOIN org_units sub ON sub.path LIKE scope.path || '%'
    WHERE scope.id IN (${sql.join(scopes.map((s) => s.orgUnitId))})`.execute(db);
  return rows.map((r) => r.id);
}

export interface BudgetScope {
  all: boolean;
  owned: number[];
}

export async function budgetScope(db: Kysely<DB>, actor: Actor): Promise<BudgetScope> {
  return { all: seesAllBudgetLines(actor), owned: await ownedOrgUnitIds(db, actor) };
}

export const canSeeLine = (scope: BudgetScope, line: { org_unit_id: number }) =>
  scope.all || scope.owned.includes(line.org_unit_id);

export const ownsLine = (scope: BudgetScope, line: { org_unit_id: number }) =>
  scope.owned.includes(line.org_unit_id);
