import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, migrate } from '../../src/app.js';
import { loadConfig } from '../../src/platform/config.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { scrubSecrets } from '../../src/platform/http/request-log.js';
import type { ZModule } from '../../src/platform/module.js';
import { dbUrl } from '../helpers.js';
import { modulesWithWidgets } from './fixture-module.js';

const CARD = '4111111111111111';
const CARD_SPACED = '4111 1111 1111 1111';

/** Routes that misbehave on purpose: one throws an error whose text echoes secrets, one logs its whole request. */
const misbehaving: ZModule = {
  name: 'test-logging',
  routes(app: FastifyInstance) {
    app.post('/v1/test-log-boom', async (req) => {
      const b = req.body as { secret?: string; cardNumber?: string };
      throw new Error(`driver said: cardNumber ${b.cardNumber} failed, client_secret=${b.secret}`);
    });
    app.post('/v1/test-log-careless', async (req) => {
      req.log.info({ headers: req.headers, body: req.body, note: `card ${CARD_SPACED} and {"apiSecretAccessKey":"${String((req.body as { k?: string }).k)}"}` }, 'careless');
      return { success: true };
    });
  },
};

type Line = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('request log', () => {
  const database = openDatabase(dbUrl());
  const raw: string[] = [];
  const lines = (): Line[] => raw.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
  const lineOf = (requestId: unknown): Line[] => lines().filter((l) => l.requestId === requestId && l.msg !== 'careless');
  let app: FastifyInstance;
  let token = '';
  let clientId = '';
  let clientSecret = '';
  let tenantId = '';

  beforeAll(async () => {
    const modules = [...modulesWithWidgets, misbehaving];
    await migrate(database, modules);
    const built = await buildApp({ config: { ...loadConfig({}), adminKey: 'k' }, database, modules, logger: { level: 'info', destination: { write: (l) => void raw.push(l) } } });
    app = built.app;
    const { tenant, client } = await built.tenants.create({});
    tenantId = tenant.id;
    clientId = client.clientId;
    clientSecret = client.clientSecret;
    const tok = await app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `grant_type=client_credentials&client_id=${clientId}&client_secret=${clientSecret}` });
    token = tok.json().access_token;
    expect(token).toBeTruthy();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const call = (method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method, url, payload: body === undefined ? undefined : JSON.stringify(body), headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers } });

  it('writes one JSON line per request with method, route, status, duration, tenant and both ids', async () => {
    const res = await call('POST', '/v1/test-widgets', { name: 'logged' }, { 'zuora-track-id': 'track-42' });
    expect(res.statusCode).toBe(200);
    const mine = lineOf(res.headers['zuora-request-id']);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ level: 30, msg: 'request', method: 'POST', route: '/v1/test-widgets', path: '/v1/test-widgets', status: 200, tenantId, trackId: 'track-42', processId: null, errorCode: null });
    expect(typeof mine[0]!.durationMs).toBe('number');
    // Fastify's own "incoming request" / "request completed" lines are off.
    expect(lines().some((l) => l.msg === 'incoming request' || l.msg === 'request completed')).toBe(false);
  });

  it("logs a client error at info with the envelope's processId and code", async () => {
    const res = await call('GET', '/v1/test-widgets/nope');
    expect(res.statusCode).toBe(404);
    const body = res.json();
    const [line] = lineOf(res.headers['zuora-request-id']);
    expect(line).toMatchObject({ level: 30, method: 'GET', route: '/v1/test-widgets/:id', status: 404, tenantId, processId: body.processId, errorCode: String(body.reasons[0].code) });
    expect(body.processId).toMatch(/^[0-9A-F]{16}$/);
  });

  it('logs an unauthenticated request with no tenant, and a route-less 404', async () => {
    const denied = await app.inject({ method: 'GET', url: '/v1/test-widgets', headers: { authorization: 'Bearer not-a-token-at-all' } });
    const [d] = lineOf(denied.headers['zuora-request-id']);
    expect(d).toMatchObject({ level: 30, status: denied.statusCode, tenantId: null, processId: denied.json().processId });
    const missing = await call('GET', '/v1/no-such-thing');
    const [m] = lineOf(missing.headers['zuora-request-id']);
    expect(m).toMatchObject({ status: 404, processId: missing.json().processId });
  });

  it('logs a server fault at error with the stack, and the processId the client saw', async () => {
    const res = await call('POST', '/v1/test-log-boom', { secret: 'sekret-value-1', cardNumber: CARD });
    expect(res.statusCode).toBe(500);
    const body = res.json();
    const mine = lineOf(res.headers['zuora-request-id']);
    expect(mine.filter((l) => l.msg === 'request failed')).toHaveLength(1);
    const line = mine.find((l) => l.msg === 'request failed')!;
    expect(line).toMatchObject({ level: 50, status: 500, processId: body.processId, errorCode: String(body.reasons[0].code) });
    expect(line.err.stack).toContain('driver said');
    expect(line.err.stack).toContain('logging.test.ts');
    expect(lines().filter((l) => l.reqId === line.reqId)).toHaveLength(1); // no second "unhandled error" line
    const text = JSON.stringify(line);
    expect(text).not.toContain(CARD);
    expect(text).not.toContain('sekret-value-1');
    expect(text).toContain('************1111');
  });

  it('never writes tokens, client secrets, legacy keys or card numbers, even when a route logs its whole request', async () => {
    await call('POST', '/v1/test-log-careless', { k: 'legacy-secret-in-body', cardNumber: CARD, client_secret: 'body-secret-2', nested: { password: 'pw-3', securityCode: '737' } });
    await app.inject({ method: 'POST', url: '/v1/test-log-careless', payload: JSON.stringify({ k: 'x' }), headers: { 'content-type': 'application/json', apiaccesskeyid: clientId, apisecretaccesskey: clientSecret } });
    await app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }) });
    const careless = lines().filter((l) => l.msg === 'careless');
    expect(careless).toHaveLength(2);
    expect(careless[0]!.headers.authorization).toBe('[Redacted]');
    expect(careless[1]!.headers.apisecretaccesskey).toBe('[Redacted]');
    expect(careless[0]!.body.cardNumber).toBe('[Redacted]');
    expect(careless[0]!.note).not.toContain('legacy-secret-in-body');
    const all = raw.join('');
    for (const secret of [token, clientSecret, CARD, CARD_SPACED, 'body-secret-2', 'pw-3', 'sekret-value-1']) expect(all).not.toContain(secret);
    expect(all).toContain(clientId); // ids are not secrets; the scrubbing is not blanket
  });
});

describe('request log above info', () => {
  it('at warn writes no line for ordinary requests and client errors, but still one for a server fault', async () => {
    const database = openDatabase(dbUrl());
    const modules = [...modulesWithWidgets, misbehaving];
    await migrate(database, modules);
    const raw: string[] = [];
    const { app, tenants } = await buildApp({ config: { ...loadConfig({}), adminKey: 'k' }, database, modules, logger: { level: 'warn', destination: { write: (l) => void raw.push(l) } } });
    const { client } = await tenants.create({});
    const tok = await app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `grant_type=client_credentials&client_id=${client.clientId}&client_secret=${client.clientSecret}` });
    const auth = { authorization: `Bearer ${tok.json().access_token}`, 'content-type': 'application/json' };
    expect((await app.inject({ method: 'GET', url: '/v1/test-widgets/nope', headers: auth })).statusCode).toBe(404);
    expect(raw).toEqual([]);
    const boom = await app.inject({ method: 'POST', url: '/v1/test-log-boom', headers: auth, payload: '{}' });
    expect(boom.statusCode).toBe(500);
    expect(raw).toHaveLength(1);
    expect(JSON.parse(raw[0]!)).toMatchObject({ level: 50, status: 500, processId: boom.json().processId });
    await app.close();
    await database.close();
  });
});

describe('scrubSecrets', () => {
  it('blanks secret-named values in JSON, escaped JSON, forms and headers', () => {
    expect(scrubSecrets('{"client_secret":"abc","name":"n"}')).toBe('{"client_secret":"[Redacted]","name":"n"}');
    expect(scrubSecrets('{"msg":"body {\\"apiSecretAccessKey\\":\\"xyz\\"}"}')).not.toContain('xyz');
    expect(scrubSecrets('{"msg":"grant_type=client_credentials&client_secret=s3&x=1"}')).toBe('{"msg":"grant_type=client_credentials&client_secret=[Redacted]&x=1"}');
    expect(scrubSecrets('{"msg":"Authorization: Bearer abc.def"}')).not.toContain('abc.def');
    expect(scrubSecrets('{"access_token":"t0k","expires_in":3599}')).toBe('{"access_token":"[Redacted]","expires_in":3599}');
  });

  it('masks card numbers in strings but leaves other numbers (time stamps, non-card digits) alone', () => {
    expect(scrubSecrets('{"msg":"card 4242-4242-4242-4242 declined"}')).toBe('{"msg":"card ************4242 declined"}');
    expect(scrubSecrets('{"time":1764662400000,"msg":"1234567890123"}')).toBe('{"time":1764662400000,"msg":"1234567890123"}');
    expect(scrubSecrets('{"id":"8ad08c0f7d1c4e2b9f4a4111111111111111aa"}')).toContain('4111111111111111');
  });
});

describe('health and readiness', () => {
  it('answers /health and /health/ready without credentials', async () => {
    const database = openDatabase(dbUrl());
    await migrate(database, modulesWithWidgets);
    const { app } = await buildApp({ config: { ...loadConfig({}), adminKey: 'k' }, database, modules: modulesWithWidgets });
    expect((await app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', database: database.dialect });
    await app.close();
    await database.close();
  });

  it("answers 503 in Zuora's envelope when the database is down, and /health stays up", async () => {
    const database = openDatabase(dbUrl());
    await migrate(database, modulesWithWidgets);
    const { app } = await buildApp({ config: { ...loadConfig({}), adminKey: 'k' }, database, modules: modulesWithWidgets });
    await database.close();
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    const body = ready.json();
    expect(body.success).toBe(false);
    expect(body.processId).toMatch(/^[0-9A-F]{16}$/);
    expect(String(body.reasons[0].code)).toMatch(/^\d{6}60$/);
    expect(body.reasons[0].message).toContain('database');
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    await app.close();
  });
});
