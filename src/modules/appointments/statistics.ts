import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError } from '../../http/errors';
import { spreadsheetCsv } from '../../shared/spreadsheet';
import type { Actor } from '../auth/actor';
import type { StatisticsRow } from './admin-schemas';
import { isPublicHoliday } from './availability';
import { localDayKey, toWeeklyMinutes, type WeeklyMinutes } from './slots';
import type { WeeklyHours } from './tables';

/**
 * Statistics per office and concern for appointments that start in [from, to] (local dates, inclusive).
 * Only counts and durations — no citizen data. Definitions (decision record 0007):
 * - bookings: confirmed appointments (confirmed_at set), whatever happened to them later;
 *   holds that were never confirmed are not bookings
 * - cancellations / noShows / done: bookings in that status
 * - averageLeadTimeHours: mean of starts_at − confirmed_at over the bookings
 * - bookedMinutes: minutes of bookings that were not cancelled
 * - offeredMinutes: the clerks' bookable time (schedule ∩ opening hours, minus public holidays,
 *   closing days and absences) — for a concern, of the clerks who handle it
 * - utilisation: bookedMinutes / offeredMinutes (null when nothing was offered)
 * An appointment with several concerns counts for each of them, and once in the office total.
 */
export const MAX_STATISTICS_DAYS = 366;

export async function assertMayReadStatistics(db: Kysely<DB>, actor: Actor, officeId: number) {
  const office = await db
    .selectFrom('appointment_offices')
    .select(['id', 'name'])
    .where('id', '=', officeId)
    .executeTakeFirst();
  if (!office) throw new AppError(404, 'appointmentOfficeNotFound');
  if (actor.isAdmin) return office;
  const clerk = await db
    .selectFrom('appointment_clerks')
    .select('id')
    .where('office_id', '=', officeId)
    .where('person_id', '=', actor.id)
    .where('active', '=', true)
    .executeTakeFirst();
  if (!clerk) throw new AppError(403, 'forbidden');
  return office;
}

const startOfDay = (key: string) => new Date(`${key}T00:00:00`);
function addDays(key: string, days: number): string {
  const d = startOfDay(key);
  d.setDate(d.getDate() + days);
  return localDayKey(d);
}

type Interval = [number, number];
function intersect(a: Array<[number, number]>, b: Array<[number, number]>): Interval[] {
  const out: Interval[] = [];
  for (const [a0, a1] of a)
    for (const [b0, b1] of b) {
      const s = Math.max(a0, b0);
      const e = Math.min(a1, b1);
      if (e > s) out.push([s, e]);
    }
  return out;
}
function subtract(windows: Interval[], busy: Interval[]): Interval[] {
  let result = windows;
  for (const [b0, b1] of busy) {
    const next: Interval[] = [];
    for (const [s, e] of result) {
      if (b1 <= s || b0 >= e) next.push([s, e]);
      else {
        if (b0 > s) next.push([s, b0]);
        if (b1 < e) next.push([b1, e]);
      }
    }
    result = next;
  }
  return result;
}
const sum = (xs: Interval[]) => xs.reduce((acc, [s, e]) => acc + (e - s), 0);

/** Bookable minutes of each clerk in the range (epoch-ms intervals, so DST days are right). */
function offeredMinutesPerClerk(
  land: string,
  from: string,
  to: string,
  opening: WeeklyMinutes,
  closed: Set<string>,
  clerks: Array<{ id: number; schedule: WeeklyMinutes }>,
  absences: Map<number, Interval[]>,
): Map<number, number> {
  const result = new Map<number, number>(clerks.map((c) => [c.id, 0]));
  for (let day = from; day <= to; day = addDays(day, 1)) {
    if (closed.has(day) || isPublicHoliday(land, day)) continue;
    const midnight = startOfDay(day);
    const weekday = midnight.getDay();
    const at = (minute: number) =>
      new Date(midnight.getFullYear(), midnight.getMonth(), midnight.getDate(), 0, minute).getTime();
    for (const clerk of clerks) {
      const windows = intersect(opening[weekday] ?? [], clerk.schedule[weekday] ?? []).map(
        ([s, e]) => [at(s), at(e)] as Interval,
      );
      if (!windows.length) continue;
      const free = subtract(windows, absences.get(clerk.id) ?? []);
      result.set(clerk.id, (result.get(clerk.id) ?? 0) + sum(free) / 60_000);
    }
  }
  return result;
}

export async function appointmentStatistics(
  db: Kysely<DB>,
  land: string,
  office: { id: number; name: string },
  from: string,
  to: string,
) {
  const days = Math.round((startOfDay(to).getTime() - startOfDay(from).getTime()) / 86_400_000) + 1;
  if (days > MAX_STATISTICS_DAYS)
    throw new AppError(422, 'appointmentRangeTooLong', { days: MAX_STATISTICS_DAYS });
  const rangeStart = startOfDay(from);
  const rangeEnd = startOfDay(addDays(to, 1));

  const officeRow = await db
    .selectFrom('appointment_offices')
    .select('opening_hours')
    .where('id', '=', office.id)
    .executeTakeFirstOrThrow();
  const [services, clerks, links, closures, absenceRows, perService, total] = await Promise.all([
    db
      .selectFrom('appointment_services')
      .select(['id', 'name_de', 'name_en'])
      .where('office_id', '=', office.id)
      .orderBy('position')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('appointment_clerks')
      .select(['id', 'schedule'])
      .where('office_id', '=', office.id)
      .where('active', '=', true)
      .execute(),
    db
      .selectFrom('appointment_service_clerks as sc')
      .innerJoin('appointment_services as s', 's.id', 'sc.service_id')
      .select(['sc.service_id', 'sc.clerk_id'])
      .where('s.office_id', '=', office.id)
      .execute(),
    db
      .selectFrom('appointment_office_closures')
      .select(sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'))
      .where('office_id', '=', office.id)
      .execute(),
    db
      .selectFrom('appointment_absences as a')
      .innerJoin('appointment_clerks as c', 'c.id', 'a.clerk_id')
      .select(['a.clerk_id', 'a.starts_at', 'a.ends_at'])
      .where('c.office_id', '=', office.id)
      .where('a.starts_at', '<', rangeEnd)
      .where('a.ends_at', '>', rangeStart)
      .execute(),
    countQuery(db, office.id, rangeStart, rangeEnd, true),
    countQuery(db, office.id, rangeStart, rangeEnd, false),
  ]);

  const absences = new Map<number, Interval[]>();
  for (const a of absenceRows) {
    const list = absences.get(a.clerk_id) ?? [];
    list.push([new Date(a.starts_at).getTime(), new Date(a.ends_at).getTime()]);
    absences.set(a.clerk_id, list);
  }
  const offered = offeredMinutesPerClerk(
    land,
    from,
    to,
    toWeeklyMinutes(officeRow.opening_hours as WeeklyHours),
    new Set(closures.map((c) => c.day)),
    clerks.map((c) => ({ id: c.id, schedule: toWeeklyMinutes(c.schedule as WeeklyHours) })),
    absences,
  );
  const offeredOf = (clerkIds: number[]) => clerkIds.reduce((acc, id) => acc + (offered.get(id) ?? 0), 0);

  const toRow = (
    serviceId: number | null,
    nameDe: string,
    nameEn: string,
    counts: Counts | undefined,
    offeredMinutes: number,
  ): StatisticsRow => {
    const booked = Number(counts?.booked_minutes ?? 0);
    return {
      serviceId,
      serviceNameDe: nameDe,
      serviceNameEn: nameEn,
      bookings: Number(counts?.bookings ?? 0),
      cancellations: Number(counts?.cancellations ?? 0),
      noShows: Number(counts?.no_shows ?? 0),
      done: Number(counts?.done ?? 0),
      averageLeadTimeHours:
        counts?.lead_hours == null ? null : Math.round(Number(counts.lead_hours) * 10) / 10,
      bookedMinutes: booked,
      offeredMinutes: Math.round(offeredMinutes),
      utilisation: offeredMinutes > 0 ? Math.round((booked / offeredMinutes) * 1000) / 1000 : null,
    };
  };
  const byService = new Map(perService.map((r) => [r.service_id, r]));
  return {
    officeId: office.id,
    officeName: office.name,
    from,
    to,
    total: toRow(null, 'Alle Anliegen', 'All concerns', total[0], offeredOf(clerks.map((c) => c.id))),
    items: services.map((s) =>
      toRow(
        s.id,
        s.name_de,
        s.name_en,
        byService.get(s.id),
        offeredOf(links.filter((l) => l.service_id === s.id).map((l) => l.clerk_id)),
      ),
    ),
  };
}

interface Counts {
  service_id: number | null;
  bookings: number | string;
  cancellations: number | string;
  no_shows: number | string;
  done: number | string;
  lead_hours: number | string | null;
  booked_minutes: number | string | null;
}

function countQuery(db: Kysely<DB>, officeId: number, from: Date, to: Date, perService: boolean) {
  const counts = sql<Counts>`
    SELECT ${perService ? sql`i.service_id` : sql`NULL::bigint`} AS service_id,
      count(*)::int AS bookings,
      count(*) FILTER (WHERE a.status = 'cancelled')::int AS cancellations,
      count(*) FILTER (WHERE a.status = 'noShow')::int AS no_shows,
      count(*) FILTER (WHERE a.status = 'done')::int AS done,
      avg(extract(epoch FROM (a.starts_at - a.confirmed_at)) / 3600)::float8 AS lead_hours,
      coalesce(sum(extract(epoch FROM (a.ends_at - a.starts_at)) / 60)
        FILTER (WHERE a.status <> 'cancelled'), 0)::float8 AS booked_minutes
    FROM appointments a
    ${perService ? sql`JOIN appointment_items i ON i.appointment_id = a.id` : sql``}
    WHERE a.office_id = ${officeId}
      AND a.starts_at >= ${from} AND a.starts_at < ${to}
      AND a.confirmed_at IS NOT NULL
    ${perService ? sql`GROUP BY i.service_id` : sql``}`;
  return counts.execute(db).then((r) => r.rows);
}

export const STATISTICS_CSV_COLUMNS = [
  'serviceId',
  'serviceNameDe',
  'serviceNameEn',
  'bookings',
  'cancellations',
  'noShows',
  'done',
  'averageLeadTimeHours',
  'bookedMinutes',
  'offeredMinutes',
  'utilisation',
] as const;

/** The statistics as CSV: one row per concern plus the total; concern names are kept text. */
export function statisticsCsv(stats: { items: StatisticsRow[]; total: StatisticsRow }): string {
  const rows = [...stats.items, stats.total].map((row) => STATISTICS_CSV_COLUMNS.map((c) => row[c]));
  return spreadsheetCsv([[...STATISTICS_CSV_COLUMNS], ...rows], { recordDelimiter: '\n' });
}
