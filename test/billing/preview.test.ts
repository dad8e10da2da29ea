/**
 * Billing preview through the real app: catalog → account → order → POST /v1/operations/billing-preview at
 * several target dates, item by item; the order preview's BillingDocs; billing preview runs and their file.
 * Numbers: a 100 USD monthly flat fee and a 10 USD per-seat charge (Zuora's "Proration" page: a partial
 * month is its days over the month's days).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { createSubscriptionOrder, makeCatalog, newAccount, type Catalog } from '../subscriptions/fixtures.js';
import { usageWorld } from '../usage/fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});

type Item = Record<string, unknown>;
const brief = (items: Item[]) => items.map((i) => [i.chargeName, i.serviceStartDate, i.serviceEndDate, i.chargeAmount ?? i.amount]);

describe('POST /v1/operations/billing-preview', () => {
  let c: Client;
  let cat: Catalog;
  let account: { accountId: string; accountNumber: string };
  let subscriptionNumber: string;

  beforeAll(async () => {
    c = await t.newClient({ timezone: 'UTC' });
    await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2024-01-01' });
    cat = await makeCatalog(c);
    account = await newAccount(c, { billCycleDay: 1 });
    const order = createSubscriptionOrder(account.accountNumber, cat.basePlanId, { orderDate: '2024-01-15' });
    (order.subscriptions[0]!.orderActions[0] as Record<string, unknown>).triggerDates = [{ name: 'ContractEffective', triggerDate: '2024-01-15' }];
    const res = await c.post('/v1/orders', order);
    expect(res.body.success, JSON.stringify(res.body)).toBe(true);
    subscriptionNumber = res.body.subscriptionNumbers?.[0] ?? res.body.subscriptions?.[0]?.subscriptionNumber;
  });

  it('previews the prorated first month then full months, item by item, and saves nothing', async () => {
    const res = await c.post('/v1/operations/billing-preview', { accountId: account.accountId, targetDate: '2024-01-15' });
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    expect(res.body.accountId).toBe(account.accountId);
    // Jan 15-31 is 17 of 31 days: 100 × 17/31 = 54.84 and 10 × 17/31 = 5.48.
    expect(brief(res.body.invoiceItems)).toEqual([
      ['Platform Fee', '2024-01-15', '2024-01-31', 54.84],
      ['Seats', '2024-01-15', '2024-01-31', 5.48],
    ]);
    const item = res.body.invoiceItems[0];
    expect(item).toMatchObject({ subscriptionNumber, subscriptionName: subscriptionNumber, chargeType: 'Recurring', processingType: 'Charge', quantity: 1, taxAmount: 0, appliedToItemId: null });
    expect(item.id).toMatch(/^[0-9a-f]{32}$/);
    expect(res.body.creditMemoItems).toEqual([]);

    const later = await c.post('/v1/operations/billing-preview', { accountNumber: account.accountNumber, targetDate: '2024-03-01' });
    expect(brief(later.body.invoiceItems)).toEqual([
      ['Platform Fee', '2024-01-15', '2024-01-31', 54.84],
      ['Platform Fee', '2024-02-01', '2024-02-29', 100],
      ['Platform Fee', '2024-03-01', '2024-03-31', 100],
      ['Seats', '2024-01-15', '2024-01-31', 5.48],
      ['Seats', '2024-02-01', '2024-02-29', 10],
      ['Seats', '2024-03-01', '2024-03-31', 10],
    ]);
    // A preview saves nothing: the same call answers the same items.
    const again = await c.post('/v1/operations/billing-preview', { accountNumber: account.accountNumber, targetDate: '2024-03-01' });
    expect(brief(again.body.invoiceItems)).toEqual(brief(later.body.invoiceItems));
  });

  it('stops at the term end (assumeRenewal None) and leaves excluded charge types out', async () => {
    const res = await c.post('/v1/operations/billing-preview', { accountId: account.accountId, targetDate: '2026-01-01', chargeTypeToExclude: 'OneTime,Usage' });
    const items = res.body.invoiceItems as Item[];
    const fee = items.filter((i) => i.chargeName === 'Platform Fee');
    // A 12-month term from Jan 15 2024 ends Jan 14 2025: the last period is Jan 1-14, 14/31 of 100.
    expect(fee.at(-1)).toMatchObject({ serviceStartDate: '2025-01-01', serviceEndDate: '2025-01-14', chargeAmount: 45.16 });
    expect(fee).toHaveLength(13);
    const none = await c.post('/v1/operations/billing-preview', { accountId: account.accountId, targetDate: '2024-03-01', chargeTypeToExclude: 'Recurring' });
    expect(none.body.invoiceItems).toEqual([]);
  });

  it('answers clear errors for bad input and unsupported options', async () => {
    const noAccount = await c.post('/v1/operations/billing-preview', { targetDate: '2024-03-01' });
    expect(noAccount.status).toBe(400);
    expect(noAccount.body.success).toBe(false);
    expect(String(noAccount.body.reasons[0].code)).toMatch(/22$/);
    const noDate = await c.post('/v1/operations/billing-preview', { accountId: account.accountId });
    expect(noDate.status).toBe(400);
    const badType = await c.post('/v1/operations/billing-preview', { accountId: account.accountId, targetDate: '2024-03-01', chargeTypeToExclude: 'Weekly' });
    expect(badType.status).toBe(400);
    expect(String(badType.body.reasons[0].code)).toMatch(/20$/);
    const renewal = await c.post('/v1/operations/billing-preview', { accountId: account.accountId, targetDate: '2024-03-01', assumeRenewal: 'Always' });
    expect(renewal.status).toBe(400);
    expect(String(renewal.body.reasons[0].code)).toMatch(/20$/);
    expect(renewal.body.reasons[0].message).toMatch(/assumeRenewal/);
    expect((await c.post('/v1/operations/billing-preview', { accountId: account.accountId, targetDate: '2024-03-01', includingDraftItems: true })).status).toBe(501);
    const unknown = await c.post('/v1/operations/billing-preview', { accountNumber: 'A99999999', targetDate: '2024-03-01' });
    expect(unknown.body.success).toBe(false);
  });

  it('shows the credit a cancellation inside a previewed period would give, as credit memo items', async () => {
    // Cancelling on Feb 16 leaves Feb 1-15 due: nothing is billed yet (no ledger), so the preview bills Feb 1-15 only.
    const res = await c.post('/v1/orders/preview', {
      existingAccountNumber: account.accountNumber,
      orderDate: '2024-02-16',
      previewOptions: { previewThruType: 'SpecificDate', specificPreviewThruDate: '2024-03-01', previewTypes: ['BillingDocs'] },
      subscriptions: [
        {
          subscriptionNumber,
          orderActions: [{ type: 'CancelSubscription', triggerDates: [{ name: 'ContractEffective', triggerDate: '2024-02-16' }], cancelSubscription: { cancellationPolicy: 'SpecificDate', cancellationEffectiveDate: '2024-02-16' } }],
        },
      ],
    });
    expect(res.body.success, JSON.stringify(res.body)).toBe(true);
    const inv = res.body.previewResult.invoices[0];
    // Feb 2024 has 29 days: Feb 1-15 is 15/29 of 100 = 51.72 and of 10 = 5.17.
    expect(inv.invoiceItems.map((i: Item) => [i.chargeName, i.serviceStartDate, i.serviceEndDate, i.amountWithoutTax])).toEqual([
      ['Platform Fee', '2024-01-15', '2024-01-31', 54.84],
      ['Platform Fee', '2024-02-01', '2024-02-15', 51.72],
      ['Seats', '2024-01-15', '2024-01-31', 5.48],
      ['Seats', '2024-02-01', '2024-02-15', 5.17],
    ]);
    expect(inv.amount).toBe(117.21);
    expect(inv.targetDate).toBe('2024-03-01');
    expect(res.body.previewResult.creditMemos).toEqual([]);
    // The preview changed nothing.
    const after = await c.post('/v1/operations/billing-preview', { accountId: account.accountId, targetDate: '2024-03-01' });
    expect(after.body.invoiceItems).toHaveLength(6);
  });
});

describe('POST /v1/orders/preview with BillingDocs', () => {
  let c: Client;
  let cat: Catalog;
  let account: { accountId: string; accountNumber: string };

  beforeAll(async () => {
    c = await t.newClient({ timezone: 'UTC' });
    await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2024-01-01' });
    cat = await makeCatalog(c);
    account = await newAccount(c, { billCycleDay: 1 });
  });

  const preview = (previewOptions: Record<string, unknown>) => c.post('/v1/orders/preview', { ...createSubscriptionOrder(account.accountNumber, cat.basePlanId), previewOptions: { previewTypes: ['BillingDocs'], ...previewOptions } });

  it('answers the invoice of a new subscription through a specific date', async () => {
    const res = await preview({ previewThruType: 'SpecificDate', specificPreviewThruDate: '2024-02-01' });
    expect(res.body.success, JSON.stringify(res.body)).toBe(true);
    const inv = res.body.previewResult.invoices;
    expect(inv).toHaveLength(1);
    expect(inv[0].invoiceItems.map((i: Item) => [i.chargeName, i.serviceStartDate, i.serviceEndDate, i.amountWithoutTax, i.unitPrice])).toEqual([
      ['Platform Fee', '2024-01-01', '2024-01-31', 100, 100],
      ['Platform Fee', '2024-02-01', '2024-02-29', 100, 100],
      ['Seats', '2024-01-01', '2024-01-31', 10, 10],
      ['Seats', '2024-02-01', '2024-02-29', 10, 10],
    ]);
    expect(inv[0]).toMatchObject({ amount: 220, amountWithoutTax: 220, taxAmount: 0, targetDate: '2024-02-01' });
    expect(inv[0].invoiceItems[0]).toMatchObject({ processingType: 'Charge', productRatePlanChargeId: cat.flatChargeId, additionalInfo: { quantity: 1 } });
    expect(inv[0].invoiceItems[0]).not.toHaveProperty('appliedToChargeNumber');
  });

  it('previews one billing period (NumberOfPeriods) and through the term end (TermEnd)', async () => {
    const one = await preview({ previewThruType: 'NumberOfPeriods', previewNumberOfPeriods: 1 });
    expect(one.body.previewResult.invoices[0].invoiceItems.map((i: Item) => [i.chargeName, i.serviceStartDate, i.amountWithoutTax])).toEqual([
      ['Platform Fee', '2024-01-01', 100],
      ['Seats', '2024-01-01', 10],
    ]);
    const term = await preview({ previewThruType: 'TermEnd' });
    const items = term.body.previewResult.invoices[0].invoiceItems as Item[];
    expect(items).toHaveLength(24);
    expect(term.body.previewResult.invoices[0].amount).toBe(1320);
  });

  it('refuses an unknown previewThruType and a missing date', async () => {
    expect((await preview({ previewThruType: 'Forever' })).status).toBe(400);
    expect((await preview({ previewThruType: 'SpecificDate' })).status).toBe(400);
    expect((await preview({ previewThruType: 'NumberOfPeriods', previewNumberOfPeriods: 0 })).status).toBe(400);
  });
});

describe('billing preview runs', () => {
  let c: Client;

  beforeAll(async () => {
    c = await t.newClient({ timezone: 'UTC' });
    await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2024-01-01' });
    const cat = await makeCatalog(c);
    for (let i = 0; i < 2; i++) {
      const a = await newAccount(c, { billCycleDay: 1 });
      const r = await c.post('/v1/orders', createSubscriptionOrder(a.accountNumber, cat.basePlanId));
      expect(r.body.success).toBe(true);
    }
  });

  it('runs at once over every account and serves its result file', async () => {
    const res = await c.post('/v1/billing-preview-runs', { targetDate: '2024-01-01' });
    expect(res.body).toEqual({ billingPreviewRunId: expect.stringMatching(/^[0-9a-f]{32}$/), success: true });
    const run = await c.get(`/v1/billing-preview-runs/${res.body.billingPreviewRunId}`);
    expect(run.body).toMatchObject({ success: true, status: 'Completed', runNumber: 'BPR-00000001', targetDate: '2024-01-01', totalAccounts: 2, succeededAccounts: 2, errorMessage: null, assumeRenewal: 'None' });
    const path = new URL(run.body.resultFileUrl, 'http://x').pathname;
    expect(path).toMatch(/^\/v1\/files\/[0-9a-f]{32}$/);
    const file = await c.get(path);
    expect(file.status).toBe(200);
    const lines = file.raw.trim().split('\n');
    expect(lines[0]).toContain('Account Number');
    expect(lines).toHaveLength(1 + 4);
    expect(lines.filter((l) => l.includes('Platform Fee') && l.endsWith(',100,'))).toHaveLength(2);
  });

  it('refuses what it does not support and answers not found for an unknown run', async () => {
    expect((await c.post('/v1/billing-preview-runs', {})).status).toBe(400);
    expect((await c.post('/v1/billing-preview-runs', { targetDate: '2024-01-01', storageOption: 'Database' })).status).toBe(400);
    // draft document items are not loaded yet: a plain 501, never a preview without them
    expect((await c.post('/v1/billing-preview-runs', { targetDate: '2024-01-01', includingDraftItems: true })).status).toBe(501);
    expect((await c.post('/v1/billing-preview-runs', { targetDate: '2024-01-01', batches: 'Batch99' })).status).toBe(400);
    expect((await c.get('/v1/billing-preview-runs/0123456789abcdef0123456789abcdef')).status).toBe(404);
    expect((await c.get('/v1/files/0123456789abcdef0123456789abcdef')).status).toBe(404);
  });
});

describe('billing preview of usage', () => {
  it('rates the usage of each ended period in arrears from its records; usage of the period in progress waits', async () => {
    const c = await t.newClient({ timezone: 'UTC' });
    await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2024-01-01' });
    const w = await usageWorld(c);
    const use = async (uom: string, qty: number, at: string, chargeNumber?: string) => {
      const r = await c.post('/v1/object/usage', { AccountId: w.accountId, UOM: uom, Quantity: qty, StartDateTime: `${at}T10:00:00Z`, ...(chargeNumber ? { SubscriptionNumber: w.subscriptionNumber, ChargeNumber: chargeNumber } : {}) });
      expect(r.body.Success, JSON.stringify(r.body)).toBe(true);
    };
    await use('Minutes', 120, '2024-01-05', w.minutesChargeNumber);
    await use('Minutes', 30, '2024-01-20', w.minutesChargeNumber);
    await use('GB', 3, '2024-01-31'); // names only the account: it goes to the usage charge with its unit of measure
    await use('Minutes', 50, '2024-02-03', w.minutesChargeNumber);
    const res = await c.post('/v1/operations/billing-preview', { accountId: w.accountId, targetDate: '2024-02-10', chargeTypeToExclude: 'Recurring' });
    expect(res.body.success, JSON.stringify(res.body)).toBe(true);
    // 150 minutes at 0.10 = 15; 3 GB at 2 = 6. February's 50 minutes are not due before March 1.
    expect((res.body.invoiceItems as Item[]).map((i) => [i.chargeName, i.serviceStartDate, i.serviceEndDate, i.quantity, i.chargeAmount, i.unitOfMeasure, i.chargeType])).toEqual([
      ['Minutes', '2024-01-01', '2024-01-31', 150, 15, 'Minutes', 'Usage'],
      ['Data', '2024-01-01', '2024-01-31', 3, 6, 'GB', 'Usage'],
    ]);
    const march = await c.post('/v1/operations/billing-preview', { accountId: w.accountId, targetDate: '2024-03-01', chargeTypeToExclude: 'Recurring,OneTime' });
    expect((march.body.invoiceItems as Item[]).map((i) => [i.chargeName, i.serviceStartDate, i.chargeAmount])).toEqual([
      ['Minutes', '2024-01-01', 15],
      ['Minutes', '2024-02-01', 5],
      ['Data', '2024-01-01', 6],
    ]);
  });
});

describe('billing preview after billing (the invoices ledger)', () => {
  it('previews only what is not billed yet, and nothing once a cancellation has been credited', async () => {
    const c = await t.newClient({ timezone: 'UTC' });
    await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2024-01-01' });
    const cat = await makeCatalog(c);
    const a = await newAccount(c);
    const billed = await c.post('/v1/orders', { ...createSubscriptionOrder(a.accountNumber, cat.basePlanId), processingOptions: { runBilling: true, billingOptions: { targetDate: '2024-01-01' } } });
    expect(billed.body.success, JSON.stringify(billed.body)).toBe(true);
    const sub = billed.body.subscriptions[0].subscriptionNumber as string;
    const feb = await c.post('/v1/operations/billing-preview', { accountId: a.accountId, targetDate: '2024-02-01' });
    expect(brief(feb.body.invoiceItems)).toEqual([
      ['Platform Fee', '2024-02-01', '2024-02-29', 100],
      ['Seats', '2024-02-01', '2024-02-29', 10],
    ]);
    // Cancelled on Jan 16 (previewed, not billed): January 16-31 of what was billed comes back (16/31 of 100 and of 10).
    const cancel = (extra: Record<string, unknown>) => ({
      existingAccountNumber: a.accountNumber,
      orderDate: '2024-01-16',
      ...extra,
      subscriptions: [{ subscriptionNumber: sub, orderActions: [{ type: 'CancelSubscription', triggerDates: [{ name: 'ContractEffective', triggerDate: '2024-01-16' }], cancelSubscription: { cancellationPolicy: 'SpecificDate', cancellationEffectiveDate: '2024-01-16' } }] }],
    });
    const pv = await c.post('/v1/orders/preview', cancel({ previewOptions: { previewTypes: ['BillingDocs'], previewThruType: 'SpecificDate', specificPreviewThruDate: '2024-01-16' } }));
    expect(pv.body.previewResult.invoices).toEqual([]);
    const memo = pv.body.previewResult.creditMemos[0];
    expect(memo.creditMemoItems.map((i: Item) => [i.chargeName, i.serviceStartDate, i.serviceEndDate, i.amountWithoutTax])).toEqual([
      ['Platform Fee', '2024-01-16', '2024-01-31', 51.61],
      ['Seats', '2024-01-16', '2024-01-31', 5.16],
    ]);
    expect(memo.amount).toBe(56.77);
    // Billed for real, the credit is on the ledger: nothing is left to preview.
    const done = await c.post('/v1/orders', cancel({ processingOptions: { runBilling: true, billingOptions: { targetDate: '2024-01-16' } } }));
    expect(done.body.success, JSON.stringify(done.body)).toBe(true);
    const after = await c.post('/v1/operations/billing-preview', { accountId: a.accountId, targetDate: '2024-03-01' });
    expect(after.body.invoiceItems).toEqual([]);
    expect(after.body.creditMemoItems).toEqual([]);
  });
});
