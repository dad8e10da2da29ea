/**
 * Overage Pricing (usage charges): the included units are free, every unit above them costs the overage
 * price. Included units are never prorated, so this model takes no proration factor.
 *
 * Smoothing spreads the included units over several billing periods (`numberOfPeriod`):
 *
 * - RollingWindow, overage option PerBillingPeriod ("apply overage as soon as it occurs"): the periods form
 *   consecutive windows of `numberOfPeriod` periods, each with a base of included units × numberOfPeriod.
 *   A period is charged for the usage by which the window's running total passes the base, as soon as it
 *   does; the window restarts after its last period, and unused units expire (or, with a credit rate, are
 *   credited at that rate on the window's last period).
 * - RollingWindow, overage option EndOfSmoothingPeriod: a window is judged when its last period ends. With
 *   overage, that period is charged for all of it and the next window starts afterwards; without, the
 *   window moves forward by one period (so every later period ends a window of its own).
 * - Rollover: every period grants the included units; units a period leaves unused stay available for the
 *   next `numberOfPeriod` periods and then expire. Usage draws on the oldest units first.
 */
import type { Money } from '../../../../platform/money.js';
import { type ChargePricing, dec, type DecimalLike, quantityOf, type RatedAmount, RatingError, ZERO } from './types.js';

function includedAndPrice(pricing: ChargePricing): { included: Money; price: Money } {
  const included = pricing.includedUnits === null || pricing.includedUnits === undefined ? ZERO : dec(pricing.includedUnits, 'includedUnits');
  if (included.isNeg()) throw new RatingError('INVALID_PRICING', 'includedUnits must not be negative');
  const raw = pricing.overagePrice ?? pricing.price;
  return { included, price: dec(raw, 'overagePrice') };
}

/** One period's overage amount without smoothing. */
export function rateOverage(pricing: ChargePricing, input: { quantity: DecimalLike }): RatedAmount {
  const { included, price } = includedAndPrice(pricing);
  const quantity = quantityOf(input.quantity);
  const over = quantity.gt(included) ? quantity.sub(included) : ZERO;
  return { amount: over.mul(price), quantity, tiers: [] };
}

export type SmoothingModel = 'RollingWindow' | 'Rollover';
export type OverageCalculationOption = 'EndOfSmoothingPeriod' | 'PerBillingPeriod';

export interface SmoothingOptions {
  smoothingModel: SmoothingModel;
  numberOfPeriod: number;
  /** RollingWindow only; PerBillingPeriod when absent. */
  overageCalculationOption?: OverageCalculationOption | null;
  /**
   * RollingWindow with PerBillingPeriod only (the catalog's overageUnusedUnitsCreditOption 'CreditBySpecificRate'):
   * the credit per unit left unused when a window ends without overage. Null or absent: unused units expire.
   */
  unusedUnitsCreditRate?: DecimalLike | null;
}

/** What one billing period of a smoothed overage charge bills. */
export interface SmoothedPeriod {
  /** Index of the period in the usage list (0 = first full period of the charge). */
  period: number;
  usage: Money;
  /** Units billed as overage in this period. */
  overageUnits: Money;
  amount: Money;
  /** RollingWindow: 'reset' when a window ends here and the next starts after it, 'moveForward' when it slides; Rollover: units left for later periods. */
  action: 'none' | 'reset' | 'moveForward';
  /** Rollover: included units still available after this period (before expiry of the oldest). */
  unitsCarried?: Money;
  /** RollingWindow with a credit rate: unused units credited at the end of the window (the amount is then negative). */
  creditedUnits?: Money;
}

/**
 * A smoothed overage charge over consecutive full billing periods (the usage total of each, in order).
 * Periods of a window that has not ended yet bill nothing under EndOfSmoothingPeriod.
 */
export function rateSmoothedOverage(pricing: ChargePricing, options: SmoothingOptions, usages: readonly DecimalLike[]): SmoothedPeriod[] {
  const { included, price } = includedAndPrice(pricing);
  const n = options.numberOfPeriod;
  if (!Number.isInteger(n) || n < 1) throw new RatingError('INVALID_PRICING', `numberOfPeriod must be a whole number of 1 or more, got ${String(n)}`);
  const usage = usages.map((u, i) => quantityOf(u, `usage of period ${i + 1}`));
  if (options.smoothingModel === 'Rollover') return rollover(included, price, n, usage);
  if (options.smoothingModel !== 'RollingWindow') throw new RatingError('INVALID_PRICING', `unknown smoothingModel '${String(options.smoothingModel)}'`);
  const opt = options.overageCalculationOption ?? 'PerBillingPeriod';
  if (opt === 'PerBillingPeriod') {
    const credit = options.unusedUnitsCreditRate === null || options.unusedUnitsCreditRate === undefined ? null : dec(options.unusedUnitsCreditRate, 'unusedUnitsCreditRate');
    if (credit && credit.isNeg()) throw new RatingError('INVALID_PRICING', 'unusedUnitsCreditRate must not be negative');
    return windowAsItOccurs(included, price, n, usage, credit);
  }
  if (options.unusedUnitsCreditRate !== null && options.unusedUnitsCreditRate !== undefined)
    throw new RatingError('INVALID_PRICING', 'unused units can be credited only with the PerBillingPeriod overage option');
  if (opt === 'EndOfSmoothingPeriod') return windowAtEnd(included, price, n, usage);
  throw new RatingError('INVALID_PRICING', `unknown overageCalculationOption '${String(opt)}'`);
}

function windowAsItOccurs(included: Money, price: Money, n: number, usage: Money[], creditRate: Money | null): SmoothedPeriod[] {
  const base = included.mul(n);
  const out: SmoothedPeriod[] = [];
  let total = ZERO;
  usage.forEach((u, i) => {
    const pos = i % n;
    if (pos === 0) total = ZERO;
    const before = total.gt(base) ? total.sub(base) : ZERO;
    total = total.add(u);
    const after = total.gt(base) ? total.sub(base) : ZERO;
    const overageUnits = after.sub(before);
    const ends = pos === n - 1;
    const p: SmoothedPeriod = { period: i, usage: u, overageUnits, amount: overageUnits.mul(price), action: ends ? 'reset' : 'none' };
    if (ends && creditRate && total.lt(base)) {
      p.creditedUnits = base.sub(total);
      p.amount = p.amount.sub(p.creditedUnits.mul(creditRate));
    }
    out.push(p);
  });
  return out;
}

function windowAtEnd(included: Money, price: Money, n: number, usage: Money[]): SmoothedPeriod[] {
  const base = included.mul(n);
  const out: SmoothedPeriod[] = usage.map((u, i) => ({ period: i, usage: u, overageUnits: ZERO, amount: ZERO, action: 'none' as const }));
  let start = 0;
  while (start + n <= usage.length) {
    const end = start + n - 1;
    const total = usage.slice(start, end + 1).reduce((s, u) => s.add(u), ZERO);
    const p = out[end]!;
    if (total.gt(base)) {
      p.overageUnits = total.sub(base);
      p.amount = p.overageUnits.mul(price);
      p.action = 'reset';
      start = end + 1;
    } else {
      p.action = 'moveForward';
      start += 1;
    }
  }
  return out;
}

function rollover(included: Money, price: Money, n: number, usage: Money[]): SmoothedPeriod[] {
  // Buckets of unused included units, by the period that granted them.
  const buckets: { from: number; units: Money }[] = [];
  return usage.map((u, i) => {
    while (buckets.length > 0 && buckets[0]!.from < i - n) buckets.shift();
    buckets.push({ from: i, units: included });
    let need = u;
    for (const b of buckets) {
      if (need.isZero()) break;
      const take = b.units.lt(need) ? b.units : need;
      b.units = b.units.sub(take);
      need = need.sub(take);
    }
    while (buckets.length > 0 && buckets[0]!.units.isZero()) buckets.shift();
    const carried = buckets.filter((b) => b.from >= i + 1 - n).reduce((s, b) => s.add(b.units), ZERO);
    return { period: i, usage: u, overageUnits: need, amount: need.mul(price), action: 'none' as const, unitsCarried: carried };
  });
}
