import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema';
import type { BudgetScope } from './policy';
import type { BudgetPurpose, OrderKind, OrderState } from './tables';

export interface BudgetLineRow {
  id: number;
  code: string;
  name: string;
  purpose: BudgetPurpose;
  period_id: number;
  period_name: string;
  org_unit_id: number;
  org_unit_name: string;
  planned_cents: number;
  approved_cents: number;
  committed_cents: number;
  spent_cents: number;
  years: { year: number; planned: number; approved: number }[];
  items: { id: number; name: string; unitPrice: number; quantity: number; orderedQuantity: number }[];
}

export interface LineFilters {
  periodId?: number;
  orgUnitId?: number;
}

/** Count and sums over all lines the caller may see (the running sums make this independent of orders). */
export async function budgetTotals(db: Kysely<DB>, scope: BudgetScope, filters: LineFilters = {}) {
  const zero = { count: 0, planned: 0, approved: 0, committed: 0, spent: 0, remaining: 0 };
  if (!scope.all && !scope.owned.length) return zero;
  const row = await db
    .selectFrom('budget_lines as l')
    .select([
      sql<number>`count(*)::int`.as('count'),
      sql<number>`COALESCE(sum(l.planned_cents), 0)::bigint`.as('planned'),
      sql<number>`COALESCE(sum(l.approved_cents), 0)::bigint`.as('approved'),
      sql<number>`COALESCE(sum(l.committed_cents), 0)::bigint`.as('committed'),
      sql<number>`COALESCE(sum(l.spent_cents), 0)::bigint`.as('spent'),
    ])
    .$if(!scope.all, (q) => q.where('l.org_unit_id', 'in', scope.owned))
    .$if(filters.periodId !== undefined, (q) => q.where('l.period_id', '=', filters.periodId as number))
    .$if(filters.orgUnitId !== undefined, (q) => q.where('l.org_unit_id', '=', filters.orgUnitId as number))
    .executeTakeFirstOrThrow();
  return { ...row, remaining: row.approved - row.committed - row.spent };
}

/** The lines the caller may see, with their per-year split and approved items (one round trip). */
export async function listBudgetLines(
  db: Kysely<DB>,
  scope: BudgetScope,
  filters: LineFilters & { lineId?: number; limit?: number; offset?: number } = {},
): Promise<BudgetLineRow[]> {
  if (!scope.all && !scope.owned.length) return [];
  return db
    .selectFrom('budget_lines as l')
    .innerJoin('budget_periods as p', 'p.id', 'l.period_id')
    .innerJoin('org_units as u', 'u.id', 'l.org_unit_id')
    .select([
      'l.id',
      'l.code',
      'l.name',
      'l.purpose',
      'l.period_id',
      'p.name as period_name',
      'l.org_unit_id',
      'u.name as org_unit_name',
      'l.planned_cents',
      'l.approved_cents',
      'l.committed_cents',
      'l.spent_cents',
      sql<BudgetLineRow['years']>`COALESCE((SELECT json_agg(json_build_object('year', y.year,
        'planned', y.planned_cents, 'approved', y.approved_cents) ORDER BY y.year)
        FROM budget_line_years y WHERE y.line_id = l.id), '[]')`.as('years'),
      sql<BudgetLineRow['items']>`COALESCE((SELECT json_agg(json_build_object('id', i.id, 'name', i.name,
        'unitPrice', i.unit_price_cents, 'quantity', i.quantity, 'orderedQuantity', i.ordered_quantity) ORDER BY i.id)
        FROM budget_items i WHERE i.line_id = l.id), '[]')`.as('items'),
    ])
    .$if(!scope.all, (q) => q.where('l.org_unit_id', 'in', scope.owned))
    .$if(filters.periodId !== undefined, (q) => q.where('l.period_id', '=', filters.periodId as number))
    .$if(filters.orgUnitId !== undefined, (q) => q.where('l.org_unit_id', '=', filters.orgUnitId as number))
    .$if(filters.lineId !== undefined, (q) => q.where('l.id', '=', filters.lineId as number))
    .orderBy('p.first_year', 'desc')
    .orderBy('l.code')
    .orderBy('l.id')
    .$if(filters.limit !== undefined, (q) => q.limit(filters.limit as number).offset(filters.offset ?? 0))
    .execute() as Promise<BudgetLineRow[]>;
}

export interface OrderRow {
  id: number;
  line_id: number;
  line_code: string;
  item_id: number | null;
  ticket_number: string | null;
  kind: OrderKind;
  title: string;
  quantity: number;
  amount_cents: number;
  state: OrderState;
  ordered_by_name: string;
  created_at: Date;
  spent_at: Date | null;
  cancelled_at: Date | null;
}

export async function listOrders(
  db: Kysely<DB>,
  scope: BudgetScope,
  filters: { lineId?: number; orderId?: number; limit?: number } = {},
): Promise<OrderRow[]> {
  if (!scope.all && !scope.owned.length) return [];
  return db
    .selectFrom('orders as o')
    .innerJoin('budget_lines as l', 'l.id', 'o.line_id')
    .innerJoin('persons as p', 'p.id', 'o.ordered_by_id')
    .leftJoin('tickets as t', 't.id', 'o.ticket_id')
    .select([
      'o.id',
      'o.line_id',
      'l.code as line_code',
      'o.item_id',
      't.number as ticket_number',
      'o.kind',
      'o.title',
      'o.quantity',
      'o.amount_cents',
      'o.state',
      'p.name as ordered_by_name',
      'o.created_at',
      'o.spent_at',
      'o.cancelled_at',
    ])
    .$if(!scope.all, (q) => q.where('l.org_unit_id', 'in', scope.owned))
    .$if(filters.lineId !== undefined, (q) => q.where('o.line_id', '=', filters.lineId as number))
    .$if(filters.orderId !== undefined, (q) => q.where('o.id', '=', filters.orderId as number))
    .orderBy('o.id', 'desc')
    .limit(filters.limit ?? 200)
    .execute();
}
