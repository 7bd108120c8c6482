import type { AppContext } from '../../context';
import type { Actor } from '../auth/actor';
import { assembleAgenda } from './commands/assemble-agenda';
import { canManageCommittee } from './policy';
import { presentAgendaItem, presentDecision, presentMeetingSummary, presentTask } from './presenter';
import { canComplete, findMeeting, loadAgendaItems, loadDecisions, queryTasks } from './queries';

/**
 * A meeting with agenda, decisions and tasks. The next meeting of a committee builds its agenda
 * itself: pending proposals and due tasks are added when it is opened (idempotent), so the agenda is
 * current even between two runs of the job.
 */
export async function loadMeetingDetail(ctx: AppContext, actor: Actor, meetingId: number) {
  let { meeting, committee } = await findMeeting(ctx.db, actor, meetingId);
  if (
    meeting.minutes_state === 'draft' &&
    meeting.state !== 'cancelled' &&
    committee.next_meeting_id === meeting.id
  ) {
    if ((await assembleAgenda(ctx, null, meeting.id)) > 0)
      ({ meeting, committee } = await findMeeting(ctx.db, actor, meetingId));
  }
  const [items, decisions, tasks] = [
    await loadAgendaItems(ctx.db, meeting.id),
    await loadDecisions(ctx.db, [meeting.id]),
    await queryTasks(ctx.db, { meetingIds: [meeting.id] }),
  ];
  const manage = canManageCommittee(actor, committee);
  const people = new Map<number, string>();
  people.set(committee.chair_id, committee.chair_name);
  if (committee.secretary_id !== null) people.set(committee.secretary_id, committee.secretary_name ?? '');
  for (const m of committee.members) people.set(m.id, m.name);
  return {
    ...presentMeetingSummary(meeting, committee.name),
    location: committee.location,
    agendaItems: items.map(presentAgendaItem),
    decisions: decisions.map(presentDecision),
    tasks: tasks.map((t) => presentTask(t, t.state === 'open' && canComplete(actor, t, committee))),
    people: [...people]
      .map(([id, name]) => ({ id, name }))
      .sort((a, b) => a.name.localeCompare(b.name, 'de')),
    hasPdf: meeting.minutes_pdf !== null,
    can: { manage, edit: manage && meeting.minutes_state === 'draft' && meeting.state !== 'cancelled' },
  };
}
