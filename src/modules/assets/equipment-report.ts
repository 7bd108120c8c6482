import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import type { PositionType } from '../positions/tables';
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

/**
 * Should/is for some positions with two queries, whatever their number. With `orgUnitId` the
 * positions are those of that subtree, selected by a join (index nested loop) instead of an id list.
 */
export async function shouldIsForPositions(db: Db, positions: PositionRef[], orgUnitId?: number) {
  if (!positions.length) return [];
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

/** Should/is of every open position in an org unit's subtree, and the sum. */
export async function shouldIsForOrgUnit(db: Db, orgUnitId: number) {
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
    .orderBy('positions.position_number')
    .execute();
  const perPosition = await shouldIsForPositions(db, positions, orgUnitId);
  const total: ShouldIsReport = sumReports(perPosition.map((p) => p.report));
  return { perPosition, total };
}
