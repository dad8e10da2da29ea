import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { billingPeriods } from '../../../src/modules/billing/rating/periods.js';
import {
  addRatio,
  listPriceMultiplier,
  partialMonthShare,
  periodAmount,
  prorationFactor,
  ratio,
  rateSegment,
  type Ratio,
} from '../../../src/modules/billing/rating/proration.js';
import { billingRules, DEFAULT_BILLING_RULES, type BillingPeriod, type BillingRules, type ChargeSegmentView, type ListPriceBase } from '../../../src/modules/billing/rating/types.js';
import { ZuoraError } from '../../../src/platform/errors.js';
import { D, type Money } from '../../../src/platform/money.js';
import { d, period, view } from './fixtures.js';

// The Zuora pages the numbers come from.
const DAYS_IN_MONTH =
  'https://docs.zuora.com/en/zuora-billing/manage-accounts-subscriptions-and-non-subscriptions/manage-subscription-transactions/common-subscription-information/proration/when-prorating-a-month-assume-30-days-in-a-month-or-use-actual-days';
const PARTIAL_PERIOD_KC = 'https://knowledgecenter.zuora.com/BC_Subscription_Management/Subscriptions/G_Proration/Calculating_Total_Amount_with_Partial_Period_Proration';
const PARTIAL_WEEK =
  'https://docs.zuora.com/en/zuora-billing/manage-accounts-subscriptions-and-non-subscriptions/manage-subscription-transactions/common-subscription-information/proration/calculate-total-amount-with-partial-period-proration';
const PARTIAL_QUARTER =
  'https://docs.zuora.com/en/zuora-billing/manage-accounts-subscriptions-and-non-subscriptions/manage-subscription-transactions/common-subscription-information/proration/calculate-total-amount-with-partial-period-proration/calculating-total-amount-with-partial-period-quarter-semi-annual-or-annual-billing-periods';
const START_MONTH_DAYS = 'https://community.zuora.com/t5/Subscriptions/Weird-proration-calculation-explained/td-p/15101';
const USAGE_PRORATION = 'https://docs.zuora.com/en/zuora-billing/bill-your-customer/usage-billing/unbilled-usage/usage-charge-proration';
const RULES_PAGE = 'https://docs.zuora.com/en/zuora-billing/set-up-zuora-billing/billing-settings-configuration/general-billing-settings/define-billing-rules/biling-rules---proration';
const NOT_PRORATED = 'https://community.zuora.com/t5/Billing-Payment-Ideas/Remove-quot-Proration-quot-word-on-non-prorated-invoice-items/idc-p/28141';
const PRORATION_OPTION = 'the ProrationOption field of "CRUD: Create a product rate plan charge" (reference pages/v1-api-reference_api_operation_object_postproductrateplancharge.md)';
const LIST_PRICE_BASE = 'the ListPriceBase / SpecificListPriceBase fields of "CRUD: Create a product rate plan charge" (reference pages)';
const SETTINGS_SAMPLE = 'the billing-rules response of "Submit settings requests" (reference pages/v1-api-reference_api_operation_post_processsettingsbatchrequest.md)';

const acct = { billCycleDay: 1 };
const r2 = (m: Money) => m.toDecimalPlaces(2).toFixed(2);

/** The amounts of every period due through `target`, and their sum. */
function amounts(v: ChargeSegmentView, price: string, rules: BillingRules, target: string | null, bcd = 1) {
  const ps = billingPeriods(v, { billCycleDay: bcd }, target === null ? null : d(target));
  const each = ps.map((p) => periodAmount(new D(price), p, v, rules));
  return { each, total: each.reduce((a, b) => a.plus(b), new D(0)) };
}

function zuoraError(fn: () => unknown): ZuoraError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ZuoraError) return e;
    throw e;
  }
  throw new Error('expected a ZuoraError');
}

describe('billing rules', () => {
  it(`use the Settings API names; recurring proration on, usage off, actual days by default (${RULES_PAGE}; ${USAGE_PRORATION}; ${SETTINGS_SAMPLE})`, () => {
    expect(DEFAULT_BILLING_RULES).toMatchObject({
      prorateRecurringMonthlyCharges: true,
      prorateRecurringWeeklyCharges: true,
      proratePeriodOfRecurringCharge: true,
      prorateUsageMonthlyCharges: false,
      prorateUsageWeeklyCharges: false,
      daysInMonth: 'UseActualDays',
    });
    expect(billingRules({ daysInMonth: 'Assume30Days' }).daysInMonth).toBe('Assume30Days');
    expect(billingRules({ daysInMonth: 'Assume30Days' }).prorateRecurringMonthlyCharges).toBe(true);
    expect(() => ((DEFAULT_BILLING_RULES as BillingRules).daysInMonth = 'Assume30Days')).toThrow();
  });
});

describe('partial months: days in month', () => {
  it(`actual days, 30 days (actual/360) and strict 30/360 give the page's ratios (${DAYS_IN_MONTH})`, () => {
    const rows: [string, string, string, string, string][] = [
      ['2021-01-27', '2021-01-31', '5/31', '5/30', '4/30'],
      ['2021-02-27', '2021-02-28', '2/28', '2/30', '4/30'],
      ['2020-02-01', '2020-02-29', '29/29', '29/30', '30/30'],
      ['2021-04-21', '2021-04-29', '9/30', '9/30', '9/30'],
    ];
    const frac = (s: string) => {
      const [n, m] = s.split('/').map(Number);
      return ratio(n!, m!);
    };
    for (const [a, b, actual, thirty, strict] of rows) {
      const gs = d(a).with({ day: 1 });
      const ge = gs.with({ day: gs.daysInMonth });
      expect(partialMonthShare(d(a), d(b), gs, ge, 'UseActualDays'), `${a} actual`).toEqual(frac(actual));
      expect(partialMonthShare(d(a), d(b), gs, ge, 'Assume30Days'), `${a} 30`).toEqual(frac(thirty));
      expect(partialMonthShare(d(a), d(b), gs, ge, 'Assume30DaysStrict'), `${a} strict`).toEqual(frac(strict));
    }
    // The same through prorationFactor, for a monthly charge's partial period in January 2021.
    const p = period('2021-01-27', '2021-01-31', '2021-01-01', '2021-01-31');
    const monthly = view({});
    expect(prorationFactor(p, monthly, billingRules({ daysInMonth: 'UseActualDays' }))).toEqual(ratio(5, 31));
    expect(prorationFactor(p, monthly, billingRules({ daysInMonth: 'Assume30Days' }))).toEqual(ratio(5, 30));
    expect(prorationFactor(p, monthly, billingRules({ daysInMonth: 'Assume30DaysStrict' }))).toEqual(ratio(4, 30));
  });

  it(`$100 a month, billing day the 15th, from 01/01/2018 to target 02/14/2018: $146.67 with 30 days, $145.16 with actual days (${PARTIAL_PERIOD_KC})`, () => {
    const v = view({ chargeStartDate: '2018-01-01', billCycleType: 'SpecificDayofMonth', billCycleDay: 15, listPriceBase: 'Per_Month' });
    const thirty = amounts(v, '100', billingRules({ daysInMonth: 'Assume30Days' }), '2018-02-14');
    expect(r2(thirty.total)).toBe('146.67');
    expect(thirty.total.eq(new D(100).times(44).div(30))).toBe(true);
    const actual = amounts(v, '100', billingRules({ daysInMonth: 'UseActualDays' }), '2018-02-14');
    expect(r2(actual.total)).toBe('145.16');
    expect(actual.each.map(r2)).toEqual(['45.16', '100.00']);
  });

  it(`rateSegment lists the same example's lines: 01/01-01/14 for 14/31 of $100 and 01/15-02/14 for $100 (${PARTIAL_PERIOD_KC})`, () => {
    const v = view({ chargeStartDate: '2018-01-01', billCycleType: 'SpecificDayofMonth', billCycleDay: 15, listPriceBase: 'Per_Month' });
    const lines = rateSegment(v, acct, d('2018-02-14'), new D(100), billingRules({ daysInMonth: 'UseActualDays' }));
    expect(lines.map((l) => [l.period.start.toString(), l.period.end.toString(), l.share, r2(l.amount)])).toEqual([
      ['2018-01-01', '2018-01-14', ratio(14, 31), '45.16'],
      ['2018-01-15', '2018-02-14', ratio(1), '100.00'],
    ]);
    // Billed quarterly at the same monthly price, the first full quarter is three list prices.
    const q = rateSegment({ ...v, billingPeriod: 'Quarter' }, acct, d('2018-01-15'), new D(100), DEFAULT_BILLING_RULES);
    expect(q.map((l) => l.share)).toEqual([ratio(14, 31), ratio(3)]);
  });

  it(`the days of the full period's month count: 03/01-03/15/2017 of the period from 02/16 costs 31/28*15 = $16.61 (${START_MONTH_DAYS})`, () => {
    const v = view({ chargeStartDate: '2017-03-01', subscriptionStartDate: '2017-02-16', billCycleType: 'SpecificDayofMonth', billCycleDay: 16 });
    const { each } = amounts(v, '31', DEFAULT_BILLING_RULES, '2017-03-01');
    expect(each).toHaveLength(1);
    expect(each[0]!.eq(new D(31).div(28).times(15))).toBe(true);
    expect(r2(each[0]!)).toBe('16.61');
  });

  it(`with "Bill recurring charges for partial month" off a partial month is charged whole (${NOT_PRORATED})`, () => {
    const v = view({ chargeStartDate: '2018-01-01', billCycleType: 'SpecificDayofMonth', billCycleDay: 15 });
    expect(r2(amounts(v, '100', billingRules({ prorateRecurringMonthlyCharges: false }), '2018-02-14').total)).toBe('200.00');
  });
});

describe('partial weeks', () => {
  it(`$100 a week, billing day Wednesday, from Monday 01/01/2018 to target 01/31/2018: $100 * (5 + 2/7) = $528.57 (${PARTIAL_WEEK})`, () => {
    const v = view({
      chargeStartDate: '2018-01-01',
      billingPeriod: 'Week',
      billCycleType: 'SpecificDayofWeek',
      weeklyBillCycleDay: 'Wednesday',
      listPriceBase: 'Per_Week',
      termEndDate: '2018-02-07',
    });
    const { total } = amounts(v, '100', DEFAULT_BILLING_RULES, '2018-01-31');
    expect(total.eq(new D(100).times(37).div(7))).toBe(true);
    expect(r2(total)).toBe('528.57');
    expect(r2(amounts(v, '100', billingRules({ prorateRecurringWeeklyCharges: false }), '2018-01-31').total)).toBe('600.00');
    // Two-week periods prorate over their 14 days.
    const two = view({ chargeStartDate: '2018-01-01', billingPeriod: 'Specific_Weeks', specificBillingPeriod: 2, billCycleType: 'SpecificDayofWeek', weeklyBillCycleDay: 'Wednesday' });
    expect(prorationFactor(billingPeriods(two, acct, d('2018-01-01'))[0]!, two, DEFAULT_BILLING_RULES)).toEqual(ratio(2, 14));
  });
});

describe('partial quarters, half-years and years', () => {
  // $100 a month (list price base Per Month), billed quarterly on the 1st, charge effective 01/16/2018:
  // the partial period 01/16-01/31/2018 belongs to the quarter 11/01/2017-01/31/2018 (92 days).
  const v = view({ chargeStartDate: '2018-01-16', subscriptionStartDate: '2018-01-01', billingPeriod: 'Quarter', listPriceBase: 'Per_Month' });
  const first = (rules: BillingRules) => amounts(v, '100', rules, '2018-01-16').each[0]!;

  it(`by month first: price per month * (full months + prorated days / days of that month, or 30) (${PARTIAL_QUARTER})`, () => {
    expect(first(billingRules({ prorationUnit: 'ProrateByMonthFirst', daysInMonth: 'UseActualDays' })).eq(new D(1600).div(31))).toBe(true);
    expect(first(billingRules({ prorationUnit: 'ProrateByMonthFirst', daysInMonth: 'Assume30Days' })).eq(new D(1600).div(30))).toBe(true);
    expect(first(billingRules({ prorationUnit: 'ProrateByMonthFirst', daysInMonth: 'Assume30DaysStrict' })).eq(new D(50))).toBe(true);
    // A partial period across a month boundary: 12/16/2017-01/31/2018 is half of December (16/31) and all of January.
    const longer = view({ chargeStartDate: '2017-12-16', subscriptionStartDate: '2017-11-01', billingPeriodAlignment: 'AlignToSubscriptionStart', billingPeriod: 'Quarter', listPriceBase: 'Per_Month' });
    const [p] = billingPeriods(longer, acct, d('2017-12-16'));
    expect(p!.fullStart.toString()).toBe('2017-11-01');
    expect(prorationFactor(p!, longer, billingRules({ prorationUnit: 'ProrateByMonthFirst' }))).toEqual(ratio(31 + 16, 3 * 31));
    // With partial months not prorated, the partial month counts whole.
    expect(first(billingRules({ prorationUnit: 'ProrateByMonthFirst', prorateRecurringMonthlyCharges: false })).eq(100)).toBe(true);
  });

  it(`by day: the quarter's price * prorated days / days of the quarter (or 30 a month) (${PARTIAL_QUARTER})`, () => {
    expect(first(billingRules({ prorationUnit: 'ProrateByDay', daysInMonth: 'UseActualDays' })).eq(new D(300).times(16).div(92))).toBe(true);
    expect(r2(first(billingRules({ prorationUnit: 'ProrateByDay', daysInMonth: 'UseActualDays' })))).toBe('52.17');
    expect(first(billingRules({ prorationUnit: 'ProrateByDay', daysInMonth: 'Assume30Days' })).eq(new D(300).times(16).div(90))).toBe(true);
  });

  it(`with "Prorate recurring charges for partial period" off the partial quarter is charged whole (${RULES_PAGE})`, () => {
    expect(first(billingRules({ proratePeriodOfRecurringCharge: false })).eq(300)).toBe(true);
    // Semi-annual and annual periods follow the same rule.
    const annual = view({ chargeStartDate: '2024-07-01', subscriptionStartDate: '2024-01-01', billingPeriodAlignment: 'AlignToSubscriptionStart', billingPeriod: 'Annual' });
    const [p] = billingPeriods(annual, acct, d('2024-07-01'));
    expect(prorationFactor(p!, annual, billingRules({ proratePeriodOfRecurringCharge: false }))).toEqual(ratio(1));
    expect(prorationFactor(p!, annual, billingRules({ prorationUnit: 'ProrateByMonthFirst' }))).toEqual(ratio(6, 12));
    expect(prorationFactor(p!, annual, billingRules({ prorationUnit: 'ProrateByDay' }))).toEqual(ratio(184, 366));
  });
});

describe('fixed-amount discounts', () => {
  it(`always prorate, whatever the on/off rules say (${RULES_PAGE})`, () => {
    const off = billingRules({ prorateRecurringMonthlyCharges: false, proratePeriodOfRecurringCharge: false, prorateRecurringWeeklyCharges: false });
    const p = period('2024-01-17', '2024-01-31', '2024-01-01', '2024-01-31');
    expect(prorationFactor(p, view({ chargeModel: 'Discount-Fixed Amount' }), off)).toEqual(ratio(15, 31));
    expect(prorationFactor(p, view({ chargeModel: 'DiscountFixedAmount' }), off)).toEqual(ratio(15, 31));
    expect(prorationFactor(p, view({ chargeModel: 'Discount-Percentage' }), off)).toEqual(ratio(1));
    expect(prorationFactor(p, view({ chargeModel: 'Flat Fee Pricing' }), off)).toEqual(ratio(1));
  });
});

describe('usage and charge-level proration options', () => {
  it(`usage: not prorated by tenant default; TimeBasedProration gives $31 * 17/31 = $17 (${USAGE_PRORATION})`, () => {
    const usage = view({ chargeType: 'Usage', chargeStartDate: '2023-01-15', subscriptionStartDate: '2023-01-01', chargeEndDate: '2023-02-01' });
    const [p] = billingPeriods(usage, acct, null);
    expect(`${p!.start.toString()}..${p!.end.toString()}`).toBe('2023-01-15..2023-01-31');
    expect(periodAmount(new D(31), p!, usage, DEFAULT_BILLING_RULES).eq(31)).toBe(true);
    expect(periodAmount(new D(31), p!, { ...usage, prorationOption: 'TimeBasedProration' }, DEFAULT_BILLING_RULES).eq(17)).toBe(true);
    expect(periodAmount(new D(31), p!, usage, billingRules({ prorateUsageMonthlyCharges: true })).eq(17)).toBe(true);
    expect(periodAmount(new D(31), p!, { ...usage, prorationOption: 'NoProration' }, billingRules({ prorateUsageMonthlyCharges: true })).eq(31)).toBe(true);
    // Weekly usage follows its own rule.
    const weekly = view({ chargeType: 'Usage', chargeStartDate: '2023-01-04', billingPeriod: 'Week', billCycleType: 'SpecificDayofWeek', weeklyBillCycleDay: 'Monday' });
    const [w] = billingPeriods(weekly, acct, d('2023-01-09'));
    expect(prorationFactor(w!, weekly, DEFAULT_BILLING_RULES)).toEqual(ratio(1));
    expect(prorationFactor(w!, weekly, billingRules({ prorateUsageWeeklyCharges: true }))).toEqual(ratio(5, 7));
  });

  it(`recurring: ChargeFullPeriod charges the full period; CustomizeProrationOptionOverrides replaces the tenant's rules (${PRORATION_OPTION})`, () => {
    const base = { chargeStartDate: '2018-01-01', billCycleType: 'SpecificDayofMonth', billCycleDay: 15 } as const;
    const tenant = billingRules({ daysInMonth: 'UseActualDays' });
    expect(r2(amounts(view({ ...base, prorationOption: 'ChargeFullPeriod' }), '100', tenant, '2018-02-14').total)).toBe('200.00');
    expect(r2(amounts(view({ ...base, prorationOption: 'DefaultFromTenantSetting' }), '100', tenant, '2018-02-14').total)).toBe('145.16');
    const custom = (o: ChargeSegmentView['ratingPropertiesOverride']) => view({ ...base, prorationOption: 'CustomizeProrationOptionOverrides', ratingPropertiesOverride: o });
    expect(r2(amounts(custom({ daysInMonth: 'Assume30Days' }), '100', tenant, '2018-02-14').total)).toBe('146.67');
    expect(r2(amounts(custom({ isProratePartialMonth: false }), '100', tenant, '2018-02-14').total)).toBe('200.00');
    expect(r2(amounts(custom({}), '100', tenant, '2018-02-14').total)).toBe('145.16');
    // isProratePartialMonth is the partial-month rule: weekly charges keep the tenant's weekly rule.
    const weekly = view({ ...base, billingPeriod: 'Week', billCycleType: 'SpecificDayofWeek', weeklyBillCycleDay: 'Wednesday', prorationOption: 'CustomizeProrationOptionOverrides', ratingPropertiesOverride: { isProratePartialMonth: false } });
    expect(prorationFactor(billingPeriods(weekly, acct, d('2018-01-01'))[0]!, weekly, tenant)).toEqual(ratio(2, 7));
    // A one-time charge is never prorated; a full period is always worth 1.
    const once = view({ chargeType: 'OneTime', billingPeriod: null });
    expect(prorationFactor(billingPeriods(once, acct, null)[0]!, once, tenant)).toEqual(ratio(1));
  });
});

describe('list price base', () => {
  it(`turns a price per month, year, specific months or week into the billing period's price (${LIST_PRICE_BASE})`, () => {
    const full = period('2024-01-01', '2024-12-31');
    const m = (o: Parameters<typeof view>[0]) => listPriceMultiplier(view(o), full);
    expect(m({ listPriceBase: null })).toEqual(ratio(1));
    expect(m({ billingPeriod: 'Quarter', listPriceBase: 'Per_Month' })).toEqual(ratio(3));
    expect(m({ billingPeriod: 'Month', listPriceBase: 'Per_Year' })).toEqual(ratio(1, 12));
    expect(m({ billingPeriod: 'Annual', listPriceBase: 'Per_Specific_Months', specificListPriceBase: 3 })).toEqual(ratio(4));
    expect(m({ billingPeriod: 'Specific_Months', specificBillingPeriod: 2, listPriceBase: 'Per_Specific_Months', specificListPriceBase: 6 })).toEqual(ratio(1, 3));
    expect(m({ billingPeriod: 'Specific_Weeks', specificBillingPeriod: 2, listPriceBase: 'Per_Week' })).toEqual(ratio(2));
    expect(m({ billingPeriod: 'Subscription_Term', listPriceBase: 'Per_Month' })).toEqual(ratio(12));
    expect(listPriceMultiplier(view({ billingPeriod: 'Subscription_Term', listPriceBase: 'Per_Month' }), period('2024-01-01', '2025-01-15'))).toEqual(ratio(12 * 31 + 15, 31));
    expect(listPriceMultiplier(view({ billingPeriod: 'Subscription_Term', listPriceBase: 'Per_Week' }), period('2024-01-01', '2024-01-28'))).toEqual(ratio(4));
    // $1200 a year billed monthly: $100 a month, a partial half of it $50.
    const v = view({ listPriceBase: 'Per_Year' });
    expect(periodAmount(new D(1200), period('2024-04-16', '2024-04-30', '2024-04-01', '2024-04-30'), v, DEFAULT_BILLING_RULES).eq(50)).toBe(true);
  });

  it('refuses a base that does not fit the billing period, with a Zuora invalid-value error', () => {
    const full = period('2024-01-01', '2024-01-31');
    const cases: [Parameters<typeof view>[0], RegExp][] = [
      [{ billingPeriod: 'Month', listPriceBase: 'Per_Week' }, /Per_Week does not fit billing period Month/],
      [{ billingPeriod: 'Week', listPriceBase: 'Per_Month' }, /Per_Month does not fit billing period Week/],
      [{ billingPeriod: 'Specific_Days', specificBillingPeriod: 10, listPriceBase: 'Per_Month' }, /does not fit/],
      [{ billingPeriod: 'Annual', listPriceBase: 'Per_Specific_Months' }, /specificListPriceBase/],
    ];
    for (const [o, msg] of cases) {
      const e = zuoraError(() => listPriceMultiplier(view(o), full));
      expect(e.code % 100).toBe(20);
      expect(e.message).toMatch(msg);
    }
  });
});

// ---------------------------------------------------------------- properties

const MONTHLY: BillingPeriod[] = ['Month', 'Quarter', 'Semi_Annual', 'Annual', 'Eighteen_Months', 'Two_Years', 'Specific_Months'];
const anyPeriod = fc.constantFrom<BillingPeriod>(...MONTHLY, 'Week', 'Specific_Weeks', 'Specific_Days');
const epoch = d('2000-01-01');
const anyDate = fc.integer({ min: 0, max: 40 * 365 }).map((n) => epoch.add({ days: n }));

/** The factors of every piece of a term of `n` whole periods from `start`, split into segments at `cuts`. */
function termPieces(start: ReturnType<typeof d>, bp: BillingPeriod, specific: number, n: number, cuts: number[], rules: BillingRules, price: Money, base: ListPriceBase = 'Per_Billing_Period') {
  const v0 = view({
    listPriceBase: base,
    chargeStartDate: start.toString(),
    billingPeriod: bp,
    specificBillingPeriod: specific,
    billCycleType: 'ChargeTriggerDay',
    endDateCondition: 'Fixed_Period',
    upToPeriods: n,
    termEndDate: null,
  });
  const end = v0.chargeEndDate!;
  const span = start.until(end, { largestUnit: 'day' }).days;
  const dates = [...new Set(cuts.map((c) => c % span).filter((c) => c > 0))].sort((a, b) => a - b).map((c) => start.add({ days: c }));
  const bounds = [start, ...dates, end];
  let sum: Ratio = ratio(0);
  let amount = new D(0);
  let pieces = 0;
  let fullPrice = new D(0);
  for (let i = 0; i + 1 < bounds.length; i++) {
    const seg: ChargeSegmentView = { ...v0, segmentStartDate: bounds[i]!, segmentEndDate: bounds[i + 1]! };
    for (const p of billingPeriods(seg, acct, null)) {
      const f = prorationFactor(p, seg, rules);
      sum = addRatio(sum, f);
      amount = amount.plus(periodAmount(price, p, seg, rules));
      pieces++;
      if (i === 0 && pieces === 1) {
        const m = listPriceMultiplier(seg, p);
        fullPrice = price.times(m.num.toString()).div(m.den.toString()).times(n);
      }
    }
  }
  return { sum, amount, fullPrice, pieces };
}

describe('property: prorated pieces of a term add up to the price of the full term', () => {
  const listBase = (bp: BillingPeriod) => (MONTHLY.includes(bp) ? fc.constantFrom<ListPriceBase>('Per_Billing_Period', 'Per_Month', 'Per_Year') : bp === 'Specific_Days' ? fc.constant<ListPriceBase>('Per_Billing_Period') : fc.constantFrom<ListPriceBase>('Per_Billing_Period', 'Per_Week'));

  it('with actual days, by month first or by day, for every billing period, start day and split (fast-check)', () => {
    fc.assert(
      fc.property(
        anyDate,
        anyPeriod.chain((bp) => fc.tuple(fc.constant(bp), listBase(bp))),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 6 }),
        fc.constantFrom('ProrateByDay', 'ProrateByMonthFirst'),
        fc.integer({ min: 1, max: 10_000_000 }),
        (start, [bp, base], specific, n, cuts, unit, cents) => {
          const rules = billingRules({ daysInMonth: 'UseActualDays', prorationUnit: unit as BillingRules['prorationUnit'] });
          const price = new D(cents).div(100);
          const v = termPieces(start, bp, specific, n, cuts, rules, price, base);
          expect(v.sum).toEqual(ratio(n));
          // The amounts add up to n full periods' price, whatever base the list price is in.
          expect(v.amount.toDecimalPlaces(20).eq(v.fullPrice.toDecimalPlaces(20))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('with strict 30/360 days, when no piece starts on a 31st (fast-check)', () => {
    fc.assert(
      fc.property(
        anyDate.filter((x) => x.day <= 28),
        fc.constantFrom<BillingPeriod>(...MONTHLY),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 5 }),
        fc.constantFrom('ProrateByDay', 'ProrateByMonthFirst'),
        (start, bp, specific, n, cuts, unit) => {
          const rules = billingRules({ daysInMonth: 'Assume30DaysStrict', prorationUnit: unit as BillingRules['prorationUnit'] });
          const span = start.until(view({ chargeStartDate: start.toString(), billingPeriod: bp, specificBillingPeriod: specific, endDateCondition: 'Fixed_Period', upToPeriods: n, termEndDate: null }).chargeEndDate!, { largestUnit: 'day' }).days;
          const safe = cuts.filter((c) => start.add({ days: c % span }).day !== 31);
          expect(termPieces(start, bp, specific, n, safe, rules, new D(1)).sum).toEqual(ratio(n));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('every share is between 0 and 1, and 1 for a full period, under any rules, bill cycle day and start (fast-check)', () => {
    const anyRules = fc.record({
      prorateRecurringMonthlyCharges: fc.boolean(),
      prorateRecurringWeeklyCharges: fc.boolean(),
      proratePeriodOfRecurringCharge: fc.boolean(),
      prorateUsageMonthlyCharges: fc.boolean(),
      prorateUsageWeeklyCharges: fc.boolean(),
      daysInMonth: fc.constantFrom('UseActualDays', 'Assume30Days', 'Assume30DaysStrict'),
      prorationUnit: fc.constantFrom('ProrateByDay', 'ProrateByMonthFirst'),
    }) as fc.Arbitrary<BillingRules>;
    fc.assert(
      fc.property(anyDate, anyPeriod, fc.integer({ min: 1, max: 31 }), fc.constantFrom<'Recurring' | 'Usage'>('Recurring', 'Usage'), anyRules, (start, bp, bcd, chargeType, rules) => {
        const v = view({ chargeStartDate: start.toString(), billingPeriod: bp, specificBillingPeriod: 3, chargeType, billCycleType: bp === 'Week' || bp === 'Specific_Weeks' ? 'SpecificDayofWeek' : 'DefaultFromCustomer', weeklyBillCycleDay: 'Thursday' });
        for (const p of billingPeriods(v, { billCycleDay: bcd }, start.add({ months: 14 }))) {
          const f = prorationFactor(p, v, rules);
          expect(f.num >= 0n && f.num <= f.den).toBe(true);
          if (!p.partial) expect(f).toEqual(ratio(1));
        }
      }),
      { numRuns: 300 },
    );
  });
});
