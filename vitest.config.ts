import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'properties/**/*.prop.ts', 'examples/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Every core: vitest's default for `run` is one fewer, which on CI's 2 cores ran the files one at a time.
    maxWorkers: availableParallelism(),
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: [
        'src/**/*.test.ts',
        'src/**/index.ts', // re-exports only
        'src/bench/**', // measured by `npm run bench`, not by tests
        'src/cli/main.ts', // the two-line process entry (exercised by the process-level CLI tests)
      ],
      reporter: ['text-summary', 'text'],
      thresholds: { lines: 90 },
    },
  },
});
