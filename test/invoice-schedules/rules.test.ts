// The pure rules of invoice schedules (src/modules/invoice-schedules/rules.ts).
// Numbers: "Percentage-based amount billing" (docs.zuora.com, Billing Schedule overview: percentages add up to
// 100, amounts rounded by the currency, the last item covers the cents left by rounding), Zuora's
// POST_CreateInvoiceSchedule / GET_InvoiceSchedule samples (items of 50000, 14000 and 6200: total 70200;
// once the first is processed the schedule is PartiallyProcessed).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { D } from '../../src/platform/money.js';
import { chargeShares, distribute, itemAmounts, runDateOutOfOrder, scheduleStatus } from '../../src/modules/invoice-schedules/rules.js';

const s = (xs: Array<{ toFixed(): string }>) => xs.map((x) => x.toFixed());

describe('itemAmounts', () => {
  it('amount items bill their amounts (the create sample: 50000 + 14000 + 6200)', () => {
    const items = [50000, 14000, 6200].map((a) => ({ amount: new D(a), percentage: null }));
    expect(s(itemAmounts(items, new D(0), 2))).toEqual(['50000', '14000', '6200']);
  });
  it('percentage items take their share rounded to the currency, the last one the rest (10/20/70 of 1000.01)', () => {
    const items = [10, 20, 70].map((p) => ({ amount: null, percentage: new D(p) }));
    // 100.001 → 100.00, 200.002 → 200.00, the last 1000.01 − 300.00 = 700.01
    expect(s(itemAmounts(items, new D('1000.01'), 2))).toEqual(['100', '200', '700.01']);
  });
  it('three thirds of 100 JPY (no decimals): 33, 33, 34', () => {
    const items = ['33.33', '33.33', '33.34'].map((p) => ({ amount: null, percentage: new D(p) }));
    expect(s(itemAmounts(items, new D(100), 0))).toEqual(['33', '33', '34']);
  });
  it('an executed item keeps what it billed', () => {
    const items = [
      { amount: null, percentage: new D(50), executedAmount: new D('499.99') },
      { amount: null, percentage: new D(50) },
    ];
    expect(s(itemAmounts(items, new D(1000), 2))).toEqual(['499.99', '500.01']);
  });
  it('percentages adding up to 100 always bill the total exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 10 }), fc.integer({ min: 1, max: 10_000_000 }), (parts, cents) => {
        const sum = parts.reduce((a, b) => a + b, 0);
        const pcts = parts.map((p) => new D(p).times(100).dividedBy(sum));
        // the last percentage closes 100 exactly
        pcts[pcts.length - 1] = new D(100).minus(pcts.slice(0, -1).reduce((a, b) => a.plus(b), new D(0)));
        const total = new D(cents).dividedBy(100);
        const out = itemAmounts(pcts.map((p) => ({ amount: null, percentage: p })), total, 2);
        expect(out.reduce((a, b) => a.plus(b), new D(0)).equals(total)).toBe(true);
      }),
    );
  });
});

describe('distribute and chargeShares', () => {
  it('spreads 660 over charges worth 1200 and 120: 600 and 60', () => {
    expect(s(distribute(new D(660), [new D(1200), new D(120)], 2))).toEqual(['600', '60']);
  });
  it('rounds each share, the last taking the rest: 100 over three equal charges', () => {
    expect(s(distribute(new D(100), [new D(1), new D(1), new D(1)], 2))).toEqual(['33.33', '33.33', '33.34']);
  });
  it('all-zero weights share equally', () => {
    expect(s(distribute(new D(10), [new D(0), new D(0)], 2))).toEqual(['5', '5']);
  });
  it('the last item bills what each charge has left when that adds up to its amount', () => {
    const charges = [{ total: new D(100), billed: new D('33.33') }, { total: new D(50), billed: new D('16.67') }];
    expect(s(chargeShares(new D(100), charges, 2, true))).toEqual(['66.67', '33.33']);
    // not the last item, or an amount that differs: by worth
    expect(s(chargeShares(new D(90), charges, 2, true))).toEqual(['60', '30']);
    expect(s(chargeShares(new D(100), charges, 2, false))).toEqual(['66.67', '33.33']);
  });
  it('shares always add up to the amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 8 }), (cents, ws) => {
        const amount = new D(cents).dividedBy(100);
        const out = distribute(amount, ws.map((w) => new D(w)), 2);
        expect(out.reduce((a, b) => a.plus(b), new D(0)).equals(amount)).toBe(true);
      }),
    );
  });
});

describe('scheduleStatus and run dates', () => {
  it('Pending, PartiallyProcessed (the GET sample), FullyProcessed, Paused', () => {
    expect(scheduleStatus(['Pending', 'Pending'], false)).toBe('Pending');
    expect(scheduleStatus(['Processed', 'Pending', 'Pending'], false)).toBe('PartiallyProcessed');
    expect(scheduleStatus(['Processed', 'Processed'], false)).toBe('FullyProcessed');
    expect(scheduleStatus(['Processed', 'Pending'], true)).toBe('Paused');
  });
  it('each run date must be later than the one before', () => {
    expect(runDateOutOfOrder(['2022-02-24', '2022-10-17', '2022-11-14'])).toBeNull();
    expect(runDateOutOfOrder(['2022-02-24', '2022-02-24'])).toBe(1);
    expect(runDateOutOfOrder(['2022-02-24', '2022-10-17', '2022-03-01'])).toBe(2);
  });
  it('items without a run date come last (the milestone billing page: the items after a blank run date are blank too)', () => {
    expect(runDateOutOfOrder(['2022-02-24', null, null])).toBeNull();
    expect(runDateOutOfOrder([null, null])).toBeNull();
    expect(runDateOutOfOrder([null, '2022-02-24'])).toBe(1);
    expect(runDateOutOfOrder(['2022-02-24', null, '2022-03-01'])).toBe(2);
  });
});
