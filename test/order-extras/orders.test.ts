import { beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { lineItemsOfOrder } from '../../src/modules/order-extras/line-items.js';
import { ctxFor, newAccount, rampCatalog, twoYearSubscription } from './fixtures.js';

const V = { 'Zuora-Version': '2024-05-20' };
let t: TestApp;
let c: Client;
let acct: { accountId: string; accountNumber: string };

beforeAll(async () => {
  t = await setupApp();
  c = await t.newClient();
  acct = await newAccount(c);
});

const oli = (over: Record<string, unknown> = {}) => ({ itemName: 'webcam', itemType: 'Product', quantity: 2, listPricePerUnit: 59, ...over });

describe('order line items through POST /v1/orders', () => {
  it('an order with line items only creates them on the order account', async () => {
    const o = await c.post('/v1/orders', { existingAccountNumber: acct.accountNumber, orderDate: '2021-02-01', orderLineItems: [oli(), oli({ itemName: 'mic', quantity: 1 })] });
    expect(o.body.success).toBe(true);
    const items = await lineItemsOfOrder(ctxFor(t, c), o.body.orderNumber);
    // The order's response names the line items it made.
    expect(o.body.orderLineItems).toEqual(items.map((i) => ({ id: i.id, itemNumber: i.itemNumber })));
    expect(items.map((i) => [i.itemNumber, i.itemName, i.listPrice])).toEqual([
      ['1', 'webcam', 118],
      ['2', 'mic', 59],
    ]);
    const r = await c.get(`/v1/order-line-items/${items[0]!.id as string}`);
    expect(r.body.orderLineItem).toMatchObject({
      ownerAccountId: acct.accountId,
      ownerAccountNumber: acct.accountNumber,
      invoiceOwnerAccountNumber: acct.accountNumber,
      currency: 'USD',
      transactionStartDate: '2021-02-01',
      itemState: 'Executing',
    });
  });

  it('one bad line item fails the whole order (subscription included), naming the item and field', async () => {
    const cat = await rampCatalog(c);
    const body = { ...twoYearSubscription(acct.accountNumber, cat.planId), orderLineItems: [oli(), oli({ itemType: 'Gadget' })] };
    const before = await c.get(`/v1/subscriptions/accounts/${acct.accountNumber}`);
    const r = await c.post('/v1/orders', body, V);
    expect(r.status).toBe(400);
    expect(r.body.reasons[0].message).toContain('orderLineItems[1]');
    expect(r.body.reasons[0].message).toContain('itemType');
    const after = await c.get(`/v1/subscriptions/accounts/${acct.accountNumber}`);
    expect(after.body.subscriptions?.length ?? 0).toBe(before.body.subscriptions?.length ?? 0);
    const ok = await c.post('/v1/orders', { ...body, orderLineItems: [oli()] });
    expect(ok.body.success).toBe(true);
    // Only the successful order's line item exists.
    expect((await lineItemsOfOrder(ctxFor(t, c), ok.body.orderNumber)).length).toBe(1);
  });

  it('an item of the catalog takes its name and list price from the product rate plan charge', async () => {
    const cat = await rampCatalog(c);
    const o = await c.post('/v1/orders', { existingAccountNumber: acct.accountNumber, orderDate: '2021-03-01', orderLineItems: [{ productRatePlanChargeId: cat.flatChargeId, quantity: 3 }] });
    expect(o.body.success).toBe(true);
    const [item] = await lineItemsOfOrder(ctxFor(t, c), o.body.orderNumber);
    expect(item).toMatchObject({ itemName: 'Platform', productRatePlanChargeId: cat.flatChargeId, listPricePerUnit: 10, amount: 30 });
    const bad = await c.post('/v1/orders', { existingAccountNumber: acct.accountNumber, orderDate: '2021-03-01', orderLineItems: [{ productRatePlanChargeId: 'f'.repeat(32) }] }, V);
    expect(bad.status).toBe(400);
    expect(bad.body.reasons[0].message).toContain('orderLineItems[0]');
    expect(bad.body.reasons[0].message).toContain('productRatePlanChargeId');
  });
});

describe('line item owner and related subscription', () => {
  it('assigns another account as owner and relates a subscription; refuses unknown ones', async () => {
    const other = await newAccount(c, { name: 'Owner' });
    const cat = await rampCatalog(c);
    const sub = await c.post('/v1/orders', twoYearSubscription(acct.accountNumber, cat.planId));
    const subNo = sub.body.subscriptions[0].subscriptionNumber;
    const o = await c.post('/v1/orders', {
      existingAccountNumber: acct.accountNumber,
      orderDate: '2021-02-01',
      orderLineItems: [oli({ ownerAccountNumber: other.accountNumber, relatedSubscriptionNumber: subNo })],
    });
    expect(o.body.success).toBe(true);
    const [item] = await lineItemsOfOrder(ctxFor(t, c), o.body.orderNumber);
    expect(item).toMatchObject({ ownerAccountId: other.accountId, ownerAccountNumber: other.accountNumber, invoiceOwnerAccountNumber: acct.accountNumber, relatedSubscriptionNumber: subNo });
    let r = await c.put(`/v1/order-line-items/${item!.id as string}`, { ownerAccountNumber: 'A09999999' }, V);
    expect(r.status).toBe(400);
    expect(r.body.reasons[0].message).toContain('ownerAccountNumber');
    r = await c.put(`/v1/order-line-items/${item!.id as string}`, { relatedSubscriptionNumber: 'A-S09999999' }, V);
    expect(r.body.reasons[0].message).toContain('relatedSubscriptionNumber');
    r = await c.put(`/v1/order-line-items/${item!.id as string}`, { ownerAccountNumber: acct.accountNumber });
    expect(r.body.success).toBe(true);
    expect((await c.get(`/v1/order-line-items/${item!.id as string}`)).body.orderLineItem.ownerAccountId).toBe(acct.accountId);
  });
});

describe('ramps with unique tokens', () => {
  it('a ramp names the charges of a new subscription by the unique tokens of its order', async () => {
    const cat = await rampCatalog(c);
    const body = twoYearSubscription(acct.accountNumber, cat.planId, {
      name: 'Tokens',
      intervals: [
        { name: 'Year 1', startDate: '2020-01-01', endDate: '2020-12-31' },
        { name: 'Year 2', startDate: '2021-01-01', endDate: '2021-12-31' },
      ],
      charges: [{ uniqueToken: 'newsub_rpcharge_BE7FHe' }],
    });
    const create = (body.subscriptions[0]!.orderActions[0]!.createSubscription as Record<string, unknown>);
    create.subscribeToRatePlans = [{ productRatePlanId: cat.planId, uniqueToken: 'newsub_rp_Ybt80k', chargeOverrides: [{ productRatePlanChargeId: cat.seatChargeId, uniqueToken: 'newsub_rpcharge_BE7FHe' }] }];
    const o = await c.post('/v1/orders', body);
    expect(o.body.success).toBe(true);
    const subNo = o.body.subscriptions[0].subscriptionNumber;
    const sub = await c.get(`/v1/subscriptions/${subNo}`);
    const seat = (sub.body.ratePlans[0].ratePlanCharges as Array<{ number: string; productRatePlanChargeId: string }>).find((x) => x.productRatePlanChargeId === cat.seatChargeId)!;
    const ramps = await c.get(`/v1/subscriptions/${subNo}/ramps`);
    expect(ramps.body.ramps[0].charges).toEqual([{ chargeNumber: seat.number }]);
    const m = await c.get(`/v1/subscriptions/${subNo}/ramp-metrics`);
    // Only the seat charge (5 a month) is in the ramp.
    expect(m.body.rampMetrics.intervals.map((i: { grossTcv: number }) => i.grossTcv)).toEqual([60, 60]);
    const bad = await c.post('/v1/orders', { ...body, subscriptions: [{ ...body.subscriptions[0], ramp: { intervals: [{ startDate: '2020-01-01', endDate: '2021-12-31' }], charges: [{ uniqueToken: 'nope' }] } }] }, V);
    expect(bad.status).toBe(400);
    expect(bad.body.reasons[0].message).toContain('uniqueToken');
  });

  it('an order that creates its account puts its line items on that account', async () => {
    const o = await c.post('/v1/orders', {
      newAccount: { name: 'New Co', currency: 'USD', billCycleDay: 1, billToContact: { firstName: 'N', lastName: 'C', country: 'United States', state: 'CA' } },
      orderDate: '2021-02-01',
      orderLineItems: [oli()],
    });
    expect(o.body.success).toBe(true);
    const [item] = await lineItemsOfOrder(ctxFor(t, c), o.body.orderNumber);
    expect(item).toMatchObject({ ownerAccountNumber: o.body.accountNumber, invoiceOwnerAccountNumber: o.body.accountNumber, currency: 'USD' });
    expect(item!.ownerAccountId).toEqual(expect.any(String));
  });
});
