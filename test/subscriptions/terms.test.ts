import { describe, expect, it } from 'vitest';
import type { ChargeDoc, SegmentDoc } from '../../src/modules/subscriptions/model.js';
import { addPeriod, monthsBetween, periodAmount, segmentMrr, segmentTcv } from '../../src/modules/subscriptions/terms.js';

const seg = (over: Partial<SegmentDoc>): SegmentDoc => ({
  id: 's',
  segment: 1,
  effectiveStartDate: '2024-01-01',
  effectiveEndDate: '2025-01-01',
  quantity: '1',
  price: '0',
  tiers: [],
  discountAmount: null,
  discountPercentage: null,
  includedUnits: null,
  overagePrice: null,
  version: 1,
  ...over,
});
const charge = (over: Partial<ChargeDoc>) => ({ type: 'Recurring', model: 'FlatFee', billingPeriod: 'Month', specificBillingPeriod: null, listPriceBase: 'Per_Billing_Period', ...over }) as ChargeDoc;
const tiers = [
  { tier: 1, startingUnit: '0', endingUnit: '10', price: '10', priceFormat: 'PerUnit' },
  { tier: 2, startingUnit: '11', endingUnit: '20', price: '8', priceFormat: 'PerUnit' },
  { tier: 3, startingUnit: '21', endingUnit: null, price: '100', priceFormat: 'FlatFee' },
];

describe('term arithmetic', () => {
  it('adds months, years, weeks and days; month ends are kept in range', () => {
    expect(addPeriod('2024-01-01', 12, 'Month')).toBe('2025-01-01');
    expect(addPeriod('2024-01-31', 1, 'Month')).toBe('2024-02-29');
    expect(addPeriod('2024-02-29', 1, 'Year')).toBe('2025-02-28');
    expect(addPeriod('2024-01-01', 2, 'Week')).toBe('2024-01-15');
    expect(addPeriod('2024-01-01', 375, 'Day')).toBe('2025-01-10');
  });
  it('counts months between dates, the rest by days of the month', () => {
    expect(monthsBetween('2024-01-01', '2025-01-01').toNumber()).toBe(12);
    expect(monthsBetween('2024-01-01', '2024-01-16').toNumber()).toBeCloseTo(15 / 31, 10);
    expect(monthsBetween('2024-04-01', '2024-06-16').toNumber()).toBe(2.5);
  });
});

describe('amounts of a billing period', () => {
  it('per unit, tiered (each tier its own price) and volume (one tier for all units)', () => {
    expect(periodAmount(charge({ model: 'PerUnit' }), seg({ price: '10', quantity: '5' })).toNumber()).toBe(50);
    // 15 units tiered: 10 × 10 + 5 × 8
    expect(periodAmount(charge({ model: 'Tiered' }), seg({ tiers: tiers as never, quantity: '15' })).toNumber()).toBe(140);
    // 25 units tiered: 100 + 80 + a flat 100
    expect(periodAmount(charge({ model: 'Tiered' }), seg({ tiers: tiers as never, quantity: '25' })).toNumber()).toBe(280);
    // 15 units volume: all at the second tier's 8
    expect(periodAmount(charge({ model: 'Volume' }), seg({ tiers: tiers as never, quantity: '15' })).toNumber()).toBe(120);
    expect(periodAmount(charge({ model: 'Volume' }), seg({ tiers: tiers as never, quantity: '30' })).toNumber()).toBe(100);
  });
  it('monthly recurring revenue by billing period; contract value over the segment', () => {
    expect(segmentMrr(charge({ billingPeriod: 'Annual' }), seg({ price: '120' })).toNumber()).toBe(10);
    expect(segmentMrr(charge({ billingPeriod: 'Quarter' }), seg({ price: '30' })).toNumber()).toBe(10);
    expect(segmentMrr(charge({ type: 'OneTime' }), seg({ price: '30' })).toNumber()).toBe(0);
    expect(segmentTcv(charge({}), seg({ price: '100' })).toNumber()).toBe(1200);
    expect(segmentTcv(charge({ type: 'OneTime' }), seg({ price: '30' })).toNumber()).toBe(30);
    expect(segmentTcv(charge({}), seg({ price: '100', effectiveEndDate: null })).toNumber()).toBe(0);
  });
});
