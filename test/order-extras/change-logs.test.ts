import { beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { diffFields } from '../../src/modules/order-extras/change-logs.js';
import { newAccount, rampCatalog, twoYearSubscription } from './fixtures.js';

const V = { 'Zuora-Version': '2024-05-20' };
let t: TestApp;
let c: Client;
let cat: Awaited<ReturnType<typeof rampCatalog>>;
let acct: { accountId: string; accountNumber: string };

beforeAll(async () => {
  t = await setupApp();
  c = await t.newClient();
  cat = await rampCatalog(c);
  acct = await newAccount(c);
});

describe('diffFields (pure)', () => {
  it('reports changed scalars as strings, new ones with a null old value, custom fields by name', () => {
    expect(diffFields(undefined, { autoRenew: false, termType: 'TERMED', customFields: { RP_CF1__c: 'Init' } }, new Set())).toEqual([
      { fieldName: 'autoRenew', oldValue: null, newValue: 'false' },
      { fieldName: 'termType', oldValue: null, newValue: 'TERMED' },
      { fieldName: 'RP_CF1__c', oldValue: null, newValue: 'Init' },
    ]);
    expect(diffFields({ a: '12', b: 'x' }, { a: '2', b: 'x' }, new Set())).toEqual([{ fieldName: 'a', oldValue: '12', newValue: '2' }]);
  });
});

describe('subscription change history', () => {
  it('records one entry per version, each naming its order and what changed', async () => {
    const o1 = await c.post('/v1/orders', twoYearSubscription(acct.accountNumber, cat.planId));
    expect(o1.body.success).toBe(true);
    const subNo = o1.body.subscriptions[0].subscriptionNumber;
    const sub = (await c.get(`/v1/subscriptions/${subNo}`)).body;
    const seat = (sub.ratePlans[0].ratePlanCharges as Array<{ number: string; productRatePlanChargeId: string }>).find((x) => x.productRatePlanChargeId === cat.seatChargeId)!;
    const o2 = await c.post('/v1/orders', {
      existingAccountNumber: acct.accountNumber,
      orderDate: '2020-07-01',
      subscriptions: [
        {
          subscriptionNumber: subNo,
          orderActions: [
            {
              type: 'UpdateProduct',
              triggerDates: [
                { name: 'ContractEffective', triggerDate: '2020-07-01' },
                { name: 'ServiceActivation', triggerDate: '2020-07-01' },
                { name: 'CustomerAcceptance', triggerDate: '2020-07-01' },
              ],
              updateProduct: { ratePlanId: sub.ratePlans[0].id, chargeUpdates: [{ chargeNumber: seat.number, pricing: { recurringPerUnit: { quantity: 3 } } }] },
            },
          ],
        },
      ],
    });
    expect(o2.body.success).toBe(true);

    const all = await c.get(`/v1/subscription-change-logs/${subNo}`);
    expect(all.body.success).toBe(true);
    expect(all.body.subscriptions.map((s: { version: number; orderNumber: string }) => [s.version, s.orderNumber])).toEqual([
      [2, o2.body.orderNumber],
      [1, o1.body.orderNumber],
    ]);
    const v1 = all.body.subscriptions[1];
    expect(v1).toMatchObject({
      subscriptionNumber: subNo,
      version: 1,
      accountNumber: acct.accountNumber,
      invoiceOwnerAccountNumber: acct.accountNumber,
      currency: 'USD',
      type: 'Standard',
      externalSubscriptionId: null,
      subscriptionStartDate: '2020-01-01',
      termStartDate: '2020-01-01',
      termEndDate: '2022-01-01',
    });
    expect(v1.changedTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    // A new subscription: every field is new (old value null), e.g. as in Zuora's sample.
    expect(v1.fields).toEqual(expect.arrayContaining([{ fieldName: 'accountId', oldValue: null, newValue: acct.accountId }, { fieldName: 'autoRenew', oldValue: null, newValue: 'false' }]));
    const v1Seat = v1.ratePlans[0].ratePlanCharges.find((x: { chargeNumber: string }) => x.chargeNumber === seat.number);
    // As in Zuora's sample, a new charge lists its price and quantity.
    expect(v1Seat.fields).toEqual([
      { fieldName: 'price', oldValue: null, newValue: '5' },
      { fieldName: 'quantity', oldValue: null, newValue: '1' },
    ]);
    expect(v1.ratePlans[0].fields).toEqual([]);
    expect(v1.ratePlans[0].ratePlanNumber).toMatch(/^SRP-\d{8}$/);
    expect(v1Seat).toMatchObject({ effectiveStartDate: '2020-01-01', effectiveEndDate: '2022-01-01' });

    const v2 = (await c.get(`/v1/subscription-change-logs/${subNo}/versions/2`)).body;
    expect(v2.success).toBe(true);
    expect(v2.subscription).toEqual(all.body.subscriptions[0]);
    // Only the seat charge changed: its quantity, from the update date.
    expect(v2.subscription.ratePlans).toHaveLength(1);
    expect(v2.subscription.ratePlans[0].ratePlanNumber).toBe(v1.ratePlans[0].ratePlanNumber);
    expect(v2.subscription.ratePlans[0].ratePlanCharges.map((x: { chargeNumber: string }) => x.chargeNumber)).toEqual([seat.number]);
    expect(v2.subscription.ratePlans[0].ratePlanCharges[0].fields).toEqual(expect.arrayContaining([{ fieldName: 'quantity', oldValue: '1', newValue: '3' }]));
    expect(v2.subscription.fields.find((f: { fieldName: string }) => f.fieldName === 'accountId')).toBeUndefined();

    const byOrder = await c.get(`/v1/subscription-change-logs/orders/${o2.body.orderNumber}`);
    expect(byOrder.body.subscriptions).toEqual([v2.subscription]);
  });

  it('a failed order leaves no history; unknown keys answer not found', async () => {
    const bad = await c.post('/v1/orders', twoYearSubscription(acct.accountNumber, 'f'.repeat(32)), V);
    expect(bad.status).toBe(400);
    expect((await c.get('/v1/subscription-change-logs/A-S09999999', V)).status).toBe(404);
    expect((await c.get('/v1/subscription-change-logs/orders/O-09999999', V)).status).toBe(404);
    const o = await c.post('/v1/orders', twoYearSubscription(acct.accountNumber, cat.planId));
    const subNo = o.body.subscriptions[0].subscriptionNumber;
    expect((await c.get(`/v1/subscription-change-logs/${subNo}/versions/7`, V)).status).toBe(404);
    const r = await c.get(`/v1/subscription-change-logs/${subNo}/versions/x`, V);
    expect(r.status).toBe(400);
    expect(r.body.reasons[0].message).toContain('version');
  });
});
