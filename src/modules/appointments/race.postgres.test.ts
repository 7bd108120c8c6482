import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestContext, type TestContext } from '../../../test/helpers/test-context';
import { createChallenge, encodeSolution, solveChallenge } from './altcha';
import { loadSettings } from './availability';
import { buildAppointmentTenant, freshIp, postHold } from './test-fixtures';

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
    // one tally of status and problem code, so a failure shows what the other answers were
    const tally: Record<string, number> = {};
    for (const r of results) {
      const key = `${r.statusCode} ${r.statusCode === 201 ? 'held' : r.json().code}`;
      tally[key] = (tally[key] ?? 0) + 1;
    }
    expect(tally).toEqual({ '201 held': 1, '409 appointmentSlotTaken': 199 });
    const rows = await t.ctx.db
      .selectFrom('appointments')
      .select(['id', 'clerk_id'])
      .where('office_id', '=', tenant.office.id)
      .where('status', 'in', ['held', 'confirmed'])
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].clerk_id).toBe(tenant.clerks.lz);
  }, 120_000); // 200 proofs of work and 200 requests: ~10 s on a quiet machine, far more on a loaded one

  it('a hold the deadlock detector aborts (two inserters waiting for each other) tries again instead of failing', async () => {
    // The exclusion constraint checks after inserting: two inserters of overlapping rows can each wait
    // for the other, and PostgreSQL then aborts one with 40P01 (this failed the 200-client race on a
    // loaded machine with 500s). Made to happen on purpose: a transaction holds an uncommitted row in
    // the slot, the hold waits for it, then the transaction inserts a second row that overlaps the
    // hold's — the hold's deadlock check (1 s) finds the cycle and the hold is the one aborted.
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const slots = await t.app.inject({
      url: `/api/v1/public/slots?serviceId=${tenant.service.id}&mode=inPerson`,
    });
    const startsAt = new Date(slots.json().items[0].startsAt as string);
    const at = (minutes: number) => new Date(startsAt.getTime() + minutes * 60_000);
    const row = (minutes: number) => ({
      office_id: tenant.office.id,
      clerk_id: tenant.clerks.lz,
      mode: 'inPerson' as const,
      status: 'confirmed' as const,
      hold_expires_at: startsAt,
      citizen_name: 'Blocker',
      citizen_email: 'blocker@example.org',
      locale: 'de' as const,
      booking_number: `D${Date.now()}${minutes}`,
      starts_at: at(minutes),
      ends_at: at(minutes + 10),
      blocked_until: at(minutes + 10),
    });
    const pool = t.ctx.database.pool as pg.Pool;
    const blocker = await pool.connect();
    const insert = (values: ReturnType<typeof row>) => {
      const compiled = t.ctx.db.insertInto('appointments').values(values).compile();
      return blocker.query(compiled.sql, [...compiled.parameters]);
    };
    try {
      await blocker.query('BEGIN');
      // this transaction never runs the deadlock check itself: the hold must be the one aborted
      await blocker.query(`SET LOCAL deadlock_timeout = '60s'`);
      const blockerPid = (await blocker.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
      await insert(row(0)); // 08:00–08:10, uncommitted
      const waitingFor = async (pid: number) =>
        Number(
          (
            await pool.query(
              'SELECT count(*) AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))',
              [pid],
            )
          ).rows[0].n,
        );
      const hold = postHold(t.app, tenant, { startsAt: startsAt.toISOString(), name: 'Max Mustermann' });
      await expect.poll(() => waitingFor(blockerPid)).toBe(1); // the hold's insert waits for us
      await insert(row(20)); // 08:20–08:30 overlaps the hold's row: cycle → the hold gets 40P01
      await blocker.query('ROLLBACK'); // the hold's second try (waiting for us again, or not yet) goes through
      const res = await hold;
      expect(res.statusCode, res.body).toBe(201);
      const held = await t.ctx.db
        .selectFrom('appointments')
        .select(['clerk_id', 'status', 'starts_at'])
        .where('booking_number', '=', res.json().bookingNumber)
        .executeTakeFirstOrThrow();
      expect(held).toEqual({ clerk_id: tenant.clerks.lz, status: 'held', starts_at: startsAt });
    } finally {
      await blocker.query('ROLLBACK').catch(() => {});
      blocker.release();
    }
  });

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
