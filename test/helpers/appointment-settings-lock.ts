import type pg from 'pg';
import type { AppContext } from '../../src/context';
import { clearAppointmentCache } from '../../src/modules/appointments/availability';

/**
 * `appointment_settings` is one row per database. On the PostgreSQL pass all test files share that
 * database and run in parallel, so a test that changes the settings (hold time, upload limits …)
 * would change them under another file's feet, and a test that asserts the defaults would see the
 * other file's values. Such tests take this lock for their duration: `write` (exclusive) to change
 * the settings, `read` (shared) to rely on them staying as they are. It is a session-level advisory
 * lock on a connection of its own, released by `unlockAppointmentSettings` (in afterEach).
 *
 * The module caches the settings for 15 s per process: the cache is cleared once the lock is held
 * (values loaded while another file had changed them are forgotten) and again on release.
 *
 * On PGlite every file has a database of its own (and one connection): nothing to lock.
 */
const LOCK_KEY = [0x616d7473, 0x73657474]; // two int4 keys ('amts', 'sett'), apart from pg-boss's locks
const held = new Map<AppContext, pg.PoolClient | null>();

export async function lockAppointmentSettings(ctx: AppContext, mode: 'read' | 'write'): Promise<void> {
  if (held.has(ctx)) throw new Error('appointment settings already locked by this test');
  if (ctx.database.engine !== 'postgres') {
    held.set(ctx, null);
    clearAppointmentCache(ctx.db);
    return;
  }
  const client = await ctx.database.pool.connect();
  try {
    // give up (an error, the connection back to the pool) before the test's own 30 s timeout, so a
    // timed-out test never leaves a connection behind that takes the lock later and keeps it
    await client.query("SET lock_timeout = '20s'");
    await client.query(
      mode === 'write' ? 'SELECT pg_advisory_lock($1, $2)' : 'SELECT pg_advisory_lock_shared($1, $2)',
      LOCK_KEY,
    );
    await client.query('RESET lock_timeout');
  } catch (error) {
    client.release();
    throw error;
  }
  held.set(ctx, client);
  clearAppointmentCache(ctx.db);
}

/** Releases the lock of `lockAppointmentSettings` (a no-op when this test took none). */
export async function unlockAppointmentSettings(ctx: AppContext): Promise<void> {
  if (!held.has(ctx)) return;
  const client = held.get(ctx);
  held.delete(ctx);
  clearAppointmentCache(ctx.db);
  if (!client) return;
  try {
    await client.query('SELECT pg_advisory_unlock_all()');
  } finally {
    client.release();
  }
}
