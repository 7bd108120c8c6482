import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';
import { buildOrgUnit, buildPerson } from '../org/builders';
import { buildAppointmentTenant } from './test-fixtures';

let t: TestContext;
beforeAll(async () => {
  t = await openTestContext();
});
afterAll(async () => {
  await t.close();
});

const everyDay = Object.fromEntries(
  ['0', '1', '2', '3', '4', '5', '6'].map((d) => [d, [['08:00', '18:00']]]),
);

async function signedIn(roles: Array<{ role: 'admin' }> = []) {
  const person = await buildPerson(t.ctx.db, { roles });
  return { person, request: as(t.app, await signIn(t.app, person.login)) };
}

describe('admin configuration of appointments', () => {
  it('creates an office, a clerk and a concern by API, then the public slots offer it; changes apply at once', async () => {
    const { request: admin } = await signedIn([{ role: 'admin' }]);
    const unit = await buildOrgUnit(t.ctx.db, { kind: 'department' });
    const clerkPerson = await buildPerson(t.ctx.db, { orgUnitId: unit.id, name: 'Clara Claus' });

    const officeRes = await admin({
      method: 'POST',
      url: '/api/v1/admin/appointment-offices',
      payload: {
        name: 'Bürgerbüro Test',
        orgUnitId: unit.id,
        address: 'Marktplatz 2',
        directions: 'Erdgeschoss',
        mapUrl: 'https://www.openstreetmap.org/?mlat=48&mlon=9',
        openingHours: everyDay,
        closingDays: [{ day: '2030-12-24', reason: 'Heiligabend' }],
        videoUrlTemplate: 'https://meet.example/{room}',
      },
    });
    expect(officeRes.statusCode, officeRes.body).toBe(201);
    const office = officeRes.json();
    expect(office).toMatchObject({
      name: 'Bürgerbüro Test',
      orgUnitId: unit.id,
      active: true,
      closingDays: [{ day: '2030-12-24', reason: 'Heiligabend' }],
    });

    const clerkRes = await admin({
      method: 'POST',
      url: '/api/v1/admin/appointment-clerks',
      payload: { officeId: office.id, personId: clerkPerson.id, letters: ['A', 'Z'], schedule: everyDay },
    });
    expect(clerkRes.statusCode, clerkRes.body).toBe(201);
    const clerk = clerkRes.json();
    expect(clerk).toMatchObject({ personName: 'Clara Claus', letters: ['A', 'Z'], deputyClerkId: null });

    const serviceRes = await admin({
      method: 'POST',
      url: '/api/v1/admin/appointment-services',
      payload: {
        officeId: office.id,
        nameDe: 'Meldebescheinigung',
        nameEn: 'Certificate of registration',
        durationMinutes: 20,
        documentsDe: 'Personalausweis',
        documentsEn: 'Identity card',
        modes: ['inPerson', 'video'],
        leadTimeMinutes: 0,
        horizonDays: 30,
        clerkIds: [clerk.id],
      },
    });
    expect(serviceRes.statusCode, serviceRes.body).toBe(201);
    const service = serviceRes.json();
    expect(service).toMatchObject({ clerkIds: [clerk.id], modes: ['inPerson', 'video'], active: true });

    const slots = await t.app.inject({ url: `/api/v1/public/slots?serviceId=${service.id}&mode=video` });
    expect(slots.statusCode, slots.body).toBe(200);
    const items = slots.json().items as Array<{ startsAt: string; endsAt: string }>;
    expect(items.length).toBeGreaterThan(0);
    expect(Date.parse(items[0].endsAt) - Date.parse(items[0].startsAt)).toBe(20 * 60_000);
    expect(
      (await t.app.inject({ url: `/api/v1/public/offices/${office.id}/services` })).json().items,
    ).toEqual([expect.objectContaining({ id: service.id, durationMinutes: 20 })]);

    // a change is visible at once (the reference-data cache is cleared)
    const longer = await admin({
      method: 'PUT',
      url: `/api/v1/admin/appointment-services/${service.id}`,
      payload: { durationMinutes: 40 },
    });
    expect(longer.statusCode, longer.body).toBe(200);
    expect(longer.json()).toMatchObject({
      durationMinutes: 40,
      nameDe: 'Meldebescheinigung',
      clerkIds: [clerk.id],
    });
    const after = (
      await t.app.inject({ url: `/api/v1/public/slots?serviceId=${service.id}&mode=video` })
    ).json().items;
    expect(Date.parse(after[0].endsAt) - Date.parse(after[0].startsAt)).toBe(40 * 60_000);

    // the clerk goes inactive → no slots
    const inactive = await admin({
      method: 'PUT',
      url: `/api/v1/admin/appointment-clerks/${clerk.id}`,
      payload: { active: false },
    });
    expect(inactive.statusCode, inactive.body).toBe(200);
    expect(
      (await t.app.inject({ url: `/api/v1/public/slots?serviceId=${service.id}&mode=video` })).json().items,
    ).toEqual([]);
    // the office goes inactive → the concern is no longer bookable
    const closed = await admin({
      method: 'PUT',
      url: `/api/v1/admin/appointment-offices/${office.id}`,
      payload: { active: false, closingDays: [] },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ active: false, closingDays: [], name: 'Bürgerbüro Test' });
    expect(
      (await t.app.inject({ url: `/api/v1/public/slots?serviceId=${service.id}&mode=video` })).statusCode,
    ).toBe(404);

    // lists and audit rows
    const listed = await admin({ url: `/api/v1/admin/appointment-clerks?officeId=${office.id}` });
    expect(listed.json().items).toEqual([expect.objectContaining({ id: clerk.id, active: false })]);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('entity_id', 'in', [String(office.id), String(service.id), String(clerk.id)])
      .where('action', 'like', 'appointments.%')
      .execute();
    const actions = audit.map((a) => a.action);
    for (const action of [
      'appointments.office.create',
      'appointments.office.update',
      'appointments.clerk.create',
      'appointments.clerk.update',
      'appointments.service.create',
      'appointments.service.update',
    ])
      expect(actions).toContain(action);
  });

  it('refuses bad input with a 4xx problem and writes nothing; non-admins get 403', async () => {
    const { request: admin, person: adminPerson } = await signedIn([{ role: 'admin' }]);
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const other = await buildAppointmentTenant(t.ctx.db);
    // other test files create offices at the same time on the shared PostgreSQL database: count
    // what this administrator wrote (every change writes an audit row), not all offices
    const writtenByAdmin = async () =>
      Number(
        (
          await t.ctx.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('actor_id', '=', adminPerson.id)
            .where('action', 'like', 'appointments.%')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const offices = async () =>
      Number(
        (
          await t.ctx.db
            .selectFrom('appointment_offices')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('name', 'in', ['', 'X', 'Y'])
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await offices();

    const bad = [
      ['POST', '/api/v1/admin/appointment-offices', { name: '', openingHours: everyDay }],
      [
        'POST',
        '/api/v1/admin/appointment-offices',
        { name: 'X', openingHours: { '7': [['08:00', '12:00']] } },
      ],
      [
        'POST',
        '/api/v1/admin/appointment-offices',
        { name: 'X', openingHours: { '1': [['12:00', '08:00']] } },
      ],
      [
        'POST',
        '/api/v1/admin/appointment-offices',
        { name: 'X', openingHours: { '1': [['8 Uhr', '12:00']] } },
      ],
      [
        'POST',
        '/api/v1/admin/appointment-offices',
        { name: 'X', openingHours: everyDay, mapUrl: 'javascript:alert(1)' },
      ],
      [
        'POST',
        '/api/v1/admin/appointment-offices',
        { name: 'X', openingHours: everyDay, orgUnitId: 999999999 },
      ],
      [
        'POST',
        '/api/v1/admin/appointment-offices',
        { name: 'X', openingHours: everyDay, closingDays: [{ day: '2030-02-31' }] },
      ],
      [
        'POST',
        '/api/v1/admin/appointment-services',
        { officeId: tenant.office.id, nameDe: 'A', nameEn: 'A', durationMinutes: 3, modes: ['video'] },
      ],
      [
        'POST',
        '/api/v1/admin/appointment-services',
        { officeId: tenant.office.id, nameDe: 'A', nameEn: 'A', durationMinutes: 30, modes: [] },
      ],
      [
        'POST',
        '/api/v1/admin/appointment-services',
        { officeId: tenant.office.id, nameDe: 'A', nameEn: 'A', durationMinutes: 30, modes: ['fax'] },
      ],
      [
        'POST',
        '/api/v1/admin/appointment-services',
        { officeId: 999999999, nameDe: 'A', nameEn: 'A', durationMinutes: 30, modes: ['video'] },
      ],
      [
        'POST',
        '/api/v1/admin/appointment-services',
        {
          officeId: tenant.office.id,
          nameDe: 'A',
          nameEn: 'A',
          durationMinutes: 30,
          modes: ['video'],
          clerkIds: [other.clerks.ak],
        },
      ],
      [
        'POST',
        '/api/v1/admin/appointment-clerks',
        { officeId: tenant.office.id, personId: tenant.clerkAK.id, schedule: everyDay },
      ],
      [
        'POST',
        '/api/v1/admin/appointment-clerks',
        { officeId: tenant.office.id, personId: 999999999, schedule: everyDay },
      ],
      [
        'POST',
        '/api/v1/admin/appointment-clerks',
        { officeId: tenant.office.id, personId: other.clerkAK.id, schedule: everyDay, letters: ['K', 'A'] },
      ],
      ['PUT', `/api/v1/admin/appointment-clerks/${tenant.clerks.ak}`, { deputyClerkId: tenant.clerks.ak }],
      ['PUT', `/api/v1/admin/appointment-clerks/${tenant.clerks.ak}`, { deputyClerkId: other.clerks.lz }],
      ['PUT', `/api/v1/admin/appointment-services/${tenant.service.id}`, { horizonDays: 0 }],
      ['PUT', '/api/v1/admin/appointment-offices/999999999', { name: 'Y' }],
    ] as const;
    for (const [method, url, payload] of bad) {
      const res = await admin({ method, url, payload });
      expect([400, 404, 409, 422], `${method} ${url} ${JSON.stringify(payload)} → ${res.body}`).toContain(
        res.statusCode,
      );
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    expect(await offices()).toBe(before);
    expect(await writtenByAdmin()).toBe(0);
    const unchanged = await admin({ url: `/api/v1/admin/appointment-services?officeId=${tenant.office.id}` });
    expect(unchanged.json().items.map((s: { clerkIds: number[] }) => s.clerkIds)).toEqual([
      [tenant.clerks.ak, tenant.clerks.lz],
      [tenant.clerks.ak, tenant.clerks.lz],
    ]);

    // not an administrator: 403 (also for a clerk of the office)
    const clerk = as(t.app, await signIn(t.app, tenant.clerkAK.login));
    const { request: someone } = await signedIn();
    for (const request of [clerk, someone]) {
      expect((await request({ url: '/api/v1/admin/appointment-offices' })).statusCode).toBe(403);
      const post = await request({
        method: 'POST',
        url: '/api/v1/admin/appointment-offices',
        payload: { name: 'Heimlich', openingHours: everyDay },
      });
      expect(post.statusCode).toBe(403);
      const put = await request({
        method: 'PUT',
        url: `/api/v1/admin/appointment-services/${tenant.service.id}`,
        payload: { active: false },
      });
      expect(put.statusCode).toBe(403);
    }
    expect((await t.app.inject({ url: '/api/v1/admin/appointment-clerks' })).statusCode).toBe(401);
  });
});

describe('appointment admin API in OpenAPI', () => {
  it('documents the admin and statistics routes', async () => {
    const res = await t.app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    for (const path of [
      '/api/v1/admin/appointment-offices',
      '/api/v1/admin/appointment-offices/{id}',
      '/api/v1/admin/appointment-services',
      '/api/v1/admin/appointment-clerks/{id}',
      '/api/v1/appointments/statistics',
      '/api/v1/appointments/statistics.csv',
    ])
      expect(paths).toContain(path);
  });
});

describe('appointment statistics', () => {
  it('counts bookings, cancellations, no-shows, done, lead time and utilisation per concern; CSV; clerks of the office only', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    // Mon 2 – Fri 6 March 2026, office open 08–12, two clerks: 2 × 5 × 240 = 2400 offered minutes
    let n = 0;
    const appointment = async (
      starts: string,
      status: 'confirmed' | 'cancelled' | 'done' | 'noShow' | 'expired',
      confirmed: string | null,
      clerkId = tenant.clerks.ak,
      serviceId = tenant.service.id,
      minutes = 45,
    ) => {
      const startsAt = new Date(starts);
      const endsAt = new Date(startsAt.getTime() + minutes * 60_000);
      const row = await t.ctx.db
        .insertInto('appointments')
        .values({
          booking_number: `ST-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}-${n++}`,
          office_id: tenant.office.id,
          clerk_id: clerkId,
          mode: 'inPerson',
          starts_at: startsAt,
          ends_at: endsAt,
          blocked_until: endsAt,
          status,
          hold_expires_at: startsAt,
          citizen_name: 'Erika Mustermann',
          locale: 'de',
          confirmed_at: confirmed ? new Date(confirmed) : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.ctx.db
        .insertInto('appointment_items')
        .values({ appointment_id: row.id, service_id: serviceId })
        .execute();
    };
    await appointment('2026-03-02T09:00:00+01:00', 'done', '2026-02-28T09:00:00+01:00'); // 48 h
    await appointment('2026-03-03T09:00:00+01:00', 'noShow', '2026-03-02T09:00:00+01:00'); // 24 h
    await appointment('2026-03-04T09:00:00+01:00', 'cancelled', '2026-03-03T21:00:00+01:00'); // 12 h
    await appointment('2026-03-05T09:00:00+01:00', 'confirmed', '2026-03-04T21:00:00+01:00'); // 12 h
    await appointment('2026-03-06T09:00:00+01:00', 'expired', null); // never booked
    await appointment('2026-03-09T09:00:00+01:00', 'confirmed', '2026-03-01T09:00:00+01:00'); // outside
    await appointment(
      '2026-03-05T10:00:00+01:00',
      'done',
      '2026-03-05T08:00:00+01:00',
      tenant.clerks.lz,
      tenant.phoneOnly.id,
      15,
    ); // 2 h
    // Lars Lange is away on Monday morning: 240 minutes less on offer
    await t.ctx.db
      .insertInto('appointment_absences')
      .values({
        clerk_id: tenant.clerks.lz,
        starts_at: new Date('2026-03-02T08:00:00+01:00'),
        ends_at: new Date('2026-03-02T12:00:00+01:00'),
        kind: 'vacation',
        source: 'manual',
      })
      .execute();

    const { request: admin } = await signedIn([{ role: 'admin' }]);
    const url = `/api/v1/appointments/statistics?officeId=${tenant.office.id}&from=2026-03-02&to=2026-03-06`;
    const res = await admin({ url });
    expect(res.statusCode, res.body).toBe(200);
    const stats = res.json();
    const wohngeld = stats.items.find((i: { serviceId: number }) => i.serviceId === tenant.service.id);
    expect(wohngeld).toEqual({
      serviceId: tenant.service.id,
      serviceNameDe: 'Wohngeld Erstberatung',
      serviceNameEn: 'Housing benefit first consultation',
      bookings: 4,
      cancellations: 1,
      noShows: 1,
      done: 1,
      averageLeadTimeHours: 24,
      bookedMinutes: 135,
      offeredMinutes: 2160,
      utilisation: 0.063,
    });
    const phone = stats.items.find((i: { serviceId: number }) => i.serviceId === tenant.phoneOnly.id);
    expect(phone).toMatchObject({ bookings: 1, done: 1, averageLeadTimeHours: 2, bookedMinutes: 15 });
    expect(stats.total).toMatchObject({
      serviceId: null,
      bookings: 5,
      cancellations: 1,
      noShows: 1,
      done: 2,
      averageLeadTimeHours: 19.6,
      bookedMinutes: 150,
      offeredMinutes: 2160,
    });
    expect(JSON.stringify(stats)).not.toContain('Mustermann');

    // a clerk of the office may read them, a stranger may not
    const clerk = as(t.app, await signIn(t.app, tenant.clerkLZ.login));
    expect((await clerk({ url })).statusCode).toBe(200);
    const { request: someone } = await signedIn();
    expect((await someone({ url })).statusCode).toBe(403);
    const csv = await clerk({ url: url.replace('statistics?', 'statistics.csv?') });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe(
      'serviceId;serviceNameDe;serviceNameEn;bookings;cancellations;noShows;done;averageLeadTimeHours;bookedMinutes;offeredMinutes;utilisation',
    );
    expect(lines).toContain(
      `${tenant.service.id};Wohngeld Erstberatung;Housing benefit first consultation;4;1;1;1;24;135;2160;0.063`,
    );
    expect(lines.at(-1)).toMatch(/^;Alle Anliegen;All concerns;5;1;1;2;19.6;150;2160;/);
    expect(csv.body).not.toContain('Mustermann');

    // bad ranges
    for (const query of [
      'from=2026-03-06&to=2026-03-02',
      'from=2026-02-30&to=2026-03-02',
      'from=2020-01-01&to=2026-01-01',
    ])
      expect([400, 422], query).toContain(
        (await admin({ url: `/api/v1/appointments/statistics?officeId=${tenant.office.id}&${query}` }))
          .statusCode,
      );
    expect(
      (
        await admin({
          url: '/api/v1/appointments/statistics?officeId=999999999&from=2026-03-02&to=2026-03-06',
        })
      ).statusCode,
    ).toBe(404);
  });
});

describe('appointment statistics CSV', () => {
  it('keeps a concern name that is a spreadsheet formula text, numbers stay numbers', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const formula = '=HYPERLINK("http://x.example","Termin")';
    await t.ctx.db
      .updateTable('appointment_services')
      .set({ name_de: formula, name_en: '@SUM(A1:A9)' })
      .where('id', '=', tenant.service.id)
      .execute();
    const { request: admin } = await signedIn([{ role: 'admin' }]);
    const csv = await admin({
      url: `/api/v1/appointments/statistics.csv?officeId=${tenant.office.id}&from=2026-03-02&to=2026-03-06`,
    });
    expect(csv.statusCode, csv.body).toBe(200);
    const line = csv.body.split('\n').find((l) => l.startsWith(`${tenant.service.id};`));
    expect(line).toMatch(
      /^\d+;"'=HYPERLINK\(""http:\/\/x\.example"",""Termin""\)";'@SUM\(A1:A9\);0;0;0;0;;0;\d+;0$/,
    );
  });
});
