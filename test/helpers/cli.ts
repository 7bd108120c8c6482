import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config';
import { createContext } from '../../src/context';
import type { Database } from '../../src/db/database';
import { signIn } from '../../src/modules/auth/commands/sign-in';

// Runs the real CLI as a child process (`node bin/amtsdesk.mjs …`) for the CLI tests.
const bin = path.resolve(import.meta.dirname, '../../bin/amtsdesk.mjs');
export const config = loadConfig({ jobs: false, loadDemoData: false, databaseUrl: null });

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], env: Record<string, string>, input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: os.tmpdir(),
      env: { ...process.env, DATABASE_URL: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

export const passwordIn = (run: Run) => {
  const match = /Passwort \(generated password\): (\S+)/.exec(run.stdout);
  if (!match) throw new Error(`no password in output: ${run.stdout}`);
  return match[1];
};

export async function signInWorks(database: Database, login: string, password: string) {
  const ctx = createContext(config, database, null);
  return signIn(ctx, login, password, '127.0.0.1').then(
    () => true,
    (error) => {
      if (error?.status === 401) return false;
      throw error;
    },
  );
}

/** What an attacker with database access would do: switch the guard off, edit a sealed row, switch it on. */
export async function tamperWithAuditRow(database: Database, seq: number) {
  await database.db.transaction().execute(async (trx) => {
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(trx);
    await sql`UPDATE audit_log SET after = '{"tampered": true}' WHERE seq = ${seq}`.execute(trx);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(trx);
  });
}
