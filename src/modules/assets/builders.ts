import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import type { AssetStatus, AssetType } from './tables';

type Db = Kysely<DB> | Transaction<DB>;
let counter = 0;

export const uniqueInventoryNumber = (prefix = 'INV-') =>
  `${prefix}${Date.now().toString(36)}${(++counter).toString(36)}${Math.random().toString(36).slice(2, 6)}`.toUpperCase();

/** An asset, optionally assigned to a position (with its first assignment row). */
export async function buildAsset(
  db: Db,
  overrides: {
    inventoryNumber?: string;
    type?: AssetType;
    status?: AssetStatus;
    positionId?: number | null;
    serialNumber?: string | null;
    manufacturer?: string | null;
    model?: string | null;
    hostname?: string | null;
    warrantyEnd?: string | null;
    purchasePriceCents?: number | null;
    source?: 'manual' | 'import' | 'demo';
  } = {},
) {
  const positionId = overrides.positionId ?? null;
  const row = await db
    .insertInto('assets')
    .values({
      inventory_number: overrides.inventoryNumber ?? uniqueInventoryNumber(),
      asset_type: overrides.type ?? 'laptop',
      status: overrides.status ?? (positionId !== null ? 'issued' : 'inStock'),
      position_id: positionId,
      serial_number: overrides.serialNumber ?? null,
      manufacturer: overrides.manufacturer ?? null,
      model: overrides.model ?? null,
      hostname: overrides.hostname ?? null,
      warranty_end: overrides.warrantyEnd ?? null,
      purchase_price_cents: overrides.purchasePriceCents ?? null,
    })
    .returning(['id', 'inventory_number'])
    .executeTakeFirstOrThrow();
  if (positionId !== null)
    await db
      .insertInto('asset_assignments')
      .values({ asset_id: row.id, position_id: positionId, source: overrides.source ?? 'manual' })
      .execute();
  return { id: row.id, inventoryNumber: row.inventory_number };
}
