import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTenant } from '../../../test/helpers/tenant';
import { openTestContext, type TestContext } from '../../../test/helpers/test-context';
import { loadActor } from '../auth/actor';
import { createTicket } from '../tickets/commands/create-ticket';
import { remindDueSoon } from './remind-due-soon';

let t: TestContext;
beforeAll(async () => {
  t = await openTestContext();
});
afterAll(async () => {
  await t.close();
});

describe('due-soon reminders', () => {
  it('mail the assignee once per due time, not for unassigned or far-off tickets', async () => {
    const tenant = await buildTenant(t.ctx.db);
    const requester = await loadActor(t.ctx.db, tenant.requester.id);
    if (!requester) throw new Error('no actor');
    const make = (title: string) =>
      createTicket(t.ctx, requester, { title, description: '', priority: 'normal', topic: tenant.topic.key });
    const [soon, later, unassigned] = [await make('bald'), await make('später'), await make('niemand')];
    // a moment far in the future so that other tests' tickets are not due around it
    const now = new Date(Date.UTC(2031, 0, 6, 9, 0));
    const due = (number: string, minutes: number, assignee: number | null) =>
      sql`UPDATE tickets SET assignee_id = ${assignee}, resolution_due_at = ${new Date(now.getTime() + minutes * 60_000)} WHERE number = ${number}`.execute(
        t.ctx.db,
      );
    await due(soon, 30, tenant.agent.id);
    await due(later, 600, tenant.agent.id);
    await due(unassigned, 30, null);

    expect(await remindDueSoon(t.ctx, now, 120)).toBe(1);
    expect(await remindDueSoon(t.ctx, now, 120)).toBe(0);
    const mails = await t.ctx.db
      .selectFrom('outbound_mail')
      .innerJoin('tickets', 'tickets.id', 'outbound_mail.ticket_id')
      .select(['outbound_mail.to_addresses', 'outbound_mail.subject', 'tickets.number'])
      .where('outbound_mail.kind', '=', 'ticket.dueSoon')
      .where('tickets.number', 'in', [soon, later, unassigned])
      .execute();
    expect(mails).toEqual([
      expect.objectContaining({ number: soon, to_addresses: [`${tenant.agent.login}@example.org`] }),
    ]);
    expect(mails[0].subject).toBe(`[#${soon}] Bald fällig (06.01.2031, 10:30): bald`);
    // a new due time (priority changed) reminds again
    await due(soon, 45, tenant.agent.id);
    expect(await remindDueSoon(t.ctx, now, 120)).toBe(1);
  });
});
