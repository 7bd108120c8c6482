import { getHolidays } from 'feiertagejs';
import { type Kysely, sql, type Transaction } from 'kysely';
import { queryPrepared } from '../../db/prepared';
import type { DB } from '../../db/schema';
import { AppError } from '../../http/errors';
import {
  combineServices,
  computeSlots,
  type ServiceRules,
  type Slot,
  type SlotClerk,
  toWeeklyMinutes,
  type WeeklyMinutes,
} from './slots';
import {
  type AppointmentSettingsTable,
  type ConsultationMode,
  consultationModes,
  type WeeklyHours,
} from './tables';

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
    /** opening_hours parsed once (the services are cached) */
    openingMinutes: WeeklyMinutes;
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

/**
 * The services of one office with their combined rules; 404 for unknown ones, 422 for a mode not
 * offered (no mode: no check — the caller asks `commonModes`).
 */
export async function loadBookableServices(
  db: Db,
  serviceIds: number[],
  mode?: ConsultationMode,
): Promise<BookableServices> {
  const ids = [...new Set(serviceIds)].sort((a, b) => a - b);
  const bookable = await cached(db, `services:${ids.join(',')}`, () => loadServicesOfOffice(db, ids));
  if (mode && bookable.services.some((r) => !r.modes.includes(mode)))
    throw new AppError(422, 'appointmentModeNotOffered', { mode });
  return bookable;
}

/** The modes every one of the services offers (in the order of `consultationModes`). */
export const commonModes = (bookable: BookableServices): ConsultationMode[] =>
  consultationModes.filter((m) => bookable.services.every((s) => s.modes.includes(m)));

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
    office: {
      ...office,
      openingMinutes: toWeeklyMinutes(office.opening_hours),
      closedDays: new Set(closures.map((c) => c.day)),
    },
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

/** "s,e,s,e,…" (integers, epoch ms) → ranges, digit by digit: no intermediate strings. */
export function parseBusy(text: string | null): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  if (!text) return ranges;
  let value = 0;
  let negative = false;
  let start = 0;
  let haveStart = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 44; // end of text: as if a comma followed
    if (c === 44) {
      const v = negative ? -value : value;
      if (haveStart) ranges.push([start, v]);
      else start = v;
      haveStart = !haveStart;
      value = 0;
      negative = false;
    } else if (c === 45) negative = true;
    else value = value * 10 + (c - 48);
  }
  return ranges;
}

// Clerk schedules as stored (jsonb text) → parsed, shared by every search and hold; never mutated.
const schedules = new Map<string, WeeklyMinutes>();
function parsedSchedule(text: string): WeeklyMinutes {
  let parsed = schedules.get(text);
  if (!parsed) {
    if (schedules.size >= 1000) schedules.clear();
    parsed = toWeeklyMinutes(JSON.parse(text) as WeeklyHours);
    schedules.set(text, parsed);
  }
  return parsed;
}

/**
 * Active clerks of the office that handle every one of the services, with their busy ranges in
 * [from, to). One round trip: a row per clerk with the busy ranges (bookings and holds with their
 * buffer, slots cancelled a moment ago, absences) as one text of epoch milliseconds in start order
 * ("s,e,s,e,…": parsed digit by digit, far cheaper than arrays or timestamps), read from the covering
 * index `appointments_busy_idx` (migration 0011); ranges vacated by a citizen's move a moment ago from
 * `appointment_released_ranges_busy_idx` (0013).
 */
export async function loadSlotClerks(
  db: Db,
  serviceIds: number[],
  from: Date,
  to: Date,
  cancelledBlockMinutes: number,
  now = new Date(),
  /** the shared pool's database (not inside a transaction): run as a prepared statement on a server */
  prepared?: Parameters<typeof queryPrepared>[0],
  /** a citizen's move: the ranges this appointment vacated itself are not busy for it (no one else gets them) */
  movingAppointmentId: number | null = null,
): Promise<SlotClerk[]> {
  const ids = [...new Set(serviceIds)];
  const blockedSince = new Date(now.getTime() - cancelledBlockMinutes * 60_000);
  // no booking is longer than a day: bounding starts_at from below lets the index do the work
  const earliestStart = new Date(from.getTime() - 86_400_000);
  const query = sql<{
    id: number;
    schedule: string;
    letter_from: string | null;
    letter_to: string | null;
    busy: string | null;
  }>`
    SELECT c.id, c.schedule::text AS schedule, c.letter_from, c.letter_to, b.busy
    FROM appointment_clerks c
    JOIN persons p ON p.id = c.person_id AND p.active
    LEFT JOIN LATERAL (
      SELECT string_agg((date_part('epoch', u.s) * 1000)::bigint || ',' || (date_part('epoch', u.e) * 1000)::bigint, ','
                        ORDER BY u.s) AS busy
      FROM (
        SELECT a.starts_at AS s, a.blocked_until AS e FROM appointments a
        WHERE a.clerk_id = c.id AND a.status IN ('held', 'confirmed')
          AND a.starts_at < ${to} AND a.starts_at > ${earliestStart} AND a.blocked_until > ${from}
          -- a hold that ran out no longer counts, even before the job marks it expired
          AND (a.status = 'confirmed' OR a.hold_expires_at > ${now})
        UNION ALL
        -- a slot cancelled a moment ago is not offered again at once (slot trading)
        SELECT a.starts_at, a.blocked_until FROM appointments a
        WHERE ${cancelledBlockMinutes > 0} AND a.clerk_id = c.id AND a.status = 'cancelled'
          AND a.starts_at < ${to} AND a.starts_at > ${earliestStart} AND a.blocked_until > ${from}
          AND a.cancelled_at > ${blockedSince}
        UNION ALL
        -- the same for a range a citizen's move vacated (0013): a move must not bypass the block
        SELECT r.starts_at, r.blocked_until FROM appointment_released_ranges r
        WHERE ${cancelledBlockMinutes > 0} AND r.clerk_id = c.id
          AND r.starts_at < ${to} AND r.starts_at > ${earliestStart} AND r.blocked_until > ${from}
          AND r.released_at > ${blockedSince} AND r.appointment_id IS DISTINCT FROM ${movingAppointmentId}::bigint
        UNION ALL
        SELECT x.starts_at, x.ends_at FROM appointment_absences x
        WHERE x.clerk_id = c.id AND x.starts_at < ${to} AND x.ends_at > ${from}
      ) u
    ) b ON true
    WHERE c.active AND c.id IN (
      SELECT sc.clerk_id FROM appointment_service_clerks sc
      WHERE sc.service_id = ANY(${ids}::bigint[])
      GROUP BY sc.clerk_id HAVING count(*) = ${ids.length}
    )
    ORDER BY c.id`;
  const rows =
    (await queryPrepared(prepared, 'slot_clerks', query.compile(db))) ?? (await query.execute(db)).rows;
  return rows.map((c) => {
    const busy = parseBusy(c.busy);
    return {
      id: Number(c.id),
      schedule: parsedSchedule(c.schedule),
      letterFrom: c.letter_from,
      letterTo: c.letter_to,
      busy,
    };
  });
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
    openingHours: office.openingMinutes,
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
