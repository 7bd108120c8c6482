import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';
import { buildTenant } from '../../../test/helpers/tenant';
import { buildPerson } from '../org/builders';

let t: TestContext;
let admin: ReturnType<typeof as>;
beforeAll(async () => {
  t = await openTestContext();
  const person = await buildPerson(t.ctx.db, { roles: [{ role: 'admin' }] });
  admin = as(t.app, await signIn(t.app, person.login));
});
afterAll(async () => {
  await t.close();
});

const unique = (prefix: string) => `${prefix}${Math.random().toString(36).slice(2, 8)}`;

describe('settings (admin only)', () => {
  it('adds and renames a state; tickets can move into it', async () => {
    const key = unique('waitingForVendor');
    const created = await admin({
      method: 'POST',
      url: '/api/v1/settings/states',
      payload: {
        key,
        nameDe: 'Wartet auf Hersteller',
        nameEn: 'Waiting for vendor',
        type: 'pendingReminder',
      },
    });
    expect(created.statusCode, created.body).toBe(200);
    const renamed = await admin({
      method: 'PATCH',
      url: `/api/v1/settings/states/${key}`,
      payload: { nameDe: 'Wartet auf Lieferant' },
    });
    expect(renamed.json().items.find((s: { key: string }) => s.key === key)).toMatchObject({
      nameDe: 'Wartet auf Lieferant',
      type: 'pendingReminder',
      active: true,
    });

    const tenant = await buildTenant(t.ctx.db);
    const requester = as(t.app, await signIn(t.app, tenant.requester.login));
    const agent = as(t.app, await signIn(t.app, tenant.agent.login));
    const { number } = (
      await requester({
        method: 'POST',
        url: '/api/v1/tickets',
        payload: { title: 'Ersatzteil', topic: tenant.topic.key },
      })
    ).json();
    const moved = await agent({
      method: 'PATCH',
      url: `/api/v1/tickets/${number}`,
      payload: { version: 1, state: key },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().state).toEqual({ key, name: 'Wartet auf Lieferant', type: 'pendingReminder' });
    expect(moved.json().overdue).toBe(false);

    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', key)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['settings.state.create', 'settings.state.update']);
  });

  it('a topic-specific service target changes the due time of new tickets of that topic', async () => {
    const tenant = await buildTenant(t.ctx.db);
    const requester = as(t.app, await signIn(t.app, tenant.requester.login));
    const before = (
      await requester({
        method: 'POST',
        url: '/api/v1/tickets',
        payload: { title: 'A', topic: tenant.topic.key, priority: 'low' },
      })
    ).json();
    const put = await admin({
      method: 'PUT',
      url: '/api/v1/settings/service-targets',
      payload: { priority: 'low', topic: tenant.topic.key, firstResponseMinutes: 30, resolutionMinutes: 60 },
    });
    expect(put.statusCode, put.body).toBe(200);
    const after = (
      await requester({
        method: 'POST',
        url: '/api/v1/tickets',
        payload: { title: 'B', topic: tenant.topic.key, priority: 'low' },
      })
    ).json();
    expect(new Date(after.dueAt).getTime()).toBeLessThan(new Date(before.dueAt).getTime());
    const other = (
      await requester({
        method: 'POST',
        url: '/api/v1/tickets',
        payload: { title: 'C', topic: tenant.otherTopic.key, priority: 'low' },
      })
    ).json();
    expect(new Date(other.dueAt).getTime()).toBeGreaterThan(new Date(after.dueAt).getTime());
  });

  it('refuses non-admins, bad input and deactivating the last state of a type', async () => {
    const tenant = await buildTenant(t.ctx.db);
    const agent = as(t.app, await signIn(t.app, tenant.agent.login));
    expect((await agent({ method: 'GET', url: '/api/v1/settings/states' })).statusCode).toBe(403);
    const merged = await admin({
      method: 'POST',
      url: '/api/v1/settings/states',
      payload: { key: 'zz', nameDe: 'x', nameEn: 'x', type: 'merged' },
    });
    expect(merged.statusCode).toBe(400);
    expect(merged.json().errors[0].field).toBe('body.type');
    const target = await admin({
      method: 'PUT',
      url: '/api/v1/settings/service-targets',
      payload: { priority: 'low', firstResponseMinutes: 90, resolutionMinutes: 60 },
    });
    expect(target.statusCode).toBe(400);
    expect(
      (
        await admin({ method: 'PATCH', url: '/api/v1/settings/states/merged', payload: { active: false } })
      ).json().code,
    ).toBe('lastStateOfType');
    expect(
      (await admin({ method: 'PATCH', url: '/api/v1/settings/states/nope', payload: { active: false } }))
        .statusCode,
    ).toBe(404);
    const duplicate = await admin({
      method: 'POST',
      url: '/api/v1/settings/topics',
      payload: { key: tenant.topic.key, nameDe: 'x', nameEn: 'x', groupId: tenant.group.id },
    });
    expect(duplicate.statusCode).toBe(409);
  });
});
