import { getHolidays } from 'feiertagejs';
import { describe, expect, it } from 'vitest';
import {
  combineServices,
  computeSlots,
  localDayKey,
  localTime,
  type SlotClerk,
  type SlotQuery,
  slotWindowEnd,
  surnameInitial,
  toWeeklyMinutes,
} from './slots';

// The process runs with TZ=Europe/Berlin (vitest.config.ts); local times below are Berlin times.
const holidaysBW = (day: string) =>
  getHolidays(Number(day.slice(0, 4)), 'BW').some((h) => h.dateString === day);
const everyDay = (windows: Array<[string, string]>) =>
  toWeeklyMinutes(Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((d) => [String(d), windows])));
const weekdays = (windows: Array<[string, string]>) =>
  toWeeklyMinutes(Object.fromEntries([1, 2, 3, 4, 5].map((d) => [String(d), windows])));
const at = (day: string, time: string) => new Date(`${day}T${time}:00`); // local time

function clerk(id: number, overrides: Partial<SlotClerk> = {}): SlotClerk {
  return {
    id,
    schedule: everyDay([['00:00', '24:00']]),
    letterFrom: null,
    letterTo: null,
    busy: [],
    ...overrides,
  };
}

function query(day: string, overrides: Partial<SlotQuery> = {}): SlotQuery {
  return {
    openingHours: weekdays([['08:00', '10:00']]),
    isClosedDay: holidaysBW,
    clerks: [clerk(1)],
    durationMinutes: 30,
    bufferMinutes: 0,
    intervalMinutes: 30,
    from: at(day, '00:00'),
    to: new Date(at(day, '00:00').getTime() + 86_400_000),
    earliest: new Date(0),
    latest: new Date(8.64e15),
    ...overrides,
  };
}

const times = (q: SlotQuery) =>
  computeSlots(q).map((s) => `${localDayKey(s.startsAt)} ${localTime(s.startsAt)}`);
const timesOn = (q: SlotQuery) => computeSlots(q).map((s) => localTime(s.startsAt));

describe('computeSlots', () => {
  const cases: Array<{ name: string; q: SlotQuery; expected: string[] }> = [
    {
      name: 'plain opening window, 30 min steps',
      q: query('2026-11-24'),
      expected: ['08:00', '08:30', '09:00', '09:30'],
    },
    {
      name: 'a 45 min concern in 15 min steps fits until 09:15',
      q: query('2026-11-24', { durationMinutes: 45, intervalMinutes: 15 }),
      expected: ['08:00', '08:15', '08:30', '08:45', '09:00', '09:15'],
    },
    {
      name: 'two windows with a lunch break',
      q: query('2026-11-24', {
        openingHours: weekdays([
          ['08:00', '09:00'],
          ['13:00', '14:00'],
        ]),
      }),
      expected: ['08:00', '08:30', '13:00', '13:30'],
    },
    {
      name: 'opening hours ∩ clerk schedule',
      q: query('2026-11-24', { clerks: [clerk(1, { schedule: weekdays([['08:30', '12:00']]) })] }),
      expected: ['08:30', '09:00', '09:30'],
    },
    {
      name: 'an existing booking blocks its time',
      q: query('2026-11-24', {
        clerks: [clerk(1, { busy: [[+at('2026-11-24', '08:30'), +at('2026-11-24', '09:00')]] })],
      }),
      expected: ['08:00', '09:00', '09:30'],
    },
    {
      name: 'buffer after each appointment: a slot needs duration + buffer free',
      q: query('2026-11-24', {
        bufferMinutes: 15,
        intervalMinutes: 15,
        clerks: [clerk(1, { busy: [[+at('2026-11-24', '09:00'), +at('2026-11-24', '09:30')]] })],
      }),
      expected: ['08:00', '08:15', '09:30'],
    },
    {
      name: 'absence of the only clerk → nothing; a second clerk fills in',
      q: query('2026-11-24', {
        clerks: [
          clerk(1, { busy: [[+at('2026-11-24', '00:00'), +at('2026-11-25', '00:00')]] }),
          clerk(2, { schedule: weekdays([['09:00', '10:00']]) }),
        ],
      }),
      expected: ['09:00', '09:30'],
    },
    {
      name: 'several concerns: durations add up (30 + 45 = 75 min)',
      q: query('2026-11-24', {
        durationMinutes: combineServices([
          { durationMinutes: 30, bufferMinutes: 0, leadTimeMinutes: 0, horizonDays: 10 },
          { durationMinutes: 45, bufferMinutes: 5, leadTimeMinutes: 60, horizonDays: 5 },
        ]).durationMinutes,
        intervalMinutes: 15,
      }),
      expected: ['08:00', '08:15', '08:30', '08:45'],
    },
    {
      name: 'lead time: nothing before earliest',
      q: query('2026-11-24', { earliest: at('2026-11-24', '08:40') }),
      expected: ['09:00', '09:30'],
    },
    {
      name: 'horizon: nothing at or after latest',
      q: query('2026-11-24', { latest: at('2026-11-24', '09:00') }),
      expected: ['08:00', '08:30'],
    },
    {
      name: 'letter range: a surname with M only goes to the L–Z clerk',
      q: query('2026-11-24', {
        surnameInitial: 'M',
        clerks: [
          clerk(1, { letterFrom: 'A', letterTo: 'K' }),
          clerk(2, { letterFrom: 'L', letterTo: 'Z', schedule: weekdays([['09:00', '10:00']]) }),
        ],
      }),
      expected: ['09:00', '09:30'],
    },
    {
      name: 'letter range: a surname with B goes to the A–K clerk',
      q: query('2026-11-24', {
        surnameInitial: 'B',
        clerks: [
          clerk(1, { letterFrom: 'A', letterTo: 'K', schedule: weekdays([['08:00', '09:00']]) }),
          clerk(2, { letterFrom: 'L', letterTo: 'Z' }),
        ],
      }),
      expected: ['08:00', '08:30'],
    },
    {
      name: 'public holiday of the Land (BW: Christmas 2026-12-25 is a Friday) → no slots',
      q: query('2026-12-25'),
      expected: [],
    },
    {
      name: 'Epiphany is a holiday in BW',
      q: query('2027-01-06'),
      expected: [],
    },
    {
      name: 'a closing day of the office → no slots',
      q: query('2026-11-24', { isClosedDay: (d) => d === '2026-11-24' }),
      expected: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(timesOn(c.q)).toEqual(c.expected);
    });
  }

  it('keeps slots at local wall-clock times across the March DST switch', () => {
    // Saturday 28 March 2026 (CET, UTC+1), Sunday 29 (switch), Monday 30 (CEST, UTC+2)
    const q = query('2026-03-28', {
      openingHours: everyDay([['08:00', '09:00']]),
      to: at('2026-03-31', '00:00'),
    });
    expect(times(q)).toEqual([
      '2026-03-28 08:00',
      '2026-03-28 08:30',
      '2026-03-29 08:00',
      '2026-03-29 08:30',
      '2026-03-30 08:00',
      '2026-03-30 08:30',
    ]);
    const utc = computeSlots(q).map((s) => s.startsAt.toISOString());
    expect(utc[0]).toBe('2026-03-28T07:00:00.000Z');
    expect(utc[4]).toBe('2026-03-30T06:00:00.000Z');
  });

  it('skips the wall-clock hour that does not exist on the March switch day', () => {
    const q = query('2026-03-29', {
      openingHours: everyDay([['01:00', '04:00']]),
      to: at('2026-03-30', '00:00'),
    });
    expect(timesOn(q)).toEqual(['01:00', '01:30', '03:00', '03:30']);
  });

  it('keeps slots at local wall-clock times across the October DST switch', () => {
    // Saturday 24 Oct 2026 (CEST), Sunday 25 (switch), Monday 26 (CET)
    const q = query('2026-10-24', {
      openingHours: everyDay([['08:00', '08:30']]),
      to: at('2026-10-27', '00:00'),
    });
    expect(computeSlots(q).map((s) => s.startsAt.toISOString())).toEqual([
      '2026-10-24T06:00:00.000Z',
      '2026-10-25T07:00:00.000Z',
      '2026-10-26T07:00:00.000Z',
    ]);
    // a 45 min appointment lasts 45 real minutes, also on the switch day
    const [slot] = computeSlots({ ...q, durationMinutes: 45, openingHours: everyDay([['08:00', '09:00']]) });
    expect(slot.endsAt.getTime() - slot.startsAt.getTime()).toBe(45 * 60_000);
  });

  it('names every free clerk of a slot and stops at the limit', () => {
    const slots = computeSlots(query('2026-11-24', { clerks: [clerk(1), clerk(2)], limit: 2 }));
    expect(slots).toHaveLength(2);
    expect(slots[0].clerkIds).toEqual([1, 2]);
  });
});

describe('surnameInitial', () => {
  it.each([
    ['Erika Mustermann', 'M'],
    ['Ayşe Özdemir', 'O'],
    ['Jürgen Ängström', 'A'],
    ['  lena   berg ', 'B'],
    ['', null],
    ['Иван Петров', null],
  ])('%s → %s', (name, expected) => {
    expect(surnameInitial(name)).toBe(expected);
  });
});

describe('computeSlots against a plain reference', () => {
  // The straightforward version (a Date per candidate, every busy range checked): computeSlots
  // takes shortcuts (per-day arithmetic, a cursor per clerk) that must not change any answer.
  function reference(q: SlotQuery): string[] {
    const out: string[] = [];
    const lower = Math.max(q.from.getTime(), q.earliest.getTime());
    const upper = Math.min(q.to.getTime(), q.latest.getTime());
    const blockMs = (q.durationMinutes + q.bufferMinutes) * 60_000;
    const first = new Date(lower);
    for (
      let day = new Date(first.getFullYear(), first.getMonth(), first.getDate());
      day.getTime() < upper;
      day = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1)
    ) {
      const wd = day.getDay();
      if (q.isClosedDay(localDayKey(day))) continue;
      for (const [open, close] of q.openingHours[wd] ?? [])
        for (let minute = open; minute + q.durationMinutes <= close; minute += q.intervalMinutes) {
          const start = new Date(day.getFullYear(), day.getMonth(), day.getDate(), 0, minute);
          if (start.getHours() * 60 + start.getMinutes() !== minute) continue;
          const s = start.getTime();
          if (s < lower || s >= upper) continue;
          const free = q.clerks
            .filter(
              (c) =>
                (!c.letterFrom ||
                  !c.letterTo ||
                  !q.surnameInitial ||
                  (q.surnameInitial >= c.letterFrom && q.surnameInitial <= c.letterTo)) &&
                (c.schedule[wd] ?? []).some(([a, b]) => minute >= a && minute + q.durationMinutes <= b) &&
                !c.busy.some(([a, b]) => a < s + blockMs && b > s),
            )
            .map((c) => c.id);
          if (free.length) out.push(`${start.toISOString()} ${free.join(',')}`);
        }
    }
    return out;
  }

  // a small deterministic generator (no flaky randomness)
  let seed = 42;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };

  it.each([
    ['ordinary weeks', '2026-11-16'],
    ['the March switch', '2026-03-23'],
    ['the October switch', '2026-10-19'],
  ])('gives the same slots and clerks over %s with random bookings and absences', (_name, day) => {
    for (let round = 0; round < 12; round++) {
      const from = at(day, '00:00');
      const to = new Date(from.getTime() + 14 * 86_400_000);
      const clerks = Array.from({ length: 6 }, (_, i) => {
        const busy: Array<[number, number]> = [];
        for (let k = 0; k < 40; k++) {
          const s = from.getTime() + rnd(14 * 96) * 15 * 60_000 + rnd(3) * 7_000;
          busy.push([s, s + (15 + rnd(180)) * 60_000]);
        }
        return clerk(i + 1, {
          busy,
          schedule: i % 3 === 0 ? weekdays([['09:00', '12:00']]) : everyDay([['00:00', '24:00']]),
          letterFrom: i === 2 ? 'A' : null,
          letterTo: i === 2 ? 'K' : null,
        });
      });
      const q = query(day, {
        from: new Date(from.getTime() + rnd(600) * 60_000),
        to,
        clerks,
        openingHours: everyDay([
          ['01:00', '04:00'],
          ['07:30', '12:00'],
          ['13:00', '18:00'],
        ]),
        durationMinutes: 15 + 15 * rnd(4),
        bufferMinutes: 5 * rnd(3),
        intervalMinutes: [10, 15, 30][rnd(3)],
        surnameInitial: ['B', 'M', null][rnd(3)],
      });
      expect(computeSlots(q).map((s) => `${s.startsAt.toISOString()} ${s.clerkIds.join(',')}`)).toEqual(
        reference(q),
      );
    }
  });

  it('copes with overlapping opening windows (candidates that go back in time)', () => {
    const busyAt = at('2026-11-24', '08:30').getTime();
    const q = query('2026-11-24', {
      openingHours: weekdays([
        ['08:00', '10:00'],
        ['08:00', '09:00'],
      ]),
      clerks: [clerk(1, { busy: [[busyAt, busyAt + 30 * 60_000]] })],
    });
    expect(timesOn(q)).toEqual(['08:00', '09:00', '09:30', '08:00']);
    expect(computeSlots(q).map((s) => `${s.startsAt.toISOString()}`)).toEqual(
      reference(q).map((r) => r.split(' ')[0]),
    );
  });
});

describe('slotWindowEnd (paging the rebook slot list)', () => {
  const d = (iso: string) => new Date(iso);
  const latest = d('2027-02-01T00:00:00Z');
  it.each([
    {
      name: 'window ends before the horizon: next window starts at `to`',
      slots: ['2027-01-05T08:00:00Z'],
      limit: 200,
      to: '2027-01-15T00:00:00Z',
      until: '2027-01-15T00:00:00Z',
      next: '2027-01-15T00:00:00Z',
    },
    {
      name: 'limit cut the list: next window starts just after the last slot',
      slots: ['2027-01-05T08:00:00Z', '2027-01-05T08:15:00Z'],
      limit: 2,
      to: '2027-01-15T00:00:00Z',
      until: '2027-01-05T08:15:00.001Z',
      next: '2027-01-05T08:15:00.001Z',
    },
    {
      name: 'window reaches the horizon: no next window',
      slots: [],
      limit: 200,
      to: '2027-02-10T00:00:00Z',
      until: '2027-02-01T00:00:00Z',
      next: null,
    },
    {
      name: 'window ends exactly at the horizon: no next window',
      slots: ['2027-01-31T08:00:00Z'],
      limit: 200,
      to: '2027-02-01T00:00:00Z',
      until: '2027-02-01T00:00:00Z',
      next: null,
    },
  ])('$name', ({ slots, limit, to, until, next }) => {
    const result = slotWindowEnd(
      slots.map((s) => ({ startsAt: d(s) })),
      limit,
      d(to),
      latest,
    );
    expect(result.until).toEqual(d(until));
    expect(result.next).toEqual(next === null ? null : d(next));
  });
});
