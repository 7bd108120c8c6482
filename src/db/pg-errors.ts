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
