// GET /v1/billing-documents through the real app (both databases): an account's invoices, credit memos
// and debit memos in one list (the operation's page: filters documentDate and status; sort on
// documentDate and documentType, "-" ascending and "+" or none descending, at most two fields; by default
// documentDate descending; pageSize at most 40). A credit memo's balance is its unapplied amount.
import { describe, expect, it } from 'vitest';
import { setupApp } from '../helpers.js';
import { billedAccount, memoTenant, ok, postedCreditMemo } from '../memos/fixtures.js';

const t = await setupApp({ jobWorker: false });

async function setup() {
  const c = await memoTenant(t);
  const b = await billedAccount(c);
  const cm = await postedCreditMemo(c, b, { Seats: 10 });
  const dm = await ok(c.post(`/v1/debit-memos/invoice/${b.invoiceId}`, { invoiceId: b.invoiceId, items: [{ invoiceItemId: b.items['Seats'], amount: 5, skuName: 'late fee' }] }));
  const inv2 = await ok(c.post('/v1/invoices', { accountId: b.accountId, invoiceDate: '2024-02-01', invoiceItems: [{ amount: 30, serviceStartDate: '2024-02-01', chargeName: 'Setup' }] }));
  return { c, b, cm, dm, inv2 };
}

describe('GET /v1/billing-documents', () => {
  it("lists the account's invoices and memos, newest document date first, with their amounts, balances and statuses", async () => {
    const { c, b, cm, dm, inv2 } = await setup();
    const res = await c.get(`/v1/billing-documents?accountId=${b.accountId}`);
    expect(res.status, res.raw).toBe(200);
    expect(res.body.success).toBe(true);
    const docs = res.body.documents as Array<Record<string, unknown>>;
    expect(docs).toHaveLength(4);
    expect(docs[0]).toEqual({ accountId: b.accountId, accountNumber: b.accountNumber, amount: 30, balance: 30, documentDate: '2024-02-01', documentNumber: inv2.invoiceNumber, documentType: 'Invoice', id: inv2.id, status: 'Draft', currency: 'USD' });
    const byId = Object.fromEntries(docs.map((d) => [d.id, d]));
    expect(byId[b.invoiceId]).toMatchObject({ documentType: 'Invoice', amount: 110, balance: 110, status: 'Posted', documentDate: '2024-01-01' });
    expect(byId[cm.id]).toMatchObject({ documentType: 'CreditMemo', documentNumber: cm.number, amount: 10, balance: 10, status: 'Posted' });
    expect(byId[dm.id]).toMatchObject({ documentType: 'DebitMemo', amount: 5, balance: 5, status: 'Draft' });
    // by account number too
    expect((await c.get(`/v1/billing-documents?accountNumber=${b.accountNumber}`)).body.documents).toHaveLength(4);
  });

  it('filters by status and document date, sorts by the page\'s operators, pages with nextPage', async () => {
    const { c, b } = await setup();
    const get = async (q: string) => (await c.get(`/v1/billing-documents?accountId=${b.accountId}&${q}`)).body;
    expect((await get('status=Posted')).documents.map((d: { documentType: string }) => d.documentType).sort()).toEqual(['CreditMemo', 'Invoice']);
    expect((await get('documentDate=2024-02-01')).documents).toHaveLength(1);
    expect((await get('status=Canceled')).documents).toEqual([]);
    // "-" ascending: the oldest first; then type descending (no operator)
    const asc = (await get('sort=-documentDate,documentType')).documents as Array<{ documentDate: string; documentType: string }>;
    expect(asc.map((d) => `${d.documentDate} ${d.documentType}`)).toEqual(['2024-01-01 Invoice', '2024-01-01 DebitMemo', '2024-01-01 CreditMemo', '2024-02-01 Invoice']);
    const byType = (await get('sort=%2BdocumentType')).documents as Array<{ documentType: string }>;
    expect(byType[0]!.documentType).toBe('Invoice');
    expect(byType.at(-1)!.documentType).toBe('CreditMemo');
    const p1 = await get('pageSize=3');
    expect(p1.documents).toHaveLength(3);
    expect(p1.nextPage).toBe(`/v1/billing-documents?accountId=${b.accountId}&page=2&pageSize=3`);
    const p2 = (await c.get(p1.nextPage)).body;
    expect(p2.documents).toHaveLength(1);
    expect(p2.nextPage).toBeUndefined();
  });

  it('refuses bad queries', async () => {
    const { c, b } = await setup();
    const code = async (q: string) => (await c.get(`/v1/billing-documents?${q}`)).body.reasons?.[0]?.code as number;
    expect((await code('')) % 100).toBe(22);
    expect((await code('accountId=ffffffffffffffffffffffffffffffff')) % 100).toBe(40);
    expect((await code(`accountId=${b.accountId}&status=Open`)) % 100).toBe(20);
    expect((await code(`accountId=${b.accountId}&sort=amount`)) % 100).toBe(20);
    expect((await code(`accountId=${b.accountId}&sort=documentDate,documentType,documentDate`)) % 100).toBe(20);
    expect((await code(`accountId=${b.accountId}&documentDate=2024-1-1`)) % 100).toBe(20);
    expect((await code(`accountId=${b.accountId}&pageSize=41`)) % 100).toBe(20);
  });
});
