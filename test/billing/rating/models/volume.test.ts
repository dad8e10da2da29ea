// Numbers: Zuora docs, "Volume pricing" (knowledgecenter.zuora.com/Zuora_Billing/B_Set_up_Zuora_Billing/
// Build_products_and_prices/Charge_models_-_configure_any_pricing/DD_Volume_pricing): 0-50 licenses at 120 per unit,
// 51-100 at 100; 5 units = 600, 60 units = 6000. The other cases reuse the tier table of "Rating by billing period"
// (0-10 at 2.00, 11-20 at 3.00, 21+ at 5.00) with amounts derived from the same rule.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rateVolume } from '../../../../src/modules/billing/rating/models/volume.js';
import type { ChargePricing } from '../../../../src/modules/billing/rating/models/types.js';

const pricing: ChargePricing = {
  currency: 'USD',
  tiers: [
    { tier: 1, startingUnit: 0, endingUnit: 10, price: '2.00', priceFormat: 'PerUnit' },
    { tier: 2, startingUnit: 11, endingUnit: 20, price: '3.00', priceFormat: 'PerUnit' },
    { tier: 3, startingUnit: 21, endingUnit: null, price: '5.00', priceFormat: 'PerUnit' },
  ],
};

describe('Volume Pricing', () => {
  it('the docs example: 5 licenses × 120 = 600, 60 licenses × 100 = 6000', () => {
    const licenses: ChargePricing = {
      currency: 'USD',
      tiers: [
        { tier: 1, startingUnit: 0, endingUnit: 50, price: 120, priceFormat: 'PerUnit' },
        { tier: 2, startingUnit: 51, endingUnit: 100, price: 100, priceFormat: 'PerUnit' },
      ],
    };
    expect(rateVolume(licenses, { quantity: 5 }).amount.toFixed()).toBe('600');
    expect(rateVolume(licenses, { quantity: 60 }).amount.toFixed()).toBe('6000');
  });

  it('prices every unit at the tier of the whole quantity: 15 × 3.00 = 45', () => {
    const r = rateVolume(pricing, { quantity: 15 });
    expect(r.amount.toFixed()).toBe('45');
    expect(r.tiers).toHaveLength(1);
    expect(r.tiers[0]!.tier).toBe(2);
  });

  it('a boundary belongs to the tier ending there; just above it to the next', () => {
    expect(rateVolume(pricing, { quantity: 10 }).amount.toFixed()).toBe('20');
    expect(rateVolume(pricing, { quantity: '10.5' }).amount.toFixed()).toBe('31.5');
    expect(rateVolume(pricing, { quantity: 20 }).amount.toFixed()).toBe('60');
    expect(rateVolume(pricing, { quantity: 21 }).amount.toFixed()).toBe('105');
  });

  it('a Flat Fee tier is the amount of its whole range', () => {
    const p: ChargePricing = {
      currency: 'EUR',
      tiers: [
        { startingUnit: 0, endingUnit: 5, price: '40', priceFormat: 'FlatFee' },
        { startingUnit: 6, endingUnit: null, price: '7', priceFormat: 'PerUnit' },
      ],
    };
    expect(rateVolume(p, { quantity: 1 }).amount.toFixed()).toBe('40');
    expect(rateVolume(p, { quantity: 5 }).amount.toFixed()).toBe('40');
    expect(rateVolume(p, { quantity: 6 }).amount.toFixed()).toBe('42');
  });

  it('a quantity beyond a closed last tier is an error', () => {
    const closed = { currency: 'USD', tiers: pricing.tiers!.slice(0, 2) };
    expect(() => rateVolume(closed, { quantity: 25 })).toThrow(/falls in no tier/);
  });

  it('property: within one tier the amount is price × quantity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 11, max: 20 }), (q) => {
        expect(rateVolume(pricing, { quantity: q }).amount.toFixed()).toBe(String(q * 3));
      }),
    );
  });
});
