import type { Actor } from '../auth/actor';
import { maintainsAssets } from './policy';
import type { AssetRow, AssignmentRow } from './repository';
import { allowedAssetStatuses } from './state-machine';

export function presentAsset(row: AssetRow) {
  return {
    inventoryNumber: row.inventory_number,
    type: row.asset_type,
    manufacturer: row.manufacturer,
    model: row.model,
    serialNumber: row.serial_number,
    hostname: row.hostname,
    operatingSystem: row.operating_system,
    lastSeenAt: row.last_seen_at,
    status: row.status,
    location: row.location,
    purchaseDate: row.purchase_date,
    purchasePriceCents: row.purchase_price_cents,
    warrantyEnd: row.warranty_end,
    budgetOrderId: row.budget_order_id,
    position:
      row.position_number !== null
        ? {
            positionNumber: row.position_number,
            title: row.position_title ?? '',
            orgUnit: { id: row.org_unit_id ?? 0, name: row.org_unit_name ?? '' },
          }
        : null,
    version: row.version,
  };
}

export function presentAssignment(a: AssignmentRow) {
  return {
    positionNumber: a.position_number,
    positionTitle: a.position_title,
    assignedAt: a.assigned_at,
    endedAt: a.ended_at,
    ticketNumber: a.ticket_number,
    assignedBy: a.assigned_by_name,
    source: a.source,
    note: a.note,
  };
}

export function presentAssetDetail(row: AssetRow, actor: Actor, assignments: AssignmentRow[]) {
  const maintains = maintainsAssets(actor);
  return {
    ...presentAsset(row),
    assignments: assignments.map(presentAssignment),
    allowedStatuses: maintains ? allowedAssetStatuses(row.status) : [],
    can: { assign: maintains, edit: maintains },
  };
}
