import { beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { monthsBetween, percentDiscountMetrics, segmentAmount } from '../../src/modules/order-extras/ramp-metrics.js';
import { parseIntervals } from '../../src/modules/order-extras/ramps.js';
import { newAccount, rampCatalog, twoYearSubscription } from './fixtures.js';

const V = { 'Zuora-Version': '2024-05-20' };
let t: TestApp;

beforeAll(async () => {
  t = await setupApp();
});

const TWO_YEARS = {
  name: 'Two Years Ramp',
  intervals: [
    { name: 'Year 1', startDate: '2020-01-01', endDate: '2020-12-31' },
    { name: 'Year 2', startDate: '2021-01-01', endDate: '2021-12-31' },
  ],
};

describe('ramp rules (pure)', () => {
  it('counts months in a span, the remainder in days of the following month', () => {
    expect(monthsBetween('2020-01-01', '2021-01-01').toNumber()).toBe(12);
    expect(monthsBetween('2020-01-01', '2020-01-16').toNumber()).toBeCloseTo(15 / 31, 10);
    // Jan 31 + 1 month is Feb 29 (2020); one day remains, over the 29 days that follow.
    expect(monthsBetween('2020-01-31', '2020-03-01').toNumber()).toBeCloseTo(1 + 1 / 29, 10);
  });
  it('prices a segment by charge model', () => {
    const seg = { segment: 1, effectiveStartDate: '2020-01-01', effectiveEndDate: null, quantity: '15', price: '5', discountPercentage: null, discountAmount: null, version: 1 };
    const base = { id: 'x', chargeNumber: 'C-1', productRatePlanChargeId: 'p', name: 'n', chargeType: 'Recurring', billingPeriod: 'Month', billingTiming: null, triggerEvent: 'ContractEffective', customFields: {} };
    expect(segmentAmount({ ...base, chargeModel: 'Per Unit Pricing', segments: [] }, { ...seg, tiers: [] }).gross.toNumber()).toBe(75);
    expect(segmentAmount({ ...base, chargeModel: 'Flat Fee Pricing', segments: [] }, { ...seg, tiers: [] }).gross.toNumber()).toBe(5);
    const tiers = [
      { tier: 1, startingUnit: '0', endingUnit: '10', price: '2', priceFormat: 'PerUnit' },
      { tier: 2, startingUnit: '11', endingUnit: null, price: '1', priceFormat: 'PerUnit' },
    ];
    // Tiered: 10 units at 2 + 5 units at 1; volume: all 15 at the tier holding 15.
    expect(segmentAmount({ ...base, chargeModel: 'Tiered Pricing', segments: [] }, { ...seg, tiers }).gross.toNumber()).toBe(25);
    expect(segmentAmount({ ...base, chargeModel: 'Volume Pricing', segments: [] }, { ...seg, tiers }).gross.toNumber()).toBe(15);
  });
  it('a 10% discount on a 100/month fee is 10 a month, 120 of discount over a year', () => {
    const base = { productRatePlanChargeId: 'p', billingPeriod: 'Month', billingTiming: null, triggerEvent: 'ContractEffective', customFields: {} };
    const seg = (over: Record<string, unknown>) => ({ segment: 1, effectiveStartDate: '2020-01-01', effectiveEndDate: '2021-01-01', quantity: null, price: null, tiers: [], discountPercentage: null, discountAmount: null, version: 1, ...over });
    const fee = { ...base, id: 'f', chargeNumber: 'C-1', name: 'Fee', chargeType: 'Recurring', chargeModel: 'Flat Fee Pricing', segments: [seg({ price: '100' })] };
    const off = { ...base, id: 'd', chargeNumber: 'C-2', name: 'Off', chargeType: 'Recurring', chargeModel: 'Discount-Percentage', segments: [seg({ discountPercentage: '10' })] };
    const m = percentDiscountMetrics(off, [fee, off], { name: 'Y1', description: '', startDate: '2020-01-01', endDate: '2020-12-31' })!;
    expect(m.discountTcv.toNumber()).toBe(120);
    expect(m.pieces.map((p) => [p.startDate, p.endDate, p.discount.toNumber()])).toEqual([['2020-01-01', '2020-12-31', 10]]);
    // The fee rises to 200 from July: the discount follows.
    fee.segments = [seg({ price: '100', effectiveEndDate: '2020-07-01' }), seg({ segment: 2, price: '200', effectiveStartDate: '2020-07-01' })];
    const m2 = percentDiscountMetrics(off, [fee, off], { name: 'Y1', description: '', startDate: '2020-01-01', endDate: '2020-12-31' })!;
    expect(m2.discountTcv.toNumber()).toBe(180);
    expect(m2.pieces.map((p) => p.discount.toNumber())).toEqual([10, 20]);
  });

  it('wants consecutive intervals', () => {
    expect(parseIntervals(TWO_YEARS.intervals, 'ramp').map((i) => i.name)).toEqual(['Year 1', 'Year 2']);
    expect(() => parseIntervals([TWO_YEARS.intervals[0], { name: 'Year 2', startDate: '2021-01-02', endDate: '2021-12-31' }], 'ramp')).toThrow(/gap/);
    expect(() => parseIntervals([TWO_YEARS.intervals[0], { name: 'Year 2', startDate: '2020-12-31', endDate: '2021-12-31' }], 'ramp')).toThrow(/overlaps/);
    expect(() => parseIntervals([{ name: 'A', startDate: '2020-02-01', endDate: '2020-01-01' }], 'ramp')).toThrow(/endDate/);
    expect(() => parseIntervals([], 'ramp')).toThrow(/intervals/);
  });
});

describe('ramps on orders', () => {
  let c: Client;
  let cat: Awaited<ReturnType<typeof rampCatalog>>;
  let acct: { accountNumber: string };
  beforeAll(async () => {
    c = await t.newClient();
    cat = await rampCatalog(c);
    acct = await newAccount(c);
  });

  it('an order creates a ramp; metrics per interval follow the sample (10/month → 120 a year, 240 in all)', async () => {
    const o = await c.post('/v1/orders', twoYearSubscription(acct.accountNumber, cat.planId, TWO_YEARS));
    expect(o.body.success).toBe(true);
    const subNo = o.body.subscriptions[0].subscriptionNumber;
    const sub = await c.get(`/v1/subscriptions/${subNo}`);
    const charges = sub.body.ratePlans[0].ratePlanCharges as Array<{ number: string; productRatePlanChargeId: string }>;
    const flat = charges.find((x) => x.productRatePlanChargeId === cat.flatChargeId)!;

    const list = await c.get(`/v1/subscriptions/${subNo}/ramps`);
    expect(list.body.success).toBe(true);
    expect(list.body.ramps).toHaveLength(1);
    const ramp = list.body.ramps[0];
    expect(ramp).toMatchObject({
      name: 'Two Years Ramp',
      number: 'R-00000001',
      subscriptionNumber: subNo,
      intervals: [
        { name: 'Year 1', startDate: '2020-01-01', endDate: '2020-12-31', description: null },
        { name: 'Year 2', startDate: '2021-01-01', endDate: '2021-12-31', description: null },
      ],
    });
    expect(ramp.charges.map((x: { chargeNumber: string }) => x.chargeNumber).sort()).toEqual(charges.map((x) => x.number).sort());
    const one = await c.get('/v1/ramps/R-00000001');
    expect(one.body.ramp).toEqual(ramp);

    const m = await c.get('/v1/ramps/R-00000001/ramp-metrics');
    expect(m.body.success).toBe(true);
    // 10 flat + 5 × 1 seat = 15 a month.
    expect(m.body.rampMetrics).toMatchObject({ number: 'R-00000001', name: 'Two Years Ramp', grossTcv: 360, netTcv: 360, discountTcv: 0, grossTcb: 360 });
    const y1 = m.body.rampMetrics.intervals[0];
    expect(y1).toMatchObject({ name: 'Year 1', startDate: '2020-01-01', endDate: '2020-12-31', grossTcv: 180, netTcv: 180 });
    const flatMetrics = y1.intervalMetrics.find((x: { chargeNumber: string }) => x.chargeNumber === flat.number);
    expect(flatMetrics).toMatchObject({
      grossTcv: 120,
      grossTcb: 120,
      netTcv: 120,
      discountTcv: 0,
      quantity: 1,
      startDate: '2020-01-01',
      endDate: '2020-12-31',
      subscriptionNumber: subNo,
      productRatePlanChargeId: cat.flatChargeId,
      mrr: [{ startDate: '2020-01-01', endDate: '2020-12-31', gross: 10, discount: 0, net: 10 }],
    });
    const bySub = await c.get(`/v1/subscriptions/${subNo}/ramp-metrics`);
    expect(bySub.body.rampMetrics).toEqual(m.body.rampMetrics);

    const byOrder = await c.get(`/v1/orders/${o.body.orderNumber}/ramp-metrics`);
    expect(byOrder.body.rampMetrics).toHaveLength(1);
    const d1 = byOrder.body.rampMetrics[0].intervals[0].intervalDeltaMetrics.find((x: { chargeNumber: string }) => x.chargeNumber === flat.number);
    expect(d1).toMatchObject({
      deltaGrossTcv: 120,
      deltaNetTcv: 120,
      deltaMrr: [{ startDate: '2020-01-01', endDate: '2020-12-31', gross: 10, discount: 0, net: 10 }],
      // As in Zuora's sample: creating the charge adds its quantity over the interval.
      deltaQuantity: [{ amount: 1, startDate: '2020-01-01', endDate: '2020-12-31' }],
    });
  });

  it('a later order raising seats in year 2 shows its delta by order', async () => {
    const o = await c.post('/v1/orders', twoYearSubscription(acct.accountNumber, cat.planId, { ...TWO_YEARS, charges: undefined }));
    const subNo = o.body.subscriptions[0].subscriptionNumber;
    const rampNo = (await c.get(`/v1/subscriptions/${subNo}/ramps`)).body.ramps[0].number;
    const sub = await c.get(`/v1/subscriptions/${subNo}`);
    const seat = (sub.body.ratePlans[0].ratePlanCharges as Array<{ number: string; productRatePlanChargeId: string }>).find((x) => x.productRatePlanChargeId === cat.seatChargeId)!;
    const u = await c.post('/v1/orders', {
      existingAccountNumber: acct.accountNumber,
      orderDate: '2021-01-01',
      subscriptions: [
        {
          subscriptionNumber: subNo,
          orderActions: [
            {
              type: 'UpdateProduct',
              triggerDates: [
                { name: 'ContractEffective', triggerDate: '2021-01-01' },
                { name: 'ServiceActivation', triggerDate: '2021-01-01' },
                { name: 'CustomerAcceptance', triggerDate: '2021-01-01' },
              ],
              updateProduct: { ratePlanId: sub.body.ratePlans[0].id, chargeUpdates: [{ chargeNumber: seat.number, pricing: { recurringPerUnit: { quantity: 3 } } }] },
            },
          ],
        },
      ],
    });
    expect(u.body.success).toBe(true);
    const m = await c.get(`/v1/ramps/${rampNo}/ramp-metrics`);
    // Year 1: 15 × 12 = 180; year 2: (10 + 5 × 3) × 12 = 300.
    expect(m.body.rampMetrics.intervals.map((i: { grossTcv: number }) => i.grossTcv)).toEqual([180, 300]);
    const byOrder = await c.get(`/v1/orders/${u.body.orderNumber}/ramp-metrics`);
    const [y1, y2] = byOrder.body.rampMetrics[0].intervals;
    const seatDelta = (iv: { intervalDeltaMetrics: Array<{ chargeNumber: string }> }) => iv.intervalDeltaMetrics.find((x) => x.chargeNumber === seat.number) as Record<string, unknown>;
    expect(seatDelta(y1)).toMatchObject({ deltaGrossTcv: 0, deltaMrr: [], deltaQuantity: [] });
    expect(seatDelta(y2)).toMatchObject({
      deltaGrossTcv: 120,
      deltaMrr: [{ startDate: '2021-01-01', endDate: '2021-12-31', gross: 10, net: 10, discount: 0 }],
      deltaQuantity: [{ startDate: '2021-01-01', endDate: '2021-12-31', amount: 2 }],
    });
  });

  it('a ramp with bad intervals fails the whole order, naming the field', async () => {
    const before = (await c.get(`/v1/subscriptions/accounts/${acct.accountNumber}`)).body;
    const bad = await c.post(
      '/v1/orders',
      twoYearSubscription(acct.accountNumber, cat.planId, { name: 'Bad', intervals: [TWO_YEARS.intervals[0], { name: 'Year 2', startDate: '2021-02-01', endDate: '2021-12-31' }] }),
      V,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.reasons[0].message).toContain('subscriptions[0].ramp.intervals');
    const bad2 = await c.post('/v1/orders', twoYearSubscription(acct.accountNumber, cat.planId, { intervals: TWO_YEARS.intervals, charges: [{ chargeNumber: 'C-99999999' }] }), V);
    expect(bad2.status).toBe(400);
    expect(bad2.body.reasons[0].message).toContain('chargeNumber');
    const after = (await c.get(`/v1/subscriptions/accounts/${acct.accountNumber}`)).body;
    expect(after.subscriptions?.length).toBe(before.subscriptions?.length);
  });

  it('unknown ramps and subscriptions without a ramp answer not found', async () => {
    expect((await c.get('/v1/ramps/R-09999999', V)).status).toBe(404);
    expect((await c.get('/v1/ramps/R-09999999/ramp-metrics', V)).status).toBe(404);
    const o = await c.post('/v1/orders', twoYearSubscription(acct.accountNumber, cat.planId));
    const subNo = o.body.subscriptions[0].subscriptionNumber;
    expect((await c.get(`/v1/subscriptions/${subNo}/ramps`)).body).toEqual({ ramps: [], success: true });
    expect((await c.get(`/v1/subscriptions/${subNo}/ramp-metrics`, V)).status).toBe(404);
    expect((await c.get(`/v1/orders/${o.body.orderNumber}/ramp-metrics`)).body).toEqual({ rampMetrics: [], success: true });
    // an order that does not exist is not found, not an empty list
    const unknown = await c.get('/v1/orders/O-09999999/ramp-metrics', V);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ success: false, reasons: [{ message: 'Order O-09999999 does not exist' }] });
    expect(unknown.body.reasons[0].code % 100).toBe(40);
  });

  it('a later order can restate the intervals of the same ramp', async () => {
    const o = await c.post('/v1/orders', twoYearSubscription(acct.accountNumber, cat.planId, TWO_YEARS));
    const subNo = o.body.subscriptions[0].subscriptionNumber;
    const rampNo = (await c.get(`/v1/subscriptions/${subNo}/ramps`)).body.ramps[0].number;
    const halves = [
      { name: 'H1', startDate: '2020-01-01', endDate: '2020-06-30' },
      { name: 'H2', startDate: '2020-07-01', endDate: '2021-12-31' },
    ];
    const u = await c.post('/v1/orders', {
      existingAccountNumber: acct.accountNumber,
      orderDate: '2020-03-01',
      subscriptions: [
        {
          subscriptionNumber: subNo,
          ramp: { intervals: halves },
          orderActions: [{ type: 'TermsAndConditions', triggerDates: [{ name: 'ContractEffective', triggerDate: '2020-03-01' }], termsAndConditions: { autoRenew: true } }],
        },
      ],
    });
    expect(u.body.success).toBe(true);
    const r = (await c.get(`/v1/subscriptions/${subNo}/ramps`)).body.ramps;
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ number: rampNo, name: 'Two Years Ramp' });
    expect(r[0].intervals.map((i: { name: string }) => i.name)).toEqual(['H1', 'H2']);
    const m = (await c.get(`/v1/ramps/${rampNo}/ramp-metrics`)).body.rampMetrics;
    // 15 a month: 6 months, then 18 months.
    expect(m.intervals.map((i: { grossTcv: number }) => i.grossTcv)).toEqual([90, 270]);
  });

  it('an order can delete a ramp', async () => {
    const o = await c.post('/v1/orders', twoYearSubscription(acct.accountNumber, cat.planId, TWO_YEARS));
    const subNo = o.body.subscriptions[0].subscriptionNumber;
    const rampNo = (await c.get(`/v1/subscriptions/${subNo}/ramps`)).body.ramps[0].number;
    const d = await c.post('/v1/orders', {
      existingAccountNumber: acct.accountNumber,
      orderDate: '2020-06-01',
      subscriptions: [
        {
          subscriptionNumber: subNo,
          ramp: { delete: true },
          orderActions: [{ type: 'TermsAndConditions', triggerDates: [{ name: 'ContractEffective', triggerDate: '2020-06-01' }], termsAndConditions: { autoRenew: true } }],
        },
      ],
    });
    expect(d.body.success).toBe(true);
    expect((await c.get(`/v1/subscriptions/${subNo}/ramps`)).body.ramps).toEqual([]);
    expect((await c.get(`/v1/ramps/${rampNo}`, V)).status).toBe(404);
  });

  it("Zuora's ramp deal tutorial: 3 yearly intervals at 1000, 1200 and 1400 a year", async () => {
    const annual = await rampCatalog(c, { period: 'Annual', flatPrice: 1000 });
    const body = twoYearSubscription(acct.accountNumber, annual.planId, {
      name: 'Three Year Ramp',
      intervals: [
        { name: 'Interval 1', startDate: '2020-07-01', endDate: '2021-06-30' },
        { name: 'Interval 2', startDate: '2021-07-01', endDate: '2022-06-30' },
        { name: 'Interval 3', startDate: '2022-07-01', endDate: '2023-06-30' },
      ],
    });
    const act = body.subscriptions[0]!.orderActions[0]!;
    body.orderDate = '2020-07-01';
    act.triggerDates = act.triggerDates.map((d) => ({ ...d, triggerDate: '2020-07-01' }));
    act.createSubscription.terms.initialTerm = { period: 36, periodType: 'Month', termType: 'TERMED', startDate: '2020-07-01' };
    const o = await c.post('/v1/orders', body);
    expect(o.body.success).toBe(true);
    const subNo = o.body.subscriptions[0].subscriptionNumber;
    const sub = (await c.get(`/v1/subscriptions/${subNo}`)).body;
    const flat = (sub.ratePlans[0].ratePlanCharges as Array<{ number: string; productRatePlanChargeId: string }>).find((x) => x.productRatePlanChargeId === annual.flatChargeId)!;
    for (const [date, price] of [
      ['2021-07-01', 1200],
      ['2022-07-01', 1400],
    ] as const) {
      const u = await c.post('/v1/orders', {
        existingAccountNumber: acct.accountNumber,
        orderDate: date,
        subscriptions: [
          {
            subscriptionNumber: subNo,
            orderActions: [
              {
                type: 'UpdateProduct',
                triggerDates: ['ContractEffective', 'ServiceActivation', 'CustomerAcceptance'].map((name) => ({ name, triggerDate: date })),
                updateProduct: { ratePlanId: sub.ratePlans[0].id, chargeUpdates: [{ chargeNumber: flat.number, pricing: { recurringFlatFee: { listPrice: price } } }] },
              },
            ],
          },
        ],
      });
      expect(u.body.success).toBe(true);
    }
    const m = (await c.get(`/v1/subscriptions/${subNo}/ramp-metrics`)).body.rampMetrics;
    const flatIn = (iv: { intervalMetrics: Array<{ chargeNumber: string }> }) => iv.intervalMetrics.find((x) => x.chargeNumber === flat.number) as Record<string, unknown>;
    expect(m.intervals.map((iv: { intervalMetrics: Array<{ chargeNumber: string }> }) => flatIn(iv).grossTcv)).toEqual([1000, 1200, 1400]);
    // MRR is the yearly price over 12 months.
    expect((flatIn(m.intervals[1]).mrr as Array<{ gross: number }>)[0]!.gross).toBe(100);
    expect((flatIn(m.intervals[0]).mrr as Array<{ gross: number }>)[0]!.gross).toBe(83.33);
  });
});
