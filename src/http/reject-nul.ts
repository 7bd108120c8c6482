import type { FastifyInstance } from 'fastify';
import { AppError } from './errors';

// PostgreSQL text cannot hold U+0000; refuse it at the boundary and name the field,
// instead of letting the database fail deep inside a command.
function findNul(value: unknown, path: string): string | null {
  // a raw binary body (imports, up to 32 MiB) is bytes, not text fields: walking it as an object
  // visited every byte by key and froze the process for minutes (issue 17, finding 3)
  if (ArrayBuffer.isView(value)) return null;
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findNul(value[i], `${path}.${i}`);
      if (hit) return hit;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const hit = findNul(key, path) ?? findNul(inner, `${path}.${key}`);
      if (hit) return hit;
    }
  }
  return null;
}

export function rejectNulCharacters(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    const field =
      findNul(request.query, 'querystring') ??
      findNul(request.params, 'params') ??
      findNul(request.body, 'body');
    if (field)
      throw new AppError(400, 'nulCharacter', { fields: field }, [
        { field, message: 'NUL character not allowed' },
      ]);
  });
}
