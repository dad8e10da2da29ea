// Refunds of payments through the real app (both databases). Pages: "Refund a payment" (the amount
// cannot exceed the payment's unapplied amount; methodType required for an external refund, empty for
// an electronic one; refundDate not before the payment date, set by Zuora for electronic refunds),
// "Refund a payment with auto-unapplying", "Cancel a refund", "Delete a refund" (only canceled),
// "List refunds", "Reconcile a refund".
import { describe, expect, it } from 'vitest';
import { setupApp } from '../helpers.js';
import { card, postedInvoice, setup } from './fixtures.js';

const t = await setupApp({ jobWorker: false });

describe('POST /v1/payments/{key}/refunds', () => {
  it('refunds an unapplied amount externally: R- number, the payment refundAmount and the account figures follow; cancel gives it back; delete needs cancel', async () => {
    const { c, acc } = await setup(t);
    const pay = (await c.post('/v1/payments', { accountId: acc.accountId, type: 'External', paymentMethodType: 'Check', amount: 50, currency: 'USD', effectiveDate: '2024-01-01' })).body;
    const res = await c.post(`/v1/payments/${pay.id}/refunds`, { type: 'External', methodType: 'Check', totalAmount: 20, comment: 'sent back', refundDate: '2024-01-01' });
    expect(res.body, res.raw).toMatchObject({
      success: true, number: 'R-00000001', status: 'Processed', type: 'External', methodType: 'Check', amount: 20, refundDate: '2024-01-01', paymentId: pay.id, paymentNumber: pay.number,
      accountId: acc.accountId, creditMemoId: null, reasonCode: 'Standard Refund', gatewayState: 'NotSubmitted', comment: 'sent back',
    });
    expect((await c.get(`/v1/payments/${pay.id}`)).body).toMatchObject({ amount: 50, refundAmount: 20, unappliedAmount: 30, appliedAmount: 0 });
    expect((await c.get(`/v1/accounts/${acc.accountNumber}`)).body.metrics).toMatchObject({ unappliedPaymentAmount: 30, balance: -30 });
    expect((await c.get(`/v1/refunds/R-00000001`)).body.id).toBe(res.body.id);

    const parts = (await c.get(`/v1/refunds/${res.body.id}/parts`)).body.parts;
    expect(parts).toEqual([expect.objectContaining({ amount: 20, paymentId: pay.id, creditMemoId: null })]);
    expect((await c.get(`/v1/refunds/${res.body.id}/parts/${parts[0].id}`)).body).toMatchObject({ success: true, amount: 20 });
    const items = (await c.get(`/v1/refunds/${res.body.id}/parts/${parts[0].id}/item-parts`)).body.itemParts;
    expect(items).toEqual([expect.objectContaining({ amount: 20, creditMemoItemId: null, creditTaxItemId: null })]);
    expect((await c.get(`/v1/refunds/${res.body.id}/parts/${parts[0].id}/item-parts/${items[0].id}`)).body).toMatchObject({ success: true, id: items[0].id });

    expect((await c.del(`/v1/refunds/${res.body.id}`)).body.reasons[0].code % 100).toBe(30);
    const up = await c.put(`/v1/refunds/${res.body.id}`, { comment: 'check 77', reasonCode: 'Customer Request', note__c: 'y' });
    expect(up.body, up.raw).toMatchObject({ comment: 'check 77', reasonCode: 'Customer Request', note__c: 'y' });
    const canceled = await c.put(`/v1/refunds/${res.body.id}/cancel`);
    expect(canceled.body).toMatchObject({ status: 'Canceled' });
    expect((await c.get(`/v1/payments/${pay.id}`)).body).toMatchObject({ refundAmount: 0, unappliedAmount: 50 });
    expect((await c.del(`/v1/refunds/${res.body.id}`)).body).toEqual({ success: true });
    expect((await c.get(`/v1/refunds/${res.body.id}`)).status).toBe(404);
  });

  it('refuses more than the unapplied amount and the wrong fields for the type; changes nothing', async () => {
    const { c, cat, acc } = await setup(t);
    const inv = await postedInvoice(c, cat, acc.accountNumber);
    const pay = (await c.post('/v1/payments', { accountId: acc.accountId, type: 'External', paymentMethodType: 'Check', amount: 150, currency: 'USD', invoices: [{ invoiceId: inv.id, amount: 110 }] })).body;
    const cases: Array<[Record<string, unknown>, number]> = [
      [{ type: 'External', methodType: 'Check', totalAmount: 41 }, 30],
      [{ type: 'External', totalAmount: 10 }, 22],
      [{ type: 'External', methodType: 'Gold', totalAmount: 10 }, 20],
      [{ type: 'External', methodType: 'Check', totalAmount: 10, refundDate: '2023-12-31' }, 20],
      [{ type: 'Electronic', totalAmount: 10 }, 30], // an external payment
      [{ type: 'Electronic', methodType: 'Check', totalAmount: 10 }, 20],
      [{ type: 'External', methodType: 'Check' }, 22],
      [{ type: 'External', methodType: 'Check', totalAmount: 10, color: 'red' }, 21],
    ];
    for (const [body, category] of cases) {
      const res = await c.post(`/v1/payments/${pay.id}/refunds`, body);
      expect(res.body.success, JSON.stringify(body)).toBe(false);
      expect(res.body.reasons[0].code % 100, `${JSON.stringify(body)} → ${res.raw}`).toBe(category);
    }
    expect((await c.get('/v1/refunds')).body.refunds).toEqual([]);
    expect((await c.get(`/v1/payments/${pay.id}`)).body).toMatchObject({ refundAmount: 0, unappliedAmount: 40 });
  });

  it('refunds/unapply unapplies the invoice and refunds in one step', async () => {
    const { c, cat, acc } = await setup(t);
    const inv = await postedInvoice(c, cat, acc.accountNumber);
    const pay = (await c.post('/v1/payments', { accountId: acc.accountId, type: 'External', paymentMethodType: 'Check', amount: 110, currency: 'USD', invoices: [{ invoiceId: inv.id, amount: 110 }] })).body;
    const res = await c.post(`/v1/payments/${pay.id}/refunds/unapply`, { type: 'External', methodType: 'Cash', invoices: [{ invoiceId: inv.id, amount: 30 }] });
    expect(res.body, res.raw).toMatchObject({ success: true, amount: 30, status: 'Processed' });
    expect((await c.get(`/v1/payments/${pay.id}`)).body).toMatchObject({ appliedAmount: 80, refundAmount: 30, unappliedAmount: 0 });
    expect((await c.get(`/v1/invoices/${inv.id}`)).body.balance).toBe(30);
    // without documents: unapplies as much as the refund needs
    const more = await c.post(`/v1/payments/${pay.id}/refunds/unapply`, { type: 'External', methodType: 'Cash', totalAmount: 50 });
    expect(more.body, more.raw).toMatchObject({ amount: 50 });
    expect((await c.get(`/v1/payments/${pay.id}`)).body).toMatchObject({ appliedAmount: 30, refundAmount: 80, unappliedAmount: 0 });
    expect((await c.get(`/v1/invoices/${inv.id}`)).body.balance).toBe(80);
    expect((await c.post(`/v1/payments/${pay.id}/refunds/unapply`, { type: 'External', methodType: 'Cash', writeOff: true })).status).toBe(501);
    // a payment with refunds cannot be canceled
    expect((await c.put(`/v1/payments/${pay.id}/cancel`)).body.reasons[0].code % 100).toBe(30);
    // list filters
    expect((await c.get(`/v1/refunds?paymentId=${pay.id}&sort=+number`)).body.refunds.map((r: { amount: number }) => r.amount)).toEqual([30, 50]);
    expect((await c.get('/v1/refunds?amount=50')).body.refunds).toHaveLength(1);
    expect((await c.get('/v1/refunds?methodType=Check')).body.refunds).toEqual([]);
  });
});

describe('electronic refunds through the test gateway', () => {
  it('an approved card refunds electronically and reconciles (settle, or reject: the money stays on the payment); an external payment is not refunded electronically', async () => {
    const { c, acc } = await setup(t);
    await card(c, acc.accountId);
    const pay = (await c.post('/v1/payments', { accountId: acc.accountId, type: 'Electronic', effectiveDate: '2024-01-01', amount: 40, currency: 'USD' })).body;
    const res = await c.post(`/v1/payments/${pay.id}/refunds`, { type: 'Electronic', totalAmount: 10 });
    expect(res.body, res.raw).toMatchObject({ success: true, type: 'Electronic', status: 'Processed', gatewayState: 'Submitted', gatewayResponseCode: '00', methodType: 'CreditCard', refundDate: '2024-01-01', paymentMethodId: pay.paymentMethodId, gatewayId: pay.gatewayId });
    expect(res.body.refundTransactionTime).toMatch(/^2024-01-01 /);
    const settled = await c.post(`/v1/refunds/${res.body.id}/reconcile`, { action: 'settle', gatewayReconciliationReason: 'done' });
    expect(settled.body, settled.raw).toMatchObject({ gatewayState: 'Settled', gatewayReconciliationReason: 'done' });
    expect((await c.put(`/v1/refunds/${res.body.id}/cancel`)).body.reasons[0].code % 100).toBe(30);
    const second = (await c.post(`/v1/payments/${pay.id}/refunds`, { type: 'Electronic', totalAmount: 5 })).body;
    const rejected = await c.post(`/v1/refunds/${second.id}/reconcile`, { action: 'reject' });
    expect(rejected.body).toMatchObject({ gatewayState: 'FailedToSettle', status: 'Error' });
    expect((await c.get(`/v1/payments/${pay.id}`)).body).toMatchObject({ refundAmount: 10, unappliedAmount: 30 });

    // an external payment named a card: it still cannot be refunded through the gateway
    const { c: c2, acc: acc2 } = await setup(t);
    const declining = await card(c2, acc2.accountId, '4000000000000002');
    const ext = (await c2.post('/v1/payments', { accountId: acc2.accountId, type: 'External', paymentMethodId: declining, amount: 40, currency: 'USD' })).body;
    expect(ext).toMatchObject({ success: true, paymentMethodId: declining });
    expect((await c2.post(`/v1/payments/${ext.id}/refunds`, { type: 'Electronic', totalAmount: 5 })).body.reasons[0].code % 100).toBe(30);
  });

  it('a rejected electronic payment fails to settle and is refunded whole (unapplied first); a chargeback refunds the amount given and settles the payment', async () => {
    const { c, cat, acc } = await setup(t);
    await card(c, acc.accountId);
    const inv = await postedInvoice(c, cat, acc.accountNumber);
    const pay = (await c.post('/v1/payments', { accountId: acc.accountId, type: 'Electronic', effectiveDate: '2024-01-01', amount: 110, currency: 'USD', invoices: [{ invoiceId: inv.id, amount: 110 }] })).body;
    const rej = await c.post(`/v1/gateway-settlement/payments/${pay.id}/reject`, { gatewayReconciliationReason: 'insufficient_funds', gatewayResponseCode: 'R01' });
    expect(rej.body, rej.raw).toMatchObject({ success: true, type: 'External', status: 'Processed', amount: 110, reasonCode: 'Payment Rejection', methodType: 'CreditCard', gatewayState: 'Settled', gatewayResponseCode: 'R01', paymentId: pay.id });
    expect((await c.get(`/v1/payments/${pay.id}`)).body).toMatchObject({ gatewayState: 'FailedToSettle', gatewayReconciliationReason: 'insufficient_funds', appliedAmount: 0, refundAmount: 110, unappliedAmount: 0 });
    // the invoice is owed again
    expect((await c.get(`/v1/invoices/${inv.id}`)).body.balance).toBe(110);
    expect((await c.post(`/v1/gateway-settlement/payments/${pay.id}/reject`, {})).body.reasons[0].code % 100).toBe(30);

    const second = (await c.post('/v1/payments', { accountId: acc.accountId, type: 'Electronic', effectiveDate: '2024-01-01', amount: 110, currency: 'USD', invoices: [{ invoiceId: inv.id, amount: 100 }] })).body;
    expect((await c.post(`/v1/gateway-settlement/payments/${second.id}/chargeback`, { amount: 111 })).body.reasons[0].code % 100).toBe(30);
    const back = await c.post(`/v1/gateway-settlement/payments/${second.id}/chargeback`, { amount: 30 });
    expect(back.body, back.raw).toMatchObject({ success: true, amount: 30, reasonCode: 'Payment Reversal', gatewayState: 'Settled' });
    // 10 was unapplied: 20 more came off the invoice
    expect((await c.get(`/v1/payments/${second.id}`)).body).toMatchObject({ gatewayState: 'Settled', appliedAmount: 80, refundAmount: 30, unappliedAmount: 0 });
    expect((await c.get(`/v1/invoices/${inv.id}`)).body.balance).toBe(30);
    const ext = (await c.post('/v1/payments', { accountId: acc.accountId, type: 'External', paymentMethodType: 'Cash', amount: 5, currency: 'USD' })).body;
    expect((await c.post(`/v1/gateway-settlement/payments/${ext.id}/reject`, {})).body.reasons[0].code % 100).toBe(30);
  });
});
