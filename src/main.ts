import { buildApp, migrate } from './app.js';
import { purgeExpiredTokens } from './platform/auth.js';
import { loadConfig } from './platform/config.js';
import { openDatabase } from './platform/db/database.js';
import { purgeExpiredIdempotencyKeys } from './platform/http/idempotency.js';

const started = performance.now();
const config = loadConfig();
const database = openDatabase(config.databaseUrl);
await migrate(database);
const { app, tenants, adminKey } = await buildApp({ config, database, logger: true });
const boot = await tenants.bootstrap();
await app.listen({ port: config.port, host: config.host });

const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
console.log(`zbill listening on http://${shown}:${config.port}  (database: ${database.dialect}, ready in ${Math.round(performance.now() - started)} ms)`);
console.log(`  tenant:        ${boot.tenant.name} (${boot.tenant.id})`);
console.log(`  client id:     ${boot.client.clientId}`);
console.log(`  client secret: ${boot.client.clientSecret}`);
console.log(`  admin key:     ${config.adminKey ? '(from ZBILL_ADMIN_KEY)' : adminKey}`);

const housekeeping = setInterval(() => {
  void purgeExpiredTokens(database.db).catch(() => undefined);
  void purgeExpiredIdempotencyKeys(database.db).catch(() => undefined);
}, 10 * 60 * 1000);
housekeeping.unref();

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  console.log(`${signal}: draining requests`);
  clearInterval(housekeeping);
  await app.close(); // stops accepting, waits for in-flight requests
  await database.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
