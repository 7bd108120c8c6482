import { defineConfig } from 'vitest/config';

// One suite, run twice by `npm test`: AMTSDESK_TEST_ENGINE=pglite and =postgres.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    env: { TZ: 'Europe/Berlin' },
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
