import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBudgetTenant } from '../../../test/helpers/budget';
import { buildTenant } from '../../../test/helpers/tenant';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';
import { buildBudgetLine } from './builders';

let t: TestContext;
beforeAll(async () => {
  t = await openTestContext();
});
afterAll(async () => {
  await t.close();
});

async function setup(approvedCents = 100_000) {
  const tenant = await buildTenant(t.ctx.db);
  const budget = await buildBudgetTenant(t.ctx.db, tenant, approvedCents);
  const login = async (p: { login: string }) => as(t.app, await signIn(t.app, p.login));
  return {
    tenant,
    budget,
    owner: await login(budget.owner),
    other: await login(budget.otherOwner),
    requester: await login(tenant.requester),
    agent: await login(tenant.agent),
    itHead: await login(tenant.itHead),
  };
}

type Line = { id: number; planned: number; committed: number; spent: number; remaining: number };
const lineOf = async (client: ReturnType<typeof as>, id: number): Promise<Line | undefined> =>
  (await client({ method: 'GET', url: '/api/v1/budget-lines' })).json().items.find((l: Line) => l.id === id);

describe('budget lines and orders', () => {
  it('shows the owner their lines in cents, IT heads all lines, others none', async () => {
    const { budget, owner, other, requester, itHead } = await setup();
    const res = await owner({ method: 'GET', url: '/api/v1/budget-lines' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.items).toHaveLength(1);
    expect(body).toMatchObject({
      total: 1,
      nextOffset: null,
      totals: { planned: 100_000, remaining: 100_000 },
    });
    expect(body.items[0]).toMatchObject({
      id: budget.line.id,
      planned: 100_000,
      approved: 100_000,
      committed: 0,
      spent: 0,
      remaining: 100_000,
      currency: 'EUR',
      can: { order: true },
      years: [
        { year: 2026, planned: 50_000, approved: 50_000 },
        { year: 2027, planned: 50_000, approved: 50_000 },
      ],
    });
    expect(body.items[0].formatted.remaining).toMatch(/^1\.000,00\s€$/);
    expect(body.items[0].items[0]).toMatchObject({ name: 'Ersatz-Notebook Standard', remainingQuantity: 3 });
    expect(await lineOf(other, budget.line.id)).toBeUndefined();
    expect((await requester({ method: 'GET', url: '/api/v1/budget-lines' })).json().items).toEqual([]);
    const head = await lineOf(itHead, budget.line.id);
    expect(head).toMatchObject({ remaining: 100_000, can: { order: false } });
  });

  it('orders an approved item: commits, creates an order ticket for IT, and IT marks it spent', async () => {
    const { budget, owner, agent } = await setup();
    const res = await owner({
      method: 'POST',
      url: '/api/v1/orders',
      payload: { budgetLineId: budget.line.id, itemId: budget.item.id, quantity: 2 },
    });
    expect(res.statusCode, res.body).toBe(201);
    const order = res.json();
    expect(order).toMatchObject({ amount: 40_000, state: 'committed', kind: 'approvedItem', quantity: 2 });
    expect(order.ticketNumber).toMatch(/^\d{4}-\d+$/);
    const line = await lineOf(owner, budget.line.id);
    expect(line).toMatchObject({ committed: 40_000, spent: 0, remaining: 60_000 });

    const ticket = await owner({ method: 'GET', url: `/api/v1/tickets/${order.ticketNumber}` });
    expect(ticket.statusCode, ticket.body).toBe(200);
    expect(ticket.json().processType).toBe('order');

    expect(
      (await owner({ method: 'PATCH', url: `/api/v1/orders/${order.id}`, payload: { state: 'spent' } }))
        .statusCode,
    ).toBe(403);
    const spent = await agent({
      method: 'PATCH',
      url: `/api/v1/orders/${order.id}`,
      payload: { state: 'spent' },
    });
    expect(spent.statusCode, spent.body).toBe(200);
    expect(spent.json().state).toBe('spent');
    expect(await lineOf(owner, budget.line.id)).toMatchObject({
      committed: 0,
      spent: 40_000,
      remaining: 60_000,
    });
    const again = await agent({
      method: 'PATCH',
      url: `/api/v1/orders/${order.id}`,
      payload: { state: 'cancelled' },
    });
    expect(again.statusCode).toBe(409);
  });

  it('refuses an order larger than the remainder with the figures, and writes nothing', async () => {
    const { budget, owner, agent } = await setup();
    const before = await agent({ method: 'GET', url: '/api/v1/tickets?queue=unassigned&limit=100' });
    const res = await owner({
      method: 'POST',
      url: '/api/v1/orders',
      payload: { budgetLineId: budget.line.id, amount: 100_001, title: 'Großformatdrucker' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'budgetExceeded', remaining: 100_000, requested: 100_001 });
    expect(res.json().detail).toMatch(/1\.000,01\s€.*1\.000,00\s€/);
    expect(await lineOf(owner, budget.line.id)).toMatchObject({ committed: 0, remaining: 100_000 });
    const after = await agent({ method: 'GET', url: '/api/v1/tickets?queue=unassigned&limit=100' });
    expect(after.json().items.length).toBe(before.json().items.length);

    const tooMany = await owner({
      method: 'POST',
      url: '/api/v1/orders',
      payload: { budgetLineId: budget.line.id, itemId: budget.item.id, quantity: 4 },
    });
    expect(tooMany.statusCode).toBe(409);
    expect(tooMany.json()).toMatchObject({
      code: 'itemQuantityExceeded',
      remainingQuantity: 3,
      requestedQuantity: 4,
    });
  });

  it('rejects bad input and callers who do not own the line', async () => {
    const { budget, owner, other, agent } = await setup();
    const post = (client: ReturnType<typeof as>, payload: object) =>
      client({ method: 'POST', url: '/api/v1/orders', payload });
    expect((await post(other, { budgetLineId: budget.line.id, amount: 100, title: 'x' })).statusCode).toBe(
      403,
    );
    expect((await post(agent, { budgetLineId: budget.line.id, amount: 100, title: 'x' })).statusCode).toBe(
      403,
    );
    const unknown = await post(owner, { budgetLineId: 999_999_999, amount: 100, title: 'x' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('budgetLineNotFound');
    for (const amount of [-5, 0, 12.5, '100']) {
      const res = await post(owner, { budgetLineId: budget.line.id, amount, title: 'Maus' });
      expect(res.statusCode, `amount ${amount}`).toBe(400);
    }
    expect((await post(owner, { budgetLineId: budget.line.id, title: 'Maus' })).statusCode).toBe(422);
    expect((await post(owner, { amount: 100 })).statusCode).toBe(400);
    const foreignItem = await post(owner, { budgetLineId: budget.line.id, itemId: 999_999_999 });
    expect(foreignItem.statusCode).toBe(422);
    expect(await lineOf(owner, budget.line.id)).toMatchObject({ committed: 0 });
  });

  it('exports the lines as CSV and XLSX', async () => {
    const { owner } = await setup();
    const csv = await owner({ method: 'GET', url: '/api/v1/budget-lines/export?format=csv' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('Verfügbar (EUR)');
    expect(csv.body).toContain(';1000.00');
    const xlsx = await owner({ method: 'GET', url: '/api/v1/budget-lines/export?format=xlsx' });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('keeps a line name that is a spreadsheet formula text, and amounts numbers (CSV and XLSX)', async () => {
    const { owner, budget, tenant } = await setup();
    const formula = '=HYPERLINK("http://x.example","Budget")';
    await buildBudgetLine(t.ctx.db, {
      periodId: budget.period.id,
      orgUnitId: tenant.department.id,
      name: formula,
      years: [{ year: 2026, plannedCents: 1_250 }],
    });
    const csv = await owner({ method: 'GET', url: '/api/v1/budget-lines/export?format=csv' });
    expect(csv.statusCode).toBe(200);
    const row = csv.body.split('\n').find((l) => l.includes('HYPERLINK'));
    expect(row).toContain(`"'=HYPERLINK(""http://x.example"",""Budget"")"`);
    expect(row).toMatch(/;12\.50;12\.50;0\.00;0\.00;12\.50$/);
    const xlsx = await owner({ method: 'GET', url: '/api/v1/budget-lines/export?format=xlsx' });
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    const rows: unknown[][] = [];
    sheet.eachRow((r) => {
      rows.push((r.values as unknown[]).slice(1));
    });
    const line = rows.find((r) => String(r[2]).includes('HYPERLINK'));
    expect(line?.[2]).toBe(`'${formula}`);
    expect(line?.slice(5)).toEqual([12.5, 12.5, 0, 0, 12.5]);
  });
});
