import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTenant } from '../../../test/helpers/tenant';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';
import { buildPerson } from '../org/builders';
import { buildBudgetPeriod } from './builders';

let t: TestContext;
beforeAll(async () => {
  t = await openTestContext();
});
afterAll(async () => {
  await t.close();
});

describe('innovation round', () => {
  it('members score against weighted criteria, everyone sees the ranking, the chair closes and funded projects get a line', async () => {
    const tenant = await buildTenant(t.ctx.db);
    const period = await buildBudgetPeriod(t.ctx.db);
    const member = await buildPerson(t.ctx.db, { orgUnitId: tenant.department.id });
    const login = async (p: { login: string }) => as(t.app, await signIn(t.app, p.login));
    const head = await login(tenant.itHead);
    const chair = await login(tenant.coordinator);
    const m = await login(member);
    const outsider = await login(tenant.outsider);

    const payload = {
      name: 'Innovationsbudget Q3',
      quarter: '2026-Q3',
      periodId: period.id,
      amount: 5_000_000,
      maxFunded: 1,
      chairId: tenant.coordinator.id,
      memberIds: [member.id],
      criteria: [
        { key: 'benefit', name: 'Nutzen', weight: 3 },
        { key: 'legal', name: 'Rechtliche Pflicht', weight: 2 },
      ],
    };
    const created = await head({ method: 'POST', url: '/api/v1/innovation-rounds', payload });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect((await outsider({ method: 'GET', url: `/api/v1/innovation-rounds/${id}` })).statusCode).toBe(404);
    // only IT heads and admins open rounds
    expect((await chair({ method: 'POST', url: '/api/v1/innovation-rounds', payload })).statusCode).toBe(403);

    const register = (title: string, requested: number) =>
      m({ method: 'POST', url: `/api/v1/innovation-rounds/${id}/projects`, payload: { title, requested } });
    await register('KI-Posteingang', 2_000_000);
    const reg = await register('Digitale Akteneinsicht', 1_000_000);
    expect(reg.statusCode, reg.body).toBe(201);
    const [a, b] = reg.json().projects.sort((x: { id: number }, y: { id: number }) => x.id - y.id);

    const score = (client: ReturnType<typeof as>, projectId: number, scores: Record<string, number>) =>
      client({
        method: 'PUT',
        url: `/api/v1/innovation-rounds/${id}/scores`,
        payload: { projectId, scores },
      });
    expect((await score(m, a.id, { benefit: 5, legal: 1 })).statusCode).toBe(200);
    await score(chair, a.id, { benefit: 4, legal: 1 }); // a: 3·9 + 2·2 = 31
    await score(m, b.id, { benefit: 3, legal: 5 }); // b: 3·3 + 2·5 = 19, chair's scores missing → 0
    expect((await score(m, b.id, { benefit: 6 })).statusCode).toBe(400);
    expect((await score(m, b.id, { speed: 1 })).statusCode).toBe(422);
    expect((await score(outsider, b.id, { benefit: 1 })).statusCode).toBe(404);

    const live = (await m({ method: 'GET', url: `/api/v1/innovation-rounds/${id}` })).json();
    expect(
      live.projects.map((p: { title: string; points: number; missingScores: number }) => [
        p.title,
        p.points,
        p.missingScores,
      ]),
    ).toEqual([
      ['KI-Posteingang', 31, 0],
      ['Digitale Akteneinsicht', 19, 2],
    ]);
    expect(live.projects[0].scores).toHaveLength(4); // every member's scores are visible
    expect(live.can).toEqual({ score: true, register: true, close: false });

    expect((await m({ method: 'POST', url: `/api/v1/innovation-rounds/${id}/close` })).statusCode).toBe(403);
    const closed = await chair({ method: 'POST', url: `/api/v1/innovation-rounds/${id}/close` });
    expect(closed.statusCode, closed.body).toBe(200);
    const result = closed.json();
    expect(result.state).toBe('closed');
    expect(result.projects.map((p: { rank: number; funded: boolean }) => [p.rank, p.funded])).toEqual([
      [1, true],
      [2, false], // maxFunded 1
    ]);
    const line = await t.ctx.db
      .selectFrom('budget_lines')
      .selectAll()
      .where('id', '=', result.projects[0].budgetLineId)
      .executeTakeFirstOrThrow();
    expect(line).toMatchObject({
      approved_cents: 2_000_000,
      org_unit_id: tenant.department.id,
      period_id: period.id,
    });
    expect((await score(m, a.id, { benefit: 1 })).statusCode).toBe(409);
    expect((await chair({ method: 'POST', url: `/api/v1/innovation-rounds/${id}/close` })).statusCode).toBe(
      409,
    );
  });
});
