import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTenant } from '../../../test/helpers/tenant';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';
import { loadActor } from '../auth/actor';
import { buildPerson } from '../org/builders';
import { createTicket } from '../tickets/commands/create-ticket';
import { extractPdfText } from './minutes-pdf';
import { localDateString } from './rhythm';

let t: TestContext;
beforeAll(async () => {
  t = await openTestContext();
});
afterAll(async () => {
  await t.close();
});

const inDays = (n: number) => localDateString(new Date(Date.now() + n * 86_400_000));

/** A department with a committee: chair (coordinator), secretary, IT member, digitalisation guest. */
async function setup() {
  const tenant = await buildTenant(t.ctx.db);
  const admin = await buildPerson(t.ctx.db, { roles: [{ role: 'admin' }] });
  const digi = await buildPerson(t.ctx.db, { name: 'Kai Kunz', roles: [{ role: 'digitalisation' }] });
  const secretary = await buildPerson(t.ctx.db, { name: 'Sven Schrift' });
  const login = async (p: { login: string }) => as(t.app, await signIn(t.app, p.login));
  const adminClient = await login(admin);
  const res = await adminClient({
    method: 'POST',
    url: '/api/v1/committees',
    payload: {
      name: `JF IT/${tenant.department.id}`,
      kind: 'itCommittee',
      orgUnitId: tenant.department.id,
      chairId: tenant.coordinator.id,
      secretaryId: secretary.id,
      members: [
        { personId: tenant.agent.id },
        { personId: digi.id, role: 'guest', position: 'Stabsstelle Digitalisierung' },
      ],
      everyWeeks: 2,
      weekday: 2,
      startTime: '10:00',
      startsOn: localDateString(new Date()),
      location: 'Rathaus, Raum 101',
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  const committee = res.json();
  return {
    tenant,
    admin,
    digi,
    secretary,
    committee,
    adminClient,
    chair: await login(tenant.coordinator),
    agent: await login(tenant.agent),
    digiClient: await login(digi),
    outsider: await login(tenant.outsider),
    secretaryClient: await login(secretary),
  };
}

async function meetings(client: ReturnType<typeof as>, committeeId: number) {
  const res = await client({ method: 'GET', url: `/api/v1/committees/${committeeId}/meetings` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as { id: number; startsAt: string; state: string; version: number }[];
}

async function proposal(
  tenantUnit: number,
  values: { title: string; source?: string; ticketId?: number | null },
) {
  return t.ctx.db
    .insertInto('agenda_proposals')
    .values({
      committee_kind: 'itCommittee',
      org_unit_id: tenantUnit,
      source: (values.source ?? 'routing') as 'routing',
      ticket_id: values.ticketId ?? null,
      title: values.title,
      reason: 'Weiterleitung c: Entscheidung im JF IT',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

describe('committees: rhythm, visibility', () => {
  it('generates upcoming meetings every two weeks and shows the committee only to its people', async () => {
    const s = await setup();
    const list = await meetings(s.chair, s.committee.id);
    expect(list.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < list.length; i++) {
      const days = (Date.parse(list[i].startsAt) - Date.parse(list[i - 1].startsAt)) / 86_400_000;
      expect([14, 28]).toContain(Math.round(days)); // 28 when a holiday was skipped
    }
    const berlinHour = new Intl.DateTimeFormat('de-DE', {
      timeZone: 'Europe/Berlin',
      hour: '2-digit',
      minute: '2-digit',
    });
    expect(new Set(list.map((m) => berlinHour.format(new Date(m.startsAt))))).toEqual(new Set(['10:00']));

    const names = async (c: ReturnType<typeof as>) =>
      (await c({ method: 'GET', url: '/api/v1/committees' }))
        .json()
        .items.map((x: { name: string }) => x.name);
    expect(await names(s.chair)).toContain(s.committee.name);
    expect(await names(s.digiClient)).toContain(s.committee.name); // guest
    expect(await names(s.outsider)).not.toContain(s.committee.name);
    const head = as(t.app, await signIn(t.app, s.tenant.itHead.login));
    expect(await names(head)).toContain(s.committee.name);
    expect((await s.outsider({ method: 'GET', url: `/api/v1/meetings/${list[0].id}` })).statusCode).toBe(404);
    expect(
      (await s.outsider({ method: 'GET', url: `/api/v1/committees/${s.committee.id}/meetings` })).statusCode,
    ).toBe(404);
  });

  it('documents the committee API in OpenAPI', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths)).toEqual(
      expect.arrayContaining(['/api/v1/committees', '/api/v1/meetings/{id}', '/api/v1/tasks']),
    );
  });

  it('refuses inactive members and non-admins', async () => {
    const s = await setup();
    const gone = await buildPerson(t.ctx.db);
    await t.ctx.db.updateTable('persons').set({ active: false }).where('id', '=', gone.id).execute();
    const res = await s.adminClient({
      method: 'POST',
      url: '/api/v1/committees',
      payload: {
        name: `JF gone ${gone.id}`,
        kind: 'digitalisation',
        chairId: s.tenant.coordinator.id,
        members: [{ personId: gone.id }],
        weekday: 3,
        startTime: '09:00',
        startsOn: '2026-01-05',
      },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({
      code: 'personNotActive',
      errors: [{ field: 'body.members.0.personId' }],
    });
    const denied = await s.chair({
      method: 'POST',
      url: '/api/v1/committees',
      payload: {
        name: 'x',
        kind: 'digitalisation',
        chairId: 1,
        weekday: 3,
        startTime: '09:00',
        startsOn: '2026-01-05',
      },
    });
    expect(denied.statusCode).toBe(403);
  });
});

describe('agenda assembly', () => {
  it('builds the next agenda from routed and escalated proposals and due tasks of earlier meetings, once', async () => {
    const s = await setup();
    const [next] = await meetings(s.chair, s.committee.id);
    const routed = await proposal(s.tenant.department.id, { title: 'Smartphones für den Außendienst' });
    const escalated = await proposal(s.tenant.department.id, {
      title: 'Fachverfahren stürzt ab',
      source: 'escalation',
    });
    const otherUnit = await proposal(s.tenant.otherDepartment.id, { title: 'Nicht unser Amt' });
    // a past meeting of this committee with an overdue and a later task
    const past = await t.ctx.db
      .insertInto('meetings')
      .values({
        committee_id: s.committee.id,
        planned_starts_at: new Date(Date.now() - 14 * 86_400_000),
        starts_at: new Date(Date.now() - 14 * 86_400_000),
        ends_at: new Date(Date.now() - 14 * 86_400_000 + 3_600_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const pastItem = await t.ctx.db
      .insertInto('agenda_items')
      .values({ meeting_id: past.id, position: 1, source: 'manual', title: 'Druckerkonzept' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const overdue = await t.ctx.db
      .insertInto('committee_tasks')
      .values({
        meeting_id: past.id,
        agenda_item_id: pastItem.id,
        title: 'Angebote einholen',
        owner_id: s.tenant.agent.id,
        due_on: inDays(-3),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.ctx.db
      .insertInto('committee_tasks')
      .values({ meeting_id: past.id, title: 'Später', owner_id: s.tenant.agent.id, due_on: inDays(200) })
      .execute();

    const first = await s.chair({ method: 'GET', url: `/api/v1/meetings/${next.id}` });
    expect(first.statusCode, first.body).toBe(200);
    const items = first.json().agendaItems as {
      title: string;
      source: string;
      proposalId: number | null;
      taskId: number | null;
    }[];
    expect(items.map((i) => [i.source, i.title])).toEqual([
      ['routing', 'Smartphones für den Außendienst'],
      ['escalation', 'Fachverfahren stürzt ab'],
      ['task', 'Aufgabe: Angebote einholen'],
    ]);
    expect(items[2].taskId).toBe(overdue.id);
    // idempotent, also when several assemble at once: every proposal and task lands once
    const late = await proposal(s.tenant.department.id, { title: 'Nachzügler' });
    const runs = await Promise.all(
      [1, 2, 3].map(() => s.chair({ method: 'POST', url: `/api/v1/meetings/${next.id}/agenda/assemble` })),
    );
    expect(runs.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    const again = (await s.chair({ method: 'GET', url: `/api/v1/meetings/${next.id}` })).json();
    expect(again.agendaItems).toHaveLength(4);
    expect(again.agendaItems.filter((i: { proposalId: number }) => i.proposalId === late.id)).toHaveLength(1);
    const lateItem = again.agendaItems.find((i: { proposalId: number }) => i.proposalId === late.id);
    await s.chair({
      method: 'PATCH',
      url: `/api/v1/agenda-items/${lateItem.id}`,
      payload: { version: lateItem.version, action: 'remove', reason: 'Doppelt' },
    });
    const states = await t.ctx.db
      .selectFrom('agenda_proposals')
      .select(['id', 'state'])
      .where('id', 'in', [routed.id, escalated.id, otherUnit.id])
      .orderBy('id')
      .execute();
    expect(states.map((p) => p.state)).toEqual(['scheduled', 'scheduled', 'open']);

    // manual item; the chair orders, defers to the next meeting and removes with a reason
    const manual = await s.chair({
      method: 'POST',
      url: `/api/v1/meetings/${next.id}/agenda-items`,
      payload: { title: 'Verschiedenes' },
    });
    expect(manual.statusCode, manual.body).toBe(201);
    const all = manual.json().agendaItems as {
      id: number;
      title: string;
      version: number;
      position: number;
    }[];
    const moved = await s.chair({
      method: 'PATCH',
      url: `/api/v1/agenda-items/${all[3].id}`,
      payload: { version: all[3].version, position: 1 },
    });
    expect(moved.json().agendaItems.map((i: { title: string }) => i.title)[0]).toBe('Verschiedenes');
    const deferred = await s.chair({
      method: 'PATCH',
      url: `/api/v1/agenda-items/${all[1].id}`,
      payload: { version: all[1].version, action: 'defer', reason: 'Unterlagen fehlen' },
    });
    expect(deferred.statusCode, deferred.body).toBe(200);
    const noReason = await s.chair({
      method: 'PATCH',
      url: `/api/v1/agenda-items/${all[2].id}`,
      payload: { version: all[2].version, action: 'remove' },
    });
    expect(noReason.statusCode).toBe(400);
    const removed = await s.chair({
      method: 'PATCH',
      url: `/api/v1/agenda-items/${all[2].id}`,
      payload: { version: all[2].version, action: 'remove', reason: 'Erledigt' },
    });
    expect(removed.json().agendaItems.find((i: { id: number }) => i.id === all[2].id)).toMatchObject({
      state: 'removed',
      removedReason: 'Erledigt',
    });
    const second = (await meetings(s.chair, s.committee.id)).find(
      (m) => Date.parse(m.startsAt) > Date.parse(next.startsAt),
    );
    const following = (await s.chair({ method: 'GET', url: `/api/v1/meetings/${second?.id}` })).json();
    expect(
      following.agendaItems.map((i: { source: string; title: string }) => [i.source, i.title]),
    ).toContainEqual(['deferred', 'Fachverfahren stürzt ab']);
    // members may look, not edit
    expect(
      (
        await s.agent({
          method: 'POST',
          url: `/api/v1/meetings/${next.id}/agenda-items`,
          payload: { title: 'x' },
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe('minutes', () => {
  it('records decisions and tasks, detects concurrent edits, freezes on approval and renders the PDF', async () => {
    const s = await setup();
    const chairActor = await loadActor(t.ctx.db, s.tenant.coordinator.id);
    if (!chairActor) throw new Error('no actor');
    const number = await createTicket(t.ctx, chairActor, {
      title: 'Smartphones für den Außendienst',
      description: 'Projekt',
      priority: 'normal',
      processType: 'project',
    });
    const ticket = await t.ctx.db
      .selectFrom('tickets')
      .select(['id'])
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
    await proposal(s.tenant.department.id, { title: 'Smartphones für den Außendienst', ticketId: ticket.id });
    const [next] = await meetings(s.chair, s.committee.id);
    const detail = (await s.chair({ method: 'GET', url: `/api/v1/meetings/${next.id}` })).json();
    const item = detail.agendaItems[0];
    expect(item.ticket).toEqual({ number, title: 'Smartphones für den Außendienst' });

    // two secretaries save the same item: the second gets 409 and nothing is lost
    const a = await s.chair({
      method: 'PATCH',
      url: `/api/v1/agenda-items/${item.id}`,
      payload: { version: item.version, summary: 'Bedarf 40 Geräte.' },
    });
    expect(a.statusCode, a.body).toBe(200);
    const b = await s.secretaryClient({
      method: 'PATCH',
      url: `/api/v1/agenda-items/${item.id}`,
      payload: { version: item.version, summary: 'Bedarf 35 Geräte.' },
    });
    expect(b.statusCode).toBe(409);
    expect(b.headers['content-type']).toContain('application/problem+json');
    expect(b.json()).toMatchObject({ code: 'agendaItemVersionConflict' });
    expect(b.json().detail).toContain('jemand anderem');
    const kept = (await s.chair({ method: 'GET', url: `/api/v1/meetings/${next.id}` })).json();
    expect(kept.agendaItems[0].summary).toBe('Bedarf 40 Geräte.');

    // at the same moment: exactly one of two saves with the same version wins
    const race = await Promise.all(
      ['Bedarf: 40 Geräte.', 'Bedarf: 41 Geräte.'].map((summary) =>
        s.chair({
          method: 'PATCH',
          url: `/api/v1/agenda-items/${item.id}`,
          payload: { version: kept.agendaItems[0].version, summary },
        }),
      ),
    );
    expect(race.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const winner = race.find((r) => r.statusCode === 200)?.json().agendaItems[0];
    await s.chair({
      method: 'PATCH',
      url: `/api/v1/agenda-items/${item.id}`,
      payload: { version: winner.version, summary: 'Bedarf 40 Geräte.' },
    });

    const decision = await s.secretaryClient({
      method: 'POST',
      url: `/api/v1/agenda-items/${item.id}/decisions`,
      payload: { text: 'Das Projekt wird freigegeben.', outcome: 'approved' },
    });
    expect(decision.statusCode, decision.body).toBe(201);
    expect(decision.json()).toMatchObject({ outcome: 'approved', ticket: { number }, frozen: false });

    // bad task input
    const task = (payload: object) =>
      s.secretaryClient({ method: 'POST', url: `/api/v1/agenda-items/${item.id}/tasks`, payload });
    expect((await task({ title: 'Ohne Owner', dueOn: inDays(7) })).statusCode).toBe(400);
    expect((await task({ title: 'Ohne Datum', ownerId: s.tenant.agent.id })).statusCode).toBe(400);
    const pastDue = await task({ title: 'Gestern', ownerId: s.tenant.agent.id, dueOn: inDays(-1) });
    expect(pastDue.statusCode).toBe(422);
    expect(pastDue.json()).toMatchObject({ code: 'taskDueInPast', errors: [{ field: 'body.dueOn' }] });
    const gone = await buildPerson(t.ctx.db);
    await t.ctx.db.updateTable('persons').set({ active: false }).where('id', '=', gone.id).execute();
    expect((await task({ title: 'x', ownerId: gone.id, dueOn: inDays(7) })).json().code).toBe(
      'personNotActive',
    );
    const created = await task({
      title: 'Angebote für Smartphones einholen',
      ownerId: s.tenant.agent.id,
      collaboratorIds: [s.digi.id],
      dueOn: inDays(14),
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      owner: { id: s.tenant.agent.id },
      collaborators: [{ id: s.digi.id, name: 'Kai Kunz' }],
      state: 'open',
      dueOn: inDays(14),
    });

    const approved = await s.chair({ method: 'POST', url: `/api/v1/meetings/${next.id}/approve` });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ minutesState: 'approved', hasPdf: true, can: { edit: false } });
    expect(approved.json().decisions[0].frozen).toBe(true);

    // frozen: every change through the API is 409 problem+json, the database refuses as well
    const d = approved.json().decisions[0];
    const change = await s.chair({
      method: 'PATCH',
      url: `/api/v1/decisions/${d.id}`,
      payload: { version: d.version, text: 'Doch nicht.' },
    });
    expect(change.statusCode).toBe(409);
    expect(change.headers['content-type']).toContain('application/problem+json');
    expect(change.json().code).toBe('minutesApproved');
    expect((await s.chair({ method: 'DELETE', url: `/api/v1/decisions/${d.id}` })).statusCode).toBe(409);
    for (const [method, payload] of [
      ['PATCH', { text: 'ohne Version' }],
      ['PUT', { text: 'Doch nicht.', outcome: 'rejected', version: d.version }],
      ['PATCH', { outcome: 'rejected', extra: true }],
    ] as const) {
      const res = await s.chair({ method, url: `/api/v1/decisions/${d.id}`, payload });
      expect(res.statusCode, `${method} ${JSON.stringify(payload)}`).toBe(409);
      expect(res.json().code).toBe('minutesApproved');
    }
    const byMember = await s.agent({
      method: 'PATCH',
      url: `/api/v1/decisions/${d.id}`,
      payload: { text: 'x' },
    });
    expect(byMember.statusCode).toBe(409);
    expect(
      (await s.outsider({ method: 'PATCH', url: `/api/v1/decisions/${d.id}`, payload: { text: 'x' } }))
        .statusCode,
    ).toBe(404);
    const frozenItem = await s.chair({
      method: 'PATCH',
      url: `/api/v1/agenda-items/${item.id}`,
      payload: { version: approved.json().agendaItems[0].version, summary: 'nachträglich' },
    });
    expect(frozenItem.statusCode).toBe(409);
    expect((await s.chair({ method: 'POST', url: `/api/v1/meetings/${next.id}/approve` })).statusCode).toBe(
      409,
    );
    expect(
      (
        await s.chair({
          method: 'POST',
          url: `/api/v1/agenda-items/${item.id}/decisions`,
          payload: { text: 'Nachtrag', outcome: 'rejected' },
        })
      ).statusCode,
    ).toBe(409);
    await expect(
      sql`UPDATE decisions SET text = 'heimlich' WHERE id = ${d.id}`.execute(t.ctx.db),
    ).rejects.toThrow(/immutable/);
    await expect(sql`DELETE FROM decisions WHERE id = ${d.id}`.execute(t.ctx.db)).rejects.toThrow(
      /immutable/,
    );

    // a correction is a new decision in a later meeting that references the old one
    const second = (await meetings(s.chair, s.committee.id)).find((m) => m.id !== next.id);
    const secondDetail = (await s.chair({ method: 'GET', url: `/api/v1/meetings/${second?.id}` })).json();
    const corrItem = secondDetail.agendaItems.length
      ? secondDetail.agendaItems[0]
      : (
          await s.chair({
            method: 'POST',
            url: `/api/v1/meetings/${second?.id}/agenda-items`,
            payload: { title: 'Berichtigung' },
          })
        ).json().agendaItems[0];
    const correction = await s.chair({
      method: 'POST',
      url: `/api/v1/agenda-items/${corrItem.id}/decisions`,
      payload: { text: 'Berichtigung: 35 statt 40 Geräte.', outcome: 'approved', correctsId: d.id },
    });
    expect(correction.statusCode, correction.body).toBe(201);
    expect(correction.json().correctsId).toBe(d.id);

    // the PDF: header, item, decision, task table with "mit wem"
    const pdf = await s.agent({ method: 'GET', url: `/api/v1/meetings/${next.id}/minutes.pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = extractPdfText(pdf.rawPayload);
    expect(text).toContain('Stadt Musterstadt');
    expect(text).toContain('TOP 1: Smartphones für den Außendienst');
    expect(text).toContain('Bedarf 40 Geräte.');
    expect(text).toContain(
      `Beschluss ${d.id} (beschlossen): Das Projekt wird freigegeben. [Vorgang ${number}]`,
    );
    expect(text).toContain('mit wem');
    expect(text).toContain('Kai Kunz');
    expect(text).toContain('Angebote für Smartphones einholen');

    // the approved project moved on: system article and state
    const project = await t.ctx.db
      .selectFrom('tickets')
      .innerJoin('ticket_states', 'ticket_states.id', 'tickets.state_id')
      .select(['ticket_states.key'])
      .where('tickets.id', '=', ticket.id)
      .executeTakeFirstOrThrow();
    expect(project.key).toBe('inProgress');
    const articles = await t.ctx.db
      .selectFrom('articles')
      .select(['kind', 'body'])
      .where('ticket_id', '=', ticket.id)
      .execute();
    expect(articles).toEqual([
      { kind: 'system', body: expect.stringContaining('Das Projekt wird freigegeben.') },
    ]);
    const prop = await t.ctx.db
      .selectFrom('agenda_proposals')
      .select('state')
      .where('ticket_id', '=', ticket.id)
      .executeTakeFirstOrThrow();
    expect(prop.state).toBe('done');
  });
});

describe('tasks', () => {
  it('shows tasks to owner and collaborators, completes with a result note, exports CSV and XLSX', async () => {
    const s = await setup();
    const [next] = await meetings(s.chair, s.committee.id);
    const detail = (
      await s.chair({
        method: 'POST',
        url: `/api/v1/meetings/${next.id}/agenda-items`,
        payload: { title: 'WLAN' },
      })
    ).json();
    const item = detail.agendaItems.find((i: { title: string }) => i.title === 'WLAN');
    const created = await s.chair({
      method: 'POST',
      url: `/api/v1/agenda-items/${item.id}/tasks`,
      payload: {
        title: '=WLAN ausleuchten',
        ownerId: s.tenant.agent.id,
        collaboratorIds: [s.digi.id],
        dueOn: inDays(1),
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;

    for (const client of [s.agent, s.digiClient]) {
      const mine = await client({ method: 'GET', url: '/api/v1/tasks?mine=true' });
      expect(mine.json().items).toContainEqual(
        expect.objectContaining({
          id,
          owner: { id: s.tenant.agent.id, name: 'Jonas Weber' },
          collaborators: [{ id: s.digi.id, name: 'Kai Kunz' }],
          dueOn: inDays(1),
          state: 'open',
          can: { complete: true },
        }),
      );
    }
    expect((await s.outsider({ method: 'GET', url: '/api/v1/tasks?mine=true' })).json().items).toEqual([]);
    expect(
      (
        await s.outsider({
          method: 'POST',
          url: `/api/v1/tasks/${id}/complete`,
          payload: { resultNote: 'x' },
        })
      ).statusCode,
    ).toBe(404);

    const csv = await s.chair({
      method: 'GET',
      url: `/api/v1/tasks/export?committeeId=${s.committee.id}&format=csv`,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('Was;Wer;mit wem;bis wann');
    expect(csv.body).toContain("'=WLAN ausleuchten;Jonas Weber;Kai Kunz");
    const xlsx = await s.chair({
      method: 'GET',
      url: `/api/v1/tasks/export?committeeId=${s.committee.id}&format=xlsx`,
    });
    expect(xlsx.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Aufgaben');
    expect(sheet?.getRow(2).getCell(3).value).toBe("'=WLAN ausleuchten");
    expect(sheet?.getRow(2).getCell(5).value).toBe('Kai Kunz');

    // reminder mail before the due date, once
    const { remindTasks } = await import('./commands/remind-tasks');
    await remindTasks(t.ctx);
    await remindTasks(t.ctx);
    const reminders = await t.ctx.db
      .selectFrom('outbound_mail')
      .select(['to_addresses', 'subject'])
      .where('kind', '=', 'committee.taskReminder')
      .where('subject', 'like', '%=WLAN ausleuchten%')
      .execute();
    expect(reminders).toHaveLength(1);
    expect(reminders[0].to_addresses.sort()).toEqual(
      [s.tenant.agent.login, s.digi.login].map((l) => `${l}@example.org`).sort(),
    );

    const empty = await s.agent({
      method: 'POST',
      url: `/api/v1/tasks/${id}/complete`,
      payload: { resultNote: '  ' },
    });
    expect(empty.statusCode).toBe(400);
    const done = await s.digiClient({
      method: 'POST',
      url: `/api/v1/tasks/${id}/complete`,
      payload: { resultNote: 'Ausleuchtung erledigt, 3 neue Access Points nötig.' },
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({
      state: 'done',
      resultNote: 'Ausleuchtung erledigt, 3 neue Access Points nötig.',
    });
    const twice = await s.agent({
      method: 'POST',
      url: `/api/v1/tasks/${id}/complete`,
      payload: { resultNote: 'x' },
    });
    expect(twice.statusCode).toBe(409);
    const open = await s.agent({ method: 'GET', url: '/api/v1/tasks?mine=true&state=open' });
    expect(open.json().items.map((x: { id: number }) => x.id)).not.toContain(id);
  });
});
