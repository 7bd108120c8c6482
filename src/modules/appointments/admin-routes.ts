import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import type { Actor } from '../auth/actor';
import { requireActor, requireAdmin } from '../auth/authenticate';
import {
  listAdminClerks,
  listAdminOffices,
  listAdminServices,
  listClerkCandidates,
  readAdminSettings,
} from './admin-queries';
import {
  adminClerkSchema,
  adminIdParams,
  adminListQuery,
  adminOfficeSchema,
  adminServiceSchema,
  clerkInput,
  clerkUpdate,
  officeInput,
  officeUpdate,
  serviceInput,
  serviceUpdate,
  settingsSchema,
  settingsUpdate,
  statisticsQuery,
  statisticsSchema,
} from './admin-schemas';
import {
  createClerk,
  createOffice,
  createService,
  updateClerk,
  updateOffice,
  updateService,
} from './commands/configure';
import { updateAppointmentSettings } from './commands/update-settings';
import { appointmentStatistics, assertMayReadStatistics, statisticsCsv } from './statistics';

/** Admin configuration of offices, concerns, clerks and settings, and the statistics (admins and the office's clerks). */
export function appointmentAdminRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['appointments-admin'];

  /**
   * One block per configurable thing: list (optionally by office), create, change. Admins only;
   * everything else (checks, transaction, audit row) lives in the commands.
   */
  function resource<Create extends z.ZodType, Update extends z.ZodType>(res: {
    path: string;
    what: string;
    /** the response schema: it also strips what is not declared */
    item: z.ZodType;
    list: (officeId?: number) => Promise<unknown[]>;
    createBody: Create;
    create: (actor: Actor, input: z.infer<Create>) => Promise<unknown>;
    updateBody: Update;
    updateSummary: string;
    update: (actor: Actor, id: number, input: z.infer<Update>) => Promise<unknown>;
  }) {
    const url = `/api/v1/admin/${res.path}`;
    r.get(
      url,
      {
        schema: {
          tags,
          summary: `Every ${res.what} (admins)`,
          querystring: adminListQuery,
          response: { 200: z.object({ items: z.array(res.item) }) },
        },
      },
      async (request) => {
        requireAdmin(request);
        return { items: await res.list(request.query.officeId) };
      },
    );
    r.post(
      url,
      {
        schema: { tags, summary: `Create a ${res.what}`, body: res.createBody, response: { 201: res.item } },
      },
      async (request, reply) => {
        const created = await res.create(requireAdmin(request), request.body as z.infer<Create>);
        return reply.status(201).send(created);
      },
    );
    r.put(
      `${url}/:id`,
      {
        schema: {
          tags,
          summary: res.updateSummary,
          params: adminIdParams,
          body: res.updateBody,
          response: { 200: res.item },
        },
      },
      async (request) =>
        res.update(requireAdmin(request), request.params.id, request.body as z.infer<Update>),
    );
  }

  resource({
    path: 'appointment-offices',
    what: 'office',
    item: adminOfficeSchema,
    list: (officeId) => listAdminOffices(ctx.db, officeId ? [officeId] : undefined),
    createBody: officeInput,
    create: (actor, input) => createOffice(ctx, actor, input),
    updateBody: officeUpdate,
    updateSummary: 'Change an office (only the given fields; closingDays replaces the list)',
    update: (actor, id, input) => updateOffice(ctx, actor, id, input),
  });
  resource({
    path: 'appointment-services',
    what: 'concern',
    item: adminServiceSchema,
    list: (officeId) => listAdminServices(ctx.db, { officeId }),
    createBody: serviceInput,
    create: (actor, input) => createService(ctx, actor, input),
    updateBody: serviceUpdate,
    updateSummary: 'Change a concern (only the given fields; clerkIds replaces the list)',
    update: (actor, id, input) => updateService(ctx, actor, id, input),
  });
  resource({
    path: 'appointment-clerks',
    what: 'clerk',
    item: adminClerkSchema,
    list: (officeId) => listAdminClerks(ctx.db, { officeId }),
    createBody: clerkInput,
    create: (actor, input) => createClerk(ctx, actor, input),
    updateBody: clerkUpdate,
    updateSummary: 'Change a clerk (schedule, letter range, deputy, active)',
    update: (actor, id, input) => updateClerk(ctx, actor, id, input),
  });

  r.get(
    '/api/v1/admin/appointment-persons',
    {
      schema: {
        tags,
        summary: 'Active persons who can be made clerks (admins)',
        response: {
          200: z.object({
            items: z.array(z.object({ id: z.number(), name: z.string(), login: z.string() })),
          }),
        },
      },
    },
    async (request) => {
      requireAdmin(request);
      return { items: await listClerkCandidates(ctx.db) };
    },
  );
  r.get(
    '/api/v1/admin/appointment-settings',
    {
      schema: {
        tags,
        summary:
          'The tunables of appointments (hold time, retention, rate and upload limits) with their ranges',
        response: { 200: settingsSchema },
      },
    },
    async (request) => {
      requireAdmin(request);
      return readAdminSettings(ctx.db);
    },
  );
  r.put(
    '/api/v1/admin/appointment-settings',
    {
      schema: {
        tags,
        summary: 'Change settings (only the given ones; version as loaded, 409 when stale, 422 out of range)',
        body: settingsUpdate,
        response: { 200: settingsSchema },
      },
    },
    async (request) => updateAppointmentSettings(ctx, requireAdmin(request), request.body),
  );

  const statistics = async (
    request: { query: z.infer<typeof statisticsQuery> } & Parameters<typeof requireActor>[0],
  ) => {
    const actor = requireActor(request);
    const office = await assertMayReadStatistics(ctx.db, actor, request.query.officeId);
    return appointmentStatistics(ctx.db, ctx.config.land, office, request.query.from, request.query.to);
  };
  r.get(
    '/api/v1/appointments/statistics',
    {
      schema: {
        tags: ['appointments'],
        summary:
          'Bookings, cancellations, no-shows, lead time and utilisation per concern (no personal data)',
        querystring: statisticsQuery,
        response: { 200: statisticsSchema },
      },
    },
    async (request) => statistics(request),
  );
  r.get(
    '/api/v1/appointments/statistics.csv',
    {
      schema: {
        tags: ['appointments'],
        summary: 'The statistics as CSV (UTF-8, semicolon, one row per concern plus the total)',
        querystring: statisticsQuery,
      },
    },
    async (request, reply) => {
      const stats = await statistics(request);
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="termine-statistik-${stats.officeId}-${stats.from}-${stats.to}.csv"`,
        )
        .send(statisticsCsv(stats));
    },
  );
}
