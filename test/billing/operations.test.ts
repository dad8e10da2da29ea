// Usage back to Pending when its invoice is canceled or deleted, the operation job of an invoice's
// deletion, and the bill run health volume summary, through the real app (both databases).
// Numbers: the usage fixture (test/usage/fixtures.ts) bills a line rental of 20 a month in advance and
// minutes at 0.1 each in arrears ("Billing timing": usage is billed after its period), on bill cycle day 1.
// Rules: "Retrieve an operation job" (invoice deletion jobs), "List billing document volume summary
// records" (invoices and credit memos generated in a time range, accounts that failed); Zuora's usage
// page: a canceled or deleted invoice's usage records return to Pending and are billed again.
import { describe, expect, it } from 'vitest';
import { parseSystemHealthTime } from '../../src/platform/dates.js';
import { runDueJobs } from '../../src/platform/jobs.js';
import { setupApp, type Client } from '../helpers.js';
import { createSubscriptionOrder, makeCatalog, newAccount, obj } from '../subscriptions/fixtures.js';
import { usageWorld } from '../usage/fixtures.js';

const t = await setupApp({ jobWorker: false });

async function tenant(date = '2024-01-01') {
  const c = await t.newClient({ defaultApiVersion: '2025-08-12', timezone: 'UTC' });
  expect((await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date })).status).toBe(200);
  return c;
}

async function billRun(c: Client, body: Record<string, unknown>) {
  const res = await c.post('/v1/bill-runs', body);
  expect(res.status, res.raw).toBe(200);
  await runDueJobs(t.app, { tenantId: c.tenant.id });
  return (await c.get(`/v1/bill-runs/${res.body.id}`)).body;
}

type Inv = { id: string; invoiceNumber: string; status: string; amount: number; invoiceItems: Array<Record<string, unknown>> };
const invoicesOf = async (c: Client, account: string) => (await c.get(`/v1/transactions/invoices/accounts/${account}`)).body.invoices as Inv[];
const usageItem = (inv: Inv) => inv.invoiceItems.find((i) => i.unitOfMeasure === 'Minutes');
const rbe = async (c: Client, id: string) => (await c.get(`/v1/object/usage/${id}`)).body.RbeStatus as string;

describe('usage of a canceled or deleted invoice', () => {
  it('goes back to Pending and is billed again by the next run; the deletion answers a job GET /v1/operations/jobs reads', async () => {
    const c = await tenant();
    const w = await usageWorld(c);
    const u = await c.post('/v1/object/usage', { AccountId: w.accountId, ChargeNumber: w.minutesChargeNumber, UOM: 'Minutes', Quantity: 200, StartDateTime: '2024-01-10T10:00:00Z' });
    expect(u.body.Success, u.raw).toBe(true);
    const usageId = u.body.Id as string;
    const run = { billRunFilters: [{ filterType: 'Account', accountId: w.accountId }], targetDate: '2024-02-01', invoiceDate: '2024-02-01' };

    const br1 = await billRun(c, run);
    expect(br1.status).toBe('Completed');
    const [inv1] = await invoicesOf(c, w.accountNumber);
    expect(usageItem(inv1!)).toMatchObject({ chargeAmount: 20, quantity: 200, serviceStartDate: '2024-01-01', serviceEndDate: '2024-01-31' });
    expect(await rbe(c, usageId)).toBe('Processed');
    // a billed record cannot change
    expect((await c.put(`/v1/object/usage/${usageId}`, { Quantity: 1 })).status).toBe(400);

    // canceling the run cancels its draft invoice: the record is Pending again and may change
    expect((await c.put(`/v1/bill-runs/${br1.id}/cancel`, {})).body).toMatchObject({ success: true, status: 'Canceled' });
    expect((await c.get(`/v1/invoices/${inv1!.id}`)).body.status).toBe('Canceled');
    expect(await rbe(c, usageId)).toBe('Pending');
    expect((await c.put(`/v1/object/usage/${usageId}`, { Quantity: 300 })).body.Success).toBe(true);

    // the next run bills it again (300 minutes now: 30), with the recurring items the canceled invoice no longer bills
    await billRun(c, run);
    const inv2 = (await invoicesOf(c, w.accountNumber)).find((i) => i.status === 'Draft')!;
    expect(inv2.invoiceNumber).not.toBe(inv1!.invoiceNumber);
    expect(usageItem(inv2)).toMatchObject({ chargeAmount: 30, quantity: 300, serviceStartDate: '2024-01-01', serviceEndDate: '2024-01-31' });
    expect(inv2.amount).toBe(70);
    expect(await rbe(c, usageId)).toBe('Processed');

    // deleting the draft invoice: Pending again, and the answer's job is Completed
    const del = await c.del(`/v1/invoices/${inv2.invoiceNumber}`);
    expect(del.body).toMatchObject({ success: true, id: inv2.id, jobStatus: 'Completed' });
    expect(del.body.jobId).toMatch(/^[0-9a-f]{32}$/);
    expect(await rbe(c, usageId)).toBe('Pending');
    const job = await c.get(`/v1/operations/jobs/${del.body.jobId}`);
    expect(job.status).toBe(200);
    expect(job.body).toEqual({ id: del.body.jobId, objectId: inv2.id, objectType: 'Invoice', operationType: 'Delete', status: 'Completed', success: true });

    // deleting the canceled first invoice leaves the (Pending) record alone; a third run bills it once more
    expect((await c.del(`/v1/invoices/${inv1!.id}`)).body.success).toBe(true);
    expect(await rbe(c, usageId)).toBe('Pending');
    await billRun(c, run);
    const [inv3] = await invoicesOf(c, w.accountNumber);
    expect(usageItem(inv3!)).toMatchObject({ chargeAmount: 30, quantity: 300 });
    expect(await rbe(c, usageId)).toBe('Processed');
    // a rerun bills nothing more
    await billRun(c, run);
    expect(await invoicesOf(c, w.accountNumber)).toHaveLength(1);
  });

  it('an unknown operation job is a 404 in the envelope; jobs belong to their tenant', async () => {
    const c = await tenant();
    const res = await c.get(`/v1/operations/jobs/${'a'.repeat(32)}`);
    expect(res.status).toBe(404);
    expect(res.body.success).toBe(false);
    expect(res.body.reasons[0].code % 100).toBe(40);

    const cat = await makeCatalog(c);
    const acc = await newAccount(c);
    await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId));
    await billRun(c, { billRunFilters: [{ filterType: 'Account', accountId: acc.accountId }], targetDate: '2024-01-01' });
    const [inv] = await invoicesOf(c, acc.accountNumber);
    const jobId = (await c.del(`/v1/invoices/${inv!.id}`)).body.jobId as string;
    expect((await c.get(`/v1/operations/jobs/${jobId}`)).status).toBe(200);
    const other = await tenant();
    expect((await other.get(`/v1/operations/jobs/${jobId}`)).status).toBe(404);
  });
});

describe('usage in a net negative result', () => {
  it('is billed by the credit memo (Processed, not rated again), and goes back to Pending when the memo is canceled', async () => {
    const c = await tenant();
    const w = await usageWorld(c);
    const run = (d: string) => ({ billRunFilters: [{ filterType: 'Account', accountId: w.accountId }], targetDate: d, invoiceDate: d });
    await billRun(c, run('2024-01-01'));
    // 10 minutes on the 10th (1.00), then the plan removed on the 15th: 17 of January's 31 days of the
    // line rental (20 × 17/31 = 10.97, "Proration" page) no longer apply, so the result is net negative
    const u = await c.post('/v1/object/usage', { AccountId: w.accountId, ChargeNumber: w.minutesChargeNumber, UOM: 'Minutes', Quantity: 10, StartDateTime: '2024-01-10T10:00:00Z' });
    expect(u.body.Success, u.raw).toBe(true);
    const remove = await c.post('/v1/orders', {
      existingAccountNumber: w.accountNumber,
      orderDate: '2024-01-15',
      subscriptions: [{ subscriptionNumber: w.subscriptionNumber, orderActions: [{ type: 'RemoveProduct', triggerDates: [{ name: 'ContractEffective', triggerDate: '2024-01-15' }], removeProduct: { productRatePlanId: w.planId } }] }],
    });
    expect(remove.body.success, remove.raw).toBe(true);
    const br = await billRun(c, run('2024-02-01'));
    expect(br.status).toBe('Completed');
    const memo = (await c.get('/v1/credit-memos/CM00000001')).body;
    expect(memo).toMatchObject({ success: true, amount: 9.97 });
    expect(await rbe(c, u.body.Id)).toBe('Processed');
    // billed once: a rerun makes nothing more
    await billRun(c, run('2024-02-01'));
    expect((await c.get('/v1/credit-memos/CM00000002')).status).toBe(404);
    expect(await invoicesOf(c, w.accountNumber)).toHaveLength(1);
    // canceling the memo gives the record back
    expect((await c.put(`/v1/credit-memos/${memo.id}/cancel`, {})).body.status).toBe('Canceled');
    expect(await rbe(c, u.body.Id)).toBe('Pending');
  });
});

describe('GET /system-health/billing-documents/volume-summary', () => {
  it('counts the invoices and credit memos bill runs generated in the window and the accounts that failed', async () => {
    const c = await tenant('2024-01-01');
    const cat = await makeCatalog(c);
    // an account whose charge cannot be rated (a formula that does not parse) fails in every run
    const plan = await obj(c, '/v1/object/product-rate-plan', { ProductId: cat.productId, Name: 'Formula', EffectiveStartDate: '2020-01-01', EffectiveEndDate: '2040-01-01' });
    await obj(c, '/v1/object/product-rate-plan-charge', {
      ChargeType: 'Recurring', BillingPeriod: 'Month', BillCycleType: 'DefaultFromCustomer', TriggerEvent: 'ContractEffective', EndDateCondition: 'SubscriptionEnd',
      ProductRatePlanId: plan, Name: 'Formula', ChargeModel: 'MultiAttributePricing', Formula: '1 +',
      ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 2 }] },
    });
    const a1 = await newAccount(c);
    const a2 = await newAccount(c);
    const bad = await newAccount(c);
    for (const a of [a1, a2]) expect((await c.post('/v1/orders', createSubscriptionOrder(a.accountNumber, cat.basePlanId))).body.success).toBe(true);
    expect((await c.post('/v1/orders', createSubscriptionOrder(bad.accountNumber, plan))).body.success).toBe(true);

    const summary = async (startTime: string, endTime: string) => c.get(`/system-health/billing-documents/volume-summary?startTime=${encodeURIComponent(startTime)}&endTime=${encodeURIComponent(endTime)}`);
    const empty = await summary('2024-01-01T00:00+0000', '2024-01-02T00:00+0000');
    expect(empty.body).toEqual({ data: [{ totalFailedAccounts: 0, totalGeneratedCreditMemos: 0, totalGeneratedInvoices: 0 }] });

    // 2024-01-01: two invoices, one failed account
    expect((await billRun(c, { batches: ['AllBatches'], targetDate: '2024-01-01' })).status).toBe('Completed');
    // 2024-01-20: a downgrade-free month later, a1's subscription is cancelled back to its start: a credit memo
    expect((await t.admin('POST', `/admin/tenants/${c.tenant.id}/clock/advance`, { days: 19 })).status).toBe(200);
    const sub = (await c.get(`/v1/subscriptions/accounts/${a1.accountNumber}`)).body.subscriptions[0].subscriptionNumber as string;
    const cancel = await c.put(`/v1/subscriptions/${sub}/cancel`, { cancellationPolicy: 'SpecificDate', cancellationEffectiveDate: '2024-01-01' });
    expect(cancel.body.success, cancel.raw).toBe(true);
    expect((await billRun(c, { batches: ['AllBatches'], targetDate: '2024-01-20' })).status).toBe('Completed');

    const day1 = await summary('2024-01-01T00:00+0000', '2024-01-02T00:00+0000');
    expect(day1.status).toBe(200);
    expect(day1.body).toEqual({ data: [{ totalFailedAccounts: 1, totalGeneratedCreditMemos: 0, totalGeneratedInvoices: 2 }] });
    const day20 = await summary('2024-01-20T00:00Z', '2024-01-21T00:00Z');
    expect(day20.body).toEqual({ data: [{ totalFailedAccounts: 1, totalGeneratedCreditMemos: 1, totalGeneratedInvoices: 0 }] });
    // the whole month; an offset moves the window (2024-01-20T08:00+0800 is midnight UTC), and an unescaped '+' arrives as a space
    expect((await summary('2024-01-01T00:00Z', '2024-02-01T00:00Z')).body.data[0]).toEqual({ totalFailedAccounts: 2, totalGeneratedCreditMemos: 1, totalGeneratedInvoices: 2 });
    expect((await c.get('/system-health/billing-documents/volume-summary?startTime=2024-01-20T08:00+0800&endTime=2024-01-20T09:00+0800')).body.data[0].totalGeneratedCreditMemos).toBe(1);
    expect((await summary('2024-01-20T08:01+0800', '2024-01-21T00:00Z')).body.data[0].totalGeneratedCreditMemos).toBe(0);

    // bad input is refused with the field named
    for (const [q, re] of [
      ['endTime=2024-01-02T00:00Z', /startTime/],
      ['startTime=2024-01-02T00:00Z', /endTime/],
      ['startTime=yesterday&endTime=2024-01-02T00:00Z', /startTime/],
      ['startTime=2024-01-02T00:00Z&endTime=2024-01-01T00:00Z', /endTime/],
      ['startTime=2024-02-30T00:00Z&endTime=2024-03-01T00:00Z', /startTime/],
    ] as const) {
      const res = await c.get(`/system-health/billing-documents/volume-summary?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.reasons[0].message, q).toMatch(re);
    }
  });

  it('reads the times the page gives (yyyy-MM-ddTHH:mmZ with a numeric offset)', () => {
    expect(parseSystemHealthTime('2022-09-22T09:07+0800')?.toString()).toBe('2022-09-22T01:07:00Z');
    expect(parseSystemHealthTime('2022-09-22T09:07-0800')?.toString()).toBe('2022-09-22T17:07:00Z');
    expect(parseSystemHealthTime('2022-09-22T09:07 0800')?.toString()).toBe('2022-09-22T01:07:00Z');
    expect(parseSystemHealthTime('2022-09-22T09:07:30+08:00')?.toString()).toBe('2022-09-22T01:07:30Z');
    expect(parseSystemHealthTime('2022-09-22T09:07Z')?.toString()).toBe('2022-09-22T09:07:00Z');
    expect(parseSystemHealthTime('2022-09-22')).toBeUndefined();
    expect(parseSystemHealthTime('2022-13-22T09:07Z')).toBeUndefined();
  });
});
