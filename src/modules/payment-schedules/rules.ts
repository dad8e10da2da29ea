/**
 * The pure rules of payment schedules: the dates and amounts of a recurring schedule's items and the
 * schedule's status. No database, no clock.
 *
 * Pages: "Create a payment schedule" (developer.zuora.com, POST_PaymentSchedule): a recurring schedule has
 * `occurrences` items (at most 1000) from `startDate`, one per `period` (Monthly, Weekly, BiWeekly); "If
 * startDate is 30 or 31 and period is Monthly, when in February, payment schedule will use the last day of
 * February"; give `amount` (each item; totalAmount = amount × occurrences) or `totalAmount` (amount
 * calculated), never both. The pages do not say how a total that does not divide evenly is split: zbill
 * rounds each item's share half-up to the currency's places and the last item takes the rest, so the items
 * always add up to the total (docs/decisions.md).
 * "Update a payment schedule": periodStartDate reschedules the pending items; without it the next item falls
 * on the last processed or canceled item's date + 1 period.
 */
import { addMonths, Temporal } from '../../platform/dates.js';
import { D, roundTo, type Money } from '../../platform/money.js';

export const PERIODS = ['Monthly', 'Weekly', 'BiWeekly'] as const;
export type Period = (typeof PERIODS)[number];
export const MAX_OCCURRENCES = 1000;

/** The date of the n-th item (0 = start) of a period grid; months counted from the start, so day 31 comes back after February. */
export function nthDate(start: Temporal.PlainDate, period: Period, n: number): Temporal.PlainDate {
  if (period === 'Monthly') return addMonths(start, n);
  return start.add({ days: (period === 'Weekly' ? 7 : 14) * n });
}

/** `count` dates from `start`, one per period. */
export function scheduleDates(start: Temporal.PlainDate, period: Period, count: number): Temporal.PlainDate[] {
  return Array.from({ length: count }, (_, n) => nthDate(start, period, n));
}

/** The date one period after `d` (monthly: the same day of the next month, or its last day). */
export function nextDate(d: Temporal.PlainDate, period: Period): Temporal.PlainDate {
  return nthDate(d, period, 1);
}

/**
 * What each of `count` items collects: the amount given, or the total split evenly, each share rounded
 * half-up to the currency's places, the last item taking what the others leave.
 */
export function itemAmounts(count: number, places: number, given: { amount?: Money; total?: Money }): Money[] {
  if (count < 1) return [];
  if (given.amount) return Array.from({ length: count }, () => given.amount!);
  const total = given.total!;
  const share = roundTo(total.dividedBy(count), places);
  const out = Array.from({ length: count }, () => share);
  out[count - 1] = total.minus(share.times(count - 1));
  return out;
}

export type ScheduleStatus = 'Active' | 'Canceled' | 'Completed';

/** Canceled once canceled; Completed when no item is left to collect (none Pending or Error); Active otherwise. */
export function scheduleStatus(itemStatuses: string[], canceled: boolean): ScheduleStatus {
  if (canceled) return 'Canceled';
  return itemStatuses.some((s) => s === 'Pending' || s === 'Error') ? 'Active' : 'Completed';
}

/** Sums decimal strings exactly. */
export function sum(values: Array<string | Money>): Money {
  return values.reduce((t: Money, v) => t.plus(v), new D(0));
}
