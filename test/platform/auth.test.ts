import { describe, expect, it } from 'vitest';
import { setupApp } from '../helpers.js';

const t = await setupApp();
const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('POST /oauth/token', () => {
  it('issues a 32-hex bearer token for client_credentials', async () => {
    const c = await t.newClient();
    const r = await t.raw('POST', '/oauth/token', form({ client_id: c.clientId, client_secret: c.clientSecret, grant_type: 'client_credentials' }), FORM);
    expect(r.status).toBe(200);
    expect(r.body.access_token).toMatch(/^[0-9a-f]{32}$/);
    expect(r.body.jti).toMatch(/^[0-9a-f]{32}$/);
    expect(r.body).toMatchObject({ token_type: 'bearer', expires_in: 3599 });
    expect(r.body.scope).toContain(`tenant.${c.tenant.tenantNumber}`);
    const use = await t.raw('GET', '/v1/test-widgets', undefined, { authorization: `Bearer ${r.body.access_token}` });
    expect(use.status).toBe(200);
  });

  it('refuses a wrong secret with 401 in the envelope', async () => {
    const c = await t.newClient();
    const r = await t.raw('POST', '/oauth/token', form({ client_id: c.clientId, client_secret: 'nope', grant_type: 'client_credentials' }), FORM);
    expect(r.status).toBe(401);
    expect(r.body.success).toBe(false);
    expect(r.body.reasons[0].code % 100).toBe(11);
  });

  it('names a missing field and refuses other grant types', async () => {
    const c = await t.newClient();
    const missing = await t.raw('POST', '/oauth/token', form({ client_id: c.clientId, grant_type: 'client_credentials' }), FORM);
    expect(missing.body.reasons[0].message).toContain('client_secret');
    expect(missing.body.reasons[0].code % 100).toBe(22);
    const grant = await t.raw('POST', '/oauth/token', form({ client_id: c.clientId, client_secret: c.clientSecret, grant_type: 'password' }), FORM);
    expect(grant.body.reasons[0].code % 100).toBe(20);
    expect(grant.body.reasons[0].message).toContain('grant_type');
  });
});

describe('credentials on every route', () => {
  it('answers 401 with code 90000011 without a credential, whatever the API version', async () => {
    for (const v of ['2023-01-01', '2025-08-12']) {
      const r = await t.raw('GET', '/v1/test-widgets', undefined, { 'zuora-version': v });
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ success: false, reasons: [{ code: 90000011, message: 'this resource is protected, please sign in first' }] });
      expect(r.body.processId).toMatch(/^[0-9A-F]{16}$/);
    }
  });

  it('refuses an unknown token and a malformed Authorization header, in Zuora\'s wording', async () => {
    for (const authorization of ['Bearer 0123456789abcdef0123456789abcdef', 'Basic abc']) {
      const r = await t.raw('GET', '/v1/test-widgets', undefined, { authorization });
      expect(r.status).toBe(401);
      expect(r.body.reasons).toEqual([{ code: 90000011, message: 'this resource is protected, please sign in first' }]);
    }
  });

  it('refuses an expired token', async () => {
    const c = await t.newClient();
    await t.database.db.updateTable('oauth_tokens').set({ expires_at: Date.now() - 1000 }).where('token', '=', c.token).execute();
    const r = await c.get('/v1/test-widgets');
    expect(r.status).toBe(401);
    expect(r.body.reasons).toEqual([{ code: 90000011, message: 'this resource is protected, please sign in first' }]);
  });

  it('accepts the legacy apiAccessKeyId / apiSecretAccessKey headers', async () => {
    const c = await t.newClient();
    const ok = await t.raw('GET', '/v1/test-widgets', undefined, { apiAccessKeyId: c.clientId, apiSecretAccessKey: c.clientSecret });
    expect(ok.status).toBe(200);
    const bad = await t.raw('GET', '/v1/test-widgets', undefined, { apiAccessKeyId: c.clientId, apiSecretAccessKey: 'wrong' });
    expect(bad.status).toBe(401);
    expect(bad.body.reasons[0].message).toBe('this resource is protected, please sign in first');
  });
});

describe('POST /v1/connections (the legacy connection check)', () => {
  it('answers success for good legacy keys and for a bearer token', async () => {
    const c = await t.newClient();
    const keys = await t.raw('POST', '/v1/connections', undefined, { apiAccessKeyId: c.clientId, apiSecretAccessKey: c.clientSecret });
    expect(keys.status).toBe(200);
    expect(keys.body).toEqual({ success: true });
    const withBody = await t.raw('POST', '/v1/connections', '{}', { apiAccessKeyId: c.clientId, apiSecretAccessKey: c.clientSecret, 'content-type': 'application/json' });
    expect(withBody.body).toEqual({ success: true });
    const bearer = await c.post('/v1/connections', undefined);
    expect(bearer.body).toEqual({ success: true });
  });

  it('answers 401 with 90000011 for wrong or missing keys', async () => {
    const c = await t.newClient();
    for (const headers of [{ apiAccessKeyId: c.clientId, apiSecretAccessKey: 'wrong' }, { apiAccessKeyId: 'nobody', apiSecretAccessKey: 'x' }, {}] as Record<string, string>[]) {
      const r = await t.raw('POST', '/v1/connections', undefined, headers);
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ success: false, reasons: [{ code: 90000011, message: 'this resource is protected, please sign in first' }] });
    }
  });
});

describe('tenant isolation', () => {
  it('keeps one tenant’s objects invisible to another', async () => {
    const a = await t.newClient();
    const b = await t.newClient();
    const made = await a.post('/v1/test-widgets', { name: 'mine' });
    expect((await a.get(`/v1/test-widgets/${made.body.id}`)).body.name).toBe('mine');
    const other = await b.get(`/v1/test-widgets/${made.body.id}`, { 'zuora-version': '2024-05-20' });
    expect(other.status).toBe(404);
    expect((await b.get('/v1/test-widgets')).body.widgets).toEqual([]);
  });

  it('numbers documents per tenant', async () => {
    const a = await t.newClient();
    const b = await t.newClient();
    expect((await a.post('/v1/test-widgets', { name: 'x' })).body.number).toBe('W00000001');
    expect((await a.post('/v1/test-widgets', { name: 'y' })).body.number).toBe('W00000002');
    expect((await b.post('/v1/test-widgets', { name: 'z' })).body.number).toBe('W00000001');
  });
});
