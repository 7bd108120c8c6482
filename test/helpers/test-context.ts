import fs from 'node:fs';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { type AppContext, createContext } from '../../src/context';
import { openDatabase } from '../../src/db/database';

export interface TestContext {
  ctx: AppContext;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** A real database (PGlite from the migrated snapshot, or the throwaway PostgreSQL) and an un-listened app. */
export async function openTestContext(): Promise<TestContext> {
  process.env.TZ = 'Europe/Berlin';
  const engine = inject('engine');
  const database =
    engine === 'postgres'
      ? await openDatabase({ databaseUrl: inject('databaseUrl'), dataDir: '', poolSize: 5 })
      : await openDatabase({
          databaseUrl: null,
          dataDir: '',
          memory: true,
          loadDataDir: new Blob([fs.readFileSync(inject('snapshotPath'))]),
        });
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
