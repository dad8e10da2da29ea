// Invoice item adjustments through the legacy CRUD object API (both databases). zbill's tenants run with
// Invoice Settlement, under which Zuora deprecates the InvoiceItemAdjustment object (its SOAP object page;
// the workflow "CRUD: Update" task page leaves it out): a create is refused with a rule error pointing at
// credit and debit memos and changes nothing; no adjustment exists to read, update or delete.
import { describe, expect, it } from 'vitest';
import { setupApp } from '../helpers.js';
import { billedAccount, memoTenant } from '../memos/fixtures.js';

const t = await setupApp({ jobWorker: false });

describe('/v1/object/invoice-item-adjustment', () => {
  it('refuses a well-formed create under Invoice Settlement and leaves the invoice as it was', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const body = { AdjustmentDate: '2024-01-02', Amount: 2, InvoiceId: b.invoiceId, SourceId: b.items['Seats'], SourceType: 'InvoiceDetail', Type: 'Credit', Comment: 'test' };
    const res = await c.post('/v1/object/invoice-item-adjustment', body);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.raw).toMatch(/Invoice Settlement/);
    expect(res.raw).toMatch(/credit-memos\/invoice/);
    const charge = await c.post('/v1/object/invoice-item-adjustment', { ...body, Type: 'Charge', InvoiceId: undefined, InvoiceNumber: b.invoiceNumber });
    expect(charge.raw).toMatch(/debit-memos\/invoice/);
    expect((await c.get(`/v1/invoices/${b.invoiceId}`)).body).toMatchObject({ amount: 110, balance: 110, adjustmentAmount: 0 });
  });

  it('checks the request first: required fields, enumerations, the invoice', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const body = { AdjustmentDate: '2024-01-02', Amount: 2, InvoiceId: b.invoiceId, SourceId: b.items['Seats'], SourceType: 'InvoiceDetail', Type: 'Credit' };
    const msg = async (o: Record<string, unknown>) => (await c.post('/v1/object/invoice-item-adjustment', o)).raw;
    expect(await msg({ ...body, Amount: undefined })).toMatch(/'Amount' is required/);
    expect(await msg({ ...body, Type: 'Debit' })).toMatch(/'Type' must be Credit or Charge/);
    expect(await msg({ ...body, SourceType: 'Invoice' })).toMatch(/'SourceType' must be InvoiceDetail or Tax/);
    expect(await msg({ ...body, InvoiceId: undefined })).toMatch(/'InvoiceId' or 'InvoiceNumber' is required/);
    expect(await msg({ ...body, InvoiceId: 'ffffffffffffffffffffffffffffffff' })).toMatch(/Cannot find a Invoice instance/);
  });

  it('answers not found for a read, update or delete', async () => {
    const c = await memoTenant(t);
    const id = 'ffffffffffffffffffffffffffffffff';
    for (const r of [await c.get(`/v1/object/invoice-item-adjustment/${id}`), await c.put(`/v1/object/invoice-item-adjustment/${id}`, { Comment: 'x' }), await c.del(`/v1/object/invoice-item-adjustment/${id}`)]) {
      expect(r.status, r.raw).toBe(404);
      expect(r.raw).toMatch(/Cannot find the invoice item adjustment/);
    }
  });
});
