import { describe, expect, it } from 'vitest';
import { subscriptionReader } from '../../src/modules/subscriptions/service.js';
import { makeCtx } from '../../src/platform/context.js';
import { setupApp, type Client } from '../helpers.js';
import { createSubscriptionOrder, makeCatalog, newAccount, type Catalog } from './fixtures.js';

const t = await setupApp();
const ctxOf = (c: Client) => makeCtx(c.tenant, t.database.db);

type Charge = { number: string; name: string; segment: number; effectiveStartDate: string; effectiveEndDate: string | null; quantity: number; price: number; chargeSegments?: Seg[] };
type Seg = { segment: number; effectiveStartDate: string; effectiveEndDate: string | null; quantity: number; price: number; version: number };

async function sub(c: Client, key: string, query = '?charge-detail=all-segments') {
  const r = await c.get(`/v1/subscriptions/${key}${query}`);
  expect(r.body.success, JSON.stringify(r.body)).toBe(true);
  return r.body;
}
const charge = (s: any, name: string): Charge => s.ratePlans.flatMap((rp: any) => rp.ratePlanCharges).find((ch: Charge) => ch.name === name);
const segs = (ch: Charge) => ch.chargeSegments!.map((s) => [s.effectiveStartDate, s.effectiveEndDate, s.quantity]);

async function order(c: Client, number: string, actions: unknown[], orderDate = '2024-01-01') {
  const r = await c.post('/v1/orders', { existingAccountNumber: acc.accountNumber, orderDate, subscriptions: [{ subscriptionNumber: number, orderActions: actions }] });
  expect(r.body.success, JSON.stringify(r.body)).toBe(true);
  return r.body;
}
const ce = (d: string) => [{ name: 'ContractEffective', triggerDate: d }];

let acc: { accountNumber: string; accountId: string };

describe("a subscription's life through orders", () => {
  let c: Client;
  let cat: Catalog;
  let num: string;

  it('v1: a 12-month termed subscription, Active, term 2024-01-01..2025-01-01, one segment per charge', async () => {
    c = await t.newClient();
    cat = await makeCatalog(c);
    acc = await newAccount(c);
    const r = await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId, { orderDate: '2024-01-01' }));
    expect(r.body).toMatchObject({ success: true, orderNumber: 'O-00000001', status: 'Completed', accountNumber: acc.accountNumber });
    expect(r.body.subscriptions[0]).toMatchObject({ subscriptionNumber: 'A-S00000001', status: 'Active', subscriptionOwnerNumber: acc.accountNumber });
    num = r.body.subscriptions[0].subscriptionNumber;
    const s = await sub(c, num);
    expect(s).toMatchObject({
      version: 1,
      status: 'Active',
      termType: 'TERMED',
      contractEffectiveDate: '2024-01-01',
      serviceActivationDate: '2024-01-01',
      customerAcceptanceDate: '2024-01-01',
      subscriptionStartDate: '2024-01-01',
      subscriptionEndDate: '2025-01-01',
      termStartDate: '2024-01-01',
      termEndDate: '2025-01-01',
      initialTerm: 12,
      initialTermPeriodType: 'Month',
      currentTerm: 12,
      renewalTerm: 12,
      autoRenew: true,
      renewalSetting: 'RENEW_WITH_SPECIFIC_TERM',
      contractedMrr: 110,
      totalContractedValue: 1320,
    });
    const fee = charge(s, 'Platform Fee');
    expect(fee).toMatchObject({ number: 'C-00000001', price: 100, quantity: 1, segment: 1, effectiveStartDate: '2024-01-01', effectiveEndDate: '2025-01-01' });
    expect(charge(s, 'Seats')).toMatchObject({ number: 'C-00000002', price: 10, quantity: 1 });
    // the account's bill cycle day was already 1; the subscription keeps it
  });

  it('v2: AddProduct on 2024-04-01 adds a rate plan whose charge starts then; v1 stays as it was', async () => {
    await order(c, num, [{ type: 'AddProduct', triggerDates: ce('2024-04-01'), addProduct: { productRatePlanId: cat.addonPlanId, uniqueToken: 'rp-1', chargeOverrides: [{ productRatePlanChargeId: cat.addonChargeId, uniqueToken: 'ch-1' }] } }], '2024-04-01');
    // the contract keeps the order's unique tokens (ramps resolve charges by them)
    const rec = await subscriptionReader.getSubscription(ctxOf(c), num);
    expect(rec!.ratePlans[1]).toMatchObject({ uniqueToken: 'rp-1', subscriptionRatePlanNumber: 'SRP-00000002' });
    expect(rec!.ratePlans[1]!.charges[0]).toMatchObject({ uniqueToken: 'ch-1', chargeNumber: 'C-00000003', pending: false });
    const s = await sub(c, num);
    expect(s.version).toBe(2);
    expect(s.ratePlans).toHaveLength(2);
    expect(s.ratePlans[1]).toMatchObject({ lastChangeType: 'Add', ratePlanName: 'Addon' });
    expect(charge(s, 'Addon Fee')).toMatchObject({ number: 'C-00000003', effectiveStartDate: '2024-04-01', effectiveEndDate: '2025-01-01', price: 20 });
    const old = (await c.get(`/v1/subscriptions/${num}/versions/1`)).body;
    expect(old.version).toBe(1);
    expect(old.ratePlans).toHaveLength(1);
  });

  it('v3: UpdateProduct raises seats to 5 from 2024-07-01: the seat charge gets a second segment', async () => {
    const s2 = await sub(c, num);
    const base = s2.ratePlans[0];
    await order(c, num, [
      {
        type: 'UpdateProduct',
        triggerDates: ce('2024-07-01'),
        updateProduct: { ratePlanId: base.id, chargeUpdates: [{ chargeNumber: 'C-00000002', pricing: { recurringPerUnit: { quantity: 5 } } }] },
      },
    ], '2024-06-15');
    const s = await sub(c, num);
    expect(s.version).toBe(3);
    const seats = charge(s, 'Seats');
    expect(segs(seats)).toEqual([
      ['2024-01-01', '2024-07-01', 1],
      ['2024-07-01', '2025-01-01', 5],
    ]);
    // the contract other modules read: each segment knows the version that made it
    const rec = await subscriptionReader.getSubscription(ctxOf(c), num);
    expect(rec!.ratePlans[0]!.charges.find((x) => x.name === 'Seats')!.segments.map((g) => [g.segment, g.version, g.quantity])).toEqual([
      [1, 1, '1'],
      [2, 3, '5'],
    ]);
    expect((await subscriptionReader.getSubscription(ctxOf(c), num, 1))!.version).toBe(1);
    expect((await subscriptionReader.listByAccount(ctxOf(c), acc.accountId)).map((x) => x.subscriptionNumber)).toEqual([num]);
    expect(seats).toMatchObject({ segment: 2, quantity: 5, effectiveStartDate: '2024-07-01' });
    // what this version changed: seats MRR 10 → 50; contract value 120 → 6 × 10 + 6 × 50 = 360
    expect(seats).toMatchObject({ mrr: 50, dmrc: 40, tcv: 360, dtcv: 240 });
    expect(charge(s, 'Platform Fee')).toMatchObject({ dmrc: 0, dtcv: 0 });
    // the flat fee did not change: one segment still
    expect(segs(charge(s, 'Platform Fee'))).toEqual([['2024-01-01', '2025-01-01', 1]]);
    expect(s.contractedMrr).toBe(170);
    // the segment in force on a date
    const cur = await sub(c, num, '?charge-detail=specific-segment&as-of-date=2024-03-01');
    expect(charge(cur, 'Seats')).toMatchObject({ segment: 1, quantity: 1 });
  });

  it('v4/v5: suspend on 2024-09-01 and resume on 2024-10-01 extending the term by the 30 days', async () => {
    const r1 = await order(c, num, [{ type: 'Suspend', suspend: { suspendPolicy: 'SpecificDate', suspendSpecificDate: '2024-09-01' } }], '2024-08-20');
    expect(r1.subscriptions[0].status).toBe('Suspended');
    let s = await sub(c, num);
    expect(s).toMatchObject({ version: 4, status: 'Suspended', scheduledSuspendDate: '2024-09-01', termEndDate: '2025-01-01' });
    expect(segs(charge(s, 'Seats')).at(-1)).toEqual(['2024-07-01', '2024-09-01', 5]);
    expect(segs(charge(s, 'Addon Fee'))).toEqual([['2024-04-01', '2024-09-01', 1]]);
    // a suspended subscription takes no other change than a resume
    const bad = await c.post('/v1/orders', {
      existingAccountNumber: acc.accountNumber,
      orderDate: '2024-09-10',
      subscriptions: [{ subscriptionNumber: num, orderActions: [{ type: 'AddProduct', addProduct: { productRatePlanId: cat.addonPlanId } }] }],
    });
    expect(bad.body.success).toBe(false);
    expect(bad.body.reasons[0].message).toMatch(/suspended/);

    await order(c, num, [{ type: 'Resume', resume: { resumePolicy: 'SpecificDate', resumeSpecificDate: '2024-10-01', extendsTerm: true } }], '2024-09-25');
    s = await sub(c, num);
    expect(s).toMatchObject({ version: 5, status: 'Active', scheduledSuspendDate: '2024-09-01', scheduledResumeDate: '2024-10-01', termEndDate: '2025-01-31', subscriptionEndDate: '2025-01-31' });
    expect(segs(charge(s, 'Seats'))).toEqual([
      ['2024-01-01', '2024-07-01', 1],
      ['2024-07-01', '2024-09-01', 5],
      ['2024-10-01', '2025-01-31', 5],
    ]);
    expect(segs(charge(s, 'Platform Fee'))).toEqual([
      ['2024-01-01', '2024-09-01', 1],
      ['2024-10-01', '2025-01-31', 1],
    ]);
  });

  it('v6: RenewSubscription starts a new 12-month term at the old term end and carries the charges on', async () => {
    const r = await order(c, num, [{ type: 'RenewSubscription', renewSubscription: {} }], '2025-01-15');
    expect(r.subscriptions[0].status).toBe('Active');
    const s = await sub(c, num);
    expect(s).toMatchObject({ version: 6, termStartDate: '2025-01-31', termEndDate: '2026-01-31', currentTerm: 12, currentTermPeriodType: 'Month', initialTerm: 12, subscriptionEndDate: '2026-01-31' });
    expect(segs(charge(s, 'Seats')).at(-1)).toEqual(['2024-10-01', '2026-01-31', 5]);
    expect(segs(charge(s, 'Addon Fee')).at(-1)).toEqual(['2024-10-01', '2026-01-31', 1]);
  });

  it('v7: CancelSubscription on a specific date ends every segment there; nothing is deleted', async () => {
    const r = await order(c, num, [{ type: 'CancelSubscription', cancelSubscription: { cancellationPolicy: 'SpecificDate', cancellationEffectiveDate: '2025-06-01' } }], '2025-05-01');
    expect(r.subscriptions[0].status).toBe('Cancelled');
    const s = await sub(c, num);
    expect(s).toMatchObject({ version: 7, status: 'Cancelled', subscriptionEndDate: '2025-06-01', termEndDate: '2026-01-31' });
    expect(s.statusHistory.at(-1)).toEqual({ startDate: '2025-06-01', endDate: null, status: 'Cancelled' });
    expect(segs(charge(s, 'Seats'))).toEqual([
      ['2024-01-01', '2024-07-01', 1],
      ['2024-07-01', '2024-09-01', 5],
      ['2024-10-01', '2025-06-01', 5],
    ]);
    expect(charge(s, 'Platform Fee').effectiveEndDate).toBe('2025-06-01');
    // every version is still readable, each as it was
    for (let v = 1; v <= 7; v++) expect((await c.get(`/v1/subscriptions/${num}/versions/${v}`)).body.version).toBe(v);
    const v6 = (await c.get(`/v1/subscriptions/${num}/versions/6`)).body;
    expect(v6).toMatchObject({ status: 'Active', isLatestVersion: false });
    // by id: an id names one version; by number: the latest
    expect((await c.get(`/v1/subscriptions/${v6.id}`)).body).toMatchObject({ version: 6, isLatestVersion: false });
    expect((await c.get(`/v1/subscriptions/${s.id}/versions/2`)).body.version).toBe(2);
    expect(s.isLatestVersion).toBe(true);
    // detailed metrics only when asked for
    expect(s).not.toHaveProperty('asOfDayGrossMrr');
    const d = (await c.get(`/v1/subscriptions/${num}?getDetailedMetrics=true&asOfDay=2024-08-01`)).body;
    // a cancellation leaves the contracted MRR as it was (Zuora's cancel sample: totalDeltaMrr 0)
    expect(d).toMatchObject({ contractedMrr: 170, asOfDayGrossMrr: 170 });
    // nothing is in force while suspended
    expect((await c.get(`/v1/subscriptions/${num}?getDetailedMetrics=true&asOfDay=2024-09-15`)).body.asOfDayGrossMrr).toBe(0);
    // removed or ended plans can be left out
    expect((await c.get(`/v1/subscriptions/${num}?exclude-rate-plans-with-no-charges=true`)).body.ratePlans).toHaveLength(2);
    // a cancelled subscription cannot be renewed
    const again = await c.post('/v1/orders', { existingAccountNumber: acc.accountNumber, orderDate: '2025-07-01', subscriptions: [{ subscriptionNumber: num, orderActions: [{ type: 'RenewSubscription', renewSubscription: {} }] }] });
    expect(again.body.success).toBe(false);
    expect(again.body.reasons[0].message).toMatch(/subscriptions\[0\]\.orderActions\[0\] \(RenewSubscription on A-S00000001\).*cancelled/);
  });

  it('lists the orders of the subscription, newest first, with their actions', async () => {
    const r = await c.get(`/v1/orders/subscription/${num}`);
    expect(r.body.success).toBe(true);
    expect(r.body.orders.map((o: any) => o.orderNumber)).toEqual(['O-00000007', 'O-00000006', 'O-00000005', 'O-00000004', 'O-00000003', 'O-00000002', 'O-00000001']);
    const first = (await c.get('/v1/orders/O-00000001')).body.order;
    expect(first.subscriptions[0]).toMatchObject({ subscriptionNumber: num, baseVersion: null, newVersion: 1 });
    expect(first.subscriptions[0].orderActions[0]).toMatchObject({ type: 'CreateSubscription', sequence: 0, createSubscription: { subscriptionNumber: num } });
    expect(first.subscriptions[0].orderActions[0].triggerDates[0]).toEqual({ name: 'ContractEffective', triggerDate: '2024-01-01' });
  });
});
