import { describe, expect, it } from 'vitest';
import { setupApp } from '../helpers.js';
import { createSubscriptionOrder, makeCatalog, newAccount } from '../subscriptions/fixtures.js';

const t = await setupApp();

/** A tenant made over the admin API, with its client's token. */
async function made(body: Record<string, unknown>) {
  const r = await t.admin('POST', '/admin/tenants', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const { tenant, client } = r.body;
  const tok = await t.raw('POST', '/oauth/token', `grant_type=client_credentials&client_id=${client.clientId}&client_secret=${client.clientSecret}`, {
    'content-type': 'application/x-www-form-urlencoded',
  });
  const auth = { authorization: `Bearer ${tok.body.access_token}` };
  return {
    id: tenant.id as string,
    tenant,
    post: (url: string, b: unknown) => t.raw('POST', url, b, auth),
    get: (url: string) => t.raw('GET', url, undefined, auth),
  };
}

const clockOf = async (id: string) => (await t.admin('GET', `/admin/tenants/${id}/clock`)).body;

describe('the tenant clock of a tenant without business data', () => {
  it('replays a scenario from years ago: a tenant whose clock starts in 2020 renews its subscription in 2021 (the fixture catalog starts in 2020)', async () => {
    const c = await t.newClient();
    expect((await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2020-01-01' })).body.daysRun).toBe(0);
    const cat = await makeCatalog(c);
    const acc = await newAccount(c);
    const order = await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId, { orderDate: '2020-01-01' }));
    const sub = order.body.subscriptions[0].subscriptionNumber as string;
    expect((await c.get(`/v1/subscriptions/${sub}`)).body).toMatchObject({ version: 1, termStartDate: '2020-01-01', termEndDate: '2021-01-01' });
    await t.admin('POST', `/admin/tenants/${c.tenant.id}/clock/advance`, { months: 13 });
    expect((await c.get(`/v1/subscriptions/${sub}`)).body).toMatchObject({ status: 'Active', version: 2, termStartDate: '2021-01-01', termEndDate: '2022-01-01' });
    // the tenant holds business data now: no going back
    expect((await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2020-01-01' })).body.reasons[0].code % 100).toBe(30);
  });

  it('POST /admin/tenants takes a clock: a date (start of day in the tenant zone) or an instant; it is frozen there', async () => {
    const a = await made({ clock: '2018-01-01', timezone: 'America/Los_Angeles' });
    expect(a.tenant.clock).toEqual({ now: '2018-01-01T08:00:00Z', today: '2018-01-01', frozen: true });
    // business rules read it
    await a.post('/v1/test-widgets', { name: 'old' });
    expect((await a.get('/v1/test-widgets')).body.widgets[0].createdOn).toBe('2018-01-01');
    const b = await made({ clock: '2019-06-30T23:30:00-01:00' });
    expect(b.tenant.clock).toMatchObject({ now: '2019-07-01T00:30:00Z', frozen: true });
    // without a clock the tenant follows real time, as before
    expect((await made({})).tenant.clock.frozen).toBe(false);
  });

  it('refuses a clock that is no date or instant, naming it, and creates no tenant', async () => {
    const count = async () => (await t.admin('GET', '/admin/tenants')).body.tenants.length;
    const n = await count();
    for (const clock of ['2018-02-30', 'yesterday', '2018-01-01T00:00:00', '']) {
      const r = await t.admin('POST', '/admin/tenants', { clock });
      expect(r.status, clock).toBe(400);
      expect(r.body.success).toBe(false);
      expect(r.body.reasons[0].code % 100).toBe(20);
      expect(r.body.reasons[0].message).toContain("'clock'");
    }
    expect(await count()).toBe(n);
  });

  it('moves backwards freely while the tenant holds no business data, without running due work', async () => {
    const a = await made({ clock: '2020-03-15' });
    const back = await t.admin('PUT', `/admin/tenants/${a.id}/clock`, { date: '2016-02-29' });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ today: '2016-02-29', frozen: true, daysRun: 0 });
    expect((await a.get('/v1/test-due-log')).body.days).toEqual([]);
    const earlier = await t.admin('PUT', `/admin/tenants/${a.id}/clock`, { now: '2001-09-09T01:46:40Z' });
    expect(earlier.body).toMatchObject({ now: '2001-09-09T01:46:40Z', daysRun: 0 });
  });

  it('once the tenant holds business data the clock only moves forward; after a reset it may move back again', async () => {
    const a = await made({ clock: '2020-03-15' });
    await a.post('/v1/test-widgets', { name: 'data' });
    const back = await t.admin('PUT', `/admin/tenants/${a.id}/clock`, { date: '2020-03-14' });
    expect(back.status).toBe(400);
    expect(back.body.reasons[0].code % 100).toBe(30);
    expect(back.body.reasons[0].message).toContain('business data');
    expect((await clockOf(a.id)).today).toBe('2020-03-15');
    // forward still runs each day's work
    expect((await t.admin('PUT', `/admin/tenants/${a.id}/clock`, { date: '2020-03-17' })).body.daysRun).toBe(2);

    await t.admin('POST', `/admin/tenants/${a.id}/reset`);
    // reset unfroze the clock (real time); an empty tenant may go anywhere
    expect((await clockOf(a.id)).frozen).toBe(false);
    expect((await t.admin('PUT', `/admin/tenants/${a.id}/clock`, { date: '2010-01-01' })).body).toMatchObject({ today: '2010-01-01', daysRun: 0 });
  });

  it('DELETE /admin/tenants/{id}/clock unfreezes it (real time again) under the same rule', async () => {
    const a = await made({ clock: '2018-01-01' });
    const r = await t.admin('DELETE', `/admin/tenants/${a.id}/clock`);
    expect(r.status).toBe(200);
    expect(r.body.frozen).toBe(false);
    expect(Math.abs(Date.parse(r.body.now) - Date.now())).toBeLessThan(60_000);

    await t.admin('PUT', `/admin/tenants/${a.id}/clock`, { date: '2018-01-01' });
    await a.post('/v1/test-widgets', { name: 'data' });
    const refused = await t.admin('DELETE', `/admin/tenants/${a.id}/clock`);
    expect(refused.status).toBe(400);
    expect(refused.body.reasons[0].code % 100).toBe(30);
    expect(await clockOf(a.id)).toMatchObject({ today: '2018-01-01', frozen: true });
    expect((await t.admin('DELETE', '/admin/tenants/0123456789abcdef0123456789abcdef/clock')).status).toBe(404);
  });
});
