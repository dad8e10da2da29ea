// Numbers: Zuora docs, "Example: Flat fee pricing model" and "Example: Per unit pricing model"
// (docs.zuora.com/.../ratingdetail-schema/example-flat-fee-pricing-model, .../example-per-unit-pricing-model),
// and "Charge models" (knowledgecenter.zuora.com/Billing/Subscriptions/Product_Catalog/B_Charge_Models).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RatingError } from '../../../../src/modules/billing/rating/models/types.js';
import { rateFlatFee } from '../../../../src/modules/billing/rating/models/flat-fee.js';
import { ratePerUnit } from '../../../../src/modules/billing/rating/models/per-unit.js';

const USD = (price: string) => ({ currency: 'USD', price });

describe('Flat Fee Pricing', () => {
  it('charges the price whatever the usage (99.00 for 160 units)', () => {
    const r = rateFlatFee(USD('99.00'), { quantity: '160' });
    expect(r.amount.toFixed(2)).toBe('99.00');
    expect(r.tiers).toEqual([]);
  });

  it('a gym membership of 50 a month is 50 a month; half a period is worth half', () => {
    expect(rateFlatFee(USD('50')).amount.toFixed()).toBe('50');
    expect(rateFlatFee(USD('50'), { prorationFactor: '0.5' }).amount.toFixed()).toBe('25');
  });

  it('refuses a missing price and a proration factor outside 0..1', () => {
    expect(() => rateFlatFee({ currency: 'USD', price: null })).toThrow(RatingError);
    expect(() => rateFlatFee(USD('10'), { prorationFactor: '1.5' })).toThrow(/prorationFactor/);
  });
});

describe('Per Unit Pricing', () => {
  it('is price × quantity (120 × 100.00 = 12,000.00)', () => {
    expect(ratePerUnit(USD('100.00'), { quantity: 120 }).amount.toFixed(2)).toBe('12000.00');
  });

  it('50 per user for 7 users is 350; the price is never rounded', () => {
    expect(ratePerUnit(USD('50'), { quantity: 7 }).amount.toFixed()).toBe('350');
    expect(ratePerUnit(USD('3.1235'), { quantity: 3 }).amount.toFixed()).toBe('9.3705');
  });

  it('refuses a negative or non-numeric quantity with a typed error', () => {
    const e = (() => {
      try {
        ratePerUnit(USD('1'), { quantity: -1 });
      } catch (err) {
        return err as RatingError;
      }
    })();
    expect(e).toBeInstanceOf(RatingError);
    expect(e!.reason).toBe('INVALID_QUANTITY');
    expect(e!.code).toBe(50000020);
    expect(() => ratePerUnit(USD('1'), { quantity: 'ten' })).toThrow(/not a number/);
  });

  it('property: amount is linear in quantity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 6 }), fc.integer({ min: 0, max: 10 ** 6 }), fc.integer({ min: 0, max: 10 ** 5 }), (a, b, cents) => {
        const p = USD((cents / 100).toFixed(2));
        const sum = ratePerUnit(p, { quantity: a }).amount.add(ratePerUnit(p, { quantity: b }).amount);
        expect(ratePerUnit(p, { quantity: a + b }).amount.eq(sum)).toBe(true);
      }),
    );
  });
});
