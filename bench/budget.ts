// `npm run bench -- budget [--engine postgres|pglite] [--lines 2000] [--orders 50000]`:
// the budget overview of a municipality with 2,000 budget lines and 50,000 orders, and the Wegweiser's
// triage evaluation. In-process through app.inject (no network), p95 target ≤ 20 ms each.
// Writes bench/results/<date>-budget-<engine>.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createContext } from '../src/context';
import { migrate, openDatabase } from '../src/db/database';
import { buildBudgetPeriod } from '../src/modules/budget/builders';
import { budgetTotals, listBudgetLines } from '../src/modules/budget/queries';
import { buildOrgUnit, buildPerson } from '../src/modules/org/builders';
import { defaultRuleSet } from '../src/modules/rulebook/default-rules';
import { evaluate } from '../src/modules/rulebook/rules';
import { machineInfo } from './lib/machine';

const { values: args } = parseArgs({
  args: process.argv.slice(3),
  options: {
    engine: { type: 'string', default: 'postgres' },
    lines: { type: 'string', default: '2000' },
    orders: { type: 'string', default: '50000' },
    count: { type: 'string', default: '300' },
  },
});
const engine = args.engine as 'postgres' | 'pglite';
const LINES = Number(args.lines);
const ORDERS = Number(args.orders);
const COUNT = Number(args.count);
const DEPARTMENTS = Math.max(1, Math.round(LINES / 10));
const log = (line: string) => console.log(`[bench budget ${new Date().toISOString().slice(11, 19)}] ${line}`);

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { count: s.length, p50: r(at(0.5)), p95: r(at(0.95)), p99: r(at(0.99)), max: r(s[s.length - 1]) };
}

async function time(count: number, warmup: number, fn: () => Promise<unknown> | unknown) {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return stats(samples);
}

async function main() {
  process.env.TZ = 'Europe/Berlin';
  let stopServer: (() => void) | null = null;
  let databaseUrl: string | null = null;
  if (engine === 'postgres') {
    const file = pathToFileURL(path.resolve(import.meta.dirname, '../scripts/pg-throwaway.mjs')).href;
    const mod = (await import(file)) as {
      startThrowawayPostgres(o: { settings: Record<string, string> }): Promise<{ url: string; stop(): void }>;
    };
    const pg = await mod.startThrowawayPostgres({ settings: { fsync: 'off', shared_buffers: '256MB' } });
    databaseUrl = pg.url;
    stopServer = () => pg.stop();
  }
  const database = await openDatabase(
    databaseUrl ? { databaseUrl, dataDir: '' } : { databaseUrl: null, dataDir: '', memory: true },
  );
  try {
    await migrate(database.db);
    const db = database.db;
    log(`seeding ${DEPARTMENTS} departments, ${LINES} lines, ${ORDERS} orders (${engine})…`);
    const t0 = performance.now();
    const city = await buildOrgUnit(db, { kind: 'administration', name: 'Bench-Stadt' });
    const it = await buildOrgUnit(db, { kind: 'department', name: 'IT', parentId: city.id });
    const departments: number[] = [];
    for (let i = 0; i < DEPARTMENTS; i++)
      departments.push(
        (await buildOrgUnit(db, { kind: 'department', name: `Amt ${i}`, parentId: city.id })).id,
      );
    const owner = await buildPerson(db, {
      login: 'bench-owner',
      orgUnitId: departments[0],
      roles: [{ role: 'budgetOwner', orgUnitId: departments[0] }],
    });
    const head = await buildPerson(db, {
      login: 'bench-head',
      orgUnitId: it.id,
      roles: [{ role: 'agent' }, { role: 'itHead', orgUnitId: it.id }],
    });
    const period = await buildBudgetPeriod(db, { name: 'DHH 2026/27 (bench)' });
    await sql`
      INSERT INTO budget_lines (period_id, org_unit_id, code, name, purpose, planned_cents, approved_cents)
      SELECT ${period.id}, (${sql.val(departments)}::bigint[])[1 + (g % ${DEPARTMENTS})], 'HHS-' || g,
             'IT-Ausstattung ' || g, CASE WHEN g % 3 = 0 THEN 'consumptive' ELSE 'investment' END,
             10000000, 10000000
      FROM generate_series(0, ${LINES - 1}) g`.execute(db);
    await sql`
      INSERT INTO budget_line_years (line_id, year, planned_cents, approved_cents)
      SELECT l.id, y, 5000000, 5000000 FROM budget_lines l, generate_series(2026, 2027) y
      WHERE l.period_id = ${period.id}`.execute(db);
    await sql`
      INSERT INTO budget_items (line_id, name, unit_price_cents, quantity)
      SELECT l.id, 'Ersatz-Notebook Standard', 120000, 20 FROM budget_lines l WHERE l.period_id = ${period.id}`.execute(
      db,
    );
    await sql`
      INSERT INTO orders (line_id, kind, title, quantity, amount_cents, state, ordered_by_id, spent_at)
      SELECT l.id, 'replacement', 'Bestellung ' || g, 1, 10000 + (g % 50) * 100,
             CASE WHEN g % 2 = 0 THEN 'spent' ELSE 'committed' END, ${owner.id},
             CASE WHEN g % 2 = 0 THEN now() END
      FROM generate_series(0, ${ORDERS - 1}) g
      JOIN LATERAL (SELECT id FROM budget_lines WHERE period_id = ${period.id} ORDER BY id OFFSET g % ${LINES} LIMIT 1) l ON true`.execute(
      db,
    );
    // the running sums the order commands maintain, computed once for the generated orders
    await sql`
      UPDATE budget_lines l SET
        committed_cents = s.committed, spent_cents = s.spent
      FROM (SELECT line_id,
                   COALESCE(sum(amount_cents) FILTER (WHERE state = 'committed'), 0) AS committed,
                   COALESCE(sum(amount_cents) FILTER (WHERE state = 'spent'), 0) AS spent
            FROM orders GROUP BY line_id) s
      WHERE s.line_id = l.id`.execute(db);
    await sql`ANALYZE`.execute(db);
    const seedSeconds = (performance.now() - t0) / 1000;
    log(`seeded in ${seedSeconds.toFixed(1)} s`);

    const ctx = createContext(loadConfig({ jobs: false, loadDemoData: false }), database, null);
    const app = await buildApp(ctx);
    const session = async (login: string) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { login, password: 'demo' },
      });
      const cookie = res.cookies.find((c) => c.name === 'amtsdesk_session');
      return { cookie: `amtsdesk_session=${cookie?.value}`, csrf: res.json().csrfToken as string };
    };
    const ownerS = await session(owner.login);
    const headS = await session(head.login);
    const get = (s: { cookie: string }, url: string) => async () => {
      const res = await app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      return res;
    };
    const all = await get(headS, '/api/v1/budget-lines?limit=500')();
    if (all.json().total !== LINES) throw new Error(`expected ${LINES} lines, got ${all.json().total}`);
    const someLine = all.json().items[0].id;

    const scenarios: Record<string, ReturnType<typeof stats> & { description: string; targetP95?: number }> =
      {};
    const run = async (name: string, description: string, fn: () => unknown, targetP95?: number) => {
      log(`${name}…`);
      scenarios[name] = { description, targetP95, ...(await time(COUNT, 30, fn)) };
      log(`${name}: p50 ${scenarios[name].p50} ms, p95 ${scenarios[name].p95} ms`);
    };
    await run(
      'overview-owner',
      `GET /api/v1/budget-lines as a budget owner (${Math.round(LINES / DEPARTMENTS)} lines of the department)`,
      get(ownerS, '/api/v1/budget-lines'),
      20,
    );
    await run(
      'overview-all',
      `GET /api/v1/budget-lines as an IT head: first page (100 lines) + totals over all ${LINES} lines with ${ORDERS} orders behind them`,
      get(headS, '/api/v1/budget-lines'),
      20,
    );
    const headScope = { all: true, owned: [] };
    await run(
      'overview-all-sql',
      'the two queries behind overview-all alone (page of 100 lines with years and items; totals over all lines)',
      () =>
        Promise.all([listBudgetLines(db, headScope, { limit: 100, offset: 0 }), budgetTotals(db, headScope)]),
    );
    await run(
      'overview-all-page500',
      `GET /api/v1/budget-lines?limit=500&offset=1000 as an IT head (the largest page)`,
      get(headS, '/api/v1/budget-lines?limit=500&offset=1000'),
    );
    await run(
      'export-csv-all',
      `GET /api/v1/budget-lines/export?format=csv: all ${LINES} lines (not interactive, no target)`,
      get(headS, '/api/v1/budget-lines/export?format=csv'),
    );
    await run(
      'orders-of-line',
      'GET /api/v1/orders?budgetLineId= (the newest 200 orders of one line)',
      get(headS, `/api/v1/orders?budgetLineId=${someLine}`),
    );
    await run(
      'triage-http',
      'POST /api/v1/triage with the smartphone answers (rule set read per request)',
      async () => {
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/triage',
          headers: { cookie: ownerS.cookie, 'x-csrf-token': ownerS.csrf },
          payload: {
            answers: {
              broken: false,
              replacement: false,
              approvedItem: false,
              standardWorkplace: true,
              specialSoftware: false,
              additionalLicences: false,
              specialHardware: true,
            },
          },
        });
        if (res.statusCode !== 200) throw new Error(res.body);
      },
      20,
    );
    await run('triage-pure', 'evaluate() of the default rule set, in memory', () =>
      evaluate(defaultRuleSet, {
        broken: false,
        replacement: false,
        approvedItem: false,
        standardWorkplace: false,
      }),
    );
    await app.close();

    const result = {
      benchmark: 'budget',
      engine,
      at: new Date().toISOString(),
      machine: machineInfo(),
      loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 10) / 10),
      note: 'in-process (app.inject), one client, sequential requests; the machine was shared with other work during the run',
      data: {
        departments: DEPARTMENTS,
        lines: LINES,
        orders: ORDERS,
        seedSeconds: Math.round(seedSeconds * 10) / 10,
      },
      scenarios,
    };
    const file = path.resolve(
      import.meta.dirname,
      `results/${new Date().toISOString().slice(0, 10)}-budget-${engine}.json`,
    );
    fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.table(
      Object.entries(scenarios).map(([name, s]) => ({
        scenario: name,
        p50: s.p50,
        p95: s.p95,
        p99: s.p99,
        target: s.targetP95 ? `p95 ≤ ${s.targetP95} ms` : '',
        met: s.targetP95 ? s.p95 <= s.targetP95 : '',
      })),
    );
    log(`wrote ${path.relative(process.cwd(), file)}`);
  } finally {
    await database.close();
    stopServer?.();
  }
}

await main();
