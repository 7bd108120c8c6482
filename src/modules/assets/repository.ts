import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError } from '../../http/errors';
import type { Actor } from '../auth/actor';
import { visibleAssets } from './policy';
import type { AssetStatus, AssetType } from './tables';

type Db = Kysely<DB> | Transaction<DB>;

/** Assets with their position and org unit; every read goes through here. */
export function assetRows(db: Db) {
  return db
    .selectFrom('assets')
    .leftJoin('positions as pos', 'pos.id', 'assets.position_id')
    .leftJoin('org_units as ou', 'ou.id', 'pos.org_unit_id')
    .select([
      'assets.id',
      'assets.inventory_number',
      'assets.asset_type',
      'assets.manufacturer',
      'assets.model',
      'assets.serial_number',
      'assets.hostname',
      'assets.operating_system',
      'assets.last_seen_at',
      'assets.status',
      'assets.position_id',
      'assets.location',
      sql<string | null>`assets.purchase_date::text`.as('purchase_date'),
      'assets.purchase_price_cents',
      sql<string | null>`assets.warranty_end::text`.as('warranty_end'),
      'assets.budget_order_id',
      'assets.version',
      'assets.updated_at',
      'pos.position_number',
      'pos.title as position_title',
      'pos.org_unit_id',
      'ou.name as org_unit_name',
    ]);
}

export type AssetRow = Awaited<ReturnType<ReturnType<typeof assetRows>['executeTakeFirstOrThrow']>>;

export async function findVisibleAsset(db: Db, actor: Actor, inventoryNumber: string): Promise<AssetRow> {
  const row = await assetRows(db)
    .where('assets.inventory_number', '=', inventoryNumber)
    .where(visibleAssets(actor))
    .executeTakeFirst();
  if (!row) throw new AppError(404, 'assetNotFound', { inventoryNumber });
  return row;
}

export interface AssetFilters {
  positionNumber?: string;
  orgUnitId?: number;
  orgUnit?: string;
  type?: AssetType[];
  status?: AssetStatus[];
  q?: string;
  warrantyEndsBefore?: string;
  unassigned?: boolean;
  limit: number;
  cursor?: string;
}

const decodeCursor = (cursor: string) => {
  const value = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!value || value.length > 60) throw new AppError(400, 'invalidCursor');
  return value;
};
const encodeCursor = (inventoryNumber: string) => Buffer.from(inventoryNumber).toString('base64url');

/** The asset list: filters, the caller's scope, keyset pagination on the inventory number. */
export async function listAssets(db: Db, actor: Actor, f: AssetFilters) {
  const rows = await assetListQuery(db, actor, f).execute();
  const hasMore = rows.length > f.limit;
  const items = hasMore ? rows.slice(0, f.limit) : rows;
  const last = items.at(-1);
  return { items, nextCursor: hasMore && last ? encodeCursor(last.inventory_number) : null };
}

/** The list's query (exported for the benchmark's EXPLAIN). */
export function assetListQuery(db: Db, actor: Actor, f: AssetFilters) {
  let query = assetRows(db).where(visibleAssets(actor));
  if (f.positionNumber) query = query.where('pos.position_number', '=', f.positionNumber);
  if (f.orgUnitId !== undefined || f.orgUnit !== undefined) {
    const unit =
      f.orgUnitId !== undefined
        ? sql`(SELECT path FROM org_units WHERE id = ${f.orgUnitId})`
        : sql`(SELECT path FROM org_units WHERE code = ${f.orgUnit} LIMIT 1)`;
    query = query.where(
      'pos.org_unit_id',
      'in',
      sql<number>`(SELECT sub.id FROM org_units sub WHERE sub.path LIKE ${unit} || '%')`,
    );
  }
  if (f.type?.length) query = query.where('assets.asset_type', 'in', f.type);
  if (f.status?.length) query = query.where('assets.status', 'in', f.status);
  if (f.unassigned) query = query.where('assets.position_id', 'is', null);
  if (f.warrantyEndsBefore) query = query.where('assets.warranty_end', '<', f.warrantyEndsBefore);
  if (f.q) {
    const like = `${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('assets.inventory_number', 'ilike', like),
        eb(sql`lower(assets.serial_number)`, 'like', like.toLowerCase()),
        eb('assets.hostname', 'ilike', like),
        eb('assets.model', 'ilike', `%${like}`),
      ]),
    );
  }
  if (f.cursor) query = query.where('assets.inventory_number', '>', decodeCursor(f.cursor));
  return query.orderBy('assets.inventory_number').limit(f.limit + 1);
}

/**
 * Equipment of some positions (a position page, a change preview, "my equipment") that the caller
 * may see — the same policy as the asset list; retired and disposed left out.
 */
export async function assetsOfPositions(db: Db, actor: Actor, positionIds: number[]) {
  if (!positionIds.length) return [];
  return assetRows(db)
    .where('assets.position_id', 'in', positionIds)
    .where(visibleAssets(actor))
    .where('assets.status', 'not in', ['retired', 'disposed'])
    .orderBy('pos.position_number')
    .orderBy('assets.inventory_number')
    .execute();
}

export interface AssignmentRow {
  id: number;
  position_number: string | null;
  position_title: string | null;
  assigned_at: Date;
  ended_at: Date | null;
  ticket_number: string | null;
  assigned_by_name: string | null;
  source: string;
  note: string;
}

export async function assignmentsOf(db: Db, assetId: number): Promise<AssignmentRow[]> {
  return db
    .selectFrom('asset_assignments as aa')
    .leftJoin('positions as pos', 'pos.id', 'aa.position_id')
    .leftJoin('persons as p', 'p.id', 'aa.assigned_by_id')
    .select([
      'aa.id',
      'pos.position_number',
      'pos.title as position_title',
      'aa.assigned_at',
      'aa.ended_at',
      'aa.ticket_number',
      'p.name as assigned_by_name',
      'aa.source',
      'aa.note',
    ])
    .where('aa.asset_id', '=', assetId)
    .orderBy('aa.id', 'desc')
    .execute();
}
