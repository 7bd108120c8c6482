import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../../db/schema';
import { canTransitionAsset } from '../state-machine';
import type { AssetStatus, AssetType } from '../tables';
import type { AssetImportValues, RowError } from './asset-row';

type Db = Kysely<DB> | Transaction<DB>;

/** The columns an import writes, in one record per asset (existing values merged with the row's). */
export interface AssetRecord {
  inventory_number: string;
  asset_type: AssetType;
  manufacturer: string | null;
  model: string | null;
  serial_number: string | null;
  hostname: string | null;
  operating_system: string | null;
  last_seen_at: Date | null;
  installed_software: string | null;
  status: AssetStatus;
  position_id: number | null;
  location: string | null;
  purchase_date: string | null;
  purchase_price_cents: number | null;
  warranty_end: string | null;
  budget_order_id: number | null;
}

export interface ValidatedRow {
  line: number;
  values: AssetImportValues;
  errors: RowError[];
}

export type PlannedAction = 'create' | 'update' | 'unchanged' | 'error';

export interface PlannedRow {
  line: number;
  action: PlannedAction;
  inventoryNumber: string | null;
  serialNumber: string | null;
  changes: string[];
  errors: RowError[];
  /** for create/update: what to write */
  record?: AssetRecord;
  assetId?: number;
  /** set when the row moves the asset to another position (or first assigns it) */
  assignment?: { positionId: number; ticketNumber: string | null };
}

interface Existing extends AssetRecord {
  id: number;
}

const fieldToColumn: [keyof AssetImportValues, keyof AssetRecord][] = [
  ['assetType', 'asset_type'],
  ['manufacturer', 'manufacturer'],
  ['model', 'model'],
  ['serialNumber', 'serial_number'],
  ['hostname', 'hostname'],
  ['operatingSystem', 'operating_system'],
  ['lastSeenAt', 'last_seen_at'],
  ['installedSoftware', 'installed_software'],
  ['status', 'status'],
  ['location', 'location'],
  ['purchaseDate', 'purchase_date'],
  ['purchasePriceCents', 'purchase_price_cents'],
  ['warrantyEnd', 'warranty_end'],
  ['budgetOrderId', 'budget_order_id'],
];

const same = (a: unknown, b: unknown) =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;

/** Keys seen in earlier batches of the same file: a later duplicate is an error row. */
export interface SeenKeys {
  inventory: Set<string>;
  serial: Set<string>;
}

export const newSeenKeys = (): SeenKeys => ({ inventory: new Set(), serial: new Set() });

/** Records a row's keys as planAssetImport does (a resumed run rebuilds the state of skipped batches). */
export function rememberKeys(seen: SeenKeys, v: AssetImportValues) {
  if (v.inventoryNumber) seen.inventory.add(v.inventoryNumber);
  if (v.serialNumber) seen.serial.add(v.serialNumber.toLowerCase());
}

/**
 * Decides per row: create, update, unchanged or error — reading the database in a fixed number of
 * bulk queries (no query per row), and writing nothing. A real run calls this per batch inside the
 * batch's transaction and then writes exactly this plan; `seen` carries duplicates across batches.
 */
export async function planAssetImport(
  db: Db,
  rows: ValidatedRow[],
  seen: SeenKeys = newSeenKeys(),
): Promise<PlannedRow[]> {
  const inventoryNumbers = [
    ...new Set(rows.flatMap((r) => (r.values.inventoryNumber ? [r.values.inventoryNumber] : []))),
  ];
  const serials = [
    ...new Set(rows.flatMap((r) => (r.values.serialNumber ? [r.values.serialNumber.toLowerCase()] : []))),
  ];
  const positionNumbers = [
    ...new Set(rows.flatMap((r) => (r.values.positionNumber ? [r.values.positionNumber] : []))),
  ];
  const ticketNumbers = [
    ...new Set(rows.flatMap((r) => (r.values.ticketNumber ? [r.values.ticketNumber] : []))),
  ];

  const [existing, positions, tickets] = await Promise.all([
    inventoryNumbers.length || serials.length
      ? sql<Existing>`
          SELECT id, inventory_number, asset_type, manufacturer, model, serial_number, hostname, operating_system,
            last_seen_at, installed_software, status, position_id, location, purchase_date::text AS purchase_date,
            purchase_price_cents, warranty_end::text AS warranty_end, budget_order_id
          FROM assets
          WHERE inventory_number = ANY(${inventoryNumbers}::text[])
             OR (serial_number IS NOT NULL AND lower(serial_number) = ANY(${serials}::text[]))`
          .execute(db)
          .then((r) => r.rows)
      : Promise.resolve([] as Existing[]),
    positionNumbers.length
      ? db
          .selectFrom('positions')
          .select(['id', 'position_number', sql<string | null>`closed_on::text`.as('closed_on')])
          .where(sql<boolean>`position_number = ANY(${positionNumbers}::text[])`)
          .execute()
      : Promise.resolve([]),
    ticketNumbers.length
      ? db
          .selectFrom('tickets')
          .select('number')
          .where(sql<boolean>`number = ANY(${ticketNumbers}::text[])`)
          .execute()
      : Promise.resolve([]),
  ]);

  const byInventory = new Map(existing.map((e) => [e.inventory_number, e]));
  const bySerial = new Map<string, Existing[]>();
  for (const e of existing)
    if (e.serial_number) {
      const key = e.serial_number.toLowerCase();
      bySerial.set(key, [...(bySerial.get(key) ?? []), e]);
    }
  const positionBy = new Map(positions.map((p) => [p.position_number, p]));
  const knownTickets = new Set(tickets.map((t) => t.number));
  const seenInventory = seen.inventory;
  const seenSerial = seen.serial;

  return rows.map((row): PlannedRow => {
    const v = row.values;
    const errors = [...row.errors];
    const base = {
      line: row.line,
      inventoryNumber: v.inventoryNumber ?? null,
      serialNumber: v.serialNumber ?? null,
      changes: [] as string[],
    };
    if (v.inventoryNumber) {
      if (seenInventory.has(v.inventoryNumber))
        errors.push({
          code: 'duplicateInFile',
          field: 'inventoryNumber',
          message: 'Inventarnummer kommt in der Datei mehrfach vor.',
        });
      seenInventory.add(v.inventoryNumber);
    }
    const serialKey = v.serialNumber?.toLowerCase();
    if (serialKey) {
      if (seenSerial.has(serialKey))
        errors.push({
          code: 'duplicateInFile',
          field: 'serialNumber',
          message: 'Seriennummer kommt in der Datei mehrfach vor.',
        });
      seenSerial.add(serialKey);
    }
    const byInv = v.inventoryNumber ? byInventory.get(v.inventoryNumber) : undefined;
    const bySer = serialKey ? (bySerial.get(serialKey) ?? []) : [];
    if (bySer.length > 1)
      errors.push({
        code: 'serialMatchesSeveral',
        field: 'serialNumber',
        message: `Seriennummer passt zu ${bySer.length} Geräten (${bySer.map((e) => e.inventory_number).join(', ')}).`,
      });
    else if (byInv && bySer[0] && bySer[0].id !== byInv.id)
      errors.push({
        code: 'serialBelongsToOther',
        field: 'serialNumber',
        message: `Seriennummer gehört zu Gerät ${bySer[0].inventory_number}, nicht zu ${byInv.inventory_number}.`,
      });
    const target = byInv ?? (bySer.length === 1 ? bySer[0] : undefined);
    if (!target && !v.inventoryNumber && bySer.length <= 1)
      errors.push({
        code: 'unknownSerial',
        field: 'serialNumber',
        message: 'Unbekannte Seriennummer und keine Inventarnummer: kein Gerät zum Anlegen.',
      });
    if (!target && v.inventoryNumber && !v.assetType)
      errors.push({
        code: 'missingValue',
        field: 'assetType',
        message: 'Für ein neues Gerät fehlt der Gerätetyp.',
      });

    let positionId: number | null | undefined;
    if (v.positionNumber) {
      const p = positionBy.get(v.positionNumber);
      if (!p)
        errors.push({
          code: 'unknownPosition',
          field: 'positionNumber',
          message: `Unbekannte Stellenplannummer „${v.positionNumber}“.`,
        });
      else if (p.closed_on !== null)
        errors.push({
          code: 'positionClosed',
          field: 'positionNumber',
          message: `Die Stelle ${v.positionNumber} ist geschlossen.`,
        });
      else positionId = p.id;
    }
    if (v.ticketNumber && !knownTickets.has(v.ticketNumber))
      errors.push({
        code: 'ticketNotFound',
        field: 'ticketNumber',
        message: `Ticket ${v.ticketNumber} gibt es nicht.`,
      });
    const moves = target && positionId !== undefined && positionId !== target.position_id;
    if (moves && target.position_id !== null && !v.ticketNumber)
      errors.push({
        code: 'assetMoveNeedsTicket',
        field: 'ticketNumber',
        message: 'Ausstattung wechselt die Stelle nur über ein IT-Ticket (Spalte „Ticket“).',
      });
    if (target && v.status && v.status !== target.status && !canTransitionAsset(target.status, v.status))
      errors.push({
        code: 'transitionNotAllowed',
        field: 'status',
        message: `Statuswechsel ${target.status} → ${v.status} ist nicht erlaubt.`,
      });
    if (errors.length) return { ...base, action: 'error', errors };

    if (!target) {
      const record: AssetRecord = {
        inventory_number: v.inventoryNumber as string,
        asset_type: v.assetType as AssetType,
        manufacturer: v.manufacturer ?? null,
        model: v.model ?? null,
        serial_number: v.serialNumber ?? null,
        hostname: v.hostname ?? null,
        operating_system: v.operatingSystem ?? null,
        last_seen_at: v.lastSeenAt ?? null,
        installed_software: v.installedSoftware ?? null,
        status: v.status ?? (positionId ? 'issued' : 'inStock'),
        position_id: positionId ?? null,
        location: v.location ?? null,
        purchase_date: v.purchaseDate ?? null,
        purchase_price_cents: v.purchasePriceCents ?? null,
        warranty_end: v.warrantyEnd ?? null,
        budget_order_id: v.budgetOrderId ?? null,
      };
      return {
        ...base,
        action: 'create',
        errors: [],
        record,
        assignment: positionId ? { positionId, ticketNumber: v.ticketNumber ?? null } : undefined,
      };
    }
    const record: AssetRecord = { ...target };
    delete (record as Partial<Existing>).id;
    const changes: string[] = [];
    for (const [field, column] of fieldToColumn) {
      const value = v[field];
      if (value === undefined || same(value, target[column])) continue;
      (record as unknown as Record<string, unknown>)[column] = value;
      changes.push(field);
    }
    if (moves) {
      record.position_id = positionId as number;
      if (!v.status && record.status === 'inStock') record.status = 'issued';
      changes.push('positionNumber');
    }
    if (!changes.length)
      return { ...base, inventoryNumber: target.inventory_number, action: 'unchanged', errors: [] };
    return {
      ...base,
      inventoryNumber: target.inventory_number,
      action: 'update',
      changes,
      errors: [],
      record,
      assetId: target.id,
      assignment: moves
        ? { positionId: positionId as number, ticketNumber: v.ticketNumber ?? null }
        : undefined,
    };
  });
}
