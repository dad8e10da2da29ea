// Taxation items on invoice items through the real app (both databases): POST_INV_TaxationItems,
// GET_TaxationItemsOfInvoiceItem, Object_POSTTaxationItem, GET/PUT/DELETE_TaxationItem. Rules from those
// operations' pages of the Zuora v1 API reference: required name, jurisdiction, taxAmount, taxDate,
// taxRate, taxRateType (Percentage or FlatFee) and the invoice item; only a Draft invoice takes them; the
// item's and the invoice's taxAmount follow, amount = amountWithoutTax + taxAmount.
import { describe, expect, it } from 'vitest';
import { setupApp, type Client } from '../helpers.js';
import { newAccount } from '../subscriptions/fixtures.js';

const t = await setupApp({ jobWorker: false });

async function draftInvoice(amounts = [100, 50.5]) {
  const c = await t.newClient({ defaultApiVersion: '2025-08-12' });
  expect((await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2024-07-11' })).status).toBe(200);
  const acc = await newAccount(c, { paymentTerm: 'Net 30' });
  const res = await c.post('/v1/invoices', {
    accountId: acc.accountId,
    invoiceDate: '2024-07-11',
    invoiceItems: amounts.map((amount, i) => ({ amount, serviceStartDate: '2024-07-11', chargeName: `Charge ${i + 1}` })),
  });
  expect(res.status, res.raw).toBe(200);
  const items = (await c.get(`/v1/invoices/${res.body.id}/items`)).body.invoiceItems as Array<{ id: string }>;
  return { c, acc, invoiceId: res.body.id as string, invoiceNumber: res.body.invoiceNumber as string, items: items.map((i) => i.id) };
}

const tax = (invoiceItemId: string, taxAmount: number, extra: Record<string, unknown> = {}) => ({
  invoiceItemId,
  name: 'STATE TAX',
  jurisdiction: 'CALIFORNIA',
  taxAmount,
  taxDate: '2024-07-11',
  taxRate: 0.0625,
  taxRateType: 'Percentage',
  ...extra,
});

async function invoice(c: Client, id: string) {
  const r = await c.get(`/v1/invoices/${id}`);
  expect(r.status, r.raw).toBe(200);
  return r.body as Record<string, number>;
}

describe('POST /v1/invoices/{invoiceKey}/taxation-items', () => {
  it('adds taxation items to a Draft invoice: the items and the invoice take the tax, amounts rounded by the currency', async () => {
    const { c, invoiceId, invoiceNumber, items } = await draftInvoice();
    const res = await c.post(`/v1/invoices/${invoiceNumber}/taxation-items`, {
      taxationItems: [tax(items[0]!, 6.25, { locationCode: '06', taxCode: 'ServiceTaxCode', taxMode: 'TaxExclusive' }), tax(items[0]!, 1.005, { name: 'CITY TAX', taxRate: 1, taxRateType: 'FlatFee' }), tax(items[1]!, 3.16)],
    });
    expect(res.status, res.raw).toBe(200);
    expect(res.body.success).toBe(true);
    expect(res.body.taxationItems).toHaveLength(3);
    expect(res.body.taxationItems[0]).toMatchObject({
      invoiceItemId: items[0],
      name: 'STATE TAX',
      jurisdiction: 'CALIFORNIA',
      locationCode: '06',
      taxAmount: 6.25,
      exemptAmount: 0,
      taxCode: 'ServiceTaxCode',
      taxCodeDescription: null,
      taxDate: '2024-07-11',
      taxMode: 'TaxExclusive',
      taxRate: 0.0625,
      taxRateType: 'Percentage',
      createdById: null,
      updatedById: null,
    });
    expect(res.body.taxationItems[0].id).toMatch(/^[0-9a-f]{32}$/);
    // 1.005 USD is kept as 1.01 (half up)
    expect(res.body.taxationItems[1]).toMatchObject({ taxAmount: 1.01, taxRateType: 'FlatFee', taxRate: 1 });
    const inv = await invoice(c, invoiceId);
    expect(inv).toMatchObject({ amountWithoutTax: 150.5, taxAmount: 10.42, amount: 160.92, balance: 160.92, status: 'Draft' });
    const its = (await c.get(`/v1/invoices/${invoiceId}/items`)).body.invoiceItems as Array<Record<string, number>>;
    expect(its.map((i) => [i.chargeAmount, i.taxAmount, i.balance])).toEqual([
      [100, 7.26, 107.26],
      [50.5, 3.16, 53.66],
    ]);

    const list = await c.get(`/v1/invoices/${invoiceId}/items/${items[0]}/taxation-items`);
    expect(list.status, list.raw).toBe(200);
    expect(list.body.success).toBe(true);
    expect(list.body.data.map((d: Record<string, unknown>) => [d.name, d.taxAmount, d.balance, d.paymentAmount, d.creditAmount])).toEqual([
      ['STATE TAX', 6.25, 6.25, 0, 0],
      ['CITY TAX', 1.01, 1.01, 0, 0],
    ]);
    const paged = await c.get(`/v1/invoices/${invoiceId}/items/${items[0]}/taxation-items?pageSize=1`);
    expect(paged.body.data).toHaveLength(1);
    expect(paged.body.nextPage).toBe(`/v1/invoices/${invoiceId}/items/${items[0]}/taxation-items?page=2&pageSize=1`);
  });

  it('refuses bad requests with Zuora-style errors and changes nothing', async () => {
    const { c, invoiceId, items } = await draftInvoice();
    const cases: Array<[unknown, number, RegExp]> = [
      [{}, 400, /taxationItems/],
      [{ taxationItems: [] }, 400, /at least one/],
      [{ taxationItems: [{ ...tax(items[0]!, 1), name: undefined }] }, 400, /name' is required/],
      [{ taxationItems: [{ ...tax(items[0]!, 1), taxDate: undefined }] }, 400, /taxDate' is required/],
      [{ taxationItems: [{ ...tax(items[0]!, 1), invoiceItemId: undefined }] }, 400, /invoiceItemId' is required/],
      [{ taxationItems: [tax(items[0]!, 1, { taxRateType: 'Fixed' })] }, 400, /Percentage, FlatFee/],
      [{ taxationItems: [tax(items[0]!, 1, { taxDate: '2024-13-01' })] }, 400, /taxDate/],
      [{ taxationItems: [tax(items[0]!, -1)] }, 400, /negative/],
      [{ taxationItems: [tax(items[0]!, 'x' as unknown as number)] }, 400, /must be a number/],
      [{ taxationItems: [tax(items[0]!, 1, { bogus: 1 })] }, 400, /bogus/],
      [{ taxationItems: [tax(items[0]!, 1), tax('0123456789abcdef0123456789abcdef', 1)] }, 400, /not an item of the invoice/],
    ];
    for (const [body, status, msg] of cases) {
      const r = await c.post(`/v1/invoices/${invoiceId}/taxation-items`, body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(r.body.success).toBe(false);
      expect(r.body.reasons[0].message).toMatch(msg);
      expect(String(r.body.reasons[0].code)).toMatch(/^\d{8}$/);
    }
    const tm = await c.post(`/v1/invoices/${invoiceId}/taxation-items`, { taxationItems: [tax(items[0]!, 1, { taxMode: 'TaxInclusive' })] });
    expect(tm.status).toBe(501);
    const fi = await c.post(`/v1/invoices/${invoiceId}/taxation-items`, { taxationItems: [tax(items[0]!, 1, { financeInformation: { salesTaxPayableAccountingCode: 'Check' } })] });
    expect(fi.status).toBe(501);
    const nf = await c.post(`/v1/invoices/INV99999999/taxation-items`, { taxationItems: [tax(items[0]!, 1)] });
    expect(nf.status).toBe(404);
    expect(await invoice(c, invoiceId)).toMatchObject({ taxAmount: 0, amount: 150.5, balance: 150.5 });
    expect((await c.get(`/v1/invoices/${invoiceId}/items/${items[0]}/taxation-items`)).body.data).toEqual([]);
    expect((await c.get(`/v1/invoices/${invoiceId}/items/0123456789abcdef0123456789abcdef/taxation-items`)).status).toBe(404);
  });

  it('only a Draft invoice takes, changes or loses taxation items; a posted one keeps its tax and is paid in full', async () => {
    const { c, acc, invoiceId, items } = await draftInvoice([100]);
    const created = await c.post(`/v1/invoices/${invoiceId}/taxation-items`, { taxationItems: [tax(items[0]!, 8.25)] });
    const taxId = created.body.taxationItems[0].id as string;
    const post = await c.post('/v1/invoices/bulk-post', { invoices: [{ id: invoiceId }] });
    expect(post.status, post.raw).toBe(200);
    expect(await invoice(c, invoiceId)).toMatchObject({ status: 'Posted', amount: 108.25, taxAmount: 8.25, balance: 108.25 });
    const again = await c.post(`/v1/invoices/${invoiceId}/taxation-items`, { taxationItems: [tax(items[0]!, 1)] });
    expect(again.status).toBe(400);
    expect(again.body.reasons[0].message).toMatch(/only on a Draft invoice/);
    // a business rule: category 30 of the Invoice object
    expect(again.body.reasons[0].code).toBe(59210030);
    expect((await c.put(`/v1/taxation-items/${taxId}`, { taxAmount: 1 })).body.reasons[0].code).toBe(59210030);
    expect((await c.del(`/v1/taxation-items/${taxId}`)).body.reasons[0].code).toBe(59210030);
    expect(await invoice(c, invoiceId)).toMatchObject({ amount: 108.25, taxAmount: 8.25 });
    // a payment of the whole amount settles charge and tax
    const pm = await c.post('/v1/payments', { accountId: acc.accountId, amount: 108.25, currency: 'USD', effectiveDate: '2024-07-11', type: 'External', paymentMethodType: 'Check', invoices: [{ invoiceId, amount: 108.25 }] });
    expect(pm.status, pm.raw).toBe(200);
    expect(await invoice(c, invoiceId)).toMatchObject({ balance: 0 });
    const list = (await c.get(`/v1/invoices/${invoiceId}/items/${items[0]}/taxation-items`)).body.data;
    expect(list[0]).toMatchObject({ taxAmount: 8.25, balance: 0, paymentAmount: 8.25 });
  });
});

describe('/v1/taxation-items/{id} and POST /v1/object/taxation-item', () => {
  it('creates through the object API, reads, updates and deletes, the invoice following each change', async () => {
    const { c, invoiceId, items } = await draftInvoice();
    const o = await c.post('/v1/object/taxation-item', { InvoiceItemId: items[1], Jurisdiction: 'CALIFORNIA', Name: 'CA TAX', TaxAmount: 3, TaxDate: '2024-07-11', TaxRate: 3, TaxRateType: 'FlatFee', Ignored: 1 });
    expect(o.status, o.raw).toBe(200);
    expect(o.body).toEqual({ Id: expect.stringMatching(/^[0-9a-f]{32}$/), Success: true });
    const id = o.body.Id as string;
    expect(await invoice(c, invoiceId)).toMatchObject({ taxAmount: 3, amount: 153.5 });
    const strict = await c.post('/v1/object/taxation-item?rejectUnknownFields=true', { InvoiceItemId: items[1], Jurisdiction: 'X', Name: 'N', TaxAmount: 1, TaxDate: '2024-07-11', TaxRate: 1, TaxRateType: 'FlatFee', Ignored: 1 });
    expect(strict.status).toBe(400);
    expect(strict.body).toEqual({ message: 'Error - unrecognised fields' });
    const missing = await c.post('/v1/object/taxation-item', { InvoiceItemId: items[1], Name: 'N', TaxAmount: 1, TaxDate: '2024-07-11', TaxRate: 1, TaxRateType: 'FlatFee' });
    expect(missing.status).toBe(400);
    expect(missing.body.Success).toBe(false);
    expect(missing.body.Errors[0].Message).toMatch(/^Jurisdiction is required$/);
    const noItem = await c.post('/v1/object/taxation-item', { InvoiceItemId: '0123456789abcdef0123456789abcdef', Jurisdiction: 'X', Name: 'N', TaxAmount: 1, TaxDate: '2024-07-11', TaxRate: 1, TaxRateType: 'FlatFee' });
    expect(noItem.status).toBe(400);

    const got = await c.get(`/v1/taxation-items/${id}`);
    expect(got.status, got.raw).toBe(200);
    expect(got.body).toMatchObject({ success: true, id, name: 'CA TAX', jurisdiction: 'CALIFORNIA', taxAmount: 3, taxRate: 3, taxRateType: 'FlatFee', memoItemId: null, sourceTaxItemId: null, exemptAmount: 0, locationCode: null });
    const put = await c.put(`/v1/taxation-items/${id}`, { taxAmount: 4.5, exemptAmount: 10, taxCode: 'CA' });
    expect(put.status, put.raw).toBe(200);
    expect(put.body).toMatchObject({ success: true, taxAmount: 4.5, exemptAmount: 10, taxCode: 'CA', name: 'CA TAX' });
    expect(await invoice(c, invoiceId)).toMatchObject({ taxAmount: 4.5, amount: 155, balance: 155 });
    expect((await c.put(`/v1/taxation-items/${id}`, { taxRateType: 'Nope' })).status).toBe(400);
    expect((await c.put(`/v1/taxation-items/${id}`, { name: '' })).status).toBe(400);
    const del = await c.del(`/v1/taxation-items/${id}`);
    expect(del.status, del.raw).toBe(200);
    expect(del.body).toEqual({ success: true });
    expect(await invoice(c, invoiceId)).toMatchObject({ taxAmount: 0, amount: 150.5, balance: 150.5 });
    expect((await c.get(`/v1/taxation-items/${id}`)).status).toBe(404);
    expect((await c.del(`/v1/taxation-items/${id}`)).status).toBe(404);
  });

  it('deleting a Draft invoice deletes its taxation items', async () => {
    const { c, invoiceId, items } = await draftInvoice([10]);
    const created = await c.post(`/v1/invoices/${invoiceId}/taxation-items`, { taxationItems: [tax(items[0]!, 1)] });
    const id = created.body.taxationItems[0].id as string;
    const d = await c.del(`/v1/invoices/${invoiceId}`);
    expect(d.status, d.raw).toBe(200);
    expect((await c.get(`/v1/taxation-items/${id}`)).status).toBe(404);
  });
});

describe('TaxationItem in queries', () => {
  it('object query lists and finds invoice taxation items; ZOQL selects and filters them', async () => {
    const { c, items } = await draftInvoice();
    const created = await c.post(`/v1/invoices/${(await invoiceOfItem(c, items[0]!))}/taxation-items`, { taxationItems: [tax(items[0]!, 2.5), tax(items[1]!, 1, { name: 'CITY TAX', taxRateType: 'FlatFee' })] });
    expect(created.status, created.raw).toBe(200);
    const list = await c.get('/object-query/taxation-items');
    expect(list.status, list.raw).toBe(200);
    expect(list.body.data).toHaveLength(2);
    const one = await c.get(`/object-query/taxation-items/${created.body.taxationItems[0].id}`);
    expect(one.status, one.raw).toBe(200);
    expect(one.body).toMatchObject({ id: created.body.taxationItems[0].id, invoiceItemId: items[0], taxAmount: 2.5, taxRateType: 'Percentage', name: 'STATE TAX' });
    const filtered = await c.get('/object-query/taxation-items?filter[]=taxRateType.EQ:FlatFee');
    expect(filtered.status, filtered.raw).toBe(200);
    expect(filtered.body.data.map((d: { name: string }) => d.name)).toEqual(['CITY TAX']);
    const zoql = await c.post('/v1/action/query', { queryString: `select Id, Name, TaxAmount, InvoiceItemId from TaxationItem where TaxAmount > 2` });
    expect(zoql.status, zoql.raw).toBe(200);
    expect(zoql.body.records).toEqual([{ Id: created.body.taxationItems[0].id, Name: 'STATE TAX', TaxAmount: 2.5, InvoiceItemId: items[0] }]);
  });
});

async function invoiceOfItem(c: Client, itemId: string): Promise<string> {
  const z = await c.post('/v1/action/query', { queryString: `select InvoiceId from InvoiceItem where Id = '${itemId}'` });
  return z.body.records[0].InvoiceId as string;
}
