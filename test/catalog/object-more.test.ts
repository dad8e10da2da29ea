import { describe, expect, it } from 'vitest';
import { setupApp, type Client } from '../helpers.js';

const t = await setupApp();

async function planOf(c: Client, currencies: string[]) {
  const p = (await c.post('/v1/object/product', { Name: 'P', EffectiveStartDate: '2024-01-01', EffectiveEndDate: '2030-01-01' })).body.Id as string;
  const plan = (await c.post('/v1/object/product-rate-plan', { ProductId: p, Name: 'Plan', ActiveCurrencies: currencies })).body.Id as string;
  return { productId: p, planId: plan };
}
const recurring = (planId: string) => ({ ProductRatePlanId: planId, ChargeType: 'Recurring', BillCycleType: 'DefaultFromCustomer', BillingPeriod: 'Month', TriggerEvent: 'ContractEffective' });

describe('more charge models through the object API', () => {
  it('a fixed-amount discount per currency', async () => {
    const c = await t.newClient();
    const { planId } = await planOf(c, ['USD', 'EUR']);
    const r = await c.post('/v1/object/product-rate-plan-charge', {
      ...recurring(planId),
      Name: '$10 off',
      ChargeModel: 'Discount-Fixed Amount',
      ApplyDiscountTo: 'ONETIMERECURRING',
      ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', DiscountAmount: 10 }, { Currency: 'EUR', DiscountAmount: 9 }] },
    });
    expect(r.body.Success, JSON.stringify(r.body)).toBe(true);
    const cat = (await c.get(`/v1/product-rate-plan-charges/${r.body.Id}`)).body;
    expect(cat).toMatchObject({
      model: 'DiscountFixedAmount',
      applyDiscountTo: 'ONETIMERECURRING',
      discountLevel: 'rateplan',
      pricingSummary: ['USD10 fixed amount discount', 'EUR9 fixed amount discount'],
      pricing: [
        { currency: 'USD', price: null, discountAmount: 10, discountPercentage: null, tiers: null },
        { currency: 'EUR', price: null, discountAmount: 9, discountPercentage: null, tiers: null },
      ],
    });
    const tierRows = (await c.get(`/v1/object/product-rate-plan-charge/${r.body.Id}`)).body.ProductRatePlanChargeTierData.ProductRatePlanChargeTier;
    expect(tierRows.map((x: any) => [x.Currency, x.DiscountAmount])).toEqual([
      ['EUR', 9],
      ['USD', 10],
    ]);
  });

  it('tiered with overage: closed tiers and an overage price flagged IsOveragePrice', async () => {
    const c = await t.newClient();
    const { planId } = await planOf(c, ['USD']);
    const body = {
      ...recurring(planId),
      ChargeType: 'Usage',
      Name: 'Messages',
      ChargeModel: 'Tiered with Overage Pricing',
      UOM: 'Message',
      IncludedUnits: 0,
      ProductRatePlanChargeTierData: {
        ProductRatePlanChargeTier: [
          { Currency: 'USD', StartingUnit: 0, EndingUnit: 100, Price: 5, PriceFormat: 'Flat Fee' },
          { Currency: 'USD', StartingUnit: 101, EndingUnit: 500, Price: 0.04, PriceFormat: 'Per Unit' },
          { Currency: 'USD', Price: 0.03, IsOveragePrice: true },
        ],
      },
    };
    const r = await c.post('/v1/object/product-rate-plan-charge', body);
    expect(r.body.Success, JSON.stringify(r.body)).toBe(true);
    const cat = (await c.get(`/v1/product-rate-plan-charges/${r.body.Id}`)).body;
    expect(cat.pricing).toEqual([
      {
        currency: 'USD',
        price: null,
        tiers: [
          { tier: 1, startingUnit: 0, endingUnit: 100, price: 5, priceFormat: 'FlatFee' },
          { tier: 2, startingUnit: 101, endingUnit: 500, price: 0.04, priceFormat: 'PerUnit' },
        ],
        includedUnits: 0,
        overagePrice: 0.03,
        discountPercentage: null,
        discountAmount: null,
      },
    ]);
    // without the overage price, or with an open last tier, it is refused
    const noOver = await c.post('/v1/object/product-rate-plan-charge', {
      ...body,
      ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: body.ProductRatePlanChargeTierData.ProductRatePlanChargeTier.slice(0, 2) },
    });
    expect(noOver.body.Errors[0].Message).toMatch(/Price \(IsOveragePrice\) is required in USD/);
    const open = await c.post('/v1/object/product-rate-plan-charge', {
      ...body,
      ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', StartingUnit: 0, Price: 5 }, { Currency: 'USD', Price: 0.03, IsOveragePrice: true }] },
    });
    expect(open.body.Errors[0].Message).toMatch(/EndingUnit is required for tier 1/);
  });

  it('a one-time charge has no billing period or timing', async () => {
    const c = await t.newClient();
    const { planId } = await planOf(c, ['USD']);
    const r = await c.post('/v1/object/product-rate-plan-charge', {
      ProductRatePlanId: planId,
      Name: 'Setup',
      ChargeType: 'OneTime',
      ChargeModel: 'Flat Fee Pricing',
      BillCycleType: 'DefaultFromCustomer',
      BillingPeriod: 'Month',
      TriggerEvent: 'ContractEffective',
      ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Price: 250 }] },
    });
    expect(r.body.Success).toBe(true);
    const cat = (await c.get(`/v1/product-rate-plan-charges/${r.body.Id}`)).body;
    expect(cat).toMatchObject({ type: 'OneTime', model: 'FlatFee', billingPeriod: null, billingTiming: null, billingDay: null, endDateCondition: 'One_Time', pricingSummary: ['USD250'] });
  });
});

describe('updates', () => {
  it('custom fields of a charge round-trip through both views', async () => {
    const c = await t.newClient();
    const { productId, planId } = await planOf(c, ['USD']);
    const r = await c.post('/v1/object/product-rate-plan-charge', {
      ...recurring(planId),
      Name: 'Fee',
      ChargeModel: 'Flat Fee Pricing',
      GLSegment__c: 'SaaS-01',
      ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Price: 1 }] },
    });
    expect((await c.get(`/v1/object/product-rate-plan-charge/${r.body.Id}`)).body.GLSegment__c).toBe('SaaS-01');
    expect((await c.get(`/v1/product-rate-plan-charges/${r.body.Id}`)).body.customFields).toEqual({ GLSegment__c: 'SaaS-01' });
    expect((await c.get(`/v1/products/${productId}/product-rate-plans`)).body.productRatePlans[0].productRatePlanCharges[0].GLSegment__c).toBe('SaaS-01');
  });

  it('refuses changing the charge type, and changes nothing', async () => {
    const c = await t.newClient();
    const { planId } = await planOf(c, ['USD']);
    const id = (await c.post('/v1/object/product-rate-plan-charge', { ...recurring(planId), Name: 'Fee', ChargeModel: 'Flat Fee Pricing', ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Price: 1 }] } })).body.Id;
    const r = await c.put(`/v1/object/product-rate-plan-charge/${id}`, { ChargeType: 'Usage', Name: 'Renamed' });
    expect(r.body.Errors[0].Message).toMatch(/ChargeType of an existing charge cannot be changed/);
    expect((await c.get(`/v1/object/product-rate-plan-charge/${id}`)).body).toMatchObject({ Name: 'Fee', ChargeType: 'Recurring' });
  });

  it('switching a charge to a tiered model needs tiers', async () => {
    const c = await t.newClient();
    const { planId } = await planOf(c, ['USD']);
    const id = (await c.post('/v1/object/product-rate-plan-charge', { ...recurring(planId), Name: 'Fee', ChargeModel: 'Flat Fee Pricing', ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Price: 1 }] } })).body.Id;
    const bad = await c.put(`/v1/object/product-rate-plan-charge/${id}`, { ChargeModel: 'Volume Pricing', UOM: 'GB' });
    expect(bad.body.Errors[0].Message).toMatch(/At least one tier is required in ProductRatePlanChargeTier for USD/);
    const ok = await c.put(`/v1/object/product-rate-plan-charge/${id}`, {
      ChargeModel: 'Volume Pricing',
      UOM: 'GB',
      ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ StartingUnit: 0, EndingUnit: 10, Price: 1 }, { StartingUnit: 10, Price: 0.5 }] },
    });
    expect(ok.body.Success, JSON.stringify(ok.body)).toBe(true);
    expect((await c.get(`/v1/product-rate-plan-charges/${id}`)).body.pricing[0].tiers).toHaveLength(2);
  });

  it('a plan keeps every currency its charges are priced in; adding one asks for prices on the next charge change', async () => {
    const c = await t.newClient();
    const { planId } = await planOf(c, ['USD', 'EUR']);
    const id = (
      await c.post('/v1/object/product-rate-plan-charge', {
        ...recurring(planId),
        Name: 'Fee',
        ChargeModel: 'Flat Fee Pricing',
        ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 1 }, { Currency: 'EUR', Price: 2 }] },
      })
    ).body.Id;
    const drop = await c.put(`/v1/object/product-rate-plan/${planId}`, { ActiveCurrencies: ['USD'] });
    expect(drop.status).toBe(400);
    expect(drop.body.Errors[0].Message).toMatch(/must keep EUR/);
    expect((await c.get(`/v1/object/product-rate-plan/${planId}`)).body.ActiveCurrencies).toEqual(['USD', 'EUR']);
    expect((await c.get(`/v1/product-rate-plan-charges/${id}`)).body.pricing.map((p: any) => p.currency)).toEqual(['USD', 'EUR']);
    const bogus = await c.put(`/v1/object/product-rate-plan/${planId}`, { ActiveCurrencies: 'abc' });
    expect(bogus.status).toBe(400);
    expect(bogus.body.Errors[0].Message).toMatch(/not an ISO 4217 currency/);
    expect((await c.put(`/v1/object/product-rate-plan/${planId}`, { ActiveCurrencies: 'USD,EUR,GBP' })).body.Success).toBe(true);
    const r = await c.put(`/v1/object/product-rate-plan-charge/${id}`, { Name: 'Fee 2' });
    expect(r.body.Errors[0].Message).toMatch(/A price in GBP is required/);
    const ok = await c.put(`/v1/object/product-rate-plan-charge/${id}`, { Name: 'Fee 2', ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'GBP', Price: 3 }] } });
    expect(ok.body.Success).toBe(true);
    expect((await c.get(`/v1/product-rate-plan-charges/${id}`)).body.pricingSummary).toEqual(['USD1', 'EUR2', 'GBP3']);
  });
});
