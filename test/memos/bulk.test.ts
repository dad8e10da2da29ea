// Bulk memo operations and the asynchronous apply/unapply through the real app (both databases).
// The bulk create pages: at most 50 memos, each in its own transaction (one failing leaves the others).
import { describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/platform/jobs.js';
import { setupApp } from '../helpers.js';
import { billedAccount, memoTenant, ok, postedCreditMemo } from './fixtures.js';

const t = await setupApp({ jobWorker: false });

describe('bulk', () => {
  it('creates credit memos from invoices (the page sample) and from charges; a failing one does not stop the others', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const res = await ok(c.post('/v1/credit-memos/bulk', { sourceType: 'Invoice', memos: [
      { invoiceId: b.invoiceId, items: [{ amount: 10, invoiceItemId: b.items['Seats'], skuName: 'SKU-00000707' }] },
      { invoiceId: b.invoiceId, items: [{ amount: 1, invoiceItemId: b.items['Seats'], skuName: 'too much' }] },
      { invoiceId: b.invoiceId, items: [{ amount: 20, invoiceItemId: b.items['Platform Fee'], skuName: 'fee' }], autoPost: true },
    ] }));
    expect(res.memos.map((m: { success: boolean; number?: string; amount?: number }) => [m.success, m.number ?? null, m.amount ?? null])).toEqual([
      [true, 'CM00000001', 10],
      [false, null, null],
      [true, 'CM00000002', 20],
    ]);
    expect(res.memos[1].reasons[0].message).toContain('exceeds what is left to credit');
    const std = await ok(c.post('/v1/debit-memos/bulk', { sourceType: 'Standalone', memos: [{ accountId: b.accountId, charges: [{ productRatePlanChargeId: b.cat.flatChargeId, amount: 5 }] }] }));
    expect(std.memos[0]).toMatchObject({ success: true, number: 'DM00000001', amount: 5, balance: 5 });
    expect((await c.post('/v1/credit-memos/bulk', { sourceType: 'Invoice', memos: Array.from({ length: 51 }, () => ({ invoiceId: b.invoiceId })) })).status).toBe(429);
    expect((await c.post('/v1/credit-memos/bulk', { memos: [] })).status).toBe(400);
  });

  it('updates memos in bulk and debit memo due dates', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const dm = await ok(c.post('/v1/debit-memos', { accountId: b.accountId, charges: [{ productRatePlanChargeId: b.cat.flatChargeId, amount: 5 }] }));
    const r = await ok(c.put('/v1/debit-memos/bulk', { memos: [{ id: dm.id, comment: 'bulk' }, { id: 'f'.repeat(32), comment: 'x' }] }));
    expect(r.memos.map((m: { success: boolean }) => m.success)).toEqual([true, false]);
    expect(r.memos[0]).toMatchObject({ id: dm.id, comment: 'bulk' });
    await ok(c.put('/v1/debit-memos', { debitMemos: [{ id: dm.id, dueDate: '2024-03-03' }] }));
    expect(await ok(c.get(`/v1/debit-memos/${dm.id}`))).toMatchObject({ dueDate: '2024-03-03', comment: 'bulk' });
    // all or nothing: one bad date changes no due date
    expect((await c.put('/v1/debit-memos', { debitMemos: [{ id: dm.id, dueDate: '2024-04-04' }, { id: dm.id, dueDate: 'soon' }] })).status).toBe(400);
    expect((await ok(c.get(`/v1/debit-memos/${dm.id}`))).dueDate).toBe('2024-03-03');
  });
});

describe('async apply and unapply', () => {
  it('runs as a job: Pending, then Processed with the memo applied; a refused application is Failed with its reason and changes nothing', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const cm = await postedCreditMemo(c, b, { Seats: 10 });
    const job = await ok(c.put(`/v1/credit-memos/${cm.id}/apply-async`, { invoices: [{ invoiceId: b.invoiceId, amount: 4 }] }));
    expect(job).toMatchObject({ status: 'Pending', operationType: 'AsyncCreditMemoApply', referenceId: cm.id, referenceType: 'CreditMemo', error: null });
    expect((await ok(c.get(`/v1/credit-memos/${cm.id}`))).appliedAmount).toBe(0);
    await runDueJobs(t.app, { tenantId: c.tenant.id });
    expect(await ok(c.get(`/v1/credit-memos/apply-async-jobs/${job.id}`))).toMatchObject({ id: job.id, status: 'Processed', error: null });
    expect(await ok(c.get(`/v1/credit-memos/${cm.id}`))).toMatchObject({ appliedAmount: 4, unappliedAmount: 6 });

    const bad = await ok(c.put(`/v1/credit-memos/${cm.id}/unapply-async`, { invoices: [{ invoiceId: b.invoiceId, amount: 5 }] }));
    await runDueJobs(t.app, { tenantId: c.tenant.id });
    const failed = await ok(c.get(`/v1/credit-memos/unapply-async-jobs/${bad.id}`));
    expect(failed).toMatchObject({ status: 'Failed', operationType: 'AsyncCreditMemoUnapply' });
    expect(failed.error).toContain('exceeds what the credit memo');
    expect(await ok(c.get(`/v1/credit-memos/${cm.id}`))).toMatchObject({ appliedAmount: 4 });
    expect((await c.get(`/v1/credit-memos/apply-async-jobs/${bad.id}`)).status).toBe(404);
    expect((await c.put(`/v1/credit-memos/CM99999999/apply-async`, { invoices: [] })).status).toBe(404);
  });
});

describe('the credit balance adjustment object API', () => {
  it('answers 501 in the object API error form (Credit Balance is deprecated under Invoice Settlement)', async () => {
    const c = await memoTenant(t);
    for (const r of [await c.post('/v1/object/credit-balance-adjustment', { Amount: 1, Type: 'Increase' }), await c.get(`/v1/object/credit-balance-adjustment/${'a'.repeat(32)}`)]) {
      expect(r.status).toBe(501);
      expect(r.body.Success).toBe(false);
      expect(r.body.Errors[0].Message).toContain('CreditBalanceAdjustment');
    }
  });
});
