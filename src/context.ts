import type { Kysely } from 'kysely';
import type { Config } from './config';
import type { Database } from './db/database';
import type { DB } from './db/schema';
import type { PgBoss } from './jobs/boss';
import { type BusinessCalendar, parseBusinessHours } from './shared/working-time';

/** Everything a command needs, built once per process by the entry point (or by a test). */
export interface AppContext {
  config: Config;
  database: Database;
  db: Kysely<DB>;
  calendar: BusinessCalendar;
  boss: PgBoss | null;
}

export function createContext(config: Config, database: Database, boss: PgBoss | null): AppContext {
  return {
    config,
    database,
    db: database.db,
    calendar: parseBusinessHours(config.businessHours, config.land),
    boss,
  };
}
