import { sql, type Transaction } from 'kysely';
import type { DB } from '../../../db/schema';
import type { AssetRecord, PlannedRow } from './plan-asset-import';

const CHUNK = 5000;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Column arrays for unnest(): one array per column, so 5,000 rows are one statement. */
function columns(records: AssetRecord[]) {
  const pick = <K extends keyof AssetRecord>(k: K) => records.map((r) => r[k]);
  return {
    inventory_number: pick('inventory_number'),
    asset_type: pick('asset_type'),
    manufacturer: pick('manufacturer'),
    model: pick('model'),
    serial_number: pick('serial_number'),
    hostname: pick('hostname'),
    operating_system: pick('operating_system'),
    last_seen_at: records.map((r) => r.last_seen_at?.toISOString() ?? null),
    installed_software: pick('installed_software'),
    status: pick('status'),
    position_id: pick('position_id'),
    location: pick('location'),
    purchase_date: pick('purchase_date'),
    purchase_price_cents: pick('purchase_price_cents'),
    warranty_end: pick('warranty_end'),
    budget_order_id: pick('budget_order_id'),
  };
}

const unnestColumns = (c: ReturnType<typeof columns>, ids?: number[]) => sql`unnest(
  ${ids ? sql`${ids}::bigint[], ` : sql``}${c.inventory_number}::text[], ${c.asset_type}::text[], ${c.manufacturer}::text[], ${c.model}::text[],
  ${c.serial_number}::text[], ${c.hostname}::text[], ${c.operating_system}::text[], ${c.last_seen_at}::timestamptz[],
  ${c.installed_software}::text[], ${c.status}::text[], ${c.position_id}::bigint[], ${c.location}::text[],
  ${c.purchase_date}::date[], ${c.purchase_price_cents}::bigint[], ${c.warranty_end}::date[], ${c.budget_order_id}::bigint[])`;

/** Writes a plan with multi-row statements (unnest), inside the caller's transaction. */
export async function writeAssetImport(trx: Transaction<DB>, plan: PlannedRow[], actorId: number) {
  const now = new Date();
  const creates = plan.filter((r) => r.action === 'create' && r.record);
  const updates = plan.filter((r) => r.action === 'update' && r.record && r.assetId);
  const assignments: { assetId: number; positionId: number; ticketNumber: string | null }[] = [];

  for (const part of chunks(creates)) {
    const inserted = await sql<{ id: number; inventory_number: string }>`
      INSERT INTO assets (inventory_number, asset_type, manufacturer, model, serial_number, hostname,
        operating_system, last_seen_at, installed_software, status, position_id, location, purchase_date,
        purchase_price_cents, warranty_end, budget_order_id, created_at, updated_at)
      SELECT *, ${now}::timestamptz, ${now}::timestamptz FROM ${unnestColumns(columns(part.map((r) => r.record as AssetRecord)))}
      RETURNING id, inventory_number`.execute(trx);
    const ids = new Map(inserted.rows.map((r) => [r.inventory_number, r.id]));
    for (const r of part)
      if (r.assignment)
        assignments.push({
          assetId: ids.get((r.record as AssetRecord).inventory_number) as number,
          ...r.assignment,
        });
  }

  for (const part of chunks(updates)) {
    const c = columns(part.map((r) => r.record as AssetRecord));
    const ids = part.map((r) => r.assetId as number);
    await sql`
      UPDATE assets a SET asset_type = u.asset_type, manufacturer = u.manufacturer, model = u.model,
        serial_number = u.serial_number, hostname = u.hostname, operating_system = u.operating_system,
        last_seen_at = u.last_seen_at, installed_software = u.installed_software, status = u.status,
        position_id = u.position_id, location = u.location, purchase_date = u.purchase_date,
        purchase_price_cents = u.purchase_price_cents, warranty_end = u.warranty_end,
        budget_order_id = u.budget_order_id, updated_at = ${now}, version = a.version + 1
      FROM ${unnestColumns(c, ids)} AS u(id, inventory_number, asset_type, manufacturer, model, serial_number,
        hostname, operating_system, last_seen_at, installed_software, status, position_id, location, purchase_date,
        purchase_price_cents, warranty_end, budget_order_id)
      WHERE a.id = u.id`.execute(trx);
    for (const r of part)
      if (r.assignment) assignments.push({ assetId: r.assetId as number, ...r.assignment });
  }

  for (const part of chunks(assignments)) {
    const assetIds = part.map((a) => a.assetId);
    await sql`UPDATE asset_assignments SET ended_at = ${now}
      WHERE asset_id = ANY(${assetIds}::bigint[]) AND ended_at IS NULL`.execute(trx);
    await sql`
      INSERT INTO asset_assignments (asset_id, position_id, assigned_at, ticket_number, assigned_by_id, source)
      SELECT a, p, ${now}::timestamptz, t, ${actorId}::bigint, 'import'
      FROM unnest(${assetIds}::bigint[], ${part.map((a) => a.positionId)}::bigint[],
        ${part.map((a) => a.ticketNumber)}::text[]) AS x(a, p, t)`.execute(trx);
  }
  return { created: creates.length, updated: updates.length, assigned: assignments.length };
}
