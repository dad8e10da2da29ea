// POST /v1/accounts/{key}/billing-documents/generate through the real app (both databases): one account
// billed now, as a bill run for it would (the fixture catalog: 100 flat + 1 seat × 10 monthly in advance;
// test/invoices/bill-runs.test.ts explains the numbers). The page: autoPost, chargeTypeToExclude (case
// insensitive), effectiveDate (the document date), targetDate, subscriptionIds (latest versions, active).
import { describe, expect, it } from 'vitest';
import { setupApp, type Client } from '../helpers.js';
import { createSubscriptionOrder, makeCatalog, newAccount } from '../subscriptions/fixtures.js';

const t = await setupApp({ jobWorker: false });

async function setup() {
  const c: Client = await t.newClient({ defaultApiVersion: '2025-08-12' });
  expect((await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2024-01-01' })).status).toBe(200);
  const cat = await makeCatalog(c);
  const acc = await newAccount(c, { paymentTerm: 'Net 30' });
  const order = await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId));
  expect(order.body.success, order.raw).toBe(true);
  const sub = (await c.get(`/v1/subscriptions/${order.body.subscriptions[0].subscriptionNumber}`)).body;
  return { c, acc, subId: sub.id as string };
}

describe('POST /v1/accounts/{key}/billing-documents/generate', () => {
  it('bills what is due: a Draft invoice dated effectiveDate; the same call again bills nothing', async () => {
    const { c, acc } = await setup();
    const res = await c.post(`/v1/accounts/${acc.accountNumber}/billing-documents/generate`, { effectiveDate: '2024-01-02', targetDate: '2024-01-01' });
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toMatchObject({ success: true, creditMemos: [] });
    expect(res.body.invoices).toHaveLength(1);
    const inv = (await c.get(`/v1/invoices/${res.body.invoices[0].id}`)).body;
    expect(inv).toMatchObject({ status: 'Draft', amount: 110, invoiceDate: '2024-01-02', targetDate: '2024-01-01', dueDate: '2024-02-01', source: 'API', billRunId: null });
    const again = await c.post(`/v1/accounts/${acc.accountId}/billing-documents/generate`, { effectiveDate: '2024-01-02', targetDate: '2024-01-01' });
    expect(again.body).toEqual({ creditMemos: [], invoices: [], success: true });
  });

  it('autoPost posts; excluded charge types and other subscriptions are not billed', async () => {
    const { c, acc, subId } = await setup();
    const none = await c.post(`/v1/accounts/${acc.accountId}/billing-documents/generate`, { chargeTypeToExclude: ['RECURRING'] });
    expect(none.body).toEqual({ creditMemos: [], invoices: [], success: true });
    const other = await setup();
    const wrong = await c.post(`/v1/accounts/${acc.accountId}/billing-documents/generate`, { subscriptionIds: [other.subId] });
    expect(wrong.body.reasons[0].code % 100).toBe(20);
    const res = await c.post(`/v1/accounts/${acc.accountId}/billing-documents/generate`, { autoPost: true, subscriptionIds: [subId] });
    expect(res.body.invoices).toHaveLength(1);
    expect((await c.get(`/v1/invoices/${res.body.invoices[0].id}`)).body).toMatchObject({ status: 'Posted', amount: 110, invoiceDate: '2024-01-01' });
  });

  it('refuses bad requests; autoRenew answers 501', async () => {
    const { c, acc } = await setup();
    const url = `/v1/accounts/${acc.accountId}/billing-documents/generate`;
    expect((await c.post(url, { autoRenew: true })).status).toBe(501);
    expect((await c.post(url, { targetDate: '2024-02-30' })).body.reasons[0].code % 100).toBe(20);
    expect((await c.post(url, { chargeTypeToExclude: ['Discount'] })).body.reasons[0].code % 100).toBe(20);
    expect((await c.post('/v1/accounts/A99999999/billing-documents/generate', {})).body.reasons[0].code % 100).toBe(40);
    // nothing was billed by the refused calls
    expect((await c.get(`/v1/billing-documents?accountId=${acc.accountId}`)).body.documents).toEqual([]);
  });
});
