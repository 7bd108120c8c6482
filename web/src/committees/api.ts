import { request } from '../api';

// Types and calls of the committees API (/api/v1/committees, /meetings, /agenda-items, /tasks).

export interface Ref {
  id: number;
  name: string;
}

export interface Committee {
  id: number;
  name: string;
  kind: 'itCommittee' | 'digitalisation';
  orgUnit: Ref | null;
  chair: Ref;
  secretary: Ref | null;
  members: (Ref & { role: 'member' | 'guest'; position: string | null })[];
  rhythm: {
    everyWeeks: number;
    weekday: number;
    startTime: string;
    durationMinutes: number;
    startsOn: string;
    alternatesWith: Ref | null;
  };
  location: string;
  nextMeeting: { id: number; startsAt: string } | null;
  can: { manage: boolean };
}

export interface MeetingSummary {
  id: number;
  committeeId: number;
  committeeName: string;
  startsAt: string;
  endsAt: string;
  state: 'planned' | 'moved' | 'cancelled';
  changeReason: string | null;
  minutesState: 'draft' | 'approved';
  version: number;
}

export interface AgendaItem {
  id: number;
  position: number;
  source: 'routing' | 'escalation' | 'task' | 'manual' | 'deferred';
  title: string;
  reason: string;
  ticket: { number: string; title: string } | null;
  state: 'open' | 'deferred' | 'removed';
  removedReason: string | null;
  summary: string;
  version: number;
}

export type Outcome = 'approved' | 'rejected' | 'deferred';

export interface Decision {
  id: number;
  agendaItemId: number;
  text: string;
  outcome: Outcome;
  ticket: { number: string; title: string } | null;
  correctsId: number | null;
  frozen: boolean;
  version: number;
}

export interface Task {
  id: number;
  title: string;
  owner: Ref;
  collaborators: Ref[];
  dueOn: string;
  state: 'open' | 'done';
  overdue: boolean;
  resultNote: string | null;
  meetingId: number;
  agendaItemId: number | null;
  committee: Ref;
  can: { complete: boolean };
}

export interface MeetingDetail extends MeetingSummary {
  location: string;
  agendaItems: AgendaItem[];
  decisions: Decision[];
  tasks: Task[];
  people: Ref[];
  hasPdf: boolean;
  can: { manage: boolean; edit: boolean };
}

export const listCommittees = (signal?: AbortSignal) =>
  request<{ items: Committee[] }>('GET', '/committees', undefined, signal);
export const getCommittee = (id: number, signal?: AbortSignal) =>
  request<Committee>('GET', `/committees/${id}`, undefined, signal);
export const listMeetings = (id: number, signal?: AbortSignal) =>
  request<{ items: MeetingSummary[] }>('GET', `/committees/${id}/meetings`, undefined, signal);
export const getMeeting = (id: number, signal?: AbortSignal) =>
  request<MeetingDetail>('GET', `/meetings/${id}`, undefined, signal);
export const updateAgendaItem = (
  id: number,
  change: {
    version: number;
    position?: number;
    summary?: string;
    action?: 'defer' | 'remove';
    reason?: string;
  },
) => request<MeetingDetail>('PATCH', `/agenda-items/${id}`, change);
export const addAgendaItem = (meetingId: number, item: { title: string; reason?: string }) =>
  request<MeetingDetail>('POST', `/meetings/${meetingId}/agenda-items`, item);
export const recordDecision = (itemId: number, decision: { text: string; outcome: Outcome }) =>
  request<Decision>('POST', `/agenda-items/${itemId}/decisions`, decision);
export const createTask = (
  itemId: number,
  task: { title: string; ownerId: number; collaboratorIds: number[]; dueOn: string },
) => request<Task>('POST', `/agenda-items/${itemId}/tasks`, task);
export const approveMinutes = (meetingId: number) =>
  request<MeetingDetail>('POST', `/meetings/${meetingId}/approve`);
export const listTasks = (query: Record<string, string>, signal?: AbortSignal) =>
  request<{ items: Task[] }>('GET', `/tasks?${new URLSearchParams(query)}`, undefined, signal);
export const completeTask = (id: number, resultNote: string) =>
  request<Task>('POST', `/tasks/${id}/complete`, { resultNote });
export const minutesPdfUrl = (meetingId: number) => `/api/v1/meetings/${meetingId}/minutes.pdf`;
export const taskExportUrl = (
  committeeId: number,
  format: 'csv' | 'xlsx',
  filter: Record<string, string> = {},
) => `/api/v1/tasks/export?${new URLSearchParams({ committeeId: String(committeeId), format, ...filter })}`;
export const updateMeeting = (
  id: number,
  change: { version: number; startsAt?: string; cancelled?: true; reason: string },
) => request<MeetingDetail>('PATCH', `/meetings/${id}`, change);
export const sendInvitation = (id: number) => request<MeetingDetail>('POST', `/meetings/${id}/invitation`);
