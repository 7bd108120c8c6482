/**
 * The citizen moves their own appointment through the API (integrations, a single-page app): booking
 * number + the status code of the mails, like the status lookup and the document API. The page
 * behind the mails' link is move-page.ts; both call the same command.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { loadMoveOptions, moveAppointment } from './commands/move-appointment';
import {
  citizenRebookBody,
  citizenRebookResultSchema,
  citizenRebookSlotsQuery,
  citizenRebookSlotsSchema,
  statusLookupParams,
} from './schemas';

export function appointmentMoveRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['appointments'];

  r.get(
    '/api/v1/public/appointments/:bookingNumber/rebook-slots',
    {
      config: { public: true },
      schema: {
        tags,
        summary:
          'Free slots to move the own appointment to (same concerns, public slot rules), with the code',
        security: [],
        params: statusLookupParams,
        querystring: citizenRebookSlotsQuery,
        response: { 200: citizenRebookSlotsSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const { code, ...query } = request.query;
      const options = await loadMoveOptions(
        ctx,
        { bookingNumber: request.params.bookingNumber, code },
        query,
      );
      return {
        bookingNumber: options.view.bookingNumber,
        startsAt: options.view.startsAt,
        endsAt: options.view.endsAt,
        mode: options.appointment.mode,
        modes: options.modes,
        movesLeft: options.movesLeft,
        items: options.slots.map((s) => ({ startsAt: s.startsAt, endsAt: s.endsAt, current: s.current })),
        more: options.more,
      };
    },
  );

  r.post(
    '/api/v1/public/appointments/:bookingNumber/rebook',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'The citizen moves the own confirmed appointment (at most 3 times), with the code',
        security: [],
        params: statusLookupParams,
        body: citizenRebookBody,
        response: { 200: citizenRebookResultSchema },
      },
    },
    async (request) => {
      const { code, ...input } = request.body;
      const result = await moveAppointment(ctx, { bookingNumber: request.params.bookingNumber, code }, input);
      return {
        bookingNumber: result.view.bookingNumber,
        status: 'confirmed' as const,
        startsAt: result.view.startsAt,
        endsAt: result.view.endsAt,
        mode: result.view.mode,
        movesLeft: result.movesLeft,
      };
    },
  );
}
