import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { migrations } from './migrations/index';
import type { DB } from './schema';

// bigint ids fit into JS numbers for any realistic amount of data; parse them as numbers.
pg.types.setTypeParser(20, (v) => Number(v));

export type Engine = 'pglite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  pool: pg.Pool;
  engine: Engine;
  close(): Promise<void>;
  /** PGlite only: the data directory as a tarball (backups, test snapshots) */
  dumpDataDir?: () => Promise<Blob>;
}

export interface OpenOptions {
  databaseUrl: string | null;
  dataDir: string;
  /** in-memory PGlite (tests); the data directory and lock file are not used */
  memory?: boolean;
  /** a PGlite data-directory tarball to start from (tests: a migrated snapshot) */
  loadDataDir?: Blob;
  poolSize?: number;
}

export class DatabaseLockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${path.dirname(lockFile)} is in use by process ${pid} (lock file ${lockFile}). ` +
        'Stop that amtsdesk server first, or use DATABASE_URL to work with a PostgreSQL server.',
    );
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** PGlite has no cross-process lock: we hold a lock file with our pid. A stale file (dead pid) is taken over. */
export function acquireLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'amtsdesk.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(lockFile, 'utf8') === String(process.pid)) fs.unlinkSync(lockFile);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(fs.readFileSync(lockFile, 'utf8').trim());
      if (pid && pid !== process.pid && isAlive(pid)) throw new DatabaseLockedError(lockFile, pid);
      fs.unlinkSync(lockFile); // stale: the holder died (e.g. kill -9)
    }
  }
  throw new Error(`Could not acquire ${lockFile}`);
}

let lastIdleErrorLog = 0;

/** logs an idle client's error at most once a minute (a restart drops all clients at once) */
function onIdleClientError(error: Error) {
  if (Date.now() - lastIdleErrorLog < 60_000) return;
  lastIdleErrorLog = Date.now();
  console.warn(`database connection lost (${error.message}); reconnecting on the next query`);
}

export const pgliteExtensions = { btree_gist, pg_trgm };

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      // a server that is down refuses at once; one that hangs must not hold requests for minutes
      connectionTimeoutMillis: 10_000,
    });
    // An idle client whose server went away (restart, failover, admin shutdown) emits 'error' on the
    // pool; without a listener Node ends the process. The pool drops that client and opens a new one
    // on the next query, so there is nothing to do but say so. Requests meanwhile answer 503 tryAgain.
    pool.on('error', (error) => {
      onIdleClientError(error);
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, pool, engine: 'postgres', close: () => db.destroy() };
  }
  const release = options.memory ? () => {} : acquireLock(options.dataDir);
  try {
    const pglite = await PGlite.create(options.memory ? 'memory://' : options.dataDir, {
      extensions: pgliteExtensions,
      loadDataDir: options.loadDataDir,
      // PostgreSQL's default 128 MB of shared buffers live in the WASM heap; 32 MB keeps the embedded
      // server inside its memory budget (docs/BENCHMARKS.md) and is plenty for one municipality.
      startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'],
    });
    // a tarball of a data directory carries the lock file of the process that dumped it: reclaim it
    if (options.loadDataDir && !options.memory)
      fs.writeFileSync(path.join(options.dataDir, 'amtsdesk.lock'), String(process.pid));
    const pool = new pg.Pool(createPgConfig(pglite));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      pool,
      engine: 'pglite',
      dumpDataDir: () => pglite.dumpDataDir('gzip'),
      close: async () => {
        await db.destroy();
        await pglite.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

export async function migrate(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
