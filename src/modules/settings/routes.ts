import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { requireAdmin } from '../auth/authenticate';
import {
  createState,
  createTopic,
  putServiceTarget,
  updateState,
  updateTopic,
} from './commands/save-settings';
import {
  createStateBody,
  createTopicBody,
  putServiceTargetBody,
  serviceTargetSchema,
  stateSchema,
  topicSchema,
  updateStateBody,
  updateTopicBody,
} from './schemas';

const keyParams = z.object({ key: z.string().min(1).max(50) });

/** Admin configuration: state names, topics → groups, service targets. */
export function settingsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['settings'];

  const listStates = async () => {
    const rows = await ctx.db
      .selectFrom('ticket_states')
      .selectAll()
      .orderBy('position')
      .orderBy('id')
      .execute();
    return {
      items: rows.map((s) => ({
        key: s.key,
        nameDe: s.name_de,
        nameEn: s.name_en,
        type: s.state_type,
        position: s.position,
        active: s.active,
      })),
    };
  };
  const listTopics = async () => {
    const rows = await ctx.db.selectFrom('topics').selectAll().orderBy('id').execute();
    return {
      items: rows.map((t) => ({
        key: t.key,
        nameDe: t.name_de,
        nameEn: t.name_en,
        groupId: t.group_id,
        active: t.active,
      })),
    };
  };
  const listTargets = async () => {
    const rows = await ctx.db
      .selectFrom('service_targets')
      .leftJoin('topics', 'topics.id', 'service_targets.topic_id')
      .select([
        'service_targets.priority',
        'topics.key as topic',
        'service_targets.first_response_minutes',
        'service_targets.resolution_minutes',
      ])
      .orderBy('service_targets.id')
      .execute();
    return {
      items: rows.map((s) => ({
        priority: s.priority,
        topic: s.topic,
        firstResponseMinutes: s.first_response_minutes,
        resolutionMinutes: s.resolution_minutes,
      })),
    };
  };
  const list = <T extends z.ZodType>(item: T) => ({ 200: z.object({ items: z.array(item) }) });

  r.get('/api/v1/settings/states', { schema: { tags, response: list(stateSchema) } }, async (request) => {
    requireAdmin(request);
    return listStates();
  });
  r.post(
    '/api/v1/settings/states',
    { schema: { tags, body: createStateBody, response: list(stateSchema) } },
    async (request) => {
      await createState(ctx, requireAdmin(request), request.body);
      return listStates();
    },
  );
  r.patch(
    '/api/v1/settings/states/:key',
    { schema: { tags, params: keyParams, body: updateStateBody, response: list(stateSchema) } },
    async (request) => {
      await updateState(ctx, requireAdmin(request), request.params.key, request.body);
      return listStates();
    },
  );

  r.get('/api/v1/settings/topics', { schema: { tags, response: list(topicSchema) } }, async (request) => {
    requireAdmin(request);
    return listTopics();
  });
  r.post(
    '/api/v1/settings/topics',
    { schema: { tags, body: createTopicBody, response: list(topicSchema) } },
    async (request) => {
      await createTopic(ctx, requireAdmin(request), request.body);
      return listTopics();
    },
  );
  r.patch(
    '/api/v1/settings/topics/:key',
    { schema: { tags, params: keyParams, body: updateTopicBody, response: list(topicSchema) } },
    async (request) => {
      await updateTopic(ctx, requireAdmin(request), request.params.key, request.body);
      return listTopics();
    },
  );

  r.get(
    '/api/v1/settings/service-targets',
    { schema: { tags, response: list(serviceTargetSchema) } },
    async (request) => {
      requireAdmin(request);
      return listTargets();
    },
  );
  r.put(
    '/api/v1/settings/service-targets',
    { schema: { tags, body: putServiceTargetBody, response: list(serviceTargetSchema) } },
    async (request) => {
      await putServiceTarget(ctx, requireAdmin(request), request.body);
      return listTargets();
    },
  );
}
