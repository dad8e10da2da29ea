// The fields of GET /v1/subscriptions/{key} (issue 7 §3): what the schema has is
// there (null when unset), what neither the schema nor Zuora's responses have is not.
import { describe, expect, it } from 'vitest';
import * as catalog from '../../src/modules/catalog/service.js';
import { statusHistoryOf } from '../../src/modules/subscriptions/view.js';
import type { SubscriptionDoc } from '../../src/modules/subscriptions/model.js';
import { makeCtx } from '../../src/platform/context.js';
import { setupApp, type Client } from '../helpers.js';
import { createSubscriptionOrder, makeCatalog, newAccount, type Catalog } from './fixtures.js';

const t = await setupApp();

const TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;

const FORBIDDEN = ['createdDate', 'updatedDate', 'cancelledDate', 'suspendDate', 'resumeDate', 'billToContactId', 'soldToContactId', 'shipToContactId'];

async function sub(c: Client, key: string, query = '') {
  const r = await c.get(`/v1/subscriptions/${key}${query}`);
  expect(r.body.success, JSON.stringify(r.body)).toBe(true);
  return r.body;
}
const charges = (s: any): any[] => s.ratePlans.flatMap((rp: any) => rp.ratePlanCharges);
const chargeNamed = (s: any, name: string) => charges(s).find((ch) => ch.name === name);

async function order(c: Client, accountNumber: string, number: string, actions: unknown[], orderDate: string) {
  const r = await c.post('/v1/orders', { existingAccountNumber: accountNumber, orderDate, subscriptions: [{ subscriptionNumber: number, orderActions: actions }] });
  expect(r.body.success, JSON.stringify(r.body)).toBe(true);
  return r.body;
}

describe('GET /v1/subscriptions/{key}: the fields Zuora sends', () => {
  let c: Client;
  let cat: Catalog;
  let acc: { accountId: string; accountNumber: string };
  let num: string;

  it('a new subscription: nested contacts (the account’s), times, status history, no Zuora-unknown keys', async () => {
    c = await t.newClient();
    cat = await makeCatalog(c);
    acc = await newAccount(c, { soldToContact: { firstName: 'Sold', lastName: 'To', country: 'United States', state: 'NY' } });
    const r = await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId, { orderDate: '2024-01-01' }));
    expect(r.body.success, JSON.stringify(r.body)).toBe(true);
    num = r.body.subscriptions[0].subscriptionNumber;
    const s = await sub(c, num);
    for (const k of FORBIDDEN) expect(s, k).not.toHaveProperty(k);
    const account = (await c.get(`/v1/accounts/${acc.accountNumber}`)).body;
    // the order moved the account's last booking date
    expect(account.basicInfo.lastBookingDate).toBe('2024-01-01');
    expect(s.billToContact).toMatchObject({ id: account.billToContact.id, firstName: 'Sub', lastName: 'Tester', state: 'CA', country: 'United States' });
    expect(s.soldToContact).toMatchObject({ id: account.soldToContact.id, firstName: 'Sold', lastName: 'To', state: 'NY' });
    // an unset contact field is null, never ""
    expect(s.billToContact.address1).toBeNull();
    // no ship-to contact: the key is absent
    expect(s).not.toHaveProperty('shipToContact');
    expect(s.createTime).toMatch(TIMESTAMP);
    expect(s.updateTime).toMatch(TIMESTAMP);
    expect(s.statusHistory).toEqual([{ startDate: '2024-01-01', endDate: null, status: 'Active' }]);
    expect(s).toMatchObject({ invoiceTemplateName: null, sequenceSetId: null, sequenceSetName: null, lastBookingDate: '2024-01-01' });
    // never suspended: the scheduled dates are absent, not null
    expect(s).not.toHaveProperty('scheduledSuspendDate');
    expect(s).not.toHaveProperty('scheduledResumeDate');
  });

  it('charges: originalOrderDate, salesPrice, the discount flags, numberOfDeliveries', async () => {
    const s = await sub(c, num);
    for (const ch of charges(s)) {
      expect(ch, ch.name).toMatchObject({ originalOrderDate: '2024-01-01', salesPrice: ch.price, isStackedDiscount: false, reflectDiscountInNetAmount: false, numberOfDeliveries: null });
      expect(ch).toMatchObject({ ratingGroup: null, usageRecordRatingOption: null, smoothingModel: null, numberOfPeriods: null });
    }
    expect(chargeNamed(s, 'Platform Fee').salesPrice).toBe(100);
    // a charge added later keeps the date of the order that added it
    await order(c, acc.accountNumber, num, [{ type: 'AddProduct', triggerDates: [{ name: 'ContractEffective', triggerDate: '2024-04-01' }], addProduct: { productRatePlanId: cat.addonPlanId } }], '2024-03-15');
    const s2 = await sub(c, num);
    expect(chargeNamed(s2, 'Addon Fee').originalOrderDate).toBe('2024-03-15');
    expect(chargeNamed(s2, 'Platform Fee').originalOrderDate).toBe('2024-01-01');
    expect((await c.get(`/v1/accounts/${acc.accountNumber}`)).body.basicInfo.lastBookingDate).toBe('2024-03-15');
    expect(s2.updateTime >= s.updateTime).toBe(true);
  });

  it('suspend and resume: the scheduled dates and the status history across versions', async () => {
    await order(c, acc.accountNumber, num, [{ type: 'Suspend', suspend: { suspendPolicy: 'SpecificDate', suspendSpecificDate: '2024-09-01' } }], '2024-08-20');
    let s = await sub(c, num);
    expect(s.scheduledSuspendDate).toBe('2024-09-01');
    expect(s).not.toHaveProperty('scheduledResumeDate');
    expect(s.statusHistory).toEqual([
      { startDate: '2024-01-01', endDate: '2024-09-01', status: 'Active' },
      { startDate: '2024-09-01', endDate: null, status: 'Suspended' },
    ]);
    await order(c, acc.accountNumber, num, [{ type: 'Resume', resume: { resumePolicy: 'SpecificDate', resumeSpecificDate: '2024-10-01', extendsTerm: true } }], '2024-09-25');
    s = await sub(c, num);
    expect(s).toMatchObject({ scheduledSuspendDate: '2024-09-01', scheduledResumeDate: '2024-10-01' });
    expect(s.statusHistory).toEqual([
      { startDate: '2024-01-01', endDate: '2024-09-01', status: 'Active' },
      { startDate: '2024-09-01', endDate: '2024-10-01', status: 'Suspended' },
      { startDate: '2024-10-01', endDate: null, status: 'Active' },
    ]);
    // an older version's history stops at that version
    const v1 = (await c.get(`/v1/subscriptions/${num}/versions/1`)).body;
    expect(v1.statusHistory).toEqual([{ startDate: '2024-01-01', endDate: null, status: 'Active' }]);
    for (const k of FORBIDDEN) expect(v1, k).not.toHaveProperty(k);
  });

  it("the subscription's own contacts, ship-to and sequence set win over the account's", async () => {
    const c2 = await t.newClient();
    const cat2 = await makeCatalog(c2);
    const a = await newAccount(c2);
    const other = await c2.post('/v1/contacts', { accountId: a.accountId, firstName: 'Other', lastName: 'Person', country: 'Canada' });
    expect(other.body.success, JSON.stringify(other.body)).toBe(true);
    const set = await c2.post('/v1/sequence-sets', { sequenceSets: [{ name: 'North set', invoice: { prefix: 'N-INV', startNumber: 1 }, creditMemo: { prefix: 'N-CM', startNumber: 1 }, debitMemo: { prefix: 'N-DM', startNumber: 1 } }] });
    expect(set.body.success, JSON.stringify(set.body)).toBe(true);
    const setId = set.body.sequenceSets[0].id;
    const r = await c2.post('/v1/orders', createSubscriptionOrder(a.accountNumber, cat2.basePlanId));
    expect(r.body.success, JSON.stringify(r.body)).toBe(true);
    const n = r.body.subscriptions[0].subscriptionNumber;
    const r2 = await c2.post('/v1/orders', {
      existingAccountNumber: a.accountNumber,
      orderDate: '2024-01-01',
      subscriptions: [
        {
          orderActions: [
            {
              type: 'CreateSubscription',
              createSubscription: {
                terms: { initialTerm: { period: 12, periodType: 'Month', termType: 'TERMED' }, renewalSetting: 'RENEW_WITH_SPECIFIC_TERM', renewalTerms: [{ period: 12, periodType: 'Month' }], autoRenew: false },
                subscribeToRatePlans: [{ productRatePlanId: cat2.basePlanId }],
                billToContactId: other.body.id,
                shipToContactId: other.body.id,
                sequenceSetId: setId,
              },
            },
          ],
        },
      ],
    });
    expect(r2.body.success, JSON.stringify(r2.body)).toBe(true);
    const own = await sub(c2, r2.body.subscriptions[0].subscriptionNumber);
    expect(own.billToContact).toMatchObject({ id: other.body.id, firstName: 'Other', country: 'Canada' });
    expect(own.shipToContact).toMatchObject({ id: other.body.id, firstName: 'Other' });
    expect(own.soldToContact.firstName).toBe('Sub');
    expect(own).toMatchObject({ sequenceSetId: setId, sequenceSetName: 'North set' });
    for (const k of FORBIDDEN) expect(own, k).not.toHaveProperty(k);
    // the first subscription still shows the account's contacts
    expect((await sub(c2, n)).billToContact.firstName).toBe('Sub');
  });

  it("usage charges carry the catalog's rating fields, and an order's override wins", async () => {
    const c3 = await t.newClient();
    const ctx = makeCtx(c3.tenant, t.database.db);
    const p = await catalog.createProduct(ctx, { name: 'Metered', effectiveStartDate: '2020-01-01', effectiveEndDate: '2040-01-01' });
    const plan = await catalog.createRatePlan(ctx, { productId: p.id, name: 'Usage plan', activeCurrencies: ['USD'] });
    await catalog.createCharge(ctx, {
      productRatePlanId: plan.id,
      name: 'Calls',
      chargeType: 'Usage',
      chargeModel: 'Per Unit Pricing',
      billingPeriod: 'Month',
      uom: 'Call',
      ratingGroup: 'ByUsageStartDate',
      usageRecordRatingOption: 'EndOfBillingPeriod',
      pricing: [{ currency: 'USD', price: '0.10' }],
    });
    const over = await catalog.createCharge(ctx, {
      productRatePlanId: plan.id,
      name: 'Minutes over',
      chargeType: 'Usage',
      chargeModel: 'Overage Pricing',
      billingPeriod: 'Month',
      uom: 'Minute',
      includedUnits: '1000',
      smoothingModel: 'RollingWindow',
      numberOfPeriod: 3,
      pricing: [{ currency: 'USD', overagePrice: '0.05' }],
    });
    const a = await newAccount(c3);
    const r = await c3.post('/v1/orders', createSubscriptionOrder(a.accountNumber, plan.id));
    expect(r.body.success, JSON.stringify(r.body)).toBe(true);
    const s = await sub(c3, r.body.subscriptions[0].subscriptionNumber);
    expect(chargeNamed(s, 'Calls')).toMatchObject({ ratingGroup: 'ByUsageStartDate', usageRecordRatingOption: 'EndOfBillingPeriod', smoothingModel: null, numberOfPeriods: null });
    expect(chargeNamed(s, 'Minutes over')).toMatchObject({ smoothingModel: 'RollingWindow', numberOfPeriods: 3 });

    // the order's charge override
    const body = createSubscriptionOrder(a.accountNumber, plan.id, {
      extra: {
        subscribeToRatePlans: [
          {
            productRatePlanId: plan.id,
            chargeOverrides: [{ productRatePlanChargeId: over.id, pricing: { usageOverage: { numberOfPeriods: 6 } } }],
          },
        ],
      },
    });
    const r2 = await c3.post('/v1/orders', body);
    expect(r2.body.success, JSON.stringify(r2.body)).toBe(true);
    const s2 = await sub(c3, r2.body.subscriptions[0].subscriptionNumber);
    expect(chargeNamed(s2, 'Minutes over')).toMatchObject({ smoothingModel: 'RollingWindow', numberOfPeriods: 6 });
    // a bad override is refused and changes nothing
    const before = (await c3.get(`/v1/subscriptions/accounts/${a.accountNumber}`)).body.subscriptions.length;
    const bad = createSubscriptionOrder(a.accountNumber, plan.id, {
      extra: { subscribeToRatePlans: [{ productRatePlanId: plan.id, chargeOverrides: [{ productRatePlanChargeId: over.id, pricing: { usageOverage: { numberOfPeriods: 0 } } }] }] },
    });
    const r3 = await c3.post('/v1/orders', bad);
    expect(r3.body.success).toBe(false);
    expect(r3.body.reasons[0].message).toMatch(/numberOfPeriods/);
    expect((await c3.get(`/v1/subscriptions/accounts/${a.accountNumber}`)).body.subscriptions.length).toBe(before);
  });
});

describe('statusHistoryOf', () => {
  const v = (version: number, status: string, over: Partial<SubscriptionDoc> = {}) =>
    ({ version, status, contractEffectiveDate: '2024-01-01', subscriptionStartDate: '2024-01-01', serviceActivationDate: null, orderDate: '2024-01-01', cancelledDate: null, suspendDate: null, resumeDate: null, subscriptionEndDate: '2025-01-01', termEndDate: '2025-01-01', ...over }) as SubscriptionDoc;
  it('merges versions of one status and opens the last period', () => {
    expect(statusHistoryOf([v(2, 'Active'), v(1, 'Active'), v(3, 'Cancelled', { cancelledDate: '2024-06-01' })])).toEqual([
      { startDate: '2024-01-01', endDate: '2024-06-01', status: 'Active' },
      { startDate: '2024-06-01', endDate: null, status: 'Cancelled' },
    ]);
  });
  it('a pending subscription starts at its contract effective date', () => {
    expect(statusHistoryOf([v(1, 'Pending Activation', { contractEffectiveDate: '2023-12-15' })])).toEqual([{ startDate: '2023-12-15', endDate: null, status: 'Pending Activation' }]);
  });
});
