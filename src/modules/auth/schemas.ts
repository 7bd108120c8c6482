import { z } from 'zod';
import { mePositionSchema } from '../positions/schemas';
import { TOKEN_SCOPES } from './token-scopes';

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

export const TOKEN_DEFAULT_DAYS = 90;
export const TOKEN_MAX_DAYS = 365;

export const tokenScopeSchema = z.enum(TOKEN_SCOPES);

export const tokenBody = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    /** explicit list (no wildcards); none given: tickets:read and tickets:write */
    scopes: z.array(tokenScopeSchema).min(1).max(TOKEN_SCOPES.length).optional(),
    /** when the token stops working; default in 90 days, at most 365 days ahead */
    expiresAt: z.iso
      .datetime({ offset: true })
      .transform((v) => new Date(v))
      .optional(),
    /** instead of expiresAt: days from now (1–365) */
    expiresInDays: z.number().int().min(1).max(TOKEN_MAX_DAYS).optional(),
  })
  .refine((b) => b.expiresAt === undefined || b.expiresInDays === undefined, {
    message: 'give expiresAt or expiresInDays, not both',
    path: ['expiresAt'],
  });

export const tokenSchema = z.object({
  id: z.number(),
  name: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  expiresAt: z.date(),
});

export const createdTokenSchema = tokenSchema.extend({ token: z.string() });
