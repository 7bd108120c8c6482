import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIntake, inboundIds, smtpSend } from '../../../test/helpers/mail-intake';
import { buildTenant } from '../../../test/helpers/tenant';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';
import { buildPerson } from '../org/builders';
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

describe('admin mail log and intake addresses', () => {
  it('lists inbound mail with its outcome, finds it by subject, and reprocesses an ignored one', async () => {
    const tenant = await buildTenant(t.ctx.db);
    const intake = await buildIntake(t.ctx.db, { unknownSenders: 'refuse' });
    const admin = as(
      t.app,
      await signIn(t.app, (await buildPerson(t.ctx.db, { roles: [{ role: 'admin' }] })).login),
    );
    const clerk = as(t.app, await signIn(t.app, tenant.requester.login));
    const subject = `Protokollsuche ${Date.now()}`;
    const messageId = `<log.${Date.now()}@client.example>`;
    const stranger = `log.${Date.now()}@extern.example`;
    await smtpSend(receiver.port, { from: stranger, to: intake.address, subject, text: 'x', messageId });
    const [id] = await inboundIds(t.ctx.db, [messageId]);
    await processInboundMail(t.ctx, { ids: [id] });

    const list = await admin({ url: `/api/v1/admin/mail-log?q=${encodeURIComponent(subject)}` });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([
      expect.objectContaining({
        id,
        subject,
        from: stranger,
        state: 'ignored',
        outcome: 'unknownSender',
        ticketNumber: null,
      }),
    ]);
    expect(list.json().counts.ignored).toBeGreaterThanOrEqual(1);
    const raw = await admin({ url: `/api/v1/admin/mail-log/${id}/raw` });
    expect(raw.headers['content-type']).toContain('message/rfc822');
    expect(raw.body).toContain(subject);

    expect((await clerk({ url: '/api/v1/admin/mail-log' })).statusCode).toBe(403);
    expect((await clerk({ method: 'POST', url: `/api/v1/admin/mail-log/${id}/reprocess` })).statusCode).toBe(
      403,
    );

    // the admin lets strangers in and processes the message again
    const intakes = await admin({ url: '/api/v1/admin/mail-intakes' });
    const mine = intakes.json().items.find((i: { address: string }) => i.address === intake.address);
    const changed = await admin({
      method: 'PUT',
      url: `/api/v1/admin/mail-intakes/${mine.id}`,
      payload: {
        address: intake.address,
        topic: tenant.topic.key,
        unknownSenders: 'createContact',
        reopenDays: 14,
      },
    });
    expect(changed.json()).toMatchObject({ topic: tenant.topic.key, unknownSenders: 'createContact' });
    expect((await admin({ method: 'POST', url: `/api/v1/admin/mail-log/${id}/reprocess` })).statusCode).toBe(
      204,
    );
    expect((await admin({ method: 'POST', url: `/api/v1/admin/mail-log/${id}/reprocess` })).statusCode).toBe(
      409,
    );
    await processInboundMail(t.ctx, { ids: [id] });
    const again = await admin({ url: `/api/v1/admin/mail-log?q=${encodeURIComponent(messageId)}` });
    expect(again.json().items[0]).toMatchObject({ state: 'processed', outcome: 'ticketCreated' });
    expect(again.json().items[0].ticketNumber).toMatch(/^\d{4}-\d{6}$/);
  });

  it('creates intake addresses, refusing duplicates and unknown topics', async () => {
    const admin = as(
      t.app,
      await signIn(t.app, (await buildPerson(t.ctx.db, { roles: [{ role: 'admin' }] })).login),
    );
    const address = `Neu-${Date.now()}@Amtsdesk.example`;
    const created = await admin({ method: 'POST', url: '/api/v1/admin/mail-intakes', payload: { address } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      address: address.toLowerCase(),
      topic: null,
      unknownSenders: 'createContact',
    });
    const twice = await admin({ method: 'POST', url: '/api/v1/admin/mail-intakes', payload: { address } });
    expect(twice.statusCode).toBe(409);
    const badTopic = await admin({
      method: 'POST',
      url: '/api/v1/admin/mail-intakes',
      payload: { address: `x${address}`, topic: 'gibt-es-nicht' },
    });
    expect(badTopic.statusCode).toBe(422);
    const badAddress = await admin({
      method: 'POST',
      url: '/api/v1/admin/mail-intakes',
      payload: { address: 'a+b@c' },
    });
    expect(badAddress.statusCode).toBe(400);
    // the receiver accepts the new address (and its +ticket form) at once
    await expect(
      smtpSend(receiver.port, {
        from: 'a@example.org',
        to: address.replace('@', '+2026-000001@'),
        subject: 's',
        text: 't',
      }),
    ).resolves.toMatchObject({ response: expect.stringMatching(/^250/) });
  });
});
