import { sql } from 'kysely';
import type { AppContext } from '../../context';
import { type Actor, loadActor } from '../auth/actor';
import type { DemoRefs } from '../demo/module-demo-data';
import { createTicket } from '../tickets/commands/create-ticket';
import { addAgendaItem, updateAgendaItem } from './commands/agenda-items';
import { approveMinutes } from './commands/approve-minutes';
import { createCommittee } from './commands/create-committee';
import { recordDecision } from './commands/decisions';
import { createTask } from './commands/tasks';
import { localDateString } from './rhythm';

const inDays = (n: number) => localDateString(new Date(Date.now() + n * 86_400_000));

/**
 * "JF IT/Amt 50" and "JF Digitalisierung/Amt 50", alternating every two weeks on Tuesdays; approved
 * minutes of the last JF IT with decisions and open tasks of it-sb with digi; an open routed
 * pre-announcement (a project) waiting for the next JF IT.
 */
export async function loadCommitteesDemoData(ctx: AppContext, refs: DemoRefs): Promise<void> {
  const actor = async (login: string) => (await loadActor(ctx.db, refs.person(login))) as Actor;
  const admin = await actor('admin');
  const koord = await actor('koord50');
  const amt50 = refs.orgUnit('50');
  const itId = await createCommittee(ctx, admin, {
    name: 'JF IT/Amt 50',
    kind: 'itCommittee',
    orgUnitId: amt50,
    chairId: refs.person('koord50'),
    secretaryId: refs.person('it-al'),
    members: [
      { personId: refs.person('it-sb'), role: 'member', position: 'SB IT-Arbeitsplatz' },
      { personId: refs.person('budget50'), role: 'member', position: 'IT-Budget Amt 50' },
      { personId: refs.person('digi'), role: 'member', position: 'Stabsstelle Digitalisierung' },
      { personId: refs.person('it-fv'), role: 'guest', position: 'Fachverfahren (bei Bedarf)' },
    ],
    everyWeeks: 2,
    weekday: 2,
    startTime: '10:00',
    durationMinutes: 90,
    startsOn: localDateString(new Date()),
    alternatesWithId: null,
    offsetWeeks: 0,
    location: 'Rathaus, Besprechungsraum 2.14',
    agendaMailDays: 3,
  });
  await createCommittee(ctx, admin, {
    name: 'JF Digitalisierung/Amt 50',
    kind: 'digitalisation',
    orgUnitId: amt50,
    chairId: refs.person('digi'),
    secretaryId: refs.person('koord50'),
    members: [
      { personId: refs.person('it-al'), role: 'member', position: 'IT-Abteilungsleitung' },
      { personId: refs.person('budget50'), role: 'member', position: null },
      { personId: refs.person('it-sb'), role: 'guest', position: null },
    ],
    everyWeeks: 2,
    weekday: 2,
    startTime: '10:00',
    durationMinutes: 90,
    startsOn: localDateString(new Date()),
    alternatesWithId: itId,
    offsetWeeks: 1,
    location: 'Rathaus, Besprechungsraum 2.14',
    agendaMailDays: 3,
  });

  // the last JF IT, two weeks before the next one, with approved minutes
  const next = await ctx.db
    .selectFrom('meetings')
    .select(['starts_at', 'ends_at'])
    .where('committee_id', '=', itId)
    .orderBy('starts_at')
    .executeTakeFirstOrThrow();
  const shift = (d: Date) => {
    const x = new Date(d);
    x.setDate(x.getDate() - 14);
    return x;
  };
  const past = await ctx.db
    .insertInto('meetings')
    .values({
      committee_id: itId,
      planned_starts_at: shift(next.starts_at),
      starts_at: shift(next.starts_at),
      ends_at: shift(next.ends_at),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const item = async (title: string, reason: string) => {
    await addAgendaItem(ctx, koord, past.id, { title, reason });
    return ctx.db
      .selectFrom('agenda_items')
      .select(['id', 'version'])
      .where('meeting_id', '=', past.id)
      .where('title', '=', title)
      .executeTakeFirstOrThrow();
  };
  const scanner = await item('Scanner-Anbindung an die E-Akte', 'Eskalation aus dem Servicedesk');
  await updateAgendaItem(ctx, koord, scanner.id, {
    version: scanner.version,
    summary:
      'Die Scan-to-Folder-Ablage ist seit drei Wochen instabil. IT stellt auf direkte Übergabe an die E-Akte um.',
  });
  await recordDecision(ctx, koord, scanner.id, {
    text: 'Die Scanner des Amtes 50 werden bis Jahresende direkt an die E-Akte angebunden.',
    outcome: 'approved',
  });
  await createTask(ctx, koord, scanner.id, {
    title: 'Scanprofile für die E-Akte einrichten und testen',
    ownerId: refs.person('it-sb'),
    collaboratorIds: [refs.person('digi')],
    dueOn: inDays(10),
  });
  const overdueTask = await createTask(ctx, koord, scanner.id, {
    title: 'Liste der betroffenen Scanner an die IT geben',
    ownerId: refs.person('it-sb'),
    collaboratorIds: [refs.person('digi'), refs.person('koord50')],
    dueOn: inDays(0),
  });
  // due yesterday: an overdue task that comes back on the next agenda
  await ctx.db
    .updateTable('committee_tasks')
    .set({ due_on: inDays(-1) })
    .where('id', '=', overdueTask)
    .execute();
  const printers = await item('Druckerkonzept 2027', 'Vorschlag der IT');
  await updateAgendaItem(ctx, koord, printers.id, {
    version: printers.version,
    summary: 'Das Amt wünscht weniger Arbeitsplatzdrucker; Kosten der Etagendrucker sind noch offen.',
  });
  await recordDecision(ctx, koord, printers.id, {
    text: 'Die Entscheidung über das Druckerkonzept wird vertagt, bis die Kosten vorliegen.',
    outcome: 'deferred',
  });
  await approveMinutes(ctx, koord, past.id);
  await sql`UPDATE meetings SET invitation_sent_at = starts_at - interval '3 days' WHERE id = ${past.id}`.execute(
    ctx.db,
  );

  // an open routed pre-announcement (routing c → IT committee) for the next JF IT
  const number = await createTicket(ctx, koord, {
    title: 'Smartphones für den Außendienst',
    description:
      'Der Außendienst des Amtes 50 (Hausbesuche Grundsicherung) braucht 25 Diensthandys mit mobilem Zugriff auf die E-Akte.',
    priority: 'normal',
    processType: 'project',
    createdAt: new Date(Date.now() - 5 * 86_400_000),
  });
  const ticket = await ctx.db
    .selectFrom('tickets')
    .select('id')
    .where('number', '=', number)
    .executeTakeFirstOrThrow();
  await ctx.db
    .insertInto('agenda_proposals')
    .values({
      committee_kind: 'itCommittee',
      org_unit_id: amt50,
      source: 'routing',
      ticket_id: ticket.id,
      title: 'Smartphones für den Außendienst',
      reason: 'Weiterleitung c: Projekt zur Entscheidung im JF IT/Amt 50',
      proposed_by_id: refs.person('it-al'),
    })
    .execute();
}
