import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  exited,
  freeFixedPort,
  healthy,
  postTicket,
  signInOver,
  spawnServerProcess,
  whenServerReady,
} from './helpers/child-server';
import { freshServerDatabase } from './helpers/server-database';

// "A crash (kill -9) loses no accepted request": every ticket answered with 201 before the
// process is killed must be there after a restart — on the same embedded data directory in the
// PGlite pass, on the same PostgreSQL database in the server pass.
const engine = inject('engine');
let databaseUrl = '';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsdesk-crash-'));
// the same port after the restart, outside the ephemeral range (see freeFixedPort); +1 for the refused second server
const port = await freeFixedPort();
const base = `http://127.0.0.1:${port}`;
let child: ChildProcess | null = null;

/** `node src/main.ts` on this test's data directory (or server database). */
function spawnServer(serverPort: number) {
  return spawnServerProcess({
    port: serverPort,
    dataDir,
    databaseUrl,
    env: { AMTSDESK_JOBS: 'false', LOG_LEVEL: 'warn' },
  });
}

function start(): Promise<ChildProcess> {
  const proc = spawnServer(port);
  return whenServerReady(proc, () => healthy(base), { timeoutMs: 60_000 }).then((started) => started.proc);
}

const signIn = () => signInOver(base, 'sb50');

beforeAll(async () => {
  databaseUrl = await freshServerDatabase('amtsdesk_crash');
});

afterAll(() => {
  child?.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('crash safety', () => {
  it('keeps every acknowledged ticket after kill -9, and the lock file does not block the restart', async () => {
    child = await start();
    const session = await signIn();
    const accepted: string[] = [];
    let stop = false;
    const writer = async (n: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const res = await postTicket(base, session, `Absturztest ${n}-${i}`);
          if (res.status === 201) accepted.push((await res.json()).number);
        } catch {
          return; // connection died with the process
        }
      }
    };
    const writers = [writer(1), writer(2), writer(3), writer(4)];
    const proc = child;
    while (accepted.length < 30) await new Promise((r) => setTimeout(r, 20));
    proc.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    await exited(proc);
    if (engine === 'pglite') expect(fs.existsSync(path.join(dataDir, 'amtsdesk.lock'))).toBe(true); // stale, from the killed process

    child = await start();
    const after = await signIn();
    for (const number of accepted) {
      const res = await fetch(`${base}/api/v1/tickets/${number}`, { headers: { cookie: after.cookie } });
      expect(res.status, number).toBe(200);
    }

    if (engine === 'pglite') await expectSecondServerRefused(child.pid as number);

    child.kill('SIGTERM');
    await exited(child);
    child = null;
  }, 180_000);
});

/** A second server on the same embedded data directory refuses to start and says why. */
async function expectSecondServerRefused(holderPid: number) {
  const second = spawnServer(port + 1); // same data directory: must refuse
  let stderr = '';
  second.stderr?.on('data', (d) => {
    stderr += d;
  });
  await exited(second);
  expect(second.exitCode).toBe(2);
  expect(stderr).toContain(`in use by process ${holderPid}`);
}
