import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';
import { buildPerson } from '../org/builders';
import { applyRetention } from './commands/apply-retention';
import { buildAppointmentTenant, freshIp, solvedAltcha } from './test-fixtures';

// The settings API of appointments (GET/PUT /api/v1/admin/appointment-settings) and that the stored
// values drive the hold time and the retention job. The settings are one row per database: this file
// has a database of its own on the PostgreSQL pass (no other file sees the changed values), and each
// test still restores the defaults, so the tests do not depend on their order.

let t: TestContext;
let admin: ReturnType<typeof as>;
let adminId: number;
beforeAll(async () => {
  t = await openTestContext({ ownDatabase: true });
  const person = await buildPerson(t.ctx.db, { roles: [{ role: 'admin' }] });
  adminId = person.id;
  admin = as(t.app, await signIn(t.app, person.login));
});
afterAll(async () => {
  await t.close();
});

const url = '/api/v1/admin/appointment-settings';
const defaults = { holdMinutes: 15, retentionDays: 90 };

async function current() {
  const res = await admin({ url });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function change(values: Record<string, number>) {
  const res = await admin({ method: 'PUT', url, payload: { version: (await current()).version, ...values } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('appointment settings', () => {
  it('shows the stored values with ranges and defaults; a change bumps the version and writes an audit row', async () => {
    const before = await current();
    expect(before).toMatchObject({
      holdMinutes: 15,
      retentionDays: 90,
      maxUploadMb: 10,
      maxFilesPerAppointment: 5,
      ranges: { holdMinutes: { min: 1, max: 120, default: 15 }, maxUploadMb: { default: 10 } },
    });
    expect(before).not.toHaveProperty('hmacKey');
    expect(JSON.stringify(before)).not.toContain('hmac');
    try {
      const res = await admin({
        method: 'PUT',
        url,
        payload: { version: before.version, maxUploadMb: 25, maxFilesPerAppointment: 3 },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        maxUploadMb: 25,
        maxFilesPerAppointment: 3,
        holdMinutes: 15,
        version: before.version + 1,
      });
      const audit = await t.ctx.db
        .selectFrom('audit_log')
        .select(['action', 'before', 'after'])
        .where('action', '=', 'appointments.settings.update')
        .where('actor_id', '=', adminId)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(audit.before).toMatchObject({ maxUploadMb: 10, version: before.version });
      expect(audit.after).toMatchObject({ maxUploadMb: 25, version: before.version + 1 });
    } finally {
      await change({ maxUploadMb: 10, maxFilesPerAppointment: 5 });
    }
  });

  it('refuses values out of range with 422 naming each field, wrong types with 400, and changes nothing', async () => {
    const before = await current();
    const res = await admin({
      method: 'PUT',
      url,
      headers: { 'accept-language': 'de' },
      payload: { version: before.version, holdMinutes: 0, retentionDays: 5000, maxUploadMb: 20 },
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json();
    expect(problem.code).toBe('appointmentSettingOutOfRange');
    expect(problem.errors).toEqual([
      { field: 'body.holdMinutes', message: 'between 1 and 120' },
      { field: 'body.retentionDays', message: 'between 1 and 3650' },
    ]);
    expect(problem.detail).toContain('außerhalb');
    const typed = await admin({ method: 'PUT', url, payload: { version: before.version, holdMinutes: 2.5 } });
    expect(typed.statusCode).toBe(400);
    expect(typed.json().errors[0].field).toBe('body.holdMinutes');
    const after = await current();
    expect(after).toEqual(before);
  });

  it('answers 403 to everyone but administrators, and 409 to a stale version', async () => {
    // sorted first by name, so the picker's limit cannot hide it on a shared database
    const clerk = await buildPerson(t.ctx.db, { name: 'Aaaa Probe' });
    const other = as(t.app, await signIn(t.app, clerk.login));
    expect((await other({ url })).statusCode).toBe(403);
    const { version } = await current();
    const put = await other({ method: 'PUT', url, payload: { version, holdMinutes: 20 } });
    expect(put.statusCode).toBe(403);
    expect((await t.app.inject({ url })).statusCode).toBe(401);
    // the person picker of the clerk form: admins only
    expect((await other({ url: '/api/v1/admin/appointment-persons' })).statusCode).toBe(403);
    const persons = await admin({ url: '/api/v1/admin/appointment-persons' });
    expect(persons.statusCode).toBe(200);
    expect(persons.json().items).toContainEqual({ id: clerk.id, name: 'Aaaa Probe', login: clerk.login });

    const first = await admin({ method: 'PUT', url, payload: { version, cancelledSlotBlockMinutes: 45 } });
    try {
      expect(first.statusCode, first.body).toBe(200);
      const stale = await admin({ method: 'PUT', url, payload: { version, cancelledSlotBlockMinutes: 10 } });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().code).toBe('appointmentSettingsVersionConflict');
      expect((await current()).cancelledSlotBlockMinutes).toBe(45);
    } finally {
      await change({ cancelledSlotBlockMinutes: 30 });
    }
  });

  it('a changed hold time changes the expiry of the next hold', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const slots = (
      await t.app.inject({ url: `/api/v1/public/slots?serviceId=${tenant.service.id}&mode=video` })
    ).json().items as Array<{ startsAt: string }>;
    const hold = async (startsAt: string) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/public/appointments',
        remoteAddress: freshIp(),
        payload: {
          serviceId: tenant.service.id,
          mode: 'video',
          startsAt,
          name: 'Erika Mustermann',
          email: `erika.${Math.random().toString(36).slice(2)}@example.org`,
          altcha: await solvedAltcha(t.app),
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      return Date.parse(res.json().holdExpiresAt) - Date.now();
    };
    const standard = await hold(slots[0].startsAt);
    expect(standard).toBeGreaterThan(14 * 60_000);
    expect(standard).toBeLessThanOrEqual(15 * 60_000);
    try {
      await change({ holdMinutes: 45 });
      // the last slot offered: far from the first, so the same clerk (L–Z for Mustermann) is free
      const longer = await hold(slots[slots.length - 1].startsAt);
      expect(longer).toBeGreaterThan(44 * 60_000);
      expect(longer).toBeLessThanOrEqual(45 * 60_000);
    } finally {
      await change({ holdMinutes: defaults.holdMinutes });
    }
  });

  it('a changed retention period changes what the retention job anonymises', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const endedDaysAgo = 40;
    const inserted = await t.ctx.db
      .insertInto('appointments')
      .values({
        booking_number: `TS-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
        office_id: tenant.office.id,
        clerk_id: tenant.clerks.ak,
        mode: 'inPerson',
        starts_at: sql`now() - interval '1 day' * ${endedDaysAgo} - interval '45 minutes'`,
        ends_at: sql`now() - interval '1 day' * ${endedDaysAgo}`,
        blocked_until: sql`now() - interval '1 day' * ${endedDaysAgo}`,
        status: 'done',
        hold_expires_at: sql`now() - interval '1 day' * ${endedDaysAgo + 2}`,
        citizen_name: 'Otto Normal',
        citizen_email: 'otto@example.org',
        citizen_phone: null,
        locale: 'de',
        confirm_token_hash: null,
        cancel_token_hash: null,
        video_room: null,
        flag: null,
        cancelled_by: null,
        confirmed_at: sql`now() - interval '1 day' * ${endedDaysAgo + 3}`,
        cancelled_at: null,
        reminder_sent_at: null,
        anonymised_at: null,
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = () =>
      t.ctx.db
        .selectFrom('appointments')
        .select(['citizen_name', 'citizen_email', 'anonymised_at'])
        .where('id', '=', inserted.id)
        .executeTakeFirstOrThrow();

    await applyRetention(t.ctx);
    expect(await row()).toMatchObject({ citizen_name: 'Otto Normal', anonymised_at: null });
    try {
      await change({ retentionDays: 30 });
      await applyRetention(t.ctx);
      const after = await row();
      expect(after).toMatchObject({ citizen_name: '', citizen_email: null });
      expect(after.anonymised_at).not.toBeNull();
    } finally {
      await change({ retentionDays: defaults.retentionDays });
    }
  });
});
