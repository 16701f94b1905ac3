import { defineConfig } from 'vitest/config';
import { TEST_TIMEOUT_MS } from './tooling/harness/timeouts.ts';

/**
 * The unit project (`npm run test:unit`): the engine, reading corpus files, rendering, words and config, in
 * process, with no fake Discord, no child process or worker thread, no file watching. Everything else (the
 * library, whose reindex runs in a worker, included) is the e2e project.
 * `npm test` runs both.
 */
const UNIT = [
  'tests/engine/**/*.test.ts',
  'tests/store/corpus.test.ts',
  'tests/discord/render.test.ts',
  'tests/config.test.ts',
  'tests/words.test.ts',
];

export default defineConfig({
  test: {
    // Timeouts scale with TEST_TIMEOUT_SCALE (tooling/harness/timeouts.ts).
    testTimeout: TEST_TIMEOUT_MS,
    hookTimeout: TEST_TIMEOUT_MS,
    teardownTimeout: TEST_TIMEOUT_MS,
    // The e2e suites each start a fake Discord and a real client; two cores run them well in two workers.
    maxWorkers: 2,
    // Each worker process imports discord.js, the lexicon and the engine once for all the files it runs, not once
    // per file (that was most of the suite's import time). Files share no state but those modules' caches: no
    // test mocks a module, stubs a global or changes process.env, and each file closes what it starts.
    isolate: false,
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT } },
      {
        extends: true,
        // Compiles src/ to dist/ once, for the tests that spawn what an operator runs.
        test: {
          name: 'e2e',
          include: ['tests/**/*.test.ts'],
          exclude: UNIT,
          globalSetup: ['tests/support/buildDist.ts'],
        },
      },
    ],
  },
});
