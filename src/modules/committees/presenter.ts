import { localDate } from '../../shared/local-date';
import type { Actor } from '../auth/actor';
import { canManageCommittee } from './policy';
import type { CommitteeRow, loadAgendaItems, loadDecisions, TaskRow } from './queries';
import type { MeetingsTable } from './tables';

type AgendaItemRow = Awaited<ReturnType<typeof loadAgendaItems>>[number];
type DecisionRow = Awaited<ReturnType<typeof loadDecisions>>[number];
type MeetingRow = Omit<MeetingsTable, 'id' | 'state' | 'sequence' | 'minutes_state' | 'version'> & {
  id: number;
  state: 'planned' | 'moved' | 'cancelled';
  sequence: number;
  minutes_state: 'draft' | 'approved';
  version: number;
};

const ticketRef = (number: string | null, title: string | null) =>
  number ? { number, title: title ?? '' } : null;

export function presentCommittee(c: CommitteeRow, actor: Actor) {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    orgUnit: c.org_unit_id !== null ? { id: c.org_unit_id, name: c.org_unit_name ?? '' } : null,
    chair: { id: c.chair_id, name: c.chair_name },
    secretary: c.secretary_id !== null ? { id: c.secretary_id, name: c.secretary_name ?? '' } : null,
    members: c.members.map((m) => ({ id: m.id, name: m.name, role: m.role, position: m.position })),
    rhythm: {
      everyWeeks: c.every_weeks,
      weekday: c.weekday,
      startTime: c.start_time,
      durationMinutes: c.duration_minutes,
      startsOn: c.starts_on,
      alternatesWith:
        c.alternates_with_id !== null
          ? { id: c.alternates_with_id, name: c.alternates_with_name ?? '' }
          : null,
      offsetWeeks: c.offset_weeks,
    },
    location: c.location,
    agendaMailDays: c.agenda_mail_days,
    nextMeeting:
      c.next_meeting_id !== null && c.next_meeting_starts_at
        ? { id: c.next_meeting_id, startsAt: c.next_meeting_starts_at }
        : null,
    can: { manage: canManageCommittee(actor, c) },
  };
}

export function presentMeetingSummary(m: MeetingRow, committeeName: string) {
  return {
    id: m.id,
    committeeId: m.committee_id,
    committeeName,
    startsAt: m.starts_at,
    endsAt: m.ends_at,
    plannedStartsAt: m.planned_starts_at,
    state: m.state,
    changeReason: m.change_reason,
    sequence: m.sequence,
    minutesState: m.minutes_state,
    minutesApprovedAt: m.minutes_approved_at,
    version: m.version,
  };
}

export function presentAgendaItem(i: AgendaItemRow) {
  return {
    id: i.id,
    position: i.position,
    source: i.source,
    title: i.title,
    reason: i.reason,
    ticket: ticketRef(i.ticket_number, i.ticket_title),
    taskId: i.task_id,
    proposalId: i.proposal_id,
    state: i.state,
    removedReason: i.removed_reason,
    summary: i.summary,
    version: i.version,
  };
}

export function presentDecision(d: DecisionRow) {
  return {
    id: d.id,
    agendaItemId: d.agenda_item_id,
    meetingId: d.meeting_id,
    text: d.text,
    outcome: d.outcome,
    ticket: ticketRef(d.ticket_number, d.ticket_title),
    correctsId: d.corrects_id,
    frozen: d.minutes_state === 'approved',
    version: d.version,
    createdAt: d.created_at,
  };
}

export function presentTask(t: TaskRow, canComplete: boolean, today = localDate()) {
  return {
    id: t.id,
    title: t.title,
    owner: { id: t.owner_id, name: t.owner_name },
    collaborators: t.collaborators,
    dueOn: t.due_on,
    state: t.state,
    overdue: t.state === 'open' && t.due_on < today,
    resultNote: t.result_note,
    completedAt: t.completed_at,
    meetingId: t.meeting_id,
    agendaItemId: t.agenda_item_id,
    committee: { id: t.committee_id, name: t.committee_name },
    version: t.version,
    can: { complete: canComplete },
  };
}
