/**
 * A second zbill process for idempotency-recovery.test.ts: serves the app on the
 * database named by ZBILL_CHILD_DB, with a route that never answers, and prints
 * its port. The test kills it with SIGKILL while a request holds a key.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/platform/config.js';
import { openDatabase } from '../../src/platform/db/database.js';
import type { ZModule } from '../../src/platform/module.js';
import { modulesWithWidgets } from './fixture-module.js';

const hang: ZModule = {
  name: 'test-hang',
  routes(app: FastifyInstance) {
    app.post('/v1/test-hang', () => new Promise(() => undefined));
  },
};

const database = openDatabase(process.env.ZBILL_CHILD_DB!);
const { app } = await buildApp({ config: { ...loadConfig({}), adminKey: 'child' }, database, modules: [...modulesWithWidgets, hang] });
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`PORT ${(app.server.address() as { port: number }).port}\n`);
