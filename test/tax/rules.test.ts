// Pure rules of taxation items. Fields, required ones and types from the Zuora v1 API reference pages
// POST_INV_TaxationItems ("Create taxation items for an invoice": invoiceItemId, jurisdiction, name,
// taxAmount, taxDate, taxRate, taxRateType required; taxRateType Percentage or FlatFee) and PUT_TaxationItem.
// The proportional balance of a taxation item is zbill's rule (docs/decisions.md).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { camel, parseTaxationItem, pascal, roundAmount } from '../../src/modules/tax/rules.js';
import { taxationItemBalance } from '../../src/modules/tax/service.js';
import { D } from '../../src/platform/money.js';

const opts = { mode: 'create' as const, prefix: 'taxationItems[0].', itemField: 'invoiceItemId', taxDateRequired: true, extra: ['taxMode'], namer: camel, res: 592100 };
const good = { invoiceItemId: 'a'.repeat(32), name: 'VAT', jurisdiction: 'FR', taxAmount: 20, taxDate: '2024-01-31', taxRate: 0.2, taxRateType: 'Percentage' };

describe('parseTaxationItem', () => {
  it('keeps the rate as given and the amounts as decimal strings', () => {
    expect(parseTaxationItem({ ...good, taxRate: 0.0625, taxAmount: '1.005', exemptAmount: 0 }, opts)).toMatchObject({ taxRate: '0.0625', taxAmount: '1.005', exemptAmount: '0', itemId: 'a'.repeat(32) });
  });
  it('names the first missing required field with its request path (category 22)', () => {
    for (const k of Object.keys(good)) {
      const b: Record<string, unknown> = { ...good };
      delete b[k];
      expect(() => parseTaxationItem(b, opts)).toThrow(`'taxationItems[0].${k}' is required`);
    }
  });
  it('refuses wrong values, unknown fields and negative amounts', () => {
    expect(() => parseTaxationItem({ ...good, taxRateType: 'Flat' }, opts)).toThrow(/Percentage, FlatFee/);
    expect(() => parseTaxationItem({ ...good, taxDate: '2024-02-30' }, opts)).toThrow(/taxDate/);
    expect(() => parseTaxationItem({ ...good, taxAmount: -1 }, opts)).toThrow(/negative/);
    expect(() => parseTaxationItem({ ...good, taxAmount: '' }, opts)).toThrow(/number/);
    expect(() => parseTaxationItem({ ...good, extra: 1 }, opts)).toThrow(/extra/);
    expect(() => parseTaxationItem({ ...good, taxMode: 'TaxInclusive' }, opts)).toThrow(/does not implement/);
  });
  it('reads the object API PascalCase names', () => {
    const b = Object.fromEntries(Object.entries(good).map(([k, v]) => [pascal(k), v]));
    expect(parseTaxationItem(b, { ...opts, extra: [], namer: pascal, prefix: '' })).toMatchObject({ name: 'VAT', itemId: 'a'.repeat(32) });
  });
  it('an update takes every field as optional', () => {
    expect(parseTaxationItem({}, { ...opts, mode: 'update', itemField: null })).toEqual({});
  });
});

describe('amounts', () => {
  it('rounds by the currency (half up): USD 2 places, JPY none', () => {
    expect(roundAmount('1.005', 'USD')).toBe('1.01');
    expect(roundAmount('10.5', 'JPY')).toBe('11');
  });
  it('a taxation item is owed in proportion to its item: all when unpaid, none when paid', () => {
    expect(taxationItemBalance('8.25', { amount: '100', taxAmount: '8.25', balance: '108.25' }, 'USD')).toBe('8.25');
    expect(taxationItemBalance('8.25', { amount: '100', taxAmount: '8.25', balance: '0' }, 'USD')).toBe('0');
    expect(taxationItemBalance('10', { amount: '90', taxAmount: '10', balance: '50' }, 'USD')).toBe('5');
  });
  it('property: an item total of its taxation items keeps the document total = sum of items + tax', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ amount: fc.integer({ min: 0, max: 10_000_000 }), taxes: fc.array(fc.integer({ min: 0, max: 100_000_00 }), { maxLength: 4 }) }), { minLength: 1, maxLength: 8 }), (items) => {
        // amounts in cents, taxes in thousandths rounded by USD as the service does
        const rows = items.map((i) => ({ amount: new D(i.amount).div(100), tax: i.taxes.reduce((t, x) => t.plus(roundAmount(new D(x).div(1000).toFixed(), 'USD')), new D(0)) }));
        const withoutTax = rows.reduce((t, r) => t.plus(r.amount), new D(0));
        const tax = rows.reduce((t, r) => t.plus(r.tax), new D(0));
        const total = rows.reduce((t, r) => t.plus(r.amount).plus(r.tax), new D(0));
        expect(total.equals(withoutTax.plus(tax))).toBe(true);
        // every tax kept has at most the currency's places
        for (const r of rows) expect(r.tax.decimalPlaces()).toBeLessThanOrEqual(2);
      }),
    );
  });
});
