// Numbers: Zuora docs, "Storage (usage, tiered with overage)" (docs.zuora.com/.../create-product-rate-plan-charges/
// storage-usage-tiered-with-overage: tiers 1-500 at 0, 500-1000 at .10, 1000-3000 at .08, 3000-10000 at .06,
// overage .15) and "Example: Tiered pricing mode" (.../ratingdetail-schema/example-tiered-pricing-mode: 130 units
// over 0-100 at 0.00 and 101-200 at 2.00 = 60.00), and "Tiered pricing" (knowledgecenter.zuora.com/.../CC_Tiered_pricing:
// flat fee tiers 0-5 at 0, 5.01-7 at 200, 7.01-9 at 100, overage 75).
import { describe, expect, it } from 'vitest';
import { rateTieredWithOverage } from '../../../../src/modules/billing/rating/models/tiered-with-overage.js';
import type { ChargePricing } from '../../../../src/modules/billing/rating/models/types.js';

const storage: ChargePricing = {
  currency: 'USD',
  tiers: [
    { tier: 1, startingUnit: 1, endingUnit: 500, price: 0, priceFormat: 'PerUnit' },
    { tier: 2, startingUnit: 500, endingUnit: 1000, price: '.10', priceFormat: 'PerUnit' },
    { tier: 3, startingUnit: 1000, endingUnit: 3000, price: '.08', priceFormat: 'PerUnit' },
    { tier: 4, startingUnit: 3000, endingUnit: 10000, price: '.06', priceFormat: 'PerUnit' },
  ],
  overagePrice: '.15',
};

describe('Tiered with Overage Pricing', () => {
  it('130 units: 100 × 0.00 + 30 × 2.00 = 60.00', () => {
    const p: ChargePricing = {
      currency: 'USD',
      tiers: [
        { tier: 1, startingUnit: 0, endingUnit: 100, price: '0.00', priceFormat: 'PerUnit' },
        { tier: 2, startingUnit: 101, endingUnit: 200, price: '2.00', priceFormat: 'PerUnit' },
      ],
      overagePrice: '3.00',
    };
    expect(rateTieredWithOverage(p, { quantity: 130 }).amount.toFixed(2)).toBe('60.00');
  });

  it('the storage table: 2,500 GB stays inside the tiers', () => {
    // 500 × 0 + 500 × .10 + 1500 × .08 = 170
    expect(rateTieredWithOverage(storage, { quantity: 2500 }).amount.toFixed()).toBe('170');
  });

  it('the storage table: 12,000 GB adds 2,000 GB of overage at .15, as its own line', () => {
    const r = rateTieredWithOverage(storage, { quantity: 12000 });
    // 0 + 50 + 160 + 420 + 300
    expect(r.amount.toFixed()).toBe('930');
    const last = r.tiers[r.tiers.length - 1]!;
    expect([last.tier, last.units.toFixed(), last.amount.toFixed(), last.endingUnit]).toEqual([5, '2000', '300', null]);
  });

  it('flat fee tiers and an overage: 8.5 units = 300; 10 units = 300 + 1 × 75', () => {
    const p: ChargePricing = {
      currency: 'USD',
      tiers: [
        { tier: 1, startingUnit: '0.00', endingUnit: '5.00', price: '0.00', priceFormat: 'FlatFee' },
        { tier: 2, startingUnit: '5.01', endingUnit: '7.00', price: '200.00', priceFormat: 'FlatFee' },
        { tier: 3, startingUnit: '7.01', endingUnit: '9.00', price: '100.00', priceFormat: 'FlatFee' },
      ],
      overagePrice: '75.00',
    };
    expect(rateTieredWithOverage(p, { quantity: '8.5' }).amount.toFixed()).toBe('300');
    expect(rateTieredWithOverage(p, { quantity: 10 }).amount.toFixed()).toBe('375');
  });

  it('needs a closed last tier and an overage price', () => {
    const open = { ...storage, tiers: [{ startingUnit: 0, endingUnit: null, price: 1, priceFormat: 'PerUnit' as const }] };
    expect(() => rateTieredWithOverage(open, { quantity: 1 })).toThrow(/must have an endingUnit/);
    expect(() => rateTieredWithOverage({ ...storage, overagePrice: null }, { quantity: 1 })).toThrow(/overagePrice is required/);
  });
});
