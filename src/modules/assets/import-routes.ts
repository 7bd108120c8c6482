import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { requestLocale } from '../../http/errors';
import { requireActor } from '../auth/authenticate';
import { acceptImport, showImportRun } from './import/import-kinds';
import { IMPORT_BODY_LIMIT, presentImportRun } from './import/import-runs';
import { importRunSchema } from './import/schemas';

export { IMPORT_BODY_LIMIT };
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
            'Inventory import (CSV in UTF-8 or Windows-1252 with ; or , — or XLSX) with dry run; IT only. Answers 202 with the run; GET /api/v1/imports/{id} shows progress and the report per row. At most 32 MiB and 100,000 rows',
          querystring: importQuery,
          consumes: importContentTypes,
          response: { 202: importRunSchema },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.from(String(request.body ?? ''));
        const run = await acceptImport(ctx, actor, 'assets', body, { dryRun: request.query.dryRun });
        void reply.code(202).header('Location', `/api/v1/imports/${run.id}`);
        return presentImportRun(ctx.db, run, requestLocale(request));
      },
    );
  });
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/imports/:id',
    {
      schema: {
        tags: ['imports'],
        summary:
          'An import run (assets or staff plan) of the caller: state, progress, and when done the report',
        params: z.strictObject({
          id: z.coerce
            .number()
            .int()
            .min(1)
            .max(2 ** 53),
        }),
        response: { 200: importRunSchema },
      },
    },
    async (request) => showImportRun(ctx, requireActor(request), request.params.id, requestLocale(request)),
  );
}
