import type { Generated } from 'kysely';
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

export interface AssetTables {
  assets: AssetsTable;
  asset_assignments: AssetAssignmentsTable;
  equipment_profile_items: EquipmentProfileItemsTable;
}
