// Conformance of what hangs off a payment method: stored credential profiles, the bank balance and Apple
// Pay domains (Payment Methods tag, in spec-responses.json: conform()), and the operations of tags the
// harness file does not hold (Payment Authorization, Payment Method Snapshots, Payment Method Transaction
// Logs, Payment Transaction Logs, the PaymentMethodSnapshot object query), whose schemas are extracted
// here from the reference spec (scripts/extract-schemas.mjs with the tags added), as object-queries.test.ts does.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { extract, parseYaml, TAGS } from '../../scripts/extract-schemas.mjs';
import { setupApp, type Client, type Res, type TestApp } from '../helpers.js';
import { createAccount, V2024 } from '../accounts/fixtures.js';
import { checkAgainst, formatIssues, type Schema } from './check.js';
import { conform, expectSuccess } from './harness.js';

let t: TestApp;
let c: Client;
let acct: { accountId: string; accountNumber: string };
let schemas: Record<string, { response: unknown }>;
const w: Record<string, string> = {};

/** The answer matches the operation's success schema of the spec (the object API reads carry no `success`). */
function check(operationId: string, res: Res, opts: { objectApi?: boolean } = {}) {
  if (opts.objectApi) expect(res.status, res.raw).toBe(200);
  else expectSuccess(operationId, res);
  const op = schemas[operationId];
  if (!op) throw new Error(`${operationId} is not in the extracted tags`);
  const r = checkAgainst(op.response as Schema, res.body, operationId);
  // as checkResponse does: a deviation Zuora's own sample shows too (resultCode sent as a number) is sample-backed
  const sample = samples[operationId]?.response;
  if (r.issues.length && sample && typeof sample === 'object') {
    const sig = (i: { kind: string; path: string; actual: string }) => `${i.kind} ${i.path.replace(/\[\d+\]/g, '[]')} ${i.kind === 'type' ? i.actual.split(' ')[0] : ''}`;
    const backed = new Set(checkAgainst(op.response as Schema, sample).issues.map(sig));
    r.issues = r.issues.filter((i) => !backed.has(sig(i)));
    r.ok = r.issues.length === 0;
  }
  if (!r.ok) expect.fail(formatIssues(r));
}
const samples = JSON.parse(readFileSync(process.env.ZBILL_REFERENCE_SAMPLES_JSON ?? '/work/shared/reference/samples.json', 'utf8')) as Record<string, { response?: unknown }>;

beforeAll(async () => {
  const path = process.env.ZBILL_REFERENCE_SPEC ?? '/work/shared/reference/zuora-openapi.yaml';
  for (const tag of ['Payment Authorization', 'Payment Method Snapshots', 'Payment Method Transaction Logs', 'Payment Transaction Logs', 'Object Queries']) if (!TAGS.includes(tag)) TAGS.push(tag);
  schemas = extract(parseYaml(readFileSync(path, 'utf8'))).ops;
  t = await setupApp();
  c = await t.newClient(V2024);
  await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2026-06-15' });
  acct = await createAccount(c);
  const pm = await c.post('/v1/payment-methods', {
    type: 'CreditCard', accountKey: acct.accountId, cardType: 'Visa', cardNumber: '4111111111111111', expirationMonth: 12, expirationYear: 2030, cardHolderInfo: { cardHolderName: 'Amy Lawrence' },
  });
  w.pm = pm.body.id;
  const ach = await c.post('/v1/payment-methods', { type: 'ACH', accountKey: acct.accountId, bankABACode: '110000000', bankAccountName: 'Test', bankAccountNumber: '123456789', bankAccountType: 'Checking', bankName: 'Chase' });
  w.ach = ach.body.id;
});

describe('Payment Methods: profiles, balance, Apple Pay domains', () => {
  it('POST_CreateStoredCredentialProfile', async () => {
    conform('POST_CreateStoredCredentialProfile', await c.post(`/v1/payment-methods/${w.pm}/profiles`, { consentAgreementSrc: 'External', consentAgreementRef: 'V1.pdf', status: 'Active', type: 'Recurring' }));
    await c.post(`/v1/payment-methods/${w.pm}/profiles`, { consentAgreementSrc: 'External', status: 'Agreed', type: 'Unscheduled' });
  });
  it('GET_StoredCredentialProfiles', async () => {
    conform('GET_StoredCredentialProfiles', await c.get(`/v1/payment-methods/${w.pm}/profiles?includeAll=true`));
  });
  it('POST_CancelStoredCredentialProfile', async () => {
    conform('POST_CancelStoredCredentialProfile', await c.post(`/v1/payment-methods/${w.pm}/profiles/1/cancel`, {}));
  });
  it('POST_ExpireStoredCredentialProfile', async () => {
    conform('POST_ExpireStoredCredentialProfile', await c.post(`/v1/payment-methods/${w.pm}/profiles/2/expire`, {}));
  });
  it('getBankAccountBalance', async () => {
    conform('getBankAccountBalance', await c.get(`/v1/payment-methods/${w.ach}/balance`));
  });
  it('POST_RegisterApplePayDomain', async () => {
    const res = await c.post('/payment-methods/apple-pay/domains', { domainName: 'pay.example.com' });
    conform('POST_RegisterApplePayDomain', res);
    w.domain = res.body.id;
  });
  it('GET_ListApplePayDomains', async () => {
    conform('GET_ListApplePayDomains', await c.get('/payment-methods/apple-pay/domains'));
  });
  it('DELETE_UnregisterApplePayDomain', async () => {
    conform('DELETE_UnregisterApplePayDomain', await c.del(`/payment-methods/apple-pay/domains/${w.domain}`));
  });
});

describe('Payment Authorization, snapshots and transaction logs', () => {
  it('POST_CreateAuthorization', async () => {
    const res = await c.post(`/v1/payment-methods/${w.pm}/authorize`, { accountId: acct.accountId, amount: 1.99, gatewayOrderId: 'A001' });
    check('POST_CreateAuthorization', res);
    w.txn = res.body.transactionId;
  });
  it('POST_CancelAuthorization', async () => {
    expect(w.txn).toMatch(/^[0-9a-f]{20}$/);
    check('POST_CancelAuthorization', await c.post(`/v1/payment-methods/${w.pm}/voidAuthorize`, { accountId: acct.accountId, gatewayOrderId: 'A001', transactionId: w.txn }));
  });
  it('Object_GETPaymentMethodTransactionLog', async () => {
    const row = await t.database.db.selectFrom('payment_method_transaction_logs').select(['id']).where('payment_method_id', '=', w.pm!).executeTakeFirstOrThrow();
    check('Object_GETPaymentMethodTransactionLog', await c.get(`/v1/object/payment-method-transaction-log/${row.id as string}`), { objectApi: true });
  });
  it('Object_GETPaymentMethodSnapshot, queryPaymentMethodSnapshots, queryPaymentMethodSnapshotByKey', async () => {
    const pay = await c.post('/v1/payments', { type: 'Electronic', accountId: acct.accountId, amount: 20, currency: 'USD', paymentMethodId: w.pm, effectiveDate: '2026-06-15' });
    expect(pay.status, pay.raw).toBe(200);
    const list = await c.get(`/object-query/payment-method-snapshots?filter[]=paymentMethodId.EQ:${w.pm}`);
    check('queryPaymentMethodSnapshots', list);
    const id = list.body.data[0].id as string;
    check('queryPaymentMethodSnapshotByKey', await c.get(`/object-query/payment-method-snapshots/${id}`));
    check('Object_GETPaymentMethodSnapshot', await c.get(`/v1/object/payment-method-snapshot/${id}`), { objectApi: true });
    w.payment = pay.body.id;
  });
});
