import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 600_000,
    // Two cores: e2e suites start real binaries; keep parallelism modest.
    maxWorkers: 2,
  },
});
