import { beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type TestApp } from '../helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});

const V = { 'Zuora-Version': '2025-01-01' };

describe('custom field definitions on contacts and the catalog', () => {
  it('Contact: reads list the defined fields, writes are checked', async () => {
    const c = await t.newClient();
    await c.put('/settings/custom-fields/zuora/Contact', { properties: { Role__c: { type: 'string', enum: ['Buyer', 'User'], label: 'Role' }, Priority__c: { type: 'integer', label: 'P', default: 3 } } });
    const a = await c.post('/v1/accounts', { name: 'A', currency: 'USD', billCycleDay: 1, billToContact: { firstName: 'A', lastName: 'B', Role__c: 'Buyer' } });
    expect(a.body.success, JSON.stringify(a.body)).toBe(true);
    const acct = (await c.get(`/v1/accounts/${a.body.accountId}`)).body;
    expect(acct.billToContact).toMatchObject({ Role__c: 'Buyer', Priority__c: 3 });
    const bad = await c.post('/v1/accounts', { name: 'A', currency: 'USD', billCycleDay: 1, billToContact: { firstName: 'A', lastName: 'B', Role__c: 'Boss' } }, V);
    expect(bad.status).toBe(400);
    expect(bad.body.reasons[0].code % 100).toBe(20);
    const contact = await c.post('/v1/contacts', { accountId: a.body.accountId, firstName: 'C', lastName: 'D', Nope__c: 1 }, V);
    expect(contact.status).toBe(400);
    expect(contact.body.reasons[0].code % 100).toBe(21);
    const ok = await c.post('/v1/contacts', { accountId: a.body.accountId, firstName: 'C', lastName: 'D' });
    expect(ok.body, JSON.stringify(ok.body)).toMatchObject({ success: true, Role__c: null, Priority__c: 3 });
  });

  it('Product, ProductRatePlan and ProductRatePlanCharge follow their own definitions', async () => {
    const c = await t.newClient();
    await c.put('/settings/custom-fields/zuora/Product', { properties: { Line__c: { type: 'string', enum: ['Hardware', 'Software'], label: 'Line' } } });
    await c.put('/settings/custom-fields/zuora/ProductRatePlan', { properties: { Tier__c: { type: 'string', label: 'Tier', maxLength: 5 } } });
    const refused = await c.post('/v1/object/product', { Name: 'X', EffectiveStartDate: '2024-01-01', EffectiveEndDate: '2030-01-01', Line__c: 'Food' });
    expect(refused.status).toBe(400);
    const p = await c.post('/v1/object/product', { Name: 'X', EffectiveStartDate: '2024-01-01', EffectiveEndDate: '2030-01-01' });
    expect(p.body.Success, JSON.stringify(p.body)).toBe(true);
    const prod = (await c.get(`/v1/object/product/${p.body.Id}`)).body;
    // the object API leaves unset fields out; the catalog API lists every defined field, null when unset
    expect(prod.Line__c).toBeUndefined();
    const rest = await c.get(`/v1/catalog/products/${p.body.Id}`);
    expect(rest.body.Line__c, JSON.stringify(rest.body)).toBeNull();
    expect((await c.put(`/v1/object/product/${p.body.Id}`, { Line__c: 'Software' })).body.Success).toBe(true);
    expect((await c.get(`/v1/object/product/${p.body.Id}`)).body.Line__c).toBe('Software');
    const plan = await c.post('/v1/object/product-rate-plan', { ProductId: p.body.Id, Name: 'Plan', Tier__c: 'toolong' });
    expect(plan.status).toBe(400);
    const plan2 = await c.post('/v1/object/product-rate-plan', { ProductId: p.body.Id, Name: 'Plan', Tier__c: 'Gold' });
    expect(plan2.body.Success, JSON.stringify(plan2.body)).toBe(true);
    // charges have no definitions: free-form as before
    expect((await c.get(`/v1/object/product-rate-plan/${plan2.body.Id}`)).body.Tier__c).toBe('Gold');
  });
});
