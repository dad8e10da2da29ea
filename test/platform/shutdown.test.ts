import { describe, expect, it } from 'vitest';
import { buildApp, migrate } from '../../src/app.js';
import { loadConfig } from '../../src/platform/config.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { dbUrl } from '../helpers.js';
import { modulesWithWidgets } from './fixture-module.js';

describe('graceful shutdown', () => {
  it('finishes a request in flight when the server closes, and refuses new connections', async () => {
    const database = openDatabase(dbUrl());
    await migrate(database, modulesWithWidgets);
    const { app, tenants } = await buildApp({ config: { ...loadConfig({}), adminKey: 'k' }, database, modules: modulesWithWidgets });
    const { client } = await tenants.create({});
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const base = `http://127.0.0.1:${port}`;
    const tok = await (
      await fetch(`${base}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `grant_type=client_credentials&client_id=${client.clientId}&client_secret=${client.clientSecret}`,
      })
    ).json();
    const inFlight = fetch(`${base}/v1/test-slow`, { method: 'POST', headers: { authorization: `Bearer ${tok.access_token}`, 'content-type': 'application/json' }, body: '{}' });
    await new Promise((r) => setTimeout(r, 40));
    const closed = app.close();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect((await res.json()).success).toBe(true);
    await closed;
    await expect(fetch(`${base}/health`)).rejects.toThrow();
    await database.close();
  });
});
