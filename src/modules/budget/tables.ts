import type { Generated } from 'kysely';
import type { Id } from '../../db/schema';

export type BudgetPurpose = 'investment' | 'consumptive';
export type OrderKind = 'replacement' | 'approvedItem' | 'standardWorkplace';
export type OrderState = 'committed' | 'spent' | 'cancelled';

export interface BudgetPeriodsTable {
  id: Id;
  name: string;
  first_year: number;
  last_year: number;
  created_at: Generated<Date>;
}

export interface BudgetLinesTable {
  id: Id;
  period_id: number;
  org_unit_id: number;
  code: string;
  name: string;
  purpose: BudgetPurpose;
  planned_cents: number;
  approved_cents: number;
  /** running sums of the line's orders, kept under the line's row lock */
  committed_cents: Generated<number>;
  spent_cents: Generated<number>;
  created_at: Generated<Date>;
}

export interface BudgetLineYearsTable {
  line_id: number;
  year: number;
  planned_cents: number;
  approved_cents: number;
}

export interface BudgetItemsTable {
  id: Id;
  line_id: number;
  name: string;
  unit_price_cents: number;
  quantity: number;
  ordered_quantity: Generated<number>;
}

export interface OrdersTable {
  id: Id;
  line_id: number;
  item_id: number | null;
  ticket_id: number | null;
  kind: OrderKind;
  title: string;
  quantity: number;
  amount_cents: number;
  state: Generated<OrderState>;
  ordered_by_id: number;
  created_at: Generated<Date>;
  spent_at: Date | null;
  cancelled_at: Date | null;
}

export interface InnovationRoundsTable {
  id: Id;
  name: string;
  quarter: string;
  period_id: number;
  amount_cents: number;
  max_funded: number;
  chair_id: number;
  state: Generated<'open' | 'closed'>;
  created_at: Generated<Date>;
  closed_at: Date | null;
}

export interface InnovationCriteriaTable {
  id: Id;
  round_id: number;
  key: string;
  name: string;
  weight: number;
  position: Generated<number>;
}

export interface InnovationMembersTable {
  round_id: number;
  person_id: number;
}

export interface InnovationProjectsTable {
  id: Id;
  round_id: number;
  title: string;
  description: Generated<string>;
  requested_cents: number;
  org_unit_id: number;
  registered_by_id: number;
  created_at: Generated<Date>;
  rank: number | null;
  total_score: string | null;
  funded: Generated<boolean>;
  budget_line_id: number | null;
}

export interface InnovationScoresTable {
  project_id: number;
  criterion_id: number;
  member_id: number;
  score: number;
  updated_at: Generated<Date>;
}

export interface BudgetTables {
  budget_periods: BudgetPeriodsTable;
  budget_lines: BudgetLinesTable;
  budget_line_years: BudgetLineYearsTable;
  budget_items: BudgetItemsTable;
  orders: OrdersTable;
  innovation_rounds: InnovationRoundsTable;
  innovation_criteria: InnovationCriteriaTable;
  innovation_members: InnovationMembersTable;
  innovation_projects: InnovationProjectsTable;
  innovation_scores: InnovationScoresTable;
}
