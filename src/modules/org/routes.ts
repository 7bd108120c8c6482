import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { forbidden, requestLocale } from '../../http/errors';
import { requireActor } from '../auth/authenticate';

const ref = z.object({ id: z.number(), name: z.string() });

/** Reference data the UIs need: topics, states, groups and (for IT) persons. */
export function orgRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/topics',
    {
      schema: {
        tags: ['reference'],
        response: {
          200: z.object({
            items: z.array(z.object({ id: z.number(), key: z.string(), name: z.string(), group: ref })),
          }),
        },
      },
    },
    async (request) => {
      requireActor(request);
      const en = requestLocale(request) === 'en';
      const rows = await ctx.db
        .selectFrom('topics')
        .innerJoin('groups', 'groups.id', 'topics.group_id')
        .select([
          'topics.id',
          'topics.key',
          'topics.name_de',
          'topics.name_en',
          'groups.id as group_id',
          'groups.name as group_name',
        ])
        .where('topics.active', '=', true)
        .orderBy('topics.id')
        .execute();
      return {
        items: rows.map((t) => ({
          id: t.id,
          key: t.key,
          name: en ? t.name_en : t.name_de,
          group: { id: t.group_id, name: t.group_name },
        })),
      };
    },
  );

  r.get(
    '/api/v1/states',
    {
      schema: {
        tags: ['reference'],
        response: {
          200: z.object({
            items: z.array(z.object({ key: z.string(), name: z.string(), type: z.string() })),
          }),
        },
      },
    },
    async (request) => {
      requireActor(request);
      const en = requestLocale(request) === 'en';
      const rows = await ctx.db
        .selectFrom('ticket_states')
        .selectAll()
        .where('active', '=', true)
        .orderBy('position')
        .orderBy('id')
        .execute();
      return {
        items: rows.map((s) => ({ key: s.key, name: en ? s.name_en : s.name_de, type: s.state_type })),
      };
    },
  );

  r.get(
    '/api/v1/groups',
    { schema: { tags: ['reference'], response: { 200: z.object({ items: z.array(ref) }) } } },
    async (request) => {
      requireActor(request);
      return { items: await ctx.db.selectFrom('groups').select(['id', 'name']).orderBy('name').execute() };
    },
  );

  r.get(
    '/api/v1/persons',
    {
      schema: {
        tags: ['reference'],
        summary: 'Find persons (IT staff only); q matches names fuzzily',
        querystring: z.strictObject({
          q: z.string().trim().min(1).max(100).optional(),
          groupId: z.coerce.number().int().positive().optional(),
        }),
        response: {
          200: z.object({
            items: z.array(z.object({ id: z.number(), login: z.string(), name: z.string() })),
          }),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      if (!actor.isAgent) throw forbidden();
      const { q, groupId } = request.query;
      const like = q?.replace(/[\\%_]/g, (c) => `\\${c}`); // match the typed text literally
      const rows = await ctx.db
        .selectFrom('persons')
        .select(['persons.id', 'persons.login', 'persons.name'])
        .where('persons.active', '=', true)
        .$if(groupId !== undefined, (qb) =>
          qb.where('persons.id', 'in', (eb) =>
            eb
              .selectFrom('group_members')
              .select('person_id')
              .where('group_id', '=', groupId ?? -1),
          ),
        )
        .$if(q !== undefined, (qb) =>
          qb
            .where((eb) =>
              eb.or([
                sql<boolean>`persons.name % ${q}`,
                eb('persons.name', 'ilike', `%${like}%`),
                eb('persons.login', 'ilike', `${like}%`),
              ]),
            )
            .orderBy(sql`similarity(persons.name, ${q})`, 'desc'),
        )
        .orderBy('persons.name')
        .limit(50)
        .execute();
      return { items: rows };
    },
  );
}
