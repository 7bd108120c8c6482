import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import type { DB } from '../../src/db/schema';
import type { QueryPlan } from './results';

export interface CapturedQuery {
  sql: string;
  params: unknown[];
}

/**
 * A Kysely instance on the app's pool that records every compiled query, so the plans below are
 * the app's own SQL (listTickets, loadTicketView), not a hand-written copy. Never destroy it: the
 * pool belongs to the running app.
 */
export function capturingDb(pool: pg.Pool) {
  const captured: CapturedQuery[] = [];
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query')
        captured.push({ sql: event.query.sql, params: [...event.query.parameters] });
    },
  });
  return { db, captured };
}

/** EXPLAIN (ANALYZE, BUFFERS) of a captured query; run twice, the second (warm) plan is kept. */
export async function explain(
  pool: pg.Pool,
  name: string,
  description: string,
  q: CapturedQuery,
): Promise<QueryPlan> {
  const text = `EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`;
  await pool.query(text, q.params);
  const { rows } = await pool.query(text, q.params);
  const plan = rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
  const m = /Execution Time: ([\d.]+) ms/.exec(plan);
  return {
    name,
    description,
    sql: q.sql,
    params: q.params.map((p) => (p instanceof Date ? p.toISOString() : p)),
    plan,
    executionMs: m ? Number(m[1]) : null,
    capturedAt: new Date().toISOString(),
  };
}
