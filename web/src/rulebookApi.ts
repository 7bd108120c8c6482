import { request } from './api';
import type { TicketDetail } from './types';

// API of the rulebook (Wegweiser, pre-announcements, routing) and the IT budget. Money is integer cents.

export type Outcome = 'support' | 'order' | 'project';
export type RoutingDecision = 'digitalisation' | 'directOrder' | 'itCommittee';
export type Urgency = 'itCommittee' | 'digitalisation';

export interface Evaluation {
  ruleVersion: number;
  complete: boolean;
  nextQuestion: { key: string; text: string; help: string | null } | null;
  outcome: Outcome | null;
  ruleId: string | null;
  reason: string | null;
  quote: string | null;
  principles: string[];
  asked: string[];
}

export interface Triage {
  ruleVersion: number;
  answers: Record<string, boolean>;
}

export interface TicketRulebook {
  number: string;
  processType: Outcome;
  preAnnouncement: {
    description: string;
    urgency: Urgency;
    technicalSketch: string | null;
    answerDueAt: string;
    answerOverdue: boolean;
  } | null;
  routing: { decision: RoutingDecision; reason: string; decidedAt: string; decidedBy: string } | null;
  classifications: {
    kind: 'triage' | 'reclassification';
    ruleVersion: number | null;
    outcome: Outcome;
    reason: string;
    createdAt: string;
    actor: string | null;
  }[];
  agendaProposals: { id: number; committeeKind: Urgency; source: string; state: string; reason: string }[];
  can: { route: boolean; escalate: boolean; reclassify: boolean };
}

export interface BudgetLine {
  id: number;
  code: string;
  name: string;
  purpose: 'investment' | 'consumptive';
  period: { id: number; name: string };
  orgUnit: { id: number; name: string };
  planned: number;
  approved: number;
  committed: number;
  spent: number;
  remaining: number;
  formatted: Record<'planned' | 'approved' | 'committed' | 'spent' | 'remaining', string>;
  items: {
    id: number;
    name: string;
    unitPrice: number;
    unitPriceFormatted: string;
    quantity: number;
    orderedQuantity: number;
    remainingQuantity: number;
  }[];
  can: { order: boolean };
}

export interface Order {
  id: number;
  ticketNumber: string | null;
  title: string;
  amount: number;
  amountFormatted: string;
  state: 'committed' | 'spent' | 'cancelled';
}

export const triage = (answers: Record<string, boolean>, ruleVersion?: number) =>
  request<Evaluation>('POST', '/triage', { answers, ...(ruleVersion ? { ruleVersion } : {}) });

export const createProject = (input: {
  title: string;
  triage?: Triage;
  preAnnouncement: { description: string; urgency?: Urgency; technicalSketch?: string };
}) => request<TicketDetail>('POST', '/tickets', { ...input, processType: 'project' });

export const getTicketRulebook = (number: string, signal?: AbortSignal) =>
  request<TicketRulebook>('GET', `/tickets/${encodeURIComponent(number)}/rulebook`, undefined, signal);
export const routeTicket = (number: string, body: { decision: RoutingDecision; reason: string }) =>
  request<TicketRulebook>('POST', `/tickets/${encodeURIComponent(number)}/routing`, body);
export const escalateTicket = (number: string, reason: string) =>
  request<TicketRulebook>('POST', `/tickets/${encodeURIComponent(number)}/escalation`, { reason });

export const reclassifyTicket = (number: string, body: { processType: Outcome; reason: string }) =>
  request<TicketRulebook>('POST', `/tickets/${encodeURIComponent(number)}/classification`, body);

export const listBudgetLines = (signal?: AbortSignal) =>
  request<{ items: BudgetLine[]; totals: Record<string, number> }>('GET', '/budget-lines', undefined, signal);
export const createOrder = (body: {
  budgetLineId: number;
  itemId?: number;
  quantity: number;
  amount?: number;
  title?: string;
  description?: string;
}) => request<Order>('POST', '/orders', body);

export const budgetExportUrl = (format: 'csv' | 'xlsx') => `/api/v1/budget-lines/export?format=${format}`;
