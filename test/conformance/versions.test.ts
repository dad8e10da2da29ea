// Every API-version switch of docs/api-versions.md, tested on both sides of its version.
import { describe, expect, it } from 'vitest';
import { setupApp, type Client, type Res } from '../helpers.js';
import { createSubscriptionOrder, makeCatalog, newAccount, type Catalog } from '../subscriptions/fixtures.js';
import { conform, conformOlderVersion } from './harness.js';

const t = await setupApp();
const v = (version: string) => ({ 'Zuora-Version': version });

/** A refusal in Zuora's envelope with the given category; on numbered versions the HTTP status is 200. */
function expectRefused(res: Res, category: number, message?: RegExp) {
  expect(res.body.success, res.raw).toBe(false);
  const code = Number(res.body.reasons?.[0]?.code);
  expect(code % 100, res.raw).toBe(category);
  if (message) expect(res.body.reasons[0].message).toMatch(message);
}

async function world(): Promise<{ c: Client; cat: Catalog; acc: { accountNumber: string } }> {
  const c = await t.newClient();
  return { c, cat: await makeCatalog(c), acc: await newAccount(c) };
}

const legacyCreate = (accountKey: string, planId: string, extra: Record<string, unknown> = {}) => ({
  accountKey,
  contractEffectiveDate: '2024-01-01',
  termType: 'TERMED',
  initialTerm: 12,
  renewalTerm: 12,
  subscribeToRatePlans: [{ productRatePlanId: planId }],
  ...extra,
});

describe('223.0: POST /v1/orders answers subscriptions (from 223.0) or subscriptionNumbers (up to 222.4)', () => {
  it('222.4 answers the numbers only', async () => {
    const { c, cat, acc } = await world();
    const res = await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId), v('222.4'));
    expect(res.body.subscriptionNumbers).toEqual(['A-S00000001']);
    expect(res.body).not.toHaveProperty('subscriptions');
    conformOlderVersion('POST_Order', res, ['subscriptionNumbers']);
  });

  it('223.0 and the tenant default (a date) answer subscriptions with their status', async () => {
    const { c, cat, acc } = await world();
    for (const headers of [v('223.0'), {}]) {
      const res = await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId), headers);
      expect(res.body.subscriptions).toEqual([expect.objectContaining({ subscriptionNumber: expect.stringMatching(/^A-S/), status: 'Active' })]);
      expect(res.body).not.toHaveProperty('subscriptionNumbers');
      conform('POST_Order', res);
    }
  });

  it('a tenant whose default version is numbered gets the old shape without a header', async () => {
    const c = await t.newClient({ defaultApiVersion: '222.0' });
    const cat = await makeCatalog(c);
    const acc = await newAccount(c);
    const res = await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId));
    expect(res.body.subscriptionNumbers).toEqual(['A-S00000001']);
  });
});

describe('230.0: GET /v1/catalog/products gives productRatePlans as a URL (from 230.0) or the plans themselves (before)', () => {
  it('229.0 embeds each product rate plan with its charges, in the list and for one product', async () => {
    const { c, cat } = await world();
    const list = await c.get('/v1/catalog/products', v('229.0'));
    const p = list.body.products.find((x: any) => x.id === cat.productId);
    expect(p.productRatePlans.map((x: any) => x.id).sort()).toEqual([cat.basePlanId, cat.addonPlanId].sort());
    const base = p.productRatePlans.find((x: any) => x.id === cat.basePlanId);
    expect(base.productRatePlanCharges.map((x: any) => x.id).sort()).toEqual([cat.flatChargeId, cat.seatChargeId].sort());
    conformOlderVersion('GET_Catalog', list, ['products[].productRatePlans']);
    const one = await c.get(`/v1/catalog/products/${cat.productId}`, v('229.0'));
    expect(one.body.productRatePlans).toHaveLength(2);
    conformOlderVersion('GET_Product', one, ['productRatePlans']);
  });

  it('230.0 and later give the URL of the product rate plans', async () => {
    const { c, cat } = await world();
    for (const headers of [v('230.0'), v('2024-05-20')]) {
      const one = await c.get(`/v1/catalog/products/${cat.productId}`, headers);
      expect(one.body.productRatePlans).toMatch(new RegExp(`/v1/products/${cat.productId}/product-rate-plans$`));
      conform('GET_Product', one);
      const list = await c.get('/v1/catalog/products', headers);
      expect(typeof list.body.products[0].productRatePlans).toBe('string');
    }
  });
});

describe('211.0: the legacy subscription calls name their billing options runBilling/targetDate (from 211.0) or invoice/invoiceTargetDate (before)', () => {
  it('POST /v1/subscriptions: 210.0 takes invoice/invoiceTargetDate and refuses runBilling/targetDate', async () => {
    const { c, cat, acc } = await world();
    const ok = await c.post('/v1/subscriptions', legacyCreate(acc.accountNumber, cat.basePlanId, { invoice: false, invoiceTargetDate: '2024-01-31', collect: false }), v('210.0'));
    expect(ok.body).toMatchObject({ success: true, subscriptionNumber: 'A-S00000001' });
    const refused = await c.post('/v1/subscriptions', legacyCreate(acc.accountNumber, cat.basePlanId, { runBilling: false }), v('210.0'));
    expectRefused(refused, 21, /'runBilling' is available from Zuora-Version 211.0.*'invoice'/);
    expect(refused.status).toBe(200);
    expectRefused(await c.post('/v1/subscriptions', legacyCreate(acc.accountNumber, cat.basePlanId, { targetDate: '2024-01-31' }), v('210.0')), 21, /invoiceTargetDate/);
    // Nothing was created by the refusals.
    expect((await c.get(`/v1/subscriptions/accounts/${acc.accountNumber}`)).body.subscriptions).toHaveLength(1);
  });

  it('POST /v1/subscriptions: 211.0 takes runBilling/targetDate and refuses invoice/invoiceTargetDate', async () => {
    const { c, cat, acc } = await world();
    const ok = await c.post('/v1/subscriptions', legacyCreate(acc.accountNumber, cat.basePlanId, { runBilling: false, targetDate: '2024-01-31', collect: false }), v('211.0'));
    expect(ok.body).toMatchObject({ success: true });
    expectRefused(await c.post('/v1/subscriptions', legacyCreate(acc.accountNumber, cat.basePlanId, { invoice: false }), v('211.0')), 21, /'invoice' is the name before Zuora-Version 211.0.*'runBilling'/);
    expectRefused(await c.post('/v1/subscriptions', legacyCreate(acc.accountNumber, cat.basePlanId, { invoiceTargetDate: '2024-01-31' }), v('211.0')), 21, /'targetDate'/);
    // On a date version the refusal carries the mapped status.
    const mapped = await c.post('/v1/subscriptions', legacyCreate(acc.accountNumber, cat.basePlanId, { invoice: true }), v('2024-05-20'));
    expect(mapped.status).toBe(400);
    expectRefused(mapped, 21);
    expect((await c.get(`/v1/subscriptions/accounts/${acc.accountNumber}`)).body.subscriptions).toHaveLength(1);
  });

  it('the old and new names are checked for their type under their own version', async () => {
    const { c, cat, acc } = await world();
    expectRefused(await c.post('/v1/subscriptions', legacyCreate(acc.accountNumber, cat.basePlanId, { invoice: 'yes' }), v('207.0')), 20, /'invoice' must be true or false/);
    expectRefused(await c.post('/v1/subscriptions', legacyCreate(acc.accountNumber, cat.basePlanId, { invoiceTargetDate: '2024-02-30' }), v('207.0')), 20, /invoiceTargetDate/);
  });

  it('cancel, renew, suspend, resume and update follow the same names', async () => {
    const { c, cat, acc } = await world();
    const num = (await c.post('/v1/subscriptions', legacyCreate(acc.accountNumber, cat.basePlanId, { autoRenew: false, initialTerm: 120 }))).body.subscriptionNumber;
    const calls: Array<[string, Record<string, unknown>]> = [
      [`/v1/subscriptions/${num}`, { notes: 'n' }],
      [`/v1/subscriptions/${num}/renew`, {}],
      [`/v1/subscriptions/${num}/suspend`, { suspendPolicy: 'Today' }],
      [`/v1/subscriptions/${num}/resume`, { resumePolicy: 'Today' }],
      [`/v1/subscriptions/${num}/cancel`, { cancellationPolicy: 'EndOfCurrentTerm' }],
    ];
    for (const [url, body] of calls) {
      expectRefused(await c.put(url, { ...body, invoice: false }, v('211.0')), 21, /runBilling/);
      expectRefused(await c.put(url, { ...body, runBilling: false }, v('196.0')), 21, /invoice/);
    }
    expect((await c.get(`/v1/subscriptions/${num}`)).body.version).toBe(1);
    for (const [url, body] of calls) {
      const old = await c.put(url, { ...body, invoice: false, invoiceTargetDate: '2024-06-01' }, v('210.0'));
      expect(old.body.success, `${url}: ${old.raw}`).toBe(true);
    }
    expect((await c.get(`/v1/subscriptions/${num}`)).body.version).toBe(1 + calls.length);
  });

  it('196.0: invoice and collect from 196.0 on; invoiceCollect (both in one) up to 189.0', async () => {
    const { c, cat, acc } = await world();
    expectRefused(await c.post('/v1/subscriptions', legacyCreate(acc.accountNumber, cat.basePlanId, { collect: false }), v('189.0')), 21, /'collect' is available from Zuora-Version 196.0.*'invoiceCollect'/);
    expectRefused(await c.post('/v1/subscriptions', legacyCreate(acc.accountNumber, cat.basePlanId, { invoice: false }), v('189.0')), 21, /invoiceCollect/);
    expect((await c.post('/v1/subscriptions', legacyCreate(acc.accountNumber, cat.basePlanId, { invoiceCollect: false }), v('189.0'))).body.success).toBe(true);
    expectRefused(await c.post('/v1/subscriptions', legacyCreate(acc.accountNumber, cat.basePlanId, { invoiceCollect: 1 }), v('189.0')), 20, /'invoiceCollect' must be true or false/);
    expectRefused(await c.post('/v1/subscriptions', legacyCreate(acc.accountNumber, cat.basePlanId, { invoiceCollect: false }), v('196.0')), 21, /'invoice' and 'collect'/);
    expectRefused(await c.post('/v1/subscriptions', legacyCreate(acc.accountNumber, cat.basePlanId, { invoiceCollect: false }), v('2025-08-12')), 21, /'runBilling' and 'collect'/);
    expect((await c.post('/v1/subscriptions', legacyCreate(acc.accountNumber, cat.basePlanId, { invoice: false, collect: false }), v('196.0'))).body.success).toBe(true);
    expect((await c.get(`/v1/subscriptions/accounts/${acc.accountNumber}`)).body.subscriptions).toHaveLength(2);
  });
});

describe('207.0: previewing a subscription', () => {
  it('POST /v1/subscriptions/preview: invoiceTargetDate and InvoiceItem preview types up to 206.0', async () => {
    const { c, cat, acc } = await world();
    const body = legacyCreate(acc.accountNumber, cat.basePlanId);
    expect((await c.post('/v1/subscriptions/preview', { ...body, invoiceTargetDate: '2024-03-01', previewType: 'InvoiceItem' }, v('206.0'))).body.success).toBe(true);
    expectRefused(await c.post('/v1/subscriptions/preview', { ...body, targetDate: '2024-03-01' }, v('206.0')), 21, /207.0/);
    expectRefused(await c.post('/v1/subscriptions/preview', { ...body, previewType: 'LegalDoc' }, v('206.0')), 20, /InvoiceItem/);
  });

  it('POST /v1/subscriptions/preview: targetDate and LegalDoc preview types from 207.0', async () => {
    const { c, cat, acc } = await world();
    const body = legacyCreate(acc.accountNumber, cat.basePlanId);
    expect((await c.post('/v1/subscriptions/preview', { ...body, targetDate: '2024-03-01', previewType: 'LegalDoc' }, v('207.0'))).body.success).toBe(true);
    expectRefused(await c.post('/v1/subscriptions/preview', { ...body, invoiceTargetDate: '2024-03-01' }, v('207.0')), 21, /targetDate/);
    expectRefused(await c.post('/v1/subscriptions/preview', { ...body, previewType: 'InvoiceItem' }, v('207.0')), 20, /LegalDoc/);
  });

  it('includeExistingDraftDocItems from 207.0, includeExistingDraftInvoiceItems before (preview and update)', async () => {
    const { c, cat, acc } = await world();
    const body = legacyCreate(acc.accountNumber, cat.basePlanId);
    expect((await c.post('/v1/subscriptions/preview', { ...body, includeExistingDraftInvoiceItems: false }, v('206.0'))).body.success).toBe(true);
    expectRefused(await c.post('/v1/subscriptions/preview', { ...body, includeExistingDraftDocItems: false }, v('206.0')), 21, /includeExistingDraftInvoiceItems/);
    expect((await c.post('/v1/subscriptions/preview', { ...body, includeExistingDraftDocItems: false }, v('207.0'))).body.success).toBe(true);
    expectRefused(await c.post('/v1/subscriptions/preview', { ...body, includeExistingDraftInvoiceItems: false }, v('207.0')), 21, /includeExistingDraftDocItems/);
    const num = (await c.post('/v1/subscriptions', body)).body.subscriptionNumber;
    expectRefused(await c.put(`/v1/subscriptions/${num}`, { notes: 'x', includeExistingDraftInvoiceItems: true }, v('207.0')), 21, /includeExistingDraftDocItems/);
    expectRefused(await c.put(`/v1/subscriptions/${num}`, { notes: 'x', previewType: 'InvoiceItem' }, v('207.0')), 20, /LegalDoc/);
    expectRefused(await c.put(`/v1/subscriptions/${num}`, { notes: 'x', previewType: 'LegalDoc' }, v('206.0')), 20, /InvoiceItem/);
    expect((await c.get(`/v1/subscriptions/${num}`)).body.version).toBe(1);
    expect((await c.put(`/v1/subscriptions/${num}`, { notes: 'x', includeExistingDraftInvoiceItems: true, previewType: 'InvoiceItem' }, v('206.0'))).body.success).toBe(true);
  });

  it('POST /v1/subscriptions/{key}/preview needs 207.0 or later', async () => {
    const { c, cat, acc } = await world();
    const num = (await c.post('/v1/subscriptions', legacyCreate(acc.accountNumber, cat.basePlanId))).body.subscriptionNumber;
    expectRefused(await c.post(`/v1/subscriptions/${num}/preview`, {}, v('206.0')), 30, /207.0/);
    expect((await c.post(`/v1/subscriptions/${num}/preview`, { targetDate: '2024-03-01' }, v('207.0'))).body.success).toBe(true);
  });
});

describe('2024-05-20: errors carry a mapped HTTP status', () => {
  it('341.0 answers a missing account with HTTP 200 and 2024-05-20 with 404, in the same envelope', async () => {
    const c = await t.newClient();
    const old = await c.get('/v1/accounts/nope', v('341.0'));
    expect(old.status).toBe(200);
    expectRefused(old, 40);
    const now = await c.get('/v1/accounts/nope', v('2024-05-20'));
    expect(now.status).toBe(404);
    expectRefused(now, 40);
  });
});

describe('207.0: the invoice figures of a subscription preview move into an invoice container; 315.0: taxationItems', () => {
  const previewBody = (acc: string, plan: string) => ({ ...legacyCreate(acc, plan), contractEffectiveDate: '2024-01-01' });

  it('206.0 answers amount, amountWithoutTax, taxAmount, invoiceItems and invoiceTargetDate at the top level', async () => {
    const { c, cat, acc } = await world();
    const res = await c.post('/v1/subscriptions/preview', { ...previewBody(acc.accountNumber, cat.basePlanId), invoiceTargetDate: '2024-01-15' }, v('206.0'));
    expect(res.body).toMatchObject({ success: true, amount: 110, amountWithoutTax: 110, taxAmount: 0, invoiceTargetDate: '2024-01-15' });
    expect(res.body).not.toHaveProperty('invoice');
    expect(res.body.invoiceItems.map((i: any) => [i.chargeName, i.chargeAmount, i.serviceStartDate, i.serviceEndDate]).sort()).toEqual([
      ['Platform Fee', 100, '2024-01-01', '2024-01-31'],
      ['Seats', 10, '2024-01-01', '2024-01-31'],
    ]);
    expect(res.body.invoiceItems[0]).not.toHaveProperty('taxationItems');
    // Zuora's response sample of this operation is this older shape, so the harness accepts it as documented
    conform('POST_PreviewSubscription', res);
  });

  it('207.0 answers invoice {amount, amountWithoutTax, taxAmount, targetDate, invoiceItems}; items carry no taxationItems before 315.0', async () => {
    const { c, cat, acc } = await world();
    const res = await c.post('/v1/subscriptions/preview', { ...previewBody(acc.accountNumber, cat.basePlanId), targetDate: '2024-01-15' }, v('207.0'));
    expect(res.body.invoice).toMatchObject({ amount: 110, amountWithoutTax: 110, taxAmount: 0, targetDate: '2024-01-15' });
    expect(res.body.invoice.invoiceItems).toHaveLength(2);
    expect(res.body).toMatchObject({ targetDate: '2024-01-15', documentDate: '2024-01-15' });
    for (const k of ['amount', 'amountWithoutTax', 'invoiceItems', 'invoiceTargetDate']) expect(res.body).not.toHaveProperty(k);
    expect(res.body.invoice.invoiceItems[0]).not.toHaveProperty('taxationItems');
    conform('POST_PreviewSubscription', res);
    const at314 = await c.post('/v1/subscriptions/preview', { ...previewBody(acc.accountNumber, cat.basePlanId), targetDate: '2024-01-15' }, v('314.0'));
    expect(at314.body.invoice.invoiceItems[0]).not.toHaveProperty('taxationItems');
  });

  it('315.0 and the tenant default add taxationItems (empty: zbill calculates no tax) to each item', async () => {
    const { c, cat, acc } = await world();
    for (const headers of [v('315.0'), {}]) {
      const res = await c.post('/v1/subscriptions/preview', { ...previewBody(acc.accountNumber, cat.basePlanId), targetDate: '2024-01-15' }, headers);
      expect(res.body.invoice.invoiceItems.map((i: any) => i.taxationItems)).toEqual([[], []]);
      conform('POST_PreviewSubscription', res);
    }
  });

  it('a preview that bills nothing through its target date has no invoice on either side', async () => {
    const { c, cat, acc } = await world();
    for (const [headers, date] of [[v('206.0'), 'invoiceTargetDate'], [v('207.0'), 'targetDate']] as const) {
      const res = await c.post('/v1/subscriptions/preview', { ...previewBody(acc.accountNumber, cat.basePlanId), [date]: '2023-12-31' }, headers);
      expect(res.body.success, res.raw).toBe(true);
      for (const k of ['invoice', 'amount', 'invoiceItems', 'invoiceTargetDate']) expect(res.body).not.toHaveProperty(k);
    }
  });

  it('a charge metrics preview is not built: 501, not a silent LegalDoc preview', async () => {
    const { c, cat, acc } = await world();
    const res = await c.post('/v1/subscriptions/preview', { ...previewBody(acc.accountNumber, cat.basePlanId), previewType: 'ChargeMetrics' }, v('2024-05-20'));
    expect(res.status).toBe(501);
  });
});

describe('PUT /v1/subscriptions/{key} with preview: true (207.0 container, 315.0 taxationItems); nothing is saved', () => {
  async function subscribed() {
    const { c, cat, acc } = await world();
    const num = (await c.post('/v1/subscriptions', { ...legacyCreate(acc.accountNumber, cat.basePlanId), contractEffectiveDate: '2024-01-01', runBilling: false })).body.subscriptionNumber;
    const update = { preview: true, add: [{ productRatePlanId: cat.addonPlanId, contractEffectiveDate: '2024-01-01' }] };
    return { c, num, update };
  }

  it('2024-05-20: the metrics delta and the invoice of the updated subscription, and the subscription keeps its version', async () => {
    const { c, num, update } = await subscribed();
    const res = await c.put(`/v1/subscriptions/${num}`, { ...update, targetDate: '2024-01-15' });
    expect(res.body, res.raw).toMatchObject({ success: true, totalDeltaMrr: 20, invoice: { amount: 130, targetDate: '2024-01-15' } });
    expect(res.body.invoice.invoiceItems.map((i: any) => i.chargeName).sort()).toEqual(['Addon Fee', 'Platform Fee', 'Seats']);
    expect(res.body.invoice.invoiceItems.every((i: any) => Array.isArray(i.taxationItems))).toBe(true);
    conform('PUT_Subscription', res);
    const sub = (await c.get(`/v1/subscriptions/${num}`)).body;
    expect(sub.version).toBe(1);
    expect(sub.ratePlans).toHaveLength(1);
  });

  it('206.0: the figures at the top level, the date as targetDate (invoiceTargetDate is the request name before 211.0)', async () => {
    const { c, num, update } = await subscribed();
    const res = await c.put(`/v1/subscriptions/${num}`, { ...update, invoiceTargetDate: '2024-01-15' }, v('206.0'));
    expect(res.body, res.raw).toMatchObject({ success: true, amount: 130, targetDate: '2024-01-15' });
    expect(res.body).not.toHaveProperty('invoice');
    expect(res.body.invoiceItems).toHaveLength(3);
    expect(res.body.invoiceItems[0]).not.toHaveProperty('taxationItems');
    conformOlderVersion('PUT_Subscription', res, ['amount', 'amountWithoutTax']);
    expect((await c.get(`/v1/subscriptions/${num}`)).body.version).toBe(1);
  });

  it("'preview' must be a boolean", async () => {
    const { c, num } = await subscribed();
    expectRefused(await c.put(`/v1/subscriptions/${num}`, { preview: 'yes', notes: 'x' }), 20, /preview/);
    expect((await c.get(`/v1/subscriptions/${num}`)).body.version).toBe(1);
  });
});

describe('309.0: POST /v1/orders/preview invoice items carry taxationItems', () => {
  const previewOrderBody = (acc: string, plan: string) => ({
    ...createSubscriptionOrder(acc, plan),
    previewOptions: { previewThruType: 'SpecificDate', previewTypes: ['BillingDocs'], specificPreviewThruDate: '2024-01-15' },
  });

  it('308.0 has no taxationItems key; 309.0 and the default have an empty list on every item', async () => {
    const { c, cat, acc } = await world();
    const old = await c.post('/v1/orders/preview', previewOrderBody(acc.accountNumber, cat.basePlanId), v('308.0'));
    const items = old.body.previewResult.invoices[0].invoiceItems;
    expect(items).toHaveLength(2);
    expect(items[0]).not.toHaveProperty('taxationItems');
    for (const headers of [v('309.0'), {}]) {
      const res = await c.post('/v1/orders/preview', previewOrderBody(acc.accountNumber, cat.basePlanId), headers);
      expect(res.body.previewResult.invoices[0].invoiceItems.map((i: any) => i.taxationItems)).toEqual([[], []]);
      // previewResult.subscriptions is zbill's addition (FINDINGS.md SUB-1); everything else matches the latest schema
      conformOlderVersion('POST_PreviewOrder', res, ['previewResult.subscriptions']);
    }
  });
});

describe('314.0: billing preview runs name the batches `batches` (from 314.0) or `batch` (before)', () => {
  async function twoBatches() {
    const c = await t.newClient();
    await newAccount(c, { batch: 'Batch1' });
    await newAccount(c, { batch: 'Batch2' });
    return c;
  }

  it('313.0 takes one `batch` and answers `batch`; `batches` is refused and nothing is made', async () => {
    const c = await twoBatches();
    expectRefused(await c.post('/v1/billing-preview-runs', { targetDate: '2024-01-31', batches: 'Batch2' }, v('313.0')), 21, /314.0/);
    expectRefused(await c.post('/v1/billing-preview-runs', { targetDate: '2024-01-31', batch: 'Batch1,Batch2' }, v('313.0')), 20, /one batch/);
    const res = await c.post('/v1/billing-preview-runs', { targetDate: '2024-01-31', batch: 'Batch2' }, v('313.0'));
    expect(res.body.success, res.raw).toBe(true);
    const run = await c.get(`/v1/billing-preview-runs/${res.body.billingPreviewRunId}`, v('313.0'));
    expect(run.body).toMatchObject({ batch: 'Batch2', totalAccounts: 1, runNumber: 'BPR-00000001' });
    expect(run.body).not.toHaveProperty('batches');
    conformOlderVersion('GET_BillingPreviewRun', run, ['batch']);
  });

  it('314.0 and the tenant default take and answer `batches`; `batch` is refused', async () => {
    const c = await twoBatches();
    expectRefused(await c.post('/v1/billing-preview-runs', { targetDate: '2024-01-31', batch: 'Batch2' }, v('314.0')), 21, /batches/);
    const res = await c.post('/v1/billing-preview-runs', { targetDate: '2024-01-31', batches: 'Batch1,Batch2' }, v('314.0'));
    const run = await c.get(`/v1/billing-preview-runs/${res.body.billingPreviewRunId}`);
    expect(run.body).toMatchObject({ batches: 'Batch1,Batch2', totalAccounts: 2, runNumber: 'BPR-00000001' });
    expect(run.body).not.toHaveProperty('batch');
    conform('GET_BillingPreviewRun', run);
  });
});

describe('211.0 / 196.0: the legacy billing options bill, under each version\'s names', () => {
  it('runBilling (211.0+) and invoice (196.0–210.0) each make the invoice through the target date', async () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ['2024-05-20', { runBilling: true, targetDate: '2024-01-15' }],
      ['210.0', { invoice: true, invoiceTargetDate: '2024-01-15' }],
    ];
    for (const [version, opts] of cases) {
      const { c, cat, acc } = await world();
      const res = await c.post('/v1/subscriptions', { ...legacyCreate(acc.accountNumber, cat.basePlanId), contractEffectiveDate: '2024-01-01', ...opts }, v(version));
      expect(res.body.success, `${version}: ${res.raw}`).toBe(true);
      expect(res.body.invoiceId).toMatch(/^[0-9a-f]{32}$/);
      const inv = await c.get(`/v1/invoices/${res.body.invoiceId}`);
      expect(inv.body).toMatchObject({ amount: 110, status: 'Posted', targetDate: '2024-01-15' });
      conform('POST_Subscription', res);
    }
  });

  it('POST /v1/subscriptions bills by default (Zuora: runBilling defaults to true), through today when no target date is given', async () => {
    const { c, cat, acc } = await world();
    const res = await c.post('/v1/subscriptions', { ...legacyCreate(acc.accountNumber, cat.basePlanId), contractEffectiveDate: '2024-01-01' });
    expect(res.body.invoiceId, res.raw).toMatch(/^[0-9a-f]{32}$/);
    const inv = (await c.get(`/v1/invoices/${res.body.invoiceId}`)).body;
    expect(inv.targetDate).toBe((await t.admin('GET', `/admin/tenants/${c.tenant.id}`)).body.clock.today);
    expect(inv.amount).toBeGreaterThan(110);
    // an update, renewal or cancellation does not bill by default (their runBilling defaults to false)
    const up = await c.put(`/v1/subscriptions/${res.body.subscriptionNumber}`, { notes: 'n' });
    expect(up.body.success, up.raw).toBe(true);
    expect(up.body).not.toHaveProperty('invoiceId');
  });

  it('without the option nothing is billed and no invoiceId is answered; collect (a payment) answers 501 and changes nothing', async () => {
    const { c, cat, acc } = await world();
    const res = await c.post('/v1/subscriptions', { ...legacyCreate(acc.accountNumber, cat.basePlanId), contractEffectiveDate: '2024-01-01', runBilling: false, targetDate: '2024-01-15' });
    expect(res.body.success).toBe(true);
    expect(res.body).not.toHaveProperty('invoiceId');
    const collect = await c.post('/v1/subscriptions', { ...legacyCreate(acc.accountNumber, cat.basePlanId), contractEffectiveDate: '2024-01-01', runBilling: true, collect: true });
    expect(collect.status).toBe(501);
    expect(collect.body.success).toBe(false);
    expect((await c.get(`/v1/subscriptions/accounts/${acc.accountNumber}`)).body.subscriptions).toHaveLength(1);
    // before 196.0 invoiceCollect asks for the invoice and its payment in one: a payment is not collected yet
    const both = await c.post('/v1/subscriptions', { ...legacyCreate(acc.accountNumber, cat.basePlanId), contractEffectiveDate: '2024-01-01', invoiceCollect: true }, v('189.0'));
    expect(both.body.success).toBe(false);
    expect(Number(both.body.reasons[0].code) % 100).toBe(60);
    expect((await c.get(`/v1/subscriptions/accounts/${acc.accountNumber}`)).body.subscriptions).toHaveLength(1);
    expect((await c.get(`/v1/transactions/invoices/accounts/${acc.accountNumber}`)).body.invoices).toHaveLength(0);
  });

  it('renew, update and cancel bill too: the cancellation of a billed month gives a credit memo', async () => {
    const { c, cat, acc } = await world();
    const num = (await c.post('/v1/subscriptions', { ...legacyCreate(acc.accountNumber, cat.basePlanId), contractEffectiveDate: '2024-01-01', runBilling: true, targetDate: '2024-01-15' })).body.subscriptionNumber;
    const up = await c.put(`/v1/subscriptions/${num}`, { add: [{ productRatePlanId: cat.addonPlanId, contractEffectiveDate: '2024-01-01' }], runBilling: true, targetDate: '2024-01-15' });
    expect(up.body.invoiceId, up.raw).toMatch(/^[0-9a-f]{32}$/);
    expect((await c.get(`/v1/invoices/${up.body.invoiceId}`)).body.amount).toBe(20);
    const cancel = await c.put(`/v1/subscriptions/${num}/cancel`, { cancellationPolicy: 'SpecificDate', cancellationEffectiveDate: '2024-01-16', runBilling: true, targetDate: '2024-01-16' }, v('211.0'));
    expect(cancel.body.success, cancel.raw).toBe(true);
    expect(cancel.body.creditMemoId).toMatch(/^[0-9a-f]{32}$/);
    expect(cancel.body).not.toHaveProperty('invoiceId');
    const memo = await c.get(`/v1/credit-memos/${cancel.body.creditMemoId}`);
    expect(memo.body.success, memo.raw).toBe(true);
    expect(memo.body.amount).toBeGreaterThan(0);
  });
});

describe('239.0: credit memo items hold their taxes in taxationItems (from 239.0) or creditTaxItems (up to 238.0)', () => {
  it('the list and one item, on both sides', async () => {
    const { c, cat, acc } = await world();
    const num = (await c.post('/v1/subscriptions', { ...legacyCreate(acc.accountNumber, cat.basePlanId), contractEffectiveDate: '2024-01-01', runBilling: true, targetDate: '2024-01-15' })).body.subscriptionNumber;
    const cancel = await c.put(`/v1/subscriptions/${num}/cancel`, { cancellationPolicy: 'SpecificDate', cancellationEffectiveDate: '2024-01-16', runBilling: true, targetDate: '2024-01-16' });
    const memo = cancel.body.creditMemoId;
    expect(memo, cancel.raw).toMatch(/^[0-9a-f]{32}$/);
    const old = await c.get(`/v1/credit-memos/${memo}/items`, v('238.0'));
    expect(old.body.items.length, old.raw).toBeGreaterThan(0);
    for (const i of old.body.items) {
      expect(i.creditTaxItems).toEqual([]);
      expect(i).not.toHaveProperty('taxationItems');
    }
    const now = await c.get(`/v1/credit-memos/${memo}/items`, v('239.0'));
    for (const i of now.body.items) {
      expect(i.taxationItems).toEqual({ data: [] });
      expect(i).not.toHaveProperty('creditTaxItems');
    }
    conform('GET_CreditMemoItems', now);
    const id = now.body.items[0].id;
    const one = await c.get(`/v1/credit-memos/${memo}/items/${id}`, v('238.0'));
    expect(one.body, one.raw).toMatchObject({ success: true, id, creditTaxItems: [] });
    expect(one.body).not.toHaveProperty('taxationItems');
    expect((await c.get(`/v1/credit-memos/${memo}/items/${id}`)).body.taxationItems).toEqual({ data: [] });
  });
});

describe('224.0: a memo from charges names each charge amount `amount` (from 224.0) or `memoItemAmount` (up to 223.0)', () => {
  it('credit and debit memos, both sides; the other name is refused and nothing is made', async () => {
    const { c, cat, acc } = await world();
    for (const base of ['/v1/credit-memos', '/v1/debit-memos']) {
      const charge = (k: string, n: number) => ({ accountNumber: acc.accountNumber, charges: [{ productRatePlanChargeId: cat.flatChargeId, [k]: n }] });
      const old = await c.post(base, charge('memoItemAmount', 12.5), v('223.0'));
      expect(old.body, old.raw).toMatchObject({ success: true, amount: 12.5 });
      expectRefused(await c.post(base, charge('amount', 12.5), v('223.0')), 21, /memoItemAmount/);
      const now = await c.post(base, charge('amount', 7.25), v('224.0'));
      expect(now.body, now.raw).toMatchObject({ success: true, amount: 7.25 });
      expectRefused(await c.post(base, charge('memoItemAmount', 7.25), v('224.0')), 21, /'amount'/);
    }
    expect((await c.get(`/v1/credit-memos?accountNumber=${acc.accountNumber}`)).body.creditmemos).toHaveLength(2);
    expect((await c.get(`/v1/debit-memos?accountNumber=${acc.accountNumber}`)).body.debitmemos).toHaveLength(2);
  });
});

describe('211.0 / 196.0: POST /v1/accounts with a subscription takes the billing options under each version\'s names', () => {
  const accountWith = (planId: string, number: string, extra: Record<string, unknown> = {}) => ({
    name: 'With Sub',
    accountNumber: number,
    currency: 'USD',
    billCycleDay: 1,
    autoPay: false,
    billToContact: { firstName: 'Ann', lastName: 'Sub', country: 'United States', state: 'CA' },
    subscription: { contractEffectiveDate: '2024-01-01', termType: 'TERMED', initialTerm: 12, renewalTerm: 12, subscribeToRatePlans: [{ productRatePlanId: planId }] },
    ...extra,
  });

  it('2024-05-20: the account and its subscription in one call, billed by default through targetDate', async () => {
    const { c, cat } = await world();
    const res = await c.post('/v1/accounts', accountWith(cat.basePlanId, 'ACC-SUB-1', { targetDate: '2024-01-15' }));
    expect(res.body, res.raw).toMatchObject({ success: true, accountNumber: 'ACC-SUB-1', subscriptionNumber: expect.stringMatching(/^A-S/), contractedMrr: 110 });
    expect(res.body.subscriptionId).toMatch(/^[0-9a-f]{32}$/);
    expect((await c.get(`/v1/invoices/${res.body.invoiceId}`)).body).toMatchObject({ amount: 110, accountId: res.body.accountId });
    conform('POST_Account', res);
    const sub = (await c.get(`/v1/subscriptions/${res.body.subscriptionNumber}`)).body;
    expect(sub).toMatchObject({ accountNumber: 'ACC-SUB-1', status: 'Active' });
    // runBilling false: no invoice
    const quiet = await c.post('/v1/accounts', accountWith(cat.basePlanId, 'ACC-SUB-2', { runBilling: false }));
    expect(quiet.body.subscriptionNumber, quiet.raw).toMatch(/^A-S/);
    expect(quiet.body).not.toHaveProperty('invoiceId');
  });

  it('210.0 takes invoice/invoiceTargetDate and refuses runBilling; 189.0 takes invoiceCollect; a refusal creates no account', async () => {
    const { c, cat } = await world();
    const old = await c.post('/v1/accounts', accountWith(cat.basePlanId, 'ACC-OLD-1', { invoice: true, invoiceTargetDate: '2024-01-15', collect: false }), v('210.0'));
    expect(old.body.invoiceId, old.raw).toMatch(/^[0-9a-f]{32}$/);
    expectRefused(await c.post('/v1/accounts', accountWith(cat.basePlanId, 'ACC-OLD-2', { runBilling: true }), v('210.0')), 21, /runBilling/);
    expectRefused(await c.post('/v1/accounts', accountWith(cat.basePlanId, 'ACC-OLD-3', { invoice: false }), v('189.0')), 21, /invoiceCollect/);
    const oldest = await c.post('/v1/accounts', accountWith(cat.basePlanId, 'ACC-OLD-4', { invoiceCollect: false }), v('189.0'));
    expect(oldest.body.subscriptionNumber, oldest.raw).toMatch(/^A-S/);
    expect(oldest.body).not.toHaveProperty('invoiceId');
    for (const n of ['ACC-OLD-2', 'ACC-OLD-3']) expect((await c.get(`/v1/accounts/${n}`)).status).toBe(404);
  });

  it('a subscription that cannot be made creates no account; collect defaults to a payment only on an autoPay account, collect: true asks for one (501)', async () => {
    const { c, cat } = await world();
    const bad = await c.post('/v1/accounts', accountWith('f'.repeat(32), 'ACC-BAD-1'));
    expect(bad.body.success).toBe(false);
    expect((await c.get('/v1/accounts/ACC-BAD-1')).status).toBe(404);
    expectRefused(await c.post('/v1/accounts', { ...accountWith(cat.basePlanId, 'ACC-BAD-2'), subscription: 'yes' }), 20, /subscription/);
    const ok = await c.post('/v1/accounts', accountWith(cat.basePlanId, 'ACC-COL-1', { targetDate: '2024-01-15' }));
    expect(ok.body.invoiceId, ok.raw).toMatch(/^[0-9a-f]{32}$/);
    expect(ok.body).not.toHaveProperty('paymentId');
    const asked = await c.post('/v1/accounts', accountWith(cat.basePlanId, 'ACC-COL-2', { collect: true }));
    expect(asked.status, asked.raw).toBe(501);
    expect((await c.get('/v1/accounts/ACC-COL-2')).status).toBe(404);
  });
});
