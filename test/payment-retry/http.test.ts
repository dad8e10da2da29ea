// Configurable Payment Retry through the real app: declined payments entering retry cycles, retries on the tenant
// clock (hourly runs, "retry after N hours"), a changed payment method or amount, max attempts, execute now, remove,
// submit, the configuration through the admin API, the metrics. Rules: src/modules/payment-retry/config.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type TestApp } from '../helpers.js';
import { balance, card, CARDS, clock, cprTenant, cycles, ok, pay } from './fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp({ jobWorker: false });
});

describe('entering a retry cycle', () => {
  it('a declined payment of an invoice starts its cycle: attempt 1, the next one 24 hours later on the hour', async () => {
    const s = await cprTenant(t, CARDS.soft);
    await clock(t, s.c, { now: '2024-01-01T10:15:00Z' });
    const p = await pay(s.c, s);
    expect(p.status).toBe(400);
    const [cy, ...more] = await cycles(s.c, `active_invoice_cycle_information/${s.invoice.id}`);
    expect(more).toEqual([]);
    expect(cy).toEqual({
      account_id: s.accountId, invoice_id: s.invoice.id, payment_method_id: s.cardId, currency: 'USD', status: 'Cycle Incomplete', current_attempt_number: 1,
      next_attempt: '2024-01-02T11:00:00.000Z', customer_group: 'All Remaining Customers',
      attempts: [{
        attempt_number: 1, zuora_payment_id: p.paymentId, time_of_execution: '2024-01-01T10:15:00.000Z', source: expect.stringMatching(/^P-/), cpr_generated: false, success: false,
        amount_collected: '0.0', action_info: { action: 'Retry' }, retry_info: { next: '2024-01-02T11:00:00.000Z', criteria: 'incremental_time' },
        mapping_info: { label: 'Soft Decline', level: 'code', customer_group_id: 1 }, gateway_info: { id: expect.any(String), code: '51', response: expect.any(String) },
      }],
    });
    expect(await cycles(s.c, `invoice_cycle_history/${s.invoice.id}`)).toEqual([cy]);
    expect(await cycles(s.c, `active_account_cycle_information/${s.accountId}`)).toEqual([cy]);
    expect(await cycles(s.c, `account_cycle_history/${s.accountNumber}`)).toEqual([cy]);
    // not yet due at 11:00 on the first day
    await clock(t, s.c, { now: '2024-01-02T10:59:00Z' });
    expect((await cycles(s.c, `active_invoice_cycle_information/${s.invoice.id}`))[0]!.current_attempt_number).toBe(1);
  });

  it('a hard decline stops at once; a system error retries after an hour', async () => {
    const h = await cprTenant(t, CARDS.hard);
    await pay(h.c, h);
    expect(await cycles(h.c, `active_invoice_cycle_information/${h.invoice.id}`)).toEqual([]);
    const [done] = await cycles(h.c, `invoice_cycle_history/${h.invoice.id}`);
    expect(done).toMatchObject({ status: 'Cycle Complete', next_attempt: null, current_attempt_number: 1 });
    expect(done!.attempts[0]).toMatchObject({ action_info: { action: 'Stop' }, retry_info: {}, mapping_info: { label: 'Hard Decline' }, gateway_info: { code: '54' } });

    const e = await cprTenant(t, CARDS.error);
    await pay(e.c, e);
    const [cy] = await cycles(e.c, `active_invoice_cycle_information/${e.invoice.id}`);
    expect(cy).toMatchObject({ next_attempt: '2024-01-01T01:00:00.000Z', attempts: [{ mapping_info: { label: 'System Error' }, gateway_info: { code: '96' } }] });
  });

  it('an approved payment and an external payment start no cycle', async () => {
    const s = await cprTenant(t, CARDS.ok);
    expect((await pay(s.c, s, { amount: 10 })).status).toBe(200);
    await ok(s.c.post('/v1/payments', { type: 'External', accountId: s.accountId, amount: 5, currency: 'USD', paymentMethodType: 'Check', invoices: [{ invoiceId: s.invoice.id, amount: 5 }] }));
    expect(await cycles(s.c, `account_cycle_history/${s.accountId}`)).toEqual([]);
  });
});

describe('retries on the tenant clock', () => {
  it('succeeds with a changed payment method: the new default card pays the balance, the cycle completes', async () => {
    const s = await cprTenant(t, CARDS.soft);
    await pay(s.c, s);
    const good = await card(s.c, s.accountId, CARDS.ok, true);
    await clock(t, s.c, { now: '2024-01-02T00:30:00Z' });
    expect(await balance(s.c, s.invoice.id)).toBe(0);
    expect(await cycles(s.c, `active_invoice_cycle_information/${s.invoice.id}`)).toEqual([]);
    const [cy] = await cycles(s.c, `invoice_cycle_history/${s.invoice.id}`);
    expect(cy).toMatchObject({ status: 'Cycle Complete', current_attempt_number: 2, next_attempt: null, payment_method_id: good });
    const second = cy!.attempts[1];
    expect(second).toMatchObject({ attempt_number: 2, cpr_generated: true, success: true, amount_collected: '110.0', time_of_execution: '2024-01-02T00:00:00.000Z', gateway_info: { code: '00' } });
    const payment = (await s.c.get(`/v1/payments/${second.zuora_payment_id}`)).body;
    expect(payment).toMatchObject({ status: 'Processed', type: 'Electronic', amount: 110, appliedAmount: 110, paymentMethodId: good, effectiveDate: '2024-01-02' });
    // nothing more happens later
    await clock(t, s.c, { date: '2024-01-10' });
    expect((await s.c.get(`/v1/payments?accountId=${s.accountId}`)).body.payments).toHaveLength(2);
  });

  it('collects the balance as it is at the retry (a changed amount)', async () => {
    const s = await cprTenant(t, CARDS.soft);
    await pay(s.c, s);
    await ok(s.c.post('/v1/payments', { type: 'External', accountId: s.accountId, amount: 35.5, currency: 'USD', paymentMethodType: 'Check', invoices: [{ invoiceId: s.invoice.id, amount: 35.5 }] }));
    await card(s.c, s.accountId, CARDS.ok, true);
    await clock(t, s.c, { date: '2024-01-03' });
    const [cy] = await cycles(s.c, `invoice_cycle_history/${s.invoice.id}`);
    expect(cy!.attempts[1]).toMatchObject({ success: true, amount_collected: '74.5' });
    expect(await balance(s.c, s.invoice.id)).toBe(0);
  });

  it('max attempts: three retries 24 hours apart, then the cycle ends', async () => {
    const s = await cprTenant(t, CARDS.soft);
    await pay(s.c, s);
    await clock(t, s.c, { date: '2024-01-02' });
    let [cy] = await cycles(s.c, `active_invoice_cycle_information/${s.invoice.id}`);
    expect(cy).toMatchObject({ current_attempt_number: 2, next_attempt: '2024-01-03T00:00:00.000Z' });
    expect(cy!.attempts[1]).toMatchObject({ cpr_generated: true, success: false, action_info: { action: 'Retry' } });
    await clock(t, s.c, { date: '2024-01-10' });
    expect(await cycles(s.c, `active_invoice_cycle_information/${s.invoice.id}`)).toEqual([]);
    [cy] = await cycles(s.c, `invoice_cycle_history/${s.invoice.id}`);
    expect(cy).toMatchObject({ status: 'Cycle Complete', current_attempt_number: 4, next_attempt: null });
    expect(cy!.attempts.map((a: { time_of_execution: string }) => a.time_of_execution)).toEqual(['2024-01-01T00:00:00.000Z', '2024-01-02T00:00:00.000Z', '2024-01-03T00:00:00.000Z', '2024-01-04T00:00:00.000Z']);
    expect(cy!.attempts[3]).toMatchObject({ action_info: { action: 'Stop' }, retry_info: {} });
    expect((await s.c.get(`/v1/payments?accountId=${s.accountId}`)).body.payments).toHaveLength(4);
    expect(await balance(s.c, s.invoice.id)).toBe(110);
  });

  it('a document paid meanwhile ends its cycle without an attempt', async () => {
    const s = await cprTenant(t, CARDS.soft);
    await pay(s.c, s);
    await ok(s.c.post('/v1/payments', { type: 'External', accountId: s.accountId, amount: 110, currency: 'USD', paymentMethodType: 'Check', invoices: [{ invoiceId: s.invoice.id, amount: 110 }] }));
    await clock(t, s.c, { date: '2024-01-03' });
    const [cy] = await cycles(s.c, `invoice_cycle_history/${s.invoice.id}`);
    expect(cy).toMatchObject({ status: 'Cycle Complete', current_attempt_number: 1, next_attempt: null });
  });

  it('a new failed payment of the document is the next attempt of its active cycle', async () => {
    const s = await cprTenant(t, CARDS.soft);
    await pay(s.c, s);
    await clock(t, s.c, { now: '2024-01-01T05:00:00Z' });
    await pay(s.c, s);
    const all = await cycles(s.c, `invoice_cycle_history/${s.invoice.id}`);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ current_attempt_number: 2, next_attempt: '2024-01-02T05:00:00.000Z' });
    expect(all[0]!.attempts[1]).toMatchObject({ cpr_generated: false });
    // the first attempt's job (due 2024-01-02T00:00) no longer runs an attempt
    await clock(t, s.c, { now: '2024-01-02T04:00:00Z' });
    expect((await cycles(s.c, `invoice_cycle_history/${s.invoice.id}`))[0]!.current_attempt_number).toBe(2);
    await clock(t, s.c, { now: '2024-01-02T05:00:00Z' });
    expect((await cycles(s.c, `invoice_cycle_history/${s.invoice.id}`))[0]!.current_attempt_number).toBe(3);
  });
});

describe('execute, remove, submit', () => {
  it('execute now moves the next attempt to the next hourly run', async () => {
    const s = await cprTenant(t, CARDS.soft);
    await clock(t, s.c, { now: '2024-01-01T08:20:00Z' });
    await pay(s.c, s);
    const r = await ok(s.c.put(`/api/v1/payments/execute_invoice_payment/${s.invoice.id}`, {}));
    expect(r.message).toBe('Payments with the following IDs enqueued for processing: [1]');
    expect((await cycles(s.c, `active_invoice_cycle_information/${s.invoice.id}`))[0]!.next_attempt).toBe('2024-01-01T09:00:00.000Z');
    await card(s.c, s.accountId, CARDS.ok, true);
    await clock(t, s.c, { now: '2024-01-01T09:00:00Z' });
    expect(await balance(s.c, s.invoice.id)).toBe(0);
    // executing with no active cycle names none
    expect((await ok(s.c.put(`/api/v1/payments/execute_account_payments/${s.accountId}`, {}))).message).toBe('Payments with the following IDs enqueued for processing: []');
  });

  it('postExecutePayments takes accounts, invoices and debit memos; bad bodies change nothing', async () => {
    const s = await cprTenant(t, CARDS.soft);
    const dm = await ok(s.c.post(`/v1/debit-memos/invoice/${s.invoice.id}`, { invoiceId: s.invoice.id, autoPost: true, items: [{ invoiceItemId: s.invoice.items[0]!.id, amount: 5, skuName: 'fee' }] }));
    await pay(s.c, s);
    await pay(s.c, s, { amount: 5, debitMemoId: dm.id });
    const [dmc] = await cycles(s.c, `active_debit_memo_cycle_information/${dm.id}`);
    expect(dmc).toMatchObject({ debit_memo_id: dm.id, status: 'Cycle Incomplete' });
    expect(dmc!.invoice_id).toBeUndefined();
    expect(await cycles(s.c, `debit_memo_cycle_history/${dm.id}`)).toHaveLength(1);
    expect(await cycles(s.c, `active_account_cycle_information/${s.accountId}`)).toHaveLength(2);
    for (const body of [{}, { invoice_ids: 'x' }, { invoice_ids: ['nope'] }, { account_ids: [s.accountId], extra: 1 }]) {
      const r = await s.c.post('/api/v1/payments/execute_payments', body);
      expect(r.status, r.raw).toBe(400);
    }
    expect((await cycles(s.c, `active_debit_memo_cycle_information/${dm.id}`))[0]!.next_attempt).toBe('2024-01-02T00:00:00.000Z');
    const r = await ok(s.c.post('/api/v1/payments/execute_payments', { account_ids: [s.accountId], invoice_ids: [s.invoice.id], debit_memo_ids: [dm.id] }));
    expect(r.message).toBe('Payments with the following IDs enqueued for processing: [1, 2]');
    expect((await cycles(s.c, `active_debit_memo_cycle_information/${dm.id}`))[0]!.next_attempt).toBe('2024-01-01T01:00:00.000Z');
    expect((await ok(s.c.put(`/api/v1/payments/execute_debit_memo_payment/${dm.id}`, {}))).message).toBe('Payments with the following IDs enqueued for processing: [2]');
  });

  it('remove stops the active cycles: no attempt runs later', async () => {
    const s = await cprTenant(t, CARDS.soft);
    const dm = await ok(s.c.post(`/v1/debit-memos/invoice/${s.invoice.id}`, { invoiceId: s.invoice.id, autoPost: true, items: [{ invoiceItemId: s.invoice.items[0]!.id, amount: 5, skuName: 'fee' }] }));
    await pay(s.c, s);
    await pay(s.c, s, { amount: 5, debitMemoId: dm.id });
    expect((await ok(s.c.put(`/api/v1/payments/remove_invoice_from_retry_cycle/${s.invoice.id}`, {}))).message).toBe('Payments with the following IDs have been removed from the retry cycle: [1]');
    expect((await ok(s.c.put(`/api/v1/payments/remove_debit_memo_from_retry_cycle/${dm.id}`, {}))).message).toBe('Payments with the following IDs have been removed from the retry cycle: [2]');
    expect((await ok(s.c.put(`/api/v1/payments/remove_account_from_retry_cycle/${s.accountId}`, {}))).message).toBe('Payments with the following IDs have been removed from the retry cycle: []');
    await clock(t, s.c, { date: '2024-01-05' });
    expect((await s.c.get(`/v1/payments?accountId=${s.accountId}`)).body.payments).toHaveLength(2);
    const hist = await cycles(s.c, `account_cycle_history/${s.accountId}`);
    expect(hist.map((c) => [c.status, c.current_attempt_number, c.next_attempt])).toEqual([['Cycle Complete', 1, null], ['Cycle Complete', 1, null]]);
  });

  it('submit a failed payment: a new cycle when none is active, refused twice, checked', async () => {
    const s = await cprTenant(t, CARDS.soft);
    const cfg = await t.admin('PUT', `/admin/tenants/${s.c.tenant.id}/payment-retry/settings`, { auto_submit: false });
    expect(cfg.status, JSON.stringify(cfg.body)).toBe(200);
    const p = await pay(s.c, s);
    expect(await cycles(s.c, `invoice_cycle_history/${s.invoice.id}`)).toEqual([]);
    for (const [body, status] of [[{}, 400], [{ payment_id: 'nope' }, 400], [{ payment_id: p.paymentId, x: 1 }, 400], [{ payment_id: 5 }, 400]] as const) {
      const r = await s.c.post('/api/v1/payments/submit_failed_payment', body);
      expect(r.status, r.raw).toBe(status);
    }
    expect(await ok(s.c.post('/api/v1/payments/submit_failed_payment', { payment_id: p.paymentId }))).toEqual({ success: true, message: 'Payment entered into retry process' });
    const [cy] = await cycles(s.c, `active_invoice_cycle_information/${s.invoice.id}`);
    expect(cy).toMatchObject({ current_attempt_number: 1, attempts: [{ zuora_payment_id: p.paymentId, cpr_generated: false }] });
    expect((await s.c.post('/api/v1/payments/submit_failed_payment', { payment_id: p.paymentId })).status).toBe(400);
    // an approved payment cannot be submitted
    await card(s.c, s.accountId, CARDS.ok, true);
    const good = await pay(s.c, s, { amount: 1 });
    expect((await s.c.post('/api/v1/payments/submit_failed_payment', { payment_id: good.paymentId })).status).toBe(400);
  });

  it('unknown keys answer 404 before anything else', async () => {
    const s = await cprTenant(t, CARDS.ok);
    for (const path of ['active_invoice_cycle_information', 'invoice_cycle_history', 'active_debit_memo_cycle_information', 'debit_memo_cycle_history', 'active_account_cycle_information', 'account_cycle_history']) {
      const r = await s.c.get(`/api/v1/payments/${path}/ffffffffffffffffffffffffffffffff`);
      expect(r.status, path).toBe(404);
    }
    for (const path of ['execute_invoice_payment', 'execute_debit_memo_payment', 'execute_account_payments', 'remove_invoice_from_retry_cycle', 'remove_debit_memo_from_retry_cycle', 'remove_account_from_retry_cycle']) {
      const r = await s.c.put(`/api/v1/payments/${path}/ffffffffffffffffffffffffffffffff`, {});
      expect(r.status, path).toBe(404);
    }
  });
});

describe('configuration (admin API)', () => {
  it('starts with the defaults; customer groups by batch with their own rules; a bad configuration changes nothing', async () => {
    const s = await cprTenant(t, CARDS.soft);
    const path = `/admin/tenants/${s.c.tenant.id}/payment-retry/settings`;
    const d = await t.admin('GET', path);
    expect(d.body).toMatchObject({ enabled: true, auto_submit: true, default_label: 'Soft Decline', customer_groups: [{ id: 1, name: 'All Remaining Customers', attempts: [{}, {}, {}] }] });
    for (const bad of [
      { customer_groups: [] },
      { customer_groups: [{ id: 2, name: 'Batch 2', attempts: [] }, { id: 1, name: 'All Remaining Customers', attempts: [] }] },
      { customer_groups: [{ id: 1, name: 'All Remaining Customers', attempts: [{ 'Soft Decline': { action: 'Retry', hours: 0 } }] }] },
      { default_label: 'Maybe' },
      { response_codes: { '51': 'Later' } },
      { nope: true },
    ]) {
      const r = await t.admin('PUT', path, bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
    }
    expect((await t.admin('PUT', path, { customer_groups: [{ id: 1, name: 'All Remaining Customers', attempts: [], smart_retry: true }] })).status).toBe(501);
    expect((await t.admin('GET', path)).body).toEqual(d.body);
    const put = await t.admin('PUT', path, {
      response_codes: { '51': 'Hard Decline' },
      default_label: 'System Error',
      customer_groups: [
        { id: 7, name: 'Batch 1 customers', filters: { batch: ['Batch1'] }, attempts: [{ 'Hard Decline': { action: 'Retry', hours: 2 } }] },
        { id: 1, name: 'All Remaining Customers', attempts: [] },
      ],
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    await pay(s.c, s);
    const [cy] = await cycles(s.c, `active_invoice_cycle_information/${s.invoice.id}`);
    expect(cy).toMatchObject({ customer_group: 'Batch 1 customers', next_attempt: '2024-01-01T02:00:00.000Z', attempts: [{ mapping_info: { label: 'Hard Decline', customer_group_id: 7 } }] });
    await clock(t, s.c, { now: '2024-01-01T02:00:00Z' });
    const [done] = await cycles(s.c, `invoice_cycle_history/${s.invoice.id}`);
    expect(done).toMatchObject({ status: 'Cycle Complete', current_attempt_number: 2 });
    expect(done!.attempts[1]).toMatchObject({ action_info: { action: 'Stop' } });
  });

  it('disabled: failed payments enter no cycle and submit is refused', async () => {
    const s = await cprTenant(t, CARDS.soft);
    expect((await t.admin('PUT', `/admin/tenants/${s.c.tenant.id}/payment-retry/settings`, { enabled: false })).status).toBe(200);
    const p = await pay(s.c, s);
    expect(await cycles(s.c, `invoice_cycle_history/${s.invoice.id}`)).toEqual([]);
    expect((await s.c.post('/api/v1/payments/submit_failed_payment', { payment_id: p.paymentId })).status).toBe(400);
  });
});

describe('metrics', () => {
  it('from what happened: rates, days outstanding, amount recovered, per customer group', async () => {
    const s = await cprTenant(t, CARDS.soft);
    const empty = await ok(s.c.get('/api/v1/metrics/baseline'));
    expect(empty).toEqual({ retry_success_rate: '0.00', retry_success_rate_trend: 'neutral', document_success_rate: '0.00', document_success_rate_trend: 'neutral', average_days_outstanding: '0.00', average_days_outstanding_trend: 'neutral', success: true });
    const dm = await ok(s.c.post(`/v1/debit-memos/invoice/${s.invoice.id}`, { invoiceId: s.invoice.id, autoPost: true, items: [{ invoiceItemId: s.invoice.items[0]!.id, amount: 5, skuName: 'fee' }] }));
    await pay(s.c, s);
    await pay(s.c, s, { amount: 5, debitMemoId: dm.id });
    // day 2: both retries fail; then a good card: day 3 both succeed
    await clock(t, s.c, { now: '2024-01-02T01:00:00Z' });
    await card(s.c, s.accountId, CARDS.ok, true);
    await clock(t, s.c, { now: '2024-01-03T00:00:00Z' });
    expect(await balance(s.c, s.invoice.id)).toBe(0);
    const b = await ok(s.c.get('/api/v1/metrics/baseline'));
    // 4 retries, 2 succeeded; 2 documents, both collected, each 2 days after its failed payment
    expect(b).toEqual({ retry_success_rate: '50.00', retry_success_rate_trend: 'neutral', document_success_rate: '100.00', document_success_rate_trend: 'neutral', average_days_outstanding: '2.00', average_days_outstanding_trend: 'neutral', success: true });
    expect(await ok(s.c.get('/api/v1/metrics/amount_recovered'))).toEqual({ currency: { USD: { total_amount: '115.00', last_30_days: '115.00' } }, success: true });
    expect(await ok(s.c.get('/api/v1/metrics/customer_group'))).toEqual({
      customer_groups: [{ id: 1, name: 'All Remaining Customers', smart_retry: false, document_success_rate: '100.00', document_success_rate_trend: 'neutral', retry_success_rate: '50.00', average_attempts: '3.00' }],
      success: true,
    });
    // the current month is left out
    expect(await ok(s.c.get('/api/v1/metrics/customer_group_over_time'))).toEqual({ customer_groups: { '1': { '12_23': '0.00', '11_23': '0.00', '10_23': '0.00', '09_23': '0.00', '08_23': '0.00', '07_23': '0.00' } }, success: true });
    await clock(t, s.c, { date: '2024-02-15' });
    const later = await ok(s.c.get('/api/v1/metrics/customer_group_over_time'));
    expect(later.customer_groups['1']['01_24']).toBe('100.00');
    expect((await ok(s.c.get('/api/v1/metrics/amount_recovered'))).currency.USD).toEqual({ total_amount: '115.00', last_30_days: '0.00' });
  });
});
