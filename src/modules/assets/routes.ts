import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import type { Actor } from '../auth/actor';
import { requireActor } from '../auth/authenticate';
import { currentPositionsOf } from '../positions/queries';
import { assignAsset } from './commands/assign-asset';
import { createAsset } from './commands/create-asset';
import { updateAsset } from './commands/update-asset';
import { assetImportRoutes } from './import-routes';
import { presentAsset, presentAssetDetail } from './presenter';
import { profileRoutes } from './profile-routes';
import { assetsOfPositions, assignmentsOf, findVisibleAsset, listAssets } from './repository';
import {
  assetDetailSchema,
  assetListSchema,
  assetSchema,
  assignmentBody,
  createAssetBody,
  inventoryNumberParams,
  listAssetsQuery,
  updateAssetBody,
} from './schemas';

export function assetRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  assetImportRoutes(app, ctx);
  profileRoutes(app, ctx);

  async function detail(actor: Actor, inventoryNumber: string) {
    const row = await findVisibleAsset(ctx.db, actor, inventoryNumber);
    return presentAssetDetail(row, actor, await assignmentsOf(ctx.db, row.id));
  }

  r.get(
    '/api/v1/assets',
    {
      schema: {
        tags: ['assets'],
        summary: 'Asset list: filters by position, org unit (with subtree), type, status; 50 a page',
        querystring: listAssetsQuery,
        response: { 200: assetListSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { items, nextCursor } = await listAssets(ctx.db, actor, request.query);
      return { items: items.map(presentAsset), nextCursor };
    },
  );

  r.post(
    '/api/v1/assets',
    {
      schema: {
        tags: ['assets'],
        summary: 'Record an asset (IT); with positionNumber it is issued to that position',
        body: createAssetBody,
        response: { 201: assetDetailSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await createAsset(ctx, actor, request.body);
      return reply.status(201).send(await detail(actor, request.body.inventoryNumber));
    },
  );

  r.get(
    '/api/v1/assets/:inventoryNumber',
    {
      schema: {
        tags: ['assets'],
        summary: 'One asset with its assignment history',
        params: inventoryNumberParams,
        response: { 200: assetDetailSchema },
      },
    },
    async (request) => detail(requireActor(request), request.params.inventoryNumber),
  );

  r.patch(
    '/api/v1/assets/:inventoryNumber',
    {
      schema: {
        tags: ['assets'],
        summary: 'Change status (lifecycle) or facts of an asset (IT; optimistic concurrency via version)',
        params: inventoryNumberParams,
        body: updateAssetBody,
        response: { 200: assetDetailSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await updateAsset(ctx, actor, request.params.inventoryNumber, request.body);
      return detail(actor, request.params.inventoryNumber);
    },
  );

  r.post(
    '/api/v1/assets/:inventoryNumber/assignment',
    {
      schema: {
        tags: ['assets'],
        summary:
          'Assign an asset to a position (IT). Never to a person; a move between positions needs an IT ticket number',
        params: inventoryNumberParams,
        body: assignmentBody,
        response: { 200: assetDetailSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await assignAsset(ctx, actor, request.params.inventoryNumber, request.body);
      return detail(actor, request.params.inventoryNumber);
    },
  );

  r.get(
    '/api/v1/me/assets',
    {
      schema: {
        tags: ['assets'],
        summary: 'My equipment: what the positions I hold today have',
        response: {
          200: z.object({
            positions: z.array(
              z.object({ positionNumber: z.string(), title: z.string(), assets: z.array(assetSchema) }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const positions = await currentPositionsOf(ctx.db, actor.id);
      const assets = await assetsOfPositions(
        ctx.db,
        actor,
        positions.map((p) => p.id),
      );
      return {
        positions: positions.map((p) => ({
          positionNumber: p.position_number,
          title: p.title,
          assets: assets.filter((a) => a.position_id === p.id).map(presentAsset),
        })),
      };
    },
  );
}
