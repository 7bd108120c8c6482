import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';
import { demoSignIns, loadDemoData } from '../demo/load-demo-data';

// Issue 17, finding 5: the staff plan must not show equipment that the assets list hides from the same
// caller. Walks every demo role × every position (and change previews) of the demo municipality; the
// demo lives in a database of its own (PGlite per file anyway; on PostgreSQL `ownDatabase`).
let t: TestContext;
beforeAll(async () => {
  t = await openTestContext({ ownDatabase: true });
  await loadDemoData(t.ctx);
}, 120_000);
afterAll(async () => {
  await t.close();
});

interface Asset {
  inventoryNumber: string;
  serialNumber: string | null;
}
type Caller = ReturnType<typeof as>;

/** Every asset the caller's asset list shows (all pages). */
async function listedAssets(caller: Caller) {
  const seen = new Set<string>();
  let cursor: string | null = null;
  do {
    const url: string = `/api/v1/assets?limit=200${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await caller({ url });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    for (const a of page.items as Asset[]) seen.add(a.inventoryNumber);
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

const leaked = (assets: Asset[], visible: Set<string>) =>
  assets.filter((a) => !visible.has(a.inventoryNumber)).map((a) => `${a.inventoryNumber}/${a.serialNumber}`);

describe('equipment on the staff plan goes through the assets policy', () => {
  it('shows sb32 no serial number of 50.1.003 that its asset list hides (the contract)', async () => {
    const sb32 = as(t.app, await signIn(t.app, 'sb32'));
    const listed = (await sb32({ url: '/api/v1/assets?positionNumber=50.1.003&limit=200' })).json();
    const serials = new Set(listed.items.map((a: Asset) => a.serialNumber));
    const res = await sb32({ url: '/api/v1/positions/50.1.003' });
    expect(res.statusCode, res.body).toBe(200);
    const shown = res.json().assets as Asset[];
    expect(shown.filter((a) => !serials.has(a.serialNumber))).toEqual([]);
    // sb50 holds the position and still sees all of its equipment
    const sb50 = as(t.app, await signIn(t.app, 'sb50'));
    const own = (await sb50({ url: '/api/v1/positions/50.1.003' })).json();
    expect(own.assets.length).toBeGreaterThanOrEqual(4);
    expect(own.can.viewEquipment).toBe(true);
    expect(res.json().can.viewEquipment).toBe(false);
  });

  it('walks every role × position and every change preview: shown ⊆ listed', async () => {
    const positions = await t.ctx.db
      .selectFrom('positions')
      .select('position_number')
      .orderBy('position_number')
      .execute();
    const holders = await t.ctx.db.selectFrom('position_holders').select('person_id').distinct().execute();
    expect(positions.length).toBeGreaterThanOrEqual(6);
    const leaks: string[] = [];
    let checked = 0;
    for (const { login } of demoSignIns) {
      const caller = as(t.app, await signIn(t.app, login));
      const visible = await listedAssets(caller);
      for (const { position_number: n } of positions) {
        const res = await caller({ url: `/api/v1/positions/${n}` });
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json();
        for (const l of leaked(body.assets, visible)) leaks.push(`${login} ${n}: ${l}`);
        if (body.can.viewEquipment === false && body.shouldIs.lines.length)
          leaks.push(`${login} ${n}: should/is`);
        checked++;
      }
      for (const { person_id } of holders) {
        const res = await caller({
          url: `/api/v1/positions/${positions[0].position_number}/change-preview?personId=${person_id}`,
        });
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json();
        for (const s of body.staying)
          for (const l of leaked(s.assets, visible)) leaks.push(`${login} preview ${person_id}: ${l}`);
        for (const l of leaked(body.newPosition.assets, visible))
          leaks.push(`${login} preview ${person_id} new: ${l}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(48);
    expect(leaks).toEqual([]);
  });

  it('reports should/is of an org unit only over positions whose equipment the caller may see', async () => {
    const amt50 = await t.ctx.db
      .selectFrom('org_units')
      .select('id')
      .where('code', '=', '50')
      .executeTakeFirstOrThrow();
    const sb32 = as(t.app, await signIn(t.app, 'sb32'));
    const report = (await sb32({ url: `/api/v1/org-units/${amt50.id}/equipment-report` })).json();
    expect(report.positions).toEqual([]);
    expect(report.total).toEqual({ lines: [], missing: 0, surplus: 0 });
    const koord50 = as(t.app, await signIn(t.app, 'koord50'));
    const own = (await koord50({ url: `/api/v1/org-units/${amt50.id}/equipment-report` })).json();
    expect(own.total.missing).toBeGreaterThan(0);
  });
});
