import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.js';
import { Category, errorCode, UNKNOWN_RESOURCE, ZuoraError } from '../errors.js';
import { sendError } from './errors.js';

/** How long the readiness check waits for the database before calling it down. */
const READY_TIMEOUT_MS = 2_000;

/**
 * `GET /health`: the process is up and serving (no database access, for liveness probes).
 * `GET /health/ready`: the database answers a trivial query; 503 in Zuora's envelope when it does not.
 * Both are public.
 */
export function registerHealth(app: FastifyInstance, database: Database, serverDefaultVersion: string): void {
  app.get('/health', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/health/ready', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        sql`select 1 as one`.execute(database.db),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
        }),
      ]);
      return { status: 'ready', database: database.dialect };
    } catch (err) {
      req.loggedError = err; // the request's log line carries the cause
      const down = new ZuoraError(errorCode(UNKNOWN_RESOURCE, Category.INTERNAL), 'Not ready: the database does not answer', { fixedStatus: 503 });
      return sendError(reply, down, req, serverDefaultVersion);
    } finally {
      clearTimeout(timer);
    }
  });
}
