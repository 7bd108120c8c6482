import type { Transaction } from 'kysely';
import type { AppContext } from '../../../context';
import type { DB } from '../../../db/schema';
import { AppError } from '../../../http/errors';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { listAdminClerks, listAdminOffices, listAdminServices } from '../admin-queries';
import type {
  ClerkInput,
  ClerkUpdate,
  OfficeInput,
  OfficeUpdate,
  ServiceInput,
  ServiceUpdate,
} from '../admin-schemas';
import { clearAppointmentCache } from '../availability';

// Admin configuration (offices, concerns, clerks). Every save runs through `save`: one transaction
// (lock → before → write → after → audit row), then the module's reference-data cache is cleared
// so slots reflect the change at once.

type Trx = Transaction<DB>;
type Table = 'appointment_offices' | 'appointment_services' | 'appointment_clerks';

interface Kind<View> {
  table: Table;
  /** audit action `appointments.<name>.create|update`, entity type `appointment_<name>` */
  name: 'office' | 'service' | 'clerk';
  notFound: string;
  view: (trx: Trx, id: number) => Promise<View>;
}

const office: Kind<Awaited<ReturnType<typeof listAdminOffices>>[number]> = {
  table: 'appointment_offices',
  name: 'office',
  notFound: 'appointmentOfficeNotFound',
  view: async (trx, id) => (await listAdminOffices(trx, [id]))[0],
};
const service: Kind<Awaited<ReturnType<typeof listAdminServices>>[number]> = {
  table: 'appointment_services',
  name: 'service',
  notFound: 'appointmentServiceNotFound',
  view: async (trx, id) => (await listAdminServices(trx, { ids: [id] }))[0],
};
const clerk: Kind<Awaited<ReturnType<typeof listAdminClerks>>[number]> = {
  table: 'appointment_clerks',
  name: 'clerk',
  notFound: 'appointmentClerkNotFound',
  view: async (trx, id) => (await listAdminClerks(trx, { ids: [id] }))[0],
};

/**
 * Creates (id null) or updates one row of `kind`: the row is locked (404 when missing), `write`
 * checks and writes and returns the id, and the audit row carries the API view before and after.
 */
async function save<View>(
  ctx: AppContext,
  actor: Actor,
  kind: Kind<View>,
  id: number | null,
  write: (trx: Trx, locked: { id: number; office_id: number } | null) => Promise<number>,
): Promise<View> {
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      let locked: { id: number; office_id: number } | null = null;
      if (id !== null) {
        const row = await trx
          .selectFrom(kind.table)
          .selectAll()
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!row) throw new AppError(404, kind.notFound);
        locked = { id, office_id: 'office_id' in row ? row.office_id : id };
      }
      const before = id === null ? null : await kind.view(trx, id);
      const savedId = await write(trx, locked);
      const after = await kind.view(trx, savedId);
      const action = `appointments.${kind.name}.${id === null ? 'create' : 'update'}`;
      await recordAudit(trx, actor, action, `appointment_${kind.name}`, savedId, before, after);
      return after;
    });
  } finally {
    clearAppointmentCache(ctx.db);
  }
}

/** API field → column (or a function giving the columns), for the fields that are given. */
type ColumnMap<T> = {
  [K in keyof T]?: string | ((value: NonNullable<T[K]> | null) => Record<string, unknown>);
};
function columns<T extends object>(input: T, map: ColumnMap<T>): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (const key of Object.keys(map) as Array<keyof T>) {
    const value = input[key];
    const target = map[key];
    if (value === undefined || !target) continue;
    if (typeof target === 'string') set[target] = value;
    else Object.assign(set, target(value as NonNullable<T[keyof T]> | null));
  }
  return set;
}

async function insertRow(trx: Trx, table: Table, values: Record<string, unknown>): Promise<number> {
  const row = await trx
    .insertInto(table)
    .values(values as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function updateRow(trx: Trx, table: Table, id: number, set: Record<string, unknown>) {
  if (Object.keys(set).length)
    await trx
      .updateTable(table)
      .set(set as never)
      .where('id', '=', id)
      .execute();
}

async function requireOffice(trx: Trx, officeId: number) {
  const found = await trx
    .selectFrom('appointment_offices')
    .select('id')
    .where('id', '=', officeId)
    .executeTakeFirst();
  if (!found)
    throw new AppError(422, 'appointmentOfficeNotFound', {}, [{ field: 'officeId', message: 'unknown' }]);
}

// --- offices ---

const officeMap: ColumnMap<OfficeUpdate> = {
  name: 'name',
  orgUnitId: 'org_unit_id',
  address: 'address',
  directions: 'directions',
  mapUrl: 'map_url',
  openingHours: (hours) => ({ opening_hours: JSON.stringify(hours) }),
  videoUrlTemplate: 'video_url_template',
  phoneNote: 'phone_note',
  slotIntervalMinutes: 'slot_interval_minutes',
  active: 'active',
};

async function checkOrgUnit(trx: Trx, orgUnitId: number | null | undefined) {
  if (orgUnitId == null) return;
  const unit = await trx.selectFrom('org_units').select('id').where('id', '=', orgUnitId).executeTakeFirst();
  if (!unit)
    throw new AppError(422, 'appointmentOrgUnitUnknown', {}, [{ field: 'orgUnitId', message: 'unknown' }]);
}

async function replaceClosures(trx: Trx, officeId: number, days: OfficeInput['closingDays']) {
  if (days === undefined) return;
  await trx.deleteFrom('appointment_office_closures').where('office_id', '=', officeId).execute();
  if (days.length)
    await trx
      .insertInto('appointment_office_closures')
      .values(days.map((d) => ({ office_id: officeId, day: d.day, reason: d.reason ?? '' })))
      .execute();
}

async function writeOffice(trx: Trx, id: number | null, input: OfficeUpdate): Promise<number> {
  await checkOrgUnit(trx, input.orgUnitId);
  const set = columns(input, officeMap);
  const officeId = id ?? (await insertRow(trx, 'appointment_offices', set));
  if (id !== null) await updateRow(trx, 'appointment_offices', id, set);
  await replaceClosures(trx, officeId, input.closingDays);
  return officeId;
}

export const createOffice = (ctx: AppContext, actor: Actor, input: OfficeInput) =>
  save(ctx, actor, office, null, (trx) => writeOffice(trx, null, input));

export const updateOffice = (ctx: AppContext, actor: Actor, id: number, input: OfficeUpdate) =>
  save(ctx, actor, office, id, (trx) => writeOffice(trx, id, input));

// --- concerns ---

const serviceMap: ColumnMap<ServiceUpdate> = {
  nameDe: 'name_de',
  nameEn: 'name_en',
  durationMinutes: 'duration_minutes',
  documentsDe: 'documents_de',
  documentsEn: 'documents_en',
  modes: 'modes',
  leadTimeMinutes: 'lead_time_minutes',
  horizonDays: 'horizon_days',
  bufferMinutes: 'buffer_minutes',
  position: 'position',
  active: 'active',
};

async function replaceServiceClerks(trx: Trx, serviceId: number, officeId: number, clerkIds?: number[]) {
  if (clerkIds === undefined) return;
  const ids = [...new Set(clerkIds)];
  if (ids.length) {
    const found = await trx
      .selectFrom('appointment_clerks')
      .select('id')
      .where('id', 'in', ids)
      .where('office_id', '=', officeId)
      .execute();
    if (found.length !== ids.length)
      throw new AppError(422, 'appointmentClerkOfOtherOffice', {}, [
        { field: 'clerkIds', message: 'notInOffice' },
      ]);
  }
  await trx.deleteFrom('appointment_service_clerks').where('service_id', '=', serviceId).execute();
  if (ids.length)
    await trx
      .insertInto('appointment_service_clerks')
      .values(ids.map((clerkId) => ({ service_id: serviceId, clerk_id: clerkId })))
      .execute();
}

export const createService = (ctx: AppContext, actor: Actor, input: ServiceInput) =>
  save(ctx, actor, service, null, async (trx) => {
    await requireOffice(trx, input.officeId);
    const id = await insertRow(trx, 'appointment_services', {
      ...columns(input, serviceMap),
      office_id: input.officeId,
    });
    await replaceServiceClerks(trx, id, input.officeId, input.clerkIds ?? []);
    return id;
  });

export const updateService = (ctx: AppContext, actor: Actor, id: number, input: ServiceUpdate) =>
  save(ctx, actor, service, id, async (trx, locked) => {
    await updateRow(trx, 'appointment_services', id, columns(input, serviceMap));
    await replaceServiceClerks(trx, id, locked?.office_id ?? 0, input.clerkIds);
    return id;
  });

// --- clerks ---

const clerkMap: ColumnMap<ClerkUpdate> = {
  letters: (range) => ({ letter_from: range?.[0] ?? null, letter_to: range?.[1] ?? null }),
  schedule: (hours) => ({ schedule: JSON.stringify(hours) }),
  deputyClerkId: 'deputy_clerk_id',
  active: 'active',
};

async function checkDeputy(
  trx: Trx,
  officeId: number,
  clerkId: number | null,
  deputyId: number | null | undefined,
) {
  if (deputyId == null) return;
  const deputy = await trx
    .selectFrom('appointment_clerks')
    .select('id')
    .where('id', '=', deputyId)
    .where('office_id', '=', officeId)
    .executeTakeFirst();
  if (!deputy || deputyId === clerkId)
    throw new AppError(422, 'appointmentDeputyInvalid', {}, [{ field: 'deputyClerkId', message: 'invalid' }]);
}

export const createClerk = (ctx: AppContext, actor: Actor, input: ClerkInput) =>
  save(ctx, actor, clerk, null, async (trx) => {
    await requireOffice(trx, input.officeId);
    const person = await trx
      .selectFrom('persons')
      .select('id')
      .where('id', '=', input.personId)
      .executeTakeFirst();
    if (!person)
      throw new AppError(422, 'appointmentPersonUnknown', {}, [{ field: 'personId', message: 'unknown' }]);
    const existing = await trx
      .selectFrom('appointment_clerks')
      .select('id')
      .where('office_id', '=', input.officeId)
      .where('person_id', '=', input.personId)
      .executeTakeFirst();
    if (existing) throw new AppError(409, 'appointmentClerkExists', { id: existing.id });
    await checkDeputy(trx, input.officeId, null, input.deputyClerkId);
    return insertRow(trx, 'appointment_clerks', {
      ...columns(input, clerkMap),
      office_id: input.officeId,
      person_id: input.personId,
    });
  });

export const updateClerk = (ctx: AppContext, actor: Actor, id: number, input: ClerkUpdate) =>
  save(ctx, actor, clerk, id, async (trx, locked) => {
    await checkDeputy(trx, locked?.office_id ?? 0, id, input.deputyClerkId);
    await updateRow(trx, 'appointment_clerks', id, columns(input, clerkMap));
    return id;
  });
