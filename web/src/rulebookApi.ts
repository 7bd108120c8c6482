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

// rulebook administration: the current version, a preview of a draft against it, publishing
export interface RuleText {
  de: string;
  en: string;
}
export interface RuleSet {
  questions: { key: string; text: RuleText; help?: RuleText }[];
  rules: {
    id: string;
    when: { question: string; is: boolean }[];
    outcome: Outcome;
    reason: RuleText;
    quote: string;
  }[];
  principles: { text: string; appliesTo: Outcome[] }[];
}
export interface RulebookVersion {
  version: number;
  note: string;
  createdAt: string;
  author: string | null;
  rules: RuleSet;
}
export interface RulebookPreview {
  valid: boolean;
  problems: { field: string; message: string }[];
  results: { answers: Record<string, boolean>; draft: Evaluation; current: Evaluation }[];
}

export const getRulebook = (signal?: AbortSignal) =>
  request<RulebookVersion>('GET', '/rulebook', undefined, signal);
export const previewRulebook = (rules: unknown, cases: Record<string, boolean>[]) =>
  request<RulebookPreview>('POST', '/admin/rulebook/preview', { rules, cases });
export const publishRulebook = (rules: unknown, note: string) =>
  request<{ version: number }>('PUT', '/admin/rulebook', { rules, note });

/**
 * The test cases of a preview: every path of answers through a rule set (each ends at one rule),
 * found by walking the questions the rules ask, in the order the Wegweiser asks them.
 */
export function answerPaths(rules: RuleSet, limit = 100): Record<string, boolean>[] {
  const paths: Record<string, boolean>[] = [];
  const walk = (answers: Record<string, boolean>) => {
    if (paths.length >= limit) return;
    const next = nextQuestion(rules, answers);
    if (next === null) {
      paths.push(answers);
      return;
    }
    walk({ ...answers, [next]: true });
    walk({ ...answers, [next]: false });
  };
  walk({});
  return paths;
}

/** The key of the next question the first undecided rule needs, or null when a rule applies. */
function nextQuestion(rules: RuleSet, answers: Record<string, boolean>): string | null {
  for (const rule of rules.rules) {
    let holds = true;
    for (const c of rule.when) {
      const answer = answers[c.question];
      if (answer === undefined) return c.question;
      if (answer !== c.is) {
        holds = false;
        break;
      }
    }
    if (holds) return null;
  }
  return null;
}

// innovation budget: rounds, projects, scores, ranking (money in integer cents)
export interface InnovationRoundSummary {
  id: number;
  name: string;
  quarter: string;
  state: 'open' | 'closed';
  amount: number;
  maxFunded: number;
}
export interface InnovationProject {
  id: number;
  title: string;
  description: string;
  orgUnit: { id: number; name: string };
  requested: number;
  requestedFormatted: string;
  rank: number | null;
  points: number;
  average: number;
  missingScores: number;
  funded: boolean;
  budgetLineId: number | null;
  scores: { memberId: number; criterionId: number; score: number }[];
}
export interface InnovationRound {
  id: number;
  name: string;
  quarter: string;
  period: { id: number; name: string };
  amount: number;
  amountFormatted: string;
  maxFunded: number;
  chair: { id: number; name: string };
  state: 'open' | 'closed';
  closedAt: string | null;
  members: { id: number; name: string }[];
  criteria: { id: number; key: string; name: string; weight: number }[];
  projects: InnovationProject[];
  can: { score: boolean; register: boolean; close: boolean };
}

export const listInnovationRounds = (signal?: AbortSignal) =>
  request<{ items: InnovationRoundSummary[] }>('GET', '/innovation-rounds', undefined, signal);
export const getInnovationRound = (id: number, signal?: AbortSignal) =>
  request<InnovationRound>('GET', `/innovation-rounds/${id}`, undefined, signal);
export const registerInnovationProject = (
  id: number,
  body: { title: string; description: string; requested: number },
) => request<InnovationRound>('POST', `/innovation-rounds/${id}/projects`, body);
export const scoreInnovationProject = (id: number, projectId: number, scores: Record<string, number>) =>
  request<InnovationRound>('PUT', `/innovation-rounds/${id}/scores`, { projectId, scores });
export const closeInnovationRound = (id: number) =>
  request<InnovationRound>('POST', `/innovation-rounds/${id}/close`);
