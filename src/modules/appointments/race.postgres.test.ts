import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';
import { createChallenge, encodeSolution, solveChallenge } from './altcha';
import { loadSettings } from './availability';
import { buildAppointmentTenant, freshIp, postHold, sickOnDayOf, slotsAhead } from './test-fixtures';

let t: TestContext;
beforeAll(async () => {
  t = await openTestContext();
});
afterAll(async () => {
  await t.close();
});

async function firstSlot(serviceId: number) {
  const res = await t.app.inject({
    url: `/api/v1/public/slots?serviceId=${serviceId}&mode=inPerson${slotsAhead()}`,
  });
  return new Date(res.json().items[0].startsAt as string);
}

/** Erika Mustermann (clerk L–Z) holds the first slot through the API; confirmed directly if asked. */
async function holdFirstSlot(
  tenant: Awaited<ReturnType<typeof buildAppointmentTenant>>,
  status: 'held' | 'confirmed',
) {
  const startsAt = await firstSlot(tenant.service.id);
  const held = await postHold(t.app, tenant, { startsAt: startsAt.toISOString(), name: 'Erika Mustermann' });
  expect(held.statusCode, held.body).toBe(201);
  const { id } = await t.ctx.db
    .updateTable('appointments')
    .set({ status })
    .where('booking_number', '=', held.json().bookingNumber)
    .returning('id')
    .executeTakeFirstOrThrow();
  return { startsAt, id };
}

/**
 * A transaction of its own on the server that writes appointments and stays open, so a request can
 * be made to wait for it. It never runs the deadlock check itself (60 s): when a cycle forms, the
 * request's backend (1 s) finds it and is the one aborted.
 */
async function openBlocker() {
  const pool = t.ctx.database.pool as pg.Pool;
  const client = await pool.connect();
  await client.query('BEGIN');
  await client.query(`SET LOCAL deadlock_timeout = '60s'`);
  const pid = (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
  let open = true;
  return {
    /** a 10-minute appointment of `clerkId` starting `offsetMinutes` after `startsAt` */
    async insert(tenant: { office: { id: number } }, clerkId: number, startsAt: Date, offsetMinutes: number) {
      const from = new Date(startsAt.getTime() + offsetMinutes * 60_000);
      const to = new Date(from.getTime() + 10 * 60_000);
      const compiled = t.ctx.db
        .insertInto('appointments')
        .values({
          office_id: tenant.office.id,
          clerk_id: clerkId,
          mode: 'inPerson',
          status: 'confirmed',
          hold_expires_at: from,
          citizen_name: 'Blocker',
          citizen_email: 'blocker@example.org',
          locale: 'de',
          booking_number: `D${Date.now()}-${offsetMinutes}-${clerkId}`,
          starts_at: from,
          ends_at: to,
          blocked_until: to,
        })
        .compile();
      await client.query(compiled.sql, [...compiled.parameters]);
    },
    /** how many backends wait for this transaction */
    async waitingForIt() {
      const { rows } = await pool.query(
        'SELECT count(*) AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))',
        [pid],
      );
      return Number(rows[0].n);
    },
    async end(how: 'COMMIT' | 'ROLLBACK') {
      open = false;
      await client.query(how);
    },
    async release() {
      if (open) await client.query('ROLLBACK').catch(() => {});
      client.release();
    },
  };
}

describe('double bookings on the PostgreSQL server', () => {
  it('200 clients racing for the same slot: exactly one hold, 199 × 409', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const slots = await t.app.inject({
      url: `/api/v1/public/slots?serviceId=${tenant.service.id}&mode=inPerson${slotsAhead()}`,
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
    const startsAt = await firstSlot(tenant.service.id);
    const blocker = await openBlocker();
    try {
      await blocker.insert(tenant, tenant.clerks.lz, startsAt, 0); // 08:00–08:10, uncommitted
      const hold = postHold(t.app, tenant, { startsAt: startsAt.toISOString(), name: 'Max Mustermann' });
      await expect.poll(() => blocker.waitingForIt()).toBe(1); // the hold's insert waits for it
      await blocker.insert(tenant, tenant.clerks.lz, startsAt, 20); // overlaps the hold's row: the hold gets 40P01
      await blocker.end('ROLLBACK'); // the hold's second try (waiting again, or not yet) goes through
      const res = await hold;
      expect(res.statusCode, res.body).toBe(201);
      const held = await t.ctx.db
        .selectFrom('appointments')
        .select(['clerk_id', 'status', 'starts_at'])
        .where('booking_number', '=', res.json().bookingNumber)
        .executeTakeFirstOrThrow();
      expect(held).toEqual({ clerk_id: tenant.clerks.lz, status: 'held', starts_at: startsAt });
    } finally {
      await blocker.release();
    }
  });

  it("a clerk's rebook the deadlock detector aborts is tried again within its transaction", async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const { startsAt, id } = await holdFirstSlot(tenant, 'confirmed');
    const asLange = as(t.app, await signIn(t.app, tenant.clerkLZ.login));
    const offered = await asLange({ url: `/api/v1/appointments/${id}/rebook-slots` });
    const target = (offered.json().items as Array<{ startsAt: string; clerkIds: number[] }>).find(
      (s) => Date.parse(s.startsAt) >= startsAt.getTime() + 3_600_000 && s.clerkIds[0] === tenant.clerks.lz,
    );
    if (!target) throw new Error('no later slot of the same clerk');
    const targetAt = new Date(target.startsAt);
    const blocker = await openBlocker();
    try {
      await blocker.insert(tenant, tenant.clerks.lz, targetAt, 0);
      const rebook = asLange({
        method: 'POST',
        url: `/api/v1/appointments/${id}/rebook`,
        payload: { startsAt: target.startsAt },
      });
      await expect.poll(() => blocker.waitingForIt()).toBe(1); // the UPDATE waits for it
      await blocker.insert(tenant, tenant.clerks.lz, targetAt, 20); // cycle: the rebook's UPDATE gets 40P01
      await blocker.end('ROLLBACK');
      const res = await rebook;
      expect(res.statusCode, res.body).toBe(200);
      const after = await t.ctx.db
        .selectFrom('appointments')
        .select(['starts_at', 'ics_sequence'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(after).toEqual({ starts_at: targetAt, ics_sequence: 1 });
    } finally {
      await blocker.release();
    }
  });

  it('an absence whose deputy is taken at the last moment flags the appointment instead of failing', async () => {
    const tenant = await buildAppointmentTenant(t.ctx.db);
    const { startsAt, id } = await holdFirstSlot(tenant, 'held');
    // the deputy (A–K) is free by everything committed; an uncommitted booking is about to take the time
    const blocker = await openBlocker();
    try {
      await blocker.insert(tenant, tenant.clerks.ak, startsAt, 0);
      const asLange = as(t.app, await signIn(t.app, tenant.clerkLZ.login));
      const absence = asLange({
        method: 'POST',
        url: '/api/v1/appointments/absences',
        payload: sickOnDayOf(tenant.clerks.lz, startsAt),
      });
      await expect.poll(() => blocker.waitingForIt()).toBe(1); // the hand-over waits for it
      await blocker.end('COMMIT'); // … which wins: the hand-over fails with 23P01
      const res = await absence;
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ imported: 1, forwarded: 0, flagged: 1 });
      const after = await t.ctx.db
        .selectFrom('appointments')
        .select(['clerk_id', 'flag', 'ics_sequence'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(after).toEqual({ clerk_id: tenant.clerks.lz, flag: 'noDeputy', ics_sequence: 0 });
    } finally {
      await blocker.release();
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
