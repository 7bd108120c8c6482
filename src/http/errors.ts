import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable, isTransientConflict } from '../db/pg-errors';
import { type Locale, pickLocale, translate } from './messages';

export interface FieldError {
  field: string;
  message: string;
}

/** An error with a stable code that the error handler turns into RFC 9457 problem details. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly params: Record<string, string | number> = {},
    readonly errors: FieldError[] = [],
  ) {
    super(code);
  }
}

export const notFound = (code = 'notFound', params: Record<string, string | number> = {}) =>
  new AppError(404, code, params);
export const forbidden = () => new AppError(403, 'forbidden');

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function requestLocale(request: FastifyRequest): Locale {
  return pickLocale(request.headers['accept-language'], request.person?.locale ?? 'de');
}

/**
 * The problem's `instance`: the request's path without its query, and only when it is of a sane
 * length — an error answer must not echo kilobytes of a probe's path (or its query) back.
 */
function instanceOf(request: FastifyRequest): { instance?: string } {
  const path = request.url.split('?')[0];
  return path.length <= 200 ? { instance: path } : {};
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  params: Record<string, string | number> = {},
  errors: FieldError[] = [],
) {
  const locale = requestLocale(request);
  return reply
    .status(status)
    .type('application/problem+json')
    .send({
      type: `https://amtsdesk.de/problems/${code}`,
      title: titles[status] ?? 'Error',
      status,
      code,
      detail: translate(code, locale, params),
      ...instanceOf(request),
      ...(errors.length ? { errors } : {}),
    });
}

function validationErrors(error: FastifyError): FieldError[] {
  // fastify-type-provider-zod maps each zod issue to { instancePath: '/title', message, params }
  const where = (error.validationContext ?? 'body') as string;
  return (error.validation ?? []).flatMap((v) => {
    const base = [where, ...(v.instancePath ?? '').split('/').filter(Boolean)];
    const unknownKeys = (v.params as { keys?: string[] } | undefined)?.keys;
    if (unknownKeys?.length)
      return unknownKeys.map((key) => ({ field: [...base, key].join('.'), message: 'unknown field' }));
    return [{ field: base.join('.'), message: v.message ?? 'invalid' }];
  });
}

const pgErrorMap: Record<string, [number, string]> = {
  '23505': [409, 'conflict'],
  '23503': [422, 'validationFailed'],
  '23514': [422, 'validationFailed'],
  '22001': [422, 'validationFailed'],
  '22P02': [400, 'validationFailed'],
  // data exceptions: a number beyond the column's range (22003), an impossible date (22008, 22007),
  // an invalid parameter value (22023), a bad LIMIT/OFFSET (2201W, 2201X)
  '22003': [422, 'validationFailed'],
  '22007': [422, 'validationFailed'],
  '22008': [422, 'validationFailed'],
  '22023': [422, 'validationFailed'],
  '2201W': [422, 'validationFailed'],
  '2201X': [422, 'validationFailed'],
  '22021': [400, 'validationFailed'],
  '22P05': [400, 'validationFailed'],
  '54000': [400, 'validationFailed'],
};

export function errorHandler(
  error: FastifyError & { code?: string },
  request: FastifyRequest,
  reply: FastifyReply,
) {
  if (error instanceof AppError) {
    return sendProblem(request, reply, error.status, error.code, error.params, error.errors);
  }
  if (error.validation) {
    const errors = validationErrors(error);
    return sendProblem(
      request,
      reply,
      400,
      'validationFailed',
      { fields: errors.map((e) => e.field).join(', ') },
      errors,
    );
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return sendProblem(request, reply, 400, 'malformedJson');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return sendProblem(request, reply, 413, 'bodyTooLarge', { limit: request.routeOptions.bodyLimit ?? 0 });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return sendProblem(request, reply, 415, 'unsupportedMediaType');
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return sendProblem(request, reply, 415, 'unsupportedMediaType');
  }
  if (error.message?.startsWith('Multipart:') || error.message === 'Unexpected end of form') {
    return sendProblem(request, reply, 400, 'malformedMultipart');
  }
  if (isTransientConflict(error)) {
    // a deadlock or serialization failure rolled the statement back: nothing was written, and
    // the same request a moment later is expected to go through
    request.log.warn({ err: error }, 'transient database conflict');
    void reply.header('Retry-After', '1');
    return sendProblem(request, reply, 503, 'tryAgain');
  }
  if (isDatabaseUnavailable(error)) {
    // the database is restarting or failing over: nothing of this request was committed, and the
    // pool reconnects by itself on a later request
    request.log.warn({ err: error }, 'database unavailable');
    void reply.header('Retry-After', '5');
    return sendProblem(request, reply, 503, 'tryAgain');
  }
  const pgCode = typeof error.code === 'string' ? pgErrorMap[error.code] : undefined;
  if (pgCode) {
    request.log.info({ err: error }, 'database constraint rejected input');
    return sendProblem(request, reply, pgCode[0], pgCode[1], {
      fields: (error as { constraint?: string }).constraint ?? '',
    });
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    const code =
      error.statusCode === 429
        ? 'rateLimited'
        : error.statusCode === 413
          ? 'bodyTooLarge'
          : 'validationFailed';
    return sendProblem(request, reply, error.statusCode, code, {
      fields: String(error.message).slice(0, 200),
      limit: 0,
    });
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(request, reply, 500, 'internal');
}

/**
 * Errors of Fastify's router, before any route runs (a path segment that is not valid percent-encoding,
 * one longer than `maxParamLength`): problem details like every other error, without the path.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  request.log.info({ code: error.code }, 'router refused the path');
  return sendProblem(request, reply, 400, 'malformedPath');
}
