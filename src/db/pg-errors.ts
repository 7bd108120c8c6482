import { sql, type Transaction } from 'kysely';

/**
 * SQLSTATEs the code reacts to. Both drivers (pg and PGlite) put the SQLSTATE on the error's `code`.
 */
const sqlState = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;

/** 23P01: a row would overlap another under an exclusion constraint (a clerk's appointments). */
export const isExclusionViolation = (error: unknown) => sqlState(error) === '23P01';

/**
 * 40P01 (deadlock detected) and 40001 (serialization failure): the statement did nothing and the same
 * request may well succeed a moment later. Two inserters of conflicting rows under an exclusion
 * constraint can each insert and then wait for the other (a known PostgreSQL limitation: the check
 * follows the insert); the deadlock detector then aborts one of them with 40P01 instead of 23P01.
 */
export const isTransientConflict = (error: unknown) => {
  const code = sqlState(error);
  return code === '40P01' || code === '40001';
};

// Class 08 (connection exception), 57P01–57P03 (admin/crash shutdown, cannot connect now) and 53300
// (too many connections): the database is not reachable right now.
const unavailableStates = new Set(['57P01', '57P02', '57P03', '53300']);
const unavailableSocketCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);
// node-postgres' own errors carry no code: a lost connection, and the pool's connect timeout
const unavailableMessages = [
  'Connection terminated',
  'Client has encountered a connection error',
  'timeout exceeded when trying to connect',
];

/**
 * The database server is down, restarting or refusing connections (not a fault of the request):
 * answered 503 `tryAgain`, and /api/health says "database unavailable". A statement that failed this
 * way was not committed — the client may send the same request again.
 */
export const isDatabaseUnavailable = (error: unknown): boolean => {
  const code = sqlState(error);
  if (typeof code === 'string' && (code.startsWith('08') || unavailableStates.has(code))) return true;
  if (typeof code === 'string' && unavailableSocketCodes.has(code)) return true;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && unavailableMessages.some((m) => message.includes(m));
};

/** Runs `run` again when it fails with a transient conflict, at most `attempts` times in all. */
export async function retryTransient<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!isTransientConflict(error) || attempt >= attempts) throw error;
    }
  }
}

let savepoints = 0;

/**
 * One statement inside the caller's transaction that may lose a race (an UPDATE that moves an
 * appointment under the exclusion constraint): it runs under a savepoint, so when it fails the
 * transaction is still usable — a deadlock abort is retried (`retryTransient`), any other error
 * is thrown with the transaction rolled back to just before the statement, for the caller to
 * answer (409) or to take another way (flag instead of forward).
 */
export function statementInTransaction<D, T>(trx: Transaction<D>, run: () => Promise<T>): Promise<T> {
  const name = sql.raw(`amtsdesk_sp_${++savepoints}`);
  return retryTransient(async () => {
    await sql`SAVEPOINT ${name}`.execute(trx);
    try {
      const value = await run();
      await sql`RELEASE SAVEPOINT ${name}`.execute(trx);
      return value;
    } catch (error) {
      await sql`ROLLBACK TO SAVEPOINT ${name}`.execute(trx);
      throw error;
    }
  });
}
