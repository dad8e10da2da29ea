/**
 * Stacked and sequential percentage discounts through the billing engine (rate-account.ts), not only the
 * model: the discount items of one charge's periods, and a rerun that bills nothing.
 * Numbers: Zuora docs, "Fixed amount model and stacked discounts" (100.00 with 30% and 20%: stacked
 * -30.00 and -20.00, -50.00 in all; not stacked -30.00 then 20% of the 70.00 left, -14.00), and
 * "Stacked discounts" (5%, 10% and 15% stacked on 100: -5, -10, -15).
 */
import { describe, expect, it } from 'vitest';
import { FakeLedger, propose, row } from './engine-fixtures.js';

const discount = (n: number, pct: string, stacked: boolean | null) =>
  row({ originalChargeId: `d${n}`, chargeId: `d${n}`, chargeNumber: `C-0000000${n + 1}`, chargeName: `${pct}% off`, chargeModel: 'Discount-Percentage', price: null, quantity: null, discountPercentage: pct, applyDiscountTo: 'RECURRING', discountLevel: 'rateplan', isStackedDiscount: stacked });
const brief = (items: ReturnType<typeof propose>) => items.map((i) => [i.chargeNumber, i.processingType, i.serviceStartDate, i.amount, i.appliedToChargeNumber]);

describe('billing engine: stacked and sequential percentage discounts', () => {
  it('stacked 30% and 20% both take from the original 100.00: -30.00 and -20.00', () => {
    const l = new FakeLedger();
    const rows = [row(), discount(1, '30', true), discount(2, '20', true)];
    expect(brief(propose(l, { rows, targetDate: '2024-01-01' }))).toEqual([
      ['C-00000001', 'Charge', '2024-01-01', '100', null],
      ['C-00000002', 'Discount', '2024-01-01', '-30', 'C-00000001'],
      ['C-00000003', 'Discount', '2024-01-01', '-20', 'C-00000001'],
    ]);
    expect(propose(l, { rows, targetDate: '2024-01-01' })).toEqual([]);
    // the next period again, whole
    expect(brief(propose(l, { rows, targetDate: '2024-02-01' })).map((i) => i[3])).toEqual(['100', '-30', '-20']);
  });

  it('sequential (not stacked) 30% then 20%: the second takes from what the first leaves, -14.00', () => {
    const l = new FakeLedger();
    const rows = [row(), discount(1, '30', false), discount(2, '20', false)];
    expect(brief(propose(l, { rows, targetDate: '2024-01-01' })).map((i) => [i[0], i[3]])).toEqual([
      ['C-00000001', '100'],
      ['C-00000002', '-30'],
      ['C-00000003', '-14'],
    ]);
  });

  it('5%, 10% and 15% stacked on 100: -5, -10, -15 (30 off)', () => {
    const l = new FakeLedger();
    const rows = [row(), discount(1, '5', true), discount(2, '10', true), discount(3, '15', true)];
    const out = propose(l, { rows, targetDate: '2024-01-01' });
    expect(out.map((i) => i.amount)).toEqual(['100', '-5', '-10', '-15']);
    expect(out.reduce((s, i) => s + Number(i.amount), 0)).toBe(70);
  });
});
