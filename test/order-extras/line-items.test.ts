import { beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { canTransition, lineItemsOfOrder } from '../../src/modules/order-extras/line-items.js';
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

const item = (over: Record<string, unknown> = {}) => ({
  itemName: 'webcam',
  itemType: 'Product',
  productCode: 'C9201',
  quantity: 2,
  listPricePerUnit: 100,
  purchaseOrderNumber: '960-000764',
  customFields: { externalNumber5__c: 'olinumber-023' },
  ...over,
});

describe('state machine (pure)', () => {
  it('follows the paths without fulfillments', () => {
    expect(canTransition('TriggerWithoutFulfillment', 'Executing', 'Booked')).toBe(true);
    expect(canTransition('TriggerWithoutFulfillment', 'Executing', 'SentToBilling')).toBe(true);
    expect(canTransition('TriggerWithoutFulfillment', 'Booked', 'SentToBilling')).toBe(true);
    expect(canTransition('TriggerWithoutFulfillment', 'SentToBilling', 'Complete')).toBe(true);
    expect(canTransition('TriggerWithoutFulfillment', 'SentToBilling', 'Canceled')).toBe(false);
    expect(canTransition('TriggerWithoutFulfillment', 'Executing', 'Complete')).toBe(false);
  });
  it('has no SentToBilling with fulfillments', () => {
    expect(canTransition('TriggerAsFulfillmentOccurs', 'Booked', 'SentToBilling')).toBe(false);
    expect(canTransition('TriggerAsFulfillmentOccurs', 'Booked', 'Complete')).toBe(true);
    expect(canTransition('TriggerAsFulfillmentOccurs', 'Executing', 'Canceled')).toBe(true);
  });
});

describe('order line items', () => {
  it('are created by an order and read back in the sample shape', async () => {
    const o = await orderWithLineItems(ctxFor(t, c), [item()]);
    expect(o.orderLineItems).toHaveLength(1);
    expect(o.orderLineItems[0]!.itemNumber).toBe('1');
    const r = await c.get(`/v1/order-line-items/${o.orderLineItems[0]!.id}`);
    expect(r.status).toBe(200);
    expect(r.body.success).toBe(true);
    const oli = r.body.orderLineItem;
    expect(oli).toMatchObject({
      id: o.orderLineItems[0]!.id,
      itemName: 'webcam',
      itemNumber: '1',
      itemState: 'Executing',
      itemCategory: 'Sales',
      itemType: 'Product',
      billingRule: 'TriggerWithoutFulfillment',
      quantity: 2,
      listPricePerUnit: 100,
      listPrice: 200,
      amountPerUnit: 100,
      amount: 200,
      amountWithoutTax: 200,
      transactionStartDate: '2024-01-15',
      transactionEndDate: '2024-01-15',
      ownerAccountNumber: 'A00000001',
      invoiceOwnerAccountNumber: 'A00000001',
      currency: 'USD',
      purchaseOrderNumber: '960-000764',
      customFields: { externalNumber5__c: 'olinumber-023' },
    });
    expect(oli.fulfillments).toBeUndefined();
  });

  it('apply inline discounts as the docs describe (5 = 5% off; FixedAmount 10 = 10 off each unit)', async () => {
    const o = await orderWithLineItems(ctxFor(t, c), [
      item({ inlineDiscountType: 'Percentage', inlineDiscountPerUnit: 5 }),
      item({ inlineDiscountType: 'FixedAmount', inlineDiscountPerUnit: 10 }),
    ]);
    const [p, f] = await Promise.all(o.orderLineItems.map((x) => c.get(`/v1/order-line-items/${x.id}`)));
    expect(p!.body.orderLineItem).toMatchObject({ amountPerUnit: 95, amount: 190, listPrice: 200, discount: 10 });
    expect(f!.body.orderLineItem).toMatchObject({ amountPerUnit: 90, amount: 180, discount: 20, itemNumber: '2' });
  });

  it('a bad line item fails the order hook naming the item and field', async () => {
    await expect(orderWithLineItems(ctxFor(t, c), [item(), item({ itemState: 'SentToBilling' })])).rejects.toMatchObject({
      message: expect.stringContaining("orderLineItems[1]: 'billTargetDate'"),
    });
    await expect(orderWithLineItems(ctxFor(t, c), [item({ quantity: -1 })])).rejects.toMatchObject({ message: expect.stringContaining("'quantity'") });
    await expect(orderWithLineItems(ctxFor(t, c), [item({ transactionStartDate: '2024-02-01', transactionEndDate: '2024-01-01' })])).rejects.toMatchObject({
      message: expect.stringContaining('transactionEndDate'),
    });
  });

  it('are updated while Executing, then move through Booked → SentToBilling → Complete', async () => {
    const o = await orderWithLineItems(ctxFor(t, c), [item()]);
    const id = o.orderLineItems[0]!.id;
    let r = await c.put(`/v1/order-line-items/${id}`, { description: 'Details of the order line item', quantity: 3, listPricePerUnit: 50 });
    expect(r.body).toEqual({ success: true });
    r = await c.get(`/v1/order-line-items/${id}`);
    expect(r.body.orderLineItem).toMatchObject({ description: 'Details of the order line item', quantity: 3, amount: 150 });

    r = await c.put(`/v1/order-line-items/${id}`, { itemState: 'Booked' }, V);
    expect(r.body.success).toBe(true);
    // Booked: the quantity is frozen, the bill target date is not.
    r = await c.put(`/v1/order-line-items/${id}`, { quantity: 4 }, V);
    expect(r.status).toBe(400);
    expect(r.body.reasons[0].code % 100).toBe(30);
    expect(r.body.reasons[0].message).toContain('quantity');
    // SentToBilling needs a bill target date.
    r = await c.put(`/v1/order-line-items/${id}`, { itemState: 'SentToBilling' }, V);
    expect(r.status).toBe(400);
    expect(r.body.reasons[0].code % 100).toBe(22);
    expect(r.body.reasons[0].message).toContain('billTargetDate');
    r = await c.put(`/v1/order-line-items/${id}`, { itemState: 'SentToBilling', billTargetDate: '2024-02-01' }, V);
    expect(r.body.success).toBe(true);
    r = await c.put(`/v1/order-line-items/${id}`, { itemState: 'Canceled' }, V);
    expect(r.status).toBe(400);
    r = await c.put(`/v1/order-line-items/${id}`, { itemState: 'Complete' }, V);
    expect(r.body.success).toBe(true);
    r = await c.put(`/v1/order-line-items/${id}`, { description: 'late' }, V);
    expect(r.status).toBe(400);
    r = await c.get(`/v1/order-line-items/${id}`);
    expect(r.body.orderLineItem).toMatchObject({ itemState: 'Complete', billTargetDate: '2024-02-01', quantity: 3, description: 'Details of the order line item' });
  });

  it('can be canceled only while Executing', async () => {
    const o = await orderWithLineItems(ctxFor(t, c), [item(), item()]);
    const [a, b] = o.orderLineItems.map((x) => x.id);
    expect((await c.put(`/v1/order-line-items/${a}`, { itemState: 'Canceled' }, V)).body.success).toBe(true);
    expect((await c.get(`/v1/order-line-items/${a}`)).body.orderLineItem.itemState).toBe('Canceled');
    await c.put(`/v1/order-line-items/${b}`, { itemState: 'Booked' }, V);
    expect((await c.put(`/v1/order-line-items/${b}`, { itemState: 'Canceled' }, V)).status).toBe(400);
  });

  it('refuse bad values naming the field, and change nothing', async () => {
    const o = await orderWithLineItems(ctxFor(t, c), [item()]);
    const id = o.orderLineItems[0]!.id;
    let r = await c.put(`/v1/order-line-items/${id}`, { itemName: 'renamed', itemType: 'Gadget' }, V);
    expect(r.status).toBe(400);
    expect(r.body.reasons[0].code % 100).toBe(20);
    expect(r.body.reasons[0].message).toContain('itemType');
    r = await c.put(`/v1/order-line-items/${id}`, { itemName: 'renamed', billTargetDate: '2024-13-01' }, V);
    expect(r.body.reasons[0].message).toContain('billTargetDate');
    r = await c.get(`/v1/order-line-items/${id}`);
    expect(r.body.orderLineItem.itemName).toBe('webcam');
    r = await c.get(`/v1/order-line-items/${'f'.repeat(32)}`, V);
    expect(r.status).toBe(404);
  });

  it('bulk update lands whole or not at all', async () => {
    const o = await orderWithLineItems(ctxFor(t, c), [item(), item()]);
    const [a, b] = o.orderLineItems.map((x) => x.id);
    let r = await c.post('/v1/order-line-items/bulk', { orderLineItems: [{ id: a, description: 'one' }, { id: b, itemState: 'SentToBilling' }] }, V);
    expect(r.status).toBe(400);
    expect((await c.get(`/v1/order-line-items/${a}`)).body.orderLineItem.description).toBeNull();
    r = await c.post('/v1/order-line-items/bulk', { orderLineItems: [{ id: a, description: 'one' }, { id: b, itemState: 'SentToBilling', billTargetDate: '2024-03-01' }] });
    expect(r.body.success).toBe(true);
    expect(r.body.orderLineItems.map((x: { id: string; itemState: string }) => [x.id, x.itemState])).toEqual([
      [a, 'Executing'],
      [b, 'SentToBilling'],
    ]);
    expect((await c.get(`/v1/order-line-items/${a}`)).body.orderLineItem.description).toBe('one');
  });

  it('return items refer to a sale and cannot return more than was sold', async () => {
    const sale = await orderWithLineItems(ctxFor(t, c), [item({ quantity: 5 })]);
    await expect(
      orderWithLineItems(ctxFor(t, c), [item({ itemCategory: 'Return', quantity: 6, originalOrderNumber: sale.orderNumber, originalOrderLineItemNumber: '1' })]),
    ).rejects.toMatchObject({ message: expect.stringContaining('available for return') });
    const ret = await orderWithLineItems(ctxFor(t, c), [
      { itemCategory: 'Return', quantity: 2, listPricePerUnit: 100, originalOrderNumber: sale.orderNumber, originalOrderLineItemNumber: '1' },
    ]);
    const r = await c.get(`/v1/order-line-items/${ret.orderLineItems[0]!.id}`);
    expect(r.body.orderLineItem).toMatchObject({ itemCategory: 'Return', itemName: 'webcam', originalOrderNumber: sale.orderNumber, originalOrderLineItemNumber: '1' });
    const s = await c.get(`/v1/order-line-items/${sale.orderLineItems[0]!.id}`);
    expect(s.body.orderLineItem.quantityAvailableForReturn).toBe(3);
    // A return item's sales-only fields stay put.
    const u = await c.put(`/v1/order-line-items/${ret.orderLineItems[0]!.id}`, { productCode: 'X' }, V);
    expect(u.status).toBe(400);
  });

  it('keep the order they were given in, numbered 1, 2, … 11', async () => {
    const ctx = ctxFor(t, c);
    const o = await orderWithLineItems(ctx, Array.from({ length: 11 }, (_, i) => item({ itemName: `item ${i + 1}` })));
    const listed = await lineItemsOfOrder(ctx, o.orderNumber);
    expect(listed.map((x) => [x.itemNumber, x.itemName])).toEqual(Array.from({ length: 11 }, (_, i) => [String(i + 1), `item ${i + 1}`]));
  });
});
