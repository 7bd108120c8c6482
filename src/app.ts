import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { AppContext } from './context';
import { errorHandler, frameworkErrorHandler, sendProblem } from './http/errors';
import { rejectNulCharacters } from './http/reject-nul';
import { applicationRoutes } from './modules/applications/routes';
import { appointmentRoutes } from './modules/appointments/routes';
import { assetRoutes } from './modules/assets/routes';
import { registerAuthentication } from './modules/auth/authenticate';
import { authRoutes } from './modules/auth/routes';
import { budgetRoutes } from './modules/budget/routes';
import { committeeRoutes } from './modules/committees/routes';
import { mailRoutes } from './modules/mail/routes';
import { orgRoutes } from './modules/org/routes';
import { positionRoutes } from './modules/positions/routes';
import { rulebookRoutes } from './modules/rulebook/routes';
import { settingsRoutes } from './modules/settings/routes';
import { ticketRoutes } from './modules/tickets/routes';

const webRoot = path.resolve(import.meta.dirname, '../dist/web');

/** Builds the HTTP app without listening; tests use app.inject(). */
export async function buildApp(
  ctx: AppContext,
  options: { logger?: boolean } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ? { level: ctx.config.logLevel } : false,
    bodyLimit: ctx.config.bodyLimitBytes,
    trustProxy: ctx.config.trustProxy,
    ajv: { customOptions: { removeAdditional: false } },
    frameworkErrors: frameworkErrorHandler,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  await app.register(helmet, {
    // HSTS only over HTTPS (below): on plain http it means nothing, and an intranet host that once
    // answered with it over a proxy's https would be unreachable by http for a year
    strictTransportSecurity: false,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        // intranet installs often run on plain http: only ask browsers to upgrade when we serve https
        upgradeInsecureRequests: ctx.config.cookieSecure ? [] : null,
      },
    },
  });
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https')
      void reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: ctx.config.attachmentMaxBytes, files: 1 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'amtsdesk API',
        version: '1',
        description: 'Service desk of a municipal administration. Errors are RFC 9457 problem details.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'amtsdesk_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  registerAuthentication(app, ctx);
  rejectNulCharacters(app);

  app.get('/api/health', { schema: { hide: true } }, async (request, reply) => {
    try {
      await sql`SELECT 1`.execute(ctx.db);
    } catch (error) {
      request.log.warn({ err: error }, 'health check: database unavailable');
      void reply.header('Retry-After', '5');
      return sendProblem(request, reply, 503, 'databaseUnavailable');
    }
    return { status: 'ok', engine: ctx.database.engine };
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  authRoutes(app, ctx);
  orgRoutes(app, ctx);
  ticketRoutes(app, ctx);
  settingsRoutes(app, ctx);
  mailRoutes(app, ctx);
  budgetRoutes(app, ctx);
  rulebookRoutes(app, ctx);
  committeeRoutes(app, ctx);
  positionRoutes(app, ctx);
  assetRoutes(app, ctx);
  applicationRoutes(app, ctx);
  appointmentRoutes(app, ctx);

  const hasWeb = fs.existsSync(path.join(webRoot, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: false });

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || !hasWeb || request.method !== 'GET')
      return sendProblem(request, reply, 404, 'notFound');
    // single-page app: every other GET path is a client route
    return reply.type('text/html').sendFile('index.html');
  });
  return app;
}
