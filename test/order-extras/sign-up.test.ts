import { beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { rampCatalog } from './fixtures.js';

const V = { 'Zuora-Version': '2024-05-20' };
let t: TestApp;
let c: Client;
let cat: Awaited<ReturnType<typeof rampCatalog>>;

beforeAll(async () => {
  t = await setupApp();
  c = await t.newClient();
  cat = await rampCatalog(c);
});

const signUp = (userId: string, over: Record<string, unknown> = {}) => ({
  accountData: {
    autoPay: false,
    billCycleDay: 15,
    billToContact: { country: 'United States', firstName: 'foo', lastName: 'bar', state: 'California' },
    currency: 'USD',
    customFields: { CustomerUserId__c: userId },
    name: 'User',
  },
  accountIdentifierField: 'CustomerUserId__c',
  options: { billingTargetDate: '2021-07-01', maxSubscriptionsPerAccount: 0 },
  subscriptionData: {
    invoiceSeparately: false,
    ratePlans: [{ productRatePlanId: cat.planId }],
    startDate: '2021-04-15',
    terms: {
      autoRenew: false,
      initialTerm: { period: 6, periodType: 'Month', startDate: '2021-04-15', termType: 'TERMED' },
      renewalSetting: 'RENEW_WITH_SPECIFIC_TERM',
      renewalTerms: [{ period: 6, periodType: 'Month' }],
    },
  },
  ...over,
});

describe('sign up', () => {
  it('creates the account and a subscription through an order, as in the sample', async () => {
    const r = await c.post('/v1/sign-up', signUp('User_1'));
    expect(r.body).toMatchObject({
      success: true,
      accountId: expect.any(String),
      accountNumber: expect.any(String),
      orderNumber: 'O-00000001',
      status: 'Completed',
      subscriptionId: expect.any(String),
      subscriptionNumber: 'A-S00000001',
    });
    const sub = await c.get(`/v1/subscriptions/${r.body.subscriptionNumber}`);
    expect(sub.body).toMatchObject({ accountNumber: r.body.accountNumber, termStartDate: '2021-04-15', termEndDate: '2021-10-15', status: 'Active', id: r.body.subscriptionId });
    const acc = await c.get(`/v1/accounts/${r.body.accountNumber}`);
    expect(acc.body.basicInfo).toMatchObject({ name: 'User', id: r.body.accountId });
  });

  it('finds the account again by its identifier field, and honours maxSubscriptionsPerAccount', async () => {
    const first = await c.post('/v1/sign-up', signUp('User_2'));
    const again = await c.post('/v1/sign-up', signUp('User_2'));
    expect(again.body.success).toBe(true);
    expect(again.body.accountId).toBe(first.body.accountId);
    expect(again.body.subscriptionNumber).not.toBe(first.body.subscriptionNumber);
    const limited = await c.post('/v1/sign-up', signUp('User_2', { options: { maxSubscriptionsPerAccount: 2 } }), V);
    expect(limited.status).toBe(400);
    expect(limited.body.reasons[0].code % 100).toBe(30);
    expect(limited.body.reasons[0].message).toContain('maximum');
    const subs = await c.get(`/v1/subscriptions/accounts/${first.body.accountNumber}`);
    expect(subs.body.subscriptions).toHaveLength(2);
    const ok = await c.post('/v1/sign-up', signUp('User_2', { options: { maxSubscriptionsPerAccount: 3 } }));
    expect(ok.body.success).toBe(true);
  });

  it('refuses bad input naming the field, and keeps nothing of a failed sign-up', async () => {
    let r = await c.post('/v1/sign-up', signUp('User_3', { subscriptionData: { ratePlans: [] } }), V);
    expect(r.status).toBe(400);
    expect(r.body.reasons[0].message).toContain('subscriptionData.ratePlans');
    r = await c.post('/v1/sign-up', signUp('User_3', { accountData: { name: 'X', currency: 'USD', billCycleDay: 1, billToContact: { firstName: 'f', lastName: 'l' } } }), V);
    expect(r.body.reasons[0].message).toContain('CustomerUserId__c');
    const noContact = signUp('User_3');
    delete (noContact.accountData as Record<string, unknown>).billToContact;
    r = await c.post('/v1/sign-up', noContact, V);
    expect(r.body.reasons[0].message).toContain('billToContact');
    // A plan that does not exist fails the order: no account is left behind.
    const before = (await c.post('/v1/accounts', { name: 'probe', currency: 'USD', billCycleDay: 1, billToContact: { firstName: 'p', lastName: 'q', country: 'United States', state: 'CA' } })).body.accountNumber as string;
    r = await c.post('/v1/sign-up', signUp('User_3', { subscriptionData: { ...signUp('x').subscriptionData, ratePlans: [{ productRatePlanId: 'f'.repeat(32) }] } }), V);
    expect(r.status).toBe(400);
    expect(r.body.reasons[0].message).toContain('subscriptionData.ratePlans[0]');
    expect(r.body.reasons[0].message).not.toContain('orderActions');
    const retry = await c.post('/v1/sign-up', signUp('User_3'));
    expect(retry.body.success).toBe(true);
    // The account numbers run on: the failed sign-up took none.
    expect(Number(retry.body.accountNumber.replace(/\D/g, ''))).toBe(Number(before.replace(/\D/g, '')) + 1);
    const again = await c.post('/v1/sign-up', signUp('User_3'));
    expect(again.body.accountId).toBe(retry.body.accountId);    // A sign-up with a payment method (the page's sample): the account gets it as its default.
    const pm = signUp('User_4');
    (pm.accountData as Record<string, unknown>).paymentMethod = { makeDefault: true, secondTokenId: '010', tokenId: 'User_269145114619000', type: 'CreditCardReferenceTransaction' };
    r = await c.post('/v1/sign-up', pm, V);
    expect(r.body.success, JSON.stringify(r.body)).toBe(true);
    const a = (await c.get(`/v1/accounts/${r.body.accountNumber}`)).body;
    expect(a.billingAndPayment.defaultPaymentMethodId).toMatch(/^[0-9a-f]{32}$/);
  });
});
