import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError, notFound } from '../../http/errors';
import { randomToken, sha256 } from '../../shared/tokens';
import { recordAudit } from '../audit/audit-log';
import { presentMePosition } from '../positions/presenter';
import { currentPositionsOf } from '../positions/queries';
import { loadActor } from './actor';
import { requireActor, SESSION_COOKIE } from './authenticate';
import { SignInThrottled, signIn } from './commands/sign-in';
import { presentMe } from './presenter';
import { createdTokenSchema, loginBody, meSchema, sessionResponse, tokenBody, tokenSchema } from './schemas';

async function positionsOf(ctx: AppContext, personId: number) {
  return (await currentPositionsOf(ctx.db, personId)).map(presentMePosition);
}

async function groupsOf(ctx: AppContext, ids: number[]) {
  if (!ids.length) return [];
  return ctx.db.selectFrom('groups').select(['id', 'name']).where('id', 'in', ids).orderBy('name').execute();
}

export function authRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/session',
    {
      config: { public: true },
      schema: { tags: ['session'], summary: 'Sign in', body: loginBody, response: { 200: sessionResponse } },
    },
    async (request, reply) => {
      const { token, csrfToken, personId } = await signIn(
        ctx,
        request.body.login,
        request.body.password,
        request.ip,
      ).catch((error: unknown) => {
        if (error instanceof SignInThrottled)
          void reply.header('Retry-After', String(error.retryAfterSeconds));
        throw error;
      });
      const actor = await loadActor(ctx.db, personId);
      if (!actor) throw new AppError(401, 'invalidCredentials');
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: ctx.config.cookieSecure,
        maxAge: ctx.config.sessionTtlHours * 3600,
      });
      return {
        csrfToken,
        me: presentMe(
          actor,
          await groupsOf(ctx, actor.groupIds),
          csrfToken,
          await positionsOf(ctx, actor.id),
        ),
      };
    },
  );

  r.delete(
    '/api/v1/session',
    { config: { public: true }, schema: { tags: ['session'], summary: 'Sign out' } },
    async (request, reply) => {
      if (request.sessionId)
        await ctx.db.deleteFrom('sessions').where('id', '=', request.sessionId).execute();
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/v1/me',
    { schema: { tags: ['session'], summary: 'The signed-in person', response: { 200: meSchema } } },
    async (request) => {
      const actor = requireActor(request);
      let csrf: string | null = null;
      if (request.sessionId) {
        const s = await ctx.db
          .selectFrom('sessions')
          .select('csrf_token')
          .where('id', '=', request.sessionId)
          .executeTakeFirst();
        csrf = s?.csrf_token ?? null;
      }
      return presentMe(actor, await groupsOf(ctx, actor.groupIds), csrf, await positionsOf(ctx, actor.id));
    },
  );

  r.get(
    '/api/v1/tokens',
    { schema: { tags: ['tokens'], response: { 200: z.object({ items: z.array(tokenSchema) }) } } },
    async (request) => {
      const actor = requireActor(request);
      const rows = await ctx.db
        .selectFrom('api_tokens')
        .selectAll()
        .where('person_id', '=', actor.id)
        .where('revoked_at', 'is', null)
        .orderBy('id')
        .execute();
      return {
        items: rows.map((t) => ({
          id: t.id,
          name: t.name,
          createdAt: t.created_at,
          lastUsedAt: t.last_used_at,
          expiresAt: t.expires_at,
        })),
      };
    },
  );

  r.post(
    '/api/v1/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Create a personal API token (shown once)',
        body: tokenBody,
        response: { 201: createdTokenSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const token = `amt_${randomToken()}`;
      const expiresAt = new Date(Date.now() + (request.body.expiresInDays ?? 90) * 86_400_000);
      const row = await ctx.db.transaction().execute(async (trx) => {
        const created = await trx
          .insertInto('api_tokens')
          .values({
            person_id: actor.id,
            name: request.body.name,
            token_hash: sha256(token),
            expires_at: expiresAt,
            scopes: ['tickets:read', 'tickets:write'],
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, actor, 'apiToken.create', 'apiToken', created.id, null, {
          name: created.name,
        });
        return created;
      });
      return reply.status(201).send({
        id: row.id,
        name: row.name,
        createdAt: row.created_at,
        lastUsedAt: null,
        expiresAt: row.expires_at,
        token,
      });
    },
  );

  r.delete(
    '/api/v1/tokens/:id',
    { schema: { tags: ['tokens'], params: z.object({ id: z.coerce.number().int().positive() }) } },
    async (request, reply) => {
      const actor = requireActor(request);
      const done = await ctx.db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('api_tokens')
          .set({ revoked_at: new Date() })
          .where('id', '=', request.params.id)
          .where('person_id', '=', actor.id)
          .where('revoked_at', 'is', null)
          .returning(['id'])
          .executeTakeFirst();
        if (row) await recordAudit(trx, actor, 'apiToken.revoke', 'apiToken', row.id, null, null);
        return row;
      });
      if (!done) throw notFound();
      return reply.status(204).send();
    },
  );
}
