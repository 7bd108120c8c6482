import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTenant } from '../../../../test/helpers/tenant';
import { as, openTestContext, signIn, type TestContext } from '../../../../test/helpers/test-context';
import { buildPosition } from '../../positions/builders';
import { buildAsset, uniqueInventoryNumber } from '../builders';
import { processImportRuns } from './import-kinds';

let t: TestContext;
beforeAll(async () => {
  t = await openTestContext();
});
afterAll(async () => {
  await t.close();
});

async function setup() {
  const tenant = await buildTenant(t.ctx.db);
  const position = await buildPosition(t.ctx.db, { orgUnitId: tenant.section.id });
  const other = await buildPosition(t.ctx.db, { orgUnitId: tenant.section.id });
  const p = uniqueInventoryNumber('T');
  // two assets sharing a serial (a known data-quality problem of real inventories)
  const twinSerial = `TWIN-${p}`;
  await buildAsset(t.ctx.db, { serialNumber: twinSerial });
  await buildAsset(t.ctx.db, { serialNumber: twinSerial });
  const existing = await buildAsset(t.ctx.db, {
    serialNumber: `SN-OLD-${p}`,
    positionId: position.id,
    hostname: 'OLD-HOST',
  });
  return {
    tenant,
    position,
    other,
    p,
    twinSerial,
    existing,
    agent: as(t.app, await signIn(t.app, tenant.agent.login)),
    requester: as(t.app, await signIn(t.app, tenant.requester.login)),
  };
}

/**
 * Posts an import (202 with the run), works the run as the background job would, and answers the
 * run's GET — with the report in place of the old synchronous answer. Upload refusals (4xx) come back as they are.
 */
async function post(
  client: ReturnType<typeof as>,
  body: Buffer | string,
  dryRun: boolean,
  type = 'text/csv',
) {
  const accepted = await client({
    method: 'POST',
    url: `/api/v1/imports/assets?dryRun=${dryRun}`,
    headers: { 'content-type': type },
    payload: body,
  });
  if (accepted.statusCode !== 202)
    return { statusCode: accepted.statusCode, body: accepted.body, json: () => accepted.json() };
  expect(accepted.json()).toMatchObject({ kind: 'assets', dryRun, state: 'queued', result: null });
  expect(accepted.headers.location).toBe(`/api/v1/imports/${accepted.json().id}`);
  await processImportRuns(t.ctx, { ids: [accepted.json().id] });
  const run = await client({ url: `/api/v1/imports/${accepted.json().id}` });
  expect(run.statusCode, run.body).toBe(200);
  expect(run.json()).toMatchObject({ state: 'done', progress: 1 });
  return { statusCode: 200, body: run.body, json: () => run.json().result, run: run.json() };
}

describe('inventory import', () => {
  it('reports per row in a dry run without writing, then writes the same plan', async () => {
    const s = await setup();
    const csv = [
      'Inventarnummer;Hostname;Serial;Typ;Modell;OS;Last Seen;Stellenplannummer;Standort',
      `${s.p}-1;PC-${s.p}-1;SN1-${s.p};Notebook;Latitude 5440;Windows 11;02.11.2026 08:15;${s.position.positionNumber};Zimmer 1.12`,
      `${s.p}-2;PC-${s.p}-2;SN2-${s.p};Smartphone;iPhone 15;iOS 18;;;Lager`,
      `;NEWHOST;SN-OLD-${s.p};;;Windows 11;;;`,
      `${s.p}-3;X;${s.twinSerial};Notebook;;;;;`,
      `${s.p}-4;Y;SN4-${s.p};Notebook;;;;NO.SUCH.POSITION;`,
      `${s.p}-5;Z`,
    ].join('\r\n');
    const body = Buffer.from(csv, 'latin1');

    const dry = await post(s.agent, body, true);
    expect(dry.statusCode, dry.body).toBe(200);
    const report = dry.json();
    expect(report.dryRun).toBe(true);
    expect(report.delimiter).toBe(';');
    expect(report.summary).toEqual({ rows: 6, create: 2, update: 1, unchanged: 0, error: 3 });
    const byLine = (line: number) => report.rows.find((r: { line: number }) => r.line === line);
    expect(byLine(4)).toMatchObject({ action: 'update', inventoryNumber: s.existing.inventoryNumber });
    expect(byLine(4).changes).toEqual(['hostname', 'operatingSystem']);
    expect(byLine(5).errors.map((e: { code: string }) => e.code)).toContain('serialMatchesSeveral');
    expect(byLine(6).errors.map((e: { code: string }) => e.code)).toContain('unknownPosition');
    expect(byLine(7).errors.map((e: { code: string }) => e.code)).toContain('missingColumns');
    expect((await s.agent({ url: `/api/v1/assets/${s.p}-1` })).statusCode).toBe(404);

    const real = await post(s.agent, body, false);
    expect(real.statusCode, real.body).toBe(200);
    expect(real.json().summary).toEqual(report.summary);
    const created = (await s.agent({ url: `/api/v1/assets/${s.p}-1` })).json();
    expect(created).toMatchObject({
      type: 'laptop',
      status: 'issued',
      hostname: `PC-${s.p}-1`,
      position: { positionNumber: s.position.positionNumber },
    });
    expect(created.assignments).toHaveLength(1);
    expect(new Date(created.lastSeenAt).getHours()).toBe(8);
    const updated = (await s.agent({ url: `/api/v1/assets/${s.existing.inventoryNumber}` })).json();
    expect(updated.hostname).toBe('NEWHOST');

    const again = (await post(s.agent, body, true)).json();
    expect(again.summary).toMatchObject({ create: 0, unchanged: 3, error: 3 });
  });

  it('reads UTF-8 with commas, refuses moves without a ticket, and missing key columns', async () => {
    const s = await setup();
    const move = await post(
      s.agent,
      `inventory number,serial,position\n${s.existing.inventoryNumber},,${s.other.positionNumber}\n`,
      true,
    );
    expect(move.statusCode, move.body).toBe(200);
    expect(move.json().rows[0].errors[0].code).toBe('assetMoveNeedsTicket');

    const noKey = await post(s.agent, 'Hostname;OS\nPC-1;Windows 11\n', true);
    expect(noKey.statusCode).toBe(422);
    expect(noKey.json().code).toBe('importMissingColumns');
    expect((await post(s.agent, '', true)).statusCode).toBe(422);
  });

  it('is for IT only', async () => {
    const s = await setup();
    expect((await post(s.requester, 'Inventarnummer\nX\n', true)).statusCode).toBe(403);
  });
});
