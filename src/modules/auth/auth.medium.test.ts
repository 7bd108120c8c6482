import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';
import { buildPerson } from '../org/builders';

let t: TestContext;
// Failed sign-ins count per client address as well (see sign-in-throttle.ts). Every other test file signs in
// from app.inject()'s default 127.0.0.1 on the same PostgreSQL database, so this file fails its
// sign-ins from an address of its own instead of using up that shared budget.
const failingIp = `10.250.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}`;
beforeAll(async () => {
  t = await openTestContext();
});
afterAll(async () => {
  await t.close();
});

describe('sign-in and sessions', () => {
  it('signs in with an HttpOnly SameSite cookie, returns me, and signs out', async () => {
    const person = await buildPerson(t.ctx.db, { name: 'Sabine Berger', roles: [{ role: 'requester' }] });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { login: person.login, password: 'demo' },
    });
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(res.json().csrfToken).toMatch(/^[\w-]{40,}$/);
    const session = { cookie: `amtsdesk_session=${res.cookies[0].value}`, csrfToken: res.json().csrfToken };
    const client = as(t.app, session);
    const me = (await client({ method: 'GET', url: '/api/v1/me' })).json();
    expect(me).toMatchObject({
      login: person.login,
      name: 'Sabine Berger',
      roles: [{ role: 'requester', orgUnitId: null }],
      csrfToken: session.csrfToken,
    });
    expect((await client({ method: 'DELETE', url: '/api/v1/session' })).statusCode).toBe(204);
    const after = await client({ method: 'GET', url: '/api/v1/me' });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('sessionExpired');
  });

  it('stores only a hash of the session token and the argon2id password hash', async () => {
    const person = await buildPerson(t.ctx.db);
    const session = await signIn(t.app, person.login);
    const raw = session.cookie.split('=')[1];
    const stored = await t.ctx.db
      .selectFrom('sessions')
      .select('id')
      .where('person_id', '=', person.id)
      .execute();
    expect(stored.map((s) => s.id)).not.toContain(raw);
    const row = await t.ctx.db
      .selectFrom('persons')
      .select('password_hash')
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('rejects an expired session', async () => {
    const person = await buildPerson(t.ctx.db);
    const session = await signIn(t.app, person.login);
    await sql`UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE person_id = ${person.id}`.execute(
      t.ctx.db,
    );
    const res = await as(t.app, session)({ method: 'GET', url: '/api/v1/me' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('sessionExpired');
  });

  it('rate-limits failed sign-ins per login, also for the right password afterwards', async () => {
    const person = await buildPerson(t.ctx.db);
    for (let i = 0; i < 10; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        remoteAddress: failingIp,
        payload: { login: person.login, password: 'wrong' },
      });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('invalidCredentials');
    }
    const blocked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      remoteAddress: failingIp,
      payload: { login: person.login, password: 'demo' },
    });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().detail).toMatch(/in \d+ Sekunden/);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('does not reveal whether a login exists', async () => {
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      remoteAddress: failingIp,
      payload: { login: 'does-not-exist', password: 'x' },
    });
    const person = await buildPerson(t.ctx.db);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      remoteAddress: failingIp,
      payload: { login: person.login, password: 'x' },
    });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().detail).toBe(wrong.json().detail);
  });
});

describe('personal API tokens', () => {
  it('authenticates with Bearer without CSRF, and stops after revocation', async () => {
    const person = await buildPerson(t.ctx.db);
    const session = as(t.app, await signIn(t.app, person.login));
    const created = await session({
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { name: 'Fachverfahren-Schnittstelle' },
    });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^amt_/);
    const bearer = { authorization: `Bearer ${token}` };
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer });
    expect(me.json().login).toBe(person.login);
    expect(me.json().csrfToken).toBeNull();
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: bearer,
      payload: { title: 'Über die Schnittstelle' },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const denied = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: 'Bearer amt_nope' },
    });
    expect(denied.statusCode).toBe(401);
    expect((await session({ method: 'DELETE', url: `/api/v1/tokens/${id}` })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer })).statusCode).toBe(401);
  });

  it("records a token's last use at most once a minute, and refuses expired tokens and inactive owners", async () => {
    const person = await buildPerson(t.ctx.db);
    const session = as(t.app, await signIn(t.app, person.login));
    const created = await session({ method: 'POST', url: '/api/v1/tokens', payload: { name: 'Takt' } });
    const { token, id } = created.json();
    const bearer = { authorization: `Bearer ${token}` };
    const me = () => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer });
    const lastUsed = async () =>
      (
        await t.ctx.db
          .selectFrom('api_tokens')
          .select('last_used_at')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).last_used_at;
    const setLastUsed = (at: Date) =>
      t.ctx.db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();

    expect(await lastUsed()).toBeNull();
    expect((await me()).statusCode).toBe(200);
    expect((await lastUsed())?.getTime()).toBeGreaterThan(Date.now() - 10_000);

    const recent = new Date(Date.now() - 30_000);
    await setLastUsed(recent);
    expect((await me()).statusCode).toBe(200);
    expect((await lastUsed())?.getTime()).toBe(recent.getTime());

    await setLastUsed(new Date(Date.now() - 120_000));
    expect((await me()).statusCode).toBe(200);
    expect((await lastUsed())?.getTime()).toBeGreaterThan(Date.now() - 10_000);

    await sql`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = ${id}`.execute(
      t.ctx.db,
    );
    expect((await me()).statusCode).toBe(401);
    await sql`UPDATE api_tokens SET expires_at = now() + interval '1 day' WHERE id = ${id}`.execute(t.ctx.db);
    expect((await me()).statusCode).toBe(200);
    await t.ctx.db.updateTable('persons').set({ active: false }).where('id', '=', person.id).execute();
    expect((await me()).statusCode).toBe(401);
  });
});

describe('session touch', () => {
  it('slides the session expiry at most once a minute', async () => {
    const person = await buildPerson(t.ctx.db);
    const client = as(t.app, await signIn(t.app, person.login));
    const read = () =>
      t.ctx.db
        .selectFrom('sessions')
        .select(['last_seen_at', 'expires_at'])
        .where('person_id', '=', person.id)
        .executeTakeFirstOrThrow();
    const recent = new Date(Date.now() - 30_000);
    const soon = new Date(Date.now() + 3_600_000);
    await t.ctx.db
      .updateTable('sessions')
      .set({ last_seen_at: recent, expires_at: soon })
      .where('person_id', '=', person.id)
      .execute();
    expect((await client({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(200);
    expect(await read()).toEqual({ last_seen_at: recent, expires_at: soon });

    await t.ctx.db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(Date.now() - 120_000) })
      .where('person_id', '=', person.id)
      .execute();
    expect((await client({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(200);
    const touched = await read();
    expect(touched.last_seen_at.getTime()).toBeGreaterThan(Date.now() - 10_000);
    expect(touched.expires_at.getTime()).toBeGreaterThan(soon.getTime());
  });
});
