import { describe, expect, it } from 'vitest';
import { makeCtx } from '../../src/platform/context.js';
import { catalogExpiryGuards, type CatalogExpiryGuard } from '../../src/modules/catalog/contract.js';
import * as catalog from '../../src/modules/catalog/service.js';
import { setupApp } from '../helpers.js';

const t = await setupApp();

describe('the same catalog through every view', () => {
  it('a product built through the Commerce API reads back identically through the object and catalog APIs', async () => {
    const c = await t.newClient();
    const bill = { type: 'default_from_customer', period: 'bill_cycle_period_month', period_alignment: 'align_to_charge', timing: 'in_arrears' };
    const r = await c.post('/commerce/products', {
      name: 'Data Platform',
      category: 'base',
      start_date: '2024-01-01',
      end_date: '2040-12-31',
      plans: [
        {
          name: 'Usage',
          start_date: '2024-01-01',
          end_date: '2040-12-31',
          active_currencies: ['USD', 'EUR'],
          charges: [
            {
              name: 'Queries',
              charge_type: 'usage',
              charge_model: 'tiered',
              unit_of_measure: 'Query',
              pricing: {
                tiers: [
                  { tier: '1', from: 0, up_to: 500, price_format: 'price_format_per_unit', unit_amounts: { USD: 0.2, EUR: 0.18 } },
                  { tier: '2', from: 500, up_to: null, price_format: 'price_format_flat_fee', flat_amounts: { USD: 90, EUR: 80 } },
                ],
              },
              bill_cycle: bill,
              trigger_event: 'contract_effective',
              end_date_condition: 'subscription_end',
            },
          ],
        },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const productId = r.body.id as string;
    const planId = r.body.plans[0].id as string;
    const chargeId = r.body.plans[0].productRatePlanCharges[0].id as string;

    const objProduct = (await c.get(`/v1/object/product/${productId}`)).body;
    expect(objProduct).toMatchObject({ Id: productId, Name: 'Data Platform', EffectiveStartDate: '2024-01-01', EffectiveEndDate: '2040-12-31', SKU: r.body.sku });
    const objPlan = (await c.get(`/v1/object/product-rate-plan/${planId}`)).body;
    expect(objPlan).toMatchObject({ Id: planId, Name: 'Usage', ProductId: productId, ActiveCurrencies: ['USD', 'EUR'] });
    const objCharge = (await c.get(`/v1/object/product-rate-plan-charge/${chargeId}`)).body;
    expect(objCharge).toMatchObject({ Name: 'Queries', ChargeType: 'Usage', ChargeModel: 'Tiered Pricing', UOM: 'Query', BillingPeriod: 'Month', BillCycleType: 'DefaultFromCustomer' });
    const tiers = objCharge.ProductRatePlanChargeTierData.ProductRatePlanChargeTier.map((x: any) => [x.Currency, x.Tier, x.StartingUnit, x.EndingUnit ?? null, x.Price, x.PriceFormat]);
    expect(tiers).toEqual([
      ['EUR', 1, 0, 500, 0.18, 'Per Unit'],
      ['EUR', 2, 500, null, 80, 'Flat Fee'],
      ['USD', 1, 0, 500, 0.2, 'Per Unit'],
      ['USD', 2, 500, null, 90, 'Flat Fee'],
    ]);

    const cat = (await c.get(`/v1/product-rate-plan-charges/${chargeId}`)).body;
    expect(cat).toMatchObject({
      id: chargeId,
      model: 'Tiered',
      type: 'Usage',
      uom: 'Query',
      pricing: [
        { currency: 'USD', tiers: [{ tier: 1, startingUnit: 0, endingUnit: 500, price: 0.2, priceFormat: 'PerUnit' }, { tier: 2, startingUnit: 500, endingUnit: null, price: 90, priceFormat: 'FlatFee' }] },
        { currency: 'EUR', tiers: [{ tier: 1, startingUnit: 0, endingUnit: 500, price: 0.18, priceFormat: 'PerUnit' }, { tier: 2, startingUnit: 500, endingUnit: null, price: 80, priceFormat: 'FlatFee' }] },
      ],
    });
    expect((await c.get(`/v1/catalog/products/${r.body.sku}`)).body).toMatchObject({ id: productId, name: 'Data Platform', productNumber: r.body.productNumber });
  });

  it('a charge created through the service (as the other views do) reads back through the object API', async () => {
    const c = await t.newClient();
    const ctx = makeCtx(c.tenant, t.database.db);
    const p = await catalog.createProduct(ctx, { name: 'Minutes', effectiveStartDate: '2024-01-01', effectiveEndDate: '2030-01-01' });
    const plan = await catalog.createRatePlan(ctx, { productId: p.id, name: 'Overage', activeCurrencies: ['USD'] });
    const ch = await catalog.createCharge(ctx, {
      productRatePlanId: plan.id,
      name: 'Minutes over',
      chargeType: 'Usage',
      chargeModel: 'Overage Pricing',
      billingPeriod: 'Month',
      uom: 'Minute',
      includedUnits: '1000',
      smoothingModel: 'RollingWindow',
      numberOfPeriod: 3,
      pricing: [{ currency: 'USD', overagePrice: '0.05' }],
    });
    const o = (await c.get(`/v1/object/product-rate-plan-charge/${ch.id}`)).body;
    expect(o).toMatchObject({ ChargeModel: 'Overage Pricing', IncludedUnits: 1000, SmoothingModel: 'RollingWindow', NumberOfPeriod: 3, OverageCalculationOption: 'EndOfSmoothingPeriod', UOM: 'Minute' });
    expect(o.ProductRatePlanChargeTierData.ProductRatePlanChargeTier).toMatchObject([{ Currency: 'USD', Price: 0.05, IsOveragePrice: true }]);
    const cat = (await c.get(`/v1/product-rate-plan-charges/${ch.productRatePlanChargeNumber}`)).body;
    expect(cat).toMatchObject({ model: 'Overage', numberOfPeriods: 3, smoothingModel: 'RollingWindow', pricing: [{ currency: 'USD', includedUnits: 1000, overagePrice: 0.05, price: null, tiers: null }] });
    expect(cat.pricingSummary).toEqual(['1000 Minute included, overage USD0.05/Minute']);
  });

  it('the fields query parameter of the object API picks fields', async () => {
    const c = await t.newClient();
    const id = (await c.post('/v1/object/product', { Name: 'X', EffectiveStartDate: '2024-01-01', EffectiveEndDate: '2025-01-01' })).body.Id;
    expect((await c.get(`/v1/object/product/${id}?fields=name,sku`)).body).toEqual({ Id: id, Name: 'X', SKU: 'SKU-00000001' });
  });
});

describe('accounting codes on charges', () => {
  it('refuses a charge naming an unknown accounting code, accepts a known one, and the code cannot then be deleted', async () => {
    const c = await t.newClient();
    const deferred = await c.post('/v1/accounting-codes', { name: 'Deferred Subscriptions', type: 'DeferredRevenue' });
    expect(deferred.body.success, JSON.stringify(deferred.body)).toBe(true);
    const p = (await c.post('/v1/object/product', { Name: 'X', EffectiveStartDate: '2024-01-01', EffectiveEndDate: '2025-01-01' })).body.Id;
    const planId = (await c.post('/v1/object/product-rate-plan', { ProductId: p, Name: 'Plan' })).body.Id;
    const body = {
      ProductRatePlanId: planId,
      Name: 'Fee',
      ChargeType: 'Recurring',
      ChargeModel: 'Flat Fee Pricing',
      BillCycleType: 'DefaultFromCustomer',
      BillingPeriod: 'Month',
      TriggerEvent: 'ContractEffective',
      ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Price: 10 }] },
    };
    const bad = await c.post('/v1/object/product-rate-plan-charge', { ...body, DeferredRevenueAccount: 'No Such Code' });
    expect(bad.body.Errors[0]).toEqual({ Code: 'INVALID_VALUE', Message: expect.stringMatching(/^DeferredRevenueAccount 'No Such Code' is not an accounting code/) });
    const good = await c.post('/v1/object/product-rate-plan-charge', { ...body, DeferredRevenueAccount: 'Deferred Subscriptions' });
    expect(good.body.Success).toBe(true);
    const cat = (await c.get(`/v1/product-rate-plan-charges/${good.body.Id}`)).body;
    expect(cat.financeInformation).toMatchObject({ deferredRevenueAccountingCode: 'Deferred Subscriptions', deferredRevenueAccountingCodeType: 'DeferredRevenue' });
    const del = await c.del(`/v1/accounting-codes/${deferred.body.id}`);
    expect(del.body.success).toBe(false);
  });
});

describe('expiring what a subscription will use', () => {
  it('asks the expiry guards before moving an effective end date earlier', async () => {
    const c = await t.newClient();
    const p = (await c.post('/v1/object/product', { Name: 'X', EffectiveStartDate: '2024-01-01', EffectiveEndDate: '2030-01-01' })).body.Id;
    const planId = (await c.post('/v1/object/product-rate-plan', { ProductId: p, Name: 'Plan', EffectiveStartDate: '2024-01-01', EffectiveEndDate: '2030-01-01' })).body.Id;
    const guard: CatalogExpiryGuard = async (_ctx, kind, id, end) => (id === planId && kind === 'ratePlan' && end < '2027-01-01' ? 'subscription A-S00000002 renews with it on 2026-06-01' : null);
    catalogExpiryGuards.push(guard);
    try {
      const r = await c.put(`/v1/object/product-rate-plan/${planId}`, { EffectiveEndDate: '2026-01-01' });
      expect(r.body.Success).toBe(false);
      expect(r.body.Errors[0].Message).toMatch(/A-S00000002/);
      expect((await c.get(`/v1/object/product-rate-plan/${planId}`)).body.EffectiveEndDate).toBe('2030-01-01');
      expect((await c.put(`/v1/object/product-rate-plan/${planId}`, { EffectiveEndDate: '2028-01-01' })).body.Success).toBe(true);
    } finally {
      catalogExpiryGuards.splice(catalogExpiryGuards.indexOf(guard), 1);
    }
  });

  it('shows a plan whose end date has passed as Expired and one not yet started as NotStarted', async () => {
    const c = await t.newClient();
    const clock = await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2027-03-01' });
    expect(clock.status, JSON.stringify(clock.body)).toBe(200);
    const p = (await c.post('/v1/object/product', { Name: 'X', EffectiveStartDate: '2020-01-01', EffectiveEndDate: '2040-01-01' })).body.Id;
    await c.post('/v1/object/product-rate-plan', { ProductId: p, Name: 'Old', EffectiveStartDate: '2020-01-01', EffectiveEndDate: '2027-02-28' });
    await c.post('/v1/object/product-rate-plan', { ProductId: p, Name: 'Current', EffectiveStartDate: '2027-03-01', EffectiveEndDate: '2027-03-01' });
    await c.post('/v1/object/product-rate-plan', { ProductId: p, Name: 'Future', EffectiveStartDate: '2027-03-02', EffectiveEndDate: '2040-01-01' });
    const plans = (await c.get(`/v1/products/${p}/product-rate-plans`)).body.productRatePlans;
    expect(plans.map((x: any) => [x.name, x.status])).toEqual([
      ['Old', 'Expired'],
      ['Current', 'Active'],
      ['Future', 'NotStarted'],
    ]);
  });
});
