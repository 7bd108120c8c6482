import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../src/modules/demo/load-demo-data';
import {
  bodyProbes,
  deepArray,
  deepObject,
  longMarker,
  type Operation,
  operationsOf,
  type ProbeRequest,
  unboundedNumbers,
  urlProbes,
} from './helpers/openapi-probe';
import { as, openTestContext, signIn, type TestContext } from './helpers/test-context';

// Walks the OpenAPI document and sends malformed requests to every operation — broken and deeply
// nested JSON, numbers beyond int4/int8, overlong and malformed path and query parameters — as an
// administrator and anonymously. No answer may be a 5xx, every error of the API is RFC 9457
// problem+json, and no answer echoes an overlong path back. (Issue 17: the probe found 500s from
// 8,000 levels of nesting, from 2^31 in an int4 column, from an unknown meeting id.)

let t: TestContext;
let ops: Operation[];
let asAdmin: (options: InjectOptions) => Promise<LightMyRequestResponse>;
const anonymous = (options: InjectOptions) => t.app.inject(options);

beforeAll(async () => {
  // ownDatabase: the administrator's sample bodies may change settings that are one row per database
  t = await openTestContext({ ownDatabase: true });
  await loadDemoData(t.ctx);
  asAdmin = as(t.app, await signIn(t.app, 'admin'));
  ops = operationsOf((await t.app.inject({ url: '/api/openapi.json' })).json());
}, 120_000);

afterAll(async () => {
  await t?.close();
});

interface Finding {
  request: string;
  status: number;
  problem: string;
}

async function send(who: 'admin' | 'anonymous', probe: ProbeRequest, findings: Finding[]): Promise<void> {
  const inject = who === 'admin' ? asAdmin : anonymous;
  const res = await inject({
    method: probe.method as InjectOptions['method'],
    url: probe.url,
    ...(probe.payload !== undefined
      ? { payload: probe.payload, headers: { 'content-type': probe.contentType ?? 'application/json' } }
      : {}),
  });
  const request = `${who} ${probe.method} ${probe.url.slice(0, 120)} [${probe.what}]`;
  const contentType = String(res.headers['content-type'] ?? '');
  if (res.statusCode >= 500)
    findings.push({ request, status: res.statusCode, problem: res.body.slice(0, 300) });
  else if (res.statusCode >= 400 && !contentType.startsWith('application/problem+json'))
    findings.push({
      request,
      status: res.statusCode,
      problem: `not problem+json: ${contentType} ${res.body.slice(0, 200)}`,
    });
  else if (res.statusCode >= 400 && res.body.includes(longMarker))
    findings.push({ request, status: res.statusCode, problem: 'echoes the overlong path' });
}

/** The session itself is not probed as the administrator: a successful DELETE would sign them out. */
const probeAs = (op: Operation): ('admin' | 'anonymous')[] =>
  op.path === '/api/v1/session' ? ['anonymous'] : ['admin', 'anonymous'];

describe('bad input never answers 5xx (every operation of the OpenAPI document)', () => {
  it('covers the whole API', () => {
    expect(ops.length).toBeGreaterThan(100);
  });

  it('every numeric input (path, query, body) has a lower and an upper bound', () => {
    const unbounded = ops.flatMap((op) => [
      ...op.parameters.flatMap((p) =>
        unboundedNumbers(p.schema, `${op.method} ${op.path} ${p.in}:${p.name}`),
      ),
      ...unboundedNumbers(op.jsonBody ?? undefined, `${op.method} ${op.path} body`),
    ]);
    expect(unbounded).toEqual([]);
  });

  it('malformed, deeply nested and out-of-range JSON bodies', async () => {
    const findings: Finding[] = [];
    for (const op of ops.filter((o) => o.jsonBody)) {
      const public_ = op.path.startsWith('/api/v1/public/');
      for (const body of bodyProbes(op)) {
        for (const who of probeAs(op)) {
          // anonymous callers of non-public routes stop at 401: only the broken-JSON probes matter there
          if (who === 'anonymous' && !public_ && body.what.includes('=')) continue;
          await send(who, { method: op.method, url: urlProbes(op)[0].url, ...body }, findings);
        }
      }
    }
    expect(findings).toEqual([]);
  }, 600_000);

  it('overlong, malformed and out-of-range path and query parameters', async () => {
    const findings: Finding[] = [];
    for (const op of ops) {
      for (const { url, what } of urlProbes(op)) {
        for (const who of probeAs(op)) {
          const payload = op.jsonBody ? '{}' : op.multipart ? undefined : undefined;
          await send(who, { method: op.method, url, what, payload }, findings);
        }
      }
    }
    expect(findings).toEqual([]);
  }, 600_000);

  it('router errors are problem+json and do not echo the path', async () => {
    const findings: Finding[] = [];
    const urls = [
      `/api/v1/tickets/${longMarker}`,
      `/api/v1/${longMarker}`,
      '/api/v1/tickets/%zz',
      '/api/v1/%E0%A4%A',
      '/api/v1/public/offices/%00/services',
      '/api/v1/nothing-here',
    ];
    for (const url of urls)
      for (const method of ['GET', 'POST', 'DELETE'])
        for (const who of ['admin', 'anonymous'] as const)
          await send(
            who,
            { method, url, what: 'router', payload: method === 'POST' ? '{}' : undefined },
            findings,
          );
    expect(findings).toEqual([]);
  }, 120_000);

  it('a JSON body nested 8,000 levels to the public booking is a 4xx problem, not 500', async () => {
    for (const payload of [deepArray(8000), deepObject(8000)]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/public/appointments',
        payload,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });
});
