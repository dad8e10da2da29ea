import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, migrate } from '../../src/app.js';
import { loadConfig } from '../../src/platform/config.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { serverTimeouts } from '../../src/platform/http/timeouts.js';
import { dbUrl } from '../helpers.js';
import { modulesWithWidgets } from './fixture-module.js';

/** Opens a raw TCP connection, writes `chunks`, and collects what the server sends until it closes the socket. */
function session(port: number, chunks: string[]): Promise<{ data: string; closedAfterMs: number; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.on('connect', () => chunks.forEach((c) => socket.write(c)));
    socket.on('data', (b) => (data += b.toString('utf8')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ data, closedAfterMs: Date.now() - started, socket }));
    setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open for 5 s; received: ${JSON.stringify(data)}`));
    }, 5_000);
  });
}

describe('server timeouts (a real server on 127.0.0.1)', () => {
  const database = openDatabase(dbUrl());
  let port = 0;
  let close: () => Promise<void>;
  beforeAll(async () => {
    await migrate(database, modulesWithWidgets);
    const config = { ...loadConfig({}), adminKey: 'k', requestTimeoutMs: 400, headersTimeoutMs: 300, connectionTimeoutMs: 2_000, keepAliveTimeoutMs: 200 };
    const { app } = await buildApp({ config, database, modules: modulesWithWidgets });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
    close = () => app.close();
  });
  afterAll(async () => {
    await close?.();
    await database.close();
  });

  it('cuts a client that sends a partial body, after the request timeout, with a 408 in Zuora\'s envelope', async () => {
    const head = `POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n`;
    const r = await session(port, [head, 'grant_type=client_']);
    expect(r.closedAfterMs).toBeGreaterThanOrEqual(350);
    expect(r.closedAfterMs).toBeLessThan(2_000);
    expect(r.data).toMatch(/^HTTP\/1\.1 408 /);
    const body = JSON.parse(r.data.slice(r.data.indexOf('\r\n\r\n') + 4));
    expect(body.success).toBe(false);
    expect(String(body.reasons[0].code)).toMatch(/^\d{8}$/);
  });

  it('cuts a client that trickles its headers, after the headers timeout', async () => {
    const r = await session(port, ['GET /health HTTP/1.1\r\nHost: x\r\n']);
    expect(r.closedAfterMs).toBeGreaterThanOrEqual(250);
    expect(r.closedAfterMs).toBeLessThan(2_000);
    expect(r.data).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const r = await session(port, ['GET /health HTTP/1.1\r\nHost: x\r\n\r\n']);
    expect(r.data).toMatch(/^HTTP\/1\.1 200 /);
    expect(r.closedAfterMs).toBeLessThan(1_500);
  });

  it('serves others while 300 slow clients hold connections, and cuts every slow one by its deadline', async () => {
    const head = `POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\n`;
    const slow = Array.from({ length: 300 }, (_, i) => session(port, i % 2 ? [head, 'grant_'] : ['GET /health HTTP/1.1\r\n']));
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1_000);
    const done = await Promise.all(slow);
    for (const r of done) expect(r.closedAfterMs).toBeLessThan(3_000);
  });

  it('still serves a request that arrives in time', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});

describe('timeout configuration', () => {
  it('has finite defaults, read from the environment', () => {
    const d = loadConfig({});
    expect(d.requestTimeoutMs).toBe(30_000);
    expect(d.headersTimeoutMs).toBe(10_000);
    expect(d.connectionTimeoutMs).toBe(120_000);
    expect(d.keepAliveTimeoutMs).toBe(5_000);
    const c = loadConfig({ ZBILL_REQUEST_TIMEOUT_MS: '1000', ZBILL_HEADERS_TIMEOUT_MS: '500', ZBILL_CONNECTION_TIMEOUT_MS: '7000', ZBILL_KEEP_ALIVE_TIMEOUT_MS: '0' });
    expect([c.requestTimeoutMs, c.headersTimeoutMs, c.connectionTimeoutMs, c.keepAliveTimeoutMs]).toEqual([1000, 500, 7000, 0]);
    expect(() => loadConfig({ ZBILL_REQUEST_TIMEOUT_MS: 'soon' })).toThrow(/ZBILL_REQUEST_TIMEOUT_MS/);
  });

  it('keeps the headers deadline within the request deadline and checks deadlines often enough', () => {
    const t = serverTimeouts({ ...loadConfig({}), requestTimeoutMs: 1000, headersTimeoutMs: 5000 });
    expect(t.http.headersTimeout).toBe(1000);
    expect(t.http.connectionsCheckingInterval).toBe(250);
    const d = serverTimeouts(loadConfig({}));
    expect(d.http).toEqual({ requestTimeout: 30_000, headersTimeout: 10_000, connectionsCheckingInterval: 2_500 });
    expect(serverTimeouts({ ...loadConfig({}), keepAliveTimeoutMs: 0 }).keepAliveTimeout).toBe(1);
  });
});
