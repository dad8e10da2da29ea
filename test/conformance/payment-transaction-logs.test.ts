// Conformance of Object_GETPaymentTransactionLog (Payment Transaction Logs tag, not in spec-responses.json): the
// schema is extracted here from the reference spec with the tag added, as object-queries.test.ts does.
import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { extract, parseYaml, TAGS } from '../../scripts/extract-schemas.mjs';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { createAccount, V2024 } from '../accounts/fixtures.js';
import { logIdOf } from '../../src/modules/payment-transaction-logs/index.js';
import { checkAgainst, formatIssues, type Schema } from './check.js';

let t: TestApp;
let c: Client;
let schemas: Record<string, { response: unknown }>;

beforeAll(async () => {
  const path = process.env.ZBILL_REFERENCE_SPEC ?? '/work/shared/reference/zuora-openapi.yaml';
  if (!TAGS.includes('Payment Transaction Logs')) TAGS.push('Payment Transaction Logs');
  schemas = extract(parseYaml(readFileSync(path, 'utf8'))).ops;
  t = await setupApp();
  c = await t.newClient(V2024);
  await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2026-06-15' });
});

it('Object_GETPaymentTransactionLog', async () => {
  const acct = await createAccount(c);
  const pm = await c.post('/v1/payment-methods', {
    type: 'CreditCard', accountKey: acct.accountId, cardType: 'Visa', cardNumber: '4111111111111111', expirationMonth: 12, expirationYear: 2030, cardHolderInfo: { cardHolderName: 'Amy Lawrence' },
  });
  const pay = await c.post('/v1/payments', { type: 'Electronic', accountId: acct.accountId, amount: 20, currency: 'USD', paymentMethodId: pm.body.id, effectiveDate: '2026-06-15' });
  expect(pay.status, pay.raw).toBe(200);
  const res = await c.get(`/v1/object/payment-transaction-log/${logIdOf(pay.body.id)}`);
  expect(res.status, res.raw).toBe(200);
  const r = checkAgainst(schemas.Object_GETPaymentTransactionLog!.response as Schema, res.body, 'Object_GETPaymentTransactionLog');
  if (!r.ok) expect.fail(formatIssues(r));
  expect(Object.keys(res.body).sort()).toEqual(['Gateway', 'GatewayReasonCode', 'GatewayReasonCodeDescription', 'GatewayState', 'GatewayTransactionType', 'Id', 'PaymentId', 'TransactionDate', 'TransactionId']);
});
