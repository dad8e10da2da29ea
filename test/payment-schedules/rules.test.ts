// The item generation rules of payment schedules. Numbers: "Create a payment schedule"
// (developer.zuora.com/v1-api-reference/api/operation/POST_PaymentSchedule): occurrences items one period
// apart from startDate; a Monthly schedule started on the 30th or 31st falls on the last day of February;
// amount × occurrences = totalAmount, or totalAmount split (zbill: half-up shares, the last takes the rest).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Temporal } from '../../src/platform/dates.js';
import { D } from '../../src/platform/money.js';
import { itemAmounts, nextDate, scheduleDates, scheduleStatus, sum } from '../../src/modules/payment-schedules/rules.js';

const d = (s: string) => Temporal.PlainDate.from(s);
const strs = (xs: Temporal.PlainDate[]) => xs.map((x) => x.toString());

describe('scheduleDates', () => {
  it('Monthly from the 31st: the last day of shorter months, back to the 31st after', () => {
    expect(strs(scheduleDates(d('2024-01-31'), 'Monthly', 4))).toEqual(['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30']);
    expect(strs(scheduleDates(d('2023-01-30'), 'Monthly', 3))).toEqual(['2023-01-30', '2023-02-28', '2023-03-30']);
  });
  it('Weekly and BiWeekly: 7 and 14 days apart', () => {
    expect(strs(scheduleDates(d('2024-12-25'), 'Weekly', 3))).toEqual(['2024-12-25', '2025-01-01', '2025-01-08']);
    expect(strs(scheduleDates(d('2024-02-20'), 'BiWeekly', 3))).toEqual(['2024-02-20', '2024-03-05', '2024-03-19']);
  });
  it('nextDate is one period on', () => {
    expect(nextDate(d('2024-01-31'), 'Monthly').toString()).toBe('2024-02-29');
    expect(nextDate(d('2024-01-31'), 'BiWeekly').toString()).toBe('2024-02-14');
  });
});

describe('itemAmounts', () => {
  it('amount given: every item collects it', () => {
    expect(itemAmounts(3, 2, { amount: new D('14.99') }).map((a) => a.toFixed())).toEqual(['14.99', '14.99', '14.99']);
  });
  it('totalAmount given: half-up shares, the last item takes the rest', () => {
    expect(itemAmounts(3, 2, { total: new D(100) }).map((a) => a.toFixed())).toEqual(['33.33', '33.33', '33.34']);
    expect(itemAmounts(3, 2, { total: new D(200) }).map((a) => a.toFixed())).toEqual(['66.67', '66.67', '66.66']);
    expect(itemAmounts(4, 0, { total: new D(1001) }).map((a) => a.toFixed())).toEqual(['250', '250', '250', '251']);
  });
  it('property: the items add up to the total exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 1000 }), fc.constantFrom(0, 2, 3), (cents, n, places) => {
        const total = new D(cents).dividedBy(new D(10).pow(places));
        const out = itemAmounts(n, places, { total });
        expect(out).toHaveLength(n);
        expect(sum(out).equals(total)).toBe(true);
        for (const a of out.slice(0, -1)) expect(a.decimalPlaces()).toBeLessThanOrEqual(places);
      }),
    );
  });
});

describe('scheduleStatus', () => {
  it('Active while an item is Pending or Error, Completed after, Canceled when canceled', () => {
    expect(scheduleStatus(['Processed', 'Pending'], false)).toBe('Active');
    expect(scheduleStatus(['Processed', 'Error'], false)).toBe('Active');
    expect(scheduleStatus(['Processed', 'Canceled'], false)).toBe('Completed');
    expect(scheduleStatus(['Processed', 'Pending'], true)).toBe('Canceled');
  });
});
