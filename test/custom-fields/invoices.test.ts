import { beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/platform/jobs.js';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { createSubscriptionOrder, makeCatalog, newAccount } from '../subscriptions/fixtures.js';

let t: TestApp;
let c: Client;
let invoiceId: string;

beforeAll(async () => {
  t = await setupApp({ jobWorker: false });
  c = await t.newClient({ defaultApiVersion: '2025-08-12' });
  await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2024-01-01' });
  const cat = await makeCatalog(c);
  const acc = await newAccount(c);
  const order = await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId));
  expect(order.body.success, JSON.stringify(order.body)).toBe(true);
  const run = await c.post('/v1/bill-runs', { billRunFilters: [{ filterType: 'Account', accountId: acc.accountId }], targetDate: '2024-01-01', invoiceDate: '2024-01-01' });
  expect(run.body.success, JSON.stringify(run.body)).toBe(true);
  await runDueJobs(t.app, { tenantId: c.tenant.id });
  invoiceId = (await c.get(`/v1/transactions/invoices/accounts/${acc.accountNumber}`)).body.invoices[0].id;
});

describe('custom field definitions on Invoice', () => {
  it('the invoice lists the defined fields; updates and bulk posts are checked', async () => {
    await c.put('/settings/custom-fields/zuora/Invoice', { properties: { Ref__c: { type: 'string', label: 'Ref', maxLength: 4 }, Paid__c: { type: 'boolean', label: 'Paid' } } });
    const got = (await c.get(`/v1/invoices/${invoiceId}`)).body;
    expect(got).toMatchObject({ Ref__c: null, Paid__c: null });
    const bad = await c.put(`/v1/invoices/${invoiceId}`, { Ref__c: 'too long' });
    expect(bad.status).toBe(400);
    expect(bad.body.reasons[0].code % 100).toBe(20);
    expect((await c.put(`/v1/invoices/${invoiceId}`, { Other__c: 'x' })).status).toBe(400);
    const ok = await c.put(`/v1/invoices/${invoiceId}`, { Ref__c: 'R1' });
    expect(ok.body.success, JSON.stringify(ok.body)).toBe(true);
    expect((await c.get(`/v1/invoices/${invoiceId}`)).body.Ref__c).toBe('R1');
    const post = await c.post('/v1/invoices/bulk-post', { invoices: [{ id: invoiceId, Paid__c: 'no' }] });
    expect(post.status).toBe(400);
    expect((await c.get(`/v1/invoices/${invoiceId}`)).body.status).toBe('Draft');
    const posted = await c.post('/v1/invoices/bulk-post', { invoices: [{ id: invoiceId, Paid__c: true }] });
    expect(posted.body.success, JSON.stringify(posted.body)).toBe(true);
    expect((await c.get(`/v1/invoices/${invoiceId}`)).body).toMatchObject({ status: 'Posted', Paid__c: true, Ref__c: 'R1' });
  });
});
