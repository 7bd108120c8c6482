import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppointmentTenant } from '../src/modules/appointments/test-fixtures';
import { buildAsset } from '../src/modules/assets/builders';
import { localDateString } from '../src/modules/committees/rhythm';
import { buildPerson } from '../src/modules/org/builders';
import { buildPosition } from '../src/modules/positions/builders';
import { buildBudgetTenant } from './helpers/budget';
import { buildTenant } from './helpers/tenant';
import { as, openTestContext, signIn, type TestContext } from './helpers/test-context';

// Issue 17: an id in the path that does not exist must answer exactly like one the caller may not
// see (404 problem+json) — never 500, which would tell who exists.
let t: TestContext;
beforeAll(async () => {
  t = await openTestContext();
});
afterAll(async () => {
  await t.close();
});

const UNKNOWN = 999_999_999;
type Client = ReturnType<typeof as>;

async function fixtures() {
  const tenant = await buildTenant(t.ctx.db);
  const db = t.ctx.db;
  const login = async (p: { login: string }) => as(t.app, await signIn(t.app, p.login));
  const admin = await login(await buildPerson(db, { roles: [{ role: 'admin' }] }));
  const chair = await login(tenant.coordinator);
  const committee = await admin({
    method: 'POST',
    url: '/api/v1/committees',
    payload: {
      name: `JF IT/${tenant.department.id}`,
      kind: 'itCommittee',
      orgUnitId: tenant.department.id,
      chairId: tenant.coordinator.id,
      members: [{ personId: tenant.agent.id }],
      everyWeeks: 2,
      weekday: 2,
      startTime: '10:00',
      startsOn: localDateString(new Date()),
      location: 'Rathaus',
    },
  });
  expect(committee.statusCode, committee.body).toBe(201);
  const committeeId: number = committee.json().id;
  const meetings = (await chair({ url: `/api/v1/committees/${committeeId}/meetings` })).json().items;
  const meetingId: number = meetings[0].id;
  const withItem = await chair({
    method: 'POST',
    url: `/api/v1/meetings/${meetingId}/agenda-items`,
    payload: { title: 'WLAN' },
  });
  expect(withItem.statusCode, withItem.body).toBe(201);
  const agendaItemId: number = withItem.json().agendaItems.at(-1).id;
  const decision = await chair({
    method: 'POST',
    url: `/api/v1/agenda-items/${agendaItemId}/decisions`,
    payload: { text: 'ja', outcome: 'approved' },
  });
  expect(decision.statusCode, decision.body).toBe(201);
  const task = await chair({
    method: 'POST',
    url: `/api/v1/agenda-items/${agendaItemId}/tasks`,
    payload: { title: 'ausleuchten', ownerId: tenant.agent.id, dueOn: localDateString(new Date()) },
  });
  expect(task.statusCode, task.body).toBe(201);

  const budget = await buildBudgetTenant(db, tenant);
  const owner = await login(budget.owner);
  const order = await owner({
    method: 'POST',
    url: '/api/v1/orders',
    payload: { budgetLineId: budget.line.id, amount: 100, title: 'Maus' },
  });
  expect(order.statusCode, order.body).toBe(201);

  const position = await buildPosition(db, { orgUnitId: tenant.department.id });
  const asset = await buildAsset(db, { positionId: position.id, type: 'laptop' });

  const offices = await buildAppointmentTenant(db);
  const startsAt = new Date(Date.now() + 7 * 86_400_000);
  const appointment = await db
    .insertInto('appointments')
    .values({
      booking_number: `UI-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      office_id: offices.office.id,
      clerk_id: offices.clerks.ak,
      mode: 'inPerson',
      starts_at: startsAt,
      ends_at: new Date(startsAt.getTime() + 1_800_000),
      blocked_until: new Date(startsAt.getTime() + 1_800_000),
      status: 'confirmed',
      hold_expires_at: startsAt,
      citizen_name: 'Erika Mustermann',
      locale: 'de',
      confirmed_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  return {
    tenant,
    admin,
    // a clerk of another department: member of nothing, owner of nothing, clerk of no office
    outsider: await login(tenant.outsider),
    ids: {
      committee: committeeId,
      meeting: meetingId,
      agendaItem: agendaItemId,
      decision: decision.json().id as number,
      task: task.json().id as number,
      budgetLine: budget.line.id,
      order: order.json().id as number,
      asset: asset.inventoryNumber,
      appointment: Number(appointment.id),
    },
  };
}

type Ids = Awaited<ReturnType<typeof fixtures>>['ids'];
type Route = [
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: (id: string) => string,
  kind: keyof Ids,
  body?: object,
];

// every route with an id in the path whose resource a non-privileged clerk may not see
const routes: Route[] = [
  ['GET', (id) => `/api/v1/committees/${id}`, 'committee'],
  ['GET', (id) => `/api/v1/committees/${id}/meetings`, 'committee'],
  ['GET', (id) => `/api/v1/tasks?committeeId=${id}`, 'committee'],
  ['GET', (id) => `/api/v1/tasks/export?committeeId=${id}`, 'committee'],
  ['GET', (id) => `/api/v1/tasks/export?committeeId=${id}&format=xlsx`, 'committee'],
  ['GET', (id) => `/api/v1/meetings/${id}`, 'meeting'],
  ['PATCH', (id) => `/api/v1/meetings/${id}`, 'meeting', { version: 1, cancelled: true, reason: 'x' }],
  ['POST', (id) => `/api/v1/meetings/${id}/invitation`, 'meeting'],
  ['POST', (id) => `/api/v1/meetings/${id}/agenda/assemble`, 'meeting'],
  ['POST', (id) => `/api/v1/meetings/${id}/agenda-items`, 'meeting', { title: 'x' }],
  ['POST', (id) => `/api/v1/meetings/${id}/approve`, 'meeting'],
  ['GET', (id) => `/api/v1/meetings/${id}/minutes.pdf`, 'meeting'],
  ['PATCH', (id) => `/api/v1/agenda-items/${id}`, 'agendaItem', { version: 1, position: 1 }],
  ['POST', (id) => `/api/v1/agenda-items/${id}/decisions`, 'agendaItem', { text: 'x', outcome: 'approved' }],
  [
    'POST',
    (id) => `/api/v1/agenda-items/${id}/tasks`,
    'agendaItem',
    { title: 'x', ownerId: 1, dueOn: '2030-01-01' },
  ],
  ['PATCH', (id) => `/api/v1/decisions/${id}`, 'decision', { text: 'x' }],
  ['DELETE', (id) => `/api/v1/decisions/${id}`, 'decision'],
  ['POST', (id) => `/api/v1/tasks/${id}/complete`, 'task', { resultNote: 'x' }],
  ['GET', (id) => `/api/v1/budget-lines/${id}`, 'budgetLine'],
  ['PATCH', (id) => `/api/v1/orders/${id}`, 'order', { state: 'spent' }],
  ['GET', (id) => `/api/v1/assets/${id}`, 'asset'],
  ['GET', (id) => `/api/v1/appointments/${id}/documents`, 'appointment'],
  ['GET', (id) => `/api/v1/appointments/${id}/forward-candidates`, 'appointment'],
  ['GET', (id) => `/api/v1/appointments/${id}/rebook-slots`, 'appointment'],
  ['POST', (id) => `/api/v1/appointments/${id}/outcome`, 'appointment', { status: 'done' }],
  ['POST', (id) => `/api/v1/appointments/${id}/forward`, 'appointment', { clerkId: 1 }],
  [
    'POST',
    (id) => `/api/v1/appointments/${id}/rebook`,
    'appointment',
    { startsAt: '2030-01-07T09:00:00+01:00' },
  ],
];

const call = (client: Client, [method, path, , body]: Route, id: string) =>
  client({ method, url: path(id), ...(body ? { payload: body } : {}) });

describe('unknown and invisible ids answer the same', () => {
  it('404 problem+json for an unknown id and for one the clerk may not see, on every route', async () => {
    const f = await fixtures();
    const unknownAsset = 'ZZ-999999';
    const differing: string[] = [];
    for (const route of routes) {
      const [method, path, kind] = route;
      const existing = String(f.ids[kind]);
      const unknown = kind === 'asset' ? unknownAsset : String(UNKNOWN);
      const [a, b] = [await call(f.outsider, route, unknown), await call(f.outsider, route, existing)];
      const label = `${method} ${path('{id}')}`;
      if (a.statusCode !== 404 || b.statusCode !== 404)
        differing.push(`${label}: unknown ${a.statusCode}, invisible ${b.statusCode}`);
      for (const res of [a, b])
        expect(res.headers['content-type'], label).toMatch(/^application\/problem\+json/);
      expect(a.json().code, label).toBe(b.json().code);
    }
    expect(differing).toEqual([]);
  });

  it('an admin gets 404, never 500, for unknown ids (the contract: invitation of meeting 999999)', async () => {
    const f = await fixtures();
    const sb = f.outsider;
    const contract = await sb({ method: 'POST', url: '/api/v1/meetings/999999/invitation' });
    expect(contract.statusCode, contract.body).toBe(404);
    for (const route of routes) {
      const unknown = route[2] === 'asset' ? 'ZZ-999999' : String(UNKNOWN);
      const res = await call(f.admin, route, unknown);
      expect(res.statusCode, `${route[0]} ${route[1]('{id}')} ${res.body}`).toBe(404);
    }
  });
});
