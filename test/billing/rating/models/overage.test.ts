// Numbers: Zuora docs, "Overage pricing" (docs.zuora.com/.../charge-models---configure-any-pricing/overage-pricing:
// 500 minutes included, 0.50 per minute above), "Example scenarios for rolling window" (500 included a month,
// 0.10 per unit, 3 periods), "Example: Rolling window with the Apply overage as soon as it occurs option"
// (.../overage-smoothing-pricing/overage-charges-by-service-period) and "Example: Rolling window with the Apply
// Overage at the end of Smoothing Period option" (.../overage-smoothing-pricing/overage-charges-by-service-period_1),
// and "Rollover" (.../overage-smoothing-pricing/rollover: 500 minutes a month, unused minutes kept for 6 months).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rateOverage, rateSmoothedOverage } from '../../../../src/modules/billing/rating/models/overage.js';

const phone = { currency: 'USD', includedUnits: 500, overagePrice: '0.50' };
const window = { currency: 'USD', includedUnits: 500, overagePrice: '0.1' };
const fix = (xs: { toFixed(): string }[]) => xs.map((x) => x.toFixed());

describe('Overage Pricing', () => {
  it('included units are free, the rest costs the overage price', () => {
    expect(rateOverage(phone, { quantity: 450 }).amount.toFixed()).toBe('0');
    expect(rateOverage(phone, { quantity: 500 }).amount.toFixed()).toBe('0');
    expect(rateOverage(phone, { quantity: 620 }).amount.toFixed()).toBe('60');
  });

  it('refuses a missing overage price and negative included units', () => {
    expect(() => rateOverage({ currency: 'USD', includedUnits: 5 }, { quantity: 1 })).toThrow(/overagePrice is required/);
    expect(() => rateOverage({ ...phone, includedUnits: -1 }, { quantity: 1 })).toThrow(/includedUnits/);
  });

  it('property: never negative, and 0 up to the included units', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), (q) => {
        const a = rateOverage(phone, { quantity: q }).amount;
        expect(a.isNeg()).toBe(false);
        if (q <= 500) expect(a.isZero()).toBe(true);
        else expect(a.toFixed()).toBe(((q - 500) / 2).toString());
      }),
    );
  });
});

describe('Overage smoothing: rolling window, apply overage as soon as it occurs', () => {
  it('the docs example: 100 units (10.00) in May, 900 units (90.00) in June', () => {
    const r = rateSmoothedOverage(window, { smoothingModel: 'RollingWindow', numberOfPeriod: 3, overageCalculationOption: 'PerBillingPeriod' }, [
      700, 200, 333, 1000, 600, 900,
    ]);
    expect(fix(r.map((p) => p.overageUnits))).toEqual(['0', '0', '0', '0', '100', '900']);
    expect(fix(r.map((p) => p.amount))).toEqual(['0', '0', '0', '0', '10', '90']);
    expect(r.map((p) => p.action)).toEqual(['none', 'none', 'reset', 'none', 'none', 'reset']);
  });
});

describe('Overage smoothing: rolling window, crediting unused units', () => {
  it('a window that ends below its base credits the unused units at the credit rate (January-March: 267 × 0.05)', () => {
    const r = rateSmoothedOverage(
      window,
      { smoothingModel: 'RollingWindow', numberOfPeriod: 3, overageCalculationOption: 'PerBillingPeriod', unusedUnitsCreditRate: '0.05' },
      [700, 200, 333, 1000, 600, 900],
    );
    expect(r[2]!.creditedUnits!.toFixed()).toBe('267');
    expect(fix(r.map((p) => p.amount))).toEqual(['0', '0', '-13.35', '0', '10', '90']);
    expect(r[5]!.creditedUnits).toBeUndefined();
  });

  it('only with the PerBillingPeriod option, and never at a negative rate', () => {
    const opts = { smoothingModel: 'RollingWindow' as const, numberOfPeriod: 3 };
    expect(() => rateSmoothedOverage(window, { ...opts, overageCalculationOption: 'EndOfSmoothingPeriod', unusedUnitsCreditRate: 1 }, [1])).toThrow(/only with the PerBillingPeriod/);
    expect(() => rateSmoothedOverage(window, { ...opts, unusedUnitsCreditRate: -1 }, [1])).toThrow(/must not be negative/);
  });
});

describe('Overage smoothing: rolling window, apply overage at the end of the smoothing period', () => {
  it('the docs example: the window moves forward after January-March, 33 units (3.30) in April, 300 units (30.00) in July', () => {
    const r = rateSmoothedOverage(window, { smoothingModel: 'RollingWindow', numberOfPeriod: 3, overageCalculationOption: 'EndOfSmoothingPeriod' }, [
      700, 200, 333, 1000, 600, 1200, 0,
    ]);
    expect(fix(r.map((p) => p.overageUnits))).toEqual(['0', '0', '0', '33', '0', '0', '300']);
    expect(fix(r.map((p) => p.amount))).toEqual(['0', '0', '0', '3.3', '0', '0', '30']);
    expect(r.map((p) => p.action)).toEqual(['none', 'none', 'moveForward', 'reset', 'none', 'none', 'reset']);
  });

  it('a window not yet ended bills nothing', () => {
    const r = rateSmoothedOverage(window, { smoothingModel: 'RollingWindow', numberOfPeriod: 3, overageCalculationOption: 'EndOfSmoothingPeriod' }, [5000, 5000]);
    expect(r.every((p) => p.amount.isZero())).toBe(true);
  });
});

describe('Overage smoothing: rollover', () => {
  it('unused minutes roll forward for the number of periods, then expire', () => {
    // 500 a month, kept for 6 months: 200 used in month 1 leaves 300 for later; month 2 uses 800 = its 500 + 300.
    const r = rateSmoothedOverage(phone, { smoothingModel: 'Rollover', numberOfPeriod: 6 }, [200, 800, 600]);
    expect(fix(r.map((p) => p.overageUnits))).toEqual(['0', '0', '100']);
    expect(fix(r.map((p) => p.amount))).toEqual(['0', '0', '50']);
    expect(r[0]!.unitsCarried!.toFixed()).toBe('300');
  });

  it('rolled units expire after numberOfPeriod periods', () => {
    // 1 period: month 1 leaves 500, usable in month 2 only; month 3 gets no more than its own 500.
    const r = rateSmoothedOverage(phone, { smoothingModel: 'Rollover', numberOfPeriod: 1 }, [0, 0, 1000]);
    expect(fix(r.map((p) => p.overageUnits))).toEqual(['0', '0', '0']);
    const r2 = rateSmoothedOverage(phone, { smoothingModel: 'Rollover', numberOfPeriod: 1 }, [0, 100, 1500]);
    // Month 2 draws its 100 from month 1's units (oldest first), so month 2 leaves its own 500 for month 3.
    expect(fix(r2.map((p) => p.overageUnits))).toEqual(['0', '0', '500']);
  });

  it('refuses a bad number of periods or smoothing option', () => {
    expect(() => rateSmoothedOverage(phone, { smoothingModel: 'Rollover', numberOfPeriod: 0 }, [1])).toThrow(/numberOfPeriod/);
    expect(() => rateSmoothedOverage(phone, { smoothingModel: 'Sliding' as never, numberOfPeriod: 2 }, [1])).toThrow(/smoothingModel/);
    expect(() =>
      rateSmoothedOverage(phone, { smoothingModel: 'RollingWindow', numberOfPeriod: 2, overageCalculationOption: 'Later' as never }, [1]),
    ).toThrow(/overageCalculationOption/);
  });

  it('property: smoothing never bills more than rating each period alone', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2000 }), { maxLength: 12 }), fc.integer({ min: 1, max: 4 }), (usage, n) => {
        const alone = usage.reduce((s, u) => s + Math.max(0, u - 500), 0);
        for (const opts of [
          { smoothingModel: 'Rollover' as const, numberOfPeriod: n },
          { smoothingModel: 'RollingWindow' as const, numberOfPeriod: n, overageCalculationOption: 'PerBillingPeriod' as const },
        ]) {
          const billed = rateSmoothedOverage(phone, opts, usage).reduce((s, p) => s + p.overageUnits.toNumber(), 0);
          expect(billed).toBeLessThanOrEqual(alone);
        }
      }),
    );
  });
});
