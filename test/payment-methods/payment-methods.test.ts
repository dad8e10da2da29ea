// Payment methods over HTTP, every type, on the test database (SQLite, and PostgreSQL with ZBILL_TEST_PG_URL).
// Field names and shapes: the pages of POST_PaymentMethods, GET_PaymentMethod, PUT_PaymentMethod,
// DELETE_PaymentMethods, PUT_VerifyPaymentMethods, PUT_ScrubPaymentMethods, GET_AcountPaymentMethods,
// GET_AcountDefaultPaymentMethod, GET_Paymentgateways (../shared/reference/pages) and their samples.
import { beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { accountBody, countRows, createAccount, V2024 } from '../accounts/fixtures.js';

let t: TestApp;
let c: Client;
let acct: { accountId: string; accountNumber: string };

/** A tenant whose clock is frozen on 2026-06-15, so that expiry checks do not drift. */
async function clockedClient(): Promise<Client> {
  const cl = await t.newClient(V2024);
  const r = await t.admin('PUT', `/admin/tenants/${cl.tenant.id}/clock`, { date: '2026-06-15' });
  expect(r.status).toBe(200);
  return cl;
}

const card = (over: Record<string, unknown> = {}) => ({
  type: 'CreditCard',
  cardType: 'Visa',
  cardNumber: '4111111111111111',
  expirationMonth: 12,
  expirationYear: 2028,
  cardHolderInfo: { cardHolderName: 'Amy Lawrence' },
  ...over,
});

beforeAll(async () => {
  t = await setupApp();
  c = await clockedClient();
  acct = await createAccount(c);
});

/** Every type of the spec's POST request, with its required fields, and what GET shows of it. */
const TYPES: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
  ['CreditCard', card({ securityCode: '123', identityNumber: '97370192024', cardHolderInfo: { cardHolderName: 'Amy Lawrence', city: 'Example City', country: 'United States', email: 'amy@example.com' } }), {
    cardNumber: '************1111', creditCardType: 'Visa', expirationMonth: 12, expirationYear: 2028, bankIdentificationNumber: '411111', identityNumber: '97370192024',
    accountHolderInfo: { accountHolderName: 'Amy Lawrence', addressLine1: null, addressLine2: null, city: 'Example City', country: 'United States', email: 'amy@example.com', phone: null, state: null, zipCode: null },
    lastTransaction: 'Approved', lastTransactionStatus: 'Approved',
  }],
  ['CreditCardReferenceTransaction', { type: 'CreditCardReferenceTransaction', tokenId: 'ABCE', secondTokenId: 'FGDSDF' }, { tokenId: 'ABCE', secondTokenId: 'FGDSDF', cardNumber: null, lastTransaction: null }],
  ['ACH', { type: 'ACH', bankABACode: '110000000', bankAccountName: 'Test', bankAccountNumber: '123456789', bankAccountType: 'Checking', bankName: 'Chase', city: 'Example City' }, {
    bankABACode: '110000000', bankAccountName: 'Test', bankAccountNumber: '*****6789', bankAccountType: 'Checking', bankName: 'Chase', accountHolderInfo: expect.objectContaining({ city: 'Example City' }),
  }],
  ['SEPA', { type: 'SEPA', IBAN: 'DE89370400440532013000', businessIdentificationCode: 'COBADEFFXXX', accountHolderInfo: { accountHolderName: 'Jo Doe' } }, {
    IBAN: '******************3000', businessIdentificationCode: 'COBADEFFXXX', bankTransferType: 'SEPA', accountHolderInfo: expect.objectContaining({ accountHolderName: 'Jo Doe' }),
  }],
  ['Betalingsservice', { type: 'Betalingsservice', accountNumber: '0001234567', bankCode: '1234', identityNumber: '0101701234', accountHolderInfo: { accountHolderName: 'Ib Hansen' } }, { accountNumber: '******4567', bankCode: '1234', identityNumber: '0101701234', bankTransferType: 'Betalingsservice' }],
  ['Autogiro', { type: 'Autogiro', accountNumber: '1234567', branchCode: '5491', identityNumber: '197001011234', accountHolderInfo: { firstName: 'Sven', lastName: 'Berg' } }, {
    accountNumber: '***4567', branchCode: '5491', bankTransferType: 'Autogiro', accountHolderInfo: expect.objectContaining({ accountHolderName: 'Sven Berg' }),
  }],
  ['Bacs', { type: 'Bacs', accountNumber: '55779911', bankCode: '200000', accountHolderInfo: { accountHolderName: 'Ann Smith' } }, { accountNumber: '****9911', bankCode: '200000', bankTransferType: 'DirectDebitUK' }],
  ['Becs', { type: 'Becs', accountNumber: '000123456', branchCode: '082082' }, { accountNumber: '*****3456', branchCode: '082082', bankTransferType: 'Becs' }],
  ['Becsnz', { type: 'Becsnz', accountNumber: '00000077', branchCode: '1234', bankCode: '12', accountHolderInfo: { accountHolderName: 'Kiri' } }, { accountNumber: '****0077', branchCode: '1234', bankCode: '12' }],
  ['PAD', { type: 'PAD', accountNumber: '1234567', branchCode: '12345', bankCode: '001', accountHolderInfo: { accountHolderName: 'Luc' } }, { accountNumber: '***4567', branchCode: '12345', bankCode: '001', bankTransferType: 'PAD' }],
  ['PayPalCP', { type: 'PayPalCP', BAID: 'B-1234567890', email: 'payer@example.com' }, { BAID: 'B-1234567890', email: 'payer@example.com' }],
  ['PayPalEC', { type: 'PayPalEC', BAID: 'B-0987654321', email: 'payer@example.com' }, { BAID: 'B-0987654321', email: 'payer@example.com' }],
  ['PayPalNativeEC', { type: 'PayPalNativeEC', BAID: 'B-5555' }, { BAID: 'B-5555', email: null }],
  ['PayPalAdaptive', { type: 'PayPalAdaptive', preapprovalKey: 'PA-1', email: 'payer@example.com' }, { preapprovalKey: 'PA-1', email: 'payer@example.com' }],
  ['AdyenApplePay', { type: 'AdyenApplePay', applePaymentData: '{"version":"EC_v1","data":"x"}' }, { appleGatewayToken: null, email: null }],
  ['AdyenGooglePay', { type: 'AdyenGooglePay', googlePaymentToken: '{"signature":"x"}', email: 'g@example.com' }, { googleGatewayToken: null, email: 'g@example.com' }],
  ['GooglePay', { type: 'GooglePay', googlePaymentToken: '{"signature":"y"}' }, { googleGatewayToken: null }],
  ['AmazonPay', { type: 'AmazonPay', amazonPayToken: 'amzn-token' }, {}],
];

describe('POST /v1/payment-methods, every type', () => {
  it.each(TYPES)('%s is created for an account and read back with Zuora field names', async (type, body, shown) => {
    const res = await c.post('/v1/payment-methods', { ...body, accountKey: acct.accountNumber, pick__c: 'x' });
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), success: true });
    const got = await c.get(`/v1/payment-methods/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      success: true, id: res.body.id, type, status: 'Active', accountKey: acct.accountId, isDefault: false, pick__c: 'x',
      createdDate: '2026-06-15 00:00:00', updatedDate: '2026-06-15 00:00:00', useDefaultRetryRule: true, numConsecutiveFailures: 0,
      totalNumberOfProcessedPayments: 0, totalNumberOfErrorPayments: 0, maxConsecutivePaymentFailures: null, paymentRetryWindow: null, ...shown,
    });
    // No card or bank account number comes back whole, and the security code not at all.
    for (const k of ['cardNumber', 'bankAccountNumber', 'accountNumber', 'IBAN']) if (typeof body[k] === 'string') expect(got.raw).not.toContain(body[k]);
    expect(got.raw).not.toContain('securityCode');
  });

  it('creates an orphan payment method and associates it with an account later', async () => {
    const res = await c.post('/v1/payment-methods', card());
    const id = res.body.id as string;
    expect((await c.get(`/v1/payment-methods/${id}`)).body.accountKey).toBeNull();
    expect((await c.put(`/v1/payment-methods/${id}`, { accountKey: acct.accountId })).body).toEqual({ id, success: true });
    expect((await c.get(`/v1/payment-methods/${id}`)).body.accountKey).toBe(acct.accountId);
    const other = await createAccount(c);
    const move = await c.put(`/v1/payment-methods/${id}`, { accountKey: other.accountId });
    expect(move.status).toBe(400);
    expect(move.body.reasons[0].message).toMatch(/cannot be moved/);
  });
});

describe('validation', () => {
  const cases: Array<[string, Record<string, unknown>, number, RegExp]> = [
    ['no type', { cardNumber: '4111111111111111' }, 22, /'type' is required/],
    ['unknown type', { type: 'Cheque' }, 20, /'type' must be one of/],
    ['Luhn', card({ cardNumber: '4111111111111112' }), 20, /'cardNumber' is not a valid card number/],
    ['too short', card({ cardNumber: '41111' }), 20, /'cardNumber' must be 12 to 19 digits/],
    ['brand mismatch', card({ cardType: 'MasterCard' }), 20, /not a MasterCard card number/],
    ['unknown card type', card({ cardType: 'Bankcard' }), 20, /'cardType' must be one of/],
    ['expired', card({ expirationMonth: 5, expirationYear: 2026 }), 20, /expired/],
    ['month 13', card({ expirationMonth: 13 }), 20, /'expirationMonth' must be between 1 and 12/],
    ['two-digit year', card({ expirationYear: 28 }), 20, /'expirationYear' must be a four-digit year/],
    ['cvv', card({ securityCode: '12' }), 20, /'securityCode' must be 3 digits/],
    ['no card number', card({ cardNumber: undefined }), 22, /'cardNumber' is required/],
    ['no holder', card({ cardHolderInfo: undefined }), 22, /'cardHolderInfo' is required/],
    ['no holder name', card({ cardHolderInfo: { city: 'X' } }), 22, /'cardHolderInfo.cardHolderName' is required/],
    ['holder email', card({ cardHolderInfo: { cardHolderName: 'A', email: 'nope' } }), 20, /'cardHolderInfo.email'/],
    ['field of another type', card({ bankABACode: '110000000' }), 21, /'bankABACode' is not a field of a CreditCard payment method/],
    ['mit without src', card({ mitProfileAction: 'Activate', mitProfileType: 'Recurring' }), 22, /'mitConsentAgreementSrc' is required/],
    ['makeDefault without account', card({ makeDefault: true }), 20, /'makeDefault'/],
    ['unknown account', card({ accountKey: 'A99999999' }), 20, /'accountKey' does not name an account/],
    ['unknown gateway', card({ authGateway: 'f'.repeat(32) }), 20, /'authGateway'/],
    ['ip address too long', card({ ipAddress: '1'.repeat(46) }), 20, /'ipAddress' must be at most 45/],
    ['ACH ABA check digit', { type: 'ACH', bankABACode: '110000001', bankAccountName: 'T', bankAccountNumber: '1234567', bankAccountType: 'Checking', bankName: 'B' }, 20, /'bankABACode'/],
    ['ACH account type', { type: 'ACH', bankABACode: '110000000', bankAccountName: 'T', bankAccountNumber: '1234567', bankAccountType: 'Savings', bankName: 'B' }, 20, /'bankAccountType'/],
    ['ACH no bank name', { type: 'ACH', bankABACode: '110000000', bankAccountName: 'T', bankAccountNumber: '1234567', bankAccountType: 'Checking' }, 22, /'bankName' is required/],
    ['SEPA IBAN check digits', { type: 'SEPA', IBAN: 'DE88370400440532013000', accountHolderInfo: { accountHolderName: 'J' } }, 20, /'IBAN' is not a valid IBAN/],
    ['SEPA no holder name', { type: 'SEPA', IBAN: 'DE89370400440532013000', accountHolderInfo: {} }, 22, /'accountHolderInfo.accountHolderName' is required/],
    ['Bacs sort code', { type: 'Bacs', accountNumber: '55779911', bankCode: '2000', accountHolderInfo: {} }, 20, /'bankCode' must be six digits/],
    ['PayPalEC no email', { type: 'PayPalEC', BAID: 'B-1' }, 22, /'email' is required/],
    ['PayPalAdaptive bad email', { type: 'PayPalAdaptive', preapprovalKey: 'P', email: 'x' }, 20, /'email' is not a valid email/],
    ['GooglePay no token', { type: 'GooglePay' }, 22, /'googlePaymentToken' is required/],
  ];
  it.each(cases)('%s', async (_name, body, category, message) => {
    const before = await countRows(t, 'payment_methods', c.tenant.id);
    const res = await c.post('/v1/payment-methods', body);
    expect(res.status, res.raw).toBe(400);
    expect(res.body.success).toBe(false);
    expect(res.body.reasons[0].code).toBe(50000000 + category);
    expect(res.body.reasons[0].message).toMatch(message);
    expect(await countRows(t, 'payment_methods', c.tenant.id)).toBe(before);
    // A refused card number is never echoed.
    if (typeof body.cardNumber === 'string' && body.cardNumber.length > 6) expect(res.raw).not.toContain(body.cardNumber);
  });

  it('options zbill does not support answer 501 in the envelope, and create nothing', async () => {
    for (const body of [card({ tokenize: true }), card({ tokens: { gatewayType: 'Stripe', tokenId: 'tok' } }), { type: 'SEPA', IBAN: 'DE89370400440532013000', accountHolderInfo: { accountHolderName: 'J' }, tokenize: true }]) {
      const res = await c.post('/v1/payment-methods', body);
      expect(res.status).toBe(501);
      expect(res.body.reasons[0].message).toMatch(/does not implement/);
    }
  });
});

describe('the test gateway', () => {
  it('GET /v1/paymentgateways lists the tenant test gateway', async () => {
    const res = await c.get('/v1/paymentgateways');
    expect(res.body).toEqual({ paymentgateways: [{ id: expect.stringMatching(/^[0-9a-f]{32}$/), isActive: true, isDefault: true, name: 'Test Gateway Adapter', type: 'Test Gateway' }], success: true });
    // Another tenant has its own.
    const other = await t.newClient(V2024);
    expect((await other.get('/v1/paymentgateways')).body.paymentgateways[0].id).not.toBe(res.body.paymentgateways[0].id);
    // authGateway takes it.
    const pm = await c.post('/v1/payment-methods', card({ authGateway: res.body.paymentgateways[0].id }));
    expect(pm.body.success).toBe(true);
  });

  it('declines and gateway errors refuse the card; skipValidation creates it and verify then answers the decline', async () => {
    const before = await countRows(t, 'payment_methods', c.tenant.id);
    const declined = await c.post('/v1/payment-methods', card({ cardNumber: '4000000000000002' }));
    expect(declined.status).toBe(400);
    expect(declined.body.reasons[0]).toEqual({ code: 50000030, message: expect.stringMatching(/declined by the payment gateway: response code 05, Do not honor/) });
    const funds = await c.post('/v1/payment-methods', card({ cardNumber: '4000000000009995' }));
    expect(funds.body.reasons[0].message).toMatch(/response code 51, Insufficient funds/);
    const error = await c.post('/v1/payment-methods', card({ cardNumber: '4000000000000119' }));
    expect(error.body.reasons[0].message).toMatch(/payment gateway error: response code 96/);
    expect(await countRows(t, 'payment_methods', c.tenant.id)).toBe(before);

    const skipped = await c.post('/v1/payment-methods', card({ cardNumber: '4000000000000002', skipValidation: true, accountKey: acct.accountId }));
    expect(skipped.body.success).toBe(true);
    expect((await c.get(`/v1/payment-methods/${skipped.body.id}`)).body.lastTransaction).toBeNull();
    const verify = await c.put(`/v1/payment-methods/${skipped.body.id}/verify`, {});
    expect(verify.status).toBe(400);
    expect(verify.body.reasons[0].message).toMatch(/verification was declined.*05/);
  });

  it('verify approves a good card and records the transaction', async () => {
    const pm = await c.post('/v1/payment-methods', card({ skipValidation: true, accountKey: acct.accountId }));
    const v = await c.put(`/v1/payment-methods/${pm.body.id}/verify`, { currencyCode: 'USD', securityCode: '123', paymentGatewayName: 'Test Gateway Adapter' });
    expect(v.body).toEqual({ paymentMethodId: pm.body.id, success: true });
    expect((await c.get(`/v1/payment-methods/${pm.body.id}`)).body).toMatchObject({ lastTransaction: 'Approved', lastTransactionDateTime: '2026-06-15 00:00:00' });
    expect((await c.put(`/v1/payment-methods/${pm.body.id}/verify`, { paymentGatewayName: 'Other' })).status).toBe(400);
    const ach = await c.post('/v1/payment-methods', TYPES[2]![1]);
    const r = await c.put(`/v1/payment-methods/${ach.body.id}/verify`, {});
    expect(r.status).toBe(400);
    expect(r.body.reasons[0].message).toMatch(/Only credit card and PayPal/);
  });
});

describe('PUT /v1/payment-methods/{id}', () => {
  it('updates the fields the page allows, per type', async () => {
    const pm = (await c.post('/v1/payment-methods', card({ accountKey: acct.accountId }))).body.id as string;
    const up = await c.put(`/v1/payment-methods/${pm}`, {
      expirationMonth: 1, expirationYear: 2030, accountHolderInfo: { city: 'Paris', phone: '123' }, ipAddress: '10.0.0.1',
      useDefaultRetryRule: false, maxConsecutivePaymentFailures: 3, paymentRetryWindow: 48, mandateInfo: { mandateId: 'M-1', mandateStatus: 'Active' }, tier__c: 'gold',
    });
    expect(up.body).toEqual({ id: pm, success: true });
    const got = (await c.get(`/v1/payment-methods/${pm}`)).body;
    expect(got).toMatchObject({
      expirationMonth: 1, expirationYear: 2030, ipAddress: '10.0.0.1', useDefaultRetryRule: false, maxConsecutivePaymentFailures: 3, paymentRetryWindow: 48, tier__c: 'gold',
      accountHolderInfo: { accountHolderName: 'Amy Lawrence', city: 'Paris', phone: '123' },
      mandateInfo: { mandateId: 'M-1', mandateStatus: 'Active', mandateCreationDate: '2026-06-15', mitProfileAction: null },
    });
    // Back to the default retry rule clears the custom numbers.
    await c.put(`/v1/payment-methods/${pm}`, { useDefaultRetryRule: true });
    expect((await c.get(`/v1/payment-methods/${pm}`)).body).toMatchObject({ useDefaultRetryRule: true, maxConsecutivePaymentFailures: null, paymentRetryWindow: null });

    const refused: Array<[Record<string, unknown>, number, RegExp]> = [
      [{ maxConsecutivePaymentFailures: 3 }, 20, /only when 'useDefaultRetryRule' is false/],
      [{ useDefaultRetryRule: false, paymentRetryWindow: 1001 }, 20, /between 1 and 1000/],
      [{ expirationYear: 2025 }, 20, /expired/],
      [{ cardNumber: '4111111111111111' }, 21, /'cardNumber' is not a field/],
      [{ securityCode: '1' }, 20, /'securityCode'/],
    ];
    for (const [body, cat, msg] of refused) {
      const r = await c.put(`/v1/payment-methods/${pm}`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.reasons[0].code % 100).toBe(cat);
      expect(r.body.reasons[0].message).toMatch(msg);
    }
    const ach = (await c.post('/v1/payment-methods', TYPES[2]![1])).body.id as string;
    const r = await c.put(`/v1/payment-methods/${ach}`, { expirationMonth: 2 });
    expect(r.body.reasons[0].message).toMatch(/only for CreditCard payment methods/);
    const ccrt = (await c.post('/v1/payment-methods', TYPES[1]![1])).body.id as string;
    expect((await c.put(`/v1/payment-methods/${ccrt}`, { ipAddress: '1.1.1.1' })).status).toBe(400);
    expect((await c.put(`/v1/payment-methods/${ccrt}`, { useDefaultRetryRule: false, paymentRetryWindow: 5 })).body.success).toBe(true);
    const pp = (await c.post('/v1/payment-methods', TYPES[11]![1])).body.id as string;
    expect((await c.put(`/v1/payment-methods/${pp}`, { mandateInfo: { mandateId: 'X' } })).status).toBe(400);
  });
});

describe('an account: default payment method, autoPay, lists', () => {
  it('makeDefault sets the default; the lists group by type; autoPay follows the default', async () => {
    const a = await createAccount(c);
    const none = await c.get(`/v1/accounts/${a.accountId}/payment-methods`);
    expect(none.body).toEqual({ defaultPaymentMethodId: null, paymentGateway: null, success: true });
    expect((await c.get(`/v1/accounts/${a.accountId}/payment-methods/default`)).status).toBe(404);
    expect((await c.put(`/v1/accounts/${a.accountId}`, { autoPay: true })).status).toBe(400);

    const visa = (await c.post('/v1/payment-methods', card({ accountKey: a.accountNumber, makeDefault: true }))).body.id as string;
    const electron = (await c.post('/v1/payment-methods', card({ accountKey: a.accountId, cardType: 'Electron', cardNumber: '4917300800000000' }))).body.id as string;
    const ach = (await c.post('/v1/payment-methods', { ...TYPES[2]![1], accountKey: a.accountId })).body.id as string;
    const list = (await c.get(`/v1/accounts/${a.accountNumber}/payment-methods`)).body;
    expect(Object.keys(list)).toEqual(['creditcard', 'debitcard', 'ach', 'defaultPaymentMethodId', 'paymentGateway', 'success']);
    expect(list.creditcard).toEqual([expect.objectContaining({ id: visa, isDefault: true, cardNumber: '************1111' })]);
    expect(list.debitcard).toEqual([expect.objectContaining({ id: electron, type: 'CreditCard', creditCardType: 'Electron', isDefault: false })]);
    expect(list.ach[0].id).toBe(ach);
    expect(list.defaultPaymentMethodId).toBe(visa);
    const onlyDefault = (await c.get(`/v1/accounts/${a.accountNumber}/payment-methods?isDefaultOnly=true`)).body;
    expect(Object.keys(onlyDefault)).toEqual(['creditcard', 'defaultPaymentMethodId', 'paymentGateway', 'success']);
    const def = await c.get(`/v1/accounts/${a.accountNumber}/payment-methods/default`);
    expect(def.body).toMatchObject({ id: visa, isDefault: true, success: true, type: 'CreditCard' });

    expect((await c.put(`/v1/accounts/${a.accountId}`, { autoPay: true })).body).toEqual({ success: true });
    expect((await c.get(`/v1/accounts/${a.accountId}`)).body.billingAndPayment).toMatchObject({ autoPay: true, defaultPaymentMethodId: visa });
    // The default can move to another payment method of the account, not to one of another account.
    expect((await c.put(`/v1/accounts/${a.accountId}`, { defaultPaymentMethodId: ach })).body.success).toBe(true);
    expect((await c.get(`/v1/payment-methods/${ach}`)).body.isDefault).toBe(true);
    const foreign = (await c.post('/v1/payment-methods', card({ accountKey: acct.accountId }))).body.id as string;
    expect((await c.put(`/v1/accounts/${a.accountId}`, { defaultPaymentMethodId: foreign })).status).toBe(400);
    // Cascading priorities may name the account's payment methods now.
    const cas = await c.put(`/v1/accounts/${a.accountId}/payment-methods/cascading`, { consent: true, priorities: [{ paymentMethodId: visa, order: 1 }, { paymentMethodId: ach, order: 2 }] });
    expect(cas.body).toEqual({ success: true });
  });

  it('delete: not the default payment method; others are gone afterwards', async () => {
    const a = await createAccount(c);
    const first = (await c.post('/v1/payment-methods', card({ accountKey: a.accountId, makeDefault: true }))).body.id as string;
    const second = (await c.post('/v1/payment-methods', card({ accountKey: a.accountId, cardNumber: '5555555555554444', cardType: 'MasterCard' }))).body.id as string;
    const refused = await c.del(`/v1/payment-methods/${first}`);
    expect(refused.status).toBe(400);
    expect(refused.body.reasons[0]).toMatchObject({ code: 50000030, message: expect.stringMatching(/default payment method/) });
    expect((await c.del(`/v1/payment-methods/${second}`)).body).toEqual({ success: true });
    expect((await c.get(`/v1/payment-methods/${second}`)).status).toBe(404);
    expect((await c.del(`/v1/payment-methods/${second}`)).status).toBe(404);
    expect(Object.keys((await c.get(`/v1/accounts/${a.accountId}/payment-methods`)).body.creditcard)).toHaveLength(1);
    // After moving the default away, the first one can go too.
    const third = (await c.post('/v1/payment-methods', card({ accountKey: a.accountId, makeDefault: true }))).body.id as string;
    expect((await c.del(`/v1/payment-methods/${first}`)).body.success).toBe(true);
    expect((await c.get(`/v1/accounts/${a.accountId}/payment-methods/default`)).body.id).toBe(third);
  });

  it('scrub replaces sensitive data, leaves the account lists and cannot scrub the default', async () => {
    const a = await createAccount(c);
    const def = (await c.post('/v1/payment-methods', card({ accountKey: a.accountId, makeDefault: true }))).body.id as string;
    expect((await c.put(`/v1/payment-methods/${def}/scrub`)).status).toBe(400);
    const pm = (await c.post('/v1/payment-methods', card({ accountKey: a.accountId, cardHolderInfo: { cardHolderName: 'Amy', city: 'Paris', country: 'France' } }))).body.id as string;
    expect((await c.put(`/v1/payment-methods/${pm}/scrub`)).body).toEqual({ success: true });
    const got = (await c.get(`/v1/payment-methods/${pm}`)).body;
    expect(got).toMatchObject({ status: 'Scrubbed', cardNumber: 'Record Scrubbed', expirationMonth: 12, expirationYear: 2000, bankIdentificationNumber: '0' });
    expect(got.accountHolderInfo).toMatchObject({ accountHolderName: 'Record Scrubbed', city: 'Record Scrubbed', country: '0', zipCode: null });
    expect((await c.get(`/v1/accounts/${a.accountId}/payment-methods`)).body.creditcard.map((x: { id: string }) => x.id)).toEqual([def]);
    expect((await c.put(`/v1/payment-methods/${pm}`, { ipAddress: '1.2.3.4' })).status).toBe(400);
    expect((await c.put(`/v1/accounts/${a.accountId}`, { defaultPaymentMethodId: pm })).status).toBe(400);
  });
});

describe('POST /v1/accounts with a payment method', () => {
  it('paymentMethod, creditCard and hpmCreditCardPaymentMethodId each become the default, autoPay on', async () => {
    const withPm = await c.post('/v1/accounts', accountBody({ autoPay: true, paymentMethod: { type: 'ACH', bankABACode: '110000000', bankAccountName: 'T', bankAccountNumber: '1234567', bankAccountType: 'Checking', bankName: 'B' } }));
    expect(withPm.body.success, withPm.raw).toBe(true);
    const a1 = (await c.get(`/v1/accounts/${withPm.body.accountId}`)).body.billingAndPayment;
    expect(a1.autoPay).toBe(true);
    expect((await c.get(`/v1/payment-methods/${a1.defaultPaymentMethodId}`)).body).toMatchObject({ type: 'ACH', accountKey: withPm.body.accountId, isDefault: true });

    const cc = { cardType: 'Visa', cardNumber: '4111111111111111', expirationMonth: '12', expirationYear: '2028', securityCode: '123', cardHolderInfo: { cardHolderName: 'Amy', addressLine1: '1 Main St', city: 'SF', state: 'California', zipCode: '94105', country: 'United States' } };
    const withCc = await c.post('/v1/accounts', accountBody({ autoPay: true, creditCard: cc }));
    expect(withCc.body.success, withCc.raw).toBe(true);
    const d2 = (await c.get(`/v1/accounts/${withCc.body.accountId}/payment-methods/default`)).body;
    expect(d2).toMatchObject({ type: 'CreditCard', cardNumber: '************1111', expirationMonth: 12, accountHolderInfo: { addressLine1: '1 Main St' } });

    const orphan = (await c.post('/v1/payment-methods', card())).body.id as string;
    const withHpm = await c.post('/v1/accounts', accountBody({ autoPay: true, hpmCreditCardPaymentMethodId: orphan }));
    expect(withHpm.body.success).toBe(true);
    expect((await c.get(`/v1/payment-methods/${orphan}`)).body).toMatchObject({ accountKey: withHpm.body.accountId, isDefault: true });
    // It belongs to that account now: another account cannot take it.
    const again = await c.post('/v1/accounts', accountBody({ hpmCreditCardPaymentMethodId: orphan }));
    expect(again.status).toBe(400);
    expect(again.body.reasons[0].message).toMatch(/already belongs to another account/);
  });

  it('a bad payment method refuses the account and creates nothing', async () => {
    const cl = await clockedClient();
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ paymentMethod: card({ cardNumber: '4111111111111112' }) }, /'paymentMethod.cardNumber'/],
      [{ paymentMethod: card({ cardNumber: '4000000000000002' }) }, /declined/],
      [{ paymentMethod: card({ accountKey: 'A00000001' }) }, /'paymentMethod.accountKey' cannot be given/],
      [{ creditCard: { cardType: 'Visa', cardNumber: '4111111111111111', expirationMonth: '12', expirationYear: '2028', cardHolderInfo: { cardHolderName: 'Amy' } } }, /'creditCard.cardHolderInfo.addressLine1' is required/],
      [{ creditCard: { cardType: 'Visa', cardNumber: '4111111111111111', expirationMonth: '1', expirationYear: '2026', cardHolderInfo: { cardHolderName: 'Amy', addressLine1: 'a', city: 'b', state: 'c', zipCode: 'd', country: 'e' } } }, /expired/],
      [{ paymentMethod: card(), creditCard: card({ cardHolderInfo: { cardHolderName: 'Amy', addressLine1: 'a', city: 'b', state: 'c', zipCode: 'd', country: 'e' } }) }, /Only one of/],
    ];
    for (const [over, msg] of cases) {
      const res = await cl.post('/v1/accounts', accountBody(over));
      expect(res.status, JSON.stringify(over)).toBe(400);
      expect(res.body.reasons[0].message).toMatch(msg);
    }
    expect(await countRows(t, 'accounts', cl.tenant.id)).toBe(0);
    expect(await countRows(t, 'payment_methods', cl.tenant.id)).toBe(0);
    expect(await countRows(t, 'contacts', cl.tenant.id)).toBe(0);
  });
});

describe('the object API: /v1/object/payment-method', () => {
  it('creates, reads, updates and deletes in PascalCase', async () => {
    const created = await c.post('/v1/object/payment-method', {
      AccountId: acct.accountId, Type: 'CreditCard', CreditCardNumber: '378282246310005', CreditCardType: 'AmericanExpress', CreditCardExpirationMonth: 3, CreditCardExpirationYear: 2029,
      CreditCardHolderName: 'Amy Lawrence', CreditCardPostalCode: '94105', UseDefaultRetryRule: false, PaymentRetryWindow: 24, Note__c: 'n',
    });
    expect(created.body).toEqual({ Success: true, Id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const id = created.body.Id as string;
    const got = await c.get(`/v1/object/payment-method/${id}`);
    expect(got.body).toMatchObject({
      Id: id, AccountId: acct.accountId, Type: 'CreditCard', PaymentMethodStatus: 'Active', CreditCardMaskNumber: '***********0005', CreditCardType: 'AmericanExpress',
      CreditCardExpirationMonth: 3, CreditCardExpirationYear: 2029, CreditCardHolderName: 'Amy Lawrence', CreditCardPostalCode: '94105', BankIdentificationNumber: '378282',
      UseDefaultRetryRule: false, PaymentRetryWindow: 24, Note__c: 'n', CreatedDate: '2026-06-15T00:00:00+00:00',
    });
    expect(got.raw).not.toContain('378282246310005');
    expect('CreditCardCity' in got.body).toBe(false); // fields without a value are left out
    expect((await c.get(`/v1/object/payment-method/${id}?fields=Id,Type`)).body).toEqual({ Id: id, Type: 'CreditCard' });
    expect((await c.put(`/v1/object/payment-method/${id}`, { CreditCardExpirationYear: 2031, CreditCardCity: 'Oakland' })).body).toEqual({ Success: true, Id: id });
    expect((await c.get(`/v1/object/payment-method/${id}`)).body).toMatchObject({ CreditCardExpirationYear: 2031, CreditCardCity: 'Oakland' });
    const bad = await c.put(`/v1/object/payment-method/${id}`, { CreditCardNumber: '4111111111111111' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ Success: false, Errors: [{ Code: 'INVALID_FIELD' }] });
    expect((await c.del(`/v1/object/payment-method/${id}`)).body).toEqual({ id, success: true });
    const gone = await c.get(`/v1/object/payment-method/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ Success: false, Errors: [{ Code: 'INVALID_ID' }] });
  });

  it('ACH and PayPal; refusals in the object envelope', async () => {
    const ach = await c.post('/v1/object/payment-method', { Type: 'ACH', AchAbaCode: '110000000', AchAccountName: 'T', AchAccountNumber: '000123456789', AchAccountType: 'Saving', AchBankName: 'Chase' });
    expect(ach.body.Success).toBe(true);
    expect((await c.get(`/v1/object/payment-method/${ach.body.Id}`)).body).toMatchObject({ Type: 'ACH', AchAccountNumberMask: '********6789', AchAccountType: 'Saving' });
    const pp = await c.post('/v1/object/payment-method', { Type: 'PayPal', PaypalBaid: 'B-1', PaypalEmail: 'p@example.com' });
    expect((await c.get(`/v1/object/payment-method/${pp.body.Id}`)).body).toMatchObject({ Type: 'PayPal', PaypalType: 'ExpressCheckout', PaypalBaid: 'B-1' });
    for (const [body, code] of [
      [{ Type: 'CreditCard', CreditCardNumber: '4111111111111112', CreditCardType: 'Visa', CreditCardExpirationMonth: 1, CreditCardExpirationYear: 2030, CreditCardHolderName: 'A' }, 'INVALID_VALUE'],
      [{ Type: 'CreditCard', CreditCardNumber: '4111111111111111', CreditCardType: 'Visa', CreditCardExpirationMonth: 1, CreditCardExpirationYear: 2030 }, 'MISSING_REQUIRED_VALUE'],
      [{ Type: 'Cheque' }, 'INVALID_VALUE'],
      [{ Type: 'ACH', Foo: 1 }, 'INVALID_FIELD'],
    ] as const) {
      const res = await c.post('/v1/object/payment-method', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toMatchObject({ Success: false, Errors: [{ Code: code }] });
    }
  });
});

describe('tenant isolation', () => {
  it("another tenant cannot see, change, verify, scrub, delete or use a tenant's payment method", async () => {
    const pm = (await c.post('/v1/payment-methods', card({ accountKey: acct.accountId }))).body.id as string;
    const other = await t.newClient(V2024);
    for (const res of [
      await other.get(`/v1/payment-methods/${pm}`),
      await other.put(`/v1/payment-methods/${pm}`, { ipAddress: '1.1.1.1' }),
      await other.put(`/v1/payment-methods/${pm}/verify`, {}),
      await other.put(`/v1/payment-methods/${pm}/scrub`),
      await other.del(`/v1/payment-methods/${pm}`),
      await other.get(`/v1/accounts/${acct.accountId}/payment-methods`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.reasons[0].code % 100).toBe(40);
    }
    const res = await other.post('/v1/accounts', accountBody({ hpmCreditCardPaymentMethodId: pm }));
    expect(res.status).toBe(400);
    expect((await c.get(`/v1/payment-methods/${pm}`)).body).toMatchObject({ status: 'Active', ipAddress: null });
  });
});
