/**
 * The Amendment object (object query `amendments`, ZOQL `Amendment`): one amendment per subscription version
 * an order or the tenant clock's auto-renewal made. Shapes from the queryAmendments / queryAmendmentByKey
 * samples of the reference (order-made amendments named `auto generated`; a Composite one for a creation,
 * without a subscription; a Cancellation one naming the version it changed); the types of the SOAP Amendment
 * object page (NewProduct, RemoveProduct, SuspendSubscription, …).
 */
import { describe, expect, it } from 'vitest';
import { setupApp, type Client } from '../helpers.js';
import { createSubscriptionOrder, makeCatalog, newAccount } from './fixtures.js';

const t = await setupApp();

async function order(c: Client, accountNumber: string, number: string, actions: unknown[], orderDate: string) {
  const r = await c.post('/v1/orders', { existingAccountNumber: accountNumber, orderDate, subscriptions: [{ subscriptionNumber: number, orderActions: actions }] });
  expect(r.body.success, JSON.stringify(r.body)).toBe(true);
  return r.body;
}
const ce = (d: string) => [
  { name: 'ContractEffective', triggerDate: d },
  { name: 'ServiceActivation', triggerDate: d },
  { name: 'CustomerAcceptance', triggerDate: d },
];
const list_ = (c: Client, params: Record<string, string | number>) => c.get(`/object-query/amendments?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString()}`);
const zoql = (c: Client, queryString: string) => c.post('/v1/action/query', { queryString });

describe('Amendment', () => {
  it('records each version an order made: Composite creation, one typed amendment per single-action order, Composite for several actions', async () => {
    const c = await t.newClient({ timezone: 'UTC' });
    await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2024-01-01' });
    const cat = await makeCatalog(c);
    const acc = await newAccount(c);
    const created = await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId, { orderDate: '2024-01-01' }));
    expect(created.body.success, created.raw).toBe(true);
    const num = created.body.subscriptions[0].subscriptionNumber as string;
    const v1 = (await c.get(`/v1/subscriptions/${num}`)).body;

    // nothing but the creation yet
    let list = await c.get('/object-query/amendments');
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).toMatchObject({
      type: 'Composite',
      name: 'auto generated',
      status: 'Completed',
      contractEffectiveDate: '2024-01-01',
      serviceActivationDate: '2024-01-01',
      customerAcceptanceDate: '2024-01-01',
      effectiveDate: '2024-01-01',
      bookingDate: '2024-01-01',
      termType: 'TERMED',
      termStartDate: '2024-01-01',
      currentTerm: 12,
      currentTermPeriodType: 'Month',
      renewalSetting: 'RENEW_WITH_SPECIFIC_TERM',
      renewalTerm: 12,
      autoRenew: true,
    });
    expect(list.body.data[0].subscriptionId).toBeUndefined();
    expect(list.body.data[0].id).toMatch(/^[0-9a-f]{32}$/);

    // v2: add the add-on
    await order(c, acc.accountNumber, num, [{ type: 'AddProduct', triggerDates: ce('2024-02-01'), addProduct: { productRatePlanId: cat.addonPlanId } }], '2024-02-01');
    const v2 = (await c.get(`/v1/subscriptions/${num}`)).body;
    const addon = v2.ratePlans.find((r: { ratePlanName: string }) => r.ratePlanName === 'Addon');
    // v3: remove it
    await order(c, acc.accountNumber, num, [{ type: 'RemoveProduct', triggerDates: ce('2024-03-01'), removeProduct: { ratePlanId: addon.id } }], '2024-03-01');
    const v3 = (await c.get(`/v1/subscriptions/${num}`)).body;
    // v4: two actions in one order
    await order(
      c,
      acc.accountNumber,
      num,
      [
        { type: 'TermsAndConditions', triggerDates: ce('2024-04-01'), termsAndConditions: { autoRenew: false } },
        { type: 'AddProduct', triggerDates: ce('2024-04-01'), addProduct: { productRatePlanId: cat.addonPlanId } },
      ],
      '2024-04-01',
    );
    const v4 = (await c.get(`/v1/subscriptions/${num}`)).body;
    // v5: cancel
    await order(c, acc.accountNumber, num, [{ type: 'CancelSubscription', triggerDates: ce('2024-05-01'), cancelSubscription: { cancellationPolicy: 'SpecificDate', cancellationEffectiveDate: '2024-06-01' } }], '2024-05-01');
    const v5 = (await c.get(`/v1/subscriptions/${num}`)).body;
    expect(v5.version).toBe(5);

    list = await list_(c, { 'sort[]': 'effectivedate.asc' });
    const rows = list.body.data as Array<Record<string, unknown>>;
    expect(rows.map((r) => [r.type, r.subscriptionId ?? null, r.effectiveDate])).toEqual([
      ['Composite', null, '2024-01-01'],
      ['NewProduct', v1.id, '2024-02-01'],
      ['RemoveProduct', v2.id, '2024-03-01'],
      ['Composite', v3.id, '2024-04-01'],
      ['Cancellation', v4.id, '2024-06-01'],
    ]);
    expect(rows[1]).toMatchObject({ newRatePlanId: addon.id, contractEffectiveDate: '2024-02-01', bookingDate: '2024-02-01' });
    expect(rows[1]!.removedRatePlanId).toBeUndefined();
    expect(rows[2]!.removedRatePlanId).toBe(v3.ratePlans.find((r: { ratePlanName: string; lastChangeType: string }) => r.ratePlanName === 'Addon' && r.lastChangeType === 'Remove').id);
    // a Composite amendment names no single rate plan
    expect(rows[3]!.newRatePlanId).toBeUndefined();
    expect(rows[3]).toMatchObject({ autoRenew: false });
    expect(rows[4]).toMatchObject({ contractEffectiveDate: '2024-05-01', status: 'Completed', autoRenew: false });
    expect(new Set(rows.map((r) => r.id)).size).toBe(5);
    void v4;

    // filters, fields, key
    const cancels = await list_(c, { 'filter[]': 'type.EQ:Cancellation', 'fields[]': 'id,type,subscriptionId' });
    expect(cancels.body.data).toEqual([{ id: rows[4]!.id, type: 'Cancellation', subscriptionId: v4.id }]);
    const bySub = await list_(c, { 'filter[]': `subscriptionid.EQ:${v1.id}` });
    expect(bySub.body.data.map((r: { type: string }) => r.type)).toEqual(['NewProduct']);
    const one = await c.get(`/object-query/amendments/${rows[2]!.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(rows[2]);
    const missing = await c.get('/object-query/amendments/0123456789abcdef0123456789abcdef');
    expect(missing.status).toBe(404);

    // ZOQL
    const q = await zoql(c, `select Id, Type, SubscriptionId from Amendment where Type = 'RemoveProduct'`);
    expect(q.body).toEqual({ size: 1, done: true, records: [{ Id: rows[2]!.id, Type: 'RemoveProduct', SubscriptionId: v2.id }] });
    const all = await zoql(c, `select Id, Type from Amendment`);
    expect(all.body.size).toBe(5);
  });

  it('suspend, resume and auto-renewal', async () => {
    const c = await t.newClient({ timezone: 'UTC' });
    await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2024-01-01' });
    const cat = await makeCatalog(c);
    const acc = await newAccount(c);
    const created = await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId, { orderDate: '2024-01-01' }));
    const num = created.body.subscriptions[0].subscriptionNumber as string;
    await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2024-08-20' });
    await order(c, acc.accountNumber, num, [{ type: 'Suspend', suspend: { suspendPolicy: 'SpecificDate', suspendSpecificDate: '2024-09-01' } }], '2024-08-20');
    await order(c, acc.accountNumber, num, [{ type: 'Resume', resume: { resumePolicy: 'SpecificDate', resumeSpecificDate: '2024-10-01', extendsTerm: false } }], '2024-08-21');
    const before = (await c.get(`/v1/subscriptions/${num}`)).body;
    // the term ends on 2025-01-01 and renews (autoRenew) on the tenant clock
    await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2025-01-02' });
    const after = (await c.get(`/v1/subscriptions/${num}`)).body;
    expect(after.version).toBe(before.version + 1);

    const rows = (await list_(c, { 'sort[]': 'createddate.asc', pageSize: 20 })).body.data as Array<Record<string, unknown>>;
    const byType = (type: string) => rows.filter((r) => r.type === type);
    expect(byType('SuspendSubscription')).toHaveLength(1);
    expect(byType('SuspendSubscription')[0]).toMatchObject({ suspendDate: '2024-09-01', effectiveDate: '2024-09-01' });
    expect(byType('ResumeSubscription')[0]).toMatchObject({ resumeDate: '2024-10-01', effectiveDate: '2024-10-01' });
    const renewal = byType('Renewal');
    expect(renewal).toHaveLength(1);
    expect(renewal[0]).toMatchObject({ subscriptionId: before.id, termStartDate: '2025-01-01', effectiveDate: '2025-01-01', status: 'Completed' });
    expect(renewal[0]!.bookingDate).toBeUndefined();
  });

  it('an unknown key is 404 and a tenant without subscriptions lists none', async () => {
    const c = await t.newClient();
    expect((await c.get('/object-query/amendments')).body).toEqual({ nextPage: null, data: [] });
    const r = await c.get('/object-query/amendments/nope');
    expect(r.status).toBe(404);
    expect(String(r.body.reasons?.[0]?.code ?? r.body.code ?? '')).toMatch(/40$/);
  });
});
