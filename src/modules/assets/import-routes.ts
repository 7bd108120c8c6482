import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { requireActor } from '../auth/authenticate';
import { importAssets } from './import/import-assets';

export const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;
export const importContentTypes = [
  'text/csv',
  'text/plain',
  'application/csv',
  'application/octet-stream',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

export const importQuery = z.strictObject({
  dryRun: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
});

const rowError = z.object({ code: z.string(), field: z.string().optional(), message: z.string() });

export const assetImportReportSchema = z.object({
  dryRun: z.boolean(),
  encoding: z.string(),
  delimiter: z.string().nullable(),
  columns: z.array(z.string()),
  unknownColumns: z.array(z.string()),
  summary: z.record(z.string(), z.number()),
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

/** Uploads arrive as the raw body (CSV or XLSX), so scripts can `curl --data-binary @inventar.csv`. */
export function rawBodyScope(scope: FastifyInstance) {
  scope.addContentTypeParser(
    importContentTypes,
    { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT },
    (_req, body, done) => done(null, body),
  );
}

export function assetImportRoutes(app: FastifyInstance, ctx: AppContext) {
  void app.register(async (scope) => {
    rawBodyScope(scope);
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/imports/assets',
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags: ['imports'],
          summary:
            'Inventory import (CSV in UTF-8 or Windows-1252 with ; or , — or XLSX) with dry run; IT only. Report per row',
          querystring: importQuery,
          consumes: importContentTypes,
          response: { 200: assetImportReportSchema },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.from(String(request.body ?? ''));
        return importAssets(ctx, actor, body, { dryRun: request.query.dryRun });
      },
    );
  });
}
