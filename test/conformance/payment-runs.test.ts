// Conformance of Payment Runs, driven through an AutoPay account's posted invoice of a real order
// (see FINDINGS.md for how the checker judges).
import { beforeAll, describe, it } from 'vitest';
import { runDueJobs } from '../../src/platform/jobs.js';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { card, postedInvoice } from '../payments/fixtures.js';
import { makeCatalog, newAccount } from '../subscriptions/fixtures.js';
import { conform, expectSuccess } from './harness.js';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { extract, parseYaml, TAGS } from '../../scripts/extract-schemas.mjs';
import { checkAgainst, formatIssues, type Schema } from './check.js';

let t: TestApp;
let c: Client;
const w: Record<string, string> = {};

beforeAll(async () => {
  t = await setupApp({ jobWorker: false });
  c = await t.newClient({ defaultApiVersion: '2025-08-12' });
  await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2024-01-01' });
  const cat = await makeCatalog(c);
  const acc = await newAccount(c);
  w.accountId = acc.accountId;
  await card(c, acc.accountId);
  await c.put(`/v1/accounts/${acc.accountId}`, { autoPay: true });
  await postedInvoice(c, cat, acc.accountNumber);
});

describe('Payment Runs', () => {
  it('POST_PaymentRun', async () => {
    const res = await c.post('/v1/payment-runs', { accountId: w.accountId, targetDate: '2024-01-01', autoApplyUnappliedPayment: true });
    conform('POST_PaymentRun', res);
    w.runId = res.body.id;
    await runDueJobs(t.app, { tenantId: c.tenant.id });
  });
  it('GET_PaymentRun', async () => {
    conform('GET_PaymentRun', await c.get(`/v1/payment-runs/${w.runId}`));
  });
  it('GET_PaymentRuns', async () => {
    conform('GET_PaymentRuns', await c.get('/v1/payment-runs?status=Completed'));
  });
  it('GET_PaymentRunSummary', async () => {
    conform('GET_PaymentRunSummary', await c.get(`/v1/payment-runs/${w.runId}/summary`));
  });
  it('GET_PaymentRunData', async () => {
    conform('GET_PaymentRunData', await c.get(`/v1/payment-runs/${w.runId}/data`));
  });
  it('PUT_PaymentRun', async () => {
    const res = await c.post('/v1/payment-runs', { runDate: '2024-02-01 05:00:00' });
    w.pending = res.body.id;
    conform('PUT_PaymentRun', await c.put(`/v1/payment-runs/${w.pending}`, { consolidatedPayment: true }));
  });
  it('queryPaymentRuns, queryPaymentRunByKey (Object Queries: schemas extracted here, as object-queries.test.ts does)', async () => {
    const path = process.env.ZBILL_REFERENCE_SPEC ?? '/work/shared/reference/zuora-openapi.yaml';
    if (!TAGS.includes('Object Queries')) TAGS.push('Object Queries');
    const ops = extract(parseYaml(readFileSync(path, 'utf8'))).ops as Record<string, { response: unknown }>;
    for (const [op, url] of [['queryPaymentRuns', '/object-query/payment-runs'], ['queryPaymentRunByKey', `/object-query/payment-runs/${w.runId}`]] as const) {
      const res = await c.get(url);
      expectSuccess(op, res);
      const r = checkAgainst(ops[op]!.response as Schema, res.body, op);
      if (!r.ok) expect.fail(formatIssues(r));
    }
  });
  it('DELETE_PaymentRun', async () => {
    await c.put(`/v1/payment-runs/${w.pending}`, { status: 'Canceled' });
    conform('DELETE_PaymentRun', await c.del(`/v1/payment-runs/${w.pending}`));
  });
});
