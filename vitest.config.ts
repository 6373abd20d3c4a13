import { defineConfig } from 'vitest/config';

// Unit tests: pure code and fixtures only, no lab, no network.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    // A timeout here only catches a hang: no unit test asserts speed (that is `npm run bench`), and
    // vitest's 5 s default failed planner tests on a 2-vCPU machine at load 30 (lab runs beside).
    testTimeout: 60_000,
    // Builds dist/ when stale: the hostile corpus runs the built CLI.
    globalSetup: ['test/unit/setup/built-cli.ts'],
  },
});
