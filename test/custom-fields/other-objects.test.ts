import { beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type TestApp } from '../helpers.js';
import { usageWorld } from '../usage/fixtures.js';

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

  it('AccountingCode: reads list the defined fields, writes are checked', async () => {
    const c = await t.newClient();
    await c.put('/settings/custom-fields/zuora/AccountingCode', { properties: { Ledger__c: { type: 'string', label: 'Ledger', default: 'Main' } } });
    const bad = await c.post('/v1/accounting-codes', { name: 'Cash', type: 'Cash', Other__c: 'x' }, V);
    expect(bad.status).toBe(400);
    expect(bad.body.reasons[0].code % 100).toBe(21);
    const ok = await c.post('/v1/accounting-codes', { name: 'Cash', type: 'Cash' });
    expect(ok.body.success, JSON.stringify(ok.body)).toBe(true);
    expect((await c.get(`/v1/accounting-codes/${ok.body.id}`)).body.Ledger__c).toBe('Main');
    expect((await c.put(`/v1/accounting-codes/${ok.body.id}`, { Ledger__c: 7 }, V)).status).toBe(400);
    expect((await c.get('/v1/accounting-codes')).body.accountingCodes[0].Ledger__c).toBe('Main');
  });

  it('Usage: object API writes are checked, the default is filled in', async () => {
    const c = await t.newClient({ timezone: 'UTC' });
    const w = await usageWorld(c);
    await c.put('/settings/custom-fields/zuora/Usage', { properties: { Region__c: { type: 'string', enum: ['EU', 'US'], label: 'Region', default: 'EU' } } });
    const base = { AccountId: w.accountId, UOM: 'Minutes', Quantity: 5, StartDateTime: '2024-06-01T02:00:00.000+01:00' };
    const bad = await c.post('/v1/object/usage', { ...base, Region__c: 'Mars' });
    expect(bad.status).toBe(400);
    expect(bad.body.Success).toBe(false);
    const ok = await c.post('/v1/object/usage', base);
    expect(ok.body.Success, JSON.stringify(ok.body)).toBe(true);
    expect((await c.get(`/v1/object/usage/${ok.body.Id}`)).body.Region__c).toBe('EU');
    expect((await c.put(`/v1/object/usage/${ok.body.Id}`, { Other__c: 'x' })).status).toBe(400);
    expect((await c.put(`/v1/object/usage/${ok.body.Id}`, { Region__c: 'US' })).body.Success).toBe(true);
    expect((await c.get(`/v1/object/usage/${ok.body.Id}`)).body.Region__c).toBe('US');
  });

  it('PaymentMethod: reads list the defined fields, writes are checked', async () => {
    const c = await t.newClient();
    await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2026-06-15' });
    await c.put('/settings/custom-fields/zuora/PaymentMethod', { properties: { Wallet__c: { type: 'boolean', label: 'Wallet' }, Note__c: { type: 'string', label: 'Note' } } });
    const a = await c.post('/v1/accounts', { name: 'A', currency: 'USD', billCycleDay: 1, billToContact: { firstName: 'A', lastName: 'B' } });
    const card = { type: 'CreditCard', cardType: 'Visa', cardNumber: '4111111111111111', expirationMonth: 12, expirationYear: 2028, cardHolderInfo: { cardHolderName: 'Amy' }, accountKey: a.body.accountId };
    const bad = await c.post('/v1/payment-methods', { ...card, Wallet__c: 'maybe' }, V);
    expect(bad.status).toBe(400);
    expect(bad.body.reasons[0].code % 100).toBe(20);
    const ok = await c.post('/v1/payment-methods', { ...card, Wallet__c: true });
    expect(ok.body.success, JSON.stringify(ok.body)).toBe(true);
    const got = (await c.get(`/v1/payment-methods/${ok.body.id}`)).body;
    expect(got).toMatchObject({ Wallet__c: true, Note__c: null });
    expect((await c.put(`/v1/payment-methods/${ok.body.id}`, { Unknown__c: 'x' }, V)).status).toBe(400);
  });
});
