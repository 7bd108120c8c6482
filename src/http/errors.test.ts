import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { errorHandler } from './errors';

/** A bare Fastify with our error handler and a route that throws what a database driver would. */
function appThrowing(error: unknown) {
  const app = Fastify();
  app.setErrorHandler(errorHandler);
  app.get('/boom', async () => {
    throw error;
  });
  return app;
}

describe('errors the database reports', () => {
  it.each([
    ['40P01', 'deadlock detected'],
    ['40001', 'could not serialize access due to concurrent update'],
  ])('%s (%s) is a 503 "try again" with Retry-After, in the caller language', async (code, message) => {
    const app = appThrowing(Object.assign(new Error(message), { code }));
    const de = await app.inject({ url: '/boom' });
    expect(de.statusCode).toBe(503);
    expect(de.headers['retry-after']).toBe('1');
    expect(de.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(de.json()).toMatchObject({
      status: 503,
      code: 'tryAgain',
      detail: expect.stringMatching(/nichts gespeichert/),
    });
    const en = await app.inject({ url: '/boom', headers: { 'accept-language': 'en' } });
    expect(en.json().detail).toMatch(/nothing was saved/);
  });

  it.each([
    [
      'ECONNREFUSED',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    ],
    [
      '57P01',
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    ],
    ['08006', Object.assign(new Error('connection failure'), { code: '08006' })],
    ['no code', new Error('Connection terminated unexpectedly')],
    ['pool connect timeout', new Error('timeout exceeded when trying to connect')],
  ])('a database that is down (%s) is a 503 "try again", not 500', async (_name, error) => {
    const res = await appThrowing(error).inject({ url: '/boom' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
    expect(res.json()).toMatchObject({ code: 'tryAgain' });
  });

  it.each([
    ['22003', 'integer out of range'],
    ['22008', 'date/time field value out of range'],
  ])('a value beyond what the column holds (%s) is a 422, not 500', async (code, message) => {
    const res = await appThrowing(Object.assign(new Error(message), { code })).inject({ url: '/boom' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'validationFailed' });
  });

  it('maps a constraint the input broke to 4xx and anything unknown to 500 without details', async () => {
    const check = await appThrowing(
      Object.assign(new Error('violates check'), { code: '23514', constraint: 'x_check' }),
    ).inject({ url: '/boom' });
    expect(check.statusCode).toBe(422);
    expect(check.json()).toMatchObject({ code: 'validationFailed' });
    const unknown = await appThrowing(new Error('secret internals')).inject({ url: '/boom' });
    expect(unknown.statusCode).toBe(500);
    expect(unknown.body).not.toContain('secret internals');
  });
});
