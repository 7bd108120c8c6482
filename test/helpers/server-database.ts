import { inject } from 'vitest';

/** A database of its own for a test that starts a whole server: '' = embedded (PGlite) in a data dir. */
export async function freshServerDatabase(prefix: string): Promise<string> {
  if (inject('engine') !== 'postgres') return '';
  const name = `${prefix}_${Date.now()}_${process.pid}`;
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: inject('databaseUrl') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return inject('databaseUrl').replace(/\/[^/]*$/, `/${name}`);
}
