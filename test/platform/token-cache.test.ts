/**
 * The bearer token cache (src/platform/auth.ts): a token's row is kept for TOKEN_CACHE_MS, with exact
 * expiry, changes made by this process seen by the next request, and changes made by another process
 * (simulated here by SQL sent past Kysely's query builder, which this process does not announce) seen
 * within TOKEN_CACHE_MS.
 */
import { CompiledQuery } from 'kysely';
import { describe, expect, it } from 'vitest';
import { TOKEN_CACHE_MS } from '../../src/platform/auth.js';
import { onPostgres, setupApp } from '../helpers.js';

const t = await setupApp();
const AUTH_FAILED = [{ code: 90000011, message: 'this resource is protected, please sign in first' }];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A write another process would make: raw SQL, not seen by this process's write announcements. */
const foreign = (text: string, params: unknown[]) => {
  const n = onPostgres() ? text.replace(/\?/g, (() => { let i = 0; return () => `$${++i}`; })()) : text;
  return t.database.db.executeQuery(CompiledQuery.raw(n, params));
};

describe('the bearer token cache', () => {
  it('refuses a cached token from the moment it expires', async () => {
    const c = await t.newClient();
    expect((await c.get('/v1/test-widgets')).status).toBe(200);
    await t.database.db.updateTable('oauth_tokens').set({ expires_at: Date.now() + 300 }).where('token', '=', c.token).execute();
    expect((await c.get('/v1/test-widgets')).status).toBe(200); // read again (the write bumped the cache), then cached
    expect((await c.get('/v1/test-widgets')).status).toBe(200);
    await sleep(350); // well inside TOKEN_CACHE_MS: the cached entry is still fresh, its token is not
    expect(TOKEN_CACHE_MS).toBeGreaterThan(350);
    const r = await c.get('/v1/test-widgets');
    expect(r.status).toBe(401);
    expect(r.body.reasons).toEqual(AUTH_FAILED);
  });

  it('sees a revocation made by this process at the next request', async () => {
    const c = await t.newClient();
    expect((await c.get('/v1/test-widgets')).status).toBe(200);
    await t.database.db.deleteFrom('oauth_tokens').where('token', '=', c.token).execute();
    const r = await c.get('/v1/test-widgets');
    expect(r.status).toBe(401);
    expect(r.body.reasons).toEqual(AUTH_FAILED);
  });

  it('sees a tenant change made by this process at the next request (a reset in progress)', async () => {
    const c = await t.newClient();
    expect((await c.get('/v1/test-widgets')).status).toBe(200);
    await t.database.db.updateTable('tenants').set({ resetting: new Date().toISOString() }).where('id', '=', c.tenant.id).execute();
    expect((await c.get('/v1/test-widgets')).status).toBe(409);
    await t.database.db.updateTable('tenants').set({ resetting: null }).where('id', '=', c.tenant.id).execute();
    expect((await c.get('/v1/test-widgets')).status).toBe(200);
  });

  it('sees a revocation made by another process within TOKEN_CACHE_MS', async () => {
    const c = await t.newClient();
    expect((await c.get('/v1/test-widgets')).status).toBe(200);
    await foreign('delete from oauth_tokens where token = ?', [c.token]);
    // the row is gone from the database; this process still answers from its cache for a moment
    // (which is also the proof that a cached request runs no token query)
    expect((await c.get('/v1/test-widgets')).status).toBe(200);
    await sleep(TOKEN_CACHE_MS + 50);
    const r = await c.get('/v1/test-widgets');
    expect(r.status).toBe(401);
    expect(r.body.reasons).toEqual(AUTH_FAILED);
  });

  it('sees a tenant setting changed by another process within TOKEN_CACHE_MS', async () => {
    const c = await t.newClient();
    expect((await c.get('/v1/test-widgets')).status).toBe(200);
    await foreign('update tenants set resetting = ? where id = ?', [new Date().toISOString(), c.tenant.id]);
    await sleep(TOKEN_CACHE_MS + 50);
    expect((await c.get('/v1/test-widgets')).status).toBe(409);
    await t.database.db.updateTable('tenants').set({ resetting: null }).where('id', '=', c.tenant.id).execute();
  });

  it('gives every request its own tenant settings object (per-request caches hang on it)', async () => {
    const c = await t.newClient();
    const { authenticate } = await import('../../src/platform/auth.js');
    const seen = new Set<unknown>();
    for (let i = 0; i < 3; i++) seen.add(await authenticate(t.database.db, { authorization: `Bearer ${c.token}` }));
    expect(seen.size).toBe(3);
    expect([...seen].every((s) => (s as { id: string }).id === c.tenant.id)).toBe(true);
  });
});
