import { z } from 'zod';
import { assetStatuses, assetTypes } from './tables';

export const positionNumberSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9./_-]{0,49}$/, 'expected a staff-plan number like 50.1.003');
export const inventoryNumberParams = z.object({ inventoryNumber: z.string().min(1).max(60) });
const ticketNumber = z.string().regex(/^\d{4}-\d{1,12}$/, 'expected a ticket number like 2026-000123');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

const csvList = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .regex(/^[a-zA-Z,]+$/)
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)));

export const listAssetsQuery = z.strictObject({
  positionNumber: positionNumberSchema.optional(),
  orgUnitId: z.coerce.number().int().positive().optional(),
  orgUnit: z.string().min(1).max(50).optional(),
  type: csvList(assetTypes).optional(),
  status: csvList(assetStatuses).optional(),
  q: z.string().trim().min(1).max(100).optional(),
  warrantyEndsBefore: isoDate.optional(),
  unassigned: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

/** A loose object on purpose: a `personId` must reach the handler to be refused with 422, not 400. */
export const assignmentBody = z
  .object({
    positionNumber: positionNumberSchema.nullable().optional(),
    personId: z.unknown().optional(),
    ticketNumber: ticketNumber.optional(),
    note: z.string().max(2000).optional(),
  })
  .passthrough();

export const createAssetBody = z.strictObject({
  inventoryNumber: z.string().trim().min(1).max(60),
  type: z.enum(assetTypes),
  manufacturer: z.string().trim().max(200).nullable().optional(),
  model: z.string().trim().max(200).nullable().optional(),
  serialNumber: z.string().trim().max(200).nullable().optional(),
  hostname: z.string().trim().max(200).nullable().optional(),
  status: z.enum(['ordered', 'inStock']).default('inStock'),
  location: z.string().trim().max(200).nullable().optional(),
  purchaseDate: isoDate.nullable().optional(),
  purchasePriceCents: z.number().int().min(0).nullable().optional(),
  warrantyEnd: isoDate.nullable().optional(),
  budgetOrderId: z.number().int().positive().nullable().optional(),
  positionNumber: positionNumberSchema.optional(),
});

export const updateAssetBody = z.strictObject({
  version: z.number().int().positive(),
  status: z.enum(assetStatuses).optional(),
  manufacturer: z.string().trim().max(200).nullable().optional(),
  model: z.string().trim().max(200).nullable().optional(),
  serialNumber: z.string().trim().max(200).nullable().optional(),
  location: z.string().trim().max(200).nullable().optional(),
  warrantyEnd: isoDate.nullable().optional(),
  budgetOrderId: z.number().int().positive().nullable().optional(),
});

const orgRef = z.object({ id: z.number(), name: z.string() });
export const assetSchema = z.object({
  inventoryNumber: z.string(),
  type: z.enum(assetTypes),
  manufacturer: z.string().nullable(),
  model: z.string().nullable(),
  serialNumber: z.string().nullable(),
  hostname: z.string().nullable(),
  operatingSystem: z.string().nullable(),
  lastSeenAt: z.date().nullable(),
  status: z.enum(assetStatuses),
  location: z.string().nullable(),
  purchaseDate: z.string().nullable(),
  purchasePriceCents: z.number().nullable(),
  warrantyEnd: z.string().nullable(),
  budgetOrderId: z.number().nullable(),
  position: z.object({ positionNumber: z.string(), title: z.string(), orgUnit: orgRef }).nullable(),
  version: z.number(),
});

export const assignmentSchema = z.object({
  positionNumber: z.string().nullable(),
  positionTitle: z.string().nullable(),
  assignedAt: z.date(),
  endedAt: z.date().nullable(),
  ticketNumber: z.string().nullable(),
  assignedBy: z.string().nullable(),
  source: z.string(),
  note: z.string(),
});

export const assetDetailSchema = assetSchema.extend({
  assignments: z.array(assignmentSchema),
  allowedStatuses: z.array(z.enum(assetStatuses)),
  can: z.object({ assign: z.boolean(), edit: z.boolean() }),
});

export const assetListSchema = z.object({ items: z.array(assetSchema), nextCursor: z.string().nullable() });
