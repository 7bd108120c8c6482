// Benchmark of issue 6: `npm run bench -- assets [--engine postgres|pglite] [--assets N] [--positions N]`.
// 1. import of N inventory rows (CSV, Baramundi-like columns, each assigned to a position) with validation,
// 2. the asset list filtered by org unit (subtree) + type, page of 50, at N assets and P positions,
// 3. should/is for an Amt with 500 positions.
// Runs in-process against a throwaway PostgreSQL server or an embedded PGlite in a temp directory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { loadConfig } from '../src/config';
import { createContext } from '../src/context';
import { migrate, openDatabase } from '../src/db/database';
import { shouldIsForOrgUnit } from '../src/modules/assets/equipment-report';
import { importNow } from '../src/modules/assets/import/import-kinds';
import { assetListQuery, listAssets } from '../src/modules/assets/repository';
import { loadActor } from '../src/modules/auth/actor';
import { resultsDir } from './lib/results';

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== 'assets'),
  options: {
    engine: { type: 'string', default: 'postgres' },
    assets: { type: 'string', default: '100000' },
    positions: { type: 'string', default: '20000' },
    samples: { type: 'string', default: '200' },
    explain: { type: 'boolean', default: false },
  },
});
const engine = args.engine as 'postgres' | 'pglite';
const assetCount = Number(args.assets);
const positionCount = Number(args.positions);
const samples = Number(args.samples);
const PER_AMT = 500;

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const round = (x: number) => Math.round(x * 100) / 100;

async function main() {
  let stopServer: (() => void) | null = null;
  let dataDir: string | null = null;
  let databaseUrl: string | null = null;
  if (engine === 'postgres') {
    // @ts-expect-error plain JavaScript helper without types
    const { startThrowawayPostgres } = await import('../scripts/pg-throwaway.mjs');
    const server = await startThrowawayPostgres({ settings: { fsync: 'off' } });
    databaseUrl = server.url;
    stopServer = () => server.stop();
  } else dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsdesk-bench-assets-'));
  const database = await openDatabase({ databaseUrl, dataDir: dataDir ?? '', poolSize: 4 });
  await migrate(database.db);
  const ctx = createContext(loadConfig({ databaseUrl, jobs: false, loadDemoData: false }), database, null);
  const db = ctx.db;
  const results: Record<string, unknown> = {
    engine,
    assets: assetCount,
    positions: positionCount,
    date: new Date().toISOString(),
  };
  try {
    // organisation: Ämter of 500 positions in 5 Abteilungen each
    const t0 = performance.now();
    const root = await db
      .insertInto('org_units')
      .values({ kind: 'administration', name: 'Bench', path: '/' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('org_units')
      .set({ path: `/${root.id}/` })
      .where('id', '=', root.id)
      .execute();
    const amter = Math.ceil(positionCount / PER_AMT);
    const sections: number[] = [];
    const amtIds: number[] = [];
    for (let a = 0; a < amter; a++) {
      const amt = await db
        .insertInto('org_units')
        .values({ kind: 'department', code: `B${a}`, name: `Amt ${a}`, parent_id: root.id, path: '/' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const amtPath = `/${root.id}/${amt.id}/`;
      await db.updateTable('org_units').set({ path: amtPath }).where('id', '=', amt.id).execute();
      amtIds.push(amt.id);
      for (let s = 0; s < 5; s++) {
        const sec = await db
          .insertInto('org_units')
          .values({ kind: 'section', name: `Abt ${a}.${s}`, parent_id: amt.id, path: '/' })
          .returning('id')
          .executeTakeFirstOrThrow();
        await db
          .updateTable('org_units')
          .set({ path: `${amtPath}${sec.id}/` })
          .where('id', '=', sec.id)
          .execute();
        sections.push(sec.id);
      }
    }
    const numbers = Array.from(
      { length: positionCount },
      (_, i) =>
        `B${Math.floor(i / PER_AMT)}.${Math.floor((i % PER_AMT) / 100)}.${String(i % 100).padStart(3, '0')}`,
    );
    const types = ['standardWorkplace', 'mobileWorkplace', 'specialistWorkplace'];
    for (let i = 0; i < positionCount; i += 5000) {
      const part = numbers.slice(i, i + 5000);
      await sql`INSERT INTO positions (position_number, org_unit_id, title, position_type)
        SELECT n, s, 'Sachbearbeitung', t FROM unnest(${part}::text[], ${part.map((_, j) => sections[Math.floor((i + j) / 100)])}::bigint[],
          ${part.map((_, j) => types[(i + j) % 7 === 0 ? 1 : (i + j) % 11 === 0 ? 2 : 0])}::text[]) AS x(n, s, t)`.execute(
        db,
      );
    }
    const it = await db
      .insertInto('persons')
      .values({ login: 'bench-it', name: 'Bench IT', locale: 'de' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('role_assignments')
      .values({ person_id: it.id, role: 'agent', org_unit_id: null })
      .execute();
    const actor = await loadActor(db, it.id);
    if (!actor) throw new Error('no actor');
    results.setupSeconds = round((performance.now() - t0) / 1000);

    // 1. the import
    const assetTypes = [
      'Notebook',
      'Monitor',
      'Monitor',
      'Dockingstation',
      'Telefon',
      'Smartphone',
      'Headset',
      'PC',
    ];
    const lines = [
      'Inventarnummer;Hostname;Serial;Typ;Modell;OS;Last Seen;Installed Software;Stellenplannummer',
    ];
    for (let i = 0; i < assetCount; i++) {
      const type = assetTypes[i % assetTypes.length];
      const host = type === 'Notebook' || type === 'PC' ? `MS-PC-${i}` : '';
      lines.push(
        `INV-${String(i).padStart(7, '0')};${host};SN${(i * 7919).toString(36).toUpperCase()}${i};${type};Modell ${i % 13};${host ? 'Windows 11 23H2' : ''};${host ? '02.11.2026 08:15' : ''};${host ? 'Office 2021, PROSOZ 14plus' : ''};${numbers[i % positionCount]}`,
      );
    }
    const csv = Buffer.from(lines.join('\r\n'), 'latin1');
    results.csvMegabytes = round(csv.length / 1e6);
    let t = performance.now();
    const dry = await importNow(ctx, actor, 'assets', csv, { dryRun: true });
    results.importDryRunSeconds = round((performance.now() - t) / 1000);
    t = performance.now();
    const real = await importNow(ctx, actor, 'assets', csv, { dryRun: false });
    results.importSeconds = round((performance.now() - t) / 1000);
    results.importSummary = real.summary;
    if (real.summary.create !== assetCount || dry.summary.create !== assetCount)
      throw new Error(`import: ${JSON.stringify(real.summary)}`);
    t = performance.now();
    const again = await importNow(ctx, actor, 'assets', csv, { dryRun: true });
    results.reimportDryRunSeconds = round((performance.now() - t) / 1000);
    results.reimportSummary = again.summary;
    await sql`ANALYZE`.execute(db);

    // 2. asset list: org unit (Amt subtree or Abteilung) + type, page of 50
    const listTimes: number[] = [];
    const listTypes = [['laptop'], ['monitor'], ['smartphone'], ['deskPhone']] as const;
    for (let i = 0; i < samples; i++) {
      const orgUnitId = i % 2 ? amtIds[i % amtIds.length] : sections[(i * 7) % sections.length];
      const s = performance.now();
      const page = await listAssets(db, actor, {
        orgUnitId,
        type: [...listTypes[i % listTypes.length]],
        limit: 50,
      });
      listTimes.push(performance.now() - s);
      if (!page.items.length) throw new Error('empty page');
    }
    if (args.explain)
      for (const orgUnitId of [amtIds[1], sections[7]]) {
        const compiled = assetListQuery(db, actor, { orgUnitId, type: ['laptop'], limit: 50 }).compile();
        const plan = await sql
          .raw(
            `EXPLAIN ANALYZE ${compiled.sql.replace(/\$(\d+)/g, (_, n) => {
              const v = compiled.parameters[Number(n) - 1];
              return typeof v === 'number' ? String(v) : `'${String(v)}'`;
            })}`,
          )
          .execute(db);
        console.log((plan.rows as Record<string, string>[]).map((r) => Object.values(r)[0]).join('\n'));
      }
    results.assetList = {
      n: samples,
      median: round(percentile(listTimes, 50)),
      p95: round(percentile(listTimes, 95)),
      target: 'p95 <= 20 ms',
    };

    // 3. should/is of an Amt with 500 positions
    const reportTimes: number[] = [];
    for (let i = 0; i < Math.min(samples, 100); i++) {
      const s = performance.now();
      const report = await shouldIsForOrgUnit(db, actor, amtIds[i % amtIds.length]);
      reportTimes.push(performance.now() - s);
      if (report.perPosition.length !== PER_AMT)
        throw new Error(`amt with ${report.perPosition.length} positions`);
    }
    results.shouldIsAmt500 = {
      n: reportTimes.length,
      median: round(percentile(reportTimes, 50)),
      p95: round(percentile(reportTimes, 95)),
      target: 'p95 <= 100 ms',
    };
  } finally {
    await database.close();
    stopServer?.();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(JSON.stringify(results, null, 2));
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(
    resultsDir,
    `${new Date().toISOString().slice(0, 10)}-${engine}-assets-${assetCount / 1000}k.json`,
  );
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`written to ${path.relative(process.cwd(), file)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
