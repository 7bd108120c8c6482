import { defineConfig } from 'vitest/config';

// One suite, run twice by `npm test`: AMTSDESK_TEST_ENGINE=pglite and =postgres. A few tests are about
// one engine by nature (export embedded → server, two instances on one server): their file names end in
// .pglite.test.ts / .postgres.test.ts and they run in that engine's pass only — selected, never skipped.
const engine = process.env.AMTSDESK_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';
const otherEngine = engine === 'postgres' ? 'pglite' : 'postgres';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', `**/*.${otherEngine}.test.ts`],
    globalSetup: ['test/global-setup.ts'],
    env: { TZ: 'Europe/Berlin' },
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // polling waits for what a browser or a background job does; 1 s (the default) is too short when
    // both test passes' browsers and servers share 2 cores
    expect: { poll: { timeout: 15_000 } },
  },
});
