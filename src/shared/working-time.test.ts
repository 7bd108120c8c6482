process.env.TZ = 'Europe/Berlin'; // must run before any Date use; vitest is started with TZ too

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingMinutes,
  type BusinessCalendar,
  defaultCalendar,
  isWorkingDay,
  parseBusinessHours,
  workingMinutesBetween,
} from './working-time';

// Default calendar (BW): Mo–Do 07:30–16:00 (510 min), Fr 07:30–12:30 (300 min) → 2340 min per full week.
const BW = defaultCalendar;
const NI: BusinessCalendar = { ...defaultCalendar, land: 'NI' };
const EIGHT_TO_FOUR = parseBusinessHours('Mo-Fr 08:00-16:00', 'BW');
// Windows that span the DST switch itself (02:00→03:00 in March, 03:00→02:00 in October).
const NIGHT_SHIFT = parseBusinessHours('Mo-Fr 08:00-16:00; So 01:00-04:00', 'BW');
const SUNDAY_ALL_DAY = parseBusinessHours('So 00:00-24:00', 'BW');

const d = (iso: string) => new Date(iso);

describe('environment', () => {
  it('runs in Europe/Berlin', () => {
    expect(new Date('2026-01-15T12:00:00Z').getTimezoneOffset()).toBe(-60);
    expect(new Date('2026-07-15T12:00:00Z').getTimezoneOffset()).toBe(-120);
  });
});

describe('parseBusinessHours', () => {
  it('builds the default calendar', () => {
    expect(BW.land).toBe('BW');
    expect(BW.hours).toEqual({
      0: [],
      1: [[450, 960]],
      2: [[450, 960]],
      3: [[450, 960]],
      4: [[450, 960]],
      5: [[450, 750]],
      6: [],
    });
  });

  type Hours = BusinessCalendar['hours'];
  it.each<[string, Hours]>([
    [
      'Mo 08:00-12:00,13:00-16:00',
      {
        1: [
          [480, 720],
          [780, 960],
        ],
      },
    ],
    ['Mo,Mi,Fr 09:00-11:00', { 1: [[540, 660]], 3: [[540, 660]], 5: [[540, 660]] }],
    ['Sa-So 10:00-14:00', { 6: [[600, 840]], 0: [[600, 840]] }],
    ['mo-di 8:00-16:00', { 1: [[480, 960]], 2: [[480, 960]] }],
    [
      'Mo 13:00-16:00; Mo 08:00-12:00',
      {
        1: [
          [480, 720],
          [780, 960],
        ],
      },
    ], // sorted per day
    ['Mo-Mi,Fr 07:00-09:00', { 1: [[420, 540]], 2: [[420, 540]], 3: [[420, 540]], 5: [[420, 540]] }],
    ['Di 00:00-24:00', { 2: [[0, 1440]] }],
    [
      ' Mo - Di  08:00 - 12:00 , 13:00-14:00 ;',
      {
        1: [
          [480, 720],
          [780, 840],
        ],
        2: [
          [480, 720],
          [780, 840],
        ],
      },
    ],
  ])('parses %j', (spec, expected) => {
    const cal = parseBusinessHours(spec, 'NW');
    expect(cal.land).toBe('NW');
    for (let day = 0; day < 7; day++) expect(cal.hours[day]).toEqual(expected[day] ?? []);
  });

  it.each([
    ['', /no opening hours/],
    [' ; ', /no opening hours/],
    ['Mo', /needs weekdays followed by times/],
    ['08:00-12:00', /needs weekdays followed by times/],
    ['Xy 08:00-12:00', /unknown weekday "Xy"/],
    ['Mon 08:00-12:00', /unknown weekday "Mon"/],
    ['Mo,,Di 08:00-12:00', /unknown weekday ""/],
    ['Mo-Di-Mi 08:00-12:00', /bad day range/],
    ['Fr-Mo 08:00-12:00', /runs backwards/],
    ['Mo 8-12', /bad time window "8-12"/],
    ['Mo 08:00', /bad time window/],
    ['Mo 12:00-08:00', /must end after it starts/],
    ['Mo 08:00-08:00', /must end after it starts/],
    ['Mo 25:00-26:00', /invalid time "25:00"/],
    ['Mo 08:60-09:00', /invalid time "08:60"/],
    ['Mo 08:00-24:30', /invalid time "24:30"/],
    ['Mo 08:00-12:00,11:00-13:00', /overlapping windows on Mo/],
    ['Mo-Fr 08:00-12:00; Mi 11:00-13:00', /overlapping windows on Mi/],
  ])('rejects %j', (spec, message) => {
    expect(() => parseBusinessHours(spec, 'BW')).toThrow(message);
  });

  it.each(['XX', 'bw', ''])('rejects unknown Land %j', (land) => {
    expect(() => parseBusinessHours('Mo 08:00-12:00', land)).toThrow(/Unknown Land/);
  });
});

describe('isWorkingDay', () => {
  it.each([
    ['2026-04-02T12:00:00+02:00', BW, true], // Gründonnerstag: normal working day
    ['2026-04-03T12:00:00+02:00', BW, false], // Karfreitag
    ['2026-04-06T12:00:00+02:00', BW, false], // Ostermontag
    ['2026-03-28T12:00:00+01:00', BW, false], // Saturday, closed
    ['2026-03-29T12:00:00+02:00', BW, false], // Sunday, closed
    ['2026-06-04T12:00:00+02:00', BW, false], // Fronleichnam is a holiday in BW …
    ['2026-06-04T12:00:00+02:00', NI, true], // … but not in Niedersachsen
    ['2025-10-31T12:00:00+01:00', NI, false], // Reformationstag in NI …
    ['2025-10-31T12:00:00+01:00', BW, true], // … not in BW
    ['2026-01-06T12:00:00+01:00', BW, false], // Heilige Drei Könige (BW)
    ['2026-12-24T12:00:00+01:00', BW, true], // Heiligabend is no public holiday
    ['2026-12-25T12:00:00+01:00', BW, false], // 1. Weihnachtstag
    ['2027-01-01T12:00:00+01:00', BW, false], // Neujahr
    ['2026-04-02T23:59:00+02:00', BW, true], // last minute before Karfreitag (Berlin)
    ['2026-04-02T22:30:00Z', BW, false], // = 2026-04-03 00:30 Berlin, already Karfreitag
  ])('%s', (iso, cal, expected) => {
    expect(isWorkingDay(d(iso), cal)).toBe(expected);
  });
});

describe('addWorkingMinutes', () => {
  it.each([
    // [case, start, minutes, calendar, expected UTC]  — Berlin wall time in the comments
    ['inside a window', '2026-03-10T08:00:00Z', 60, BW, '2026-03-10T09:00:00.000Z'], // Di 09:00 → 10:00 CET
    ['inside, rolls to next day', '2026-03-10T14:00:00Z', 120, BW, '2026-03-11T07:30:00.000Z'], // Di 15:00 → Mi 08:30
    ['used up exactly at closing', '2026-03-10T14:00:00Z', 60, BW, '2026-03-10T15:00:00.000Z'], // Di 15:00 → Di 16:00
    ['before first window', '2026-03-10T05:00:00Z', 30, BW, '2026-03-10T07:00:00.000Z'], // Di 06:00 → 08:00
    ['after last window', '2026-03-10T16:00:00Z', 30, BW, '2026-03-11T07:00:00.000Z'], // Di 17:00 → Mi 08:00
    ['0 min inside a window', '2026-03-10T08:17:23Z', 0, BW, '2026-03-10T08:17:23.000Z'], // unchanged
    ['0 min before opening', '2026-03-10T05:00:00Z', 0, BW, '2026-03-10T06:30:00.000Z'], // Di 06:00 → 07:30
    ['0 min at closing time', '2026-03-10T15:00:00Z', 0, BW, '2026-03-11T06:30:00.000Z'], // Di 16:00 → Mi 07:30
    ['Friday noon over weekend', '2026-03-13T11:00:00Z', 60, BW, '2026-03-16T07:00:00.000Z'], // Fr 12:00 → Mo 08:00
    ['0 min Friday afternoon', '2026-03-13T13:00:00Z', 0, BW, '2026-03-16T06:30:00.000Z'], // Fr 14:00 → Mo 07:30
    // DST spring forward on Sun 2026-03-29: Friday is CET (+01), Monday is CEST (+02)
    ['DST spring, Fr closed', '2026-03-27T14:00:00Z', 30, BW, '2026-03-30T06:00:00.000Z'], // Fr 15:00 CET → Mo 08:00 CEST
    ['DST spring, 8–16', '2026-03-27T14:00:00Z', 120, EIGHT_TO_FOUR, '2026-03-30T07:00:00.000Z'], // Fr 15:00 CET → Mo 09:00 CEST
    // DST fall back on Sun 2026-10-25: Friday is CEST (+02), Monday is CET (+01)
    ['DST autumn, Fr closed', '2026-10-23T13:00:00Z', 30, BW, '2026-10-26T07:00:00.000Z'], // Fr 15:00 CEST → Mo 08:00 CET
    ['DST autumn, 8–16', '2026-10-23T13:00:00Z', 120, EIGHT_TO_FOUR, '2026-10-26T08:00:00.000Z'], // Fr 15:00 CEST → Mo 09:00 CET
    // A window containing the switch counts real elapsed time: Sun 01:00 CET + 90 min = 03:30 CEST
    ['window spans spring switch', '2026-03-29T00:00:00Z', 90, NIGHT_SHIFT, '2026-03-29T01:30:00.000Z'],
    ['24h Sunday has 23h in March', '2026-03-28T11:00:00Z', 1380, SUNDAY_ALL_DAY, '2026-03-29T22:00:00.000Z'], // → Mo 00:00 CEST
    ['24h Sunday has 25h in Oct.', '2026-10-24T10:00:00Z', 1500, SUNDAY_ALL_DAY, '2026-10-25T23:00:00.000Z'], // → Mo 00:00 CET
    // Holidays
    ['Easter (Karfreitag + Ostermontag)', '2026-04-02T13:00:00Z', 120, BW, '2026-04-07T06:30:00.000Z'], // Do 15:00 → Di 08:30
    ['Fronleichnam in BW', '2026-06-03T13:30:00Z', 60, BW, '2026-06-05T06:00:00.000Z'], // Mi 15:30 → Fr 08:00
    ['no Fronleichnam in NI', '2026-06-03T13:30:00Z', 60, NI, '2026-06-04T06:00:00.000Z'], // Mi 15:30 → Do 08:00
    ['Christmas', '2026-12-24T14:00:00Z', 120, BW, '2026-12-28T07:30:00.000Z'], // Do 24.12. 15:00 → Mo 28.12. 08:30
    ['New Year (year boundary)', '2026-12-31T14:30:00Z', 60, BW, '2027-01-04T07:00:00.000Z'], // Do 15:30 → Mo 08:00
    // Multi-day: 4800 min = 2 full weeks (4680) + 120 min
    ['10 working days in March', '2026-03-02T06:30:00Z', 4800, BW, '2026-03-16T08:30:00.000Z'], // Mo 07:30 CET → Mo 09:30 CET
    // across DST and Easter: Do 26.3. 07:30 CET → Mo 13.4. 09:30 CEST
    ['10 days over DST + Easter', '2026-03-26T06:30:00Z', 4800, BW, '2026-04-13T07:30:00.000Z'],
  ])('%s', (_name, start, minutes, cal, expected) => {
    const result = addWorkingMinutes(d(start), minutes, cal);
    expect(result.toISOString()).toBe(expected);
    expect(workingMinutesBetween(d(start), result, cal)).toBe(minutes);
  });

  it('handles very large targets by jumping window by window', () => {
    const start = d('2026-01-05T06:30:00Z'); // Mo 07:30 CET
    const result = addWorkingMinutes(start, 1_000_000, BW); // ~8 years of working time
    expect(result.getFullYear()).toBeGreaterThan(2033);
    expect(workingMinutesBetween(start, result, BW)).toBe(1_000_000);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('rejects minutes=%s', (minutes) => {
    expect(() => addWorkingMinutes(d('2026-03-10T08:00:00Z'), minutes, BW)).toThrow(/minutes must be/);
  });

  it('rejects an invalid start date', () => {
    expect(() => addWorkingMinutes(new Date('nope'), 10, BW)).toThrow(/start is not a valid date/);
    expect(() => workingMinutesBetween(new Date('nope'), new Date(), BW)).toThrow(/from is not a valid date/);
  });

  it('accepts hand-built calendars with unsorted windows', () => {
    const cal: BusinessCalendar = {
      land: 'BW',
      hours: {
        2: [
          [780, 960],
          [480, 720],
        ],
      },
    };
    // Di 2026-03-10 07:00 CET + 240 min: 08:00–12:00 → 12:00 CET = 11:00Z
    expect(addWorkingMinutes(d('2026-03-10T06:00:00Z'), 240, cal).toISOString()).toBe(
      '2026-03-10T11:00:00.000Z',
    );
    // + 300 min: 08:00–12:00, then 13:00–14:00 → 14:00 CET = 13:00Z
    expect(addWorkingMinutes(d('2026-03-10T06:00:00Z'), 300, cal).toISOString()).toBe(
      '2026-03-10T13:00:00.000Z',
    );
  });

  it('throws for a calendar without any window', () => {
    const closed: BusinessCalendar = {
      land: 'BW',
      hours: { 0: [], 1: [], 2: [], 3: [], 4: [], 5: [], 6: [] },
    };
    expect(() => addWorkingMinutes(d('2026-03-10T08:00:00Z'), 10, closed)).toThrow(/no working windows/);
    expect(() => addWorkingMinutes(d('2026-03-10T08:00:00Z'), 10, { land: 'BW', hours: {} })).toThrow(
      /no working windows/,
    );
    expect(() => workingMinutesBetween(d('2026-03-10T08:00:00Z'), d('2026-03-11T08:00:00Z'), closed)).toThrow(
      /no working windows/,
    );
  });
});

describe('workingMinutesBetween', () => {
  it.each([
    ['same window', '2026-03-10T08:00:00Z', '2026-03-10T09:30:00Z', BW, 90], // Di 09:00–10:30
    ['to == from', '2026-03-10T08:00:00Z', '2026-03-10T08:00:00Z', BW, 0],
    ['to < from', '2026-03-10T09:00:00Z', '2026-03-10T08:00:00Z', BW, 0],
    ['only outside hours', '2026-03-10T16:00:00Z', '2026-03-11T06:00:00Z', BW, 0], // Di 17:00 – Mi 07:00
    ['over the weekend', '2026-03-13T11:00:00Z', '2026-03-16T07:00:00Z', BW, 60], // Fr 12:00 – Mo 08:00
    ['a full week', '2026-03-08T23:00:00Z', '2026-03-15T23:00:00Z', BW, 2340], // Mo 00:00 – Mo 00:00
    ['Easter week (Karfreitag)', '2026-03-29T22:00:00Z', '2026-04-05T22:00:00Z', BW, 2040], // Mo 30.3. – Mo 6.4.
    ['week after Easter (Ostermontag)', '2026-04-05T22:00:00Z', '2026-04-12T22:00:00Z', BW, 1830],
    ['Fronleichnam week BW', '2026-05-31T22:00:00Z', '2026-06-07T22:00:00Z', BW, 1830],
    ['Fronleichnam week NI', '2026-05-31T22:00:00Z', '2026-06-07T22:00:00Z', NI, 2340],
    ['DST Sunday in March: 23h', '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z', SUNDAY_ALL_DAY, 1380],
    ['DST Sunday in October: 25h', '2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z', SUNDAY_ALL_DAY, 1500],
    ['window 01–04 on spring Sunday', '2026-03-28T12:00:00Z', '2026-03-30T00:00:00Z', NIGHT_SHIFT, 120],
    ['window 01–04 on autumn Sunday', '2026-10-24T12:00:00Z', '2026-10-26T00:00:00Z', NIGHT_SHIFT, 240],
    ['seconds are kept', '2026-03-10T08:00:00Z', '2026-03-10T08:00:30Z', BW, 0.5],
  ])('%s', (_name, from, to, cal, expected) => {
    expect(workingMinutesBetween(d(from), d(to), cal)).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const MIN = 60_000;
const instant = (iso: string) => d(iso).getTime() / MIN;
/** Minute-aligned instants, biased towards the DST changes and Easter 2026. */
const arbStart = fc
  .oneof(
    fc.integer({ min: instant('2026-01-01T00:00:00Z'), max: instant('2028-01-01T00:00:00Z') }),
    fc.integer({ min: instant('2026-03-20T00:00:00Z'), max: instant('2026-04-10T00:00:00Z') }),
    fc.integer({ min: instant('2026-10-18T00:00:00Z'), max: instant('2026-10-30T00:00:00Z') }),
  )
  .map((m) => new Date(m * MIN));
const arbCal = fc.constantFrom(BW, NI, EIGHT_TO_FOUR, NIGHT_SHIFT, SUNDAY_ALL_DAY);

/** Reference model: is the minute starting at `t` working time? (wall-clock minute inside a window) */
function isWorkingMinute(t: Date, cal: BusinessCalendar): boolean {
  const mod = t.getHours() * 60 + t.getMinutes();
  return isWorkingDay(t, cal) && cal.hours[t.getDay()].some(([s, e]) => mod >= s && mod < e);
}

/** Reference model, minute by minute (slow, only for tests). */
function slowAdd(start: Date, minutes: number, cal: BusinessCalendar): Date {
  let t = start.getTime();
  let left = minutes;
  for (;;) {
    if (isWorkingMinute(new Date(t), cal)) {
      if (left === 0) return new Date(t);
      left--;
      if (left === 0) return new Date(t + MIN);
    }
    t += MIN;
  }
}

describe('properties', () => {
  it('round trip: workingMinutesBetween(s, addWorkingMinutes(s, m)) === m, s inside a window', () => {
    fc.assert(
      fc.property(arbStart, fc.integer({ min: 0, max: 20_000 }), arbCal, (s0, m, cal) => {
        const s = addWorkingMinutes(s0, 0, cal); // moves s0 into a window
        expect(workingMinutesBetween(s, addWorkingMinutes(s, m, cal), cal)).toBe(m);
      }),
    );
  });

  it('round trip also holds for arbitrary (non-aligned) starts', () => {
    fc.assert(
      fc.property(
        arbStart,
        fc.integer({ min: 0, max: MIN - 1 }),
        fc.integer({ min: 0, max: 20_000 }),
        arbCal,
        (s, ms, m, cal) => {
          const start = new Date(s.getTime() + ms);
          expect(workingMinutesBetween(start, addWorkingMinutes(start, m, cal), cal)).toBe(m);
        },
      ),
    );
  });

  it('adding in two steps equals adding at once (b > 0)', () => {
    fc.assert(
      fc.property(arbStart, fc.nat(5000), fc.integer({ min: 1, max: 5000 }), arbCal, (s, a, b, cal) => {
        const twoSteps = addWorkingMinutes(addWorkingMinutes(s, a, cal), b, cal);
        expect(twoSteps.toISOString()).toBe(addWorkingMinutes(s, a + b, cal).toISOString());
      }),
    );
  });

  it('agrees with a minute-by-minute reference model (incl. DST and holidays)', () => {
    fc.assert(
      fc.property(arbStart, fc.nat(2000), arbCal, (s, m, cal) => {
        const fast = addWorkingMinutes(s, m, cal);
        expect(fast.toISOString()).toBe(slowAdd(s, m, cal).toISOString());
      }),
      { numRuns: 150 },
    );
  });

  it('workingMinutesBetween agrees with counting working minutes one by one', () => {
    fc.assert(
      fc.property(arbStart, fc.nat(7 * 1440), arbCal, (from, span, cal) => {
        let count = 0;
        for (let i = 0; i < span; i++) if (isWorkingMinute(new Date(from.getTime() + i * MIN), cal)) count++;
        expect(workingMinutesBetween(from, new Date(from.getTime() + span * MIN), cal)).toBe(count);
      }),
      { numRuns: 100 },
    );
  });
});
