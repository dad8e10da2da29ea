/**
 * Pre-Rated Pricing (usage charges): the rating happened outside Zuora and each usage record carries it in
 * a custom field of the Usage object.
 * - PreratedPerUnit: the record's field holds a per-unit rate; the record's amount is rate × quantity.
 * - PreratedPricing: the record's field holds the record's total amount; the quantity is not used.
 * The period's amount is the sum over its records. A record whose field is missing or blank is an error:
 * the docs require the field on every record, and the engine never guesses a price.
 */
import type { Money } from '../../../../platform/money.js';
import { dec, type DecimalLike, quantityOf, type RatedAmount, RatingError, ZERO } from './types.js';

export interface UsageRecordForRating {
  quantity: DecimalLike;
  /** The record's custom fields (`name__c` → value). */
  customFields: Readonly<Record<string, unknown>>;
}

function fieldValue(record: UsageRecordForRating, field: string, i: number): Money {
  const v = record.customFields[field];
  if (v === null || v === undefined || v === '')
    throw new RatingError('MISSING_USAGE_FIELD', `usage record ${i + 1} has no value in ${field}, which the pre-rated charge reads`);
  if (typeof v !== 'string' && typeof v !== 'number') throw new RatingError('MISSING_USAGE_FIELD', `usage record ${i + 1}: ${field} is not a number`);
  return dec(v, `usage record ${i + 1} ${field}`, 'MISSING_USAGE_FIELD');
}

export function ratePrerated(
  mode: 'PerUnit' | 'Total',
  input: { records: readonly UsageRecordForRating[]; field: string },
): RatedAmount & { recordAmounts: Money[] } {
  if (!input.field) throw new RatingError('MISSING_PRICING', 'the usage custom field that holds the pre-rated amount is required');
  let quantity = ZERO;
  const recordAmounts = input.records.map((r, i) => {
    const q = quantityOf(r.quantity, `usage record ${i + 1} quantity`);
    quantity = quantity.add(q);
    const v = fieldValue(r, input.field, i);
    return mode === 'PerUnit' ? v.mul(q) : v;
  });
  return { amount: recordAmounts.reduce((s, a) => s.add(a), ZERO), quantity, tiers: [], recordAmounts };
}
