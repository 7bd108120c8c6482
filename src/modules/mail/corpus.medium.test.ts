import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIntake, inboundIds, smtpSend } from '../../../test/helpers/mail-intake';
import { buildTenant, type Tenant } from '../../../test/helpers/tenant';
import { openTestContext, type TestContext } from '../../../test/helpers/test-context';
import { processInboundMail } from './process-inbound';
import { type SmtpReceiver, startSmtpReceiver } from './smtp-receiver';

// Real-world messages (test/fixtures/mail) sent over SMTP to the receiver and processed.
const dir = path.resolve('test/fixtures/mail');

let t: TestContext;
let receiver: SmtpReceiver;
let tenant: Tenant;
let intake: { id: number; address: string };
beforeAll(async () => {
  t = await openTestContext();
  receiver = await startSmtpReceiver(t.ctx.db, { ...t.ctx.config, smtpPort: 0 });
  tenant = await buildTenant(t.ctx.db);
  intake = await buildIntake(t.ctx.db, { topicId: tenant.topic.id });
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});

async function deliver(file: string) {
  const sender = `${tenant.requester.login}@example.org`;
  const messageId = `<${file}.${Date.now()}.${Math.random().toString(36).slice(2)}@fixture.example>`;
  const raw = fs
    .readFileSync(path.join(dir, file))
    .toString('latin1')
    .replaceAll('%FROM%', sender)
    .replaceAll('%TO%', intake.address)
    .replaceAll('%MID%', messageId);
  const answer = await smtpSend(receiver.port, {
    raw: Buffer.from(raw, 'latin1'),
    envelope: { from: sender, to: [intake.address] },
  });
  expect(answer.response).toMatch(/^250/);
  const ids = await inboundIds(t.ctx.db, [messageId]);
  expect(ids).toHaveLength(1);
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
  const attachments = row.ticket_id
    ? await t.ctx.db
        .selectFrom('attachments')
        .select(['filename', 'content_type', 'size_bytes'])
        .where('ticket_id', '=', row.ticket_id)
        .execute()
    : [];
  return { row, ticket, attachments };
}

describe('the fixture corpus', () => {
  it('Outlook (Windows-1252, quoted-printable, multipart/alternative)', async () => {
    const { row, ticket } = await deliver('outlook.eml');
    expect(row.outcome).toBe('ticketCreated');
    expect(ticket?.title).toBe('Drucker im 2. OG druckt nur leere Seiten');
    expect(ticket?.description).toContain('leere Seiten – auch nach dem Neustart');
    expect(ticket?.description).toContain('Viele Grüße');
    expect(ticket?.requester_id).toBe(tenant.requester.id);
  });

  it('Thunderbird with a PDF attachment (RFC 2231 file name)', async () => {
    const { ticket, attachments } = await deliver('thunderbird-attachment.eml');
    expect(ticket?.title).toBe('Fehlermeldung im Fachverfahren (Screenshot anbei)');
    expect(ticket?.description).toContain('Übersicht als PDF');
    expect(attachments).toEqual([
      expect.objectContaining({ filename: 'Übersicht.pdf', content_type: 'application/pdf' }),
    ]);
  });

  it('Apple Mail with an inline image', async () => {
    const { ticket, attachments } = await deliver('apple-mail-inline-image.eml');
    expect(ticket?.description).toBe('Die Taste Ü klemmt, siehe Foto.');
    expect(attachments).toEqual([
      expect.objectContaining({ filename: 'foto.png', content_type: 'image/png' }),
    ]);
  });

  it('mobile (base64 body, RFC 2047 subject)', async () => {
    const { ticket } = await deliver('mobile.eml');
    expect(ticket?.title).toBe('Bildschirm Bürgerbüro');
    expect(ticket?.description).toContain('im Bürgerbüro bleibt schwarz');
  });

  it('forwarded mail keeps the forwarded request as the description', async () => {
    const { ticket } = await deliver('forwarded.eml');
    expect(ticket?.title).toBe('Zugang zum Fachverfahren für neue Kollegin');
    expect(ticket?.description).toContain('braucht Zugang zu OK.SOZIUS');
  });

  it('HTML-only mail is sanitised and converted to text', async () => {
    const { ticket } = await deliver('html-only.eml');
    expect(ticket?.description).toContain('Mein Telefon klingelt nicht mehr.');
    expect(ticket?.description).toContain('Durchwahl 1234');
    expect(ticket?.description).not.toMatch(/alert|script|color: red|<p/);
  });

  it('ISO-8859-1 body and encoded subject', async () => {
    const { ticket } = await deliver('iso-8859-1.eml');
    expect(ticket?.title).toBe('Bildschirm flackert ständig');
    expect(ticket?.description).toBe('Der Bildschirm in meinem Büro flackert ständig. Grüße');
  });

  it('an attachment whose content type lies is kept as an opaque download and noted', async () => {
    const { row, attachments } = await deliver('lying-content-type.eml');
    expect(attachments).toEqual([
      expect.objectContaining({ filename: 'rechnung.pdf', content_type: 'application/octet-stream' }),
    ]);
    expect(row.notes).toMatch(/rechnung\.pdf.*application\/pdf/);
  });

  it('malformed MIME still becomes a ticket, nothing crashes', async () => {
    const { row, ticket } = await deliver('malformed-mime.eml');
    expect(row.state).toBe('processed');
    expect(ticket?.title).toBe('Kaputte Mail');
  });

  it('huge headers (2,500 references, 300 extra lines)', async () => {
    const { row, ticket } = await deliver('huge-headers.eml');
    expect(row.state).toBe('processed');
    expect(ticket?.description).toBe('Maus defekt.');
  });

  it('an empty subject and body get placeholders', async () => {
    const { ticket } = await deliver('empty-body.eml');
    expect(ticket?.title).toBe('(ohne Betreff)');
    expect(ticket?.description).toBe('');
  });

  it.each([
    ['dsn-bounce.eml', 'bounce'],
    ['auto-reply.eml', 'autoReply'],
    ['bulk-newsletter.eml', 'bulk'],
  ])('%s creates no ticket and is logged as %s', async (file, outcome) => {
    const { row, ticket } = await deliver(file);
    expect(row).toMatchObject({ state: 'ignored', outcome });
    expect(ticket).toBeNull();
  });
});
