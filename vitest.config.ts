import { defineConfig } from 'vitest/config';

// Unit tests: pure code and fixtures only, no lab, no network.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    // Builds dist/ when stale: the hostile corpus runs the built CLI.
    globalSetup: ['test/unit/setup/built-cli.ts'],
  },
});
