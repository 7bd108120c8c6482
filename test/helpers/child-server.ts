import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

/**
 * Collects a spawned server's output and waits until `ready()` says yes (typically its
 * `/api/health` answers). Rejects with the output when the process exits first or the deadline
 * passes — the three tests that start real server processes (crash, mail crash, compiled start).
 */
export function whenServerReady(
  proc: ChildProcess,
  ready: () => Promise<boolean>,
  { timeoutMs, pollMs = 200 }: { timeoutMs: number; pollMs?: number },
): Promise<{ proc: ChildProcess; output: () => string }> {
  let output = '';
  proc.stdout?.on('data', (d) => {
    output += d;
  });
  proc.stderr?.on('data', (d) => {
    output += d;
  });
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const poll = async () => {
      if (proc.exitCode !== null) return reject(new Error(`server exited: ${output}`));
      try {
        if (await ready()) return resolve({ proc, output: () => output });
      } catch {
        // not yet listening
      }
      if (Date.now() > deadline) return reject(new Error(`server did not start: ${output}`));
      setTimeout(poll, pollMs);
    };
    void poll();
  });
}

/** Does `GET {base}/api/health` answer 2xx? */
export const healthy = async (base: string) => (await fetch(`${base}/api/health`)).ok;

/**
 * A loopback port for a server process that must keep its port across restarts (crash tests).
 * Picked below the kernel's ephemeral range: every other listener of the suite asks for port 0 and
 * every outgoing connection (hundreds to PostgreSQL on the server pass) takes a local port from
 * that range, so a random port inside it may be taken at any moment — and a fixed port that
 * another server holds would even answer the health check in the place of ours. Probed free.
 */
export async function freeFixedPort(exclude: number[] = []): Promise<number> {
  let ephemeralLow = 32768;
  try {
    ephemeralLow = Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').split(/\s+/)[0]);
  } catch {
    // not Linux: the usual default
  }
  const low = 10_000;
  const high = ephemeralLow > low + 1000 ? ephemeralLow - 1 : 65_000;
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (exclude.includes(port) || exclude.includes(port - 1) || exclude.includes(port + 1)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free loopback port found');
}

/** Resolves when the process has ended (at once when it already has). */
export const exited = (proc: ChildProcess) =>
  new Promise<void>((resolve) =>
    proc.exitCode !== null || proc.signalCode !== null ? resolve() : proc.once('exit', () => resolve()),
  );

export interface ServerSession {
  cookie: string;
  csrf: string;
}

/** Signs in over HTTP at a running server; throws with the answer when it is not 200. */
export async function signInOver(base: string, login: string, password = 'demo'): Promise<ServerSession> {
  const res = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${login} failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  return { cookie, csrf: (await res.json()).csrfToken as string };
}

/**
 * `node src/main.ts` on loopback with the given port, data directory or server database, and
 * further settings (`env`); output is piped for `whenServerReady`.
 */
export function spawnServerProcess(options: {
  port: number;
  dataDir: string;
  databaseUrl: string;
  env?: Record<string, string>;
}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      PORT: String(options.port),
      HOST: '127.0.0.1',
      AMTSDESK_DATA: options.dataDir,
      DATABASE_URL: options.databaseUrl,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Files a ticket over HTTP as a signed-in person (the write load of the crash and outage tests). */
export const postTicket = (base: string, session: ServerSession, title: string) =>
  fetch(`${base}/api/v1/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
    body: JSON.stringify({ title, topic: 'workplace' }),
  });
