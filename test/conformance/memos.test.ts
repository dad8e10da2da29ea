// Conformance of Credit Memos and Debit Memos (and the invoice write-off and reverse, Invoices tag): every
// implemented operation's answer checked against its spec schema, over a real invoice made by an order's
// runBilling (see FINDINGS.md for how the checker judges).
import { beforeAll, describe, it } from 'vitest';
import { runDueJobs } from '../../src/platform/jobs.js';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { billedAccount, type Billed } from '../memos/fixtures.js';
import { conform, expectSuccess } from './harness.js';

let t: TestApp;
let c: Client;
let b: Billed;
const w: Record<string, string> = {};

beforeAll(async () => {
  t = await setupApp({ jobWorker: false });
  c = await t.newClient({ defaultApiVersion: '2025-08-12' });
  await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2024-01-01' });
  b = await billedAccount(c);
});

describe('Credit Memos', () => {
  it('POST_CreditMemoFromInvoice', async () => {
    const res = await c.post(`/v1/credit-memos/invoice/${b.invoiceId}`, { invoiceId: b.invoiceId, items: [{ invoiceItemId: b.items['Seats'], amount: 10, skuName: 'SKU-00000707' }] });
    conform('POST_CreditMemoFromInvoice', res);
    w.cm = res.body.id;
  });
  it('PUT_UpdateCreditMemo', async () => {
    conform('PUT_UpdateCreditMemo', await c.put(`/v1/credit-memos/${w.cm}`, { comment: 'checked', reasonCode: 'Correcting invoice error' }));
  });
  it('PUT_PostCreditMemo', async () => {
    conform('PUT_PostCreditMemo', await c.put(`/v1/credit-memos/${w.cm}/post`));
  });
  it('GET_CreditMemoItem', async () => {
    const items = await c.get(`/v1/credit-memos/${w.cm}/items`);
    expectSuccess('GET_CreditMemoItems', items);
    w.cmItem = items.body.items[0].id;
    conform('GET_CreditMemoItem', await c.get(`/v1/credit-memos/${w.cm}/items/${w.cmItem}`));
  });
  it('PUT_ApplyCreditMemo', async () => {
    conform('PUT_ApplyCreditMemo', await c.put(`/v1/credit-memos/${w.cm}/apply`, { effectiveDate: '2024-01-01', invoices: [{ invoiceId: b.invoiceId, amount: 6 }] }));
  });
  it('GET_InvoiceApplicationParts', async () => {
    conform('GET_InvoiceApplicationParts', await c.get(`/v1/invoices/${b.invoiceId}/application-parts`));
  });
  it('GET_CreditMemoParts, GET_CreditMemoPart', async () => {
    const parts = await c.get(`/v1/credit-memos/${w.cm}/parts`);
    conform('GET_CreditMemoParts', parts);
    conform('GET_CreditMemoPart', await c.get(`/v1/credit-memos/${w.cm}/parts/${parts.body.parts[0].id}`));
  });
  it('PUT_UnapplyCreditMemo', async () => {
    conform('PUT_UnapplyCreditMemo', await c.put(`/v1/credit-memos/${w.cm}/unapply`, { invoices: [{ invoiceId: b.invoiceId, amount: 1 }] }));
  });
  it('POST_RefundCreditMemo (External)', async () => {
    conform('POST_RefundCreditMemo', await c.post(`/v1/credit-memos/${w.cm}/refund`, { type: 'External', methodType: 'Check', totalAmount: 2, refundDate: '2024-01-01' }));
  });
  it('GET_CreditMemos', async () => {
    conform('GET_CreditMemos', await c.get(`/v1/credit-memos?accountId=${b.accountId}`));
  });
  it('POST_CreditMemoFromPrpc, PUT_ReverseCreditMemo', async () => {
    const res = await c.post('/v1/credit-memos', { accountId: b.accountId, charges: [{ productRatePlanChargeId: b.cat.flatChargeId, amount: 14.99 }], autoPost: true });
    conform('POST_CreditMemoFromPrpc', res);
    conform('PUT_ReverseCreditMemo', await c.put(`/v1/credit-memos/${res.body.id}/reverse`, { memoDate: '2024-01-01' }));
  });
  it('PUT_WriteOffCreditMemo', async () => {
    const res = await c.post('/v1/credit-memos', { accountId: b.accountId, charges: [{ productRatePlanChargeId: b.cat.flatChargeId, amount: 3 }], autoPost: true });
    expectSuccess('POST_CreditMemoFromPrpc', res);
    conform('PUT_WriteOffCreditMemo', await c.put(`/v1/credit-memos/${res.body.id}/write-off`, { memoDate: '2024-01-01' }));
  });
  it('PUT_UnpostCreditMemo, PUT_CancelCreditMemo, DELETE_CreditMemo', async () => {
    const res = await c.post('/v1/credit-memos', { accountId: b.accountId, charges: [{ productRatePlanChargeId: b.cat.flatChargeId, amount: 1 }], autoPost: true });
    expectSuccess('POST_CreditMemoFromPrpc', res);
    conform('PUT_UnpostCreditMemo', await c.put(`/v1/credit-memos/${res.body.id}/unpost`));
    conform('PUT_CancelCreditMemo', await c.put(`/v1/credit-memos/${res.body.id}/cancel`));
    conform('DELETE_CreditMemo', await c.del(`/v1/credit-memos/${res.body.id}`));
  });
});

describe('Debit Memos', () => {
  it('POST_DebitMemoFromInvoice', async () => {
    const res = await c.post(`/v1/debit-memos/invoice/${b.invoiceId}`, { invoiceId: b.invoiceId, items: [{ invoiceItemId: b.items['Seats'], amount: 5, skuName: 'late fee' }] });
    conform('POST_DebitMemoFromInvoice', res);
    w.dm = res.body.id;
  });
  it('PUT_DebitMemo', async () => {
    conform('PUT_DebitMemo', await c.put(`/v1/debit-memos/${w.dm}`, { comment: 'checked', dueDate: '2024-02-01' }));
  });
  it('PUT_PostDebitMemo', async () => {
    conform('PUT_PostDebitMemo', await c.put(`/v1/debit-memos/${w.dm}/post`));
  });
  it('GET_DebitMemo, GET_DebitMemoItems, GET_DebitMemoItem', async () => {
    conform('GET_DebitMemo', await c.get(`/v1/debit-memos/${w.dm}`));
    const items = await c.get(`/v1/debit-memos/${w.dm}/items`);
    conform('GET_DebitMemoItems', items);
    conform('GET_DebitMemoItem', await c.get(`/v1/debit-memos/${w.dm}/items/${items.body.items[0].id}`));
  });
  it('GET_DebitMemoApplicationParts', async () => {
    const cm = await c.post('/v1/credit-memos', { accountId: b.accountId, charges: [{ productRatePlanChargeId: b.cat.flatChargeId, amount: 2 }], autoPost: true });
    expectSuccess('POST_CreditMemoFromPrpc', cm);
    expectSuccess('PUT_ApplyCreditMemo', await c.put(`/v1/credit-memos/${cm.body.id}/apply`, { debitMemos: [{ debitMemoId: w.dm, amount: 2 }] }));
    conform('GET_DebitMemoApplicationParts', await c.get(`/v1/debit-memos/${w.dm}/application-parts`));
  });
  it('PUT_WriteOffDebitMemo', async () => {
    conform('PUT_WriteOffDebitMemo', await c.put(`/v1/debit-memos/${w.dm}/write-off`, { memoDate: '2024-01-01' }));
  });
  it('GET_DebitMemos', async () => {
    conform('GET_DebitMemos', await c.get(`/v1/debit-memos?accountId=${b.accountId}`));
  });
  it('POST_DebitMemoFromPrpc, PUT_UnpostDebitMemo, PUT_CancelDebitMemo, DELETE_DebitMemo', async () => {
    const res = await c.post('/v1/debit-memos', { accountId: b.accountId, charges: [{ productRatePlanChargeId: b.cat.seatChargeId, quantity: 2 }], autoPost: true });
    conform('POST_DebitMemoFromPrpc', res);
    conform('PUT_UnpostDebitMemo', await c.put(`/v1/debit-memos/${res.body.id}/unpost`));
    conform('PUT_CancelDebitMemo', await c.put(`/v1/debit-memos/${res.body.id}/cancel`));
    conform('DELETE_DebitMemo', await c.del(`/v1/debit-memos/${res.body.id}`));
  });
});

describe('Invoices: write-off and reverse through memos', () => {
  it('PUT_WriteOffInvoice', async () => {
    conform('PUT_WriteOffInvoice', await c.put(`/v1/invoices/${b.invoiceId}/write-off`, { memoDate: '2024-01-02' }));
  });
  it('PUT_ReverseInvoice', async () => {
    const other = await billedAccount(c, b.cat);
    conform('PUT_ReverseInvoice', await c.put(`/v1/invoices/${other.invoiceId}/reverse`, { applyEffectiveDate: '2024-01-01', memoDate: '2024-01-01' }));
  });
});

describe('bulk and async', () => {
  it('POST_CreateCreditMemos, PUT_UpdateCreditMemos', async () => {
    const res = await c.post('/v1/credit-memos/bulk', { sourceType: 'Standalone', memos: [{ accountId: b.accountId, charges: [{ productRatePlanChargeId: b.cat.flatChargeId, amount: 4 }], autoPost: true }] });
    conform('POST_CreateCreditMemos', res);
    w.bulkCm = res.body.memos[0].id;
    conform('PUT_UpdateCreditMemos', await c.put('/v1/credit-memos/bulk', { memos: [{ id: w.bulkCm, comment: 'bulk' }] }));
  });
  it('POST_CreateDebitMemos, PUT_UpdateDebitMemos, PUT_UpdateDebitMemosDueDates', async () => {
    const res = await c.post('/v1/debit-memos/bulk', { sourceType: 'Standalone', memos: [{ accountId: b.accountId, charges: [{ productRatePlanChargeId: b.cat.flatChargeId, amount: 4 }], autoPost: true }] });
    conform('POST_CreateDebitMemos', res);
    w.bulkDm = res.body.memos[0].id;
    conform('PUT_UpdateDebitMemos', await c.put('/v1/debit-memos/bulk', { memos: [{ id: w.bulkDm, comment: 'bulk' }] }));
    conform('PUT_UpdateDebitMemosDueDates', await c.put('/v1/debit-memos', { debitMemos: [{ id: w.bulkDm, dueDate: '2024-02-02' }] }));
  });
  it('applyCreditMemoAsync, getApplyCreditMemoAsyncJob, unapplyCreditMemoAsync, getUnapplyCreditMemoAsyncJob', async () => {
    const a = await c.put(`/v1/credit-memos/${w.bulkCm}/apply-async`, { debitMemos: [{ debitMemoId: w.bulkDm, amount: 2 }] });
    conform('applyCreditMemoAsync', a);
    await runDueJobs(t.app, { tenantId: c.tenant.id });
    conform('getApplyCreditMemoAsyncJob', await c.get(`/v1/credit-memos/apply-async-jobs/${a.body.id}`));
    const u = await c.put(`/v1/credit-memos/${w.bulkCm}/unapply-async`, { debitMemos: [{ debitMemoId: w.bulkDm, amount: 1 }] });
    conform('unapplyCreditMemoAsync', u);
    await runDueJobs(t.app, { tenantId: c.tenant.id });
    conform('getUnapplyCreditMemoAsyncJob', await c.get(`/v1/credit-memos/unapply-async-jobs/${u.body.id}`));
  });
});
