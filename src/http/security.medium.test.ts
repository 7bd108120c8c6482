import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestContext, type TestContext } from '../../test/helpers/test-context';
import { buildApp } from '../app';
import { checkConfigSafety, DEFAULT_MAIL_SECRET, loadConfig, UnsafeConfigError } from '../config';

let t: TestContext;
beforeAll(async () => {
  t = await openTestContext();
});
afterAll(async () => {
  await t.close();
});

describe('transport security header', () => {
  it('sends no HSTS over plain http', async () => {
    const res = await t.app.inject({ url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('sends HSTS when the request came over https (behind a trusted proxy)', async () => {
    const app = await buildApp({ ...t.ctx, config: { ...t.ctx.config, trustProxy: true } });
    try {
      const res = await app.inject({ url: '/api/health', headers: { 'x-forwarded-proto': 'https' } });
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      const plain = await app.inject({ url: '/api/health' });
      expect(plain.headers['strict-transport-security']).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});

describe('public default secrets', () => {
  it('warns about the default MAIL_SECRET and refuses it in production', () => {
    const config = loadConfig({ mailSecret: DEFAULT_MAIL_SECRET });
    expect(checkConfigSafety(config, { NODE_ENV: 'development' }).join()).toContain('MAIL_SECRET');
    expect(() => checkConfigSafety(config, { NODE_ENV: 'production' })).toThrow(UnsafeConfigError);
    const own = loadConfig({ mailSecret: 'a3f9c0e1b2d4f6a8c0e1b2d4f6a8c0e1' });
    expect(checkConfigSafety(own, { NODE_ENV: 'production' })).toEqual([]);
  });
});
