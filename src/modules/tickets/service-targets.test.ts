import { describe, expect, it } from 'vitest';
import { parseBusinessHours } from '../../shared/working-time';
import { computeDueTimes } from './service-targets';

process.env.TZ = 'Europe/Berlin';
const calendar = parseBusinessHours('Mo-Do 07:30-16:00; Fr 07:30-12:30', 'BW');

describe('computeDueTimes (working hours, BW holidays)', () => {
  it.each([
    // created            first response / resolution (working minutes)   expected (UTC)
    // Mon 09:00 CET: 420 min left that day → Tue 08:30; 2400 min = Mon 420 + Tue–Thu 3×510 + Fri 300 → next Mon 10:00
    [
      'Mon 09:00, normal 8 h / 5 d',
      '2026-11-23T08:00:00Z',
      480,
      2400,
      '2026-11-24T07:30:00.000Z',
      '2026-11-30T09:00:00.000Z',
    ],
    // Fri 12:00: 30 min until the Friday closing time 12:30; the rest runs on Monday from 07:30
    [
      'Fri 12:00, critical 30 min / 4 h',
      '2026-11-27T11:00:00Z',
      30,
      240,
      '2026-11-27T11:30:00.000Z',
      '2026-11-30T10:00:00.000Z',
    ],
    // Thu 02.04.2026 15:00 CEST: 60 min until 16:00; Good Friday, weekend and Easter Monday skipped → Tue 08:30
    [
      'before Easter (Good Friday + Easter Monday closed)',
      '2026-04-02T13:00:00Z',
      60,
      120,
      '2026-04-02T14:00:00.000Z',
      '2026-04-07T06:30:00.000Z',
    ],
    [
      'Saturday, counted from Monday 07:30',
      '2026-11-28T10:00:00Z',
      30,
      60,
      '2026-11-30T07:00:00.000Z',
      '2026-11-30T07:30:00.000Z',
    ],
  ])('%s', (_case, created, firstResponse, resolution, firstDue, resolutionDue) => {
    const due = computeDueTimes(
      new Date(created),
      { firstResponseMinutes: firstResponse, resolutionMinutes: resolution },
      calendar,
    );
    expect(due.firstResponseDueAt.toISOString()).toBe(firstDue);
    expect(due.resolutionDueAt.toISOString()).toBe(resolutionDue);
  });
});
