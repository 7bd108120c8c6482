import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { requestLocale } from '../../http/errors';
import { acceptImport } from '../assets/import/import-kinds';
import { presentImportRun } from '../assets/import/import-runs';
import { importRunSchema } from '../assets/import/schemas';
import { IMPORT_BODY_LIMIT, importContentTypes, rawBodyScope } from '../assets/import-routes';
import { requireActor } from '../auth/authenticate';

const flag = (fallback: 'true' | 'false') =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback)
    .transform((v) => v === 'true' || v === '1');

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
            'Staff-plan and persons import (CSV/XLSX of the HR system) with dry run: creates, updates, closures. closeMissing=true closes positions of the listed org units that the file lacks. Answers 202 with the run; GET /api/v1/imports/{id} shows progress and the report',
          querystring: z.strictObject({ dryRun: flag('false'), closeMissing: flag('false') }),
          consumes: importContentTypes,
          response: { 202: importRunSchema },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.from(String(request.body ?? ''));
        const run = await acceptImport(ctx, actor, 'positions', body, request.query);
        void reply.code(202).header('Location', `/api/v1/imports/${run.id}`);
        return presentImportRun(ctx.db, run, requestLocale(request));
      },
    );
  });
}
