/**
 * Proration: what share of a full billing period's price a service period is worth, and the amount of a
 * period from a list price under its list price base. Shares are exact ratios (bigint numerator and
 * denominator) so that pieces of a period add up to exactly one; the amount is one Decimal product and
 * quotient at the end, never rounded (rounding to the currency is the invoice's job).
 *
 * The rules, from Zuora's proration pages:
 * - A full period is worth 1; so is any period of a one-time charge.
 * - Month-based periods of one month ("Bill recurring charges for partial month"): a partial period is worth
 *   its days over the days of the full period it belongs to (UseActualDays), over 30 (Assume30Days, "actual/360"),
 *   or its 30/360 days over 30 (Assume30DaysStrict: a month-end day counts as the 30th).
 * - Longer month-based periods ("Prorate recurring charges for partial period"): by month first, the months of
 *   the full period's grid that the period covers count whole and the rest is prorated as a partial month;
 *   the sum is over the period's months. By day: the period's days over the full period's days (over
 *   30 a month under the 30-day modes).
 * - Week-based periods ("Bill recurring charges for partial week"): days over the full period's days.
 * - Specific_Days and Subscription_Term periods: days over the full period's days.
 * - A rule set to No charges a partial period as a full one (and a partial month as a whole month); the
 *   rules do not apply to a Discount-Fixed Amount charge, which always prorates. ratingPropertiesOverride's
 *   isProratePartialMonth stands for the partial-month rule of month-based periods only.
 * - Usage follows the usage rules (off by default). Charge-level prorationOption: ChargeFullPeriod and
 *   NoProration charge full periods; TimeBasedProration prorates by actual days; CustomizeProrationOptionOverrides
 *   takes ratingPropertiesOverride over the tenant's rules; DefaultFromTenantSetting (or unset) the tenant's.
 */
import { Temporal } from '../../../platform/dates.js';
import { invalidValue } from '../../../platform/errors.js';
import { D, type Money } from '../../../platform/money.js';
import { billingPeriods, daysInclusive, onDay, periodLength, type PeriodLength } from './periods.js';
import type { AccountBillCycle, BillingRules, ChargeSegmentView, DaysInMonth, ListPriceBase, PlainDate, ServicePeriod } from './types.js';

// ---------------------------------------------------------------- exact ratios

export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
}

export function ratio(num: bigint | number, den: bigint | number = 1n): Ratio {
  let n = BigInt(num);
  let d = BigInt(den);
  if (d === 0n) throw new RangeError('ratio with a zero denominator');
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return { num: n / g, den: d / g };
}

export const ONE: Ratio = ratio(1);
export const addRatio = (a: Ratio, b: Ratio) => ratio(a.num * b.den + b.num * a.den, a.den * b.den);
export const mulRatio = (a: Ratio, b: Ratio) => ratio(a.num * b.num, a.den * b.den);
export const ratioToDecimal = (r: Ratio): Money => new D(r.num.toString()).div(r.den.toString());

// ---------------------------------------------------------------- day counts

const monthIndex = (d: PlainDate) => d.year * 12 + (d.month - 1);
const cmp = (a: PlainDate, b: PlainDate) => Temporal.PlainDate.compare(a, b);
const later = (a: PlainDate, b: PlainDate) => (cmp(a, b) >= 0 ? a : b);
const sooner = (a: PlainDate, b: PlainDate) => (cmp(a, b) <= 0 ? a : b);

/** 30/360 days from a to b inclusive, the "strict" way: a month-end day is the 30th, no day is past the 30th. */
export function strict30Days(a: PlainDate, b: PlainDate): number {
  const d1 = Math.min(a.day, 30);
  const d2 = b.day === b.daysInMonth ? 30 : Math.min(b.day, 30);
  return (b.year - a.year) * 360 + (b.month - a.month) * 30 + (d2 - d1) + 1;
}

/** The share of one month [gs, ge] that [a, b] (inside it) is worth under a daysInMonth mode. */
export function partialMonthShare(a: PlainDate, b: PlainDate, gs: PlainDate, ge: PlainDate, mode: DaysInMonth): Ratio {
  switch (mode) {
    case 'UseActualDays':
      return ratio(daysInclusive(a, b), daysInclusive(gs, ge));
    case 'Assume30Days':
      return ratio(Math.min(daysInclusive(a, b), 30), 30);
    case 'Assume30DaysStrict':
      return ratio(Math.min(Math.max(strict30Days(a, b), 0), 30), 30);
    default:
      throw invalidValue(`Unknown daysInMonth '${String(mode)}'`);
  }
}

function byDay(p: ServicePeriod, mode: DaysInMonth, months: number | null): Ratio {
  if (months === null || mode === 'UseActualDays') return ratio(daysInclusive(p.start, p.end), daysInclusive(p.fullStart, p.fullEnd));
  const days = mode === 'Assume30Days' ? daysInclusive(p.start, p.end) : strict30Days(p.start, p.end);
  return ratio(Math.min(days, 30 * months), 30 * months);
}

/** Month first: whole months of the full period's grid count 1, partial ones their share (or 1 when `prorateMonths` is off). */
function byMonthFirst(p: ServicePeriod, months: number, mode: DaysInMonth, prorateMonths: boolean): Ratio {
  const day = p.cycleDay ?? p.fullStart.day;
  const base = monthIndex(p.fullStart);
  let sum = ratio(0);
  for (let i = 0; i < months; i++) {
    const gs = onDay(base + i, day);
    const ge = onDay(base + i + 1, day).subtract({ days: 1 });
    const a = later(p.start, gs);
    const b = sooner(p.end, ge);
    if (cmp(a, b) > 0) continue;
    const whole = cmp(a, gs) === 0 && cmp(b, ge) === 0;
    sum = addRatio(sum, whole || !prorateMonths ? ONE : partialMonthShare(a, b, gs, ge, mode));
  }
  return ratio(sum.num, sum.den * BigInt(months));
}

export type ProrationView = Pick<ChargeSegmentView, 'chargeType' | 'chargeModel' | 'billingPeriod' | 'specificBillingPeriod' | 'prorationOption' | 'ratingPropertiesOverride'>;

const isFixedAmountDiscount = (model: string | null | undefined) => model != null && model.replace(/[^A-Za-z]/g, '').toLowerCase() === 'discountfixedamount';

/** The share of its full billing period's price that `p` is worth. */
export function prorationFactor(p: ServicePeriod, v: ProrationView, rules: BillingRules): Ratio {
  if (!p.partial || v.chargeType === 'OneTime') return ONE;
  const len = periodLength(v.billingPeriod, v.specificBillingPeriod);
  let r = rules;
  let partialMonth: boolean | null = null;
  switch (v.prorationOption ?? 'DefaultFromTenantSetting') {
    case 'ChargeFullPeriod':
    case 'NoProration':
      return ONE;
    case 'TimeBasedProration':
      return byDay(p, 'UseActualDays', null);
    case 'CustomizeProrationOptionOverrides': {
      const o = v.ratingPropertiesOverride ?? {};
      r = { ...rules, daysInMonth: o.daysInMonth ?? rules.daysInMonth, prorationUnit: o.prorationUnit ?? rules.prorationUnit };
      partialMonth = o.isProratePartialMonth ?? null;
      break;
    }
    case 'DefaultFromTenantSetting':
      break;
    default:
      throw invalidValue(`Unknown prorationOption '${String(v.prorationOption)}'`);
  }
  const usage = v.chargeType === 'Usage';
  // The on/off rules do not apply to a fixed-amount discount: it always prorates (Billing Rules - Proration).
  const always = isFixedAmountDiscount(v.chargeModel);
  if (len.unit === 'term' || (len.unit === 'day' && !len.weekly)) return byDay(p, 'UseActualDays', null);
  if (len.unit === 'day') {
    const on = always || (usage ? r.prorateUsageWeeklyCharges : r.prorateRecurringWeeklyCharges);
    return on ? byDay(p, 'UseActualDays', null) : ONE;
  }
  const monthOn = always || (partialMonth ?? (usage ? r.prorateUsageMonthlyCharges : r.prorateRecurringMonthlyCharges));
  if (len.count === 1) return monthOn ? byMonthFirst(p, 1, r.daysInMonth, true) : ONE;
  const periodOn = always || (usage ? r.prorateUsageMonthlyCharges : r.proratePeriodOfRecurringCharge);
  if (!periodOn) return ONE;
  if (r.prorationUnit === 'ProrateByDay') return byDay(p, r.daysInMonth, len.count);
  return byMonthFirst(p, len.count, r.daysInMonth, monthOn);
}

// ---------------------------------------------------------------- list price base

/** Months from `a` (inclusive) to `endExcl`: whole months on a's day, the rest as days over the next month's days. */
function monthsBetween(a: PlainDate, endExcl: PlainDate): Ratio {
  const base = monthIndex(a);
  let m = 0;
  while (cmp(onDay(base + m + 1, a.day), endExcl) <= 0) m++;
  const from = onDay(base + m, a.day);
  const rest = from.until(endExcl, { largestUnit: 'day' }).days;
  if (rest === 0) return ratio(m);
  const monthDays = from.until(onDay(base + m + 1, a.day), { largestUnit: 'day' }).days;
  return addRatio(ratio(m), ratio(rest, monthDays));
}

export type PriceView = Pick<ChargeSegmentView, 'billingPeriod' | 'specificBillingPeriod' | 'listPriceBase' | 'specificListPriceBase'>;

function specificMonths(v: PriceView): number {
  const s = v.specificListPriceBase;
  if (s === null || !Number.isInteger(s) || s < 1) throw invalidValue(`specificListPriceBase must be a whole number of months of at least 1 for Per_Specific_Months, got ${String(s)}`);
  return s;
}

/**
 * How many list prices one full billing period costs: 1 under Per_Billing_Period, the period's months under
 * Per_Month (a quarter is 3), months/12 under Per_Year, months/N under Per_Specific_Months, weeks under Per_Week.
 * A Subscription_Term period counts the months (or weeks) of its full term.
 */
export function listPriceMultiplier(v: PriceView, p: Pick<ServicePeriod, 'fullStart' | 'fullEnd'>): Ratio {
  const base: ListPriceBase = v.listPriceBase ?? 'Per_Billing_Period';
  if (base === 'Per_Billing_Period') return ONE;
  const len: PeriodLength = periodLength(v.billingPeriod, v.specificBillingPeriod);
  const bp = v.billingPeriod ?? 'Month';
  let months: Ratio | null = null;
  let weeks: Ratio | null = null;
  if (len.unit === 'month') months = ratio(len.count);
  else if (len.unit === 'day' && len.weekly) weeks = ratio(len.count, 7);
  else if (len.unit === 'term') {
    const endExcl = p.fullEnd.add({ days: 1 });
    months = monthsBetween(p.fullStart, endExcl);
    weeks = ratio(daysInclusive(p.fullStart, p.fullEnd), 7);
  }
  switch (base) {
    case 'Per_Month':
      if (months) return months;
      break;
    case 'Per_Year':
      if (months) return mulRatio(months, ratio(1, 12));
      break;
    case 'Per_Specific_Months':
      if (months) return mulRatio(months, ratio(1, specificMonths(v)));
      break;
    case 'Per_Week':
      if (weeks) return weeks;
      break;
    default:
      throw invalidValue(`Unknown listPriceBase '${String(base)}'`);
  }
  throw invalidValue(`listPriceBase ${base} does not fit billing period ${bp}`);
}

/** The list price of one full billing period. */
export function periodPrice(listPrice: Money, v: PriceView, p: Pick<ServicePeriod, 'fullStart' | 'fullEnd'>): Money {
  const m = listPriceMultiplier(v, p);
  return listPrice.times(m.num.toString()).div(m.den.toString());
}

/** The amount of a service period: the list price, converted to the billing period, times the period's share. Unrounded. */
export function periodAmount(listPrice: Money, p: ServicePeriod, v: PriceView & ProrationView, rules: BillingRules): Money {
  const share = mulRatio(listPriceMultiplier(v, p), prorationFactor(p, v, rules));
  return listPrice.times(share.num.toString()).div(share.den.toString());
}

export interface RatedPeriod {
  period: ServicePeriod;
  /** Share of the billing period's price, list price base included (a quarter at a monthly price: 3 × the proration factor). */
  share: Ratio;
  /** listPrice × share, unrounded. */
  amount: Money;
}

/** The periods of a segment due through `targetDate`, each with its amount for `listPrice` (one list price unit under the list price base). */
export function rateSegment(v: ChargeSegmentView, account: AccountBillCycle, targetDate: PlainDate | null, listPrice: Money, rules: BillingRules): RatedPeriod[] {
  return billingPeriods(v, account, targetDate).map((period) => {
    const share = mulRatio(listPriceMultiplier(v, period), prorationFactor(period, v, rules));
    return { period, share, amount: listPrice.times(share.num.toString()).div(share.den.toString()) };
  });
}
