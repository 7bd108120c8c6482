import { describe, expect, it } from 'vitest';
import { compareShouldIs, resolveProfile, sumReports } from './should-is';

const standard = [
  { assetType: 'laptop' as const, quantity: 1 },
  { assetType: 'monitor' as const, quantity: 2 },
  { assetType: 'deskPhone' as const, quantity: 1 },
];

describe('resolveProfile', () => {
  it('adds position items, overrides quantities and drops items set to 0', () => {
    const profile = resolveProfile(standard, [
      { assetType: 'smartphone', quantity: 1 },
      { assetType: 'monitor', quantity: 1 },
      { assetType: 'deskPhone', quantity: 0 },
    ]);
    expect(profile).toEqual([
      { assetType: 'laptop', quantity: 1 },
      { assetType: 'monitor', quantity: 1 },
      { assetType: 'smartphone', quantity: 1 },
    ]);
  });
});

describe('compareShouldIs', () => {
  it.each([
    {
      name: 'complete workplace',
      present: ['laptop', 'monitor', 'monitor', 'deskPhone'],
      missing: 0,
      surplus: 0,
    },
    { name: 'empty (vacant, never equipped)', present: [], missing: 4, surplus: 0 },
    {
      name: 'one monitor short, an extra smartphone',
      present: ['laptop', 'monitor', 'deskPhone', 'smartphone'],
      missing: 1,
      surplus: 1,
    },
  ])('$name', ({ present, missing, surplus }) => {
    const report = compareShouldIs(
      standard,
      present.map((t) => ({ assetType: t as 'laptop', status: 'issued' as const })),
    );
    expect(report.missing).toBe(missing);
    expect(report.surplus).toBe(surplus);
  });

  it('counts ordered and in-repair equipment as present, retired not', () => {
    const report = compareShouldIs(standard, [
      { assetType: 'laptop', status: 'inRepair' },
      { assetType: 'monitor', status: 'ordered' },
      { assetType: 'monitor', status: 'retired' },
    ]);
    expect(report.lines.find((l) => l.assetType === 'monitor')).toEqual({
      assetType: 'monitor',
      should: 2,
      is: 1,
      missing: 1,
      surplus: 0,
    });
    expect(report.missing).toBe(2);
  });

  it('sums an org unit without letting one surplus fill another gap', () => {
    const a = compareShouldIs(standard, [
      { assetType: 'laptop', status: 'issued' },
      { assetType: 'laptop', status: 'issued' },
    ]);
    const b = compareShouldIs(standard, []);
    const sum = sumReports([a, b]);
    const laptop = sum.lines.find((l) => l.assetType === 'laptop');
    expect(laptop).toEqual({ assetType: 'laptop', should: 2, is: 2, missing: 1, surplus: 1 });
    expect(sum.missing).toBe(a.missing + b.missing);
  });
});
