import type pg from 'pg';
import { PgBoss } from 'pg-boss';

// pg-boss shares the one pg.Pool with Kysely (on PGlite a second client would break transactions).
export function createBoss(pool: pg.Pool): PgBoss {
  return new PgBoss({
    db: { executeSql: (text: string, values?: unknown[]) => pool.query(text, values as unknown[]) },
    schema: 'pgboss',
  });
}

export type { PgBoss };
