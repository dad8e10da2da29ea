// Numbers: Zuora docs, "High water mark pricing" (docs.zuora.com/.../charge-models---configure-any-pricing/
// high-water-mark-pricing): daily storage 0.56, 0.98, 1.12, 1.09, ... 0.89 GB; the highest day (1.12 GB) is priced.
import { describe, expect, it } from 'vitest';
import { highWatermark, rateHighWatermark } from '../../../../src/modules/billing/rating/models/high-watermark.js';
import type { ChargePricing } from '../../../../src/modules/billing/rating/models/types.js';

const days = ['0.56', '0.98', '1.12', '1.09', '0.7', '0.89'];
const pricing: ChargePricing = {
  currency: 'USD',
  tiers: [
    { tier: 1, startingUnit: 0, endingUnit: 1, price: '10', priceFormat: 'PerUnit' },
    { tier: 2, startingUnit: 1, endingUnit: null, price: '8', priceFormat: 'PerUnit' },
  ],
};

describe('High water mark pricing', () => {
  it('picks the highest day', () => {
    expect(highWatermark(days).toFixed()).toBe('1.12');
    expect(highWatermark([]).toFixed()).toBe('0');
  });

  it('HighWatermarkVolumePricing prices 1.12 GB at its tier: 1.12 × 8 = 8.96', () => {
    const r = rateHighWatermark(pricing, 'Volume', { dailyUsage: days });
    expect(r.quantity.toFixed()).toBe('1.12');
    expect(r.amount.toFixed()).toBe('8.96');
  });

  it('HighWatermarkTieredPricing prices 1.12 GB tier by tier: 1 × 10 + 0.12 × 8 = 10.96', () => {
    expect(rateHighWatermark(pricing, 'Tiered', { dailyUsage: days }).amount.toFixed()).toBe('10.96');
  });

  it('the last tier must be open-ended, and negative usage is refused', () => {
    const closed = { ...pricing, tiers: [pricing.tiers![0]!] };
    expect(() => rateHighWatermark(closed, 'Volume', { dailyUsage: days })).toThrow(/last tier must have no endingUnit/);
    expect(() => rateHighWatermark(pricing, 'Tiered', { dailyUsage: ['-1'] })).toThrow(/must not be negative/);
  });
});
