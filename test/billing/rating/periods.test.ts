import { describe, expect, it } from 'vitest';
import { billingPeriods, chargeEndDate, chargeTriggerDate } from '../../../src/modules/billing/rating/periods.js';
import { readBillingPeriod, readBillingTiming, readEndDateCondition, readListPriceBase, readUpToPeriodsType } from '../../../src/modules/billing/rating/spellings.js';
import type { AccountBillCycle, BillingPeriod, BillCycleType } from '../../../src/modules/billing/rating/types.js';
import { ZuoraError } from '../../../src/platform/errors.js';
import { d, show, view } from './fixtures.js';

// The Zuora pages the numbers come from.
const PARTIAL_PERIOD_KC = 'https://knowledgecenter.zuora.com/BC_Subscription_Management/Subscriptions/G_Proration/Calculating_Total_Amount_with_Partial_Period_Proration';
const PARTIAL_WEEK =
  'https://docs.zuora.com/en/zuora-billing/manage-accounts-subscriptions-and-non-subscriptions/manage-subscription-transactions/common-subscription-information/proration/calculate-total-amount-with-partial-period-proration';
const PARTIAL_QUARTER =
  'https://docs.zuora.com/en/zuora-billing/manage-accounts-subscriptions-and-non-subscriptions/manage-subscription-transactions/common-subscription-information/proration/calculate-total-amount-with-partial-period-proration/calculating-total-amount-with-partial-period-quarter-semi-annual-or-annual-billing-periods';
const CHANGING_BCD = 'https://docs.zuora.com/en/zuora-billing/bill-your-customer/rating/on-demand-usage-rating/changing-bill-cycle-day (and its Case 3)';
const ALIGN_TERM_START = 'https://community.zuora.com/t5/Billing-Payments/Billing-alignment-questions/m-p/22650';
const PRORATION_CREDIT =
  'https://docs.zuora.com/en/zuora-billing/manage-accounts-subscriptions-and-non-subscriptions/manage-subscription-transactions/common-subscription-information/proration/proration-credit';
const BCD_PAGE = 'https://knowledgecenter.zuora.com/Billing/Billing_and_Payments/WA_Dates_in_Zuora/C_Customer_Account_Dates%253A_Bill_Cycle_Day';
const DAY_31 = 'https://docs.zuora.com/en/zuora-billing/bill-your-customer/bill-runs/monthly-scheduled-bill-run-use-cases/use-case-1-target-date-recurs-at-end-of-month/use-case-1-configuration-through-api';
const BILLING_PERIODS_PAGE = 'https://knowledgecenter.zuora.com/Zuora_Billing/Configure_billing_settings/General_billing_settings/Define_billing_periods';
const CHARGE_DATES = 'https://knowledgecenter.zuora.com/Zuora_Billing/Subscriptions/Product_Catalog_Dates%253A_Product_Rate_Plan_Charge_Date_Attributes';

const acct = (billCycleDay: number, changes?: AccountBillCycle['changes']): AccountBillCycle => ({ billCycleDay, ...(changes ? { changes } : {}) });

function zuoraError(fn: () => unknown): ZuoraError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ZuoraError) return e;
    throw e;
  }
  throw new Error('expected a ZuoraError');
}

describe('billing periods: bill cycle day and alignment', () => {
  it(`monthly, Specific Day of Month 15, charge from 01/01/2018, target 02/14/2018: a leading partial and one full month (${PARTIAL_PERIOD_KC})`, () => {
    const v = view({ chargeStartDate: '2018-01-01', billCycleType: 'SpecificDayofMonth', billCycleDay: 15 });
    const ps = billingPeriods(v, acct(1), d('2018-02-14'));
    expect(ps.map(show)).toEqual(['2018-01-01..2018-01-14 (2017-12-15..2018-01-14)', '2018-01-15..2018-02-14']);
    expect(ps.map((p) => p.dueDate.toString())).toEqual(['2018-01-01', '2018-01-15']);
  });

  it(`weekly on Wednesdays from Monday 01/01/2018, target 01/31/2018: 2 prorated days and 5 full weeks (${PARTIAL_WEEK})`, () => {
    // The page counts 5 full weeks by the target date; the last one, from 01/31, is whole, so the term reaches past it.
    const v = view({ chargeStartDate: '2018-01-01', billingPeriod: 'Week', billCycleType: 'SpecificDayofWeek', weeklyBillCycleDay: 'Wednesday', termEndDate: '2018-02-07' });
    const ps = billingPeriods(v, acct(1), d('2018-01-31'));
    expect(ps.map(show)).toEqual([
      '2018-01-01..2018-01-02 (2017-12-27..2018-01-02)',
      '2018-01-03..2018-01-09',
      '2018-01-10..2018-01-16',
      '2018-01-17..2018-01-23',
      '2018-01-24..2018-01-30',
      '2018-01-31..2018-02-06',
    ]);
  });

  it(`quarterly, bill cycle day 1, charge from 01/16/2018: the partial quarter ends with January (${PARTIAL_QUARTER})`, () => {
    const v = view({ chargeStartDate: '2018-01-16', subscriptionStartDate: '2018-01-01', billingPeriod: 'Quarter' });
    const ps = billingPeriods(v, acct(1), d('2018-02-01'));
    expect(ps.map(show)).toEqual(['2018-01-16..2018-01-31 (2017-11-01..2018-01-31)', '2018-02-01..2018-04-30']);
  });

  it(`quarterly aligned to the subscription start: a charge added later ends its first period with the subscription's quarter (${PRORATION_CREDIT})`, () => {
    // Bill cycle day 1, trigger 10/1/2014, aligned so that the first full quarter is 10/1/2014 - 12/31/2014.
    const base = { subscriptionStartDate: '2014-10-01', billingPeriod: 'Quarter', billingPeriodAlignment: 'AlignToSubscriptionStart' } as const;
    expect(billingPeriods(view({ ...base, chargeStartDate: '2014-10-01' }), acct(1), d('2014-10-01')).map(show)).toEqual(['2014-10-01..2014-12-31']);
    // Canceled on 10/15/2014: the period is cut there.
    const canceled = view({ ...base, chargeStartDate: '2014-10-01', chargeEndDate: '2014-10-15' });
    expect(billingPeriods(canceled, acct(1), null).map(show)).toEqual(['2014-10-01..2014-10-14 (2014-10-01..2014-12-31)']);
    // A charge added on 11/20 follows the subscription's quarters, not its own start.
    const added = view({ ...base, chargeStartDate: '2014-11-20', termEndDate: '2015-10-01' });
    expect(billingPeriods(added, acct(1), d('2015-01-01')).map(show)).toEqual(['2014-11-20..2014-12-31 (2014-10-01..2014-12-31)', '2015-01-01..2015-03-31']);
  });

  it(`annual, aligned to the term start, bill cycle day 6, term start 04/10/2018, charge from 03/06/2018: first period to 05/05/2018 (${ALIGN_TERM_START})`, () => {
    const v = view({
      chargeStartDate: '2018-03-06',
      subscriptionStartDate: '2018-03-06',
      termStartDate: '2018-04-10',
      termEndDate: '2019-04-10',
      billingPeriod: 'Annual',
      billingPeriodAlignment: 'AlignToTermStart',
    });
    const ps = billingPeriods(v, acct(6), d('2018-04-10'));
    expect(ps.map(show)).toEqual(['2018-03-06..2018-05-05 (2017-05-06..2018-05-05)']);
  });

  it(`aligned to the term end: full periods end where the term ends, the partial one comes first (${CHARGE_DATES})`, () => {
    const common = { chargeStartDate: '2024-01-15', termEndDate: '2025-01-15', billingPeriod: 'Annual' } as const;
    const toEnd = view({ ...common, billingPeriodAlignment: 'AlignToTermEnd', billCycleType: 'TermEndDay' });
    expect(billingPeriods(toEnd, acct(1), null).map(show)).toEqual(['2024-01-15..2025-01-14']);
    const quarterly = view({ ...common, billingPeriod: 'Quarter', chargeStartDate: '2024-03-01', billingPeriodAlignment: 'AlignToTermEnd', billCycleType: 'TermEndDay' });
    expect(billingPeriods(quarterly, acct(1), d('2024-07-15')).map(show)).toEqual(['2024-03-01..2024-04-14 (2024-01-15..2024-04-14)', '2024-04-15..2024-07-14', '2024-07-15..2024-10-14']);
    // With the account's day 1 and an annual period, the last full year is the one ending before 2025-01-01.
    const byAccountDay = view({ ...common, billingPeriodAlignment: 'AlignToTermEnd' });
    expect(billingPeriods(byAccountDay, acct(1), null).map(show)).toEqual(['2024-01-15..2024-12-31 (2024-01-01..2024-12-31)', '2025-01-01..2025-01-14 (2025-01-01..2025-12-31)']);
  });

  it(`every bill cycle type picks its day (${BCD_PAGE})`, () => {
    const cases: [BillCycleType, Record<string, unknown>, string][] = [
      ['DefaultFromCustomer', {}, '2024-03-10..2024-03-19 (2024-02-20..2024-03-19)'],
      ['SpecificDayofMonth', { billCycleDay: 5 }, '2024-03-10..2024-04-04 (2024-03-05..2024-04-04)'],
      ['SubscriptionStartDay', {}, '2024-03-10..2024-04-01 (2024-03-02..2024-04-01)'],
      ['ChargeTriggerDay', {}, '2024-03-10..2024-04-09'],
      ['TermStartDay', {}, '2024-03-10..2024-04-02 (2024-03-03..2024-04-02)'],
      ['TermEndDay', {}, '2024-03-10..2024-03-27 (2024-02-28..2024-03-27)'],
    ];
    for (const [billCycleType, extra, first] of cases) {
      const v = view({ chargeStartDate: '2024-03-10', subscriptionStartDate: '2024-01-02', termStartDate: '2024-02-03', termEndDate: '2025-02-28', billCycleType, ...extra });
      expect(show(billingPeriods(v, acct(20), d('2024-03-10'))[0]!), billCycleType).toBe(first);
    }
    // Specific day of week on a weekly charge: Friday 2024-03-15 is the first bill cycle date.
    const weekly = view({ chargeStartDate: '2024-03-10', billingPeriod: 'Week', billCycleType: 'SpecificDayofWeek', weeklyBillCycleDay: 'Friday' });
    expect(billingPeriods(weekly, acct(20), d('2024-03-15')).map(show)).toEqual(['2024-03-10..2024-03-14 (2024-03-08..2024-03-14)', '2024-03-15..2024-03-21']);
  });

  it(`a bill cycle day of 31 falls on the last day of shorter months and comes back to the 31st (${DAY_31})`, () => {
    const v = view({ chargeStartDate: '2023-01-31', billCycleType: 'ChargeTriggerDay' });
    expect(billingPeriods(v, acct(1), d('2023-04-30')).map(show)).toEqual(['2023-01-31..2023-02-27', '2023-02-28..2023-03-30', '2023-03-31..2023-04-29', '2023-04-30..2023-05-30']);
    // Leap year, account day 30: February ends on the 29th.
    const leap = view({ chargeStartDate: '2024-02-10' });
    expect(billingPeriods(leap, acct(30), d('2024-02-29')).map(show)).toEqual(['2024-02-10..2024-02-28 (2024-01-30..2024-02-28)', '2024-02-29..2024-03-29']);
  });

  it(`an account whose bill cycle day changes from the 20th to the 25th: the current period keeps its end, a partial bridges to the new day (${CHANGING_BCD})`, () => {
    // A 3-month term from 01/01/2025, monthly, aligned to the charge; the change lands during BP1.
    const v = view({ chargeType: 'Usage', chargeStartDate: '2025-01-01', termEndDate: '2025-04-01' });
    const ps = billingPeriods(v, acct(20, [{ effectiveDate: d('2025-01-10'), billCycleDay: 25 }]), null);
    expect(ps.map((p) => `${p.start.toString()}..${p.end.toString()}`)).toEqual([
      '2025-01-01..2025-01-19',
      '2025-01-20..2025-01-24',
      '2025-01-25..2025-02-24',
      '2025-02-25..2025-03-24',
      '2025-03-25..2025-03-31',
    ]);
    expect(show(ps[1]!)).toBe('2025-01-20..2025-01-24 (2024-12-25..2025-01-24)');
    // Without the change: the 20th all along.
    expect(billingPeriods(v, acct(20), null).map((p) => p.start.toString())).toEqual(['2025-01-01', '2025-01-20', '2025-02-20', '2025-03-20']);
    // A change effective before the charge starts is simply the day in force.
    expect(billingPeriods(v, acct(20, [{ effectiveDate: d('2024-12-01'), billCycleDay: 25 }]), null)[0]!.end.toString()).toBe('2025-01-24');
    // A charge with its own bill cycle day ignores the account's changes.
    const own = view({ chargeType: 'Usage', chargeStartDate: '2025-01-01', termEndDate: '2025-04-01', billCycleType: 'SpecificDayofMonth', billCycleDay: 20 });
    expect(billingPeriods(own, acct(20, [{ effectiveDate: d('2025-01-10'), billCycleDay: 25 }]), null)).toHaveLength(4);
  });
});

describe('billing periods: every billing period of the spec', () => {
  it(`lays full periods of each length from 2024-01-01, account day 1 (${BILLING_PERIODS_PAGE})`, () => {
    const cases: [BillingPeriod, number | null, string][] = [
      ['Month', null, '2024-01-31'],
      ['Quarter', null, '2024-03-31'],
      ['Semi_Annual', null, '2024-06-30'],
      ['Annual', null, '2024-12-31'],
      ['Eighteen_Months', null, '2025-06-30'],
      ['Two_Years', null, '2025-12-31'],
      ['Three_Years', null, '2026-12-31'],
      ['Five_Years', null, '2028-12-31'],
      ['Specific_Months', 2, '2024-02-29'],
      ['Subscription_Term', null, '2025-12-31'],
      ['Week', null, '2024-01-07'],
      ['Specific_Weeks', 2, '2024-01-14'],
      ['Specific_Days', 10, '2024-01-10'],
    ];
    for (const [billingPeriod, specificBillingPeriod, end] of cases) {
      const v = view({ billingPeriod, specificBillingPeriod, termEndDate: '2030-01-01' });
      const [first] = billingPeriods({ ...v, termEndDate: billingPeriod === 'Subscription_Term' ? d('2026-01-01') : v.termEndDate }, acct(1), d('2024-01-01'));
      expect(first && `${first.start.toString()}..${first.end.toString()} ${first.partial}`, billingPeriod).toBe(`2024-01-01..${end} false`);
    }
  });

  it(`Specific_Days periods step from the alignment date; Subscription_Term is one period for the term (${BILLING_PERIODS_PAGE})`, () => {
    const days = view({ chargeStartDate: '2024-01-05', billingPeriod: 'Specific_Days', specificBillingPeriod: 10, chargeEndDate: '2024-01-30' });
    expect(billingPeriods(days, acct(1), null).map(show)).toEqual(['2024-01-05..2024-01-14', '2024-01-15..2024-01-24', '2024-01-25..2024-01-29 (2024-01-25..2024-02-03)']);
    const term = view({ chargeStartDate: '2024-03-01', subscriptionStartDate: '2024-01-01', billingPeriod: 'Subscription_Term' });
    expect(billingPeriods(term, acct(1), d('2024-03-01')).map(show)).toEqual(['2024-03-01..2024-12-31 (2024-01-01..2024-12-31)']);
  });
});

describe('billing periods: timing, segments, charge types', () => {
  it(`in advance a period is due on its start, in arrears the day after its end (${CHARGE_DATES})`, () => {
    const advance = billingPeriods(view({}), acct(1), d('2024-03-01'));
    expect(advance.map((p) => p.start.toString())).toEqual(['2024-01-01', '2024-02-01', '2024-03-01']);
    const arrears = billingPeriods(view({ billingTiming: 'IN_ARREARS' }), acct(1), d('2024-03-01'));
    expect(arrears.map((p) => `${p.start.toString()} due ${p.dueDate.toString()}`)).toEqual(['2024-01-01 due 2024-02-01', '2024-02-01 due 2024-03-01']);
    // Usage is rated in arrears whatever the timing says.
    expect(billingPeriods(view({ chargeType: 'Usage' }), acct(1), d('2024-02-29'))).toHaveLength(1);
    // Nothing is due before the charge starts.
    expect(billingPeriods(view({ chargeStartDate: '2024-05-01' }), acct(1), d('2024-04-30'))).toEqual([]);
  });

  it(`a segment (a price change on 02/10) cuts the period in force into two partial pieces of the same full period (${PARTIAL_PERIOD_KC})`, () => {
    const first = view({ segmentEndDate: '2024-02-10' });
    const second = view({ segmentStartDate: '2024-02-10' });
    expect(billingPeriods(first, acct(1), null).map(show).slice(-1)).toEqual(['2024-02-01..2024-02-09 (2024-02-01..2024-02-29)']);
    expect(billingPeriods(second, acct(1), d('2024-03-01')).map(show)).toEqual(['2024-02-10..2024-02-29 (2024-02-01..2024-02-29)', '2024-03-01..2024-03-31']);
    // A segment of an open-ended (evergreen) charge needs a target date, and stops there.
    const evergreen = view({ termEndDate: null });
    expect(billingPeriods(evergreen, acct(1), d('2026-01-01'))).toHaveLength(25);
  });

  it(`a one-time charge has one period, its trigger day (${CHARGE_DATES})`, () => {
    const v = view({ chargeType: 'OneTime', chargeStartDate: '2024-02-15', billingPeriod: null });
    expect(v.chargeEndDate?.toString()).toBe('2024-02-16');
    expect(billingPeriods(v, acct(1), d('2024-02-15')).map(show)).toEqual(['2024-02-15..2024-02-15']);
    expect(billingPeriods(v, acct(1), d('2024-02-14'))).toEqual([]);
  });
});

describe('end date conditions and trigger events', () => {
  it(`ends with the subscription, after a fixed number of periods (never past the term) or on a specific date (${CHARGE_DATES})`, () => {
    const end = (o: Parameters<typeof view>[0]) => view(o).chargeEndDate?.toString() ?? null;
    expect(end({})).toBe('2025-01-01');
    expect(end({ termEndDate: null })).toBe(null);
    expect(end({ endDateCondition: 'Fixed_Period', upToPeriods: 3 })).toBe('2024-04-01');
    expect(end({ endDateCondition: 'Fixed_Period', upToPeriods: 2, billingPeriod: 'Quarter' })).toBe('2024-07-01');
    expect(end({ endDateCondition: 'Fixed_Period', upToPeriods: 3, upToPeriodsType: 'Billing_Periods', billingPeriod: 'Specific_Weeks', specificBillingPeriod: 2 })).toBe('2024-02-12');
    expect(end({ endDateCondition: 'Fixed_Period', upToPeriods: 10, upToPeriodsType: 'Days' })).toBe('2024-01-11');
    expect(end({ endDateCondition: 'Fixed_Period', upToPeriods: 2, upToPeriodsType: 'Weeks' })).toBe('2024-01-15');
    expect(end({ endDateCondition: 'Fixed_Period', upToPeriods: 1, upToPeriodsType: 'Months', chargeStartDate: '2024-01-31' })).toBe('2024-02-29');
    expect(end({ endDateCondition: 'Fixed_Period', upToPeriods: 5, upToPeriodsType: 'Years' })).toBe('2025-01-01');
    expect(end({ endDateCondition: 'Specific_End_Date', specificEndDate: '2024-06-15' })).toBe('2024-06-15');
    // The fixed-period charge's last period is cut where it ends.
    const fixed = view({ endDateCondition: 'Fixed_Period', upToPeriods: 2, chargeStartDate: '2024-01-10' });
    expect(billingPeriods(fixed, acct(1), null).map(show)).toEqual(['2024-01-10..2024-01-31 (2024-01-01..2024-01-31)', '2024-02-01..2024-02-29', '2024-03-01..2024-03-09 (2024-03-01..2024-03-31)']);
  });

  it(`each trigger event picks its date; a missing one leaves the charge pending (${CHARGE_DATES})`, () => {
    const dates = { contractEffectiveDate: d('2024-01-01'), serviceActivationDate: d('2024-01-05'), customerAcceptanceDate: null, specificTriggerDate: d('2024-02-10') };
    expect(chargeTriggerDate('ContractEffective', dates)?.toString()).toBe('2024-01-01');
    expect(chargeTriggerDate(null, dates)?.toString()).toBe('2024-01-01');
    expect(chargeTriggerDate('ServiceActivation', dates)?.toString()).toBe('2024-01-05');
    expect(chargeTriggerDate('CustomerAcceptance', dates)).toBe(null);
    expect(chargeTriggerDate('SpecificDate', dates)?.toString()).toBe('2024-02-10');
    // A specific-date trigger mid-month gives the charge a leading partial period.
    const v = view({ triggerEvent: 'SpecificDate', chargeStartDate: '2024-02-10', subscriptionStartDate: '2024-01-01' });
    expect(show(billingPeriods(v, acct(1), d('2024-02-10'))[0]!)).toBe('2024-02-10..2024-02-29 (2024-02-01..2024-02-29)');
  });
});

describe('bad views get Zuora errors, not crashes', () => {
  it('names what is wrong with an invalid-value (…20) or missing-field (…22) code', () => {
    const cases: [() => unknown, number, RegExp][] = [
      [() => billingPeriods(view({ billingPeriod: 'Specific_Months' }), acct(1), d('2024-02-01')), 20, /specificBillingPeriod/],
      [() => billingPeriods(view({ billCycleType: 'SpecificDayofWeek' }), acct(1), d('2024-02-01')), 20, /weekly/],
      [() => billingPeriods(view({ billCycleType: 'SpecificDayofMonth' }), acct(1), d('2024-02-01')), 22, /billCycleDay/],
      [() => billingPeriods(view({ billingPeriod: 'Week', billCycleType: 'SpecificDayofWeek' }), acct(1), d('2024-02-01')), 22, /weeklyBillCycleDay/],
      [() => billingPeriods(view({ termEndDate: null }), acct(1), null), 20, /target date/],
      [() => billingPeriods(view({}), acct(32), d('2024-02-01')), 20, /1-31/],
      [() => billingPeriods(view({ termEndDate: null, billingPeriodAlignment: 'AlignToTermEnd' }), acct(1), d('2024-02-01')), 20, /AlignToTermEnd/],
      [() => chargeEndDate(view({ endDateCondition: 'Fixed_Period', upToPeriods: 0 })), 20, /upToPeriods/],
      [() => view({ endDateCondition: 'Specific_End_Date' }), 22, /specificEndDate/],
      [() => billingPeriods(view({ chargeEndDate: '2023-12-01' }), acct(1), null), 20, /ends before it starts/],
      [() => billingPeriods(view({ billingPeriod: 'Specific_Days', specificBillingPeriod: 1, termEndDate: null }), acct(1), d('2100-01-01')), 70, /nearer target date/],
      [() => readBillingPeriod('Fortnight'), 20, /Unknown billing period 'Fortnight'/],
    ];
    for (const [fn, category, message] of cases) {
      const e = zuoraError(fn);
      expect(e.code % 100).toBe(category);
      expect(String(e.code)).toHaveLength(8);
      expect(e.message).toMatch(message);
    }
  });
});

describe('spellings', () => {
  it(`reads the catalog's, the object API's and the subscription API's spellings of the same values (${BILLING_PERIODS_PAGE})`, () => {
    expect(readBillingPeriod('Semi-Annual')).toBe('Semi_Annual');
    expect(readBillingPeriod('Specific Months')).toBe('Specific_Months');
    expect(readBillingPeriod('Eighteen_Months')).toBe('Eighteen_Months');
    expect(readBillingPeriod(null)).toBe(null);
    expect(readListPriceBase('Per Billing Period')).toBe('Per_Billing_Period');
    expect(readBillingTiming('In Arrears')).toBe('IN_ARREARS');
    expect(readEndDateCondition('SubscriptionEnd')).toBe('Subscription_End');
    expect(readEndDateCondition('FixedPeriod')).toBe('Fixed_Period');
    expect(readUpToPeriodsType('Billing Periods')).toBe('Billing_Periods');
  });
});
