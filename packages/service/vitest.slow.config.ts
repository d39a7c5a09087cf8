import { defineConfig } from 'vitest/config';

/** Fault tests: each starts and breaks its own servers, so they run one file at a time. */
export default defineConfig({
  test: {
    include: ['test/slow/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
