import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    include: ["tests/**/*.test.ts"],
    // A PostgreSQL cluster when GALLEON_TEST_DATABASE=postgresql (docs/decisions/0016), and the search threads' bundle.
    globalSetup: ["tests/support/postgres-setup.ts", "tests/support/search-worker-setup.mjs"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Test files start their own registry and databases; two at a time suits 2 cores.
    maxWorkers: 2,
  },
});
