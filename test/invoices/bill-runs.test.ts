// Bill runs, invoices and runBilling through the real app (both databases).
// Numbers: the fixture catalog (test/subscriptions/fixtures.ts) bills a monthly flat fee of 100 and
// 1 seat at 10 per month, in advance, on the account's bill cycle day 1 (Zuora's "Bill cycle day"
// and "Billing timing" pages: a charge in advance is billed on its period start).
import { describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/platform/jobs.js';
import { setupApp, type Client } from '../helpers.js';
import { createSubscriptionOrder, makeCatalog, newAccount, obj } from '../subscriptions/fixtures.js';

const t = await setupApp({ jobWorker: false });

async function tenant(date = '2024-01-01') {
  const c = await t.newClient({ defaultApiVersion: '2025-08-12' });
  expect((await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date })).status).toBe(200);
  return c;
}

/** Creates a bill run and lets the job run it; answers the run as GET shows it afterwards. */
async function billRun(c: Client, body: Record<string, unknown>) {
  const res = await c.post('/v1/bill-runs', body);
  expect(res.status, res.raw).toBe(200);
  expect(res.body).toMatchObject({ success: true, status: 'Pending' });
  await runDueJobs(t.app, { tenantId: c.tenant.id });
  return (await c.get(`/v1/bill-runs/${res.body.id}`)).body;
}

async function invoicesOf(c: Client, account: string) {
  return (await c.get(`/v1/transactions/invoices/accounts/${account}`)).body.invoices as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('bill run → invoice', () => {
  it('bills a new subscription item by item, numbers the invoice INV…, and a rerun for the same target date bills nothing', async () => {
    const c = await tenant();
    const cat = await makeCatalog(c);
    const acc = await newAccount(c, { paymentTerm: 'Net 30' });
    const order = await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId));
    const sub = order.body.subscriptions[0].subscriptionNumber;

    const br = await billRun(c, { billRunFilters: [{ filterType: 'Account', accountId: acc.accountId }], targetDate: '2024-01-01', invoiceDate: '2024-01-01' });
    expect(br).toMatchObject({ billRunNumber: 'BR-00000001', status: 'Completed', targetDate: '2024-01-01', invoiceDate: '2024-01-01', batches: null, autoPost: false });
    const [inv] = await invoicesOf(c, acc.accountNumber);
    expect(inv).toMatchObject({ invoiceNumber: 'INV00000001', status: 'Draft', amount: 110, balance: 110, invoiceDate: '2024-01-01', dueDate: '2024-01-31' });

    const got = (await c.get(`/v1/invoices/${inv!.invoiceNumber}`)).body;
    expect(got).toMatchObject({ success: true, id: inv!.id, invoiceNumber: 'INV00000001', accountId: acc.accountId, status: 'Draft', amount: 110, amountWithoutTax: 110, taxAmount: 0, balance: 110, currency: 'USD' });
    expect(got).toMatchObject({ billRunId: br.id, source: 'BillRun', sourceId: 'BR-00000001', sourceType: 'Subscription', includesRecurring: true, includesOneTime: false, includesUsage: false, postedDate: null, comments: null, paymentTerm: 'Net 30' });
    // by id as well
    expect((await c.get(`/v1/invoices/${inv!.id}`)).body.invoiceNumber).toBe('INV00000001');

    const items = (await c.get(`/v1/invoices/${inv!.id}/items`)).body.invoiceItems as Array<Record<string, unknown>>;
    const byName = Object.fromEntries(items.map((i) => [i.chargeName, i]));
    expect(items).toHaveLength(2);
    expect(byName['Platform Fee']).toMatchObject({ chargeAmount: 100, serviceStartDate: '2024-01-01', serviceEndDate: '2024-01-31', chargeType: 'Recurring', processingType: 'Charge', subscriptionName: sub, productName: 'Sub Product', balance: 100 });
    expect(byName['Seats']).toMatchObject({ chargeAmount: 10, quantity: 1, unitPrice: 10, serviceStartDate: '2024-01-01', serviceEndDate: '2024-01-31', unitOfMeasure: 'Each' });
    // the invoice's amount is the sum of its items
    expect(items.reduce((s, i) => s + (i.chargeAmount as number), 0)).toBe(got.amount);

    // the same target date again: nothing left to bill
    const again = await billRun(c, { billRunFilters: [{ filterType: 'Account', accountId: acc.accountId }], targetDate: '2024-01-01', invoiceDate: '2024-01-01' });
    expect(again).toMatchObject({ billRunNumber: 'BR-00000002', status: 'Completed' });
    expect(await invoicesOf(c, acc.accountNumber)).toHaveLength(1);

    // the next month bills February only
    await billRun(c, { batches: ['AllBatches'], billCycleDay: '1', targetDate: '2024-02-01', invoiceDate: '2024-02-01' });
    const all = await invoicesOf(c, acc.accountNumber);
    expect(all.map((i) => [i.invoiceNumber, i.amount])).toEqual([
      ['INV00000002', 110],
      ['INV00000001', 110],
    ]);
    expect(all[0]!.invoiceItems.map((i: { serviceStartDate: string; serviceEndDate: string }) => `${i.serviceStartDate}..${i.serviceEndDate}`)).toEqual(['2024-02-01..2024-02-29', '2024-02-01..2024-02-29']);
  });

  it('one account that cannot be billed is recorded on the run and does not stop the others', async () => {
    const c = await tenant();
    const cat = await makeCatalog(c);
    // a Multi-Attribute Pricing charge whose price formula does not parse cannot be rated (rating/models/multi-attribute.ts)
    const plan = await obj(c, '/v1/object/product-rate-plan', { ProductId: cat.productId, Name: 'Formula', EffectiveStartDate: '2020-01-01', EffectiveEndDate: '2040-01-01' });
    await obj(c, '/v1/object/product-rate-plan-charge', {
      ChargeType: 'Recurring', BillingPeriod: 'Month', BillCycleType: 'DefaultFromCustomer', TriggerEvent: 'ContractEffective', EndDateCondition: 'SubscriptionEnd',
      ProductRatePlanId: plan, Name: 'Formula', ChargeModel: 'MultiAttributePricing', Formula: '1 +',
      ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 2 }] },
    });
    const good1 = await newAccount(c);
    const bad = await newAccount(c);
    const good2 = await newAccount(c);
    for (const a of [good1, good2]) expect((await c.post('/v1/orders', createSubscriptionOrder(a.accountNumber, cat.basePlanId))).body.success).toBe(true);
    const badOrder = await c.post('/v1/orders', createSubscriptionOrder(bad.accountNumber, plan));
    expect(badOrder.body.success, badOrder.raw).toBe(true);

    const br = await billRun(c, { batches: ['Batch1'], targetDate: '2024-01-01', invoiceDate: '2024-01-01' });
    expect(br.status).toBe('Completed');
    expect((await invoicesOf(c, good1.accountNumber)).map((i) => i.amount)).toEqual([110]);
    expect((await invoicesOf(c, good2.accountNumber)).map((i) => i.amount)).toEqual([110]);
    expect(await invoicesOf(c, bad.accountNumber)).toEqual([]);

    // a run of the bad account alone: every account failed, the run is in Error, and can be deleted
    const only = await billRun(c, { billRunFilters: [{ filterType: 'Account', accountId: bad.accountId }], targetDate: '2024-01-01' });
    expect(only.status).toBe('Error');
    expect((await c.del(`/v1/bill-runs/${only.id}`)).body).toMatchObject({ success: true, id: only.id });
    expect((await c.get(`/v1/bill-runs/${only.id}`)).status).toBe(404);
  });
});

describe('post, cancel, delete', () => {
  async function billed() {
    const c = await tenant();
    const cat = await makeCatalog(c);
    const acc = await newAccount(c);
    await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId));
    const br = await billRun(c, { billRunFilters: [{ filterType: 'Account', accountId: acc.accountId }], targetDate: '2024-01-01', invoiceDate: '2024-01-01' });
    const [inv] = await invoicesOf(c, acc.accountNumber);
    return { c, cat, acc, br, inv: inv! };
  }

  it('posting a bill run posts its drafts with the new invoice date; posted invoices cannot be deleted and the run cannot be canceled', async () => {
    const { c, acc, br, inv } = await billed();
    // only a Completed run posts, and it needs an invoice date
    expect((await c.put(`/v1/bill-runs/${br.id}/post`, {})).body.reasons[0].code % 100).toBe(22);
    const posted = await c.put(`/v1/bill-runs/${br.billRunNumber}/post`, { invoiceDate: '2024-01-05' });
    expect(posted.body).toMatchObject({ success: true, status: 'Posted', invoiceDate: '2024-01-05' });
    const got = (await c.get(`/v1/invoices/${inv.id}`)).body;
    expect(got).toMatchObject({ status: 'Posted', invoiceDate: '2024-01-05', dueDate: '2024-01-05', postedDate: '2024-01-01' });
    expect((await c.put(`/v1/bill-runs/${br.id}/post`, { invoiceDate: '2024-01-05' })).status).toBe(400);
    expect((await c.put(`/v1/bill-runs/${br.id}/cancel`, {})).status).toBe(400);
    const del = await c.del(`/v1/invoices/${inv.id}`);
    expect(del.status).toBe(400);
    expect(del.body.reasons[0].code % 100).toBe(30);
    // the account's figures follow the posted invoice
    const account = (await c.get(`/v1/accounts/${acc.accountNumber}`)).body;
    expect(account.metrics).toMatchObject({ balance: 110, totalInvoiceBalance: 110 });
    const summary = (await c.get(`/v1/accounts/${acc.accountNumber}/summary`)).body;
    expect(summary.basicInfo).toMatchObject({ balance: 110, lastInvoiceDate: '2024-01-05' });
    expect(summary.invoices).toEqual([{ id: inv.id, invoiceNumber: inv.invoiceNumber, invoiceDate: '2024-01-05', dueDate: '2024-01-05', amount: 110, balance: 110, status: 'Posted' }]);
  });

  it('canceling a completed run cancels its drafts, which then bill nothing; the run and its invoices can then be deleted', async () => {
    const { c, acc, br, inv } = await billed();
    expect((await c.del(`/v1/bill-runs/${br.id}`)).status).toBe(400); // Completed: cancel first
    const canceled = await c.put(`/v1/bill-runs/${br.id}/cancel`, { cancelOnce: true });
    expect(canceled.body).toMatchObject({ success: true, status: 'Canceled' });
    expect((await c.get(`/v1/invoices/${inv.id}`)).body).toMatchObject({ status: 'Canceled' });
    // canceled invoices bill nothing: the period is billed again
    await billRun(c, { billRunFilters: [{ filterType: 'Account', accountId: acc.accountId }], targetDate: '2024-01-01', invoiceDate: '2024-01-01' });
    expect((await invoicesOf(c, acc.accountNumber)).map((i) => [i.invoiceNumber, i.status, i.amount])).toEqual([
      ['INV00000002', 'Draft', 110],
      ['INV00000001', 'Canceled', 110],
    ]);
    expect((await c.del(`/v1/bill-runs/${br.id}`)).body).toMatchObject({ success: true, status: 'Canceled' });
    expect((await c.get(`/v1/invoices/${inv.id}`)).status).toBe(404);
  });

  it('PUT /v1/invoices/{key} changes a draft: dates (one at a time), comments, custom fields; bulk-post posts each on its own', async () => {
    const { c, inv } = await billed();
    expect((await c.put(`/v1/invoices/${inv.id}`, { invoiceDate: '2024-01-02', dueDate: '2024-02-01' })).status).toBe(400);
    expect((await c.put(`/v1/invoices/${inv.id}`, { dueDate: '2023-12-31' })).status).toBe(400);
    expect((await c.put(`/v1/invoices/${inv.id}`, { invoiceItems: [{ id: 'x', amount: 1 }] })).status).toBe(400);
    expect((await c.put(`/v1/invoices/${inv.id}`, { colour: 'red' })).status).toBe(400);
    const up = await c.put(`/v1/invoices/${inv.id}`, { dueDate: '2024-02-15', comments: 'hello', Region__c: 'EU' });
    expect(up.body).toMatchObject({ success: true, id: inv.id, number: inv.invoiceNumber, status: 'Draft', dueDate: '2024-02-15', comment: 'hello', Region__c: 'EU', amount: 110 });
    expect((await c.get(`/v1/invoices/${inv.id}`)).body).toMatchObject({ dueDate: '2024-02-15', comments: 'hello', Region__c: 'EU' });

    const bulk = await c.post('/v1/invoices/bulk-post', { invoices: [{ id: inv.id, invoiceDate: '2024-01-03' }, { id: 'ffffffffffffffffffffffffffffffff' }, { id: inv.id }] });
    expect(bulk.body.success).toBe(true);
    expect(bulk.body.invoices[0]).toEqual({ id: inv.id, success: true });
    expect(bulk.body.invoices[1].success).toBe(false);
    expect(bulk.body.invoices[2]).toMatchObject({ id: inv.id, success: false, reasons: [{ code: 59210020, message: 'Only invoices with Draft status can be posted.' }] });
    expect((await c.get(`/v1/invoices/${inv.id}`)).body).toMatchObject({ status: 'Posted', invoiceDate: '2024-01-03' });
    // a posted invoice keeps its dates
    expect((await c.put(`/v1/invoices/${inv.id}`, { dueDate: '2024-03-01' })).body.reasons[0].code % 100).toBe(30);
    // more than 50 is refused as a whole
    expect((await c.post('/v1/invoices/bulk-post', { invoices: Array.from({ length: 51 }, () => ({ id: inv.id })) })).status).toBe(429);
  });

  it('a draft invoice can be deleted; unknown invoices and bill runs are not found', async () => {
    const { c, inv } = await billed();
    const del = await c.del(`/v1/invoices/${inv.invoiceNumber}`);
    expect(del.body).toMatchObject({ success: true, id: inv.id, jobStatus: 'Completed' });
    expect((await c.get(`/v1/invoices/${inv.id}`)).status).toBe(404);
    expect((await c.get(`/v1/invoices/${inv.id}/items`)).status).toBe(404);
    expect((await c.get('/v1/bill-runs/BR-99999999')).status).toBe(404);
  });
});

describe('POST /v1/bill-runs refuses what it cannot do, changing nothing', () => {
  it('names the field', async () => {
    const c = await tenant();
    const acc = await newAccount(c);
    const f = [{ filterType: 'Account', accountId: acc.accountId }];
    const cases: Array<[Record<string, unknown>, number, number]> = [
      [{ targetDate: '2024-01-01' }, 400, 22],
      [{ billRunFilters: f }, 400, 22],
      [{ batches: ['AllBatches'], billRunFilters: f, targetDate: '2024-01-01' }, 400, 20],
      [{ batches: ['Batch51'], targetDate: '2024-01-01' }, 400, 20],
      [{ batches: ['Batch1'], billCycleDay: '32', targetDate: '2024-01-01' }, 400, 20],
      [{ billRunFilters: f, targetDate: '2024-02-30' }, 400, 20],
      [{ billRunFilters: f, targetDate: '2024-01-01', chargeTypeToExclude: ['OneTime', 'Usage', 'Recurring'] }, 400, 20],
      [{ billRunFilters: f, targetDate: '2024-01-01', autoPost: true }, 400, 30],
      [{ billRunFilters: f, targetDate: '2024-01-01', frequency: 'often' }, 400, 21],
      [{ billRunFilters: [{ filterType: 'FilterCondition', accountId: acc.accountId }], targetDate: '2024-01-01' }, 501, 60],
      [{ billRunFilters: [{ filterType: 'Account', accountId: 'nobody' }], targetDate: '2024-01-01' }, 400, 20],
      [{ billRunFilters: f, targetDate: '2024-01-01', autoRenewal: true }, 501, 60],
      [{ billRunFilters: f, schedule: { repeatType: 'Monthly' } }, 400, 22],
    ];
    for (const [body, status, category] of cases) {
      const r = await c.post('/v1/bill-runs', body);
      expect([r.status, r.body.reasons?.[0]?.code % 100], JSON.stringify(body)).toEqual([status, category]);
    }
    // nothing was made: the first run made now is BR-00000001
    expect((await c.post('/v1/bill-runs', { billRunFilters: f, targetDate: '2024-01-01' })).body.billRunNumber).toBe('BR-00000001');
  });
});

describe('processingOptions.runBilling on POST /v1/orders', () => {
  it('bills the order at once through the target date and answers the invoice numbers; collectPayment is not implemented and changes nothing', async () => {
    const c = await tenant();
    const cat = await makeCatalog(c);
    const acc = await newAccount(c);
    const refused = await c.post('/v1/orders', { ...createSubscriptionOrder(acc.accountNumber, cat.basePlanId), processingOptions: { runBilling: true, collectPayment: true } });
    expect(refused.status).toBe(501);
    expect((await c.get(`/v1/accounts/${acc.accountNumber}/summary`)).body.subscriptions).toEqual([]);

    const res = await c.post('/v1/orders', { ...createSubscriptionOrder(acc.accountNumber, cat.basePlanId), processingOptions: { runBilling: true, billingOptions: { targetDate: '2024-02-01' } } });
    expect(res.body, res.raw).toMatchObject({ success: true, invoiceNumbers: ['INV00000001'] });
    expect(res.body.invoiceIds).toHaveLength(1);
    const inv = (await c.get(`/v1/invoices/${res.body.invoiceIds[0]}`)).body;
    // January and February, posted (generateDraftInvoice not set), from the order
    expect(inv).toMatchObject({ status: 'Posted', amount: 220, source: 'API', sourceId: res.body.orderNumber, billRunId: null, targetDate: '2024-02-01' });
    // without runBilling nothing is billed
    const plain = await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.addonPlanId));
    expect(plain.body.invoiceNumbers).toBeUndefined();
  });
});

describe('a scheduled monthly bill run driven by the tenant clock', () => {
  it('runs on each month day, bills that month, and makes the next run of its series', async () => {
    const c = await tenant('2024-01-01');
    const cat = await makeCatalog(c);
    const acc = await newAccount(c);
    await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId, { orderDate: '2024-01-01' }));
    const created = await c.post('/v1/bill-runs', { batches: ['AllBatches'], billCycleDay: 'AllBillCycleDays', schedule: { repeatType: 'Monthly', repeatFrom: '2024-01-02', repeatTo: '2024-04-30', runTime: 0 } });
    expect(created.body).toMatchObject({ success: true, status: 'Pending', targetDate: null, scheduledExecutionTime: '2024-01-02 00:00:00', schedule: { repeatType: 'Monthly', repeatFrom: '2024-01-02' } });
    // nothing runs before its day
    expect(await runDueJobs(t.app, { tenantId: c.tenant.id })).toBe(0);
    const adv = await t.admin('POST', `/admin/tenants/${c.tenant.id}/clock/advance`, { months: 4 });
    expect(adv.status, adv.raw).toBe(200);
    const invs = await invoicesOf(c, acc.accountNumber);
    // runs on Jan 2, Feb 2, Mar 2, Apr 2: each bills the month started on the 1st (in advance)
    expect(invs.map((i) => [i.invoiceNumber, i.invoiceDate, i.amount])).toEqual([
      ['INV00000004', '2024-04-02', 110],
      ['INV00000003', '2024-03-02', 110],
      ['INV00000002', '2024-02-02', 110],
      ['INV00000001', '2024-01-02', 110],
    ]);
    expect((await c.get(`/v1/bill-runs/${created.body.id}`)).body).toMatchObject({ status: 'Completed', targetDate: '2024-01-02', invoiceDate: '2024-01-02' });
    // the series is over after April: BR-00000001 … BR-00000004
    expect((await c.get('/v1/bill-runs/BR-00000004')).body).toMatchObject({ status: 'Completed', targetDate: '2024-04-02' });
    expect((await c.get('/v1/bill-runs/BR-00000005')).status).toBe(404);
  });
});

describe('a net negative result', () => {
  it('becomes a credit memo (CM…) with positive items, readable with its items, canceled with its bill run', async () => {
    const c = await tenant();
    const cat = await makeCatalog(c);
    const acc = await newAccount(c);
    const order = await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId));
    const sub = order.body.subscriptions[0].subscriptionNumber;
    await billRun(c, { billRunFilters: [{ filterType: 'Account', accountId: acc.accountId }], targetDate: '2024-01-01', invoiceDate: '2024-01-01' });
    // the plan is removed on 2024-01-17: 15 of January's 31 days were billed and no longer apply
    const remove = await c.post('/v1/orders', {
      existingAccountNumber: acc.accountNumber,
      orderDate: '2024-01-17',
      subscriptions: [{ subscriptionNumber: sub, orderActions: [{ type: 'RemoveProduct', triggerDates: [{ name: 'ContractEffective', triggerDate: '2024-01-17' }], removeProduct: { productRatePlanId: cat.basePlanId } }] }],
    });
    expect(remove.body.success, remove.raw).toBe(true);
    const br = await billRun(c, { billRunFilters: [{ filterType: 'Account', accountId: acc.accountId }], targetDate: '2024-01-17', invoiceDate: '2024-01-17' });
    expect(br.status).toBe('Completed');
    expect(await invoicesOf(c, acc.accountNumber)).toHaveLength(1);
    const memo = (await c.get('/v1/credit-memos/CM00000001')).body;
    // 100 × 15/31 = 48.39 and 10 × 15/31 = 4.84 (Zuora's proration by actual days, "Proration" page)
    expect(memo).toMatchObject({ success: true, number: 'CM00000001', accountId: acc.accountId, status: 'Draft', amount: 53.23, unappliedAmount: 53.23, creditMemoDate: '2024-01-17', source: 'BillRun', sourceId: br.billRunNumber });
    const items = (await c.get(`/v1/credit-memos/${memo.id}/items`)).body.items as Array<Record<string, unknown>>;
    expect(items.map((i) => [i.skuName, i.amount, i.serviceStartDate, i.serviceEndDate]).sort()).toEqual([
      ['Platform Fee', 48.39, '2024-01-17', '2024-01-31'],
      ['Seats', 4.84, '2024-01-17', '2024-01-31'],
    ]);
    expect(items.every((i) => typeof i.creditFromItemId === 'string')).toBe(true);
    // billed again through the same date: the credit counts, nothing more is made
    await billRun(c, { billRunFilters: [{ filterType: 'Account', accountId: acc.accountId }], targetDate: '2024-01-17', invoiceDate: '2024-01-17' });
    expect((await c.get('/v1/credit-memos/CM00000002')).status).toBe(404);
    await c.put(`/v1/bill-runs/${br.id}/cancel`, {});
    expect((await c.get(`/v1/credit-memos/${memo.id}`)).body.status).toBe('Canceled');
  });
});
