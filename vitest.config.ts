/** Test projects: fast unit tests of pure logic and schema; build tests that run `astro build` and inspect dist/. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          // Some start processes or run Pagefind (up to 3 s here); vitest's default of 5 s is too tight
          // on a shared machine.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'build',
          include: ['tests/build/**/*.test.ts'],
          // Builds share Astro's content cache in node_modules/.astro, so they run one at a time.
          fileParallelism: false,
          // A test may run up to four builds (tests/build/incremental.test.ts), each 5–15 s on a shared
          // 2-core machine: 30 s per test was too tight there (CI timed out at 30.0 s on 13de48b).
          testTimeout: 240_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          // Each file builds a site first; builds share Astro's content cache, so files run one at a time.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
