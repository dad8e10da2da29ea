import { describe, expect, it } from 'vitest';
import { setupApp } from '../helpers.js';

const t = await setupApp();

/** Values a careless or hostile client may put in any field. */
const JUNK: unknown[] = [null, '', 'x\u0000y', 1e308, -1, 1.5, true, {}, [], [1, 'a'], { a: { b: 1 } }, 'z'.repeat(5000), '9'.repeat(400)];

describe('bad input never reaches the database as a 500', () => {
  it('answers every junk value in every field of the object API writes with a client error or success', async () => {
    const c = await t.newClient();
    const productId = (await c.post('/v1/object/product', { Name: 'P', EffectiveStartDate: '2024-01-01', EffectiveEndDate: '2030-01-01' })).body.Id;
    const planId = (await c.post('/v1/object/product-rate-plan', { ProductId: productId, Name: 'Plan' })).body.Id;
    const charge = {
      ProductRatePlanId: planId,
      Name: 'Fee',
      ChargeType: 'Usage',
      ChargeModel: 'Tiered Pricing',
      UOM: 'Each',
      BillCycleType: 'DefaultFromCustomer',
      BillingPeriod: 'Month',
      TriggerEvent: 'ContractEffective',
      DefaultQuantity: 1,
      ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', StartingUnit: 0, EndingUnit: 10, Price: 1, PriceFormat: 'Per Unit' }, { Currency: 'USD', StartingUnit: 10, Price: 0.5 }] },
    };
    const chargeId = (await c.post('/v1/object/product-rate-plan-charge', charge)).body.Id;
    expect(chargeId).toBeTruthy();
    const tierId = (await c.get(`/v1/object/product-rate-plan-charge/${chargeId}`)).body.ProductRatePlanChargeTierData.ProductRatePlanChargeTier[0].Id;
    const cases: [string, string, Record<string, unknown>][] = [
      ['POST', '/v1/object/product', { Name: 'P', EffectiveStartDate: '2024-01-01', EffectiveEndDate: '2030-01-01', SKU: 's', Category: 'c', Description: 'd', AllowFeatureChanges: false, ProductNumber: 'n' }],
      ['PUT', `/v1/object/product/${productId}`, { Name: 'P', EffectiveEndDate: '2030-01-01', SKU: 's2', Category: 'c' }],
      ['POST', '/v1/object/product-rate-plan', { ProductId: productId, Name: 'Plan', ActiveCurrencies: ['USD'], Grade: 1, ExternalRatePlanIds: 'a', EffectiveStartDate: '2024-01-01' }],
      ['PUT', `/v1/object/product-rate-plan/${planId}`, { Name: 'Plan', ActiveCurrencies: ['USD'], Grade: 1, EffectiveEndDate: '2030-01-01' }],
      ['POST', '/v1/object/product-rate-plan-charge', { ...charge, SpecificBillingPeriod: 2, BillCycleDay: 3, UpToPeriods: 2, IncludedUnits: 1, TaxCode: 't', ApplyDiscountTo: 'RECURRING', DeliverySchedule: {} }],
      ['PUT', `/v1/object/product-rate-plan-charge/${chargeId}`, { Name: 'Fee', BillingPeriod: 'Month', ProductRatePlanChargeTierData: charge.ProductRatePlanChargeTierData }],
      ['PUT', `/v1/object/product-rate-plan-charge-tier/${tierId}`, { Price: 2, PriceFormat: 'Per Unit', DiscountAmount: 1, DiscountPercentage: 1 }],
    ];
    let n = 0;
    for (const [method, url, body] of cases) {
      for (const field of Object.keys(body)) {
        for (const junk of JUNK) {
          const r = await c.req(method, url, { ...body, [field]: junk });
          n++;
          expect(r.status, `${method} ${url} ${field}=${JSON.stringify(junk)?.slice(0, 40)} → ${JSON.stringify(r.body)}`).toBeLessThan(500);
          if (r.body?.Success === false) expect(r.body.Errors[0].Message, `${field}`).toBeTruthy();
        }
      }
      // tier data junk inside the tiers themselves
      if (url.includes('product-rate-plan-charge') && !url.includes('tier')) {
        for (const key of ['Currency', 'StartingUnit', 'EndingUnit', 'Price', 'PriceFormat', 'IsOveragePrice'])
          for (const junk of JUNK) {
            const tiers = [{ ...charge.ProductRatePlanChargeTierData.ProductRatePlanChargeTier[0], [key]: junk }];
            const r = await c.req(method, url, { ...body, ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: tiers } });
            expect(r.status, `${url} tier ${key}=${JSON.stringify(junk)?.slice(0, 40)} → ${JSON.stringify(r.body)}`).toBeLessThan(500);
          }
        for (const junk of JUNK) {
          const r = await c.req(method, url, { ...body, ProductRatePlanChargeTierData: junk });
          expect(r.status, `${url} TierData=${JSON.stringify(junk)?.slice(0, 40)}`).toBeLessThan(500);
          const r2 = await c.req(method, url, { ...body, ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: junk } });
          expect(r2.status, `${url} Tier=${JSON.stringify(junk)?.slice(0, 40)}`).toBeLessThan(500);
        }
      }
    }
    expect(n).toBeGreaterThan(300);
  });

  it('answers junk in paths and queries with a client error', async () => {
    const c = await t.newClient();
    for (const u of [
      '/v1/object/product/%00',
      '/v1/object/product-rate-plan/%00',
      '/v1/object/product-rate-plan-charge/%00?fields=%00',
      '/v1/object/product-rate-plan-charge-tier/%00',
      '/v1/catalog/products/%00',
      '/v1/catalog/products?page=0',
      '/v1/catalog/products?pageSize=abc',
      '/v1/products/%00/product-rate-plans',
      '/v1/product-rate-plans/%00',
      '/v1/product-rate-plans/external-id/%00',
      '/v1/product-rate-plan-charges/%00',
      '/v1/product-rate-plan-charges/x?show-charge-definitions=maybe',
    ]) {
      const r = await c.get(u);
      expect(r.status, `${u} → ${JSON.stringify(r.body)}`).toBeLessThan(500);
      expect(r.body.success ?? r.body.Success, u).toBe(false);
    }
    const del = await c.del('/v1/object/product/%00');
    expect(del.status).toBeLessThan(500);
    const rev = await c.put('/v1/revpro-accounting-codes', {
      productRatePlanChargeId: 'a\u0000',
      contractAssetAccount: 'x',
      contractLiabilityAccount: 'x',
      unbilledReceivablesAccount: 'x',
      adjustmentLiabilityAccount: 'x',
      recognizedRevenueAccount: 'x',
      adjustmentRevenueAccount: 'x',
    });
    expect(rev.status).toBeLessThan(500);
    expect(rev.body.success).toBe(false);
  });

  it('concurrent creates with the same SKU: one wins, the others are refused as client errors', async () => {
    const c = await t.newClient();
    const rs = await Promise.all(
      Array.from({ length: 6 }, () => c.post('/v1/object/product', { Name: 'Same', SKU: 'RACE-1', EffectiveStartDate: '2024-01-01', EffectiveEndDate: '2030-01-01' })),
    );
    expect(rs.filter((r) => r.body.Success === true)).toHaveLength(1);
    for (const r of rs.filter((x) => x.body.Success !== true)) {
      expect(r.status).toBe(400);
      expect(r.body.Errors[0].Message).toMatch(/already used/);
    }
    // generated SKUs never collide
    const gen = await Promise.all(Array.from({ length: 6 }, (_, i) => c.post('/v1/object/product', { Name: `G${i}`, EffectiveStartDate: '2024-01-01', EffectiveEndDate: '2030-01-01' })));
    expect(new Set(gen.map((r) => r.body.Id)).size).toBe(6);
    const skus = await Promise.all(gen.map(async (r) => (await c.get(`/v1/object/product/${r.body.Id}`)).body.SKU));
    expect(new Set(skus).size).toBe(6);
  });
});
