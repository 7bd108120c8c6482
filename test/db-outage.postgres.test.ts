import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freeFixedPort,
  healthy,
  postTicket,
  signInOver,
  spawnServerProcess,
  whenServerReady,
} from './helpers/child-server';

// A database outage (restart, failover) must not end the process: requests meanwhile answer 503
// `tryAgain` (nothing written), /api/health says "database unavailable", and the app recovers by
// itself when the server is back — without losing any request it answered 201. This file stops and
// starts a PostgreSQL cluster of its own (the suite's shared server is used by every other file).

interface Cluster {
  url: string;
  pause(): void;
  resume(): void;
  stop(): void;
}

let cluster: Cluster;
let child: ChildProcess | null = null;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsdesk-outage-'));
const port = await freeFixedPort();
const base = `http://127.0.0.1:${port}`;

beforeAll(async () => {
  const file = pathToFileURL(path.resolve(import.meta.dirname, '../scripts/pg-throwaway.mjs')).href;
  const { startThrowawayPostgres } = await import(file);
  cluster = (await startThrowawayPostgres({ settings: { fsync: 'off' } })) as Cluster;
}, 60_000);

afterAll(() => {
  child?.kill('SIGKILL');
  cluster?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('database outage', () => {
  it('survives a stop and start of the PostgreSQL server: 503 meanwhile, no accepted ticket lost, recovers by itself', async () => {
    const proc = spawnServerProcess({
      port,
      dataDir,
      databaseUrl: cluster.url,
      // jobs stay on: pg-boss, the outbox and the mail worker must live through the outage too
      env: { SMTP_RECEIVER: 'false', LOG_LEVEL: 'warn', OUTBOX_POLL_MS: '200' },
    });
    child = proc;
    const started = await whenServerReady(proc, () => healthy(base), { timeoutMs: 90_000 });
    const session = await signInOver(base, 'sb50');

    const accepted: string[] = [];
    const statuses = new Map<number, number>();
    let stop = false;
    const writer = async (n: number) => {
      for (let i = 0; !stop; i++) {
        const res = await postTicket(base, session, `Ausfalltest ${n}-${i}`);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 201) accepted.push((await res.json()).number);
        else {
          expect(res.status, await res.text()).toBe(503);
          expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    };
    const writers = [writer(1), writer(2), writer(3)];
    await expect.poll(() => accepted.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(20);

    cluster.pause(); // fast shutdown: the server terminates every connection of the pool
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(503);
    expect((await health.json()).code).toBe('databaseUnavailable');
    await expect.poll(() => statuses.get(503) ?? 0, { timeout: 30_000 }).toBeGreaterThan(5);
    expect(proc.exitCode).toBeNull();

    cluster.resume();
    await expect.poll(() => healthy(base).catch(() => false), { timeout: 60_000 }).toBe(true);
    const before = accepted.length;
    await expect.poll(() => accepted.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(before + 20);
    stop = true;
    await Promise.all(writers);

    for (const number of accepted) {
      const res = await fetch(`${base}/api/v1/tickets/${number}`, { headers: { cookie: session.cookie } });
      expect(res.status, number).toBe(200);
    }
    expect(proc.exitCode, started.output()).toBeNull();
    expect(started.output()).not.toMatch(/uncaught|unhandled/i);
  }, 240_000);
});
