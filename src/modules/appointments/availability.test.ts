import { describe, expect, it } from 'vitest';
import { parseBusy } from './availability';

describe('parseBusy', () => {
  it('reads the "start,end,…" text of epoch milliseconds the slot query sends', () => {
    const a = Date.parse('2026-11-24T08:00:00.000Z');
    const b = Date.parse('2026-11-24T08:45:00.123Z');
    expect(parseBusy(`${a},${b},${a + 3_600_000},${b + 3_600_000}`)).toEqual([
      [a, b],
      [a + 3_600_000, b + 3_600_000],
    ]);
    expect(parseBusy('-1000,5')).toEqual([[-1000, 5]]);
    expect(parseBusy(null)).toEqual([]);
    expect(parseBusy('')).toEqual([]);
  });
});
