// What one account's bill run and billing preview cost must not depend on the tenant's size (issue 14):
// the same statements, returning the same rows, with 10 or 500 other accounts (each with a subscription,
// usage and a billed invoice) in the tenant; and every statement reads by an index narrower than the
// tenant (EXPLAIN on both databases: test/platform/statements.ts). Numbers: the fixture catalog's monthly
// fee 100 + 1 seat at 10 (test/subscriptions/fixtures.ts), billed in advance (Zuora's "Billing timing"),
// plus usage at 0.5 per minute in arrears: through 2024-02-01, 2 × 110 + 30 × 0.5 = 235.
import { describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/platform/jobs.js';
import type { Client } from '../helpers.js';
import { analyze, countingApp, rowsOf, shape, tenantWalks } from '../platform/statements.js';
import { makeCatalog, obj } from '../subscriptions/fixtures.js';

const { t, measure } = await countingApp({ jobWorker: false });

function order(planIds: string[], account: Record<string, unknown>) {
  return {
    newAccount: { currency: 'USD', billCycleDay: 1, autoPay: false, billToContact: { firstName: 'T', lastName: 'S', country: 'United States', state: 'CA' }, ...account },
    orderDate: '2024-01-01',
    subscriptions: [
      {
        orderActions: [
          {
            type: 'CreateSubscription',
            createSubscription: {
              terms: { initialTerm: { period: 12, periodType: 'Month', termType: 'TERMED' }, renewalSetting: 'RENEW_WITH_SPECIFIC_TERM', renewalTerms: [{ period: 12, periodType: 'Month' }], autoRenew: true },
              subscribeToRatePlans: planIds.map((productRatePlanId) => ({ productRatePlanId })),
            },
          },
        ],
      },
    ],
    processingOptions: { runBilling: false },
  };
}

/** Usage records by CSV upload (POST /v1/usage): two a account in January. */
async function upload(c: Client, accountNumbers: string[]) {
  const lines = accountNumbers.flatMap((a) => [`${a},Minutes,10,01/10/2024,,,`, `${a},Minutes,20,01/20/2024,,,`]);
  const csv = ['ACCOUNT_ID,UOM,QTY,STARTDATE,ENDDATE,SUBSCRIPTION_ID,CHARGE_ID', ...lines].join('\n');
  const boundary = '----zbilltenantsize';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="usage.csv"\r\nContent-Type: text/csv\r\n\r\n`),
    Buffer.from(csv),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const up = await c.post('/v1/usage', body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
  expect(up.body.success, up.raw).toBe(true);
  expect((await c.get(up.body.checkImportStatus)).body.importStatus).toBe('Completed');
}

describe('one account’s billing costs the same in a small and a large tenant', () => {
  it('bill run and billing preview of one account: same statements and rows with 10 and 500 other accounts, each read by an index', async () => {
    const c = await t.newClient({ defaultApiVersion: '2025-08-12', timezone: 'UTC' });
    expect((await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2024-01-01' })).status).toBe(200);
    const cat = await makeCatalog(c);
    const usagePlan = await obj(c, '/v1/object/product-rate-plan', { ProductId: cat.productId, Name: 'Calls', EffectiveStartDate: '2020-01-01', EffectiveEndDate: '2040-01-01' });
    await obj(c, '/v1/object/product-rate-plan-charge', {
      ProductRatePlanId: usagePlan, Name: 'Minutes', ChargeType: 'Usage', ChargeModel: 'Per Unit Pricing', UOM: 'Minutes', BillingPeriod: 'Month',
      BillCycleType: 'DefaultFromCustomer', TriggerEvent: 'ContractEffective', EndDateCondition: 'SubscriptionEnd',
      ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 0.5 }] },
    });
    const plans = [cat.basePlanId, usagePlan];
    const make = async (name: string, batch: string) => {
      const r = await c.post('/v1/orders', order(plans, { name, batch }));
      expect(r.body.success, r.raw).toBe(true);
      return r.body.accountNumber as string;
    };
    const billBatch1 = async () => {
      const br = await c.post('/v1/bill-runs', { batches: ['Batch1'], targetDate: '2024-02-01', invoiceDate: '2024-02-01' });
      await runDueJobs(t.app, { tenantId: c.tenant.id });
      expect((await c.get(`/v1/bill-runs/${br.body.id}`)).body.status).toBe('Completed');
    };
    const accountId = async (n: string) => (await c.get(`/v1/accounts/${n}`)).body.basicInfo.id as string;
    const billOne = (id: string) =>
      measure(async () => {
        const br = await c.post('/v1/bill-runs', { billRunFilters: [{ filterType: 'Account', accountId: id }], targetDate: '2024-02-01', invoiceDate: '2024-02-01' });
        await runDueJobs(t.app, { tenantId: c.tenant.id });
        return br.body.id as string;
      });
    // the statements of the job itself (the run's POST is one request, the same in both)
    const preview = (n: string) => measure(() => c.post('/v1/operations/billing-preview', { accountNumber: n, targetDate: '2024-02-01' }));

    // two accounts measured (one billed with the small tenant, one with the large), the others in Batch1
    const a1 = await make('Measured 1', 'Batch2');
    const a2 = await make('Measured 2', 'Batch2');
    const others: string[] = [];
    for (let i = 0; i < 10; i++) others.push(await make(`Other ${i}`, 'Batch1'));
    await upload(c, [a1, a2, ...others]);
    await billBatch1();

    const smallPreview = await preview(a2);
    expect(smallPreview.value.body.invoiceItems.map((i: { chargeAmount: number }) => i.chargeAmount).sort()).toEqual([10, 10, 100, 100, 15]);
    const smallRun = await billOne(await accountId(a1));

    for (let i = 10; i < 500; i++) others.push(await make(`Other ${i}`, 'Batch1'));
    await upload(c, others.slice(10));
    await billBatch1();
    await analyze(t);

    const bigPreview = await preview(a2);
    expect(bigPreview.value.body.invoiceItems.length).toBe(5);
    const bigRun = await billOne(await accountId(a2));

    // the same invoice each time: 100 + 10 in advance for January and February, January's 30 minutes at 0.5
    for (const n of [a1, a2]) {
      const invs = (await c.get(`/v1/transactions/invoices/accounts/${n}`)).body.invoices;
      expect(invs.map((i: { amount: number }) => i.amount)).toEqual([235]);
    }
    // (as multisets: reads the engine runs in parallel finish in any order on PostgreSQL's pool)
    const shapes = (r: { stmts: Parameters<typeof shape>[0][] }) => r.stmts.map(shape).sort();
    expect(shapes(bigPreview)).toEqual(shapes(smallPreview));
    expect(rowsOf(bigPreview.stmts)).toBe(rowsOf(smallPreview.stmts));
    expect(shapes(bigRun)).toEqual(shapes(smallRun));
    expect(rowsOf(bigRun.stmts)).toBe(rowsOf(smallRun.stmts));

    // and no statement walks the tenant's rows (or a whole table) to find the account's
    const walks: string[] = [];
    for (const s of [...bigPreview.stmts, ...bigRun.stmts]) for (const w of await tenantWalks(t, s, c.tenant.id)) walks.push(`${s.sql.slice(0, 120)} → ${w}`);
    expect(walks).toEqual([]);
  }, 600_000);
});
