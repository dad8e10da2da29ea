/**
 * A second (third) zbill process for jobs.test.ts: the app with the test job
 * kinds on the database named by ZBILL_CHILD_DB, its job worker on with a short
 * lease and poll, and nothing else. Prints READY when its worker runs.
 */
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/platform/config.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { modulesWithJobs } from './jobs-fixture.js';

const database = openDatabase(process.env.ZBILL_CHILD_DB!);
const { app } = await buildApp({
  config: { ...loadConfig({}), adminKey: 'child' },
  database,
  modules: modulesWithJobs,
  jobs: { worker: true, leaseMs: Number(process.env.ZBILL_CHILD_LEASE_MS ?? 500), pollMs: 20, concurrency: 2 },
});
process.stdout.write('READY\n');
// The test holds our stdin: when it goes away, so do we.
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.on('SIGTERM', () => {
  void app.close().then(() => database.close()).then(() => process.exit(0));
});
