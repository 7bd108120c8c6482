import fs from 'node:fs';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { type AppContext, createContext } from '../../src/context';
import { migrate, openDatabase } from '../../src/db/database';
import { freshServerDatabase } from './server-database';

export interface TestContext {
  ctx: AppContext;
  app: FastifyInstance;
  close(): Promise<void>;
}

/**
 * A real database (PGlite from the migrated snapshot, or the throwaway PostgreSQL) and an un-listened app.
 *
 * On PostgreSQL all test files share one database and run in parallel; they isolate themselves by
 * building their own org units. A file that changes what is one row per database (the appointment
 * settings, say) would change it under every other file's feet: it asks for `ownDatabase`, a freshly
 * migrated database of its own on the same server. (On PGlite every file has its own anyway.)
 */
export async function openTestContext(options: { ownDatabase?: boolean } = {}): Promise<TestContext> {
  process.env.TZ = 'Europe/Berlin';
  const engine = inject('engine');
  const ownUrl =
    engine === 'postgres' && options.ownDatabase ? await freshServerDatabase('amtsdesk_own') : '';
  const database =
    engine === 'postgres'
      ? await openDatabase({ databaseUrl: ownUrl || inject('databaseUrl'), dataDir: '', poolSize: 5 })
      : await openDatabase({
          databaseUrl: null,
          dataDir: '',
          memory: true,
          loadDataDir: new Blob([fs.readFileSync(inject('snapshotPath'))]),
        });
  if (ownUrl) await migrate(database.db);
  const config = loadConfig({
    jobs: false,
    loadDemoData: false,
    databaseUrl: null,
    attachmentMaxBytes: 256 * 1024,
    bodyLimitBytes: 64 * 1024,
  });
  const ctx = createContext(config, database, null);
  const app = await buildApp(ctx);
  return {
    ctx,
    app,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export interface Session {
  cookie: string;
  csrfToken: string;
}

export async function signIn(app: FastifyInstance, login: string, password = 'demo'): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { login, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${login} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'amtsdesk_session');
  if (!cookie) throw new Error('no session cookie');
  return { cookie: `amtsdesk_session=${cookie.value}`, csrfToken: res.json().csrfToken };
}

/** inject() as a signed-in person: cookie plus CSRF header on state-changing requests. */
export function as(app: FastifyInstance, session: Session) {
  return (options: InjectOptions): Promise<LightMyRequestResponse> => {
    const method = (options.method ?? 'GET').toUpperCase();
    const headers = { ...(options.headers ?? {}), cookie: session.cookie } as Record<string, string>;
    if (!['GET', 'HEAD'].includes(method)) headers['x-csrf-token'] = session.csrfToken;
    return app.inject({ ...options, headers });
  };
}
