import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { requestLocale } from '../../http/errors';
import { requireActor } from '../auth/authenticate';
import {
  closeInnovationRound,
  createInnovationRound,
  registerInnovationProject,
  scoreInnovationProject,
} from './commands/innovation-round';
import { loadInnovationRound, presentInnovationRound } from './innovation-queries';
import { seesAllBudgetLines } from './policy';
import { idParams } from './schemas';

const createRoundBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  quarter: z.string().regex(/^\d{4}-Q[1-4]$/, 'expected a quarter like 2026-Q3'),
  periodId: z.number().int().positive(),
  amount: z.number().int().positive().max(1e13).describe('integer cents'),
  maxFunded: z.number().int().min(1).max(20),
  chairId: z.number().int().positive(),
  memberIds: z.array(z.number().int().positive()).max(50).default([]),
  criteria: z
    .array(
      z.strictObject({
        key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,49}$/),
        name: z.string().trim().min(1).max(200),
        weight: z.number().int().min(1).max(100),
      }),
    )
    .min(1)
    .max(20),
});

const registerBody = z.strictObject({
  title: z.string().trim().min(1).max(200),
  description: z.string().max(20_000).default(''),
  requested: z.number().int().positive().max(1e13).describe('integer cents'),
  orgUnitId: z.number().int().positive().optional(),
});

const scoreBody = z.strictObject({
  projectId: z.number().int().positive(),
  scores: z.record(z.string().max(50), z.number().int().min(0).max(5)),
});

/** Innovation budget: quarterly rounds, weighted criteria, members' scores, transparent ranking. */
export function innovationRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['innovation'];
  const view = async (request: Parameters<typeof requireActor>[0], id: number) => {
    const actor = requireActor(request);
    return presentInnovationRound(
      await loadInnovationRound(ctx.db, actor, id),
      actor,
      requestLocale(request),
    );
  };

  r.get(
    '/api/v1/innovation-rounds',
    { schema: { tags, summary: 'Rounds the caller takes part in (IT heads: all)' } },
    async (request) => {
      const actor = requireActor(request);
      const rows = await ctx.db
        .selectFrom('innovation_rounds as r')
        .select(['r.id', 'r.name', 'r.quarter', 'r.state', 'r.amount_cents', 'r.max_funded'])
        .$if(!seesAllBudgetLines(actor), (q) =>
          q.where((eb) =>
            eb.or([
              eb('r.chair_id', '=', actor.id),
              eb.exists(
                eb
                  .selectFrom('innovation_members as m')
                  .select('m.person_id')
                  .whereRef('m.round_id', '=', 'r.id')
                  .where('m.person_id', '=', actor.id),
              ),
            ]),
          ),
        )
        .orderBy('r.quarter', 'desc')
        .execute();
      return {
        items: rows.map((x) => ({
          id: x.id,
          name: x.name,
          quarter: x.quarter,
          state: x.state,
          amount: x.amount_cents,
          maxFunded: x.max_funded,
        })),
      };
    },
  );

  r.post('/api/v1/innovation-rounds', { schema: { tags, body: createRoundBody } }, async (request, reply) => {
    const actor = requireActor(request);
    const id = await createInnovationRound(ctx, actor, request.body);
    return reply.status(201).send(await view(request, id));
  });

  r.get('/api/v1/innovation-rounds/:id', { schema: { tags, params: idParams } }, async (request) =>
    view(request, request.params.id),
  );

  r.post(
    '/api/v1/innovation-rounds/:id/projects',
    { schema: { tags, params: idParams, body: registerBody } },
    async (request, reply) => {
      await registerInnovationProject(ctx, requireActor(request), request.params.id, request.body);
      return reply.status(201).send(await view(request, request.params.id));
    },
  );

  r.put(
    '/api/v1/innovation-rounds/:id/scores',
    { schema: { tags, params: idParams, body: scoreBody } },
    async (request) => {
      await scoreInnovationProject(ctx, requireActor(request), request.params.id, request.body);
      return view(request, request.params.id);
    },
  );

  r.post('/api/v1/innovation-rounds/:id/close', { schema: { tags, params: idParams } }, async (request) => {
    await closeInnovationRound(ctx, requireActor(request), request.params.id);
    return view(request, request.params.id);
  });
}
