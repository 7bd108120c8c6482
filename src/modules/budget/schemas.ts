import { z } from 'zod';

const cents = z.number().int().describe('integer cents (EUR)');

const approvedItemSchema = z.object({
  id: z.number(),
  name: z.string(),
  unitPrice: cents,
  unitPriceFormatted: z.string(),
  quantity: z.number(),
  orderedQuantity: z.number(),
  remainingQuantity: z.number(),
});

export const budgetLineSchema = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  purpose: z.enum(['investment', 'consumptive']),
  period: z.object({ id: z.number(), name: z.string() }),
  orgUnit: z.object({ id: z.number(), name: z.string() }),
  currency: z.literal('EUR'),
  planned: cents,
  approved: cents,
  committed: cents,
  spent: cents,
  remaining: cents,
  formatted: z.object({
    planned: z.string(),
    approved: z.string(),
    committed: z.string(),
    spent: z.string(),
    remaining: z.string(),
  }),
  years: z.array(z.object({ year: z.number(), planned: cents, approved: cents })),
  items: z.array(approvedItemSchema),
  approvedItems: z.array(approvedItemSchema),
  can: z.object({ order: z.boolean() }),
});

const totalsSchema = z.object({
  planned: cents,
  approved: cents,
  committed: cents,
  spent: cents,
  remaining: cents,
});

export const budgetLineListSchema = z.object({
  items: z.array(budgetLineSchema),
  /** sums over ALL lines the caller may see, not only this page */
  totals: totalsSchema,
  total: z.number(),
  nextOffset: z.number().nullable(),
});

const lineFilters = {
  periodId: z.coerce.number().int().positive().optional(),
  orgUnitId: z.coerce.number().int().positive().optional(),
};

export const budgetLinesQuery = z.strictObject({
  ...lineFilters,
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const exportQuery = z.strictObject({ ...lineFilters, format: z.enum(['csv', 'xlsx']).default('csv') });

export const idParams = z.object({ id: z.coerce.number().int().positive() });

export const orderSchema = z.object({
  id: z.number(),
  budgetLineId: z.number(),
  budgetLineCode: z.string(),
  itemId: z.number().nullable(),
  ticketNumber: z.string().nullable(),
  kind: z.enum(['replacement', 'approvedItem', 'standardWorkplace']),
  title: z.string(),
  quantity: z.number(),
  amount: cents,
  amountFormatted: z.string(),
  state: z.enum(['committed', 'spent', 'cancelled']),
  orderedBy: z.string(),
  createdAt: z.date(),
  spentAt: z.date().nullable(),
  cancelledAt: z.date().nullable(),
  can: z.object({ fulfil: z.boolean() }),
});

export const createOrderBody = z
  .strictObject({
    budgetLineId: z.number().int().positive().optional(),
    /** alias of budgetLineId */
    lineId: z.number().int().positive().optional(),
    itemId: z.number().int().positive().optional(),
    quantity: z.number().int().min(1).max(10_000).default(1),
    amount: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().describe('integer cents'),
    /** alias of amount */
    amountCents: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
    title: z.string().trim().min(1).max(150).optional(),
    description: z.string().max(20_000).optional(),
    kind: z.enum(['replacement', 'approvedItem', 'standardWorkplace']).optional(),
  })
  .refine((b) => b.budgetLineId !== undefined || b.lineId !== undefined, {
    message: 'budgetLineId is required',
    path: ['budgetLineId'],
  });

export const listOrdersQuery = z.strictObject({
  budgetLineId: z.coerce.number().int().positive().optional(),
});

export const updateOrderBody = z.strictObject({ state: z.enum(['spent', 'cancelled']) });
