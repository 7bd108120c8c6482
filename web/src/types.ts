// Shapes of the amtsdesk REST API (/api/v1) as the front end uses them.

export type Role =
  | 'requester'
  | 'coordinator'
  | 'budgetOwner'
  | 'agent'
  | 'itHead'
  | 'digitalisation'
  | 'admin';

/** Database ids are integers in the API. */
export type Id = number;

export interface Ref {
  id: Id;
  name: string;
}

export interface Me {
  id: Id;
  login: string;
  name: string;
  email: string;
  locale: string;
  orgUnit: Ref | null;
  roles: { role: Role; orgUnitId: Id | null }[];
  groups: Ref[];
  csrfToken: string;
  isAgent: boolean;
  isAdmin: boolean;
  /** staff-plan positions held today */
  positions?: { positionNumber: string; title: string }[];
}

export interface Topic {
  id: Id;
  key: string;
  name: string;
  group: Ref;
}

export const stateTypes = ['new', 'open', 'pendingReminder', 'pendingAction', 'closed', 'merged'] as const;
export type StateType = (typeof stateTypes)[number];

export interface State {
  key: string;
  name: string;
  type: StateType;
}

export interface Person {
  id: Id;
  login: string;
  name: string;
}

export const priorities = ['low', 'normal', 'high', 'critical'] as const;
export type Priority = (typeof priorities)[number];

export type ProcessType = 'support' | 'order' | 'project';

export interface TicketSummary {
  number: string;
  title: string;
  state: State;
  priority: Priority;
  processType: ProcessType;
  topic: { key: string; name: string } | null;
  group: Ref | null;
  assignee: Ref | null;
  requester: Ref;
  createdAt: string;
  updatedAt: string;
  dueAt: string | null;
  firstResponseDueAt: string | null;
  overdue: boolean;
}

export interface Attachment {
  id: Id;
  filename: string;
  contentType: string;
  size: number;
}

export interface Article {
  id: Id;
  kind: 'reply' | 'note' | 'system';
  internal: boolean;
  sender: 'agent' | 'requester' | 'system';
  /** came by mail and IT sees it: false = sender not verified ("nicht verifiziert"); else null/true */
  senderVerified: boolean | null;
  author: Ref | null;
  body: string;
  createdAt: string;
  attachments: Attachment[];
}

export interface HistoryEntry {
  field: string;
  oldValue: string | null;
  newValue: string | null;
  /** display names from the server (state and topic names, person and group names) */
  oldLabel: string | null;
  newLabel: string | null;
  actor: Ref | null;
  createdAt: string;
}

export interface TicketPermissions {
  reply: boolean;
  note: boolean;
  assign: boolean;
  changeState: boolean;
  attach: boolean;
}

export interface TicketDetail extends TicketSummary {
  description: string;
  version: number;
  articles: Article[];
  /** All attachments of the ticket the caller may see, including those not tied to an article. */
  attachments?: Attachment[];
  history: HistoryEntry[];
  can: TicketPermissions;
  /** state keys the caller may move the ticket to now */
  allowedStates: string[];
}

export const queues = ['groups', 'mine', 'unassigned', 'overdue'] as const;
export type Queue = (typeof queues)[number];

export interface TicketQuery {
  q?: string;
  queue?: Queue;
  requester?: 'me';
  stateType?: StateType;
  limit?: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface NewTicket {
  title: string;
  description: string;
  topic?: string;
  priority?: Priority;
  processType?: ProcessType;
  triage?: { ruleVersion: number; answers: Record<string, boolean> };
}

export interface TicketChange {
  version: number;
  state?: string;
  assigneeId?: Id | null;
  priority?: Priority;
  topic?: string | null;
}

/** Sends a PATCH with the ticket's current version; resolves to the updated ticket. */
export type UpdateTicket = (change: Omit<TicketChange, 'version'>) => Promise<TicketDetail>;
