import type { Actor } from '../auth/actor';
import { formatCents } from './money';
import { type BudgetScope, ownsLine } from './policy';
import type { BudgetLineRow, OrderRow } from './queries';

const money = (cents: number, locale: 'de' | 'en') => formatCents(cents, locale);

export function presentBudgetLine(row: BudgetLineRow, scope: BudgetScope, locale: 'de' | 'en') {
  const remaining = row.approved_cents - row.committed_cents - row.spent_cents;
  const items = row.items.map((i) => ({
    ...i,
    remainingQuantity: i.quantity - i.orderedQuantity,
    unitPriceFormatted: money(i.unitPrice, locale),
  }));
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    purpose: row.purpose,
    period: { id: row.period_id, name: row.period_name },
    orgUnit: { id: row.org_unit_id, name: row.org_unit_name },
    currency: 'EUR' as const,
    planned: row.planned_cents,
    approved: row.approved_cents,
    committed: row.committed_cents,
    spent: row.spent_cents,
    remaining,
    formatted: {
      planned: money(row.planned_cents, locale),
      approved: money(row.approved_cents, locale),
      committed: money(row.committed_cents, locale),
      spent: money(row.spent_cents, locale),
      remaining: money(remaining, locale),
    },
    years: row.years,
    items,
    /** the same list under a name that cannot be confused with the list's own `items` */
    approvedItems: items,
    can: { order: ownsLine(scope, row) },
  };
}

export function presentOrder(row: OrderRow, actor: Actor, locale: 'de' | 'en') {
  return {
    id: row.id,
    budgetLineId: row.line_id,
    budgetLineCode: row.line_code,
    itemId: row.item_id,
    ticketNumber: row.ticket_number,
    kind: row.kind,
    title: row.title,
    quantity: row.quantity,
    amount: row.amount_cents,
    amountFormatted: money(row.amount_cents, locale),
    state: row.state,
    orderedBy: row.ordered_by_name,
    createdAt: row.created_at,
    spentAt: row.spent_at,
    cancelledAt: row.cancelled_at,
    can: { fulfil: actor.isAgent && row.state === 'committed' },
  };
}
