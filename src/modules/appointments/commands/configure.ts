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

// Admin configuration (offices, concerns, clerks). Each save is one transaction with an audit row;
// afterwards the module's reference-data cache is cleared so slots reflect the change at once.

type Trx = Transaction<DB>;

function officeColumns(input: OfficeUpdate) {
  const set: Record<string, unknown> = {};
  if (input.name !== undefined) set.name = input.name;
  if (input.orgUnitId !== undefined) set.org_unit_id = input.orgUnitId;
  if (input.address !== undefined) set.address = input.address;
  if (input.directions !== undefined) set.directions = input.directions;
  if (input.mapUrl !== undefined) set.map_url = input.mapUrl;
  if (input.openingHours !== undefined) set.opening_hours = JSON.stringify(input.openingHours);
  if (input.videoUrlTemplate !== undefined) set.video_url_template = input.videoUrlTemplate;
  if (input.phoneNote !== undefined) set.phone_note = input.phoneNote;
  if (input.slotIntervalMinutes !== undefined) set.slot_interval_minutes = input.slotIntervalMinutes;
  if (input.active !== undefined) set.active = input.active;
  return set;
}

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

async function finish<T>(ctx: AppContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    clearAppointmentCache(ctx.db);
  }
}

export function createOffice(ctx: AppContext, actor: Actor, input: OfficeInput) {
  return finish(ctx, () =>
    ctx.db.transaction().execute(async (trx) => {
      await checkOrgUnit(trx, input.orgUnitId);
      const row = await trx
        .insertInto('appointment_offices')
        .values({ ...officeColumns(input), name: input.name } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      await replaceClosures(trx, row.id, input.closingDays);
      const [after] = await listAdminOffices(trx, [row.id]);
      await recordAudit(trx, actor, 'appointments.office.create', 'appointment_office', row.id, null, after);
      return after;
    }),
  );
}

export function updateOffice(ctx: AppContext, actor: Actor, id: number, input: OfficeUpdate) {
  return finish(ctx, () =>
    ctx.db.transaction().execute(async (trx) => {
      const locked = await trx
        .selectFrom('appointment_offices')
        .select('id')
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!locked) throw new AppError(404, 'appointmentOfficeNotFound');
      await checkOrgUnit(trx, input.orgUnitId);
      const [before] = await listAdminOffices(trx, [id]);
      const set = officeColumns(input);
      if (Object.keys(set).length)
        await trx
          .updateTable('appointment_offices')
          .set(set as never)
          .where('id', '=', id)
          .execute();
      await replaceClosures(trx, id, input.closingDays);
      const [after] = await listAdminOffices(trx, [id]);
      await recordAudit(trx, actor, 'appointments.office.update', 'appointment_office', id, before, after);
      return after;
    }),
  );
}

function serviceColumns(input: ServiceUpdate) {
  const set: Record<string, unknown> = {};
  if (input.nameDe !== undefined) set.name_de = input.nameDe;
  if (input.nameEn !== undefined) set.name_en = input.nameEn;
  if (input.durationMinutes !== undefined) set.duration_minutes = input.durationMinutes;
  if (input.documentsDe !== undefined) set.documents_de = input.documentsDe;
  if (input.documentsEn !== undefined) set.documents_en = input.documentsEn;
  if (input.modes !== undefined) set.modes = input.modes;
  if (input.leadTimeMinutes !== undefined) set.lead_time_minutes = input.leadTimeMinutes;
  if (input.horizonDays !== undefined) set.horizon_days = input.horizonDays;
  if (input.bufferMinutes !== undefined) set.buffer_minutes = input.bufferMinutes;
  if (input.position !== undefined) set.position = input.position;
  if (input.active !== undefined) set.active = input.active;
  return set;
}

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

export function createService(ctx: AppContext, actor: Actor, input: ServiceInput) {
  return finish(ctx, () =>
    ctx.db.transaction().execute(async (trx) => {
      const office = await trx
        .selectFrom('appointment_offices')
        .select('id')
        .where('id', '=', input.officeId)
        .executeTakeFirst();
      if (!office)
        throw new AppError(422, 'appointmentOfficeNotFound', {}, [{ field: 'officeId', message: 'unknown' }]);
      const row = await trx
        .insertInto('appointment_services')
        .values({ ...serviceColumns(input), office_id: input.officeId } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      await replaceServiceClerks(trx, row.id, input.officeId, input.clerkIds ?? []);
      const [after] = await listAdminServices(trx, { ids: [row.id] });
      await recordAudit(
        trx,
        actor,
        'appointments.service.create',
        'appointment_service',
        row.id,
        null,
        after,
      );
      return after;
    }),
  );
}

export function updateService(ctx: AppContext, actor: Actor, id: number, input: ServiceUpdate) {
  return finish(ctx, () =>
    ctx.db.transaction().execute(async (trx) => {
      const locked = await trx
        .selectFrom('appointment_services')
        .select(['id', 'office_id'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!locked) throw new AppError(404, 'appointmentServiceNotFound');
      const [before] = await listAdminServices(trx, { ids: [id] });
      const set = serviceColumns(input);
      if (Object.keys(set).length)
        await trx
          .updateTable('appointment_services')
          .set(set as never)
          .where('id', '=', id)
          .execute();
      await replaceServiceClerks(trx, id, locked.office_id, input.clerkIds);
      const [after] = await listAdminServices(trx, { ids: [id] });
      await recordAudit(trx, actor, 'appointments.service.update', 'appointment_service', id, before, after);
      return after;
    }),
  );
}

function clerkColumns(input: ClerkUpdate) {
  const set: Record<string, unknown> = {};
  if (input.letters !== undefined) {
    set.letter_from = input.letters?.[0] ?? null;
    set.letter_to = input.letters?.[1] ?? null;
  }
  if (input.schedule !== undefined) set.schedule = JSON.stringify(input.schedule);
  if (input.deputyClerkId !== undefined) set.deputy_clerk_id = input.deputyClerkId;
  if (input.active !== undefined) set.active = input.active;
  return set;
}

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

export function createClerk(ctx: AppContext, actor: Actor, input: ClerkInput) {
  return finish(ctx, () =>
    ctx.db.transaction().execute(async (trx) => {
      const office = await trx
        .selectFrom('appointment_offices')
        .select('id')
        .where('id', '=', input.officeId)
        .executeTakeFirst();
      if (!office)
        throw new AppError(422, 'appointmentOfficeNotFound', {}, [{ field: 'officeId', message: 'unknown' }]);
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
      const row = await trx
        .insertInto('appointment_clerks')
        .values({ ...clerkColumns(input), office_id: input.officeId, person_id: input.personId } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      const [after] = await listAdminClerks(trx, { ids: [row.id] });
      await recordAudit(trx, actor, 'appointments.clerk.create', 'appointment_clerk', row.id, null, after);
      return after;
    }),
  );
}

export function updateClerk(ctx: AppContext, actor: Actor, id: number, input: ClerkUpdate) {
  return finish(ctx, () =>
    ctx.db.transaction().execute(async (trx) => {
      const locked = await trx
        .selectFrom('appointment_clerks')
        .select(['id', 'office_id'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!locked) throw new AppError(404, 'appointmentClerkNotFound');
      await checkDeputy(trx, locked.office_id, id, input.deputyClerkId);
      const [before] = await listAdminClerks(trx, { ids: [id] });
      const set = clerkColumns(input);
      if (Object.keys(set).length)
        await trx
          .updateTable('appointment_clerks')
          .set(set as never)
          .where('id', '=', id)
          .execute();
      const [after] = await listAdminClerks(trx, { ids: [id] });
      await recordAudit(trx, actor, 'appointments.clerk.update', 'appointment_clerk', id, before, after);
      return after;
    }),
  );
}
