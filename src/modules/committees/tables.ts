import type { ColumnType, Generated } from 'kysely';
import type { Id } from '../../db/schema';

export type CommitteeKind = 'itCommittee' | 'digitalisation';
export type AgendaProposalSource = 'routing' | 'escalation' | 'task' | 'manual';
export type AgendaProposalState = 'open' | 'scheduled' | 'done' | 'withdrawn';

/**
 * What should come before a committee: written by the rulebook (routing decisions a and c,
 * escalations) and by the committees module itself (overdue tasks, manual items).
 */
export interface AgendaProposalsTable {
  id: Id;
  created_at: Generated<Date>;
  committee_kind: CommitteeKind;
  org_unit_id: number | null;
  source: AgendaProposalSource;
  ticket_id: number | null;
  title: string;
  reason: Generated<string>;
  proposed_by_id: number | null;
  state: Generated<AgendaProposalState>;
  scheduled_at: Date | null;
}

export interface AgendaProposalTables {
  agenda_proposals: AgendaProposalsTable;
}

export type CommitteeMemberRole = 'member' | 'guest';
export type MeetingState = 'planned' | 'moved' | 'cancelled';
export type MinutesState = 'draft' | 'approved';
export type AgendaItemSource = 'routing' | 'escalation' | 'task' | 'manual' | 'deferred';
export type AgendaItemState = 'open' | 'deferred' | 'removed';
export const decisionOutcomes = ['approved', 'rejected', 'deferred'] as const;
export type DecisionOutcome = (typeof decisionOutcomes)[number];
export type TaskState = 'open' | 'done';

export interface CommitteesTable {
  id: Id;
  created_at: Generated<Date>;
  name: string;
  kind: CommitteeKind;
  org_unit_id: number | null;
  chair_id: number;
  secretary_id: number | null;
  every_weeks: number;
  weekday: number;
  start_time: string;
  duration_minutes: Generated<number>;
  /** a date column: read back as Date at local midnight; written as 'YYYY-MM-DD' */
  starts_on: ColumnType<Date, string, string>;
  alternates_with_id: number | null;
  offset_weeks: Generated<number>;
  location: Generated<string>;
  agenda_mail_days: Generated<number>;
  active: Generated<boolean>;
}

export interface CommitteeMembersTable {
  committee_id: number;
  person_id: number;
  role: Generated<CommitteeMemberRole>;
  position: string | null;
}

export interface MeetingsTable {
  id: Id;
  committee_id: number;
  planned_starts_at: Date;
  starts_at: Date;
  ends_at: Date;
  state: Generated<MeetingState>;
  change_reason: string | null;
  sequence: Generated<number>;
  invitation_sent_at: Date | null;
  minutes_state: Generated<MinutesState>;
  minutes_approved_at: Date | null;
  minutes_approved_by_id: number | null;
  minutes_pdf: Buffer | null;
  version: Generated<number>;
}

export interface AgendaItemsTable {
  id: Id;
  created_at: Generated<Date>;
  meeting_id: number;
  position: number;
  source: AgendaItemSource;
  proposal_id: number | null;
  task_id: number | null;
  ticket_id: number | null;
  deferred_from_id: number | null;
  title: string;
  reason: Generated<string>;
  state: Generated<AgendaItemState>;
  removed_reason: string | null;
  summary: Generated<string>;
  version: Generated<number>;
}

export interface DecisionsTable {
  id: Id;
  created_at: Generated<Date>;
  meeting_id: number;
  agenda_item_id: number;
  text: string;
  outcome: DecisionOutcome;
  ticket_id: number | null;
  corrects_id: number | null;
  created_by_id: number | null;
  version: Generated<number>;
}

export interface CommitteeTasksTable {
  id: Id;
  created_at: Generated<Date>;
  meeting_id: number;
  agenda_item_id: number | null;
  title: string;
  owner_id: number;
  /** a date column: written as 'YYYY-MM-DD', read back as a Date at local midnight */
  due_on: ColumnType<Date, string, string>;
  state: Generated<TaskState>;
  result_note: string | null;
  completed_at: Date | null;
  completed_by_id: number | null;
  reminded_at: Date | null;
  version: Generated<number>;
}

export interface CommitteeTaskCollaboratorsTable {
  task_id: number;
  person_id: number;
}

export interface CommitteeTables {
  committees: CommitteesTable;
  committee_members: CommitteeMembersTable;
  meetings: MeetingsTable;
  agenda_items: AgendaItemsTable;
  decisions: DecisionsTable;
  committee_tasks: CommitteeTasksTable;
  committee_task_collaborators: CommitteeTaskCollaboratorsTable;
}
