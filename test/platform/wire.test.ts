import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { setupApp } from '../helpers.js';

const t = await setupApp();
const c = await t.newClient();

describe('Zuora-Request-Id and Zuora-Track-Id', () => {
  it('puts a 36-char UUID request id on every response, errors included', async () => {
    const ok = await c.get('/v1/test-widgets');
    const bad = await t.raw('GET', '/v1/test-widgets');
    for (const r of [ok, bad]) expect(String(r.headers['zuora-request-id'])).toMatch(/^[0-9a-f-]{36}$/);
    expect(ok.headers['zuora-request-id']).not.toBe(bad.headers['zuora-request-id']);
  });

  it('echoes a valid track id', async () => {
    const r = await c.get('/v1/test-widgets', { 'zuora-track-id': 'order-sync/42 retry#1' });
    expect(r.headers['zuora-track-id']).toBe('order-sync/42 retry#1');
  });

  it.each([['x'.repeat(65)], ['a:b'], ['a;b'], ['say "hi"'], ["it's"], ['café']])('refuses track id %j with a clear error', async (v) => {
    const r = await c.get('/v1/test-widgets', { 'zuora-track-id': v, 'zuora-version': '2024-05-20' });
    expect(r.status).toBe(400);
    expect(r.body.reasons[0].message).toContain('Zuora-Track-Id');
    expect(r.body.reasons[0].code % 100).toBe(20);
  });

  it('accepts Zuora-Entity-Ids and Zuora-Org-Ids', async () => {
    const r = await c.get('/v1/test-widgets', { 'zuora-entity-ids': 'e1', 'zuora-org-ids': 'o1,o2' });
    expect(r.status).toBe(200);
  });
});

describe('error envelope and HTTP status by API version', () => {
  it('answers business errors with HTTP 200 and success:false before 2024-05-20', async () => {
    const r = await c.get('/v1/test-widgets/0123456789abcdef0123456789abcdef', { 'zuora-version': '2023-10-01' });
    expect(r.status).toBe(200);
    expect(r.body.success).toBe(false);
    expect(r.body.reasons[0].code).toBe(50000040);
  });

  it('maps the category to a status from 2024-05-20 on', async () => {
    const r = await c.get('/v1/test-widgets/0123456789abcdef0123456789abcdef', { 'zuora-version': '2024-05-20' });
    expect(r.status).toBe(404);
  });

  it('follows the tenant default version when the header is absent', async () => {
    const old = await t.newClient({ defaultApiVersion: '211.0' });
    expect((await old.get('/v1/test-widgets/0123456789abcdef0123456789abcdef')).status).toBe(200);
    const modern = await t.newClient({ defaultApiVersion: '2025-08-12' });
    expect((await modern.get('/v1/test-widgets/0123456789abcdef0123456789abcdef')).status).toBe(404);
  });

  it('names the missing field (category 22) and a wrong type (category 20)', async () => {
    const missing = await c.post('/v1/test-widgets', {}, { 'zuora-version': '2024-05-20' });
    expect(missing.status).toBe(400);
    expect(missing.body.reasons[0].code % 100).toBe(22);
    expect(missing.body.reasons[0].message).toContain("'name'");
    const wrong = await c.post('/v1/test-widgets', { name: 'x', failAfterInsert: 'maybe' }, { 'zuora-version': '2024-05-20' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.reasons[0].code % 100).toBe(20);
    expect(wrong.body.reasons[0].message).toContain('failAfterInsert');
  });

  it('answers malformed JSON with category 90, never a 500', async () => {
    const r = await c.req('POST', '/v1/test-widgets', '{"name": ', { 'zuora-version': '2024-05-20' });
    expect(r.status).toBe(400);
    expect(r.body.reasons[0].code % 100).toBe(90);
  });

  it('answers an unknown path with a not-found error', async () => {
    const r = await c.get('/v1/no-such-thing', { 'zuora-version': '2024-05-20' });
    expect(r.status).toBe(404);
    expect(r.body.success).toBe(false);
  });

  it('uses the object API envelope under /v1/object/', async () => {
    const r = await c.get('/v1/object/no-such-object/abc');
    expect(r.body).toMatchObject({ Success: false, Errors: [{ Code: 'INVALID_ID' }] });
  });
});

describe('a write lands whole or not at all', () => {
  it('rolls back an insert when the request fails after it', async () => {
    const d = await t.newClient();
    const r = await d.post('/v1/test-widgets', { name: 'half', failAfterInsert: true });
    expect(r.body.success).toBe(false);
    expect((await d.get('/v1/test-widgets')).body.widgets).toEqual([]);
    // the number taken inside the failed transaction was rolled back too
    expect((await d.post('/v1/test-widgets', { name: 'whole' })).body.number).toBe('W00000001');
  });
});

describe('gzip', () => {
  it('accepts a gzip request body', async () => {
    const body = gzipSync(Buffer.from(JSON.stringify({ name: 'zipped', tag__c: 'gz' })));
    const r = await c.req('POST', '/v1/test-widgets', body, { 'content-encoding': 'gzip', 'content-type': 'application/json' });
    expect(r.body.success).toBe(true);
    expect((await c.get(`/v1/test-widgets/${r.body.id}`)).body).toMatchObject({ name: 'zipped', tag__c: 'gz' });
  });

  it('refuses a corrupt gzip body with a malformed error', async () => {
    const r = await c.req('POST', '/v1/test-widgets', Buffer.from('not gzip at all'), { 'content-encoding': 'gzip', 'content-type': 'application/json', 'zuora-version': '2024-05-20' });
    expect(r.status).toBe(400);
    expect(r.body.success).toBe(false);
  });

  it('gzips responses over 1000 bytes when asked, and only then', async () => {
    const d = await t.newClient();
    for (let i = 0; i < 15; i++) await d.post('/v1/test-widgets', { name: `widget number ${i} with a long enough name` });
    const big = await d.get('/v1/test-widgets', { 'accept-encoding': 'gzip' });
    expect(big.headers['content-encoding']).toBe('gzip');
    expect(big.body.widgets).toHaveLength(15);
    const plain = await d.get('/v1/test-widgets');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const small = await d.get('/v1/test-widgets?pageSize=1', { 'accept-encoding': 'gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
  });
});

describe('pagination and custom fields', () => {
  it('pages with page/pageSize and gives nextPage as a path, whatever the Host', async () => {
    const d = await t.newClient();
    for (let i = 0; i < 5; i++) await d.post('/v1/test-widgets', { name: `w${i}` });
    const p1 = await d.req('GET', '/v1/test-widgets?pageSize=2', undefined, { host: 'zbill.test' });
    expect(p1.body.widgets.map((w: { name: string }) => w.name)).toEqual(['w0', 'w1']);
    expect(p1.body.nextPage).toBe('/v1/test-widgets?page=2&pageSize=2');
    const p3 = await d.get('/v1/test-widgets?pageSize=2&page=3');
    expect(p3.body.widgets.map((w: { name: string }) => w.name)).toEqual(['w4']);
    expect(p3.body.nextPage).toBeUndefined();
    const tooBig = await d.get('/v1/test-widgets?pageSize=41');
    expect(tooBig.body.reasons[0].message).toContain('pageSize');
  });

  it('refuses a custom field holding an object', async () => {
    const r = await c.post('/v1/test-widgets', { name: 'x', bad__c: { a: 1 } });
    expect(r.body.success).toBe(false);
    expect(r.body.reasons[0].message).toContain('bad__c');
  });
});

describe('rate limit', () => {
  it('counts per tenant and answers 429 with Retry-After when exceeded', async () => {
    const d = await t.newClient({ rateLimit: 3 });
    const other = await t.newClient({ rateLimit: 3 });
    const seen = [];
    for (let i = 0; i < 3; i++) seen.push(await d.get('/v1/test-widgets'));
    expect(seen.map((r) => r.headers['ratelimit-remaining'])).toEqual(['2', '1', '0']);
    expect(seen[0]!.headers['ratelimit-limit']).toBe('3');
    expect(Number(seen[0]!.headers['ratelimit-reset'])).toBeGreaterThan(0);
    const over = await d.get('/v1/test-widgets');
    expect(over.status).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(over.body.reasons[0].code % 100).toBe(70);
    expect((await other.get('/v1/test-widgets')).status).toBe(200);
  });
});

describe('empty JSON bodies', () => {
  it('takes an empty body sent as application/json as no body', async () => {
    const r = await c.req('POST', '/v1/test-slow', '', { 'content-type': 'application/json' });
    expect(r.status).toBe(200);
    expect(r.body.success).toBe(true);
  });
  it('still refuses a body that is only the start of JSON', async () => {
    const r = await c.req('POST', '/v1/test-slow', '{', { 'content-type': 'application/json' });
    expect(r.body.reasons[0].code % 100).toBe(90);
  });
});

describe('NUL characters', () => {
  it('refuses a NUL anywhere in the body, query or path as a client error naming where', async () => {
    const body = await c.post('/v1/test-widgets', { name: 'a\u0000b' }, { 'zuora-version': '2024-05-20' });
    expect(body.status).toBe(400);
    expect(body.body.reasons[0].message).toContain("'name'");
    const path = await c.get('/v1/test-widgets/ab%00cd', { 'zuora-version': '2024-05-20' });
    expect(path.status).toBe(400);
    const query = await c.get('/v1/test-widgets?x=%00', { 'zuora-version': '2024-05-20' });
    expect(query.status).toBe(400);
  });
});
