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
});
