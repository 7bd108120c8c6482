import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context';
import { AppError } from '../../http/errors';
import { safeEqual, sha256 } from '../../shared/tokens';
import { type Actor, loadSessionActor, loadTokenActor } from './actor';
import { tokenAccess } from './token-scopes';

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
    /** a public route that still wants the CSRF token from a cookie session (signing out) */
    csrf?: boolean;
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
      const found = await loadTokenActor(ctx.db, sha256(header.slice(7).trim()), ctx.database);
      if (!found) throw new AppError(401, 'unauthenticated');
      // scopes narrow what a token reaches (token-scopes.ts); unmatched URLs fall through to 404
      const route = request.routeOptions.url;
      if (route && !isPublic) {
        const access = tokenAccess(route, request.method);
        if (access.kind === 'never') throw new AppError(403, 'tokenNotAllowed');
        if (access.kind === 'scope' && !found.token.scopes.includes(access.scope))
          throw new AppError(403, 'tokenScope', { scope: access.scope });
      }
      request.person = found.actor;
      // last use is recorded at most once a minute, so integrations do not write on every call;
      // the condition keeps concurrent requests on one token from writing it more than once
      const staleBefore = new Date(Date.now() - TOUCH_AFTER_MS);
      if (!found.token.lastUsedAt || found.token.lastUsedAt < staleBefore) {
        await ctx.db
          .updateTable('api_tokens')
          .set({ last_used_at: new Date() })
          .where('id', '=', found.token.id)
          .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', staleBefore)]))
          .execute();
      }
      request.authKind = 'token';
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie) {
      const found = await loadSessionActor(ctx.db, sha256(cookie), ctx.database);
      if (found) {
        const { actor, session } = found;
        request.person = actor;
        request.authKind = 'session';
        request.sessionId = session.id;
        const wantsCsrf = !isPublic || request.routeOptions.config?.csrf === true;
        if (!SAFE_METHODS.has(request.method) && wantsCsrf) {
          const sent = request.headers['x-csrf-token'];
          if (typeof sent !== 'string' || !safeEqual(sent, session.csrfToken))
            throw new AppError(403, 'csrfInvalid');
        }
        // sliding expiry, written at most once a minute (also with concurrent requests)
        const staleBefore = new Date(Date.now() - TOUCH_AFTER_MS);
        if (new Date(session.lastSeenAt) < staleBefore) {
          await ctx.db
            .updateTable('sessions')
            .set({
              last_seen_at: new Date(),
              expires_at: new Date(Date.now() + ctx.config.sessionTtlHours * 3_600_000),
            })
            .where('id', '=', session.id)
            .where('last_seen_at', '<', staleBefore)
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

/** Token management needs a signed-in person in the browser, not a token (a token cannot mint tokens). */
export function requireSessionActor(request: FastifyRequest): Actor {
  const actor = requireActor(request);
  if (request.authKind !== 'session') throw new AppError(403, 'tokenNotAllowed');
  return actor;
}

export function requireAdmin(request: FastifyRequest): Actor {
  const actor = requireActor(request);
  if (!actor.isAdmin) throw new AppError(403, 'forbidden');
  return actor;
}
