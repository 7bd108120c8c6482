import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema';

/**
 * The sign-in throttle (decision record 0010). Every attempt is reserved in the database BEFORE the
 * password is checked: the counters are locked, checked and raised in one short transaction, so N
 * parallel attempts count as N, on every instance that shares the database.
 *
 * Three counters per attempt:
 * - (login, address): after `perPair` failures the next attempt waits 30 s, then 60 s, 120 s, … (at
 *   most an hour); a successful sign-in resets it and marks the address as known for the login.
 * - login (all addresses): `perLogin` failures, against guessing from many addresses.
 * - address (all logins): `perAddress` failures, against trying many logins from one address. The
 *   address is Fastify's request.ip: the client only with TRUST_PROXY=true behind a reverse proxy.
 * An address from which the login signed in during the last `knownAddressDays` is exempt from the
 * per-login and per-address counters: strangers elsewhere, or a colleague behind the same NAT, cannot
 * lock a person out of the place they usually sign in from.
 * A counter that has been quiet (no attempt, no block) for `windowMinutes` starts again at zero; such
 * rows are deleted by `purgeSignInThrottle`.
 */
export const THROTTLE = {
  windowMinutes: 15,
  perPair: 10,
  perLogin: 100,
  perAddress: 200,
  baseDelaySeconds: 30,
  maxDelaySeconds: 3600,
  knownAddressDays: 30,
} as const;

interface Counter {
  key: string;
  limit: number;
}

export type Reservation =
  | { allowed: true; counters: Counter[] }
  | { allowed: false; retryAfterSeconds: number };

interface Row {
  key: string;
  failures: number;
  last_attempt_at: Date;
  blocked_until: Date | null;
  succeeded_at: Date | null;
  now: Date;
}

/** Seconds to wait after the `failures`-th failure of a counter with this limit (doubling, capped). */
export function delaySeconds(failures: number, limit: number): number {
  if (failures < limit) return 0;
  return Math.min(THROTTLE.baseDelaySeconds * 2 ** Math.min(failures - limit, 20), THROTTLE.maxDelaySeconds);
}

/** The counter as it stands at `now`: a quiet row counts as fresh. */
export function effective(row: Pick<Row, 'failures' | 'last_attempt_at' | 'blocked_until'>, now: Date) {
  const quietSince = Math.max(row.last_attempt_at.getTime(), row.blocked_until?.getTime() ?? 0);
  const stale = quietSince < now.getTime() - THROTTLE.windowMinutes * 60_000;
  return stale
    ? { failures: 0, blockedUntil: null }
    : { failures: row.failures, blockedUntil: row.blocked_until };
}

/** Seconds until the counter lets an attempt through, or 0 when it does now. */
export function waitSeconds(
  row: Pick<Row, 'failures' | 'last_attempt_at' | 'blocked_until'>,
  limit: number,
  now: Date,
): number {
  const { failures, blockedUntil } = effective(row, now);
  if (failures < limit) return 0;
  // at the limit with no block yet: an attempt at the limit is still being checked
  if (blockedUntil === null) return delaySeconds(failures, limit);
  return Math.max(0, Math.ceil((blockedUntil.getTime() - now.getTime()) / 1000));
}

const normalLogin = (login: string) => login.trim().toLowerCase();
const pairKey = (login: string, address: string) => `pair:${normalLogin(login)}\n${address}`;

/** Locks the counters (created when missing) in one global order: the pair first, then by key. */
async function lockCounters(trx: Kysely<DB>, keys: string[]): Promise<Map<string, Row>> {
  const sorted = [...keys].sort();
  await trx
    .insertInto('sign_in_throttle')
    .values(sorted.map((key) => ({ key })))
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const rows = await sql<Row>`
    SELECT key, failures, last_attempt_at, blocked_until, succeeded_at, now() AS now
    FROM sign_in_throttle WHERE key IN (${sql.join(sorted)}) ORDER BY key FOR UPDATE`.execute(trx);
  return new Map(rows.rows.map((r) => [r.key, r]));
}

/** Reserves one attempt (counted as a failure until it succeeds), or says how long to wait. */
export async function reserveSignInAttempt(
  db: Kysely<DB>,
  login: string,
  address: string,
): Promise<Reservation> {
  return db.transaction().execute(async (trx) => {
    const pair: Counter = { key: pairKey(login, address), limit: THROTTLE.perPair };
    const pairRow = (await lockCounters(trx, [pair.key])).get(pair.key) as Row;
    const now = new Date(pairRow.now);
    const known =
      pairRow.succeeded_at !== null &&
      pairRow.succeeded_at.getTime() > now.getTime() - THROTTLE.knownAddressDays * 86_400_000;
    const counters: Counter[] = [pair];
    if (!known)
      counters.push(
        { key: `login:${normalLogin(login)}`, limit: THROTTLE.perLogin },
        { key: `address:${address}`, limit: THROTTLE.perAddress },
      );
    const rows =
      counters.length > 1
        ? await lockCounters(
            trx,
            counters.slice(1).map((c) => c.key),
          )
        : new Map();
    rows.set(pair.key, pairRow);
    const wait = Math.max(...counters.map((c) => waitSeconds(rows.get(c.key) as Row, c.limit, now)));
    if (wait > 0) return { allowed: false as const, retryAfterSeconds: wait };
    for (const c of counters) {
      const { failures } = effective(rows.get(c.key) as Row, now);
      await trx
        .updateTable('sign_in_throttle')
        .set({ failures: failures + 1, last_attempt_at: now, blocked_until: null })
        .where('key', '=', c.key)
        .execute();
    }
    return { allowed: true as const, counters };
  });
}

/** The reserved attempt failed: counters at their limit start (or lengthen) their delay. */
export async function recordSignInFailure(db: Kysely<DB>, counters: Counter[]) {
  // one statement per counter (each holds one row lock only: no lock order to get wrong)
  for (const c of counters)
    await sql`
      UPDATE sign_in_throttle SET
        last_attempt_at = now(),
        blocked_until = CASE WHEN failures >= ${c.limit}
          THEN now() + make_interval(secs => least(${THROTTLE.baseDelaySeconds}::float8
               * power(2, least(failures - ${c.limit}, 20)), ${THROTTLE.maxDelaySeconds}))
          ELSE NULL END
      WHERE key = ${c.key}`.execute(db);
}

/** The reserved attempt succeeded: the pair starts again and its address is known; the rest give back one. */
export async function recordSignInSuccess(db: Kysely<DB>, counters: Counter[]) {
  const [pair, ...others] = counters;
  await db
    .updateTable('sign_in_throttle')
    .set({ failures: 0, blocked_until: null, succeeded_at: sql`now()`, last_attempt_at: sql`now()` })
    .where('key', '=', pair.key)
    .execute();
  for (const c of [...others].sort((a, b) => a.key.localeCompare(b.key)))
    await db
      .updateTable('sign_in_throttle')
      .set({ failures: sql`greatest(failures - 1, 0)` })
      .where('key', '=', c.key)
      .execute();
}

/** Forgets the failures of a login (all addresses), e.g. after an administrator set a new password. */
export async function clearSignInFailures(db: Kysely<DB>, login: string) {
  const l = normalLogin(login);
  await db
    .updateTable('sign_in_throttle')
    .set({ failures: 0, blocked_until: null })
    .where((eb) =>
      eb.or([eb('key', '=', `login:${l}`), eb('key', 'like', `pair:${l.replace(/[\\%_]/g, '\\$&')}\n%`)]),
    )
    .execute();
}

/** Deletes counters that have been quiet for the window (and whose address is no longer "known"). */
export async function purgeSignInThrottle(db: Kysely<DB>): Promise<number> {
  const result = await sql`
    DELETE FROM sign_in_throttle
    WHERE greatest(last_attempt_at, blocked_until) < now() - make_interval(mins => ${THROTTLE.windowMinutes})
      AND (succeeded_at IS NULL OR succeeded_at < now() - make_interval(days => ${THROTTLE.knownAddressDays}))`.execute(
    db,
  );
  return Number(result.numAffectedRows ?? 0);
}
