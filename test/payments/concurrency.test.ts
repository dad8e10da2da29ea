// Parallel payments on one invoice never over-apply (both databases): each application locks the
// invoice (FOR UPDATE on PostgreSQL; SQLite serializes writers) and re-reads its balance, so of ten
// payments of 20 on an invoice of 110 exactly five land and the rest are refused with a rule error
// ("Apply unapplied payments to invoices and debit memos": an invoice never receives more than its
// balance). Parallel applications of one unapplied payment never apply more than it holds.
import { describe, expect, it } from 'vitest';
import { setupApp } from '../helpers.js';
import { postedInvoice, setup } from './fixtures.js';

const t = await setupApp({ jobWorker: false });

describe('parallel applications', () => {
  it('ten payments of 20 on one invoice of 110: five land, the invoice balance is 10', async () => {
    const { c, cat, acc } = await setup(t);
    const inv = await postedInvoice(c, cat, acc.accountNumber);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => c.post('/v1/payments', { accountId: acc.accountId, type: 'External', paymentMethodType: 'Check', amount: 20, currency: 'USD', invoices: [{ invoiceId: inv.id, amount: 20 }] })),
    );
    const ok = results.filter((r) => r.body.success === true);
    const refused = results.filter((r) => r.body.success !== true);
    expect(ok).toHaveLength(5);
    for (const r of refused) expect(r.body.reasons[0].code % 100, r.raw).toBe(30);
    expect((await c.get(`/v1/invoices/${inv.id}`)).body).toMatchObject({ balance: 10, paymentAmount: 100 });
    const payments = (await c.get('/v1/payments?pageSize=40')).body.payments as Array<{ appliedAmount: number }>;
    expect(payments).toHaveLength(5);
    expect(payments.reduce((s, p) => s + p.appliedAmount, 0)).toBe(100);
  });

  it('ten unapplied payments of 20 applied in parallel to one invoice of 110: five land (the invoice lock, not the numbering, decides)', async () => {
    const { c, cat, acc } = await setup(t);
    const inv = await postedInvoice(c, cat, acc.accountNumber);
    const payments: string[] = [];
    for (let i = 0; i < 10; i++) payments.push((await c.post('/v1/payments', { accountId: acc.accountId, type: 'External', paymentMethodType: 'Check', amount: 20, currency: 'USD' })).body.id);
    const results = await Promise.all(payments.map((p) => c.put(`/v1/payments/${p}/apply`, { invoices: [{ invoiceId: inv.id, amount: 20 }] })));
    expect(results.filter((r) => r.body.success === true)).toHaveLength(5);
    for (const r of results.filter((x) => x.body.success !== true)) expect(r.body.reasons[0].code % 100, r.raw).toBe(30);
    expect((await c.get(`/v1/invoices/${inv.id}`)).body).toMatchObject({ balance: 10, paymentAmount: 100 });
  });

  it('one unapplied payment of 50 applied in parallel to five invoices 20 each: at most 50 is applied', async () => {
    const { c, cat, acc } = await setup(t);
    const invoices = [];
    for (let i = 0; i < 5; i++) invoices.push(await postedInvoice(c, cat, acc.accountNumber));
    const pay = (await c.post('/v1/payments', { accountId: acc.accountId, type: 'External', paymentMethodType: 'Check', amount: 50, currency: 'USD' })).body;
    const results = await Promise.all(invoices.map((inv) => c.put(`/v1/payments/${pay.id}/apply`, { invoices: [{ invoiceId: inv.id, amount: 20 }] })));
    expect(results.filter((r) => r.body.success === true)).toHaveLength(2);
    const after = (await c.get(`/v1/payments/${pay.id}`)).body;
    expect(after).toMatchObject({ appliedAmount: 40, unappliedAmount: 10 });
    let received = 0;
    for (const inv of invoices) received += 110 - (await c.get(`/v1/invoices/${inv.id}`)).body.balance;
    expect(received).toBe(40);
  });

  it('applications naming the same two invoices in opposite orders, in parallel, all land (documents are locked in one order)', async () => {
    const { c, cat, acc } = await setup(t);
    const a = await postedInvoice(c, cat, acc.accountNumber);
    const b = await postedInvoice(c, cat, acc.accountNumber);
    const payments: string[] = [];
    // creating payments is serialized by their numbering; applying existing ones is not
    for (let i = 0; i < 10; i++) payments.push((await c.post('/v1/payments', { accountId: acc.accountId, type: 'External', paymentMethodType: 'Check', amount: 2, currency: 'USD' })).body.id);
    const body = (first: string, second: string) => ({ invoices: [{ invoiceId: first, amount: 1 }, { invoiceId: second, amount: 1 }] });
    const results = await Promise.all(payments.map((p, i) => c.put(`/v1/payments/${p}/apply`, i % 2 ? body(a.id, b.id) : body(b.id, a.id))));
    for (const r of results) expect(r.body.success, r.raw).toBe(true);
    expect((await c.get(`/v1/invoices/${a.id}`)).body.balance).toBe(100);
    expect((await c.get(`/v1/invoices/${b.id}`)).body.balance).toBe(100);
  });
});
