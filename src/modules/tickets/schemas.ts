import { z } from 'zod';
import { priorities, stateTypes } from '../../db/schema';

export const ticketNumberParams = z.object({
  number: z.string().regex(/^\d{4}-\d{1,12}$/, 'expected a ticket number like 2026-000123'),
});

export const createTicketBody = z.strictObject({
  title: z.string().trim().min(1).max(200),
  description: z.string().max(100_000).default(''),
  topic: z.string().min(1).max(100).optional(),
  priority: z.enum(priorities).default('normal'),
  // rulebook (issue 4): process type from the Wegweiser, the pre-announcement of a project
  processType: z.enum(['support', 'order', 'project']).optional(),
  preAnnouncement: z
    .strictObject({
      description: z.string().max(20_000).optional(),
      urgency: z.enum(['itCommittee', 'digitalisation']).optional(),
      technicalSketch: z.string().max(20_000).optional(),
    })
    .optional(),
  triage: z
    .strictObject({
      ruleVersion: z.number().int().positive(),
      answers: z.record(z.string().max(50), z.boolean()),
    })
    .optional(),
});

export const updateTicketBody = z
  .strictObject({
    version: z.number().int().positive(),
    state: z.string().min(1).max(100).optional(),
    assigneeId: z.number().int().positive().nullable().optional(),
    priority: z.enum(priorities).optional(),
    topic: z.string().min(1).max(100).optional(),
  })
  .refine(
    (b) =>
      b.state !== undefined ||
      b.assigneeId !== undefined ||
      b.priority !== undefined ||
      b.topic !== undefined,
    {
      message: 'at least one of state, assigneeId, priority, topic is required',
    },
  );

export const createArticleBody = z.strictObject({
  body: z.string().trim().min(1).max(100_000),
  internal: z.boolean().default(false),
});

export const listTicketsQuery = z.strictObject({
  q: z.string().trim().min(1).max(200).optional(),
  queue: z.enum(['groups', 'mine', 'unassigned', 'overdue']).optional(),
  requester: z.literal('me').optional(),
  groupId: z.coerce.number().int().positive().optional(),
  assigneeId: z.coerce.number().int().positive().optional(),
  priority: z.enum(priorities).optional(),
  stateType: z
    .string()
    .regex(/^[a-zA-Z,]+$/)
    .transform((s) => s.split(','))
    .pipe(z.array(z.enum(stateTypes)))
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional(),
});

const ref = z.object({ id: z.number(), name: z.string() });

export const ticketSummarySchema = z.object({
  number: z.string(),
  title: z.string(),
  state: z.object({ key: z.string(), name: z.string(), type: z.enum(stateTypes) }),
  priority: z.enum(priorities),
  processType: z.enum(['support', 'order', 'project']),
  topic: z.object({ key: z.string(), name: z.string() }).nullable(),
  group: ref.nullable(),
  assignee: ref.nullable(),
  requester: ref,
  createdAt: z.date(),
  updatedAt: z.date(),
  dueAt: z.date().nullable(),
  firstResponseDueAt: z.date().nullable(),
  overdue: z.boolean(),
});

export const attachmentSchema = z.object({
  id: z.number(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number(),
});

export const articleSchema = z.object({
  id: z.number(),
  kind: z.enum(['reply', 'note', 'system']),
  internal: z.boolean(),
  sender: z.enum(['agent', 'requester', 'system']),
  /** came by mail: false when nobody vouched for the sender ("nicht verifiziert"); null otherwise or for requesters */
  senderVerified: z.boolean().nullable(),
  author: ref.nullable(),
  body: z.string(),
  createdAt: z.date(),
  attachments: z.array(attachmentSchema),
});

export const ticketDetailSchema = ticketSummarySchema.extend({
  description: z.string(),
  version: z.number(),
  articles: z.array(articleSchema),
  attachments: z.array(attachmentSchema),
  history: z.array(
    z.object({
      field: z.string(),
      oldValue: z.string().nullable(),
      newValue: z.string().nullable(),
      oldLabel: z.string().nullable(),
      newLabel: z.string().nullable(),
      actor: ref.nullable(),
      createdAt: z.date(),
    }),
  ),
  can: z.object({
    reply: z.boolean(),
    note: z.boolean(),
    assign: z.boolean(),
    changeState: z.boolean(),
    attach: z.boolean(),
  }),
  allowedStates: z.array(z.string()),
  // rulebook (issue 4): the pre-announcement of a project and IT's routing decision
  preAnnouncement: z
    .object({
      description: z.string(),
      urgency: z.enum(['itCommittee', 'digitalisation']),
      technicalSketch: z.string().nullable(),
      answerDueAt: z.date(),
    })
    .nullable()
    .optional(),
  routing: z
    .object({
      decision: z.enum(['digitalisation', 'directOrder', 'itCommittee']),
      reason: z.string(),
      decidedAt: z.date(),
    })
    .nullable()
    .optional(),
});

export const ticketListSchema = z.object({
  items: z.array(ticketSummarySchema),
  nextCursor: z.string().nullable(),
});
