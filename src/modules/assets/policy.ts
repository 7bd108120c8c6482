import { type ExpressionBuilder, type ExpressionWrapper, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/schema';
import { localDate } from '../../shared/local-date';
import type { Actor } from '../auth/actor';

/** IT staff (agents, IT heads) and admins maintain assets and the staff plan's equipment. */
export const maintainsAssets = (actor: Actor) => actor.isAgent || actor.isAdmin;

/**
 * Which assets a caller sees — the one place this rule lives. IT and admins see all; everybody else
 * sees the equipment of positions in their own org-unit subtree, in the subtrees they coordinate,
 * and of the positions they hold. Unassigned stock is IT's business.
 */
export function visibleAssets(actor: Actor) {
  return (eb: ExpressionBuilder<DB, 'assets'>): ExpressionWrapper<DB, 'assets', SqlBool> => {
    if (maintainsAssets(actor)) return eb.lit(true) as unknown as ExpressionWrapper<DB, 'assets', SqlBool>;
    const units = [...actor.coordinatedOrgUnitIds];
    return eb.or([
      eb(
        'assets.position_id',
        'in',
        sql<number>`(SELECT pos.id FROM positions pos JOIN org_units sub ON sub.id = pos.org_unit_id
          JOIN org_units own ON own.id = ${actor.orgUnitId ?? -1}
          WHERE sub.path LIKE own.path || '%')`,
      ),
      eb(
        'assets.position_id',
        'in',
        sql<number>`(SELECT h.position_id FROM position_holders h WHERE h.person_id = ${actor.id}
          AND h.valid_from <= ${localDate()}::date AND (h.valid_to IS NULL OR h.valid_to >= ${localDate()}::date))`,
      ),
      ...(units.length
        ? [
            eb(
              'assets.position_id',
              'in',
              sql<number>`(SELECT pos.id FROM positions pos WHERE pos.org_unit_id IN (${sql.join(units)}))`,
            ),
          ]
        : []),
    ]);
  };
}
