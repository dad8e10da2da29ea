// Conformance of Data Query and of the Object Queries added for applications, processed usage and custom object records:
// each answer checked against its spec schema, over a real invoice, payment, refund, credit memo
// application and bill run. The Object Queries tag is not in spec-responses.json, so its schemas are
// extracted here from the reference spec (scripts/extract-schemas.mjs with the tag added; ~1 s).
// Fields and expand[]: test/queries/object-query-applications.test.ts. Expanded answers are not checked
// here: the spec's Nested…OnExpand schemas type plain fields as objects (creditMemo.amount, refund.paymentId,
// usage.chargeNumber) and processingType as "0".."3", so every expanded record of every object fails them.
import { beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/platform/jobs.js';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { billedAccount, ok, postedCreditMemo, type Billed } from '../memos/fixtures.js';
import { usageWorld } from '../usage/fixtures.js';
import { readFileSync } from 'node:fs';
import { extract, parseYaml, TAGS } from '../../scripts/extract-schemas.mjs';
import { checkAgainst, formatIssues, type Schema } from './check.js';
import { expectSuccess } from './harness.js';
import type { Res } from '../helpers.js';

let t: TestApp;
let c: Client;
let b: Billed;

let schemas: Record<string, { response: unknown }>;

/** The answer succeeds and matches the operation's success schema of the spec. */
function check(operationId: string, res: Res) {
  expectSuccess(operationId, res);
  const op = schemas[operationId];
  if (!op) throw new Error(`${operationId} is not an Object Queries or Data Query operation of the spec`);
  const r = checkAgainst(op.response as Schema, res.body, operationId);
  if (!r.ok) expect.fail(formatIssues(r));
}

beforeAll(async () => {
  const path = process.env.ZBILL_REFERENCE_SPEC ?? '/work/shared/reference/zuora-openapi.yaml';
  for (const tag of ['Object Queries', 'Data Queries']) if (!TAGS.includes(tag)) TAGS.push(tag);
  schemas = extract(parseYaml(readFileSync(path, 'utf8'))).ops;
  t = await setupApp({ jobWorker: false });
  c = await t.newClient({ defaultApiVersion: '2025-08-12', timezone: 'UTC' });
  await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2024-01-01' });
  b = await billedAccount(c);
});

describe('Object Queries', () => {
  it('queryCreditMemoApplications, queryCreditMemoApplicationByKey', async () => {
    const cm = await postedCreditMemo(c, b, { Seats: 10 });
    await ok(c.put(`/v1/credit-memos/${cm.id}/apply`, { effectiveDate: '2024-01-01', invoices: [{ invoiceId: b.invoiceId, amount: 4 }] }));
    const list = await c.get('/object-query/credit-memo-applications');
    check('queryCreditMemoApplications', list);
    check('queryCreditMemoApplicationByKey', await c.get(`/object-query/credit-memo-applications/${list.body.data[0].id}`));
  });
  it('queryPaymentApplications, queryRefundApplications, queryRefundApplicationItems and their ByKey', async () => {
    const pay = await ok(c.post('/v1/payments', { accountId: b.accountId, type: 'External', paymentMethodType: 'Check', amount: 50, currency: 'USD', effectiveDate: '2024-01-01', invoices: [{ invoiceId: b.invoiceId, amount: 30 }] }));
    const pa = await c.get('/object-query/payment-applications');
    check('queryPaymentApplications', pa);
    check('queryPaymentApplicationByKey', await c.get(`/object-query/payment-applications/${pa.body.data[0].id}`));
    await ok(c.post(`/v1/payments/${pay.id}/refunds`, { type: 'External', methodType: 'Check', totalAmount: 20, refundDate: '2024-01-01' }));
    const ra = await c.get('/object-query/refund-applications');
    check('queryRefundApplications', ra);
    check('queryRefundApplicationByKey', await c.get(`/object-query/refund-applications/${ra.body.data[0].id}`));
    const items = await c.get('/object-query/refund-application-items');
    check('queryRefundApplicationItems', items);
    check('queryRefundApplicationItemByKey', await c.get(`/object-query/refund-application-items/${items.body.data[0].id}`));
  });
  it('queryProcessedUsages, queryProcessedUsageByKey', async () => {
    const w = await usageWorld(c);
    const u = await c.post('/v1/object/usage', { AccountId: w.accountId, ChargeNumber: w.minutesChargeNumber, UOM: 'Minutes', Quantity: 10, StartDateTime: '2024-01-10T10:00:00Z' });
    expect(u.body.Success, u.raw).toBe(true);
    await c.post('/v1/bill-runs', { billRunFilters: [{ filterType: 'Account', accountId: w.accountId }], targetDate: '2024-02-01', invoiceDate: '2024-02-01' });
    await runDueJobs(t.app, { tenantId: c.tenant.id });
    const list = await c.get('/object-query/processed-usages');
    check('queryProcessedUsages', list);
    expect(list.body.data).toHaveLength(1);
    check('queryProcessedUsageByKey', await c.get(`/object-query/processed-usages/${u.body.Id}`));
  });
  it('queryCustomObjects, queryCustomObjectBykey', async () => {
    const def = { label: 'Car', object: 'car', properties: { brand__c: { label: 'Brand', type: 'string' } }, filterable: ['brand__c'] };
    expect((await c.post('/objects/definitions/default', { definitions: { car: def } })).status).toBe(200);
    expect((await c.post('/objects/records/default/car', { records: [{ brand__c: 'BMW' }] })).status).toBe(200);
    const list = await c.get('/object-query/default__cars');
    check('queryCustomObjects', list);
    check('queryCustomObjectBykey', await c.get(`/object-query/default__cars/${list.body.data[0].id}`));
  });
  it('queryAmendments, queryAmendmentByKey', async () => {
    const list = await c.get('/object-query/amendments');
    check('queryAmendments', list);
    expect(list.body.data.length).toBeGreaterThan(0);
    check('queryAmendmentByKey', await c.get(`/object-query/amendments/${list.body.data[0].id}`));
  });
  it('queryPrepaidBalances, queryPrepaidBalanceFunds, queryPrepaidBalanceTransactions, queryValidityPeriodSummarys, queryDailyConsumptionSummaries, queryDeliveryAdjustments (no records)', async () => {
    check('queryPrepaidBalances', await c.get('/object-query/prepaid-balances'));
    check('queryPrepaidBalanceFunds', await c.get('/object-query/prepaid-balance-funds'));
    check('queryPrepaidBalanceTransactions', await c.get('/object-query/prepaid-balance-transactions'));
    check('queryValidityPeriodSummarys', await c.get('/object-query/validity-period-summaries'));
    check('queryDailyConsumptionSummaries', await c.get('/object-query/daily-consumption-summaries'));
    check('queryDeliveryAdjustments', await c.get('/object-query/delivery-adjustments'));
  });
});

describe('Data Query', () => {
  it('POST_DataQueryJob, GET_DataQueryJob, GET_DataQueryJobs, DELETE_DataQueryJob', async () => {
    const req = { query: 'SELECT accountnumber, billcycleday FROM account WHERE billcycleday > 0', outputFormat: 'CSV', compression: 'NONE', output: { target: 'S3' } };
    const post = await c.post('/query/jobs', req);
    check('POST_DataQueryJob', post);
    await runDueJobs(t.app, { tenantId: c.tenant.id });
    const done = await c.get(`/query/jobs/${post.body.data.id}`);
    check('GET_DataQueryJob', done);
    expect(done.body.data.queryStatus).toBe('completed');
    const pending = await c.post('/query/jobs', req);
    check('GET_DataQueryJobs', await c.get('/query/jobs'));
    check('DELETE_DataQueryJob', await c.del(`/query/jobs/${pending.body.data.id}`));
  });
});
