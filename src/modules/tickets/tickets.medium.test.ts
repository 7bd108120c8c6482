import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTenant, type Tenant } from '../../../test/helpers/tenant';
import {
  as,
  openTestContext,
  type Session,
  signIn,
  type TestContext,
} from '../../../test/helpers/test-context';

let t: TestContext;
beforeAll(async () => {
  t = await openTestContext();
});
afterAll(async () => {
  await t.close();
});

async function setup() {
  const tenant = await buildTenant(t.ctx.db);
  const login = async (p: { login: string }) => as(t.app, await signIn(t.app, p.login));
  return { tenant, requester: await login(tenant.requester), agent: await login(tenant.agent) };
}

async function fileTicket(
  client: ReturnType<typeof as>,
  tenant: Tenant,
  title = 'Drucker in Raum 204 druckt nicht',
) {
  const res = await client({
    method: 'POST',
    url: '/api/v1/tickets',
    payload: { title, description: 'Nichts kommt raus.', topic: tenant.topic.key },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('tickets through the HTTP API', () => {
  it('files a ticket with a yearly number, the topic group and due times in working hours', async () => {
    const { tenant, requester } = await setup();
    const ticket = await fileTicket(requester, tenant);
    expect(ticket.number).toMatch(/^\d{4}-\d{6,}$/);
    expect(ticket.state).toMatchObject({ key: 'new', type: 'new', name: 'Neu' });
    expect(ticket.group).toEqual({ id: tenant.group.id, name: tenant.group.name });
    expect(ticket.requester.id).toBe(tenant.requester.id);
    expect(new Date(ticket.dueAt).getTime()).toBeGreaterThan(Date.parse(ticket.createdAt));
    expect(new Date(ticket.firstResponseDueAt).getTime()).toBeLessThanOrEqual(
      new Date(ticket.dueAt).getTime(),
    );
    expect(ticket.can).toEqual({ reply: true, note: false, assign: false, changeState: false, attach: true });
    const second = await fileTicket(requester, tenant);
    // later means a later year or a higher serial (the serial starts again at 1 on 1 January)
    const [year, serial] = ticket.number.split('-').map(Number);
    const [secondYear, secondSerial] = second.number.split('-').map(Number);
    expect(secondYear * 1e9 + secondSerial).toBeGreaterThan(year * 1e9 + serial);
  });

  it('lets IT assign, answer and resolve; the requester sees the public reply and the state, never the note', async () => {
    const { tenant, requester, agent } = await setup();
    const { number } = await fileTicket(requester, tenant);

    const queue = await agent({ method: 'GET', url: '/api/v1/tickets?queue=unassigned' });
    expect(queue.json().items.map((i: { number: string }) => i.number)).toContain(number);
    const critical = await agent({
      method: 'GET',
      url: `/api/v1/tickets?queue=groups&groupId=${tenant.group.id}&priority=critical`,
    });
    expect(critical.json().items).toEqual([]);

    const assigned = await agent({
      method: 'PATCH',
      url: `/api/v1/tickets/${number}`,
      payload: { version: 1, assigneeId: tenant.agent.id },
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json().state.key).toBe('assigned');
    expect(assigned.json().assignee).toEqual({ id: tenant.agent.id, name: 'Jonas Weber' });
    const byAssignee = await agent({
      method: 'GET',
      url: `/api/v1/tickets?queue=groups&assigneeId=${tenant.agent.id}`,
    });
    expect(byAssignee.json().items.map((i: { number: string }) => i.number)).toEqual([number]);

    expect(
      (
        await agent({
          method: 'POST',
          url: `/api/v1/tickets/${number}/articles`,
          payload: { body: 'Toner getauscht.' },
        })
      ).statusCode,
    ).toBe(201);
    const note = await agent({
      method: 'POST',
      url: `/api/v1/tickets/${number}/articles`,
      payload: { body: 'Geheim: Gerät ist alt', internal: true },
    });
    expect(note.json()).toMatchObject({ kind: 'note', internal: true, sender: 'agent' });

    const current = (await agent({ method: 'GET', url: `/api/v1/tickets/${number}` })).json();
    const resolved = await agent({
      method: 'PATCH',
      url: `/api/v1/tickets/${number}`,
      payload: { version: current.version, state: 'resolved' },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json().history.map((h: { field: string }) => h.field)).toEqual([
      'created',
      'assignee',
      'state',
      'state',
    ]);
    const labels = resolved.json().history.map((h: { newLabel: string | null }) => h.newLabel);
    expect(labels).toEqual([number, 'Jonas Weber', 'Zugewiesen', 'Gelöst']);
    // from a closed state only reopening or closing for good is allowed
    expect(resolved.json().allowedStates).toEqual(['assigned', 'inProgress', 'closed']);

    const seen = (await requester({ method: 'GET', url: `/api/v1/tickets/${number}` })).json();
    expect(seen.state).toMatchObject({ key: 'resolved', type: 'closed', name: 'Gelöst' });
    expect(seen.articles.map((a: { body: string }) => a.body)).toEqual(['Toner getauscht.']);
    expect(seen.history).toEqual([]);
    expect(seen.allowedStates).toEqual([]);
    expect(seen.assignee.name).toBe('Jonas Weber');

    const mine = (await requester({ method: 'GET', url: '/api/v1/tickets?requester=me' })).json();
    expect(mine.items.find((i: { number: string }) => i.number === number).state.key).toBe('resolved');
  });

  it('answers 404 for tickets outside the caller scope and lets the coordinator see the department', async () => {
    const { tenant, requester } = await setup();
    const { number } = await fileTicket(requester, tenant);
    const colleague = as(t.app, await signIn(t.app, tenant.colleague.login));
    const otherAgent = as(t.app, await signIn(t.app, tenant.otherAgent.login));
    const coordinator = as(t.app, await signIn(t.app, tenant.coordinator.login));
    const itHead = as(t.app, await signIn(t.app, tenant.itHead.login));
    for (const client of [colleague, otherAgent]) {
      const res = await client({ method: 'GET', url: `/api/v1/tickets/${number}` });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(
        (await client({ method: 'POST', url: `/api/v1/tickets/${number}/articles`, payload: { body: 'x' } }))
          .statusCode,
      ).toBe(404);
      const search = (await client({ method: 'GET', url: `/api/v1/tickets?q=${number}` })).json();
      expect(search.items).toEqual([]);
    }
    const seenByCoordinator = await coordinator({ method: 'GET', url: `/api/v1/tickets/${number}` });
    expect(seenByCoordinator.statusCode).toBe(200);
    expect(seenByCoordinator.json().can.changeState).toBe(false);
    const seenByHead = await itHead({ method: 'GET', url: `/api/v1/tickets/${number}` });
    expect(seenByHead.json().can.changeState).toBe(true);
    // a requester may not change state: visible, so 403 rather than 404
    expect(
      (
        await requester({
          method: 'PATCH',
          url: `/api/v1/tickets/${number}`,
          payload: { version: 1, state: 'closed' },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('finds tickets by German stems and by number, scoped to the caller', async () => {
    const { tenant, requester } = await setup();
    // a made-up compound word, so only this test's ticket matches; "…druckers" must find "…drucker"
    const unique = `${Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('')}drucker`;
    const { number } = await fileTicket(requester, tenant, `Der ${unique} druckt keine Pläne`);
    const hit = (
      await requester({ method: 'GET', url: `/api/v1/tickets?q=${encodeURIComponent(`${unique}s`)}` })
    ).json();
    expect(hit.items.map((i: { number: string }) => i.number)).toEqual([number]);
    const printer = await fileTicket(requester, tenant, 'Drucker in Raum 204 defekt');
    const stem = (
      await requester({
        method: 'GET',
        url: `/api/v1/tickets?q=${encodeURIComponent('Druckers')}&requester=me`,
      })
    ).json();
    expect(stem.items.map((i: { number: string }) => i.number)).toEqual([printer.number]);
    const byNumber = (await requester({ method: 'GET', url: `/api/v1/tickets?q=${number}` })).json();
    expect(byNumber.items[0].number).toBe(number);
  });

  it('pages with a cursor without repeating or skipping tickets', async () => {
    const { tenant, requester, agent } = await setup();
    const numbers = [];
    for (let i = 0; i < 7; i++) numbers.push((await fileTicket(requester, tenant, `Ticket ${i}`)).number);
    for (const [url, client] of [
      [`/api/v1/tickets?requester=me&limit=3`, requester],
      [`/api/v1/tickets?queue=groups&groupId=${tenant.group.id}&limit=3`, agent],
    ] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await client({ method: 'GET', url: cursor ? `${url}&cursor=${cursor}` : url });
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json();
        expect(body.items.length).toBeLessThanOrEqual(3);
        seen.push(...body.items.map((i: { number: string }) => i.number));
        cursor = body.nextCursor;
      } while (cursor);
      expect([...seen].sort()).toEqual([...numbers].sort());
    }
    expect((await requester({ method: 'GET', url: '/api/v1/tickets?cursor=bogus' })).statusCode).toBe(400);
  });
});

describe('bad input', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    s = await setup();
  });

  it('401 without a session, 403 without CSRF token on a cookie session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/tickets' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ status: 401, code: 'unauthenticated' });
    const session: Session = await signIn(t.app, s.tenant.requester.login);
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: { cookie: session.cookie },
      payload: { title: 'x' },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe('csrfInvalid');
  });

  it('names the field for wrong types and unknown fields, in German or English', async () => {
    const res = await s.requester({
      method: 'POST',
      url: '/api/v1/tickets',
      payload: { title: 42, foo: 'bar' },
    });
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['body.title', 'body.foo']));
    expect(res.json().detail).toMatch(/Eingabe ist ungültig/);
    const en = await s.requester({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: { 'accept-language': 'en' },
      payload: {},
    });
    expect(en.json().detail).toMatch(/input is invalid/);
  });

  it('rejects malformed JSON, oversized bodies, unknown numbers, unknown topics', async () => {
    const malformed = await s.requester({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: { 'content-type': 'application/json' },
      payload: '{"title":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('malformedJson');
    const big = await s.requester({
      method: 'POST',
      url: '/api/v1/tickets',
      payload: { title: 'x', description: 'x'.repeat(70 * 1024) },
    });
    expect(big.statusCode).toBe(413);
    expect((await s.requester({ method: 'GET', url: '/api/v1/tickets/2026-999999' })).statusCode).toBe(404);
    expect((await s.requester({ method: 'GET', url: '/api/v1/tickets/abc' })).statusCode).toBe(400);
    const topic = await s.requester({
      method: 'POST',
      url: '/api/v1/tickets',
      payload: { title: 'x', topic: 'nope' },
    });
    expect(topic.statusCode).toBe(422);
    expect(topic.json().errors[0].field).toBe('body.topic');
  });

  it('refuses forbidden transitions and stale versions, and writes nothing', async () => {
    const { number } = await fileTicket(s.requester, s.tenant);
    const bad = await s.agent({
      method: 'PATCH',
      url: `/api/v1/tickets/${number}`,
      payload: { version: 1, state: 'new' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('transitionNotAllowed');
    const ok = await s.agent({
      method: 'PATCH',
      url: `/api/v1/tickets/${number}`,
      payload: { version: 1, state: 'inProgress' },
    });
    expect(ok.statusCode).toBe(200);
    const stale = await s.agent({
      method: 'PATCH',
      url: `/api/v1/tickets/${number}`,
      payload: { version: 1, priority: 'high' },
    });
    expect(stale.statusCode).toBe(409);
    const foreign = await s.agent({
      method: 'PATCH',
      url: `/api/v1/tickets/${number}`,
      payload: { version: 2, assigneeId: s.tenant.otherAgent.id, priority: 'high' },
    });
    expect(foreign.statusCode).toBe(422);
    const after = (await s.agent({ method: 'GET', url: `/api/v1/tickets/${number}` })).json();
    expect(after.priority).toBe('normal'); // the rejected request changed nothing, not even the priority
    expect(after.version).toBe(2);
  });

  it('limits attachment size and checks the content type', async () => {
    const { number } = await fileTicket(s.requester, s.tenant);
    const boundary = 'b0undary';
    const multipart = (filename: string, type: string, content: Buffer) =>
      Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
        ),
        content,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
    const upload = (body: Buffer) =>
      s.requester({
        method: 'POST',
        url: `/api/v1/tickets/${number}/attachments`,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: body,
      });
    const ok = await upload(multipart('fehler.txt', 'text/plain', Buffer.from('Fehlermeldung 0x80070005')));
    expect(ok.statusCode, ok.body).toBe(201);
    const download = await s.requester({ method: 'GET', url: `/api/v1/attachments/${ok.json().id}` });
    expect(download.body).toBe('Fehlermeldung 0x80070005');
    expect((await upload(multipart('fake.png', 'image/png', Buffer.from('not a png')))).statusCode).toBe(415);
    expect((await upload(multipart('x.exe', 'application/x-msdownload', Buffer.from('MZ')))).statusCode).toBe(
      415,
    );
    expect((await upload(multipart('big.txt', 'text/plain', Buffer.alloc(300 * 1024, 65)))).statusCode).toBe(
      413,
    );
    const outsider = as(t.app, await signIn(t.app, s.tenant.outsider.login));
    expect((await outsider({ method: 'GET', url: `/api/v1/attachments/${ok.json().id}` })).statusCode).toBe(
      404,
    );
  });
});
