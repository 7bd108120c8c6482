import { describe, expect, it } from 'vitest';
import { generateSlots, isPublicHoliday, localDateString } from './rhythm';

const local = (d: Date) =>
  `${localDateString(d)} ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;

describe('committee rhythm', () => {
  const it50 = { everyWeeks: 2, weekday: 2, startTime: '10:00', durationMinutes: 90, startsOn: '2026-03-02' };
  const digi50 = { ...it50, offsetWeeks: 1 };

  it('generates every second Tuesday at 10:00 local time, across the DST change', () => {
    const slots = generateSlots(it50, new Date(2026, 2, 1), new Date(2026, 3, 1), 'BW');
    expect(slots.map((s) => local(s.startsAt))).toEqual([
      '2026-03-03 10:00',
      '2026-03-17 10:00',
      '2026-03-31 10:00',
    ]);
    // 29 March 2026 is the switch to summer time: 10:00 CET is 09:00Z, 10:00 CEST is 08:00Z
    expect(slots[1].startsAt.toISOString()).toBe('2026-03-17T09:00:00.000Z');
    expect(slots[2].startsAt.toISOString()).toBe('2026-03-31T08:00:00.000Z');
    expect(slots[2].endsAt.getTime() - slots[2].startsAt.getTime()).toBe(90 * 60_000);
  });

  it('alternates: the second committee takes the weeks in between', () => {
    const a = generateSlots(it50, new Date(2026, 4, 1), new Date(2026, 6, 1), 'BW').map((s) =>
      local(s.startsAt),
    );
    const b = generateSlots(digi50, new Date(2026, 4, 1), new Date(2026, 6, 1), 'BW').map((s) =>
      local(s.startsAt),
    );
    const all = [...a, ...b].sort();
    // one meeting a week, alternating between the two, never both in one week
    for (let i = 1; i < all.length; i++) {
      const gap =
        (new Date(all[i].replace(' ', 'T')).getTime() - new Date(all[i - 1].replace(' ', 'T')).getTime()) /
        86_400_000;
      expect(gap).toBeGreaterThanOrEqual(7);
    }
    expect(a).toContain('2026-05-12 10:00');
    expect(b).toContain('2026-05-19 10:00');
    expect(a.filter((x) => b.includes(x))).toEqual([]);
  });

  it('skips public holidays of the Land (Easter Monday, Whit Monday, Day of German Unity)', () => {
    const mondays = {
      everyWeeks: 1,
      weekday: 1,
      startTime: '14:00',
      durationMinutes: 60,
      startsOn: '2026-03-30',
    };
    const slots = generateSlots(mondays, new Date(2026, 3, 1), new Date(2026, 4, 30), 'BW').map((s) =>
      localDateString(s.startsAt),
    );
    expect(slots).not.toContain('2026-04-06'); // Ostermontag
    expect(slots).toContain('2026-04-13');
    expect(slots).not.toContain('2026-05-25'); // Pfingstmontag
    expect(slots).toContain('2026-05-18');
    const saturdays = {
      everyWeeks: 1,
      weekday: 6,
      startTime: '09:00',
      durationMinutes: 60,
      startsOn: '2026-10-01',
    };
    expect(
      generateSlots(saturdays, new Date(2026, 9, 1), new Date(2026, 9, 10), 'BW').map((s) =>
        localDateString(s.startsAt),
      ),
    ).toEqual([]);
    expect(isPublicHoliday(new Date(2026, 9, 3), 'BW')).toBe(true);
    expect(isPublicHoliday(new Date(2027, 0, 6), 'BW')).toBe(true); // Heilige Drei Könige in BW
    expect(isPublicHoliday(new Date(2027, 0, 6), 'NW')).toBe(false);
  });

  it('keeps 09:00 local across the switch back to winter time and starts at `from`', () => {
    const weekly = {
      everyWeeks: 1,
      weekday: 4,
      startTime: '09:00',
      durationMinutes: 60,
      startsOn: '2020-01-02',
    };
    const slots = generateSlots(weekly, new Date(2026, 9, 20), new Date(2026, 10, 3), 'BW');
    expect(slots.map((s) => s.startsAt.toISOString())).toEqual([
      '2026-10-22T07:00:00.000Z',
      '2026-10-29T08:00:00.000Z',
    ]);
  });
});
