import { defineConfig } from 'vitest/config';

/**
 * Browser tests: the real built server (started once by the global setup) driven through Chromium.
 * One file at a time: the machine has two cores and each file runs its own browser.
 */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
