import { describe, expect, it } from 'vitest';
import { setupApp } from '../helpers.js';
import { createSubscriptionOrder, makeCatalog } from '../subscriptions/fixtures.js';

/**
 * Unset fields are null (or absent), never "": an account made of its required fields only,
 * a contact of its required fields only, a catalog and a subscription, read back through every
 * GET that shows them.
 */
const t = await setupApp();

/** The JSON paths holding "" anywhere in a response body. */
function emptyStrings(v: unknown, path = '$'): string[] {
  if (v === '') return [path];
  if (Array.isArray(v)) return v.flatMap((x, i) => emptyStrings(x, `${path}[${i}]`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => emptyStrings(x, `${path}.${k}`));
  return [];
}

describe('no response carries "" for an unset field', () => {
  it('emptyStrings finds "" at any depth (the check itself can fail)', () => {
    expect(emptyStrings({ a: 1, b: [{ c: '' }], d: { e: null, f: 'x' } })).toEqual(['$.b[0].c']);
  });

  it('accounts, contacts, subscriptions, orders and catalog reads', async () => {
    const c = await t.newClient();
    const acct = await c.post('/v1/accounts', { name: 'Minimal', currency: 'USD', billCycleDay: 1, billToContact: { firstName: 'Min', lastName: 'Imal' } });
    expect(acct.body, JSON.stringify(acct.body)).toMatchObject({ success: true });
    const { accountId, accountNumber } = acct.body as { accountId: string; accountNumber: string };
    const contact = await c.post('/v1/contacts', { accountId, firstName: 'Other', lastName: 'Person' });
    expect(contact.body, JSON.stringify(contact.body)).toMatchObject({ success: true });
    const cat = await makeCatalog(c);
    const order = await c.post('/v1/orders', createSubscriptionOrder(accountNumber, cat.basePlanId));
    expect(order.body, JSON.stringify(order.body)).toMatchObject({ success: true });
    const subNo = order.body.subscriptions[0].subscriptionNumber as string;
    const sub = (await c.get(`/v1/subscriptions/${subNo}`)).body;
    const ratePlanId = sub.ratePlans[0].id as string;

    const reads = [
      `/v1/accounts/${accountId}`,
      `/v1/accounts/${accountNumber}`,
      `/v1/accounts/${accountNumber}/summary`,
      `/v1/contacts/${contact.body.id}`,
      `/v1/contacts/${acct.body.billToContactId}`,
      `/v1/subscriptions/${subNo}`,
      `/v1/subscriptions/accounts/${accountNumber}`,
      `/v1/rateplans/${ratePlanId}`,
      `/v1/orders/${order.body.orderNumber}`,
      `/v1/orders/subscription/${subNo}`,
      '/v1/catalog/products',
      `/v1/catalog/products/${cat.productId}`,
      `/v1/products/${cat.productId}/product-rate-plans`,
      `/v1/product-rate-plans/${cat.basePlanId}`,
      `/v1/product-rate-plan-charges/${cat.seatChargeId}`,
      `/v1/object/product/${cat.productId}`,
      `/v1/object/product-rate-plan/${cat.basePlanId}`,
      `/v1/object/product-rate-plan-charge/${cat.flatChargeId}`,
      `/v1/product-charge-definitions?charge=${cat.seatChargeId}&rateplan=${cat.basePlanId}`,
      `/v1/product-rateplan-definitions?rateplan=${cat.basePlanId}`,
      '/v1/sequence-sets',
    ];
    const found: Record<string, string[]> = {};
    for (const url of reads) {
      const r = await c.get(url);
      expect(r.status, `${url}: ${JSON.stringify(r.body)}`).toBe(200);
      const paths = emptyStrings(r.body);
      if (paths.length) found[url] = paths;
    }
    expect(found).toEqual({});
  });

  it("a rate plan's lastChangeType is absent until an order changes the plan, then present", async () => {
    const c = await t.newClient();
    const acct = await c.post('/v1/accounts', { name: 'Changes', currency: 'USD', billCycleDay: 1, billToContact: { firstName: 'Ch', lastName: 'Anges' } });
    const cat = await makeCatalog(c);
    const order = await c.post('/v1/orders', createSubscriptionOrder(acct.body.accountNumber, cat.basePlanId));
    const subNo = order.body.subscriptions[0].subscriptionNumber as string;
    const first = (await c.get(`/v1/subscriptions/${subNo}`)).body;
    expect(first.ratePlans[0]).not.toHaveProperty('lastChangeType');
    expect((await c.get(`/v1/rateplans/${first.ratePlans[0].id}`)).body).not.toHaveProperty('lastChangeType');
    const add = await c.post('/v1/orders', {
      existingAccountNumber: acct.body.accountNumber,
      orderDate: '2024-02-01',
      subscriptions: [{ subscriptionNumber: subNo, orderActions: [{ type: 'AddProduct', triggerDates: [{ name: 'ContractEffective', triggerDate: '2024-02-01' }], addProduct: { productRatePlanId: cat.addonPlanId } }] }],
    });
    expect(add.body, JSON.stringify(add.body)).toMatchObject({ success: true });
    const after = (await c.get(`/v1/subscriptions/${subNo}`)).body;
    const addon = after.ratePlans.find((rp: any) => rp.productRatePlanId === cat.addonPlanId);
    expect(addon.lastChangeType).toBe('Add');
    expect((await c.get(`/v1/rateplans/${addon.id}`)).body.lastChangeType).toBe('Add');
    const base = after.ratePlans.find((rp: any) => rp.productRatePlanId === cat.basePlanId);
    expect(base).not.toHaveProperty('lastChangeType');
  });
});
