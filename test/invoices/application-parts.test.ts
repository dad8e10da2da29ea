// GET /v1/invoices/{invoiceKey}/application-parts through the real app (both databases): the payments
// and credit memos applied to an invoice, one part each, net of unapplications (the operation's page and
// its sample: appliedAmount, creditMemoId or paymentId, created/updated by and date). The invoice is the
// memos fixture's Posted invoice of 110.
import { describe, expect, it } from 'vitest';
import { setupApp } from '../helpers.js';
import { billedAccount, memoTenant, ok, postedCreditMemo } from '../memos/fixtures.js';

const t = await setupApp({ jobWorker: false });

describe('GET /v1/invoices/{invoiceKey}/application-parts', () => {
  it('lists the credit memos and payments applied, net of what was unapplied, and nothing once all is unapplied', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const empty = await c.get(`/v1/invoices/${b.invoiceId}/application-parts`);
    expect(empty.status, empty.raw).toBe(200);
    expect(empty.body).toEqual({ applicationParts: [], success: true });

    const cm = await postedCreditMemo(c, b, { Seats: 10 });
    await ok(c.put(`/v1/credit-memos/${cm.id}/apply`, { effectiveDate: '2024-01-01', invoices: [{ invoiceId: b.invoiceId, amount: 6 }] }));
    await ok(c.put(`/v1/credit-memos/${cm.id}/apply`, { effectiveDate: '2024-01-01', invoices: [{ invoiceId: b.invoiceId, amount: 3 }] }));
    const pay = await ok(c.post('/v1/payments', { accountId: b.accountId, type: 'External', paymentMethodType: 'Cash', amount: 50, currency: 'USD', effectiveDate: '2024-01-01', invoices: [{ invoiceId: b.invoiceId, amount: 40 }] }));
    await ok(c.put(`/v1/payments/${pay.id}/unapply`, { invoices: [{ invoiceId: b.invoiceId, amount: 15 }] }));

    // by number as well as by id
    const res = await c.get(`/v1/invoices/${b.invoiceNumber}/application-parts`);
    expect(res.status, res.raw).toBe(200);
    const parts = res.body.applicationParts as Array<Record<string, unknown>>;
    expect(parts).toHaveLength(2);
    const byMemo = parts.find((p) => p.creditMemoId === cm.id);
    const byPayment = parts.find((p) => p.paymentId === pay.id);
    expect(byMemo).toMatchObject({ appliedAmount: 9, paymentId: null });
    expect(byPayment).toMatchObject({ appliedAmount: 25, creditMemoId: null });
    for (const p of parts) expect(Object.keys(p).sort()).toEqual(['appliedAmount', 'createdById', 'createdDate', 'creditMemoId', 'paymentId', 'updatedById', 'updatedDate']);
    expect(byPayment!.createdDate).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    // what the parts hold is what the invoice's balance lost: 110 - 9 - 25
    const inv = (await c.get(`/v1/invoices/${b.invoiceId}`)).body;
    expect(inv).toMatchObject({ balance: 76, creditMemoAmount: 9, paymentAmount: 25 });

    await ok(c.put(`/v1/payments/${pay.id}/unapply`, { invoices: [{ invoiceId: b.invoiceId, amount: 25 }] }));
    const after = (await c.get(`/v1/invoices/${b.invoiceId}/application-parts`)).body.applicationParts as Array<Record<string, unknown>>;
    expect(after.map((p) => p.creditMemoId)).toEqual([cm.id]);
  });

  it('answers not found for an unknown invoice', async () => {
    const c = await memoTenant(t);
    const res = await c.get('/v1/invoices/INV99999999/application-parts');
    expect(res.body.success).toBe(false);
    expect(res.body.reasons[0].code).toBe(50000040);
  });
});
