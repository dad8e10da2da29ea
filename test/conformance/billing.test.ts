// Conformance of the billing preview operations (Operations: billing-preview; Billing Preview Run; Files, which
// serves a preview run's result file), driven through a real subscription with a proration and a cancellation.
import { beforeAll, describe, it, expect } from 'vitest';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { createSubscriptionOrder, makeCatalog, newAccount } from '../subscriptions/fixtures.js';
import { conform, expectSuccess } from './harness.js';

let t: TestApp;
let c: Client;
const w: Record<string, string> = {};

beforeAll(async () => {
  t = await setupApp();
  c = await t.newClient({ timezone: 'UTC' });
  await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2024-01-01' });
  const cat = await makeCatalog(c);
  const acc = await newAccount(c);
  w.accountId = acc.accountId;
  const order = createSubscriptionOrder(acc.accountNumber, cat.basePlanId, { orderDate: '2024-01-10', triggerDates: [{ name: 'ContractEffective', triggerDate: '2024-01-10' }] });
  expectSuccess('POST_Order', await c.post('/v1/orders', order));
});

describe('Billing preview', () => {
  it('POST_BillingPreview', async () => {
    const r = conform('POST_BillingPreview', await c.post('/v1/operations/billing-preview', { accountId: w.accountId, targetDate: '2024-03-01' }));
    expect(r.ok).toBe(true);
  });
  it('POST_BillingPreviewRun', async () => {
    const res = await c.post('/v1/billing-preview-runs', { targetDate: '2024-03-01', chargeTypeToExclude: 'OneTime' });
    conform('POST_BillingPreviewRun', res);
    w.runId = res.body.billingPreviewRunId;
  });
  it('GET_BillingPreviewRun', async () => {
    const res = await c.get(`/v1/billing-preview-runs/${w.runId}`);
    conform('GET_BillingPreviewRun', res);
    w.file = new URL(res.body.resultFileUrl, 'http://x').pathname;
  });
  it('GET_Files (a preview run result: the spec gives no body schema, so the CSV is checked for its header too)', async () => {
    const res = await c.get(w.file!);
    conform('GET_Files', res);
    expect(String(res.headers['content-type'])).toMatch(/^text\/csv/);
    expect(res.raw.split('\n')[0]).toMatch(/^Account Number,/);
  });
  it('GET_OperationJob (the job of an invoice deletion)', async () => {
    const br = await c.post('/v1/bill-runs', { billRunFilters: [{ filterType: 'Account', accountId: w.accountId }], targetDate: '2024-01-10' });
    expectSuccess('POST_CreateBillRun', br);
    for (let i = 0; i < 100 && (await c.get(`/v1/bill-runs/${br.body.id}`)).body.status === 'Pending'; i++) await new Promise((r) => setTimeout(r, 50));
    const inv = (await c.get(`/v1/transactions/invoices/accounts/${w.accountId}`)).body.invoices[0];
    const del = await c.del(`/v1/invoices/${inv.id}`);
    expectSuccess('DELETE_DeleteInvoice', del);
    const r = conform('GET_OperationJob', await c.get(`/v1/operations/jobs/${del.body.jobId}`));
    expect(r.ok).toBe(true);
  });
});
