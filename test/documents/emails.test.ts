// Emails of billing documents (both databases): the tenant outbox (admin API), Zuora's recipient rules
// (POST_EmailInvoice page: the bill-to contact's work or personal email unless emailAddresses is given;
// includeAdditionalEmailAddresses; useEmailTemplateSetting, not modelled: 501), a bill run's emails
// (resend). SMTP delivery: smtp.test.ts.
import { describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/platform/jobs.js';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { createSubscriptionOrder, newAccount } from '../subscriptions/fixtures.js';
import { billed, docTenant } from './fixtures.js';

const t = await setupApp({ jobWorker: false });

const outbox = async (app: TestApp, c: Client) => (await app.admin('GET', `/admin/tenants/${c.tenant.id}/outbox`)).body.messages as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('POST /v1/invoices/{key}/emails', () => {
  it('goes to the bill-to contact by default, to emailAddresses when given, with the additional addresses in copy; the PDF attached', async () => {
    const c = await docTenant(t);
    const b = await billed(t, c);
    expect((await c.post(`/v1/invoices/${b.invoiceNumber}/emails`, {})).body).toEqual({ success: true });
    expect((await c.post(`/v1/invoices/${b.invoiceId}/emails`, { emailAddresses: 'a@x.com, b@y.org', includeAdditionalEmailAddresses: true })).body.success).toBe(true);
    const [second, first] = await outbox(t, c);
    const pdfUrl = (await c.get(`/v1/invoices/${b.invoiceId}/files`)).body.invoiceFiles[0].pdfFileUrl;
    expect(first).toMatchObject({ documentType: 'Invoice', documentId: b.invoiceId, documentNumber: b.invoiceNumber, to: ['pat@example.com'], cc: [], subject: `Invoice ${b.invoiceNumber} from Acme Billing Co`, attachments: [{ name: `${b.invoiceNumber}.pdf`, url: pdfUrl }], status: 'Outbox', createdAt: '2024-01-01 00:00:00', sentAt: null });
    expect(second).toMatchObject({ to: ['a@x.com', 'b@y.org'], cc: ['ap@example.com'] });
    // no SMTP server: no job
    expect(await runDueJobs(t.app, { tenantId: c.tenant.id })).toBe(0);
  });

  it('refuses what it cannot do, and changes nothing', async () => {
    const c = await docTenant(t);
    const cat = (await billed(t, c)).cat;
    const b = await billed(t, c, { cat });
    const draft = await billed(t, c, { cat, autoPost: false });
    const tpl = await c.post(`/v1/invoices/${b.invoiceId}/emails`, { useEmailTemplateSetting: true });
    expect([tpl.status, tpl.body.reasons[0].code]).toEqual([501, 50000060]);
    expect((await c.post(`/v1/invoices/${b.invoiceId}/emails`, { emailAddresses: 'not-an-address' })).body.reasons[0].code).toBe(59210020);
    expect((await c.post(`/v1/invoices/${b.invoiceId}/emails`, { emailAddresses: 3 })).status).toBe(400);
    expect((await c.post(`/v1/invoices/${b.invoiceId}/emails`, { sendTo: 'a@b.co' })).status).toBe(400);
    expect((await c.post(`/v1/invoices/${draft.invoiceId}/emails`, {})).body.reasons[0].code).toBe(59210030);
    expect((await c.post('/v1/invoices/INV99999999/emails', {})).status).toBe(404);
    expect(await outbox(t, c)).toEqual([]);
  });

  it('a credit memo and a debit memo by email, pdfFileId choosing the file', async () => {
    const c = await docTenant(t);
    const b = await billed(t, c);
    const item = (await c.get(`/v1/invoices/${b.invoiceId}/items`)).body.invoiceItems[0].id;
    const cm = (await c.post(`/v1/credit-memos/invoice/${b.invoiceId}`, { invoiceId: b.invoiceId, autoPost: true, items: [{ invoiceItemId: item, amount: 3, skuName: 'x' }] })).body;
    const dm = (await c.post(`/v1/debit-memos/invoice/${b.invoiceId}`, { invoiceId: b.invoiceId, autoPost: true, items: [{ invoiceItemId: item, amount: 4, skuName: 'x' }] })).body;
    expect((await c.post(`/v1/credit-memos/${cm.id}/pdfs`)).body.success).toBe(true);
    const older = (await c.get(`/v1/credit-memos/${cm.id}/files`)).body.creditMemoFiles[1].pdfFileUrl.split('/').pop();
    expect((await c.post(`/v1/credit-memos/${cm.number}/emails`, { pdfFileId: older })).body.success).toBe(true);
    expect((await c.post(`/v1/debit-memos/${dm.number}/emails`, { emailAddresses: 'dm@x.com' })).body.success).toBe(true);
    expect((await c.post(`/v1/credit-memos/${cm.id}/emails`, { pdfFileId: '0123456789abcdef0123456789abcdef' })).status).toBe(400);
    const [d, m] = await outbox(t, c);
    expect(m).toMatchObject({ documentType: 'CreditMemo', to: ['pat@example.com'], attachments: [{ url: `/v1/files/${older}` }] });
    expect(d).toMatchObject({ documentType: 'DebitMemo', to: ['dm@x.com'], subject: `Debit memo ${dm.number} from Acme Billing Co` });
  });
});

describe('POST /v1/bill-runs/{key}/emails', () => {
  it('emails each posted document of the run once; resend sends them again', async () => {
    const c = await docTenant(t);
    const b = await billed(t, c);
    const run = (await c.get(`/v1/bill-runs/${b.billRunId}`)).body.billRunNumber;
    expect((await c.post(`/v1/bill-runs/${run}/emails`, {})).body).toEqual({ success: true });
    expect(await outbox(t, c)).toHaveLength(1);
    expect((await c.post(`/v1/bill-runs/${b.billRunId}/emails`, { resend: false })).body.success).toBe(true);
    expect(await outbox(t, c)).toHaveLength(1);
    expect((await c.post(`/v1/bill-runs/${b.billRunId}/emails`, { resend: true })).body.success).toBe(true);
    expect((await outbox(t, c)).map((m) => m.documentNumber)).toEqual([b.invoiceNumber, b.invoiceNumber]);
    expect((await c.post('/v1/bill-runs/BR-99999999/emails', {})).status).toBe(404);
    expect((await c.post(`/v1/bill-runs/${b.billRunId}/emails`, { resend: 'maybe' })).status).toBe(400);
  });
});

describe('a bill run made with noEmailForZeroAmountInvoice', () => {
  it('does not email its invoices of zero', async () => {
    const c = await docTenant(t);
    const objId = async (path: string, body: Record<string, unknown>) => {
      const r = await c.post(path, body);
      expect(r.body.Success, r.raw).toBe(true);
      return r.body.Id as string;
    };
    const productId = await objId('/v1/object/product', { Name: 'Free', EffectiveStartDate: '2020-01-01', EffectiveEndDate: '2040-01-01', SKU: 'FREE-1' });
    const planId = await objId('/v1/object/product-rate-plan', { ProductId: productId, Name: 'Free plan', EffectiveStartDate: '2020-01-01', EffectiveEndDate: '2040-01-01' });
    await objId('/v1/object/product-rate-plan-charge', { ProductRatePlanId: planId, Name: 'Free Fee', BillingPeriod: 'Month', BillCycleType: 'DefaultFromCustomer', TriggerEvent: 'ContractEffective', EndDateCondition: 'SubscriptionEnd', ChargeType: 'Recurring', ChargeModel: 'Flat Fee Pricing', ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 0 }] } });
    const acc = await newAccount(c, { billToContact: { firstName: 'Z', lastName: 'Zero', workEmail: 'zero@example.com', country: 'United States', state: 'CA' } });
    expect((await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, planId))).body.success).toBe(true);
    const br = await c.post('/v1/bill-runs', { billRunFilters: [{ filterType: 'Account', accountId: acc.accountId }], targetDate: '2024-01-01', invoiceDate: '2024-01-01', noEmailForZeroAmountInvoice: true });
    expect(br.body.success, br.raw).toBe(true);
    await runDueJobs(t.app, { tenantId: c.tenant.id });
    expect((await c.put(`/v1/bill-runs/${br.body.id}/post`, { invoiceDate: '2024-01-01' })).body.success).toBe(true);
    const inv = (await c.get(`/v1/transactions/invoices/accounts/${acc.accountNumber}`)).body.invoices;
    expect(inv.map((i: { amount: number; status: string }) => [i.amount, i.status])).toEqual([[0, 'Posted']]);
    expect((await c.post(`/v1/bill-runs/${br.body.id}/emails`, { resend: true })).body.success).toBe(true);
    expect(await outbox(t, c)).toEqual([]);
    // the invoice itself can still be emailed by hand
    expect((await c.post(`/v1/invoices/${inv[0].id}/emails`, {})).body.success).toBe(true);
    expect(await outbox(t, c)).toHaveLength(1);
  });
});

describe('GET /admin/tenants/{id}/outbox', () => {
  it('needs the admin key; an unknown tenant is not found; pages with limit and offset', async () => {
    const c = await docTenant(t);
    const b = await billed(t, c);
    for (const to of ['1@x.com', '2@x.com', '3@x.com']) expect((await c.post(`/v1/invoices/${b.invoiceId}/emails`, { emailAddresses: to })).body.success).toBe(true);
    expect((await t.raw('GET', `/admin/tenants/${c.tenant.id}/outbox`)).status).toBe(401);
    expect((await t.admin('GET', '/admin/tenants/0123456789abcdef0123456789abcdef/outbox')).status).toBe(404);
    const page = (await t.admin('GET', `/admin/tenants/${c.tenant.id}/outbox?limit=2&offset=1`)).body.messages as Array<{ to: string[] }>;
    expect(page.map((m) => m.to[0])).toEqual(['2@x.com', '1@x.com']);
  });
});
