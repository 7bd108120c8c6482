import { describe, expect, it } from 'vitest';
import { localDate } from './local-date';

// vitest runs with TZ=Europe/Berlin, as the app does
describe('localDate', () => {
  it.each([
    ['2026-12-01T22:59:59Z', '2026-12-01'], // 23:59:59 in Berlin (winter, UTC+1)
    ['2026-12-01T23:00:00Z', '2026-12-02'], // midnight in Berlin, still 1 December in UTC
    ['2026-12-31T23:30:00Z', '2027-01-01'], // New Year in Berlin first
    ['2026-06-30T22:30:00Z', '2026-07-01'], // summer, UTC+2
    ['2026-06-30T21:59:00Z', '2026-06-30'],
    ['2026-03-29T00:30:00Z', '2026-03-29'], // the night of the spring switch
  ])('%s is %s in Berlin', (instant, day) => {
    expect(localDate(new Date(instant))).toBe(day);
  });
});
