// Rules and formulas: Zuora docs, "Price formula for Multi-Attribute Pricing charge model"
// (knowledgecenter.zuora.com/Billing/Subscriptions/Product_Catalog/B_Charge_Models/Price_formula_reference:
// max(1, 2, 3.4) = 3.4, min(10, 9, 8, 7, 6, 5, 4) = 4, 2 * max(0, (usageQuantity() - 50)), fieldLookup("usage",
// "multiplier__c"), objectLookup) and "Get started with Multi-Attribute Pricing charge model for usage charges"
// (the car rental table: compact/California 2, compact/New York 3, full-size/California 3, full-size/New York 4;
// price = usage quantity × price multiplier).
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  evaluatePriceFormula,
  type LookupCriterion,
  rateMultiAttribute,
  rateMultiAttributeUsage,
} from '../../../../src/modules/billing/rating/models/multi-attribute.js';
import { RatingError } from '../../../../src/modules/billing/rating/models/types.js';

const num = (f: string, ctx = {}) => String(evaluatePriceFormula(f, { objects: {}, ...ctx }));

const rentals = [
  { type: 'compact', state: 'California', multiplier: 2 },
  { type: 'compact', state: 'New York', multiplier: 3 },
  { type: 'full-size', state: 'California', multiplier: 3 },
  { type: 'full-size', state: 'New York', multiplier: 4 },
];
const objectLookup = (obj: string, target: string, criteria: LookupCriterion[]) => {
  if (obj !== 'rental_price') return undefined;
  const row = rentals.find((r) => criteria.every((c) => c.op === '=' && String((r as Record<string, unknown>)[c.field]) === String(c.value)));
  return row ? (row as Record<string, unknown>)[target] : undefined;
};
const RENTAL = 'usageQuantity() * objectLookup("rental_price", "multiplier", "type" = fieldLookup("usage", "type__c"), "state" = fieldLookup("usage", "state__c"))';

describe('price formulas', () => {
  it('the documented functions and operators', () => {
    expect(num('max(1, 2, 3.4)')).toBe('3.4');
    expect(num('min(10, 9, 8, 7, 6, 5, 4)')).toBe('4');
    expect(num('2 * max(0, (usageQuantity() - 50))', { usageQuantity: 80 })).toBe('60');
    expect(num('2 * max(0, (usageQuantity() - 50))', { usageQuantity: 20 })).toBe('0');
    expect(num('(1 + 2) * 3 ^ 2 / 4 - -1')).toBe('7.75');
    expect(num('2 ^ 3 ^ 2')).toBe('512');
    expect(num('fieldLookup("usage", "multiplier__c") * 10', { objects: { usage: { multiplier__c: '1.5' } } })).toBe('15');
    expect(num('fieldLookup("account", "rate__c") + 1', { objects: { account: { rate__c: new Decimal('0.25') } } })).toBe('1.25');
  });

  it('every mistake is a RatingError, never a number', () => {
    const bad = ['', '1 +', '(1', 'foo(1)', 'max(1)', '1 / 0', 'fieldLookup("account", "tier__c")', '"text" * 2', '1 2', 'usageQuantity()', '3 $ 4'];
    for (const f of bad) {
      expect(() => evaluatePriceFormula(f, { objects: { account: {} } }), f).toThrow(RatingError);
    }
  });
});

describe('Multi-Attribute Pricing', () => {
  it('usage: the car rental example, one amount per record, summed', () => {
    const r = rateMultiAttributeUsage(RENTAL, {
      base: { objects: {}, objectLookup },
      records: [
        { quantity: 3, fields: { type__c: 'compact', state__c: 'New York' } },
        { quantity: 2, fields: { type__c: 'full-size', state__c: 'California' } },
      ],
    });
    expect(r.recordAmounts.map((a) => a.toFixed())).toEqual(['9', '6']);
    expect(r.amount.toFixed()).toBe('15');
  });

  it('usage: a record that matches no row is an error', () => {
    expect(() =>
      rateMultiAttributeUsage(RENTAL, { base: { objects: {}, objectLookup }, records: [{ quantity: 1, fields: { type__c: 'van', state__c: 'Texas' } }] }),
    ).toThrow(/has no value/);
  });

  it('recurring: the formula is the price of the period, from account and subscription fields', () => {
    const r = rateMultiAttribute('fieldLookup("account", "seats__c") * 12.5', { context: { objects: { account: { seats__c: 4 } } }, prorationFactor: '0.5' });
    expect(r.amount.toFixed()).toBe('25');
  });
});
