// PUT /v1/invoices (PUT_BatchUpdateInvoices) through the real app (both databases). Rules from the
// operation's page ("Update invoices": at most 50 invoices per call, the fields of "Update an invoice")
// and the single update's rules (dates only on a Draft, a Canceled invoice changes no more).
import { describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/platform/jobs.js';
import { setupApp, type Client } from '../helpers.js';
import { billedAccount } from '../memos/fixtures.js';
import { createSubscriptionOrder, makeCatalog, newAccount, type Catalog } from '../subscriptions/fixtures.js';

const t = await setupApp({ jobWorker: false });

async function tenant(date = '2024-01-01') {
  const c = await t.newClient({ defaultApiVersion: '2025-08-12' });
  expect((await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date })).status).toBe(200);
  return c;
}

/** A Draft invoice of 110 (2024-01-01) for a new account on Net 30, made by a bill run. */
async function draftInvoice(c: Client, cat: Catalog): Promise<string> {
  const acc = await newAccount(c, { paymentTerm: 'Net 30' });
  expect((await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId))).body.success).toBe(true);
  const br = await c.post('/v1/bill-runs', { billRunFilters: [{ filterType: 'Account', accountId: acc.accountId }], targetDate: '2024-01-01', invoiceDate: '2024-01-01' });
  expect(br.body.success, br.raw).toBe(true);
  await runDueJobs(t.app, { tenantId: c.tenant.id });
  const inv = (await c.get(`/v1/transactions/invoices/accounts/${acc.accountNumber}`)).body.invoices[0];
  expect(inv).toMatchObject({ status: 'Draft', invoiceDate: '2024-01-01', dueDate: '2024-01-31' });
  return inv.id as string;
}

const get = async (c: Client, id: string) => (await c.get(`/v1/invoices/${id}`)).body;

describe('PUT /v1/invoices', () => {
  it('updates every invoice named: a new invoice date moves the due date by the payment term; answers only success', async () => {
    const c = await tenant();
    const cat = await makeCatalog(c);
    const a = await draftInvoice(c, cat);
    const b = await draftInvoice(c, cat);
    const posted = await billedAccount(c, cat);
    const res = await c.put('/v1/invoices', {
      invoices: [
        { id: a, invoiceDate: '2024-01-05' },
        { id: b, dueDate: '2024-02-20', comments: 'late' },
        { id: posted.invoiceId, autoPay: true, transferredToAccounting: 'Yes' },
      ],
    });
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toEqual({ success: true });
    expect(await get(c, a)).toMatchObject({ invoiceDate: '2024-01-05', dueDate: '2024-02-04' });
    expect(await get(c, b)).toMatchObject({ invoiceDate: '2024-01-01', dueDate: '2024-02-20', comments: 'late' });
    expect(await get(c, posted.invoiceId)).toMatchObject({ status: 'Posted', autoPay: true, transferredToAccounting: 'Yes' });
  });

  it('is all or nothing: one invoice that cannot change fails the call and the others keep their values', async () => {
    const c = await tenant();
    const cat = await makeCatalog(c);
    const a = await draftInvoice(c, cat);
    const posted = await billedAccount(c, cat);
    const res = await c.put('/v1/invoices', { invoices: [{ id: a, dueDate: '2024-03-01', comments: 'x' }, { id: posted.invoiceId, dueDate: '2024-03-01' }] });
    expect(res.body.success).toBe(false);
    expect(res.body.reasons[0].code).toBe(59210030);
    expect(res.body.reasons[0].message).toMatch(/^invoices\[1\] \(/);
    expect(await get(c, a)).toMatchObject({ dueDate: '2024-01-31', comments: null });

    // an unknown invoice: Zuora's not-found, and nothing changed either
    const missing = await c.put('/v1/invoices', { invoices: [{ id: a, comments: 'y' }, { id: 'ffffffffffffffffffffffffffffffff', comments: 'y' }] });
    expect(missing.body.reasons[0].code).toBe(50000040);
    expect((await get(c, a)).comments).toBe(null);
  });

  it('checks the request before changing anything: at most 50 invoices, an id each, known fields, no invoice twice', async () => {
    const c = await tenant();
    const cat = await makeCatalog(c);
    const a = await draftInvoice(c, cat);
    const code = async (body: unknown) => (await c.put('/v1/invoices', body)).body.reasons?.[0]?.code;
    const many = Array.from({ length: 51 }, () => ({ id: a, comments: 'z' }));
    expect(await code({ invoices: many })).toBe(59210070);
    expect(await code({})).toBe(59210022);
    expect(await code({ invoices: [] })).toBe(59210022);
    expect((await code({ invoices: 'x' })) % 100).toBe(20);
    expect(await code({ invoices: [{ comments: 'z' }] })).toBe(59210022);
    expect(await code({ invoices: [{ id: a, comments: 'z' }, { id: a, autoPay: true }] })).toBe(59210020);
    // an unknown field: the request check answers it (category 20) before the handler
    expect((await code({ invoices: [{ id: a, comments: 'z' }, { id: a + 'x', color: 'red' }] })) % 100).toBe(20);
    expect((await code({ invoices: [{ id: a, dueDate: '2024-13-01' }] })) % 100).toBe(20);
    expect((await code({ invoices: [{ id: a }], extra: 1 })) % 100).toBe(20);
    expect((await get(c, a)).comments).toBe(null);
    expect((await c.put('/v1/invoices', { invoices: [{ id: a, comments: 'ok' }] })).body).toEqual({ success: true });
    expect((await get(c, a)).comments).toBe('ok');
  });
});
