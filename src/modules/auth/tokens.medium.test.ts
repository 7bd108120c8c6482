import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';
import { buildPerson } from '../org/builders';
import { tokenAccess } from './token-scopes';

let t: TestContext;
beforeAll(async () => {
  t = await openTestContext();
});
afterAll(async () => {
  await t.close();
});

const DAY = 86_400_000;

async function personWithSession() {
  const person = await buildPerson(t.ctx.db);
  const session = await signIn(t.app, person.login);
  return { person, session, client: as(t.app, session) };
}

const bearer = (token: string) => (options: { method?: string; url: string; payload?: unknown }) =>
  t.app.inject({
    method: (options.method ?? 'GET') as 'GET',
    url: options.url,
    headers: { authorization: `Bearer ${token}` },
    ...(options.payload === undefined ? {} : { payload: options.payload as object }),
  });

describe('API token scopes and expiry', () => {
  it('gives a token without named scopes tickets:read and tickets:write for 90 days', async () => {
    const { client } = await personWithSession();
    const created = await client({
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { name: 'Fachverfahren' },
    });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body.scopes).toEqual(['tickets:read', 'tickets:write']);
    const expires = new Date(body.expiresAt).getTime();
    expect(expires).toBeGreaterThan(Date.now() + 89 * DAY);
    expect(expires).toBeLessThan(Date.now() + 91 * DAY);
    const api = bearer(body.token);
    expect((await api({ url: '/api/v1/me' })).statusCode).toBe(200);
    expect(
      (await api({ method: 'POST', url: '/api/v1/tickets', payload: { title: 'Per Token' } })).statusCode,
    ).toBe(201);
    const tasks = await api({ url: '/api/v1/tasks' });
    expect(tasks.statusCode).toBe(403);
    expect(tasks.json()).toMatchObject({ code: 'tokenScope' });
    expect(tasks.json().detail).toContain('committees:read');
  });

  it('enforces read and write separately per area', async () => {
    const { client } = await personWithSession();
    const created = await client({
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { name: 'Nur lesen', scopes: ['tickets:read', 'committees:read'] },
    });
    expect(created.json().scopes).toEqual(['tickets:read', 'committees:read']);
    const api = bearer(created.json().token);
    expect((await api({ url: '/api/v1/tickets' })).statusCode).toBe(200);
    expect((await api({ url: '/api/v1/tasks' })).statusCode).toBe(200);
    const write = await api({ method: 'POST', url: '/api/v1/tickets', payload: { title: 'Darf nicht' } });
    expect(write.statusCode).toBe(403);
    expect(write.json().code).toBe('tokenScope');
    expect((await api({ url: '/api/v1/assets' })).statusCode).toBe(403);
  });

  it('takes an explicit expiry up to 365 days and refuses past, too distant, unknown or wildcard values', async () => {
    const { client } = await personWithSession();
    const at = new Date(Date.now() + 30 * DAY);
    const created = await client({
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { name: 'Dreißig Tage', expiresAt: at.toISOString() },
    });
    expect(created.statusCode).toBe(201);
    expect(new Date(created.json().expiresAt).getTime()).toBe(at.getTime());
    const post = (payload: object) => client({ method: 'POST', url: '/api/v1/tokens', payload });
    const past = await post({ name: 'x', expiresAt: new Date(Date.now() - 60_000).toISOString() });
    expect(past.statusCode).toBe(422);
    expect(past.json().code).toBe('tokenExpiryOutOfRange');
    expect(
      (await post({ name: 'x', expiresAt: new Date(Date.now() + 400 * DAY).toISOString() })).statusCode,
    ).toBe(422);
    expect((await post({ name: 'x', expiresInDays: 366 })).statusCode).toBe(400);
    expect((await post({ name: 'x', expiresInDays: 3650 })).statusCode).toBe(400);
    expect((await post({ name: 'x', scopes: ['*'] })).statusCode).toBe(400);
    expect((await post({ name: 'x', scopes: ['tickets:*'] })).statusCode).toBe(400);
    expect((await post({ name: 'x', scopes: [] })).statusCode).toBe(400);
  });

  it('lists scopes, expiry and last use', async () => {
    const { client } = await personWithSession();
    const created = (
      await client({ method: 'POST', url: '/api/v1/tokens', payload: { name: 'Liste' } })
    ).json();
    const before = (await client({ url: '/api/v1/tokens' })).json().items;
    expect(before).toEqual([
      {
        id: created.id,
        name: 'Liste',
        scopes: ['tickets:read', 'tickets:write'],
        createdAt: created.createdAt,
        lastUsedAt: null,
        expiresAt: created.expiresAt,
      },
    ]);
    expect((await bearer(created.token)({ url: '/api/v1/me' })).statusCode).toBe(200);
    const [after] = (await client({ url: '/api/v1/tokens' })).json().items;
    expect(new Date(after.lastUsedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });
});

describe('a token cannot manage tokens', () => {
  it('refuses creating, listing and revoking tokens with a token (403), so revoking one is final', async () => {
    const { client } = await personWithSession();
    const first = (
      await client({
        method: 'POST',
        url: '/api/v1/tokens',
        payload: { name: 'Alles', scopes: ['tickets:read', 'tickets:write', 'admin:read', 'admin:write'] },
      })
    ).json();
    const api = bearer(first.token);
    const minted = await api({ method: 'POST', url: '/api/v1/tokens', payload: { name: 'Nachschlüssel' } });
    expect(minted.statusCode).toBe(403);
    expect(minted.json().code).toBe('tokenNotAllowed');
    expect((await api({ url: '/api/v1/tokens' })).statusCode).toBe(403);
    expect((await api({ method: 'DELETE', url: `/api/v1/tokens/${first.id}` })).statusCode).toBe(403);
    const rows = await t.ctx.db
      .selectFrom('api_tokens')
      .select('id')
      .where('person_id', '=', (await api({ url: '/api/v1/me' })).json().id)
      .execute();
    expect(rows).toEqual([{ id: first.id }]);
  });

  it('names a token area for every route of the API (a new module must choose one)', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const closed: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/v1/')) continue;
      for (const method of Object.keys(operations)) {
        const access = tokenAccess(path, method.toUpperCase());
        if (access.kind === 'never') closed.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(closed.sort()).toEqual([
      'DELETE /api/v1/tokens/{id}',
      'GET /api/v1/tokens',
      'POST /api/v1/tokens',
    ]);
  });
});

describe('deactivating a person', () => {
  it('revokes their tokens and ends their sessions in the same transaction', async () => {
    const { person, client } = await personWithSession();
    const { token, id } = (
      await client({ method: 'POST', url: '/api/v1/tokens', payload: { name: 'Ausscheiden' } })
    ).json();
    const other = await personWithSession();
    const keep = (
      await other.client({ method: 'POST', url: '/api/v1/tokens', payload: { name: 'Bleibt' } })
    ).json();

    await t.ctx.db.transaction().execute(async (trx) => {
      await trx.updateTable('persons').set({ active: false }).where('id', '=', person.id).execute();
      const inside = await trx
        .selectFrom('sessions')
        .select('id')
        .where('person_id', '=', person.id)
        .execute();
      expect(inside).toEqual([]);
    });
    const row = await t.ctx.db
      .selectFrom('api_tokens')
      .select('revoked_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.revoked_at).not.toBeNull();
    // switched back on, the person signs in anew; the old token stays revoked
    await t.ctx.db.updateTable('persons').set({ active: true }).where('id', '=', person.id).execute();
    expect((await bearer(token)({ url: '/api/v1/me' })).statusCode).toBe(401);
    expect((await client({ url: '/api/v1/me' })).statusCode).toBe(401);
    expect((await bearer(keep.token)({ url: '/api/v1/me' })).statusCode).toBe(200);
  });
});

describe('signing out', () => {
  it('needs the CSRF token: without it 403 and the session stays valid', async () => {
    const { session, client } = await personWithSession();
    const forged = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/session',
      headers: { cookie: session.cookie },
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().code).toBe('csrfInvalid');
    expect((await client({ url: '/api/v1/me' })).statusCode).toBe(200);
    const wrong = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/session',
      headers: { cookie: session.cookie, 'x-csrf-token': 'nope' },
    });
    expect(wrong.statusCode).toBe(403);
    expect((await client({ method: 'DELETE', url: '/api/v1/session' })).statusCode).toBe(204);
    expect((await client({ url: '/api/v1/me' })).statusCode).toBe(401);
  });

  it('still clears the cookie of a session that has already expired', async () => {
    const { person, session } = await personWithSession();
    await sql`DELETE FROM sessions WHERE person_id = ${person.id}`.execute(t.ctx.db);
    const res = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/session',
      headers: { cookie: session.cookie },
    });
    expect(res.statusCode).toBe(204);
  });
});
