// `npm run bench -- appointments [--keep]`: citizen appointments on a throwaway PostgreSQL server
// (or a new database on DATABASE_URL's server), driven over real HTTP:
//   1. race: 200 clients hold the same slot at once → exactly 1 hold, 199 × 409
//   2. holds/s across many slots (16 concurrent clients, target ≥ 300/s)
//   3. free-slot search over 8 weeks with 50 clerks and ~60 % booked days: p95 (target ≤ 30 ms)
// Writes bench/results/<date>-appointments-postgres.json.
//
// Traffic is modelled as many citizens from many addresses: the app runs with TRUST_PROXY=true (as
// behind the municipal reverse proxy) and every client sends its own X-Forwarded-For address, so the
// per-address and per-e-mail limits stay at their defaults (20 holds/h per address, 5 per e-mail,
// 3 open per e-mail) and are checked on every hold. Challenges carry the configured maxnumber
// (default 50,000); the bench signs them with the module key and so knows each answer instead of
// brute-forcing ~25,000 hashes per client on the shared cores (BENCH_SOLVE=1 brute-forces like a
// browser) — the server's work per hold is identical.
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config';
import { createChallenge, encodeSolution, solveChallenge } from '../src/modules/appointments/altcha';
import {
  clearAppointmentCache,
  findSlots,
  loadBookableServices,
  loadSettings,
  loadSlotClerks,
} from '../src/modules/appointments/availability';
import { buildClerk, buildOffice, buildService, weekdaysHours } from '../src/modules/appointments/builders';
import { buildPerson } from '../src/modules/org/builders';
import { type CpuUsage, startCpuMeter } from './lib/cpu';
import { type RunningServer, startServer } from '../src/server';

const CLERKS = 50;
const RACERS = 200;
const HOLDS = Number(process.env.BENCH_HOLDS ?? 1500);
/** unmeasured holds first, like the core bench's warm-up: JIT, connections, prepared statements */
const HOLD_WARMUP = Number(process.env.BENCH_HOLD_WARMUP ?? 300);
const HOLD_CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const SEARCHES = 100;

const log = (line: string) =>
  console.log(`[bench appointments ${new Date().toISOString().slice(11, 19)}] ${line}`);
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

const USAGE = `usage: node --import tsx bench/run.ts appointments [--keep] [--async-commit]
  a throwaway PostgreSQL server, or a new database on DATABASE_URL's server
  --keep            keep the throwaway server
  --async-commit    label the result as made with synchronous_commit=off (set on the server by hand)
  env BENCH_HOLDS (1500), BENCH_HOLD_WARMUP (300), BENCH_CONCURRENCY (16), BENCH_SOLVE=1 (brute-force the proofs of work)`;

export async function main(argv: string[]) {
  if (argv.includes('--help')) {
    console.log(USAGE);
    return;
  }
  process.env.TZ = 'Europe/Berlin';
  const keep = argv.includes('--keep');
  let stopPg: (() => void) | null = null;
  let databaseUrl: string;
  const name = `amtsdesk_bench_appointments_${Date.now()}`;
  if (process.env.DATABASE_URL) {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
  } else {
    const file = pathToFileURL(path.resolve(import.meta.dirname, '../scripts/pg-throwaway.mjs')).href;
    const mod = (await import(file)) as {
      startThrowawayPostgres(o: { settings: Record<string, string> }): Promise<{
        createDatabase(name: string): string;
        stop(): void;
      }>;
    };
    const server = await mod.startThrowawayPostgres({
      settings: { max_connections: '300', shared_buffers: '256MB' },
    });
    databaseUrl = server.createDatabase(name);
    stopPg = () => server.stop();
  }
  let server: RunningServer | null = null;
  try {
    // behind a reverse proxy: the client address comes from X-Forwarded-For (read by buildApp)
    const trustProxyBefore = process.env.TRUST_PROXY;
    process.env.TRUST_PROXY = 'true';
    server = await startServer(
      loadConfig({
        databaseUrl,
        dataDir: '',
        port: 0,
        host: '127.0.0.1',
        loadDemoData: false,
        jobs: false,
        logLevel: 'warn',
      }),
    );
    if (trustProxyBefore === undefined) delete process.env.TRUST_PROXY;
    else process.env.TRUST_PROXY = trustProxyBefore;
    const { ctx, url } = server;
    const db = ctx.db;
    const loadAtStart = os.loadavg().map((x) => round(x, 2));
    // CPU per request of this node process (server and load generator) and of the PostgreSQL server
    // (postmaster and backends, when it runs on this machine): on shared cores a steadier measure than
    // throughput
    const backend = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db)).rows[0].pid;
    let postgresPid: number | null = null;
    try {
      const stat = fs.readFileSync(`/proc/${backend}/stat`, 'utf8');
      postgresPid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) || null;
    } catch {
      // PostgreSQL on another machine
    }
    const cpuPer = (cpu: CpuUsage, seconds: number, requests: number) => ({
      nodeCpuMsPerRequest: round((cpu.nodeCores * seconds * 1000) / requests, 2),
      postgresCpuMsPerRequest:
        cpu.postgresCores === null ? null : round((cpu.postgresCores * seconds * 1000) / requests, 2),
      machineBusyCores: cpu.machineBusyCores,
    });
    const version = (await sql<{ v: string }>`SELECT version() AS v`.execute(db)).rows[0].v;
    log(`server ${url} on ${version.split(',')[0]}`);

    // ---------- seed: one office, 50 clerks, 8 weeks of existing bookings ----------
    const hours = weekdaysHours([['08:00', '16:00']]);
    const office = await buildOffice(db, {
      name: 'Bench-Bürgerbüro',
      openingHours: hours,
      slotIntervalMinutes: 15,
    });
    const clerkIds: number[] = [];
    for (let i = 0; i < CLERKS; i++) {
      const person = await buildPerson(db, { name: `Clerk ${i}` });
      clerkIds.push((await buildClerk(db, { officeId: office.id, personId: person.id, schedule: hours })).id);
    }
    const service = await buildService(db, {
      officeId: office.id,
      nameDe: 'Wohngeld Erstberatung',
      durationMinutes: 45,
      leadTimeMinutes: 0,
      horizonDays: 60,
      clerkIds,
    });
    const raceService = await buildService(db, {
      officeId: office.id,
      nameDe: 'Einzeltermin',
      durationMinutes: 30,
      leadTimeMinutes: 0,
      clerkIds: [clerkIds[0]],
    });
    const seeded = await sql<{ n: number }>`
      WITH ins AS (
        INSERT INTO appointments (booking_number, office_id, clerk_id, mode, starts_at, ends_at, blocked_until, status,
                                  hold_expires_at, citizen_name, citizen_email, locale)
        SELECT 'B' || c || '-' || to_char(d, 'YYYYMMDD') || '-' || replace(h, ':', ''), ${office.id}, c, 'inPerson',
               (d::date + h::time) AT TIME ZONE 'Europe/Berlin',
               (d::date + h::time) AT TIME ZONE 'Europe/Berlin' + interval '45 minutes',
               (d::date + h::time) AT TIME ZONE 'Europe/Berlin' + interval '45 minutes',
               'confirmed', now(), 'Bench', 'bench@example.org', 'de'
        FROM unnest(${clerkIds}::bigint[]) AS c,
             generate_series(current_date + 1, current_date + 56, interval '1 day') AS d,
             unnest(ARRAY['08:00','09:00','10:30','12:00','13:00','14:30']) AS h
        WHERE extract(isodow FROM d) < 6 AND random() < 0.6 AND c <> ${clerkIds[0]}
        RETURNING 1
      ) SELECT count(*)::int AS n FROM ins`.execute(db);
    log(`seeded ${seeded.rows[0].n} confirmed appointments for ${CLERKS} clerks over 8 weeks`);
    // weeks of bookings: autovacuum has long since passed over them (visibility map for index-only scans)
    await sql`VACUUM ANALYZE`.execute(db);
    clearAppointmentCache(db);
    const { hmac_key, altcha_max_number } = await loadSettings(db);
    const bruteForce = process.env.BENCH_SOLVE === '1';
    // clients solve the proof of work before sending (see the note at the top)
    const solved = () => {
      if (bruteForce) {
        const challenge = createChallenge(hmac_key, altcha_max_number);
        return encodeSolution(challenge, solveChallenge(challenge) ?? -1);
      }
      const number = Math.floor(Math.random() * (altcha_max_number + 1));
      return encodeSolution(createChallenge(hmac_key, altcha_max_number, new Date(), number), number);
    };
    // every citizen their own address (10.<phase>.x.y), as the reverse proxy reports it
    const address = (phase: number, i: number) => `10.${phase}.${(i >> 8) & 255}.${i & 255}`;
    const post = (payload: unknown, ip: string) =>
      fetch(`${url}/api/v1/public/appointments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
        body: JSON.stringify(payload),
      });

    // ---------- 1. race ----------
    const raceSlots = await (
      await fetch(`${url}/api/v1/public/slots?serviceId=${raceService.id}&mode=inPerson`)
    ).json();
    const raceAt = raceSlots.items[0].startsAt as string;
    const racers = Array.from({ length: RACERS }, (_, i) => ({
      serviceId: raceService.id,
      mode: 'inPerson',
      startsAt: raceAt,
      name: `Racer ${i}`,
      email: `racer${i}@example.org`,
      altcha: solved(),
    }));
    let started = performance.now();
    const raceResults = await Promise.all(racers.map(async (p, i) => (await post(p, address(1, i))).status));
    const raceMs = performance.now() - started;
    const race = {
      clients: RACERS,
      created: raceResults.filter((s) => s === 201).length,
      taken409: raceResults.filter((s) => s === 409).length,
      other: raceResults.filter((s) => s !== 201 && s !== 409).length,
      wallMs: round(raceMs),
      holdsInDb: Number(
        (
          await sql<{
            n: number;
          }>`SELECT count(*)::int AS n FROM appointments WHERE clerk_id = ${clerkIds[0]} AND status = 'held'`.execute(
            db,
          )
        ).rows[0].n,
      ),
    };
    log(`race: ${JSON.stringify(race)}`);

    // ---------- 2. holds per second across many slots ----------
    const slotList = (
      await (await fetch(`${url}/api/v1/public/slots?serviceId=${service.id}&mode=video&limit=2000`)).json()
    ).items as Array<{ startsAt: string }>;
    // spread over distinct start times; each start has several free clerks
    const payloads = Array.from({ length: HOLD_WARMUP + HOLDS }, (_, i) => ({
      serviceId: service.id,
      mode: 'video',
      startsAt: slotList[(i * 7) % slotList.length].startsAt,
      name: `Bürgerin ${i}`,
      email: `holder${i}@example.org`,
      altcha: solved(),
    }));
    const statuses: number[] = [];
    const latencies: number[] = [];
    const runHolds = async (first: number, end: number, record: boolean) => {
      let next = first;
      await Promise.all(
        Array.from({ length: HOLD_CONCURRENCY }, async () => {
          while (next < end) {
            const i = next++;
            const t0 = performance.now();
            const res = await post(payloads[i], address(2, i));
            await res.arrayBuffer();
            if (!record) continue;
            latencies.push(performance.now() - t0);
            statuses.push(res.status);
          }
        }),
      );
    };
    await runHolds(0, HOLD_WARMUP, false);
    started = performance.now();
    let meter = startCpuMeter(postgresPid);
    await runHolds(HOLD_WARMUP, HOLD_WARMUP + HOLDS, true);
    const holdSeconds = (performance.now() - started) / 1000;
    const holdCpu = meter();
    const created = statuses.filter((s) => s === 201).length;
    const holds = {
      attempts: HOLDS,
      warmup: HOLD_WARMUP,
      concurrency: HOLD_CONCURRENCY,
      created,
      taken409: statuses.filter((s) => s === 409).length,
      other: statuses.filter((s) => s !== 201 && s !== 409).length,
      seconds: round(holdSeconds, 2),
      holdsPerSecond: round(created / holdSeconds),
      attemptsPerSecond: round(HOLDS / holdSeconds),
      p50Ms: round(percentile(latencies, 50)),
      p95Ms: round(percentile(latencies, 95)),
      ...cpuPer(holdCpu, holdSeconds, HOLDS),
    };
    log(`holds: ${JSON.stringify(holds)}`);

    // ---------- 3. free-slot search over 8 weeks with 50 clerks ----------
    const from = new Date();
    const to = new Date(from.getTime() + 56 * 86_400_000);
    const searchUrl = `${url}/api/v1/public/slots?serviceId=${service.id}&mode=inPerson&from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
    const httpTimes: number[] = [];
    const searchStarted = performance.now();
    meter = startCpuMeter(postgresPid);
    let slotCount = 0;
    for (let i = 0; i < SEARCHES + 10; i++) {
      const t0 = performance.now();
      const body = await (await fetch(searchUrl)).json();
      if (i >= 10) httpTimes.push(performance.now() - t0);
      slotCount = body.items.length;
    }
    const searchCpu = cpuPer(meter(), (performance.now() - searchStarted) / 1000, SEARCHES + 10);
    const computeTimes: number[] = [];
    const queryTimes: number[] = [];
    const settings = await loadSettings(db);
    for (let i = 0; i < SEARCHES; i++) {
      const t0 = performance.now();
      const bookable = await loadBookableServices(db, [service.id], 'inPerson');
      const clerks = await loadSlotClerks(db, [service.id], from, to, settings.cancelled_slot_block_minutes);
      const t1 = performance.now();
      findSlots(ctx.config.land, bookable, clerks, { from, to, limit: 1000, anyClerk: true });
      queryTimes.push(t1 - t0);
      computeTimes.push(performance.now() - t1);
    }
    const search = {
      clerks: CLERKS,
      weeks: 8,
      slotsReturned: slotCount,
      httpP50Ms: round(percentile(httpTimes, 50)),
      httpP95Ms: round(percentile(httpTimes, 95)),
      ...searchCpu,
      dbP95Ms: round(percentile(queryTimes, 95)),
      computeP95Ms: round(percentile(computeTimes, 95)),
    };
    log(`search: ${JSON.stringify(search)}`);

    const result = {
      benchmark: 'appointments',
      engine: 'postgres',
      engineVersion: version.split(',')[0],
      at: new Date().toISOString(),
      variant: argv.includes('--async-commit') ? 'synchronous_commit=off' : 'defaults',
      note: `shared 2-core machine, load average ${loadAtStart.join(' ')} at start → ${os
        .loadavg()
        .map((x) => round(x, 2))
        .join(
          ' ',
        )} at end (other engineers' tests); clients and server in one process; each client its own address via X-Forwarded-For (TRUST_PROXY=true), default rate limits; challenges with maxnumber ${altcha_max_number}, ${bruteForce ? 'brute-forced' : 'signed by the bench with a known answer'}`,
      loadAverage: { start: loadAtStart, end: os.loadavg().map((x) => round(x, 2)) },
      race,
      holds,
      search,
      targets: {
        race: race.created === 1 && race.taken409 === RACERS - 1 ? 'met' : 'missed',
        holdsPerSecond: holds.holdsPerSecond >= 300 ? 'met' : 'missed',
        searchP95: search.httpP95Ms <= 30 ? 'met' : 'missed',
      },
    };
    const file = path.resolve(
      import.meta.dirname,
      `results/${result.at.slice(0, 10)}-appointments-postgres${argv.includes('--async-commit') ? '-async-commit' : ''}.json`,
    );
    fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    log(`targets: ${JSON.stringify(result.targets)} → ${path.relative(process.cwd(), file)}`);
  } finally {
    await server?.stop();
    if (!keep) stopPg?.();
  }
}
