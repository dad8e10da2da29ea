// Conformance of Payment Runs, driven through an AutoPay account's posted invoice of a real order
// (see FINDINGS.md for how the checker judges).
import { beforeAll, describe, it } from 'vitest';
import { runDueJobs } from '../../src/platform/jobs.js';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { card, postedInvoice } from '../payments/fixtures.js';
import { makeCatalog, newAccount } from '../subscriptions/fixtures.js';
import { conform } from './harness.js';

let t: TestApp;
let c: Client;
const w: Record<string, string> = {};

beforeAll(async () => {
  t = await setupApp({ jobWorker: false });
  c = await t.newClient({ defaultApiVersion: '2025-08-12' });
  await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2024-01-01' });
  const cat = await makeCatalog(c);
  const acc = await newAccount(c);
  w.accountId = acc.accountId;
  await card(c, acc.accountId);
  await c.put(`/v1/accounts/${acc.accountId}`, { autoPay: true });
  await postedInvoice(c, cat, acc.accountNumber);
});

describe('Payment Runs', () => {
  it('POST_PaymentRun', async () => {
    const res = await c.post('/v1/payment-runs', { accountId: w.accountId, targetDate: '2024-01-01', autoApplyUnappliedPayment: true });
    conform('POST_PaymentRun', res);
    w.runId = res.body.id;
    await runDueJobs(t.app, { tenantId: c.tenant.id });
  });
  it('GET_PaymentRun', async () => {
    conform('GET_PaymentRun', await c.get(`/v1/payment-runs/${w.runId}`));
  });
  it('GET_PaymentRuns', async () => {
    conform('GET_PaymentRuns', await c.get('/v1/payment-runs?status=Completed'));
  });
  it('GET_PaymentRunSummary', async () => {
    conform('GET_PaymentRunSummary', await c.get(`/v1/payment-runs/${w.runId}/summary`));
  });
  it('GET_PaymentRunData', async () => {
    conform('GET_PaymentRunData', await c.get(`/v1/payment-runs/${w.runId}/data`));
  });
  it('PUT_PaymentRun', async () => {
    const res = await c.post('/v1/payment-runs', { runDate: '2024-02-01 05:00:00' });
    w.pending = res.body.id;
    conform('PUT_PaymentRun', await c.put(`/v1/payment-runs/${w.pending}`, { consolidatedPayment: true }));
  });
  it('DELETE_PaymentRun', async () => {
    await c.put(`/v1/payment-runs/${w.pending}`, { status: 'Canceled' });
    conform('DELETE_PaymentRun', await c.del(`/v1/payment-runs/${w.pending}`));
  });
});
