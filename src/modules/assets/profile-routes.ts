import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { requireActor } from '../auth/authenticate';
import { currentPositionsOf } from '../positions/queries';
import { loadPositionDetail } from '../positions/routes';
import { positionDetailSchema, positionNumberParams, shouldIsSchema } from '../positions/schemas';
import { positionTypes } from '../positions/tables';
import { saveProfile } from './commands/save-profile';
import { presentAsset } from './presenter';
import { assetsOfPositions } from './repository';
import { assetSchema } from './schemas';
import { assetTypes } from './tables';

const itemsSchema = z.array(
  z.object({ assetType: z.enum(assetTypes), quantity: z.number().int().min(0).max(50) }),
);
const itemsBody = z.strictObject({ items: itemsSchema.max(assetTypes.length) });

/** Equipment profiles per position type and per position, and the preview of a change of position. */
export function profileRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/equipment-profiles',
    {
      schema: {
        tags: ['positions'],
        summary: 'What each position type should have',
        response: {
          200: z.object({
            items: z.array(z.object({ positionType: z.enum(positionTypes), items: itemsSchema })),
          }),
        },
      },
    },
    async (request) => {
      requireActor(request);
      const rows = await ctx.db
        .selectFrom('equipment_profile_items')
        .select(['position_type', 'asset_type', 'quantity'])
        .where('position_type', 'is not', null)
        .orderBy('id')
        .execute();
      return {
        items: positionTypes.map((positionType) => ({
          positionType,
          items: rows
            .filter((r) => r.position_type === positionType)
            .map((r) => ({ assetType: r.asset_type, quantity: r.quantity })),
        })),
      };
    },
  );

  r.put(
    '/api/v1/equipment-profiles/:positionType',
    {
      schema: {
        tags: ['positions'],
        summary: 'Replace the profile of a position type (IT)',
        params: z.object({ positionType: z.enum(positionTypes) }),
        body: itemsBody,
      },
    },
    async (request, reply) => {
      await saveProfile(
        ctx,
        requireActor(request),
        { positionType: request.params.positionType },
        request.body.items,
      );
      return reply.status(204).send();
    },
  );

  r.put(
    '/api/v1/positions/:positionNumber/equipment-profile',
    {
      schema: {
        tags: ['positions'],
        summary: "Replace a position's own profile items (override the type's quantities; 0 removes) (IT)",
        params: positionNumberParams,
        body: itemsBody,
        response: { 200: positionDetailSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await saveProfile(ctx, actor, { positionNumber: request.params.positionNumber }, request.body.items);
      return loadPositionDetail(ctx.db, actor, request.params.positionNumber);
    },
  );

  r.get(
    '/api/v1/positions/:positionNumber/change-preview',
    {
      schema: {
        tags: ['positions'],
        summary:
          'A person moving to this position: what stays on their current positions and what the new profile says (nothing is written)',
        params: positionNumberParams,
        querystring: z.strictObject({ personId: z.coerce.number().int().positive() }),
        response: {
          200: z.object({
            staying: z.array(
              z.object({ positionNumber: z.string(), title: z.string(), assets: z.array(assetSchema) }),
            ),
            newPosition: z.object({
              positionNumber: z.string(),
              title: z.string(),
              shouldIs: shouldIsSchema,
              assets: z.array(assetSchema),
            }),
          }),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const target = await loadPositionDetail(ctx.db, actor, request.params.positionNumber);
      const current = (await currentPositionsOf(ctx.db, request.query.personId)).filter(
        (p) => p.position_number !== target.positionNumber,
      );
      const assets = await assetsOfPositions(
        ctx.db,
        actor,
        current.map((p) => p.id),
      );
      return {
        staying: current.map((p) => ({
          positionNumber: p.position_number,
          title: p.title,
          assets: assets.filter((a) => a.position_id === p.id).map(presentAsset),
        })),
        newPosition: {
          positionNumber: target.positionNumber,
          title: target.title,
          shouldIs: target.shouldIs,
          assets: target.assets,
        },
      };
    },
  );
}
