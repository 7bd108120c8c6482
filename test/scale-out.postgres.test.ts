import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { type Database, openDatabase } from '../src/db/database';
import { type RunningServer, startServer } from '../src/server';
import { buildTenant, type Tenant } from './helpers/tenant';

// "Several app instances against one PostgreSQL server run safely": two real servers (HTTP, pg-boss)
// on one fresh database. Server-only, so it runs in the PostgreSQL pass of `npm test` (file suffix .postgres.test.ts).
const TEST_QUEUE = 'test.scale-out';

describe('several app instances against one PostgreSQL server', () => {
  let admin: Database;
  let a: RunningServer;
  let b: RunningServer;
  let tenant: Tenant;

  beforeAll(async () => {
    const serverUrl = process.env.AMTSDESK_TEST_PG_URL as string;
    const name = `amtsdesk_scale_${Date.now()}_${process.pid}`;
    admin = await openDatabase({ databaseUrl: serverUrl, dataDir: '', poolSize: 1 });
    await admin.pool.query(`CREATE DATABASE ${name}`);
    const config = loadConfig({
      databaseUrl: serverUrl.replace(/\/[^/]*$/, `/${name}`),
      port: 0,
      host: '127.0.0.1',
      loadDemoData: false,
      jobs: true,
    });
    // started at the same moment, like a rolling deploy: migrations and pg-boss set-up must not collide
    [a, b] = await Promise.all([startServer(config), startServer(config)]);
    tenant = await buildTenant(a.ctx.db);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await admin?.close();
  });

  async function signIn(server: RunningServer, login: string) {
    const res = await fetch(`${server.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, password: 'demo' }),
    });
    expect(res.status).toBe(200);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
    return { cookie, csrfToken: (await res.json()).csrfToken as string };
  }

  function client(session: { cookie: string; csrfToken: string }) {
    return (server: RunningServer, path: string, body?: unknown, csrf = true) =>
      fetch(`${server.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          cookie: session.cookie,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(body !== undefined && csrf ? { 'x-csrf-token': session.csrfToken } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
  }

  const ticket = (title: string) => ({ title, description: 'Über zwei Instanzen.', topic: tenant.topic.key });
  // year and serial in one number: the serial starts again at 1 on 1 January
  const serial = (number: string) => Number(number.split('-')[0]) * 1e9 + Number(number.split('-')[1]);

  it('reports the real ports and serves on both', () => {
    expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(b.url).not.toBe(a.url);
    expect(a.url.endsWith(':0')).toBe(false);
  });

  it('accepts a session created on instance A on instance B, CSRF included', async () => {
    const as = client(await signIn(a, tenant.requester.login));
    const me = await as(b, '/api/v1/me');
    expect(me.status).toBe(200);
    expect((await me.json()).login).toBe(tenant.requester.login);
    expect((await as(b, '/api/v1/tickets', ticket('Ohne CSRF-Token'), false)).status).toBe(403);
    const created = await as(b, '/api/v1/tickets', ticket('Drucker über Instanz B'));
    expect(created.status).toBe(201);
    const { number } = await created.json();
    expect((await as(a, `/api/v1/tickets/${number}`)).status).toBe(200);
  });

  it('numbers tickets created concurrently on both instances uniquely, and in order when sequential', async () => {
    const as = client(await signIn(b, tenant.requester.login));
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => as(i % 2 ? b : a, '/api/v1/tickets', ticket(`Parallel ${i}`))),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(40).fill(201));
    const numbers = await Promise.all(responses.map(async (r) => (await r.json()).number as string));
    expect(new Set(numbers).size).toBe(40);
    // one yearly sequence behind both instances: no gaps without rollbacks
    const serials = numbers.map(serial).sort((x, y) => x - y);
    expect(serials[39] - serials[0]).toBe(39);

    const sequential: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await as(i % 2 ? b : a, '/api/v1/tickets', ticket(`Nacheinander ${i}`));
      expect(res.status).toBe(201);
      sequential.push(serial((await res.json()).number));
    }
    expect(sequential[0]).toBeGreaterThan(serials[39]);
    for (let i = 1; i < sequential.length; i++) expect(sequential[i]).toBeGreaterThan(sequential[i - 1]);
  });

  it('runs every job exactly once across both instances', async () => {
    const db = a.ctx.db;
    await sql`CREATE TABLE scale_out_runs (job_id uuid NOT NULL, n int NOT NULL, instance text NOT NULL)`.execute(
      db,
    );
    for (const [instance, server] of [
      ['A', a],
      ['B', b],
    ] as const) {
      const boss = server.ctx.boss;
      if (!boss) throw new Error('jobs are off');
      await boss.createQueue(TEST_QUEUE);
      // a handler gets up to five jobs per fetch; each run is recorded, so a duplicate would show
      await boss.work<{ n: number }>(
        TEST_QUEUE,
        { pollingIntervalSeconds: 0.5, batchSize: 5 },
        async (jobs) => {
          await new Promise((resolve) => setTimeout(resolve, 100));
          for (const job of jobs)
            await sql`INSERT INTO scale_out_runs (job_id, n, instance) VALUES (${job.id}, ${job.data.n}, ${instance})`.execute(
              server.ctx.db,
            );
        },
      );
    }
    const total = 40;
    for (let n = 0; n < total; n++) {
      const boss = (n % 2 ? b : a).ctx.boss;
      await boss?.send(TEST_QUEUE, { n });
    }
    const count = async () =>
      Number(
        (await sql<{ runs: number }>`SELECT count(*)::int AS runs FROM scale_out_runs`.execute(db)).rows[0]
          .runs,
      );
    const deadline = Date.now() + 45_000;
    while ((await count()) < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    // a little longer, so that a duplicate delivery would have time to show up
    await new Promise((r) => setTimeout(r, 1500));
    const { rows } = await sql<{ runs: number; jobs: number; ns: number; a: number; b: number }>`
      SELECT count(*)::int AS runs, count(DISTINCT job_id)::int AS jobs, count(DISTINCT n)::int AS ns,
        count(*) FILTER (WHERE instance = 'A')::int AS a, count(*) FILTER (WHERE instance = 'B')::int AS b
      FROM scale_out_runs`.execute(db);
    expect(rows[0]).toMatchObject({ runs: total, jobs: total, ns: total });
    // both instances took part: the work is shared, not merely done by one of them
    expect(rows[0].a).toBeGreaterThan(0);
    expect(rows[0].b).toBeGreaterThan(0);
  }, 60_000);
});
