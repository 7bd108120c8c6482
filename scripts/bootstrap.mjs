// The two README commands: `npm start` and `npm test` (and `npm run bench`).
// Each installs what it needs first, so they work on a fresh clone. Plain Node, no dependencies.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const env = { ...process.env, TZ: 'Europe/Berlin' };

function sh(cmd, args, extraEnv = {}) {
  const res = spawnSync(cmd, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  if (res.status !== 0) {
    console.error(`\n✗ ${cmd} ${args.join(' ')} failed (exit ${res.status ?? res.signal})`);
    process.exit(res.status ?? 1);
  }
}

const mtime = (p) => (fs.existsSync(p) ? fs.statSync(p).mtimeMs : 0);

function newestIn(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(p) : mtime(p));
  }
  return newest;
}

function ensureDependencies() {
  const marker = 'node_modules/.package-lock.json';
  if (
    !fs.existsSync(marker) ||
    mtime('package-lock.json') > mtime(marker) ||
    mtime('package.json') > mtime(marker)
  ) {
    // `npm install`, not `npm ci`: npm 11 writes lock files without the other platforms' optional
    // packages (e.g. @biomejs/cli-darwin-*) and `npm ci` then refuses the lock as out of sync.
    // With a lock file present, `npm install` still installs exactly the locked versions.
    console.log('→ installing dependencies (npm install)…');
    sh('npm', ['install', '--no-audit', '--no-fund']);
  }
}

function ensureWebBuild() {
  if (mtime('dist/web/index.html') < Math.max(newestIn('web'), mtime('vite.config.ts'))) {
    console.log('→ building the web front end (vite build)…');
    sh('npx', ['vite', 'build', '--logLevel', 'warn']);
  }
}

export const chromiumPath = '/usr/lib/chromium/chromium';

let aptUpdated = false;

/** apt-get install (as root, else through sudo); apt runs one after another, `update` once. */
function aptInstall(packages) {
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const run = (args) =>
    sh(sudo[0] ?? args[0], sudo.length ? args : args.slice(1), { DEBIAN_FRONTEND: 'noninteractive' });
  if (!aptUpdated) run(['apt-get', 'update']);
  aptUpdated = true;
  run(['apt-get', 'install', '-y', '--no-install-recommends', ...packages]);
}

function ensureChromium() {
  if (fs.existsSync(chromiumPath)) return;
  console.log('→ installing Debian chromium for browser tests (apt-get)…');
  aptInstall(['chromium']);
}

function ensurePostgresServer() {
  const dirs = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'];
  if (dirs.some((d) => fs.existsSync(path.join(d, 'initdb')))) return;
  console.log('→ installing the PostgreSQL 15 server binaries for the test suite (apt-get)…');
  aptInstall(['postgresql-15']);
}

function ensureDovecot() {
  if (['/usr/sbin/dovecot', '/usr/bin/dovecot'].some((p) => fs.existsSync(p))) return;
  console.log('→ installing Debian dovecot-imapd for the IMAP intake tests (apt-get)…');
  aptInstall(['dovecot-imapd']);
}

const command = process.argv[2];
ensureDependencies();

if (command === 'start') {
  ensureWebBuild();
  // the server compiled once (dist/server.mjs, rebuilt when src/ changed) and run by plain node:
  // faster start and less memory than transpiling src/ with tsx on every start (docs/OPERATIONS.md)
  const { ensureServerBuild, serverNodeFlags } = await import('./build-server.mjs');
  const bundle = await ensureServerBuild();
  const res = spawnSync(process.execPath, [...serverNodeFlags, bundle, ...process.argv.slice(3)], {
    stdio: 'inherit',
    env,
  });
  process.exit(res.status ?? 0);
} else if (command === 'test') {
  ensureChromium();
  ensurePostgresServer();
  ensureDovecot();
  ensureWebBuild();
  console.log('→ type check and lint');
  sh('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
  sh('npx', ['biome', 'lint']); // paths from biome.json
  const { startThrowawayPostgres } = await import('./pg-throwaway.mjs');
  console.log('→ starting a throwaway PostgreSQL server');
  const pgServer = await startThrowawayPostgres({ settings: { fsync: 'off', max_connections: 200 } });
  let failed = false;
  try {
    for (const engine of ['pglite', 'postgres']) {
      console.log(
        `\n→ all test tiers on ${engine === 'pglite' ? 'PGlite (embedded)' : `PostgreSQL ${pgServer.url}`}`,
      );
      const res = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(3)], {
        stdio: 'inherit',
        env: { ...env, AMTSDESK_TEST_ENGINE: engine, AMTSDESK_TEST_PG_URL: pgServer.url },
      });
      if (res.status !== 0) failed = true;
    }
  } finally {
    pgServer.stop();
  }
  process.exit(failed ? 1 : 0);
} else if (command === 'bench') {
  // `npm run bench -- <module>` (mail, budget, assets, appointments): bench/run.ts hands over to
  // bench/<module>.ts; without a module name it runs the core suite
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...process.argv.slice(3)], {
    stdio: 'inherit',
    env,
  });
  process.exit(res.status ?? 0);
} else {
  console.error('usage: node scripts/bootstrap.mjs start|test|bench');
  process.exit(64);
}
