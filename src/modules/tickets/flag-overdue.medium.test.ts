import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';
import { buildTenant } from '../../../test/helpers/tenant';
import { loadActor } from '../auth/actor';
import { createTicket } from './commands/create-ticket';
import { flagOverdueTickets } from './commands/flag-overdue-tickets';

let t: TestContext;
beforeAll(async () => {
  t = await openTestContext();
});
afterAll(async () => {
  await t.close();
});

describe('overdue tickets', () => {
  it('are flagged once with an internal system entry and show as overdue in the queue', async () => {
    const tenant = await buildTenant(t.ctx.db);
    const requester = await loadActor(t.ctx.db, tenant.requester.id);
    if (!requester) throw new Error('no actor');
    // filed three weeks ago with a critical target of 4 working hours: long overdue
    const number = await createTicket(t.ctx, requester, {
      title: 'Server down',
      description: '',
      topic: tenant.topic.key,
      priority: 'critical',
      createdAt: new Date(Date.now() - 21 * 86_400_000),
    });
    const fresh = await createTicket(t.ctx, requester, {
      title: 'Neu',
      description: '',
      topic: tenant.topic.key,
      priority: 'low',
    });

    const first = await flagOverdueTickets(t.ctx);
    expect(first).toBeGreaterThanOrEqual(1);
    expect(await flagOverdueTickets(t.ctx)).toBe(0); // a second run (or instance) does nothing

    const agent = as(t.app, await signIn(t.app, tenant.agent.login));
    const view = (await agent({ method: 'GET', url: `/api/v1/tickets/${number}` })).json();
    expect(view.overdue).toBe(true);
    expect(view.articles.filter((a: { kind: string }) => a.kind === 'system')).toHaveLength(1);
    const requesterView = (
      await as(
        t.app,
        await signIn(t.app, tenant.requester.login),
      )({ method: 'GET', url: `/api/v1/tickets/${number}` })
    ).json();
    expect(requesterView.articles).toEqual([]);

    const overdue = (await agent({ method: 'GET', url: '/api/v1/tickets?queue=overdue' })).json();
    const numbers = overdue.items.map((i: { number: string }) => i.number);
    expect(numbers).toContain(number);
    expect(numbers).not.toContain(fresh);
  });
});
