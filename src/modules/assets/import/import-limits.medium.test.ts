import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTenant } from '../../../../test/helpers/tenant';
import { as, openTestContext, signIn, type TestContext } from '../../../../test/helpers/test-context';
import { uniqueInventoryNumber } from '../builders';
import { processImportRuns } from './import-kinds';

let t: TestContext;
beforeAll(async () => {
  t = await openTestContext();
});
afterAll(async () => {
  await t.close();
});

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A ZIP with the given entries (deflated); `declare` overrides the inflated size the headers state. */
function zip(entries: { name: string; data: Buffer; declare?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const packed = zlib.deflateRawSync(e.data, { level: 9 });
    const size = e.declare ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(packed.length, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    central.push(cd, name);
    offset += 30 + name.length + packed.length;
  }
  const cdBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdBuf, end]);
}

async function setup() {
  const tenant = await buildTenant(t.ctx.db);
  const agent = as(t.app, await signIn(t.app, tenant.agent.login));
  const post = (body: Buffer | string, type = xlsxType) =>
    agent({
      method: 'POST',
      url: '/api/v1/imports/assets?dryRun=true',
      headers: { 'content-type': type },
      payload: body,
    });
  return { tenant, agent, post };
}

describe('import limits', () => {
  it('streams a real XLSX (first worksheet) through the background run', async () => {
    const s = await setup();
    const p = uniqueInventoryNumber('X');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Inventar');
    sheet.addRow(['Inventarnummer', 'Serial', 'Typ', 'Kaufdatum']);
    sheet.addRow([`${p}-1`, `SN-${p}-1`, 'Notebook', new Date(Date.UTC(2026, 2, 1))]);
    sheet.addRow([`${p}-2`, `SN-${p}-2`, 'Monitor', '01.04.2026']);
    workbook.addWorksheet('Notizen').addRow(['nicht lesen']);
    const accepted = await s.post(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(accepted.statusCode, accepted.body).toBe(202);
    expect(accepted.json().rowsTotal).toBeNull(); // XLSX rows are counted by the worker
    await processImportRuns(t.ctx, { ids: [accepted.json().id] });
    const run = (await s.agent({ url: `/api/v1/imports/${accepted.json().id}` })).json();
    expect(run, JSON.stringify(run.error)).toMatchObject({ state: 'done', rowsTotal: 2, rowsDone: 2 });
    expect(run.result, JSON.stringify(run.result.rows)).toMatchObject({
      encoding: 'xlsx',
      summary: { rows: 2, create: 2, error: 0 },
    });
  });

  it('refuses a zip bomb before parsing it, without the memory it would take', async () => {
    const s = await setup();
    const rss = process.memoryUsage().rss;
    const sheet = Buffer.alloc(40 * 1024 * 1024, '<row/>'); // 40 MB that deflate to ~40 KB
    const honest = await s.post(zip([{ name: 'xl/worksheets/sheet1.xml', data: sheet }]));
    expect(honest.statusCode, honest.body).toBe(422);
    expect(honest.json().code).toBe('importSuspiciousArchive');
    // the directory lies (1 KB), the data inflates to 40 MB: measured, not believed
    const lying = await s.post(zip([{ name: 'xl/worksheets/sheet1.xml', data: sheet, declare: 1024 }]));
    expect(lying.statusCode, lying.body).toBe(422);
    expect(lying.json().code).toBe('importSuspiciousArchive');
    // a declared size beyond the limit is refused from the directory alone
    const huge = await s.post(
      zip([{ name: 'xl/sharedStrings.xml', data: Buffer.from('x'), declare: 400_000_000 }]),
    );
    expect(huge.statusCode, huge.body).toBe(413);
    expect(huge.json().code).toBe('importInflatedTooLarge');
    expect(huge.json().detail).toContain('entpackt');
    expect(process.memoryUsage().rss - rss).toBeLessThan(400 * 1024 * 1024);
    const runs = await t.ctx.db
      .selectFrom('import_runs')
      .select('id')
      .where('created_by_id', '=', s.tenant.agent.id)
      .execute();
    expect(runs).toEqual([]); // nothing refused was stored
  });

  it('refuses more than 100,000 rows with 413 and shows a run only to whoever started it', async () => {
    const s = await setup();
    const rows = ['Inventarnummer'];
    for (let i = 0; i <= 100_000; i++) rows.push(`R${i}`);
    const tooMany = await s.post(rows.join('\n'), 'text/csv');
    expect(tooMany.statusCode, tooMany.body).toBe(413);
    expect(tooMany.json().code).toBe('importTooManyRows');

    const accepted = await s.post('Inventarnummer\nA-1\n', 'text/csv');
    expect(accepted.statusCode).toBe(202);
    const other = await setup();
    expect((await other.agent({ url: `/api/v1/imports/${accepted.json().id}` })).statusCode).toBe(404);
    expect((await s.agent({ url: '/api/v1/imports/999999999' })).statusCode).toBe(404);
  });
});
