import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError } from '../../http/errors';
import { presentMePosition } from '../positions/presenter';
import { currentPositionsOf } from '../positions/queries';
import { loadActor } from './actor';
import { requireActor, requireSessionActor, SESSION_COOKIE } from './authenticate';
import { createToken } from './commands/create-token';
import { revokeToken } from './commands/revoke-token';
import { SignInThrottled, signIn } from './commands/sign-in';
import { presentMe, presentToken } from './presenter';
import { listTokens } from './queries';
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
    // public: an expired session may still sign out; a live cookie session must send its CSRF token
    { config: { public: true, csrf: true }, schema: { tags: ['session'], summary: 'Sign out' } },
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
    {
      schema: {
        tags: ['tokens'],
        summary: "The caller's API tokens with scopes, last use and expiry (only in a browser session)",
        response: { 200: z.object({ items: z.array(tokenSchema) }) },
      },
    },
    async (request) => {
      const actor = requireSessionActor(request);
      return { items: (await listTokens(ctx.db, actor.id)).map(presentToken) };
    },
  );

  r.post(
    '/api/v1/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Create a personal API token (secret shown once; only in a browser session)',
        body: tokenBody,
        response: { 201: createdTokenSchema },
      },
    },
    async (request, reply) => {
      const actor = requireSessionActor(request);
      const { row, token } = await createToken(ctx, actor, request.body);
      return reply.status(201).send({ ...presentToken(row), token });
    },
  );

  r.delete(
    '/api/v1/tokens/:id',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Revoke one of your API tokens (only in a browser session)',
        params: z.object({
          id: z.coerce
            .number()
            .int()
            .positive()
            .max(2 ** 53 - 1),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireSessionActor(request);
      await revokeToken(ctx, actor, request.params.id);
      return reply.status(204).send();
    },
  );
}
