import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTenant } from '../../../../test/helpers/tenant';
import { as, openTestContext, signIn, type TestContext } from '../../../../test/helpers/test-context';
import { processImportRuns } from '../../assets/import/import-kinds';
import { buildOrgUnit } from '../../org/builders';
import { buildPosition, uniquePositionNumber } from '../builders';

let t: TestContext;
beforeAll(async () => {
  t = await openTestContext();
});
afterAll(async () => {
  await t.close();
});

/** The upload answers 202 with a run; the run is worked as the background job would, then read. */
async function finished(client: ReturnType<typeof as>, accepted: Awaited<ReturnType<ReturnType<typeof as>>>) {
  if (accepted.statusCode !== 202)
    return { statusCode: accepted.statusCode, body: accepted.body, json: () => accepted.json() };
  await processImportRuns(t.ctx, { ids: [accepted.json().id] });
  const run = await client({ url: `/api/v1/imports/${accepted.json().id}` });
  expect(run.json(), run.body).toMatchObject({ kind: 'positions', state: 'done' });
  return { statusCode: 200, body: run.body, json: () => run.json().result };
}

describe('staff-plan import', () => {
  it('shows creates, updates and closures in a dry run, writes nothing, then writes the same', async () => {
    const tenant = await buildTenant(t.ctx.db);
    const p = uniquePositionNumber('S');
    const code = `OE${p}`.slice(0, 40);
    const unit = await buildOrgUnit(t.ctx.db, { code, kind: 'section', parentId: tenant.department.id });
    const held = await buildPosition(t.ctx.db, {
      orgUnitId: unit.id,
      positionNumber: `${p}.9`,
      title: 'Alt',
      holders: [{ personId: tenant.colleague.id }],
    });
    const agent = as(t.app, await signIn(t.app, tenant.agent.login));
    const newLogin = `neu${p}`.toLowerCase();
    const csv = [
      'Stellenplannummer;OE;Stellenbezeichnung;Stellentyp;Stellenanteil;Kennung;Stelleninhaber;E-Mail;Beschäftigungsumfang',
      `${p}.1;${code};Sachbearbeitung Grundsicherung;Standard;1;${tenant.requester.login};;;`,
      `${p}.2;${code};Sachbearbeitung Wohngeld;Mobil;1;;;;`,
      `${p}.3;${code};Außendienst;Mobil;1;${newLogin};Nora Neu;nora@example.org;50`,
      `${p}.3;;;;;${tenant.outsider.login};;;50`,
      `${p}.1;${code};Andere Bezeichnung;Standard;1;;;;`,
      `${p}.4;UNBEKANNT;Irgendwas;Standard;1;;;;`,
      `${held.positionNumber};${code};Neu benannt;Standard;1;;;;`,
    ].join('\n');
    const post = async (dryRun: boolean) =>
      finished(
        agent,
        await agent({
          method: 'POST',
          url: `/api/v1/imports/positions?dryRun=${dryRun}`,
          headers: { 'content-type': 'text/csv; charset=windows-1252' },
          payload: Buffer.from(csv, 'latin1'),
        }),
      );

    const dry = await post(true);
    expect(dry.statusCode, dry.body).toBe(200);
    const report = dry.json();
    expect(report.summary).toMatchObject({
      rows: 7,
      create: 3,
      update: 1,
      unchanged: 1,
      error: 2,
      personsCreate: 1,
      holdersOpen: 3,
      holdersClose: 1,
    });
    const codes = report.rows.flatMap((r: { errors: { code: string }[] }) => r.errors.map((e) => e.code));
    expect(codes).toEqual(expect.arrayContaining(['duplicatePositionNumber', 'unknownOrgUnit']));
    expect(report.closures).toEqual([
      { positionNumber: held.positionNumber, login: tenant.colleague.login, closesPosition: false },
    ]);
    expect((await agent({ url: `/api/v1/positions/${p}.1` })).statusCode).toBe(404);

    const real = await post(false);
    expect(real.statusCode, real.body).toBe(200);
    expect(real.json().summary).toEqual(report.summary);

    const shared = (await agent({ url: `/api/v1/positions/${p}.3` })).json();
    expect(shared.positionType).toBe('mobileWorkplace');
    expect(shared.holders.map((h: { share: number }) => h.share)).toEqual([0.5, 0.5]);
    const renamed = (await agent({ url: `/api/v1/positions/${held.positionNumber}` })).json();
    expect(renamed.title).toBe('Neu benannt');
    expect(renamed.vacant).toBe(true);
    const requester = as(t.app, await signIn(t.app, tenant.requester.login));
    const me = (await requester({ url: '/api/v1/me' })).json();
    expect(me.positions.map((x: { positionNumber: string }) => x.positionNumber)).toEqual([`${p}.1`]);

    const again = (await post(true)).json();
    expect(again.summary).toMatchObject({ create: 0, update: 0, holdersOpen: 0, holdersClose: 0, error: 2 });
  });

  it('refuses files without a staff-plan number column and non-IT callers', async () => {
    const tenant = await buildTenant(t.ctx.db);
    const agent = as(t.app, await signIn(t.app, tenant.agent.login));
    const res = await agent({
      method: 'POST',
      url: '/api/v1/imports/positions?dryRun=true',
      headers: { 'content-type': 'text/csv' },
      payload: 'Name,Login\nA,b\n',
    });
    expect(res.statusCode).toBe(422);
    const clerk = as(t.app, await signIn(t.app, tenant.requester.login));
    const denied = await clerk({
      method: 'POST',
      url: '/api/v1/imports/positions?dryRun=true',
      headers: { 'content-type': 'text/csv' },
      payload: 'Stellenplannummer\n1\n',
    });
    expect(denied.statusCode).toBe(403);
  });
});
