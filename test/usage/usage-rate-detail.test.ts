// GET /v1/invoices/invoice-item/{invoice-item-id}/usage-rate-detail through the real app (both databases):
// usage billed by a bill run, then each usage item's rate detail.
// Numbers: the operation's page (a tiered charge 0-9 at 0.00, 10-20 at 1.00 per unit, 21-30 a 2.00 flat fee,
// 31 and up at 3.00 per unit; 45 units in March 2022 = 0 + 11 + 2 + 45 = 58), and a volume, a per unit and
// a flat fee usage charge of the same plan; after an order changes a price, each item shows the price it was
// rated with. Refused as the page says: the Overage model, rating by usage record, a Canceled invoice; an
// unknown item is not found, a recurring item is not a usage item.
import { beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/platform/jobs.js';
import { setupApp, type Client } from '../helpers.js';
import { createSubscriptionOrder, newAccount, obj } from '../subscriptions/fixtures.js';

const t = await setupApp({ jobWorker: false });

let c: Client;
let items: Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
let invoice: { id: string; invoiceNumber: string };
let billRunId: string;
let account: { accountId: string; accountNumber: string };
let subscriptionNumber: string;
const charge: Record<string, string> = {};

const detail = (id: string) => c.get(`/v1/invoices/invoice-item/${id}/usage-rate-detail`);
const itemOf = (name: string) => items.find((i) => i.chargeName === name)!;

beforeAll(async () => {
  c = await t.newClient({ defaultApiVersion: '2025-08-12', timezone: 'UTC' });
  expect((await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2022-03-01' })).status).toBe(200);
  const productId = await obj(c, '/v1/object/product', { Name: 'Meters', EffectiveStartDate: '2020-01-01', EffectiveEndDate: '2040-01-01', SKU: `SKU-${Math.random().toString(36).slice(2, 8)}` });
  const planId = await obj(c, '/v1/object/product-rate-plan', { ProductId: productId, Name: 'Metered', EffectiveStartDate: '2020-01-01', EffectiveEndDate: '2040-01-01' });
  const common = { ProductRatePlanId: planId, BillingPeriod: 'Month', BillCycleType: 'DefaultFromCustomer', TriggerEvent: 'ContractEffective', EndDateCondition: 'SubscriptionEnd' };
  const tier = (StartingUnit: number, EndingUnit: number | undefined, Price: number, PriceFormat: 'Per Unit' | 'Flat Fee') => ({ Currency: 'USD', StartingUnit, EndingUnit, Price, PriceFormat });
  const charges: Array<Record<string, unknown>> = [
    { Name: 'Platform', ChargeType: 'Recurring', ChargeModel: 'Flat Fee Pricing', ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 20 }] } },
    {
      Name: 'API calls',
      ChargeType: 'Usage',
      ChargeModel: 'Tiered Pricing',
      UOM: 'Each',
      ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [tier(0, 9, 0, 'Per Unit'), tier(10, 20, 1, 'Per Unit'), tier(21, 30, 2, 'Flat Fee'), tier(31, undefined, 3, 'Per Unit')] },
    },
    { Name: 'Storage', ChargeType: 'Usage', ChargeModel: 'Volume Pricing', UOM: 'GB', ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [tier(0, 10, 2, 'Per Unit'), tier(11, 2000, 1.5, 'Per Unit')] } },
    { Name: 'Minutes', ChargeType: 'Usage', ChargeModel: 'Per Unit Pricing', UOM: 'Minutes', ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 0.1 }] } },
    { Name: 'Support', ChargeType: 'Usage', ChargeModel: 'Flat Fee Pricing', UOM: 'Call', ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 5 }] } },
    { Name: 'Hours', ChargeType: 'Usage', ChargeModel: 'Overage Pricing', UOM: 'Hour', IncludedUnits: 10, ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 1 }] } },
    { Name: 'Messages', ChargeType: 'Usage', ChargeModel: 'Per Unit Pricing', UOM: 'Msg', RatingGroup: 'ByUsageRecord', ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 0.01 }] } },
  ];
  for (const ch of charges) await obj(c, '/v1/object/product-rate-plan-charge', { ...common, ...ch });
  const acc = await newAccount(c);
  account = acc;
  const order = await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, planId, { orderDate: '2022-03-01' }));
  expect(order.body.success, order.raw).toBe(true);
  subscriptionNumber = order.body.subscriptions[0].subscriptionNumber;
  const sub = (await c.get(`/v1/subscriptions/${subscriptionNumber}`)).body;
  for (const x of sub.ratePlans[0].ratePlanCharges as Array<{ name: string; number: string }>) charge[x.name] = x.number;
  for (const [name, uom, qty] of [
    ['API calls', 'Each', 45],
    ['Storage', 'GB', 15],
    ['Minutes', 'Minutes', 200],
    ['Support', 'Call', 3],
    ['Hours', 'Hour', 12],
    ['Messages', 'Msg', 1500],
  ] as const) {
    const u = await c.post('/v1/object/usage', { AccountId: acc.accountId, ChargeNumber: charge[name], UOM: uom, Quantity: qty, StartDateTime: '2022-03-10T10:00:00Z' });
    expect(u.body.Success, u.raw).toBe(true);
  }
  const br = await c.post('/v1/bill-runs', { billRunFilters: [{ filterType: 'Account', accountId: acc.accountId }], targetDate: '2022-04-01', invoiceDate: '2022-04-01' });
  expect(br.status, br.raw).toBe(200);
  billRunId = br.body.id;
  await runDueJobs(t.app, { tenantId: c.tenant.id });
  expect((await c.get(`/v1/bill-runs/${billRunId}`)).body.status).toBe('Completed');
  const invoices = (await c.get(`/v1/transactions/invoices/accounts/${acc.accountNumber}`)).body.invoices;
  expect(invoices).toHaveLength(1);
  invoice = invoices[0];
  items = (await c.get(`/v1/invoices/${invoice.id}/items`)).body.invoiceItems;
});

describe('usage rate detail of a billed usage item', () => {
  it('explains a tiered charge tier by tier (the page: 45 units = 58)', async () => {
    const item = itemOf('API calls');
    const r = await detail(item.id);
    expect(r.status, r.raw).toBe(200);
    expect(r.body).toEqual({
      data: {
        amountWithoutTax: 58,
        chargeNumber: charge['API calls'],
        invoiceId: invoice.id,
        invoiceItemId: item.id,
        invoiceNumber: invoice.invoiceNumber,
        listPrice: 'Tier / From / To / List Price / Price Format\n1 / 0 / 9 / 0.00 / Per Unit\n2 / 10 / 20 / 1.00 / Per Unit\n3 / 21 / 30 / 2.00 / Flat Fee\n4 / 31 / / 3.00 / Per Unit\n',
        quantity: 45,
        rateDetail: 'Tier 1: 0-9, 9 Each(s) x $0.00/Each = $0.00\nTier 2: 10-20, 11 Each(s) x $1.00/Each = $11.00\nTier 3: 21-30, $2.00 Flat Fee\nTier 4: >=31, 15 Each(s) x $3.00/Each = $45.00\nTotal = $58.00',
        servicePeriod: '03/01/2022-03/31/2022',
        uom: 'Each',
      },
      success: true,
    });
  });

  it('explains a volume charge by the one tier the quantity falls in', async () => {
    const r = await detail(itemOf('Storage').id);
    expect(r.body.data).toMatchObject({
      amountWithoutTax: 22.5,
      quantity: 15,
      uom: 'GB',
      listPrice: 'Tier / From / To / List Price / Price Format\n1 / 0 / 10 / 2.00 / Per Unit\n2 / 11 / 2000 / 1.50 / Per Unit\n',
      rateDetail: 'Tier 2: 11-2000, 15 GB(s) x $1.50/GB = $22.50\nTotal = $22.50',
    });
  });

  it('explains a per unit and a flat fee usage charge in one line', async () => {
    const pu = await detail(itemOf('Minutes').id);
    expect(pu.body.data).toMatchObject({ amountWithoutTax: 20, quantity: 200, listPrice: '0.10', rateDetail: '200 Minutes(s) x $0.10/Minutes = $20.00\nTotal = $20.00', servicePeriod: '03/01/2022-03/31/2022' });
    const ff = await detail(itemOf('Support').id);
    expect(ff.body.data).toMatchObject({ amountWithoutTax: 5, quantity: 3, listPrice: '5.00', rateDetail: '$5.00 Flat Fee\nTotal = $5.00' });
  });

  it('refuses the Overage model (the page: not supported), a recurring item, and an unknown item', async () => {
    const over = await detail(itemOf('Hours').id);
    expect(over.status).toBe(400);
    expect(over.body.success).toBe(false);
    expect(over.body.reasons[0].code).toBe(50000030);
    expect(over.body.reasons[0].message).toMatch(/does not support the charge model 'Overage Pricing'/);

    const rec = await detail(itemOf('Platform').id);
    expect(rec.status).toBe(400);
    expect(rec.body.reasons[0]).toMatchObject({ code: 50000020, message: expect.stringMatching(/not a usage charge item/) });

    const none = await detail('0123456789abcdef0123456789abcdef');
    expect(none.status).toBe(404);
    expect(none.body.reasons[0]).toMatchObject({ code: 50000040, message: 'The invoice item 0123456789abcdef0123456789abcdef does not exist.' });
    // before 2024-05-20 an error answers HTTP 200
    const old = await c.get('/v1/invoices/invoice-item/0123456789abcdef0123456789abcdef/usage-rate-detail', { 'Zuora-Version': '211.0' });
    expect(old.status).toBe(200);
    expect(old.body).toMatchObject({ success: false, reasons: [{ code: 50000040 }] });
  });

  it('refuses a charge rated by usage record (the page: only rating by billing period)', async () => {
    const r = await detail(itemOf('Messages').id);
    expect(r.status).toBe(400);
    expect(r.body.reasons[0]).toMatchObject({ code: 50000030, message: expect.stringMatching(/only usage rating by billing period/) });
  });

  it('shows the price the item was rated with after an order changed it', async () => {
    const order = await c.post('/v1/orders', {
      existingAccountNumber: account.accountNumber,
      orderDate: '2022-04-01',
      subscriptions: [
        {
          subscriptionNumber,
          orderActions: [
            {
              type: 'UpdateProduct',
              triggerDates: [{ name: 'ContractEffective', triggerDate: '2022-04-01' }],
              updateProduct: { ratePlanId: (await c.get(`/v1/subscriptions/${subscriptionNumber}`)).body.ratePlans[0].id, chargeUpdates: [{ chargeNumber: charge['Minutes'], pricing: { usagePerUnit: { listPrice: 0.2 } } }] },
            },
          ],
        },
      ],
    });
    expect(order.body.success, order.raw).toBe(true);
    const u = await c.post('/v1/object/usage', { AccountId: account.accountId, ChargeNumber: charge['Minutes'], UOM: 'Minutes', Quantity: 100, StartDateTime: '2022-04-10T10:00:00Z' });
    expect(u.body.Success, u.raw).toBe(true);
    expect((await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2022-05-01' })).status).toBe(200);
    const br = await c.post('/v1/bill-runs', { billRunFilters: [{ filterType: 'Account', accountId: account.accountId }], targetDate: '2022-05-01', invoiceDate: '2022-05-01' });
    await runDueJobs(t.app, { tenantId: c.tenant.id });
    expect((await c.get(`/v1/bill-runs/${br.body.id}`)).body.status).toBe('Completed');
    const may = (await c.get(`/v1/transactions/invoices/accounts/${account.accountNumber}`)).body.invoices.find((i: { id: string }) => i.id !== invoice.id);
    const aprilItems = (await c.get(`/v1/invoices/${may.id}/items`)).body.invoiceItems as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const april = aprilItems.find((i) => i.chargeName === 'Minutes')!;
    expect((await detail(april.id)).body.data).toMatchObject({ amountWithoutTax: 20, quantity: 100, listPrice: '0.20', rateDetail: '100 Minutes(s) x $0.20/Minutes = $20.00\nTotal = $20.00', servicePeriod: '04/01/2022-04/30/2022' });
    // the March item keeps the price it was rated with
    expect((await detail(itemOf('Minutes').id)).body.data).toMatchObject({ listPrice: '0.10', rateDetail: '200 Minutes(s) x $0.10/Minutes = $20.00\nTotal = $20.00' });
  });

  it('refuses an item of a Canceled invoice', async () => {
    expect((await c.put(`/v1/bill-runs/${billRunId}/cancel`, {})).body).toMatchObject({ success: true, status: 'Canceled' });
    const r = await detail(itemOf('API calls').id);
    expect(r.status).toBe(400);
    expect(r.body.reasons[0]).toMatchObject({ code: 50000030, message: expect.stringMatching(/is Canceled/) });
  });
});
