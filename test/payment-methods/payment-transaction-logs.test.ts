// Payment transaction logs over HTTP on both databases (page Object_GETPaymentTransactionLog): the test
// gateway's one call per electronic payment, read from the payment, under an id of its own; also in ZOQL.
import { beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { createAccount, V2024 } from '../accounts/fixtures.js';
import { logIdOf } from '../../src/modules/payment-transaction-logs/index.js';

let t: TestApp;
let c: Client;
let acct: { accountId: string; accountNumber: string };

async function newCard(cardNumber = '4111111111111111'): Promise<string> {
  const r = await c.post('/v1/payment-methods', {
    type: 'CreditCard', cardType: 'Visa', cardNumber, expirationMonth: 12, expirationYear: 2030, cardHolderInfo: { cardHolderName: 'Amy Lawrence' }, accountKey: acct.accountId, skipValidation: true,
  });
  expect(r.status, r.raw).toBe(200);
  return r.body.id as string;
}

beforeAll(async () => {
  t = await setupApp();
  c = await t.newClient(V2024);
  expect((await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { now: '2026-06-15T10:00:00Z' })).status).toBe(200);
  acct = await createAccount(c);
});

describe('payment transaction logs (Object_GETPaymentTransactionLog)', () => {
  it("an electronic payment's gateway call is its log: approved Submitted with the transaction id, declined NotSubmitted", async () => {
    const pm = await newCard();
    const pay = await c.post('/v1/payments', { type: 'Electronic', accountId: acct.accountId, amount: 7, currency: 'USD', paymentMethodId: pm, effectiveDate: '2026-06-15' });
    expect(pay.status, pay.raw).toBe(200);
    const logId = logIdOf(pay.body.id)!;
    expect(logId).not.toBe(pay.body.id);
    expect(logIdOf(logId)).toBe(pay.body.id);
    const got = (await c.get(`/v1/payments/${pay.body.id}`)).body;
    const l = await c.get(`/v1/object/payment-transaction-log/${logId}`);
    expect(l.status, l.raw).toBe(200);
    expect(l.body).toEqual({
      Gateway: 'Test Gateway Adapter', GatewayReasonCode: '00', GatewayReasonCodeDescription: 'Approved', GatewayState: 'Submitted', GatewayTransactionType: 'Sale',
      Id: logId, PaymentId: pay.body.id, TransactionDate: '2026-06-15T10:00:00+00:00', TransactionId: got.referenceId,
    });
    expect(got.referenceId).toMatch(/^[0-9a-f]{20}$/);

    const declining = await newCard('4000000000000069');
    const bad = await c.post('/v1/payments', { type: 'Electronic', accountId: acct.accountId, amount: 7, currency: 'USD', paymentMethodId: declining, effectiveDate: '2026-06-15' });
    expect(bad.status).toBe(400);
    // the declined payment is kept in status Error
    const errorPayment = await t.database.db.selectFrom('payments').select(['id', 'status']).where('payment_method_id', '=', declining).executeTakeFirstOrThrow();
    expect(errorPayment.status).toBe('Error');
    const dl = await c.get(`/v1/object/payment-transaction-log/${logIdOf(errorPayment.id as string)}`);
    expect(dl.body).toMatchObject({ GatewayReasonCode: '54', GatewayReasonCodeDescription: 'Expired card', GatewayState: 'NotSubmitted', PaymentId: errorPayment.id });
    expect(dl.body).not.toHaveProperty('TransactionId');

    // ZOQL: one log per electronic payment
    const z = await c.post('/v1/action/query', { queryString: `select Id, PaymentId, GatewayState from PaymentTransactionLog where PaymentId = '${pay.body.id}'` });
    expect(z.body, z.raw).toMatchObject({ done: true, size: 1, records: [{ Id: logId, PaymentId: pay.body.id, GatewayState: 'Submitted' }] });
    // an external payment, a payment id itself, and an unknown or malformed id have no log
    const ext = await c.post('/v1/payments', { type: 'External', accountId: acct.accountId, amount: 5, currency: 'USD', paymentMethodType: 'Check', effectiveDate: '2026-06-15' });
    for (const id of [logIdOf(ext.body.id)!, pay.body.id, 'f'.repeat(32), 'not-an-id']) {
      const r = await c.get(`/v1/object/payment-transaction-log/${id}`);
      expect(r.status, id).toBe(404);
      expect(r.body).toMatchObject({ Success: false, Errors: [{ Code: 'INVALID_ID' }] });
    }
  });
});
