import { describe, expect, it } from 'vitest';
import { allowedAssetStatuses, canTransitionAsset, isAssignable } from './state-machine';
import { type AssetStatus, assetStatuses } from './tables';

describe('asset lifecycle', () => {
  it.each<[AssetStatus, AssetStatus, boolean]>([
    ['ordered', 'inStock', true],
    ['ordered', 'issued', true],
    ['ordered', 'inRepair', false],
    ['inStock', 'issued', true],
    ['issued', 'inRepair', true],
    ['inRepair', 'issued', true],
    ['issued', 'retired', true],
    ['retired', 'disposed', true],
    ['retired', 'issued', false],
    ['disposed', 'inStock', false],
    ['issued', 'ordered', false],
  ])('%s → %s allowed: %s', (from, to, expected) => {
    expect(canTransitionAsset(from, to)).toBe(expected);
  });

  it('never allows staying in the same status as a transition and ends in disposed', () => {
    for (const s of assetStatuses) expect(allowedAssetStatuses(s)).not.toContain(s);
    expect(allowedAssetStatuses('disposed')).toEqual([]);
  });

  it('assigns only assets that are not retired or disposed', () => {
    expect(assetStatuses.filter(isAssignable)).toEqual(['ordered', 'inStock', 'issued', 'inRepair']);
  });
});
