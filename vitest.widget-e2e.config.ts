import { defineConfig } from 'vitest/config';

/**
 * The widget's browser tests on their own minimal harness (e2e/widget-setup.ts): the real built
 * server driven through Chromium. `npm run build && npx vitest run -c vitest.widget-e2e.config.ts`.
 */
export default defineConfig({
  test: {
    include: ['e2e/widget.e2e.ts'],
    globalSetup: ['e2e/widget-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
