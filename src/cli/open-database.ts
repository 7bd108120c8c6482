import fs from 'node:fs';
import path from 'node:path';
import { type Config, loadConfig } from '../config';
import { type AppContext, createContext } from '../context';
import { openDatabase } from '../db/database';
import { CliError } from './usage';

export function cliConfig(): Config {
  return loadConfig({ jobs: false, loadDemoData: false });
}

export function hasEmbeddedDatabase(dataDir: string) {
  return fs.existsSync(path.join(dataDir, 'PG_VERSION'));
}

export function describeDatabase(config: Config) {
  if (!config.databaseUrl) return `eingebettete Datenbank in ${config.dataDir}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL-Server ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}

/**
 * Opens the configured database the way the server does (openDatabase takes the lock file of the
 * embedded database, so a running server makes this throw DatabaseLockedError). Without `create`
 * an absent embedded database is an error instead of silently creating an empty one.
 */
export async function withDatabase<T>(
  options: { create?: boolean },
  fn: (ctx: AppContext) => Promise<T>,
): Promise<T> {
  const config = cliConfig();
  if (!config.databaseUrl && !options.create && !hasEmbeddedDatabase(config.dataDir))
    throw new CliError(
      `Keine eingebettete Datenbank in ${config.dataDir} gefunden (no embedded database found). ` +
        'AMTSDESK_DATA prüfen oder zuerst „amtsdesk migrate“ ausführen.',
    );
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: 2,
  });
  try {
    return await fn(createContext(config, database, null));
  } finally {
    await database.close();
  }
}
