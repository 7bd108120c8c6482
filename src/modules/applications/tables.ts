import type { Generated } from 'kysely';
import type { Id, Timestamp } from '../../db/schema';

export const duties = [
  'operation',
  'updates',
  'userAdmin',
  'firstLevelSupport',
  'vendorContact',
  'licences',
] as const;
export type Duty = (typeof duties)[number];
export type DutyHolder = 'department' | 'it' | 'shared';

export interface ResponsibilityModelsTable {
  key: string;
  rank: number;
  code: string;
  name_de: string;
  name_en: string;
  description_de: string;
  description_en: string;
  duties: Record<Duty, DutyHolder>;
}

export const criticalities = ['low', 'normal', 'high', 'critical'] as const;
export type Criticality = (typeof criticalities)[number];

export interface ApplicationsTable {
  id: Id;
  name: string;
  vendor: Generated<string>;
  purpose: Generated<string>;
  responsibility_model_key: string;
  owner_org_unit_id: number;
  business_contact_position_id: number | null;
  business_contact_person_id: number | null;
  it_group_id: number | null;
  it_contact_position_id: number | null;
  it_contact_person_id: number | null;
  licence_count: number | null;
  licences_used: number | null;
  licence_renewal_on: string | null;
  criticality: Generated<Criticality>;
  active: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ApplicationTables {
  responsibility_models: ResponsibilityModelsTable;
  applications: ApplicationsTable;
}
