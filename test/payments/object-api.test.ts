// The CRUD object API of payments and refunds (/v1/object/payment, /v1/object/refund), both databases:
// PascalCase, {Success, Id} on create and update, {id, success} on delete, the object API's error form
// ("CRUD: Create a payment", "CRUD: Update a payment", the Payment and Refund objects' fields).
import { describe, expect, it } from 'vitest';
import { setupApp } from '../helpers.js';
import { card, postedInvoice, setup } from './fixtures.js';

const t = await setupApp({ jobWorker: false });

describe('/v1/object/payment and /v1/object/refund', () => {
  it('creates a payment on an invoice, reads it, cancels it through Status, deletes it', async () => {
    const { c, cat, acc } = await setup(t);
    const pm = await card(c, acc.accountId);
    const inv = await postedInvoice(c, cat, acc.accountNumber);
    const res = await c.post('/v1/object/payment', { AccountId: acc.accountId, Amount: 110, EffectiveDate: '2024-01-01', PaymentMethodId: pm, Type: 'External', Status: 'Processed', InvoiceId: inv.id, AppliedInvoiceAmount: 110, Comment: 'crud', Note__c: 'z' });
    expect(res.body, res.raw).toEqual({ Success: true, Id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const got = (await c.get(`/v1/object/payment/${res.body.Id}`)).body;
    expect(got).toMatchObject({ Id: res.body.Id, AccountId: acc.accountId, Amount: 110, AppliedAmount: 110, UnappliedAmount: 0, PaymentNumber: 'P-00000001', Status: 'Processed', Type: 'External', PaymentMethodId: pm, Comment: 'crud', Currency: 'USD', Note__c: 'z' });
    expect(got.CreatedDate).toMatch(/^2024-01-01T/);
    expect((await c.get(`/v1/object/payment/${res.body.Id}?fields=Amount,status`)).body).toEqual({ Amount: 110, Status: 'Processed' });
    expect((await c.get(`/v1/invoices/${inv.id}`)).body.balance).toBe(0);

    expect((await c.put(`/v1/object/payment/${res.body.Id}`, { TransferredToAccounting: 'Yes' })).body).toEqual({ Success: true, Id: res.body.Id });
    expect((await c.put(`/v1/object/payment/${res.body.Id}`, { Status: 'Canceled' })).body).toEqual({ Success: true, Id: res.body.Id });
    expect((await c.get(`/v1/object/payment/${res.body.Id}`)).body).toMatchObject({ Status: 'Canceled', AppliedAmount: 0, TransferredToAccounting: 'Yes' });
    expect((await c.get(`/v1/invoices/${inv.id}`)).body.balance).toBe(110);
    expect((await c.del(`/v1/object/payment/${res.body.Id}`)).body).toEqual({ id: res.body.Id, success: true });
    const gone = await c.get(`/v1/object/payment/${res.body.Id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ Success: false, Errors: [{ Code: 'INVALID_ID' }] });
  });

  it('refuses in the object API form: missing fields, unknown fields, a credit balance, a decline', async () => {
    const { c, acc } = await setup(t);
    const pm = await card(c, acc.accountId);
    const base = { AccountId: acc.accountId, Amount: 10, EffectiveDate: '2024-01-01', PaymentMethodId: pm, Type: 'External', Status: 'Processed' };
    const missing = await c.post('/v1/object/payment', { ...base, EffectiveDate: undefined });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ Success: false, Errors: [{ Code: 'MISSING_REQUIRED_VALUE' }] });
    expect((await c.post('/v1/object/payment', { ...base, Colour: 'red' })).body.Errors[0].Code).toBe('INVALID_FIELD');
    expect((await c.post('/v1/object/payment', { ...base, AppliedCreditBalanceAmount: 10 })).body.Errors[0].Code).toBe('INVALID_VALUE');
    const declining = await card(c, acc.accountId, '4000000000000002', false);
    const declined = await c.post('/v1/object/payment', { ...base, Type: 'Electronic', PaymentMethodId: declining });
    expect(declined.body).toMatchObject({ Success: false, Errors: [{ Code: 'INVALID_VALUE' }] });
    expect(declined.body.Errors[0].Message).toContain('response code 05');
    // the declined payment is recorded
    expect((await c.get('/v1/payments')).body.payments.map((p: { status: string }) => p.status)).toEqual(['Error']);
  });

  it('refunds a payment, reads, updates and cancels the refund, deletes it', async () => {
    const { c, acc } = await setup(t);
    const pay = (await c.post('/v1/payments', { accountId: acc.accountId, type: 'External', paymentMethodType: 'Check', amount: 30, currency: 'USD' })).body;
    const res = await c.post('/v1/object/refund', { PaymentId: pay.id, Amount: 12, Type: 'External', MethodType: 'Check', RefundDate: '2024-01-01', Comment: 'back' });
    expect(res.body, res.raw).toEqual({ Success: true, Id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect((await c.get(`/v1/object/refund/${res.body.Id}`)).body).toMatchObject({ Id: res.body.Id, PaymentId: pay.id, Amount: 12, RefundNumber: 'R-00000001', Status: 'Processed', Type: 'External', MethodType: 'Check', SourceType: 'Payment', Comment: 'back', ReasonCode: 'Standard Refund' });
    expect((await c.get(`/v1/payments/${pay.id}`)).body).toMatchObject({ refundAmount: 12, unappliedAmount: 18 });
    expect((await c.post('/v1/object/refund', { PaymentId: pay.id, Amount: 19, Type: 'External', MethodType: 'Check' })).body.Errors[0].Code).toBe('INVALID_VALUE');
    expect((await c.post('/v1/object/refund', { SourceType: 'CreditBalance', AccountId: acc.accountId, Amount: 1, Type: 'External', MethodType: 'Check' })).body.Errors[0].Code).toBe('INVALID_VALUE');
    expect((await c.put(`/v1/object/refund/${res.body.Id}`, { Comment: 'sent' })).body).toEqual({ Success: true, Id: res.body.Id });
    expect((await c.del(`/v1/object/refund/${res.body.Id}`)).body.Success).toBe(false);
    await c.put(`/v1/object/refund/${res.body.Id}`, { Status: 'Canceled' });
    expect((await c.get(`/v1/object/refund/${res.body.Id}`)).body).toMatchObject({ Status: 'Canceled', Comment: 'sent' });
    expect((await c.get(`/v1/payments/${pay.id}`)).body).toMatchObject({ refundAmount: 0, unappliedAmount: 30 });
    expect((await c.del(`/v1/object/refund/${res.body.Id}`)).body).toEqual({ id: res.body.Id, success: true });
  });
});
