import type { ColumnType, Generated } from 'kysely';
import type { ApplicationTables } from '../modules/applications/tables';
import type { AppointmentTables } from '../modules/appointments/tables';
import type { AssetTables } from '../modules/assets/tables';
import type { BudgetTables } from '../modules/budget/tables';
import type { AgendaProposalTables, CommitteeTables } from '../modules/committees/tables';
import type { MailTables, OutboxTables } from '../modules/mail/tables';
import type { PositionTables } from '../modules/positions/tables';
import type { RulebookTables } from '../modules/rulebook/tables';

// Hand-written table types; they mirror src/db/migrations. Keep both in step.
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Id = Generated<number>;

// The fixed value lists of CHECK constraints; zod schemas and TypeScript types derive from these.
export const stateTypes = ['new', 'open', 'pendingReminder', 'pendingAction', 'closed', 'merged'] as const;
export const priorities = ['low', 'normal', 'high', 'critical'] as const;
export type StateType = (typeof stateTypes)[number];
export type Priority = (typeof priorities)[number];
export type ProcessType = 'support' | 'order' | 'project';
export type Role =
  | 'requester'
  | 'coordinator'
  | 'budgetOwner'
  | 'agent'
  | 'itHead'
  | 'digitalisation'
  | 'admin';
export type OrgUnitKind = 'administration' | 'division' | 'department' | 'section' | 'unit' | 'staffUnit';

export interface OrgUnitsTable {
  id: Id;
  parent_id: number | null;
  kind: OrgUnitKind;
  code: string | null;
  name: string;
  path: string;
  created_at: Timestamp;
}

export interface PersonsTable {
  id: Id;
  login: string;
  name: string;
  email: string | null;
  org_unit_id: number | null;
  password_hash: string | null;
  locale: 'de' | 'en';
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface GroupsTable {
  id: Id;
  key: string;
  name: string;
  org_unit_id: number | null;
  email: string | null;
  is_default: Generated<boolean>;
}

export interface GroupMembersTable {
  group_id: number;
  person_id: number;
}

export interface RoleAssignmentsTable {
  id: Id;
  person_id: number;
  role: Role;
  org_unit_id: number | null;
}

export interface TopicsTable {
  id: Id;
  key: string;
  name_de: string;
  name_en: string;
  group_id: number;
  active: Generated<boolean>;
}

export interface TicketStatesTable {
  id: Id;
  key: string;
  name_de: string;
  name_en: string;
  state_type: StateType;
  position: Generated<number>;
  active: Generated<boolean>;
}

export interface ServiceTargetsTable {
  id: Id;
  priority: Priority;
  topic_id: number | null;
  first_response_minutes: number;
  resolution_minutes: number;
}

export interface SessionsTable {
  id: string;
  person_id: number;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Date;
}

export interface ApiTokensTable {
  id: Id;
  person_id: number;
  name: string;
  token_hash: string;
  created_at: Timestamp;
  last_used_at: Date | null;
  expires_at: Date;
  revoked_at: Date | null;
  scopes: string[];
}

/** one counter per sign-in throttle key (see auth/commands/sign-in-throttle.ts) */
export interface SignInThrottleTable {
  key: string;
  failures: Generated<number>;
  last_attempt_at: Timestamp;
  blocked_until: Date | null;
  succeeded_at: Date | null;
}

export interface TicketsTable {
  id: Id;
  number: string;
  title: string;
  description: string;
  process_type: ProcessType;
  priority: Priority;
  state_id: number;
  state_type: StateType;
  requester_id: number;
  requester_org_unit_id: number | null;
  topic_id: number | null;
  group_id: number | null;
  assignee_id: number | null;
  created_by_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  first_response_due_at: Date;
  first_responded_at: Date | null;
  resolution_due_at: Date;
  resolved_at: Date | null;
  overdue_flagged_at: Date | null;
  version: Generated<number>;
  search_vector: ColumnType<string, unknown, unknown>;
}

export interface ArticlesTable {
  id: Id;
  ticket_id: number;
  kind: 'reply' | 'note' | 'system';
  internal: boolean;
  sender: 'agent' | 'requester' | 'system';
  author_id: number | null;
  body: string;
  created_at: Timestamp;
  /** from mail: was the sender verified (see mail/sender-verification.ts); null: not from mail */
  sender_verified: Generated<boolean | null>;
}

export interface AttachmentsTable {
  id: Id;
  ticket_id: number;
  article_id: number | null;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  content: Buffer;
  uploaded_by_id: number | null;
  created_at: Timestamp;
}

export interface TicketHistoryTable {
  id: Id;
  ticket_id: number;
  actor_id: number | null;
  field: string;
  old_value: string | null;
  new_value: string | null;
  created_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  tx_id: Generated<string>;
  occurred_at: Timestamp;
  actor_id: number | null;
  actor_login: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  seq: number | null;
  prev_hash: string | null;
  hash: string | null;
}

/**
 * All tables. The core tables are typed here; each later module types its own tables in its
 * `tables.ts` and joins them in through `extends` (one line per module).
 */
export interface DB
  extends OutboxTables,
    MailTables,
    RulebookTables,
    BudgetTables,
    AgendaProposalTables,
    CommitteeTables,
    PositionTables,
    AssetTables,
    ApplicationTables,
    AppointmentTables {
  org_units: OrgUnitsTable;
  persons: PersonsTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  role_assignments: RoleAssignmentsTable;
  topics: TopicsTable;
  ticket_states: TicketStatesTable;
  service_targets: ServiceTargetsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  sign_in_throttle: SignInThrottleTable;
  tickets: TicketsTable;
  articles: ArticlesTable;
  attachments: AttachmentsTable;
  ticket_history: TicketHistoryTable;
  audit_log: AuditLogTable;
}
