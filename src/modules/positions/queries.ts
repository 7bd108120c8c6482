import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError } from '../../http/errors';
import { localDate } from '../../shared/local-date';

type Db = Kysely<DB> | Transaction<DB>;

export interface PositionRow {
  id: number;
  position_number: string;
  title: string;
  position_type: 'standardWorkplace' | 'mobileWorkplace' | 'specialistWorkplace';
  fte_percent: number;
  closed_on: string | null;
  org_unit_id: number;
  org_unit_name: string;
  org_unit_code: string | null;
}

export function positionRows(db: Db) {
  return db
    .selectFrom('positions')
    .innerJoin('org_units as ou', 'ou.id', 'positions.org_unit_id')
    .select([
      'positions.id',
      'positions.position_number',
      'positions.title',
      'positions.position_type',
      'positions.fte_percent',
      sql<string | null>`positions.closed_on::text`.as('closed_on'),
      'positions.org_unit_id',
      'ou.name as org_unit_name',
      'ou.code as org_unit_code',
    ]);
}

export async function findPosition(db: Db, positionNumber: string): Promise<PositionRow> {
  const row = await positionRows(db)
    .where('positions.position_number', '=', positionNumber)
    .executeTakeFirst();
  if (!row) throw new AppError(404, 'positionNotFound', { positionNumber });
  return row;
}

/** The positions a person holds on a day (default today). */
export async function currentPositionsOf(db: Db, personId: number, on = localDate()) {
  return positionRows(db)
    .innerJoin('position_holders as h', 'h.position_id', 'positions.id')
    .select(['h.share_percent', sql<string>`h.valid_from::text`.as('valid_from')])
    .where('h.person_id', '=', personId)
    .where('h.valid_from', '<=', on)
    .where((eb) => eb.or([eb('h.valid_to', 'is', null), eb('h.valid_to', '>=', on)]))
    .orderBy('positions.position_number')
    .execute();
}

export interface HolderRow {
  id: number;
  person_id: number;
  person_name: string;
  person_login: string;
  valid_from: string;
  valid_to: string | null;
  share_percent: number;
}

/** All holders of a position over time, latest first. */
export async function holdersOf(db: Db, positionId: number): Promise<HolderRow[]> {
  return db
    .selectFrom('position_holders as h')
    .innerJoin('persons as p', 'p.id', 'h.person_id')
    .select([
      'h.id',
      'h.person_id',
      'p.name as person_name',
      'p.login as person_login',
      sql<string>`h.valid_from::text`.as('valid_from'),
      sql<string | null>`h.valid_to::text`.as('valid_to'),
      'h.share_percent',
    ])
    .where('h.position_id', '=', positionId)
    .orderBy('h.valid_from', 'desc')
    .orderBy('h.id', 'desc')
    .execute();
}

export const isCurrent = (h: { valid_from: string; valid_to: string | null }, on = localDate()) =>
  h.valid_from <= on && (h.valid_to === null || h.valid_to >= on);
