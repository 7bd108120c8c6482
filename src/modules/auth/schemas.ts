import { z } from 'zod';
import { mePositionSchema } from '../positions/schemas';

export const loginBody = z.strictObject({
  login: z.string().min(1).max(100),
  password: z.string().min(1).max(500),
});

export const meSchema = z.object({
  id: z.number(),
  login: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  locale: z.enum(['de', 'en']),
  orgUnit: z.object({ id: z.number(), name: z.string() }).nullable(),
  roles: z.array(z.object({ role: z.string(), orgUnitId: z.number().nullable() })),
  groups: z.array(z.object({ id: z.number(), name: z.string() })),
  isAgent: z.boolean(),
  isAdmin: z.boolean(),
  csrfToken: z.string().nullable(),
  /** the staff-plan positions the person holds today (equipment binds to these) */
  positions: z.array(mePositionSchema),
});

export const sessionResponse = z.object({ csrfToken: z.string(), me: meSchema });

export const tokenBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

export const tokenSchema = z.object({
  id: z.number(),
  name: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
});

export const createdTokenSchema = tokenSchema.extend({ token: z.string() });
