// Numbers: Zuora docs, "Delivery-based Billing standard use case" (knowledgecenter.zuora.com/Zuora_Billing/
// Bill_your_customers/Delivery-based_Billing/Delivery-based_Billing_use_cases/Delivery-based_Billing_standard_use_case):
// 5 per delivery, every Sunday, billed every 4 weeks on Sundays → 4 deliveries, 20 a full period.
// Rule: "Overview of Delivery-based Billing" (list price per delivery × the deliveries the schedule gives a period).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Temporal } from '../../../../src/platform/dates.js';
import { deliveriesBetween, rateDelivery } from '../../../../src/modules/billing/rating/models/delivery.js';

const day = (s: string) => Temporal.PlainDate.from(s);

describe('Delivery Pricing', () => {
  it('every Sunday, a 4-week period (Sunday to Saturday) holds 4 deliveries: 4 × 5 = 20', () => {
    const r = rateDelivery({ currency: 'USD', price: 5 }, { schedule: { frequency: 'Weekly', sunday: true }, periodStart: day('2023-07-30'), periodEnd: day('2023-08-26') });
    expect(r.deliveries).toBe(4);
    expect(r.amount.toFixed()).toBe('20');
  });

  it('counts the scheduled weekdays of a period, both ends included', () => {
    const mwf = { monday: true, wednesday: true, friday: true };
    // August 2023: Mondays 7,14,21,28; Wednesdays 2,9,16,23,30; Fridays 4,11,18,25 → 13
    expect(deliveriesBetween(mwf, day('2023-08-01'), day('2023-08-31'))).toBe(13);
    expect(deliveriesBetween(mwf, day('2023-08-02'), day('2023-08-02'))).toBe(1);
    expect(deliveriesBetween(mwf, day('2023-08-03'), day('2023-08-03'))).toBe(0);
    // the catalog schema's spelling
    expect(deliveriesBetween({ wendesday: true }, day('2023-08-01'), day('2023-08-31'))).toBe(5);
  });

  it('refuses a schedule with no day, another frequency, or no schedule', () => {
    expect(() => deliveriesBetween({}, day('2023-08-01'), day('2023-08-31'))).toThrow(/no delivery day/);
    expect(() => deliveriesBetween({ frequency: 'Monthly' as never, monday: true }, day('2023-08-01'), day('2023-08-31'))).toThrow(/Weekly/);
    expect(() => rateDelivery({ currency: 'USD', price: 1 }, { schedule: null as never, periodStart: day('2023-08-01'), periodEnd: day('2023-08-31') })).toThrow(
      /delivery schedule is required/,
    );
  });

  it('property: the count equals a day-by-day count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 60 }), fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }), (offset, len, flags) => {
        if (!flags.some(Boolean)) return;
        const names = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
        const schedule = Object.fromEntries(names.map((n, i) => [n, flags[i]]));
        const start = day('2024-01-01').add({ days: offset });
        const end = start.add({ days: len });
        let n = 0;
        for (let d = start; Temporal.PlainDate.compare(d, end) <= 0; d = d.add({ days: 1 })) if (flags[d.dayOfWeek - 1]) n++;
        expect(deliveriesBetween(schedule, start, end)).toBe(n);
      }),
    );
  });
});
