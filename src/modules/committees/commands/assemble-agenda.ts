import { sql } from 'kysely';
import type { AppContext } from '../../../context';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { lockEditableMeeting, nextPosition } from './guards';

/**
 * Builds the agenda of a meeting from what is pending for its committee: open agenda proposals of
 * its kind and org unit (routed pre-announcements, escalations, manual proposals) and the open tasks
 * of earlier meetings that are due by the meeting day. Idempotent: a proposal lands on one agenda
 * once (then it is 'scheduled'); a task lands on a given meeting's agenda once and comes back on the
 * next one as long as it stays open.
 */
export async function assembleAgenda(
  ctx: Pick<AppContext, 'db'>,
  actor: Actor | null,
  meetingId: number,
): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const meeting = await trx
      .selectFrom('meetings')
      .innerJoin('committees', 'committees.id', 'meetings.committee_id')
      .select([
        'meetings.id',
        'meetings.committee_id',
        'meetings.starts_at',
        'meetings.state',
        'meetings.minutes_state',
        'committees.kind',
        'committees.org_unit_id',
      ])
      .where('meetings.id', '=', meetingId)
      .executeTakeFirstOrThrow();
    if (meeting.minutes_state === 'approved' || meeting.state === 'cancelled') return 0;
    await lockEditableMeeting(trx, meetingId);
    let position = await nextPosition(trx, meetingId);
    let added = 0;

    const proposals = await trx
      .selectFrom('agenda_proposals')
      .selectAll()
      .where('state', '=', 'open')
      .where('committee_kind', '=', meeting.kind)
      .where((eb) =>
        meeting.org_unit_id === null
          ? eb('org_unit_id', 'is', null)
          : eb('org_unit_id', '=', meeting.org_unit_id),
      )
      .orderBy('created_at')
      .orderBy('id')
      .forUpdate()
      .skipLocked()
      .execute();
    for (const p of proposals) {
      const item = await trx
        .insertInto('agenda_items')
        .values({
          meeting_id: meetingId,
          position,
          source: p.source,
          proposal_id: p.id,
          ticket_id: p.ticket_id,
          title: p.title,
          reason: p.reason,
        })
        .onConflict((oc) =>
          oc.columns(['meeting_id', 'proposal_id']).where('proposal_id', 'is not', null).doNothing(),
        )
        .returning('id')
        .executeTakeFirst();
      await trx
        .updateTable('agenda_proposals')
        .set({ state: 'scheduled', scheduled_at: new Date() })
        .where('id', '=', p.id)
        .execute();
      if (item) {
        position++;
        added++;
      }
    }

    // open tasks of earlier meetings of this committee, due by the meeting day
    const tasks = await trx
      .selectFrom('committee_tasks as t')
      .innerJoin('meetings as m', 'm.id', 't.meeting_id')
      .innerJoin('persons as o', 'o.id', 't.owner_id')
      .select(['t.id', 't.title', 'o.name as owner_name', sql<string>`t.due_on::text`.as('due_on')])
      .where('m.committee_id', '=', meeting.committee_id)
      .where('t.meeting_id', '<>', meetingId)
      .where('m.starts_at', '<', meeting.starts_at)
      .where('t.state', '=', 'open')
      .where(sql<boolean>`t.due_on <= (${meeting.starts_at}::timestamptz AT TIME ZONE 'Europe/Berlin')::date`)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('agenda_items as a')
              .select('a.id')
              .whereRef('a.task_id', '=', 't.id')
              .where('a.meeting_id', '=', meetingId),
          ),
        ),
      )
      .orderBy('t.due_on')
      .orderBy('t.id')
      .execute();
    for (const t of tasks) {
      await trx
        .insertInto('agenda_items')
        .values({
          meeting_id: meetingId,
          position: position++,
          source: 'task',
          task_id: t.id,
          title: `Aufgabe: ${t.title}`.slice(0, 300),
          reason: `${t.owner_name}, fällig am ${t.due_on}`,
        })
        .onConflict((oc) =>
          oc.columns(['meeting_id', 'task_id']).where('task_id', 'is not', null).doNothing(),
        )
        .execute();
      added++;
    }
    if (added > 0)
      await recordAudit(trx, actor, 'committee.agenda.assemble', 'meeting', meetingId, null, {
        proposals: proposals.map((p) => p.id),
        tasks: tasks.map((t) => t.id),
      });
    return added;
  });
}

/** The next meeting of every active committee gets its agenda assembled (job; idempotent). */
export async function assembleNextAgendas(ctx: Pick<AppContext, 'db'>): Promise<number> {
  const next = await ctx.db
    .selectFrom('meetings')
    .innerJoin('committees', 'committees.id', 'meetings.committee_id')
    .select('meetings.id')
    .distinctOn('meetings.committee_id')
    .where('committees.active', '=', true)
    .where('meetings.state', '<>', 'cancelled')
    .where('meetings.minutes_state', '=', 'draft')
    .where('meetings.ends_at', '>', new Date())
    .orderBy('meetings.committee_id')
    .orderBy('meetings.starts_at')
    .execute();
  let added = 0;
  for (const m of next) added += await assembleAgenda(ctx, null, m.id);
  return added;
}
