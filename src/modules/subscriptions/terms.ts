/** Pure date and term rules (no database). */
import { Temporal, parseDate } from '../../platform/dates.js';
import { D, type Money } from '../../platform/money.js';
import type { ChargeDoc, PeriodType, SegmentDoc } from './model.js';

export const PERIOD_TYPES: PeriodType[] = ['Month', 'Year', 'Day', 'Week'];

export function pd(s: string): Temporal.PlainDate {
  return Temporal.PlainDate.from(s);
}

export function addPeriod(date: string, n: number, type: string): string {
  const d = pd(date);
  switch (type) {
    case 'Year':
    case 'Years':
      return d.add({ years: n }, { overflow: 'constrain' }).toString();
    case 'Day':
    case 'Days':
      return d.add({ days: n }).toString();
    case 'Week':
    case 'Weeks':
      return d.add({ weeks: n }).toString();
    default:
      return d.add({ months: n }, { overflow: 'constrain' }).toString();
  }
}

export function addDays(date: string, n: number): string {
  return pd(date).add({ days: n }).toString();
}

export function daysBetween(a: string, b: string): number {
  return pd(a).until(pd(b), { largestUnit: 'days' }).days;
}

export const cmp = (a: string, b: string) => Temporal.PlainDate.compare(pd(a), pd(b));
export const before = (a: string, b: string) => cmp(a, b) < 0;
/** Null stands for "no end": later than every date. */
export const endAfter = (end: string | null, d: string) => end === null || cmp(end, d) > 0;

export function isDate(s: unknown): s is string {
  return typeof s === 'string' && parseDate(s) !== undefined;
}

/** Months in one billing period, for monthly recurring revenue. */
export function billingPeriodMonths(period: string | null, specific: number | null): Money | null {
  switch (period) {
    case 'Month':
      return new D(1);
    case 'Quarter':
      return new D(3);
    case 'Semi_Annual':
    case 'Semi-Annual':
      return new D(6);
    case 'Annual':
      return new D(12);
    case 'Eighteen_Months':
      return new D(18);
    case 'Two_Years':
      return new D(24);
    case 'Three_Years':
      return new D(36);
    case 'Five_Years':
      return new D(60);
    case 'Specific_Months':
    case 'Specific Months':
      return new D(specific ?? 1);
    case 'Week':
      return new D(12).div(52);
    case 'Specific_Weeks':
    case 'Specific Weeks':
      return new D(12).div(52).mul(specific ?? 1);
    default:
      return null;
  }
}

/** Amount of one billing period for a segment (flat fee, per unit, tiered, volume). */
export function periodAmount(c: ChargeDoc, s: SegmentDoc): Money {
  const qty = new D(s.quantity ?? 1);
  switch (c.model) {
    case 'FlatFee':
      return new D(s.price ?? 0);
    case 'PerUnit':
      return new D(s.price ?? 0).mul(qty);
    case 'Volume': {
      const t = s.tiers.find((t) => qty.gte(t.startingUnit) && (t.endingUnit === null || qty.lte(t.endingUnit))) ?? s.tiers[s.tiers.length - 1];
      if (!t) return new D(0);
      return t.priceFormat === 'FlatFee' ? new D(t.price) : new D(t.price).mul(qty);
    }
    case 'Tiered': {
      let total = new D(0);
      for (const t of s.tiers) {
        const start = new D(t.startingUnit);
        if (qty.lt(start) && !start.eq(0)) break;
        const top = t.endingUnit === null ? qty : D.min(qty, new D(t.endingUnit));
        const lower = start.eq(0) ? start : start.minus(1);
        const units = D.max(top.minus(lower), 0);
        total = total.plus(t.priceFormat === 'FlatFee' ? (units.gt(0) ? new D(t.price) : 0) : new D(t.price).mul(units));
      }
      return total;
    }
    default:
      return new D(0);
  }
}

/** Monthly recurring revenue of a segment (0 for one-time, usage and discounts). */
export function segmentMrr(c: ChargeDoc, s: SegmentDoc): Money {
  if (c.type !== 'Recurring') return new D(0);
  const amount = periodAmount(c, s);
  if (c.listPriceBase === 'Per_Month') return amount;
  if (c.listPriceBase === 'Per_Year') return amount.div(12);
  const months = billingPeriodMonths(c.billingPeriod, c.specificBillingPeriod);
  return months ? amount.div(months) : new D(0);
}

/** Months between two dates, whole months plus the rest by days of the last month. */
export function monthsBetween(a: string, b: string): Money {
  let months = 0;
  let cur = pd(a);
  const end = pd(b);
  while (Temporal.PlainDate.compare(cur.add({ months: 1 }), end) <= 0) {
    months++;
    cur = pd(a).add({ months });
  }
  const rest = cur.until(end, { largestUnit: 'days' }).days;
  const len = cur.until(cur.add({ months: 1 }), { largestUnit: 'days' }).days;
  return new D(months).plus(new D(rest).div(len));
}

/** Contract value of a segment: one-time amounts once, recurring over its dates (open ends count nothing). */
export function segmentTcv(c: ChargeDoc, s: SegmentDoc): Money {
  if (c.type === 'OneTime') return periodAmount(c, s);
  if (c.type !== 'Recurring' || s.effectiveEndDate === null) return new D(0);
  if (!before(s.effectiveStartDate, s.effectiveEndDate)) return new D(0);
  return segmentMrr(c, s).mul(monthsBetween(s.effectiveStartDate, s.effectiveEndDate));
}
