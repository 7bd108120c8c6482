import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { berlinToInstant } from '../../../test/helpers/ics';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';
import { buildOrgUnit, buildPerson } from '../org/builders';
import { buildClerk, buildOffice } from './builders';
import { buildAppointmentTenant, icsOf, openAppointmentMailbox, postHold, slotsAhead } from './test-fixtures';

// The clerk side of issue #7: rebook, forward (with the mails parsed as they arrive over SMTP),
// who may do it, and the week view across a DST switch.
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
const pad = (n: number) => String(n).padStart(2, '0');
const localStamp = (d: Date) =>
  `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}T${pad(d.getHours())}${pad(d.getMinutes())}00`;

/**
 * The next switch of summer time in Berlin after `after` (last Sunday of March: to summer time; last
 * Sunday of October: back to winter time), as the UTC midnight of that Sunday — at most seven months
 * ahead, within a concern's longest horizon (366 days).
 */
function nextTimeSwitch(after: Date): { sunday: Date; toSummer: boolean } {
  const lastSunday = (y: number, month: number) => {
    const last = new Date(Date.UTC(y, month + 1, 0));
    return new Date(Date.UTC(y, month, last.getUTCDate() - last.getUTCDay()));
  };
  for (let y = after.getUTCFullYear(); ; y++)
    for (const [month, toSummer] of [
      [2, true],
      [9, false],
    ] as const) {
      const sunday = lastSunday(y, month);
      if (sunday > after) return { sunday, toSummer };
    }
}

async function publicSlots(tenant: Tenant, mode = 'inPerson', extra = '') {
  const res = await t.app.inject({
    url: `/api/v1/public/slots?serviceId=${tenant.service.id}&mode=${mode}${extra}${slotsAhead(extra)}`,
  });
  expect(res.statusCode).toBe(200);
  return res.json().items as Array<{ startsAt: string }>;
}

/** Books through the public API and confirms with the link of the mail; returns the appointment. */
async function bookConfirmed(tenant: Tenant, startsAt: string, name: string, locale: 'de' | 'en' = 'de') {
  const email = `c.${Math.random().toString(36).slice(2)}@example.org`;
  const res = await postHold(
    t.app,
    tenant,
    { startsAt, name, email },
    { headers: { 'accept-language': locale } },
  );
  expect(res.statusCode).toBe(201);
  const { bookingNumber } = res.json();
  const request = await t.ctx.db
    .selectFrom('outbound_mail')
    .select('text_body')
    .where('kind', '=', 'appointment.confirmationRequest')
    .where('subject', 'like', `%${bookingNumber}%`)
    .executeTakeFirstOrThrow();
  const link = new URL(/https?:\/\/\S+\/termine\/bestaetigen\/\S+/.exec(request.text_body)?.[0] ?? '');
  expect((await t.app.inject({ method: 'POST', url: link.pathname })).statusCode).toBe(200);
  const row = await t.ctx.db
    .selectFrom('appointments')
    .select(['id', 'status'])
    .where('booking_number', '=', bookingNumber)
    .executeTakeFirstOrThrow();
  expect(row.status).toBe('confirmed');
  await t.ctx.db
    .updateTable('outbound_mail')
    .set({ state: 'sent' })
    .where('subject', 'like', `%${bookingNumber}%`)
    .execute();
  return { id: row.id, bookingNumber, email };
}

const row = (id: number) =>
  t.ctx.db
    .selectFrom('appointments')
    .select(['clerk_id', 'starts_at', 'mode', 'status', 'ics_sequence', 'video_room', 'reminder_sent_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
const auditOf = (id: number, action: string) =>
  t.ctx.db
    .selectFrom('audit_log')
    .select(['before', 'after', 'actor_login'])
    .where('entity_type', '=', 'appointment')
    .where('entity_id', '=', String(id))
    .where('action', '=', action)
    .execute();
const pendingMailCount = async (bookingNumber: string) =>
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

describe('rebook by the clerk', () => {
  it('moves an appointment to another day by video: citizen mail with the new .ics (same UID, higher SEQUENCE), updated REQUEST for the clerk, audit row', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const [first] = await publicSlots(tenant);
    const booked = await bookConfirmed(tenant, first.startsAt, 'Erika Mustermann');
    const asLange = as(t.app, await signIn(t.app, tenant.clerkLZ.login));

    const offered = await asLange({ url: `/api/v1/appointments/${booked.id}/rebook-slots?mode=video` });
    expect(offered.statusCode).toBe(200);
    const slots = offered.json().items as Array<{ startsAt: string; clerkIds: number[] }>;
    // another day, the own clerk free there
    const target = slots.find(
      (s) =>
        new Date(s.startsAt).getDate() !== new Date(first.startsAt).getDate() &&
        s.clerkIds[0] === tenant.clerks.lz,
    );
    if (!target) throw new Error('no slot on another day');
    expect(offered.json().clerks).toContainEqual({ id: tenant.clerks.lz, name: 'Lars Lange' });

    // a reminder sent for the old time does not stand for the new one
    await t.ctx.db
      .updateTable('appointments')
      .set({ reminder_sent_at: new Date() })
      .where('id', '=', booked.id)
      .execute();
    const res = await asLange({
      method: 'POST',
      url: `/api/v1/appointments/${booked.id}/rebook`,
      payload: { startsAt: target.startsAt, mode: 'video' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      bookingNumber: booked.bookingNumber,
      status: 'confirmed',
      startsAt: target.startsAt,
      mode: 'video',
      clerkId: tenant.clerks.lz,
      clerkName: 'Lars Lange',
    });
    const after = await row(booked.id);
    expect(after).toMatchObject({ clerk_id: tenant.clerks.lz, mode: 'video', ics_sequence: 1 });
    expect(after.starts_at.toISOString()).toBe(new Date(target.startsAt).toISOString());
    expect(after.video_room).toMatch(/^amtsdesk-/);
    expect(after.reminder_sent_at).toBeNull();

    const mails = await deliverMailsOf(booked.bookingNumber);
    expect(mails).toHaveLength(2);
    const citizen = mails.find((m) => m.envelopeTo[0] === booked.email);
    const clerk = mails.find((m) => m.envelopeTo[0] === `${tenant.clerkLZ.login}@example.org`);
    expect(citizen?.parsed.subject).toContain('verlegt');
    expect(citizen?.parsed.text).toContain('Neuer Termin');
    expect(citizen?.parsed.text).toContain('Bisher');
    expect(citizen?.parsed.text).toMatch(/Videolink: https:\/\/meet\.musterstadt\.example\/amtsdesk-\w+/);
    expect(citizen?.parsed.text).toContain('Mietvertrag');
    const citizenIcs = icsOf(citizen);
    expect(citizenIcs.calendar.get('METHOD')?.value).toBe('REQUEST');
    expect(citizenIcs.event.get('UID')?.value).toMatch(new RegExp(`^appointment-${booked.id}@`));
    expect(citizenIcs.event.get('SEQUENCE')?.value).toBe('1');
    const start = citizenIcs.event.get('DTSTART');
    expect(start?.params).toBe(';TZID=Europe/Berlin');
    expect(start?.value).toBe(localStamp(new Date(target.startsAt)));
    expect(berlinToInstant(start?.value ?? '').toISOString()).toBe(new Date(target.startsAt).toISOString());
    const clerkIcs = icsOf(clerk);
    expect(clerkIcs.calendar.get('METHOD')?.value).toBe('REQUEST');
    expect(clerkIcs.event.get('UID')?.value).toBe(citizenIcs.event.get('UID')?.value);
    expect(clerkIcs.event.get('SEQUENCE')?.value).toBe('1');
    expect(clerkIcs.event.get('DTSTART')?.value).toBe(localStamp(new Date(target.startsAt)));

    expect(await auditOf(booked.id, 'appointments.rebook')).toEqual([
      expect.objectContaining({
        before: {
          startsAt: new Date(first.startsAt).toISOString(),
          mode: 'inPerson',
          clerkId: tenant.clerks.lz,
        },
        after: {
          startsAt: new Date(target.startsAt).toISOString(),
          mode: 'video',
          clerkId: tenant.clerks.lz,
        },
      }),
    ]);
    // the old slot is free again for the citizen's letter range
    expect((await publicSlots(tenant, 'inPerson', '&surname=Mustermann')).map((s) => s.startsAt)).toContain(
      first.startsAt,
    );
    // the cancel link of the new mail still works
    const cancelPath = new URL(
      /https?:\/\/\S+\/termine\/absagen\/\S+/.exec(citizen?.parsed.text ?? '')?.[0] ?? '',
    ).pathname;
    const cancelled = await t.app.inject({
      method: 'POST',
      url: cancelPath,
      headers: { accept: 'application/json' },
    });
    expect(cancelled.statusCode).toBe(200);
  });

  it('moves an appointment across a switch of summer time: DTSTART keeps the local wall time with TZID, the instant moves by the offset', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    // the next switch at least a week ahead, whatever today is; the horizon reaches it (set before
    // any slot search caches the service)
    const { sunday, toSummer } = nextTimeSwitch(new Date(Date.now() + 7 * 86_400_000));
    await t.ctx.db
      .updateTable('appointment_services')
      .set({ horizon_days: 366 })
      .where('id', '=', tenant.service.id)
      .execute();
    const dayAfter = (days: number) => new Date(sunday.getTime() + days * 86_400_000);
    // booked by the citizen on the Tuesday before the switch …
    const before = dayAfter(-5);
    const [first] = await publicSlots(
      tenant,
      'inPerson',
      `&from=${before.toISOString()}&to=${dayAfter(-4).toISOString()}`,
    );
    expect(first.startsAt.slice(0, 10)).toBe(before.toISOString().slice(0, 10));
    const booked = await bookConfirmed(tenant, first.startsAt, 'Erika Mustermann');
    const asLange = as(t.app, await signIn(t.app, tenant.clerkLZ.login));
    // … moved by the clerk to 09:00 on the Tuesday after it (Wednesday when that is All Saints' Day)
    const target = dayAfter(2).toISOString().endsWith('-11-01T00:00:00.000Z') ? dayAfter(3) : dayAfter(2);
    const day = target.toISOString().slice(0, 10);
    const compact = day.replaceAll('-', '');
    const utc = `${day}T0${toSummer ? 7 : 8}:00:00.000Z`;
    const res = await asLange({
      method: 'POST',
      url: `/api/v1/appointments/${booked.id}/rebook`,
      payload: { startsAt: `${day}T09:00:00${toSummer ? '+02:00' : '+01:00'}`, mode: 'phone' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().startsAt).toBe(utc);
    const mails = await deliverMailsOf(booked.bookingNumber);
    for (const mail of mails) {
      const ics = icsOf(mail);
      expect(ics.event.get('DTSTART')).toEqual({ params: ';TZID=Europe/Berlin', value: `${compact}T090000` });
      expect(ics.event.get('DTEND')?.value).toBe(`${compact}T094500`);
      expect(berlinToInstant(`${compact}T090000`).toISOString()).toBe(utc);
      expect(ics.event.get('SEQUENCE')?.value).toBe('1');
    }
    const longDate = new Intl.DateTimeFormat('de-DE', { dateStyle: 'full', timeZone: 'UTC' });
    const citizen = mails.find((m) => m.envelopeTo[0] === booked.email);
    expect(citizen?.parsed.text).toContain(`${longDate.format(target)}, 09:00–09:45 Uhr (telefonisch)`);
    expect(citizen?.parsed.text).toContain(`Bisher: ${longDate.format(before)}, 08:00`);
    expect(citizen?.parsed.text).toMatch(/Bisher: .*\(vor Ort\)/);
    expect(mails).toHaveLength(2);
  });

  it('refuses a taken slot with 409 and changes nothing; wrong clerk, no slot, past and unchanged with 422', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const slots = await publicSlots(tenant);
    const a = await bookConfirmed(tenant, slots[0].startsAt, 'Erika Mustermann');
    const b = await bookConfirmed(tenant, slots[6].startsAt, 'Max Müller'); // also L–Z
    const asLange = as(t.app, await signIn(t.app, tenant.clerkLZ.login));
    const before = await row(a.id);
    const rebook = (payload: Record<string, unknown>) =>
      asLange({ method: 'POST', url: `/api/v1/appointments/${a.id}/rebook`, payload });

    const taken = await rebook({ startsAt: slots[6].startsAt });
    expect(taken.statusCode).toBe(409);
    expect(taken.headers['content-type']).toContain('application/problem+json');
    expect(taken.json().code).toBe('appointmentSlotTaken');
    // 30 minutes into B (45 minutes long) overlaps as well
    const overlapping = new Date(Date.parse(slots[6].startsAt) - 30 * 60_000).toISOString();
    expect((await rebook({ startsAt: overlapping })).statusCode).toBe(409);
    // A–K does not cover Mustermann
    const wrongClerk = await rebook({ startsAt: slots[3].startsAt, clerkId: tenant.clerks.ak });
    expect(wrongClerk.statusCode).toBe(422);
    expect(wrongClerk.json().code).toBe('appointmentClerkNotResponsible');
    const d = new Date(slots[0].startsAt);
    const evening = await rebook({
      startsAt: new Date(d.getFullYear(), d.getMonth(), d.getDate(), 19, 0).toISOString(),
    });
    expect(evening.statusCode).toBe(422);
    expect(evening.json().code).toBe('appointmentSlotUnavailable');
    expect((await rebook({ startsAt: '2020-01-07T09:00:00+01:00' })).json().code).toBe(
      'appointmentSlotInPast',
    );
    expect((await rebook({ startsAt: slots[0].startsAt })).json().code).toBe('appointmentRebookUnchanged');
    const badMode = await rebook({ startsAt: slots[3].startsAt, mode: 'carrierPigeon' });
    expect(badMode.statusCode).toBe(400);

    expect(await row(a.id)).toEqual(before);
    expect(await pendingMailCount(a.bookingNumber)).toBe(0);
    expect(await auditOf(a.id, 'appointments.rebook')).toEqual([]);
    expect((await row(b.id)).starts_at.toISOString()).toBe(new Date(slots[6].startsAt).toISOString());

    // a shift by 15 minutes overlaps the appointment's own old time: allowed (it moves)
    const shifted = await rebook({ startsAt: slots[1].startsAt });
    expect(shifted.statusCode).toBe(200);
  });

  it('pages the free slots: window of 14 days by default, `next` after the last slot when the limit cuts, none at the horizon', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const [first] = await publicSlots(tenant);
    const booked = await bookConfirmed(tenant, first.startsAt, 'Erika Mustermann');
    const asLange = as(t.app, await signIn(t.app, tenant.clerkLZ.login));
    const page = async (query: string) => {
      const res = await asLange({ url: `/api/v1/appointments/${booked.id}/rebook-slots?${query}` });
      expect(res.statusCode).toBe(200);
      return res.json() as {
        items: Array<{ startsAt: string }>;
        from: string;
        until: string;
        next: string | null;
        latest: string;
      };
    };
    const whole = await page('');
    expect(Date.parse(whole.until) - Date.parse(whole.from)).toBe(14 * 86_400_000);
    expect(whole.next).toBe(whole.until);
    const { horizon_days } = await t.ctx.db
      .selectFrom('appointment_services')
      .select('horizon_days')
      .where('id', '=', tenant.service.id)
      .executeTakeFirstOrThrow();
    expect(Math.round((Date.parse(whole.latest) - Date.now()) / 86_400_000)).toBe(horizon_days);

    // cut by the limit: the next page starts right after the last slot, nothing lost or repeated
    const one = await page('limit=3');
    expect(one.items).toHaveLength(3);
    expect(one.next).toBe(new Date(Date.parse(one.items[2].startsAt) + 1).toISOString());
    const two = await page(`limit=3&from=${encodeURIComponent(one.next ?? '')}`);
    expect([...one.items, ...two.items].map((s) => s.startsAt)).toEqual(
      whole.items.slice(0, 6).map((s) => s.startsAt),
    );
    // the following window of 14 days continues where the first ended
    const later = await page(`from=${encodeURIComponent(whole.next ?? '')}`);
    expect(later.from).toBe(whole.next);
    expect(later.items.every((s) => Date.parse(s.startsAt) >= Date.parse(whole.until))).toBe(true);

    // a window that reaches the horizon has no next one; a plain date starts at local midnight
    const lastDay = new Date(Date.parse(whole.latest) - 2 * 86_400_000);
    const date = `${lastDay.getFullYear()}-${pad(lastDay.getMonth() + 1)}-${pad(lastDay.getDate())}`;
    const end = await page(`from=${date}`);
    expect(end.from).toBe(
      new Date(lastDay.getFullYear(), lastDay.getMonth(), lastDay.getDate()).toISOString(),
    );
    expect(end.next).toBeNull();
    expect(end.until).toBe(end.latest);
  });

  it('two clerks racing for the same free slot: exactly one rebook wins, the other gets 409', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const slots = await publicSlots(tenant);
    const a = await bookConfirmed(tenant, slots[0].startsAt, 'Erika Mustermann');
    const b = await bookConfirmed(tenant, slots[4].startsAt, 'Max Müller');
    const asLange = as(t.app, await signIn(t.app, tenant.clerkLZ.login));
    const target = slots[10].startsAt;
    const results = await Promise.all(
      [a, b].map((x) =>
        asLange({
          method: 'POST',
          url: `/api/v1/appointments/${x.id}/rebook`,
          payload: { startsAt: target },
        }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const moved = await t.ctx.db
      .selectFrom('appointments')
      .select('id')
      .where('id', 'in', [a.id, b.id])
      .where('starts_at', '=', new Date(target))
      .execute();
    expect(moved).toHaveLength(1);
  });
});

describe('forward to another clerk', () => {
  it('hands the appointment to a colleague: REQUEST (with the note) to the new clerk, CANCEL to the old one, the citizen told the name only', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const [slot] = await publicSlots(tenant);
    const booked = await bookConfirmed(tenant, slot.startsAt, 'Erika Mustermann');
    const asLange = as(t.app, await signIn(t.app, tenant.clerkLZ.login));

    const candidates = await asLange({ url: `/api/v1/appointments/${booked.id}/forward-candidates` });
    expect(candidates.statusCode).toBe(200);
    expect(candidates.json().items).toEqual([{ clerkId: tenant.clerks.ak, name: 'Anna Adler' }]);

    const res = await asLange({
      method: 'POST',
      url: `/api/v1/appointments/${booked.id}/forward`,
      payload: { clerkId: tenant.clerks.ak, note: 'Mietvertrag liegt schon vor.' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      clerkId: tenant.clerks.ak,
      clerkName: 'Anna Adler',
      startsAt: slot.startsAt,
    });
    expect(await row(booked.id)).toMatchObject({
      clerk_id: tenant.clerks.ak,
      ics_sequence: 1,
      mode: 'inPerson',
    });

    const mails = await deliverMailsOf(booked.bookingNumber);
    expect(mails).toHaveLength(3);
    const to = (address: string) => mails.find((m) => m.envelopeTo[0] === address);
    const adler = to(`${tenant.clerkAK.login}@example.org`);
    const lange = to(`${tenant.clerkLZ.login}@example.org`);
    const citizen = to(booked.email);
    const request = icsOf(adler);
    const cancel = icsOf(lange);
    expect(request.calendar.get('METHOD')?.value).toBe('REQUEST');
    expect(cancel.calendar.get('METHOD')?.value).toBe('CANCEL');
    expect(request.event.get('UID')?.value).toMatch(new RegExp(`^appointment-${booked.id}@`));
    expect(cancel.event.get('UID')?.value).toBe(request.event.get('UID')?.value);
    expect(request.event.get('SEQUENCE')?.value).toBe('1');
    expect(cancel.event.get('SEQUENCE')?.value).toBe('1');
    expect(request.event.get('DTSTART')?.value).toBe(localStamp(new Date(slot.startsAt)));
    expect(adler?.parsed.text).toContain('Hinweis von Lars Lange:\nMietvertrag liegt schon vor.');
    expect(citizen?.parsed.subject).toContain('neue Ansprechperson');
    expect(citizen?.parsed.text).toContain('Ihr Termin wird von Anna Adler wahrgenommen');
    expect(citizen?.parsed.text).toContain('/termine/absagen/');
    expect(citizen?.parsed.text).not.toContain(tenant.clerkAK.login);
    expect(citizen?.parsed.text).not.toContain('Mietvertrag liegt schon vor');

    expect(await auditOf(booked.id, 'appointments.forward')).toEqual([
      expect.objectContaining({
        before: { clerkId: tenant.clerks.lz },
        after: { clerkId: tenant.clerks.ak, note: 'Mietvertrag liegt schon vor.' },
      }),
    ]);
    // now in Adler's day
    const d = new Date(slot.startsAt);
    const asAdler = as(t.app, await signIn(t.app, tenant.clerkAK.login));
    const day = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    const mine = await asAdler({ url: `/api/v1/appointments/mine?date=${day}` });
    expect(mine.json().items.map((i: { id: number }) => i.id)).toContain(booked.id);
  });

  it('refuses a busy clerk (409), a clerk not handling the concern or of another office (422), the same clerk (422); nothing changes', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const [slot] = await publicSlots(tenant);
    const a = await bookConfirmed(tenant, slot.startsAt, 'Erika Mustermann'); // L–Z
    await bookConfirmed(tenant, slot.startsAt, 'Bernd Becker'); // A–K, same time
    const extra = await buildPerson(t.ctx.db, { name: 'Nora Neu' });
    const unqualified = await buildClerk(t.ctx.db, { officeId: tenant.office.id, personId: extra.id });
    const otherOffice = await buildOffice(t.ctx.db, {});
    const stranger = await buildClerk(t.ctx.db, { officeId: otherOffice.id, personId: extra.id });
    const asLange = as(t.app, await signIn(t.app, tenant.clerkLZ.login));
    const forward = (clerkId: number) =>
      asLange({ method: 'POST', url: `/api/v1/appointments/${a.id}/forward`, payload: { clerkId } });

    expect((await asLange({ url: `/api/v1/appointments/${a.id}/forward-candidates` })).json().items).toEqual(
      [],
    );
    const busy = await forward(tenant.clerks.ak);
    expect(busy.statusCode).toBe(409);
    expect(busy.json().code).toBe('appointmentClerkNotFree');
    const notResponsible = await forward(unqualified.id);
    expect(notResponsible.statusCode).toBe(422);
    expect(notResponsible.json().code).toBe('appointmentClerkNotResponsible');
    expect(notResponsible.json().errors[0].field).toBe('body.clerkId');
    expect((await forward(stranger.id)).json().code).toBe('appointmentClerkNotFound');
    expect((await forward(tenant.clerks.lz)).json().code).toBe('appointmentForwardSameClerk');

    // an absence makes a colleague not free either
    const b2 = await bookConfirmed(
      tenant,
      (await publicSlots(tenant, 'inPerson', '&surname=Mustermann'))[0].startsAt,
      'Max Müller',
    );
    const start = (await row(b2.id)).starts_at;
    await t.ctx.db
      .insertInto('appointment_absences')
      .values({
        clerk_id: tenant.clerks.ak,
        starts_at: start,
        ends_at: new Date(start.getTime() + 3_600_000),
        kind: 'training',
        source: 'manual',
      })
      .execute();
    const absent = await asLange({
      method: 'POST',
      url: `/api/v1/appointments/${b2.id}/forward`,
      payload: { clerkId: tenant.clerks.ak },
    });
    expect(absent.statusCode).toBe(409);

    expect(await row(a.id)).toMatchObject({ clerk_id: tenant.clerks.lz, ics_sequence: 0 });
    expect(await pendingMailCount(a.bookingNumber)).toBe(0);
    expect(await auditOf(a.id, 'appointments.forward')).toEqual([]);
  });
});

describe('mails in the citizen language', () => {
  // words of the German mail texts that must not show up in an English mail (the office's own data
  // — name, address — and the links are left out before checking)
  const germanWords =
    /\b(Ihr|Ihre|Ihren|Guten|Tag|Termin|Uhr|Anliegen|Dienststelle|Neuer|Bisher|Buchungsnummer|Bitte|bitte|absagen|Datei|ersetzt|Kalender|wahrgenommen|Ansprechperson|verlegt|telefonisch|vor Ort|per Video|Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Januar|Februar|März|Dezember|Personalausweis|Mietvertrag|Telefontermin|Wir rufen)\b/;
  const withoutData = (text: string, tenant: Tenant) =>
    text
      .replace(/https?:\/\/\S+/g, '')
      .replaceAll(tenant.office.name, '')
      .replace('Rathausplatz 1, 12345 Musterstadt', '');
  const expectEnglish = (text: string | undefined, tenant: Tenant) => {
    expect(text).toBeTruthy();
    expect(withoutData(text ?? '', tenant)).not.toMatch(germanWords);
  };

  it('an English booking moved by the clerk gets an English mail and an English .ics; the clerk invitation stays German', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const slots = await publicSlots(tenant);
    const booked = await bookConfirmed(tenant, slots[0].startsAt, 'Erika Mustermann', 'en');
    const asLange = as(t.app, await signIn(t.app, tenant.clerkLZ.login));
    const target = slots.find(
      (s) => new Date(s.startsAt).getDate() !== new Date(slots[0].startsAt).getDate(),
    );
    if (!target) throw new Error('no slot on another day');
    const res = await asLange({
      method: 'POST',
      url: `/api/v1/appointments/${booked.id}/rebook`,
      payload: { startsAt: target.startsAt, mode: 'phone' },
    });
    expect(res.statusCode).toBe(200);

    const mails = await deliverMailsOf(booked.bookingNumber);
    expect(mails).toHaveLength(2);
    const citizen = mails.find((m) => m.envelopeTo[0] === booked.email);
    const clerk = mails.find((m) => m.envelopeTo[0] === `${tenant.clerkLZ.login}@example.org`);
    const en = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeZone: 'Europe/Berlin' });
    const hhmm = (iso: string, plusMinutes: number) =>
      new Intl.DateTimeFormat('en-GB', { timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(
        Date.parse(iso) + plusMinutes * 60_000,
      );
    expect(citizen?.parsed.subject).toBe(
      `Your appointment ${booked.bookingNumber} has been moved: ${en.format(new Date(target.startsAt))}, ${hhmm(target.startsAt, 0)}–${hhmm(target.startsAt, 45)}`,
    );
    const text = citizen?.parsed.text ?? '';
    expect(text).toContain('Dear Erika Mustermann,');
    expect(text).toContain('Concern: Housing benefit first consultation');
    expect(text).toContain(`New date: ${en.format(new Date(target.startsAt))}`);
    expect(text).toMatch(/New date: .*\(by phone\)/);
    expect(text).toMatch(/Previously: .*\(in person\)/);
    expect(text).toContain('Please bring:\n- Identity card\n- Tenancy agreement');
    expect(text).toContain('If the new time does not suit you, please cancel:');
    expectEnglish(citizen?.parsed.subject, tenant);
    expectEnglish(text, tenant);
    // the calendar file: English summary and description, no German file name
    const outboxRow = await t.ctx.db
      .selectFrom('outbound_mail')
      .select('attachments')
      .where('kind', '=', 'appointment.rebooked')
      .where('subject', 'like', `%${booked.bookingNumber}%`)
      .executeTakeFirstOrThrow();
    expect((outboxRow.attachments as unknown as Array<{ filename: string }>).map((a) => a.filename)).toEqual([
      'appointment.ics',
    ]);
    expect(text).toContain('appointment.ics');
    const ics = icsOf(citizen);
    expect(ics.event.get('SUMMARY')?.value).toBe(
      `Housing benefit first consultation – ${tenant.office.name}`,
    );
    const description = (ics.event.get('DESCRIPTION')?.value ?? '')
      .replaceAll('\\n', '\n')
      .replaceAll('\\,', ',');
    expect(description).toContain(`Booking number: ${booked.bookingNumber}`);
    expect(description).toContain('Phone appointment:');
    expect(description).toContain('- Tenancy agreement');
    expectEnglish(description, tenant);
    expect(ics.event.get('LOCATION')?.value).toBe('by phone');
    expect(ics.calendar.get('PRODID')?.value).toBe('-//amtsdesk//appointments//EN');
    expect(icsOf(clerk).calendar.get('PRODID')?.value).toBe('-//amtsdesk//appointments//DE');
    // the clerk reads German whatever the citizen's language
    expect(clerk?.parsed.text).toContain('Buchungsnummer');
  });

  it('an English booking handed to a colleague gets an English mail', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const [slot] = await publicSlots(tenant);
    const booked = await bookConfirmed(tenant, slot.startsAt, 'Erika Mustermann', 'en');
    const asLange = as(t.app, await signIn(t.app, tenant.clerkLZ.login));
    const res = await asLange({
      method: 'POST',
      url: `/api/v1/appointments/${booked.id}/forward`,
      payload: { clerkId: tenant.clerks.ak, note: 'Bitte Mietvertrag prüfen.' },
    });
    expect(res.statusCode).toBe(200);
    const mails = await deliverMailsOf(booked.bookingNumber);
    expect(mails).toHaveLength(3);
    const citizen = mails.find((m) => m.envelopeTo[0] === booked.email);
    expect(citizen?.parsed.subject).toBe(`Your appointment ${booked.bookingNumber}: new contact person`);
    const text = citizen?.parsed.text ?? '';
    expect(text).toContain('Dear Erika Mustermann,');
    expect(text).toContain(
      'Your appointment will be taken by Anna Adler. Time, place and mode stay the same:',
    );
    expect(text).toContain('Concern: Housing benefit first consultation');
    expect(text).toMatch(/Date: .*\(in person\)/);
    expect(text).toContain(`Booking number: ${booked.bookingNumber}`);
    expect(text).toMatch(/Cancel the appointment: https?:\/\/\S+\/termine\/absagen\//);
    expect(text).not.toContain('Bitte Mietvertrag prüfen');
    expectEnglish(citizen?.parsed.subject, tenant);
    expectEnglish(text, tenant);
  });
});

describe('who may rebook or forward', () => {
  it('the clerk, a colleague of the office and an administrator; others get 404; past and cancelled appointments 409', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const slots = await publicSlots(tenant);
    const a = await bookConfirmed(tenant, slots[0].startsAt, 'Erika Mustermann');
    const outsider = await buildPerson(t.ctx.db, {});
    const otherUnit = await buildOrgUnit(t.ctx.db, { kind: 'department' });
    const otherClerkPerson = await buildPerson(t.ctx.db, { orgUnitId: otherUnit.id });
    const otherOffice = await buildOffice(t.ctx.db, { orgUnitId: otherUnit.id });
    await buildClerk(t.ctx.db, { officeId: otherOffice.id, personId: otherClerkPerson.id });
    const admin = await buildPerson(t.ctx.db, { roles: [{ role: 'admin' }] });

    for (const person of [outsider, otherClerkPerson]) {
      const asThem = as(t.app, await signIn(t.app, person.login));
      for (const [method, url, payload] of [
        ['GET', `/api/v1/appointments/${a.id}/rebook-slots`, undefined],
        ['GET', `/api/v1/appointments/${a.id}/forward-candidates`, undefined],
        ['POST', `/api/v1/appointments/${a.id}/rebook`, { startsAt: slots[3].startsAt }],
        ['POST', `/api/v1/appointments/${a.id}/forward`, { clerkId: tenant.clerks.ak }],
      ] as const) {
        const res = await asThem({ method, url, payload });
        expect(res.statusCode, `${person.login} ${method} ${url}`).toBe(404);
        expect(res.json().code).toBe('appointmentNotVisible');
      }
    }
    expect(await row(a.id)).toMatchObject({ clerk_id: tenant.clerks.lz, ics_sequence: 0 });

    // a colleague sees it in the office view (not in their own), an outsider sees nothing
    const asAdler = as(t.app, await signIn(t.app, tenant.clerkAK.login));
    const d = new Date(slots[0].startsAt);
    const day = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    const officeView = await asAdler({ url: `/api/v1/appointments/mine?date=${day}&scope=office` });
    expect(officeView.json().items).toEqual([
      expect.objectContaining({ id: a.id, clerkName: 'Lars Lange', own: false }),
    ]);
    expect((await asAdler({ url: `/api/v1/appointments/mine?date=${day}` })).json().items).toEqual([]);
    const asOutsider = as(t.app, await signIn(t.app, outsider.login));
    expect(
      (await asOutsider({ url: `/api/v1/appointments/mine?date=${day}&scope=office` })).json().items,
    ).toEqual([]);

    // a colleague of the office moves it, an administrator hands it back
    const moved = await asAdler({
      method: 'POST',
      url: `/api/v1/appointments/${a.id}/rebook`,
      payload: { startsAt: slots[3].startsAt },
    });
    expect(moved.statusCode).toBe(200);
    const asAdmin = as(t.app, await signIn(t.app, admin.login));
    const forwarded = await asAdmin({
      method: 'POST',
      url: `/api/v1/appointments/${a.id}/forward`,
      payload: { clerkId: tenant.clerks.ak },
    });
    expect(forwarded.statusCode).toBe(200);
    expect((await auditOf(a.id, 'appointments.rebook'))[0].actor_login).toBe(tenant.clerkAK.login);
    expect((await auditOf(a.id, 'appointments.forward'))[0].actor_login).toBe(admin.login);

    // past: 409
    await t.ctx.db
      .updateTable('appointments')
      .set({
        starts_at: new Date(Date.now() - 3_600_000),
        ends_at: new Date(Date.now() - 900_000),
        blocked_until: new Date(Date.now() - 900_000),
      })
      .where('id', '=', a.id)
      .execute();
    const past = await asAdmin({
      method: 'POST',
      url: `/api/v1/appointments/${a.id}/rebook`,
      payload: { startsAt: slots[5].startsAt },
    });
    expect(past.statusCode).toBe(409);
    expect(past.json().code).toBe('appointmentAlreadyBegun');
    expect(past.json().detail).toContain('begonnen');
    // cancelled: 409
    const b = await bookConfirmed(tenant, slots[8].startsAt, 'Max Müller');
    const asLange = as(t.app, await signIn(t.app, tenant.clerkLZ.login));
    expect((await asLange({ method: 'POST', url: `/api/v1/appointments/${b.id}/cancel` })).statusCode).toBe(
      200,
    );
    const cancelled = await asLange({
      method: 'POST',
      url: `/api/v1/appointments/${b.id}/forward`,
      payload: { clerkId: tenant.clerks.ak },
    });
    expect(cancelled.statusCode).toBe(409);
    expect(cancelled.json().code).toBe('appointmentAlreadyCancelled');
  });
});

describe('week view', () => {
  it('shows Monday to Sunday local time across the switch to summer time; the day view stays the default', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    // week of Monday 22 March 2027; summer time starts on Sunday 28 March at 02:00
    const at = (iso: string) => new Date(iso);
    const times = {
      sundayBefore: at('2027-03-21T23:30:00+01:00'),
      mondayEarly: at('2027-03-22T00:30:00+01:00'),
      thursday: at('2027-03-25T09:00:00+01:00'),
      sundayLate: at('2027-03-28T23:30:00+02:00'),
      mondayAfter: at('2027-03-29T00:30:00+02:00'),
    };
    const ids: Record<string, number> = {};
    for (const [key, startsAt] of Object.entries(times)) {
      const endsAt = new Date(startsAt.getTime() + 20 * 60_000);
      const inserted = await t.ctx.db
        .insertInto('appointments')
        .values({
          booking_number: `T2027-${String(Math.floor(Math.random() * 900_000) + 100_000)}`,
          office_id: tenant.office.id,
          clerk_id: tenant.clerks.lz,
          mode: 'phone',
          starts_at: startsAt,
          ends_at: endsAt,
          blocked_until: endsAt,
          status: 'confirmed',
          hold_expires_at: startsAt,
          citizen_name: `Bürger ${key}`,
          citizen_email: null,
          citizen_phone: null,
          locale: 'de',
          confirm_token_hash: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.ctx.db
        .insertInto('appointment_items')
        .values({ appointment_id: inserted.id, service_id: tenant.service.id })
        .execute();
      ids[key] = inserted.id;
    }
    const asLange = as(t.app, await signIn(t.app, tenant.clerkLZ.login));
    const idsOf = (res: { json(): { items: Array<{ id: number }> } }) => res.json().items.map((i) => i.id);

    const week = await asLange({ url: '/api/v1/appointments/mine?view=week&date=2027-03-25' });
    expect(week.statusCode).toBe(200);
    expect(idsOf(week)).toEqual([ids.mondayEarly, ids.thursday, ids.sundayLate]);
    expect(week.json().from).toBe('2027-03-21T23:00:00.000Z');
    expect(week.json().to).toBe('2027-03-28T22:00:00.000Z'); // 167 hours later
    expect(week.json().items[0].services).toEqual(['Wohngeld Erstberatung']);
    // any day of the week gives the same week
    expect(idsOf(await asLange({ url: '/api/v1/appointments/mine?view=week&date=2027-03-28' }))).toEqual(
      idsOf(week),
    );
    // from/to (inclusive local days)
    expect(idsOf(await asLange({ url: '/api/v1/appointments/mine?from=2027-03-22&to=2027-03-28' }))).toEqual(
      idsOf(week),
    );
    // the day view as before: one local day by default, `days` for several
    expect(idsOf(await asLange({ url: '/api/v1/appointments/mine?date=2027-03-28' }))).toEqual([
      ids.sundayLate,
    ]);
    expect(idsOf(await asLange({ url: '/api/v1/appointments/mine?date=2027-03-28&days=2' }))).toEqual([
      ids.sundayLate,
      ids.mondayAfter,
    ]);
    const bad = await asLange({ url: '/api/v1/appointments/mine?to=2027-03-28' });
    expect(bad.statusCode).toBe(400);
    const tooLong = await asLange({ url: '/api/v1/appointments/mine?from=2027-01-01&to=2027-03-28' });
    expect(tooLong.statusCode).toBe(400);
    // a colleague does not see them in their own view
    const asAdler = as(t.app, await signIn(t.app, tenant.clerkAK.login));
    expect(idsOf(await asAdler({ url: '/api/v1/appointments/mine?view=week&date=2027-03-25' }))).toEqual([]);
  });
});

describe('clerk actions in OpenAPI', () => {
  it('documents rebook, forward, their look-ups and the week view parameters', async () => {
    const res = await t.app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths;
    for (const path of [
      '/api/v1/appointments/{id}/rebook',
      '/api/v1/appointments/{id}/rebook-slots',
      '/api/v1/appointments/{id}/forward',
      '/api/v1/appointments/{id}/forward-candidates',
    ])
      expect(Object.keys(paths)).toContain(path);
    const mine = paths['/api/v1/appointments/mine'].get.parameters.map((p: { name: string }) => p.name);
    expect(mine).toEqual(expect.arrayContaining(['date', 'days', 'view', 'from', 'to']));
  });
});
