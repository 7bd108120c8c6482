import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestContext, type TestContext } from '../../../test/helpers/test-context';
import { createChallenge, encodeSolution, solveChallenge } from './altcha';
import { loadSettings } from './availability';
import { buildAppointmentTenant, freshIp } from './test-fixtures';

let t: TestContext;
beforeAll(async () => {
  t = await openTestContext();
});
afterAll(async () => {
  await t.close();
});

describe('double bookings on the PostgreSQL server', () => {
  it('200 clients racing for the same slot: exactly one hold, 199 × 409', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const slots = await t.app.inject({
      url: `/api/v1/public/slots?serviceId=${tenant.service.id}&mode=inPerson`,
    });
    const startsAt = slots.json().items[0].startsAt as string;
    // solve all challenges first (signed with the server key, made easy), so the requests really arrive together
    const { hmac_key } = await loadSettings(t.ctx.db);
    const altcha = () => {
      const challenge = createChallenge(hmac_key, 500);
      return encodeSolution(challenge, solveChallenge(challenge) ?? -1);
    };
    const payloads = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => ({
        serviceId: tenant.service.id,
        mode: 'inPerson',
        startsAt,
        name: `Person Mustermann${i}`,
        email: `race${i}.${Date.now()}@example.org`,
        altcha: altcha(),
      })),
    );
    // all from one address (citizens behind one NAT): losing a race costs no rate-limit quota
    const ip = freshIp();
    const results = await Promise.all(
      payloads.map((payload) =>
        t.app.inject({ method: 'POST', url: '/api/v1/public/appointments', remoteAddress: ip, payload }),
      ),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(199);
    expect(new Set(results.filter((r) => r.statusCode === 409).map((r) => r.json().code))).toEqual(
      new Set(['appointmentSlotTaken']),
    );
    const rows = await t.ctx.db
      .selectFrom('appointments')
      .select(['id', 'clerk_id'])
      .where('office_id', '=', tenant.office.id)
      .where('status', 'in', ['held', 'confirmed'])
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].clerk_id).toBe(tenant.clerks.lz);
  }, 120_000); // 200 proofs of work and 200 requests: ~10 s on a quiet machine, far more on a loaded one

  it('the database itself refuses an overlapping appointment of the same clerk (exclusion constraint)', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const base = {
      office_id: tenant.office.id,
      clerk_id: tenant.clerks.ak,
      mode: 'inPerson' as const,
      status: 'confirmed' as const,
      hold_expires_at: new Date(),
      citizen_name: 'A',
      citizen_email: 'a@example.org',
      locale: 'de' as const,
    };
    const at = (h: number, m = 0) => new Date(Date.UTC(2030, 0, 7, h, m));
    await t.ctx.db
      .insertInto('appointments')
      .values({
        ...base,
        booking_number: `X${Date.now()}a`,
        starts_at: at(8),
        ends_at: at(8, 45),
        blocked_until: at(9),
      })
      .execute();
    await expect(
      t.ctx.db
        .insertInto('appointments')
        .values({
          ...base,
          booking_number: `X${Date.now()}b`,
          starts_at: at(8, 50),
          ends_at: at(9, 35),
          blocked_until: at(9, 35),
        })
        .execute(),
    ).rejects.toMatchObject({ code: '23P01' });
    // cancelled ones do not count
    await t.ctx.db
      .insertInto('appointments')
      .values({
        ...base,
        status: 'cancelled',
        booking_number: `X${Date.now()}c`,
        starts_at: at(8),
        ends_at: at(8, 45),
        blocked_until: at(9),
      })
      .execute();
  });
});
