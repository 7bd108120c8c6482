import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  exited,
  freeFixedPort,
  healthy,
  type ServerSession,
  signInOver,
  spawnServerProcess,
  whenServerReady,
} from './helpers/child-server';
import { freshServerDatabase } from './helpers/server-database';

// Issue 17, finding 3: a 28.9 MB CSV dry run left /api/health unanswered for minutes (one long
// statement held the embedded database). Contract: while an IT person posts a 20 MB CSV to
// /api/v1/imports/assets?dryRun=true, GET /api/health keeps answering. On a real listening server,
// on the embedded database in the PGlite pass and on a PostgreSQL server in the other.
const engine = inject('engine');
let databaseUrl = '';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsdesk-import-'));
const port = await freeFixedPort();
const base = `http://127.0.0.1:${port}`;
let child: ChildProcess | null = null;

function start(): Promise<ChildProcess> {
  const proc = spawnServerProcess({
    port,
    dataDir,
    databaseUrl,
    env: { SMTP_RECEIVER: 'false', IMPORT_LEASE_SECONDS: '5', LOG_LEVEL: 'warn' },
  });
  return whenServerReady(proc, () => healthy(base), { timeoutMs: 90_000 }).then((s) => s.proc);
}

const signIn = (login: string) => signInOver(base, login);

/** An inventory export like a software-distribution tool writes it, about 210 bytes a row. */
function inventoryCsv(prefix: string, rows: number): Buffer {
  const lines = ['Inventarnummer;Hostname;Serial;Typ;Modell;OS;Last Seen;Installed Software;Standort'];
  for (let i = 0; i < rows; i++)
    lines.push(
      `${prefix}-${String(i).padStart(6, '0')};PC-${prefix}-${i};SN-${prefix}-${i};Notebook;Latitude 5440 Business Edition;Windows 11 Enterprise 23H2;02.11.2026 08:15;Office 2021, PROSOZ 14plus, Adobe Reader DC, 7-Zip;Rathaus, Zimmer ${i % 400}`,
    );
  return Buffer.from(lines.join('\r\n'), 'latin1');
}

async function postImport(session: ServerSession, body: Buffer, dryRun: boolean) {
  const res = await fetch(`${base}/api/v1/imports/assets?dryRun=${dryRun}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', cookie: session.cookie, 'x-csrf-token': session.csrf },
    body: new Uint8Array(body),
  });
  const json = await res.json();
  expect(res.status, JSON.stringify(json)).toBe(202);
  return json.id as number;
}

/** Polls the run until it is done or failed (the background job works it). */
async function waitForRun(session: ServerSession, id: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${base}/api/v1/imports/${id}`, { headers: { cookie: session.cookie } });
    const run = await res.json();
    expect(res.status, JSON.stringify(run)).toBe(200);
    if (run.state === 'done' || run.state === 'failed') return run;
    if (Date.now() > deadline) throw new Error(`import run ${id} still ${run.state} (${run.rowsDone} rows)`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  databaseUrl = await freshServerDatabase('amtsdesk_import');
  child = await start();
}, 120_000);

afterAll(() => {
  child?.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('imports do not stall the service', () => {
  it('answers /api/health throughout a 20 MB CSV dry run', async () => {
    const session = await signIn('it-sb');
    const rows = 95_000;
    const csv = inventoryCsv(`L${Date.now().toString(36)}`, rows);
    expect(csv.length).toBeGreaterThan(19_000_000);

    const latencies: number[] = [];
    const statuses: number[] = [];
    let done = false;
    const poller = (async () => {
      while (!done) {
        const t0 = performance.now();
        const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(60_000) }).catch(
          () => null,
        );
        latencies.push(performance.now() - t0);
        statuses.push(res?.status ?? 0);
        await res?.arrayBuffer();
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    const started = performance.now();
    try {
      const id = await postImport(session, csv, true);
      const run = await waitForRun(session, id, 540_000);
      expect(run.state, JSON.stringify(run.error)).toBe('done');
      expect(run.result.summary).toMatchObject({ rows, create: rows, error: 0 });
      expect(run.result.rows.length).toBe(2000); // the report lists the first 2,000 and counts the rest
      expect(run.result.rowsOmitted).toBe(rows - 2000);
    } finally {
      done = true;
      await poller;
    }
    const max = Math.max(...latencies);
    console.log(
      `[import-load ${engine}] 20 MB dry run in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
        `${latencies.length} health checks, max ${max.toFixed(0)} ms, ` +
        `p95 ${[...latencies].sort((a, b) => a - b)[Math.floor(latencies.length * 0.95)].toFixed(0)} ms`,
    );
    expect(latencies.length).toBeGreaterThan(5);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    // the target is 2 s (docs/BENCHMARKS.md); a generous bound keeps this deterministic on a busy machine
    expect(max).toBeLessThan(10_000);
  }, 600_000);

  it('works an accepted upload after kill -9 and a restart', async () => {
    const session = await signIn('it-sb');
    const prefix = `K${Date.now().toString(36)}`;
    const id = await postImport(session, inventoryCsv(prefix, 3000), false);
    const proc = child as ChildProcess;
    proc.kill('SIGKILL'); // right after the 202: queued, or in the middle of its batches
    await exited(proc);
    child = await start();
    const after = await signIn('it-sb');
    const run = await waitForRun(after, id, 240_000);
    expect(run.state, JSON.stringify(run.error)).toBe('done');
    // a resumed run reports the batches applied before the kill as created too (they were counted then)
    expect(run.result.summary).toMatchObject({ rows: 3000, create: 3000, error: 0 });
    const asset = await fetch(`${base}/api/v1/assets/${prefix}-002999`, {
      headers: { cookie: after.cookie },
    });
    expect(asset.status).toBe(200);
  }, 300_000);
});
