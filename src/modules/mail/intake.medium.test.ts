import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIntake, inboundIds, smtpSend } from '../../../test/helpers/mail-intake';
import { startSmtpSink, type SmtpSink } from '../../../test/helpers/smtp-sink';
import { buildTenant } from '../../../test/helpers/tenant';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';
import { createMailTransport, deliverDueMail, type MailTransport } from './outbox';
import { processInboundMail } from './process-inbound';
import { type SmtpReceiver, startSmtpReceiver } from './smtp-receiver';

let t: TestContext;
let receiver: SmtpReceiver;
let sink: SmtpSink;
let transport: MailTransport;
beforeAll(async () => {
  t = await openTestContext();
  receiver = await startSmtpReceiver(t.ctx.db, { ...t.ctx.config, smtpPort: 0, mailMaxBytes: 200_000 });
  sink = await startSmtpSink();
  transport = createMailTransport(sink.url);
});
afterAll(async () => {
  await receiver.close();
  transport.close();
  await sink.close();
  await t.close();
});

const mid = (hint: string) => `<${hint}.${Date.now()}.${Math.random().toString(36).slice(2)}@client.example>`;

async function deliverAndProcess(messageIds: string[]) {
  const ids = await inboundIds(t.ctx.db, messageIds);
  expect(ids).toHaveLength(messageIds.length);
  await processInboundMail(t.ctx, { ids });
  return t.ctx.db.selectFrom('inbound_mail').selectAll().where('id', 'in', ids).orderBy('id').execute();
}

async function outboxFor(ticketId: number) {
  return t.ctx.db
    .selectFrom('outbound_mail')
    .select(['id', 'subject', 'kind'])
    .where('ticket_id', '=', ticketId)
    .execute();
}

describe('mail intake over SMTP', () => {
  it('turns a mail into a ticket of the sender, acknowledges it with the number, threads the reply', async () => {
    const tenant = await buildTenant(t.ctx.db);
    const intake = await buildIntake(t.ctx.db, { topicId: tenant.topic.id });
    const first = mid('first');
    const answer = await smtpSend(receiver.port, {
      from: `Sabine Berger <${tenant.requester.login}@example.org>`,
      to: intake.address,
      subject: 'Drucker in Raum 204 druckt nicht',
      text: 'Guten Tag,\nder Drucker zeigt Papierstau.\nGrüße',
      messageId: first,
    });
    expect(answer.response).toMatch(/^250/);
    const [row] = await deliverAndProcess([first]);
    expect(row).toMatchObject({ state: 'processed', outcome: 'ticketCreated', channel: 'smtp' });
    const ticket = await t.ctx.db
      .selectFrom('tickets')
      .selectAll()
      .where('id', '=', row.ticket_id as number)
      .executeTakeFirstOrThrow();
    expect(ticket).toMatchObject({
      title: 'Drucker in Raum 204 druckt nicht',
      requester_id: tenant.requester.id,
      topic_id: tenant.topic.id,
      group_id: tenant.group.id,
    });
    expect(ticket.description).toContain('Papierstau');

    // visible to the sender in the portal
    const requester = as(t.app, await signIn(t.app, tenant.requester.login));
    const list = await requester({ url: '/api/v1/tickets' });
    expect(list.json().items.map((i: { number: string }) => i.number)).toContain(ticket.number);

    // acknowledgement with [#number], delivered over real SMTP
    const [ack] = await outboxFor(ticket.id);
    expect(ack.kind).toBe('ticket.acknowledgement');
    const before = sink.received.length;
    await deliverDueMail(t.ctx.db, transport, { ids: [ack.id] });
    const [mail] = (await sink.waitFor(before + 1)).slice(before);
    expect(mail.parsed.subject).toContain(`[#${ticket.number}]`);
    expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(mail.parsed.inReplyTo).toBe(first);
    expect(mail.parsed.text).toContain(`${t.ctx.config.publicUrl}/portal/tickets/${ticket.number}`);

    // the reply (with the ack's subject) becomes an article of the same ticket
    const reply = mid('reply');
    await smtpSend(receiver.port, {
      from: `${tenant.requester.login}@example.org`,
      to: intake.address,
      subject: `AW: ${mail.parsed.subject}`,
      text: 'Inventarnummer 4711.\n\nAm Montag schrieb IT-Service:\n> Guten Tag,\n> wir haben …',
      messageId: reply,
      inReplyTo: mail.parsed.messageId,
    });
    const [replyRow] = await deliverAndProcess([reply]);
    expect(replyRow).toMatchObject({ state: 'processed', outcome: 'articleAdded', ticket_id: ticket.id });
    const article = await t.ctx.db
      .selectFrom('articles')
      .selectAll()
      .where('id', '=', replyRow.article_id as number)
      .executeTakeFirstOrThrow();
    expect(article).toMatchObject({ sender: 'requester', internal: false, author_id: tenant.requester.id });
    expect(article.body).toBe('Inventarnummer 4711.');
  });

  it('stores a message delivered twice once, and processing it twice creates one ticket', async () => {
    const tenant = await buildTenant(t.ctx.db);
    const intake = await buildIntake(t.ctx.db, { topicId: tenant.topic.id });
    const id = mid('dup');
    const mail = {
      from: `${tenant.colleague.login}@example.org`,
      to: intake.address,
      subject: 'Bildschirm flackert',
      text: 'Seit heute früh.',
      messageId: id,
    };
    expect((await smtpSend(receiver.port, mail)).response).toMatch(/^250/);
    expect((await smtpSend(receiver.port, mail)).response).toMatch(/^250.*already received/);
    const ids = await inboundIds(t.ctx.db, [id]);
    expect(ids).toHaveLength(1);
    await Promise.all([processInboundMail(t.ctx, { ids }), processInboundMail(t.ctx, { ids })]);
    await processInboundMail(t.ctx, { ids });
    const tickets = await t.ctx.db
      .selectFrom('tickets')
      .select('id')
      .where('requester_id', '=', tenant.colleague.id)
      .execute();
    expect(tickets).toHaveLength(1);

    // a message without Message-ID is identified by its bytes
    const raw = `From: ${tenant.colleague.login}@example.org\r\nTo: ${intake.address}\r\nSubject: ohne ID\r\n\r\nText\r\n`;
    const envelope = { from: `${tenant.colleague.login}@example.org`, to: [intake.address] };
    await smtpSend(receiver.port, { raw, envelope });
    await smtpSend(receiver.port, { raw, envelope });
    const rows = await t.ctx.db
      .selectFrom('inbound_mail')
      .select('id')
      .where('subject', '=', 'ohne ID')
      .where(sql<boolean>`${intake.address} = ANY(envelope_to)`)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('limits messages per sending host with a temporary 450', async () => {
    const limited = await startSmtpReceiver(
      t.ctx.db,
      { ...t.ctx.config, smtpPort: 0, smtpRatePerMinute: 2 },
      { limitLoopback: true },
    );
    try {
      const intake = await buildIntake(t.ctx.db);
      const send = (i: number) =>
        smtpSend(limited.port, {
          from: 'a@example.org',
          to: intake.address,
          subject: `Takt ${i}`,
          text: 'x',
        });
      await send(1);
      await send(2);
      await expect(send(3)).rejects.toMatchObject({ responseCode: 450 });
    } finally {
      await limited.close();
    }
  });

  it('offers STARTTLS and requires AUTH when configured', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsdesk-smtp-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const secured = await startSmtpReceiver(t.ctx.db, {
      ...t.ctx.config,
      smtpPort: 0,
      smtpTlsKeyFile: path.join(dir, 'key.pem'),
      smtpTlsCertFile: path.join(dir, 'cert.pem'),
      smtpAuth: 'relay:geheim',
    });
    try {
      const intake = await buildIntake(t.ctx.db);
      const send = (auth?: { user: string; pass: string }) => {
        const transport = nodemailer.createTransport({
          host: '127.0.0.1',
          port: secured.port,
          requireTLS: true,
          tls: { rejectUnauthorized: false },
          auth,
        });
        return transport
          .sendMail({ from: 'a@example.org', to: intake.address, subject: 'TLS', text: 'x' })
          .finally(() => transport.close());
      };
      expect((await send({ user: 'relay', pass: 'geheim' })).response).toMatch(/^250/);
      await expect(send({ user: 'relay', pass: 'falsch' })).rejects.toMatchObject({ responseCode: 535 });
      await expect(send()).rejects.toMatchObject({ responseCode: 530 });
    } finally {
      await secured.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses unknown recipients with 550 and oversized messages with 552', async () => {
    await expect(
      smtpSend(receiver.port, {
        from: 'a@example.org',
        to: 'nobody@amtsdesk.example',
        subject: 'x',
        text: 'x',
      }),
    ).rejects.toMatchObject({ responseCode: 550 });
    const intake = await buildIntake(t.ctx.db);
    const error = await smtpSend(receiver.port, {
      from: 'a@example.org',
      to: intake.address,
      subject: 'groß',
      text: 'x'.repeat(300_000),
    }).catch((e) => e);
    expect(error.responseCode).toBe(552);
    expect(error.response).toMatch(/too large.*200000 bytes/i);
  });
});
