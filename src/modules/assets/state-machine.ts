import type { AssetStatus } from './tables';

// The lifecycle of an asset: ordered → in stock → issued ⇄ in repair → retired → disposed.
// A delivery may go straight to the position (ordered → issued); a cancelled order is retired.
const transitions: Record<AssetStatus, readonly AssetStatus[]> = {
  ordered: ['inStock', 'issued', 'retired'],
  inStock: ['issued', 'inRepair', 'retired'],
  issued: ['inStock', 'inRepair', 'retired'],
  inRepair: ['inStock', 'issued', 'retired'],
  retired: ['disposed'],
  disposed: [],
};

export function canTransitionAsset(from: AssetStatus, to: AssetStatus): boolean {
  return transitions[from].includes(to);
}

export function allowedAssetStatuses(from: AssetStatus): AssetStatus[] {
  return [...transitions[from]];
}

/** Retired and disposed assets are no longer assigned to anything. */
export const isAssignable = (status: AssetStatus) => status !== 'retired' && status !== 'disposed';
