import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { requestLocale } from '../../http/errors';
import { requireActor } from '../auth/authenticate';
import { createApplication, updateApplication } from './commands/save-application';
import { maintainsRegister } from './policy';
import { presentApplication, presentModel } from './presenter';
import { findApplication, listApplications, responsibilityModels } from './repository';
import {
  applicationSchema,
  createApplicationBody,
  listApplicationsQuery,
  responsibilityModelSchema,
  updateApplicationBody,
} from './schemas';

const idParams = z.object({ id: z.coerce.number().int().positive() });

/** The register of specialist applications (Fachverfahren): everyone reads, IT and digitalisation edit. */
export function applicationRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/responsibility-models',
    {
      schema: {
        tags: ['applications'],
        summary: 'The ordered responsibility models (A … E) with who does what',
        response: { 200: z.object({ items: z.array(responsibilityModelSchema) }) },
      },
    },
    async (request) => {
      requireActor(request);
      const locale = requestLocale(request);
      return { items: (await responsibilityModels(ctx.db)).map((m) => presentModel(m, locale)) };
    },
  );

  r.get(
    '/api/v1/applications',
    {
      schema: {
        tags: ['applications'],
        summary: 'The register: every specialist application with its responsibility model',
        querystring: listApplicationsQuery,
        response: { 200: z.object({ items: z.array(applicationSchema), canEdit: z.boolean() }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const locale = requestLocale(request);
      const rows = await listApplications(ctx.db, request.query);
      const items = rows.map((row) => presentApplication(row, actor, locale));
      return { items, canEdit: maintainsRegister(actor) };
    },
  );

  r.get(
    '/api/v1/applications/:id',
    {
      schema: {
        tags: ['applications'],
        params: idParams,
        response: { 200: applicationSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return presentApplication(
        await findApplication(ctx.db, request.params.id),
        actor,
        requestLocale(request),
      );
    },
  );

  r.post(
    '/api/v1/applications',
    {
      schema: {
        tags: ['applications'],
        summary: 'Add an application to the register (IT, digitalisation, admin)',
        body: createApplicationBody,
        response: { 201: applicationSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const id = await createApplication(ctx, actor, request.body);
      return reply
        .status(201)
        .header('location', `/api/v1/applications/${id}`)
        .send(presentApplication(await findApplication(ctx.db, id), actor, requestLocale(request)));
    },
  );

  r.patch(
    '/api/v1/applications/:id',
    {
      schema: {
        tags: ['applications'],
        summary: 'Change an entry (optimistic concurrency via version); recorded in the audit log',
        params: idParams,
        body: updateApplicationBody,
        response: { 200: applicationSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await updateApplication(ctx, actor, request.params.id, request.body);
      return presentApplication(
        await findApplication(ctx.db, request.params.id),
        actor,
        requestLocale(request),
      );
    },
  );

  r.get(
    '/api/v1/applications/:id/history',
    {
      schema: {
        tags: ['applications'],
        summary: 'Changes of an entry (from the audit log)',
        params: idParams,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                action: z.string(),
                actor: z.string().nullable(),
                at: z.date(),
                before: z.unknown(),
                after: z.unknown(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      requireActor(request);
      await findApplication(ctx.db, request.params.id);
      const rows = await ctx.db
        .selectFrom('audit_log')
        .select(['action', 'actor_login', 'occurred_at', 'before', 'after'])
        .where('entity_type', '=', 'application')
        .where('entity_id', '=', String(request.params.id))
        .orderBy('id', 'desc')
        .limit(200)
        .execute();
      return {
        items: rows.map((r) => ({
          action: r.action,
          actor: r.actor_login,
          at: r.occurred_at,
          before: r.before,
          after: r.after,
        })),
      };
    },
  );
}
