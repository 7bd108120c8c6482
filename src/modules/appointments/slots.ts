/**
 * Free-slot computation: a pure function over opening hours, clerk schedules, closed days and the
 * clerks' busy ranges (bookings with their buffer, absences). No database, no clock.
 *
 * Wall-clock reasoning uses local Date methods (the process runs with TZ=Europe/Berlin, like
 * working-time.ts): each candidate start is built as `new Date(y, m, d, h, min)` per day, so a slot
 * at 08:00 stays at 08:00 local time across the DST switches. Wall-clock times that do not exist
 * (02:00–03:00 on the last Sunday of March) are skipped. Durations are real elapsed minutes.
 */
import type { WeeklyHours } from './tables';

/** weekday 0..6 → sorted, non-overlapping [startMinute, endMinute) windows */
export type WeeklyMinutes = Record<number, Array<[number, number]>>;

export interface SlotClerk {
  id: number;
  schedule: WeeklyMinutes;
  letterFrom: string | null;
  letterTo: string | null;
  /** [startMs, endMs) ranges in which the clerk is not available; any order */
  busy: Array<[number, number]>;
}

export interface SlotQuery {
  openingHours: WeeklyMinutes;
  /** true for days without appointments (public holidays of the Land, closing days); key YYYY-MM-DD */
  isClosedDay(dayKey: string): boolean;
  /** clerks that handle all requested services */
  clerks: SlotClerk[];
  durationMinutes: number;
  bufferMinutes: number;
  intervalMinutes: number;
  /** search range [from, to) */
  from: Date;
  to: Date;
  /** lead time and booking horizon already applied: no slot may start before earliest or at/after latest */
  earliest: Date;
  latest: Date;
  /** first letter (A–Z) of the citizen's surname; null = any responsible clerk */
  surnameInitial?: string | null;
  /** stop after this many slots */
  limit?: number;
  /** name only the first free clerk of each slot (faster when the clerk does not matter) */
  anyClerk?: boolean;
}

export interface Slot {
  startsAt: Date;
  endsAt: Date;
  /** clerks free for this slot, in the order given */
  clerkIds: number[];
}

const MS_PER_MINUTE = 60_000;
const pad = (n: number) => String(n).padStart(2, '0');

export function localDayKey(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function localTime(d: Date): string {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Parses the stored {"1": [["08:00","12:00"]]} form into minutes; invalid windows are dropped. */
export function toWeeklyMinutes(hours: WeeklyHours | null | undefined): WeeklyMinutes {
  const result: WeeklyMinutes = {};
  for (let day = 0; day < 7; day++) {
    const windows = (hours?.[String(day)] ?? [])
      .map(([a, b]) => [minuteOfDay(a), minuteOfDay(b)] as [number, number])
      .filter(([a, b]) => a >= 0 && b > a && b <= 24 * 60)
      .sort((x, y) => x[0] - y[0]);
    if (windows.length) result[day] = windows;
  }
  return result;
}

function minuteOfDay(value: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(value);
  if (!m) return -1;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min !== 0)) return -1;
  return h * 60 + min;
}

/** First letter of the surname (last word of the name), without diacritics: "Özdemir" → "O". */
export function surnameInitial(name: string): string | null {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const last = words[words.length - 1];
  if (!last) return null;
  const letter = last
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .charAt(0)
    .toUpperCase();
  return /^[A-Z]$/.test(letter) ? letter : null;
}

export function clerkCoversLetter(
  clerk: Pick<SlotClerk, 'letterFrom' | 'letterTo'>,
  initial: string | null | undefined,
): boolean {
  if (!clerk.letterFrom || !clerk.letterTo || !initial) return true;
  return initial >= clerk.letterFrom && initial <= clerk.letterTo;
}

export interface ServiceRules {
  durationMinutes: number;
  bufferMinutes: number;
  leadTimeMinutes: number;
  horizonDays: number;
}

/** Several concerns in one appointment: durations add up, the strictest buffer, lead time and horizon apply. */
export function combineServices(services: ServiceRules[]): ServiceRules {
  return {
    durationMinutes: services.reduce((sum, s) => sum + s.durationMinutes, 0),
    bufferMinutes: Math.max(0, ...services.map((s) => s.bufferMinutes)),
    leadTimeMinutes: Math.max(0, ...services.map((s) => s.leadTimeMinutes)),
    horizonDays: Math.min(...services.map((s) => s.horizonDays)),
  };
}

/** Sorted, merged busy ranges: ends are then sorted too, so a moving cursor answers overlap tests. */
function normalise(busy: Array<[number, number]>): Array<[number, number]> {
  // usually already sorted and disjoint (the database sends them in start order): use as given
  let ordered = true;
  for (let i = 1; i < busy.length && ordered; i++) ordered = busy[i][0] > busy[i - 1][1];
  if (ordered) return busy;
  const sorted = [...busy].sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

interface PreparedClerk {
  id: number;
  /** weekday → schedule windows in minutes of the day (empty: not working that weekday) */
  windows: Array<Array<[number, number]>>;
  busy: Array<[number, number]>;
  /** first busy range that may still overlap a candidate (candidates come in ascending time) */
  cursor: number;
}

/**
 * All free slots in [from, to), earliest first; each slot names the clerks that are free for it.
 *
 * Cost: one pass over the candidate start times with a cursor per clerk into its merged busy ranges
 * (candidates ascend, so the cursor only moves forward). Local wall-clock arithmetic is done once
 * per day: on a day of 24 real hours the offset is constant and a start is midnight + minutes; only
 * the two DST switch days build each start with the Date constructor.
 */
export function computeSlots(query: SlotQuery): Slot[] {
  const limit = query.limit ?? Number.POSITIVE_INFINITY;
  const duration = query.durationMinutes;
  const durationMs = duration * MS_PER_MINUTE;
  const blockMs = (duration + query.bufferMinutes) * MS_PER_MINUTE;
  const interval = Math.max(1, query.intervalMinutes);
  const lower = Math.max(query.from.getTime(), query.earliest.getTime());
  const upper = Math.min(query.to.getTime(), query.latest.getTime());
  const clerks: PreparedClerk[] = query.clerks
    .filter((c) => clerkCoversLetter(c, query.surnameInitial))
    .map((c) => ({
      id: c.id,
      windows: [0, 1, 2, 3, 4, 5, 6].map((d) => c.schedule[d] ?? []),
      busy: normalise(c.busy),
      cursor: 0,
    }));
  const slots: Slot[] = [];
  if (clerks.length === 0 || lower >= upper || duration <= 0) return slots;

  const first = new Date(lower);
  let y = first.getFullYear();
  let m = first.getMonth();
  let d = first.getDate();
  let dayMs = new Date(y, m, d).getTime();
  let lastStart = Number.NEGATIVE_INFINITY;
  const working: PreparedClerk[] = [];
  while (dayMs < upper) {
    const next = new Date(y, m, d + 1);
    const nextMs = next.getTime();
    const weekday = new Date(dayMs).getDay();
    const windows = query.openingHours[weekday];
    if (windows?.length && !query.isClosedDay(`${y}-${pad(m + 1)}-${pad(d)}`)) {
      // 24 real hours: no DST switch today, the offset is the same all day
      const plainDay = nextMs - dayMs === 24 * 60 * MS_PER_MINUTE;
      working.length = 0;
      for (const clerk of clerks) if (clerk.windows[weekday].length) working.push(clerk);
      for (const [open, close] of windows) {
        for (let minute = open; minute + duration <= close; minute += interval) {
          let startMs: number;
          if (plainDay) startMs = dayMs + minute * MS_PER_MINUTE;
          else {
            const start = new Date(y, m, d, 0, minute);
            // a wall-clock time skipped by the spring DST switch does not exist: no slot
            if (start.getHours() * 60 + start.getMinutes() !== minute) continue;
            startMs = start.getTime();
          }
          if (startMs < lower) continue;
          if (startMs >= upper) break;
          if (startMs < lastStart) for (const clerk of clerks) clerk.cursor = 0; // overlapping windows
          lastStart = startMs;
          const endMs = startMs + blockMs;
          const free: number[] = [];
          for (const clerk of working) {
            if (!coveredBy(clerk.windows[weekday], minute, minute + duration)) continue;
            const busy = clerk.busy;
            let i = clerk.cursor;
            while (i < busy.length && busy[i][1] <= startMs) i++;
            clerk.cursor = i;
            if (i < busy.length && busy[i][0] < endMs) continue;
            free.push(clerk.id);
            if (query.anyClerk) break;
          }
          if (free.length) {
            slots.push({
              startsAt: new Date(startMs),
              endsAt: new Date(startMs + durationMs),
              clerkIds: free,
            });
            if (slots.length >= limit) return slots;
          }
        }
      }
    }
    y = next.getFullYear();
    m = next.getMonth();
    d = next.getDate();
    dayMs = nextMs;
  }
  return slots;
}

function coveredBy(windows: Array<[number, number]>, start: number, end: number): boolean {
  for (let i = 0; i < windows.length; i++) if (start >= windows[i][0] && end <= windows[i][1]) return true;
  return false;
}

/**
 * Where a window of a paged slot list ends and the next one starts: just after the last slot when
 * the limit cut the list (slots start on a grid, so +1 ms skips exactly that one), else at `to`;
 * no next window once the horizon (`latest`, no start at or after it) is reached.
 */
export function slotWindowEnd(
  slots: Array<{ startsAt: Date }>,
  limit: number,
  to: Date,
  latest: Date,
): { until: Date; next: Date | null } {
  if (slots.length > 0 && slots.length >= limit) {
    const until = new Date(slots[slots.length - 1].startsAt.getTime() + 1);
    return { until, next: until };
  }
  const until = to < latest ? to : latest;
  return { until, next: until < latest ? until : null };
}
