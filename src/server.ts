import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import { type Config, checkConfigSafety } from './config';
import { type AppContext, createContext } from './context';
import { migrate, openDatabase } from './db/database';
import { createBoss } from './jobs/boss';
import { registerJobs } from './jobs/register-jobs';
import { hasDemoData, loadDemoData } from './modules/demo/load-demo-data';
import { startMailServices } from './modules/mail/mail-services';
import { startOutboxWorker } from './modules/mail/outbox';

export interface RunningServer {
  app: FastifyInstance;
  ctx: AppContext;
  url: string;
  demoLoaded: boolean;
  /** port of the SMTP receiver (mail intake), null when off */
  smtpPort: number | null;
  stop(): Promise<void>;
}

/** Opens the database, migrates, loads demo data into an empty database, starts jobs and listens. */
export async function startServer(
  config: Config,
  options: { logger?: boolean } = {},
): Promise<RunningServer> {
  process.env.TZ = 'Europe/Berlin';
  for (const warning of checkConfigSafety(config)) console.warn(`WARNUNG: ${warning}`);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(database.db);
    const boss = config.jobs ? createBoss(database.pool) : null;
    const ctx = createContext(config, database, boss);
    let demoLoaded = false;
    if (config.loadDemoData) {
      const empty = !(await ctx.db.selectFrom('persons').select('id').limit(1).executeTakeFirst());
      if (empty && !(await hasDemoData(ctx))) {
        await loadDemoData(ctx);
        demoLoaded = true;
      }
    }
    const app = await buildApp(ctx, options);
    await app.listen({ port: config.port, host: config.host });
    // jobs start after listening (~0.6 s less to ready); a failure here still stops the server
    if (boss) {
      boss.on('error', (error) => app.log.error({ err: error }, 'job queue error'));
      try {
        await boss.start();
        await registerJobs(ctx, boss);
      } catch (error) {
        await app.close();
        throw error;
      }
    }
    const outbox = config.jobs ? startOutboxWorker(ctx.db, config, app.log) : null;
    const mail = await startMailServices(ctx, app.log);
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    let stopped = false;
    return {
      app,
      ctx,
      url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`,
      demoLoaded,
      smtpPort: mail.smtpPort,
      async stop() {
        if (stopped) return;
        stopped = true;
        await mail.stop();
        await app.close();
        await outbox?.stop();
        if (boss) await boss.stop({ graceful: true, timeout: 5000 });
        await database.close();
      },
    };
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}
