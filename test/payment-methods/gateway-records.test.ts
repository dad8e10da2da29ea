// What hangs off a payment method, over HTTP on both databases: stored credential profiles (pages
// GET_StoredCredentialProfiles, POST_CreateStoredCredentialProfile, POST_CancelStoredCredentialProfile,
// POST_ExpireStoredCredentialProfile), authorizations (POST_CreateAuthorization, POST_CancelAuthorization),
// the bank balance (getBankAccountBalance), Apple Pay domains, and the object API reads of payment method
// transaction logs and snapshots (Object_GETPaymentMethodTransactionLog, Object_GETPaymentMethodSnapshot).
import { beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { countRows, createAccount, V2024 } from '../accounts/fixtures.js';

let t: TestApp;
let c: Client;
let acct: { accountId: string; accountNumber: string };

const card = (cardNumber = '4111111111111111', over: Record<string, unknown> = {}) => ({
  type: 'CreditCard', cardType: cardNumber.startsWith('5') ? 'MasterCard' : 'Visa', cardNumber, expirationMonth: 12, expirationYear: 2030,
  cardHolderInfo: { cardHolderName: 'Amy Lawrence', city: 'Seattle' }, accountKey: acct.accountId, ...over,
});

async function newCard(cardNumber = '4111111111111111', over: Record<string, unknown> = {}): Promise<string> {
  const r = await c.post('/v1/payment-methods', card(cardNumber, { skipValidation: true, ...over }));
  expect(r.status, r.raw).toBe(200);
  return r.body.id as string;
}

beforeAll(async () => {
  t = await setupApp();
  c = await t.newClient(V2024);
  expect((await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { now: '2026-06-15T10:00:00Z' })).status).toBe(200);
  acct = await createAccount(c);
});

describe('stored credential profiles', () => {
  it('are created Active (through a CIT on the test gateway) or Agreed, numbered, listed, cancelled and expired', async () => {
    const pm = await newCard();
    const a = await c.post(`/v1/payment-methods/${pm}/profiles`, { consentAgreementSrc: 'External', consentAgreementRef: 'AgreementV1.pdf', status: 'Active', type: 'Recurring' });
    expect(a.status, a.raw).toBe(200);
    expect(a.body).toEqual({ number: 1, paymentMethodId: pm, success: true });
    const b = await c.post(`/v1/payment-methods/${pm}/profiles`, { consentAgreementSrc: 'External', status: 'Agreed', type: 'Unscheduled', agreedOn: '2026-06-01' });
    expect(b.body).toEqual({ number: 2, paymentMethodId: pm, success: true });
    const list = await c.get(`/v1/payment-methods/${pm}/profiles`);
    expect(list.status).toBe(200);
    expect(list.body.profiles).toEqual([
      { activatedOn: '2026-06-15 10:00:00', agreedOn: '2026-06-15 10:00:00', brand: 'Visa', cancelledOn: null, consentAgreementRef: 'AgreementV1.pdf', consentAgreementSrc: 'External', expiredOn: null, number: 1, paymentMethodId: pm, status: 'Active', type: 'Recurring' },
      { activatedOn: null, agreedOn: '2026-06-01 00:00:00', brand: 'Visa', cancelledOn: null, consentAgreementRef: null, consentAgreementSrc: 'External', expiredOn: null, number: 2, paymentMethodId: pm, status: 'Agreed', type: 'Unscheduled' },
    ]);
    expect((await c.post(`/v1/payment-methods/${pm}/profiles/1/cancel`, {})).body).toEqual({ number: 1, paymentMethodId: pm, success: true });
    expect((await c.post(`/v1/payment-methods/${pm}/profiles/2/expire`, {})).body).toEqual({ number: 2, paymentMethodId: pm, success: true });
    // by default only Agreed and Active ones
    expect((await c.get(`/v1/payment-methods/${pm}/profiles`)).body.profiles).toEqual([]);
    const all = (await c.get(`/v1/payment-methods/${pm}/profiles?includeAll=true`)).body.profiles;
    expect(all.map((p: { status: string; cancelledOn: string | null; expiredOn: string | null }) => [p.status, p.cancelledOn, p.expiredOn])).toEqual([
      ['Cancelled', '2026-06-15 10:00:00', null],
      ['Expired', null, '2026-06-15 10:00:00'],
    ]);
    // cannot be reactivated, cancelled or expired again
    const again = await c.post(`/v1/payment-methods/${pm}/profiles/1/expire`, {});
    expect(again.status).toBe(400);
    expect(String(again.body.reasons[0].code)).toMatch(/30$/);
    const unknown = await c.post(`/v1/payment-methods/${pm}/profiles/9/cancel`, {});
    expect(unknown.status).toBe(404);
  });

  it('Persist keeps the network transaction id given; the rules of the page are enforced', async () => {
    const pm = await newCard();
    const p = await c.post(`/v1/payment-methods/${pm}/profiles`, { consentAgreementSrc: 'External', status: 'Active', action: 'Persist', networkTransactionId: 'NTI-1', type: 'Recurring' });
    expect(p.body, p.raw).toMatchObject({ number: 1, success: true });
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ status: 'Active', type: 'Recurring' }, /22$/],
      [{ consentAgreementSrc: 'Internal', status: 'Active', type: 'Recurring' }, /20$/],
      [{ consentAgreementSrc: 'External', status: 'Cancelled', type: 'Recurring' }, /20$/],
      [{ consentAgreementSrc: 'External', status: 'Agreed', type: 'Recurring', action: 'Activate' }, /20$/],
      [{ consentAgreementSrc: 'External', status: 'Active', type: 'Recurring', networkTransactionId: 'x' }, /20$/],
      [{ consentAgreementSrc: 'External', status: 'Active', type: 'Monthly' }, /20$/],
      [{ consentAgreementSrc: 'External', status: 'Agreed', type: 'Recurring', agreedOn: '2026-13-01' }, /20$/],
      [{ consentAgreementSrc: 'External', status: 'Agreed', type: 'Recurring', authGateway: 'f'.repeat(32) }, /20$/],
      [{ consentAgreementSrc: 'External', status: 'Agreed', type: 'Recurring', cardSecurityCode: '12' }, /20$/],
      [{ consentAgreementSrc: 'External', status: 'Agreed', type: 'Recurring', color: 'red' }, /21$/],
    ];
    for (const [body, code] of bad) {
      const r = await c.post(`/v1/payment-methods/${pm}/profiles`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(String(r.body.reasons[0].code), JSON.stringify(body)).toMatch(code);
    }
    expect((await c.get(`/v1/payment-methods/${pm}/profiles`)).body.profiles).toHaveLength(1);
  });

  it('a declined activation creates no profile; ACH payment methods take none', async () => {
    const declining = await newCard('4000000000000002');
    const r = await c.post(`/v1/payment-methods/${declining}/profiles`, { consentAgreementSrc: 'External', status: 'Active', type: 'Recurring' });
    expect(r.status).toBe(400);
    expect(r.body.reasons[0].message).toContain('05');
    expect((await c.get(`/v1/payment-methods/${declining}/profiles?includeAll=true`)).body.profiles).toEqual([]);
    // Agreed sends nothing to the gateway
    expect((await c.post(`/v1/payment-methods/${declining}/profiles`, { consentAgreementSrc: 'External', status: 'Agreed', type: 'Recurring' })).status).toBe(200);
    const ach = await c.post('/v1/payment-methods', { type: 'ACH', accountKey: acct.accountId, bankABACode: '110000000', bankAccountName: 'Test', bankAccountNumber: '123456789', bankAccountType: 'Checking', bankName: 'Chase' });
    const a = await c.post(`/v1/payment-methods/${ach.body.id}/profiles`, { consentAgreementSrc: 'External', status: 'Agreed', type: 'Recurring' });
    expect(a.status).toBe(400);
    expect(String(a.body.reasons[0].code)).toMatch(/30$/);
  });

  it('POST /v1/payment-methods with mitProfileAction makes profile 1', async () => {
    const pm = await newCard('4111111111111111', { mitProfileAction: 'Activate', mitConsentAgreementSrc: 'External', mitProfileType: 'Unscheduled', mitConsentAgreementRef: 'REF-9' });
    const list = (await c.get(`/v1/payment-methods/${pm}/profiles`)).body.profiles;
    expect(list).toEqual([expect.objectContaining({ number: 1, status: 'Active', type: 'Unscheduled', consentAgreementRef: 'REF-9', brand: 'Visa' })]);
  });

  it('unknown payment methods answer 404 before the body is read', async () => {
    const none = 'a'.repeat(32);
    for (const r of [await c.get(`/v1/payment-methods/${none}/profiles`), await c.post(`/v1/payment-methods/${none}/profiles`, {}), await c.post(`/v1/payment-methods/${none}/profiles/1/cancel`, {})]) {
      expect(r.status).toBe(404);
      expect(String(r.body.reasons[0].code)).toMatch(/40$/);
    }
  });
});

describe('authorizations', () => {
  it('authorize holds an amount and logs the call; voidAuthorize releases it once', async () => {
    const pm = await newCard();
    const a = await c.post(`/v1/payment-methods/${pm}/authorize`, { accountId: acct.accountId, amount: 1.99, gatewayOrderId: 'A001', softDescriptor: 'ACME' });
    expect(a.status, a.raw).toBe(200);
    expect(a.body).toEqual({ gatewayOrderId: 'A001', resultCode: 0, resultMessage: 'Approved', success: true, transactionId: expect.stringMatching(/^[0-9a-f]{20}$/) });
    const txn = a.body.transactionId as string;
    // the wrong order id, account or transaction is refused
    expect((await c.post(`/v1/payment-methods/${pm}/voidAuthorize`, { gatewayOrderId: 'B002', transactionId: txn })).status).toBe(400);
    expect((await c.post(`/v1/payment-methods/${pm}/voidAuthorize`, { gatewayOrderId: 'A001', transactionId: 'nope' })).status).toBe(400);
    const other = await createAccount(c);
    expect((await c.post(`/v1/payment-methods/${pm}/voidAuthorize`, { accountId: other.accountId, gatewayOrderId: 'A001', transactionId: txn })).status).toBe(400);
    const v = await c.post(`/v1/payment-methods/${pm}/voidAuthorize`, { accountNumber: acct.accountNumber, gatewayOrderId: 'A001', transactionId: txn });
    expect(v.status, v.raw).toBe(200);
    expect(v.body).toEqual({ gatewayOrderId: 'A001', resultCode: 0, resultMessage: 'Approved', success: true, transactionId: expect.stringMatching(/^[0-9a-f]{20}$/) });
    expect(v.body.transactionId).not.toBe(txn);
    const twice = await c.post(`/v1/payment-methods/${pm}/voidAuthorize`, { gatewayOrderId: 'A001', transactionId: txn });
    expect(twice.status).toBe(400);
    expect(String(twice.body.reasons[0].code)).toMatch(/30$/);
    // an empty gatewayOrderId gets one made up
    const gen = await c.post(`/v1/payment-methods/${pm}/authorize`, { accountNumber: acct.accountNumber, amount: '5', gatewayOrderId: '' });
    expect(gen.body.gatewayOrderId).toMatch(/^[0-9a-f]{20}$/);
  });

  it('a declined authorization is kept in the transaction log and answered with the response code', async () => {
    const pm = await newCard('4000000000009995');
    const before = await countRows(t, 'payment_method_transaction_logs', c.tenant.id);
    const auths = await countRows(t, 'payment_authorizations', c.tenant.id);
    const a = await c.post(`/v1/payment-methods/${pm}/authorize`, { accountId: acct.accountId, amount: 10, gatewayOrderId: 'D1' });
    expect(a.status).toBe(400);
    expect(a.body.reasons[0].message).toContain('51');
    expect(await countRows(t, 'payment_method_transaction_logs', c.tenant.id)).toBe(before + 1);
    expect(await countRows(t, 'payment_authorizations', c.tenant.id)).toBe(auths);
  });

  it('refuses bad requests and changes nothing', async () => {
    const pm = await newCard();
    const other = await createAccount(c);
    const ach = await c.post('/v1/payment-methods', { type: 'ACH', accountKey: acct.accountId, bankABACode: '110000000', bankAccountName: 'Test', bankAccountNumber: '123456789', bankAccountType: 'Checking', bankName: 'Chase' });
    const before = await countRows(t, 'payment_authorizations', c.tenant.id);
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      [pm, { amount: 1, gatewayOrderId: 'x' }, /22$/],
      [pm, { accountId: acct.accountId, gatewayOrderId: 'x' }, /22$/],
      [pm, { accountId: acct.accountId, amount: 1 }, /22$/],
      [pm, { accountId: acct.accountId, amount: 0, gatewayOrderId: 'x' }, /20$/],
      [pm, { accountId: acct.accountId, amount: 1.001, gatewayOrderId: 'x' }, /20$/],
      [pm, { accountId: other.accountId, amount: 1, gatewayOrderId: 'x' }, /20$/],
      [pm, { accountId: acct.accountId, amount: 1, gatewayOrderId: 'x', paymentGatewayId: 'f'.repeat(32) }, /20$/],
      [pm, { accountId: acct.accountId, amount: 1, gatewayOrderId: 'x', mitTransactionSource: 'Sometimes' }, /20$/],
      [pm, { accountId: acct.accountId, amount: 1, gatewayOrderId: 'x', color: 'red' }, /21$/],
      [ach.body.id, { accountId: acct.accountId, amount: 1, gatewayOrderId: 'x' }, /30$/],
    ];
    for (const [id, body, code] of cases) {
      const r = await c.post(`/v1/payment-methods/${id}/authorize`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(String(r.body.reasons[0].code), JSON.stringify(body)).toMatch(code);
    }
    expect(await countRows(t, 'payment_authorizations', c.tenant.id)).toBe(before);
    const none = await c.post(`/v1/payment-methods/${'b'.repeat(32)}/authorize`, {});
    expect(none.status).toBe(404);
  });
});

describe('bank account balance', () => {
  it("answers the test bank's balances for an ACH payment method, and refuses cards", async () => {
    const ach = await c.post('/v1/payment-methods', { type: 'ACH', accountKey: acct.accountId, bankABACode: '110000000', bankAccountName: 'Test', bankAccountNumber: '123456789', bankAccountType: 'Checking', bankName: 'Chase' });
    const b = await c.get(`/v1/payment-methods/${ach.body.id}/balance`);
    expect(b.status, b.raw).toBe(200);
    expect(b.body).toEqual({ success: true, currency: 'USD', availableBalance: 100, currentBalance: 110 });
    const cardBal = await c.get(`/v1/payment-methods/${await newCard()}/balance`);
    expect(cardBal.status).toBe(400);
    expect((await c.get(`/v1/payment-methods/${'c'.repeat(32)}/balance`)).status).toBe(404);
  });
});

describe('Apple Pay domains', () => {
  it('are registered (verified in test mode), listed by name, and unregistered', async () => {
    const a = await c.post('/payment-methods/apple-pay/domains', { domainName: 'Shop.Example.com' });
    expect(a.status, a.raw).toBe(200);
    expect(a.body).toEqual({ domainName: 'shop.example.com', domainVerified: true, id: expect.stringMatching(/^[0-9a-f]{32}$/), success: true });
    await c.post('/payment-methods/apple-pay/domains', { domainName: 'pay.other.org' });
    const dup = await c.post('/payment-methods/apple-pay/domains', { domainName: 'shop.example.com' });
    expect(dup.status).toBe(400);
    expect((await c.post('/payment-methods/apple-pay/domains', { domainName: 'not a domain' })).status).toBe(400);
    expect((await c.post('/payment-methods/apple-pay/domains', {})).status).toBe(400);
    const all = await c.get('/payment-methods/apple-pay/domains');
    expect(all.body.domains.map((d: { domainName: string }) => d.domainName)).toEqual(['shop.example.com', 'pay.other.org']);
    expect(all.body.domains[0]).toEqual({ createdBy: c.tenant.id, createdOn: '2026-06-15 10:00:00', domainName: 'shop.example.com', domainVerified: true, id: a.body.id, updatedBy: c.tenant.id, updatedOn: '2026-06-15 10:00:00' });
    const some = await c.get('/payment-methods/apple-pay/domains?domainName=example.com');
    expect(some.body.domains.map((d: { domainName: string }) => d.domainName)).toEqual(['shop.example.com']);
    expect((await c.del(`/payment-methods/apple-pay/domains/${a.body.id}`)).body).toEqual({ success: true });
    expect((await c.del(`/payment-methods/apple-pay/domains/${a.body.id}`)).status).toBe(404);
    expect((await c.get('/payment-methods/apple-pay/domains')).body.domains).toHaveLength(1);
  });
});

describe('transaction logs and snapshots of a payment method', () => {
  it('a validated card has its validation logged; verify and authorize add theirs (masked numbers only)', async () => {
    const r = await c.post('/v1/payment-methods', card('4111111111111111', { securityCode: '123' }));
    const pm = r.body.id as string;
    await c.put(`/v1/payment-methods/${pm}/verify`, {});
    await c.post(`/v1/payment-methods/${pm}/authorize`, { accountId: acct.accountId, amount: 3, gatewayOrderId: 'L1' });
    // logs are read by id: their ids come from the table
    const ids = (await t.database.db.selectFrom('payment_method_transaction_logs').select(['id']).where('payment_method_id', '=', pm).execute()) as Array<{ id: string }>;
    expect(ids).toHaveLength(3);
    for (const { id } of ids) {
      const l = await c.get(`/v1/object/payment-method-transaction-log/${id}`);
      expect(l.status, l.raw).toBe(200);
      expect(l.body).toMatchObject({ Id: id, PaymentMethodId: pm, PaymentMethodType: 'CreditCard', Gateway: 'Test Gateway Adapter', GatewayReasonCode: '00', GatewayReasonCodeDescription: 'Approved', GatewayTransactionType: 'Authorization', TransactionDate: '2026-06-15T10:00:00+00:00' });
      expect(l.body.RequestString).toContain('************1111');
      expect(l.body.RequestString).not.toContain('4111111111111111');
    }
    const z = await c.post('/v1/action/query', { queryString: `select Id, GatewayTransactionType, GatewayReasonCode from PaymentMethodTransactionLog where PaymentMethodId = '${pm}'` });
    expect(z.body, z.raw).toMatchObject({ done: true, size: 3 });
    expect(z.body.records.map((x: { Id: string }) => x.Id).sort()).toEqual(ids.map((x) => x.id).sort());
    const one = await c.get(`/v1/object/payment-method-transaction-log/${ids[0]!.id}?fields=Gateway,TransactionId`);
    expect(Object.keys(one.body).sort()).toEqual(['Gateway', 'TransactionId']);
    const none = await c.get(`/v1/object/payment-method-transaction-log/${'d'.repeat(32)}`);
    expect(none.status).toBe(404);
    expect(none.body).toMatchObject({ Success: false, Errors: [{ Code: 'INVALID_ID' }] });
  });

  it('an electronic payment takes a snapshot of its payment method, kept as it was', async () => {
    const pm = await newCard();
    const pay = await c.post('/v1/payments', { type: 'Electronic', accountId: acct.accountId, amount: 20, currency: 'USD', paymentMethodId: pm, effectiveDate: '2026-06-15' });
    expect(pay.status, pay.raw).toBe(200);
    await c.put(`/v1/payment-methods/${pm}`, { expirationMonth: 11, expirationYear: 2031 });
    const list = await c.get(`/object-query/payment-method-snapshots?filter[]=paymentMethodId.EQ:${pm}`);
    expect(list.status, list.raw).toBe(200);
    expect(list.body.data).toHaveLength(1);
    const snap = list.body.data[0];
    expect(snap).toMatchObject({ paymentMethodId: pm, accountId: acct.accountId, type: 'CreditCard', creditCardMaskNumber: '************1111', creditCardExpirationYear: 2030, paymentMethodStatus: 'Active' });
    const byKey = await c.get(`/object-query/payment-method-snapshots/${snap.id}`);
    expect(byKey.body).toMatchObject({ id: snap.id, paymentMethodId: pm });
    // the payment names the snapshot its gateway call used
    expect((await c.get(`/v1/payments/${pay.body.id}`)).body.paymentMethodSnapshotId).toBe(snap.id);
    const o = await c.get(`/v1/object/payment-method-snapshot/${snap.id}`);
    expect(o.status, o.raw).toBe(200);
    expect(o.body).toMatchObject({ Id: snap.id, PaymentMethodId: pm, AccountId: acct.accountId, Type: 'CreditCard', CreditCardMaskNumber: '************1111', CreditCardExpirationMonth: 12, CreditCardExpirationYear: 2030, CreditCardHolderName: 'Amy Lawrence', CreditCardCity: 'Seattle', PaymentMethodStatus: 'Active', UseDefaultRetryRule: true, BankIdentificationNumber: '411111' });
    for (const k of ['CreatedDate', 'UpdatedDate', 'CreatedById', 'UpdatedById', 'Active']) expect(o.body).not.toHaveProperty(k);
    // the payment method itself moved on
    expect((await c.get(`/v1/object/payment-method/${pm}`)).body.CreditCardExpirationYear).toBe(2031);
    const none = await c.get(`/v1/object/payment-method-snapshot/${'e'.repeat(32)}`);
    expect(none.body).toMatchObject({ Success: false, Errors: [{ Code: 'INVALID_ID' }] });
    // ZOQL sees the same object
    const z = await c.post('/v1/action/query', { queryString: `select Id, PaymentMethodId, CreditCardMaskNumber from PaymentMethodSnapshot where PaymentMethodId = '${pm}'` });
    expect(z.body, z.raw).toMatchObject({ done: true, size: 1, records: [{ Id: snap.id, PaymentMethodId: pm, CreditCardMaskNumber: '************1111' }] });
    // an electronic refund goes through the gateway too: a second snapshot
    const refund = await c.post(`/v1/payments/${pay.body.id}/refunds`, { type: 'Electronic', totalAmount: 5 });
    expect(refund.status, refund.raw).toBe(200);
    const snaps = (await c.get(`/object-query/payment-method-snapshots?filter[]=paymentMethodId.EQ:${pm}`)).body.data as Array<{ id: string }>;
    expect(snaps).toHaveLength(2);
    const refundSnap = snaps.find((x) => x.id !== snap.id)!.id;
    expect((await c.get(`/v1/refunds/${refund.body.id}`)).body.paymentMethodSnapshotId).toBe(refundSnap);
    // an external payment does not go through the gateway: no snapshot
    const ext = await c.post('/v1/payments', { type: 'External', accountId: acct.accountId, amount: 5, currency: 'USD', paymentMethodId: pm, effectiveDate: '2026-06-15' });
    expect((await c.get(`/v1/payments/${ext.body.id}`)).body.paymentMethodSnapshotId).toBeNull();
    expect((await c.get(`/object-query/payment-method-snapshots?filter[]=paymentMethodId.EQ:${pm}`)).body.data).toHaveLength(2);
    // the payment method deleted, its snapshots keep what the transactions used
    expect((await c.del(`/v1/payment-methods/${pm}`)).status).toBe(200);
    expect((await c.get(`/v1/object/payment-method-snapshot/${snap.id}`)).body).toMatchObject({ Id: snap.id, PaymentMethodId: pm, CreditCardMaskNumber: '************1111' });
  });
});

