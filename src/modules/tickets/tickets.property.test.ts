import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';
import { buildTenant } from '../../../test/helpers/tenant';

// Property: no input produces a 500; every refusal is an RFC 9457 problem document.
let t: TestContext;
let requester: ReturnType<typeof as>;
let agent: ReturnType<typeof as>;
let number: string;

beforeAll(async () => {
  t = await openTestContext();
  const tenant = await buildTenant(t.ctx.db);
  requester = as(t.app, await signIn(t.app, tenant.requester.login));
  agent = as(t.app, await signIn(t.app, tenant.agent.login));
  const res = await requester({
    method: 'POST',
    url: '/api/v1/tickets',
    payload: { title: 'Basis', topic: tenant.topic.key },
  });
  number = res.json().number;
});
afterAll(async () => {
  await t.close();
});

const text = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom('', ' ', '\u0000', '%', "'; DROP TABLE tickets;--", '2026-000001'),
);
const value = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
);
const ticketBody = fc.record(
  {
    title: value,
    description: value,
    topic: value,
    priority: fc.oneof(value, fc.constantFrom('low', 'normal', 'high', 'critical')),
    extra: value,
  },
  { requiredKeys: [] },
);
const patchBody = fc.record(
  {
    version: fc.oneof(fc.integer({ min: -2, max: 5 }), value),
    state: fc.oneof(value, fc.constantFrom('new', 'inProgress', 'resolved', 'closed', 'merged')),
    assigneeId: fc.oneof(fc.integer(), value),
    priority: value,
    topic: value,
  },
  { requiredKeys: [] },
);

function expectHandled(res: { statusCode: number; headers: Record<string, unknown>; body: string }) {
  expect(res.statusCode, res.body).toBeLessThan(500);
  if (res.statusCode >= 400) {
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    const problem = JSON.parse(res.body);
    expect(typeof problem.code).toBe('string');
    expect(typeof problem.detail).toBe('string');
  }
}

describe('ticket endpoints under random input', () => {
  it('POST /tickets never answers 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(ticketBody, async (body) => {
        expectHandled(await requester({ method: 'POST', url: '/api/v1/tickets', payload: body }));
      }),
      { numRuns: 150 },
    );
  });

  it('PATCH /tickets/{number} never answers 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(patchBody, fc.constantFrom(number, '2026-000000', 'x'), async (body, n) => {
        expectHandled(
          await agent({ method: 'PATCH', url: `/api/v1/tickets/${encodeURIComponent(n)}`, payload: body }),
        );
      }),
      { numRuns: 150 },
    );
  });

  it('POST articles and GET lists with random query strings never answer 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ body: value, internal: value }, { requiredKeys: [] }),
        text,
        text,
        text,
        async (body, q, queue, cursor) => {
          expectHandled(
            await agent({ method: 'POST', url: `/api/v1/tickets/${number}/articles`, payload: body }),
          );
          const qs = new URLSearchParams({ q, queue, cursor, stateType: q, limit: queue }).toString();
          expectHandled(await agent({ method: 'GET', url: `/api/v1/tickets?${qs}` }));
          expectHandled(
            await requester({ method: 'GET', url: `/api/v1/tickets?q=${encodeURIComponent(q)}` }),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('raw bodies of any content type never answer 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 200 }),
        fc.constantFrom(
          'application/json',
          'text/plain',
          'application/xml',
          'multipart/form-data',
          'application/x-www-form-urlencoded',
        ),
        async (raw, type) => {
          expectHandled(
            await requester({
              method: 'POST',
              url: '/api/v1/tickets',
              headers: { 'content-type': type },
              payload: raw,
            }),
          );
          expectHandled(
            await requester({
              method: 'POST',
              url: `/api/v1/tickets/${number}/attachments`,
              headers: { 'content-type': type },
              payload: raw,
            }),
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});
