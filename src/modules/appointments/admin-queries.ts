import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { SETTING_RANGES, type SettingName, settingNames } from './admin-schemas';
import type { WeeklyHours } from './tables';

type Db = Kysely<DB> | Transaction<DB>;

// Read side of the admin configuration: offices, concerns and clerks as the admin API shows them.

export async function listAdminOffices(db: Db, ids?: number[]) {
  if (ids && ids.length === 0) return [];
  let q = db.selectFrom('appointment_offices').selectAll().orderBy('name').orderBy('id');
  if (ids) q = q.where('id', 'in', ids);
  const offices = await q.execute();
  if (offices.length === 0) return [];
  const closures = await db
    .selectFrom('appointment_office_closures')
    .select(['office_id', sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'reason'])
    .where(
      'office_id',
      'in',
      offices.map((o) => o.id),
    )
    .orderBy('day')
    .execute();
  return offices.map((o) => ({
    id: o.id,
    orgUnitId: o.org_unit_id,
    name: o.name,
    address: o.address,
    directions: o.directions,
    mapUrl: o.map_url,
    openingHours: o.opening_hours as WeeklyHours,
    closingDays: closures.filter((c) => c.office_id === o.id).map((c) => ({ day: c.day, reason: c.reason })),
    videoUrlTemplate: o.video_url_template,
    phoneNote: o.phone_note,
    slotIntervalMinutes: o.slot_interval_minutes,
    active: o.active,
  }));
}

export async function listAdminServices(db: Db, filter: { officeId?: number; ids?: number[] }) {
  if (filter.ids && filter.ids.length === 0) return [];
  let q = db
    .selectFrom('appointment_services')
    .selectAll()
    .orderBy('office_id')
    .orderBy('position')
    .orderBy('id');
  if (filter.officeId) q = q.where('office_id', '=', filter.officeId);
  if (filter.ids) q = q.where('id', 'in', filter.ids);
  const services = await q.execute();
  if (services.length === 0) return [];
  const links = await db
    .selectFrom('appointment_service_clerks')
    .select(['service_id', 'clerk_id'])
    .where(
      'service_id',
      'in',
      services.map((s) => s.id),
    )
    .orderBy('clerk_id')
    .execute();
  return services.map((s) => ({
    id: s.id,
    officeId: s.office_id,
    nameDe: s.name_de,
    nameEn: s.name_en,
    durationMinutes: s.duration_minutes,
    documentsDe: s.documents_de,
    documentsEn: s.documents_en,
    modes: s.modes,
    leadTimeMinutes: s.lead_time_minutes,
    horizonDays: s.horizon_days,
    bufferMinutes: s.buffer_minutes,
    position: s.position,
    clerkIds: links.filter((l) => l.service_id === s.id).map((l) => l.clerk_id),
    active: s.active,
  }));
}

export async function listAdminClerks(db: Db, filter: { officeId?: number; ids?: number[] }) {
  if (filter.ids && filter.ids.length === 0) return [];
  let q = db
    .selectFrom('appointment_clerks as c')
    .innerJoin('persons as p', 'p.id', 'c.person_id')
    .select([
      'c.id',
      'c.office_id',
      'c.person_id',
      'p.name as person_name',
      'c.letter_from',
      'c.letter_to',
      'c.schedule',
      'c.deputy_clerk_id',
      'c.active',
    ])
    .orderBy('c.office_id')
    .orderBy('p.name')
    .orderBy('c.id');
  if (filter.officeId) q = q.where('c.office_id', '=', filter.officeId);
  if (filter.ids) q = q.where('c.id', 'in', filter.ids);
  return (await q.execute()).map((c) => ({
    id: c.id,
    officeId: c.office_id,
    personId: c.person_id,
    personName: c.person_name,
    letters: c.letter_from && c.letter_to ? ([c.letter_from, c.letter_to] as [string, string]) : null,
    schedule: c.schedule as WeeklyHours,
    deputyClerkId: c.deputy_clerk_id,
    active: c.active,
  }));
}

/** The settings as the admin API shows them (read past the module cache: the version must be current). */
export async function readAdminSettings(db: Db) {
  const row = await db
    .selectFrom('appointment_settings')
    .selectAll()
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  const values = Object.fromEntries(
    settingNames.map((name) => {
      const { column, factor = 1 } = SETTING_RANGES[name];
      return [name, Math.round(Number(row[column]) / factor)];
    }),
  ) as Record<SettingName, number>;
  const ranges = Object.fromEntries(
    settingNames.map((name) => {
      const { min, max, default: fallback } = SETTING_RANGES[name];
      return [name, { min, max, default: fallback }];
    }),
  ) as Record<SettingName, { min: number; max: number; default: number }>;
  return { ...values, version: row.version, ranges };
}

/** Active persons an administrator may make a clerk (the person picker of the clerk form). */
export function listClerkCandidates(db: Db) {
  return db
    .selectFrom('persons')
    .select(['id', 'name', 'login'])
    .where('active', '=', true)
    .orderBy('name')
    .orderBy('id')
    .limit(2000)
    .execute();
}
