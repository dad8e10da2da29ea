// Numbers: Zuora docs, "Rating by billing period" (docs.zuora.com/en/zuora-billing/bill-your-customer/rating/
// on-demand-usage-rating/rating-by-billing-period): tiers 0-10 at 2.00, 11-20 at 3.00, 21+ at 5.00; 15 units → 35;
// and "Tiered pricing" (knowledgecenter.zuora.com/Zuora_Billing/B_Set_up_Zuora_Billing/Build_products_and_prices/
// Charge_models_-_configure_any_pricing/CC_Tiered_pricing): flat fee tiers 0-5 at 0, 5.01-7 at 200, 7.01-9 at 100;
// 8.5 units → 0 + 200 + 100 = 300.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rateTiered } from '../../../../src/modules/billing/rating/models/tiered.js';
import type { ChargePricing, PricingTier } from '../../../../src/modules/billing/rating/models/types.js';

const tiers: PricingTier[] = [
  { tier: 1, startingUnit: 0, endingUnit: 10, price: '2.00', priceFormat: 'PerUnit' },
  { tier: 2, startingUnit: 11, endingUnit: 20, price: '3.00', priceFormat: 'PerUnit' },
  { tier: 3, startingUnit: 21, endingUnit: null, price: '5.00', priceFormat: 'PerUnit' },
];
const pricing: ChargePricing = { currency: 'USD', tiers };

describe('Tiered Pricing', () => {
  it('15 units: 10 × 2.00 + 5 × 3.00 = 35 (the docs example), with a tier-by-tier breakdown', () => {
    const r = rateTiered(pricing, { quantity: 15 });
    expect(r.amount.toFixed()).toBe('35');
    expect(r.tiers.map((t) => [t.tier, t.units.toFixed(), t.amount.toFixed()])).toEqual([
      [1, '10', '20'],
      [2, '5', '15'],
    ]);
  });

  it('crosses into the open last tier: 25 units = 20 + 30 + 25 = 75', () => {
    expect(rateTiered(pricing, { quantity: 25 }).amount.toFixed()).toBe('75');
  });

  it('the docs example of flat fee tiers: 8.5 units reach tier 3, 0 + 200 + 100 = 300', () => {
    const p: ChargePricing = {
      currency: 'USD',
      tiers: [
        { tier: 1, startingUnit: '0.00', endingUnit: '5.00', price: '0.00', priceFormat: 'FlatFee' },
        { tier: 2, startingUnit: '5.01', endingUnit: '7.00', price: '200.00', priceFormat: 'FlatFee' },
        { tier: 3, startingUnit: '7.01', endingUnit: '9.00', price: '100.00', priceFormat: 'FlatFee' },
      ],
    };
    const r = rateTiered(p, { quantity: '8.5' });
    expect(r.amount.toFixed()).toBe('300');
    expect(r.tiers.map((t) => t.amount.toFixed())).toEqual(['0', '200', '100']);
    expect(rateTiered(p, { quantity: '6' }).amount.toFixed()).toBe('200');
  });

  it('a Flat Fee tier charges its price once when reached', () => {
    const p: ChargePricing = {
      currency: 'USD',
      tiers: [
        { tier: 1, startingUnit: 0, endingUnit: 10, price: '100', priceFormat: 'FlatFee' },
        { tier: 2, startingUnit: 11, endingUnit: null, price: '4', priceFormat: 'PerUnit' },
      ],
    };
    expect(rateTiered(p, { quantity: 3 }).amount.toFixed()).toBe('100');
    expect(rateTiered(p, { quantity: 12 }).amount.toFixed()).toBe('108');
  });

  it('a proration factor scales every tier line', () => {
    expect(rateTiered(pricing, { quantity: 15, prorationFactor: '0.5' }).amount.toFixed()).toBe('17.5');
  });

  it('a quantity beyond a closed last tier is an error, never a guess', () => {
    const closed = { currency: 'USD', tiers: tiers.slice(0, 2) };
    expect(() => rateTiered(closed, { quantity: 21 })).toThrow(/beyond the last tier/);
  });

  it('refuses broken tier tables', () => {
    expect(() => rateTiered({ currency: 'USD', tiers: [] }, { quantity: 1 })).toThrow(/tiers are required/);
    expect(() =>
      rateTiered({ currency: 'USD', tiers: [tiers[2]!, { ...tiers[1]!, tier: 4 }] }, { quantity: 1 }),
    ).toThrow(/no endingUnit but is not the last tier/);
    expect(() =>
      rateTiered({ currency: 'USD', tiers: [tiers[0]!, { ...tiers[1]!, endingUnit: 5 }] }, { quantity: 1 }),
    ).toThrow(/endingUnit is below|ends at or before/);
    expect(() => rateTiered({ currency: 'USD', tiers: [{ ...tiers[0]!, priceFormat: 'Bulk' as never }] }, { quantity: 1 })).toThrow(/priceFormat/);
  });

  it('property: the amount is monotone in quantity and the lines sum to it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const rl = rateTiered(pricing, { quantity: lo });
        const rh = rateTiered(pricing, { quantity: hi });
        expect(rl.amount.lte(rh.amount)).toBe(true);
        expect(rh.tiers.reduce((s, t) => s.add(t.amount), rh.amount.mul(0)).eq(rh.amount)).toBe(true);
        expect(rh.tiers.reduce((s, t) => s.add(t.units), rh.amount.mul(0)).toFixed()).toBe(String(hi));
      }),
    );
  });
});
