/**
 * Process configuration, read once from the environment at start.
 * Everything a tenant can change lives in the database instead (see tenants).
 */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  clientId?: string;
  clientSecret?: string;
  adminKey?: string;
  /** Requests per tenant per rate-limit window. */
  rateLimit: number;
  /** Rate-limit window in seconds. */
  rateLimitWindow: number;
  /** API version a new tenant answers with when a request names none. */
  defaultApiVersion: string;
  defaultTimezone: string;
  defaultCurrency: string;
  logLevel: string;
  /** Base URL used in `nextPage` links when the request has no Host header. */
  publicUrl?: string;
  /** A socket with no activity for this long is closed (ms; 0 = never). */
  connectionTimeoutMs: number;
  /** The whole request (headers and body) must arrive within this (ms; 0 = no limit). */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this (ms). */
  keepAliveTimeoutMs: number;
  /** The request headers must arrive within this (ms; at most requestTimeoutMs). */
  headersTimeoutMs: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const int = (name: string, def: number): number => {
    const v = env[name];
    if (v === undefined || v === '') return def;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${v}"`);
    return n;
  };
  return {
    port: int('PORT', 8080),
    host: env.HOST || '0.0.0.0',
    databaseUrl: env.DATABASE_URL || 'sqlite:./data/zbill.db',
    clientId: env.ZBILL_CLIENT_ID || undefined,
    clientSecret: env.ZBILL_CLIENT_SECRET || undefined,
    adminKey: env.ZBILL_ADMIN_KEY || undefined,
    rateLimit: int('ZBILL_RATE_LIMIT', 1_000_000),
    rateLimitWindow: int('ZBILL_RATE_LIMIT_WINDOW', 60),
    defaultApiVersion: env.ZBILL_DEFAULT_API_VERSION || '2025-08-12',
    defaultTimezone: env.ZBILL_DEFAULT_TIMEZONE || 'UTC',
    defaultCurrency: env.ZBILL_DEFAULT_CURRENCY || 'USD',
    logLevel: env.LOG_LEVEL || 'warn',
    publicUrl: env.ZBILL_PUBLIC_URL || undefined,
    connectionTimeoutMs: int('ZBILL_CONNECTION_TIMEOUT_MS', 120_000),
    requestTimeoutMs: int('ZBILL_REQUEST_TIMEOUT_MS', 30_000),
    keepAliveTimeoutMs: int('ZBILL_KEEP_ALIVE_TIMEOUT_MS', 5_000),
    headersTimeoutMs: int('ZBILL_HEADERS_TIMEOUT_MS', 10_000),
  };
}
