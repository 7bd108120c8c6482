import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { AppError } from '../../http/errors';
import { localDate } from '../../shared/local-date';
import {
  hiddenShouldIs,
  positionsWithVisibleEquipment,
  shouldIsForOrgUnit,
  shouldIsForPositions,
} from '../assets/equipment-report';
import { presentAsset } from '../assets/presenter';
import { assetsOfPositions } from '../assets/repository';
import type { Actor } from '../auth/actor';
import { requireActor } from '../auth/authenticate';
import { assignHolder } from './commands/assign-holder';
import { positionImportRoutes } from './import-routes';
import { presentPositionDetail, presentPositionSummary } from './presenter';
import { findPosition, holdersOf, positionRows } from './queries';
import {
  assignHolderBody,
  listPositionsQuery,
  orgUnitReportSchema,
  positionChangeSchema,
  positionDetailSchema,
  positionListSchema,
  positionNumberParams,
} from './schemas';

/**
 * One position with holders over time, its equipment and the should/is of its profile. The staff
 * plan is public within the administration, its equipment is not: assets and should/is go through
 * the assets policy (`can.viewEquipment` false → no assets and an empty should/is).
 */
export async function loadPositionDetail(db: Kysely<DB>, actor: Actor, positionNumber: string) {
  const row = await findPosition(db, positionNumber);
  const [holders, assets, [shouldIs], visible] = await Promise.all([
    holdersOf(db, row.id),
    assetsOfPositions(db, actor, [row.id]),
    shouldIsForPositions(db, actor, [row]),
    positionsWithVisibleEquipment(db, actor, [row.id]),
  ]);
  const viewEquipment = visible.has(row.id);
  return presentPositionDetail(row, actor, holders, assets, shouldIs.should, {
    report: viewEquipment ? shouldIs.report : hiddenShouldIs(),
    viewEquipment,
  });
}

// The staff plan is published with the budget: every signed-in employee may read positions and
// who holds them; only IT and admins change holders (the HR import does the bulk).
export function positionRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  positionImportRoutes(app, ctx);

  r.get(
    '/api/v1/positions',
    {
      schema: {
        tags: ['positions'],
        summary: 'The staff plan: positions by staff-plan number',
        querystring: listPositionsQuery,
        response: { 200: positionListSchema },
      },
    },
    async (request) => {
      requireActor(request);
      const f = request.query;
      let q = positionRows(ctx.db);
      if (f.orgUnitId)
        q = q.where(
          'positions.org_unit_id',
          'in',
          sql<number>`(SELECT sub.id FROM org_units sub
            WHERE sub.path LIKE (SELECT path FROM org_units WHERE id = ${f.orgUnitId}) || '%')`,
        );
      if (f.q)
        q = q.where((eb) =>
          eb.or([
            eb('positions.position_number', 'like', `${f.q}%`),
            eb('positions.title', 'ilike', `%${f.q}%`),
          ]),
        );
      if (f.cursor)
        q = q.where('positions.position_number', '>', Buffer.from(f.cursor, 'base64url').toString());
      const rows = await q
        .orderBy('positions.position_number')
        .limit(f.limit + 1)
        .execute();
      const items = rows.slice(0, f.limit);
      const holders = items.length
        ? await ctx.db
            .selectFrom('position_holders as h')
            .innerJoin('persons as p', 'p.id', 'h.person_id')
            .select(['h.position_id', 'p.id', 'p.name'])
            .where(
              'h.position_id',
              'in',
              items.map((i) => i.id),
            )
            .where('h.valid_from', '<=', localDate())
            .where((eb) => eb.or([eb('h.valid_to', 'is', null), eb('h.valid_to', '>=', localDate())]))
            .execute()
        : [];
      const last = items.at(-1);
      return {
        items: items.map((i) => ({
          ...presentPositionSummary(i),
          holders: holders.filter((h) => h.position_id === i.id).map((h) => ({ id: h.id, name: h.name })),
        })),
        nextCursor:
          rows.length > f.limit && last ? Buffer.from(last.position_number).toString('base64url') : null,
      };
    },
  );

  r.get(
    '/api/v1/positions/:positionNumber',
    {
      schema: {
        tags: ['positions'],
        summary: 'One position with its holders over time, its equipment and should/is',
        params: positionNumberParams,
        response: { 200: positionDetailSchema },
      },
    },
    async (request) => loadPositionDetail(ctx.db, requireActor(request), request.params.positionNumber),
  );

  r.post(
    '/api/v1/positions/:positionNumber/holders',
    {
      schema: {
        tags: ['positions'],
        summary: 'A person takes up the position; the equipment of their old position stays there',
        params: positionNumberParams,
        body: assignHolderBody,
        response: { 201: positionChangeSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { leftPositionIds } = await assignHolder(ctx, actor, request.params.positionNumber, request.body);
      const [position, staying, left] = await Promise.all([
        loadPositionDetail(ctx.db, actor, request.params.positionNumber),
        assetsOfPositions(ctx.db, actor, leftPositionIds),
        leftPositionIds.length
          ? positionRows(ctx.db).where('positions.id', 'in', leftPositionIds).execute()
          : Promise.resolve([]),
      ]);
      return reply.status(201).send({
        position,
        left: left.map((p) => ({
          positionNumber: p.position_number,
          title: p.title,
          staying: staying.filter((a) => a.position_id === p.id).map(presentAsset),
        })),
      });
    },
  );

  r.get(
    '/api/v1/org-units/:orgUnitId/equipment-report',
    {
      schema: {
        tags: ['positions'],
        summary: 'Should/is of every open position in an org unit (subtree): missing and surplus',
        params: z.object({ orgUnitId: z.coerce.number().int().positive() }),
        response: { 200: orgUnitReportSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const unit = await ctx.db
        .selectFrom('org_units')
        .select(['id', 'name'])
        .where('id', '=', request.params.orgUnitId)
        .executeTakeFirst();
      if (!unit) throw new AppError(404, 'notFound');
      const { perPosition, total } = await shouldIsForOrgUnit(ctx.db, actor, unit.id);
      return {
        orgUnit: unit,
        total,
        positions: perPosition
          .filter((p) => p.report.missing || p.report.surplus)
          .map((p) => ({
            positionNumber: p.position.position_number,
            title: p.position.title,
            missing: p.report.missing,
            surplus: p.report.surplus,
          })),
      };
    },
  );
}
