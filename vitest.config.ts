import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // The e2e suites each start a fake Discord and a real client; two cores run them well in two workers.
    maxWorkers: 2,
  },
});
