import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTenant } from '../../../test/helpers/tenant';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';
import { loadActor } from '../auth/actor';
import { buildPerson } from '../org/builders';
import { createTicket } from './commands/create-ticket';

// Ticket creation writes ticket, history row, audit row and acknowledgement in one INSERT … WITH
// statement and answers from its RETURNING row (create-ticket.ts): these tests pin down that the
// answer is the same as reading the ticket back, and that the four rows exist together or not at all.

let t: TestContext;
beforeAll(async () => {
  t = await openTestContext();
});
afterAll(async () => {
  await t.close();
});

async function rowsFor(title: string) {
  const tickets = await t.ctx.db
    .selectFrom('tickets')
    .select(['id', 'number', 'requester_id', 'requester_org_unit_id', 'created_by_id'])
    .where('title', '=', title)
    .execute();
  const ids = tickets.length ? tickets.map((x) => x.id) : [-1];
  const history = await t.ctx.db
    .selectFrom('ticket_history')
    .select(['field', 'new_value', 'actor_id'])
    .where('ticket_id', 'in', ids)
    .execute();
  const audit = await t.ctx.db
    .selectFrom('audit_log')
    .select(['action', 'entity_id', 'actor_id', 'tx_id', 'seq'])
    .where(sql<boolean>`after->>'title' = ${title}`)
    .execute();
  const mail = await t.ctx.db
    .selectFrom('outbound_mail')
    .select(['kind', 'to_addresses', 'subject', 'message_id', 'ticket_id', 'state'])
    .where('subject', 'like', `%${title}%`)
    .execute();
  return { tickets, history, audit, mail };
}

describe('creating a ticket', () => {
  it('answers the POST exactly as a GET of the new ticket would, for the requester and for IT', async () => {
    const tenant = await buildTenant(t.ctx.db);
    for (const [who, headers] of [
      [tenant.requester, {}],
      [tenant.agent, {}],
      [tenant.requester, { 'accept-language': 'en' }],
    ] as const) {
      const client = as(t.app, await signIn(t.app, who.login));
      const created = await client({
        method: 'POST',
        url: '/api/v1/tickets',
        headers,
        payload: {
          title: 'Scanner im Bürgerbüro',
          description: 'Zieht schief ein.',
          topic: tenant.topic.key,
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const body = created.json();
      expect(created.headers.location).toBe(`/api/v1/tickets/${body.number}`);
      const read = await client({ method: 'GET', url: `/api/v1/tickets/${body.number}`, headers });
      expect(body).toEqual(read.json());
      // IT sees the "created" history row with its actor, the requester none
      expect(body.history.map((h: { field: string }) => h.field)).toEqual(
        who === tenant.agent ? ['created'] : [],
      );
      expect(body).toMatchObject({
        version: 1,
        articles: [],
        attachments: [],
        preAnnouncement: null,
        routing: null,
        group: { id: tenant.group.id, name: tenant.group.name },
      });
    }
  });

  it('writes ticket, history row, audit row and the acknowledgement mail together', async () => {
    const tenant = await buildTenant(t.ctx.db);
    const client = as(t.app, await signIn(t.app, tenant.requester.login));
    const title = `Monitor flackert ${Date.now()}`;
    const created = await client({ method: 'POST', url: '/api/v1/tickets', payload: { title } });
    expect(created.statusCode, created.body).toBe(201);
    const { number } = created.json();
    const rows = await rowsFor(title);
    expect(rows.tickets).toEqual([
      {
        id: expect.any(Number),
        number,
        requester_id: tenant.requester.id,
        requester_org_unit_id: tenant.section.id,
        created_by_id: tenant.requester.id,
      },
    ]);
    expect(rows.history).toEqual([{ field: 'created', new_value: number, actor_id: tenant.requester.id }]);
    // tx_id from the column default: the sealer chains this row like any other
    expect(rows.audit).toEqual([
      {
        action: 'ticket.create',
        entity_id: number,
        actor_id: tenant.requester.id,
        tx_id: expect.anything(),
        seq: null,
      },
    ]);
    expect(rows.mail).toHaveLength(1);
    expect(rows.mail[0]).toMatchObject({
      kind: 'ticket.acknowledgement',
      to_addresses: [`${tenant.requester.login}@example.org`],
      ticket_id: rows.tickets[0].id,
      state: 'pending',
    });
    expect(rows.mail[0].subject).toContain(number);
    expect(rows.mail[0].message_id).toContain(`.${number}.`);
  });

  it('writes nothing when the last part of the statement fails (the acknowledgement)', async () => {
    const tenant = await buildTenant(t.ctx.db);
    const client = as(t.app, await signIn(t.app, tenant.requester.login));
    const marker = `Abbruchprobe${Date.now()}`;
    // a trigger that fails only this test's mail, so parallel tests are not affected
    const fn = `fail_${marker.toLowerCase()}`;
    await sql
      .raw(
        `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $f$
         BEGIN IF NEW.subject LIKE '%${marker}%' THEN RAISE EXCEPTION 'probe'; END IF; RETURN NEW; END $f$;
         CREATE TRIGGER ${fn} BEFORE INSERT ON outbound_mail FOR EACH ROW EXECUTE FUNCTION ${fn}();`,
      )
      .execute(t.ctx.db);
    try {
      const res = await client({ method: 'POST', url: '/api/v1/tickets', payload: { title: marker } });
      expect(res.statusCode).toBe(500);
    } finally {
      await sql.raw(`DROP TRIGGER ${fn} ON outbound_mail; DROP FUNCTION ${fn}();`).execute(t.ctx.db);
    }
    expect(await rowsFor(marker)).toEqual({ tickets: [], history: [], audit: [], mail: [] });
    // the same request goes through once the failure is gone
    const again = await client({ method: 'POST', url: '/api/v1/tickets', payload: { title: marker } });
    expect(again.statusCode, again.body).toBe(201);
    const rows = await rowsFor(marker);
    expect([rows.tickets.length, rows.history.length, rows.audit.length, rows.mail.length]).toEqual([
      1, 1, 1, 1,
    ]);
  });

  it('rolls back ticket, history, audit row and mail when a module part (afterInsert) fails', async () => {
    const tenant = await buildTenant(t.ctx.db);
    const actor = await loadActor(t.ctx.db, tenant.requester.id);
    if (!actor) throw new Error('actor missing');
    const title = `Bestellung scheitert ${Date.now()}`;
    let seen: { id: number; number: string } | null = null;
    await expect(
      createTicket(t.ctx, actor, {
        title,
        description: '',
        priority: 'normal',
        afterInsert: async (trx, ticket) => {
          // inside the transaction the ticket exists …
          const found = await trx
            .selectFrom('tickets')
            .select('number')
            .where('id', '=', ticket.id)
            .execute();
          expect(found).toEqual([{ number: ticket.number }]);
          seen = ticket;
          throw new Error('remainder exhausted');
        },
      }),
    ).rejects.toThrow('remainder exhausted');
    expect(seen).not.toBeNull();
    // … and after the failure none of the four rows does
    expect(await rowsFor(title)).toEqual({ tickets: [], history: [], audit: [], mail: [] });
  });

  it('files on behalf of another person: their unit, their mail address and language', async () => {
    const tenant = await buildTenant(t.ctx.db);
    const english = await buildPerson(t.ctx.db, { orgUnitId: tenant.department.id, locale: 'en' });
    const agent = await loadActor(t.ctx.db, tenant.agent.id);
    if (!agent) throw new Error('actor missing');
    const title = `Telefon defekt ${Date.now()}`;
    const number = await createTicket(t.ctx, agent, {
      title,
      description: 'per Anruf',
      priority: 'high',
      topic: tenant.topic.key,
      requesterId: english.id,
    });
    const rows = await rowsFor(title);
    expect(rows.tickets).toEqual([
      expect.objectContaining({
        number,
        requester_id: english.id,
        requester_org_unit_id: tenant.department.id,
        created_by_id: tenant.agent.id,
      }),
    ]);
    expect(rows.mail).toEqual([expect.objectContaining({ to_addresses: [`${english.login}@example.org`] })]);
    expect(rows.mail[0].subject).toContain('Your request has been received');
    await expect(
      createTicket(t.ctx, agent, { title, description: '', priority: 'normal', requesterId: 2_000_000_000 }),
    ).rejects.toThrow();
  });

  it('sends no acknowledgement to a requester without a mail address, and still files the ticket', async () => {
    const tenant = await buildTenant(t.ctx.db);
    const silent = await buildPerson(t.ctx.db, { orgUnitId: tenant.section.id, email: null });
    const client = as(t.app, await signIn(t.app, silent.login));
    const title = `Ohne Adresse ${Date.now()}`;
    const res = await client({ method: 'POST', url: '/api/v1/tickets', payload: { title } });
    expect(res.statusCode, res.body).toBe(201);
    const rows = await rowsFor(title);
    expect([rows.tickets.length, rows.history.length, rows.audit.length]).toEqual([1, 1, 1]);
    const mail = await t.ctx.db
      .selectFrom('outbound_mail')
      .select('id')
      .where('ticket_id', '=', rows.tickets[0].id)
      .execute();
    expect(mail).toEqual([]);
  });
});
