// The benchmark suite: `npm run bench [-- --engine pglite|postgres --tickets N --only a,b]`.
// Generates data, runs the app in-process and drives it over real HTTP, writes
// bench/results/<date>-<engine>-<size>.json and regenerates docs/BENCHMARKS.md.
// Not part of `npm test` (vitest only includes src/**/*.test.ts and test/**/*.test.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/config';
import { loadActor } from '../src/modules/auth/actor';
import { loadTicketView } from '../src/modules/tickets/queries';
import { listTickets } from '../src/modules/tickets/repository';
import { type RunningServer, startServer } from '../src/server';
import { postmasterPid, startCpuMeter } from './lib/cpu';
import { type Launch, npmStartLaunch, startChild, tsxLaunch } from './lib/embedded';
import { type LoadJob, type RequestSpec, runLoad, summarize } from './lib/http-load';
import { machineInfo, processMemory } from './lib/machine';
import { capturingDb, explain } from './lib/plans';
import {
  appCommit,
  type BenchResult,
  judge,
  type QueryPlan,
  type ScenarioResult,
  type Target,
  writeResult,
} from './lib/results';
import {
  BENCH_PASSWORD,
  type GenerationReport,
  loadSeedInfo,
  type SeedInfo,
  seedOrganisation,
  seedTickets,
} from './lib/seed';
import { enableStatementStats, readStatementStats, resetStatementStats } from './lib/statements';
import { COMMON_TERM, devices, problems, RARE_TERM } from './lib/words';
import { writeReport } from './report';

// `npm run bench -- <module>`: a module's own benchmark in bench/<module>.ts (e.g. budget)
const moduleBench = process.argv[2] && /^[a-z][a-z-]*$/.test(process.argv[2]) ? process.argv[2] : null;
if (moduleBench && moduleBench !== 'mail') {
  // a module file either runs on import (budget, assets) or exports main(argv) (appointments)
  const loaded: { main?: (argv: string[]) => Promise<void> } = await import(`./${moduleBench}.ts`);
  if (typeof loaded.main === 'function') await loaded.main(process.argv.slice(3));
  process.exit(0);
}

const USAGE = `usage: npm run bench -- [options]
  --engine postgres|pglite   default postgres: a throwaway PostgreSQL server (scripts/pg-throwaway.mjs),
                             or the server in DATABASE_URL (a new database amtsdesk_bench_* is created there)
  --tickets N                default 1000000 (postgres), 100000 (pglite)
  --only a,b                 scenarios whose name starts with one of these
                             (health, create, queue, view, search, list, coldstart, rss; coldstart-tsx and
                             rss-tsx only in a full run or when named)
  --chunk N                  tickets per INSERT … SELECT statement (default 50000)
  --label TEXT               a variant run (e.g. "without 0003"): own result file, shown next to the engine
  --note TEXT                a remark stored with the results (e.g. what was changed by hand)
  --keep                     keep the database (and the throwaway server) and print its URL
  --reuse                    with DATABASE_URL: use that database as is if it already holds bench data`;

// `npm run bench -- mail`: the mail intake scenario has its own runner (bench/mail.ts)
if (process.argv[2] === 'mail') {
  const { runMailBench } = await import('./mail');
  await runMailBench(process.argv.slice(3));
  process.exit(0);
}

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'postgres' },
    tickets: { type: 'string' },
    only: { type: 'string' },
    chunk: { type: 'string' },
    label: { type: 'string' },
    note: { type: 'string' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const engine = args.engine as 'postgres' | 'pglite';
if (engine !== 'postgres' && engine !== 'pglite') {
  console.error(USAGE);
  process.exit(64);
}
const size = Number(args.tickets ?? (engine === 'postgres' ? 1_000_000 : 100_000));
if (!Number.isInteger(size) || size < 1000) {
  console.error('--tickets must be an integer ≥ 1000');
  process.exit(64);
}
const only =
  args.only
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean) ?? [];
const wanted = (name: string) => !only.length || only.some((o) => name.startsWith(o));
/** the -tsx comparison rows (slow): in a full run, or when --only names them */
const named = (name: string) => !only.length || only.includes(name);

const LATENCY_COUNT = 300;
const LATENCY_WARMUP = 30;
const CREATE_COUNT = 2000;
const CREATE_WARMUP = 200;
const CLIENTS = 8;

// Server settings of the throwaway cluster: memory sized for a 1M-ticket database on a machine with
// plenty of RAM; durability (fsync, synchronous_commit) and planner costs stay at their defaults.
const PG_SETTINGS = {
  shared_buffers: '1GB',
  effective_cache_size: '8GB',
  maintenance_work_mem: '512MB',
  max_wal_size: '8GB',
  checkpoint_timeout: '30min',
  // statement counts and times per scenario (bench/lib/statements.ts); small overhead
  shared_preload_libraries: 'pg_stat_statements',
};

/** the throwaway server's postmaster, for CPU accounting */
let pgPid: number | null = null;
/** the app's pool when pg_stat_statements is available */
let statsPool: pg.Pool | null = null;

const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const now = () => new Date().toISOString();

interface ThrowawayPostgres {
  url: string;
  dir: string;
  createDatabase(name: string): string;
  stop(): void;
}
async function throwawayPostgres(): Promise<ThrowawayPostgres> {
  const file = pathToFileURL(path.resolve(import.meta.dirname, '../scripts/pg-throwaway.mjs')).href;
  const mod = (await import(file)) as {
    startThrowawayPostgres(o: { settings: Record<string, string> }): Promise<ThrowawayPostgres>;
  };
  return mod.startThrowawayPostgres({ settings: PG_SETTINGS });
}

// ---------- HTTP helpers (setup only; measured traffic goes through runLoad) ----------

interface Session {
  login: string;
  cookie: string;
  csrf: string;
}

async function signIn(base: string, login: string): Promise<Session> {
  const res = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password: BENCH_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in ${login}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string };
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('amtsdesk_session='));
  if (!cookie) throw new Error(`sign-in ${login}: no session cookie`);
  return { login, cookie, csrf: body.csrfToken };
}

async function createToken(base: string, s: Session): Promise<string> {
  const res = await fetch(`${base}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf },
    body: JSON.stringify({ name: `bench ${s.login}` }),
  });
  if (res.status !== 201) throw new Error(`token ${s.login}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

const sessionHeaders = (s: Session) => ({
  cookie: s.cookie,
  'x-csrf-token': s.csrf,
  'accept-language': 'de',
});
const tokenHeaders = (token: string) => ({ authorization: `Bearer ${token}`, 'accept-language': 'de' });

async function getJson<T>(base: string, p: string, headers: Record<string, string>): Promise<T> {
  const res = await fetch(`${base}${p}`, { headers });
  if (res.status !== 200) throw new Error(`GET ${p}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

// ---------- scenarios ----------

const p95Target = (ms: number): Target => ({ metric: 'p95', op: '<=', limit: ms, label: `p95 ≤ ${ms} ms` });
const throughputTarget = (perSec: number): Target => ({
  metric: 'throughput',
  op: '>=',
  limit: perSec,
  label: `≥ ${perSec}/s`,
});

async function measure(
  base: string,
  name: string,
  description: string,
  job: Omit<LoadJob, 'baseUrl'>,
  serverTarget: Target | null,
): Promise<ScenarioResult> {
  // the HTTP targets are set for the PostgreSQL server; embedded runs are reported without them
  const target = engine === 'postgres' ? serverTarget : null;
  log(`${name}: ${job.count} requests (+${job.warmup} warm-up), ${job.concurrency} client(s)…`);
  if (statsPool) await resetStatementStats(statsPool);
  const meter = startCpuMeter(pgPid);
  const result = await runLoad({ ...job, baseUrl: base });
  const cpu = { ...meter(), clientEventLoop: result.clientEventLoop };
  const statements = statsPool ? await readStatementStats(statsPool, job.warmup + job.count) : undefined;
  const s = summarize(result, job.concurrency);
  if (result.errors) log(`  ${result.errors} errors, first: ${result.firstError}`);
  const scenario: ScenarioResult = {
    name,
    description,
    unit: 'ms',
    n: s.n,
    concurrency: s.concurrency,
    median: s.medianMs,
    p95: s.p95Ms,
    p99: s.p99Ms,
    max: s.maxMs,
    throughput: s.throughputPerSec,
    errors: s.errors,
    target,
    met: judge(target, { p95: s.p95Ms, throughput: s.throughputPerSec }),
    measuredAt: now(),
    cpu,
    statements,
  };
  if (result.errors) scenario.note = `${result.errors} failed requests, first: ${result.firstError}`;
  log(
    `  median ${s.medianMs} ms, p95 ${s.p95Ms} ms, p99 ${s.p99Ms} ms, ${s.throughputPerSec}/s` +
      (target ? ` — target ${target.label}: ${scenario.met ? 'met' : 'MISSED'}` : '') +
      ` | cpu: event loop ${cpu.serverEventLoop}, node ${cpu.nodeCores} (client ${cpu.clientEventLoop}), postgres ${cpu.postgresCores ?? '?'}, machine ${cpu.machineBusyCores} cores` +
      (statements
        ? ` | db: ${statements.queriesPerRequest} queries, ${statements.dbMsPerRequest} ms per request`
        : ''),
  );
  return scenario;
}

function createRequests(count: number, headersFor: (i: number) => Record<string, string>, topics: string[]) {
  const requests: RequestSpec[] = [];
  for (let i = 0; i < count; i++) {
    requests.push({
      method: 'POST',
      path: '/api/v1/tickets',
      headers: headersFor(i),
      body: JSON.stringify({
        title: `${devices[i % devices.length]} ${problems[(i * 7) % problems.length]} (Last ${i})`,
        description: `Guten Tag, ${problems[(i * 3) % problems.length]}. Bitte um Hilfe, Durchwahl ${1000 + (i % 9000)}.`,
        topic: topics[i % topics.length],
        priority: i % 10 === 0 ? 'high' : 'normal',
      }),
      expect: 201,
    });
  }
  return requests;
}

interface Actors {
  admin: Session;
  groupAgents: Session[];
  viewAgent: Session;
  creators: Session[];
  creatorTokens: string[];
  agentToken: string;
}

async function prepareActors(base: string, info: SeedInfo): Promise<Actors> {
  const admin = await signIn(base, info.adminLogin);
  const groupAgents: Session[] = [];
  for (const g of info.groups) groupAgents.push(await signIn(base, g.agentLogins[0]));
  const creators: Session[] = [];
  const creatorTokens: string[] = [];
  for (const login of info.requesterLogins.slice(0, CLIENTS)) {
    const s = await signIn(base, login);
    creators.push(s);
    creatorTokens.push(await createToken(base, s));
  }
  return {
    admin,
    groupAgents,
    viewAgent: groupAgents[1],
    creators,
    creatorTokens,
    agentToken: await createToken(base, groupAgents[1]),
  };
}

const queuePath = (groupId: number, limit = 50) =>
  `/api/v1/tickets?queue=groups&groupId=${groupId}&limit=${limit}`;
const searchPath = (q: string) => `/api/v1/tickets?q=${encodeURIComponent(q)}`;

/** The read scenarios (one client: latency), in the order they run. */
async function runReadScenarios(base: string, info: SeedInfo, a: Actors): Promise<ScenarioResult[]> {
  const out: ScenarioResult[] = [];
  const lat = { concurrency: 1, warmup: LATENCY_WARMUP, count: LATENCY_COUNT };
  const get = (p: string, headers: Record<string, string>): RequestSpec => ({
    method: 'GET',
    path: p,
    headers,
    expect: 200,
  });
  const agentOf = (gi: number) => a.groupAgents[gi];

  if (wanted('health')) {
    out.push(
      await measure(
        base,
        'health',
        'GET /api/health (no sign-in, one SELECT 1): the cost of the HTTP stack and one database round trip — no target',
        { ...lat, requests: [get('/api/health', {})] },
        null,
      ),
    );
  }
  if (wanted('queue-group')) {
    out.push(
      await measure(
        base,
        'queue-group',
        'GET /api/v1/tickets?queue=groups&groupId=…&limit=50 as a member agent (session cookie), the 20 groups in turn',
        { ...lat, requests: info.groups.map((g, gi) => get(queuePath(g.id), sessionHeaders(agentOf(gi)))) },
        p95Target(20),
      ),
    );
  }
  if (wanted('queue-group-admin')) {
    out.push(
      await measure(
        base,
        'queue-group-admin',
        'the same queue page as an admin (no visibility filter)',
        { ...lat, requests: info.groups.map((g) => get(queuePath(g.id), sessionHeaders(a.admin))) },
        p95Target(20),
      ),
    );
  }
  if (wanted('queue-group-token')) {
    out.push(
      await measure(
        base,
        'queue-group-token',
        'the queue page of one group with a Bearer token (each request also writes api_tokens.last_used_at)',
        { ...lat, requests: [get(queuePath(info.viewGroupId), tokenHeaders(a.agentToken))] },
        p95Target(20),
      ),
    );
  }
  if (wanted('queue-group-page2')) {
    const requests: RequestSpec[] = [];
    for (const [gi, g] of info.groups.entries()) {
      const first = await getJson<{ nextCursor: string | null }>(
        base,
        queuePath(g.id),
        sessionHeaders(agentOf(gi)),
      );
      if (first.nextCursor)
        requests.push(
          get(
            `${queuePath(g.id)}&cursor=${encodeURIComponent(first.nextCursor)}`,
            sessionHeaders(agentOf(gi)),
          ),
        );
    }
    if (requests.length)
      out.push(
        await measure(
          base,
          'queue-group-page2',
          'the second page of each queue (keyset cursor)',
          { ...lat, requests },
          p95Target(20),
        ),
      );
  }
  if (wanted('view') && info.viewTickets.length) {
    out.push(
      await measure(
        base,
        'view-ticket',
        `GET /api/v1/tickets/{number} with 20 articles and 5 history rows as the group's agent (${info.viewTickets.length} tickets in turn)`,
        {
          ...lat,
          requests: info.viewTickets.map((n) => get(`/api/v1/tickets/${n}`, sessionHeaders(a.viewAgent))),
        },
        p95Target(15),
      ),
    );
  }
  const searches: [string, string, Session, string][] = [
    ['search-common-agent', COMMON_TERM, a.viewAgent, 'agent (member of one group)'],
    ['search-common-admin', COMMON_TERM, a.admin, 'admin (sees everything)'],
    ['search-rare-agent', RARE_TERM, a.viewAgent, 'agent (member of one group)'],
    ['search-rare-admin', RARE_TERM, a.admin, 'admin (sees everything)'],
  ];
  for (const [name, term, who, whoText] of searches) {
    if (!wanted(name)) continue;
    out.push(
      await measure(
        base,
        name,
        `GET /api/v1/tickets?q=${term} (first page of 25, newest update first) as ${whoText}`,
        { ...lat, requests: [get(searchPath(term), sessionHeaders(who))] },
        p95Target(100),
      ),
    );
  }

  const lists: [string, Session, string][] = [
    ['list-admin', a.admin, 'admin'],
    ['list-agent', a.viewAgent, 'agent (member of one group)'],
  ];
  for (const [name, who, whoText] of lists) {
    if (!wanted(name)) continue;
    out.push(
      await measure(
        base,
        name,
        `GET /api/v1/tickets without filters (first page of 25, newest update first) as ${whoText} — no target`,
        { ...lat, requests: [get('/api/v1/tickets', sessionHeaders(who))] },
        null,
      ),
    );
  }
  return out;
}

/** Ticket creation with 8 concurrent clients (runs last: it adds tickets to the queues). */
async function runCreateScenarios(base: string, info: SeedInfo, a: Actors): Promise<ScenarioResult[]> {
  const out: ScenarioResult[] = [];
  const creations: [string, string, (i: number) => Record<string, string>][] = [
    [
      'create-token',
      `POST /api/v1/tickets, ${CLIENTS} concurrent clients, each with its own Bearer token`,
      (i) => tokenHeaders(a.creatorTokens[i % CLIENTS]),
    ],
    [
      'create-session',
      `POST /api/v1/tickets, ${CLIENTS} concurrent clients, each with its own session cookie + X-CSRF-Token`,
      (i) => sessionHeaders(a.creators[i % CLIENTS]),
    ],
    [
      'create-token-shared',
      `POST /api/v1/tickets, ${CLIENTS} concurrent clients sharing one Bearer token`,
      () => tokenHeaders(a.creatorTokens[0]),
    ],
  ];
  for (const [name, description, headersFor] of creations) {
    if (!wanted(name)) continue;
    out.push(
      await measure(
        base,
        name,
        description,
        {
          concurrency: CLIENTS,
          warmup: CREATE_WARMUP,
          count: CREATE_COUNT,
          requests: createRequests(CREATE_COUNT + CREATE_WARMUP, headersFor, info.topicKeys),
        },
        throughputTarget(500),
      ),
    );
  }
  return out;
}

/** EXPLAIN (ANALYZE, BUFFERS) of the SQL the app itself generates for the measured requests. */
async function capturePlans(server: RunningServer, info: SeedInfo): Promise<QueryPlan[]> {
  const pool = server.ctx.database.pool;
  const personId = async (login: string) =>
    Number((await pool.query('SELECT id FROM persons WHERE login = $1', [login])).rows[0].id);
  const agent = await loadActor(server.ctx.db, await personId(info.groups[1].agentLogins[0]));
  const admin = await loadActor(server.ctx.db, await personId(info.adminLogin));
  if (!agent || !admin) throw new Error('bench actors missing');
  const plans: QueryPlan[] = [];
  const one = async (
    name: string,
    description: string,
    run: (db: ReturnType<typeof capturingDb>['db']) => Promise<unknown>,
    pick = (q: { sql: string }) => q.sql.includes('from "tickets"'),
  ) => {
    const c = capturingDb(pool);
    await run(c.db);
    const q = c.captured.find(pick);
    if (!q) throw new Error(`${name}: no query captured`);
    plans.push(await explain(pool, name, description, q));
  };
  const groupId = info.viewGroupId;
  if (wanted('queue')) {
    await one('queue-group (agent)', 'queue page of one group, agent', (db) =>
      listTickets(db, agent, { queue: 'groups', groupId, limit: 50 }),
    );
    await one('queue-group (admin)', 'queue page of one group, admin', (db) =>
      listTickets(db, admin, { queue: 'groups', groupId, limit: 50 }),
    );
  }
  if (wanted('search')) {
    for (const [term, label] of [
      [COMMON_TERM, 'common'],
      [RARE_TERM, 'rare'],
    ]) {
      await one(`search-${label} (agent)`, `search "${term}", agent`, (db) =>
        listTickets(db, agent, { q: term, limit: 25 }),
      );
      await one(`search-${label} (admin)`, `search "${term}", admin`, (db) =>
        listTickets(db, admin, { q: term, limit: 25 }),
      );
    }
  }
  if (wanted('list')) {
    await one('list-admin', 'all tickets, newest update first, admin', (db) =>
      listTickets(db, admin, { limit: 25 }),
    );
    await one('list-agent', 'all visible tickets, newest update first, agent', (db) =>
      listTickets(db, agent, { limit: 25 }),
    );
  }
  if (wanted('view') && info.viewTickets.length) {
    const number = info.viewTickets[0];
    await one('view-ticket: ticket', 'ticket by number with names', (db) =>
      loadTicketView(db, agent, number),
    );
    await one(
      'view-ticket: articles',
      'the 20 articles of the ticket',
      (db) => loadTicketView(db, agent, number),
      (q) => q.sql.includes('from "articles"'),
    );
  }
  for (const p of plans) log(`plan ${p.name}: ${p.executionMs} ms`);
  return plans;
}

// ---------- embedded: cold start and memory ----------

async function embeddedScenarios(dataDir: string, info: SeedInfo, a: Actors): Promise<ScenarioResult[]> {
  const out: ScenarioResult[] = [];
  const values = (
    name: string,
    description: string,
    unit: 'ms' | 's' | 'MB',
    xs: number[],
    target: Target | null,
    note?: string,
  ) => {
    const sorted = [...xs].sort((x, y) => x - y);
    const pick = (p: number) =>
      sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
    const r: ScenarioResult = {
      name,
      description,
      unit,
      n: xs.length,
      median: round(pick(50)),
      p95: round(pick(95)),
      p99: round(pick(99)),
      max: round(sorted.at(-1) ?? Number.NaN),
      target,
      met: judge(target, { p95: pick(95) }),
      measuredAt: now(),
      note,
    };
    log(
      `${name}: ${xs.map((x) => round(x)).join(', ')} ${unit}${target ? ` — ${target.label}: ${r.met ? 'met' : 'MISSED'}` : ''}`,
    );
    out.push(r);
  };
  const secTarget = (s: number): Target => ({ metric: 'p95', op: '<=', limit: s, label: `≤ ${s} s` });

  const coldStarts = async (launch: Launch) => {
    const first: number[] = [];
    const again: number[] = [];
    const reported: number[] = [];
    const cpuFirst: number[] = [];
    const cpuAgain: number[] = [];
    let idleRss = 0;
    for (let run = 0; run < 3; run++) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsdesk-bench-cold-'));
      try {
        const s1 = await startChild(dir, { launch });
        first.push(s1.readyMs / 1000);
        cpuFirst.push(s1.cpuMs / 1000);
        await s1.stop();
        const s2 = await startChild(dir, { launch });
        again.push(s2.readyMs / 1000);
        cpuAgain.push(s2.cpuMs / 1000);
        if (s2.appReportedMs !== null) reported.push(s2.appReportedMs / 1000);
        await sleep(2000);
        idleRss = Math.max(idleRss, processMemory(s2.child.pid ?? 0).rssMb);
        await s2.stop();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
    const cpu = (xs: number[]) =>
      `CPU time of the server process until ready ${xs.map((x) => x.toFixed(1)).join(', ')} s`;
    const split = [
      cpu(cpuAgain),
      reported.length
        ? `the app itself reports ${reported.map((x) => x.toFixed(1)).join(', ')} s from its first statement (after all imports) to listening; the rest is node start and module loading`
        : '',
    ]
      .filter(Boolean)
      .join('; ');
    return { first, again, split, firstNote: cpu(cpuFirst), idleRss };
  };
  // the main rows measure what `npm start` runs (the esbuild bundle, scripts/build-server.mjs);
  // the -tsx rows the way it started before (and `npm run dev` still does), for comparison
  const coldStartRows = async (prefix: string, launch: Launch, targeted: boolean) => {
    const { first, again, split, firstNote, idleRss } = await coldStarts(launch);
    values(
      `${prefix}-new-dir`,
      `${launch.label} on a new data directory until GET /api/health answers (WASM initdb, migrations, demo data, pg-boss)`,
      's',
      first,
      targeted ? secTarget(15) : null,
      firstNote,
    );
    values(
      `${prefix}-again`,
      `${launch.label}: the same server started again on that directory`,
      's',
      again,
      targeted ? secTarget(3) : null,
      split,
    );
    values(
      prefix === 'coldstart' ? 'rss-demo-idle' : `rss-${prefix.replace(/^coldstart-/, '')}-demo-idle`,
      `${launch.label}: VmRSS of that restarted server with only the demo data, 2 s after start`,
      'MB',
      [idleRss],
      null,
    );
  };
  if (wanted('coldstart')) await coldStartRows('coldstart', await npmStartLaunch(), true);
  if (named('coldstart-tsx')) await coldStartRows('coldstart-tsx', tsxLaunch, false);
  const loadNote = (latencies: number[]) => {
    const xs = [...latencies].sort((x, y) => x - y);
    const at = (p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? Number.NaN;
    return `those requests took median ${round(at(0.5))} ms, p95 ${round(at(0.95))} ms`;
  };
  const rssRun = async (prefix: string, launch: Launch, targeted: boolean) => {
    const how = `${launch.label}: `;
    const child = await startChild(dataDir, { launch });
    try {
      values(
        `${prefix}start-seeded`,
        `${how}start on the data directory with ${size.toLocaleString('en')} tickets`,
        's',
        [child.readyMs / 1000],
        null,
        `CPU time of the server process until ready ${(child.cpuMs / 1000).toFixed(1)} s`,
      );
      await sleep(3000);
      const idle = processMemory(child.child.pid ?? 0);
      const requests: RequestSpec[] = [];
      const get = (p: string, who: Session): RequestSpec => ({
        method: 'GET',
        path: p,
        headers: sessionHeaders(who),
        expect: 200,
      });
      for (const [gi, g] of info.groups.entries()) requests.push(get(queuePath(g.id), a.groupAgents[gi]));
      for (const term of [COMMON_TERM, RARE_TERM])
        for (const who of [a.admin, a.viewAgent]) requests.push(get(searchPath(term), who));
      requests.push(get('/api/v1/tickets', a.admin), get('/api/v1/tickets', a.viewAgent));
      for (const n of info.viewTickets.slice(0, 20)) requests.push(get(`/api/v1/tickets/${n}`, a.viewAgent));
      const load = await runLoad({
        baseUrl: child.url,
        requests,
        concurrency: 2,
        warmup: 0,
        count: requests.length * 10,
      });
      if (load.errors) log(`  rss load: ${load.errors} errors, first: ${load.firstError}`);
      await sleep(1000);
      const after = processMemory(child.child.pid ?? 0);
      const rssTarget: Target | null = targeted
        ? { metric: 'p95', op: '<=', limit: 400, label: '≤ 400 MB' }
        : null;
      values(
        `${prefix}rss-idle`,
        `${how}VmRSS of the server process, idle 3 s after start`,
        'MB',
        [idle.rssMb],
        rssTarget,
      );
      values(
        `${prefix}rss-after-load`,
        `${how}VmRSS after ${load.latencies.length} queue, search, list and ticket-view requests (2 clients)`,
        'MB',
        [after.rssMb],
        rssTarget,
        loadNote(load.latencies),
      );
      values(`${prefix}rss-peak`, `${how}peak RSS (VmHWM) over start and load`, 'MB', [after.peakMb], null);
    } finally {
      await child.stop();
    }
  };
  if (wanted('rss')) await rssRun('', await npmStartLaunch(), true);
  if (named('rss-tsx')) await rssRun('tsx-', tsxLaunch, false);
  return out;
}

/** What one trivial query costs here: on this VM a loopback round trip is far from free. */
async function calibrateRoundTrip(pool: pg.Pool) {
  const client = await pool.connect();
  try {
    for (let i = 0; i < 200; i++) await client.query('SELECT 1');
    const xs: number[] = [];
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < 2000; i++) {
      const t = performance.now();
      await client.query('SELECT 1');
      xs.push(performance.now() - t);
    }
    const cpu = process.cpuUsage(cpu0);
    xs.sort((x, y) => x - y);
    return {
      medianMs: round(xs[1000], 3),
      p95Ms: round(xs[1900], 3),
      nodeCpuMs: round((cpu.user + cpu.system) / 1000 / 2000, 3),
    };
  } finally {
    client.release();
  }
}

// ---------- main ----------

async function main() {
  const started = performance.now();
  const machine = machineInfo();
  const commit = appCommit();
  const date = new Date().toISOString().slice(0, 10);
  log(
    `app ${commit ?? '?'}, engine ${engine}, ${size.toLocaleString('en')} tickets, ${machine.cores} cores, load ${machine.loadAvgStart.join(' ')}`,
  );

  let pgServer: ThrowawayPostgres | null = null;
  let databaseUrl: string | null = null;
  let dropDatabase: (() => Promise<void>) | null = null;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsdesk-bench-data-'));
  const notes: string[] = args.note ? [args.note] : [];

  if (engine === 'postgres') {
    const given = process.env.DATABASE_URL;
    if (given && args.reuse) {
      databaseUrl = given;
    } else if (given) {
      const name = `amtsdesk_bench_${Date.now().toString(36)}`;
      const admin = new pg.Client({ connectionString: given });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const u = new URL(given);
      u.pathname = `/${name}`;
      databaseUrl = u.toString();
      dropDatabase = async () => {
        const c = new pg.Client({ connectionString: given });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      };
    } else {
      log('starting a throwaway PostgreSQL server…');
      pgServer = await throwawayPostgres();
      databaseUrl = pgServer.createDatabase('amtsdesk_bench');
      pgPid = postmasterPid(path.join(pgServer.dir, 'data'));
    }
  }

  let server: RunningServer | null = null;
  const scenarios: ScenarioResult[] = [];
  let plans: QueryPlan[] = [];
  let generation: GenerationReport | null = null;
  let engineVersion = '';
  let settings: Record<string, string> = {};
  let migrations: string[] = [];
  let roundTrip: BenchResult['roundTrip'];
  try {
    const config = loadConfig({
      databaseUrl,
      dataDir,
      port: 0,
      host: '127.0.0.1',
      loadDemoData: false,
      jobs: false,
    });
    server = await startServer(config);
    const base = server.url;
    const pool = server.ctx.database.pool;
    engineVersion = (await pool.query('SELECT version() AS v')).rows[0].v;
    migrations = (await pool.query('SELECT name FROM kysely_migration ORDER BY name')).rows.map(
      (r) => r.name,
    );
    if (engine === 'postgres') {
      const rows = (
        await pool.query(
          `SELECT name, setting, unit FROM pg_settings
           WHERE source NOT IN ('default', 'override', 'client', 'session') ORDER BY name`,
        )
      ).rows as { name: string; setting: string; unit: string | null }[];
      settings = Object.fromEntries(rows.map((r) => [r.name, r.unit ? `${r.setting} ${r.unit}` : r.setting]));
    }
    if (engine === 'postgres' && (await enableStatementStats(pool))) statsPool = pool;
    roundTrip = await calibrateRoundTrip(pool);
    log(
      `one query round trip (SELECT 1): median ${roundTrip.medianMs} ms, ${roundTrip.nodeCpuMs} ms node CPU`,
    );
    log(`${engineVersion.split(' on ')[0]} — ${base}`);

    let info = args.reuse ? await loadSeedInfo(server.ctx) : null;
    if (info) {
      log('reusing the bench data already in the database');
      notes.push('Data generated by an earlier run (--reuse).');
    } else {
      log('generating data…');
      const tOrg = performance.now();
      info = await seedOrganisation(server.ctx);
      const orgSeconds = round((performance.now() - tOrg) / 1000);
      log(
        `  org units, 20 groups, 40 topics, ${info.requesterLogins.length + 61} persons in ${orgSeconds} s`,
      );
      generation = await seedTickets(server.ctx, info, size, {
        chunk: args.chunk ? Number(args.chunk) : undefined,
        log,
        orgSeconds,
      });
      log(
        `  ${generation.tickets.toLocaleString('en')} tickets, ${generation.articles.toLocaleString('en')} articles in ${generation.totalSeconds} s ` +
          `(tickets ${generation.ticketSeconds} s = ${generation.ticketsPerSecond}/s, VACUUM ANALYZE ${generation.vacuumAnalyzeSeconds} s); ` +
          `open ${generation.openTickets}, "${COMMON_TERM}" ${generation.commonTermTickets}, "${RARE_TERM}" ${generation.rareTermTickets}`,
      );
    }
    const actors = await prepareActors(base, info);
    scenarios.push(...(await runReadScenarios(base, info, actors)));
    if (['queue', 'search', 'view', 'list'].some(wanted)) plans = await capturePlans(server, info);
    scenarios.push(...(await runCreateScenarios(base, info, actors)));
    statsPool = null;
    await server.stop();
    server = null;

    if (engine === 'pglite') scenarios.push(...(await embeddedScenarios(dataDir, info, actors)));

    machine.loadAvgEnd = os.loadavg().map((x) => round(x));
    const result: BenchResult = {
      date,
      engine,
      label: args.label,
      engineVersion,
      appCommit: commit,
      size,
      machine,
      settings,
      generation,
      scenarios,
      plans,
      migrations,
      roundTrip,
      notes,
    };
    const file = writeResult(result);
    log(`results → ${path.relative(process.cwd(), file)}`);
    writeReport();
    log(`docs/BENCHMARKS.md regenerated; total ${round((performance.now() - started) / 1000, 1)} s`);
  } finally {
    if (server) await server.stop().catch(() => {});
    if (args.keep) {
      log(`kept: DATABASE_URL=${databaseUrl ?? '(embedded)'} data dir ${dataDir}`);
    } else {
      if (dropDatabase) await dropDatabase().catch((e) => log(`drop database: ${e}`));
      pgServer?.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

await main();
