// Pure rules of the payments module. Numbers: the "Create a payment" / "Apply a payment" pages (an
// amount applied without items goes over the document's items; the items named must add up to the
// document's amount), "Refund a payment" (methodType enum), "List payments" (sort=+number / -field,
// the filters compare whole values, `null` matches an unset field).
import { describe, expect, it } from 'vitest';
import { D } from '../../src/platform/money.js';
import { methodTypeOf, parseApplications, parseFilters, parseSort } from '../../src/modules/payments/service.js';
import { spreadOverItems } from '../../src/modules/payments/settlement.js';
import { unappliedOf } from '../../src/modules/payments/views.js';

const doc = (balances: string[]) => ({
  kind: 'invoice' as const, id: 'i', number: 'INV00000001', accountId: 'a', currency: 'USD', status: 'Posted', amount: '110', balance: balances.reduce((t, b) => t.plus(b), new D(0)).toFixed(),
  items: balances.map((b, n) => ({ id: `item${n}`, amount: n === 0 ? '100' : '10', taxAmount: '0', balance: b })),
});

describe('spreading an amount over a document’s items', () => {
  it('takes the items in order, each up to its balance, skipping paid ones', () => {
    expect(spreadOverItems(doc(['100', '10']), new D('105'), 1).map((i) => [i.itemId, i.amount.toFixed()])).toEqual([['item0', '100'], ['item1', '5']]);
    expect(spreadOverItems(doc(['0', '10']), new D('4.5'), 1).map((i) => [i.itemId, i.amount.toFixed()])).toEqual([['item1', '4.5']]);
  });
  it('refuses what the items cannot take', () => {
    expect(() => spreadOverItems(doc(['1', '1']), new D('3'), 1)).toThrow(/cannot be spread/);
  });
});

describe('parsing applications', () => {
  it('reads invoices and debit memos with their items; the items must add up', () => {
    const apps = parseApplications({ invoices: [{ invoiceId: 'x', amount: 10, items: [{ invoiceItemId: 'a', amount: 4 }, { invoiceItemId: 'b', amount: 6 }] }], debitMemos: [{ debitMemoNumber: 'DM1', amount: 2.5 }] }, 'USD');
    expect(apps.map((a) => [a.kind, a.key, a.amount.toFixed(), a.items?.length ?? 0])).toEqual([['invoice', 'x', '10', 2], ['debitMemo', 'DM1', '2.5', 0]]);
    expect(() => parseApplications({ invoices: [{ invoiceId: 'x', amount: 10, items: [{ invoiceItemId: 'a', amount: 4 }] }] }, 'USD')).toThrow(/add up/);
    expect(() => parseApplications({ invoices: [{ amount: 10 }] }, 'USD')).toThrow(/invoiceId/);
    expect(() => parseApplications({ invoices: [{ invoiceId: 'x', amount: 1.001 }] }, 'USD')).toThrow(/decimal places/);
    expect(() => parseApplications({ invoices: [{ invoiceId: 'x', amount: 0 }] }, 'USD')).toThrow(/greater than 0/);
    expect(() => parseApplications({ invoices: [{ invoiceId: 'x', amount: 1, items: [{ taxItemId: 't', amount: 1 }] }] }, 'USD')).toThrow(/tax item/);
    // JPY has no decimals
    expect(() => parseApplications({ invoices: [{ invoiceId: 'x', amount: 1.5 }] }, 'JPY')).toThrow(/decimal places/);
  });
});

describe('list parameters', () => {
  it('sorts by + and - fields and refuses unknown ones', () => {
    expect(parseSort('+number,-createdDate', { number: 'number', createdDate: 'created_at' })).toEqual([{ column: 'number', desc: false }, { column: 'created_at', desc: true }]);
    // a + in a query string arrives as a space
    expect(parseSort(' number', { number: 'number' })).toEqual([{ column: 'number', desc: false }]);
    expect(() => parseSort('+colour', { number: 'number' })).toThrow(/cannot sort/);
  });
  it('filters amounts as exact decimals and null as unset', () => {
    const table = { amount: { column: 'amount', kind: 'amount' }, accountId: { column: 'account_id', kind: 'string' } };
    expect(parseFilters({ amount: '14.990', accountId: 'null' }, table)).toEqual([{ column: 'amount', value: '14.99' }, { column: 'account_id', value: null }]);
    expect(() => parseFilters({ amount: 'ten' }, table)).toThrow(/number/);
  });
});

describe('amounts and method types', () => {
  it('the unapplied amount is what is neither applied nor refunded', () => {
    expect(unappliedOf({ amount: '44.1', applied_amount: '40', refund_amount: '4' }).toFixed()).toBe('0.1');
  });
  it('names the refund method type of a payment method type', () => {
    expect(['CreditCard', 'ACH', 'PayPalEC', 'SEPA', 'Bacs', 'GooglePay'].map(methodTypeOf)).toEqual(['CreditCard', 'ACH', 'PayPal', 'BankTransfer', 'BankTransfer', 'Other']);
  });
});
