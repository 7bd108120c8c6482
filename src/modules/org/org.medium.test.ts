import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';
import { buildTenant } from '../../../test/helpers/tenant';
import { buildPerson } from './builders';

let t: TestContext;
beforeAll(async () => {
  t = await openTestContext();
});
afterAll(async () => {
  await t.close();
});

describe('reference data', () => {
  it('lists topics with their group and states in the caller language', async () => {
    const tenant = await buildTenant(t.ctx.db);
    const client = as(t.app, await signIn(t.app, tenant.requester.login));
    const topics = (
      await client({ method: 'GET', url: '/api/v1/topics', headers: { 'accept-language': 'en' } })
    ).json();
    expect(topics.items.find((x: { key: string }) => x.key === tenant.topic.key)).toMatchObject({
      name: 'Printers',
      group: { id: tenant.group.id },
    });
    const states = (await client({ method: 'GET', url: '/api/v1/states' })).json();
    // the defaults in their order (other tests may add states of their own to the shared database)
    const defaults = [
      'new',
      'assigned',
      'inProgress',
      'waitingForRequester',
      'waitingForThirdParty',
      'resolved',
      'closed',
      'merged',
    ];
    expect(
      states.items.map((s: { key: string }) => s.key).filter((k: string) => defaults.includes(k)),
    ).toEqual(defaults);
    expect(states.items[0]).toEqual({ key: 'new', name: 'Neu', type: 'new' });
  });

  it('finds persons by a misspelt name (trigram) for IT staff only', async () => {
    const tenant = await buildTenant(t.ctx.db);
    const unique = `Wilhelmine Quast${Math.random().toString(36).slice(2, 6)}`;
    await buildPerson(t.ctx.db, { name: unique });
    const agent = as(t.app, await signIn(t.app, tenant.agent.login));
    const found = (
      await agent({ method: 'GET', url: `/api/v1/persons?q=${encodeURIComponent('Wilhelmina Quast')}` })
    ).json();
    expect(found.items.map((p: { name: string }) => p.name)).toContain(unique);
    const literal = (await agent({ method: 'GET', url: '/api/v1/persons?q=%25' })).json();
    expect(literal.items.every((p: { name: string }) => p.name.includes('%'))).toBe(true);
    const members = (
      await agent({ method: 'GET', url: `/api/v1/persons?groupId=${tenant.group.id}` })
    ).json();
    expect(members.items.map((p: { id: number }) => p.id)).toEqual([tenant.agent.id]);
    const requester = as(t.app, await signIn(t.app, tenant.requester.login));
    expect((await requester({ method: 'GET', url: '/api/v1/persons?q=Quast' })).statusCode).toBe(403);
  });
});
