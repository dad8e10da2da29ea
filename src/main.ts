#!/usr/bin/env node
// Process entry: settings, database, migrations, listen, bootstrap tenant, graceful SIGTERM.
// Anything that stops the start prints one line `zbill: <SETTING>: <what is wrong>` to stderr and exits 1.
// Only the settings are loaded eagerly, so that `--help` and a bad setting answer at once.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError, loadConfig, SETTINGS, type Config } from './platform/config.js';

const started = performance.now();

/** Command-line options and the variables they stand for. */
const OPTIONS: Record<string, string> = { '--port': 'PORT', '--host': 'HOST', '--database-url': 'DATABASE_URL' };

function fail(setting: string, problem: string): never {
  process.stderr.write(`zbill: ${setting}: ${problem}\n`);
  process.exit(1);
}

function usage(): string {
  const width = Math.max(...SETTINGS.map((s) => s.name.length)) + 2;
  return [
    'Usage: zbill [--port N] [--host ADDR] [--database-url URL]',
    '',
    'zbill serves the Zuora v1 REST API on one database.',
    '',
    'Options (each wins over its variable):',
    '  --port N             PORT',
    '  --host ADDR          HOST',
    '  --database-url URL   DATABASE_URL',
    '  -h, --help           print this help',
    '',
    'Settings (environment variables):',
    ...SETTINGS.map((s) => `  ${s.name.padEnd(width)}${s.meaning} (default: ${s.default})`),
    '',
  ].join('\n');
}

/** `--port 9000` and `--port=9000`; returns the environment the options make, and which variables came from options. */
function parseArgs(argv: string[], env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; fromOption: Map<string, string>; help: boolean } {
  const out = { ...env };
  const fromOption = new Map<string, string>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const variable = OPTIONS[name];
    if (!variable) fail(arg, 'unknown option; zbill takes --port, --host, --database-url and --help');
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') fail(name, `needs a value (${variable})`);
    out[variable] = value;
    fromOption.set(variable, name);
  }
  return { env: out, fromOption, help };
}

const args = parseArgs(process.argv.slice(2), process.env);
if (args.help) {
  process.stdout.write(usage());
  process.exit(0);
}

let config: Config;
try {
  config = loadConfig(args.env);
} catch (err) {
  if (err instanceof ConfigError) fail(args.fromOption.get(err.variable) ?? err.variable, err.problem);
  throw err;
}
const dbSetting = args.fromOption.get('DATABASE_URL') ?? 'DATABASE_URL';
const defaultDatabase = args.env.DATABASE_URL === undefined || args.env.DATABASE_URL === '';

/** The SQLite file's directory must exist (only the default ./data is created); PostgreSQL must answer. */
async function checkDatabase(url: string): Promise<void> {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (file === ':memory:') return;
    const dir = dirname(resolve(file));
    if (defaultDatabase) {
      try {
        mkdirSync(dir, { recursive: true });
      } catch (err) {
        fail(dbSetting, `cannot create ${dir} for the default SQLite file (${(err as Error).message}); set DATABASE_URL`);
      }
    } else if (!existsSync(dir) || !statSync(dir).isDirectory())
      fail(dbSetting, `the directory ${dir} of the SQLite file does not exist; create it first or name another file`);
    if (existsSync(file) && statSync(file).isDirectory()) fail(dbSetting, `${resolve(file)} is a directory, not an SQLite file`);
    return;
  }
  const { default: pg } = await import('pg');
  const u = new URL(url);
  const where = `${u.hostname}:${u.port || 5432}${u.pathname.length > 1 ? u.pathname : ''}`;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
  } catch (err) {
    fail(dbSetting, `cannot connect to PostgreSQL at ${where}: ${(err as Error).message || String(err)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

await checkDatabase(config.databaseUrl);
const { buildApp, migrate } = await import('./app.js');
const { purgeExpiredTokens } = await import('./platform/auth.js');
const { openDatabase } = await import('./platform/db/database.js');
const { purgeExpiredIdempotencyKeys } = await import('./platform/http/idempotency.js');

let database: Awaited<ReturnType<typeof openDatabase>>;
try {
  database = openDatabase(config.databaseUrl, { poolSize: config.pgPoolSize });
} catch (err) {
  fail(dbSetting, `cannot open the database: ${(err as Error).message}`);
}
try {
  await migrate(database);
} catch (err) {
  fail(dbSetting, `the database opened but its tables could not be created or upgraded: ${(err as Error).message}`);
}
const { app, tenants, adminKey } = await buildApp({ config, database, logger: true });

// Listen before the bootstrap tenant is made: a start that cannot listen must not
// create (and never show) a generated secret.
try {
  await app.listen({ port: config.port, host: config.host });
} catch (err) {
  const code = (err as NodeJS.ErrnoException).code;
  const portSetting = args.fromOption.get('PORT') ?? 'PORT';
  const hostSetting = args.fromOption.get('HOST') ?? 'HOST';
  if (code === 'EADDRINUSE') fail(portSetting, `port ${config.port} on ${config.host} is already in use; stop what holds it or choose another port (1-65535, 0 for a free one)`);
  if (code === 'EACCES') fail(portSetting, `no permission to listen on port ${config.port}; choose a port above 1023`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME')
    fail(hostSetting, `cannot listen on ${config.host}: not an address of this machine (use 0.0.0.0, 127.0.0.1 or one of its addresses)`);
  fail(portSetting, `cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`);
}
let boot: Awaited<ReturnType<typeof tenants.bootstrap>>;
try {
  boot = await tenants.bootstrap();
} catch (err) {
  fail(dbSetting, `the bootstrap tenant could not be read or made: ${(err as Error).message}`);
}

const housekeeping = setInterval(() => {
  void purgeExpiredTokens(database.db).catch(() => undefined);
  void purgeExpiredIdempotencyKeys(database.db).catch(() => undefined);
}, 10 * 60 * 1000);
housekeeping.unref();

// Signals are handled before the ready lines are printed: whoever waits for them may stop us at once.
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

const address = app.server.address();
const port = address && typeof address === 'object' ? address.port : config.port;
const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
console.log(`zbill listening on http://${shown}:${port}  (database: ${database.dialect}, ready in ${Math.round(performance.now() - started)} ms)`);
console.log(`  tenant:        ${boot.tenant.name} (${boot.tenant.id})`);
console.log(`  client id:     ${boot.client.clientId}`);
console.log(`  client secret: ${boot.generated ? boot.client.clientSecret : config.clientSecret ? '(from ZBILL_CLIENT_SECRET)' : '(kept from an earlier start, not shown again; set ZBILL_CLIENT_ID and ZBILL_CLIENT_SECRET to choose one)'}`);
console.log(`  admin key:     ${config.adminKey ? '(from ZBILL_ADMIN_KEY)' : adminKey}`);
