import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, isKnownApiVersion, loadConfig, SETTINGS } from '../../src/platform/config.js';

/** The ConfigError loadConfig throws for `env`, or fails the test. */
function problem(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig: defaults', () => {
  it('an empty environment gives the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: 'sqlite:./data/zbill.db',
      defaultApiVersion: '2025-08-12',
      defaultTimezone: 'UTC',
      defaultCurrency: 'USD',
      logLevel: 'warn',
      pgPoolSize: 10,
      rateLimit: 1_000_000,
      rateLimitWindow: 60,
    });
    expect(c.clientId).toBeUndefined();
    expect(c.publicUrl).toBeUndefined();
  });

  it('an empty value counts as unset', () => {
    expect(loadConfig({ PORT: '', ZBILL_DEFAULT_TIMEZONE: '', DATABASE_URL: '' })).toMatchObject({ port: 8080, defaultTimezone: 'UTC', databaseUrl: 'sqlite:./data/zbill.db' });
  });

  it('SETTINGS lists every variable loadConfig reads (so zbill --help does too), with its real default', () => {
    const read = new Set<string>();
    const env = new Proxy({} as NodeJS.ProcessEnv, {
      get(_t, key) {
        if (typeof key === 'string') read.add(key);
        return undefined;
      },
    });
    const c = loadConfig(env);
    const names = SETTINGS.map((s) => s.name);
    for (const v of read) expect(names, `${v} is read but not documented`).toContain(v);
    const documented = Object.fromEntries(SETTINGS.map((s) => [s.name, s.default]));
    expect(documented.PORT).toBe(String(c.port));
    expect(documented.DATABASE_URL).toBe(c.databaseUrl);
    expect(documented.ZBILL_DEFAULT_API_VERSION).toBe(c.defaultApiVersion);
    expect(documented.ZBILL_REQUEST_TIMEOUT_MS).toBe(String(c.requestTimeoutMs));
  });
});

describe('loadConfig: every bad setting names its variable and what is allowed', () => {
  it.each([
    ['PORT', '65536', /from 0 to 65535/],
    ['PORT', '-1', /from 0 to 65535/],
    ['PORT', '80.5', /whole number/],
    ['PORT', '1e3', /whole number/],
    ['PORT', '8080abc', /whole number/],
    ['PG_POOL_SIZE', '0', /from 1 to 1000/],
    ['PG_POOL_SIZE', '1001', /from 1 to 1000/],
    ['ZBILL_RATE_LIMIT', '0', /from 1 /],
    ['ZBILL_RATE_LIMIT_WINDOW', '86401', /from 1 to 86400/],
    ['ZBILL_REQUEST_TIMEOUT_MS', 'soon', /whole number from 0 to 3600000/],
    ['ZBILL_HEADERS_TIMEOUT_MS', '3600001', /from 0 to 3600000/],
    ['ZBILL_CONNECTION_TIMEOUT_MS', '-5', /from 0 to 3600000/],
    ['ZBILL_KEEP_ALIVE_TIMEOUT_MS', '5s', /whole number/],
    ['ZBILL_DEFAULT_TIMEZONE', 'Mars/Olympus', /IANA time zone/],
    ['ZBILL_DEFAULT_TIMEZONE', '+05:00', /IANA time zone/],
    ['ZBILL_DEFAULT_CURRENCY', 'XYZ', /ISO 4217/],
    ['ZBILL_DEFAULT_CURRENCY', 'usd', /ISO 4217 currency code in capitals/],
    ['ZBILL_DEFAULT_API_VERSION', 'latest', /date version \(2024-05-20 or later.* from 186\.0 to 341\.0/],
    ['LOG_LEVEL', 'verbose', /one of fatal, error, warn, info, debug, trace, silent/],
    ['ZBILL_PUBLIC_URL', 'ftp://example.com', /http:\/\/ or https:\/\//],
    ['ZBILL_PUBLIC_URL', 'example.com', /http:\/\/ or https:\/\//],
    ['DATABASE_URL', 'mysql://localhost/db', /sqlite:<file>, sqlite::memory: or postgres:\/\//],
    ['DATABASE_URL', './zbill.db', /sqlite:<file>/],
    ['DATABASE_URL', 'sqlite:', /names no file/],
    ['DATABASE_URL', 'postgres://', /names no host|not a valid/],
    ['DATABASE_URL', 'postgres://u:p@[bad/db', /not a valid postgres:\/\/ URL/],
  ])('%s=%s', (variable, value, allowed) => {
    const e = problem({ [variable]: value });
    expect(e.variable).toBe(variable);
    expect(e.problem).toMatch(allowed);
    expect(e.message).toBe(`${variable}: ${e.problem}`);
    expect(e.message).not.toContain('\n');
  });

  it('a DATABASE_URL that is refused does not echo its password', () => {
    const e = problem({ DATABASE_URL: 'postgress://admin:hunter2@db:5432/zbill' });
    expect(e.variable).toBe('DATABASE_URL');
    expect(e.message).not.toContain('hunter2');
    expect(e.message).toContain('admin:***@db');
  });

  it('ZBILL_CLIENT_ID and ZBILL_CLIENT_SECRET come together and fit their columns', () => {
    expect(problem({ ZBILL_CLIENT_ID: 'me' }).variable).toBe('ZBILL_CLIENT_SECRET');
    expect(problem({ ZBILL_CLIENT_SECRET: 's' }).variable).toBe('ZBILL_CLIENT_ID');
    expect(problem({ ZBILL_CLIENT_ID: 'x'.repeat(65), ZBILL_CLIENT_SECRET: 's' }).problem).toMatch(/at most 64/);
    expect(problem({ ZBILL_CLIENT_ID: 'me', ZBILL_CLIENT_SECRET: 's'.repeat(129) }).problem).toMatch(/at most 128/);
    expect(loadConfig({ ZBILL_CLIENT_ID: 'x'.repeat(64), ZBILL_CLIENT_SECRET: 's'.repeat(128) }).clientId).toHaveLength(64);
  });
});

describe('loadConfig: good settings are taken', () => {
  it('reads each value', () => {
    const c = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgresql://u:p@db.example:5433/zbill',
      PG_POOL_SIZE: '25',
      ZBILL_DEFAULT_TIMEZONE: 'America/New_York',
      ZBILL_DEFAULT_CURRENCY: 'JPY',
      ZBILL_DEFAULT_API_VERSION: '211.0',
      LOG_LEVEL: 'info',
      ZBILL_PUBLIC_URL: 'https://billing.example.com',
      ZBILL_KEEP_ALIVE_TIMEOUT_MS: '0',
      ZBILL_CLIENT_ID: 'me',
      ZBILL_CLIENT_SECRET: 's3cret',
    });
    expect(c).toMatchObject({
      port: 0,
      host: '127.0.0.1',
      pgPoolSize: 25,
      defaultTimezone: 'America/New_York',
      defaultCurrency: 'JPY',
      defaultApiVersion: '211.0',
      logLevel: 'info',
      publicUrl: 'https://billing.example.com',
      keepAliveTimeoutMs: 0,
      clientId: 'me',
      clientSecret: 's3cret',
    });
    expect(loadConfig({ PORT: '65535', DATABASE_URL: 'sqlite::memory:' })).toMatchObject({ port: 65535, databaseUrl: 'sqlite::memory:' });
  });

  it('API versions: what api-version.ts reads, within what Zuora has (dates from 2024-05-20, numbers 186.0 to 341.0)', () => {
    for (const v of ['2024-05-20', '2025-08-12', '186.0', '196.0', '207.0', '222.4', '230.0', '341.0', '211']) expect(isKnownApiVersion(v), v).toBe(true);
    for (const v of ['185.0', '185.9', '341.1', '342.0', '2024-05-19', '2023-01-01', '2024-02-30', '2024-5-20', 'v211.0', ' 211.0', '211.', '']) expect(isKnownApiVersion(v), v).toBe(false);
    expect(loadConfig({ ZBILL_DEFAULT_API_VERSION: '2024-05-20' }).defaultApiVersion).toBe('2024-05-20');
  });
});

describe('loadConfig: any value of any variable gives a Config or a ConfigError, nothing else', () => {
  it('fuzz', () => {
    const names = SETTINGS.map((s) => s.name);
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...names), fc.oneof(fc.string(), fc.integer().map(String), fc.constantFrom('0', '65535', 'UTC', 'USD', '211.0', 'sqlite:', 'postgres://'))), (env) => {
        try {
          const c = loadConfig(env);
          expect(c.port).toBeGreaterThanOrEqual(0);
          expect(c.port).toBeLessThanOrEqual(65535);
          expect(Number.isInteger(c.pgPoolSize)).toBe(true);
        } catch (err) {
          expect(err).toBeInstanceOf(ConfigError);
          expect(names).toContain((err as ConfigError).variable);
        }
      }),
      { numRuns: 300 },
    );
  });
});
