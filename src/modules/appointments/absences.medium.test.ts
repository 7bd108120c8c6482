import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';
import { buildPerson } from '../org/builders';
import { decodeExport, parseKind, parseLocalDateTime } from './commands/record-absence';
import { buildAppointmentTenant, postHold, sickOnDayOf, slotsAhead } from './test-fixtures';

let t: TestContext;
beforeAll(async () => {
  t = await openTestContext();
});
afterAll(async () => {
  await t.close();
});

type Tenant = Awaited<ReturnType<typeof buildAppointmentTenant>>;

async function book(
  tenant: Tenant,
  startsAt: string,
  name: string,
  email = `${Math.random().toString(36).slice(2)}@example.org`,
) {
  const res = await postHold(t.app, tenant, { startsAt, name, email });
  expect(res.statusCode).toBe(201);
  const { bookingNumber } = res.json();
  // confirm directly (the link flow is covered in appointments.medium.test.ts)
  const row = await t.ctx.db
    .selectFrom('appointments')
    .select(['id'])
    .where('booking_number', '=', bookingNumber)
    .executeTakeFirstOrThrow();
  await t.ctx.db.updateTable('appointments').set({ status: 'confirmed' }).where('id', '=', row.id).execute();
  return row.id;
}

const appointment = (id: number) =>
  t.ctx.db
    .selectFrom('appointments')
    .select(['clerk_id', 'flag', 'ics_sequence'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

const mailsTo = async (email: string, since: Date) =>
  t.ctx.db
    .selectFrom('outbound_mail')
    .select(['kind', 'subject'])
    .where(sql<boolean>`${email} = ANY(to_addresses)`)
    .where('created_at', '>=', since)
    .execute();

async function firstSlot(tenant: Tenant) {
  const res = await t.app.inject({
    url: `/api/v1/public/slots?serviceId=${tenant.service.id}&mode=inPerson${slotsAhead()}`,
  });
  return res.json().items[0].startsAt as string;
}

describe('absences', () => {
  it('a manual absence forwards a booked appointment to the deputy; both calendars are updated, the citizen is not written to', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const startsAt = await firstSlot(tenant);
    const citizenEmail = `erika.${Date.now()}@example.org`;
    const id = await book(tenant, startsAt, 'Erika Mustermann', citizenEmail);
    expect((await appointment(id)).clerk_id).toBe(tenant.clerks.lz);
    const since = new Date();
    const asLange = as(t.app, await signIn(t.app, tenant.clerkLZ.login));
    const res = await asLange({
      method: 'POST',
      url: '/api/v1/appointments/absences',
      payload: sickOnDayOf(tenant.clerks.lz, startsAt),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ imported: 1, forwarded: 1, flagged: 0 });
    expect(await appointment(id)).toMatchObject({ clerk_id: tenant.clerks.ak, flag: null, ics_sequence: 1 });
    expect((await mailsTo(`${tenant.clerkAK.login}@example.org`, since)).map((m) => m.kind)).toEqual([
      'appointment.clerkInvitation',
    ]);
    expect((await mailsTo(`${tenant.clerkLZ.login}@example.org`, since)).map((m) => m.kind)).toEqual([
      'appointment.clerkCancel',
    ]);
    expect(await mailsTo(citizenEmail, since)).toEqual([]);
    // only the clerk themself or an administrator enters absences
    const outsider = await buildPerson(t.ctx.db, {});
    const asOutsider = as(t.app, await signIn(t.app, outsider.login));
    const forbidden = await asOutsider({
      method: 'POST',
      url: '/api/v1/appointments/absences',
      payload: {
        clerkId: tenant.clerks.ak,
        startsAt,
        endsAt: new Date(Date.parse(startsAt) + 3_600_000).toISOString(),
        kind: 'other',
      },
    });
    expect(forbidden.statusCode).toBe(404);
  });

  it('flags the appointment when the deputy is not free; imports an SAP export in Windows-1252 with ";"', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const startsAt = await firstSlot(tenant);
    const becker = await book(tenant, startsAt, 'Bernd Becker'); // A–K
    const mueller = await book(tenant, startsAt, 'Max Müller'); // L–Z, same time
    const admin = await buildPerson(t.ctx.db, { roles: [{ role: 'admin' }] });
    const asAdmin = as(t.app, await signIn(t.app, admin.login));
    const day = new Date(startsAt);
    const d = `${String(day.getDate()).padStart(2, '0')}.${String(day.getMonth() + 1).padStart(2, '0')}.${day.getFullYear()}`;
    const csv = [
      'Personalnummer;Beginn;Ende;Abwesenheitsart',
      `${tenant.clerkAK.login};${d};${d};Urlaub (Erholungsurlaub)`,
      `Unbekannte Person;${d};${d};Krankheit`,
      `${tenant.clerkAK.login};31.02.2026;${d};Fortbildung Präsenz`,
    ].join('\r\n');
    const latin1 = Buffer.from(csv, 'latin1');
    expect(latin1.includes(Buffer.from('ä'))).toBe(false); // really not UTF-8
    const res = await asAdmin({
      method: 'POST',
      url: '/api/v1/appointments/absences/import',
      payload: { csvBase64: latin1.toString('base64'), officeId: tenant.office.id },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ imported: 1, skipped: 0, forwarded: 0, flagged: 1 });
    expect(res.json().errors.map((e: { line: number }) => e.line)).toEqual([3, 4]);
    expect(await appointment(becker)).toMatchObject({ clerk_id: tenant.clerks.ak, flag: 'noDeputy' });
    expect((await appointment(mueller)).flag).toBeNull();
    // importing the same export again adds nothing
    const again = await asAdmin({
      method: 'POST',
      url: '/api/v1/appointments/absences/import',
      payload: { csvBase64: latin1.toString('base64'), officeId: tenant.office.id },
    });
    expect(again.json()).toMatchObject({ imported: 0, skipped: 1 });
    // only administrators import
    const asClerk = as(t.app, await signIn(t.app, tenant.clerkAK.login));
    expect(
      (await asClerk({ method: 'POST', url: '/api/v1/appointments/absences/import', payload: { csv } }))
        .statusCode,
    ).toBe(403);
  });
});

describe('clerk side', () => {
  it('offers a secret iCalendar feed URL and records done/no-show after the start', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const startsAt = await firstSlot(tenant);
    const id = await book(tenant, startsAt, 'Erika Mustermann');
    const asLange = as(t.app, await signIn(t.app, tenant.clerkLZ.login));
    const feeds = await asLange({ url: '/api/v1/appointments/feed' });
    expect(feeds.statusCode).toBe(200);
    const feedPath = new URL(feeds.json().items[0].url).pathname;
    const feed = await t.app.inject({ url: feedPath });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('text/calendar');
    expect(feed.body).toContain(`UID:appointment-${id}@`);
    expect(feed.body).toContain('Erika Mustermann');
    const wrong = await t.app.inject({
      url: feedPath.replace(/\/[^/]+\.ics$/, '/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics'),
    });
    expect(wrong.statusCode).toBe(404);

    const early = await asLange({
      method: 'POST',
      url: `/api/v1/appointments/${id}/outcome`,
      payload: { status: 'done' },
    });
    expect(early.statusCode).toBe(409);
    await t.ctx.db
      .updateTable('appointments')
      .set({
        starts_at: new Date(Date.now() - 3_600_000),
        ends_at: new Date(Date.now() - 900_000),
        blocked_until: new Date(Date.now() - 900_000),
      })
      .where('id', '=', id)
      .execute();
    const done = await asLange({
      method: 'POST',
      url: `/api/v1/appointments/${id}/outcome`,
      payload: { status: 'noShow' },
    });
    expect(done.statusCode).toBe(200);
    expect(done.json().status).toBe('noShow');
    const asAdler = as(t.app, await signIn(t.app, tenant.clerkAK.login));
    expect(
      (
        await asAdler({
          method: 'POST',
          url: `/api/v1/appointments/${id}/outcome`,
          payload: { status: 'done' },
        })
      ).statusCode,
    ).toBe(404);
  });
});

describe('absence export parsing', () => {
  it('decodes Windows-1252 and UTF-8, reads German and ISO dates and SAP kinds', () => {
    expect(decodeExport(Buffer.from('Müller;Präsenz', 'latin1'))).toBe('Müller;Präsenz');
    expect(decodeExport(Buffer.from('\uFEFFMüller', 'utf8'))).toBe('Müller');
    expect(parseLocalDateTime('24.11.2026')?.date).toEqual(new Date(2026, 10, 24));
    expect(parseLocalDateTime('2026-11-24 13:30')).toEqual({
      date: new Date(2026, 10, 24, 13, 30),
      hasTime: true,
    });
    expect(parseLocalDateTime('31.02.2026')).toBeNull();
    expect(['Urlaub', 'Krankheit', 'Schulung', 'Gleitzeit'].map(parseKind)).toEqual([
      'vacation',
      'sickness',
      'training',
      'other',
    ]);
  });
});
