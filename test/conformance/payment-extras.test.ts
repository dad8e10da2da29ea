// Conformance of the payment-side extras (Electronic Payments Health, RSA Signatures, Hosted Pages, Custom
// Payment Method Types, Payment Method Updater): every operation's answer checked against its spec schema.
import { beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { card, setup } from '../payments/fixtures.js';
import { conform, surprisesTest } from './harness.js';

let t: TestApp;
let c: Client;
const w: Record<string, string> = {};

beforeAll(async () => {
  t = await setupApp({ jobWorker: false });
  const s = await setup(t);
  c = s.c;
  const good = await card(c, s.acc.accountId);
  const declined = await card(c, s.acc.accountId, '4000000000000002', false);
  for (const pm of [good, declined]) await c.post('/v1/payments', { accountId: s.acc.accountId, type: 'Electronic', effectiveDate: '2024-01-01', amount: 10, currency: 'USD', paymentMethodId: pm });
  const page = await t.admin('POST', `/admin/tenants/${c.tenant.id}/hosted-pages`, { pageName: 'Card form', pageType: 'Credit Card', pageVersion: 2 });
  expect(page.status, page.raw).toBe(201);
  w.pageId = page.body.pageId;
});

const typeBody = () => ({
  fields: [{ checksum: true, defaultValue: null, description: 'The token', editable: true, index: 1, label: 'Token', maxLength: 100, minLength: 1, name: 'Token', representer: true, required: true, type: 'string', visible: true }],
  internalName: 'AmazonPay',
  label: 'Amazon Pay',
  methodReferenceIdField: 'Token',
  tenantId: String(c.tenant.tenantNumber),
});

describe('Electronic Payments Health', () => {
  const window = 'startTime=2024-01-01T00:00Z&endTime=2024-01-02T00:00Z';
  it('GET_SystemHealthPaymentVolumeSummary', async () => {
    const res = await c.get(`/system-health/payments/volume-summary?${window}`);
    conform('GET_SystemHealthPaymentVolumeSummary', res);
    expect(res.body.data[0]).toMatchObject({ total: 2, success: 1, error: 1 });
  });
  it('getSystemHealthPaymentRecords', async () => {
    const res = await c.get(`/system-health/payments/details?${window}&pageSize=1`);
    conform('getSystemHealthPaymentRecords', res);
    expect(res.body.nextPage).toBeDefined();
  });
});

describe('Hosted Pages, RSA Signatures', () => {
  it('Get_HostedPages', async () => {
    const res = await c.get('/v1/hostedpages?versionNumber=2');
    conform('Get_HostedPages', res);
    expect(res.body.hostedpages).toHaveLength(1);
  });
  it('POST_RSASignatures, POST_DecryptRSASignatures', async () => {
    const sig = await c.post('/v1/rsa-signatures', { method: 'POST', pageId: w.pageId, uri: 'https://apisandbox.zuora.com/apps/PublicHostedPageLite.do' });
    conform('POST_RSASignatures', sig);
    conform('POST_DecryptRSASignatures', await c.post('/v1/rsa-signatures/decrypt', { method: 'POST', publicKey: sig.body.key, signature: sig.body.signature }));
  });
});

describe('Custom Payment Method Types', () => {
  const name = () => `AmazonPay__c_${c.tenant.tenantNumber}`;
  it('POST_CreateDraftOpenPaymentMethodType', async () => {
    conform('POST_CreateDraftOpenPaymentMethodType', await c.post('/open-payment-method-types', typeBody()));
  });
  it('PUT_UpdateOpenPaymentMethodType', async () => {
    conform('PUT_UpdateOpenPaymentMethodType', await c.put(`/open-payment-method-types/${name()}`, { ...typeBody(), label: 'Amazon Pay 1' }));
  });
  it('GET_OpenPaymentMethodTypeRevision', async () => {
    conform('GET_OpenPaymentMethodTypeRevision', await c.get(`/open-payment-method-types/${name()}/draft/1`));
  });
  it('PUT_PublishOpenPaymentMethodType', async () => {
    conform('PUT_PublishOpenPaymentMethodType', await c.put(`/open-payment-method-types/publish/${name()}`));
  });
  it('GET_OpenPaymentMethodTypePublish', async () => {
    conform('GET_OpenPaymentMethodTypePublish', await c.get(`/open-payment-method-types/${name()}/published`));
  });
});

describe('Payment Method Updater', () => {
  it('GET_PaymentMethodUpdaterInstances', async () => {
    conform('GET_PaymentMethodUpdaterInstances', await c.get('/v1/payment-method-updaters'));
  });
  it('POST_PaymentMethodUpdaterBatch (no updater instance: the error envelope; there is no success to check)', async () => {
    const res = await c.post('/v1/payment-method-updaters/batches', { updaterAccountId: '418734b01fbb11ee821f0e4e5eec84cf', billingCycleDay: 5 });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ success: false, reasons: [{ code: expect.anything(), message: expect.stringContaining('updaterAccountId') }] });
  });
});

surprisesTest();
