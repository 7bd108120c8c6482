import { z } from 'zod';
import { assetSchema, positionNumberSchema } from '../assets/schemas';
import { assetTypes } from '../assets/tables';
import { positionTypes } from './tables';

export const positionNumberParams = z.object({ positionNumber: positionNumberSchema });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

export const listPositionsQuery = z.strictObject({
  orgUnitId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const assignHolderBody = z.strictObject({
  personId: z.number().int().positive(),
  validFrom: isoDate.optional(),
  sharePercent: z.number().int().min(1).max(100).optional(),
  endOtherPositions: z.boolean().optional(),
  replaceCurrentHolders: z.boolean().optional(),
});

const orgRef = z.object({ id: z.number(), name: z.string() });

export const positionSummarySchema = z.object({
  positionNumber: z.string(),
  title: z.string(),
  positionType: z.enum(positionTypes),
  fte: z.number(),
  orgUnit: orgRef,
  closedOn: z.string().nullable(),
});

export const holderSchema = z.object({
  person: z.object({ id: z.number(), name: z.string(), login: z.string() }),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  share: z.number(),
  current: z.boolean(),
});

export const shouldIsSchema = z.object({
  lines: z.array(
    z.object({
      assetType: z.enum(assetTypes),
      should: z.number(),
      is: z.number(),
      missing: z.number(),
      surplus: z.number(),
    }),
  ),
  missing: z.number(),
  surplus: z.number(),
});

export const positionDetailSchema = positionSummarySchema.extend({
  vacant: z.boolean(),
  holders: z.array(holderSchema),
  assets: z.array(assetSchema),
  profile: z.array(z.object({ assetType: z.enum(assetTypes), quantity: z.number() })),
  shouldIs: shouldIsSchema,
  /** viewEquipment: the caller may see this position's equipment (the assets policy); else no assets, empty should/is */
  can: z.object({ manage: z.boolean(), viewEquipment: z.boolean() }),
});

export const positionListSchema = z.object({
  items: z.array(
    positionSummarySchema.extend({ holders: z.array(z.object({ id: z.number(), name: z.string() })) }),
  ),
  nextCursor: z.string().nullable(),
});

export const positionChangeSchema = z.object({
  position: positionDetailSchema,
  /** the positions the person left, with the equipment that stays there */
  left: z.array(z.object({ positionNumber: z.string(), title: z.string(), staying: z.array(assetSchema) })),
});

export const mePositionSchema = z.object({
  positionNumber: z.string(),
  title: z.string(),
  orgUnit: orgRef,
  share: z.number(),
  validFrom: z.string(),
});

export const orgUnitReportSchema = z.object({
  orgUnit: orgRef,
  total: shouldIsSchema,
  positions: z.array(
    z.object({ positionNumber: z.string(), title: z.string(), missing: z.number(), surplus: z.number() }),
  ),
});
