import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { AppError, requestLocale } from '../../http/errors';
import { safeEqual } from '../../shared/tokens';
import { requireActor } from '../auth/authenticate';
import { appointmentAdminRoutes } from './admin-routes';
import { createChallenge } from './altcha';
import { findSlots, loadBookableServices, loadSettings, loadSlotClerks } from './availability';
import { clerkFeed, feedToken, feedUrl } from './calendar-feed';
import { cancelAppointment } from './commands/cancel-appointment';
import { confirmAppointment } from './commands/confirm-appointment';
import { forwardAppointment, listForwardCandidates } from './commands/forward-appointment';
import { holdAppointment } from './commands/hold-appointment';
import { rebookAppointment, rebookClerks, rebookSlots, serviceIdsOf } from './commands/rebook-appointment';
import { importAbsences, recordAbsence } from './commands/record-absence';
import { recordOutcome } from './commands/record-outcome';
import { appointmentDocumentRoutes } from './documents-routes';
import { loadChangeableAppointment } from './handover';
import type { AppointmentView } from './mails';
import { appointmentMovePage } from './move-page';
import { appointmentMoveRoutes } from './move-routes';
import { appointmentPages } from './pages';
import {
  listClerkNames,
  listMyAppointments,
  listOwnClerks,
  listPublicOffices,
  listPublicServices,
  lookupAppointment,
  myAppointmentsRange,
} from './queries';
import {
  absenceBody,
  absenceImportBody,
  absenceResultSchema,
  challengeSchema,
  clerkChangeResultSchema,
  feedListSchema,
  feedParams,
  forwardBody,
  forwardCandidatesSchema,
  holdBody,
  holdResponse,
  myAppointmentsRangeQuery,
  myAppointmentsRangeSchema,
  officeListSchema,
  officeParams,
  outcomeBody,
  rebookBody,
  rebookSlotsQuery,
  rebookSlotsSchema,
  serviceListSchema,
  slotListSchema,
  slotsQuery,
  statusLookupParams,
  statusLookupQuery,
  statusLookupSchema,
  tokenBody,
  tokenResultSchema,
} from './schemas';
import { slotWindowEnd, surnameInitial } from './slots';

const MAX_RANGE_MS = 92 * 86_400_000;

export function appointmentRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['appointments'];
  const publicRoute = { public: true } as const;

  r.get(
    '/api/v1/public/offices',
    {
      config: publicRoute,
      schema: {
        tags,
        summary: 'Offices that take appointments (no sign-in)',
        security: [],
        response: { 200: officeListSchema },
      },
    },
    async () => ({ items: await listPublicOffices(ctx.db) }),
  );

  r.get(
    '/api/v1/public/offices/:id/services',
    {
      config: publicRoute,
      schema: {
        tags,
        summary: 'Concerns of an office with their consultation modes',
        security: [],
        params: officeParams,
        response: { 200: serviceListSchema },
      },
    },
    async (request) => {
      const items = await listPublicServices(ctx.db, request.params.id, requestLocale(request));
      if (!items) throw new AppError(404, 'appointmentOfficeNotFound');
      return { items };
    },
  );

  r.get(
    '/api/v1/public/slots',
    {
      config: publicRoute,
      schema: {
        tags,
        summary: 'Free slots of a concern in a mode, next free first',
        security: [],
        querystring: slotsQuery,
        response: { 200: slotListSchema },
      },
    },
    async (request) => {
      const q = request.query;
      const now = new Date();
      const serviceIds = [q.serviceId, ...(q.serviceIds ?? [])];
      const bookable = await loadBookableServices(ctx.db, serviceIds, q.mode);
      const from = q.from && q.from > now ? q.from : now;
      const to = q.to ?? new Date(now.getTime() + bookable.rules.horizonDays * 86_400_000);
      if (to <= from && q.to) return { items: [] };
      if (to.getTime() - from.getTime() > MAX_RANGE_MS)
        throw new AppError(422, 'appointmentRangeTooLong', { days: 92 });
      const settings = await loadSettings(ctx.db);
      const clerks = await loadSlotClerks(
        ctx.db,
        serviceIds,
        from,
        to,
        settings.cancelled_slot_block_minutes,
        now,
        ctx.database,
      );
      const slots = findSlots(ctx.config.land, bookable, clerks, {
        from,
        to,
        now,
        limit: q.limit,
        anyClerk: true,
        surnameInitial: q.surname ? surnameInitial(q.surname) : null,
      });
      return { items: slots.map((s) => ({ startsAt: s.startsAt, endsAt: s.endsAt })) };
    },
  );

  r.get(
    '/api/v1/public/challenge',
    {
      config: publicRoute,
      schema: {
        tags,
        summary: 'An ALTCHA proof-of-work challenge for a hold',
        security: [],
        response: { 200: challengeSchema },
      },
    },
    async (_request, reply) => {
      const settings = await loadSettings(ctx.db);
      reply.header('cache-control', 'no-store');
      return createChallenge(settings.hmac_key, settings.altcha_max_number);
    },
  );

  r.post(
    '/api/v1/public/appointments',
    {
      config: publicRoute,
      schema: {
        tags,
        summary: 'Hold a slot; the citizen confirms by the link in the mail',
        security: [],
        body: holdBody,
        response: { 201: holdResponse },
      },
    },
    async (request, reply) => {
      const result = await holdAppointment(ctx, request.body, {
        ip: request.ip,
        locale: requestLocale(request),
      });
      return reply.status(201).send({
        bookingNumber: result.bookingNumber,
        status: 'held' as const,
        startsAt: result.view.startsAt,
        endsAt: result.view.endsAt,
        mode: result.view.mode,
        holdExpiresAt: result.holdExpiresAt,
        office: { id: result.officeId, name: result.view.office.name },
      });
    },
  );

  for (const [kind, run] of [
    ['confirm', (token: string) => confirmAppointment(ctx, token)],
    ['cancel', (token: string) => cancelAppointment(ctx, { token })],
  ] as const) {
    r.post(
      `/api/v1/public/appointments/${kind}`,
      {
        config: publicRoute,
        schema: {
          tags,
          summary:
            kind === 'confirm'
              ? 'Confirm a held appointment with the token of the mail'
              : 'Cancel with the token of the mail',
          security: [],
          body: tokenBody,
          response: { 200: tokenResultSchema },
        },
      },
      async (request) => {
        const view = await run(request.body.token);
        return {
          bookingNumber: view.bookingNumber,
          status: kind === 'confirm' ? ('confirmed' as const) : ('cancelled' as const),
          startsAt: view.startsAt,
        };
      },
    );
  }

  r.get(
    '/api/v1/public/appointments/:bookingNumber',
    {
      config: publicRoute,
      schema: {
        tags,
        summary: 'Status lookup with the booking number and the code from the mail',
        security: [],
        params: statusLookupParams,
        querystring: statusLookupQuery,
        response: { 200: statusLookupSchema },
      },
    },
    async (request) => {
      const found = await lookupAppointment(ctx, request.params.bookingNumber, request.query.code);
      const locale = requestLocale(request);
      return {
        bookingNumber: found.bookingNumber,
        status: found.status,
        mode: found.mode,
        startsAt: found.startsAt,
        endsAt: found.endsAt,
        officeName: found.office.name,
        services: found.services.map((s) => (locale === 'en' ? s.nameEn : s.nameDe)),
      };
    },
  );

  r.get(
    '/api/v1/public/calendar/:clerkId/:file',
    {
      config: publicRoute,
      schema: {
        tags,
        summary: "A clerk's appointments as an iCalendar feed (secret URL from /api/v1/appointments/feed)",
        security: [],
        params: feedParams,
      },
    },
    async (request, reply) => {
      const settings = await loadSettings(ctx.db);
      const token = request.params.file.replace(/\.ics$/, '');
      if (!safeEqual(feedToken(settings.hmac_key, request.params.clerkId), token))
        throw new AppError(404, 'notFound');
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .send(await clerkFeed(ctx.db, ctx.config, request.params.clerkId));
    },
  );

  r.get(
    '/api/v1/appointments/feed',
    {
      schema: {
        tags,
        summary: "The signed-in clerk's secret calendar feed URLs (one per office)",
        response: { 200: feedListSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const settings = await loadSettings(ctx.db);
      const clerks = await listOwnClerks(ctx.db, actor);
      return {
        items: clerks.map((c) => ({
          officeName: c.office_name,
          url: feedUrl(ctx.config, c.id, feedToken(settings.hmac_key, c.id)),
        })),
      };
    },
  );

  r.post(
    '/api/v1/appointments/:id/outcome',
    {
      schema: {
        tags,
        summary: 'The clerk marks an appointment done or no-show',
        params: officeParams,
        body: outcomeBody,
        response: { 200: tokenResultSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return recordOutcome(ctx, actor, request.params.id, request.body.status);
    },
  );

  r.get(
    '/api/v1/appointments/mine',
    {
      schema: {
        tags,
        summary: "The signed-in clerk's appointments of a day, a week (view=week) or from/to",
        querystring: myAppointmentsRangeQuery,
        response: { 200: myAppointmentsRangeSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return {
        items: await listMyAppointments(ctx.db, actor, request.query, requestLocale(request)),
        ...myAppointmentsRange(request.query),
      };
    },
  );

  r.post(
    '/api/v1/appointments/:id/cancel',
    {
      schema: {
        tags,
        summary: 'The clerk cancels an appointment',
        params: officeParams,
        response: { 200: tokenResultSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const view = await cancelAppointment(ctx, { actor, appointmentId: request.params.id });
      return { bookingNumber: view.bookingNumber, status: 'cancelled' as const, startsAt: view.startsAt };
    },
  );

  r.post(
    '/api/v1/appointments/absences',
    {
      schema: {
        tags,
        summary: 'Enter an absence by hand; booked appointments go to the deputy',
        body: absenceBody,
        response: { 201: absenceResultSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      return reply.status(201).send(await recordAbsence(ctx, actor, request.body));
    },
  );

  r.post(
    '/api/v1/appointments/absences/import',
    {
      schema: {
        tags,
        summary: 'Import absences from an HR export (CSV: person; from; to; kind)',
        body: absenceImportBody,
        response: { 200: absenceResultSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return importAbsences(ctx, actor, request.body);
    },
  );

  appointmentAdminRoutes(app, ctx);
  appointmentDocumentRoutes(app, ctx);
  appointmentPages(app, ctx);
  appointmentClerkActionRoutes(app, ctx);
  appointmentMoveRoutes(app, ctx);
  appointmentMovePage(app, ctx);
}

// ---------------------------------------------------------------------------------------------
// Clerk side: rebook and forward (issue #7, clerk actions)
// ---------------------------------------------------------------------------------------------

function appointmentClerkActionRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['appointments'];
  const changeResult = (result: { view: AppointmentView; status: 'confirmed'; clerkId: number }) => ({
    bookingNumber: result.view.bookingNumber,
    status: result.status,
    startsAt: result.view.startsAt,
    endsAt: result.view.endsAt,
    mode: result.view.mode,
    clerkId: result.clerkId,
    clerkName: result.view.clerk.name,
  });

  r.get(
    '/api/v1/appointments/:id/rebook-slots',
    {
      schema: {
        tags,
        summary: 'Free slots to move an appointment to (its concerns, in a mode; own clerk first)',
        params: officeParams,
        querystring: rebookSlotsQuery,
        response: { 200: rebookSlotsSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const now = new Date();
      const appointment = await loadChangeableAppointment(ctx.db, actor, request.params.id, {
        lock: false,
        now,
      });
      const q = request.query;
      const serviceIds = await serviceIdsOf(ctx.db, appointment.id);
      const bookable = await loadBookableServices(ctx.db, serviceIds, q.mode ?? appointment.mode);
      const from = q.from && q.from > now ? q.from : now;
      const to = q.to ?? new Date(from.getTime() + 14 * 86_400_000);
      if (to.getTime() - from.getTime() > MAX_RANGE_MS)
        throw new AppError(422, 'appointmentRangeTooLong', { days: 92 });
      // the horizon as rebookSlots applies it (counted from now without the citizens' lead time)
      const latest = new Date(
        now.getTime() - bookable.rules.leadTimeMinutes * 60_000 + bookable.rules.horizonDays * 86_400_000,
      );
      if (to <= from) return { items: [], clerks: [], from, until: from, next: null, latest };
      const clerks = await rebookClerks(ctx.db, appointment, serviceIds, from, to, now);
      const slots = rebookSlots(ctx, bookable, clerks, { from, to, now, limit: q.limit });
      const names = await listClerkNames(ctx.db, [...new Set(slots.flatMap((s) => s.clerkIds))]);
      return {
        items: slots.map((s) => ({ startsAt: s.startsAt, endsAt: s.endsAt, clerkIds: s.clerkIds })),
        clerks: names,
        from,
        ...slotWindowEnd(slots, q.limit, to, latest),
        latest,
      };
    },
  );

  r.post(
    '/api/v1/appointments/:id/rebook',
    {
      schema: {
        tags,
        summary: 'The clerk moves an appointment to another free slot (mode and clerk may change)',
        params: officeParams,
        body: rebookBody,
        response: { 200: clerkChangeResultSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return changeResult(await rebookAppointment(ctx, actor, request.params.id, request.body));
    },
  );

  r.get(
    '/api/v1/appointments/:id/forward-candidates',
    {
      schema: {
        tags,
        summary: 'Colleagues of the office who could take the appointment at its time',
        params: officeParams,
        response: { 200: forwardCandidatesSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { items: await listForwardCandidates(ctx, actor, request.params.id) };
    },
  );

  r.post(
    '/api/v1/appointments/:id/forward',
    {
      schema: {
        tags,
        summary: 'The clerk hands an appointment to a colleague at the same time (citizen informed)',
        params: officeParams,
        body: forwardBody,
        response: { 200: clerkChangeResultSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return changeResult(await forwardAppointment(ctx, actor, request.params.id, request.body));
    },
  );
}
