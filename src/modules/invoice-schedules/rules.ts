/**
 * The pure rules of invoice schedules: what each item bills, how an item's amount spreads over the
 * charges a schedule holds, and the schedule's status. No database, no clock.
 *
 * Pages: "Percentage-based amount billing" (docs.zuora.com, Billing Schedule overview): the percentages
 * of a schedule's items add up to 100; an item's amount is its percentage of the total amount, rounded by
 * the currency's rule, and the cents left over by rounding go to the last item; no item bills zero.
 * "Invoice schedules creation": each item's date is later than the previous item's.
 * "Invoice Schedule fields" (Data Query): TotalAmount, ActualAmount, BilledAmount, UnbilledAmount.
 */
import { D, roundTo, type Money } from '../../platform/money.js';

export interface ItemAmountInput {
  /** Exactly one of amount and percentage is set. */
  amount: Money | null;
  percentage: Money | null;
  /** An item already executed keeps what it billed. */
  executedAmount?: Money | null;
}

/**
 * What each item bills. Amount items bill their amount. Percentage items bill their share of `total`,
 * rounded to `places`; the last percentage item takes what the others leave, so the items add up to
 * the total exactly.
 */
export function itemAmounts(items: ItemAmountInput[], total: Money, places: number): Money[] {
  const out = items.map((i) => i.executedAmount ?? (i.amount !== null ? i.amount : roundTo(total.times(i.percentage!).dividedBy(100), places)));
  const lastPct = items.map((i, n) => (i.percentage !== null ? n : -1)).reduce((m, n) => Math.max(m, n), -1);
  if (lastPct >= 0 && !items[lastPct]!.executedAmount) {
    const others = out.reduce((s: Money, a, n) => (n === lastPct ? s : s.plus(a)), new D(0));
    out[lastPct] = total.minus(others);
  }
  return out;
}

/**
 * Spreads an amount over weights (each charge's worth), each share rounded to `places`, the last share
 * taking the rounding rest so the shares add up to the amount. All-zero weights share equally.
 */
export function distribute(amount: Money, weights: Money[], places: number): Money[] {
  if (!weights.length) return [];
  const sum = weights.reduce((s: Money, w) => s.plus(w), new D(0));
  const w = sum.isZero() ? weights.map(() => new D(1)) : weights;
  const total = sum.isZero() ? new D(weights.length) : sum;
  const shares = w.map((x) => roundTo(amount.times(x).dividedBy(total), places));
  const rest = shares.slice(0, -1).reduce((s: Money, x) => s.plus(x), new D(0));
  shares[shares.length - 1] = amount.minus(rest);
  return shares;
}

/**
 * The shares of one item's amount per charge. The schedule's last pending item bills what each charge
 * has left (its worth less what earlier items billed of it) when that adds up to the item's amount, so a
 * schedule that bills its whole total bills each charge exactly; otherwise the amount spreads by worth.
 */
export function chargeShares(amount: Money, charges: Array<{ total: Money; billed: Money }>, places: number, last: boolean): Money[] {
  if (last) {
    const left = charges.map((c) => c.total.minus(c.billed));
    if (left.reduce((s: Money, x) => s.plus(x), new D(0)).equals(amount)) return left;
  }
  return distribute(amount, charges.map((c) => c.total), places);
}

export type ScheduleStatus = 'Pending' | 'PartiallyProcessed' | 'FullyProcessed' | 'Paused';

/** Pending until an item is processed, FullyProcessed once none is pending; Paused while paused. */
export function scheduleStatus(itemStatuses: string[], paused: boolean): ScheduleStatus {
  if (paused) return 'Paused';
  const processed = itemStatuses.filter((s) => s === 'Processed').length;
  if (!processed) return 'Pending';
  return processed === itemStatuses.length ? 'FullyProcessed' : 'PartiallyProcessed';
}

/**
 * The first item whose run date breaks the order, or null when none does: each run date is later than the
 * one before, and once an item has no run date none after it has one ("Creation of percentage-based invoice
 * schedules for professional services during project milestone billing": "If the run date of an invoice
 * schedule item is left empty, the dates of all subsequent invoice schedule items must also be blank").
 */
export function runDateOutOfOrder(runDates: Array<string | null>): number | null {
  for (let i = 1; i < runDates.length; i++) {
    const prev = runDates[i - 1]!;
    const cur = runDates[i]!;
    if (cur === null) continue;
    if (prev === null || cur <= prev) return i;
  }
  return null;
}
