import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';
import { buildPerson } from '../org/builders';
import { clearAppointmentCache } from './availability';
import { applyRetention } from './commands/apply-retention';
import { buildAppointmentTenant, markBegun, postHold, slotsAhead } from './test-fixtures';

let t: TestContext;
beforeAll(async () => {
  t = await openTestContext({ ownDatabase: true });
});
afterAll(async () => {
  await t.close();
});
// a database of its own on the PostgreSQL pass: one test changes the upload limits (one settings row
// per database), the others rely on the defaults

type Tenant = Awaited<ReturnType<typeof buildAppointmentTenant>>;

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 0x41), Buffer.from('\n%%EOF\n')]);
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(500, 1),
]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(500, 0x90)]);

function multipart(filename: string, type: string, content: Buffer, extra: Record<string, string> = {}) {
  const boundary = `----amtsdesk${Math.random().toString(16).slice(2)}`;
  return {
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
      ),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { ...extra, 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** Books and confirms an appointment for "Erika Mustermann" (clerk L–Z); returns the links of the mails. */
async function confirmedAppointment(tenant: Tenant) {
  const slots = await t.app.inject({
    url: `/api/v1/public/slots?serviceId=${tenant.service.id}&mode=inPerson&surname=Mustermann${slotsAhead()}`,
  });
  const held = await postHold(t.app, tenant, { startsAt: slots.json().items[0].startsAt });
  expect(held.statusCode).toBe(201);
  const { bookingNumber } = held.json();
  const mailOf = (kind: string) =>
    t.ctx.db
      .selectFrom('outbound_mail')
      .select('text_body')
      .where('kind', '=', kind)
      .where('subject', 'like', `%${bookingNumber}%`)
      .executeTakeFirstOrThrow();
  const request = (await mailOf('appointment.confirmationRequest')).text_body;
  const code = /Code ([A-Z0-9]{10})/.exec(request)?.[1] as string;
  const confirmPath = new URL(/https?:\/\/\S+\/termine\/bestaetigen\/\S+/.exec(request)?.[0] ?? '').pathname;
  const heldList = await t.app.inject({
    url: `/api/v1/public/appointments/${bookingNumber}/documents?code=${code}`,
  });
  expect(heldList.json().open).toBe(false);
  const heldUpload = await t.app.inject({
    method: 'POST',
    url: `/api/v1/public/appointments/${bookingNumber}/documents?code=${code}`,
    ...multipart('a.pdf', 'application/pdf', PDF),
  });
  expect(heldUpload.statusCode).toBe(409);
  expect(heldUpload.json().code).toBe('appointmentDocumentsNotConfirmed');
  expect((await t.app.inject({ method: 'POST', url: confirmPath })).statusCode).toBe(200);
  const confirmation = (await mailOf('appointment.confirmation')).text_body;
  const uploadPath = new URL(/https?:\/\/\S+\/termine\/unterlagen\/\S+/.exec(confirmation)?.[0] ?? '')
    .pathname;
  const { id } = await t.ctx.db
    .selectFrom('appointments')
    .select('id')
    .where('booking_number', '=', bookingNumber)
    .executeTakeFirstOrThrow();
  const api = `/api/v1/public/appointments/${bookingNumber}/documents?code=${code}`;
  return { id, bookingNumber, code, uploadPath, api };
}

const documentCount = async (appointmentId: number) =>
  Number(
    (
      await t.ctx.db
        .selectFrom('appointment_documents')
        .select(sql<string>`count(*)`.as('n'))
        .where('appointment_id', '=', appointmentId)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('documents before the appointment', () => {
  it('the citizen uploads on the page of the mailed link; only the assigned clerk and admins can download it', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const a = await confirmedAppointment(tenant);

    const page = await t.app.inject({ url: a.uploadPath });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect(page.body).toContain('Noch keine Unterlagen hochgeladen.');
    expect(page.headers['cache-control']).toBe('no-store');

    const uploaded = await t.app.inject({
      method: 'POST',
      url: a.uploadPath,
      ...multipart('Mietvertrag <2026>.pdf', 'application/pdf', PDF),
    });
    expect(uploaded.statusCode).toBe(200);
    expect(uploaded.body).toContain('role="status"');
    expect(uploaded.body).toContain('Mietvertrag _2026_.pdf');
    const listed = await t.app.inject({ url: a.api });
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toMatchObject({
      open: true,
      limits: { maxFileBytes: 10 * 1024 * 1024, maxFiles: 5, maxTotalBytes: 25 * 1024 * 1024 },
      items: [{ filename: 'Mietvertrag _2026_.pdf', contentType: 'application/pdf', size: PDF.length }],
    });
    expect(new URL(listed.json().uploadUrl).pathname).toBe(a.uploadPath);
    const docId = listed.json().items[0].id;
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('action', '=', 'appointments.document.upload')
      .where('entity_id', '=', String(a.id))
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0].after)).not.toContain('Mietvertrag');

    // the assigned clerk (L–Z) downloads the same bytes
    const clerk = as(t.app, await signIn(t.app, tenant.clerkLZ.login));
    const list = await clerk({ url: `/api/v1/appointments/${a.id}/documents` });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((d: { id: number }) => d.id)).toEqual([docId]);
    const download = await clerk({ url: `/api/v1/appointments/${a.id}/documents/${docId}` });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename*=UTF-8''${encodeURIComponent('Mietvertrag _2026_.pdf')}`,
    );
    expect(Buffer.compare(download.rawPayload, PDF)).toBe(0);

    // the other clerk of the office and a stranger: 404 as if it did not exist; an admin may
    const other = as(t.app, await signIn(t.app, tenant.clerkAK.login));
    expect((await other({ url: `/api/v1/appointments/${a.id}/documents` })).statusCode).toBe(404);
    expect((await other({ url: `/api/v1/appointments/${a.id}/documents/${docId}` })).statusCode).toBe(404);
    const stranger = as(t.app, await signIn(t.app, (await buildPerson(t.ctx.db, {})).login));
    expect((await stranger({ url: `/api/v1/appointments/${a.id}/documents/${docId}` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/v1/appointments/${a.id}/documents/${docId}` })).statusCode).toBe(
      401,
    );
    const admin = as(
      t.app,
      await signIn(t.app, (await buildPerson(t.ctx.db, { roles: [{ role: 'admin' }] })).login),
    );
    expect((await admin({ url: `/api/v1/appointments/${a.id}/documents/${docId}` })).statusCode).toBe(200);

    // forwarded to the deputy (A–K): now the deputy sees it and the former clerk does not
    await t.ctx.db
      .updateTable('appointments')
      .set({ clerk_id: tenant.clerks.ak })
      .where('id', '=', a.id)
      .execute();
    expect((await other({ url: `/api/v1/appointments/${a.id}/documents/${docId}` })).statusCode).toBe(200);
    expect((await clerk({ url: `/api/v1/appointments/${a.id}/documents` })).statusCode).toBe(404);

    // the citizen deletes it on the page (POST), the list is empty again
    const deleted = await t.app.inject({ method: 'POST', url: `${a.uploadPath}/loeschen/${docId}` });
    expect(deleted.statusCode).toBe(200);
    expect(deleted.body).toContain('Die Datei ist gelöscht.');
    expect(await documentCount(a.id)).toBe(0);

    // without the link: booking number + code on /termine/unterlagen lead to the same page
    const lookup = await t.app.inject({ url: '/termine/unterlagen' });
    expect(lookup.statusCode).toBe(200);
    expect(lookup.body).toContain('<label for="lookup-code">');
    const form = (code: string) =>
      t.app.inject({
        method: 'POST',
        url: '/termine/unterlagen',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ bookingNumber: a.bookingNumber, code }).toString(),
      });
    const found = await form(a.code.toLowerCase());
    expect(found.statusCode).toBe(303);
    expect(found.headers.location).toBe(a.uploadPath);
    const wrong = await form('AAAAAAAAAA');
    expect(wrong.statusCode).toBe(404);
    expect(wrong.body).toContain('role="alert"');
    expect(wrong.body).toContain('Zu dieser Buchungsnummer und diesem Code gibt es keinen Termin.');

    // unknown and forged links
    const forged = a.uploadPath.replace(/\.[\w-]+$/, `.${'x'.repeat(43)}`);
    const unknown = await t.app.inject({ url: forged });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('role="alert"');
    expect(
      (await t.app.inject({ method: 'POST', url: forged, ...multipart('a.pdf', 'application/pdf', PDF) }))
        .statusCode,
    ).toBe(404);
    const wrongCode = await t.app.inject({
      url: `/api/v1/public/appointments/${a.bookingNumber}/documents?code=AAAAAAAAAA`,
    });
    expect(wrongCode.statusCode).toBe(404);
  });

  it('each download by a clerk or admin writes an audit row (document id, no file name, no content); a refused one writes none', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const a = await confirmedAppointment(tenant);
    const uploaded = await t.app.inject({
      method: 'POST',
      url: a.api,
      ...multipart('Mietvertrag Mustermann.pdf', 'application/pdf', PDF),
    });
    expect(uploaded.statusCode).toBe(201);
    const docId = uploaded.json().id as number;
    const downloads = () =>
      t.ctx.db
        .selectFrom('audit_log')
        .select(['actor_login', 'entity_type', 'entity_id', 'before', 'after'])
        .where('action', '=', 'appointments.document.download')
        .where('entity_id', '=', String(a.id))
        .orderBy('id')
        .execute();
    const url = `/api/v1/appointments/${a.id}/documents/${docId}`;

    // refused: the other clerk of the office, a stranger, no sign-in, an unknown document → nothing
    const other = as(t.app, await signIn(t.app, tenant.clerkAK.login));
    expect((await other({ url })).statusCode).toBe(404);
    const stranger = as(t.app, await signIn(t.app, (await buildPerson(t.ctx.db, {})).login));
    expect((await stranger({ url })).statusCode).toBe(404);
    expect((await t.app.inject({ url })).statusCode).toBe(401);
    const clerk = as(t.app, await signIn(t.app, tenant.clerkLZ.login));
    expect((await clerk({ url: `/api/v1/appointments/${a.id}/documents/${docId + 1000}` })).statusCode).toBe(
      404,
    );
    // listing the documents is not a download
    expect((await clerk({ url: `/api/v1/appointments/${a.id}/documents` })).statusCode).toBe(200);
    expect(await downloads()).toEqual([]);

    // the assigned clerk downloads: one row naming who and which document
    const download = await clerk({ url });
    expect(download.statusCode).toBe(200);
    expect(Buffer.compare(download.rawPayload, PDF)).toBe(0);
    const rows = await downloads();
    expect(rows).toEqual([
      {
        actor_login: tenant.clerkLZ.login,
        entity_type: 'appointment',
        entity_id: String(a.id),
        before: null,
        after: { documentId: docId, contentType: 'application/pdf', size: PDF.length },
      },
    ]);
    expect(JSON.stringify(rows[0].after)).not.toContain('Mietvertrag');

    // an administrator too; every download counts
    const adminPerson = await buildPerson(t.ctx.db, { roles: [{ role: 'admin' }] });
    const admin = as(t.app, await signIn(t.app, adminPerson.login));
    expect((await admin({ url })).statusCode).toBe(200);
    expect((await clerk({ url })).statusCode).toBe(200);
    expect((await downloads()).map((r) => r.actor_login)).toEqual([
      tenant.clerkLZ.login,
      adminPerson.login,
      tenant.clerkLZ.login,
    ]);
  });

  it('the list of "Meine Termine" carries each appointment\'s documents for those who may read them, not for colleagues', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const upload = async (x: { api: string }, name: string, content: Buffer, type: string) => {
      const res = await t.app.inject({ method: 'POST', url: x.api, ...multipart(name, type, content) });
      expect(res.statusCode).toBe(201);
      return res.json().id as number;
    };
    const a = await confirmedAppointment(tenant);
    const b = await confirmedAppointment(tenant);
    const c = await confirmedAppointment(tenant);
    const a1 = await upload(a, 'Mietvertrag.pdf', PDF, 'application/pdf');
    const a2 = await upload(a, 'Foto.png', PNG, 'image/png');
    const c1 = await upload(c, 'Ausweis.pdf', PDF, 'application/pdf');
    // c belongs to the colleague (A–K)
    await t.ctx.db
      .updateTable('appointments')
      .set({ clerk_id: tenant.clerks.ak })
      .where('id', '=', c.id)
      .execute();
    const starts = await t.ctx.db
      .selectFrom('appointments')
      .select('starts_at')
      .where('id', 'in', [a.id, b.id, c.id])
      .orderBy('starts_at')
      .execute();
    const day = (d: Date) =>
      `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const range = `from=${day(starts[0].starts_at)}&to=${day(starts[starts.length - 1].starts_at)}`;
    type Item = { id: number; own: boolean; documents?: Array<Record<string, unknown>> };
    const byId = (items: Item[]) => new Map(items.map((i) => [i.id, i]));

    const lange = as(t.app, await signIn(t.app, tenant.clerkLZ.login));
    const office = await lange({ url: `/api/v1/appointments/mine?${range}&scope=office` });
    expect(office.statusCode).toBe(200);
    const items = byId(office.json().items);
    expect(items.get(a.id)?.documents).toEqual([
      {
        id: a1,
        filename: 'Mietvertrag.pdf',
        contentType: 'application/pdf',
        size: PDF.length,
        createdAt: expect.any(String),
      },
      {
        id: a2,
        filename: 'Foto.png',
        contentType: 'image/png',
        size: PNG.length,
        createdAt: expect.any(String),
      },
    ]);
    expect(items.get(b.id)?.documents).toEqual([]);
    // the colleague's appointment is listed (office view) without its documents
    expect(items.get(c.id)).toMatchObject({ own: false });
    expect(items.get(c.id)).not.toHaveProperty('documents');
    expect(office.body).not.toContain('Ausweis.pdf');

    // the colleague sees their own appointment's document, not Lange's
    const adler = as(t.app, await signIn(t.app, tenant.clerkAK.login));
    const adlers = byId(
      (await adler({ url: `/api/v1/appointments/mine?${range}&scope=office` })).json().items,
    );
    expect(adlers.get(c.id)?.documents?.map((d) => d.id)).toEqual([c1]);
    expect(adlers.get(a.id)).not.toHaveProperty('documents');
  });

  it('refuses too big, wrong, lying and too many files with clear problem details in the citizen language', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const a = await confirmedAppointment(tenant);
    const upload = (filename: string, type: string, content: Buffer, lang = 'de') =>
      t.app.inject({
        method: 'POST',
        url: a.api,
        ...multipart(filename, type, content, { 'accept-language': lang }),
      });

    const big = await upload(
      'scan.pdf',
      'application/pdf',
      Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]),
    );
    expect(big.statusCode).toBe(413);
    expect(big.headers['content-type']).toContain('application/problem+json');
    expect(big.json()).toMatchObject({ code: 'appointmentDocumentTooLarge' });
    expect(big.json().detail).toContain('10 MB');

    const text = await upload('notes.txt', 'text/plain', Buffer.from('hello'));
    expect(text.statusCode).toBe(415);
    expect(text.json().code).toBe('appointmentDocumentTypeNotAllowed');
    expect(text.json().detail).toContain('PDF, JPEG und PNG');

    const lying = await upload('rechnung.pdf', 'application/pdf', EXE, 'en');
    expect(lying.statusCode).toBe(415);
    expect(lying.json().code).toBe('appointmentDocumentTypeMismatch');
    expect(lying.json().detail).toBe(
      'The content of the file "rechnung.pdf" is not application/pdf, although it is declared so. Allowed are genuine PDF, JPEG and PNG files.',
    );
    const pngAsPdf = await upload('foto.pdf', 'application/pdf', PNG);
    expect(pngAsPdf.json().code).toBe('appointmentDocumentTypeMismatch');
    const unknownGeneric = await upload('x.bin', 'application/octet-stream', EXE);
    expect(unknownGeneric.json().code).toBe('appointmentDocumentTypeNotAllowed');
    expect(await documentCount(a.id)).toBe(0);

    // a generic declared type is fine when the content is a PNG: stored as what it is
    const generic = await upload('foto.png', 'application/octet-stream', PNG);
    expect(generic.statusCode).toBe(201);
    expect(generic.json().contentType).toBe('image/png');
    for (let i = 2; i <= 5; i++)
      expect((await upload(`seite${i}.pdf`, 'application/pdf', PDF)).statusCode).toBe(201);
    const sixth = await upload('seite6.pdf', 'application/pdf', PDF);
    expect(sixth.statusCode).toBe(422);
    expect(sixth.json().code).toBe('appointmentDocumentsTooMany');
    expect(await documentCount(a.id)).toBe(5);
    // the page shows the same refusal as text
    const onPage = await t.app.inject({
      method: 'POST',
      url: a.uploadPath,
      ...multipart('s.pdf', 'application/pdf', PDF),
    });
    expect(onPage.statusCode).toBe(422);
    expect(onPage.body).toMatch(/role="alert" class="alert">Zu diesem Termin sind schon 5 Dateien/);

    // deleting one frees a place
    const [first] = (await t.app.inject({ url: a.api })).json().items;
    expect(
      (await t.app.inject({ method: 'DELETE', url: a.api.replace('documents?', `documents/${first.id}?`) }))
        .statusCode,
    ).toBe(204);
    expect((await upload('seite6.pdf', 'application/pdf', PDF)).statusCode).toBe(201);

    // the sum per appointment
    await t.ctx.db.updateTable('appointment_settings').set({ documents_max_total_bytes: 12_000 }).execute();
    clearAppointmentCache(t.ctx.db);
    try {
      await t.app.inject({
        method: 'DELETE',
        url: a.api.replace('documents?', `documents/${first.id + 1}?`),
      });
      const total = await upload('gross.pdf', 'application/pdf', Buffer.concat([PDF, Buffer.alloc(5000)]));
      expect(total.statusCode).toBe(413);
      expect(total.json().code).toBe('appointmentDocumentsTotalTooLarge');
    } finally {
      await t.ctx.db
        .updateTable('appointment_settings')
        .set({ documents_max_total_bytes: 25 * 1024 * 1024 })
        .execute();
      clearAppointmentCache(t.ctx.db);
    }
  });

  it('two parallel uploads cannot both take the last place', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const a = await confirmedAppointment(tenant);
    const upload = (name: string) =>
      t.app.inject({ method: 'POST', url: a.api, ...multipart(name, 'application/pdf', PDF) });
    for (let i = 1; i <= 4; i++) expect((await upload(`s${i}.pdf`)).statusCode).toBe(201);
    const both = await Promise.all([upload('last-a.pdf'), upload('last-b.pdf')]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 422]);
    expect(await documentCount(a.id)).toBe(5);
  });

  it('refuses uploads once the appointment has begun or is cancelled', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const a = await confirmedAppointment(tenant);
    expect(
      (await t.app.inject({ method: 'POST', url: a.api, ...multipart('a.pdf', 'application/pdf', PDF) }))
        .statusCode,
    ).toBe(201);
    const [doc] = (await t.app.inject({ url: a.api })).json().items;
    await markBegun(t.ctx.db, a.id);
    const late = await t.app.inject({
      method: 'POST',
      url: a.api,
      ...multipart('b.pdf', 'application/pdf', PDF, { 'accept-language': 'en' }),
    });
    expect(late.statusCode).toBe(410);
    expect(late.json().detail).toBe(
      'The appointment has already begun; documents can no longer be uploaded or deleted.',
    );
    expect(
      (await t.app.inject({ method: 'DELETE', url: a.api.replace('documents?', `documents/${doc.id}?`) }))
        .statusCode,
    ).toBe(410);
    const page = await t.app.inject({ url: a.uploadPath });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('enctype="multipart/form-data"');
    expect(page.body).toContain('bereits begonnen');
    expect((await t.app.inject({ url: a.api })).json()).toMatchObject({
      open: false,
      items: [{ id: doc.id }],
    });

    const b = await confirmedAppointment(tenant);
    await t.ctx.db.updateTable('appointments').set({ status: 'cancelled' }).where('id', '=', b.id).execute();
    const cancelled = await t.app.inject({
      method: 'POST',
      url: b.uploadPath,
      ...multipart('a.pdf', 'application/pdf', PDF, { accept: 'application/json' }),
    });
    expect(cancelled.statusCode).toBe(409);
    expect(cancelled.json().code).toBe('appointmentDocumentsCancelled');
  });

  it('the retention job deletes the documents with the citizen data', async () => {
    const since = new Date();
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const a = await confirmedAppointment(tenant);
    const kept = await confirmedAppointment(tenant);
    for (const x of [a, kept])
      expect(
        (await t.app.inject({ method: 'POST', url: x.api, ...multipart('a.pdf', 'application/pdf', PDF) }))
          .statusCode,
      ).toBe(201);
    await t.ctx.db
      .updateTable('appointments')
      .set({
        starts_at: sql`now() - interval '100 days'`,
        ends_at: sql`now() - interval '100 days' + interval '45 minutes'`,
        blocked_until: sql`now() - interval '100 days' + interval '45 minutes'`,
      })
      .where('id', '=', a.id)
      .execute();
    // the run is a sweep: on the shared PostgreSQL database another file's run may have taken `a` first
    await applyRetention(t.ctx);
    expect(await documentCount(a.id)).toBe(0);
    expect(await documentCount(kept.id)).toBe(1);
    expect((await t.app.inject({ url: a.uploadPath })).statusCode).toBe(404);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('after')
      .where('action', '=', 'appointments.retention')
      .where('occurred_at', '>=', since)
      .execute();
    // this run's row, or that of the other file's run that took `a`
    const deleted = audit.map((r) => (r.after as { documentsDeleted: number }).documentsDeleted);
    expect(Math.max(0, ...deleted)).toBeGreaterThanOrEqual(1);
  });
});
