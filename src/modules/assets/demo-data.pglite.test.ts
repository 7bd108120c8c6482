import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';
import { loadDemoData } from '../demo/load-demo-data';

// The demo municipality in a database of its own (PGlite per test file): the contract of issue 6.
let t: TestContext;
beforeAll(async () => {
  t = await openTestContext();
  await loadDemoData(t.ctx);
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe('demo staff plan, equipment and register', () => {
  it('gives sb50 a position in Amt 50 with equipment, and lists it under my equipment', async () => {
    const sb50 = as(t.app, await signIn(t.app, 'sb50'));
    const me = (await sb50({ url: '/api/v1/me' })).json();
    expect(me.positions).toEqual([expect.objectContaining({ positionNumber: '50.1.003' })]);
    const position = (await sb50({ url: '/api/v1/positions/50.1.003' })).json();
    expect(position.holders[0].person.login).toBe('sb50');
    expect(position.assets.length).toBeGreaterThanOrEqual(4);
    expect(position.shouldIs.missing).toBeGreaterThan(0);
    const mine = (await sb50({ url: '/api/v1/me/assets' })).json();
    expect(mine.positions[0].assets.map((a: { type: string }) => a.type)).toContain('laptop');
    const listed = (await sb50({ url: '/api/v1/assets?positionNumber=50.1.003' })).json();
    expect(listed.items).toHaveLength(position.assets.length);
  });

  it('has at least 8 applications across at least 3 responsibility models', async () => {
    const sb50 = as(t.app, await signIn(t.app, 'sb50'));
    const { items } = (await sb50({ url: '/api/v1/applications' })).json();
    expect(items.length).toBeGreaterThanOrEqual(8);
    expect(
      new Set(items.map((a: { responsibilityModel: { key: string } }) => a.responsibilityModel.key)).size,
    ).toBeGreaterThanOrEqual(3);
    expect(items.map((a: { name: string }) => a.name)).toContain('OPEN/PROSOZ');
  });

  it('reports should/is for Amt 50', async () => {
    const itSb = as(t.app, await signIn(t.app, 'it-sb'));
    const amt50 = await t.ctx.db
      .selectFrom('org_units')
      .select('id')
      .where('code', '=', '50')
      .executeTakeFirstOrThrow();
    const report = (await itSb({ url: `/api/v1/org-units/${amt50.id}/equipment-report` })).json();
    expect(report.total.missing).toBeGreaterThan(0);
    expect(report.positions.map((p: { positionNumber: string }) => p.positionNumber)).toContain('50.1.004');
  });
});
