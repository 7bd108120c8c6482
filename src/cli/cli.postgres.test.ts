import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../db/database';
import { cli, passwordIn, signInWorks, tamperWithAuditRow } from '../../test/helpers/cli';

// The real CLI as a child process with DATABASE_URL (PostgreSQL pass of `npm test`).

describe('amtsdesk CLI with DATABASE_URL', () => {
  let admin: Database;
  let env: { DATABASE_URL: string };
  const open = () => openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: '', poolSize: 2 });

  beforeAll(async () => {
    const serverUrl = process.env.AMTSDESK_TEST_PG_URL as string;
    const name = `amtsdesk_cli_${Date.now()}_${process.pid}`;
    admin = await openDatabase({ databaseUrl: serverUrl, dataDir: '', poolSize: 1 });
    await admin.pool.query(`CREATE DATABASE ${name}`);
    env = { DATABASE_URL: serverUrl.replace(/\/[^/]*$/, `/${name}`) };
  });
  afterAll(async () => {
    await admin?.close();
  });

  it('migrates, manages accounts and catches a tampered audit row on the server', async () => {
    const migrated = await cli(['migrate'], env);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stdout).toContain('PostgreSQL-Server');

    const created = await cli(
      ['create-user', '--login', 'admin2', '--name', 'Admin', '--email', 'a@example.org', '--role', 'admin'],
      env,
    );
    expect(created.code, created.stderr).toBe(0);
    const database = await open();
    try {
      expect(await signInWorks(database, 'admin2', passwordIn(created))).toBe(true);
      const reset = await cli(['reset-password', '--login', 'ADMIN2'], env);
      expect(reset.code, reset.stderr).toBe(0);
      expect(reset.stdout).toContain('1 Sitzung(en) beendet');
      expect(await signInWorks(database, 'admin2', passwordIn(created))).toBe(false);
      expect(await signInWorks(database, 'admin2', passwordIn(reset))).toBe(true);
      const nobody = await cli(['reset-password', '--login', 'nobody'], env);
      expect(nobody.code).toBe(64);
      expect(nobody.stderr).toContain('Kein Benutzerkonto „nobody“');

      const verified = await cli(['audit', 'verify'], env);
      expect(verified.code, verified.stderr).toBe(0);
      expect(verified.stdout).toMatch(/Audit-Log intakt: \d+ Einträge geprüft/);
      await tamperWithAuditRow(database, 2);
      const broken = await cli(['audit', 'verify'], env);
      expect(broken.code).toBe(1);
      expect(broken.stderr).toContain('seq 2');
    } finally {
      await database.close();
    }

    const backup = await cli(['backup', '--out', 'amtsdesk.dump'], env);
    expect(backup.code).toBe(1);
    expect(backup.stderr).toContain('pg_dump --format=custom');
  }, 120_000);
});
