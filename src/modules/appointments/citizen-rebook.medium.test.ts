import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';
import { buildPerson } from '../org/builders';
import { findSlots, loadBookableServices, loadSlotClerks } from './availability';
import { buildClerk } from './builders';
import { applyRetention } from './commands/apply-retention';
import { MAX_CITIZEN_MOVES } from './commands/move-appointment';
import { reminderMail } from './mails';
import { loadAppointmentView } from './repository';
import {
  buildAppointmentTenant,
  icsOf,
  markBegun,
  openAppointmentMailbox,
  postHold,
  slotsAhead,
} from './test-fixtures';

// Issue #7, citizen side: the citizen moves their own appointment through the link of the mail (a
// page whose GET changes nothing) or the API with booking number + code. Mails parsed as they arrive
// over SMTP; the anti-slot-trading block of vacated ranges; limits; races.
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
const form = (fields: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
});

async function publicSlots(tenant: Tenant, extra = '') {
  const res = await t.app.inject({
    url: `/api/v1/public/slots?serviceId=${tenant.service.id}&mode=inPerson${extra}${slotsAhead(extra)}`,
  });
  expect(res.statusCode).toBe(200);
  return (res.json().items as Array<{ startsAt: string }>).map((s) => s.startsAt);
}

/** Holds through the public API; returns the booking number and the code of the mail. */
async function hold(tenant: Tenant, startsAt: string, name: string) {
  const email = `c.${Math.random().toString(36).slice(2)}@example.org`;
  const res = await postHold(t.app, tenant, { startsAt, name, email });
  expect(res.statusCode).toBe(201);
  const { bookingNumber } = res.json() as { bookingNumber: string };
  const request = await t.ctx.db
    .selectFrom('outbound_mail')
    .select('text_body')
    .where('kind', '=', 'appointment.confirmationRequest')
    .where('subject', 'like', `%${bookingNumber}%`)
    .executeTakeFirstOrThrow();
  const code = /Code ([A-Z0-9]{10})/.exec(request.text_body)?.[1] ?? '';
  const confirmPath = new URL(/https?:\/\/\S+\/termine\/bestaetigen\/\S+/.exec(request.text_body)?.[0] ?? '')
    .pathname;
  const { id } = await t.ctx.db
    .selectFrom('appointments')
    .select('id')
    .where('booking_number', '=', bookingNumber)
    .executeTakeFirstOrThrow();
  return { id, bookingNumber, email, code, confirmPath };
}

/** Books and confirms; returns the move link of the confirmation mail too. All mails so far: sent. */
async function bookConfirmed(tenant: Tenant, startsAt: string, name = 'Erika Mustermann') {
  const held = await hold(tenant, startsAt, name);
  expect((await t.app.inject({ method: 'POST', url: held.confirmPath })).statusCode).toBe(200);
  const confirmation = await t.ctx.db
    .selectFrom('outbound_mail')
    .select('text_body')
    .where('kind', '=', 'appointment.confirmation')
    .where('subject', 'like', `%${held.bookingNumber}%`)
    .executeTakeFirstOrThrow();
  const movePath = new URL(/Termin verschieben: (\S+)/.exec(confirmation.text_body)?.[1] ?? '').pathname;
  await t.ctx.db
    .updateTable('outbound_mail')
    .set({ state: 'sent' })
    .where('subject', 'like', `%${held.bookingNumber}%`)
    .execute();
  return { ...held, movePath, confirmationText: confirmation.text_body };
}

const row = (id: number) =>
  t.ctx.db
    .selectFrom('appointments')
    .select(['clerk_id', 'starts_at', 'mode', 'status', 'ics_sequence', 'citizen_moves'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
const pendingMails = async (bookingNumber: string) =>
  Number(
    (
      await t.ctx.db
        .selectFrom('outbound_mail')
        .select(sql<number>`count(*)`.as('n'))
        .where('subject', 'like', `%${bookingNumber}%`)
        .where('state', '=', 'pending')
        .executeTakeFirstOrThrow()
    ).n,
  );
const radios = (html: string) => [...html.matchAll(/name="startsAt" value="([^"]+)"/g)].map((m) => m[1]);
const apiMove = (bookingNumber: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: `/api/v1/public/appointments/${bookingNumber}/rebook`, payload });
const iso = (s: string) => new Date(s).toISOString();
const otherDay = (slots: string[], than: string) =>
  slots.find((s) => new Date(s).getDate() !== new Date(than).getDate()) ?? '';

describe('the move page behind the link of the mail', () => {
  it('GET lists 20 free slots of the same concerns with a "later" page and the modes, and changes nothing', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const slots = await publicSlots(tenant, '&surname=Mustermann');
    const booked = await bookConfirmed(tenant, slots[0]);
    // the confirmation mail links the move page instead of "book another one"
    expect(booked.confirmationText).toMatch(/Termin verschieben: https?:\/\/\S+\/termine\/verschieben\/\S+/);
    expect(booked.confirmationText).not.toContain('Neuen Termin buchen');
    const before = await row(booked.id);

    const res = await t.app.inject({ url: booked.movePath });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-robots-tag']).toBe('noindex');
    const html = res.body;
    expect(html).toContain('<h1>Termin verschieben</h1>');
    expect(html).toContain(booked.bookingNumber);
    expect(html).toContain('<legend>Beratungsform</legend>');
    expect(html).toMatch(/id="mode-inPerson" name="mode" value="inPerson" checked/);
    expect(html).toContain(`noch ${MAX_CITIZEN_MOVES}-mal verschieben`);
    const offered = radios(html);
    expect(offered).toHaveLength(20);
    // next free first, the own time included (only a change of mode makes sense there)
    expect(offered.slice(0, 19)).toEqual(slots.slice(0, 19).map(iso));
    expect(html).toContain('bisherige Zeit');
    const later = /href="([^"]+from=[^"]+)">Spätere Termine anzeigen/.exec(html)?.[1] ?? '';
    const next = await t.app.inject({ url: later.replace(/&amp;/g, '&') });
    expect(next.statusCode).toBe(200);
    const nextOffered = radios(next.body);
    expect(new Date(nextOffered[0]).getTime()).toBeGreaterThan(new Date(offered[19]).getTime());
    expect(next.body).toContain('Zurück zu den nächsten freien Terminen');

    // opening the link (a mail scanner does) changed nothing
    expect(await row(booked.id)).toEqual(before);
    expect(await pendingMails(booked.bookingNumber)).toBe(0);
    // English by the appointment's language, or ?lang=en
    expect((await t.app.inject({ url: `${booked.movePath}?lang=en` })).body).toContain(
      '<h1>Move appointment</h1>',
    );
    // a made-up link
    const unknown = await t.app.inject({ url: '/termine/verschieben/not-a-real-token-at-all' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('role="alert"');
  });

  it('POST moves it: row, SEQUENCE, citizen .ics with the same UID, REQUEST to the same clerk, audit row by the citizen', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const slots = await publicSlots(tenant, '&surname=Mustermann');
    const booked = await bookConfirmed(tenant, slots[0]);
    const target = otherDay(slots, slots[0]);
    await t.ctx.db
      .updateTable('appointments')
      .set({ reminder_sent_at: new Date() })
      .where('id', '=', booked.id)
      .execute();

    const res = await t.app.inject({
      method: 'POST',
      url: booked.movePath,
      ...form({ startsAt: iso(target), mode: 'phone' }),
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Termin verschoben</h1>');
    expect(res.body).toContain('role="status"');
    expect(res.body).toContain(booked.bookingNumber);
    expect(res.body).toContain('telefonisch');
    const after = await row(booked.id);
    expect(after).toMatchObject({
      clerk_id: tenant.clerks.lz,
      mode: 'phone',
      ics_sequence: 1,
      citizen_moves: 1,
      status: 'confirmed',
    });
    expect(after.starts_at.toISOString()).toBe(iso(target));
    const reminder = await t.ctx.db
      .selectFrom('appointments')
      .select('reminder_sent_at')
      .where('id', '=', booked.id)
      .executeTakeFirstOrThrow();
    expect(reminder.reminder_sent_at).toBeNull();

    const mails = await deliverMailsOf(booked.bookingNumber);
    expect(mails).toHaveLength(2);
    const citizen = mails.find((m) => m.envelopeTo[0] === booked.email);
    const clerk = mails.find((m) => m.envelopeTo[0] === `${tenant.clerkLZ.login}@example.org`);
    expect(citizen?.parsed.subject).toContain('ist verschoben');
    expect(citizen?.parsed.text).toContain('Sie haben Ihren Termin verschoben.');
    expect(citizen?.parsed.text).not.toContain('wir mussten');
    expect(citizen?.parsed.text).toContain(`Termin verschieben: http`);
    const citizenIcs = icsOf(citizen);
    expect(citizenIcs.event.get('UID')?.value).toMatch(new RegExp(`^appointment-${booked.id}@`));
    expect(citizenIcs.event.get('SEQUENCE')?.value).toBe('1');
    const clerkIcs = icsOf(clerk);
    expect(clerkIcs.calendar.get('METHOD')?.value).toBe('REQUEST');
    expect(clerkIcs.event.get('UID')?.value).toBe(citizenIcs.event.get('UID')?.value);
    expect(clerkIcs.event.get('SEQUENCE')?.value).toBe('1');

    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['actor_id', 'before', 'after'])
      .where('entity_type', '=', 'appointment')
      .where('entity_id', '=', String(booked.id))
      .where('action', '=', 'appointments.rebook')
      .execute();
    expect(audit).toEqual([
      {
        actor_id: null,
        before: { startsAt: iso(slots[0]), mode: 'inPerson', clerkId: tenant.clerks.lz },
        after: { startsAt: iso(target), mode: 'phone', clerkId: tenant.clerks.lz, by: 'citizen' },
      },
    ]);
  });

  it('the vacated slot stays blocked like a cancelled one (default 30 min), and is offered again once the block is over', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const slots = await publicSlots(tenant, '&surname=Mustermann');
    const booked = await bookConfirmed(tenant, slots[0]);
    const target = otherDay(slots, slots[0]);
    expect((await apiMove(booked.bookingNumber, { code: booked.code, startsAt: target })).statusCode).toBe(
      200,
    );
    // right after the move: not offered to the citizens of that clerk's letter range, nor holdable
    expect(await publicSlots(tenant, '&surname=Mustermann')).not.toContain(slots[0]);
    const sniped = await postHold(t.app, tenant, { startsAt: slots[0], name: 'Max Müller' });
    expect(sniped.statusCode).toBe(409);
    // without the block (0 minutes) the range is free: the search with block 0 offers it
    const bookable = await loadBookableServices(t.ctx.db, [tenant.service.id], 'inPerson');
    const from = new Date(slots[0]);
    const to = new Date(from.getTime() + 3_600_000);
    const offered = (minutes: number) =>
      loadSlotClerks(t.ctx.db, [tenant.service.id], from, to, minutes).then((clerks) =>
        findSlots(t.ctx.config.land, bookable, clerks, { from, to, surnameInitial: 'M' }).map((s) =>
          s.startsAt.toISOString(),
        ),
      );
    expect(await offered(30)).not.toContain(iso(slots[0]));
    expect(await offered(0)).toContain(iso(slots[0]));
    // 31 minutes later (the default block is 30): offered again
    await t.ctx.db
      .updateTable('appointment_released_ranges')
      .set({ released_at: sql`now() - interval '31 minutes'` })
      .where('appointment_id', '=', booked.id)
      .execute();
    expect(await publicSlots(tenant, '&surname=Mustermann')).toContain(slots[0]);
  });

  it('the ranges an appointment vacated itself do not block its own next move (a shift by 15 minutes, then only the mode)', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const slots = await publicSlots(tenant, '&surname=Mustermann');
    const booked = await bookConfirmed(tenant, slots[0]);
    // 15 minutes later: the new range overlaps the vacated one
    expect((await apiMove(booked.bookingNumber, { code: booked.code, startsAt: slots[1] })).statusCode).toBe(
      200,
    );
    const list = await t.app.inject({
      url: `/api/v1/public/appointments/${booked.bookingNumber}/rebook-slots?code=${booked.code}&limit=3`,
    });
    expect(list.json().items[0]).toMatchObject({ startsAt: iso(slots[0]), current: false });
    expect(list.json().items[1]).toMatchObject({ startsAt: iso(slots[1]), current: true });
    const modeOnly = await apiMove(booked.bookingNumber, {
      code: booked.code,
      startsAt: slots[1],
      mode: 'video',
    });
    expect(modeOnly.statusCode).toBe(200);
    expect(modeOnly.json()).toMatchObject({ mode: 'video', movesLeft: MAX_CITIZEN_MOVES - 2 });
  });

  it('the retention job deletes vacated ranges older than a day and keeps the fresh ones', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const slots = await publicSlots(tenant, '&surname=Mustermann');
    const booked = await bookConfirmed(tenant, slots[0]);
    expect((await apiMove(booked.bookingNumber, { code: booked.code, startsAt: slots[8] })).statusCode).toBe(
      200,
    );
    expect((await apiMove(booked.bookingNumber, { code: booked.code, startsAt: slots[16] })).statusCode).toBe(
      200,
    );
    const ranges = () =>
      t.ctx.db
        .selectFrom('appointment_released_ranges')
        .select(['starts_at'])
        .where('appointment_id', '=', booked.id)
        .orderBy('starts_at')
        .execute();
    expect((await ranges()).map((r) => r.starts_at.toISOString())).toEqual([iso(slots[0]), iso(slots[8])]);
    await t.ctx.db
      .updateTable('appointment_released_ranges')
      .set({ released_at: sql`now() - interval '25 hours'` })
      .where('appointment_id', '=', booked.id)
      .where('starts_at', '=', new Date(slots[0]))
      .execute();
    await applyRetention(t.ctx);
    expect((await ranges()).map((r) => r.starts_at.toISOString())).toEqual([iso(slots[8])]);
  });

  it('takes another responsible clerk when the own one is not free: CANCEL to the old clerk, REQUEST to the new one', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    // a third clerk without a letter range (takes everyone)
    const person = await buildPerson(t.ctx.db, { orgUnitId: tenant.unit.id, name: 'Nora Neumann' });
    const third = await buildClerk(t.ctx.db, { officeId: tenant.office.id, personId: person.id });
    await t.ctx.db
      .insertInto('appointment_service_clerks')
      .values({ service_id: tenant.service.id, clerk_id: third.id })
      .execute();
    const slots = await publicSlots(tenant, '&surname=Mustermann');
    const booked = await bookConfirmed(tenant, slots[0]);
    expect((await row(booked.id)).clerk_id).toBe(tenant.clerks.lz);
    const target = otherDay(slots, slots[0]);
    // the own clerk is away at the new time
    await t.ctx.db
      .insertInto('appointment_absences')
      .values({
        clerk_id: tenant.clerks.lz,
        starts_at: new Date(new Date(target).getTime() - 3_600_000),
        ends_at: new Date(new Date(target).getTime() + 3_600_000),
        kind: 'training',
        source: 'manual',
      })
      .execute();
    const res = await apiMove(booked.bookingNumber, { code: booked.code, startsAt: target });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ startsAt: iso(target), movesLeft: MAX_CITIZEN_MOVES - 1 });
    expect((await row(booked.id)).clerk_id).toBe(third.id);
    const mails = await deliverMailsOf(booked.bookingNumber);
    expect(mails).toHaveLength(3);
    const old = mails.find((m) => m.envelopeTo[0] === `${tenant.clerkLZ.login}@example.org`);
    const fresh = mails.find((m) => m.envelopeTo[0] === `${person.login}@example.org`);
    expect(icsOf(old).calendar.get('METHOD')?.value).toBe('CANCEL');
    expect(icsOf(old).event.get('SEQUENCE')?.value).toBe('1');
    expect(icsOf(fresh).calendar.get('METHOD')?.value).toBe('REQUEST');
    expect(icsOf(fresh).event.get('UID')?.value).toBe(icsOf(old).event.get('UID')?.value);
  });

  it('refuses held, cancelled and begun appointments with 409, unknown links and wrong codes with 404', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const slots = await publicSlots(tenant, '&surname=Mustermann');

    const held = await hold(tenant, slots[0], 'Erika Mustermann');
    const heldSlots = await t.app.inject({
      url: `/api/v1/public/appointments/${held.bookingNumber}/rebook-slots?code=${held.code}`,
    });
    expect(heldSlots.statusCode).toBe(409);
    expect(heldSlots.json().code).toBe('appointmentMoveNotConfirmed');
    const heldMove = await apiMove(held.bookingNumber, { code: held.code, startsAt: slots[3] });
    expect(heldMove.statusCode).toBe(409);
    expect(heldMove.headers['content-type']).toContain('application/problem+json');
    expect(heldMove.json().code).toBe('appointmentMoveNotConfirmed');

    const cancelled = await bookConfirmed(tenant, slots[6]);
    const cancelPath = cancelled.movePath.replace('/verschieben/', '/absagen/');
    expect((await t.app.inject({ method: 'POST', url: cancelPath })).statusCode).toBe(200);
    const page = await t.app.inject({ url: cancelled.movePath });
    expect(page.statusCode).toBe(409);
    expect(page.body).toContain('bereits abgesagt');
    const post = await t.app.inject({
      method: 'POST',
      url: cancelled.movePath,
      ...form({ startsAt: iso(slots[10]) }),
    });
    expect(post.statusCode).toBe(409);
    expect((await row(cancelled.id)).status).toBe('cancelled');

    const begun = await bookConfirmed(tenant, slots[12]);
    await markBegun(t.ctx.db, begun.id);
    const late = await apiMove(begun.bookingNumber, { code: begun.code, startsAt: slots[14] });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('appointmentMoveBegun');

    const wrongCode = await apiMove(begun.bookingNumber, { code: 'ABCDEFGHIJ', startsAt: slots[14] });
    expect(wrongCode.statusCode).toBe(404);
    expect(wrongCode.json().code).toBe('appointmentNotFound');
    const wrongSlotsCode = await t.app.inject({
      url: `/api/v1/public/appointments/${begun.bookingNumber}/rebook-slots?code=ABCDEFGHIJ`,
    });
    expect(wrongSlotsCode.statusCode).toBe(404);
    const unknownLink = await t.app.inject({
      method: 'POST',
      url: '/termine/verschieben/not-a-real-token-at-all',
      ...form({ startsAt: iso(slots[14]) }),
    });
    expect(unknownLink.statusCode).toBe(404);
  });

  it('refuses a mode not offered (422 naming mode), a time within the lead time and no slot at all (422 naming startsAt)', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    // a lead time of a week (set before any search caches the concern)
    await t.ctx.db
      .updateTable('appointment_services')
      .set({ lead_time_minutes: 7 * 24 * 60 })
      .where('id', '=', tenant.service.id)
      .execute();
    const slots = await publicSlots(tenant, '&surname=Mustermann');
    expect(new Date(slots[0]).getTime()).toBeGreaterThan(Date.now() + 7 * 86_400_000 - 60_000);
    const booked = await bookConfirmed(tenant, slots[0]);
    const before = await row(booked.id);

    // phone-only concern booked by phone: video is not offered
    const phoneRes = await postHold(
      t.app,
      { service: tenant.phoneOnly },
      {
        startsAt: (
          await t.app.inject({
            url: `/api/v1/public/slots?serviceId=${tenant.phoneOnly.id}&mode=phone&surname=Mustermann`,
          })
        ).json().items[0].startsAt,
        mode: 'phone',
      },
    );
    expect(phoneRes.statusCode).toBe(201);
    const phoneNumber = phoneRes.json().bookingNumber as string;
    const request = await t.ctx.db
      .selectFrom('outbound_mail')
      .select('text_body')
      .where('kind', '=', 'appointment.confirmationRequest')
      .where('subject', 'like', `%${phoneNumber}%`)
      .executeTakeFirstOrThrow();
    const confirmPath = new URL(
      /https?:\/\/\S+\/termine\/bestaetigen\/\S+/.exec(request.text_body)?.[0] ?? '',
    ).pathname;
    expect((await t.app.inject({ method: 'POST', url: confirmPath })).statusCode).toBe(200);
    const phoneCode = /Code ([A-Z0-9]{10})/.exec(request.text_body)?.[1] ?? '';
    const video = await apiMove(phoneNumber, { code: phoneCode, startsAt: slots[4], mode: 'video' });
    expect(video.statusCode).toBe(422);
    expect(video.json().code).toBe('appointmentModeNotOffered');
    expect(video.json().errors).toEqual([expect.objectContaining({ field: 'body.mode' })]);
    const videoSlots = await t.app.inject({
      url: `/api/v1/public/appointments/${phoneNumber}/rebook-slots?code=${phoneCode}&mode=video`,
    });
    expect(videoSlots.statusCode).toBe(422);
    expect(videoSlots.json().errors).toEqual([expect.objectContaining({ field: 'querystring.mode' })]);

    // within the lead time: the clerk's rebook offers it (no lead time for clerks), the citizen may not
    const asLange = as(t.app, await signIn(t.app, tenant.clerkLZ.login));
    const clerkSlots = (
      await asLange({ url: `/api/v1/appointments/${booked.id}/rebook-slots?mode=inPerson` })
    ).json().items as Array<{ startsAt: string }>;
    const soon = clerkSlots.find(
      (s) => new Date(s.startsAt).getTime() < Date.now() + 7 * 86_400_000 - 3_600_000,
    );
    if (!soon) throw new Error('no slot within the lead time');
    const tooSoon = await apiMove(booked.bookingNumber, { code: booked.code, startsAt: soon.startsAt });
    expect(tooSoon.statusCode).toBe(422);
    expect(tooSoon.json().code).toBe('appointmentSlotUnavailable');
    expect(tooSoon.json().errors).toEqual([expect.objectContaining({ field: 'body.startsAt' })]);
    // not on the grid at all
    const offGrid = new Date(new Date(slots[3]).getTime() + 7 * 60_000).toISOString();
    const odd = await apiMove(booked.bookingNumber, { code: booked.code, startsAt: offGrid });
    expect(odd.statusCode).toBe(422);
    expect(odd.json().errors).toEqual([expect.objectContaining({ field: 'body.startsAt' })]);
    // the page shows the form again with the message as an alert, and the slots
    const onPage = await t.app.inject({
      method: 'POST',
      url: booked.movePath,
      ...form({ startsAt: soon.startsAt }),
    });
    expect(onPage.statusCode).toBe(422);
    expect(onPage.body).toMatch(/role="alert"[^>]*autofocus/);
    expect(radios(onPage.body).length).toBeGreaterThan(0);
    // no slot chosen
    const none = await t.app.inject({ method: 'POST', url: booked.movePath, ...form({ mode: 'inPerson' }) });
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('Bitte wählen Sie einen neuen Termin');
    expect(await row(booked.id)).toEqual(before);
  });
});

describe('the move API with booking number + code', () => {
  it('lists slots with the modes and moves at most three times (the fourth is 409)', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const slots = await publicSlots(tenant, '&surname=Mustermann');
    const booked = await bookConfirmed(tenant, slots[0]);
    const list = await t.app.inject({
      url: `/api/v1/public/appointments/${booked.bookingNumber}/rebook-slots?code=${booked.code.toLowerCase()}&limit=5`,
    });
    expect(list.statusCode).toBe(200);
    const body = list.json();
    expect(body).toMatchObject({
      bookingNumber: booked.bookingNumber,
      mode: 'inPerson',
      modes: ['inPerson', 'phone', 'video'],
      movesLeft: 3,
      more: true,
    });
    expect(body.items).toHaveLength(5);
    expect(body.items[0]).toEqual({ startsAt: iso(slots[0]), endsAt: expect.any(String), current: true });

    // unchanged: 422
    const same = await apiMove(booked.bookingNumber, { code: booked.code, startsAt: slots[0] });
    expect(same.statusCode).toBe(422);
    expect(same.json().code).toBe('appointmentMoveUnchanged');
    // three moves, each to a slot far from the ones vacated before (they stay blocked for 30 min)
    const targets = [slots[8], slots[16], slots[24]];
    for (const [i, startsAt] of targets.entries()) {
      const res = await apiMove(booked.bookingNumber, { code: booked.code, startsAt });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ startsAt: iso(startsAt), movesLeft: 2 - i, status: 'confirmed' });
    }
    const fourth = await apiMove(booked.bookingNumber, { code: booked.code, startsAt: slots[32] });
    expect(fourth.statusCode).toBe(409);
    expect(fourth.json().code).toBe('appointmentMoveLimitReached');
    expect(fourth.json().detail).toContain('3-mal');
    expect(await row(booked.id)).toMatchObject({ citizen_moves: 3, ics_sequence: 3 });
    expect((await row(booked.id)).starts_at.toISOString()).toBe(iso(slots[24]));
    // the page says so too (and offers no form)
    const page = await t.app.inject({ url: booked.movePath });
    expect(page.statusCode).toBe(409);
    expect(page.body).not.toContain('name="startsAt"');
  });

  it('two appointments moved to the same slot at once: exactly one wins, the other gets 409 appointmentSlotTaken', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const slots = await publicSlots(tenant, '&surname=Mustermann');
    // both L–Z: only clerk Lange can take them
    const a = await bookConfirmed(tenant, slots[0], 'Erika Mustermann');
    const b = await bookConfirmed(tenant, slots[4], 'Max Müller');
    const target = slots[12];
    const results = await Promise.all([
      apiMove(a.bookingNumber, { code: a.code, startsAt: target }),
      apiMove(b.bookingNumber, { code: b.code, startsAt: target }),
    ]);
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, 409]);
    const loser = results.find((r) => r.statusCode === 409);
    expect(loser?.json().code).toBe('appointmentSlotTaken');
    const rows = await Promise.all([row(a.id), row(b.id)]);
    expect(rows.filter((r) => r.starts_at.toISOString() === iso(target))).toHaveLength(1);
    expect(rows.map((r) => r.citizen_moves).sort()).toEqual([0, 1]);
  });

  it('is documented in OpenAPI with the code, mode and range parameters and the body fields', async () => {
    const res = await t.app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths;
    const slots = paths['/api/v1/public/appointments/{bookingNumber}/rebook-slots'].get;
    expect(slots.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['bookingNumber', 'code', 'mode', 'from', 'to']),
    );
    const rebook = paths['/api/v1/public/appointments/{bookingNumber}/rebook'].post;
    const body = rebook.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties)).toEqual(['code', 'startsAt', 'mode']);
    expect(Object.keys(rebook.responses)).toContain('200');
  });

  it('the reminder carries the move link next to the cancel link', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const slots = await publicSlots(tenant, '&surname=Mustermann');
    const booked = await bookConfirmed(tenant, slots[0]);
    const view = await loadAppointmentView(t.ctx.db, booked.id);
    const mail = reminderMail(view, 'https://x/termine/absagen/abc', 'https://x/termine/verschieben/abc');
    expect(mail.text).toContain('sagen Sie bitte ab: https://x/termine/absagen/abc');
    expect(mail.text).toContain('Termin verschieben: https://x/termine/verschieben/abc');
  });
});
