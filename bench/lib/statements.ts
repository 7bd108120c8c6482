import type pg from 'pg';

// What the database did per request, from pg_stat_statements (loaded in the throwaway server).

export interface StatementStats {
  /** statements per HTTP request (warm-up included in both counts) */
  queriesPerRequest: number;
  /** database execution time per request, ms */
  dbMsPerRequest: number;
  top: { query: string; callsPerRequest: number; meanMs: number; shareOfDbTime: number }[];
}

export async function enableStatementStats(pool: pg.Pool): Promise<boolean> {
  try {
    await pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await pool.query('SELECT pg_stat_statements_reset()');
    return true;
  } catch {
    return false; // not in shared_preload_libraries (e.g. a server given by DATABASE_URL)
  }
}

export async function resetStatementStats(pool: pg.Pool) {
  await pool.query('SELECT pg_stat_statements_reset()');
}

export async function readStatementStats(pool: pg.Pool, requests: number): Promise<StatementStats> {
  const { rows } = await pool.query(
    `SELECT query, calls::float8 AS calls, total_exec_time AS total
     FROM pg_stat_statements
     WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND query NOT LIKE '%pg_stat_statements%'
     ORDER BY total_exec_time DESC`,
  );
  const list = rows as { query: string; calls: number; total: number }[];
  const calls = list.reduce((s, r) => s + r.calls, 0);
  const total = list.reduce((s, r) => s + r.total, 0);
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    queriesPerRequest: r2(calls / requests),
    dbMsPerRequest: r2(total / requests),
    top: list.slice(0, 6).map((r) => ({
      query: r.query.replace(/\s+/g, ' ').slice(0, 160),
      callsPerRequest: r2(r.calls / requests),
      meanMs: r2(r.total / r.calls),
      shareOfDbTime: r2(r.total / (total || 1)),
    })),
  };
}
