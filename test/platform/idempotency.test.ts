import { describe, expect, it } from 'vitest';
import { setupApp } from '../helpers.js';

const t = await setupApp();

describe('Idempotency-Key', () => {
  it('replays the first response (status, headers, body) for a repeat, and creates once', async () => {
    const c = await t.newClient();
    const h = { 'idempotency-key': 'create-1' };
    const first = await c.post('/v1/test-widgets', { name: 'once' }, h);
    const again = await c.post('/v1/test-widgets', { name: 'once' }, h);
    expect(again.status).toBe(first.status);
    expect(again.raw).toBe(first.raw);
    expect(again.headers['zuora-request-id']).toBe(first.headers['zuora-request-id']);
    expect((await c.get('/v1/test-widgets')).body.widgets).toHaveLength(1);
  });

  it('stores failures too: a repeat of a failed request gets the same failure', async () => {
    const c = await t.newClient();
    const h = { 'idempotency-key': 'fails', 'zuora-version': '2024-05-20' };
    const first = await c.post('/v1/test-widgets', { name: 'x', failAfterInsert: true }, h);
    expect(first.status).toBe(400);
    const again = await c.post('/v1/test-widgets', { name: 'x' }, h);
    expect(again.status).toBe(400);
    expect(again.raw).toBe(first.raw);
    expect((await c.get('/v1/test-widgets')).body.widgets).toHaveLength(0);
  });

  it('answers 422 when the key comes back with another URL or method', async () => {
    const c = await t.newClient();
    await c.post('/v1/test-widgets', { name: 'a' }, { 'idempotency-key': 'k' });
    const other = await c.post('/v1/test-slow', {}, { 'idempotency-key': 'k' });
    expect(other.status).toBe(422);
    expect(other.body.success).toBe(false);
  });

  it('answers 409 while the first request is still in flight', async () => {
    const c = await t.newClient();
    const h = { 'idempotency-key': 'slow' };
    const first = c.post('/v1/test-slow', {}, h);
    await new Promise((r) => setTimeout(r, 30));
    const second = await c.post('/v1/test-slow', {}, h);
    expect(second.status).toBe(409);
    expect((await first).status).toBe(200);
    const third = await c.post('/v1/test-slow', {}, h);
    expect(third.raw).toBe((await first).raw);
  });

  it('keeps keys per tenant', async () => {
    const a = await t.newClient();
    const b = await t.newClient();
    await a.post('/v1/test-widgets', { name: 'a' }, { 'idempotency-key': 'shared' });
    await b.post('/v1/test-widgets', { name: 'b' }, { 'idempotency-key': 'shared' });
    expect((await b.get('/v1/test-widgets')).body.widgets.map((w: { name: string }) => w.name)).toEqual(['b']);
  });

  it('forgets a key after 24 hours', async () => {
    const c = await t.newClient();
    const h = { 'idempotency-key': 'old' };
    await c.post('/v1/test-widgets', { name: 'first' }, h);
    await t.database.db.updateTable('idempotency_keys').set({ created_at: Date.now() - 24 * 3600 * 1000 - 1 }).where('tenant_id', '=', c.tenant.id).execute();
    await c.post('/v1/test-widgets', { name: 'second' }, h);
    expect((await c.get('/v1/test-widgets')).body.widgets).toHaveLength(2);
  });

  it('ignores the header on GET and refuses a key of 255 characters or more', async () => {
    const c = await t.newClient();
    expect((await c.get('/v1/test-widgets', { 'idempotency-key': 'g' })).status).toBe(200);
    const long = await c.post('/v1/test-widgets', { name: 'x' }, { 'idempotency-key': 'k'.repeat(255) });
    expect(long.body.success).toBe(false);
    expect(long.body.reasons[0].message).toContain('Idempotency-Key');
  });
});
