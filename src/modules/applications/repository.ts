import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError } from '../../http/errors';

type Db = Kysely<DB> | Transaction<DB>;

export function applicationRows(db: Db) {
  return db
    .selectFrom('applications as a')
    .innerJoin('responsibility_models as rm', 'rm.key', 'a.responsibility_model_key')
    .innerJoin('org_units as ou', 'ou.id', 'a.owner_org_unit_id')
    .leftJoin('positions as bpos', 'bpos.id', 'a.business_contact_position_id')
    .leftJoin('persons as bp', 'bp.id', 'a.business_contact_person_id')
    .leftJoin('groups as g', 'g.id', 'a.it_group_id')
    .leftJoin('positions as ipos', 'ipos.id', 'a.it_contact_position_id')
    .leftJoin('persons as ip', 'ip.id', 'a.it_contact_person_id')
    .select([
      'a.id',
      'a.name',
      'a.vendor',
      'a.purpose',
      'a.criticality',
      'a.active',
      'a.version',
      'a.licence_count',
      'a.licences_used',
      sql<string | null>`a.licence_renewal_on::text`.as('licence_renewal_on'),
      'a.updated_at',
      'rm.key as model_key',
      'rm.code as model_code',
      'rm.rank as model_rank',
      'rm.name_de as model_name_de',
      'rm.name_en as model_name_en',
      'rm.description_de as model_description_de',
      'rm.description_en as model_description_en',
      'rm.duties as model_duties',
      'ou.id as owner_id',
      'ou.name as owner_name',
      'bpos.position_number as business_position_number',
      'bpos.title as business_position_title',
      'bp.id as business_person_id',
      'bp.name as business_person_name',
      'g.id as it_group_id',
      'g.name as it_group_name',
      'ipos.position_number as it_position_number',
      'ipos.title as it_position_title',
      'ip.id as it_person_id',
      'ip.name as it_person_name',
    ]);
}

export type ApplicationRow = Awaited<
  ReturnType<ReturnType<typeof applicationRows>['executeTakeFirstOrThrow']>
>;

export async function findApplication(db: Db, id: number) {
  const row = await applicationRows(db).where('a.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError(404, 'applicationNotFound');
  return row;
}

export async function listApplications(
  db: Db,
  f: { responsibilityModel?: string; ownerOrgUnitId?: number; q?: string; includeInactive?: boolean },
) {
  let q = applicationRows(db);
  if (f.responsibilityModel) q = q.where('a.responsibility_model_key', '=', f.responsibilityModel);
  if (f.ownerOrgUnitId)
    q = q.where(
      'a.owner_org_unit_id',
      'in',
      sql<number>`(SELECT sub.id FROM org_units sub
        WHERE sub.path LIKE (SELECT path FROM org_units WHERE id = ${f.ownerOrgUnitId}) || '%')`,
    );
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([eb('a.name', 'ilike', like), eb('a.vendor', 'ilike', like), eb('a.purpose', 'ilike', like)]),
    );
  }
  if (!f.includeInactive) q = q.where('a.active', '=', true);
  return q.orderBy('rm.rank').orderBy('a.name').limit(1000).execute();
}

export async function responsibilityModels(db: Db) {
  return db.selectFrom('responsibility_models').selectAll().orderBy('rank').execute();
}
