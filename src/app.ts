import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { authenticate, issueToken } from './platform/auth.js';
import type { Config } from './platform/config.js';
import { makeCtx } from './platform/context.js';
import type { Database } from './platform/db/database.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { lockContention, notFound } from './platform/errors.js';
import { registerAdmin } from './platform/http/admin.js';
import { OpenApiDocument } from './platform/http/openapi.js';
import { OPERATIONS } from './platform/operations.generated.js';
import { registerBodyParsers } from './platform/http/body-parsers.js';
import { clientErrorHandler } from './platform/http/client-errors.js';
import { effectiveVersion, sendError, toZuoraError } from './platform/http/errors.js';
import { registerHealth } from './platform/http/health.js';
import { idempotencyMigrations, registerIdempotency } from './platform/http/idempotency.js';
import { rejectNul } from './platform/http/nul-guard.js';
import { lazyValidatorFactory } from './platform/http/lazy-validation.js';
import { OperationRegistry } from './platform/http/operations.js';
import { RateLimiter } from './platform/http/rate-limit.js';
import './platform/http/types.js';
import { loggerOptions, registerRequestLog, requestLogController, type LogDestination } from './platform/http/request-log.js';
import { serverTimeouts } from './platform/http/timeouts.js';
import { registerWire } from './platform/http/wire.js';
import { JobRunner, type JobRunnerOptions } from './platform/jobs.js';
import type { ZModule } from './platform/module.js';
import { platformMigrations } from './platform/platform-migrations.js';
import { Tenants } from './platform/tenants.js';
import { MODULES } from './modules/index.js';

export interface AppOptions {
  config: Config;
  database: Database;
  modules?: ZModule[];
  /** true: JSON log lines at config.logLevel to stdout; or where to write them (tests capture lines this way). */
  logger?: boolean | { destination?: LogDestination; level?: string };
  /** How long a pending Idempotency-Key's lease lasts (default IDEMPOTENCY_LEASE_MS; tests shorten it). */
  idempotencyLeaseMs?: number;
  /** Job runner options over the config's (tests shorten leases, or set `worker: false` to drive jobs with runDueJobs). */
  jobs?: JobRunnerOptions & { worker?: boolean };
}

export interface App {
  app: FastifyInstance;
  tenants: Tenants;
  adminKey: string;
  jobs: JobRunner;
}

export async function migrate(database: Database, modules: ZModule[] = MODULES): Promise<void> {
  const all = { ...platformMigrations, ...idempotencyMigrations };
  for (const m of modules) Object.assign(all, m.migrations ?? {});
  await migrateToLatest(database.db, all);
}

/**
 * Builds the HTTP application: plugins and hooks first (wire headers, auth,
 * rate limit, idempotency), then every module's routes, then a 501 route for
 * each reference operation not built yet, and one error handler for all.
 */
export async function buildApp(opts: AppOptions): Promise<App> {
  const { config, database } = opts;
  const modules = opts.modules ?? MODULES;
  const db = database.db;
  const app = Fastify({
    logger: opts.logger ? loggerOptions(opts.logger === true ? config.logLevel : (opts.logger.level ?? config.logLevel), opts.logger === true ? undefined : opts.logger.destination) : false,
    logController: requestLogController(),
    bodyLimit: 10 * 1024 * 1024,
    return503OnClosing: true,
    ...serverTimeouts(config),
    // Errors Fastify and Node answer before a route runs answer in Zuora's envelope too.
    frameworkErrors: (err, req, reply) => sendError(reply, toZuoraError(err, req), req, config.defaultApiVersion),
    clientErrorHandler,
    ajv: { customOptions: { coerceTypes: 'array', useDefaults: true, removeAdditional: false, allErrors: false, strict: false } },
    // each route's schema is compiled by Ajv on its first request, not at start (cold start)
    schemaController: { compilersFactory: { buildValidator: lazyValidatorFactory() as never } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const jobs = new JobRunner(database, modules, { leaseMs: config.jobLeaseMs, pollMs: config.jobPollMs, concurrency: config.jobConcurrency, config, ...opts.jobs });
  app.decorate('jobs', jobs);
  app.decorate('zbillConfig', config);
  const tenants = new Tenants(db, config, modules, jobs);
  const adminKey = config.adminKey ?? (await import('node:crypto')).randomBytes(18).toString('base64url');
  const limiter = new RateLimiter(config.rateLimit, config.rateLimitWindow);
  const registry = new OperationRegistry(app);

  const openapi = new OpenApiDocument(app);


  registerBodyParsers(app);

  app.setErrorHandler((err, req, reply) => sendError(reply, toZuoraError(err, req), req, config.defaultApiVersion));
  app.setNotFoundHandler((req, reply) => sendError(reply, notFound(`No such resource: ${req.method} ${req.url.split('?')[0]}`), req, config.defaultApiVersion));

  registerRequestLog(app);
  registerWire(app);

  // Graceful close: requests in flight finish; their keep-alive connections are
  // then closed, so that close() does not wait for clients to hang up.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  // Graceful shutdown waits for the jobs this process runs, or releases them to another process.
  app.addHook('onClose', async () => jobs.stop());
  app.addHook('onSend', async (_req, reply, payload) => {
    if (closing) reply.header('Connection', 'close');
    return payload;
  });
  app.addHook('onResponse', async () => {
    if (closing) app.server.closeIdleConnections?.();
  });

  app.addHook('onRequest', async (req, reply) => {
    if (req.routeOptions.config?.public || req.is404) return;
    const tenant = await authenticate(db, req.headers);
    req.tenant = tenant;
    req.apiVersion = effectiveVersion(req, config.defaultApiVersion);
    // An admin reset is emptying the tenant in chunks: nothing of it may be read or written meanwhile.
    if (tenant.resetting) throw lockContention(`The tenant is being reset; retry when the reset has finished`);
    reply.headers(limiter.hit(tenant.id, tenant.rateLimit));
    const proto = (req.headers['x-forwarded-proto'] as string | undefined) ?? req.protocol;
    const baseUrl = config.publicUrl ?? `${proto}://${req.headers.host ?? `localhost:${config.port}`}`;
    req.ctx = makeCtx(tenant, db, baseUrl);
  });

  registerIdempotency(app, db, { leaseMs: opts.idempotencyLeaseMs });
  app.addHook('preValidation', rejectNul);

  app.post('/oauth/token', { config: { public: true, operationId: 'createToken' }, schema: { tags: ['OAuth'], operationId: 'createToken' } }, async (req) =>
    issueToken(db, (req.body ?? {}) as Record<string, unknown>),
  );
  // The legacy connection check (older clients call it first with apiAccessKeyId / apiSecretAccessKey):
  // the auth hook has accepted the credential by now, so the answer is Zuora's bare success.
  app.post('/v1/connections', { config: { operationId: 'POST_Connections' }, schema: { tags: ['Connections'], operationId: 'POST_Connections' } }, async () => ({
    success: true,
  }));
  // The implemented operations as the reference spec defines them, and the admin API.
  app.get('/openapi.json', { config: { public: true } }, async (req) =>
    openapi.document(
      OPERATIONS.filter((op) => registry.isImplemented(op)),
      `${req.protocol}://${req.host}`,
    ),
  );
  registerHealth(app, database, config.defaultApiVersion);
  registerAdmin(app, tenants, adminKey, () => registry.coverage());

  for (const m of modules) m.join?.();
  for (const m of modules) await m.routes?.(app);
  registry.registerStubs(app);

  await app.ready();
  if (opts.jobs?.worker ?? config.jobWorker) jobs.start();
  return { app, tenants, adminKey, jobs };
}
