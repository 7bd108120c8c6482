import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../../../test/helpers/smtp-sink';
import { buildPerson } from '../org/builders';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';
import { createMailTransport, deliverDueMail, enqueueMail, type MailTransport } from './outbox';

let t: TestContext;
let sink: SmtpSink;
let transport: MailTransport;
beforeAll(async () => {
  t = await openTestContext();
  sink = await startSmtpSink();
  transport = createMailTransport(sink.url);
});
afterAll(async () => {
  transport.close();
  await sink.close();
  await t.close();
});

const enqueue = (subject: string, extra: Partial<Parameters<typeof enqueueMail>[2]> = {}) =>
  enqueueMail(t.ctx.db, t.ctx.config, {
    kind: 'test',
    to: ['sabine.berger@musterstadt.example'],
    subject,
    text: 'Guten Tag,\nÄnderungen an Ihrem Vorgang.',
    ...extra,
  });

const stateOf = (id: number) =>
  t.ctx.db
    .selectFrom('outbound_mail')
    .select(['state', 'attempts', 'last_error', 'next_attempt_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

describe('mail outbox', () => {
  it('delivers over real SMTP with the stored Message-ID, headers and a calendar part', async () => {
    const ics = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n';
    const { id, messageId } = await enqueue('[#2026-000001] Drucker in Raum 204 — Übergabe', {
      headers: { 'Auto-Submitted': 'auto-replied', 'In-Reply-To': '<abc@example.org>' },
      attachments: [
        {
          filename: 'einladung.ics',
          contentType: 'text/calendar',
          method: 'REQUEST',
          contentBase64: Buffer.from(ics).toString('base64'),
        },
        {
          filename: 'protokoll.txt',
          contentType: 'text/plain',
          contentBase64: Buffer.from('TOP 1').toString('base64'),
        },
      ],
    });
    const before = sink.received.length;
    const result = await deliverDueMail(t.ctx.db, transport, { ids: [id] });
    expect(result).toEqual({ sent: 1, retrying: 0, failed: 0 });
    const [mail] = (await sink.waitFor(before + 1)).slice(before);
    expect(mail.parsed.messageId).toBe(messageId);
    expect(mail.parsed.subject).toBe('[#2026-000001] Drucker in Raum 204 — Übergabe');
    expect(mail.parsed.text).toContain('Änderungen an Ihrem Vorgang');
    expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(mail.parsed.inReplyTo).toBe('<abc@example.org>');
    expect(mail.envelopeTo).toEqual(['sabine.berger@musterstadt.example']);
    expect(mail.raw.toString()).toMatch(/text\/calendar; charset=utf-8; method=REQUEST/i);
    expect(mail.parsed.attachments.map((a) => a.filename)).toContain('protokoll.txt');
    expect((await stateOf(id)).state).toBe('sent');
    // sent mail is not sent again
    expect(await deliverDueMail(t.ctx.db, transport, { ids: [id] })).toEqual({
      sent: 0,
      retrying: 0,
      failed: 0,
    });
  });

  it('retries a temporary refusal later and gives up at once on a permanent one', async () => {
    const temporary = await enqueue('temporär');
    sink.failNext(1, 451);
    expect(await deliverDueMail(t.ctx.db, transport, { ids: [temporary.id] })).toEqual({
      sent: 0,
      retrying: 1,
      failed: 0,
    });
    const waiting = await stateOf(temporary.id);
    expect(waiting).toMatchObject({ state: 'pending', attempts: 1 });
    expect(waiting.last_error).toMatch(/451/);
    expect(waiting.next_attempt_at.getTime()).toBeGreaterThan(Date.now() + 30_000);
    // not due yet: nothing happens
    expect((await deliverDueMail(t.ctx.db, transport, { ids: [temporary.id] })).sent).toBe(0);
    await sql`UPDATE outbound_mail SET next_attempt_at = now() WHERE id = ${temporary.id}`.execute(t.ctx.db);
    expect((await deliverDueMail(t.ctx.db, transport, { ids: [temporary.id] })).sent).toBe(1);

    const permanent = await enqueue('dauerhaft');
    sink.failNext(1, 550);
    expect((await deliverDueMail(t.ctx.db, transport, { ids: [permanent.id] })).failed).toBe(1);
    expect(await stateOf(permanent.id)).toMatchObject({ state: 'failed', attempts: 1 });
  });

  it('takes up a mail whose sender died while sending once its lease is over', async () => {
    const { id } = await enqueue('verwaist');
    // what a crash between claim and result leaves behind
    await sql`UPDATE outbound_mail SET state = 'sending', attempts = 1, next_attempt_at = now() - interval '1 second' WHERE id = ${id}`.execute(
      t.ctx.db,
    );
    expect((await deliverDueMail(t.ctx.db, transport, { ids: [id] })).sent).toBe(1);
    expect(await stateOf(id)).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('sends the mails of one round in the order they were written', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push((await enqueue(`Reihenfolge ${i}`)).id);
    // touch the rows in reverse so that their physical order differs from the order of writing
    for (const id of [...ids].reverse())
      await sql`UPDATE outbound_mail SET last_error = NULL WHERE id = ${id}`.execute(t.ctx.db);
    const before = sink.received.length;
    expect((await deliverDueMail(t.ctx.db, transport, { ids })).sent).toBe(6);
    const subjects = (await sink.waitFor(before + 6)).slice(before).map((m) => m.parsed.subject);
    expect(subjects).toEqual([0, 1, 2, 3, 4, 5].map((i) => `Reihenfolge ${i}`));
  });

  it('writes nothing when the causing transaction rolls back', async () => {
    const subject = `rollback-${Date.now()}`;
    await expect(
      t.ctx.db.transaction().execute(async (trx) => {
        await enqueueMail(trx, t.ctx.config, { kind: 'test', to: ['a@example.org'], subject, text: 'x' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const rows = await t.ctx.db
      .selectFrom('outbound_mail')
      .select('id')
      .where('subject', '=', subject)
      .execute();
    expect(rows).toHaveLength(0);
  });

  it('shows failed mail to administrators only and lets them retry it', async () => {
    const admin = await buildPerson(t.ctx.db, { roles: [{ role: 'admin' }] });
    const clerk = await buildPerson(t.ctx.db, {});
    const { id } = await enqueue('wird scheitern');
    sink.failNext(1, 554);
    await deliverDueMail(t.ctx.db, transport, { ids: [id] });

    const asAdmin = as(t.app, await signIn(t.app, admin.login));
    const list = await asAdmin({ url: '/api/v1/admin/outbox?state=failed&limit=200' });
    expect(list.statusCode).toBe(200);
    const item = list.json().items.find((m: { id: number }) => m.id === id);
    expect(item).toMatchObject({ state: 'failed', subject: 'wird scheitern', attempts: 1 });
    expect(item.lastError).toMatch(/554/);

    const asClerk = as(t.app, await signIn(t.app, clerk.login));
    expect((await asClerk({ url: '/api/v1/admin/outbox' })).statusCode).toBe(403);
    expect((await asClerk({ method: 'POST', url: `/api/v1/admin/outbox/${id}/retry` })).statusCode).toBe(403);

    expect((await asAdmin({ method: 'POST', url: `/api/v1/admin/outbox/${id}/retry` })).statusCode).toBe(204);
    expect((await deliverDueMail(t.ctx.db, transport, { ids: [id] })).sent).toBe(1);
    const again = await asAdmin({ method: 'POST', url: `/api/v1/admin/outbox/${id}/retry` });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'outbound_mail')
      .where('entity_id', '=', String(id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['mail.retry']);
  });
});
