import { sql } from 'kysely';
import type { AppContext } from '../../../context';
import { AppError } from '../../../http/errors';
import { randomToken, sha256 } from '../../../shared/tokens';
import { recordAudit } from '../../audit/audit-log';
import { verifyPassword } from '../passwords';
import { recordSignInFailure, recordSignInSuccess, reserveSignInAttempt } from '../sign-in-throttle';

/** Refused by the throttle: the route answers 429 with Retry-After. */
export class SignInThrottled extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'tooManyLoginAttempts', { seconds: retryAfterSeconds });
  }
}

/**
 * Checks the password (argon2id) behind the sign-in throttle (../sign-in-throttle.ts): the attempt is
 * reserved in the database before the check, so parallel attempts cannot slip past the limit.
 */
export async function signIn(ctx: AppContext, login: string, password: string, ip: string) {
  const reservation = await reserveSignInAttempt(ctx.db, login, ip);
  if (!reservation.allowed) throw new SignInThrottled(reservation.retryAfterSeconds);
  const person = await ctx.db
    .selectFrom('persons')
    .select(['id', 'login', 'password_hash', 'active'])
    .where(sql`lower(login)`, '=', login.toLowerCase())
    .executeTakeFirst();
  const ok = await verifyPassword(person?.active ? person.password_hash : null, password);
  if (!ok || !person) {
    await recordSignInFailure(ctx.db, reservation.counters);
    throw new AppError(401, 'invalidCredentials');
  }
  const token = randomToken();
  const csrfToken = randomToken();
  await ctx.db.transaction().execute(async (trx) => {
    await recordSignInSuccess(trx, reservation.counters);
    await trx
      .insertInto('sessions')
      .values({
        id: sha256(token),
        person_id: person.id,
        csrf_token: csrfToken,
        expires_at: new Date(Date.now() + ctx.config.sessionTtlHours * 3_600_000),
      })
      .execute();
    await recordAudit(
      trx,
      { id: person.id, login: person.login },
      'session.create',
      'person',
      person.id,
      null,
      { ip },
    );
  });
  return { token, csrfToken, personId: person.id };
}
