import { sql } from 'kysely';
import type { AppContext } from '../../../context';
import { AppError } from '../../../http/errors';
import { randomToken, sha256 } from '../../../shared/tokens';
import { recordAudit } from '../../audit/audit-log';
import { verifyPassword } from '../passwords';

const WINDOW_MINUTES = 15;
const MAX_FAILURES_PER_LOGIN = 10;
const MAX_FAILURES_PER_IP = 50;

/**
 * Checks the password (argon2id) with a throttle kept in the database, so it holds across
 * several app instances: too many failures for a login or an address within 15 minutes → 429.
 */
export async function signIn(ctx: AppContext, login: string, password: string, ip: string) {
  const since = new Date(Date.now() - WINDOW_MINUTES * 60_000);
  const failures = await ctx.db
    .selectFrom('login_attempts')
    .select([
      sql<number>`count(*) FILTER (WHERE lower(login) = lower(${login}))`.as('byLogin'),
      sql<number>`count(*) FILTER (WHERE ip = ${ip})`.as('byIp'),
    ])
    .where('succeeded', '=', false)
    .where('created_at', '>', since)
    .where((eb) => eb.or([eb(sql`lower(login)`, '=', login.toLowerCase()), eb('ip', '=', ip)]))
    .executeTakeFirstOrThrow();
  if (Number(failures.byLogin) >= MAX_FAILURES_PER_LOGIN || Number(failures.byIp) >= MAX_FAILURES_PER_IP) {
    throw new AppError(429, 'tooManyLoginAttempts', { minutes: WINDOW_MINUTES });
  }
  const person = await ctx.db
    .selectFrom('persons')
    .select(['id', 'login', 'password_hash', 'active'])
    .where(sql`lower(login)`, '=', login.toLowerCase())
    .executeTakeFirst();
  const ok = await verifyPassword(person?.active ? person.password_hash : null, password);
  if (!ok || !person) {
    await ctx.db.insertInto('login_attempts').values({ login, ip, succeeded: false }).execute();
    throw new AppError(401, 'invalidCredentials');
  }
  const token = randomToken();
  const csrfToken = randomToken();
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('login_attempts').values({ login, ip, succeeded: true }).execute();
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
