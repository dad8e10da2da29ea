// Conformance of Configurable Payment Retry: every operation's answer checked against its spec schema, over an account
// whose card declines (insufficient funds) with a Posted invoice and a Posted debit memo in retry cycles
// (test/payment-retry/fixtures.ts); a retry that collects through a new card fills the metrics.
import { beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type TestApp } from '../helpers.js';
import { card, CARDS, clock, cprTenant, ok, pay, type PsTenant } from '../payment-retry/fixtures.js';
import { conform } from './harness.js';

let t: TestApp;
let s: PsTenant;
let dmId = '';
let failed = '';

beforeAll(async () => {
  t = await setupApp({ jobWorker: false });
  s = await cprTenant(t, CARDS.soft);
  const dm = await ok(s.c.post(`/v1/debit-memos/invoice/${s.invoice.id}`, { invoiceId: s.invoice.id, autoPost: true, items: [{ invoiceItemId: s.invoice.items[0]!.id, amount: 5, skuName: 'fee' }] }));
  dmId = dm.id;
  failed = (await pay(s.c, s)).paymentId;
  await pay(s.c, s, { amount: 5, debitMemoId: dmId });
});

describe('Configurable Payment Retry', () => {
  it('active cycles', async () => {
    const inv = await s.c.get(`/api/v1/payments/active_invoice_cycle_information/${s.invoice.id}`);
    conform('getActiveInvoiceCycle', inv);
    expect(inv.body.cycles).toHaveLength(1);
    conform('getActiveDebitMemoCycle', await s.c.get(`/api/v1/payments/active_debit_memo_cycle_information/${dmId}`));
    conform('getActiveAccountCycle', await s.c.get(`/api/v1/payments/active_account_cycle_information/${s.accountId}`));
  });
  it('execute', async () => {
    conform('putExecuteInvoicePayment', await s.c.put(`/api/v1/payments/execute_invoice_payment/${s.invoice.id}`, {}));
    conform('putExecuteDebitMemoPayment', await s.c.put(`/api/v1/payments/execute_debit_memo_payment/${dmId}`, {}));
    conform('putExecuteAccountPayments', await s.c.put(`/api/v1/payments/execute_account_payments/${s.accountId}`, {}));
    conform('postExecutePayments', await s.c.post('/api/v1/payments/execute_payments', { invoice_ids: [s.invoice.id], debit_memo_ids: [dmId] }));
  });
  it('a retry collects; histories', async () => {
    await card(s.c, s.accountId, CARDS.ok, true);
    await clock(t, s.c, { now: '2024-01-01T01:00:00Z' });
    const inv = await s.c.get(`/api/v1/payments/invoice_cycle_history/${s.invoice.id}`);
    conform('getInvoiceCycleHistory', inv);
    expect(inv.body.cycles[0]).toMatchObject({ status: 'Cycle Complete', attempts: [{ success: false }, { success: true }] });
    conform('getDebitMemoCycleHistory', await s.c.get(`/api/v1/payments/debit_memo_cycle_history/${dmId}`));
    conform('getAccountCycleHistory', await s.c.get(`/api/v1/payments/account_cycle_history/${s.accountId}`));
  });
  it('submit and remove', async () => {
    // a new failure of another invoice's worth: a debit memo with balance, the declining card again
    await card(s.c, s.accountId, CARDS.soft, true);
    const dm2 = await ok(s.c.post(`/v1/debit-memos/invoice/${s.invoice.id}`, { invoiceId: s.invoice.id, autoPost: true, items: [{ invoiceItemId: s.invoice.items[0]!.id, amount: 7, skuName: 'fee' }] }));
    await ok(s.c.put(`/api/v1/payments/remove_debit_memo_from_retry_cycle/${dmId}`, {}));
    const p = await pay(s.c, s, { amount: 7, debitMemoId: dm2.id });
    conform('putRemoveDebitMemoFromCycle', await s.c.put(`/api/v1/payments/remove_debit_memo_from_retry_cycle/${dm2.id}`, {}));
    conform('postSubmitPaymentToCycle', await s.c.post('/api/v1/payments/submit_failed_payment', { payment_id: p.paymentId }));
    conform('putRemoveInoviceFromCycle', await s.c.put(`/api/v1/payments/remove_invoice_from_retry_cycle/${s.invoice.id}`, {}));
    conform('putRemoveAccountFromCycle', await s.c.put(`/api/v1/payments/remove_account_from_retry_cycle/${s.accountId}`, {}));
    expect(failed).toMatch(/^[0-9a-f]{32}$/);
  });
  it('metrics', async () => {
    conform('getBaselineMetrics', await s.c.get('/api/v1/metrics/baseline'));
    conform('getAmountRecovered', await s.c.get('/api/v1/metrics/amount_recovered'));
    conform('getDocumentSuccessRateByCustomerGroup', await s.c.get('/api/v1/metrics/customer_group_over_time'));
    conform('getCustomerGroupMetrics', await s.c.get('/api/v1/metrics/customer_group'));
  });
});
