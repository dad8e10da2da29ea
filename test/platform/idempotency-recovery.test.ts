import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, migrate } from '../../src/app.js';
import { loadConfig } from '../../src/platform/config.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { holderIsGone, PROCESS_IDENTITY } from '../../src/platform/http/idempotency.js';
import type { ZModule } from '../../src/platform/module.js';
import type { Tenants } from '../../src/platform/tenants.js';
import { dbUrl, onPostgres } from '../helpers.js';
import { modulesWithWidgets } from './fixture-module.js';

const LEASE_MS = 300;

/** /v1/test-hang answers at once here (the child process's never does); /v1/test-idem-wait takes 900 ms. */
const extra: ZModule = {
  name: 'test-idem-extra',
  routes(app: FastifyInstance) {
    app.post('/v1/test-hang', async () => ({ success: true, servedBy: process.pid }));
    app.post('/v1/test-idem-wait', async () => {
      await new Promise((r) => setTimeout(r, 900));
      return { success: true };
    });
  },
};

/** A pid that ran a moment ago and is gone now. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid!;

interface Harness {
  app: FastifyInstance;
  database: Database;
  tenants: Tenants;
  client(): Promise<{ tenantId: string; token: string; clientId: string; clientSecret: string }>;
  post(token: string, url: string, body: unknown, key: string): Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function harness(url: string): Promise<Harness> {
  const database = openDatabase(url);
  const modules = [...modulesWithWidgets, extra];
  await migrate(database, modules);
  const { app, tenants } = await buildApp({ config: { ...loadConfig({}), adminKey: 'k' }, database, modules, idempotencyLeaseMs: LEASE_MS });
  return {
    app,
    database,
    tenants,
    async client() {
      const { tenant, client } = await tenants.create({});
      const tok = await app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `grant_type=client_credentials&client_id=${client.clientId}&client_secret=${client.clientSecret}` });
      return { tenantId: tenant.id, token: tok.json().access_token as string, clientId: client.clientId, clientSecret: client.clientSecret };
    },
    async post(token, url, body, key) {
      const r = await app.inject({ method: 'POST', url, payload: JSON.stringify(body), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key } });
      return { status: r.statusCode, body: r.json() };
    },
  };
}

describe('Idempotency-Key held by a process that is gone', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(dbUrl());
  });
  afterAll(async () => {
    await h.app.close();
    await h.database.close();
  });

  /** Leaves a pending key as another process would have, for POST /v1/test-widgets. */
  const plant = (tenantId: string, key: string, holder: string | null, leaseUntil: number | null, createdAt = Date.now()) =>
    h.database.db.insertInto('idempotency_keys').values({ tenant_id: tenantId, key, method: 'POST', url: '/v1/test-widgets', state: 'pending', created_at: createdAt, holder, lease_until: leaseUntil }).execute();
  const widgets = async (tenantId: string) => (await h.database.db.selectFrom('test_widgets').select('name').where('tenant_id', '=', tenantId).execute()).map((r) => r.name);
  const row = (tenantId: string, key: string) => h.database.db.selectFrom('idempotency_keys').selectAll().where('tenant_id', '=', tenantId).where('key', '=', key).executeTakeFirstOrThrow();

  it('takes over at once a key whose holder on this host no longer runs, though its lease has time left', async () => {
    const c = await h.client();
    await plant(c.tenantId, 'dead', `${hostname()}/${deadPid()}/0123456789ab`, Date.now() + 60_000);
    const res = await h.post(c.token, '/v1/test-widgets', { name: 'after-crash' }, 'dead');
    expect(res.status).toBe(200);
    expect(await widgets(c.tenantId)).toEqual(['after-crash']);
    const r = await row(c.tenantId, 'dead');
    expect(r.state).toBe('done');
    // A repeat now replays the recorded answer.
    expect((await h.post(c.token, '/v1/test-widgets', { name: 'after-crash' }, 'dead')).body).toEqual(res.body);
    expect(await widgets(c.tenantId)).toHaveLength(1);
  });

  it('takes over a key held by an earlier process with this same pid (a restarted container)', async () => {
    const c = await h.client();
    const [host, pid] = PROCESS_IDENTITY.split('/');
    await plant(c.tenantId, 'reborn', `${host}/${pid}/ffffffffffff`, Date.now() + 60_000);
    expect((await h.post(c.token, '/v1/test-widgets', { name: 'x' }, 'reborn')).status).toBe(200);
  });

  it('waits for the lease of a holder on another host, then takes the key over', async () => {
    const c = await h.client();
    await plant(c.tenantId, 'remote', 'some-other-host/4242/aaaaaaaaaaaa', Date.now() + 60_000);
    const busy = await h.post(c.token, '/v1/test-widgets', { name: 'x' }, 'remote');
    expect(busy.status).toBe(409);
    expect(busy.body.success).toBe(false);
    expect(await widgets(c.tenantId)).toEqual([]);
    await h.database.db.updateTable('idempotency_keys').set({ lease_until: Date.now() - 1 }).where('tenant_id', '=', c.tenantId).where('key', '=', 'remote').execute();
    expect((await h.post(c.token, '/v1/test-widgets', { name: 'x' }, 'remote')).status).toBe(200);
    expect(await widgets(c.tenantId)).toEqual(['x']);
  });

  it('keeps the old five-minute rule for a pending row written before leases', async () => {
    const c = await h.client();
    await plant(c.tenantId, 'legacy-young', null, null, Date.now() - 60_000);
    await plant(c.tenantId, 'legacy-old', null, null, Date.now() - 6 * 60_000);
    expect((await h.post(c.token, '/v1/test-widgets', { name: 'y' }, 'legacy-young')).status).toBe(409);
    expect((await h.post(c.token, '/v1/test-widgets', { name: 'o' }, 'legacy-old')).status).toBe(200);
    expect(await widgets(c.tenantId)).toEqual(['o']);
  });

  it('lets exactly one of several racing requests take a dead holder\'s key', async () => {
    const c = await h.client();
    await plant(c.tenantId, 'race', `${hostname()}/${deadPid()}/0123456789ab`, Date.now() + 60_000);
    const results = await Promise.all(Array.from({ length: 6 }, () => h.post(c.token, '/v1/test-widgets', { name: 'raced' }, 'race')));
    expect(await widgets(c.tenantId)).toEqual(['raced']);
    const ok = results.filter((r) => r.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const r of results) expect([200, 409]).toContain(r.status);
    // Every 200 is the one creation (the winner's answer or its replay).
    expect(new Set(ok.map((r) => r.body.id)).size).toBe(1);
  });

  it('renews the lease of a request that runs longer than the lease, so it keeps its key', async () => {
    const c = await h.client();
    const first = h.post(c.token, '/v1/test-idem-wait', {}, 'long');
    await new Promise((r) => setTimeout(r, LEASE_MS * 2));
    const r = await row(c.tenantId, 'long');
    expect(r.state).toBe('pending');
    expect(r.holder).toBe(PROCESS_IDENTITY);
    expect(Number(r.lease_until)).toBeGreaterThan(Date.now());
    expect((await h.post(c.token, '/v1/test-idem-wait', {}, 'long')).status).toBe(409);
    expect((await first).status).toBe(200);
    const done = await row(c.tenantId, 'long');
    expect([done.state, done.holder, done.lease_until]).toEqual(['done', null, null]);
  });
});

describe('holderIsGone', () => {
  const self = `${hostname()}/${process.pid}/abcdefabcdef`;
  it('knows the living from the dead on this host, and judges no other host', () => {
    expect(holderIsGone(self, self)).toBe(false);
    expect(holderIsGone(`${hostname()}/${process.ppid}/000000000000`, self)).toBe(false);
    expect(holderIsGone(`${hostname()}/${deadPid()}/000000000000`, self)).toBe(true);
    expect(holderIsGone(`${hostname()}/${process.pid}/000000000000`, self)).toBe(true);
    expect(holderIsGone(`elsewhere/${deadPid()}/000000000000`, self)).toBe(false);
    expect(holderIsGone('garbage', self)).toBe(false);
  });
});

describe('kill -9 of the process serving a request (two real processes)', () => {
  const url = onPostgres() ? dbUrl() : `sqlite:${join(tmpdir(), `zbill-kill9-${randomBytes(4).toString('hex')}.db`)}`;
  let h: Harness;
  beforeAll(async () => {
    h = await harness(url);
  });
  afterAll(async () => {
    await h.app.close();
    await h.database.close();
    if (url.startsWith('sqlite:')) for (const suffix of ['', '-wal', '-shm']) rmSync(url.slice('sqlite:'.length) + suffix, { force: true });
  });

  it('releases the key as soon as the holder is dead: the retry runs instead of a 409', async () => {
    const c = await h.client();
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'idempotency-child.ts')], { env: { ...process.env, ZBILL_CHILD_DB: url }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let out = '';
        let err = '';
        const t = setTimeout(() => reject(new Error(`child did not start: ${err}`)), 15_000);
        child.stdout!.on('data', (b) => {
          out += String(b);
          const m = /PORT (\d+)/.exec(out);
          if (m) {
            clearTimeout(t);
            resolve(Number(m[1]));
          }
        });
        child.stderr!.on('data', (b) => (err += String(b)));
        child.once('exit', (code) => reject(new Error(`child exited (${code}): ${err}`)));
      });
      const inFlight = fetch(`http://127.0.0.1:${port}/v1/test-hang`, {
        method: 'POST',
        headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json', 'idempotency-key': 'kill-9' },
        body: '{}',
      }).catch(() => 'connection lost');
      // Wait until the child holds the key.
      let held: { holder: string | null } | undefined;
      for (let i = 0; i < 100 && !held; i++) {
        held = await h.database.db.selectFrom('idempotency_keys').select('holder').where('tenant_id', '=', c.tenantId).where('key', '=', 'kill-9').executeTakeFirst();
        if (!held) await new Promise((r) => setTimeout(r, 50));
      }
      expect(held?.holder).toContain(`/${child.pid}/`);
      child.kill('SIGKILL');
      await exited;
      expect(await inFlight).toBe('connection lost');
      const started = Date.now();
      const retry = await h.post(c.token, '/v1/test-hang', {}, 'kill-9');
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual({ success: true, servedBy: process.pid });
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }, 30_000);
});
