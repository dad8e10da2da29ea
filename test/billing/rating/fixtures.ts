/** Builders for the rating engine's unit tests: a charge segment view with Zuora's defaults, dates from strings. */
import { chargeEndDate } from '../../../src/modules/billing/rating/periods.js';
import type { ChargeSegmentView, ServicePeriod } from '../../../src/modules/billing/rating/types.js';
import { Temporal } from '../../../src/platform/dates.js';

export const d = (s: string) => Temporal.PlainDate.from(s);

type DateKeys = 'chargeStartDate' | 'chargeEndDate' | 'segmentStartDate' | 'segmentEndDate' | 'subscriptionStartDate' | 'termStartDate' | 'termEndDate' | 'specificEndDate';
export type ViewInput = Partial<Omit<ChargeSegmentView, DateKeys>> & Partial<Record<DateKeys, string | null>>;

/**
 * A recurring monthly charge starting with its subscription on `chargeStartDate` (default 2024-01-01), a one-year
 * term, aligned to the charge, billed in advance. Segment dates default to the charge's; the charge end, unless
 * given, comes from its end date condition.
 */
export function view(over: ViewInput = {}): ChargeSegmentView {
  const start = over.chargeStartDate ?? '2024-01-01';
  const sub = over.subscriptionStartDate ?? start;
  const termStart = over.termStartDate ?? sub;
  const termEnd = over.termEndDate === undefined ? d(termStart).add({ years: 1 }).toString() : over.termEndDate;
  const opt = (s: string | null | undefined) => (s === null || s === undefined ? null : d(s));
  const v: ChargeSegmentView = {
    chargeType: 'Recurring',
    billingPeriod: 'Month',
    specificBillingPeriod: null,
    billCycleType: 'DefaultFromCustomer',
    billCycleDay: null,
    weeklyBillCycleDay: null,
    billingPeriodAlignment: 'AlignToCharge',
    billingTiming: 'IN_ADVANCE',
    listPriceBase: 'Per_Billing_Period',
    specificListPriceBase: null,
    triggerEvent: 'ContractEffective',
    endDateCondition: 'Subscription_End',
    upToPeriods: null,
    upToPeriodsType: null,
    prorationOption: null,
    ratingPropertiesOverride: null,
    ...(over as Partial<ChargeSegmentView>),
    chargeStartDate: d(start),
    subscriptionStartDate: d(sub),
    termStartDate: d(termStart),
    termEndDate: opt(termEnd),
    specificEndDate: opt(over.specificEndDate),
    segmentStartDate: d(over.segmentStartDate ?? start),
    segmentEndDate: null,
    chargeEndDate: null,
  };
  v.chargeEndDate = over.chargeEndDate !== undefined ? opt(over.chargeEndDate) : chargeEndDate(v);
  v.segmentEndDate = over.segmentEndDate !== undefined ? opt(over.segmentEndDate) : v.chargeEndDate;
  return v;
}

/** A period as `start..end (fullStart..fullEnd)` strings, for compact expectations. */
export const show = (p: ServicePeriod) =>
  p.partial ? `${p.start.toString()}..${p.end.toString()} (${p.fullStart.toString()}..${p.fullEnd.toString()})` : `${p.start.toString()}..${p.end.toString()}`;

/** A service period built by hand (proration tests). */
export function period(start: string, end: string, fullStart = start, fullEnd = end, cycleDay: number | null = null): ServicePeriod {
  const p = { start: d(start), end: d(end), fullStart: d(fullStart), fullEnd: d(fullEnd), dueDate: d(start), cycleDay };
  return { ...p, partial: start !== fullStart || end !== fullEnd, cycleDay: cycleDay ?? p.fullStart.day };
}
