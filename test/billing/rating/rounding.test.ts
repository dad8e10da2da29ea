// Numbers and rules: Zuora docs, "Rounding and precision in Zuora" and "Data type rounding rules"
// (docs.zuora.com/en/basics/about-zuora/rounding-and-precision/...: 65.8476 USD → 65.85; prices such as 3.1235/GB
// are never rounded; tax line items are not rounded, their sum is), and "Customization of currencies" (modes Down,
// Up, Half Up; Half Up by default, 3.49 → 3 and 3.50 → 4 at 0 places; JPY often rounded Down; rounding increment),
// and "Invoice-level rounding example" (docs.zuora.com/.../invoice-level-rounding/invoice-level-rounding-example: CHF,
// increment 0.05, mode Up; items 1 and 1.01 with tax 0.11 and 0 total 2.12, rounded to 2.15 by a 0.03 rounding item).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { D } from '../../../src/platform/money.js';
import { currencyRounding, invoiceTotals, roundAmount, roundForCurrency, RoundingRuleError } from '../../../src/modules/billing/rating/rounding.js';

describe('currency rounding', () => {
  it('2 places for USD and EUR, 0 for JPY, half up by default', () => {
    expect(roundForCurrency('65.8476', 'USD').toFixed()).toBe('65.85');
    expect(roundForCurrency('0.125', 'EUR').toFixed()).toBe('0.13');
    expect(roundForCurrency('3.49', 'JPY').toFixed()).toBe('3');
    expect(roundForCurrency('3.50', 'JPY').toFixed()).toBe('4');
    expect(roundForCurrency('1.2345', 'KWD').toFixed()).toBe('1.235');
  });

  it('the tenant may say Down or Up (mirrored for negative amounts), and an increment', () => {
    expect(roundAmount('1234.9', currencyRounding('JPY', { mode: 'Down' })).toFixed()).toBe('1234');
    expect(roundAmount('-1234.9', currencyRounding('JPY', { mode: 'Down' })).toFixed()).toBe('-1234');
    expect(roundAmount('10.001', currencyRounding('USD', { mode: 'Up' })).toFixed()).toBe('10.01');
    expect(roundAmount('10.125', currencyRounding('USD', { mode: 'Half Up' })).toFixed()).toBe('10.13');
    expect(roundAmount('10.12', currencyRounding('CHF', { increment: '0.05' })).toFixed()).toBe('10.1');
    expect(roundAmount('10.13', currencyRounding('CHF', { increment: '0.05' })).toFixed()).toBe('10.15');
  });

  it('refuses an unknown mode, bad places or increment', () => {
    expect(() => currencyRounding('USD', { mode: 'Banker' })).toThrow(RoundingRuleError);
    expect(() => currencyRounding('USD', { places: -1 })).toThrow(RoundingRuleError);
    expect(() => currencyRounding('USD', { increment: 0 })).toThrow(RoundingRuleError);
  });

  it("an invoice's total is the sum of its rounded items plus its (summed, then rounded) taxes", () => {
    const t = invoiceTotals(['3.1235', '10.005', '0.004'], ['0.333', '0.333', '0.333'], currencyRounding('USD'));
    expect(t.items.map((x) => x.toFixed())).toEqual(['3.12', '10.01', '0']);
    expect(t.amountWithoutTax.toFixed()).toBe('13.13');
    expect(t.taxAmount.toFixed()).toBe('1');
    expect(t.amount.toFixed()).toBe('14.13');
  });

  it('a rounding increment applies to every item, or once to the total with invoice-level rounding (the docs example)', () => {
    const chf = currencyRounding('CHF', { increment: '0.05', mode: 'Up' });
    const perItem = invoiceTotals(['1', '1.01'], ['0.11', '0'], chf);
    expect(perItem.items.map((x) => x.toFixed())).toEqual(['1', '1.05']);
    expect(perItem.roundingItem).toBeNull();
    const once = invoiceTotals(['1', '1.01'], ['0.11', '0'], chf, { invoiceLevelRounding: true });
    expect(once.items.map((x) => x.toFixed())).toEqual(['1', '1.01']);
    expect(once.taxAmount.toFixed()).toBe('0.11');
    expect(once.roundingItem!.toFixed()).toBe('0.03');
    expect(once.amount.toFixed()).toBe('2.15');
  });

  it('property: rounding moves an amount by at most half a unit (half up) or one unit (up/down), and the total is exactly the item sum', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -(10 ** 9), max: 10 ** 9 }), { maxLength: 20 }), fc.constantFrom('USD', 'JPY', 'KWD'), (raw, cur) => {
        const amounts = raw.map((n) => new D(n).div(10000));
        const rule = currencyRounding(cur);
        const unit = new D(10).pow(-rule.places);
        const t = invoiceTotals(amounts, [], rule);
        t.items.forEach((r, i) => expect(r.sub(amounts[i]!).abs().lte(unit.div(2))).toBe(true));
        expect(t.amount.eq(t.items.reduce((s, x) => s.add(x), new D(0)))).toBe(true);
        for (const mode of ['Up', 'Down']) {
          const r = currencyRounding(cur, { mode });
          amounts.forEach((a) => expect(roundAmount(a, r).sub(a).abs().lt(unit)).toBe(true));
        }
      }),
    );
  });
});
