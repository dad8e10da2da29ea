import { defineConfig } from 'vitest/config';

// The whole suite runs on SQLite; when ZBILL_TEST_PG_URL names a PostgreSQL
// database (as .ci/run sets it), it runs a second time against PostgreSQL.
const pg = process.env.ZBILL_TEST_PG_URL;

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      { extends: true as const, test: { name: 'sqlite', include: ['test/**/*.test.ts'], env: { ZBILL_TEST_DB: 'sqlite::memory:' } } },
      ...(pg ? [{ extends: true as const, test: { name: 'postgres', include: ['test/**/*.test.ts'], env: { ZBILL_TEST_DB: pg } } }] : []),
    ],
  },
});
