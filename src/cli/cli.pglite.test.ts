import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../db/database';
import { cli, passwordIn, signInWorks, tamperWithAuditRow } from '../../test/helpers/cli';

// The real CLI as a child process against the embedded database (PGlite pass of `npm test`).

describe('amtsdesk CLI: bad input', () => {
  it('answers 64 with a German message and the usage, and writes nothing', async () => {
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'amtsdesk-cli-')), 'data');
    const env = { AMTSDESK_DATA: dataDir };
    const user = ['create-user', '--name', 'Eva Example', '--email', 'eva@example.org'];
    // independent calls, run side by side
    const [unknown, missing, login, role, option, sub, url, help] = await Promise.all([
      cli(['frobnicate'], env),
      cli(user, env),
      cli([...user, '--login', 'x y'], env),
      cli([...user, '--login', 'eva', '--role', 'superuser'], env),
      cli([...user, '--login', 'eva', '--colour', 'red'], env),
      cli(['audit', 'repair'], env),
      cli(['export-to-server', '--to', 'mysql://db/x'], env),
      cli(['help'], env),
    ]);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain('Unbekannter Befehl „frobnicate“');
    expect(unknown.stderr).toContain('npx amtsdesk <Befehl>');
    expect(missing.code).toBe(64);
    expect(missing.stderr).toContain('Die Option --login fehlt');
    expect(login.stderr).toContain('Ungültiger Anmeldename');
    expect(role.code).toBe(64);
    expect(role.stderr).toContain('Unbekannte Rolle „superuser“');
    expect([login.code, option.code, sub.code, url.code]).toEqual([64, 64, 64, 64]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('export-to-server');
    // validation happens before anything is opened: not even the data directory was created
    expect(fs.existsSync(dataDir)).toBe(false);
    fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });
});

describe('amtsdesk CLI on the embedded database', () => {
  let dir: string;
  let env: { AMTSDESK_DATA: string };
  const open = () => openDatabase({ databaseUrl: null, dataDir: env.AMTSDESK_DATA });
  async function withDb<T>(fn: (database: Database) => Promise<T>): Promise<T> {
    const database = await open();
    try {
      return await fn(database);
    } finally {
      await database.close();
    }
  }

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsdesk-cli-'));
    env = { AMTSDESK_DATA: path.join(dir, 'data') };
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('migrates, loads the demo once, manages accounts, verifies the audit log, backs up, exports and restores', async () => {
    const migrated = await cli(['migrate'], env);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stdout).toContain('0001_core');

    const demo = await cli(['demo'], env);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toContain('Demo-Kommune geladen');
    const again = await cli(['demo'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('bereits geladen');

    const created = await cli(
      ['create-user', '--login', 'm.mueller', '--name', 'Maria Müller', '--email', 'mm@example.org'].concat([
        '--role',
        'admin',
        '--role',
        'agent',
        '--org-unit',
        'IT',
        '--group',
        'workplace',
      ]),
      env,
    );
    expect(created.code, created.stderr).toBe(0);
    const first = passwordIn(created);
    const taken = await cli(
      ['create-user', '--login', 'M.Mueller', '--name', 'X', '--email', 'x@example.org'],
      env,
    );
    expect(taken.code).toBe(64);
    expect(taken.stderr).toContain('bereits vergeben');

    const person = await withDb(async (database) => {
      expect(await signInWorks(database, 'm.mueller', first)).toBe(true);
      return database.db
        .selectFrom('persons')
        .innerJoin('org_units', 'org_units.id', 'persons.org_unit_id')
        .select(['persons.id', 'org_units.code'])
        .where('login', '=', 'm.mueller')
        .executeTakeFirstOrThrow();
    });
    expect(person.code).toBe('IT');

    const reset = await cli(
      ['reset-password', '--login', 'M.MUELLER', '--password-stdin'],
      env,
      'Sommer-2025-Amt50\n',
    );
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toContain('1 Sitzung(en) beendet');
    expect(reset.stdout).not.toContain('generated password');
    await withDb(async (database) => {
      expect(await signInWorks(database, 'm.mueller', first)).toBe(false);
      expect(await signInWorks(database, 'm.mueller', 'Sommer-2025-Amt50')).toBe(true);
    });

    const demoTickets = await withDb(async (database) =>
      Number(
        (
          await database.db
            .selectFrom('tickets')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    );
    const verified = await cli(['audit', 'verify'], env);
    expect(verified.code, verified.stderr).toBe(0);
    const checked = Number(/Audit-Log intakt: (\d+) Einträge geprüft/.exec(verified.stdout)?.[1]);
    expect(checked).toBeGreaterThan(100);

    // while another process holds the database: exit 2 with the lock message, nothing written
    await withDb(async (database) => {
      const blocked = await cli(
        ['create-user', '--login', 'blocked', '--name', 'B', '--email', 'b@example.org'],
        env,
      );
      expect(blocked.code).toBe(2);
      expect(blocked.stderr).toContain(`is in use by process ${process.pid}`);
      const found = await database.db
        .selectFrom('persons')
        .select('id')
        .where('login', '=', 'blocked')
        .execute();
      expect(found).toEqual([]);
    });

    const backupFile = path.join(dir, 'sicherung.tar.gz');
    const backup = await cli(['backup', '--out', backupFile], env);
    expect(backup.code, backup.stderr).toBe(0);
    expect(fs.statSync(backupFile).size).toBeGreaterThan(1000);
    expect((await cli(['backup', '--out', backupFile], env)).code).toBe(64);

    // the one step from embedded to a server: into a fresh database, then refused into a filled one
    const serverUrl = process.env.AMTSDESK_TEST_PG_URL as string;
    const targetName = `amtsdesk_export_${Date.now()}_${process.pid}`;
    const serverAdmin = await openDatabase({ databaseUrl: serverUrl, dataDir: '', poolSize: 1 });
    await serverAdmin.pool.query(`CREATE DATABASE ${targetName}`);
    await serverAdmin.close();
    const targetUrl = serverUrl.replace(/\/[^/]*$/, `/${targetName}`);
    const exported = await cli(['export-to-server', '--to', targetUrl], env);
    expect(exported.code, exported.stderr).toBe(0);
    // every ticket of the embedded database arrives (36 core demo tickets + those of later modules' demo data)
    expect(demoTickets).toBeGreaterThanOrEqual(36);
    expect(exported.stdout).toMatch(new RegExp(`tickets\\s+${demoTickets}\\n`));
    expect(exported.stdout).toContain(`Audit-Log intakt: ${checked} Einträge geprüft`);
    const refused = await cli(['export-to-server', '--to', targetUrl], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Die Zieldatenbank ist nicht leer');
    const onServer = await cli(['audit', 'verify'], { DATABASE_URL: targetUrl });
    expect(onServer.stdout).toContain(`Audit-Log intakt: ${checked} Einträge geprüft`);

    await withDb((database) => tamperWithAuditRow(database, 7));
    const broken = await cli(['audit', 'verify'], env);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('seq 7');
    expect(broken.stderr).toContain('row content does not match its hash');

    // the backup from before the tampering restores into a new directory, intact
    const restoredEnv = { AMTSDESK_DATA: path.join(dir, 'restored') };
    const restored = await cli(['restore', '--from', backupFile], restoredEnv);
    expect(restored.code, restored.stderr).toBe(0);
    expect(fs.existsSync(path.join(restoredEnv.AMTSDESK_DATA, 'amtsdesk.lock'))).toBe(false);
    expect((await cli(['restore', '--from', backupFile], restoredEnv)).code).toBe(1);
    const intact = await cli(['audit', 'verify'], restoredEnv);
    expect(intact.code, intact.stderr).toBe(0);
    expect(intact.stdout).toContain(`Audit-Log intakt: ${checked} Einträge geprüft`);
  }, 300_000);
});
