import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { healthy, whenServerReady } from './helpers/child-server';

// `npm start` runs the server bundled by esbuild (scripts/build-server.mjs) with plain node on the
// embedded database. The bundle is built here into a scratch copy of the project layout
// (dist/server.mjs next to dist/web, node_modules linked) so that every path the app resolves
// relative to its own module must work from the bundle's location, not from src/.
const root = path.resolve(import.meta.dirname, '..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsdesk-start-'));
const dataDir = path.join(scratch, 'data');
const bundle = path.join(scratch, 'dist', 'server.mjs');
/** a port nobody listens on right now (the OS picks it) */
const port = await new Promise<number>((resolve, reject) => {
  const probe = net.createServer();
  probe.once('error', reject);
  probe.listen(0, '127.0.0.1', () => {
    const address = probe.address();
    probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
  });
});
const base = `http://127.0.0.1:${port}`;
let child: ChildProcess | null = null;

/** scripts/build-server.mjs: plain Node, no type declarations */
const buildScript = path.join(root, 'scripts', 'build-server.mjs');
const { buildServer, serverBundleStale, serverNodeFlags } = (await import(buildScript)) as {
  buildServer(outfile: string): Promise<string>;
  serverBundleStale(outfile: string): boolean;
  serverNodeFlags: string[];
};

afterAll(() => {
  child?.kill('SIGKILL');
  fs.rmSync(scratch, { recursive: true, force: true });
});

function start(): Promise<{ proc: ChildProcess; output: () => string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TZ: 'Europe/Berlin',
    PORT: String(port),
    HOST: '127.0.0.1',
    AMTSDESK_DATA: dataDir,
    AMTSDESK_JOBS: 'false',
    SMTP_RECEIVER: 'false', // its fixed port 2525 may be taken by another server on this machine
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  const proc = spawn(process.execPath, [...serverNodeFlags, bundle], {
    cwd: scratch,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return whenServerReady(proc, () => healthy(base), { timeoutMs: 100_000 });
}

describe('the compiled server (npm start)', () => {
  it('builds, starts on a new data directory, serves the API and the web front end from dist/web', async () => {
    fs.mkdirSync(path.join(scratch, 'dist', 'web'), { recursive: true });
    fs.writeFileSync(
      path.join(scratch, 'dist', 'web', 'index.html'),
      '<!doctype html><title>amtsdesk</title><p>scratch front end</p>',
    );
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(scratch, 'node_modules'), 'dir');

    expect(serverBundleStale(bundle)).toBe(true);
    await buildServer(bundle);
    expect(serverBundleStale(bundle)).toBe(false);
    const code = fs.readFileSync(bundle, 'utf8');
    expect(code).not.toMatch(/^import .* from ["']\.\.?\//m); // the app's own modules are inside
    expect(code).toMatch(/^import .* from "@electric-sql\/pglite";$/m); // packages stay external
    expect(code.trimEnd().endsWith('//# sourceMappingURL=server.mjs.map')).toBe(true);
    expect(fs.existsSync(`${bundle}.map`)).toBe(true);

    const server = await start();
    child = server.proc;
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
    expect(server.output()).toMatch(/bereit nach [\d.]+ s/);

    // the single-page app from <bundle dir>/../dist/web (src/app.ts resolves it from its module)
    const page = await fetch(`${base}/tickets`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('scratch front end');

    // demo data loaded, sign-in works (argon2 is a native addon loaded from node_modules)
    const session = await fetch(`${base}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'sb50', password: 'demo' }),
    });
    expect(session.status).toBe(200);
    const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0];
    const tickets = await fetch(`${base}/api/v1/tickets`, { headers: { cookie } });
    expect(tickets.status).toBe(200);

    child.kill('SIGTERM');
    await new Promise<void>((resolve) =>
      child?.exitCode !== null ? resolve() : child.once('exit', () => resolve()),
    );
    expect(child.exitCode).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'amtsdesk.lock'))).toBe(false);
    child = null;

    // started again on the existing data directory
    const again = await start();
    child = again.proc;
    const signInAgain = await fetch(`${base}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'sb50', password: 'demo' }),
    });
    expect(signInAgain.status).toBe(200);
  }, 240_000);
});
