// Vitest settings for the browser tests: Chromium through playwright-core against a real server, one file at a time.
// Spread rather than mergeConfig: mergeConfig concatenates `include`, which would pull in the whole server suite.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['tests/browser/**/*.browser.test.ts'],
    exclude: ['**/node_modules/**'],
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
