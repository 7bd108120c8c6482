/**
 * Working-time arithmetic for service targets (SLA): durations are counted only inside the
 * business-hours windows of a calendar, skipping weekends and the public holidays of a German Land.
 *
 * All wall-clock reasoning uses local Date methods, so the process must run with
 * TZ=Europe/Berlin. Window boundaries are built with `new Date(y, m, d, h, min)` for every day
 * separately, which keeps them correct across DST changes; durations are always measured in real
 * elapsed milliseconds between those instants. (Only window boundaries that fall into the skipped or
 * repeated hour 02:00–03:00 of a DST-change Sunday are ambiguous; they resolve like `new Date()` does.)
 */
import { getHolidays } from 'feiertagejs';

export type Land = string; // feiertagejs region code, e.g. 'BW'

export interface BusinessCalendar {
  land: Land;
  /** Per weekday 0=Sunday..6=Saturday: sorted, non-overlapping [startMinute, endMinute) windows. */
  hours: Record<number, Array<[number, number]>>;
}

type Region = Parameters<typeof getHolidays>[1];
const MS_PER_MINUTE = 60_000;
/** Safety net for the day-by-day scan: no real calendar has a year without a working window. */
const MAX_SCAN_DAYS = 366 * 5;
const DAY_NAMES = ['So', 'Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa'];
/** Week order used for day ranges like "Mo-Fr" (Monday first, Sunday last). */
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];

// ---------------------------------------------------------------------------------------------
// Holidays
// ---------------------------------------------------------------------------------------------

/** Cache "land:year" -> set of "YYYY-MM-DD"; feiertagejs recomputes the whole year on every call. */
const holidayCache = new Map<string, Set<string>>();

function localDateKey(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function isPublicHoliday(date: Date, land: Land): boolean {
  const year = date.getFullYear();
  const key = `${land}:${year}`;
  let set = holidayCache.get(key);
  if (!set) {
    // Holiday.date is noon UTC of the day; dateString is the plain calendar date, so compare that.
    set = new Set(getHolidays(year, land as Region).map((h) => h.dateString));
    holidayCache.set(key, set);
  }
  return set.has(localDateKey(date));
}

// ---------------------------------------------------------------------------------------------
// Calendar parsing
// ---------------------------------------------------------------------------------------------

function invalid(spec: string, why: string): never {
  throw new Error(`Invalid business hours "${spec}": ${why}`);
}

function parseDay(token: string, spec: string): number {
  const idx = DAY_NAMES.findIndex((n) => n.toLowerCase() === token.toLowerCase());
  if (idx < 0) invalid(spec, `unknown weekday "${token}" (use Mo Di Mi Do Fr Sa So)`);
  return idx;
}

function parseTime(hh: string, mm: string, spec: string): number {
  const h = Number(hh);
  const m = Number(mm);
  if (h > 24 || m > 59 || (h === 24 && m !== 0)) invalid(spec, `invalid time "${hh}:${mm}"`);
  return h * 60 + m;
}

/** Parses e.g. "Mo-Do 07:30-16:00; Fr 07:30-12:30" or "Mo,Mi 08:00-12:00,13:00-16:00". */
export function parseBusinessHours(spec: string, land: Land): BusinessCalendar {
  try {
    getHolidays(2000, land as Region); // throws for unknown region codes
  } catch {
    throw new Error(`Unknown Land "${land}": expected a feiertagejs region code such as BW, BY, NW or ALL`);
  }
  const hours: Record<number, Array<[number, number]>> = { 0: [], 1: [], 2: [], 3: [], 4: [], 5: [], 6: [] };
  const segments = spec
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (segments.length === 0) invalid(spec, 'no opening hours given');

  for (const segment of segments) {
    // Days part = everything before the first digit, times part = the rest; whitespace is irrelevant.
    const m = /^([^\d]+?)\s*(\d.*)$/.exec(segment);
    if (!m) invalid(spec, `"${segment}" needs weekdays followed by times`);
    const days = new Set<number>();
    for (const token of m[1].replace(/\s+/g, '').split(',')) {
      const [from, to, extra] = token.split('-');
      if (extra !== undefined) invalid(spec, `bad day range "${token}"`);
      const a = WEEK_ORDER.indexOf(parseDay(from, spec));
      const b = to === undefined ? a : WEEK_ORDER.indexOf(parseDay(to, spec));
      if (b < a) invalid(spec, `day range "${token}" runs backwards`);
      for (let i = a; i <= b; i++) days.add(WEEK_ORDER[i]);
    }
    for (const win of m[2].replace(/\s+/g, '').split(',')) {
      const t = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(win);
      if (!t) invalid(spec, `bad time window "${win}" (expected HH:MM-HH:MM)`);
      const start = parseTime(t[1], t[2], spec);
      const end = parseTime(t[3], t[4], spec);
      if (start >= end) invalid(spec, `window "${win}" must end after it starts`);
      for (const d of days) hours[d].push([start, end]);
    }
  }
  for (const [day, windows] of Object.entries(hours)) {
    windows.sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < windows.length; i++) {
      if (windows[i][0] < windows[i - 1][1])
        invalid(spec, `overlapping windows on ${DAY_NAMES[Number(day)]}`);
    }
  }
  return { land, hours };
}

/** Land BW, Mo–Do 07:30–16:00, Fr 07:30–12:30, Sa/So closed. */
export const defaultCalendar: BusinessCalendar = parseBusinessHours(
  'Mo-Do 07:30-16:00; Fr 07:30-12:30',
  'BW',
);

// ---------------------------------------------------------------------------------------------
// Working-time arithmetic
// ---------------------------------------------------------------------------------------------

function windowsOf(day: Date, cal: BusinessCalendar): Array<[number, number]> {
  // Sorted defensively: hand-built calendars (e.g. loaded from JSON) need not be ordered.
  return [...(cal.hours[day.getDay()] ?? [])].sort((a, b) => a[0] - b[0]);
}

function timeOf(date: Date, what: string): number {
  const t = date.getTime();
  if (Number.isNaN(t)) throw new Error(`${what} is not a valid date`);
  return t;
}

export function isWorkingDay(date: Date, cal: BusinessCalendar): boolean {
  return windowsOf(date, cal).length > 0 && !isPublicHoliday(date, cal.land);
}

function assertHasWindows(cal: BusinessCalendar): void {
  if (!Object.values(cal.hours).some((w) => w.length > 0)) {
    throw new Error('Business calendar has no working windows; working time can never elapse');
  }
}

/**
 * The first working window (as epoch-ms instants) that ends after `t`; it may already contain `t`.
 * Scans day by day from the local day of `t`.
 */
function nextWindow(t: number, cal: BusinessCalendar): { start: number; end: number } {
  const at = new Date(t);
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    // Constructing each day from y/m/d (not +24h) keeps local midnight correct on 23h/25h days.
    const day = new Date(at.getFullYear(), at.getMonth(), at.getDate() + i);
    if (!isWorkingDay(day, cal)) continue;
    const [y, m, d] = [day.getFullYear(), day.getMonth(), day.getDate()];
    for (const [s, e] of windowsOf(day, cal)) {
      const end = new Date(y, m, d, 0, e).getTime();
      if (end > t) return { start: new Date(y, m, d, 0, s).getTime(), end };
    }
  }
  throw new Error(`No working window within ${MAX_SCAN_DAYS} days after ${at.toISOString()}`);
}

export function addWorkingMinutes(start: Date, minutes: number, cal: BusinessCalendar): Date {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new Error(`minutes must be a finite number >= 0, got ${minutes}`);
  }
  assertHasWindows(cal);
  let t = timeOf(start, 'start');
  let remaining = minutes * MS_PER_MINUTE;
  // Jump window by window; the loop runs once per window touched, not once per minute.
  for (;;) {
    const w = nextWindow(t, cal);
    const begin = Math.max(t, w.start);
    // `<=`: a target that is used up exactly at closing time is due at closing time, not next morning.
    if (remaining <= w.end - begin) return new Date(begin + remaining);
    remaining -= w.end - begin;
    t = w.end;
  }
}

export function workingMinutesBetween(from: Date, to: Date, cal: BusinessCalendar): number {
  const stop = timeOf(to, 'to');
  let t = timeOf(from, 'from');
  if (stop <= t) return 0;
  assertHasWindows(cal);
  let total = 0;
  while (t < stop) {
    const w = nextWindow(t, cal);
    if (w.start >= stop) break;
    total += Math.min(w.end, stop) - Math.max(t, w.start);
    t = w.end;
  }
  return total / MS_PER_MINUTE;
}
