import { beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { canTransitionFulfillment } from '../../src/modules/order-extras/fulfillments.js';
import { ctxFor, fakeAccounts, orderWithLineItems } from './fixtures.js';

const V = { 'Zuora-Version': '2024-05-20' };
let t: TestApp;
let c: Client;
const accts = fakeAccounts();

beforeAll(async () => {
  t = await setupApp();
  c = await t.newClient();
  accts.install();
  accts.accounts.push({ id: 'a'.repeat(32), accountNumber: 'A00000001', name: 'Acme', currency: 'USD', customFields: {} });
});

/** A Booked line item billed as fulfillments occur, quantity 10. */
async function bookedItem(quantity = 10): Promise<string> {
  const o = await orderWithLineItems(ctxFor(t, c), [
    { itemName: 'speaker', quantity, listPricePerUnit: 20, billingRule: 'TriggerAsFulfillmentOccurs', itemState: 'Booked' },
  ]);
  return o.orderLineItems[0]!.id;
}

const ful = (oli: string, over: Record<string, unknown> = {}) => ({
  orderLineItemId: oli,
  fulfillmentDate: '2022-01-01',
  fulfillmentType: 'Delivery',
  quantity: 5,
  carrier: 'carrier',
  trackingNumber: 'T-00091912',
  customFields: { priority__c: 'High' },
  ...over,
});

describe('fulfillment states (pure)', () => {
  it('follow Executing → Booked → SentToBilling → Complete, cancel before billing', () => {
    expect(canTransitionFulfillment('Executing', 'Booked')).toBe(true);
    expect(canTransitionFulfillment('Booked', 'SentToBilling')).toBe(true);
    expect(canTransitionFulfillment('SentToBilling', 'Complete')).toBe(true);
    expect(canTransitionFulfillment('Booked', 'Cancelled')).toBe(true);
    expect(canTransitionFulfillment('SentToBilling', 'Cancelled')).toBe(false);
    expect(canTransitionFulfillment('Complete', 'Executing')).toBe(false);
  });
});

describe('fulfillments', () => {
  it('are created on a Booked item, numbered F-00000001…, and read back with items', async () => {
    const oli = await bookedItem();
    const r = await c.post('/v1/fulfillments', {
      fulfillments: [
        ful(oli, { billTargetDate: '2022-01-01', state: 'SentToBilling', fulfillmentItems: [{ itemIdentifier: 'SN-1', description: 'unit 1' }] }),
        ful(oli, { quantity: 3 }),
      ],
    });
    expect(r.body.success).toBe(true);
    expect(r.body.fulfillments.map((f: { fulfillmentNumber: string }) => f.fulfillmentNumber)).toEqual(['F-00000001', 'F-00000002']);
    const g = await c.get('/v1/fulfillments/F-00000001?fulfillment-items=true');
    expect(g.body.fulfillment).toMatchObject({
      id: r.body.fulfillments[0].id,
      fulfillmentNumber: 'F-00000001',
      orderLineItemId: oli,
      fulfillmentType: 'Delivery',
      state: 'SentToBilling',
      quantity: 5,
      billTargetDate: '2022-01-01',
      fulfillmentDate: '2022-01-01',
      carrier: 'carrier',
      trackingNumber: 'T-00091912',
      customFields: { priority__c: 'High' },
    });
    expect(g.body.fulfillment.fulfillmentItems).toEqual([
      { id: expect.any(String), fulfillmentId: r.body.fulfillments[0].id, itemIdentifier: 'SN-1', description: 'unit 1', customFields: {} },
    ]);
    const byId = await c.get(`/v1/fulfillments/${r.body.fulfillments[1].id}`);
    expect(byId.body.fulfillment.fulfillmentItems).toBeUndefined();
    expect(byId.body.fulfillment.state).toBe('Executing');
    // The item reports what is fulfilled (Booked or later) and what is pending.
    const item = await c.get(`/v1/order-line-items/${oli}?fulfillment=true`);
    expect(item.body.orderLineItem).toMatchObject({ requiresFulfillment: true, quantityFulfilled: 5, quantityPendingFulfillment: 5 });
    expect(item.body.orderLineItem.fulfillments.map((f: { fulfillmentNumber: string }) => f.fulfillmentNumber)).toEqual(['F-00000001', 'F-00000002']);
  });

  it('are refused on an item that is not Booked or not billed by fulfillment, and beyond its quantity', async () => {
    const o = await orderWithLineItems(ctxFor(t, c), [
      { itemName: 'a', quantity: 1, listPricePerUnit: 1 },
      { itemName: 'b', quantity: 1, listPricePerUnit: 1, billingRule: 'TriggerAsFulfillmentOccurs' },
    ]);
    let r = await c.post('/v1/fulfillments', { fulfillments: [ful(o.orderLineItems[0]!.id, { quantity: 1 })] }, V);
    expect(r.status).toBe(400);
    expect(r.body.reasons[0].message).toContain('TriggerAsFulfillmentOccurs');
    r = await c.post('/v1/fulfillments', { fulfillments: [ful(o.orderLineItems[1]!.id, { quantity: 1 })] }, V);
    expect(r.status).toBe(400);
    expect(r.body.reasons[0].message).toContain('Booked');
    const oli = await bookedItem(4);
    r = await c.post('/v1/fulfillments', { fulfillments: [ful(oli, { quantity: 3 }), ful(oli, { quantity: 2 })] }, V);
    expect(r.status).toBe(400);
    expect(r.body.reasons[0].message).toContain('exceeds');
    // Nothing of the refused request was kept.
    const item = await c.get(`/v1/order-line-items/${oli}?fulfillment=true`);
    expect(item.body.orderLineItem.fulfillments).toEqual([]);
    r = await c.post('/v1/fulfillments', { fulfillments: [ful(oli, { quantity: 0 })] }, V);
    expect(r.status).toBe(400);
    expect(r.body.reasons[0].message).toContain('quantity');
    r = await c.post('/v1/fulfillments', { fulfillments: [ful(oli, { fulfillmentType: 'Return' })] }, V);
    expect(r.status).toBe(400);
    r = await c.post('/v1/fulfillments', { fulfillments: [ful(oli, { state: 'SentToBilling' })] }, V);
    expect(r.body.reasons[0].code % 100).toBe(22);
    expect(r.body.reasons[0].message).toContain('billTargetDate');
  });

  it('change fields only while Executing; afterwards only the state moves', async () => {
    const oli = await bookedItem();
    const r = await c.post('/v1/fulfillments', { fulfillments: [ful(oli)] });
    const key = r.body.fulfillments[0].fulfillmentNumber;
    let u = await c.put(`/v1/fulfillments/${key}`, { quantity: 6, description: 'desc' });
    expect(u.body).toEqual({ success: true });
    u = await c.put(`/v1/fulfillments/${key}`, { state: 'Booked' }, V);
    expect(u.body.success).toBe(true);
    u = await c.put(`/v1/fulfillments/${key}`, { quantity: 7 }, V);
    expect(u.status).toBe(400);
    expect(u.body.reasons[0].code % 100).toBe(30);
    u = await c.put(`/v1/fulfillments/${key}`, { state: 'SentToBilling' }, V);
    expect(u.body.reasons[0].message).toContain('billTargetDate');
    u = await c.put(`/v1/fulfillments/${key}`, { state: 'Executing' }, V);
    expect(u.status).toBe(400);
    u = await c.put(`/v1/fulfillments/${key}`, { state: 'SentToBilling', billTargetDate: '2022-02-01' }, V);
    expect(u.body.success).toBe(true);
    u = await c.put(`/v1/fulfillments/${key}`, { state: 'Cancelled' }, V);
    expect(u.status).toBe(400);
    u = await c.put(`/v1/fulfillments/${key}`, { state: 'Complete' }, V);
    expect(u.body.success).toBe(true);
    const g = await c.get(`/v1/fulfillments/${key}`);
    expect(g.body.fulfillment).toMatchObject({ state: 'Complete', quantity: 6, description: 'desc', billTargetDate: '2022-02-01' });
    expect((await c.put(`/v1/fulfillments/${key}`, { description: 'x' }, V)).status).toBe(400);
    // A Booked fulfillment can be cancelled; cancelled ones do not count as fulfilled.
    const b = await c.post('/v1/fulfillments', { fulfillments: [ful(oli, { quantity: 4, state: 'Booked' })] });
    expect((await c.put(`/v1/fulfillments/${b.body.fulfillments[0].id}`, { state: 'Cancelled' }, V)).body.success).toBe(true);
    const item = await c.get(`/v1/order-line-items/${oli}`);
    expect(item.body.orderLineItem).toMatchObject({ quantityFulfilled: 6, quantityPendingFulfillment: 4 });
    // Delete: only while Executing.
    expect((await c.del(`/v1/fulfillments/${key}`, V)).status).toBe(400);
    const r2 = await c.post('/v1/fulfillments', { fulfillments: [ful(oli, { quantity: 4 })] });
    expect((await c.del(`/v1/fulfillments/${r2.body.fulfillments[0].id}`)).body).toEqual({ success: true });
    expect((await c.get(`/v1/fulfillments/${r2.body.fulfillments[0].id}`, V)).status).toBe(404);
  });

  it('fulfillment items: create by fulfillment number, read, update, delete', async () => {
    const oli = await bookedItem();
    const f = await c.post('/v1/fulfillments', { fulfillments: [ful(oli)] });
    const number = f.body.fulfillments[0].fulfillmentNumber;
    let r = await c.post('/v1/fulfillment-items', {
      fulfillmentItems: [
        { customFields: { PICKLIST_CF__c: 'option_1' }, description: 'description1', fulfillmentNumber: number, itemIdentifier: '0c27b769' },
        { customFields: { PICKLIST_CF__c: 'option_2' }, description: 'description2', fulfillmentNumber: number, itemIdentifier: '456d3812' },
      ],
    });
    expect(r.body.success).toBe(true);
    expect(r.body.fulfillmentItems).toHaveLength(2);
    const id = r.body.fulfillmentItems[1].id;
    r = await c.get(`/v1/fulfillment-items/${id}`);
    expect(r.body).toEqual({
      success: true,
      fulfillmentItem: { id, fulfillmentId: f.body.fulfillments[0].id, itemIdentifier: '456d3812', description: 'description2', customFields: { PICKLIST_CF__c: 'option_2' } },
    });
    r = await c.put(`/v1/fulfillment-items/${id}`, { description: 'item description', customFields: { PICKLIST_CF__c: 'option_1' } });
    expect(r.body).toEqual({ success: true });
    r = await c.get(`/v1/fulfillment-items/${id}`);
    expect(r.body.fulfillmentItem).toMatchObject({ description: 'item description', itemIdentifier: '456d3812', customFields: { PICKLIST_CF__c: 'option_1' } });
    expect((await c.del(`/v1/fulfillment-items/${id}`)).body).toEqual({ success: true });
    expect((await c.get(`/v1/fulfillment-items/${id}`, V)).status).toBe(404);
    r = await c.post('/v1/fulfillment-items', { fulfillmentItems: [{ fulfillmentNumber: 'F-99999999', itemIdentifier: 'x' }] }, V);
    expect(r.status).toBe(400);
    expect(r.body.reasons[0].message).toContain('fulfillmentNumber');
  });

  it('a Booked item billed by fulfillment completes', async () => {
    const o = await orderWithLineItems(ctxFor(t, c), [{ itemName: 'x', quantity: 10, listPricePerUnit: 1, billingRule: 'TriggerAsFulfillmentOccurs' }]);
    const oli = o.orderLineItems[0]!.id;
    await c.put(`/v1/order-line-items/${oli}`, { itemState: 'Booked' });
    await c.post('/v1/fulfillments', { fulfillments: [ful(oli, { quantity: 5 })] });
    const r = await c.put(`/v1/order-line-items/${oli}`, { itemState: 'Complete' }, V);
    expect(r.body.success).toBe(true);
  });
});
