import { describe, expect, it } from 'vitest';
import { setupApp } from '../helpers.js';

const t = await setupApp();

describe('admin API', () => {
  it('needs the admin key', async () => {
    expect((await t.raw('GET', '/admin/tenants')).status).toBe(401);
    expect((await t.raw('GET', '/admin/tenants', undefined, { 'x-zbill-admin-key': 'wrong' })).status).toBe(401);
    expect((await t.admin('GET', '/admin/tenants')).status).toBe(200);
  });

  it('creates a tenant with an OAuth client that works, lists it and deletes it', async () => {
    const made = await t.admin('POST', '/admin/tenants', { name: 'Acme', currency: 'EUR', timezone: 'Europe/Paris' });
    expect(made.status).toBe(201);
    const { tenant, client } = made.body;
    expect(tenant.id).toMatch(/^[0-9a-f]{32}$/);
    expect(tenant.settings).toMatchObject({ currency: 'EUR', timezone: 'Europe/Paris' });
    const tok = await t.raw('POST', '/oauth/token', `grant_type=client_credentials&client_id=${client.clientId}&client_secret=${client.clientSecret}`, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(tok.status).toBe(200);
    expect((await t.admin('GET', '/admin/tenants')).body.tenants.map((x: { id: string }) => x.id)).toContain(tenant.id);
    expect((await t.admin('DELETE', `/admin/tenants/${tenant.id}`)).status).toBe(204);
    const after = await t.raw('GET', '/v1/test-widgets', undefined, { authorization: `Bearer ${tok.body.access_token}` });
    expect(after.status).toBe(401);
    expect((await t.admin('GET', `/admin/tenants/${tenant.id}`)).body.success).toBe(false);
  });

  it('refuses bad settings with a clear error', async () => {
    const r = await t.admin('POST', '/admin/tenants', { timezone: 'Mars/Olympus' });
    expect(r.body.reasons[0].message).toContain('timezone');
    const v = await t.admin('POST', '/admin/tenants', { defaultApiVersion: 'latest' });
    expect(v.body.reasons[0].message).toContain('defaultApiVersion');
  });

  it('changes tenant settings: the default API version decides error statuses', async () => {
    const c = await t.newClient({ defaultApiVersion: '2023-01-01' });
    const missing = '/v1/test-widgets/0123456789abcdef0123456789abcdef';
    expect((await c.get(missing)).status).toBe(200);
    const s = await t.admin('PATCH', `/admin/tenants/${c.tenant.id}/settings`, { defaultApiVersion: '2024-05-20' });
    expect(s.body.defaultApiVersion).toBe('2024-05-20');
    expect((await c.get(missing)).status).toBe(404);
  });

  it('resets a tenant to empty quickly, keeping its credentials, and leaves others alone', async () => {
    const a = await t.newClient();
    const b = await t.newClient();
    for (let i = 0; i < 20; i++) await a.post('/v1/test-widgets', { name: `w${i}` });
    await b.post('/v1/test-widgets', { name: 'keep' });
    const started = performance.now();
    const r = await t.admin('POST', `/admin/tenants/${a.tenant.id}/reset`);
    const ms = performance.now() - started;
    expect(r.status).toBe(200);
    expect(ms).toBeLessThan(1000); // the 100 ms target is measured in `npm run bench`
    expect((await a.get('/v1/test-widgets')).body.widgets).toEqual([]);
    expect((await a.post('/v1/test-widgets', { name: 'again' })).body.number).toBe('W00000001');
    expect((await b.get('/v1/test-widgets')).body.widgets).toHaveLength(1);
  });
});

describe('tenant clock', () => {
  it('reads real time until set, then moves only forward', async () => {
    const c = await t.newClient();
    const clock = await t.admin('GET', `/admin/tenants/${c.tenant.id}/clock`);
    expect(clock.body.frozen).toBe(false);
    const set = await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2030-01-30' });
    expect(set.body).toMatchObject({ today: '2030-01-30', frozen: true });
    const back = await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2030-01-01' });
    expect(back.body.success).toBe(false);
    expect(back.body.reasons[0].code % 100).toBe(30);
    const bad = await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2030-02-30' });
    expect(bad.body.reasons[0].message).toContain('date');
  });

  it('business rules read today from the tenant clock', async () => {
    const c = await t.newClient();
    await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2030-06-15' });
    const w = await c.post('/v1/test-widgets', { name: 'dated' });
    expect((await c.get('/v1/test-widgets')).body.widgets[0].createdOn).toBe('2030-06-15');
    expect(w.body.success).toBe(true);
  });

  it('advances by months (end of month clamps) and runs due work for each day in date order', async () => {
    const c = await t.newClient();
    const set = await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2030-01-30' });
    // setting the clock forward from real time ran the work of every day passed
    expect(set.body.daysRun).toBeGreaterThan(1000);
    const before = ((await c.get('/v1/test-due-log')).body.days as string[]).length;
    expect(before).toBe(set.body.daysRun);
    const adv = await t.admin('POST', `/admin/tenants/${c.tenant.id}/clock/advance`, { months: 1 });
    expect(adv.body.today).toBe('2030-02-28');
    expect(adv.body.daysRun).toBe(29);
    const log = ((await c.get('/v1/test-due-log')).body.days as string[]).slice(before);
    expect(log).toHaveLength(29);
    expect(log[0]).toBe('2030-01-31');
    expect(log.at(-1)).toBe('2030-02-28');
    expect(log).toEqual([...log].sort());
    const days = await t.admin('POST', `/admin/tenants/${c.tenant.id}/clock/advance`, { days: 3 });
    expect(days.body.today).toBe('2030-03-03');
  });

  it('keeps the clock where it was when due work fails', async () => {
    const c = await t.newClient({ name: 'refuses-2031-01-01' });
    await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2030-12-30' });
    const before = (await c.get('/v1/test-due-log')).body.days as string[];
    expect(before.at(-1)).toBe('2030-12-30');
    const r = await t.admin('POST', `/admin/tenants/${c.tenant.id}/clock/advance`, { days: 5 });
    expect(r.body.success).toBe(false);
    expect(r.body.reasons[0].message).toContain('2031-01-01');
    expect((await t.admin('GET', `/admin/tenants/${c.tenant.id}/clock`)).body.today).toBe('2030-12-30');
    // 2030-12-31 ran before 2031-01-01 failed, and was rolled back with it
    expect((await c.get('/v1/test-due-log')).body.days).toEqual(before);
  });

  it('refuses a zero or negative advance', async () => {
    const c = await t.newClient();
    expect((await t.admin('POST', `/admin/tenants/${c.tenant.id}/clock/advance`, {})).body.success).toBe(false);
    expect((await t.admin('POST', `/admin/tenants/${c.tenant.id}/clock/advance`, { days: -1 })).body.success).toBe(false);
  });
});

describe('operations not built yet, coverage and openapi', () => {
  it('answers 501 in the Zuora envelope naming the operation', async () => {
    const c = await t.newClient();
    const r = await c.get('/workflows');
    expect(r.status).toBe(501);
    expect(r.body.success).toBe(false);
    expect(r.body.reasons[0].message).toContain('GET_Workflows');
    expect(r.body.reasons[0].code % 100).toBe(60);
  });

  it('lists implemented operations by tag', async () => {
    const r = await t.admin('GET', '/admin/coverage');
    expect(r.body.total).toBe(711);
    expect(r.body.byTag.OAuth.implemented).toEqual(['createToken']);
    expect(r.body.byTag.Workflows.missing).toContain('GET_Workflows');
  });

  it('describes the implemented routes in /openapi.json', async () => {
    const r = await t.raw('GET', '/openapi.json');
    expect(r.body.openapi).toMatch(/^3\./);
    expect(r.body.paths['/oauth/token']).toBeDefined();
    // not implemented: left out
    expect(r.body.paths['/workflows']).toBeUndefined();
  });
});
