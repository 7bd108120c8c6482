import { z } from 'zod';
import { priorities, stateTypes } from '../../db/schema';

const key = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9-]{1,49}$/, 'letters, digits and "-", 2–50 characters, starting with a letter');
const name = z.string().trim().min(1).max(100);

export const stateSchema = z.object({
  key: z.string(),
  nameDe: z.string(),
  nameEn: z.string(),
  type: z.enum(stateTypes),
  position: z.number(),
  active: z.boolean(),
});
export const createStateBody = z.strictObject({
  key,
  nameDe: name,
  nameEn: name,
  type: z.enum(stateTypes).exclude(['merged']),
  position: z.number().int().min(0).max(10_000).default(100),
});
export const updateStateBody = z
  .strictObject({
    nameDe: name.optional(),
    nameEn: name.optional(),
    position: z.number().int().min(0).max(10_000).optional(),
    active: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });

export const topicSchema = z.object({
  key: z.string(),
  nameDe: z.string(),
  nameEn: z.string(),
  groupId: z.number(),
  active: z.boolean(),
});
export const createTopicBody = z.strictObject({
  key,
  nameDe: name,
  nameEn: name,
  groupId: z.number().int().positive(),
});
export const updateTopicBody = z
  .strictObject({
    nameDe: name.optional(),
    nameEn: name.optional(),
    groupId: z.number().int().positive().optional(),
    active: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });

const minutes = z
  .number()
  .int()
  .min(1)
  .max(60 * 24 * 365);
export const serviceTargetSchema = z.object({
  priority: z.enum(priorities),
  topic: z.string().nullable(),
  firstResponseMinutes: z.number(),
  resolutionMinutes: z.number(),
});
export const putServiceTargetBody = z
  .strictObject({
    priority: z.enum(priorities),
    topic: z.string().nullable().default(null),
    firstResponseMinutes: minutes,
    resolutionMinutes: minutes,
  })
  .refine((b) => b.firstResponseMinutes <= b.resolutionMinutes, {
    message: 'first response must not be due after resolution',
    path: ['firstResponseMinutes'],
  });
