// Rule: Zuora docs, "Pre-rated pricing" (docs.zuora.com/.../charge-models---configure-any-pricing/pre-rated-pricing):
// PreratedPerUnit multiplies the per-unit rate carried on each usage record by its quantity; PreratedPricing takes
// the total carried on the record; the custom field must not be blank. Record values are made up for the test.
import { describe, expect, it } from 'vitest';
import { ratePrerated } from '../../../../src/modules/billing/rating/models/prerated.js';
import { RatingError } from '../../../../src/modules/billing/rating/models/types.js';

const records = [
  { quantity: 10, customFields: { rate__c: '0.25', total__c: '4.10' } },
  { quantity: 4, customFields: { rate__c: 1.5, total__c: '2' } },
];

describe('Pre-rated pricing', () => {
  it('PreratedPerUnit: rate × quantity per record, summed (2.50 + 6.00)', () => {
    const r = ratePrerated('PerUnit', { records, field: 'rate__c' });
    expect(r.recordAmounts.map((a) => a.toFixed())).toEqual(['2.5', '6']);
    expect(r.amount.toFixed()).toBe('8.5');
    expect(r.quantity.toFixed()).toBe('14');
  });

  it('PreratedPricing: the record totals, whatever the quantity', () => {
    expect(ratePrerated('Total', { records, field: 'total__c' }).amount.toFixed()).toBe('6.1');
  });

  it('a record without the field is an error naming the record and the field', () => {
    const bad = [...records, { quantity: 1, customFields: { rate__c: '' } }];
    let err: unknown;
    try {
      ratePrerated('PerUnit', { records: bad, field: 'rate__c' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RatingError);
    expect((err as RatingError).reason).toBe('MISSING_USAGE_FIELD');
    expect((err as Error).message).toMatch(/usage record 3 .*rate__c/);
    expect(() => ratePrerated('Total', { records: [{ quantity: 1, customFields: { total__c: 'lots' } }], field: 'total__c' })).toThrow(/not a number/);
  });

  it('no records: nothing to bill', () => {
    expect(ratePrerated('Total', { records: [], field: 'total__c' }).amount.toFixed()).toBe('0');
  });
});
