import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { IMPORT_BODY_LIMIT, importContentTypes, rawBodyScope } from '../assets/import-routes';
import { requireActor } from '../auth/authenticate';
import { importPositions } from './import/import-positions';

const flag = (fallback: 'true' | 'false') =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback)
    .transform((v) => v === 'true' || v === '1');

const rowError = z.object({ code: z.string(), field: z.string().optional(), message: z.string() });

export const positionImportReportSchema = z.object({
  dryRun: z.boolean(),
  encoding: z.string(),
  delimiter: z.string().nullable(),
  columns: z.array(z.string()),
  unknownColumns: z.array(z.string()),
  summary: z.record(z.string(), z.number()),
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

export function positionImportRoutes(app: FastifyInstance, ctx: AppContext) {
  void app.register(async (scope) => {
    rawBodyScope(scope);
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/imports/positions',
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags: ['imports'],
          summary:
            'Staff-plan and persons import (CSV/XLSX of the HR system) with dry run: creates, updates, closures. closeMissing=true closes positions of the listed org units that the file lacks',
          querystring: z.strictObject({ dryRun: flag('false'), closeMissing: flag('false') }),
          consumes: importContentTypes,
          response: { 200: positionImportReportSchema },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.from(String(request.body ?? ''));
        return importPositions(ctx, actor, body, request.query);
      },
    );
  });
}
