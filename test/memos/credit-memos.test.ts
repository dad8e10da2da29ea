// Credit memos through the real app (both databases): from an invoice and from charges, the status
// moves of the Post/Unpost/Cancel/Delete pages, GET one, list (filters, sort), items.
// Numbers: the invoice of test/memos/fixtures.ts (110 = Platform Fee 100 + Seats 10). The sample of
// "Create a credit memo from an invoice" (POST_CreditMemoFromInvoice) credits one invoice item 10.
import { describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/platform/jobs.js';
import { setupApp } from '../helpers.js';
import { billedAccount, memoTenant, ok } from './fixtures.js';

const t = await setupApp({ jobWorker: false });

describe('credit memo from an invoice', () => {
  it('credits an invoice item (the page sample: 10 of an item), numbered CM…, Draft, naming the invoice; posting it counts in the account', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const cm = await ok(c.post(`/v1/credit-memos/invoice/${b.invoiceNumber}`, { invoiceId: b.invoiceId, items: [{ invoiceItemId: b.items['Seats'], amount: 10, skuName: 'SKU-00000707' }], comment: 'seat refund' }));
    expect(cm).toMatchObject({
      number: 'CM00000001', status: 'Draft', amount: 10, taxAmount: 0, unappliedAmount: 10, appliedAmount: 0, refundAmount: 0,
      accountId: b.accountId, accountNumber: b.accountNumber, currency: 'USD', creditMemoDate: '2024-01-01',
      source: 'AdhocFromInvoice', sourceType: 'Invoice', referredInvoiceId: b.invoiceId, reasonCode: 'Correcting invoice error', comment: 'seat refund',
      postedOn: null, cancelledOn: null, reversed: false, transferredToAccounting: 'No',
    });
    expect(cm.id).toMatch(/^[0-9a-f]{32}$/);
    const items = (await ok(c.get(`/v1/credit-memos/${cm.id}/items`))).items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ amount: 10, unappliedAmount: 10, appliedAmount: 0, skuName: 'SKU-00000707', sourceItemType: 'InvoiceDetail', sourceItemId: b.items['Seats'], creditFromItemId: b.items['Seats'], serviceStartDate: '2024-01-01', serviceEndDate: '2024-01-31' });
    expect(await ok(c.get(`/v1/credit-memos/${cm.id}/items/${items[0].id}`))).toMatchObject({ id: items[0].id, amount: 10 });

    // a Draft memo is not in the account's figures
    expect((await ok(c.get(`/v1/accounts/${b.accountNumber}`))).metrics).toMatchObject({ balance: 110, unappliedCreditMemoAmount: 0 });
    const posted = await ok(c.put(`/v1/credit-memos/${cm.number}/post`));
    expect(posted).toMatchObject({ status: 'Posted' });
    expect(posted.postedOn).not.toBeNull();
    // Invoice Settlement ("Understand different balance types on invoices"): account balance =
    // invoice balances + debit memo balances - unapplied payments - unapplied credit memos
    expect((await ok(c.get(`/v1/accounts/${b.accountNumber}`))).metrics).toMatchObject({ balance: 100, totalInvoiceBalance: 110, unappliedCreditMemoAmount: 10 });
    // the invoice itself does not change
    expect(await ok(c.get(`/v1/invoices/${b.invoiceId}`))).toMatchObject({ balance: 110, creditMemoAmount: 0 });
  });

  it('without items credits the whole invoice item by item; an invoice item cannot be credited beyond its amount over all memos', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const whole = await ok(c.post(`/v1/credit-memos/invoice/${b.invoiceId}`, { invoiceId: b.invoiceId }));
    expect(whole).toMatchObject({ amount: 110, unappliedAmount: 110 });
    const items = (await ok(c.get(`/v1/credit-memos/${whole.id}/items`))).items;
    expect(items.map((i: { amount: number }) => i.amount).sort()).toEqual([10, 100]);
    // everything is credited already: one cent more is refused, and nothing is made
    const more = await c.post(`/v1/credit-memos/invoice/${b.invoiceId}`, { invoiceId: b.invoiceId, items: [{ invoiceItemId: b.items['Seats'], amount: 0.01, skuName: 'x' }] });
    expect(more.status).toBe(400);
    expect(more.body.reasons[0].code).toBe(59310030);
    expect(more.body.reasons[0].message).toContain(b.items['Seats']);
    // canceling the whole memo frees the items again
    await ok(c.put(`/v1/credit-memos/${whole.id}/cancel`));
    await ok(c.post(`/v1/credit-memos/invoice/${b.invoiceId}`, { invoiceId: b.invoiceId, items: [{ invoiceItemId: b.items['Seats'], amount: 10, skuName: 'x' }] }));
    const list = (await ok(c.get(`/v1/credit-memos?accountId=${b.accountId}`))).creditmemos;
    expect(list.map((m: { number: string; status: string }) => [m.number, m.status])).toEqual([
      ['CM00000002', 'Draft'],
      ['CM00000001', 'Canceled'],
    ]);
  });

  it('refuses bad input with a Zuora error and makes nothing', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const cases: Array<[unknown, number, string]> = [
      [{}, 400, "'invoiceId' is required"],
      [{ invoiceId: 'f'.repeat(32) }, 400, 'is not the invoice of the path'],
      [{ invoiceId: b.invoiceId, items: [{ invoiceItemId: b.items['Seats'], amount: 10 }] }, 400, "'items[0].skuName' is required"],
      [{ invoiceId: b.invoiceId, items: [{ invoiceItemId: 'nope', amount: 10, skuName: 'x' }] }, 400, 'is not an item of the invoice'],
      [{ invoiceId: b.invoiceId, items: [{ invoiceItemId: b.items['Seats'], amount: 1.234, skuName: 'x' }] }, 400, 'decimal places'],
      [{ invoiceId: b.invoiceId, items: [{ invoiceItemId: b.items['Seats'], amount: -1, skuName: 'x' }] }, 400, 'cannot be negative'],
      [{ invoiceId: b.invoiceId, items: [{ invoiceItemId: b.items['Seats'], amount: 11, skuName: 'x' }] }, 400, 'exceeds what is left to credit'],
      [{ invoiceId: b.invoiceId, bogus: 1 }, 400, "'bogus' is not a field"],
      [{ invoiceId: b.invoiceId, items: [{ invoiceItemId: b.items['Seats'], amount: 1, skuName: 'x', taxItems: [{ amount: 1 }] }] }, 501, 'taxItems'],
    ];
    for (const [body, status, msg] of cases) {
      const r = await c.post(`/v1/credit-memos/invoice/${b.invoiceId}`, body);
      expect(r.status, JSON.stringify(body) + r.raw).toBe(status);
      expect(r.body.reasons[0].message).toContain(msg);
    }
    expect((await c.post(`/v1/credit-memos/invoice/INV99999999`, { invoiceId: 'INV99999999' })).status).toBe(404);
    expect((await ok(c.get('/v1/credit-memos'))).creditmemos).toEqual([]);
  });
});

describe('credit memo from product rate plan charges', () => {
  it('takes the given amount or the charge price × quantity; its own number when given; discount charges are refused', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const cm = await ok(c.post('/v1/credit-memos', { accountNumber: b.accountNumber, charges: [{ productRatePlanChargeId: b.cat.flatChargeId, amount: 14.99 }, { productRatePlanChargeId: b.cat.seatChargeId, quantity: 3 }], effectiveDate: '2024-01-05', autoPost: true }));
    expect(cm).toMatchObject({ amount: 44.99, unappliedAmount: 44.99, status: 'Posted', source: 'AdhocFromPrpc', sourceType: 'Standalone', referredInvoiceId: null, reasonCode: 'Ad hoc credit', creditMemoDate: '2024-01-05', number: 'CM00000001' });
    const items = (await ok(c.get(`/v1/credit-memos/${cm.id}/items`))).items;
    expect(items.map((i: { amount: number; quantity: number }) => [i.amount, i.quantity])).toEqual([
      [14.99, 1],
      [30, 3],
    ]);
    const named = await ok(c.post('/v1/credit-memos', { accountId: b.accountId, number: 'MY-CM_1', charges: [{ productRatePlanChargeId: b.cat.flatChargeId }] }));
    expect(named).toMatchObject({ number: 'MY-CM_1', amount: 100 });
    expect((await c.post('/v1/credit-memos', { accountId: b.accountId, number: 'MY-CM_1', charges: [{ productRatePlanChargeId: b.cat.flatChargeId }] })).status).toBe(400);
    // a custom number the sequence reaches later is skipped by the sequence
    await ok(c.post('/v1/credit-memos', { accountId: b.accountId, number: 'CM00000002', charges: [{ productRatePlanChargeId: b.cat.flatChargeId }] }));
    expect((await ok(c.post('/v1/credit-memos', { accountId: b.accountId, charges: [{ productRatePlanChargeId: b.cat.flatChargeId }] }))).number).toBe('CM00000003');
    expect((await c.post('/v1/credit-memos', { charges: [{ productRatePlanChargeId: b.cat.flatChargeId }] })).body.reasons[0].message).toContain("'accountId' or 'accountNumber' is required");
    expect((await c.post('/v1/credit-memos', { accountId: b.accountId, accountNumber: 'A-other', charges: [{ productRatePlanChargeId: b.cat.flatChargeId }] })).status).toBe(400);
    expect((await c.post('/v1/credit-memos', { accountId: b.accountId, charges: [] })).status).toBe(400);
    expect((await c.post('/v1/credit-memos', { accountId: b.accountId, charges: [{ productRatePlanChargeId: 'f'.repeat(32) }] })).status).toBe(400);
  });
});

describe('statuses', () => {
  it('Draft → Posted → Draft (unpost) → Canceled → deleted, each move only from where the pages allow', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const cm = await ok(c.post(`/v1/credit-memos/invoice/${b.invoiceId}`, { invoiceId: b.invoiceId, items: [{ invoiceItemId: b.items['Seats'], amount: 5, skuName: 's' }] }));
    const code = async (p: Promise<{ status: number; body: any }>) => (await p).body.reasons?.[0]?.code; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(await code(c.put(`/v1/credit-memos/${cm.id}/unpost`))).toBe(59310030);
    expect(await code(c.del(`/v1/credit-memos/${cm.id}`))).toBe(59310030);
    await ok(c.put(`/v1/credit-memos/${cm.id}/post`));
    expect(await code(c.put(`/v1/credit-memos/${cm.id}/post`))).toBe(59310030);
    expect(await code(c.put(`/v1/credit-memos/${cm.id}/cancel`))).toBe(59310030);
    expect(await ok(c.put(`/v1/credit-memos/${cm.id}/unpost`))).toMatchObject({ status: 'Draft', postedOn: null });
    expect(await ok(c.put(`/v1/credit-memos/${cm.id}/cancel`))).toMatchObject({ status: 'Canceled', unappliedAmount: 0 });
    expect(await code(c.put(`/v1/credit-memos/${cm.id}/post`))).toBe(59310030);
    expect(await ok(c.del(`/v1/credit-memos/${cm.id}`))).toEqual({ success: true });
    expect((await c.get(`/v1/credit-memos/${cm.id}`)).status).toBe(404);
  });

  it('PUT updates comment, reason code and flags; a Canceled memo no more', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const cm = await ok(c.post(`/v1/credit-memos/invoice/${b.invoiceId}`, { invoiceId: b.invoiceId, items: [{ invoiceItemId: b.items['Seats'], amount: 5, skuName: 's' }] }));
    const u = await ok(c.put(`/v1/credit-memos/${cm.id}`, { comment: 'new', reasonCode: 'Write-off', excludeFromAutoApplyRules: true, effectiveDate: '2024-01-03', transferredToAccounting: 'Yes' }));
    expect(u).toMatchObject({ comment: 'new', reasonCode: 'Write-off', excludeFromAutoApplyRules: true, creditMemoDate: '2024-01-03', transferredToAccounting: 'Yes' });
    expect((await c.put(`/v1/credit-memos/${cm.id}`, { items: [{ id: 'x', amount: 3 }] })).status).toBe(501);
    await ok(c.put(`/v1/credit-memos/${cm.id}/cancel`));
    expect((await c.put(`/v1/credit-memos/${cm.id}`, { comment: 'again' })).status).toBe(400);
  });
});

describe('list', () => {
  it('filters by the spec fields (null for an unset string) and sorts (- ascending, + descending, default newest number first)', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const mk = (amount: number) => ok(c.post('/v1/credit-memos', { accountId: b.accountId, charges: [{ productRatePlanChargeId: b.cat.flatChargeId, amount }] }));
    await mk(30);
    await mk(5);
    await mk(12.5);
    await ok(c.post(`/v1/credit-memos/invoice/${b.invoiceId}`, { invoiceId: b.invoiceId, items: [{ invoiceItemId: b.items['Seats'], amount: 1, skuName: 's' }] }));
    const nums = async (q: string) => (await ok(c.get(`/v1/credit-memos${q}`))).creditmemos.map((m: { number: string }) => m.number);
    expect(await nums('')).toEqual(['CM00000004', 'CM00000003', 'CM00000002', 'CM00000001']);
    expect(await nums('?sort=-amount')).toEqual(['CM00000004', 'CM00000002', 'CM00000003', 'CM00000001']);
    expect(await nums('?sort=%2Bamount')).toEqual(['CM00000001', 'CM00000003', 'CM00000002', 'CM00000004']);
    expect(await nums('?amount=12.50')).toEqual(['CM00000003']);
    expect(await nums('?referredInvoiceId=null')).toEqual(['CM00000003', 'CM00000002', 'CM00000001']);
    expect(await nums(`?referredInvoiceId=${b.invoiceId}`)).toEqual(['CM00000004']);
    expect(await nums('?status=Posted')).toEqual([]);
    expect(await nums('?pageSize=2&sort=-number')).toEqual(['CM00000001', 'CM00000002']);
    const page = await ok(c.get('/v1/credit-memos?pageSize=2'));
    expect(page.nextPage).toBe('/v1/credit-memos?page=2&pageSize=2');
    expect((await c.get('/v1/credit-memos?sort=bogus')).status).toBe(400);
    expect((await c.get('/v1/credit-memos?bogus=1')).status).toBe(400);
    expect((await c.get('/v1/credit-memos?amount=abc')).status).toBe(400);
  });
});

describe('billing and memos made through the API', () => {
  it('a credit memo from an invoice credits the invoice, not the subscription: the next bill run bills the month whole, and rebilling January bills nothing', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    await ok(c.post(`/v1/credit-memos/invoice/${b.invoiceId}`, { invoiceId: b.invoiceId, autoPost: true }));
    const run = async (targetDate: string) => {
      const br = await ok(c.post('/v1/bill-runs', { billRunFilters: [{ filterType: 'Account', accountId: b.accountId }], targetDate, invoiceDate: targetDate }));
      await runDueJobs(t.app, { tenantId: c.tenant.id });
      return br;
    };
    await run('2024-01-01');
    await run('2024-02-01');
    const invoices = (await ok(c.get(`/v1/transactions/invoices/accounts/${b.accountNumber}`))).invoices as Array<{ amount: number; invoiceDate: string }>;
    expect(invoices.map((i) => [i.invoiceDate, i.amount])).toEqual([
      ['2024-02-01', 110],
      ['2024-01-01', 110],
    ]);
    // no bill run made a credit memo of its own
    expect((await ok(c.get(`/v1/credit-memos?accountId=${b.accountId}`))).creditmemos).toHaveLength(1);
  });
});
