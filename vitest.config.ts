// Vitest settings for the server suite, which runs unchanged on PGlite or on PostgreSQL (TEST_DATABASE_URL).
import { createRequire } from 'node:module';
import { configDefaults, defineConfig } from 'vitest/config';

// Node loads graphql's CommonJS build for our dependencies (it has no "exports" map); Vite would pick
// its .mjs build for our own files, and graphql refuses to work with two copies of itself.
const graphqlCjs = createRequire(import.meta.url).resolve('graphql');

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlCjs }] },
  test: {
    include: ['tests/**/*.test.ts'],
    // Browser tests (tests/browser/*.browser.test.ts) need Chromium and a running server, so they stay out of
    // `npm test`. When the first one lands, add vitest.browser.config.ts (mergeConfig with this file, include
    // only that folder, maxWorkers 1) and .ci/run's browser step will pick it up.
    exclude: [...configDefaults.exclude, 'tests/browser/**'],
    // Forks, not threads: PGlite's WASM heap and postgres.js pools are per process, and a crashed file
    // cannot take its neighbours down.
    pool: 'forks',
    fileParallelism: true,
    // The machines have 2 cores; more workers only queue on the CPU and slow every file's PGlite start.
    maxWorkers: 2,
    // Each file opens its own database: PGlite start-up plus migrations takes a second or two, more on a
    // loaded machine, so hooks get generous room and tests a little less.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
