import { beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { createSubscriptionOrder, makeCatalog, newAccount } from '../subscriptions/fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});

const V = { 'Zuora-Version': '2025-01-01' };

async function world(c: Client) {
  await c.put('/settings/custom-fields/zuora/Subscription', { properties: { Tier__c: { type: 'string', enum: ['Basic', 'Gold'], label: 'Tier', default: 'Basic' }, Seats__c: { type: 'integer', label: 'Seats' } } });
  await c.put('/settings/custom-fields/zuora/RatePlan', { properties: { Promo__c: { type: 'string', label: 'Promo', maxLength: 5 } } });
  await c.put('/settings/custom-fields/zuora/Order', { properties: { Channel__c: { type: 'string', enum: ['Web', 'Phone'], label: 'Channel' } } });
  await c.put('/settings/custom-fields/zuora/OrderAction', { properties: { Why__c: { type: 'string', label: 'Why' } } });
  const cat = await makeCatalog(c);
  const acc = await newAccount(c);
  return { cat, acc };
}

function order(accountNumber: string, planId: string, fields: { sub?: Record<string, unknown>; order?: Record<string, unknown>; plan?: Record<string, unknown> } = {}) {
  const body = createSubscriptionOrder(accountNumber, planId) as Record<string, any>;
  if (fields.sub) body.subscriptions[0].customFields = fields.sub;
  if (fields.order) body.customFields = fields.order;
  if (fields.plan) body.subscriptions[0].orderActions[0].createSubscription.subscribeToRatePlans[0].customFields = fields.plan;
  return body;
}

describe('custom field definitions on subscriptions and orders', () => {
  it('a new subscription takes the defaults and lists every defined field; an order lists its own', async () => {
    const c = await t.newClient();
    const { cat, acc } = await world(c);
    const r = await c.post('/v1/orders', order(acc.accountNumber, cat.basePlanId, { sub: { Seats__c: 3 }, order: { Channel__c: 'Web' }, plan: { Promo__c: 'X1' } }));
    expect(r.body.success, JSON.stringify(r.body)).toBe(true);
    const num = r.body.subscriptions[0].subscriptionNumber;
    const s = (await c.get(`/v1/subscriptions/${num}`)).body;
    expect(s).toMatchObject({ Tier__c: 'Basic', Seats__c: 3 });
    expect(s.ratePlans[0].Promo__c).toBe('X1');
    const o = (await c.get(`/v1/orders/${r.body.orderNumber}`)).body.order;
    expect(o.customFields).toEqual({ Channel__c: 'Web' });
    expect(o.subscriptions[0].orderActions[0].customFields).toEqual({ Why__c: null });
  });

  it('refuses undefined fields and bad values on orders and subscription updates, and changes nothing', async () => {
    const c = await t.newClient();
    const { cat, acc } = await world(c);
    for (const fields of [{ sub: { Tier__c: 'Platinum' } }, { sub: { Nope__c: 1 } }, { order: { Channel__c: 'Fax' } }, { plan: { Promo__c: 'toolong' } }]) {
      const r = await c.post('/v1/orders', order(acc.accountNumber, cat.basePlanId, fields), V);
      expect(r.status, JSON.stringify(fields)).toBe(400);
      expect(r.body.success).toBe(false);
    }
    expect((await c.get(`/v1/subscriptions/accounts/${acc.accountNumber}`)).body.subscriptions).toEqual([]);
    const ok = await c.post('/v1/orders', order(acc.accountNumber, cat.basePlanId));
    expect(ok.body.success, JSON.stringify(ok.body)).toBe(true);
    const num = ok.body.subscriptions[0].subscriptionNumber;
    expect((await c.put(`/v1/subscriptions/${num}/customFields`, { customFields: { Tier__c: 'Nope' } }, V)).status).toBe(400);
    expect((await c.put(`/v1/subscriptions/${num}/customFields`, { customFields: { Tier__c: 'Gold' } })).body.success).toBe(true);
    expect((await c.get(`/v1/subscriptions/${num}`)).body.Tier__c).toBe('Gold');
    expect((await c.put(`/v1/orders/${ok.body.orderNumber}/customFields`, { customFields: { Channel__c: 'Fax' } }, V)).status).toBe(400);
    expect((await c.put(`/v1/orders/${ok.body.orderNumber}/customFields`, { customFields: { Channel__c: 'Phone' } })).body.success).toBe(true);
  });
});

describe('custom field definitions on order line items', () => {
  it('an order line item lists the defined fields; creates and updates are checked', async () => {
    const c = await t.newClient();
    const acc = await newAccount(c);
    await c.put('/settings/custom-fields/zuora/OrderLineItem', { properties: { Ext__c: { type: 'string', label: 'Ext', maxLength: 6 }, Gift__c: { type: 'boolean', label: 'Gift', default: false } } });
    const item = (cf: Record<string, unknown>) => ({ itemName: 'webcam', itemType: 'Product', quantity: 2, listPricePerUnit: 100, customFields: cf });
    const bad = await c.post('/v1/orders', { existingAccountNumber: acc.accountNumber, orderDate: '2024-01-01', orderLineItems: [item({ Ext__c: 'much too long' })] }, V);
    expect(bad.status).toBe(400);
    const ok = await c.post('/v1/orders', { existingAccountNumber: acc.accountNumber, orderDate: '2024-01-01', orderLineItems: [item({ Ext__c: 'E1' })] });
    expect(ok.body.success, JSON.stringify(ok.body)).toBe(true);
    const id = ok.body.orderLineItems[0].id;
    expect((await c.get(`/v1/order-line-items/${id}`)).body.orderLineItem.customFields).toEqual({ Ext__c: 'E1', Gift__c: false });
    expect((await c.put(`/v1/order-line-items/${id}`, { customFields: { Other__c: 1 } }, V)).status).toBe(400);
    expect((await c.put(`/v1/order-line-items/${id}`, { customFields: { Gift__c: true } })).body.success).toBe(true);
    expect((await c.get(`/v1/order-line-items/${id}`)).body.orderLineItem.customFields).toEqual({ Ext__c: 'E1', Gift__c: true });
  });
});

describe('custom field definitions on fulfillments', () => {
  it('a fulfillment lists the defined fields; creates and updates are checked', async () => {
    const c = await t.newClient();
    const acc = await newAccount(c);
    await c.put('/settings/custom-fields/zuora/Fulfillment', { properties: { Priority__c: { type: 'string', enum: ['High', 'Low'], label: 'Priority' }, Box__c: { type: 'integer', label: 'Box' } } });
    const o = await c.post('/v1/orders', {
      existingAccountNumber: acc.accountNumber,
      orderDate: '2024-01-01',
      orderLineItems: [{ itemName: 'speaker', quantity: 10, listPricePerUnit: 20, billingRule: 'TriggerAsFulfillmentOccurs', itemState: 'Booked' }],
    });
    expect(o.body.success, JSON.stringify(o.body)).toBe(true);
    const ful = (cf: Record<string, unknown>) => ({ orderLineItemId: o.body.orderLineItems[0].id, fulfillmentDate: '2024-01-02', fulfillmentType: 'Delivery', quantity: 5, customFields: cf });
    expect((await c.post('/v1/fulfillments', { fulfillments: [ful({ Priority__c: 'Urgent' })] }, V)).status).toBe(400);
    const r = await c.post('/v1/fulfillments', { fulfillments: [ful({ Priority__c: 'High' })] });
    expect(r.body.success, JSON.stringify(r.body)).toBe(true);
    const key = r.body.fulfillments[0].fulfillmentNumber;
    expect((await c.get(`/v1/fulfillments/${key}`)).body.fulfillment.customFields).toEqual({ Priority__c: 'High', Box__c: null });
    expect((await c.put(`/v1/fulfillments/${key}`, { customFields: { Box__c: 'x' } }, V)).status).toBe(400);
    expect((await c.put(`/v1/fulfillments/${key}`, { customFields: { Box__c: 2 } })).body.success).toBe(true);
    expect((await c.get(`/v1/fulfillments/${key}`)).body.fulfillment.customFields).toEqual({ Priority__c: 'High', Box__c: 2 });
  });
});
