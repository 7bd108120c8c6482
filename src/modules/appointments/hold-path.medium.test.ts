import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestContext, type TestContext } from '../../../test/helpers/test-context';
import { buildAppointmentTenant, postHold, slotsAhead } from './test-fixtures';

// The hold path in three statements and the uncached free-slot search (decision record 0007,
// "Performance of holds and the free-slot search").
let t: TestContext;
beforeAll(async () => {
  t = await openTestContext();
});
afterAll(async () => {
  await t.close();
});

type Tenant = Awaited<ReturnType<typeof buildAppointmentTenant>>;

async function slots(tenant: Tenant, surname?: string) {
  const res = await t.app.inject({
    url: `/api/v1/public/slots?serviceId=${tenant.service.id}&mode=video${surname ? `&surname=${surname}` : ''}${slotsAhead()}`,
  });
  expect(res.statusCode).toBe(200);
  return (res.json().items as Array<{ startsAt: string }>).map((s) => s.startsAt);
}

async function hold(tenant: Tenant, startsAt: string, name: string, email: string) {
  return postHold(t.app, tenant, { mode: 'video', startsAt, name, email });
}

async function rowsFor(email: string) {
  const appointments = await t.ctx.db
    .selectFrom('appointments')
    .select(['id', 'booking_number', 'clerk_id', 'status'])
    .where('citizen_email', '=', email)
    .execute();
  const ids = appointments.map((a) => String(a.id));
  const numbers = appointments.map((a) => a.booking_number);
  const items = appointments.length
    ? await t.ctx.db
        .selectFrom('appointment_items')
        .select('service_id')
        .where(
          'appointment_id',
          'in',
          appointments.map((a) => a.id),
        )
        .execute()
    : [];
  const mails = await t.ctx.db
    .selectFrom('outbound_mail')
    .select(['kind', 'subject', 'to_addresses'])
    .where(sql<boolean>`${email} = ANY(to_addresses)`)
    .execute();
  const audit = ids.length
    ? await t.ctx.db
        .selectFrom('audit_log')
        .select(['action', 'entity_id', 'after'])
        .where('entity_type', '=', 'appointment')
        .where('entity_id', 'in', ids)
        .execute()
    : [];
  const attempts = await t.ctx.db
    .selectFrom('appointment_hold_attempts')
    .select(['held', 'refused'])
    .where('email', '=', email)
    .execute();
  return { appointments, numbers, items, mails, audit, attempts };
}

describe('hold path and free-slot search', () => {
  it('shows a new hold to the very next search, and frees the slot as soon as the hold runs out', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const [first] = await slots(tenant, 'Adler'); // A–K: only clerk Anna Adler
    const res = await hold(tenant, first, 'Erika Adler', `erika.${Date.now()}@example.org`);
    expect(res.statusCode).toBe(201);
    // the A–K clerk is taken at that time; the L–Z clerk is still free, so the public list keeps it
    expect(await slots(tenant, 'Adler')).not.toContain(first);
    expect(await slots(tenant)).toContain(first);
    // a hold that ran out no longer blocks, even before the job marks it expired
    await t.ctx.db
      .updateTable('appointments')
      .set({ hold_expires_at: new Date(Date.now() - 60_000) })
      .where('booking_number', '=', res.json().bookingNumber)
      .execute();
    expect(await slots(tenant, 'Adler')).toContain(first);
  });

  it('writes the hold, its concern, the mail, the audit row and the attempt together; a lost one writes none of them', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const [first] = await slots(tenant, 'Adler');
    const email = `anna.${Date.now()}@example.org`;
    const res = await hold(tenant, first, 'Anna Adler', email);
    expect(res.statusCode).toBe(201);
    const bookingNumber = res.json().bookingNumber as string;
    expect(bookingNumber).toMatch(/^T\d{4}-\d{6}$/);
    const rows = await rowsFor(email);
    expect(rows.appointments).toEqual([
      expect.objectContaining({ booking_number: bookingNumber, clerk_id: tenant.clerks.ak, status: 'held' }),
    ]);
    expect(rows.items).toEqual([{ service_id: tenant.service.id }]);
    expect(rows.mails).toHaveLength(1);
    expect(rows.mails[0].kind).toBe('appointment.confirmationRequest');
    expect(rows.mails[0].subject).toContain(bookingNumber);
    expect(rows.audit).toEqual([
      {
        action: 'appointments.hold',
        entity_id: String(rows.appointments[0].id),
        after: expect.objectContaining({ bookingNumber, clerkId: tenant.clerks.ak, mode: 'video' }),
      },
    ]);
    expect(rows.attempts).toEqual([{ held: true, refused: false }]);

    // the same time for the same letter range: 409, only the (unsuccessful) attempt is recorded
    const loserEmail = `anton.${Date.now()}@example.org`;
    const lost = await hold(tenant, first, 'Anton Adler', loserEmail);
    expect(lost.statusCode).toBe(409);
    const loser = await rowsFor(loserEmail);
    expect(loser.appointments).toEqual([]);
    expect(loser.mails).toEqual([]);
    expect(loser.attempts).toEqual([{ held: false, refused: false }]);
  });

  it('retries after the exclusion constraint refused the insert because of a run-out hold, leaving no half of the failed try', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const [first] = await slots(tenant, 'Adler');
    // a hold of clerk A–K that ran out but is not marked expired yet: the search ignores it, the
    // constraint does not — the insert fails with 23P01, marks it expired and tries again
    const stale = await hold(tenant, first, 'Eva Adler', `eva.${Date.now()}@example.org`);
    expect(stale.statusCode).toBe(201);
    await t.ctx.db
      .updateTable('appointments')
      .set({ hold_expires_at: new Date(Date.now() - 60_000) })
      .where('booking_number', '=', stale.json().bookingNumber)
      .execute();
    const email = `emil.${Date.now()}@example.org`;
    const res = await hold(tenant, first, 'Emil Adler', email);
    expect(res.statusCode).toBe(201);
    const rows = await rowsFor(email);
    expect(rows.appointments).toEqual([
      expect.objectContaining({ clerk_id: tenant.clerks.ak, status: 'held' }),
    ]);
    expect(rows.items).toHaveLength(1);
    expect(rows.mails).toHaveLength(1);
    expect(rows.audit).toHaveLength(1);
    const previous = await t.ctx.db
      .selectFrom('appointments')
      .select('status')
      .where('booking_number', '=', stale.json().bookingNumber)
      .executeTakeFirstOrThrow();
    expect(previous.status).toBe('expired');
  });
});
