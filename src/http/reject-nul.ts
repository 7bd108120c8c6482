import type { FastifyInstance } from 'fastify';
import { AppError } from './errors';

/** Deeper JSON than any of our schemas uses (the rulebook's condition trees stay far below). */
export const MAX_NESTING = 32;

type Hit = { field: string; code: 'nulCharacter' | 'nestingTooDeep' } | null;

// PostgreSQL text cannot hold U+0000: refuse it at the boundary and name the field, instead of
// letting the database fail deep inside a command. The walk is iterative and depth-limited: a body
// nested 8,000 levels (a few kilobytes of brackets) must be a 400, not a stack overflow.
export function inspectInput(value: unknown, root: string): Hit {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const { value: node, path, depth } = stack.pop() as { value: unknown; path: string; depth: number };
    if (typeof node === 'string') {
      if (node.includes('\u0000')) return { field: path, code: 'nulCharacter' };
      continue;
    }
    if (!node || typeof node !== 'object') continue;
    // a raw binary body (imports, up to 32 MiB) is bytes, not text fields: walking it as an object
    // visited every byte by key and froze the process for minutes (issue 17, finding 3)
    if (ArrayBuffer.isView(node)) continue;
    if (depth >= MAX_NESTING) return { field: path, code: 'nestingTooDeep' };
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--)
        stack.push({ value: node[i], path: `${path}.${i}`, depth: depth + 1 });
    } else {
      for (const [key, inner] of Object.entries(node)) {
        if (key.includes('\u0000')) return { field: path, code: 'nulCharacter' };
        stack.push({ value: inner, path: `${path}.${key}`, depth: depth + 1 });
      }
    }
  }
  return null;
}

export function rejectNulCharacters(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    const hit =
      inspectInput(request.query, 'querystring') ??
      inspectInput(request.params, 'params') ??
      inspectInput(request.body, 'body');
    if (hit)
      throw new AppError(400, hit.code, { fields: hit.field, max: MAX_NESTING }, [
        {
          field: hit.field,
          message:
            hit.code === 'nulCharacter'
              ? 'NUL character not allowed'
              : `nested deeper than ${MAX_NESTING} levels`,
        },
      ]);
  });
}
