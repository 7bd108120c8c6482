import { z } from 'zod';
import { outcomes, ruleSetSchema } from './rules';
import { routingDecisions } from './tables';

export const triageBody = z.strictObject({
  answers: z.record(z.string().max(50), z.boolean()).default({}),
  ruleVersion: z.number().int().positive().optional(),
});

const questionSchema = z.object({ key: z.string(), text: z.string(), help: z.string().nullable() });

export const evaluationSchema = z.object({
  ruleVersion: z.number(),
  complete: z.boolean(),
  nextQuestion: questionSchema.nullable(),
  outcome: z.enum(outcomes).nullable(),
  ruleId: z.string().nullable(),
  reason: z.string().nullable(),
  quote: z.string().nullable(),
  principles: z.array(z.string()),
  asked: z.array(z.string()),
});

export const rulebookSchema = z.object({
  version: z.number(),
  note: z.string(),
  createdAt: z.date(),
  /** who published this version; null for the seed's version 1 */
  author: z.string().nullable(),
  rules: ruleSetSchema,
});

export const publishRulebookBody = z.strictObject({
  rules: ruleSetSchema,
  note: z.string().trim().max(1000).default(''),
});

export const previewRulebookBody = z.strictObject({
  rules: ruleSetSchema,
  cases: z
    .array(z.record(z.string().max(50), z.boolean()))
    .max(100)
    .default([]),
});

export const routingBody = z.strictObject({
  decision: z.enum(routingDecisions),
  /** the portal asks for one; without it the decision's standard wording is recorded */
  reason: z.string().trim().max(4000).optional(),
});

export const escalationBody = z.strictObject({ reason: z.string().trim().min(1).max(4000) });

export const classificationBody = z.strictObject({
  processType: z.enum(outcomes),
  reason: z.string().trim().min(1).max(4000),
});

export const ticketRulebookSchema = z.object({
  number: z.string(),
  processType: z.enum(outcomes),
  preAnnouncement: z
    .object({
      description: z.string(),
      urgency: z.enum(['itCommittee', 'digitalisation']),
      technicalSketch: z.string().nullable(),
      answerDueAt: z.date(),
      answerOverdue: z.boolean(),
    })
    .nullable(),
  routing: z
    .object({
      decision: z.enum(routingDecisions),
      reason: z.string(),
      decidedAt: z.date(),
      decidedBy: z.string(),
      agendaProposalId: z.number().nullable(),
    })
    .nullable(),
  classifications: z.array(
    z.object({
      kind: z.enum(['triage', 'reclassification']),
      ruleVersion: z.number().nullable(),
      ruleId: z.string().nullable(),
      outcome: z.enum(outcomes),
      reason: z.string(),
      createdAt: z.date(),
      actor: z.string().nullable(),
    }),
  ),
  agendaProposals: z.array(
    z.object({
      id: z.number(),
      committeeKind: z.enum(['itCommittee', 'digitalisation']),
      orgUnitId: z.number().nullable(),
      source: z.enum(['routing', 'escalation', 'task', 'manual']),
      state: z.enum(['open', 'scheduled', 'done', 'withdrawn']),
      reason: z.string(),
      createdAt: z.date(),
    }),
  ),
  can: z.object({ route: z.boolean(), escalate: z.boolean(), reclassify: z.boolean() }),
});
