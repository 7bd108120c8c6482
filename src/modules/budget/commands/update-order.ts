import type { AppContext } from '../../../context';
import { AppError, forbidden } from '../../../http/errors';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { budgetScope, canSeeLine, ownsLine } from '../policy';

/**
 * IT fulfils an order (committed → spent) or an order is cancelled (committed → cancelled, by IT or
 * the line's budget owner), moving the amount between the line's running sums under its row lock.
 */
export async function updateOrderState(
  ctx: AppContext,
  actor: Actor,
  orderId: number,
  state: 'spent' | 'cancelled',
): Promise<void> {
  const order = await ctx.db
    .selectFrom('orders')
    .innerJoin('budget_lines', 'budget_lines.id', 'orders.line_id')
    .select(['orders.id', 'orders.line_id', 'budget_lines.org_unit_id'])
    .where('orders.id', '=', orderId)
    .executeTakeFirst();
  const scope = await budgetScope(ctx.db, actor);
  if (!order || !(canSeeLine(scope, order) || actor.isAgent))
    throw new AppError(404, 'orderNotFound', { id: orderId });
  if (!(actor.isAgent || (state === 'cancelled' && ownsLine(scope, order)))) throw forbidden();

  await ctx.db.transaction().execute(async (trx) => {
    await trx.selectFrom('budget_lines').select('id').where('id', '=', order.line_id).forUpdate().execute();
    const current = await trx
      .selectFrom('orders')
      .select(['state', 'amount_cents', 'item_id', 'quantity'])
      .where('id', '=', orderId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (current.state !== 'committed') throw new AppError(409, 'orderNotCommitted', { state: current.state });
    const now = new Date();
    await trx
      .updateTable('orders')
      .set(state === 'spent' ? { state, spent_at: now } : { state, cancelled_at: now })
      .where('id', '=', orderId)
      .execute();
    await trx
      .updateTable('budget_lines')
      .set((eb) =>
        state === 'spent'
          ? {
              committed_cents: eb('committed_cents', '-', current.amount_cents),
              spent_cents: eb('spent_cents', '+', current.amount_cents),
            }
          : { committed_cents: eb('committed_cents', '-', current.amount_cents) },
      )
      .where('id', '=', order.line_id)
      .execute();
    if (state === 'cancelled' && current.item_id !== null) {
      await trx
        .updateTable('budget_items')
        .set((eb) => ({ ordered_quantity: eb('ordered_quantity', '-', current.quantity) }))
        .where('id', '=', current.item_id)
        .execute();
    }
    await recordAudit(
      trx,
      actor,
      `budget.order.${state}`,
      'order',
      orderId,
      { state: 'committed' },
      { state },
    );
  });
}
