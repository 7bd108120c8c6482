import type { Generated } from 'kysely';
import type { Id, ProcessType } from '../../db/schema';

export type RoutingDecision = 'digitalisation' | 'directOrder' | 'itCommittee';
export const routingDecisions = ['digitalisation', 'directOrder', 'itCommittee'] as const;
export type Urgency = 'itCommittee' | 'digitalisation';

export interface RulebookVersionsTable {
  id: Id;
  version: number;
  /** a RuleSet (see rules.ts), validated before it is written */
  rules: unknown;
  note: Generated<string>;
  created_by_id: number | null;
  created_at: Generated<Date>;
}

export interface TicketClassificationsTable {
  id: Id;
  ticket_id: number;
  kind: 'triage' | 'reclassification';
  rule_version: number | null;
  rule_id: string | null;
  outcome: ProcessType;
  answers: Generated<unknown>;
  reason: Generated<string>;
  actor_id: number | null;
  created_at: Generated<Date>;
}

export interface PreAnnouncementsTable {
  ticket_id: number;
  description: string;
  urgency: Urgency;
  technical_sketch: string | null;
  answer_due_at: Date;
  created_at: Generated<Date>;
}

export interface TicketRoutingsTable {
  ticket_id: number;
  decision: RoutingDecision;
  reason: string;
  agenda_proposal_id: number | null;
  decided_by_id: number;
  decided_at: Generated<Date>;
}

export interface RulebookTables {
  rulebook_versions: RulebookVersionsTable;
  ticket_classifications: TicketClassificationsTable;
  pre_announcements: PreAnnouncementsTable;
  ticket_routings: TicketRoutingsTable;
}
