import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context';
import { AppError } from '../../http/errors';
import { safeEqual, sha256 } from '../../shared/tokens';
import { type Actor, loadActor, loadSessionActor } from './actor';

export const SESSION_COOKIE = 'amtsdesk_session';

declare module 'fastify' {
  interface FastifyRequest {
    person: Actor | null;
    authKind: 'session' | 'token' | null;
    sessionId: string | null;
  }
  interface FastifyContextConfig {
    /** route answers without a signed-in caller */
    public?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const TOUCH_AFTER_MS = 60_000;

/** Resolves the caller from the session cookie or a Bearer token; enforces CSRF for cookie sessions. */
export function registerAuthentication(app: FastifyInstance, ctx: AppContext) {
  app.decorateRequest('person', null);
  app.decorateRequest('authKind', null);
  app.decorateRequest('sessionId', null);

  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    if (!request.url.startsWith('/api/v1/')) return;
    // citizen-facing endpoints answer without sign-in; no cookie there, so no CSRF either
    const isPublic =
      request.routeOptions.config?.public === true || request.url.startsWith('/api/v1/public/');
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      const token = await ctx.db
        .selectFrom('api_tokens')
        .select(['id', 'person_id', 'last_used_at'])
        .where('token_hash', '=', sha256(header.slice(7).trim()))
        .where('revoked_at', 'is', null)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', new Date())]))
        .executeTakeFirst();
      // last use is recorded at most once a minute, so integrations do not write on every call
      if (token && (!token.last_used_at || Date.now() - token.last_used_at.getTime() > TOUCH_AFTER_MS)) {
        await ctx.db
          .updateTable('api_tokens')
          .set({ last_used_at: new Date() })
          .where('id', '=', token.id)
          .execute();
      }
      if (!token) throw new AppError(401, 'unauthenticated');
      request.person = await loadActor(ctx.db, token.person_id);
      if (!request.person) throw new AppError(401, 'unauthenticated');
      request.authKind = 'token';
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie) {
      const found = await loadSessionActor(ctx.db, sha256(cookie));
      if (found) {
        const { actor, session } = found;
        request.person = actor;
        request.authKind = 'session';
        request.sessionId = session.id;
        if (!SAFE_METHODS.has(request.method) && !isPublic) {
          const sent = request.headers['x-csrf-token'];
          if (typeof sent !== 'string' || !safeEqual(sent, session.csrfToken))
            throw new AppError(403, 'csrfInvalid');
        }
        // sliding expiry, written at most once a minute
        if (Date.now() - new Date(session.lastSeenAt).getTime() > TOUCH_AFTER_MS) {
          await ctx.db
            .updateTable('sessions')
            .set({
              last_seen_at: new Date(),
              expires_at: new Date(Date.now() + ctx.config.sessionTtlHours * 3_600_000),
            })
            .where('id', '=', session.id)
            .execute();
        }
        return;
      }
      if (!isPublic) throw new AppError(401, 'sessionExpired');
      return;
    }
    if (!isPublic) throw new AppError(401, 'unauthenticated');
  });
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.person) throw new AppError(401, 'unauthenticated');
  return request.person;
}

export function requireAdmin(request: FastifyRequest): Actor {
  const actor = requireActor(request);
  if (!actor.isAdmin) throw new AppError(403, 'forbidden');
  return actor;
}
