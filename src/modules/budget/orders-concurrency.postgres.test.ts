import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBudgetTenant } from '../../../test/helpers/budget';
import { buildTenant } from '../../../test/helpers/tenant';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';

// Real contention needs several connections: PostgreSQL only (PGlite has one connection).
let t: TestContext;
beforeAll(async () => {
  t = await openTestContext();
});
afterAll(async () => {
  await t.close();
});

describe('two budget owners ordering the last remainder at the same moment', () => {
  it('lets exactly one succeed; the line never goes below zero', async () => {
    const tenant = await buildTenant(t.ctx.db);
    const budget = await buildBudgetTenant(t.ctx.db, tenant, 100_000);
    const first = as(t.app, await signIn(t.app, budget.owner.login));
    const second = as(t.app, await signIn(t.app, budget.secondOwner.login));
    for (let round = 0; round < 3; round++) {
      const line = await t.ctx.db
        .selectFrom('budget_lines')
        .select(['approved_cents', 'committed_cents', 'spent_cents'])
        .where('id', '=', budget.line.id)
        .executeTakeFirstOrThrow();
      const rest = line.approved_cents - line.committed_cents - line.spent_cents;
      // each wants the whole remainder of this round (the last round: the last remainder)
      const amount = round < 2 ? Math.floor(rest / 2) + 1 : rest;
      const payload = { budgetLineId: budget.line.id, amount, title: `Runde ${round}` };
      const results = await Promise.all([
        first({ method: 'POST', url: '/api/v1/orders', payload }),
        second({ method: 'POST', url: '/api/v1/orders', payload }),
      ]);
      const codes = results.map((r) => r.statusCode).sort();
      expect(codes, results.map((r) => r.body).join('\n')).toEqual([201, 409]);
      const refused = results.find((r) => r.statusCode === 409);
      expect(refused?.json()).toMatchObject({ code: 'budgetExceeded', requested: amount });
    }
    const after = await t.ctx.db
      .selectFrom('budget_lines')
      .select(['approved_cents', 'committed_cents'])
      .where('id', '=', budget.line.id)
      .executeTakeFirstOrThrow();
    const orders = await t.ctx.db
      .selectFrom('orders')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('amount_cents').as('sum')])
      .where('line_id', '=', budget.line.id)
      .executeTakeFirstOrThrow();
    expect(Number(orders.n)).toBe(3);
    expect(Number(orders.sum)).toBe(after.committed_cents);
    expect(after.committed_cents).toBeLessThanOrEqual(after.approved_cents);
    expect(after.committed_cents).toBe(after.approved_cents);
  });
});
