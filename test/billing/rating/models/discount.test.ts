// Numbers: Zuora docs, "Fixed amount model and stacked discounts" (docs.zuora.com/.../discount-charge-models/
// fixed-amount-model-and-stacked-discounts: 100.00 with 30% and 20%: stacked -50.00, non-stacked -44.00),
// "Stacked discounts" (.../discount-charge-models/stacked-discounts: 5%, 10%, 15% on 100), "Process discounts"
// (.../discount-charge-models/process-discounts: the order of discounts), "Specify the discount scope"
// (.../discount-charge-models/specify-the-discount-scope), "Fixed amount model and percentage model" (the fixed amount
// model always prorates; applied per line item) and "Reason why some items on an invoice are discounted and some are
// not" (a 25.00 fixed discount spread over items in order).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyFixedAmountDiscount,
  applyPercentageDiscounts,
  chargeTypesOf,
  type DiscountCharge,
  discountAppliesTo,
  orderDiscounts,
  rateDiscountPercentage,
  type RegularCharge,
} from '../../../../src/modules/billing/rating/models/discount.js';
import { currencyRounding } from '../../../../src/modules/billing/rating/rounding.js';

const fix = (xs: { toFixed(): string }[]) => xs.map((x) => x.toFixed());

describe('Discount-Percentage: stacked and sequential', () => {
  it('stacked 30% + 20% on 100.00 is -50.00 (both on the original amount)', () => {
    const r = applyPercentageDiscounts('100.00', [
      { discountPercentage: 30, stacked: true },
      { discountPercentage: 20, stacked: true },
    ]);
    expect(fix(r.discounts)).toEqual(['-30', '-20']);
    expect(r.remaining.toFixed()).toBe('50');
  });

  it('non-stacked 30% then 20% on 100.00 is -44.00 (100 × 30% + 70 × 20%)', () => {
    const r = applyPercentageDiscounts('100.00', [{ discountPercentage: 30 }, { discountPercentage: 20 }]);
    expect(fix(r.discounts)).toEqual(['-30', '-14']);
    expect(r.remaining.toFixed()).toBe('56');
  });

  it('5%, 10% and 15% on 100: stacked 30 off, sequential 27.325 off (unrounded), 27.33 rounded per line', () => {
    const ds = [5, 10, 15];
    expect(applyPercentageDiscounts(100, ds.map((p) => ({ discountPercentage: p, stacked: true }))).remaining.toFixed()).toBe('70');
    expect(applyPercentageDiscounts(100, ds.map((p) => ({ discountPercentage: p }))).remaining.toFixed()).toBe('72.675');
    const rounded = applyPercentageDiscounts(100, ds.map((p) => ({ discountPercentage: p })), currencyRounding('USD'));
    // 5.00, then 10% of 95.00 = 9.50, then 15% of 85.50 = 12.825 → 12.83
    expect(fix(rounded.discounts)).toEqual(['-5', '-9.5', '-12.83']);
    expect(rounded.remaining.toFixed()).toBe('72.67');
  });

  it('a discount applies only to a positive amount', () => {
    expect(fix(applyPercentageDiscounts(-20, [{ discountPercentage: 50 }]).discounts)).toEqual(['0']);
  });

  it('one discount charge rated from its pricing; a percentage out of range is refused', () => {
    expect(rateDiscountPercentage({ currency: 'USD', discountPercentage: 10 }, { chargeAmount: '59.99' }).toFixed()).toBe('-5.999');
    expect(() => rateDiscountPercentage({ currency: 'USD', discountPercentage: 100 }, { chargeAmount: 1 })).toThrow(/between -100 and 100/);
    expect(() => rateDiscountPercentage({ currency: 'USD' }, { chargeAmount: 1 })).toThrow(/discountPercentage is required/);
  });

  it('property: stacked and sequential discounts never discount more than the charge, and sequential never more than stacked', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 6 }), fc.array(fc.integer({ min: 1, max: 99 }), { maxLength: 5 }), (cents, pcts) => {
        const amount = (cents / 100).toFixed(2);
        const seq = applyPercentageDiscounts(amount, pcts.map((p) => ({ discountPercentage: p })));
        const st = applyPercentageDiscounts(amount, pcts.map((p) => ({ discountPercentage: p, stacked: true })));
        expect(seq.remaining.isNeg()).toBe(false);
        expect(st.remaining.isNeg()).toBe(false);
        expect(seq.remaining.gte(st.remaining)).toBe(true);
      }),
    );
  });
});

describe('Discount-Fixed Amount', () => {
  it('spreads 25.00 over the items in order, each at most its own amount', () => {
    const r = applyFixedAmountDiscount({ currency: 'USD', discountAmount: 25 }, ['10.00', '5.00', '30.00', '8.00']);
    expect(fix(r.discounts)).toEqual(['-10', '-5', '-10', '0']);
    expect(r.unused.toFixed()).toBe('0');
  });

  it('more discount than charges leaves the rest unused; always prorates', () => {
    expect(applyFixedAmountDiscount({ currency: 'USD', discountAmount: 100 }, [40]).unused.toFixed()).toBe('60');
    const half = applyFixedAmountDiscount({ currency: 'USD', discountAmount: 100 }, [500], { prorationFactor: '0.5' });
    expect(fix(half.discounts)).toEqual(['-50']);
    const third = applyFixedAmountDiscount({ currency: 'USD', discountAmount: 100 }, [500], { prorationFactor: 1 / 3, rounding: currencyRounding('USD') });
    expect(fix(third.discounts)).toEqual(['-33.33']);
  });

  it('refuses a missing or negative discount amount', () => {
    expect(() => applyFixedAmountDiscount({ currency: 'USD' }, [1])).toThrow(/discountAmount is required/);
    expect(() => applyFixedAmountDiscount({ currency: 'USD', discountAmount: -1 }, [1])).toThrow(/must not be negative/);
  });
});

describe('discount scope and order', () => {
  const regular: RegularCharge = { chargeNumber: 'C-2', chargeType: 'Recurring', chargeModel: 'Per Unit Pricing', accountId: 'A', subscriptionId: 'S1', ratePlanId: 'RP1' };
  const disc = (o: Partial<DiscountCharge>): DiscountCharge => ({
    chargeNumber: 'C-9',
    chargeModel: 'Discount-Percentage',
    applyDiscountTo: 'RECURRING',
    discountLevel: 'rateplan',
    accountId: 'A',
    subscriptionId: 'S1',
    ratePlanId: 'RP1',
    ...o,
  });

  it('applyDiscountTo names the charge types (and accepts the object API spelling)', () => {
    expect([...chargeTypesOf('ONETIMERECURRINGUSAGE')].sort()).toEqual(['OneTime', 'Recurring', 'Usage']);
    expect([...chargeTypesOf('RECURRINGUSAGE (6)')].sort()).toEqual(['Recurring', 'Usage']);
    expect(() => chargeTypesOf('SOMETIMES')).toThrow(/applyDiscountTo/);
    expect(discountAppliesTo(disc({ applyDiscountTo: 'USAGE' }), regular)).toBe(false);
  });

  it('rate plan, subscription and account levels', () => {
    expect(discountAppliesTo(disc({}), regular)).toBe(true);
    expect(discountAppliesTo(disc({ ratePlanId: 'RP2' }), regular)).toBe(false);
    expect(discountAppliesTo(disc({ ratePlanId: 'RP2', discountLevel: 'subscription' }), regular)).toBe(true);
    expect(discountAppliesTo(disc({ subscriptionId: 'S2', discountLevel: 'subscription' }), regular)).toBe(false);
    expect(discountAppliesTo(disc({ subscriptionId: 'S2', discountLevel: 'account' }), regular)).toBe(true);
    expect(discountAppliesTo(disc({ accountId: 'B', discountLevel: 'account' }), regular)).toBe(false);
    expect(discountAppliesTo(disc({}), { ...regular, chargeModel: 'Discount-Fixed Amount' })).toBe(false);
  });

  it('orders by discount class, then percentage before fixed, then level, then charge number', () => {
    const list = [
      disc({ chargeNumber: 'C-5', chargeModel: 'Discount-Fixed Amount' }),
      disc({ chargeNumber: 'C-4', discountLevel: 'account' }),
      disc({ chargeNumber: 'C-3' }),
      disc({ chargeNumber: 'C-7', discountClassOrder: 2 }),
      disc({ chargeNumber: 'C-1', discountLevel: 'subscription' }),
    ];
    expect(orderDiscounts(list).map((d) => d.chargeNumber)).toEqual(['C-7', 'C-3', 'C-1', 'C-4', 'C-5']);
  });
});
