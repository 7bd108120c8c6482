import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { requireActor, requireAdmin } from '../auth/authenticate';
import { listAdminClerks, listAdminOffices, listAdminServices } from './admin-queries';
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
import { appointmentStatistics, assertMayReadStatistics, STATISTICS_CSV_COLUMNS } from './statistics';

/** Admin configuration of offices, concerns and clerks, and the statistics (admins and the office's clerks). */
export function appointmentAdminRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['appointments-admin'];

  const resources = [
    {
      path: 'appointment-offices',
      what: 'office',
      item: adminOfficeSchema,
      list: async (officeId?: number) => listAdminOffices(ctx.db, officeId ? [officeId] : undefined),
    },
    {
      path: 'appointment-services',
      what: 'concern',
      item: adminServiceSchema,
      list: (officeId?: number) => listAdminServices(ctx.db, { officeId }),
    },
    {
      path: 'appointment-clerks',
      what: 'clerk',
      item: adminClerkSchema,
      list: (officeId?: number) => listAdminClerks(ctx.db, { officeId }),
    },
  ] as const;
  for (const res of resources)
    r.get(
      `/api/v1/admin/${res.path}`,
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
    '/api/v1/admin/appointment-offices',
    {
      schema: { tags, summary: 'Create an office', body: officeInput, response: { 201: adminOfficeSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await createOffice(ctx, requireAdmin(request), request.body)),
  );
  r.put(
    '/api/v1/admin/appointment-offices/:id',
    {
      schema: {
        tags,
        summary: 'Change an office (only the given fields; closingDays replaces the list)',
        params: adminIdParams,
        body: officeUpdate,
        response: { 200: adminOfficeSchema },
      },
    },
    async (request) => updateOffice(ctx, requireAdmin(request), request.params.id, request.body),
  );
  r.post(
    '/api/v1/admin/appointment-services',
    {
      schema: {
        tags,
        summary: 'Create a concern',
        body: serviceInput,
        response: { 201: adminServiceSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createService(ctx, requireAdmin(request), request.body)),
  );
  r.put(
    '/api/v1/admin/appointment-services/:id',
    {
      schema: {
        tags,
        summary: 'Change a concern (only the given fields; clerkIds replaces the list)',
        params: adminIdParams,
        body: serviceUpdate,
        response: { 200: adminServiceSchema },
      },
    },
    async (request) => updateService(ctx, requireAdmin(request), request.params.id, request.body),
  );
  r.post(
    '/api/v1/admin/appointment-clerks',
    {
      schema: {
        tags,
        summary: 'Make a person a clerk of an office',
        body: clerkInput,
        response: { 201: adminClerkSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createClerk(ctx, requireAdmin(request), request.body)),
  );
  r.put(
    '/api/v1/admin/appointment-clerks/:id',
    {
      schema: {
        tags,
        summary: 'Change a clerk (schedule, letter range, deputy, active)',
        params: adminIdParams,
        body: clerkUpdate,
        response: { 200: adminClerkSchema },
      },
    },
    async (request) => updateClerk(ctx, requireAdmin(request), request.params.id, request.body),
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
      const rows = [...stats.items, stats.total].map((row) =>
        STATISTICS_CSV_COLUMNS.map((c) => {
          const v = row[c];
          return v === null ? '' : String(v);
        }),
      );
      const body = stringify([[...STATISTICS_CSV_COLUMNS], ...rows], { delimiter: ';' });
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="termine-statistik-${stats.officeId}-${stats.from}-${stats.to}.csv"`,
        )
        .send(`\uFEFF${body}`);
    },
  );
}
