import { sql, type Transaction } from 'kysely';
import type { AppContext } from '../../../context';
import type { DB } from '../../../db/schema';
import { AppError, forbidden } from '../../../http/errors';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { maintainsRegister } from '../policy';
import type { Criticality } from '../tables';

export interface ApplicationInput {
  name?: string;
  vendor?: string;
  purpose?: string;
  responsibilityModel?: string;
  ownerOrgUnitId?: number;
  businessContactPositionNumber?: string | null;
  businessContactPersonId?: number | null;
  itGroupId?: number | null;
  itContactPositionNumber?: string | null;
  itContactPersonId?: number | null;
  licenceCount?: number | null;
  licencesUsed?: number | null;
  licenceRenewalOn?: string | null;
  criticality?: Criticality;
  active?: boolean;
}

/** Input → columns, resolving staff-plan numbers and checking every reference (422 naming the field). */
async function toColumns(trx: Transaction<DB>, input: ApplicationInput) {
  const set: Record<string, unknown> = {};
  const bad = (field: string, code: string, params: Record<string, string | number> = {}) =>
    new AppError(422, code, params, [{ field: `body.${field}`, message: 'unknown' }]);
  const exists = async (table: 'org_units' | 'groups' | 'persons', id: number) =>
    Boolean(await trx.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst());
  const position = async (number: string | null, field: string) => {
    if (number === null) return null;
    const row = await trx
      .selectFrom('positions')
      .select('id')
      .where('position_number', '=', number)
      .executeTakeFirst();
    if (!row) throw bad(field, 'unknownPosition', { positionNumber: number });
    return row.id;
  };
  if (input.name !== undefined) set.name = input.name;
  if (input.vendor !== undefined) set.vendor = input.vendor;
  if (input.purpose !== undefined) set.purpose = input.purpose;
  if (input.criticality !== undefined) set.criticality = input.criticality;
  if (input.active !== undefined) set.active = input.active;
  if (input.licenceCount !== undefined) set.licence_count = input.licenceCount;
  if (input.licencesUsed !== undefined) set.licences_used = input.licencesUsed;
  if (input.licenceRenewalOn !== undefined) set.licence_renewal_on = input.licenceRenewalOn;
  if (input.responsibilityModel !== undefined) {
    const m = await trx
      .selectFrom('responsibility_models')
      .select('key')
      .where('key', '=', input.responsibilityModel)
      .executeTakeFirst();
    if (!m)
      throw bad('responsibilityModel', 'unknownResponsibilityModel', { key: input.responsibilityModel });
    set.responsibility_model_key = m.key;
  }
  if (input.ownerOrgUnitId !== undefined) {
    if (!(await exists('org_units', input.ownerOrgUnitId)))
      throw bad('ownerOrgUnitId', 'validationFailed', { fields: 'body.ownerOrgUnitId' });
    set.owner_org_unit_id = input.ownerOrgUnitId;
  }
  if (input.itGroupId !== undefined) {
    if (input.itGroupId !== null && !(await exists('groups', input.itGroupId)))
      throw bad('itGroupId', 'validationFailed', { fields: 'body.itGroupId' });
    set.it_group_id = input.itGroupId;
  }
  for (const [key, column] of [
    ['businessContactPersonId', 'business_contact_person_id'],
    ['itContactPersonId', 'it_contact_person_id'],
  ] as const) {
    const id = input[key];
    if (id === undefined) continue;
    if (id !== null && !(await exists('persons', id))) throw bad(key, 'unknownPerson', { personId: id });
    set[column] = id;
  }
  if (input.businessContactPositionNumber !== undefined)
    set.business_contact_position_id = await position(
      input.businessContactPositionNumber,
      'businessContactPositionNumber',
    );
  if (input.itContactPositionNumber !== undefined)
    set.it_contact_position_id = await position(input.itContactPositionNumber, 'itContactPositionNumber');
  return set;
}

async function guardName(trx: Transaction<DB>, name: string | undefined, id: number | null) {
  if (name === undefined) return;
  let q = trx
    .selectFrom('applications')
    .select('id')
    .where(sql<string>`lower(name)`, '=', name.toLowerCase());
  if (id !== null) q = q.where('id', '!=', id);
  if (await q.executeTakeFirst())
    throw new AppError(409, 'applicationNameTaken', { name }, [
      { field: 'body.name', message: 'already in the register' },
    ]);
}

export async function createApplication(
  ctx: AppContext,
  actor: Actor,
  input: ApplicationInput & { name: string },
) {
  if (!maintainsRegister(actor)) throw forbidden();
  return ctx.db.transaction().execute(async (trx) => {
    await guardName(trx, input.name, null);
    const values = await toColumns(trx, input);
    const row = await trx
      .insertInto('applications')
      .values(values as never)
      .returning(['id'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, 'application.create', 'application', row.id, null, input);
    return row.id;
  });
}

/** IT or the digitalisation unit changes an entry; optimistic concurrency; the change is audited. */
export async function updateApplication(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: ApplicationInput & { version: number },
) {
  if (!maintainsRegister(actor)) throw forbidden();
  await ctx.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('applications')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new AppError(404, 'applicationNotFound');
    if (before.version !== input.version)
      throw new AppError(409, 'versionConflict', { current: before.version });
    const { version: _version, ...fields } = input;
    await guardName(trx, fields.name, id);
    const set = await toColumns(trx, fields);
    if (!Object.keys(set).length) return;
    await trx
      .updateTable('applications')
      .set({ ...set, updated_at: new Date(), version: sql`version + 1` })
      .where('id', '=', id)
      .execute();
    const changedBefore = Object.fromEntries(
      Object.keys(set).map((k) => [k, (before as Record<string, unknown>)[k]]),
    );
    await recordAudit(trx, actor, 'application.update', 'application', id, changedBefore, set);
  });
}
