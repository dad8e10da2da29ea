/**
 * The objects zbill declares with no records (src/modules/queries/prepaid-objects.ts, docs/decisions.md):
 * DeliveryAdjustment (made only by a Delivery Adjustments API zbill does not have) and the Prepaid with
 * Drawdown objects, which answer an empty page and 404 keys while the tenant's catalog holds no
 * prepayment or drawdown charge, and 501 once it holds one. Paths and fields from the query… pages of
 * the reference (queryPrepaidBalances, queryDeliveryAdjustments, …).
 */
import { describe, expect, it } from 'vitest';
import { setupApp, type Client } from '../helpers.js';
import { obj } from '../subscriptions/fixtures.js';

const t = await setupApp();

const PREPAID = ['prepaid-balances', 'prepaid-balance-funds', 'prepaid-balance-transactions', 'validity-period-summaries', 'daily-consumption-summaries'];
const ALL = [...PREPAID, 'delivery-adjustments'];

async function plan(c: Client) {
  const productId = await obj(c, '/v1/object/product', { Name: 'P', EffectiveStartDate: '2020-01-01', EffectiveEndDate: '2040-01-01', SKU: `SKU-${Math.random().toString(36).slice(2, 8)}` });
  return obj(c, '/v1/object/product-rate-plan', { ProductId: productId, Name: 'Plan', EffectiveStartDate: '2020-01-01', EffectiveEndDate: '2040-01-01' });
}
const recurring = { ChargeType: 'Recurring', BillingPeriod: 'Month', BillCycleType: 'DefaultFromCustomer', TriggerEvent: 'ContractEffective', EndDateCondition: 'SubscriptionEnd', ChargeModel: 'Flat Fee Pricing', ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 10 }] } };

describe('objects with no records', () => {
  it('list an empty page, answer 404 for a key, take the usual parameters and check them', async () => {
    const c = await t.newClient();
    // an ordinary catalog holds no prepaid charge
    await obj(c, '/v1/object/product-rate-plan-charge', { ...recurring, ProductRatePlanId: await plan(c), Name: 'Fee' });
    for (const p of ALL) {
      const list = await c.get(`/object-query/${p}`);
      expect(list.status, `${p}: ${list.raw}`).toBe(200);
      expect(list.body).toEqual({ nextPage: null, data: [] });
      const key = await c.get(`/object-query/${p}/8ad09be48dc99a2b018dca430ad45679`);
      expect(key.status, p).toBe(404);
      expect(String(key.body.reasons[0].code)).toMatch(/40$/);
      // fields and filters are the spec's: a known one is taken, an unknown one refused
      expect((await c.get(`/object-query/${p}?filter[]=id.EQ:x&fields[]=id,createddate&sort[]=updateddate.desc`)).status, p).toBe(200);
      expect((await c.get(`/object-query/${p}?fields[]=nosuchfield`)).status, p).toBe(400);
      expect((await c.get(`/object-query/${p}?pageSize=100`)).status, p).toBe(400);
    }
    // spec field names (camelCase as the pages spell them)
    expect((await c.get('/object-query/prepaid-balances?fields[]=uOM,origSubscriptionId,prepaidBalanceState')).status).toBe(200);
    expect((await c.get('/object-query/delivery-adjustments?filter[]=status.EQ:Billed&fields[]=adjustmentNumber,creditMemoNumber')).status).toBe(200);
    // not ZOQL objects
    const z = await c.post('/v1/action/query', { queryString: 'select Id from PrepaidBalance' });
    expect(z.status).not.toBe(200);
  });

  for (const [label, extra] of [
    ['chargeFunction Prepayment', { ChargeFunction: 'Prepayment' }],
    ['prepaidOperationType drawdown', { PrepaidOperationType: 'drawdown' }],
  ] as const) {
    it(`answer 501 once the catalog holds a prepaid charge (${label}); delivery adjustments stay empty`, async () => {
      const c = await t.newClient();
      const planId = await plan(c);
      const created = await c.post('/v1/object/product-rate-plan-charge', { ...recurring, ProductRatePlanId: planId, Name: 'Prepaid', ...extra });
      expect(created.body.Success, created.raw).toBe(true);
      for (const p of PREPAID) {
        const list = await c.get(`/object-query/${p}`);
        expect(list.status, `${p}: ${list.raw}`).toBe(501);
        expect(list.body.reasons[0].message).toMatch(/Prepaid with Drawdown/);
        expect((await c.get(`/object-query/${p}/8ad09be48dc99a2b018dca430ad45679`)).status, p).toBe(501);
      }
      expect((await c.get('/object-query/delivery-adjustments')).body).toEqual({ nextPage: null, data: [] });
    });
  }
});
