import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCents } from './money';

describe('formatCents', () => {
  it('formats like Intl.NumberFormat, exactly from integer cents', () => {
    const de = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' });
    const en = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' });
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (cents) => {
        expect(formatCents(cents, 'de')).toBe(de.format(cents / 100));
        expect(formatCents(cents, 'en')).toBe(en.format(cents / 100));
      }),
    );
    expect(formatCents(123_456_789)).toBe('1.234.567,89\u00a0€');
  });
});
