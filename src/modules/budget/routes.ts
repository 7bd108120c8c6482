import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError, requestLocale } from '../../http/errors';
import { translate } from '../../http/messages';
import { requireActor } from '../auth/authenticate';
import { createOrder } from './commands/create-order';
import { updateOrderState } from './commands/update-order';
import { budgetCsv, budgetXlsx } from './export';
import { innovationRoutes } from './innovation-routes';
import { budgetScope } from './policy';
import { presentBudgetLine, presentOrder } from './presenter';
import { budgetTotals, listBudgetLines, listOrders } from './queries';
import {
  budgetLineListSchema,
  budgetLineSchema,
  budgetLinesQuery,
  createOrderBody,
  exportQuery,
  idParams,
  listOrdersQuery,
  orderSchema,
  updateOrderBody,
} from './schemas';

/** Refusals that carry figures (remaining, requested) as problem-details extension members. */
function sendFigures(request: FastifyRequest, reply: FastifyReply, error: AppError) {
  return reply
    .status(error.status)
    .type('application/problem+json')
    .send({
      type: `https://amtsdesk.de/problems/${error.code}`,
      title: 'Conflict',
      status: error.status,
      code: error.code,
      detail: translate(error.code, requestLocale(request), error.params),
      instance: request.url,
      ...error.params,
    });
}

export function budgetRoutes(app: FastifyInstance, ctx: AppContext) {
  innovationRoutes(app, ctx);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['budget'];

  async function lines(request: FastifyRequest, filters: { periodId?: number; orgUnitId?: number }) {
    const actor = requireActor(request);
    const scope = await budgetScope(ctx.db, actor);
    const locale = requestLocale(request);
    return (await listBudgetLines(ctx.db, scope, filters)).map((row) =>
      presentBudgetLine(row, scope, locale),
    );
  }

  r.get(
    '/api/v1/budget-lines',
    {
      schema: {
        tags,
        summary:
          'The budget lines the caller owns (IT heads: all) with planned, committed, spent, remaining in cents',
        querystring: budgetLinesQuery,
        response: { 200: budgetLineListSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const scope = await budgetScope(ctx.db, actor);
      const locale = requestLocale(request);
      const { limit, offset, ...filters } = request.query;
      const [rows, totals] = await Promise.all([
        listBudgetLines(ctx.db, scope, { ...filters, limit, offset }),
        budgetTotals(ctx.db, scope, filters),
      ]);
      const { count, ...sums } = totals;
      return {
        items: rows.map((row) => presentBudgetLine(row, scope, locale)),
        totals: sums,
        total: count,
        nextOffset: offset + rows.length < count ? offset + rows.length : null,
      };
    },
  );

  r.get(
    '/api/v1/budget-lines/export',
    { schema: { tags, summary: 'The caller’s budget lines as CSV or XLSX', querystring: exportQuery } },
    async (request, reply) => {
      const items = await lines(request, request.query);
      const locale = requestLocale(request);
      if (request.query.format === 'xlsx') {
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', 'attachment; filename="it-budget.xlsx"')
          .send(await budgetXlsx(items, locale));
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="it-budget.csv"')
        .send(budgetCsv(items, locale));
    },
  );

  r.get(
    '/api/v1/budget-lines/:id',
    { schema: { tags, params: idParams, response: { 200: budgetLineSchema } } },
    async (request) => {
      const actor = requireActor(request);
      const scope = await budgetScope(ctx.db, actor);
      const rows = await listBudgetLines(ctx.db, scope, { lineId: request.params.id });
      if (!rows[0]) throw new AppError(404, 'budgetLineNotFound', { id: request.params.id });
      return presentBudgetLine(rows[0], scope, requestLocale(request));
    },
  );

  r.get(
    '/api/v1/orders',
    {
      schema: {
        tags,
        summary: 'Orders against the caller’s budget lines (IT: all)',
        querystring: listOrdersQuery,
        response: { 200: z.object({ items: z.array(orderSchema) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const scope = await budgetScope(ctx.db, actor);
      const rows = await listOrders(ctx.db, actor.isAgent ? { all: true, owned: [] } : scope, {
        lineId: request.query.budgetLineId,
      });
      return { items: rows.map((row) => presentOrder(row, actor, requestLocale(request))) };
    },
  );

  r.post(
    '/api/v1/orders',
    {
      schema: {
        tags,
        summary:
          'Order against a budget line (its budget owner only); 409 with the figures when it exceeds the remainder',
        body: createOrderBody,
        response: { 201: orderSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const body = request.body;
      let result: Awaited<ReturnType<typeof createOrder>>;
      try {
        const { lineId, amountCents, ...rest } = body;
        result = await createOrder(ctx, actor, {
          ...rest,
          amount: body.amount ?? amountCents,
          budgetLineId: (body.budgetLineId ?? lineId) as number,
        });
      } catch (error) {
        if (
          error instanceof AppError &&
          (error.code === 'budgetExceeded' || error.code === 'itemQuantityExceeded')
        )
          return sendFigures(request, reply, error);
        throw error;
      }
      const [row] = await listOrders(ctx.db, { all: true, owned: [] }, { orderId: result.orderId });
      return reply
        .status(201)
        .header('location', `/api/v1/orders/${result.orderId}`)
        .send(presentOrder(row, actor, requestLocale(request)));
    },
  );

  r.patch(
    '/api/v1/orders/:id',
    {
      schema: {
        tags,
        summary: 'IT fulfils (spent) or cancels an order',
        params: idParams,
        body: updateOrderBody,
        response: { 200: orderSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await updateOrderState(ctx, actor, request.params.id, request.body.state);
      const [row] = await listOrders(ctx.db, { all: true, owned: [] }, { orderId: request.params.id });
      return presentOrder(row, actor, requestLocale(request));
    },
  );
}
