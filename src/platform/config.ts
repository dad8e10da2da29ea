import { compareApiVersions, parseApiVersion } from './api-version.js';
import { isValidTimeZone, parseDate } from './dates.js';

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
  /** PostgreSQL connections in the pool. */
  pgPoolSize: number;
  /** A socket with no activity for this long is closed (ms; 0 = never). */
  connectionTimeoutMs: number;
  /** The whole request (headers and body) must arrive within this (ms; 0 = no limit). */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this (ms). */
  keepAliveTimeoutMs: number;
  /** The request headers must arrive within this (ms; at most requestTimeoutMs). */
  headersTimeoutMs: number;
  /** Whether this process runs a background job worker (src/platform/jobs.ts). */
  jobWorker: boolean;
  /** How often an idle job worker looks for due jobs (ms). */
  jobPollMs: number;
  /** Lease of a job this process claims (ms); renewed while it runs. */
  jobLeaseMs: number;
  /** Jobs this process runs at the same time. */
  jobConcurrency: number;
  /** SMTP server billing document emails are also sent to (smtp:// or smtps://, user and password in the URL); unset: outbox only. */
  smtpUrl?: string;
}

/** A setting that cannot be used: names the variable and says what is allowed. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

/** Zuora's numbered API versions: 186.0 is the oldest (its default), 341.0 the last; date versions start on 2024-05-20. */
const MIN_MINOR = 186;
const MAX_MINOR = 341;
const FIRST_DATE_VERSION = '2024-05-20';

/** Every environment variable zbill reads, for `zbill --help` and the README. */
export const SETTINGS: { name: string; default: string; meaning: string }[] = [
  { name: 'PORT', default: '8080', meaning: 'HTTP port, 1-65535 (0 picks a free port)' },
  { name: 'HOST', default: '0.0.0.0', meaning: 'listen address' },
  { name: 'DATABASE_URL', default: 'sqlite:./data/zbill.db', meaning: 'sqlite:<file> (its directory must exist), sqlite::memory:, or postgres://user:pass@host:5432/db' },
  { name: 'PG_POOL_SIZE', default: '10', meaning: 'PostgreSQL connections, 1-1000' },
  { name: 'ZBILL_CLIENT_ID', default: 'generated', meaning: 'OAuth client id of the bootstrap tenant (with ZBILL_CLIENT_SECRET; at most 64 characters)' },
  { name: 'ZBILL_CLIENT_SECRET', default: 'generated', meaning: 'its secret (at most 128 characters)' },
  { name: 'ZBILL_ADMIN_KEY', default: 'generated at each start', meaning: 'key for the /admin API (header X-Zbill-Admin-Key)' },
  { name: 'ZBILL_DEFAULT_API_VERSION', default: '2025-08-12', meaning: `API version of new tenants: a date from ${FIRST_DATE_VERSION} on, or a number ${MIN_MINOR}.0-${MAX_MINOR}.0` },
  { name: 'ZBILL_DEFAULT_TIMEZONE', default: 'UTC', meaning: 'IANA time zone of new tenants, e.g. America/New_York' },
  { name: 'ZBILL_DEFAULT_CURRENCY', default: 'USD', meaning: 'ISO 4217 currency of new tenants' },
  { name: 'ZBILL_RATE_LIMIT', default: '1000000', meaning: 'requests per tenant per window, at least 1' },
  { name: 'ZBILL_RATE_LIMIT_WINDOW', default: '60', meaning: 'rate-limit window in seconds, 1-86400' },
  { name: 'ZBILL_PUBLIC_URL', default: 'from the Host header', meaning: 'http(s) base URL of absolute links in responses' },
  { name: 'ZBILL_CONNECTION_TIMEOUT_MS', default: '120000', meaning: 'a silent socket is closed after this, 0 = never' },
  { name: 'ZBILL_REQUEST_TIMEOUT_MS', default: '30000', meaning: 'a whole request must arrive within this, 0 = no limit' },
  { name: 'ZBILL_HEADERS_TIMEOUT_MS', default: '10000', meaning: 'request headers must arrive within this, 0 = no limit' },
  { name: 'ZBILL_KEEP_ALIVE_TIMEOUT_MS', default: '5000', meaning: 'an idle keep-alive connection is closed after this, 0 = no keep-alive' },
  { name: 'ZBILL_JOB_WORKER', default: 'on', meaning: 'on: this process claims and runs due jobs (bill runs, async orders); off: it only enqueues them' },
  { name: 'ZBILL_JOB_POLL_MS', default: '1000', meaning: 'an idle job worker looks for due jobs this often, 10-3600000' },
  { name: 'ZBILL_JOB_LEASE_MS', default: '60000', meaning: 'lease of a claimed job (renewed while it runs; another process takes the job once it expires), 100-3600000' },
  { name: 'ZBILL_JOB_CONCURRENCY', default: '2', meaning: 'jobs one process runs at the same time, 1-64' },
  { name: 'ZBILL_SMTP_URL', default: 'unset', meaning: 'smtp://[user:pass@]host:port or smtps://…: billing document emails are also sent there (they always land in the tenant outbox, GET /admin/tenants/{id}/outbox)' },
  { name: 'LOG_LEVEL', default: 'warn', meaning: 'one of fatal, error, warn, info, debug, trace, silent' },
  { name: 'ZBILL_LOG_SQL', default: 'unset', meaning: '1 prints every SQL statement (for developers)' },
];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Longest timeout a setting takes (one hour): beyond it a deadline protects nothing. */
const MAX_TIMEOUT_MS = 3_600_000;

/**
 * What the version code (api-version.ts) understands and Zuora has: a date version
 * (a real date, 2024-05-20 or later) or a numbered version from 186.0 to 341.0 (222.4 too).
 */
export function isKnownApiVersion(v: string): boolean {
  const parsed = parseApiVersion(v);
  if (v !== v.trim()) return false;
  if (parsed.kind === 'date') return !!parseDate(v) && v >= FIRST_DATE_VERSION;
  return parsed.kind === 'number' && compareApiVersions(v, `${MIN_MINOR}.0`) >= 0 && compareApiVersions(v, `${MAX_MINOR}.0`) <= 0;
}

let currencies: Set<string> | undefined;
/** ISO 4217 codes in circulation, as the runtime's ICU data lists them. */
export function isIsoCurrency(code: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(code);
}

function checkDatabaseUrl(url: string): void {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a valid postgres:// URL; use postgres://user:pass@host:5432/db');
    }
    if (!u.hostname) throw new ConfigError('DATABASE_URL', 'names no host; use postgres://user:pass@host:5432/db');
    return;
  }
  if (url.startsWith('sqlite:')) {
    if (url === 'sqlite:') throw new ConfigError('DATABASE_URL', 'names no file; use sqlite:<file> or sqlite::memory:');
    return;
  }
  const shown = url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@'); // never print a password
  throw new ConfigError('DATABASE_URL', `must be sqlite:<file>, sqlite::memory: or postgres://user:pass@host:5432/db, got "${shown}"`);
}

/**
 * Reads and checks every setting; throws a ConfigError naming the first bad
 * one. Pure: it touches neither the network nor the disk (the server checks
 * that the database and port can be used when it starts).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const str = (name: string): string | undefined => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const int = (name: string, def: number, min = 0, max = MAX_TIMEOUT_MS): number => {
    const v = str(name);
    if (v === undefined) return def;
    const n = /^\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${v}"`);
    return n;
  };
  const pick = (name: string, def: string, ok: (v: string) => boolean, allowed: string): string => {
    const v = str(name);
    if (v === undefined) return def;
    if (!ok(v)) throw new ConfigError(name, `${allowed}, got "${v}"`);
    return v;
  };

  const port = int('PORT', 8080, 0, 65535);
  const databaseUrl = str('DATABASE_URL') ?? 'sqlite:./data/zbill.db';
  checkDatabaseUrl(databaseUrl);
  const clientId = str('ZBILL_CLIENT_ID');
  const clientSecret = str('ZBILL_CLIENT_SECRET');
  if (clientId && !clientSecret) throw new ConfigError('ZBILL_CLIENT_SECRET', 'is required when ZBILL_CLIENT_ID is set (give both or neither)');
  if (clientSecret && !clientId) throw new ConfigError('ZBILL_CLIENT_ID', 'is required when ZBILL_CLIENT_SECRET is set (give both or neither)');
  if (clientId && clientId.length > 64) throw new ConfigError('ZBILL_CLIENT_ID', `must be at most 64 characters, got ${clientId.length}`);
  if (clientSecret && clientSecret.length > 128) throw new ConfigError('ZBILL_CLIENT_SECRET', `must be at most 128 characters, got ${clientSecret.length}`);
  const publicUrl = pick('ZBILL_PUBLIC_URL', '', (v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), 'must be an http:// or https:// URL');

  return {
    port,
    host: str('HOST') ?? '0.0.0.0',
    databaseUrl,
    clientId,
    clientSecret,
    adminKey: str('ZBILL_ADMIN_KEY'),
    rateLimit: int('ZBILL_RATE_LIMIT', 1_000_000, 1, Number.MAX_SAFE_INTEGER),
    rateLimitWindow: int('ZBILL_RATE_LIMIT_WINDOW', 60, 1, 86_400),
    defaultApiVersion: pick('ZBILL_DEFAULT_API_VERSION', '2025-08-12', isKnownApiVersion, `must be a date version (${FIRST_DATE_VERSION} or later, e.g. 2025-08-12) or a numbered version from ${MIN_MINOR}.0 to ${MAX_MINOR}.0 (e.g. 211.0)`),
    defaultTimezone: pick('ZBILL_DEFAULT_TIMEZONE', 'UTC', (v) => !/^[+-]/.test(v) && isValidTimeZone(v), 'must be an IANA time zone such as UTC or Europe/Paris'),
    defaultCurrency: pick('ZBILL_DEFAULT_CURRENCY', 'USD', isIsoCurrency, 'must be an ISO 4217 currency code in capitals, such as USD or EUR'),
    logLevel: pick('LOG_LEVEL', 'warn', (v) => LOG_LEVELS.includes(v), `must be one of ${LOG_LEVELS.join(', ')}`),
    publicUrl: publicUrl || undefined,
    pgPoolSize: int('PG_POOL_SIZE', 10, 1, 1000),
    connectionTimeoutMs: int('ZBILL_CONNECTION_TIMEOUT_MS', 120_000),
    requestTimeoutMs: int('ZBILL_REQUEST_TIMEOUT_MS', 30_000),
    keepAliveTimeoutMs: int('ZBILL_KEEP_ALIVE_TIMEOUT_MS', 5_000),
    headersTimeoutMs: int('ZBILL_HEADERS_TIMEOUT_MS', 10_000),
    jobWorker: pick('ZBILL_JOB_WORKER', 'on', (v) => v === 'on' || v === 'off', 'must be on or off') === 'on',
    jobPollMs: int('ZBILL_JOB_POLL_MS', 1_000, 10),
    jobLeaseMs: int('ZBILL_JOB_LEASE_MS', 60_000, 100),
    jobConcurrency: int('ZBILL_JOB_CONCURRENCY', 2, 1, 64),
    smtpUrl: pick('ZBILL_SMTP_URL', '', (v) => URL.canParse(v) && /^smtps?:$/.test(new URL(v).protocol) && new URL(v).hostname !== '', 'must be an smtp:// or smtps:// URL with a host, e.g. smtp://user:pass@mail.example.com:587') || undefined,
  };
}
