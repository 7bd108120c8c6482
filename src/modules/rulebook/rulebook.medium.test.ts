import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTenant } from '../../../test/helpers/tenant';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';
import { buildPerson } from '../org/builders';
import { defaultRuleSet } from './default-rules';

let t: TestContext;
beforeAll(async () => {
  t = await openTestContext();
});
afterAll(async () => {
  await t.close();
});

async function setup() {
  const tenant = await buildTenant(t.ctx.db);
  const digi = await buildPerson(t.ctx.db, { roles: [{ role: 'digitalisation' }] });
  const login = async (p: { login: string }) => as(t.app, await signIn(t.app, p.login));
  return {
    tenant,
    requester: await login(tenant.requester),
    outsider: await login(tenant.outsider),
    coordinator: await login(tenant.coordinator),
    agent: await login(tenant.agent),
    digi: await login(digi),
  };
}

const smartphone = {
  broken: false,
  replacement: false,
  approvedItem: false,
  standardWorkplace: true,
  specialSoftware: false,
  additionalLicences: false,
  specialHardware: true,
};

async function announce(
  client: ReturnType<typeof as>,
  tenant: Awaited<ReturnType<typeof setup>>['tenant'],
  extra: object = {},
) {
  const triage = (
    await client({ method: 'POST', url: '/api/v1/triage', payload: { answers: smartphone } })
  ).json();
  const res = await client({
    method: 'POST',
    url: '/api/v1/tickets',
    payload: {
      title: 'Diensthandys für den Außendienst',
      topic: tenant.topic.key,
      processType: 'project',
      triage: { ruleVersion: triage.ruleVersion, answers: smartphone },
      preAnnouncement: {
        description: '5 Smartphones für Hausbesuche',
        urgency: 'itCommittee',
        technicalSketch: '5 Geräte, MDM',
      },
      ...extra,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('Wegweiser, pre-announcement and routing', () => {
  it('triage asks question by question and quotes the smartphone rule', async () => {
    const { requester } = await setup();
    const first = await requester({ method: 'POST', url: '/api/v1/triage', payload: { answers: {} } });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ complete: false, nextQuestion: { key: 'broken' } });
    const done = (
      await requester({ method: 'POST', url: '/api/v1/triage', payload: { answers: smartphone } })
    ).json();
    expect(done).toMatchObject({ complete: true, outcome: 'project', ruleId: 'projectSpecialHardware' });
    expect(done.reason).toBe('Smartphones sind Spezialhardware → Vorhaben mit Vorklärung.');
    expect(done.ruleVersion).toBeGreaterThanOrEqual(1);
    expect(done.principles[0]).toContain('ohne Einbezug der IT');
  });

  it('files a project with its pre-announcement; IT and the digitalisation unit see it, with the answer due in 3 working days', async () => {
    const { tenant, requester, agent, digi, outsider } = await setup();
    const ticket = await announce(requester, tenant);
    expect(ticket.processType).toBe('project');
    expect(ticket.preAnnouncement).toMatchObject({
      description: '5 Smartphones für Hausbesuche',
      urgency: 'itCommittee',
    });
    expect(ticket.routing).toBeNull();
    const view = await agent({ method: 'GET', url: `/api/v1/tickets/${ticket.number}/rulebook` });
    expect(view.statusCode, view.body).toBe(200);
    const body = view.json();
    expect(body.preAnnouncement).toMatchObject({
      description: '5 Smartphones für Hausbesuche',
      urgency: 'itCommittee',
      answerOverdue: false,
    });
    expect(body.classifications[0]).toMatchObject({
      kind: 'triage',
      outcome: 'project',
      ruleId: 'projectSpecialHardware',
    });
    expect(body.classifications[0].ruleVersion).toBeGreaterThanOrEqual(1);
    expect(body.can).toMatchObject({ route: true });
    const due = new Date(body.preAnnouncement.answerDueAt).getTime();
    expect(due - Date.parse(ticket.createdAt)).toBeGreaterThan(2 * 24 * 3600_000);
    expect(due - Date.parse(ticket.createdAt)).toBeLessThan(9 * 24 * 3600_000);
    expect((await digi({ method: 'GET', url: `/api/v1/tickets/${ticket.number}` })).statusCode).toBe(200);
    expect((await outsider({ method: 'GET', url: `/api/v1/tickets/${ticket.number}` })).statusCode).toBe(404);
  });

  it('rejects a project pre-announcement without description, naming what is missing, and writes nothing', async () => {
    const { tenant, requester } = await setup();
    const res = await requester({
      method: 'POST',
      url: '/api/v1/tickets',
      payload: {
        title: 'Neue Software',
        topic: tenant.topic.key,
        processType: 'project',
        preAnnouncement: { urgency: 'digitalisation' },
      },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('preAnnouncementIncomplete');
    expect(res.json().errors).toEqual([{ field: 'body.preAnnouncement.description', message: 'required' }]);
    const none = await requester({
      method: 'POST',
      url: '/api/v1/tickets',
      payload: { title: 'X', processType: 'project' },
    });
    expect(none.statusCode).toBe(422);
    expect(none.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'body.preAnnouncement.description',
      'body.preAnnouncement.urgency',
    ]);
    const mine = await requester({ method: 'GET', url: '/api/v1/tickets?requester=me&limit=100' });
    expect(mine.json().items).toEqual([]);
  });

  it('IT routes to the IT committee: an open agenda proposal for the requester’s department; non-IT 403, invisible 404', async () => {
    const { tenant, requester, agent, digi, outsider } = await setup();
    const { number } = await announce(requester, tenant);
    const payload = { decision: 'itCommittee', reason: 'Mobilgeräte-Strategie klären' };
    expect(
      (await requester({ method: 'POST', url: `/api/v1/tickets/${number}/routing`, payload })).statusCode,
    ).toBe(403);
    expect(
      (await digi({ method: 'POST', url: `/api/v1/tickets/${number}/routing`, payload })).statusCode,
    ).toBe(403);
    expect(
      (await outsider({ method: 'POST', url: `/api/v1/tickets/${number}/routing`, payload })).statusCode,
    ).toBe(404);
    const bad = await agent({
      method: 'POST',
      url: `/api/v1/tickets/${number}/routing`,
      payload: { decision: 'x', reason: 'y' },
    });
    expect(bad.statusCode).toBe(400);
    const res = await agent({ method: 'POST', url: `/api/v1/tickets/${number}/routing`, payload });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().routing).toMatchObject({
      decision: 'itCommittee',
      reason: 'Mobilgeräte-Strategie klären',
    });
    const proposals = await t.ctx.db
      .selectFrom('agenda_proposals')
      .selectAll()
      .where('id', '=', res.json().routing.agendaProposalId)
      .execute();
    expect(proposals).toHaveLength(1);
    expect(proposals[0]).toMatchObject({
      committee_kind: 'itCommittee',
      source: 'routing',
      state: 'open',
      org_unit_id: tenant.department.id,
      title: 'Diensthandys für den Außendienst',
    });
    expect(
      (await agent({ method: 'POST', url: `/api/v1/tickets/${number}/routing`, payload })).statusCode,
    ).toBe(409);
    // the requester gets IT's answer with the number and the decision
    const detail = (await requester({ method: 'GET', url: `/api/v1/tickets/${number}` })).json();
    expect(detail.articles.at(-1).body).toContain('JF IT');
  });

  it('routes to digitalisation (proposal for that committee) and direct order (becomes an order, no proposal)', async () => {
    const { tenant, requester, agent } = await setup();
    const a = await announce(requester, tenant);
    const ra = await agent({
      method: 'POST',
      url: `/api/v1/tickets/${a.number}/routing`,
      payload: { decision: 'digitalisation', reason: 'Prozess ändert sich' },
    });
    expect(ra.json().agendaProposals[0]).toMatchObject({
      committeeKind: 'digitalisation',
      source: 'routing',
    });
    const b = await announce(requester, tenant);
    const rb = await agent({
      method: 'POST',
      url: `/api/v1/tickets/${b.number}/routing`,
      payload: { decision: 'directOrder' }, // no reason: the decision's standard wording is recorded
    });
    expect(rb.statusCode, rb.body).toBe(201);
    expect(rb.json()).toMatchObject({ processType: 'order', agendaProposals: [] });
    expect(rb.json().classifications.at(-1)).toMatchObject({ kind: 'reclassification', outcome: 'order' });
    expect(rb.json().routing.reason).toContain('Direktbestellung');
  });

  it('escalates a support ticket by the coordinator; a plain requester may not', async () => {
    const { tenant, requester, coordinator, agent } = await setup();
    const res = await requester({
      method: 'POST',
      url: '/api/v1/tickets',
      payload: { title: 'Drucker seit Wochen kaputt', topic: tenant.topic.key },
    });
    const { number } = res.json();
    const payload = { reason: 'Seit drei Wochen keine Rückmeldung' };
    expect(
      (await requester({ method: 'POST', url: `/api/v1/tickets/${number}/escalation`, payload })).statusCode,
    ).toBe(403);
    const esc = await coordinator({ method: 'POST', url: `/api/v1/tickets/${number}/escalation`, payload });
    expect(esc.statusCode, esc.body).toBe(201);
    expect(esc.json().agendaProposals[0]).toMatchObject({
      committeeKind: 'itCommittee',
      source: 'escalation',
      orgUnitId: tenant.department.id,
    });
    expect(
      (await agent({ method: 'POST', url: `/api/v1/tickets/${number}/escalation`, payload })).statusCode,
    ).toBe(409);
    // IT reclassifies with a reason, recorded in the history
    const re = await agent({
      method: 'POST',
      url: `/api/v1/tickets/${number}/classification`,
      payload: { processType: 'order', reason: 'Ersatzgerät nötig' },
    });
    expect(re.statusCode, re.body).toBe(200);
    expect(re.json().processType).toBe('order');
    const detail = (await agent({ method: 'GET', url: `/api/v1/tickets/${number}` })).json();
    expect(detail.history.map((h: { field: string }) => h.field)).toEqual(
      expect.arrayContaining(['escalated', 'processType']),
    );
  });

  it('admins publish a new rulebook version after validation; preview shows draft against current', async () => {
    const tenant = await buildTenant(t.ctx.db);
    const admin = await buildPerson(t.ctx.db, { orgUnitId: tenant.itUnit.id, roles: [{ role: 'admin' }] });
    const client = as(t.app, await signIn(t.app, admin.login));
    const invalid = structuredClone(defaultRuleSet);
    invalid.rules[0].when[0].question = 'unknownQuestion';
    const bad = await client({ method: 'PUT', url: '/api/v1/admin/rulebook', payload: { rules: invalid } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('rulebookInvalid');
    const draft = structuredClone(defaultRuleSet);
    draft.rules[1].outcome = 'project';
    const preview = await client({
      method: 'POST',
      url: '/api/v1/admin/rulebook/preview',
      payload: { rules: draft, cases: [{ broken: false, replacement: true }] },
    });
    expect(preview.json()).toMatchObject({
      valid: true,
      results: [{ draft: { outcome: 'project' }, current: { outcome: 'order' } }],
    });
    const before = (await client({ method: 'GET', url: '/api/v1/rulebook' })).json().version;
    const ok = await client({
      method: 'PUT',
      url: '/api/v1/admin/rulebook',
      payload: { rules: defaultRuleSet, note: 'unverändert' },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().version).toBe(before + 1);
    // the admin page shows who published the version
    expect((await client({ method: 'GET', url: '/api/v1/rulebook' })).json()).toMatchObject({
      version: before + 1,
      note: 'unverändert',
      author: admin.login, // the builder names a person after the login
    });
    const requester = as(t.app, await signIn(t.app, tenant.requester.login));
    expect(
      (await requester({ method: 'PUT', url: '/api/v1/admin/rulebook', payload: { rules: defaultRuleSet } }))
        .statusCode,
    ).toBe(403);
  });
});
