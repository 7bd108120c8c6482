import type { PositionType } from '../positions/tables';
import { type AssetStatus, type AssetType, assetTypes } from './tables';

export interface ProfileItem {
  assetType: AssetType;
  quantity: number;
}

export interface ShouldIsLine {
  assetType: AssetType;
  should: number;
  is: number;
  missing: number;
  surplus: number;
}

export interface ShouldIsReport {
  lines: ShouldIsLine[];
  missing: number;
  surplus: number;
}

/**
 * What a position should have: the profile of its position type, where the position's own items
 * override the type's quantity for the same asset type (0 removes an item).
 */
export function resolveProfile(typeItems: ProfileItem[], positionItems: ProfileItem[]): ProfileItem[] {
  const byType = new Map<AssetType, number>();
  for (const i of typeItems) byType.set(i.assetType, i.quantity);
  for (const i of positionItems) byType.set(i.assetType, i.quantity);
  return assetTypes
    .filter((t) => (byType.get(t) ?? 0) > 0)
    .map((t) => ({ assetType: t, quantity: byType.get(t) ?? 0 }));
}

/** Counts as "is": equipment that is with the position or on its way (ordered, in repair). */
export const countsAsPresent = (status: AssetStatus) =>
  status === 'ordered' || status === 'inStock' || status === 'issued' || status === 'inRepair';

/** Should/is of one position (or, summed, of an org unit): missing and surplus per asset type. */
export function compareShouldIs(
  should: ProfileItem[],
  present: { assetType: AssetType; status: AssetStatus }[],
): ShouldIsReport {
  const shouldBy = new Map<AssetType, number>();
  for (const i of should) shouldBy.set(i.assetType, (shouldBy.get(i.assetType) ?? 0) + i.quantity);
  const isBy = new Map<AssetType, number>();
  for (const a of present)
    if (countsAsPresent(a.status)) isBy.set(a.assetType, (isBy.get(a.assetType) ?? 0) + 1);
  const lines: ShouldIsLine[] = [];
  let missing = 0;
  let surplus = 0;
  for (const assetType of assetTypes) {
    const s = shouldBy.get(assetType) ?? 0;
    const i = isBy.get(assetType) ?? 0;
    if (s === 0 && i === 0) continue;
    const line = { assetType, should: s, is: i, missing: Math.max(0, s - i), surplus: Math.max(0, i - s) };
    missing += line.missing;
    surplus += line.surplus;
    lines.push(line);
  }
  return { lines, missing, surplus };
}

/** Sums per-position reports of an org unit; a surplus at one position does not fill a gap at another. */
export function sumReports(reports: ShouldIsReport[]): ShouldIsReport {
  const by = new Map<AssetType, ShouldIsLine>();
  for (const r of reports)
    for (const l of r.lines) {
      const acc = by.get(l.assetType) ?? { assetType: l.assetType, should: 0, is: 0, missing: 0, surplus: 0 };
      acc.should += l.should;
      acc.is += l.is;
      acc.missing += l.missing;
      acc.surplus += l.surplus;
      by.set(l.assetType, acc);
    }
  const lines = assetTypes.flatMap((t) => (by.has(t) ? [by.get(t) as ShouldIsLine] : []));
  return {
    lines,
    missing: lines.reduce((n, l) => n + l.missing, 0),
    surplus: lines.reduce((n, l) => n + l.surplus, 0),
  };
}

export type ProfilesByType = Map<PositionType, ProfileItem[]>;
