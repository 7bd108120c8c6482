import { type ExpressionBuilder, type ExpressionWrapper, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/schema';
import { localDate } from '../../shared/local-date';
import type { Actor } from '../auth/actor';

/** IT staff (agents, IT heads) and admins maintain assets and the staff plan's equipment. */
export const maintainsAssets = (actor: Actor) => actor.isAgent || actor.isAdmin;

/**
 * Which positions' equipment a caller sees — the one place this rule lives. IT and admins see all;
 * everybody else sees the equipment of positions in their own org-unit subtree, in the subtrees
 * they coordinate, and of the positions they hold. Unassigned stock is IT's business.
 *
 * `positionId` is the column (or expression) holding a position id; the same predicate serves the
 * asset list (`assets.position_id`), the staff plan (`positions.id`) and the should/is counts.
 * Returns null for callers who see everything.
 */
export function equipmentScope(actor: Actor, positionId: RawBuilder<unknown>): RawBuilder<SqlBool> | null {
  if (maintainsAssets(actor)) return null;
  const units = [...actor.coordinatedOrgUnitIds];
  const today = localDate();
  return sql<SqlBool>`(${positionId} IN (SELECT pos.id FROM positions pos JOIN org_units sub ON sub.id = pos.org_unit_id
          JOIN org_units own ON own.id = ${actor.orgUnitId ?? -1}
          WHERE sub.path LIKE own.path || '%')
    OR ${positionId} IN (SELECT h.position_id FROM position_holders h WHERE h.person_id = ${actor.id}
          AND h.valid_from <= ${today}::date AND (h.valid_to IS NULL OR h.valid_to >= ${today}::date))
    ${units.length ? sql`OR ${positionId} IN (SELECT pos.id FROM positions pos WHERE pos.org_unit_id IN (${sql.join(units)}))` : sql``})`;
}

/** Which assets a caller sees: those on positions within `equipmentScope` (every asset read uses this). */
export function visibleAssets(actor: Actor) {
  return (eb: ExpressionBuilder<DB, 'assets'>): ExpressionWrapper<DB, 'assets', SqlBool> => {
    const scope = equipmentScope(actor, sql.ref('assets.position_id'));
    return (scope ?? eb.lit(true)) as unknown as ExpressionWrapper<DB, 'assets', SqlBool>;
  };
}
