/**
 * Billing periods of a charge segment: the grid of full billing periods (laid by the billing period, the
 * bill cycle day and the billing period alignment), cut by the charge's and the segment's dates.
 *
 * The grid: every full billing period starts on a "bill cycle date". Month-based periods (Month ... Five_Years,
 * Specific_Months) step by months on the bill cycle day, clamped to the month's last day (a bill cycle day of
 * 31 falls on Feb 28, then Mar 31 again). Week-based periods step by 7 days from a weekday; Specific_Days by
 * its days; Subscription_Term is the term. Alignment picks the reference bill cycle date: the first one on or
 * after the charge start (AlignToCharge), the subscription start (AlignToSubscriptionStart) or the term start
 * (AlignToTermStart); the last one on or before the term end (AlignToTermEnd). Periods before the reference
 * step backwards from it, so a charge starting between two bill cycle dates gets a leading partial period.
 *
 * An account's bill cycle day change (DefaultFromCustomer charges) applies from the first grid boundary on or
 * after its effective date: the period in progress keeps its end, then a partial period runs to the first new
 * bill cycle date, and the new grid goes on from there (Zuora's "Changing bill cycle day" cases).
 */
import { Category, errorCode, invalidValue, missingField, UNKNOWN_RESOURCE, ZuoraError } from '../../../platform/errors.js';
import { Temporal } from '../../../platform/dates.js';
import type { AccountBillCycle, BillingPeriod, ChargeSegmentView, PlainDate, ServicePeriod, TriggerEvent, Weekday } from './types.js';

/** A listing longer than this is a caller's mistake (an open-ended charge with a far target date, or daily periods for centuries). */
const MAX_PERIODS = 10_000;

const WEEKDAY_NUMBER: Record<Weekday, number> = { Monday: 1, Tuesday: 2, Wednesday: 3, Thursday: 4, Friday: 5, Saturday: 6, Sunday: 7 };

const MONTHS_OF: Partial<Record<BillingPeriod, number>> = {
  Month: 1,
  Quarter: 3,
  Semi_Annual: 6,
  Annual: 12,
  Eighteen_Months: 18,
  Two_Years: 24,
  Three_Years: 36,
  Five_Years: 60,
};

/** How long one full billing period is. */
export type PeriodLength = { unit: 'month'; count: number } | { unit: 'day'; count: number; weekly: boolean } | { unit: 'term' };

export function periodLength(billingPeriod: BillingPeriod | null, specific: number | null): PeriodLength {
  const bp = billingPeriod ?? 'Month';
  const months = MONTHS_OF[bp];
  if (months !== undefined) return { unit: 'month', count: months };
  const n = (): number => {
    if (specific === null || !Number.isInteger(specific) || specific < 1)
      throw invalidValue(`specificBillingPeriod must be a whole number of at least 1 for billing period ${bp}, got ${String(specific)}`);
    return specific;
  };
  switch (bp) {
    case 'Specific_Months':
      return { unit: 'month', count: n() };
    case 'Week':
      return { unit: 'day', count: 7, weekly: true };
    case 'Specific_Weeks':
      return { unit: 'day', count: 7 * n(), weekly: true };
    case 'Specific_Days':
      return { unit: 'day', count: n(), weekly: false };
    case 'Subscription_Term':
      return { unit: 'term' };
    default:
      throw invalidValue(`Unknown billing period '${String(bp)}'`);
  }
}

// ---------------------------------------------------------------- calendar helpers

const monthIndex = (d: PlainDate) => d.year * 12 + (d.month - 1);

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Days in the ISO month (computed: making a PlainDate for it was a large part of rating a charge). */
function daysIn(year: number, month: number): number {
  if (month !== 2) return MONTH_DAYS[month - 1]!;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/**
 * The ISO date of these fields (valid ones), made once: a PlainDate is immutable, and a run lays the same grid
 * boundaries for every account (making them was most of laying out a charge's periods).
 */
const dates = new Map<number, PlainDate>();
function ymd(year: number, month: number, day: number): PlainDate {
  const key = (year * 13 + month) * 32 + day;
  let d = dates.get(key);
  if (!d) {
    if (dates.size >= 20_000) dates.clear();
    d = new Temporal.PlainDate(year, month, day);
    dates.set(key, d);
  }
  return d;
}

/** The day before (by the calendar's fields, not Temporal's subtract). */
function dayBefore(d: PlainDate): PlainDate {
  if (d.day > 1) return ymd(d.year, d.month, d.day - 1);
  if (d.month > 1) return ymd(d.year, d.month - 1, daysIn(d.year, d.month - 1));
  return ymd(d.year - 1, 12, 31);
}

/** The date with day `day` (clamped to the month's end) in the month of absolute index `idx`. */
export function onDay(idx: number, day: number): PlainDate {
  const year = Math.floor(idx / 12);
  const month = idx - year * 12 + 1;
  return ymd(year, month, Math.min(day, daysIn(year, month)));
}

/** Inclusive count of days from `a` to `b`. */
export function daysInclusive(a: PlainDate, b: PlainDate): number {
  return a.until(b, { largestUnit: 'day' }).days + 1;
}

const cmp = (a: PlainDate, b: PlainDate) => Temporal.PlainDate.compare(a, b);
const minDate = (a: PlainDate, b: PlainDate | null) => (b !== null && cmp(b, a) < 0 ? b : a);
const maxDate = (a: PlainDate, b: PlainDate) => (cmp(b, a) > 0 ? b : a);

// ---------------------------------------------------------------- the grid

type Grid = { kind: 'month'; ref: PlainDate; months: number; day: number } | { kind: 'day'; ref: PlainDate; days: number } | { kind: 'term'; start: PlainDate; end: PlainDate };

function boundary(g: Exclude<Grid, { kind: 'term' }>, k: number): PlainDate {
  if (g.kind === 'month') return onDay(monthIndex(g.ref) + k * g.months, g.day);
  return g.ref.add({ days: k * g.days });
}

/** The index k of the full period [boundary(k), boundary(k+1)) holding `x`. */
function indexOf(g: Exclude<Grid, { kind: 'term' }>, x: PlainDate): number {
  let k: number;
  if (g.kind === 'month') k = Math.floor((monthIndex(x) - monthIndex(g.ref)) / g.months);
  else k = Math.floor(g.ref.until(x, { largestUnit: 'day' }).days / g.days);
  while (cmp(boundary(g, k), x) > 0) k--;
  while (cmp(boundary(g, k + 1), x) <= 0) k++;
  return k;
}

function firstDayOnOrAfter(x: PlainDate, day: number): PlainDate {
  const here = onDay(monthIndex(x), day);
  return cmp(here, x) >= 0 ? here : onDay(monthIndex(x) + 1, day);
}
function lastDayOnOrBefore(x: PlainDate, day: number): PlainDate {
  const here = onDay(monthIndex(x), day);
  return cmp(here, x) <= 0 ? here : onDay(monthIndex(x) - 1, day);
}
function firstWeekdayOnOrAfter(x: PlainDate, weekday: number): PlainDate {
  return x.add({ days: (weekday - x.dayOfWeek + 7) % 7 });
}
function lastWeekdayOnOrBefore(x: PlainDate, weekday: number): PlainDate {
  return x.subtract({ days: (x.dayOfWeek - weekday + 7) % 7 });
}

/** The account's bill cycle day in force for a charge starting on `on`, and the changes still to come. */
function accountDay(account: AccountBillCycle, on: PlainDate): { day: number; later: { effectiveDate: PlainDate; billCycleDay: number }[] } {
  let day = account.billCycleDay;
  const later: { effectiveDate: PlainDate; billCycleDay: number }[] = [];
  const changes = [...(account.changes ?? [])].sort((a, b) => cmp(a.effectiveDate, b.effectiveDate));
  for (const c of changes) {
    checkDay(c.billCycleDay, 'account bill cycle day');
    if (cmp(c.effectiveDate, on) <= 0) day = c.billCycleDay;
    else later.push(c);
  }
  return { day: checkDay(day, 'account bill cycle day'), later };
}

function checkDay(day: number | null, what: string): number {
  if (day === null) throw missingField(`The ${what} is required`);
  if (!Number.isInteger(day) || day < 1 || day > 31) throw invalidValue(`The ${what} must be a day of month 1-31, got ${day}`);
  return day;
}

/** The day of month that lays a month-based charge's grid. */
function monthDayOf(v: ChargeSegmentView, account: AccountBillCycle): { day: number; later: { effectiveDate: PlainDate; billCycleDay: number }[] } {
  switch (v.billCycleType ?? 'DefaultFromCustomer') {
    case 'DefaultFromCustomer':
      return accountDay(account, v.chargeStartDate);
    case 'SpecificDayofMonth':
      return { day: checkDay(v.billCycleDay, "charge's billCycleDay (SpecificDayofMonth)"), later: [] };
    case 'SubscriptionStartDay':
      return { day: v.subscriptionStartDate.day, later: [] };
    case 'ChargeTriggerDay':
      return { day: v.chargeStartDate.day, later: [] };
    case 'TermStartDay':
      return { day: v.termStartDate.day, later: [] };
    case 'TermEndDay':
      if (!v.termEndDate) throw invalidValue('billCycleType TermEndDay needs a termed subscription (an evergreen one has no term end)');
      return { day: v.termEndDate.day, later: [] };
    case 'SpecificDayofWeek':
      throw invalidValue(`billCycleType SpecificDayofWeek applies to weekly billing periods, not ${v.billingPeriod ?? 'Month'}`);
  }
}

/** The weekday (1 Monday .. 7 Sunday) that lays a week-based charge's grid. */
function weekdayOf(v: ChargeSegmentView): number {
  const own = v.weeklyBillCycleDay ? WEEKDAY_NUMBER[v.weeklyBillCycleDay] : undefined;
  if (v.weeklyBillCycleDay && own === undefined) throw invalidValue(`Unknown weeklyBillCycleDay '${v.weeklyBillCycleDay}'`);
  switch (v.billCycleType ?? 'DefaultFromCustomer') {
    case 'SpecificDayofWeek':
      if (own === undefined) throw missingField('weeklyBillCycleDay is required when billCycleType is SpecificDayofWeek');
      return own;
    case 'SubscriptionStartDay':
      return v.subscriptionStartDate.dayOfWeek;
    case 'TermStartDay':
      return v.termStartDate.dayOfWeek;
    case 'TermEndDay':
      if (!v.termEndDate) throw invalidValue('billCycleType TermEndDay needs a termed subscription (an evergreen one has no term end)');
      return v.termEndDate.dayOfWeek;
    default:
      // An account's bill cycle day is a day of month: weekly charges follow their own weekday or start day.
      return own ?? v.chargeStartDate.dayOfWeek;
  }
}

function alignmentDate(v: ChargeSegmentView): { date: PlainDate; backwards: boolean } {
  switch (v.billingPeriodAlignment ?? 'AlignToCharge') {
    case 'AlignToCharge':
      return { date: v.chargeStartDate, backwards: false };
    case 'AlignToSubscriptionStart':
      return { date: v.subscriptionStartDate, backwards: false };
    case 'AlignToTermStart':
      return { date: v.termStartDate, backwards: false };
    case 'AlignToTermEnd':
      if (!v.termEndDate) throw invalidValue('billingPeriodAlignment AlignToTermEnd needs a termed subscription (an evergreen one has no term end)');
      return { date: v.termEndDate, backwards: true };
    default:
      throw invalidValue(`Unknown billingPeriodAlignment '${String(v.billingPeriodAlignment)}'`);
  }
}

function gridOf(v: ChargeSegmentView, account: AccountBillCycle): { grid: Grid; later: { effectiveDate: PlainDate; billCycleDay: number }[] } {
  const len = periodLength(v.billingPeriod, v.specificBillingPeriod);
  if (len.unit === 'term') {
    if (!v.termEndDate) throw invalidValue('billingPeriod Subscription_Term needs a termed subscription (an evergreen one has no term end)');
    return { grid: { kind: 'term', start: v.termStartDate, end: v.termEndDate }, later: [] };
  }
  const align = alignmentDate(v);
  if (len.unit === 'month') {
    const { day, later } = monthDayOf(v, account);
    const ref = align.backwards ? lastDayOnOrBefore(align.date, day) : firstDayOnOrAfter(align.date, day);
    return { grid: { kind: 'month', ref, months: len.count, day }, later };
  }
  if (!len.weekly) return { grid: { kind: 'day', ref: align.date, days: len.count }, later: [] };
  const wd = weekdayOf(v);
  const ref = align.backwards ? lastWeekdayOnOrBefore(align.date, wd) : firstWeekdayOnOrAfter(align.date, wd);
  return { grid: { kind: 'day', ref, days: len.count }, later: [] };
}

// ---------------------------------------------------------------- trigger events

/** The subscription dates a trigger event picks from. */
export interface TriggerDates {
  contractEffectiveDate: PlainDate;
  serviceActivationDate: PlainDate | null;
  customerAcceptanceDate: PlainDate | null;
  specificTriggerDate: PlainDate | null;
}

/**
 * The charge start a trigger event gives: the contract effective, service activation or customer acceptance
 * date, or the charge's specific date. Null while that date is not known yet (the charge is pending and
 * nothing is billed for it).
 */
export function chargeTriggerDate(event: TriggerEvent | null, d: TriggerDates): PlainDate | null {
  switch (event ?? 'ContractEffective') {
    case 'ContractEffective':
      return d.contractEffectiveDate;
    case 'ServiceActivation':
      return d.serviceActivationDate;
    case 'CustomerAcceptance':
      return d.customerAcceptanceDate;
    case 'SpecificDate':
      return d.specificTriggerDate;
    default:
      throw invalidValue(`Unknown triggerEvent '${String(event)}'`);
  }
}

// ---------------------------------------------------------------- end date conditions

/**
 * The exclusive end of a charge by its end date condition: the subscription's end (termEndDate; null when
 * evergreen), a fixed number of periods from the charge start (never past the term end), or a specific date.
 * One-time charges last their trigger day.
 */
export function chargeEndDate(
  v: Pick<ChargeSegmentView, 'chargeType' | 'billingPeriod' | 'specificBillingPeriod' | 'endDateCondition' | 'upToPeriods' | 'upToPeriodsType' | 'specificEndDate' | 'chargeStartDate' | 'termEndDate'>,
): PlainDate | null {
  const start = v.chargeStartDate;
  if (v.chargeType === 'OneTime' || v.endDateCondition === 'One_Time') return start.add({ days: 1 });
  switch (v.endDateCondition ?? 'Subscription_End') {
    case 'Subscription_End':
      return v.termEndDate;
    case 'Specific_End_Date':
      if (!v.specificEndDate) throw missingField('specificEndDate is required when endDateCondition is Specific_End_Date');
      if (cmp(v.specificEndDate, start) <= 0) throw invalidValue(`specificEndDate ${v.specificEndDate.toString()} must be after the charge start ${start.toString()}`);
      return v.specificEndDate;
    case 'Fixed_Period': {
      const n = v.upToPeriods;
      if (n === null) throw missingField('upToPeriods is required when endDateCondition is Fixed_Period');
      if (!Number.isInteger(n) || n < 1) throw invalidValue(`upToPeriods must be a whole number of at least 1, got ${n}`);
      let end: PlainDate;
      switch (v.upToPeriodsType ?? 'Billing_Periods') {
        case 'Days':
          end = start.add({ days: n });
          break;
        case 'Weeks':
          end = start.add({ weeks: n });
          break;
        case 'Months':
          end = onDay(monthIndex(start) + n, start.day);
          break;
        case 'Years':
          end = onDay(monthIndex(start) + 12 * n, start.day);
          break;
        case 'Billing_Periods': {
          const len = periodLength(v.billingPeriod, v.specificBillingPeriod);
          if (len.unit === 'term') {
            if (!v.termEndDate) throw invalidValue('billingPeriod Subscription_Term needs a termed subscription');
            return v.termEndDate;
          }
          end = len.unit === 'month' ? onDay(monthIndex(start) + n * len.count, start.day) : start.add({ days: n * len.count });
          break;
        }
        default:
          throw invalidValue(`Unknown upToPeriodsType '${String(v.upToPeriodsType)}'`);
      }
      return minDate(end, v.termEndDate);
    }
    default:
      throw invalidValue(`Unknown endDateCondition '${String(v.endDateCondition)}'`);
  }
}

// ---------------------------------------------------------------- periods

/**
 * The service periods of one segment due on or before `targetDate` (all of them when it is null; the
 * segment must then end). In advance a period is due on its start; in arrears (and always for usage) on
 * the day after its end. A one-time charge has one period, its trigger day, due that day.
 */
export function billingPeriods(v: ChargeSegmentView, account: AccountBillCycle, targetDate: PlainDate | null): ServicePeriod[] {
  const chargeEnd = v.chargeEndDate;
  const segStart = maxDate(v.segmentStartDate, v.chargeStartDate);
  // Where the segment stops being rated: its end, or the charge's if sooner; null = open-ended.
  const stopAt = v.segmentEndDate === null ? chargeEnd : minDate(v.segmentEndDate, chargeEnd);
  const openEnded = stopAt === null;
  if (v.segmentEndDate !== null && cmp(v.segmentEndDate, v.segmentStartDate) < 0) throw invalidValue('The segment ends before it starts');
  if (chargeEnd !== null && cmp(chargeEnd, v.chargeStartDate) < 0) throw invalidValue('The charge ends before it starts');

  if (v.chargeType === 'OneTime') {
    const d = v.segmentStartDate;
    if (targetDate !== null && cmp(d, targetDate) > 0) return [];
    return [{ start: d, end: d, fullStart: d, fullEnd: d, partial: false, dueDate: d, cycleDay: null }];
  }
  if (openEnded && targetDate === null) throw invalidValue('An open-ended charge needs a target date to list its billing periods');
  const arrears = v.chargeType === 'Usage' || v.billingTiming === 'IN_ARREARS';

  const out: ServicePeriod[] = [];
  const emit = (s: PlainDate, eExcl: PlainDate, fs: PlainDate, feExcl: PlainDate, cycleDay: number | null): boolean => {
    // clip to the segment
    const start = maxDate(s, segStart);
    const endExcl = stopAt ? minDate(eExcl, stopAt) : eExcl;
    if (cmp(start, endExcl) >= 0) return true;
    const end = dayBefore(endExcl);
    const dueDate = arrears ? endExcl : start;
    if (targetDate !== null && cmp(dueDate, targetDate) > 0) return false;
    out.push({ start, end, fullStart: fs, fullEnd: dayBefore(feExcl), partial: cmp(start, fs) !== 0 || cmp(endExcl, feExcl) !== 0, dueDate, cycleDay });
    return true;
  };

  const { grid: first, later } = gridOf(v, account);
  if (first.kind === 'term') {
    emit(maxDate(v.chargeStartDate, first.start), minDate(first.end, chargeEnd), first.start, first.end, null);
    return out;
  }
  let grid = first;
  let cursor = v.chargeStartDate;
  const pending = [...later];
  // A period is cut where the charge ends; the segment clips afterwards.
  for (let guard = 0; ; guard++) {
    if (guard >= MAX_PERIODS) throw new ZuoraError(errorCode(UNKNOWN_RESOURCE, Category.LIMIT), `More than ${MAX_PERIODS} billing periods to list; ask for a nearer target date`);
    if (stopAt && cmp(cursor, stopAt) >= 0) break;
    if (chargeEnd && cmp(cursor, chargeEnd) >= 0) break;
    const k = indexOf(grid, cursor);
    const fs = boundary(grid, k);
    const fe = boundary(grid, k + 1);
    const pieceEnd = minDate(fe, chargeEnd);
    if (cmp(pieceEnd, segStart) > 0 && !emit(cursor, pieceEnd, fs, fe, grid.kind === 'month' ? grid.day : null)) break;
    cursor = pieceEnd;
    while (grid.kind === 'month' && pending.length && cmp(cursor, pending[0]!.effectiveDate) >= 0) {
      const day = checkDay(pending.shift()!.billCycleDay, 'account bill cycle day');
      grid = { kind: 'month', ref: firstDayOnOrAfter(cursor, day), months: grid.months, day };
    }
  }
  return out;
}
