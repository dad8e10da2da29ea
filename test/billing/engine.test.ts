/**
 * The billing engine's difference with what is billed (rate-account.ts), with a fake ledger that bills
 * what the engine proposes. Each case names the Zuora page its numbers come from.
 */
import { describe, expect, it } from 'vitest';
import { proposeFromView } from '../../src/modules/billing/rate-account.js';
import { DEFAULT_BILLING_RULES } from '../../src/modules/billing/rating/types.js';
import { ZuoraError } from '../../src/platform/errors.js';
import { brief, FakeLedger, propose, row, usage } from './engine-fixtures.js';

describe('billing engine: what is due', () => {
  it('bills a monthly flat fee in advance, one period per bill run, and nothing on a rerun', () => {
    const l = new FakeLedger();
    const rows = [row()];
    expect(brief(propose(l, { rows, targetDate: '2024-01-01' }))).toEqual([['2024-01-01', '2024-01-31', '100']]);
    expect(propose(l, { rows, targetDate: '2024-01-01' })).toEqual([]);
    expect(brief(propose(l, { rows, targetDate: '2024-02-15' }))).toEqual([['2024-02-01', '2024-02-29', '100']]);
    expect(propose(l, { rows, targetDate: '2024-02-15' })).toEqual([]);
  });

  it('prorates a leading partial month to the bill cycle day ("Proration" page: charges aligned to the account BCD)', () => {
    // A 100/month charge from Jan 16 with bill cycle day 1: Jan 16-31 is 16 of 31 days = 51.61.
    const l = new FakeLedger();
    const out = propose(l, { rows: [row({ chargeStartDate: '2024-01-16', termStartDate: '2024-01-16', subscriptionStartDate: '2024-01-16' })], targetDate: '2024-02-01' });
    expect(brief(out)).toEqual([
      ['2024-01-16', '2024-01-31', '51.61'],
      ['2024-02-01', '2024-02-29', '100'],
    ]);
  });

  it('bills in arrears the day after the period ends', () => {
    const l = new FakeLedger();
    const rows = [row({ billingTiming: 'IN_ARREARS' })];
    expect(propose(l, { rows, targetDate: '2024-01-31' })).toEqual([]);
    expect(brief(propose(l, { rows, targetDate: '2024-02-01' }))).toEqual([['2024-01-01', '2024-01-31', '100']]);
  });

  it('bills a one-time charge once, on its trigger date', () => {
    const l = new FakeLedger();
    const rows = [row({ chargeType: 'OneTime', billingPeriod: null, chargeNumber: 'C-00000002', price: '49.99', chargeEndDate: '2024-01-02' })];
    expect(brief(propose(l, { rows, targetDate: '2024-03-01' }))).toEqual([['2024-01-01', '2024-01-01', '49.99']]);
    expect(propose(l, { rows, targetDate: '2024-04-01' })).toEqual([]);
  });

  it('rates a per-unit quantity and a tiered quantity (Tiered pricing page: 15 units over 0-10 at 2, 11-20 at 3 = 35)', () => {
    const l = new FakeLedger();
    const tiers = [
      { tier: 1, startingUnit: '0', endingUnit: '10', price: '2', priceFormat: 'PerUnit' },
      { tier: 2, startingUnit: '11', endingUnit: '20', price: '3', priceFormat: 'PerUnit' },
      { tier: 3, startingUnit: '21', endingUnit: null, price: '5', priceFormat: 'PerUnit' },
    ];
    const rows = [row({ chargeModel: 'Per Unit Pricing', quantity: '3', price: '9.99' }), row({ originalChargeId: 'c2', chargeId: 'c2', chargeNumber: 'C-00000002', chargeModel: 'Tiered Pricing', quantity: '15', price: null, tiers })];
    expect(brief(propose(l, { rows, targetDate: '2024-01-01' }))).toEqual([
      ['2024-01-01', '2024-01-31', '29.97'],
      ['2024-01-01', '2024-01-31', '35'],
    ]);
  });

  it('rates usage in arrears from the Pending records of each period; a record outside any due period waits (Rating by billing period page: 3+5+7 units, tiers 0-10 at 2, 11-20 at 3 = 35)', () => {
    const tiers = [
      { tier: 1, startingUnit: '0', endingUnit: '10', price: '2', priceFormat: 'PerUnit' },
      { tier: 2, startingUnit: '11', endingUnit: '20', price: '3', priceFormat: 'PerUnit' },
      { tier: 3, startingUnit: '21', endingUnit: null, price: '5', priceFormat: 'PerUnit' },
    ];
    const rows = [row({ chargeType: 'Usage', chargeModel: 'Tiered Pricing', quantity: null, price: null, tiers, uom: 'Each', billingTiming: null })];
    const records = [usage({ startDate: '2024-01-01', quantity: '3' }), usage({ startDate: '2024-01-02', quantity: '5' }), usage({ startDate: '2024-01-03', quantity: '7' }), usage({ startDate: '2024-02-03', quantity: '4' })];
    const out = proposeFromView({ rows, account: { billCycleDay: 1 }, rules: DEFAULT_BILLING_RULES, targetDate: '2024-02-10', billed: [], usage: records });
    expect(brief(out)).toEqual([['2024-01-01', '2024-01-31', '35']]);
    expect(out[0]!.quantity).toBe('15');
    expect(out[0]!.usageRecordIds).toEqual(records.slice(0, 3).map((r) => r.id));
    // Once processed, the records are not billed again.
    const processed = records.map((r, i) => (i < 3 ? { ...r, rbeStatus: 'Processed' as const } : r));
    expect(proposeFromView({ rows, account: { billCycleDay: 1 }, rules: DEFAULT_BILLING_RULES, targetDate: '2024-02-10', billed: [], usage: processed })).toEqual([]);
  });

  it('groups usage by usage record when the rating group says so', () => {
    const rows = [row({ chargeType: 'Usage', chargeModel: 'Per Unit Pricing', price: '0.5', quantity: null, uom: 'Each', ratingGroup: 'ByUsageRecord' })];
    const records = [usage({ startDate: '2024-01-05', quantity: '3' }), usage({ startDate: '2024-01-06', quantity: '5' })];
    const out = proposeFromView({ rows, account: { billCycleDay: 1 }, rules: DEFAULT_BILLING_RULES, targetDate: '2024-02-01', billed: [], usage: records });
    expect(out.map((i) => [i.quantity, i.amount])).toEqual([
      ['3', '1.5'],
      ['5', '2.5'],
    ]);
  });

  it('gives Discount items per the percentage model on the charges of its rate plan', () => {
    const l = new FakeLedger();
    const rows = [
      row(),
      row({ originalChargeId: 'd1', chargeId: 'd1', chargeNumber: 'C-00000002', chargeName: '10% off', chargeModel: 'Discount-Percentage', price: null, quantity: null, discountPercentage: '10', applyDiscountTo: 'RECURRING', discountLevel: 'rateplan' }),
    ];
    const out = propose(l, { rows, targetDate: '2024-01-01' });
    expect(out.map((i) => [i.chargeNumber, i.processingType, i.amount, i.appliedToChargeNumber])).toEqual([
      ['C-00000001', 'Charge', '100', null],
      ['C-00000002', 'Discount', '-10', 'C-00000001'],
    ]);
    expect(propose(l, { rows, targetDate: '2024-01-01' })).toEqual([]);
  });

  it('refuses a charge it cannot rate with a rule error naming the charge', () => {
    const rows = [row({ chargeModel: 'Delivery Pricing' })];
    let err: unknown;
    try {
      proposeFromView({ rows, account: { billCycleDay: 1 }, rules: DEFAULT_BILLING_RULES, targetDate: '2024-01-01', billed: [], usage: [] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ZuoraError);
    expect((err as ZuoraError).category).toBe(30);
    expect((err as ZuoraError).message).toContain('C-00000001');
  });
});

describe('billing engine: changes inside billed periods', () => {
  it('a cancellation inside a billed month credits the undelivered days ("Refund is provided for undelivered services": 100 for April, cancelled April 16 → -50 for April 16-30)', () => {
    const l = new FakeLedger();
    const base = { chargeStartDate: '2024-04-01', termStartDate: '2024-04-01', subscriptionStartDate: '2024-04-01' };
    expect(brief(propose(l, { rows: [row(base)], targetDate: '2024-04-01' }))).toEqual([['2024-04-01', '2024-04-30', '100']]);
    const cancelled = [row({ ...base, chargeEndDate: '2024-04-16' })];
    const out = propose(l, { rows: cancelled, targetDate: '2024-04-16' });
    expect(brief(out)).toEqual([['2024-04-16', '2024-04-30', '-50']]);
    expect(out[0]!.creditsItemId).toBe(l.items[0]!.itemId);
    expect(propose(l, { rows: cancelled, targetDate: '2024-04-16' })).toEqual([]);
    expect(propose(l, { rows: cancelled, targetDate: '2024-06-01' })).toEqual([]);
  });

  it('an annual charge cancelled mid-term gives back the rest of the year ("Case I: Canceling a subscription": 1200 for 2021, cancelled July 1 → 600 for July 1-December 31)', () => {
    const l = new FakeLedger();
    const base = { chargeStartDate: '2021-01-01', termStartDate: '2021-01-01', subscriptionStartDate: '2021-01-01', termEndDate: '2022-01-01', billingPeriod: 'Annual', price: '1200' };
    propose(l, { rows: [row({ ...base, chargeEndDate: '2022-01-01' })], targetDate: '2021-01-01' });
    const out = propose(l, { rows: [row({ ...base, chargeEndDate: '2021-07-01' })], targetDate: '2021-07-01' });
    expect(brief(out)).toEqual([['2021-07-01', '2021-12-31', '-600']]);
  });

  it('a removal inside a billed period credits what was billed for the days after it (Zuora Revenue "Cancel regular charges in billed periods": 25 for Feb 11-Mar 10 2020, removed Mar 1 → 25 × 10/29 = 8.62 back)', () => {
    const l = new FakeLedger();
    const base = { chargeStartDate: '2020-02-11', termStartDate: '2020-02-11', subscriptionStartDate: '2020-02-11', termEndDate: '2020-03-11', price: '25' };
    propose(l, { rows: [row({ ...base, chargeEndDate: '2020-03-11' })], targetDate: '2020-02-11', account: { billCycleDay: 11 } });
    const out = propose(l, { rows: [row({ ...base, chargeEndDate: '2020-03-01', removedDate: '2020-03-01' })], targetDate: '2020-03-01', account: { billCycleDay: 11 } });
    expect(brief(out)).toEqual([['2020-03-01', '2020-03-10', '-8.62']]);
  });

  it('a price change from inside a billed month credits the old price and bills the new one for the rest of the month', () => {
    const l = new FakeLedger();
    propose(l, { rows: [row()], targetDate: '2024-01-01' });
    const changed = [row({ segmentEndDate: '2024-01-16' }), row({ segment: 2, segmentStartDate: '2024-01-16', price: '200' })];
    const out = propose(l, { rows: changed, targetDate: '2024-01-20' });
    // January has 31 days: Jan 16-31 is 16/31 of a month. Old: 100 − 100 × 15/31 (48.39) = 51.61 back; new: 200 × 16/31 = 103.23.
    expect(brief(out)).toEqual([
      ['2024-01-16', '2024-01-31', '-51.61'],
      ['2024-01-16', '2024-01-31', '103.23'],
    ]);
    expect(propose(l, { rows: changed, targetDate: '2024-01-20' })).toEqual([]);
    expect(brief(propose(l, { rows: changed, targetDate: '2024-02-01' }))).toEqual([['2024-02-01', '2024-02-29', '200']]);
  });

  it('a suspension and resume inside billed periods credit the suspended days and bill the resumed ones', () => {
    const l = new FakeLedger();
    propose(l, { rows: [row()], targetDate: '2024-02-01' });
    const suspended = [row({ segmentEndDate: '2024-02-10' }), row({ segment: 2, segmentStartDate: '2024-02-20' })];
    const out = propose(l, { rows: suspended, targetDate: '2024-02-20' });
    // February 2024 has 29 days: Feb 1-9 is 9/29 (31.03) kept, so 68.97 is given back; Feb 20-29 is 10/29 (34.48) billed again.
    expect(brief(out)).toEqual([
      ['2024-02-10', '2024-02-29', '-68.97'],
      ['2024-02-20', '2024-02-29', '34.48'],
    ]);
    expect(propose(l, { rows: suspended, targetDate: '2024-02-20' })).toEqual([]);
  });

  it('a change effective from a billed period start gives back all of it and bills the new amount', () => {
    const l = new FakeLedger();
    propose(l, { rows: [row()], targetDate: '2024-01-01' });
    const out = propose(l, { rows: [row({ quantity: '1', price: '80' })], targetDate: '2024-01-05' });
    expect(brief(out)).toEqual([
      ['2024-01-01', '2024-01-31', '-100'],
      ['2024-01-01', '2024-01-31', '80'],
    ]);
  });

  it('keeps what is billed ahead of the target date while it still applies', () => {
    const l = new FakeLedger();
    propose(l, { rows: [row()], targetDate: '2024-03-01' });
    expect(propose(l, { rows: [row()], targetDate: '2024-01-10' })).toEqual([]);
  });

  it('leaves alone what is billed for charges out of scope', () => {
    const l = new FakeLedger();
    propose(l, { rows: [row(), row({ originalChargeId: 'c2', chargeId: 'c2', chargeNumber: 'C-00000002' })], targetDate: '2024-01-01' });
    expect(propose(l, { rows: [row()], targetDate: '2024-01-01' })).toEqual([]);
  });
});
