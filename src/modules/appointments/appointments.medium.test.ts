import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';
import { applyRetention } from './commands/apply-retention';
import { expireHolds } from './commands/expire-holds';
import { sendReminders } from './commands/send-reminders';
import {
  buildAppointmentTenant,
  freshIp,
  openAppointmentMailbox,
  postHold,
  slotsAhead,
  solvedAltcha,
} from './test-fixtures';

let t: TestContext;
let mailbox: Awaited<ReturnType<typeof openAppointmentMailbox>>;
beforeAll(async () => {
  t = await openTestContext();
  mailbox = await openAppointmentMailbox(t.ctx.db);
});
afterAll(async () => {
  await mailbox.close();
  await t.close();
});
const deliverMailsOf = (bookingNumber: string) => mailbox.deliver(bookingNumber);

type Tenant = Awaited<ReturnType<typeof buildAppointmentTenant>>;

async function firstSlots(tenant: Tenant, mode = 'video', extra = '') {
  const res = await t.app.inject({
    url: `/api/v1/public/slots?serviceId=${tenant.service.id}&mode=${mode}${extra}${slotsAhead(extra)}`,
  });
  expect(res.statusCode).toBe(200);
  return res.json().items as Array<{ startsAt: string; endsAt: string }>;
}

async function hold(
  tenant: Tenant,
  startsAt: string,
  overrides: Record<string, unknown> = {},
  ip = freshIp(),
) {
  return postHold(
    t.app,
    tenant,
    { mode: 'video', startsAt, ...overrides },
    { ip, headers: { 'accept-language': 'de-DE,de;q=0.9' } },
  );
}

const linkIn = (text: string, path: string) => {
  const match = new RegExp(`https?://\\S+${path}/(\\S+)`).exec(text);
  if (!match) throw new Error(`no ${path} link in ${text}`);
  return new URL(match[0]).pathname;
};

describe('public appointment booking', () => {
  it('lists offices and services with their modes, and slots next free first', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const offices = (await t.app.inject({ url: '/api/v1/public/offices' })).json().items;
    expect(offices.map((o: { id: number }) => o.id)).toContain(tenant.office.id);
    const services = await t.app.inject({ url: `/api/v1/public/offices/${tenant.office.id}/services` });
    expect(services.statusCode).toBe(200);
    const wohngeld = services.json().items.find((s: { id: number }) => s.id === tenant.service.id);
    expect(wohngeld).toMatchObject({
      name: 'Wohngeld Erstberatung',
      durationMinutes: 45,
      modes: ['inPerson', 'phone', 'video'],
      bySurname: true, // A–K and L–Z: the booking page asks for the surname before showing slots
    });
    const english = await t.app.inject({
      url: `/api/v1/public/offices/${tenant.office.id}/services`,
      headers: { 'accept-language': 'en' },
    });
    expect(english.json().items[0].name).toBe('Housing benefit first consultation');

    const slots = await firstSlots(tenant);
    expect(slots.length).toBeGreaterThan(10);
    const starts = slots.map((s) => Date.parse(s.startsAt));
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    expect(starts[0]).toBeGreaterThan(Date.now());
    // 45 minutes each, inside 08:00–12:00 local
    const first = new Date(slots[0].startsAt);
    expect(Date.parse(slots[0].endsAt) - first.getTime()).toBe(45 * 60_000);
    expect(first.getHours()).toBeGreaterThanOrEqual(8);
    expect(first.getHours() * 60 + first.getMinutes() + 45).toBeLessThanOrEqual(12 * 60);

    const wrongMode = await t.app.inject({
      url: `/api/v1/public/slots?serviceId=${tenant.phoneOnly.id}&mode=video`,
    });
    expect(wrongMode.statusCode).toBe(422);
    expect(wrongMode.headers['content-type']).toContain('application/problem+json');
  });

  it('holds, confirms by POST only (a GET of the link changes nothing), mails the .ics and invites the clerk', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const [slot] = await firstSlots(tenant);
    const res = await hold(tenant, slot.startsAt);
    expect(res.statusCode).toBe(201);
    const { bookingNumber, status, holdExpiresAt } = res.json();
    expect(bookingNumber).toMatch(/^T\d{4}-\d{6}$/);
    expect(status).toBe('held');
    expect(Date.parse(holdExpiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);

    // the slot is gone for the L–Z clerk (Mustermann) but the A–K clerk is still free
    const again = await firstSlots(tenant, 'video', '&surname=Mustermann');
    expect(again.map((s) => s.startsAt)).not.toContain(slot.startsAt);
    expect((await firstSlots(tenant, 'video', '&surname=Becker')).map((s) => s.startsAt)).toContain(
      slot.startsAt,
    );

    const [request] = await deliverMailsOf(bookingNumber);
    expect(request.parsed.subject).toContain('Bitte bestätigen');
    const confirmPath = linkIn(request.parsed.text ?? '', '/termine/bestaetigen');
    // status lookup with booking number and the code of the mail
    const code = /Code ([A-Z0-9]{10})/.exec(request.parsed.text ?? '')?.[1];
    const lookup = await t.app.inject({ url: `/api/v1/public/appointments/${bookingNumber}?code=${code}` });
    expect(lookup.statusCode).toBe(200);
    expect(lookup.json()).toMatchObject({
      bookingNumber,
      status: 'held',
      mode: 'video',
      services: ['Wohngeld Erstberatung'],
    });
    const guessed = await t.app.inject({
      url: `/api/v1/public/appointments/${bookingNumber}?code=AAAAAAAAAA`,
    });
    expect(guessed.statusCode).toBe(404);

    const page = await t.app.inject({ url: confirmPath });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<form method="post">');
    expect(page.body).toContain(bookingNumber);
    const stillHeld = await t.ctx.db
      .selectFrom('appointments')
      .select(['status', 'clerk_id'])
      .where('booking_number', '=', bookingNumber)
      .executeTakeFirstOrThrow();
    expect(stillHeld.status).toBe('held');
    expect(stillHeld.clerk_id).toBe(tenant.clerks.lz);

    const confirmed = await t.app.inject({ method: 'POST', url: confirmPath });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain('Termin bestätigt');
    const reused = await t.app.inject({
      method: 'POST',
      url: confirmPath,
      headers: { accept: 'application/json' },
    });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().code).toBe('appointmentAlreadyConfirmed');

    const mails = await deliverMailsOf(bookingNumber);
    const citizen = mails.find((m) => m.envelopeTo[0] !== `${tenant.clerkLZ.login}@example.org`);
    const clerk = mails.find((m) => m.envelopeTo[0] === `${tenant.clerkLZ.login}@example.org`);
    expect(citizen?.parsed.subject).toContain('Terminbestätigung');
    expect(citizen?.parsed.text).toContain('Mietvertrag');
    expect(citizen?.parsed.text).toMatch(/Videolink: https:\/\/meet\.musterstadt\.example\/amtsdesk-\w+/);
    expect(citizen?.parsed.text).toContain('/termine/absagen/');
    expect(citizen?.parsed.text).toMatch(
      /Unterlagen vorab hochladen .*\/termine\/unterlagen\/T\d{4}-\d{6}\.[\w-]{43}/,
    );
    const citizenIcs = citizen?.raw.toString() ?? '';
    expect(citizenIcs).toMatch(/method=REQUEST/i);
    const clerkIcs =
      clerk?.parsed.attachments.find((a) => a.contentType.startsWith('text/calendar'))?.content.toString() ??
      '';
    expect(clerkIcs).toContain('METHOD:REQUEST');
    expect(clerkIcs).toMatch(/UID:appointment-\d+@/);
    expect(clerkIcs).toContain('SEQUENCE:0');
    expect(clerkIcs).toContain('BEGIN:VTIMEZONE');
    const local = new Date(slot.startsAt);
    const pad = (n: number) => String(n).padStart(2, '0');
    expect(clerkIcs).toContain(
      `DTSTART;TZID=Europe/Berlin:${local.getFullYear()}${pad(local.getMonth() + 1)}${pad(local.getDate())}T${pad(local.getHours())}${pad(local.getMinutes())}00`,
    );

    // the clerk sees it in the day view
    const asClerk = as(t.app, await signIn(t.app, tenant.clerkLZ.login));
    const day = `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
    const mine = await asClerk({ url: `/api/v1/appointments/mine?date=${day}` });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items).toEqual([
      expect.objectContaining({
        bookingNumber,
        status: 'confirmed',
        mode: 'video',
        services: ['Wohngeld Erstberatung'],
      }),
    ]);

    // cancel: GET shows a page, POST cancels, the clerk gets METHOD:CANCEL with a higher SEQUENCE
    const cancelPath = linkIn(citizen?.parsed.text ?? '', '/termine/absagen');
    expect((await t.app.inject({ url: cancelPath })).body).toContain('Termin absagen');
    expect(
      (
        await t.ctx.db
          .selectFrom('appointments')
          .select('status')
          .where('booking_number', '=', bookingNumber)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('confirmed');
    const cancelled = await t.app.inject({
      method: 'POST',
      url: cancelPath,
      headers: { accept: 'application/json' },
    });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    const afterCancel = await deliverMailsOf(bookingNumber);
    const cancelIcs = afterCancel
      .find((m) => m.envelopeTo[0] === `${tenant.clerkLZ.login}@example.org`)
      ?.parsed.attachments.find((a) => a.contentType.startsWith('text/calendar'))
      ?.content.toString();
    expect(cancelIcs).toContain('METHOD:CANCEL');
    expect(cancelIcs).toContain('SEQUENCE:1');
    expect(cancelIcs?.match(/UID:\S+/)?.[0]).toBe(clerkIcs.match(/UID:\S+/)?.[0]);
  });

  it('refuses bad input with clear 4xx in the citizen language and writes nothing', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const [slot] = await firstSlots(tenant);
    const count = async () =>
      Number(
        (
          await t.ctx.db
            .selectFrom('appointments')
            .select(sql<number>`count(*)`.as('n'))
            .where('office_id', '=', tenant.office.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const past = await hold(tenant, '2020-01-07T09:00:00+01:00');
    expect(past.statusCode).toBe(422);
    expect(past.json().code).toBe('appointmentSlotInPast');
    expect(past.json().detail).toContain('Vergangenheit');
    const d = new Date(slot.startsAt);
    const evening = new Date(d.getFullYear(), d.getMonth(), d.getDate(), 19, 0);
    const outside = await hold(tenant, evening.toISOString(), {}, freshIp());
    expect(outside.statusCode).toBe(422);
    expect(outside.json().code).toBe('appointmentSlotUnavailable');
    const mode = await hold(tenant, slot.startsAt, { serviceId: tenant.phoneOnly.id });
    expect(mode.statusCode).toBe(422);
    expect(mode.json().code).toBe('appointmentModeNotOffered');
    const email = await hold(tenant, slot.startsAt, { email: 'not-an-address' });
    expect(email.statusCode).toBe(400);
    const english = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/appointments',
      remoteAddress: freshIp(),
      headers: { 'accept-language': 'en' },
      payload: {
        serviceId: tenant.service.id,
        mode: 'video',
        startsAt: slot.startsAt,
        name: 'Bo Bell',
        email: 'bo@example.org',
        altcha: 'bm9wZQ==',
      },
    });
    expect(english.statusCode).toBe(422);
    expect(english.json().detail).toBe('The security check failed. Please reload the page.');
    expect(await count()).toBe(0);

    // a solved challenge counts once
    const altcha = await solvedAltcha(t.app);
    const first = await hold(tenant, slot.startsAt, { altcha });
    expect(first.statusCode).toBe(201);
    const replay = await hold(tenant, slot.startsAt, { altcha, name: 'Bernd Becker' });
    expect(replay.statusCode).toBe(422);
    expect(replay.json().code).toBe('altchaReplayed');
    // same slot, same letter range → taken
    const taken = await hold(tenant, slot.startsAt, { name: 'Max Müller' });
    expect(taken.statusCode).toBe(409);
    expect(taken.headers['content-type']).toContain('application/problem+json');
    expect(taken.json().code).toBe('appointmentSlotTaken');
    expect(await count()).toBe(1);
  });

  it('rate-limits holds per IP address with 429', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const slots = await firstSlots(tenant);
    const ip = freshIp();
    await t.ctx.db
      .insertInto('appointment_hold_attempts')
      .values(Array.from({ length: 20 }, (_, i) => ({ ip, email: `x${i}@example.org`, held: true })))
      .execute();
    const res = await hold(tenant, slots[3].startsAt, {}, ip);
    expect(res.statusCode).toBe(429);
    expect(res.json().code).toBe('appointmentRateLimited');
  });

  it('counts name+tag@ as name@ for the per-e-mail limits, and keeps the address as typed', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    // slots far enough apart that one clerk could take them all
    const picked: string[] = [];
    for (const s of await firstSlots(tenant, 'video', '&days=14'))
      if (!picked.length || Date.parse(s.startsAt) >= Date.parse(picked.at(-1) as string) + 7_200_000)
        picked.push(s.startsAt);
    expect(picked.length).toBeGreaterThanOrEqual(7);
    const local = `sb${Math.random().toString(36).slice(2, 10)}`;
    // max_open_per_email (3): three tagged addresses, then the fourth is one too many
    for (let i = 0; i < 3; i++) {
      const res = await hold(tenant, picked[i], { email: `${local}+${i + 1}@x.example` });
      expect(res.statusCode, res.body).toBe(201);
    }
    const fourth = await hold(tenant, picked[3], { email: `${local.toUpperCase()}+4@x.example` });
    expect(fourth.statusCode, fourth.body).toBe(429);
    expect(fourth.json().code).toBe('appointmentTooManyOpen');
    const stored = await t.ctx.db
      .selectFrom('appointments')
      .select('citizen_email')
      .where('citizen_email', 'like', `${local}%`)
      .orderBy('citizen_email')
      .execute();
    expect(stored.map((r) => r.citizen_email)).toEqual([1, 2, 3].map((i) => `${local}+${i}@x.example`));
    // holds per e-mail per hour (5): with the three holds gone, two more, then the hourly quota is used up
    await t.ctx.db
      .updateTable('appointments')
      .set({ status: 'expired' })
      .where('citizen_email', 'like', `${local}%`)
      .execute();
    for (const [i, email] of [`${local}@x.example`, `${local}+5@x.example`].entries()) {
      const res = await hold(tenant, picked[4 + i], { email });
      expect(res.statusCode, res.body).toBe(201);
    }
    const sixth = await hold(tenant, picked[6], { email: `${local}+6@x.example` });
    expect(sixth.statusCode, sixth.body).toBe(429);
    expect(sixth.json().code).toBe('appointmentRateLimited');
  });

  it('answers 429 to an address that keeps sending requests without a valid proof of work', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const [slot] = await firstSlots(tenant);
    const ip = freshIp();
    const codes: number[] = [];
    for (let i = 0; i < 32; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/public/appointments',
        remoteAddress: ip,
        payload: {
          serviceId: tenant.service.id,
          mode: 'video',
          startsAt: slot.startsAt,
          name: 'Bot',
          email: `bot${i}@example.org`,
          altcha: 'e30=',
        },
      });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 30).every((c) => c === 422)).toBe(true);
    expect(codes.slice(30)).toEqual([429, 429]);
  });

  it('takes plain dates as search bounds (local midnight)', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const [slot] = await firstSlots(tenant);
    const d = new Date(slot.startsAt);
    const day = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const res = await t.app.inject({
      url: `/api/v1/public/slots?serviceId=${tenant.service.id}&mode=phone&from=${day}&to=${day}T12:00:00`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().items[0].startsAt).toBe(slot.startsAt);
    expect(
      res.json().items.every((s: { startsAt: string }) => new Date(s.startsAt).getDate() === d.getDate()),
    ).toBe(true);
  });

  it('lets unconfirmed holds expire and frees the slot; an expired confirm link answers 410', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const [slot] = await firstSlots(tenant);
    const res = await hold(tenant, slot.startsAt);
    const { bookingNumber } = res.json();
    const [request] = await deliverMailsOf(bookingNumber);
    const confirmPath = linkIn(request.parsed.text ?? '', '/termine/bestaetigen');
    await t.ctx.db
      .updateTable('appointments')
      .set({ hold_expires_at: new Date(Date.now() - 1000) })
      .where('booking_number', '=', bookingNumber)
      .execute();
    // the slot is offered again at once, before the job ran
    expect((await firstSlots(tenant, 'video', '&surname=Mustermann')).map((s) => s.startsAt)).toContain(
      slot.startsAt,
    );
    const late = await t.app.inject({
      method: 'POST',
      url: confirmPath,
      headers: { accept: 'application/json' },
    });
    expect(late.statusCode).toBe(410);
    expect(await expireHolds(t.ctx)).toBeGreaterThanOrEqual(0);
    // and someone else can hold it (the stale hold does not block the constraint)
    expect((await hold(tenant, slot.startsAt)).statusCode).toBe(201);
  });

  it('sends the reminder the day before once and anonymises past appointments after the retention period', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const slots = await firstSlots(tenant);
    const res = await hold(tenant, slots[0].startsAt);
    const { bookingNumber } = res.json();
    const [request] = await deliverMailsOf(bookingNumber);
    await t.app.inject({ method: 'POST', url: linkIn(request.parsed.text ?? '', '/termine/bestaetigen') });
    await deliverMailsOf(bookingNumber);
    // The reminder run is a sweep over all confirmed appointments of "tomorrow". The first free slot
    // is the same day for every test file, so on the shared PostgreSQL database a run for that day
    // would remind (and mail) other files' appointments. Move this one, the same time of day, to a
    // random day decades ahead that no other test books, and remind the day before that.
    const days = 10_000 + Math.floor(Math.random() * 10_000);
    const shiftAhead = sql`interval '1 day' * ${days}`;
    await t.ctx.db
      .updateTable('appointments')
      .set({
        starts_at: sql`starts_at + ${shiftAhead}`,
        ends_at: sql`ends_at + ${shiftAhead}`,
        blocked_until: sql`blocked_until + ${shiftAhead}`,
      })
      .where('booking_number', '=', bookingNumber)
      .execute();
    const { starts_at: startsAt } = await t.ctx.db
      .selectFrom('appointments')
      .select('starts_at')
      .where('booking_number', '=', bookingNumber)
      .executeTakeFirstOrThrow();
    const dayBefore = new Date(startsAt.getFullYear(), startsAt.getMonth(), startsAt.getDate() - 1, 10, 0);
    expect(await sendReminders(t.ctx, dayBefore)).toBe(1);
    expect(await sendReminders(t.ctx, dayBefore)).toBe(0);
    const [reminder] = await deliverMailsOf(bookingNumber);
    expect(reminder.parsed.subject).toContain('Erinnerung');
    expect(reminder.parsed.text).toContain('/termine/absagen/');

    // move it 100 days into the past (a sweeping "now" would anonymise other test files' rows)
    const shift = sql`interval '1 day' * ${Math.ceil((startsAt.getTime() - Date.now()) / 86_400_000) + 100}`;
    await t.ctx.db
      .updateTable('appointments')
      .set({
        starts_at: sql`starts_at - ${shift}`,
        ends_at: sql`ends_at - ${shift}`,
        blocked_until: sql`blocked_until - ${shift}`,
      })
      .where('booking_number', '=', bookingNumber)
      .execute();
    // a sweep as well: another file's run may anonymise it first, so the row is what counts
    await applyRetention(t.ctx);
    const row = await t.ctx.db
      .selectFrom('appointments')
      .selectAll()
      .where('booking_number', '=', bookingNumber)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      citizen_name: '',
      citizen_email: null,
      citizen_phone: null,
      status: 'confirmed',
    });
    expect(row.anonymised_at).not.toBeNull();
  });
});
