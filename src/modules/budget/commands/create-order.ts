import type { AppContext } from '../../../context';
import { AppError } from '../../../http/errors';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { createTicket } from '../../tickets/commands/create-ticket';
import { formatCents } from '../money';
import { budgetScope, ownsLine } from '../policy';
import type { OrderKind } from '../tables';

export interface CreateOrderInput {
  budgetLineId: number;
  itemId?: number;
  quantity: number;
  /** cents; required without an approved item, computed from the item's unit price otherwise */
  amount?: number;
  title?: string;
  description?: string;
  kind?: OrderKind;
}

/**
 * A simple order (process type b): the line's budget owner orders; the amount is committed against
 * the line under its row lock, and an `order` ticket informs IT, who fulfils it. One transaction.
 */
export async function createOrder(
  ctx: AppContext,
  actor: Actor,
  input: CreateOrderInput,
): Promise<{ orderId: number; ticketNumber: string }> {
  // reference reads before the transaction (PGlite has one connection)
  const line = await ctx.db
    .selectFrom('budget_lines')
    .select(['id', 'org_unit_id', 'code', 'name'])
    .where('id', '=', input.budgetLineId)
    .executeTakeFirst();
  if (!line) throw new AppError(404, 'budgetLineNotFound', { id: input.budgetLineId });
  const scope = await budgetScope(ctx.db, actor);
  if (!ownsLine(scope, line)) throw new AppError(403, 'budgetOwnerOnly');
  const item = input.itemId
    ? await ctx.db
        .selectFrom('budget_items')
        .select(['id', 'name', 'unit_price_cents'])
        .where('id', '=', input.itemId)
        .where('line_id', '=', line.id)
        .executeTakeFirst()
    : null;
  if (input.itemId && !item)
    throw new AppError(422, 'budgetItemUnknown', {}, [
      { field: 'body.itemId', message: 'not an approved item of this budget line' },
    ]);
  const amount = item ? item.unit_price_cents * input.quantity : input.amount;
  if (amount === undefined)
    throw new AppError(422, 'orderAmountRequired', {}, [
      { field: 'body.amount', message: 'required without an approved item (integer cents)' },
    ]);
  if (!Number.isSafeInteger(amount) || amount <= 0)
    throw new AppError(422, 'validationFailed', { fields: 'body.amount' }, [
      { field: 'body.amount', message: 'expected a positive integer number of cents' },
    ]);
  const title =
    input.title?.trim() ||
    item?.name ||
    input.description?.trim().split('\n')[0].slice(0, 150) ||
    'Bestellung';
  const kind: OrderKind = input.kind ?? (item ? 'approvedItem' : 'replacement');

  let orderId = 0;
  const ticketNumber = await createTicket(ctx, actor, {
    title: `Bestellung: ${title}`.slice(0, 200),
    description: [
      input.description ?? '',
      `Haushaltsstelle ${line.code} – ${line.name}`,
      `Menge ${input.quantity}, Betrag ${formatCents(amount)}`,
    ]
      .filter(Boolean)
      .join('\n'),
    priority: 'normal',
    processType: 'order',
    afterInsert: async (trx, ticket) => {
      // the row lock serialises every order against this line: two owners racing for the last
      // remainder queue here, the second sees the first one's commitment
      const locked = await trx
        .selectFrom('budget_lines')
        .select(['approved_cents', 'committed_cents', 'spent_cents'])
        .where('id', '=', line.id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const remaining = locked.approved_cents - locked.committed_cents - locked.spent_cents;
      if (amount > remaining) {
        throw new AppError(409, 'budgetExceeded', {
          remaining,
          requested: amount,
          remainingFormatted: formatCents(remaining, actor.locale),
          requestedFormatted: formatCents(amount, actor.locale),
        });
      }
      if (item) {
        const it = await trx
          .selectFrom('budget_items')
          .select(['quantity', 'ordered_quantity'])
          .where('id', '=', item.id)
          .forUpdate()
          .executeTakeFirstOrThrow();
        const left = it.quantity - it.ordered_quantity;
        if (input.quantity > left) {
          throw new AppError(409, 'itemQuantityExceeded', {
            remainingQuantity: left,
            requestedQuantity: input.quantity,
          });
        }
        await trx
          .updateTable('budget_items')
          .set((eb) => ({ ordered_quantity: eb('ordered_quantity', '+', input.quantity) }))
          .where('id', '=', item.id)
          .execute();
      }
      const order = await trx
        .insertInto('orders')
        .values({
          line_id: line.id,
          item_id: item?.id ?? null,
          ticket_id: ticket.id,
          kind,
          title,
          quantity: input.quantity,
          amount_cents: amount,
          ordered_by_id: actor.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      orderId = order.id;
      await trx
        .updateTable('budget_lines')
        .set((eb) => ({ committed_cents: eb('committed_cents', '+', amount) }))
        .where('id', '=', line.id)
        .execute();
      await recordAudit(trx, actor, 'budget.order', 'order', order.id, null, {
        lineId: line.id,
        itemId: item?.id ?? null,
        quantity: input.quantity,
        amountCents: amount,
        ticket: ticket.number,
        remainingBefore: remaining,
      });
    },
  });
  return { orderId, ticketNumber };
}
