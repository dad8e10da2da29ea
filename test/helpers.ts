import { appendFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, expect } from 'vitest';
import { buildApp, migrate } from '../src/app.js';
import { loadConfig, type Config } from '../src/platform/config.js';
import type { TenantSettings } from '../src/platform/context.js';
import { openDatabase, type Database, type StatementObserver } from '../src/platform/db/database.js';
import type { Tenants } from '../src/platform/tenants.js';
import { modulesWithWidgets } from './platform/fixture-module.js';

export const ADMIN_KEY = 'test-admin-key';
export const dbUrl = () => process.env.ZBILL_TEST_DB ?? 'sqlite::memory:';
export const onPostgres = () => dbUrl().startsWith('postgres');

export interface Res {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  raw: string;
}

export interface Client {
  tenant: TenantSettings;
  clientId: string;
  clientSecret: string;
  token: string;
  req(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Res>;
  get(url: string, headers?: Record<string, string>): Promise<Res>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<Res>;
  put(url: string, body?: unknown, headers?: Record<string, string>): Promise<Res>;
  del(url: string, headers?: Record<string, string>): Promise<Res>;
}

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  tenants: Tenants;
  /** A fresh tenant with a token; tests of one file share the app but not tenants. */
  newClient(settings?: { name?: string; defaultApiVersion?: string; timezone?: string; currency?: string; rateLimit?: number }): Promise<Client>;
  admin(method: string, url: string, body?: unknown): Promise<Res>;
  raw(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Res>;
}

// Zuora sends null for an unset field, never "": every response a test receives
// through this client is checked, and one carrying "" fails the test, unless the
// request itself sent an empty string (a value the caller chose, echoed back).
// Set ZBILL_EMPTY_STRING_REPORT=/path/file.jsonl to list them instead of failing.
const EMPTY_STRING_REPORT = process.env.ZBILL_EMPTY_STRING_REPORT;
export function emptyStringPaths(v: unknown, path = '$', out: string[] = []): string[] {
  if (v === '') out.push(path);
  else if (Array.isArray(v)) v.forEach((x, i) => emptyStringPaths(x, `${path}[${i}]`, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) emptyStringPaths(x, `${path}.${k}`, out);
  return out;
}
function checkEmptyStrings(method: string, url: string, payload: unknown, res: Res) {
  if (typeof res.body !== 'object' || res.body === null) return;
  const paths = emptyStringPaths(res.body);
  if (!paths.length) return;
  const sent = (typeof payload === 'string' && payload.includes('""')) || (Buffer.isBuffer(payload) && payload.includes('""'));
  if (EMPTY_STRING_REPORT) {
    appendFileSync(EMPTY_STRING_REPORT, JSON.stringify({ method, url: url.split('?')[0], status: res.status, sent, paths, test: expect.getState().currentTestName, file: expect.getState().testPath }) + '\n');
  } else if (!sent) {
    throw new Error(`${method} ${url} answered "" at ${paths.slice(0, 5).join(', ')}: an unset field is null (issue 7)`);
  }
}

function toRes(r: { statusCode: number; headers: Res['headers']; rawPayload: Buffer }): Res {
  let buf = r.rawPayload;
  if (r.headers['content-encoding'] === 'gzip') buf = gunzipSync(buf);
  const raw = buf.toString('utf8');
  let body: unknown = raw;
  try {
    body = raw ? JSON.parse(raw) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: r.statusCode, headers: r.headers, body, raw };
}

/** Builds the real app on the test database (SQLite in memory, or PostgreSQL in CI). */
export async function setupApp(overrides: Partial<Config> = {}, opts: { observe?: StatementObserver } = {}): Promise<TestApp> {
  const config = { ...loadConfig({}), adminKey: ADMIN_KEY, ...overrides };
  const database = openDatabase(dbUrl(), { observe: opts.observe });
  // The test-only widgets module rides along everywhere, so that every test
  // database has the same migrations whichever file ran first.
  await migrate(database, modulesWithWidgets);
  const { app, tenants } = await buildApp({ config, database, modules: modulesWithWidgets });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  async function raw(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
    const payload = body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    const h = { ...headers };
    if (payload !== undefined && !Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['content-type'] = 'application/json';
    const r = await app.inject({ method: method as 'GET', url, payload, headers: h });
    const res = toRes(r);
    checkEmptyStrings(method, url, payload, res);
    return res;
  }

  const admin = (method: string, url: string, body?: unknown) => raw(method, url, body, { 'x-zbill-admin-key': ADMIN_KEY });

  async function newClient(settings = {}): Promise<Client> {
    const { tenant, client } = await tenants.create(settings);
    const tok = await raw('POST', '/oauth/token', `grant_type=client_credentials&client_id=${encodeURIComponent(client.clientId)}&client_secret=${encodeURIComponent(client.clientSecret)}`, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    const token = tok.body.access_token as string;
    const req = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
      raw(method, url, body, { authorization: `Bearer ${token}`, ...headers });
    return {
      tenant,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      token,
      req,
      get: (url, h) => req('GET', url, undefined, h),
      post: (url, b, h) => req('POST', url, b ?? {}, h),
      put: (url, b, h) => req('PUT', url, b ?? {}, h),
      del: (url, h) => req('DELETE', url, undefined, h),
    };
  }

  return { app, database, tenants, newClient, admin, raw };
}
