import { beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { lineItemsOfOrder } from '../../src/modules/order-extras/line-items.js';
import { ctxFor, newAccount, rampCatalog, twoYearSubscription } from './fixtures.js';

const V = { 'Zuora-Version': '2024-05-20' };
let t: TestApp;
let c: Client;
let acct: { accountId: string; accountNumber: string };
let cat: Awaited<ReturnType<typeof rampCatalog>>;

beforeAll(async () => {
  t = await setupApp();
  c = await t.newClient();
  acct = await newAccount(c);
  cat = await rampCatalog(c);
});

const RAMP = {
  name: 'Two Years Ramp',
  intervals: [
    { name: 'Year 1', startDate: '2020-01-01', endDate: '2020-12-31' },
    { name: 'Year 2', startDate: '2021-01-01', endDate: '2021-12-31' },
  ],
};
const oli = (over: Record<string, unknown> = {}) => ({ itemName: 'webcam', quantity: 1, listPricePerUnit: 10, ...over });

describe('what hangs on an order follows it', () => {
  it('deleting an order deletes its line items, fulfillments, ramp and change history', async () => {
    const o = await c.post('/v1/orders', { ...twoYearSubscription(acct.accountNumber, cat.planId, RAMP), orderLineItems: [oli({ billingRule: 'TriggerAsFulfillmentOccurs', itemState: 'Booked', quantity: 2 })] });
    expect(o.body.success).toBe(true);
    const subNo = o.body.subscriptions[0].subscriptionNumber;
    const [item] = await lineItemsOfOrder(ctxFor(t, c), o.body.orderNumber);
    const f = await c.post('/v1/fulfillments', { fulfillments: [{ orderLineItemId: item!.id, quantity: 1, fulfillmentItems: [{ itemIdentifier: 'SN-1' }] }] });
    const rampNo = (await c.get(`/v1/subscriptions/${subNo}/ramps`)).body.ramps[0].number;
    expect((await c.get(`/v1/subscription-change-logs/orders/${o.body.orderNumber}`)).body.subscriptions).toHaveLength(1);

    const d = await c.del(`/v1/orders/${o.body.orderNumber}`);
    expect(d.body.success).toBe(true);
    expect((await c.get(`/v1/order-line-items/${item!.id as string}`, V)).status).toBe(404);
    expect((await c.get(`/v1/fulfillments/${f.body.fulfillments[0].id}`, V)).status).toBe(404);
    expect((await c.get(`/v1/ramps/${rampNo}`, V)).status).toBe(404);
    expect((await c.get(`/v1/subscription-change-logs/orders/${o.body.orderNumber}`, V)).status).toBe(404);
  });

  it('an order with a billed (Complete) line item cannot be deleted', async () => {
    const o = await c.post('/v1/orders', { existingAccountNumber: acct.accountNumber, orderDate: '2021-01-01', orderLineItems: [oli({ itemState: 'SentToBilling', billTargetDate: '2021-01-01' })] });
    const [item] = await lineItemsOfOrder(ctxFor(t, c), o.body.orderNumber);
    await c.put(`/v1/order-line-items/${item!.id as string}`, { itemState: 'Complete' });
    const d = await c.del(`/v1/orders/${o.body.orderNumber}`, V);
    expect(d.status).toBe(400);
    expect(d.body.reasons[0].message).toContain('billed');
    expect((await c.get(`/v1/order-line-items/${item!.id as string}`)).body.orderLineItem.itemState).toBe('Complete');
  });

  it('an order has at most 100 line items', async () => {
    const r = await c.post('/v1/orders', { existingAccountNumber: acct.accountNumber, orderDate: '2021-01-01', orderLineItems: Array.from({ length: 101 }, () => oli()) }, V);
    expect(r.body.success).toBe(false);
    expect(r.body.reasons[0].code % 100).toBe(70);
    expect(r.body.reasons[0].message).toContain('100');
    const ok = await c.post('/v1/orders', { existingAccountNumber: acct.accountNumber, orderDate: '2021-01-01', orderLineItems: Array.from({ length: 100 }, () => oli()) });
    expect(ok.body.success).toBe(true);
  });
});

describe('draft orders', () => {
  it('a draft order makes its line items when it is activated', async () => {
    const o = await c.post('/v1/orders', { existingAccountNumber: acct.accountNumber, orderDate: '2021-01-01', status: 'Draft', orderLineItems: [oli(), oli({ itemName: 'mic' })] });
    expect(o.body).toMatchObject({ success: true, status: 'Draft' });
    expect(await lineItemsOfOrder(ctxFor(t, c), o.body.orderNumber)).toEqual([]);
    const a = await c.put(`/v1/orders/${o.body.orderNumber}/activate`, {});
    expect(a.body.success).toBe(true);
    expect((await lineItemsOfOrder(ctxFor(t, c), o.body.orderNumber)).map((i) => i.itemName)).toEqual(['webcam', 'mic']);
  });
});

describe('changes no order makes', () => {
  it('an auto-renewal by the tenant clock is a version with its own change history entry', async () => {
    const d = await newAccount(c, { name: 'Renewing' });
    const body = twoYearSubscription(d.accountNumber, cat.planId);
    // The clock only moves forward: the subscription starts in 2028 (the test fixture refuses due work on 2031-01-01), 24 months.
    const act = body.subscriptions[0]!.orderActions[0]!;
    body.orderDate = '2028-01-01';
    act.triggerDates = act.triggerDates.map((x) => ({ ...x, triggerDate: '2028-01-01' }));
    act.createSubscription.terms = { ...act.createSubscription.terms, autoRenew: true, initialTerm: { ...act.createSubscription.terms.initialTerm, startDate: '2028-01-01' } };
    const o = await c.post('/v1/orders', body);
    expect(o.body.success).toBe(true);
    const subNo = o.body.subscriptions[0].subscriptionNumber;
    const clk = await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2029-12-01' });
    expect(clk.status, JSON.stringify(clk.body)).toBe(200);
    await t.admin('POST', `/admin/tenants/${c.tenant.id}/clock/advance`, { months: 2 });
    const sub = await c.get(`/v1/subscriptions/${subNo}`);
    expect(sub.body.version).toBe(2);
    const h = await c.get(`/v1/subscription-change-logs/${subNo}`);
    expect(h.body.subscriptions.map((s: { version: number; orderNumber: string | null }) => [s.version, s.orderNumber])).toEqual([
      [2, null],
      [1, o.body.orderNumber],
    ]);
    expect(h.body.subscriptions[0].fields).toEqual(expect.arrayContaining([{ fieldName: 'termEndDate', oldValue: '2030-01-01', newValue: '2031-01-01' }]));
  });
});
