import type { Id, Timestamp } from '../../db/schema';

export const positionTypes = ['standardWorkplace', 'mobileWorkplace', 'specialistWorkplace'] as const;
export type PositionType = (typeof positionTypes)[number];

export interface PositionsTable {
  id: Id;
  position_number: string;
  org_unit_id: number;
  title: string;
  position_type: PositionType;
  fte_percent: number;
  /** 'YYYY-MM-DD' when the position was closed in the staff plan */
  closed_on: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PositionHoldersTable {
  id: Id;
  position_id: number;
  person_id: number;
  valid_from: string;
  valid_to: string | null;
  share_percent: number;
  created_at: Timestamp;
}

export interface PositionTables {
  positions: PositionsTable;
  position_holders: PositionHoldersTable;
}
