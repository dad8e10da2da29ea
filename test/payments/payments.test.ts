// Payments through the real app (both databases). Pages: "Create a payment", "Apply a payment",
// "Unapply a payment", "Transfer a payment", "Cancel a payment", "Delete a payment", "List payments"
// (developer.zuora.com v1 API reference) and the Knowledge Center's "Overview of unapplied payments"
// (applied + unapplied = the payment amount; the unapplied amount is never negative) and
// "Understand different balance types on invoices" (with Invoice Settlement: Account Balance =
// Total Invoice Balance + Total Debit Memo Balance − Total Unapplied Payments − Total Unapplied Credit Memos).
import { describe, expect, it } from 'vitest';
import { setupApp } from '../helpers.js';
import { card, newAccount, postedInvoice, setup } from './fixtures.js';

const t = await setupApp({ jobWorker: false, ...(process.env.H2_DEBUG ? { logLevel: "error" } : {}) });

describe('POST /v1/payments (External)', () => {
  it('applies to an invoice whole: P- number, the invoice balance drops, parts and item parts name what was paid', async () => {
    const { c, cat, acc } = await setup(t);
    const inv = await postedInvoice(c, cat, acc.accountNumber);
    const res = await c.post('/v1/payments', { accountId: acc.accountId, type: 'External', paymentMethodType: 'Check', amount: 110, currency: 'USD', comment: 'check 1001', invoices: [{ invoiceId: inv.id, amount: 110 }], ref__c: 'x' });
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toMatchObject({
      success: true, number: 'P-00000001', status: 'Processed', type: 'External', accountId: acc.accountId, accountNumber: acc.accountNumber,
      amount: 110, appliedAmount: 110, unappliedAmount: 0, refundAmount: 0, creditBalanceAmount: 0, currency: 'USD', effectiveDate: '2024-01-01',
      comment: 'check 1001', gatewayState: 'NotSubmitted', gatewayId: null, gatewayResponse: null, cancelledOn: null, ref__c: 'x',
      financeInformation: { transferredToAccounting: 'No', bankAccountAccountingCode: null },
    });
    expect(res.body.id).toMatch(/^[0-9a-f]{32}$/);
    expect((await c.get(`/v1/invoices/${inv.id}`)).body).toMatchObject({ balance: 0, paymentAmount: 110 });
    // by number too
    expect((await c.get('/v1/payments/P-00000001')).body.id).toBe(res.body.id);

    const parts = (await c.get(`/v1/payments/${res.body.id}/parts`)).body.parts;
    expect(parts).toEqual([expect.objectContaining({ amount: 110, invoiceId: inv.id, debitMemoId: null })]);
    const part = (await c.get(`/v1/payments/${res.body.id}/parts/${parts[0].id}`)).body;
    expect(part).toMatchObject({ success: true, id: parts[0].id, amount: 110 });
    const itemParts = (await c.get(`/v1/payments/${res.body.id}/parts/${parts[0].id}/item-parts`)).body.itemParts;
    // spread over the invoice's items: each paid whole
    expect(itemParts.map((i: { invoiceItemId: string; amount: number }) => [i.invoiceItemId, i.amount]).sort()).toEqual(inv.items.map((i) => [i.id, i.chargeAmount]).sort());
    const ip = (await c.get(`/v1/payments/${res.body.id}/parts/${parts[0].id}/item-parts/${itemParts[0].id}`)).body;
    expect(ip).toMatchObject({ success: true, id: itemParts[0].id, taxItemId: null, debitMemoItemId: null });
    expect((await c.get(`/v1/payments/${res.body.id}/parts/ffffffffffffffffffffffffffffffff`)).status).toBe(404);
  });

  it('leaves the rest unapplied, then applies it item by item and unapplies it; the account figures follow', async () => {
    const { c, cat, acc } = await setup(t);
    const inv = await postedInvoice(c, cat, acc.accountNumber);
    const pay = (await c.post('/v1/payments', { accountNumber: acc.accountNumber, type: 'External', paymentMethodType: 'Cash', amount: 150, currency: 'USD' })).body;
    expect(pay).toMatchObject({ appliedAmount: 0, unappliedAmount: 150 });
    let account = (await c.get(`/v1/accounts/${acc.accountNumber}`)).body;
    // 110 owed on the invoice − 150 unapplied payment
    expect(account.metrics).toMatchObject({ totalInvoiceBalance: 110, unappliedPaymentAmount: 150, balance: -40 });

    const [fee, seat] = inv.items;
    const applied = await c.put(`/v1/payments/${pay.id}/apply`, { invoices: [{ invoiceId: inv.id, amount: 60, items: [{ invoiceItemId: fee!.id, amount: 55 }, { invoiceItemId: seat!.id, amount: 5 }] }] });
    expect(applied.body, applied.raw).toMatchObject({ success: true, appliedAmount: 60, unappliedAmount: 90 });
    const items = (await c.get(`/v1/invoices/${inv.id}/items`)).body.invoiceItems as Array<{ id: string; balance: number }>;
    expect(items.find((i) => i.id === fee!.id)!.balance).toBe(45);
    expect(items.find((i) => i.id === seat!.id)!.balance).toBe(5);
    account = (await c.get(`/v1/accounts/${acc.accountNumber}`)).body;
    expect(account.metrics).toMatchObject({ totalInvoiceBalance: 50, unappliedPaymentAmount: 90, balance: -40 });
    const summary = (await c.get(`/v1/accounts/${acc.accountNumber}/summary`)).body;
    expect(summary.basicInfo).toMatchObject({ balance: -40, lastPaymentDate: '2024-01-01', lastPaymentAmount: 150 });
    expect(summary.payments).toEqual([expect.objectContaining({ paymentNumber: pay.number, paymentType: 'External', status: 'Processed', paidInvoices: [{ invoiceId: inv.id, invoiceNumber: inv.invoiceNumber, appliedPaymentAmount: '60' }] })]);

    // more than an item received is refused, and nothing changes
    const tooMuch = await c.put(`/v1/payments/${pay.id}/unapply`, { invoices: [{ invoiceId: inv.id, amount: 6, items: [{ invoiceItemId: seat!.id, amount: 6 }] }] });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.reasons[0].code % 100).toBe(30);
    // unapplying by invoice number, without items: what this payment paid comes back
    const un = await c.put(`/v1/payments/${pay.number}/unapply`, { invoices: [{ invoiceNumber: inv.invoiceNumber, amount: 60 }] });
    expect(un.body, un.raw).toMatchObject({ appliedAmount: 0, unappliedAmount: 150 });
    expect((await c.get(`/v1/invoices/${inv.id}`)).body.balance).toBe(110);
    expect(((await c.get(`/v1/invoices/${inv.id}/items`)).body.invoiceItems as Array<{ balance: number; chargeAmount: number }>).every((i) => i.balance === i.chargeAmount)).toBe(true);
    expect((await c.get(`/v1/payments/${pay.id}/parts`)).body.parts).toEqual([]);
  });

  it('pays a debit memo item by item alongside an invoice; the account balance counts the debit memo (memos settlement port)', async () => {
    const { c, cat, acc } = await setup(t);
    const inv = await postedInvoice(c, cat, acc.accountNumber);
    const dm = await c.post(`/v1/debit-memos/invoice/${inv.id}`, { invoiceId: inv.id, autoPost: true, items: [{ invoiceItemId: inv.items[0]!.id, amount: 30, skuName: 'late fee' }] });
    expect(dm.body, dm.raw).toMatchObject({ success: true, status: 'Posted', amount: 30 });
    const dmItems = (await c.get(`/v1/debit-memos/${dm.body.id}/items`)).body.items as Array<{ id: string }>;
    expect((await c.get(`/v1/accounts/${acc.accountNumber}`)).body.metrics).toMatchObject({ totalInvoiceBalance: 110, totalDebitMemoBalance: 30, balance: 140 });
    const res = await c.post('/v1/payments', {
      accountId: acc.accountId, type: 'External', paymentMethodType: 'Check', amount: 150, currency: 'USD',
      invoices: [{ invoiceId: inv.id, amount: 100 }], debitMemos: [{ debitMemoId: dm.body.id, amount: 30, items: [{ debitMemoItemId: dmItems[0]!.id, amount: 30 }] }],
    });
    expect(res.body, res.raw).toMatchObject({ success: true, appliedAmount: 130, unappliedAmount: 20 });
    expect((await c.get(`/v1/debit-memos/${dm.body.id}`)).body.balance).toBe(0);
    const parts = (await c.get(`/v1/payments/${res.body.id}/parts`)).body.parts as Array<{ id: string; debitMemoId: string | null; amount: number }>;
    const dmPart = parts.find((p) => p.debitMemoId === dm.body.id)!;
    expect(dmPart.amount).toBe(30);
    expect((await c.get(`/v1/payments/${res.body.id}/parts/${dmPart.id}/item-parts`)).body.itemParts).toEqual([expect.objectContaining({ debitMemoItemId: dmItems[0]!.id, invoiceItemId: null, amount: 30 })]);
    // 10 left on the invoice, 0 on the memo, 20 unapplied
    expect((await c.get(`/v1/accounts/${acc.accountNumber}`)).body.metrics).toMatchObject({ totalInvoiceBalance: 10, totalDebitMemoBalance: 0, unappliedPaymentAmount: 20, balance: -10 });
    await c.put(`/v1/payments/${res.body.id}/unapply`, { debitMemos: [{ debitMemoNumber: dm.body.number, amount: 30 }] });
    expect((await c.get(`/v1/debit-memos/${dm.body.id}`)).body.balance).toBe(30);
  });

  it('refuses what the rules forbid and changes nothing', async () => {
    const { c, cat, acc } = await setup(t);
    const inv = await postedInvoice(c, cat, acc.accountNumber);
    const base = { accountId: acc.accountId, type: 'External', paymentMethodType: 'Check', currency: 'USD' };
    const cases: Array<[Record<string, unknown>, number]> = [
      [{ ...base, amount: 200, invoices: [{ invoiceId: inv.id, amount: 111 }] }, 30], // above the invoice balance
      [{ ...base, amount: 100, invoices: [{ invoiceId: inv.id, amount: 110 }] }, 30], // above the payment amount
      [{ ...base, amount: 110, currency: 'EUR', invoices: [{ invoiceId: inv.id, amount: 110 }] }, 30], // not the account's currency
      [{ ...base, amount: 10.005 }, 20], // more decimals than USD has
      [{ ...base, amount: -5 }, 20],
      [{ ...base, amount: 5, type: 'Cheque' }, 20],
      [{ ...base, currency: undefined, amount: 5 }, 22],
      [{ ...base, amount: 5, paymentMethodType: 'Gold' }, 20],
      [{ ...base, amount: 5, bogus: 1 }, 21],
      [{ ...base, amount: 5, invoices: [{ invoiceId: 'ffffffffffffffffffffffffffffffff', amount: 5 }] }, 40],
      [{ ...base, amount: 5, invoices: [{ invoiceId: inv.id, amount: 5, items: [{ invoiceItemId: inv.items[0]!.id, amount: 4 }] }] }, 20], // items do not add up
      [{ ...base, amount: 10, invoices: [{ invoiceId: inv.id, amount: 5 }, { invoiceId: inv.id, amount: 5 }] }, 20], // twice
      [{ ...base, amount: 5, standalone: true }, 60],
      [{ type: 'External', paymentMethodType: 'Check', currency: 'USD', amount: 5, invoices: [{ invoiceId: inv.id, amount: 5 }] }, 30], // no account
      [{ type: 'Electronic', currency: 'USD', amount: 5 }, 22],
    ];
    for (const [body, category] of cases) {
      const res = await c.post('/v1/payments', JSON.parse(JSON.stringify(body)));
      expect(res.body.success, JSON.stringify(body)).toBe(false);
      expect(res.body.reasons[0].code % 100, `${JSON.stringify(body)} → ${res.raw}`).toBe(category);
    }
    // another account's invoice
    const other = await newAccount(c);
    const res = await c.post('/v1/payments', { ...base, accountId: other.accountId, amount: 5, invoices: [{ invoiceId: inv.id, amount: 5 }] });
    expect(res.body.reasons[0].code % 100).toBe(30);
    expect((await c.get(`/v1/invoices/${inv.id}`)).body.balance).toBe(110);
    expect((await c.get('/v1/payments')).body.payments).toEqual([]);
  });

  it('an unassigned payment is transferred to an account, then applied; transfer back needs it unapplied', async () => {
    const { c, cat, acc } = await setup(t);
    const inv = await postedInvoice(c, cat, acc.accountNumber);
    const pay = (await c.post('/v1/payments', { type: 'External', paymentMethodType: 'WireTransfer', amount: 110, currency: 'USD' })).body;
    expect(pay).toMatchObject({ accountId: null, accountNumber: null, unappliedAmount: 110 });
    expect((await c.put(`/v1/payments/${pay.id}/apply`, { invoices: [{ invoiceId: inv.id, amount: 10 }] })).body.reasons[0].code % 100).toBe(30);
    const moved = await c.put(`/v1/payments/${pay.id}/transfer`, { accountId: acc.accountId });
    expect(moved.body, moved.raw).toMatchObject({ success: true, accountId: acc.accountId, accountNumber: acc.accountNumber });
    await c.put(`/v1/payments/${pay.id}/apply`, { invoices: [{ invoiceId: inv.id, amount: 10 }] });
    const other = await newAccount(c);
    expect((await c.put(`/v1/payments/${pay.id}/transfer`, { accountId: other.accountId })).body.reasons[0].code % 100).toBe(30);
    await c.put(`/v1/payments/${pay.id}/unapply`, { invoices: [{ invoiceId: inv.id, amount: 10 }] });
    expect((await c.put(`/v1/payments/${pay.id}/transfer`, { accountId: other.accountId })).body.accountId).toBe(other.accountId);
    expect((await c.put(`/v1/payments/${pay.id}/transfer`, { accountId: '' })).body.accountId).toBeNull();
  });

  it('cancel unapplies the payment first; only canceled payments are deleted', async () => {
    const { c, cat, acc } = await setup(t);
    const inv = await postedInvoice(c, cat, acc.accountNumber);
    const pay = (await c.post('/v1/payments', { accountId: acc.accountId, type: 'External', paymentMethodType: 'Check', amount: 110, currency: 'USD', invoices: [{ invoiceId: inv.id, amount: 110 }] })).body;
    expect((await c.del(`/v1/payments/${pay.id}`)).body.reasons[0].code % 100).toBe(30);
    const canceled = await c.put(`/v1/payments/${pay.id}/cancel`);
    expect(canceled.body, canceled.raw).toMatchObject({ success: true, status: 'Canceled', appliedAmount: 0, unappliedAmount: 110 });
    expect(canceled.body.cancelledOn).toMatch(/^2024-01-01 /);
    expect((await c.get(`/v1/invoices/${inv.id}`)).body.balance).toBe(110);
    expect((await c.get(`/v1/accounts/${acc.accountNumber}`)).body.metrics).toMatchObject({ balance: 110, unappliedPaymentAmount: 0 });
    expect((await c.put(`/v1/payments/${pay.id}/cancel`)).body.reasons[0].code % 100).toBe(30);
    expect((await c.put(`/v1/payments/${pay.id}/apply`, { invoices: [{ invoiceId: inv.id, amount: 1 }] })).body.reasons[0].code % 100).toBe(30);
    expect((await c.del(`/v1/payments/${pay.id}`)).body).toEqual({ success: true });
    expect((await c.get(`/v1/payments/${pay.id}`)).status).toBe(404);
  });

  it('a POST retried with the same Idempotency-Key makes one payment and answers the same', async () => {
    const { c, cat, acc } = await setup(t);
    const inv = await postedInvoice(c, cat, acc.accountNumber);
    const body = { accountId: acc.accountId, type: 'External', paymentMethodType: 'Check', amount: 50, currency: 'USD', invoices: [{ invoiceId: inv.id, amount: 50 }] };
    const first = await c.post('/v1/payments', body, { 'Idempotency-Key': 'pay-once' });
    const again = await c.post('/v1/payments', body, { 'Idempotency-Key': 'pay-once' });
    expect(again.body.id).toBe(first.body.id);
    expect((await c.get('/v1/payments')).body.payments).toHaveLength(1);
    expect((await c.get(`/v1/invoices/${inv.id}`)).body.balance).toBe(60);
  });

  it('PUT updates the comment, reference, finance information and custom fields; lists filter and sort', async () => {
    const { c, acc } = await setup(t);
    const a = (await c.post('/v1/payments', { accountId: acc.accountId, type: 'External', paymentMethodType: 'Check', amount: 5, currency: 'USD', paymentOption: [{ type: 'GatewayOptions', detail: { SecCode: 'WEB' } }] })).body;
    const b = (await c.post('/v1/payments', { accountId: acc.accountId, type: 'External', paymentMethodType: 'Cash', amount: 7.5, currency: 'USD' })).body;
    const up = await c.put(`/v1/payments/${a.id}`, { comment: 'late', referenceId: 'R-1', financeInformation: { transferredToAccounting: 'Yes' }, note__c: 'n' });
    expect(up.body, up.raw).toMatchObject({ comment: 'late', referenceId: 'R-1', financeInformation: { transferredToAccounting: 'Yes' }, note__c: 'n' });
    expect((await c.put(`/v1/payments/${a.id}`, { gatewayState: 'Settled' })).body.reasons[0].code % 100).toBe(30);
    expect((await c.put(`/v1/payments/${a.id}`, { amount: 3 })).body.reasons[0].code % 100).toBe(21);

    const all = (await c.get('/v1/payments')).body.payments.map((p: { number: string }) => p.number);
    expect(all).toEqual([b.number, a.number]);
    expect((await c.get('/v1/payments?sort=+number')).body.payments.map((p: { number: string }) => p.number)).toEqual([a.number, b.number]);
    expect((await c.get('/v1/payments?amount=7.5')).body.payments.map((p: { id: string }) => p.id)).toEqual([b.id]);
    expect((await c.get('/v1/payments?unappliedAmount=5&status=Processed')).body.payments.map((p: { id: string }) => p.id)).toEqual([a.id]);
    expect((await c.get(`/v1/payments?accountId=${acc.accountId}&type=Electronic`)).body.payments).toEqual([]);
    const page = (await c.get('/v1/payments?pageSize=1')).body;
    expect(page.payments).toHaveLength(1);
    expect(page.nextPage).toBe('/v1/payments?page=2&pageSize=1');
    expect((await c.get('/v1/payments?sort=+color')).body.reasons[0].code % 100).toBe(20);
    // the list shows each payment's paymentOption
    const listed = (await c.get('/v1/payments?sort=+number')).body.payments;
    expect(listed.map((p: { paymentOption: unknown }) => p.paymentOption)).toEqual([[{ type: 'GatewayOptions', detail: { SecCode: 'WEB' } }], null]);
    expect((await c.post('/v1/payments', { accountId: acc.accountId, type: 'External', paymentMethodType: 'Check', amount: 5, currency: 'USD', paymentOption: [{ type: 'Other' }] })).body.reasons[0].code % 100).toBe(20);
  });
});

describe('POST /v1/payments (Electronic, through the test gateway)', () => {
  it('an approved card: Processed, submitted to the gateway, the default payment method when none is named', async () => {
    const { c, cat, acc } = await setup(t);
    const pm = await card(c, acc.accountId);
    const inv = await postedInvoice(c, cat, acc.accountNumber);
    const res = await c.post('/v1/payments', { accountId: acc.accountId, type: 'Electronic', effectiveDate: '2024-01-01', amount: 110, currency: 'USD', invoices: [{ invoiceId: inv.id, amount: 110 }] });
    expect(res.body, res.raw).toMatchObject({ success: true, status: 'Processed', type: 'Electronic', paymentMethodId: pm, gatewayState: 'Submitted', gatewayResponseCode: '00', gatewayResponse: 'Approved', appliedAmount: 110 });
    expect(res.body.gatewayId).toMatch(/^[0-9a-f]{32}$/);
    expect(res.body.submittedOn).toMatch(/^2024-01-01 /);
    expect(res.body.referenceId).toBeTruthy();
    // settled by the gateway: no longer cancelable
    const settled = await c.post(`/v1/gateway-settlement/payments/${res.body.id}/settle`, { gatewayReconciliationReason: 'paid' });
    expect(settled.body, settled.raw).toMatchObject({ gatewayState: 'Settled', gatewayReconciliationReason: 'paid' });
    expect(settled.body.settledOn).toMatch(/^2024-01-01 /);
    expect((await c.put(`/v1/payments/${res.body.id}/cancel`)).body.reasons[0].code % 100).toBe(30);
  });

  it('a declined card records a payment in status Error with the response code and answers the decline; nothing is applied', async () => {
    const { c, cat, acc } = await setup(t);
    await card(c, acc.accountId, '4000000000009995');
    const inv = await postedInvoice(c, cat, acc.accountNumber);
    const res = await c.post('/v1/payments', { accountId: acc.accountId, type: 'Electronic', effectiveDate: '2024-01-01', amount: 110, currency: 'USD', invoices: [{ invoiceId: inv.id, amount: 110 }] });
    expect(res.status).toBe(400);
    expect(res.body.success).toBe(false);
    expect(res.body.reasons[0].code % 100).toBe(30);
    expect(res.body.reasons[0].message).toContain('response code 51');
    const [p] = (await c.get('/v1/payments')).body.payments;
    expect(p).toMatchObject({ number: 'P-00000001', status: 'Error', gatewayResponseCode: '51', gatewayResponse: 'Insufficient funds', appliedAmount: 0 });
    expect((await c.get(`/v1/invoices/${inv.id}`)).body.balance).toBe(110);
    expect((await c.get(`/v1/accounts/${acc.accountNumber}`)).body.metrics).toMatchObject({ balance: 110, unappliedPaymentAmount: 0 });
    // a failed payment is deleted without being canceled
    expect((await c.del(`/v1/payments/${p.id}`)).body.success).toBe(true);
  });

  it('a gateway error answers code 96; an electronic payment needs a payment method of the account and today as its date', async () => {
    const { c, acc } = await setup(t);
    expect((await c.post('/v1/payments', { accountId: acc.accountId, type: 'Electronic', effectiveDate: '2024-01-01', amount: 5, currency: 'USD' })).body.reasons[0].code % 100).toBe(22);
    const err = await card(c, acc.accountId, '4000000000000119');
    const res = await c.post('/v1/payments', { accountId: acc.accountId, type: 'Electronic', effectiveDate: '2024-01-01', amount: 5, currency: 'USD', paymentMethodId: err });
    expect(res.body.reasons[0].message).toContain('response code 96');
    expect((await c.get('/v1/payments')).body.payments[0]).toMatchObject({ status: 'Error', gatewayResponseCode: '96' });
    const other = await newAccount(c);
    const foreign = await card(c, other.accountId);
    expect((await c.post('/v1/payments', { accountId: acc.accountId, type: 'Electronic', effectiveDate: '2024-01-01', amount: 5, currency: 'USD', paymentMethodId: foreign })).body.reasons[0].code % 100).toBe(20);
    const ok = await card(c, acc.accountId);
    expect((await c.post('/v1/payments', { accountId: acc.accountId, type: 'Electronic', amount: 5, currency: 'USD', paymentMethodId: ok, effectiveDate: '2024-01-05' })).body.reasons[0].code % 100).toBe(20);
    expect((await c.post('/v1/payments', { accountId: acc.accountId, type: 'Electronic', amount: 5, currency: 'USD', paymentMethodId: ok })).body.reasons[0].code % 100).toBe(22);
    expect((await c.post('/v1/payments', { accountId: acc.accountId, type: 'Electronic', effectiveDate: '2024-01-01', amount: 5, currency: 'USD', paymentMethodId: ok, gatewayId: 'ffffffffffffffffffffffffffffffff' })).body.reasons[0].code % 100).toBe(20);
  });
});

describe('POST /v1/operations/invoice-collect', () => {
  it('collects the balance of a posted invoice with the default payment method; a decline rolls everything back; generating invoices answers 501', async () => {
    const { c, cat, acc } = await setup(t);
    const inv = await postedInvoice(c, cat, acc.accountNumber);
    expect((await c.post('/v1/operations/invoice-collect', { accountKey: acc.accountNumber, invoiceId: inv.id })).body.reasons[0].code % 100).toBe(30); // no default payment method
    await card(c, acc.accountId);
    await c.post('/v1/payments', { accountId: acc.accountId, type: 'External', paymentMethodType: 'Check', amount: 10, currency: 'USD', invoices: [{ invoiceId: inv.id, amount: 10 }] });
    const res = await c.post('/v1/operations/invoice-collect', { accountKey: acc.accountNumber, invoiceId: inv.id });
    expect(res.body, res.raw).toMatchObject({ success: true, amountCollected: 100, invoices: [{ invoiceId: inv.id, invoiceNumber: inv.invoiceNumber, invoiceAmount: 110 }], creditMemos: [] });
    expect((await c.get(`/v1/payments/${res.body.paymentId}`)).body).toMatchObject({ type: 'Electronic', status: 'Processed', amount: 100, appliedAmount: 100 });
    expect((await c.get(`/v1/invoices/${inv.id}`)).body.balance).toBe(0);
    // nothing left to collect
    expect((await c.post('/v1/operations/invoice-collect', { accountKey: acc.accountNumber, invoiceId: inv.id })).body).toMatchObject({ success: true, amountCollected: 0, paymentId: null });
    expect((await c.post('/v1/operations/invoice-collect', { accountKey: acc.accountNumber })).status).toBe(501);

    const other = await setup(t);
    await card(other.c, other.acc.accountId, '4000000000000069');
    const inv2 = await postedInvoice(other.c, other.cat, other.acc.accountNumber);
    const declined = await other.c.post('/v1/operations/invoice-collect', { accountKey: other.acc.accountId, invoiceId: inv2.id });
    expect(declined.body.reasons[0].message).toContain('response code 54');
    // atomic: no payment is left behind
    expect((await other.c.get('/v1/payments')).body.payments).toEqual([]);
    expect((await other.c.get(`/v1/invoices/${inv2.id}`)).body.balance).toBe(110);
  });
});

describe('POST /v1/debit-memos/{key}/collect', () => {
  it('applies unapplied credit memos, then unapplied payments, then collects the rest with the default payment method', async () => {
    const { c, cat, acc } = await setup(t);
    await card(c, acc.accountId);
    const inv = await postedInvoice(c, cat, acc.accountNumber);
    const dm = (await c.post(`/v1/debit-memos/invoice/${inv.id}`, { invoiceId: inv.id, autoPost: true, items: [{ invoiceItemId: inv.items[0]!.id, amount: 30, skuName: 'fee' }] })).body;
    const cm = await c.post(`/v1/credit-memos/invoice/${inv.id}`, { invoiceId: inv.id, autoPost: true, items: [{ invoiceItemId: inv.items[1]!.id, amount: 4, skuName: 'seat' }] });
    expect(cm.body, cm.raw).toMatchObject({ success: true, status: 'Posted', unappliedAmount: 4 });
    const older = (await c.post('/v1/payments', { accountId: acc.accountId, type: 'External', paymentMethodType: 'Check', amount: 6, currency: 'USD' })).body;
    const res = await c.post(`/v1/debit-memos/${dm.number}/collect`, { applyCredit: true, collect: true });
    expect(res.body, res.raw).toMatchObject({
      success: true, debitMemo: { id: dm.id, number: dm.number },
      appliedCreditMemos: [{ id: cm.body.id, appliedAmount: 4, unappliedAmount: 0 }],
      appliedPayments: [{ id: older.id, appliedAmount: 6, unappliedAmount: 0 }],
      processedPayment: { status: 'Processed', amount: 20, gatewayResponseCode: '00' },
    });
    expect((await c.get(`/v1/debit-memos/${dm.id}`)).body.balance).toBe(0);
    // nothing left: nothing more is collected
    expect((await c.post(`/v1/debit-memos/${dm.id}/collect`, { collect: true })).body.processedPayment).toBeUndefined();
    expect((await c.post(`/v1/debit-memos/${dm.id}/collect`, { applicationOrder: ['CreditMemo'] })).body.reasons[0].code % 100).toBe(20);
  });
});
