/**
 * The rating engine: pure functions from a charge's billing view to billing periods and amounts.
 * No database, no HTTP, no clock: every input is a value, every output is a value.
 *
 * How the pieces fit:
 *   types.ts      what the engine reads: one charge segment's billing view (`ChargeSegmentView`, field names
 *                 and enum values of the v1 API's subscription charge), the account's bill cycle day and its
 *                 changes (`AccountBillCycle`), and the tenant's billing rules (`BillingRules`, named as the
 *                 Settings API's /settings/billing-rules names them).
 *   periods.ts    `chargeEndDate` (end date conditions) and `billingPeriods`: the service periods of a segment
 *                 due through a target date, each with the full billing period it belongs to.
 *   proration.ts  `prorationFactor`: what share of a full period's price a (partial) service period is worth,
 *                 as an exact ratio; `periodPrice`: a list price under its list price base turned into the price
 *                 of one full billing period; `periodAmount`: the two together, a Decimal, never rounded;
 *                 `rateSegment`: the periods of a segment due through a target date with their amounts.
 *   spellings.ts  readers that take the catalog's / object API's spellings ('Semi-Annual', 'Per Month',
 *                 'In Advance') into the values above, for whoever builds a view from stored charges.
 *   models/       (another piece) the price of a quantity under a charge model: flat fee, per unit, tiers...
 *
 * A caller (the invoice builder) takes a subscription version, builds one view per charge segment, asks
 * `billingPeriods` for what is due, prices the quantity with a charge model to get the list price of one
 * billing period, and asks `periodAmount` for each period's amount; rounding to the currency comes last.
 *
 * Dates are Temporal.PlainDate. Like the subscriptions module stores them, a segment's and a charge's end
 * dates are exclusive (the first day not in force); service periods come out inclusive, as Zuora prints them.
 */
import type { Temporal } from '../../../platform/dates.js';

export type PlainDate = Temporal.PlainDate;

export type ChargeType = 'OneTime' | 'Recurring' | 'Usage';

/** The subscription API's billing periods (ChargeOverride.billing.billingPeriod). */
export const BILLING_PERIODS = [
  'Month',
  'Quarter',
  'Semi_Annual',
  'Annual',
  'Eighteen_Months',
  'Two_Years',
  'Three_Years',
  'Five_Years',
  'Specific_Months',
  'Subscription_Term',
  'Week',
  'Specific_Weeks',
  'Specific_Days',
] as const;
export type BillingPeriod = (typeof BILLING_PERIODS)[number];

export const BILL_CYCLE_TYPES = [
  'DefaultFromCustomer',
  'SpecificDayofMonth',
  'SubscriptionStartDay',
  'ChargeTriggerDay',
  'SpecificDayofWeek',
  'TermStartDay',
  'TermEndDay',
] as const;
export type BillCycleType = (typeof BILL_CYCLE_TYPES)[number];

export type BillingPeriodAlignment = 'AlignToCharge' | 'AlignToSubscriptionStart' | 'AlignToTermStart' | 'AlignToTermEnd';
export type BillingTiming = 'IN_ADVANCE' | 'IN_ARREARS';
export type Weekday = 'Sunday' | 'Monday' | 'Tuesday' | 'Wednesday' | 'Thursday' | 'Friday' | 'Saturday';
/** List price bases in the subscription API's spelling (the catalog's 'Per Month' is 'Per_Month'). */
export type ListPriceBase = 'Per_Billing_Period' | 'Per_Month' | 'Per_Week' | 'Per_Year' | 'Per_Specific_Months';
export type EndDateCondition = 'Subscription_End' | 'Fixed_Period' | 'Specific_End_Date' | 'One_Time';
export type UpToPeriodsType = 'Billing_Periods' | 'Days' | 'Weeks' | 'Months' | 'Years';
export type TriggerEvent = 'ContractEffective' | 'ServiceActivation' | 'CustomerAcceptance' | 'SpecificDate';
export type ProrationOption = 'NoProration' | 'TimeBasedProration' | 'DefaultFromTenantSetting' | 'ChargeFullPeriod' | 'CustomizeProrationOptionOverrides';
export type DaysInMonth = 'UseActualDays' | 'Assume30Days' | 'Assume30DaysStrict';
export type ProrationUnit = 'ProrateByDay' | 'ProrateByMonthFirst';

/** ChargeOverride.ratingPropertiesOverride: used when prorationOption is CustomizeProrationOptionOverrides. */
export interface RatingPropertiesOverride {
  isProratePartialMonth?: boolean | null;
  prorationUnit?: ProrationUnit | null;
  daysInMonth?: DaysInMonth | null;
}

/**
 * What the engine needs to know about one segment of one subscription charge. Unset is null.
 * The charge-level dates (chargeStartDate, chargeEndDate) matter because billing periods are laid
 * from the charge's start, whatever segment is being rated.
 */
export interface ChargeSegmentView {
  chargeType: ChargeType;
  /** The charge model in any API's spelling ('Discount-Fixed Amount', 'DiscountFixedAmount'); proration reads it only for fixed-amount discounts. */
  chargeModel?: string | null;
  billingPeriod: BillingPeriod | null;
  /** Months, weeks or days of a Specific_Months / Specific_Weeks / Specific_Days period. */
  specificBillingPeriod: number | null;
  billCycleType: BillCycleType | null;
  /** The charge's own day of month (SpecificDayofMonth). */
  billCycleDay: number | null;
  /** The charge's day of week (SpecificDayofWeek). */
  weeklyBillCycleDay: Weekday | null;
  billingPeriodAlignment: BillingPeriodAlignment | null;
  /** Null: IN_ADVANCE for recurring charges. Usage is always rated in arrears. */
  billingTiming: BillingTiming | null;
  listPriceBase: ListPriceBase | null;
  /** Months of a Per_Specific_Months list price base. */
  specificListPriceBase: number | null;
  triggerEvent: TriggerEvent | null;
  /** The date the trigger event gave the charge: its effective start (charge start). */
  chargeStartDate: PlainDate;
  /** Exclusive; null = open-ended (evergreen). See `chargeEndDate` for how end date conditions set it. */
  chargeEndDate: PlainDate | null;
  /** This segment: inclusive start, exclusive end (null = open-ended). */
  segmentStartDate: PlainDate;
  segmentEndDate: PlainDate | null;
  subscriptionStartDate: PlainDate;
  /** The current term: inclusive start, exclusive end (null for evergreen). */
  termStartDate: PlainDate;
  termEndDate: PlainDate | null;
  endDateCondition: EndDateCondition | null;
  upToPeriods: number | null;
  upToPeriodsType: UpToPeriodsType | null;
  specificEndDate: PlainDate | null;
  prorationOption: ProrationOption | null;
  ratingPropertiesOverride: RatingPropertiesOverride | null;
}

/** The account's bill cycle day and, if it changed, from when each new value applies. */
export interface AccountBillCycle {
  /** The bill cycle day before any change listed below (1-31). */
  billCycleDay: number;
  /** Changes in date order: from the first billing period boundary on or after `effectiveDate`, `billCycleDay` applies. */
  changes?: { effectiveDate: PlainDate; billCycleDay: number }[];
}

/**
 * The proration part of the tenant's billing rules, named as GET /settings/billing-rules names them.
 * Zuora's UI labels: prorateRecurringMonthlyCharges "Bill recurring charges for partial month (with monthly
 * based billing periods)?", prorateRecurringWeeklyCharges "... partial week (with weekly based billing
 * periods)?", proratePeriodOfRecurringCharge "Prorate recurring charges for partial period?" (quarterly,
 * semi-annual, annual and longer), prorateUsageMonthlyCharges / prorateUsageWeeklyCharges the same for usage,
 * daysInMonth "When prorating a month, assume 30 days in a month or use actual days?", prorationUnit "When
 * prorating periods greater than a month, prorate by month first, or by day?".
 */
export interface BillingRules {
  prorateRecurringMonthlyCharges: boolean;
  prorateRecurringWeeklyCharges: boolean;
  proratePeriodOfRecurringCharge: boolean;
  prorateUsageMonthlyCharges: boolean;
  prorateUsageWeeklyCharges: boolean;
  daysInMonth: DaysInMonth;
  prorationUnit: ProrationUnit;
}

/**
 * Defaults of a new tenant. Recurring proration is on (the "Prorate recurring charges for partial period"
 * rule is Yes by default, per Zuora's "Billing Rules - Proration" page); usage is not prorated by default
 * ("the default tenant setting does not prorate usage charges", "Usage charge proration" page); actual days.
 * prorationUnit: Zuora does not say; month first is what tenants without the partial-period feature get
 * (partial quarters priced as whole months plus prorated days), so that is the default here.
 */
export const DEFAULT_BILLING_RULES: Readonly<BillingRules> = Object.freeze({
  prorateRecurringMonthlyCharges: true,
  prorateRecurringWeeklyCharges: true,
  proratePeriodOfRecurringCharge: true,
  prorateUsageMonthlyCharges: false,
  prorateUsageWeeklyCharges: false,
  daysInMonth: 'UseActualDays',
  prorationUnit: 'ProrateByMonthFirst',
});

export function billingRules(overrides: Partial<BillingRules> = {}): BillingRules {
  const out: BillingRules = { ...DEFAULT_BILLING_RULES };
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined && v !== null) (out as unknown as Record<string, unknown>)[k] = v;
  return out;
}

/** One service period of a segment. */
export interface ServicePeriod {
  /** Inclusive, as Zuora prints service periods. */
  start: PlainDate;
  end: PlainDate;
  /** The full billing period this one is part of (inclusive bounds); equal to start/end when it is full. */
  fullStart: PlainDate;
  fullEnd: PlainDate;
  partial: boolean;
  /** The first target date that bills it: its start in advance, the day after its end in arrears. */
  dueDate: PlainDate;
  /** The bill cycle day that laid a month-based period's grid (null for week/day based periods). */
  cycleDay: number | null;
}
