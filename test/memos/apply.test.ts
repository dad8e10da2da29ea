// Applying credit memos to invoices and debit memos, unapplying, parts, refunds, reversals and
// write-offs through the real app (both databases). Numbers: the invoice of 110 (Platform Fee 100 +
// Seats 10) of test/memos/fixtures.ts. The apply page's sample applies 11 of a 14.99 credit memo
// (unapplied 3.99 left); the docs' "partial application" example is the same shape.
import { describe, expect, it } from 'vitest';
import { onPostgres, setupApp, type Client } from '../helpers.js';
import { billedAccount, memoTenant, ok, postedCreditMemo, type Billed } from './fixtures.js';

const t = await setupApp({ jobWorker: false });

async function invoiceState(c: Client, b: Billed) {
  const inv = await ok(c.get(`/v1/invoices/${b.invoiceId}`));
  const items = (await ok(c.get(`/v1/invoices/${b.invoiceId}/items`))).invoiceItems as Array<{ chargeName: string; balance: number }>;
  return { balance: inv.balance, creditMemoAmount: inv.creditMemoAmount, items: Object.fromEntries(items.map((i) => [i.chargeName, i.balance])) };
}

async function memoState(c: Client, id: string) {
  const m = await ok(c.get(`/v1/credit-memos/${id}`));
  const items = (await ok(c.get(`/v1/credit-memos/${id}/items`))).items as Array<{ unappliedAmount: number; appliedAmount: number }>;
  return { unapplied: m.unappliedAmount, applied: m.appliedAmount, refund: m.refundAmount, items: items.map((i) => [i.unappliedAmount, i.appliedAmount]) };
}

const metrics = async (c: Client, b: Billed) => (await ok(c.get(`/v1/accounts/${b.accountNumber}`))).metrics;

describe('apply a credit memo to an invoice', () => {
  it('the page sample: 11 of a 14.99 memo leaves 3.99 unapplied; the invoice balance, creditMemoAmount, items and the account follow; unapply gives all back', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const cm = await ok(c.post('/v1/credit-memos', { accountId: b.accountId, charges: [{ productRatePlanChargeId: b.cat.flatChargeId, amount: 14.99 }], autoPost: true }));
    const before = { inv: await invoiceState(c, b), memo: await memoState(c, cm.id), metrics: await metrics(c, b) };
    // "Understand different balance types on invoices": unapplied credit lowers the account balance
    expect(before.metrics).toMatchObject({ balance: 95.01, totalInvoiceBalance: 110, unappliedCreditMemoAmount: 14.99 });

    const applied = await ok(c.put(`/v1/credit-memos/${cm.number}/apply`, { effectiveDate: '2024-01-01', invoices: [{ invoiceId: b.invoiceId, amount: 11 }] }));
    expect(applied).toMatchObject({ id: cm.id, status: 'Posted', amount: 14.99, appliedAmount: 11, unappliedAmount: 3.99, refundAmount: 0 });
    // spread over the invoice's items in order: Platform Fee first
    expect(await invoiceState(c, b)).toEqual({ balance: 99, creditMemoAmount: 11, items: { 'Platform Fee': 89, Seats: 10 } });
    expect(await memoState(c, cm.id)).toMatchObject({ unapplied: 3.99, applied: 11, items: [[3.99, 11]] });
    // applying moves credit from the memo to the invoice: the account balance stays
    expect(await metrics(c, b)).toMatchObject({ balance: 95.01, totalInvoiceBalance: 99, unappliedCreditMemoAmount: 3.99 });
    const parts = (await ok(c.get(`/v1/credit-memos/${cm.id}/parts`))).parts;
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ amount: 11, invoiceId: b.invoiceId, debitMemoId: null });
    expect(await ok(c.get(`/v1/credit-memos/${cm.id}/parts/${parts[0].id}`))).toMatchObject({ amount: 11, invoiceId: b.invoiceId });
    // an applied memo cannot be unposted
    expect((await c.put(`/v1/credit-memos/${cm.id}/unpost`)).status).toBe(400);

    // unapplying more than it applied is refused, then all of it restores every balance
    expect((await c.put(`/v1/credit-memos/${cm.id}/unapply`, { invoices: [{ invoiceId: b.invoiceId, amount: 11.01 }] })).body.reasons[0].message).toContain('exceeds what the credit memo');
    await ok(c.put(`/v1/credit-memos/${cm.id}/unapply`, { invoices: [{ invoiceId: b.invoiceNumber, amount: 11 }] }));
    expect({ inv: await invoiceState(c, b), memo: await memoState(c, cm.id), metrics: await metrics(c, b) }).toEqual(before);
    expect((await ok(c.get(`/v1/credit-memos/${cm.id}/parts`))).parts).toEqual([]);
  });

  it('item by item: the named invoice items and memo items take the amounts, and unapply by item gives back only those', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const cm = await postedCreditMemo(c, b, { Seats: 10, 'Platform Fee': 20 });
    const cmItems = (await ok(c.get(`/v1/credit-memos/${cm.id}/items`))).items as Array<{ id: string; amount: number }>;
    const seatItem = cmItems.find((i) => i.amount === 10)!;
    await ok(c.put(`/v1/credit-memos/${cm.id}/apply`, { invoices: [{ invoiceId: b.invoiceId, amount: 15, items: [{ invoiceItemId: b.items['Seats'], creditMemoItemId: seatItem.id, amount: 10 }, { invoiceItemId: b.items['Platform Fee'], amount: 5 }] }] }));
    expect(await invoiceState(c, b)).toEqual({ balance: 95, creditMemoAmount: 15, items: { 'Platform Fee': 95, Seats: 0 } });
    const m = await memoState(c, cm.id);
    expect(m.unapplied).toBe(15);
    // the seat item gave 10; the platform fee's 5 came from the memo's items in order (the seat item is empty, so the fee item)
    expect(m.items.map(([u]) => u).sort()).toEqual([0, 15]);
    // the seat item of the invoice has no balance left
    expect((await c.put(`/v1/credit-memos/${cm.id}/apply`, { invoices: [{ invoiceId: b.invoiceId, amount: 1, items: [{ invoiceItemId: b.items['Seats'], amount: 1 }] }] })).body.reasons[0].message).toContain('exceeds the balance 0 of the item');
    await ok(c.put(`/v1/credit-memos/${cm.id}/unapply`, { invoices: [{ invoiceId: b.invoiceId, amount: 4, items: [{ invoiceItemId: b.items['Seats'], amount: 4 }] }] }));
    expect(await invoiceState(c, b)).toEqual({ balance: 99, creditMemoAmount: 11, items: { 'Platform Fee': 95, Seats: 4 } });
  });

  it('refuses, changing nothing: more than the memo has left, more than the invoice owes, another account, a Draft memo or invoice, bad shapes', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const other = await billedAccount(c, b.cat);
    const cm = await postedCreditMemo(c, b, { Seats: 10, 'Platform Fee': 100 });
    const draft = await ok(c.post(`/v1/credit-memos/invoice/${other.invoiceId}`, { invoiceId: other.invoiceId, items: [{ invoiceItemId: other.items['Seats'], amount: 1, skuName: 's' }] }));
    const cases: Array<[string, unknown, string]> = [
      [cm.id, { invoices: [{ invoiceId: b.invoiceId, amount: 111 }] }, 'exceeds the unapplied amount 110'],
      [cm.id, { invoices: [{ invoiceId: other.invoiceId, amount: 1 }] }, 'belongs to another account'],
      [draft.id, { invoices: [{ invoiceId: other.invoiceId, amount: 1 }] }, 'only a Posted credit memo can be applied'],
      [cm.id, { invoices: [{ invoiceId: 'INV99999999', amount: 1 }] }, 'does not exist'],
      [cm.id, { invoices: [{ invoiceId: b.invoiceId, amount: 0 }] }, 'must be greater than 0'],
      [cm.id, { invoices: [{ invoiceId: b.invoiceId, amount: 1.001 }] }, 'decimal places'],
      [cm.id, { invoices: [{ invoiceId: b.invoiceId, amount: 5, items: [{ invoiceItemId: b.items['Seats'], amount: 4 }] }] }, 'add up to 4'],
      [cm.id, {}, "'invoices' or 'debitMemos' must name at least one document"],
      [cm.id, { invoices: [{ amount: 1 }] }, "'invoices[0].invoiceId' is required"],
      [cm.id, { invoices: [{ invoiceId: b.invoiceId, amount: 1, items: [{ invoiceItemId: 'nope', amount: 1 }] }] }, 'is not an item of the invoice'],
    ];
    for (const [memo, body, msg] of cases) {
      const r = await c.put(`/v1/credit-memos/${memo}/apply`, body);
      expect(r.status, JSON.stringify(body) + r.raw).toBe(r.body.reasons[0].code % 100 === 40 ? 404 : 400);
      expect(r.body.reasons[0].message).toContain(msg);
    }
    // two applications in one request are checked together: 60 + 60 > the invoice's 110
    const big = await ok(c.post('/v1/credit-memos', { accountId: b.accountId, charges: [{ productRatePlanChargeId: b.cat.flatChargeId, amount: 200 }], autoPost: true }));
    const both = await c.put(`/v1/credit-memos/${big.id}/apply`, { invoices: [{ invoiceId: b.invoiceId, amount: 60 }, { invoiceId: b.invoiceId, amount: 60 }] });
    expect(both.body.reasons[0].message).toContain('exceeds the balance 50 of the invoice');
    expect(await invoiceState(c, b)).toMatchObject({ balance: 110, creditMemoAmount: 0 });
    expect(await memoState(c, cm.id)).toMatchObject({ unapplied: 110, applied: 0 });
    expect(await memoState(c, big.id)).toMatchObject({ unapplied: 200, applied: 0 });
  });

  it('autoApplyToInvoiceUponPosting applies the memo to its invoice when posted', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const cm = await ok(c.post(`/v1/credit-memos/invoice/${b.invoiceId}`, { invoiceId: b.invoiceId, autoApplyToInvoiceUponPosting: true, items: [{ invoiceItemId: b.items['Seats'], amount: 10, skuName: 's' }] }));
    expect(cm.autoApplyUponPosting).toBe(true);
    await ok(c.put(`/v1/credit-memos/${cm.id}/post`));
    expect(await memoState(c, cm.id)).toMatchObject({ unapplied: 0, applied: 10 });
    expect(await invoiceState(c, b)).toMatchObject({ balance: 100, creditMemoAmount: 10 });
  });
});

describe('parallel applications', () => {
  it('never over-apply: of 12 parallel applications of 10 from a 100 memo, exactly 10 land', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const cm = await postedCreditMemo(c, b, { Seats: 10, 'Platform Fee': 90 });
    const results = await Promise.all(Array.from({ length: 12 }, () => c.put(`/v1/credit-memos/${cm.id}/apply`, { invoices: [{ invoiceId: b.invoiceId, amount: 10 }] })));
    const okCount = results.filter((r) => r.status === 200).length;
    for (const r of results) if (r.status !== 200) expect([400, 409]).toContain(r.status);
    expect(okCount).toBe(10);
    expect(await memoState(c, cm.id)).toMatchObject({ unapplied: 0, applied: 100 });
    expect(await invoiceState(c, b)).toMatchObject({ balance: 10, creditMemoAmount: 100 });
  });

  it('two memos applied in parallel to one invoice never take more than its balance', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const memos = [await postedCreditMemo(c, b, { 'Platform Fee': 100 })];
    const cm2 = await ok(c.post('/v1/credit-memos', { accountId: b.accountId, charges: [{ productRatePlanChargeId: b.cat.flatChargeId, amount: 100 }], autoPost: true }));
    memos.push({ id: cm2.id, number: cm2.number });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => c.put(`/v1/credit-memos/${memos[i % 2]!.id}/apply`, { invoices: [{ invoiceId: b.invoiceId, amount: 25 }] })),
    );
    // 110 / 25: four land, the invoice keeps 10
    expect(results.filter((r) => r.status === 200).length).toBe(4);
    expect(await invoiceState(c, b)).toMatchObject({ balance: 10, creditMemoAmount: 100 });
    const left = (await memoState(c, memos[0]!.id)).unapplied + (await memoState(c, memos[1]!.id)).unapplied;
    expect(left).toBe(100);
  }, onPostgres() ? 30_000 : 10_000);
});

describe('credit memos and payments together', () => {
  it('credit memo applications and payments in parallel on one invoice of 110 never take more than it owes (one settlement port, one lock)', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const cm = await ok(c.post('/v1/credit-memos', { accountId: b.accountId, charges: [{ productRatePlanChargeId: b.cat.flatChargeId, amount: 200 }], autoPost: true }));
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        i % 2
          ? c.put(`/v1/credit-memos/${cm.id}/apply`, { invoices: [{ invoiceId: b.invoiceId, amount: 20 }] })
          : c.post('/v1/payments', { accountId: b.accountId, type: 'External', paymentMethodType: 'Check', amount: 20, currency: 'USD', invoices: [{ invoiceId: b.invoiceId, amount: 20 }] }),
      ),
    );
    expect(results.filter((r) => r.body.success === true)).toHaveLength(5);
    for (const r of results.filter((x) => x.body.success !== true)) expect(r.body.reasons[0].code % 100, r.raw).toBe(30);
    const inv = await ok(c.get(`/v1/invoices/${b.invoiceId}`));
    expect(inv.balance).toBe(10);
    expect(inv.creditMemoAmount + inv.paymentAmount).toBe(100);
    expect((await ok(c.get(`/v1/credit-memos/${cm.id}`))).appliedAmount).toBe(inv.creditMemoAmount);
  }, onPostgres() ? 30_000 : 10_000);
});

describe('debit memos receive credit memo applications', () => {
  it('a debit memo from an invoice item is owed until a credit memo is applied to it; application parts list it', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const dm = await ok(c.post(`/v1/debit-memos/invoice/${b.invoiceId}`, { invoiceId: b.invoiceId, autoPost: true, items: [{ invoiceItemId: b.items['Seats'], amount: 7.5, skuName: 'late fee' }] }));
    expect(dm).toMatchObject({ number: 'DM00000001', status: 'Posted', amount: 7.5, balance: 7.5, beAppliedAmount: 0, referredInvoiceId: b.invoiceId, dueDate: '2024-01-01' });
    expect(await metrics(c, b)).toMatchObject({ balance: 117.5, totalInvoiceBalance: 110, totalDebitMemoBalance: 7.5 });
    const cm = await postedCreditMemo(c, b, { Seats: 10 });
    await ok(c.put(`/v1/credit-memos/${cm.id}/apply`, { debitMemos: [{ debitMemoId: dm.id, amount: 7.5 }], invoices: [{ invoiceId: b.invoiceId, amount: 2.5 }] }));
    expect(await ok(c.get(`/v1/debit-memos/${dm.number}`))).toMatchObject({ balance: 0, beAppliedAmount: 7.5 });
    expect((await ok(c.get(`/v1/debit-memos/${dm.id}/items`))).items[0]).toMatchObject({ amount: 7.5, balance: 0, skuName: 'late fee', sourceItemType: 'InvoiceDetail' });
    expect((await ok(c.get(`/v1/debit-memos/${dm.id}/application-parts`))).applicationParts).toEqual([expect.objectContaining({ appliedAmount: 7.5, creditMemoId: cm.id, paymentId: null })]);
    expect(await metrics(c, b)).toMatchObject({ balance: 107.5, totalDebitMemoBalance: 0, unappliedCreditMemoAmount: 0 });
    // a debit memo with applications cannot be unposted
    expect((await c.put(`/v1/debit-memos/${dm.id}/unpost`)).body.reasons[0].message).toContain('cannot be unposted');
    const parts = (await ok(c.get(`/v1/credit-memos/${cm.id}/parts`))).parts as Array<{ amount: number; invoiceId: string | null; debitMemoId: string | null }>;
    expect(parts.map((p) => [p.amount, p.invoiceId, p.debitMemoId])).toEqual(expect.arrayContaining([[7.5, null, dm.id], [2.5, b.invoiceId, null]]));
  });

  it('from charges, lifecycle, list', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const dm = await ok(c.post('/v1/debit-memos', { accountNumber: b.accountNumber, charges: [{ productRatePlanChargeId: b.cat.seatChargeId, quantity: 2 }], dueDate: '2024-02-15' }));
    expect(dm).toMatchObject({ status: 'Draft', amount: 20, balance: 20, dueDate: '2024-02-15', reasonCode: 'Ad hoc debit', sourceType: 'Standalone' });
    expect((await c.del(`/v1/debit-memos/${dm.id}`)).status).toBe(400);
    await ok(c.put(`/v1/debit-memos/${dm.id}/post`));
    expect(await ok(c.put(`/v1/debit-memos/${dm.id}/unpost`))).toMatchObject({ status: 'Draft' });
    expect(await ok(c.put(`/v1/debit-memos/${dm.id}`, { comment: 'x', autoPay: true, dueDate: '2024-03-01' }))).toMatchObject({ comment: 'x', autoPay: true, dueDate: '2024-03-01' });
    expect(await ok(c.put(`/v1/debit-memos/${dm.id}/cancel`))).toMatchObject({ status: 'Canceled', balance: 0 });
    expect((await ok(c.get(`/v1/debit-memos?status=Canceled`))).debitmemos.map((m: { id: string }) => m.id)).toEqual([dm.id]);
    expect(await ok(c.del(`/v1/debit-memos/${dm.id}`))).toEqual({ success: true });
  });
});

describe('refund, reverse, write-off', () => {
  it('an external refund takes from the unapplied amount (the refund of an unapplied credit memo)', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const cm = await postedCreditMemo(c, b, { Seats: 10 });
    const r = await ok(c.post(`/v1/credit-memos/${cm.id}/refund`, { type: 'External', methodType: 'Check', totalAmount: 4, refundDate: '2024-01-02', comment: 'cheque 12' }));
    expect(r).toMatchObject({ number: 'R-00000001', status: 'Processed', type: 'External', methodType: 'Check', amount: 4, refundDate: '2024-01-02', creditMemoId: cm.id, accountId: b.accountId, comment: 'cheque 12' });
    expect(await memoState(c, cm.id)).toMatchObject({ unapplied: 6, refund: 4 });
    expect((await ok(c.get(`/v1/credit-memos/${cm.id}/items`))).items[0]).toMatchObject({ unappliedAmount: 6, refundAmount: 4 });
    expect(await metrics(c, b)).toMatchObject({ unappliedCreditMemoAmount: 6 });
    expect((await c.post(`/v1/credit-memos/${cm.id}/refund`, { type: 'External', methodType: 'Check', totalAmount: 6.01 })).body.reasons[0].message).toContain('exceeds the unapplied amount 6');
    expect((await c.post(`/v1/credit-memos/${cm.id}/refund`, { type: 'External', totalAmount: 1 })).body.reasons[0].message).toContain("'methodType' is required");
    // an electronic refund needs an electronic payment method of the account (test/memos/electronic-refunds.test.ts)
    expect((await c.post(`/v1/credit-memos/${cm.id}/refund`, { type: 'Electronic', totalAmount: 1, paymentMethodId: 'x' })).status).toBe(400);
    // a refunded memo cannot be unposted
    expect((await c.put(`/v1/credit-memos/${cm.id}/unpost`)).status).toBe(400);
  });

  it('writing off an invoice makes a posted credit memo applied to it: the invoice balance is 0 (write-off of an invoice)', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const cm = await postedCreditMemo(c, b, { Seats: 10 });
    await ok(c.put(`/v1/credit-memos/${cm.id}/apply`, { invoices: [{ invoiceId: b.invoiceId, amount: 10 }] }));
    const w = await ok(c.put(`/v1/invoices/${b.invoiceNumber}/write-off`, { memoDate: '2024-01-02', comment: 'bad debt' }));
    expect(w.creditMemo.id).toMatch(/^[0-9a-f]{32}$/);
    expect(await ok(c.get(`/v1/credit-memos/${w.creditMemo.id}`))).toMatchObject({ status: 'Posted', amount: 100, appliedAmount: 100, unappliedAmount: 0, reasonCode: 'Write-off', referredInvoiceId: b.invoiceId, creditMemoDate: '2024-01-02', comment: 'bad debt' });
    expect(await invoiceState(c, b)).toEqual({ balance: 0, creditMemoAmount: 110, items: { 'Platform Fee': 0, Seats: 0 } });
    expect((await c.put(`/v1/invoices/${b.invoiceNumber}/write-off`, {})).body.reasons[0].message).toContain('no balance to write off');
  });

  it('reversing an invoice credits all of it; refused once anything is applied', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const r = await ok(c.put(`/v1/invoices/${b.invoiceId}/reverse`, { memoDate: '2024-01-01', applyEffectiveDate: '2024-01-01' }));
    expect(await ok(c.get(`/v1/credit-memos/${r.creditMemo.id}`))).toMatchObject({ amount: 110, appliedAmount: 110, unappliedAmount: 0, status: 'Posted' });
    expect(await invoiceState(c, b)).toMatchObject({ balance: 0, creditMemoAmount: 110 });
    const b2 = await billedAccount(c, b.cat);
    const cm = await postedCreditMemo(c, b2, { Seats: 1 });
    await ok(c.put(`/v1/credit-memos/${cm.id}/apply`, { invoices: [{ invoiceId: b2.invoiceId, amount: 1 }] }));
    expect((await c.put(`/v1/invoices/${b2.invoiceId}/reverse`, {})).body.reasons[0].message).toContain('cannot be reversed');
  });

  it('reversing a credit memo makes the opposite debit memo and applies the memo to it; write-offs of memos', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const cm = await postedCreditMemo(c, b, { Seats: 10 });
    const rev = await ok(c.put(`/v1/credit-memos/${cm.id}/reverse`, {}));
    expect(await ok(c.get(`/v1/debit-memos/${rev.debitMemo.id}`))).toMatchObject({ status: 'Posted', amount: 10, balance: 0, referredCreditMemoId: cm.id });
    expect(await ok(c.get(`/v1/credit-memos/${cm.id}`))).toMatchObject({ reversed: true, unappliedAmount: 0, appliedAmount: 10 });
    expect((await c.put(`/v1/credit-memos/${cm.id}/reverse`, {})).status).toBe(400);

    const cm2 = await postedCreditMemo(c, b, { 'Platform Fee': 5 });
    const wo = await ok(c.put(`/v1/credit-memos/${cm2.id}/write-off`, { memoDate: '2024-01-01' }));
    expect(await ok(c.get(`/v1/debit-memos/${wo.debitMemo.id}`))).toMatchObject({ amount: 5, balance: 0 });
    expect(await memoState(c, cm2.id)).toMatchObject({ unapplied: 0, applied: 5 });

    const dm = await ok(c.post('/v1/debit-memos', { accountId: b.accountId, charges: [{ productRatePlanChargeId: b.cat.flatChargeId, amount: 12 }], autoPost: true }));
    const dwo = await ok(c.put(`/v1/debit-memos/${dm.id}/write-off`, {}));
    expect(await ok(c.get(`/v1/credit-memos/${dwo.creditMemo.id}`))).toMatchObject({ amount: 12, appliedAmount: 12, reasonCode: 'Write-off' });
    expect(await ok(c.get(`/v1/debit-memos/${dm.id}`))).toMatchObject({ balance: 0 });
    expect(await metrics(c, b)).toMatchObject({ balance: 110, totalDebitMemoBalance: 0, unappliedCreditMemoAmount: 0 });
  });
});
