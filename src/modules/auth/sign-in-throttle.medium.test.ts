import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestContext, type TestContext } from '../../../test/helpers/test-context';
import { buildApp } from '../../app';
import { buildPerson } from '../org/builders';
import { purgeSignInThrottle, THROTTLE } from './sign-in-throttle';

let t: TestContext;
beforeAll(async () => {
  t = await openTestContext();
});
afterAll(async () => {
  await t.close();
});

// an address of this test alone (IPv6, so it meets no other file's 10.x addresses on the shared database)
const hex = () => randomInt(0x10000).toString(16);
const freshAddress = () => `fd17:${hex()}:${hex()}:${hex()}::${hex()}`;

const attempt = (login: string, password: string, remoteAddress: string, app = t.app, headers = {}) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/session',
    remoteAddress,
    headers,
    payload: { login, password },
  });

const counter = (key: string) =>
  t.ctx.db.selectFrom('sign_in_throttle').selectAll().where('key', '=', key).executeTakeFirst();

describe('sign-in throttle', () => {
  it('counts 40 simultaneous wrong passwords as 40: at most 10 are checked, the rest answer 429', async () => {
    const person = await buildPerson(t.ctx.db);
    const address = freshAddress();
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => attempt(person.login, 'wrong', address)),
    );
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 401).length).toBeLessThanOrEqual(THROTTLE.perPair);
    expect(codes.filter((c) => c !== 401 && c !== 429)).toEqual([]);
    const refused = answers.filter((a) => a.statusCode === 429);
    expect(refused.length).toBeGreaterThanOrEqual(40 - THROTTLE.perPair);
    for (const r of refused) {
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(r.json().code).toBe('tooManyLoginAttempts');
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    }
  });

  it('does not sign in with the right password sent after 45 simultaneous wrong ones', async () => {
    const person = await buildPerson(t.ctx.db);
    const address = freshAddress();
    const answers = await Promise.all([
      ...Array.from({ length: 45 }, () => attempt(person.login, 'wrong', address)),
      attempt(person.login, 'demo', address),
    ]);
    const checked = answers.filter((a) => a.statusCode === 401 || a.statusCode === 200);
    expect(checked.length).toBeLessThanOrEqual(THROTTLE.perPair);
    expect(answers[45].statusCode).toBe(429);
    const sessions = await t.ctx.db
      .selectFrom('sessions')
      .select('id')
      .where('person_id', '=', person.id)
      .execute();
    expect(sessions).toEqual([]);
  });

  it('delays the next attempt exponentially instead of locking, and a success resets the pair', async () => {
    const person = await buildPerson(t.ctx.db);
    const address = freshAddress();
    const key = `pair:${person.login.toLowerCase()}\n${address}`;
    for (let i = 0; i < 9; i++) expect((await attempt(person.login, 'wrong', address)).statusCode).toBe(401);
    expect((await attempt(person.login, 'demo', address)).statusCode).toBe(200);
    expect((await counter(key))?.failures).toBe(0);

    for (let i = 0; i < 10; i++) expect((await attempt(person.login, 'wrong', address)).statusCode).toBe(401);
    const first = await attempt(person.login, 'demo', address);
    expect(first.statusCode).toBe(429);
    const firstWait = Number(first.headers['retry-after']);
    expect(firstWait).toBeGreaterThan(0);
    expect(firstWait).toBeLessThanOrEqual(THROTTLE.baseDelaySeconds);

    // the delay has passed: one more attempt is checked, and the next delay is twice as long
    await sql`UPDATE sign_in_throttle SET blocked_until = now() - interval '1 second' WHERE key = ${key}`.execute(
      t.ctx.db,
    );
    expect((await attempt(person.login, 'wrong', address)).statusCode).toBe(401);
    const second = await attempt(person.login, 'demo', address);
    expect(second.statusCode).toBe(429);
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(THROTTLE.baseDelaySeconds);
    expect(Number(second.headers['retry-after'])).toBeLessThanOrEqual(2 * THROTTLE.baseDelaySeconds);

    await sql`UPDATE sign_in_throttle SET blocked_until = now() - interval '1 second' WHERE key = ${key}`.execute(
      t.ctx.db,
    );
    expect((await attempt(person.login, 'demo', address)).statusCode).toBe(200);
    expect((await counter(key))?.failures).toBe(0);
  });

  it('does not let failures from one address block the same login from another address', async () => {
    const person = await buildPerson(t.ctx.db);
    const attacker = freshAddress();
    await Promise.all(Array.from({ length: 15 }, () => attempt(person.login, 'wrong', attacker)));
    expect((await attempt(person.login, 'demo', attacker)).statusCode).toBe(429);
    expect((await attempt(person.login, 'demo', freshAddress())).statusCode).toBe(200);
  });

  it('caps failures per login over all addresses, except from an address the person signed in from', async () => {
    const person = await buildPerson(t.ctx.db);
    const home = freshAddress();
    expect((await attempt(person.login, 'demo', home)).statusCode).toBe(200);
    // as if strangers had failed perLogin times from many addresses
    await t.ctx.db
      .insertInto('sign_in_throttle')
      .values({
        key: `login:${person.login.toLowerCase()}`,
        failures: THROTTLE.perLogin,
        last_attempt_at: new Date(),
      })
      .onConflict((oc) => oc.column('key').doUpdateSet({ failures: THROTTLE.perLogin }))
      .execute();
    await sql`UPDATE sign_in_throttle SET blocked_until = now() + interval '10 minutes'
              WHERE key = ${`login:${person.login.toLowerCase()}`}`.execute(t.ctx.db);
    const elsewhere = await attempt(person.login, 'demo', freshAddress());
    expect(elsewhere.statusCode).toBe(429);
    expect(Number(elsewhere.headers['retry-after'])).toBeGreaterThan(500);
    expect((await attempt(person.login, 'demo', home)).statusCode).toBe(200);
  });

  it('caps failures per address, but not for persons who signed in from there before (one NAT, one office)', async () => {
    const colleague = await buildPerson(t.ctx.db);
    const newcomer = await buildPerson(t.ctx.db);
    const office = freshAddress();
    expect((await attempt(colleague.login, 'demo', office)).statusCode).toBe(200);
    // one person behind the office's address has failed perAddress times with many logins
    await t.ctx.db
      .insertInto('sign_in_throttle')
      .values({ key: `address:${office}`, failures: THROTTLE.perAddress })
      .onConflict((oc) => oc.column('key').doUpdateSet({ failures: THROTTLE.perAddress }))
      .execute();
    await sql`UPDATE sign_in_throttle SET blocked_until = now() + interval '1 minute' WHERE key = ${`address:${office}`}`.execute(
      t.ctx.db,
    );
    expect((await attempt(newcomer.login, 'demo', office)).statusCode).toBe(429);
    expect((await attempt(colleague.login, 'demo', office)).statusCode).toBe(200);
  });

  it('takes the client address from X-Forwarded-For only with TRUST_PROXY', async () => {
    const person = await buildPerson(t.ctx.db);
    const proxy = freshAddress();
    const [clientA, clientB] = [freshAddress(), freshAddress()];
    const behind = await buildApp({ ...t.ctx, config: { ...t.ctx.config, trustProxy: true } });
    try {
      for (let i = 0; i < 10; i++)
        await attempt(person.login, 'wrong', proxy, behind, { 'x-forwarded-for': clientA });
      expect(
        (await attempt(person.login, 'demo', proxy, behind, { 'x-forwarded-for': clientA })).statusCode,
      ).toBe(429);
      expect(
        (await attempt(person.login, 'demo', proxy, behind, { 'x-forwarded-for': clientB })).statusCode,
      ).toBe(200);
    } finally {
      await behind.close();
    }
    // without TRUST_PROXY the header is ignored: a client cannot choose its address
    const other = await buildPerson(t.ctx.db);
    for (let i = 0; i < 10; i++)
      await attempt(other.login, 'wrong', proxy, t.app, { 'x-forwarded-for': clientA });
    expect(
      (await attempt(other.login, 'demo', proxy, t.app, { 'x-forwarded-for': clientB })).statusCode,
    ).toBe(429);
  });

  it('forgets quiet counters: a blocked pair may try again after the window, and the purge deletes it', async () => {
    const person = await buildPerson(t.ctx.db);
    const address = freshAddress();
    const key = `pair:${person.login.toLowerCase()}\n${address}`;
    for (let i = 0; i < 10; i++) await attempt(person.login, 'wrong', address);
    expect((await attempt(person.login, 'demo', address)).statusCode).toBe(429);
    const quiet = `now() - make_interval(mins => ${THROTTLE.windowMinutes + 1})`;
    await sql`UPDATE sign_in_throttle SET last_attempt_at = ${sql.raw(quiet)}, blocked_until = ${sql.raw(quiet)}
              WHERE key IN (${key}, ${`login:${person.login.toLowerCase()}`}, ${`address:${address}`})`.execute(
      t.ctx.db,
    );
    await purgeSignInThrottle(t.ctx.db);
    expect(await counter(key)).toBeUndefined();
    expect(await counter(`address:${address}`)).toBeUndefined();
    expect((await attempt(person.login, 'demo', address)).statusCode).toBe(200);

    // the pair of a successful sign-in stays (its address is "known") until knownAddressDays have passed
    await sql`UPDATE sign_in_throttle SET last_attempt_at = ${sql.raw(quiet)} WHERE key = ${key}`.execute(
      t.ctx.db,
    );
    await purgeSignInThrottle(t.ctx.db);
    expect(await counter(key)).toBeDefined();
    await sql`UPDATE sign_in_throttle SET succeeded_at = now() - make_interval(days => ${THROTTLE.knownAddressDays + 1})
              WHERE key = ${key}`.execute(t.ctx.db);
    await purgeSignInThrottle(t.ctx.db);
    expect(await counter(key)).toBeUndefined();
  });
});
