import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import type { PositionType } from './tables';

type Db = Kysely<DB> | Transaction<DB>;
let counter = 0;

/** A unique staff-plan number for tests, e.g. 'T1a2b3.007'. */
export const uniquePositionNumber = (prefix = 'T') =>
  `${prefix}${Date.now().toString(36)}${(++counter).toString(36)}${Math.random().toString(36).slice(2, 5)}`;

export async function buildPosition(
  db: Db,
  overrides: {
    orgUnitId: number;
    positionNumber?: string;
    title?: string;
    positionType?: PositionType;
    ftePercent?: number;
    holders?: { personId: number; validFrom?: string; validTo?: string | null; sharePercent?: number }[];
  },
) {
  const row = await db
    .insertInto('positions')
    .values({
      position_number: overrides.positionNumber ?? uniquePositionNumber(),
      org_unit_id: overrides.orgUnitId,
      title: overrides.title ?? 'Sachbearbeitung',
      position_type: overrides.positionType ?? 'standardWorkplace',
      fte_percent: overrides.ftePercent ?? 100,
    })
    .returning(['id', 'position_number'])
    .executeTakeFirstOrThrow();
  if (overrides.holders?.length)
    await db
      .insertInto('position_holders')
      .values(
        overrides.holders.map((h) => ({
          position_id: row.id,
          person_id: h.personId,
          valid_from: h.validFrom ?? '2020-01-01',
          valid_to: h.validTo ?? null,
          share_percent: h.sharePercent ?? 100,
        })),
      )
      .execute();
  return { id: row.id, positionNumber: row.position_number };
}
