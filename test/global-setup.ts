import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrate, openDatabase } from '../src/db/database';

declare module 'vitest' {
  export interface ProvidedContext {
    engine: 'pglite' | 'postgres';
    databaseUrl: string;
    snapshotPath: string;
  }
}

/**
 * PGlite: migrate once into memory and dump a snapshot that every test file loads (≈0.5 s instead
 * of a WASM initdb each). PostgreSQL: a fresh database on the throwaway server, migrated once;
 * tests isolate themselves by building their own org units (tenants), never by truncating.
 */
export default async function setup(project: TestProject) {
  process.env.TZ = 'Europe/Berlin';
  const engine = process.env.AMTSDESK_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';
  project.provide('engine', engine);
  if (engine === 'postgres') {
    const serverUrl = process.env.AMTSDESK_TEST_PG_URL;
    if (!serverUrl)
      throw new Error(
        'AMTSDESK_TEST_PG_URL is not set: run the suite with `npm test`, which starts a PostgreSQL server',
      );
    const name = `amtsdesk_test_${Date.now()}`;
    const admin = await openDatabase({ databaseUrl: serverUrl, dataDir: '' });
    await admin.pool.query(`CREATE DATABASE ${name}`);
    await admin.close();
    const url = serverUrl.replace(/\/[^/]*$/, `/${name}`);
    const database = await openDatabase({ databaseUrl: url, dataDir: '' });
    await migrate(database.db);
    await database.close();
    project.provide('databaseUrl', url);
    project.provide('snapshotPath', '');
    return;
  }
  const database = await openDatabase({ databaseUrl: null, dataDir: '', memory: true });
  await migrate(database.db);
  const snapshotPath = path.resolve('tmp/pglite-test-snapshot.tar.gz');
  fs.mkdirSync(path.dirname(snapshotPath), { recursive: true });
  const dump = await database.dumpDataDir?.();
  if (!dump) throw new Error('PGlite dump not available');
  fs.writeFileSync(snapshotPath, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide('databaseUrl', '');
  project.provide('snapshotPath', snapshotPath);
}
