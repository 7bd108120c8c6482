import { getHolidays } from 'feiertagejs';

/**
 * The rhythm of a committee: every N weeks on a weekday at a local time (Europe/Berlin), counted
 * from the week of `startsOn`; an alternating committee starts `offsetWeeks` later. Meetings that
 * fall on a public holiday of the Land are skipped (the next regular slot takes over).
 *
 * Wall-clock times are built with `new Date(y, m, d, h, min)` per day, so 10:00 stays 10:00 across
 * the DST changes; the process runs with TZ=Europe/Berlin.
 */
export interface Rhythm {
  everyWeeks: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday */
  weekday: number;
  /** 'HH:MM' local time */
  startTime: string;
  durationMinutes: number;
  /** 'YYYY-MM-DD': any day in the week of the first meeting */
  startsOn: string;
  offsetWeeks?: number;
}

export interface Slot {
  startsAt: Date;
  endsAt: Date;
}

type Region = Parameters<typeof getHolidays>[1];
const holidayCache = new Map<string, Set<string>>();

/** Compares calendar dates (feiertagejs' dateString), never instants: no time-zone slip. */
export function isPublicHoliday(day: Date, land: string): boolean {
  const key = `${land}:${day.getFullYear()}`;
  let set = holidayCache.get(key);
  if (!set) {
    set = new Set(getHolidays(day.getFullYear(), land as Region).map((h) => h.dateString));
    holidayCache.set(key, set);
  }
  return set.has(localDateString(day));
}

export function parseLocalDate(value: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) throw new Error(`expected YYYY-MM-DD, got "${value}"`);
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

export function localDateString(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The meeting slots with start in [from, until), holidays of `land` skipped. */
export function generateSlots(rhythm: Rhythm, from: Date, until: Date, land: string): Slot[] {
  const [hh, mm] = rhythm.startTime.split(':').map(Number);
  const first = parseLocalDate(rhythm.startsOn);
  // Monday of the first week, then the weekday, then the alternation offset
  const mondayShift = (first.getDay() + 6) % 7;
  const base = {
    y: first.getFullYear(),
    m: first.getMonth(),
    d: first.getDate() - mondayShift + (rhythm.weekday - 1) + 7 * (rhythm.offsetWeeks ?? 0),
  };
  const slots: Slot[] = [];
  const step = 7 * rhythm.everyWeeks;
  // skip whole periods before `from` without looping over them one by one
  const periodMs = step * 86_400_000;
  let k = Math.max(
    0,
    Math.floor((from.getTime() - new Date(base.y, base.m, base.d).getTime()) / periodMs) - 1,
  );
  for (let guard = 0; guard < 10_000; guard++, k++) {
    const day = new Date(base.y, base.m, base.d + k * step);
    const startsAt = new Date(day.getFullYear(), day.getMonth(), day.getDate(), hh, mm);
    if (startsAt >= until) break;
    if (startsAt < from) continue;
    if (isPublicHoliday(day, land)) continue;
    slots.push({ startsAt, endsAt: new Date(startsAt.getTime() + rhythm.durationMinutes * 60_000) });
  }
  return slots;
}
