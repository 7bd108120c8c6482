import type { ColumnType, Generated } from 'kysely';
import type { Id, Timestamp } from '../../db/schema';
import type { PositionType } from '../positions/tables';

export const assetTypes = [
  'laptop',
  'desktop',
  'thinClient',
  'monitor',
  'dockingStation',
  'smartphone',
  'mobilePhone',
  'tablet',
  'deskPhone',
  'headset',
  'printer',
  'scanner',
  'licence',
  'other',
] as const;
export type AssetType = (typeof assetTypes)[number];

export const assetStatuses = ['ordered', 'inStock', 'issued', 'inRepair', 'retired', 'disposed'] as const;
export type AssetStatus = (typeof assetStatuses)[number];

export interface AssetsTable {
  id: Id;
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
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface AssetAssignmentsTable {
  id: Id;
  asset_id: number;
  position_id: number | null;
  assigned_at: Timestamp;
  ended_at: Date | null;
  ticket_number: string | null;
  assigned_by_id: number | null;
  source: Generated<'manual' | 'import' | 'demo'>;
  note: Generated<string>;
}

export interface EquipmentProfileItemsTable {
  id: Id;
  position_type: PositionType | null;
  position_id: number | null;
  asset_type: AssetType;
  quantity: number;
}

export type ImportKind = 'assets' | 'positions';
export type ImportState = 'receiving' | 'queued' | 'running' | 'done' | 'failed';
export type ImportPhase = 'reading' | 'planning' | 'applying' | 'finished';

/** An uploaded import and its progress (assets and staff-plan imports, migration 0016). */
export interface ImportRunsTable {
  id: Id;
  kind: ImportKind;
  dry_run: boolean;
  options: ColumnType<Record<string, unknown>, string | undefined, string>;
  state: Generated<ImportState>;
  phase: Generated<ImportPhase>;
  created_by_id: number;
  file_bytes: number;
  file_sha256: string;
  rows_total: number | null;
  rows_done: Generated<number>;
  report: ColumnType<Record<string, unknown>, string | undefined, string>;
  summary: ColumnType<Record<string, number>, string | undefined, string>;
  rows_listed: Generated<number>;
  errors_listed: Generated<number>;
  rows_omitted: Generated<number>;
  plan: ColumnType<unknown, string | null | undefined, string | null>;
  apply_cursor: Generated<number>;
  error_code: string | null;
  error_params: ColumnType<Record<string, string | number> | null, string | null | undefined, string | null>;
  attempts: Generated<number>;
  claim_token: string | null;
  lease_until: Date | null;
  created_at: Generated<Date>;
  started_at: Date | null;
  finished_at: Date | null;
  updated_at: Generated<Date>;
}

export interface ImportRunPartsTable {
  run_id: number;
  seq: number;
  data: Buffer;
}

export interface ImportRunRowsTable {
  run_id: number;
  line: number;
  data: ColumnType<Record<string, unknown>, string, string>;
}

export interface AssetTables {
  assets: AssetsTable;
  asset_assignments: AssetAssignmentsTable;
  equipment_profile_items: EquipmentProfileItemsTable;
  import_runs: ImportRunsTable;
  import_run_parts: ImportRunPartsTable;
  import_run_rows: ImportRunRowsTable;
}
