// Builds malformed requests for every operation of the OpenAPI document (the bad-input probe test).
// Plain data in, plain data out: which requests to send, not how to send them.

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  format?: string;
  pattern?: string;
  const?: unknown;
  default?: unknown;
}

export interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}

export interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  jsonBody: JsonSchema | null;
  multipart: boolean;
}

export interface ProbeRequest {
  method: string;
  url: string;
  payload?: string;
  contentType?: string;
  what: string;
}

type OpenApi = {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }
    >
  >;
};

export function operationsOf(doc: OpenApi): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const content = op.requestBody?.content ?? {};
      return {
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        jsonBody: content['application/json']?.schema ?? null,
        multipart: Boolean(content['multipart/form-data']),
      };
    }),
  );
}

const typesOf = (schema: JsonSchema): string[] =>
  Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];

/** A plausible valid value for a schema: the base that mutations change one field of. */
export function sampleOf(schema: JsonSchema | undefined, depth = 0): unknown {
  if (!schema || depth > 8) return null;
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length)
    return sampleOf(alternatives.find((s) => !typesOf(s).includes('null')) ?? alternatives[0], depth + 1);
  if (schema.allOf?.length) return sampleOf(schema.allOf[0], depth + 1);
  const type = typesOf(schema).find((t) => t !== 'null') ?? (schema.properties ? 'object' : undefined);
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = sampleOf(schema.properties?.[key], depth + 1);
      return out;
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sampleOf(schema.items, depth + 1));
    case 'integer':
    case 'number':
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return true;
    case 'string':
      if (schema.format === 'date') return '2027-03-01';
      if (schema.format === 'date-time') return '2027-03-01T09:00:00.000Z';
      if (schema.format === 'email') return 'probe@example.org';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    default:
      return null;
  }
}

/** The leaves of a body schema (top level and one level down), as key paths. */
function fieldPaths(schema: JsonSchema | undefined, prefix: string[] = [], depth = 0): string[][] {
  if (!schema || depth > 2) return [];
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length)
    return fieldPaths(alternatives.find((s) => s.properties) ?? alternatives[0], prefix, depth);
  if (!schema.properties) return prefix.length ? [prefix] : [];
  return Object.entries(schema.properties).flatMap(([key, inner]) => [
    [...prefix, key],
    ...(inner.properties || inner.anyOf
      ? fieldPaths(inner, [...prefix, key], depth + 1).filter((p) => p.length > prefix.length + 1)
      : []),
  ]);
}

function withValue(base: unknown, path: string[], value: unknown): unknown {
  const copy = structuredClone(base ?? {}) as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) {
    if (!node[key] || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
  return copy;
}

// numbers beyond PostgreSQL's int4/int8 and JavaScript's safe integers, fractions, negatives
const badNumbers = [2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, 1e308, -1, 1.5];
const badValues = [...badNumbers, 'y'.repeat(5000), '', 'nul\u0000', null, [], { a: 1 }, true];

/** Deep nesting that overflows a recursive walker's stack (~8,000 levels). */
export const deepArray = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
export const deepObject = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

/** Bodies for one operation: the sample, each field set to each bad value, and broken JSON. */
export function bodyProbes(op: Operation): { payload: string; what: string }[] {
  if (!op.jsonBody) return [];
  const base = sampleOf(op.jsonBody);
  const probes = [
    { payload: JSON.stringify(base), what: 'sample body' },
    { payload: '{}', what: 'empty object' },
    { payload: '[]', what: 'array body' },
    { payload: '{"a":', what: 'truncated JSON' },
    { payload: deepArray(8000), what: 'array nested 8000 levels' },
    { payload: deepObject(8000), what: 'object nested 8000 levels' },
  ];
  for (const path of fieldPaths(op.jsonBody)) {
    for (const value of badValues) {
      probes.push({
        payload: JSON.stringify(withValue(base, path, value)),
        what: `${path.join('.')} = ${JSON.stringify(value)?.slice(0, 30)}`,
      });
    }
  }
  return probes;
}

const badPathValues = [
  '999999999',
  '2147483648',
  '9'.repeat(30),
  '0',
  '-1',
  '1.5',
  'x'.repeat(3000),
  '%zz',
  '%00',
  '..%2F..%2Fetc%2Fpasswd',
  "1'--",
  '%F0%9F%98%80',
  '%E0%A4%A',
];
const badQueryValues = ['2147483648', '9'.repeat(40), '-1', '1e400', 'x'.repeat(3000), '%zz', '%00', ''];

export const longMarker = 'x'.repeat(3000);

function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => values[name] ?? '1');
}

function validParamValue(p: Parameter): string {
  const value = sampleOf(p.schema);
  return encodeURIComponent(String(value ?? '1'));
}

/** URLs with each path parameter and each query parameter set to each bad value (others valid). */
export function urlProbes(op: Operation): { url: string; what: string }[] {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const valid = Object.fromEntries(pathParams.map((p) => [p.name, validParamValue(p)]));
  const baseUrl = fillPath(op.path, valid);
  const probes = [{ url: baseUrl, what: 'valid-looking path' }];
  for (const p of pathParams) {
    for (const bad of badPathValues) {
      probes.push({
        url: fillPath(op.path, { ...valid, [p.name]: bad }),
        what: `path ${p.name}=${bad.slice(0, 20)}`,
      });
    }
  }
  for (const p of op.parameters.filter((q) => q.in === 'query')) {
    for (const bad of badQueryValues) {
      probes.push({ url: `${baseUrl}?${p.name}=${bad}`, what: `query ${p.name}=${bad.slice(0, 20)}` });
    }
  }
  return probes;
}

/** Numeric fields of a schema without a lower or an upper bound (paths like `body.items[].quantity`). */
export function unboundedNumbers(schema: JsonSchema | undefined, path: string, out: string[] = []): string[] {
  if (!schema || typeof schema !== 'object') return out;
  const types = typesOf(schema);
  if (types.includes('integer') || types.includes('number')) {
    const s = schema as JsonSchema & { exclusiveMaximum?: number };
    if (s.maximum === undefined && s.exclusiveMaximum === undefined) out.push(`${path} (no maximum)`);
    if (s.minimum === undefined && s.exclusiveMinimum === undefined) out.push(`${path} (no minimum)`);
  }
  for (const alternative of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])])
    unboundedNumbers(alternative, path, out);
  for (const [key, inner] of Object.entries(schema.properties ?? {}))
    unboundedNumbers(inner, `${path}.${key}`, out);
  if (schema.items) unboundedNumbers(schema.items, `${path}[]`, out);
  return out;
}
