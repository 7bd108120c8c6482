import { getHolidays } from 'feiertagejs';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError } from '../../http/errors';
import {
  combineServices,
  computeSlots,
  type ServiceRules,
  type Slot,
  type SlotClerk,
  toWeeklyMinutes,
} from './slots';
import type { AppointmentSettingsTable, ConsultationMode, WeeklyHours } from './tables';

type Db = Kysely<DB> | Transaction<DB>;
type Region = Parameters<typeof getHolidays>[1];

export type AppointmentSettings = Omit<{ [K in keyof AppointmentSettingsTable]: number }, 'hmac_key'> & {
  hmac_key: string;
};

/**
 * Reference data (settings, services with their office) is cached per database for 15 s, like the
 * tickets' reference data: read before a command opens its transaction; the database stays the only truth.
 */
const TTL_MS = 15_000;
const caches = new WeakMap<object, Map<string, { loadedAt: number; value: Promise<unknown> }>>();
function cached<T>(db: Db, key: string, load: () => Promise<T>): Promise<T> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const hit = cache.get(key);
  if (hit && Date.now() - hit.loadedAt < TTL_MS) return hit.value as Promise<T>;
  const value = load();
  cache.set(key, { loadedAt: Date.now(), value });
  value.catch(() => cache.delete(key));
  return value;
}

/** Forget the cached reference data of this database (after a settings change, and in tests). */
export function clearAppointmentCache(db: Db): void {
  caches.delete(db);
}

export async function loadSettings(db: Db): Promise<AppointmentSettings> {
  return cached(
    db,
    'settings',
    async () =>
      (await db
        .selectFrom('appointment_settings')
        .selectAll()
        .where('id', '=', 1)
        .executeTakeFirstOrThrow()) as AppointmentSettings,
  );
}

const holidayCache = new Map<string, Set<string>>();
export function isPublicHoliday(land: string, dayKey: string): boolean {
  const key = `${land}:${dayKey.slice(0, 4)}`;
  let set = holidayCache.get(key);
  if (!set) {
    set = new Set(getHolidays(Number(dayKey.slice(0, 4)), land as Region).map((h) => h.dateString));
    holidayCache.set(key, set);
  }
  return set.has(dayKey);
}

export interface BookableServices {
  office: {
    id: number;
    name: string;
    address: string;
    directions: string;
    map_url: string | null;
    video_url_template: string | null;
    phone_note: string;
    opening_hours: WeeklyHours;
    slot_interval_minutes: number;
    closedDays: Set<string>;
  };
  services: Array<{
    id: number;
    name_de: string;
    name_en: string;
    documents_de: string;
    documents_en: string;
    modes: ConsultationMode[];
  }>;
  rules: ServiceRules;
}

/** The services of one office with their combined rules; 404 for unknown ones, 422 for a mode not offered. */
export async function loadBookableServices(
  db: Db,
  serviceIds: number[],
  mode: ConsultationMode,
): Promise<BookableServices> {
  const ids = [...new Set(serviceIds)].sort((a, b) => a - b);
  const bookable = await cached(db, `services:${ids.join(',')}`, () => loadServicesOfOffice(db, ids));
  if (bookable.services.some((r) => !r.modes.includes(mode)))
    throw new AppError(422, 'appointmentModeNotOffered', { mode });
  return bookable;
}

async function loadServicesOfOffice(db: Db, ids: number[]): Promise<BookableServices> {
  const rows = await db
    .selectFrom('appointment_services as s')
    .innerJoin('appointment_offices as o', 'o.id', 's.office_id')
    .select([
      's.id',
      's.office_id',
      's.name_de',
      's.name_en',
      's.documents_de',
      's.documents_en',
      's.modes',
      's.duration_minutes',
      's.buffer_minutes',
      's.lead_time_minutes',
      's.horizon_days',
    ])
    .where('s.id', 'in', ids)
    .where('s.active', '=', true)
    .where('o.active', '=', true)
    .execute();
  if (rows.length !== ids.length) throw new AppError(404, 'appointmentServiceNotFound');
  const officeId = rows[0].office_id;
  if (rows.some((r) => r.office_id !== officeId))
    throw new AppError(422, 'appointmentServicesOfDifferentOffices');
  const office = await db
    .selectFrom('appointment_offices')
    .select([
      'id',
      'name',
      'address',
      'directions',
      'map_url',
      'video_url_template',
      'phone_note',
      'opening_hours',
      'slot_interval_minutes',
    ])
    .where('id', '=', officeId)
    .executeTakeFirstOrThrow();
  const closures = await db
    .selectFrom('appointment_office_closures')
    .select(sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'))
    .where('office_id', '=', officeId)
    .execute();
  return {
    office: { ...office, closedDays: new Set(closures.map((c) => c.day)) },
    services: rows,
    rules: combineServices(
      rows.map((r) => ({
        durationMinutes: r.duration_minutes,
        bufferMinutes: r.buffer_minutes,
        leadTimeMinutes: r.lead_time_minutes,
        horizonDays: r.horizon_days,
      })),
    ),
  };
}

/** Active clerks of the office that handle every one of the services, with their busy ranges in [from, to). */
export async function loadSlotClerks(
  db: Db,
  serviceIds: number[],
  from: Date,
  to: Date,
  cancelledBlockMinutes: number,
  now = new Date(),
): Promise<SlotClerk[]> {
  const ids = [...new Set(serviceIds)];
  const clerks = await db
    .selectFrom('appointment_clerks as c')
    .innerJoin('appointment_service_clerks as sc', 'sc.clerk_id', 'c.id')
    .innerJoin('persons as p', 'p.id', 'c.person_id')
    .select(['c.id', 'c.schedule', 'c.letter_from', 'c.letter_to'])
    .where('sc.service_id', 'in', ids)
    .where('c.active', '=', true)
    .where('p.active', '=', true)
    .groupBy(['c.id', 'c.schedule', 'c.letter_from', 'c.letter_to'])
    .having(sql<number>`count(*)`, '=', ids.length)
    .orderBy('c.id')
    .execute();
  if (clerks.length === 0) return [];
  const clerkIds = clerks.map((c) => c.id);
  const blockedSince = new Date(now.getTime() - cancelledBlockMinutes * 60_000);
  // no booking is longer than a day: bounding starts_at from below lets the partial indexes do the work
  const earliestStart = new Date(from.getTime() - 86_400_000);
  // one row per clerk with the ranges as arrays (epoch ms): 50 rows instead of thousands
  const toMs = (column: string) => sql<number[]>`array_agg(extract(epoch from ${sql.ref(column)}) * 1000)`;
  const [bookings, cancelled, absences] = await Promise.all([
    db
      .selectFrom('appointments')
      .select(['clerk_id', toMs('starts_at').as('starts'), toMs('blocked_until').as('ends')])
      .where('clerk_id', 'in', clerkIds)
      .where('status', 'in', ['held', 'confirmed'])
      .where('starts_at', '<', to)
      .where('starts_at', '>', earliestStart)
      .where('blocked_until', '>', from)
      // a hold that ran out no longer counts, even before the job marks it expired
      .where((eb) => eb.or([eb('status', '=', 'confirmed'), eb('hold_expires_at', '>', now)]))
      .groupBy('clerk_id')
      .execute(),
    // a slot cancelled a moment ago is not offered again at once (slot trading)
    cancelledBlockMinutes > 0
      ? db
          .selectFrom('appointments')
          .select(['clerk_id', toMs('starts_at').as('starts'), toMs('blocked_until').as('ends')])
          .where('clerk_id', 'in', clerkIds)
          .where('status', '=', 'cancelled')
          .where('starts_at', '<', to)
          .where('starts_at', '>', earliestStart)
          .where('blocked_until', '>', from)
          .where('cancelled_at', '>', blockedSince)
          .groupBy('clerk_id')
          .execute()
      : Promise.resolve([]),
    db
      .selectFrom('appointment_absences')
      .select(['clerk_id', toMs('starts_at').as('starts'), toMs('ends_at').as('ends')])
      .where('clerk_id', 'in', clerkIds)
      .where('starts_at', '<', to)
      .where('ends_at', '>', from)
      .groupBy('clerk_id')
      .execute(),
  ]);
  const busy = new Map<number, Array<[number, number]>>(clerkIds.map((id) => [id, []]));
  for (const group of [bookings, cancelled, absences])
    for (const row of group) {
      const list = busy.get(row.clerk_id);
      if (!list) continue;
      for (let i = 0; i < row.starts.length; i++) list.push([Number(row.starts[i]), Number(row.ends[i])]);
    }
  return clerks.map((c) => ({
    id: c.id,
    schedule: toWeeklyMinutes(c.schedule),
    letterFrom: c.letter_from,
    letterTo: c.letter_to,
    busy: busy.get(c.id) ?? [],
  }));
}

export interface SlotSearch {
  from: Date;
  to: Date;
  surnameInitial?: string | null;
  limit?: number;
  now?: Date;
  /** false: ignore bookings and absences (is this a slot at all?) */
  withBusy?: boolean;
  /** stop at the first free clerk of a slot (public search: which clerk does not matter yet) */
  anyClerk?: boolean;
}

/** Free slots for a set of services: opening hours ∩ clerk schedules − bookings/absences, lead time and horizon. */
export function findSlots(
  land: string,
  bookable: BookableServices,
  clerks: SlotClerk[],
  search: SlotSearch,
): Slot[] {
  const now = search.now ?? new Date();
  const { office, rules } = bookable;
  return computeSlots({
    openingHours: toWeeklyMinutes(office.opening_hours),
    isClosedDay: (day) => office.closedDays.has(day) || isPublicHoliday(land, day),
    clerks: search.withBusy === false ? clerks.map((c) => ({ ...c, busy: [] })) : clerks,
    durationMinutes: rules.durationMinutes,
    bufferMinutes: rules.bufferMinutes,
    intervalMinutes: office.slot_interval_minutes,
    from: search.from,
    to: search.to,
    earliest: new Date(now.getTime() + rules.leadTimeMinutes * 60_000),
    latest: new Date(now.getTime() + rules.horizonDays * 86_400_000),
    surnameInitial: search.surnameInitial,
    limit: search.limit,
    anyClerk: search.anyClerk,
  });
}
