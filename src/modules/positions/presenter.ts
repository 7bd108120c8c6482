import { maintainsAssets } from '../assets/policy';
import { presentAsset } from '../assets/presenter';
import type { AssetRow } from '../assets/repository';
import type { ProfileItem, ShouldIsReport } from '../assets/should-is';
import type { Actor } from '../auth/actor';
import { type HolderRow, isCurrent, type PositionRow } from './queries';

export function presentPositionSummary(row: PositionRow) {
  return {
    positionNumber: row.position_number,
    title: row.title,
    positionType: row.position_type,
    fte: row.fte_percent / 100,
    orgUnit: { id: row.org_unit_id, name: row.org_unit_name },
    closedOn: row.closed_on,
  };
}

export function presentHolder(h: HolderRow) {
  return {
    person: { id: h.person_id, name: h.person_name, login: h.person_login },
    validFrom: h.valid_from,
    validTo: h.valid_to,
    share: h.share_percent / 100,
    current: isCurrent(h),
  };
}

export function presentPositionDetail(
  row: PositionRow,
  actor: Actor,
  holders: HolderRow[],
  assets: AssetRow[],
  profile: ProfileItem[],
  equipment: { report: ShouldIsReport; viewEquipment: boolean },
) {
  const presented = holders.map(presentHolder);
  return {
    ...presentPositionSummary(row),
    vacant: row.closed_on === null && !presented.some((h) => h.current),
    holders: presented,
    assets: assets.map(presentAsset),
    profile,
    shouldIs: equipment.report,
    can: { manage: maintainsAssets(actor), viewEquipment: equipment.viewEquipment },
  };
}

export function presentMePosition(row: PositionRow & { share_percent: number; valid_from: string }) {
  return {
    positionNumber: row.position_number,
    title: row.title,
    orgUnit: { id: row.org_unit_id, name: row.org_unit_name },
    share: row.share_percent / 100,
    validFrom: row.valid_from,
  };
}
