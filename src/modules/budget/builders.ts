import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import type { BudgetPurpose } from './tables';

// Builders with overrides for demo data, the innovation round and tests.
type Db = Kysely<DB> | Transaction<DB>;
let counter = 0;
// random as well: budget period names are unique, and test files in parallel processes (one shared
// PostgreSQL database) may call this in the same millisecond with the same counter
const unique = (prefix: string) =>
  `${prefix}${Date.now().toString(36)}${(++counter).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export async function buildBudgetPeriod(
  db: Db,
  overrides: { name?: string; firstYear?: number; lastYear?: number } = {},
) {
  const firstYear = overrides.firstYear ?? 2026;
  return db
    .insertInto('budget_periods')
    .values({
      name: overrides.name ?? unique('DHH '),
      first_year: firstYear,
      last_year: overrides.lastYear ?? firstYear + 1,
    })
    .returning(['id', 'name', 'first_year', 'last_year'])
    .executeTakeFirstOrThrow();
}

export interface LineOverrides {
  periodId: number;
  orgUnitId: number;
  code?: string;
  name?: string;
  purpose?: BudgetPurpose;
  /** per year: planned and approved cents */
  years: { year: number; plannedCents: number; approvedCents?: number }[];
  items?: { name: string; unitPriceCents: number; quantity: number }[];
}

export async function buildBudgetLine(db: Db, o: LineOverrides) {
  const planned = o.years.reduce((s, y) => s + y.plannedCents, 0);
  const approved = o.years.reduce((s, y) => s + (y.approvedCents ?? y.plannedCents), 0);
  const line = await db
    .insertInto('budget_lines')
    .values({
      period_id: o.periodId,
      org_unit_id: o.orgUnitId,
      code: o.code ?? unique('HHS-'),
      name: o.name ?? 'IT-Ausstattung',
      purpose: o.purpose ?? 'investment',
      planned_cents: planned,
      approved_cents: approved,
    })
    .returning(['id', 'code'])
    .executeTakeFirstOrThrow();
  await db
    .insertInto('budget_line_years')
    .values(
      o.years.map((y) => ({
        line_id: line.id,
        year: y.year,
        planned_cents: y.plannedCents,
        approved_cents: y.approvedCents ?? y.plannedCents,
      })),
    )
    .execute();
  const items = o.items?.length
    ? await db
        .insertInto('budget_items')
        .values(
          o.items.map((i) => ({
            line_id: line.id,
            name: i.name,
            unit_price_cents: i.unitPriceCents,
            quantity: i.quantity,
          })),
        )
        .returning(['id', 'name'])
        .execute()
    : [];
  return { ...line, items };
}
