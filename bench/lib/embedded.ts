import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface ChildServer {
  child: ChildProcess;
  url: string;
  /** spawn → first 200 from GET /api/health */
  readyMs: number;
  /** what src/main.ts prints ("bereit nach X s"): from its module body (after all imports) to listening */
  appReportedMs: number | null;
  /** CPU time (user + system, all threads) the server process used until ready: less sensitive to a loaded machine than readyMs */
  cpuMs: number;
  stop(): Promise<void>;
}

/** utime + stime of a process from /proc/<pid>/stat (clock ticks of 10 ms) */
function processCpuMs(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN; // not Linux
  }
}

/** How a server process is started: node flags and the entry file. */
export interface Launch {
  /** shown in scenario descriptions */
  label: string;
  args: string[];
}

/** `node --import tsx src/main.ts`: what `npm start` ran before it built the server (still `npm run dev`'s way). */
export const tsxLaunch: Launch = {
  label: '`node --import tsx src/main.ts`',
  args: ['--import', 'tsx', 'src/main.ts'],
};

/**
 * What `npm start` runs: dist/server.mjs, src/main.ts bundled by esbuild (dependencies external),
 * built by scripts/build-server.mjs when stale, run by plain node with the same flags.
 */
export async function npmStartLaunch(): Promise<Launch> {
  const file = pathToFileURL(path.join(root, 'scripts', 'build-server.mjs')).href;
  const build = (await import(file)) as {
    ensureServerBuild(options: { log(line: string): void }): Promise<string>;
    serverNodeFlags: string[];
  };
  const bundle = await build.ensureServerBuild({ log: () => {} });
  return {
    label: `\`node ${[...build.serverNodeFlags, path.relative(root, bundle)].join(' ')}\` (npm start)`,
    args: [...build.serverNodeFlags, bundle],
  };
}

/**
 * A server process (by default what `npm start` runs, see `launch`) on an embedded data directory, with
 * demo data and background jobs as configured by default; resolves once /api/health answers.
 */
export async function startChild(
  dataDir: string,
  options: { launch?: Launch; timeoutMs?: number } = {},
): Promise<ChildServer> {
  const timeoutMs = options.timeoutMs ?? 300_000; // a first start took 80 s on a 2-core machine at load 18
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TZ: 'Europe/Berlin',
    AMTSDESK_DATA: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  const t0 = performance.now();
  const args = (options.launch ?? (await npmStartLaunch())).args;
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout = (stdout + d.toString()).slice(-4000);
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  let exited: number | null = null;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exited = code ?? -1;
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (exited !== null) throw new Error(`server exited with ${exited} before it was ready:\n${stderr}`);
    if (performance.now() - t0 > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`server not ready after ${timeoutMs} ms:\n${stderr}`);
    }
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await sleep(25);
  }
  const readyMs = performance.now() - t0;
  const cpuMs = processCpuMs(child.pid ?? 0);
  // let the banner arrive (on a busy machine it can trail the first answer by a second)
  for (let waited = 0; waited < 2000 && !/bereit nach/.test(stdout); waited += 25) await sleep(25);
  const reported = /bereit nach ([\d.,]+) s/.exec(stdout);
  return {
    child,
    url,
    readyMs,
    appReportedMs: reported ? Number(reported[1].replace(',', '.')) * 1000 : null,
    cpuMs,
    async stop() {
      if (exited !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exit;
      clearTimeout(timer);
    },
  };
}
