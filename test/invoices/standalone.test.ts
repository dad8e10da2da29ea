// Standalone invoices through the real app (both databases): POST /v1/invoices (POST_StandaloneInvoice)
// and POST /v1/invoices/batch (POST_StandaloneInvoices). Rules from the operations' pages and Zuora's
// "Create standalone invoices through the REST API" (mandatory: account, invoiceDate, item amount and
// serviceStartDate; chargeName, uom and product read from the product rate plan charge; at most 1,000
// items and 50 invoices a request). The fixture catalog's Platform Fee is a monthly flat fee of 100 USD.
import { describe, expect, it } from 'vitest';
import { setupApp, type Client } from '../helpers.js';
import { makeCatalog, newAccount } from '../subscriptions/fixtures.js';

const t = await setupApp({ jobWorker: false });

async function tenant(date = '2024-07-11') {
  const c = await t.newClient({ defaultApiVersion: '2025-08-12' });
  expect((await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date })).status).toBe(200);
  return c;
}

async function setup() {
  const c = await tenant();
  const cat = await makeCatalog(c);
  const acc = await newAccount(c, { paymentTerm: 'Net 30' });
  return { c, cat, acc };
}

const invoicesOf = async (c: Client, account: string) => (await c.get(`/v1/transactions/invoices/accounts/${account}`)).body.invoices as Array<Record<string, unknown>>;

describe('POST /v1/invoices', () => {
  it('makes a Draft invoice from a catalog charge and a free-form charge: amounts rounded by the currency, total their sum, due by the payment term', async () => {
    const { c, cat, acc } = await setup();
    const res = await c.post('/v1/invoices', {
      accountId: acc.accountId,
      invoiceDate: '2024-07-30',
      comments: 'one-off',
      invoiceItems: [
        // the request's chargeName is overridden by the charge's
        { amount: 100, serviceStartDate: '2024-07-11', productRatePlanChargeId: cat.flatChargeId, chargeName: 'ignored' },
        { amount: 10.005, serviceStartDate: '2024-07-11', serviceEndDate: '2024-07-20', chargeName: 'Consulting', quantity: 2, uom: 'Day', chargeDate: '2024-07-11 09:30:00' },
      ],
    });
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toMatchObject({
      success: true,
      invoiceNumber: 'INV00000001',
      accountId: acc.accountId,
      status: 'Draft',
      amount: 110.01,
      amountWithoutTax: 110.01,
      taxAmount: 0,
      balance: 110.01,
      invoiceDate: '2024-07-30',
      dueDate: '2024-08-29',
      autoPay: false,
      comments: 'one-off',
      source: 'API',
      sourceId: null,
      sourceType: 'Standalone',
      targetDate: null,
      billRunId: null,
      currency: 'USD',
      paymentTerm: 'Net 30',
      includesRecurring: true,
      includesOneTime: true,
      includesUsage: false,
    });
    const items = (await c.get(`/v1/invoices/${res.body.id}/items`)).body.invoiceItems as Array<Record<string, unknown>>;
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ chargeName: 'Platform Fee', productName: 'Sub Product', productRatePlanChargeId: cat.flatChargeId, chargeAmount: 100, quantity: 1, unitPrice: 100, serviceStartDate: '2024-07-11', serviceEndDate: '2024-07-11', subscriptionId: null });
    expect(items[1]).toMatchObject({ chargeName: 'Consulting', chargeType: 'OneTime', chargeAmount: 10.01, quantity: 2, unitPrice: 5.005, unitOfMeasure: 'Day', serviceEndDate: '2024-07-20', chargeDate: '2024-07-11 09:30:00', productRatePlanChargeId: null });
    expect(items.reduce((s, i) => s + (i.chargeAmount as number), 0)).toBeCloseTo(res.body.amount, 10);
    // a standalone invoice bills nothing a bill run would: the account's invoice list has it as it is
    const got = (await c.get(`/v1/invoices/${res.body.invoiceNumber}`)).body;
    expect(got).toMatchObject({ id: res.body.id, status: 'Draft', sourceType: 'Standalone' });
  });

  it('posts at once with status Posted; takes its own number, due date and payment term; custom number must be new', async () => {
    const { c, acc } = await setup();
    const posted = await c.post('/v1/invoices', { accountNumber: acc.accountNumber, invoiceDate: '2024-07-30', status: 'Posted', autoPay: true, invoiceNumber: 'SI-2024_001', paymentTerm: 'Due Upon Receipt', invoiceItems: [{ amount: 50, serviceStartDate: '2024-07-11', chargeName: 'Setup' }] });
    expect(posted.status, posted.raw).toBe(200);
    expect(posted.body).toMatchObject({ invoiceNumber: 'SI-2024_001', status: 'Posted', postedDate: '2024-07-11', dueDate: '2024-07-30', paymentTerm: 'Due Upon Receipt', autoPay: true, balance: 50 });
    const due = await c.post('/v1/invoices', { accountId: acc.accountId, invoiceDate: '2024-07-30', dueDate: '2024-09-01', invoiceItems: [{ amount: 5, serviceStartDate: '2024-07-11', chargeName: 'Fee' }] });
    expect(due.body).toMatchObject({ invoiceNumber: 'INV00000001', dueDate: '2024-09-01' });
    const dup = await c.post('/v1/invoices', { accountId: acc.accountId, invoiceDate: '2024-07-30', invoiceNumber: 'SI-2024_001', invoiceItems: [{ amount: 5, serviceStartDate: '2024-07-11', chargeName: 'Fee' }] });
    expect(dup.body.reasons[0].code).toBe(59210030);
    expect(await invoicesOf(c, acc.accountNumber)).toHaveLength(2);
  });

  it('refuses bad requests with Zuora errors and makes nothing; tax and other options not built answer 501', async () => {
    const { c, cat, acc } = await setup();
    const item = { amount: 10, serviceStartDate: '2024-07-11', chargeName: 'X' };
    const base = { accountId: acc.accountId, invoiceDate: '2024-07-30' };
    const code = async (body: unknown) => {
      const r = await c.post('/v1/invoices', body);
      expect(r.body.success, r.raw).toBe(false);
      return r.body.reasons[0].code as number;
    };
    expect(await code({ invoiceDate: '2024-07-30', invoiceItems: [item] })).toBe(59210022);
    expect(await code({ accountId: acc.accountId, invoiceItems: [item] })).toBe(59210022);
    expect(await code({ ...base, invoiceItems: [] })).toBe(59210022);
    expect(await code({ ...base, invoiceItems: [{ serviceStartDate: '2024-07-11', chargeName: 'X' }] })).toBe(59210022);
    expect(await code({ ...base, invoiceItems: [{ amount: 10, chargeName: 'X' }] })).toBe(59210022);
    expect(await code({ ...base, invoiceItems: [{ amount: 10, serviceStartDate: '2024-07-11' }] })).toBe(59210022);
    expect(await code({ ...base, invoiceItems: [{ amount: 10, serviceStartDate: '2024-07-11', productRatePlanChargeId: 'ffffffffffffffffffffffffffffffff' }] })).toBe(59210020);
    expect(await code({ ...base, invoiceItems: [{ ...item, serviceEndDate: '2024-07-01' }] })).toBe(59210020);
    expect(await code({ ...base, dueDate: '2024-07-01', invoiceItems: [item] })).toBe(59210020);
    expect(await code({ ...base, status: 'Canceled', invoiceItems: [item] })).toBe(59210020);
    expect(await code({ ...base, invoiceNumber: 'has space', invoiceItems: [item] })).toBe(59210020);
    expect(await code({ ...base, paymentTerm: 'Net 999', invoiceItems: [item] })).toBe(59210020);
    expect(await code({ ...base, accountId: 'ffffffffffffffffffffffffffffffff', invoiceItems: [item] })).toBe(59210020);
    expect((await code({ ...base, invoiceItems: Array.from({ length: 1001 }, () => item) })) % 100).toBe(70);
    for (const extra of [{ invoiceItems: [{ ...item, taxItems: [{ taxAmount: 1, name: 'VAT', taxDate: '2024-07-30', taxMode: 'TaxExclusive', taxRate: 0.1, taxRateType: 'Percentage' }] }] }, { invoiceItems: [{ ...item, taxCode: 'VAT' }] }, { currency: 'EUR', invoiceItems: [item] }, { billToContactId: acc.accountId, invoiceItems: [item] }]) {
      const r = await c.post('/v1/invoices', { ...base, ...extra });
      expect(r.status, r.raw).toBe(501);
    }
    expect(await invoicesOf(c, acc.accountNumber)).toHaveLength(0);
    // a catalog item needs no chargeName
    expect((await c.post('/v1/invoices', { ...base, invoiceItems: [{ amount: 10, serviceStartDate: '2024-07-11', productRatePlanChargeId: cat.seatChargeId }] })).body.success).toBe(true);
  });

  it('a standalone draft: items added, changed and deleted through PUT; the totals follow; a posted one refuses', async () => {
    // "Manage invoice items of draft standalone invoices" (PUT /v1/invoices/{invoiceKey}, invoiceItems)
    const { c, cat, acc } = await setup();
    const inv = (await c.post('/v1/invoices', { accountId: acc.accountId, invoiceDate: '2024-07-30', invoiceItems: [{ amount: 10, serviceStartDate: '2024-07-11', chargeName: 'X' }, { amount: 5, serviceStartDate: '2024-07-11', chargeName: 'Z' }] })).body;
    const items0 = (await c.get(`/v1/invoices/${inv.id}/items`)).body.invoiceItems as Array<Record<string, any>>;
    const x = items0.find((i) => i.chargeName === 'X')!;
    const z = items0.find((i) => i.chargeName === 'Z')!;
    const up = await c.put(`/v1/invoices/${inv.id}`, {
      invoiceItems: [
        { amount: 1.005, serviceStartDate: '2024-07-11', chargeName: 'Y' },
        { id: x.id, amount: 12.5, quantity: 2, chargeName: 'X2' },
        { id: z.id, delete: true },
      ],
    });
    expect(up.status, up.raw).toBe(200);
    const got = (await c.get(`/v1/invoices/${inv.id}`)).body;
    // 12.50 + 1.01 (1.005 rounded half up for USD)
    expect(got).toMatchObject({ amount: 13.51, amountWithoutTax: 13.51, balance: 13.51 });
    const items = ((await c.get(`/v1/invoices/${inv.id}/items`)).body.invoiceItems as Array<Record<string, any>>).map((i) => [i.chargeName, i.chargeAmount, i.quantity]).sort();
    expect(items).toEqual([['X2', 12.5, 2], ['Y', 1.01, 1]]);
    // bad entries change nothing: an unknown item id, delete without id, a catalog item renamed, deleting every item
    const catInv = (await c.post('/v1/invoices', { accountId: acc.accountId, invoiceDate: '2024-07-30', invoiceItems: [{ amount: 10, serviceStartDate: '2024-07-11', productRatePlanChargeId: cat.seatChargeId }] })).body;
    const seat = (await c.get(`/v1/invoices/${catInv.id}/items`)).body.invoiceItems[0];
    for (const [key, body] of [
      [inv.id, { invoiceItems: [{ id: 'f'.repeat(32), amount: 1 }] }],
      [inv.id, { invoiceItems: [{ delete: true }] }],
      [catInv.id, { invoiceItems: [{ id: seat.id, chargeName: 'Renamed' }] }],
      [catInv.id, { invoiceItems: [{ id: seat.id, delete: true }] }],
      [inv.id, { invoiceItems: [{ amount: 3, serviceStartDate: '2024-07-11', chargeName: 'W' }, { id: x.id, serviceEndDate: '2024-07-01' }] }],
    ] as const) {
      const r = await c.put(`/v1/invoices/${key}`, body);
      expect(r.status, r.raw).toBe(400);
    }
    expect((await c.get(`/v1/invoices/${inv.id}`)).body.amount).toBe(13.51);
    expect((await c.get(`/v1/invoices/${inv.id}/items`)).body.invoiceItems).toHaveLength(2);
    expect((await c.get(`/v1/invoices/${catInv.id}/items`)).body.invoiceItems).toHaveLength(1);
    // the batch update takes the due date; a posted invoice's items cannot change
    expect((await c.put('/v1/invoices', { invoices: [{ id: inv.id, dueDate: '2024-10-01' }] })).body).toEqual({ success: true });
    expect((await c.get(`/v1/invoices/${inv.id}`)).body.dueDate).toBe('2024-10-01');
    expect((await c.post('/v1/invoices/bulk-post', { invoices: [{ id: inv.id }] })).body.invoices[0].success).toBe(true);
    const posted = await c.put(`/v1/invoices/${inv.id}`, { invoiceItems: [{ id: x.id, amount: 1 }] });
    expect(posted.status).toBe(400);
    expect(posted.body.reasons[0].code % 100).toBe(30);
  });
});
