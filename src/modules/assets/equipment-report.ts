import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import type { Actor } from '../auth/actor';
import type { PositionType } from '../positions/tables';
import { equipmentScope } from './policy';
import {
  compareShouldIs,
  type ProfileItem,
  resolveProfile,
  type ShouldIsReport,
  sumReports,
} from './should-is';
import type { AssetStatus, AssetType } from './tables';

type Db = Kysely<DB> | Transaction<DB>;

interface PositionRef {
  id: number;
  position_number: string;
  title: string;
  position_type: PositionType;
}

/** The report of a position whose equipment the caller may not see: nothing, rather than "all missing". */
export const hiddenShouldIs = (): ShouldIsReport => ({ lines: [], missing: 0, surplus: 0 });

/** The ids among `positionIds` whose equipment the caller sees (the assets policy; all of them for IT). */
export async function positionsWithVisibleEquipment(db: Db, actor: Actor, positionIds: number[]) {
  const scope = equipmentScope(actor, sql.ref('positions.id'));
  if (!scope || !positionIds.length) return new Set(positionIds);
  const rows = await db
    .selectFrom('positions')
    .select('positions.id')
    .where('positions.id', 'in', positionIds)
    .where(scope)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * Should/is for some positions with two queries, whatever their number. With `orgUnitId` the
 * positions are those of that subtree, selected by a join (index nested loop) instead of an id list.
 * Only assets the caller may see are counted (the assets policy): callers pass positions whose
 * equipment they see, and the count is scoped as well so that nothing else can slip in.
 */
export async function shouldIsForPositions(
  db: Db,
  actor: Actor,
  positions: PositionRef[],
  orgUnitId?: number,
) {
  if (!positions.length) return [];
  const scope = equipmentScope(actor, sql.ref('position_id'));
  const ids = positions.map((p) => p.id);
  const inScope =
    orgUnitId !== undefined
      ? sql<boolean>`position_id IN (SELECT pos.id FROM positions pos JOIN org_units sub ON sub.id = pos.org_unit_id
          WHERE sub.path LIKE (SELECT path FROM org_units WHERE id = ${orgUnitId}) || '%')`
      : sql<boolean>`position_id = ANY(${ids}::bigint[])`;
  const [profileRows, present] = await Promise.all([
    db
      .selectFrom('equipment_profile_items')
      .select(['position_type', 'position_id', 'asset_type', 'quantity'])
      .where((eb) => eb.or([eb('position_type', 'is not', null), inScope]))
      .execute(),
    db
      .selectFrom('assets')
      .select(['position_id', 'asset_type', 'status', sql<number>`count(*)::int`.as('n')])
      .where(inScope)
      .$if(scope !== null, (q) => q.where(scope as NonNullable<typeof scope>))
      .where('status', 'not in', ['retired', 'disposed'])
      .groupBy(['position_id', 'asset_type', 'status'])
      .execute(),
  ]);
  const byType = new Map<string, ProfileItem[]>();
  const byPosition = new Map<number, ProfileItem[]>();
  for (const r of profileRows) {
    const item = { assetType: r.asset_type, quantity: r.quantity };
    if (r.position_type) byType.set(r.position_type, [...(byType.get(r.position_type) ?? []), item]);
    else if (r.position_id !== null)
      byPosition.set(r.position_id, [...(byPosition.get(r.position_id) ?? []), item]);
  }
  const presentBy = new Map<number, { assetType: AssetType; status: AssetStatus }[]>();
  for (const r of present) {
    const list = presentBy.get(r.position_id as number) ?? [];
    for (let i = 0; i < r.n; i++) list.push({ assetType: r.asset_type, status: r.status });
    presentBy.set(r.position_id as number, list);
  }
  return positions.map((p) => {
    const should = resolveProfile(byType.get(p.position_type) ?? [], byPosition.get(p.id) ?? []);
    return { position: p, should, report: compareShouldIs(should, presentBy.get(p.id) ?? []) };
  });
}

/** Should/is of every open position in an org unit's subtree whose equipment the caller sees, and the sum. */
export async function shouldIsForOrgUnit(db: Db, actor: Actor, orgUnitId: number) {
  const scope = equipmentScope(actor, sql.ref('positions.id'));
  const positions = await db
    .selectFrom('positions')
    .select(['positions.id', 'positions.position_number', 'positions.title', 'positions.position_type'])
    .where('positions.closed_on', 'is', null)
    .where(
      'positions.org_unit_id',
      'in',
      sql<number>`(SELECT sub.id FROM org_units sub
        WHERE sub.path LIKE (SELECT path FROM org_units WHERE id = ${orgUnitId}) || '%')`,
    )
    .$if(scope !== null, (q) => q.where(scope as NonNullable<typeof scope>))
    .orderBy('positions.position_number')
    .execute();
  const perPosition = await shouldIsForPositions(db, actor, positions, orgUnitId);
  const total: ShouldIsReport = sumReports(perPosition.map((p) => p.report));
  return { perPosition, total };
}
