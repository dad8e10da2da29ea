import { describe, expect, it } from 'vitest';
import { subscriptionChangedHooks } from '../../src/modules/subscriptions/contract.js';
import { setupApp } from '../helpers.js';
import { createSubscriptionOrder, makeCatalog, newAccount } from './fixtures.js';

const t = await setupApp();

describe('the tenant clock renews and expires subscriptions', () => {
  it('auto-renew renews at the term end (new version), a non-renewing one expires, a scheduled order runs on its date', async () => {
    const c = await t.newClient();
    expect((await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2027-01-01' })).status).toBe(200);
    const cat = await makeCatalog(c);
    const acc = await newAccount(c);
    const renewing = await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId, { orderDate: '2027-01-01' }));
    const expiring = await c.post(
      '/v1/orders',
      createSubscriptionOrder(acc.accountNumber, cat.basePlanId, { orderDate: '2027-01-01', terms: { initialTerm: { period: 6, periodType: 'Month', termType: 'TERMED' }, autoRenew: false } }),
    );
    const evergreen = await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId, { orderDate: '2027-01-01', terms: { initialTerm: { termType: 'EVERGREEN' } } }));
    const scheduled = await c.post('/v1/orders', {
      ...createSubscriptionOrder(acc.accountNumber, cat.addonPlanId, { orderDate: '2027-02-15' }),
      status: 'Scheduled',
      schedulingOptions: { scheduledDate: '2027-02-15', scheduledDatePolicy: 'SpecificDate' },
    });
    expect(scheduled.body).toMatchObject({ success: true, status: 'Scheduled', orderNumber: 'O-00000004' });
    const [a, b, e] = [renewing, expiring, evergreen].map((r) => r.body.subscriptions[0].subscriptionNumber as string);
    const events: string[] = [];
    subscriptionChangedHooks.push(async (_ctx, ev) => void events.push(`${ev.subscriptionNumber} v${ev.version} ${ev.change}`));

    // 2027-07-01: the 6-month one expired at its term end; nothing else changed
    await t.admin('POST', `/admin/tenants/${c.tenant.id}/clock/advance`, { months: 6 });
    expect((await c.get(`/v1/subscriptions/${b}`)).body).toMatchObject({ status: 'Expired', version: 1, termEndDate: '2027-07-01' });
    expect((await c.get(`/v1/subscriptions/${a}`)).body).toMatchObject({ status: 'Active', version: 1 });
    // the scheduled order ran on 2027-02-15
    expect((await c.get('/v1/orders/O-00000004')).body.order.status).toBe('Completed');
    const sched = (await c.get('/v1/orders/O-00000004')).body.order.subscriptions[0].subscriptionNumber;
    expect((await c.get(`/v1/subscriptions/${sched}`)).body).toMatchObject({ status: 'Active', contractEffectiveDate: '2027-02-15' });

    // 2028-02-01: the auto-renew one renewed on 2028-01-01 for its renewal term
    const adv = await t.admin('POST', `/admin/tenants/${c.tenant.id}/clock/advance`, { months: 7 });
    expect(adv.body.today).toBe('2028-02-01');
    const s = (await c.get(`/v1/subscriptions/${a}?charge-detail=all-segments`)).body;
    expect(s).toMatchObject({ status: 'Active', version: 2, termStartDate: '2028-01-01', termEndDate: '2029-01-01', currentTerm: 12 });
    expect(s.ratePlans[0].ratePlanCharges[0].effectiveEndDate).toBe('2029-01-01');
    expect((await c.get(`/v1/subscriptions/${a}/versions/1`)).body.termEndDate).toBe('2028-01-01');
    expect((await c.get(`/v1/subscriptions/${e}`)).body).toMatchObject({ status: 'Active', version: 1, termEndDate: null });

    // 13 more months: one more renewal
    await t.admin('POST', `/admin/tenants/${c.tenant.id}/clock/advance`, { months: 13 });
    expect((await c.get(`/v1/subscriptions/${a}`)).body).toMatchObject({ version: 3, termStartDate: '2029-01-01', termEndDate: '2030-01-01' });
    expect((await c.get(`/v1/subscriptions/${b}`)).body.version).toBe(1);
    subscriptionChangedHooks.length = 0;
    // other modules heard of each change no order made
    // (the scheduled order's subscription, from 2027-02-15, renews each 15 February)
    expect(events).toEqual([`${b} v1 Expiry`, `${a} v2 AutoRenewal`, `${sched} v2 AutoRenewal`, `${a} v3 AutoRenewal`, `${sched} v3 AutoRenewal`]);
  });

  it('a scheduled order that fails on its date is marked Failed, keeps nothing, and the clock moves on', async () => {
    const c = await t.newClient();
    await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2027-01-01' });
    const cat = await makeCatalog(c);
    const acc = await newAccount(c);
    const good = await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId, { orderDate: '2027-01-01' }));
    const num = good.body.subscriptions[0].subscriptionNumber;
    // cancels at the term end, which by then will be cancelled already by the order before it
    const cancel = (n: string) => ({
      existingAccountNumber: acc.accountNumber,
      orderDate: '2027-03-01',
      status: 'Scheduled',
      schedulingOptions: { scheduledDate: '2027-03-01' },
      orderNumber: n,
      subscriptions: [{ subscriptionNumber: num, orderActions: [{ type: 'CancelSubscription', cancelSubscription: { cancellationPolicy: 'EndOfCurrentTerm' } }] }],
    });
    expect((await c.post('/v1/orders', cancel('SCHED-1'))).body.status).toBe('Scheduled');
    expect((await c.post('/v1/orders', cancel('SCHED-2'))).body.status).toBe('Scheduled');
    const adv = await t.admin('POST', `/admin/tenants/${c.tenant.id}/clock/advance`, { months: 3 });
    expect(adv.body.today).toBe('2027-04-01');
    expect((await c.get('/v1/orders/SCHED-1')).body.order.status).toBe('Completed');
    expect((await c.get('/v1/orders/SCHED-2')).body.order.status).toBe('Failed');
    expect((await c.get(`/v1/subscriptions/${num}`)).body).toMatchObject({ status: 'Cancelled', version: 2 });
  });

  it('RENEW_TO_EVERGREEN turns the subscription evergreen at the term end', async () => {
    const c = await t.newClient();
    expect((await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2027-01-01' })).status).toBe(200);
    const cat = await makeCatalog(c);
    const acc = await newAccount(c);
    const r = await c.post(
      '/v1/orders',
      createSubscriptionOrder(acc.accountNumber, cat.basePlanId, { orderDate: '2027-01-01', terms: { initialTerm: { period: 3, periodType: 'Month', termType: 'TERMED' }, autoRenew: true, renewalSetting: 'RENEW_TO_EVERGREEN' } }),
    );
    await t.admin('POST', `/admin/tenants/${c.tenant.id}/clock/advance`, { months: 4 });
    const s = (await c.get(`/v1/subscriptions/${r.body.subscriptions[0].subscriptionNumber}`)).body;
    expect(s).toMatchObject({ version: 2, termType: 'EVERGREEN', termStartDate: '2027-04-01', termEndDate: null, status: 'Active' });
    expect(s.ratePlans[0].ratePlanCharges[0].effectiveEndDate).toBeNull();
  });
});
