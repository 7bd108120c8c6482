import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestContext, type TestContext } from '../../../test/helpers/test-context';
import { recordAudit, sealAuditLog, verifyAuditLog } from './audit-log';

let t: TestContext;
beforeAll(async () => {
  t = await openTestContext();
});
afterAll(async () => {
  await t.close();
});

async function sealAll() {
  while ((await sealAuditLog(t.ctx.db)) > 0) {
    // until nothing final is left
  }
}

/**
 * On PostgreSQL the database is shared with test files running in parallel; their open
 * transactions hold back the seal horizon, so seal until the given row is chained.
 */
async function sealUntilChained(entityId: string) {
  for (let attempt = 0; attempt < 200; attempt++) {
    await sealAll();
    const row = await t.ctx.db
      .selectFrom('audit_log')
      .select('seq')
      .where('entity_id', '=', entityId)
      .executeTakeFirstOrThrow();
    if (row.seq !== null) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`audit row ${entityId} was not sealed within 10 s`);
}

describe('audit log', () => {
  it('chains rows in commit-safe order and verifies', async () => {
    for (let i = 0; i < 5; i++) {
      await t.ctx.db
        .transaction()
        .execute((trx) =>
          recordAudit(trx, { id: 1, login: 'x' }, 'test.event', 'thing', i, { n: i }, { n: i + 1 }),
        );
    }
    await sealAll();
    const result = await verifyAuditLog(t.ctx.db);
    expect(result.ok).toBe(true);
    expect(result.checked).toBeGreaterThanOrEqual(5);
    const rows = await t.ctx.db
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .where('seq', 'is not', null)
      .execute();
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.hash ?? ''))).toBe(true);
  });

  it('does not chain rows of a transaction that is still running', async () => {
    // a second connection is needed for a concurrent open transaction; PGlite has one connection
    if (t.ctx.database.engine !== 'postgres') {
      expect(t.ctx.database.engine).toBe('pglite');
      return;
    }
    const client = await t.ctx.database.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO audit_log (action, entity_type, entity_id) VALUES ('test.open', 'thing', 'open-tx')`,
      );
      await sealAll();
      const open = await client.query(`SELECT seq FROM audit_log WHERE entity_id = 'open-tx'`);
      expect(open.rows[0].seq).toBeNull();
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    await sealUntilChained('open-tx');
    const done = await t.ctx.db
      .selectFrom('audit_log')
      .select('seq')
      .where('entity_id', '=', 'open-tx')
      .executeTakeFirstOrThrow();
    expect(done.seq).not.toBeNull();
    expect((await verifyAuditLog(t.ctx.db)).ok).toBe(true);
  });

  it('refuses updates and deletes of sealed rows', async () => {
    await recordAudit(t.ctx.db, null, 'test.guard', 'thing', 'guard', null, { a: 1 });
    await sealUntilChained('guard');
    await expect(
      sql`UPDATE audit_log SET action = 'forged' WHERE entity_id = 'guard'`.execute(t.ctx.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log WHERE entity_id = 'guard'`.execute(t.ctx.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`TRUNCATE audit_log`.execute(t.ctx.db)).rejects.toThrow(/append-only/);
  });

  it('detects a row edited behind the trigger', async () => {
    await recordAudit(t.ctx.db, null, 'test.tamper', 'thing', 'tamper', null, { amount: 100 });
    await sealUntilChained('tamper');
    // what an attacker with database superuser rights could do
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(t.ctx.db);
    try {
      await sql`UPDATE audit_log SET after = '{"amount": 1}' WHERE entity_id = 'tamper'`.execute(t.ctx.db);
      const result = await verifyAuditLog(t.ctx.db);
      expect(result.ok).toBe(false);
      expect(result.reason).toMatch(/hash/);
    } finally {
      await sql`UPDATE audit_log SET after = '{"amount": 100}' WHERE entity_id = 'tamper'`.execute(t.ctx.db);
      await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(t.ctx.db);
    }
    expect((await verifyAuditLog(t.ctx.db)).ok).toBe(true);
  });
});
