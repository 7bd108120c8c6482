import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';
import { loadDemoData } from '../demo/load-demo-data';

// The whole demo municipality needs its own database (fixed logins): PGlite gives each file a private one.
let t: TestContext;
beforeAll(async () => {
  t = await openTestContext();
  await loadDemoData(t.ctx);
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe('demo data of the rulebook and the budget', () => {
  it('budget50 sees the DHH 2026/27 lines of Amt 50 with the approved replacement notebook', async () => {
    const budget50 = as(t.app, await signIn(t.app, 'budget50'));
    const res = await budget50({ method: 'GET', url: '/api/v1/budget-lines' });
    expect(res.statusCode, res.body).toBe(200);
    const lines = res.json().items;
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.every((l: { period: { name: string } }) => l.period.name === 'DHH 2026/27')).toBe(true);
    const item = lines
      .flatMap((l: { items: { name: string; remainingQuantity: number }[] }) => l.items)
      .find((i: { name: string }) => i.name === 'Ersatz-Notebook Standard');
    expect(item.remainingQuantity).toBe(10);
    const invest = lines.find((l: { code: string }) => l.code === '50-IT-INV');
    expect(invest).toMatchObject({ planned: 7_500_000, spent: 240_000, committed: 0, remaining: 7_260_000 });
  });

  it('has open agenda proposals of Amt 50 for the IT committee and the digitalisation committee from routing', async () => {
    const amt50 = await t.ctx.db
      .selectFrom('org_units')
      .select('id')
      .where('code', '=', '50')
      .executeTakeFirstOrThrow();
    const proposals = await t.ctx.db
      .selectFrom('agenda_proposals')
      .select(['committee_kind', 'source', 'state'])
      .where('org_unit_id', '=', amt50.id)
      .execute();
    expect(proposals).toEqual(
      expect.arrayContaining([
        { committee_kind: 'itCommittee', source: 'routing', state: 'open' },
        { committee_kind: 'digitalisation', source: 'routing', state: 'open' },
      ]),
    );
    const digi = as(t.app, await signIn(t.app, 'digi'));
    const projects = await digi({ method: 'GET', url: '/api/v1/tickets?limit=100' });
    // the digitalisation unit sees every project of the demo (three pre-announcements here, more from
    // the demo data of other modules)
    const allProjects = await t.ctx.db
      .selectFrom('tickets')
      .select('number')
      .where('process_type', '=', 'project')
      .execute();
    expect(allProjects.length).toBeGreaterThanOrEqual(3);
    expect(
      projects
        .json()
        .items.filter((i: { processType: string }) => i.processType === 'project')
        .map((i: { number: string }) => i.number)
        .sort(),
    ).toEqual(allProjects.map((p) => p.number).sort());
  });
});
