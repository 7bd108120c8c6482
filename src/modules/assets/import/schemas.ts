import { z } from 'zod';

const rowError = z.object({ code: z.string(), field: z.string().optional(), message: z.string() });

/** what every import report has: the file as read (encoding, delimiter, columns) and the counts */
const reportFields = {
  dryRun: z.boolean(),
  encoding: z.string(),
  delimiter: z.string().nullable(),
  columns: z.array(z.string()),
  unknownColumns: z.array(z.string()),
  summary: z.record(z.string(), z.number()),
};

export const assetImportReportSchema = z.object({
  ...reportFields,
  rows: z.array(
    z.object({
      line: z.number(),
      action: z.enum(['create', 'update', 'unchanged', 'error']),
      inventoryNumber: z.string().nullable(),
      serialNumber: z.string().nullable(),
      changes: z.array(z.string()),
      errors: z.array(rowError),
    }),
  ),
  rowsOmitted: z.number(),
});

export const positionImportReportSchema = z.object({
  ...reportFields,
  closures: z.array(
    z.object({ positionNumber: z.string(), login: z.string().nullable(), closesPosition: z.boolean() }),
  ),
  rows: z.array(
    z.object({
      line: z.number(),
      positionNumber: z.string().nullable(),
      action: z.enum(['create', 'update', 'unchanged', 'error']),
      changes: z.array(z.string()),
      holder: z.object({ login: z.string(), action: z.enum(['open', 'keep']) }).nullable(),
      person: z.enum(['create', 'update']).nullable(),
      errors: z.array(rowError),
    }),
  ),
  rowsOmitted: z.number(),
});

/** An import run: state, progress and — once done — the report (the former synchronous answer). */
export const importRunSchema = z.object({
  id: z.number(),
  kind: z.enum(['assets', 'positions']),
  dryRun: z.boolean(),
  state: z.enum(['queued', 'running', 'done', 'failed']),
  phase: z.enum(['reading', 'planning', 'applying', 'finished']),
  rowsTotal: z.number().nullable(),
  rowsDone: z.number(),
  /** 0…1 */
  progress: z.number(),
  fileBytes: z.number(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.object({ code: z.string(), detail: z.string() }).nullable(),
  result: z.union([positionImportReportSchema, assetImportReportSchema]).nullable(),
});

export type ImportRunView = z.infer<typeof importRunSchema>;
