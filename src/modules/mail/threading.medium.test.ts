import { sql } from 'kysely';
import type { SendMailOptions } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIntake, inboundIds, smtpSend } from '../../../test/helpers/mail-intake';
import { buildTenant } from '../../../test/helpers/tenant';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';
import { createMessageId } from './outbox';
import { processInboundMail } from './process-inbound';
import { type SmtpReceiver, startSmtpReceiver } from './smtp-receiver';

let t: TestContext;
let receiver: SmtpReceiver;
beforeAll(async () => {
  t = await openTestContext();
  receiver = await startSmtpReceiver(t.ctx.db, { ...t.ctx.config, smtpPort: 0 });
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});

let n = 0;
async function mailIn(mail: SendMailOptions) {
  const messageId = `<t${++n}.${Date.now()}.${Math.random().toString(36).slice(2)}@client.example>`;
  await smtpSend(receiver.port, { text: 'Text', ...mail, messageId });
  const ids = await inboundIds(t.ctx.db, [messageId]);
  await processInboundMail(t.ctx, { ids });
  const row = await t.ctx.db
    .selectFrom('inbound_mail')
    .selectAll()
    .where('id', '=', ids[0])
    .executeTakeFirstOrThrow();
  const ticket = row.ticket_id
    ? await t.ctx.db
        .selectFrom('tickets')
        .selectAll()
        .where('id', '=', row.ticket_id)
        .executeTakeFirstOrThrow()
    : null;
  return { row, ticket };
}

const outbox = (ticketId: number) =>
  t.ctx.db.selectFrom('outbound_mail').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();

async function setup(intakeOptions: Parameters<typeof buildIntake>[1] = {}) {
  const tenant = await buildTenant(t.ctx.db);
  const intake = await buildIntake(t.ctx.db, { topicId: tenant.topic.id, ...intakeOptions });
  const from = (p: { login: string }) => `${p.login}@example.org`;
  return { tenant, intake, from };
}

describe('threading', () => {
  it('threads by In-Reply-To of our mail and by the per-ticket reply address, without a number in the subject', async () => {
    const { tenant, intake, from } = await setup();
    const { ticket } = await mailIn({
      from: from(tenant.requester),
      to: intake.address,
      subject: 'Maus kaputt',
    });
    if (!ticket) throw new Error('no ticket');
    const [ack] = await outbox(ticket.id);
    expect(ack.message_id).toMatch(new RegExp(`^<ad\\.${ticket.number}\\.`));
    expect(ack.reply_to).toMatch(new RegExp(`\\+${ticket.number}@`));

    const byHeader = await mailIn({
      from: from(tenant.requester),
      to: intake.address,
      subject: 'Re: Maus',
      inReplyTo: ack.message_id,
      references: [ack.message_id],
    });
    expect(byHeader.row).toMatchObject({ outcome: 'articleAdded', ticket_id: ticket.id });

    const byAddress = await mailIn({
      from: from(tenant.requester),
      to: intake.address.replace('@', `+${ticket.number}@`),
      subject: 'noch etwas',
    });
    expect(byAddress.row).toMatchObject({ outcome: 'articleAdded', ticket_id: ticket.id });
    // replies get no acknowledgement
    expect(await outbox(ticket.id)).toHaveLength(1);
  });

  it('a forged Message-ID of ours does not thread', async () => {
    const { tenant, intake, from } = await setup();
    const { ticket } = await mailIn({ from: from(tenant.requester), to: intake.address, subject: 'Erstes' });
    const forged = createMessageId({ ...t.ctx.config, mailSecret: 'someone-else' }, ticket?.number);
    const { row } = await mailIn({
      from: from(tenant.requester),
      to: intake.address,
      subject: 'Anderes',
      inReplyTo: forged,
    });
    expect(row.outcome).toBe('ticketCreated');
    expect(row.ticket_id).not.toBe(ticket?.id);
  });

  it('a reply to a closed ticket reopens it within the grace period, later it opens a linked new ticket', async () => {
    const { tenant, intake, from } = await setup({ reopenDays: 7 });
    const first = await mailIn({ from: from(tenant.requester), to: intake.address, subject: 'Scanner' });
    const ticket = first.ticket;
    if (!ticket) throw new Error('no ticket');
    const closed = await t.ctx.db
      .selectFrom('ticket_states')
      .select(['id'])
      .where('state_type', '=', 'closed')
      .orderBy('position')
      .executeTakeFirstOrThrow();
    const close = (daysAgo: number) =>
      sql`UPDATE tickets SET state_id = ${closed.id}, state_type = 'closed', resolved_at = now() - make_interval(days => ${daysAgo}) WHERE id = ${ticket.id}`.execute(
        t.ctx.db,
      );
    await close(2);
    const reopen = await mailIn({
      from: from(tenant.requester),
      to: intake.address,
      subject: `AW: [#${ticket.number}] Scanner`,
    });
    expect(reopen.row.outcome).toBe('articleAdded');
    expect(reopen.ticket?.state_type).toBe('open');

    await close(30);
    const late = await mailIn({
      from: from(tenant.requester),
      to: intake.address,
      subject: `AW: [#${ticket.number}] Scanner`,
    });
    expect(late.row).toMatchObject({ outcome: 'ticketCreated', related_ticket_id: ticket.id });
    expect(late.ticket?.id).not.toBe(ticket.id);
    expect(late.ticket?.description).toContain(`Folgevorgang zu ${ticket.number}`);
    const still = await t.ctx.db
      .selectFrom('tickets')
      .select('state_type')
      .where('id', '=', ticket.id)
      .executeTakeFirstOrThrow();
    expect(still.state_type).toBe('closed');
  });

  it('someone who may not see the ticket gets a ticket of their own', async () => {
    const { tenant, intake, from } = await setup();
    const { ticket } = await mailIn({ from: from(tenant.requester), to: intake.address, subject: 'Drucker' });
    const other = await mailIn({
      from: from(tenant.outsider),
      to: intake.address,
      subject: `Re: [#${ticket?.number}] Drucker`,
    });
    expect(other.row.outcome).toBe('ticketCreated');
    expect(other.ticket?.requester_id).toBe(tenant.outsider.id);
    expect(other.row.notes).toMatch(/may not see/);
  });
});

describe('senders', () => {
  it('an unknown sender becomes a contact person who sees the ticket; a refusing intake logs and drops it', async () => {
    const { intake } = await setup();
    const stranger = `fremd.${Date.now()}@extern.example`;
    const { row, ticket } = await mailIn({
      from: `Frau Fremd <${stranger}>`,
      to: intake.address,
      subject: 'Hallo',
    });
    expect(row.outcome).toBe('ticketCreated');
    const person = await t.ctx.db
      .selectFrom('persons')
      .selectAll()
      .where('id', '=', ticket?.requester_id as number)
      .executeTakeFirstOrThrow();
    expect(person).toMatchObject({ email: stranger, name: 'Frau Fremd', password_hash: null });
    // a second mail from the same address reuses the contact
    const again = await mailIn({ from: stranger, to: intake.address, subject: 'Nochmal' });
    expect(again.ticket?.requester_id).toBe(person.id);

    const strict = await buildIntake(t.ctx.db, { unknownSenders: 'refuse' });
    const refused = await mailIn({
      from: `anderer.${Date.now()}@extern.example`,
      to: strict.address,
      subject: 'Hallo',
    });
    expect(refused.row).toMatchObject({ state: 'ignored', outcome: 'unknownSender', ticket_id: null });
  });

  it('loop and noise: our own mail, no-reply senders and a flooding sender create nothing', async () => {
    const { tenant, intake, from } = await setup();
    const own = await mailIn({
      from: from(tenant.requester),
      to: intake.address,
      subject: '[#2026-000001] Ihre Anfrage',
      headers: { 'X-Amtsdesk-Ticket': '2026-000001' },
    });
    expect(own.row.outcome).toBe('ownMail');
    const noReply = await mailIn({ from: 'no-reply@portal.example', to: intake.address, subject: 'Info' });
    expect(noReply.row.outcome).toBe('noReplySender');

    const limited = { ...t.ctx, config: { ...t.ctx.config, mailSenderLimitPerHour: 2 } };
    const flood: string[] = [];
    for (let i = 0; i < 3; i++) {
      const messageId = `<flood${i}.${Date.now()}@client.example>`;
      await smtpSend(receiver.port, {
        from: from(tenant.colleague),
        to: intake.address,
        subject: `Flut ${i}`,
        text: 'x',
        messageId,
      });
      flood.push(messageId);
    }
    for (const id of await inboundIds(t.ctx.db, flood)) await processInboundMail(limited, { ids: [id] });
    const rows = await t.ctx.db
      .selectFrom('inbound_mail')
      .select('outcome')
      .where('message_id', 'in', flood)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.outcome)).toEqual(['ticketCreated', 'ticketCreated', 'rateLimited']);
  });
});

describe('pre-announcements and notifications', () => {
  it('a pre-announcement by subject becomes a project ticket named after the project', async () => {
    const { tenant, intake, from } = await setup();
    const { ticket } = await mailIn({
      from: from(tenant.requester),
      to: intake.address,
      subject: 'Vorklärung Projekt für IT/50-JF: Digitale Wohngeldakte',
    });
    expect(ticket).toMatchObject({ process_type: 'project', title: 'Digitale Wohngeldakte' });
  });

  it('portal tickets are acknowledged; public replies and state changes reach the requester, notes do not', async () => {
    const { tenant } = await setup();
    const requester = as(t.app, await signIn(t.app, tenant.requester.login));
    const agent = as(t.app, await signIn(t.app, tenant.agent.login));
    const created = await requester({
      method: 'POST',
      url: '/api/v1/tickets',
      payload: { title: 'Neuer Monitor', topic: tenant.topic.key },
    });
    expect(created.statusCode).toBe(201);
    const { number } = created.json();
    const { id } = await t.ctx.db
      .selectFrom('tickets')
      .select('id')
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
    await agent({
      method: 'POST',
      url: `/api/v1/tickets/${number}/articles`,
      payload: { body: 'Intern', internal: true },
    });
    await agent({
      method: 'POST',
      url: `/api/v1/tickets/${number}/articles`,
      payload: { body: 'Kommt morgen.', internal: false },
    });
    const detail = await agent({ url: `/api/v1/tickets/${number}` });
    const patched = await agent({
      method: 'PATCH',
      url: `/api/v1/tickets/${number}`,
      payload: { version: detail.json().version, state: 'resolved' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const mails = await outbox(id);
    expect(mails.map((m) => m.kind)).toEqual([
      'ticket.acknowledgement',
      'ticket.reply',
      'ticket.stateChange',
    ]);
    expect(mails.every((m) => m.subject.includes(`[#${number}]`))).toBe(true);
    expect(mails.every((m) => m.to_addresses[0] === `${tenant.requester.login}@example.org`)).toBe(true);
    expect(mails[1].text_body).toContain('Kommt morgen.');
    expect(mails[0].headers['Auto-Submitted']).toBe('auto-replied');
  });

  it('writes English notifications for an English-speaking requester', async () => {
    const { tenant, intake } = await setup();
    await t.ctx.db
      .updateTable('persons')
      .set({ locale: 'en' })
      .where('id', '=', tenant.colleague.id)
      .execute();
    const { ticket } = await mailIn({
      from: `${tenant.colleague.login}@example.org`,
      to: intake.address,
      subject: 'Broken',
    });
    const [ack] = await outbox(ticket?.id as number);
    expect(ack.subject).toBe(`[#${ticket?.number}] Your request has been received: Broken`);
  });
});
