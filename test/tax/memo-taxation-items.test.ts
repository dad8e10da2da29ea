// Taxation items on credit and debit memo items through the real app (both databases): POST_CM_TaxationItems,
// GET_TaxationItemsOfCreditMemoItem, POST_DM_TaxationItems, GET_TaxationItemsOfDebitMemoItem (pages of the
// Zuora v1 API reference: name, jurisdiction, taxAmount, taxRate, taxRateType required; sourceTaxItemId names
// the invoice taxation item the memo's tax comes from). Only a Draft memo takes them; the memo's taxAmount,
// amount and unapplied amount (credit) or balance (debit) follow.
import { describe, expect, it } from 'vitest';
import { setupApp } from '../helpers.js';
import { billedAccount, memoTenant, ok } from '../memos/fixtures.js';

const t = await setupApp({ jobWorker: false });

const tax = (memoItemId: string, taxAmount: number, extra: Record<string, unknown> = {}) => ({ memoItemId, name: 'VAT', jurisdiction: 'FR', taxAmount, taxRate: 0.2, taxRateType: 'Percentage', ...extra });

describe('taxation items of memo items', () => {
  it('a Draft credit memo takes taxation items; its totals follow, and the GET lists them; a posted one refuses more', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const cm = await ok(c.post(`/v1/credit-memos/invoice/${b.invoiceId}`, { invoiceId: b.invoiceId, items: [{ invoiceItemId: b.items['Platform Fee'], amount: 50, skuName: 'fee' }] }));
    const items = (await c.get(`/v1/credit-memos/${cm.id}/items`)).body.items as Array<{ id: string }>;
    const itemId = items[0]!.id;
    const res = await c.post(`/v1/credit-memos/${cm.number}/taxation-items`, { taxationItems: [tax(itemId, 10, { taxDate: '2024-01-01', taxCode: 'VAT20' })] });
    expect(res.status, res.raw).toBe(200);
    expect(res.body.taxationItems[0]).toMatchObject({ name: 'VAT', taxAmount: 10, taxCode: 'VAT20', taxDate: '2024-01-01', invoiceItemId: null, taxRateType: 'Percentage' });
    const memo = (await c.get(`/v1/credit-memos/${cm.id}`)).body;
    expect(memo).toMatchObject({ amount: 60, taxAmount: 10, unappliedAmount: 60, status: 'Draft' });
    const list = await c.get(`/v1/credit-memos/${cm.id}/items/${itemId}/taxation-items`);
    expect(list.status, list.raw).toBe(200);
    expect(list.body.data).toEqual([
      expect.objectContaining({ id: res.body.taxationItems[0].id, taxAmount: 10, appliedAmount: 0, refundAmount: 0, unappliedAmount: 10, sourceTaxItemId: null }),
    ]);
    const got = (await c.get(`/v1/taxation-items/${res.body.taxationItems[0].id}`)).body;
    expect(got).toMatchObject({ memoItemId: itemId, taxAmount: 10 });
    expect((await c.put(`/v1/credit-memos/${cm.id}/post`)).status).toBe(200);
    const again = await c.post(`/v1/credit-memos/${cm.id}/taxation-items`, { taxationItems: [tax(itemId, 1)] });
    expect(again.status).toBe(400);
    expect(again.body.reasons[0].code).toBe(59310030);
    // applying the whole credit (charge and tax) to the invoice settles the taxation item too
    await ok(c.put(`/v1/credit-memos/${cm.id}/apply`, { effectiveDate: '2024-01-01', invoices: [{ invoiceId: b.invoiceId, amount: 60 }] }));
    const after = (await c.get(`/v1/credit-memos/${cm.id}/items/${itemId}/taxation-items`)).body.data[0];
    expect(after).toMatchObject({ appliedAmount: 10, unappliedAmount: 0 });
    expect((await c.get(`/v1/invoices/${b.invoiceId}`)).body).toMatchObject({ balance: 50 });
  });

  it('a Draft debit memo takes taxation items; bad requests change nothing', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const dm = await ok(c.post(`/v1/debit-memos/invoice/${b.invoiceId}`, { invoiceId: b.invoiceId, items: [{ invoiceItemId: b.items['Seats'], amount: 7.5, skuName: 'late fee' }] }));
    const itemId = ((await c.get(`/v1/debit-memos/${dm.id}/items`)).body.items as Array<{ id: string }>)[0]!.id;
    for (const [body, msg] of [
      [{ taxationItems: [{ ...tax(itemId, 1), memoItemId: undefined }] }, /memoItemId' is required/],
      [{ taxationItems: [{ ...tax(itemId, 1), taxRate: undefined }] }, /taxRate' is required/],
      [{ taxationItems: [tax('0123456789abcdef0123456789abcdef', 1)] }, /not an item of the debit memo/],
      [{ taxationItems: [tax(itemId, 1, { sourceTaxItemId: '0123456789abcdef0123456789abcdef' })] }, /sourceTaxItemId/],
    ] as const) {
      const r = await c.post(`/v1/debit-memos/${dm.id}/taxation-items`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.reasons[0].message).toMatch(msg);
    }
    expect((await c.post(`/v1/debit-memos/DM99999999/taxation-items`, { taxationItems: [tax(itemId, 1)] })).status).toBe(404);
    expect((await c.get(`/v1/debit-memos/${dm.id}`)).body).toMatchObject({ amount: 7.5, taxAmount: 0, balance: 7.5 });
    const res = await c.post(`/v1/debit-memos/${dm.id}/taxation-items`, { taxationItems: [tax(itemId, 1.5), tax(itemId, 0.25, { name: 'CITY' })] });
    expect(res.status, res.raw).toBe(200);
    expect((await c.get(`/v1/debit-memos/${dm.id}`)).body).toMatchObject({ amount: 9.25, taxAmount: 1.75, balance: 9.25 });
    const list = (await c.get(`/v1/debit-memos/${dm.id}/items/${itemId}/taxation-items`)).body;
    expect(list.data.map((d: Record<string, unknown>) => [d.name, d.taxAmount, d.balance, d.paymentAmount, d.creditAmount])).toEqual([
      ['VAT', 1.5, 1.5, 0, 0],
      ['CITY', 0.25, 0.25, 0, 0],
    ]);
    // the item's tax drops when one is deleted
    expect((await c.del(`/v1/taxation-items/${res.body.taxationItems[1].id}`)).status).toBe(200);
    expect((await c.get(`/v1/debit-memos/${dm.id}`)).body).toMatchObject({ amount: 9, taxAmount: 1.5, balance: 9 });
    expect((await c.get(`/v1/debit-memos/${dm.id}/items/0123456789abcdef0123456789abcdef/taxation-items`)).status).toBe(404);
  });
});
