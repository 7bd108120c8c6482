import { z } from 'zod';
import { positionNumberSchema } from '../assets/schemas';
import { criticalities, duties } from './tables';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
const modelKey = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{1,49}$/);

export const applicationFields = {
  name: z.string().trim().min(1).max(200),
  vendor: z.string().trim().max(200).optional(),
  purpose: z.string().trim().max(4000).optional(),
  responsibilityModel: modelKey,
  ownerOrgUnitId: z.number().int().positive(),
  businessContactPositionNumber: positionNumberSchema.nullable().optional(),
  businessContactPersonId: z.number().int().positive().nullable().optional(),
  itGroupId: z.number().int().positive().nullable().optional(),
  itContactPositionNumber: positionNumberSchema.nullable().optional(),
  itContactPersonId: z.number().int().positive().nullable().optional(),
  licenceCount: z.number().int().min(0).nullable().optional(),
  licencesUsed: z.number().int().min(0).nullable().optional(),
  licenceRenewalOn: isoDate.nullable().optional(),
  criticality: z.enum(criticalities).optional(),
  active: z.boolean().optional(),
};

export const createApplicationBody = z.strictObject(applicationFields);
export const updateApplicationBody = z.strictObject({
  version: z.number().int().positive(),
  ...Object.fromEntries(Object.entries(applicationFields).map(([k, v]) => [k, v.optional()])),
}) as unknown as z.ZodType<{ version: number } & Partial<z.infer<typeof createApplicationBody>>>;

export const listApplicationsQuery = z.strictObject({
  responsibilityModel: modelKey.optional(),
  ownerOrgUnitId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().min(1).max(100).optional(),
  includeInactive: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

const holder = z.enum(['department', 'it', 'shared']);
export const responsibilityModelSchema = z.object({
  key: z.string(),
  code: z.string(),
  rank: z.number(),
  name: z.string(),
  description: z.string(),
  duties: z.object(
    Object.fromEntries(duties.map((d) => [d, holder])) as Record<(typeof duties)[number], typeof holder>,
  ),
});

const ref = z.object({ id: z.number(), name: z.string() });
const contact = z.object({
  position: z.object({ positionNumber: z.string(), title: z.string() }).nullable(),
  person: ref.nullable(),
});

export const applicationSchema = z.object({
  id: z.number(),
  name: z.string(),
  vendor: z.string(),
  purpose: z.string(),
  criticality: z.enum(criticalities),
  active: z.boolean(),
  version: z.number(),
  responsibilityModel: responsibilityModelSchema,
  ownerOrgUnit: ref,
  businessContact: contact,
  itGroup: ref.nullable(),
  itContact: contact,
  licences: z.object({
    count: z.number().nullable(),
    used: z.number().nullable(),
    renewalOn: z.string().nullable(),
  }),
  updatedAt: z.date(),
  can: z.object({ edit: z.boolean() }),
});
