import nodemailer, { type SendMailOptions } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIntake, inboundIds, smtpSend } from '../../../test/helpers/mail-intake';
import { buildTenant, type Tenant } from '../../../test/helpers/tenant';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';
import { buildPerson } from '../org/builders';
import { processInboundMail } from './process-inbound';
import { type SmtpReceiver, startSmtpReceiver } from './smtp-receiver';

// Forged mail must not speak for IT staff (decision 0009): everything goes over real SMTP to the
// receiver on loopback and through the real processing; only the configuration differs.
let t: TestContext;
let open: SmtpReceiver;
let authenticated: SmtpReceiver;
beforeAll(async () => {
  t = await openTestContext();
  open = await startSmtpReceiver(t.ctx.db, { ...t.ctx.config, smtpPort: 0 });
  authenticated = await startSmtpReceiver(t.ctx.db, {
    ...t.ctx.config,
    smtpPort: 0,
    smtpAuth: 'relay:geheim',
  });
});
afterAll(async () => {
  await open.close();
  await authenticated.close();
  await t.close();
});

const AUTHSERV = 'relay.musterstadt.example';
/** the loopback "relay" is trusted and writes Authentication-Results with AUTHSERV */
const relayCtx = () => ({
  ...t.ctx,
  config: { ...t.ctx.config, mailTrustedRelays: ['127.0.0.0/8', '::1'], mailAuthservId: AUTHSERV },
});

let n = 0;
const mid = () => `<auth${++n}.${Date.now()}.${Math.random().toString(36).slice(2)}@client.example>`;
const address = (p: { login: string }) => `${p.login}@example.org`;

async function process(messageId: string, ctx = t.ctx) {
  const ids = await inboundIds(t.ctx.db, [messageId]);
  expect(ids).toHaveLength(1);
  await processInboundMail(ctx, { ids });
  return t.ctx.db.selectFrom('inbound_mail').selectAll().where('id', '=', ids[0]).executeTakeFirstOrThrow();
}

async function mailIn(mail: SendMailOptions, ctx = t.ctx, port = open.port) {
  const messageId = mid();
  await smtpSend(port, { text: 'Text', ...mail, messageId });
  return process(messageId, ctx);
}

async function mailInWithAuth(mail: SendMailOptions) {
  const messageId = mid();
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: authenticated.port,
    secure: false,
    ignoreTLS: true,
    auth: { user: 'relay', pass: 'geheim' },
  });
  try {
    await transport.sendMail({ text: 'Text', ...mail, messageId });
  } finally {
    transport.close();
  }
  return process(messageId);
}

/** A ticket of the tenant's requester, filed by mail as today. */
async function requesterTicket(tenant: Tenant, intake: { address: string }) {
  const row = await mailIn({ from: address(tenant.requester), to: intake.address, subject: 'Drucker' });
  expect(row).toMatchObject({ outcome: 'ticketCreated', sender_verified: false });
  const ticket = await t.ctx.db
    .selectFrom('tickets')
    .select(['id', 'number'])
    .where('id', '=', row.ticket_id as number)
    .executeTakeFirstOrThrow();
  return ticket;
}

const articles = async (login: string, number: string) => {
  const res = await as(t.app, await signIn(t.app, login))({ url: `/api/v1/tickets/${number}` });
  expect(res.statusCode).toBe(200);
  return res.json().articles as { sender: string; body: string; senderVerified: boolean | null }[];
};

const repliesMailed = (ticketId: number) =>
  t.ctx.db
    .selectFrom('outbound_mail')
    .select(['kind', 'text_body'])
    .where('ticket_id', '=', ticketId)
    .where('kind', '=', 'ticket.reply')
    .execute();

async function setup() {
  const tenant = await buildTenant(t.ctx.db);
  const intake = await buildIntake(t.ctx.db, { topicId: tenant.topic.id });
  const ticket = await requesterTicket(tenant, intake);
  return { tenant, intake, ticket };
}

describe('a forged IT reply', () => {
  it('with a foreign envelope sender is refused as senderMismatch and shown in the mail log as not verified', async () => {
    const { tenant, intake, ticket } = await setup();
    const body = `Bitte senden Sie uns Ihr Passwort ${n}.`;
    const row = await mailIn({
      from: `IT-Leitung <${address(tenant.itHead)}>`,
      envelope: { from: 'attacker@attacker.example', to: [intake.address] },
      to: intake.address,
      subject: `Re: [#${ticket.number}] Drucker`,
      text: body,
    });
    expect(row).toMatchObject({
      state: 'ignored',
      outcome: 'senderMismatch',
      sender_verified: false,
      sender_verification: 'domainMismatch',
      article_id: null,
    });
    for (const login of [tenant.requester.login, tenant.itHead.login]) {
      const seen = await articles(login, ticket.number);
      expect(seen.some((a) => a.body.includes('Passwort'))).toBe(false);
    }
    expect(await repliesMailed(ticket.id)).toEqual([]);

    const admin = as(
      t.app,
      await signIn(t.app, (await buildPerson(t.ctx.db, { roles: [{ role: 'admin' }] })).login),
    );
    const listed = await admin({
      url: `/api/v1/admin/mail-log?q=${encodeURIComponent(address(tenant.itHead))}`,
    });
    expect(listed.json().items).toEqual([
      expect.objectContaining({
        id: row.id,
        state: 'ignored',
        outcome: 'senderMismatch',
        senderVerified: false,
        senderVerification: 'domainMismatch',
      }),
    ]);
  });

  it('with a matching envelope but no AUTH and no relay verdict never becomes an agent article nor a mail to the clerk', async () => {
    const { tenant, intake, ticket } = await setup();
    for (const staff of [tenant.itHead, tenant.agent]) {
      const row = await mailIn({
        from: address(staff),
        to: intake.address,
        subject: `AW: [#${ticket.number}] Drucker`,
        text: `Bitte senden Sie uns Ihr Passwort (${staff.login}).`,
      });
      expect(row).toMatchObject({
        state: 'ignored',
        outcome: 'senderUnverified',
        sender_verified: false,
        sender_verification: 'unverified',
        ticket_id: ticket.id,
        article_id: null,
      });
      expect(row.notes).toMatch(/not verified/);
    }
    for (const login of [tenant.requester.login, tenant.itHead.login, tenant.agent.login]) {
      const seen = await articles(login, ticket.number);
      expect(seen.filter((a) => a.sender === 'agent')).toEqual([]);
      expect(seen.some((a) => a.body.includes('Passwort'))).toBe(false);
    }
    expect(await repliesMailed(ticket.id)).toEqual([]);
  });

  it('an Authentication-Results header from an untrusted host, or below the relay’s own one, verifies nothing', async () => {
    const { tenant, intake, ticket } = await setup();
    // the relay's address is not loopback here: the header was written by whoever sent it
    const elsewhere = {
      ...t.ctx,
      config: { ...t.ctx.config, mailTrustedRelays: ['10.9.9.9'], mailAuthservId: AUTHSERV },
    };
    const notTrusted = await mailIn(
      {
        from: address(tenant.agent),
        to: intake.address,
        subject: `AW: [#${ticket.number}] Drucker`,
        headers: { 'Authentication-Results': `${AUTHSERV}; dmarc=pass header.from=example.org` },
      },
      elsewhere,
    );
    expect(notTrusted).toMatchObject({ outcome: 'senderUnverified', sender_verification: 'unverified' });

    // trusted relay, but its own (topmost) header says fail; the "pass" below was forged by the sender
    const messageId = mid();
    const raw = [
      `Authentication-Results: ${AUTHSERV}; spf=fail smtp.mailfrom=example.org; dmarc=fail header.from=example.org`,
      `Authentication-Results: ${AUTHSERV}; dmarc=pass header.from=example.org`,
      `Authentication-Results: other.example; dmarc=pass header.from=example.org`,
      `From: ${address(tenant.agent)}`,
      `To: ${intake.address}`,
      `Subject: AW: [#${ticket.number}] Drucker`,
      `Message-ID: ${messageId}`,
      '',
      'Gefälschte Antwort',
      '',
    ].join('\r\n');
    await smtpSend(open.port, { raw, envelope: { from: address(tenant.agent), to: [intake.address] } });
    const forged = await process(messageId, relayCtx());
    expect(forged).toMatchObject({ outcome: 'senderUnverified', sender_verified: false });
    const seen = await articles(tenant.agent.login, ticket.number);
    expect(seen.filter((a) => a.sender === 'agent')).toEqual([]);
  });
});

describe('authenticated IT replies and requesters', () => {
  it('an IT reply over SMTP AUTH becomes a public agent article and is mailed to the requester as today', async () => {
    const { tenant, intake, ticket } = await setup();
    const row = await mailInWithAuth({
      from: address(tenant.agent),
      to: intake.address,
      subject: `AW: [#${ticket.number}] Drucker`,
      text: 'Der Toner ist bestellt.',
    });
    expect(row).toMatchObject({
      outcome: 'articleAdded',
      smtp_auth_user: 'relay',
      sender_verified: true,
      sender_verification: 'smtpAuth',
    });
    const seen = await articles(tenant.agent.login, ticket.number);
    expect(seen.find((a) => a.body === 'Der Toner ist bestellt.')).toMatchObject({
      sender: 'agent',
      senderVerified: true,
    });
    expect((await repliesMailed(ticket.id)).map((m) => m.text_body).join()).toContain('Toner ist bestellt');
  });

  it('an IT reply through the trusted relay with dmarc=pass (or aligned dkim) becomes an agent article', async () => {
    const { tenant, intake, ticket } = await setup();
    const dmarc = await mailIn(
      {
        from: address(tenant.itHead),
        to: intake.address,
        subject: `AW: [#${ticket.number}] Drucker`,
        text: 'Freigegeben.',
        headers: {
          'Authentication-Results': `${AUTHSERV} 1; spf=none smtp.mailfrom=example.org; dmarc=pass (p=reject dis=none) header.from=example.org`,
        },
      },
      relayCtx(),
    );
    expect(dmarc).toMatchObject({ outcome: 'articleAdded', sender_verification: 'relayDmarc' });
    const dkim = await mailIn(
      {
        from: address(tenant.agent),
        to: intake.address,
        subject: `AW: [#${ticket.number}] Drucker`,
        text: 'Erledigt.',
        headers: {
          'Authentication-Results': `${AUTHSERV}; dkim=pass (2048-bit key) header.d=mail.example.org header.s=s1`,
        },
      },
      relayCtx(),
    );
    expect(dkim).toMatchObject({ outcome: 'articleAdded', sender_verification: 'relayDkim' });
    const seen = await articles(tenant.requester.login, ticket.number);
    expect(seen.filter((a) => a.sender === 'agent').map((a) => a.body)).toEqual([
      'Freigegeben.',
      'Erledigt.',
    ]);
    // the requester does not get the verification flag, IT does
    expect(seen.every((a) => a.senderVerified === null)).toBe(true);
    expect(await repliesMailed(ticket.id)).toHaveLength(2);
  });

  it('a requester’s unverified mail keeps working: new ticket and reply, flagged "not verified" for IT only', async () => {
    const { tenant, intake, ticket } = await setup();
    const reply = await mailIn({
      from: address(tenant.requester),
      to: intake.address,
      subject: `AW: [#${ticket.number}] Drucker`,
      text: 'Raum 204.',
    });
    expect(reply).toMatchObject({
      outcome: 'articleAdded',
      sender_verified: false,
      sender_verification: 'unverified',
    });
    const forIt = await articles(tenant.agent.login, ticket.number);
    expect(forIt.find((a) => a.body === 'Raum 204.')).toMatchObject({
      sender: 'requester',
      senderVerified: false,
    });
    const forRequester = await articles(tenant.requester.login, ticket.number);
    expect(forRequester.find((a) => a.body === 'Raum 204.')?.senderVerified).toBeNull();

    // IT staff writing about their own matter by unverified mail: a ticket of their own, as a requester
    const own = await mailIn({ from: address(tenant.agent), to: intake.address, subject: 'Mein Monitor' });
    expect(own).toMatchObject({ outcome: 'ticketCreated', sender_verified: false });
    const created = await t.ctx.db
      .selectFrom('tickets')
      .select('requester_id')
      .where('id', '=', own.ticket_id as number)
      .executeTakeFirstOrThrow();
    expect(created.requester_id).toBe(tenant.agent.id);
  });
});
