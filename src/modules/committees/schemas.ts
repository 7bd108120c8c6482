import { z } from 'zod';
import { decisionOutcomes } from './tables';

const dateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
const ref = z.object({ id: z.number(), name: z.string() });
export const idParams = z.object({ id: z.coerce.number().int().positive() });

export const createCommitteeBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  kind: z.enum(['itCommittee', 'digitalisation']),
  orgUnitId: z.number().int().positive().nullable().default(null),
  chairId: z.number().int().positive(),
  secretaryId: z.number().int().positive().nullable().default(null),
  members: z
    .array(
      z.strictObject({
        personId: z.number().int().positive(),
        role: z.enum(['member', 'guest']).default('member'),
        position: z.string().trim().max(200).nullable().default(null),
      }),
    )
    .max(100)
    .default([]),
  everyWeeks: z.number().int().min(1).max(52).default(2),
  weekday: z.number().int().min(1).max(7),
  startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM'),
  durationMinutes: z.number().int().min(5).max(600).default(60),
  startsOn: dateString,
  alternatesWithId: z.number().int().positive().nullable().default(null),
  offsetWeeks: z.number().int().min(0).max(51).default(0),
  location: z.string().trim().max(200).default(''),
  agendaMailDays: z.number().int().min(0).max(60).default(3),
});
export type CreateCommitteeInput = z.infer<typeof createCommitteeBody>;

export const committeeSchema = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.enum(['itCommittee', 'digitalisation']),
  orgUnit: ref.nullable(),
  chair: ref,
  secretary: ref.nullable(),
  members: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      role: z.enum(['member', 'guest']),
      position: z.string().nullable(),
    }),
  ),
  rhythm: z.object({
    everyWeeks: z.number(),
    weekday: z.number(),
    startTime: z.string(),
    durationMinutes: z.number(),
    startsOn: z.string(),
    alternatesWith: ref.nullable(),
    offsetWeeks: z.number(),
  }),
  location: z.string(),
  agendaMailDays: z.number(),
  nextMeeting: z.object({ id: z.number(), startsAt: z.date() }).nullable(),
  can: z.object({ manage: z.boolean() }),
});
export const committeeListSchema = z.object({ items: z.array(committeeSchema) });

export const meetingSummarySchema = z.object({
  id: z.number(),
  committeeId: z.number(),
  committeeName: z.string(),
  startsAt: z.date(),
  endsAt: z.date(),
  plannedStartsAt: z.date(),
  state: z.enum(['planned', 'moved', 'cancelled']),
  changeReason: z.string().nullable(),
  sequence: z.number(),
  minutesState: z.enum(['draft', 'approved']),
  minutesApprovedAt: z.date().nullable(),
  version: z.number(),
});
export const meetingListSchema = z.object({ items: z.array(meetingSummarySchema) });
export const listMeetingsQuery = z.strictObject({
  from: z.coerce.date().optional(),
  until: z.coerce.date().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const ticketRef = z.object({ number: z.string(), title: z.string() }).nullable();

export const agendaItemSchema = z.object({
  id: z.number(),
  position: z.number(),
  source: z.enum(['routing', 'escalation', 'task', 'manual', 'deferred']),
  title: z.string(),
  reason: z.string(),
  ticket: ticketRef,
  taskId: z.number().nullable(),
  proposalId: z.number().nullable(),
  state: z.enum(['open', 'deferred', 'removed']),
  removedReason: z.string().nullable(),
  summary: z.string(),
  version: z.number(),
});

export const decisionSchema = z.object({
  id: z.number(),
  agendaItemId: z.number(),
  meetingId: z.number(),
  text: z.string(),
  outcome: z.enum(decisionOutcomes),
  ticket: ticketRef,
  correctsId: z.number().nullable(),
  frozen: z.boolean(),
  version: z.number(),
  createdAt: z.date(),
});

export const taskSchema = z.object({
  id: z.number(),
  title: z.string(),
  owner: ref,
  collaborators: z.array(ref),
  dueOn: z.string(),
  state: z.enum(['open', 'done']),
  overdue: z.boolean(),
  resultNote: z.string().nullable(),
  completedAt: z.date().nullable(),
  meetingId: z.number(),
  agendaItemId: z.number().nullable(),
  committee: ref,
  version: z.number(),
  can: z.object({ complete: z.boolean() }),
});
export const taskListSchema = z.object({ items: z.array(taskSchema) });

export const meetingDetailSchema = meetingSummarySchema.extend({
  location: z.string(),
  agendaItems: z.array(agendaItemSchema),
  decisions: z.array(decisionSchema),
  tasks: z.array(taskSchema),
  people: z.array(ref),
  hasPdf: z.boolean(),
  can: z.object({ manage: z.boolean(), edit: z.boolean() }),
});

export const updateMeetingBody = z
  .strictObject({
    version: z.number().int().positive(),
    startsAt: z.coerce.date().optional(),
    cancelled: z.literal(true).optional(),
    reason: z.string().trim().min(1).max(1000),
  })
  .refine((b) => (b.startsAt !== undefined) !== (b.cancelled !== undefined), {
    message: 'exactly one of startsAt, cancelled is required',
  });

export const createAgendaItemBody = z.strictObject({
  title: z.string().trim().min(1).max(300),
  reason: z.string().trim().max(4000).default(''),
  ticketNumber: z
    .string()
    .regex(/^\d{4}-\d{1,12}$/)
    .optional(),
});

export const updateAgendaItemBody = z
  .strictObject({
    version: z.number().int().positive(),
    position: z.number().int().min(1).max(1000).optional(),
    summary: z.string().max(20000).optional(),
    action: z.enum(['defer', 'remove']).optional(),
    reason: z.string().trim().min(1).max(1000).optional(),
  })
  .refine((b) => b.action !== 'remove' || b.reason !== undefined, {
    message: 'a reason is required to remove an item',
    path: ['reason'],
  });

export const createDecisionBody = z.strictObject({
  text: z.string().trim().min(1).max(10000),
  outcome: z.enum(decisionOutcomes),
  ticketNumber: z
    .string()
    .regex(/^\d{4}-\d{1,12}$/)
    .optional(),
  correctsId: z.number().int().positive().optional(),
});

// Deliberately lenient (unknown keys ignored, version checked in the command): whatever a client
// sends to change a decision of approved minutes, the answer is the 409 that explains the freeze.
export const updateDecisionBody = z.object({
  version: z.number().int().positive().optional(),
  text: z.string().trim().min(1).max(10000).optional(),
  outcome: z.enum(decisionOutcomes).optional(),
});

export const createTaskBody = z.strictObject({
  title: z.string().trim().min(1).max(500),
  ownerId: z.number().int().positive(),
  collaboratorIds: z.array(z.number().int().positive()).max(20).default([]),
  dueOn: dateString,
});

export const completeTaskBody = z.strictObject({
  resultNote: z.string().trim().min(1).max(4000),
});

export const listTasksQuery = z.strictObject({
  mine: z.enum(['true', 'false']).optional(),
  committeeId: z.coerce.number().int().positive().optional(),
  state: z.enum(['open', 'done']).optional(),
  ownerId: z.coerce.number().int().positive().optional(),
  overdue: z.enum(['true', 'false']).optional(),
});
export type ListTasksQuery = z.infer<typeof listTasksQuery>;
export const exportTasksQuery = listTasksQuery.extend({ format: z.enum(['csv', 'xlsx']).default('csv') });
