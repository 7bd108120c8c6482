import type { Generated } from 'kysely';
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
