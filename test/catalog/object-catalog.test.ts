import { describe, expect, it } from 'vitest';
import { catalogUsageGuards, type CatalogUsageGuard } from '../../src/modules/catalog/contract.js';
import { setupApp, type Client } from '../helpers.js';

const t = await setupApp();

/** Builds the realistic catalog through the object API; returns the ids. */
async function buildThroughObjectApi(c: Client) {
  const ok = (r: { status: number; body: any }) => {
    expect(r.body, JSON.stringify(r.body)).toMatchObject({ Success: true });
    return r.body.Id as string;
  };
  const productId = ok(
    await c.post('/v1/object/product', {
      Name: 'Cloud Suite',
      Description: 'Hosted collaboration',
      Category: 'Base Products',
      EffectiveStartDate: '2024-01-01',
      EffectiveEndDate: '2034-12-31',
      Region__c: 'EMEA',
    }),
  );
  const basic = ok(
    await c.post('/v1/object/product-rate-plan', {
      ProductId: productId,
      Name: 'Monthly Basic',
      Description: 'Flat monthly plan',
      EffectiveStartDate: '2024-01-01',
      EffectiveEndDate: '2030-12-31',
      ActiveCurrencies: ['USD', 'EUR'],
      Grade: 1,
      ExternalIdSourceSystem: 'apple',
      ExternalRatePlanIds: 'apple-basic-1,apple-basic-2',
    }),
  );
  const flat = ok(
    await c.post('/v1/object/product-rate-plan-charge', {
      ProductRatePlanId: basic,
      Name: 'Platform fee',
      ChargeType: 'Recurring',
      ChargeModel: 'Flat Fee Pricing',
      BillCycleType: 'DefaultFromCustomer',
      BillingPeriod: 'Month',
      TriggerEvent: 'ContractEffective',
      UseDiscountSpecificAccountingCode: false,
      ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 49 }, { Currency: 'EUR', Price: 45.5 }] },
    }),
  );
  const seats = ok(
    await c.post('/v1/object/product-rate-plan', { ProductId: productId, Name: 'Per Seat', ActiveCurrencies: ['USD', 'EUR'], Grade: 2 }),
  );
  const perSeat = ok(
    await c.post('/v1/object/product-rate-plan-charge', {
      ProductRatePlanId: seats,
      Name: 'Seats',
      ChargeType: 'Recurring',
      ChargeModel: 'Per Unit Pricing',
      UOM: 'Seat',
      DefaultQuantity: 5,
      BillCycleType: 'SpecificDayofMonth',
      BillCycleDay: 15,
      BillingPeriod: 'Specific Months',
      SpecificBillingPeriod: 2,
      BillingTiming: 'In Arrears',
      ListPriceBase: 'Per Specific Months',
      SpecificListPriceBase: 12,
      TriggerEvent: 'ServiceActivation',
      Taxable: true,
      TaxCode: 'SaaS',
      TaxMode: 'TaxExclusive',
      ProrationOption: 'TimeBasedProration',
      UseDiscountSpecificAccountingCode: false,
      ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 10 }, { Currency: 'EUR', Price: 9 }] },
    }),
  );
  const usage = ok(await c.post('/v1/object/product-rate-plan', { ProductId: productId, Name: 'Usage', ActiveCurrencies: ['USD', 'EUR'] }));
  const tiered = ok(
    await c.post('/v1/object/product-rate-plan-charge', {
      ProductRatePlanId: usage,
      Name: 'API calls',
      ChargeType: 'Usage',
      ChargeModel: 'Tiered Pricing',
      UOM: 'Call',
      BillCycleType: 'DefaultFromCustomer',
      BillingPeriod: 'Month',
      TriggerEvent: 'ContractEffective',
      RatingGroup: 'ByBillingPeriod',
      UseDiscountSpecificAccountingCode: false,
      ProductRatePlanChargeTierData: {
        ProductRatePlanChargeTier: [
          { Currency: 'USD', StartingUnit: 0, EndingUnit: 1000, Price: 0, PriceFormat: 'Flat Fee' },
          { Currency: 'USD', StartingUnit: 1001, EndingUnit: 10000, Price: 0.01, PriceFormat: 'Per Unit' },
          { Currency: 'USD', StartingUnit: 10001, Price: 0.005, PriceFormat: 'Per Unit' },
          { Currency: 'EUR', StartingUnit: 0, EndingUnit: 1000, Price: 0, PriceFormat: 'Flat Fee' },
          { Currency: 'EUR', StartingUnit: 1001, EndingUnit: 10000, Price: 0.009, PriceFormat: 'Per Unit' },
          { Currency: 'EUR', StartingUnit: 10001, Price: 0.0045, PriceFormat: 'Per Unit' },
        ],
      },
    }),
  );
  const volume = ok(
    await c.post('/v1/object/product-rate-plan-charge', {
      ProductRatePlanId: usage,
      Name: 'Storage',
      ChargeType: 'Usage',
      ChargeModel: 'Volume Pricing',
      UOM: 'GB',
      BillCycleType: 'DefaultFromCustomer',
      BillingPeriod: 'Month',
      TriggerEvent: 'ContractEffective',
      UseDiscountSpecificAccountingCode: false,
      ProductRatePlanChargeTierData: {
        ProductRatePlanChargeTier: [
          { Currency: 'USD', StartingUnit: 0, EndingUnit: 100, Price: 0.1, PriceFormat: 'Per Unit' },
          { Currency: 'USD', StartingUnit: 100, Price: 0.08, PriceFormat: 'Per Unit' },
          { Currency: 'EUR', StartingUnit: 0, EndingUnit: 100, Price: 0.09, PriceFormat: 'Per Unit' },
          { Currency: 'EUR', StartingUnit: 100, Price: 0.07, PriceFormat: 'Per Unit' },
        ],
      },
    }),
  );
  const promo = ok(await c.post('/v1/object/product-rate-plan', { ProductId: productId, Name: 'Launch promo', ActiveCurrencies: ['USD', 'EUR'] }));
  const discount = ok(
    await c.post('/v1/object/product-rate-plan-charge', {
      ProductRatePlanId: promo,
      Name: '20% off',
      ChargeType: 'Recurring',
      ChargeModel: 'Discount-Percentage',
      ApplyDiscountTo: 'RECURRING (2)',
      DiscountLevel: 'subscription',
      BillCycleType: 'DefaultFromCustomer',
      BillingPeriod: 'Month',
      EndDateCondition: 'FixedPeriod',
      UpToPeriods: 3,
      UpToPeriodsType: 'Months',
      TriggerEvent: 'ContractEffective',
      UseDiscountSpecificAccountingCode: false,
      ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ DiscountPercentage: 20 }] },
    }),
  );
  return { productId, basic, flat, seats, perSeat, usage, tiered, volume, promo, discount };
}

describe('object API → catalog API, field for field', () => {
  it('reads the catalog built through the object API back through the catalog API', async () => {
    const c = await t.newClient();
    const ids = await buildThroughObjectApi(c);

    const prod = await c.get(`/v1/catalog/products/${ids.productId}`);
    expect(prod.body).toMatchObject({
      success: true,
      id: ids.productId,
      name: 'Cloud Suite',
      sku: 'SKU-00000001',
      productNumber: 'PC-00000001',
      description: 'Hosted collaboration',
      category: 'Base Products',
      effectiveStartDate: '2024-01-01',
      effectiveEndDate: '2034-12-31',
      Region__c: 'EMEA',
    });
    expect(prod.body.productRatePlans).toMatch(new RegExp(`/v1/products/${ids.productId}/product-rate-plans$`));
    // by SKU as well
    expect((await c.get('/v1/catalog/products/SKU-00000001')).body.id).toBe(ids.productId);

    const plans = await c.get(`/v1/products/SKU-00000001/product-rate-plans`);
    expect(plans.body.success).toBe(true);
    const byName = Object.fromEntries(plans.body.productRatePlans.map((p: any) => [p.name, p]));
    expect(Object.keys(byName)).toEqual(['Monthly Basic', 'Per Seat', 'Usage', 'Launch promo']);

    expect(byName['Monthly Basic']).toMatchObject({
      id: ids.basic,
      status: 'Active',
      description: 'Flat monthly plan',
      effectiveStartDate: '2024-01-01',
      effectiveEndDate: '2030-12-31',
      grade: 1,
      productRatePlanNumber: 'PRP-00000001',
    });
    const flat = byName['Monthly Basic'].productRatePlanCharges[0];
    expect(flat).toMatchObject({
      id: ids.flat,
      name: 'Platform fee',
      type: 'Recurring',
      model: 'FlatFee',
      billingDay: 'DefaultFromCustomer',
      billingPeriod: 'Month',
      billingPeriodAlignment: 'AlignToCharge',
      billingTiming: 'IN_ADVANCE',
      endDateCondition: 'Subscription_End',
      listPriceBase: 'Per_Billing_Period',
      triggerEvent: 'ContractEffective',
      taxable: false,
      productRatePlanChargeNumber: 'PRPC-00000001',
      pricingSummary: ['USD49', 'EUR45.5'],
      pricing: [
        { currency: 'USD', price: 49, tiers: null, includedUnits: null, overagePrice: null, discountPercentage: null, discountAmount: null },
        { currency: 'EUR', price: 45.5, tiers: null, includedUnits: null, overagePrice: null, discountPercentage: null, discountAmount: null },
      ],
      productDiscountApplyDetails: [],
      useDiscountSpecificAccountingCode: false,
    });
    expect(flat.financeInformation).toMatchObject({ deferredRevenueAccountingCode: null, recognizedRevenueAccountingCode: null });

    const seat = byName['Per Seat'].productRatePlanCharges[0];
    expect(seat).toMatchObject({
      id: ids.perSeat,
      model: 'PerUnit',
      uom: 'Seat',
      defaultQuantity: 5,
      billingDay: 'SpecificDayofMonth(15)',
      billingPeriod: 'Specific_Months',
      specificBillingPeriod: 2,
      billingTiming: 'IN_ARREARS',
      listPriceBase: 'Per_Specific_Months',
      specificListPriceBase: 12,
      triggerEvent: 'ServiceActivation',
      taxable: true,
      taxCode: 'SaaS',
      taxMode: 'TaxExclusive',
      prorationOption: 'TimeBasedProration',
      pricingSummary: ['USD10/Seat', 'EUR9/Seat'],
      pricing: [
        { currency: 'USD', price: 10, tiers: null },
        { currency: 'EUR', price: 9, tiers: null },
      ],
    });

    const [tiered, volume] = byName.Usage.productRatePlanCharges;
    expect(tiered).toMatchObject({
      id: ids.tiered,
      type: 'Usage',
      model: 'Tiered',
      uom: 'Call',
      billingTiming: 'IN_ARREARS',
      ratingGroup: 'ByBillingPeriod',
      defaultQuantity: 0,
      pricing: [
        {
          currency: 'USD',
          price: null,
          tiers: [
            { tier: 1, startingUnit: 0, endingUnit: 1000, price: 0, priceFormat: 'FlatFee' },
            { tier: 2, startingUnit: 1001, endingUnit: 10000, price: 0.01, priceFormat: 'PerUnit' },
            { tier: 3, startingUnit: 10001, endingUnit: null, price: 0.005, priceFormat: 'PerUnit' },
          ],
        },
        {
          currency: 'EUR',
          tiers: [
            { tier: 1, startingUnit: 0, endingUnit: 1000, price: 0, priceFormat: 'FlatFee' },
            { tier: 2, startingUnit: 1001, endingUnit: 10000, price: 0.009, priceFormat: 'PerUnit' },
            { tier: 3, startingUnit: 10001, endingUnit: null, price: 0.0045, priceFormat: 'PerUnit' },
          ],
        },
      ],
    });
    expect(tiered.pricingSummary[0]).toBe('0 to 1000 Call: USD0 flat fee; 1001 to 10000 Call: USD0.01/Call; 10001 Call or more: USD0.005/Call');
    expect(volume).toMatchObject({
      id: ids.volume,
      model: 'Volume',
      uom: 'GB',
      pricing: [
        { currency: 'USD', tiers: [{ tier: 1, startingUnit: 0, endingUnit: 100, price: 0.1, priceFormat: 'PerUnit' }, { tier: 2, startingUnit: 100, endingUnit: null, price: 0.08, priceFormat: 'PerUnit' }] },
        { currency: 'EUR', tiers: [{ tier: 1, startingUnit: 0, endingUnit: 100, price: 0.09 }, { tier: 2, startingUnit: 100, endingUnit: null, price: 0.07 }] },
      ],
    });

    const disc = byName['Launch promo'].productRatePlanCharges[0];
    expect(disc).toMatchObject({
      id: ids.discount,
      model: 'DiscountPercentage',
      applyDiscountTo: 'RECURRING',
      discountLevel: 'subscription',
      endDateCondition: 'Fixed_Period',
      upToPeriods: 3,
      upToPeriodsType: 'Months',
      pricingSummary: ['20% discount', '20% discount'],
      pricing: [
        { currency: 'USD', price: null, discountPercentage: 20, discountAmount: null, tiers: null },
        { currency: 'EUR', price: null, discountPercentage: 20, discountAmount: null, tiers: null },
      ],
    });

    // a single charge by number, and a rate plan by id and by external id
    const one = await c.get('/v1/product-rate-plan-charges/PRPC-00000003');
    expect(one.body).toMatchObject({ success: true, id: ids.tiered, name: 'API calls' });
    expect(one.body.pricing).toEqual(tiered.pricing);
    const plan = await c.get(`/v1/product-rate-plans/${ids.basic}`);
    expect(plan.body).toMatchObject({
      success: true,
      id: ids.basic,
      name: 'Monthly Basic',
      status: 'Active',
      grade: 1,
      productRatePlanNumber: 'PRP-00000001',
      externalIdSourceSystem: 'apple',
      externallyManagedPlanIds: ['apple-basic-1', 'apple-basic-2'],
    });
    const ext = await c.get('/v1/product-rate-plans/external-id/apple-basic-2');
    expect(ext.body.productRatePlans.map((p: any) => p.id)).toEqual([ids.basic]);
  });

  it('reads every object back through the object API with the fields it was created with', async () => {
    const c = await t.newClient();
    const ids = await buildThroughObjectApi(c);
    const prod = await c.get(`/v1/object/product/${ids.productId}`);
    expect(prod.status).toBe(200);
    expect(prod.body).toMatchObject({
      Id: ids.productId,
      Name: 'Cloud Suite',
      SKU: 'SKU-00000001',
      Description: 'Hosted collaboration',
      Category: 'Base Products',
      EffectiveStartDate: '2024-01-01',
      EffectiveEndDate: '2034-12-31',
      Region__c: 'EMEA',
    });
    expect(prod.body.CreatedDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    const plan = await c.get(`/v1/object/product-rate-plan/${ids.basic}`);
    expect(plan.body).toMatchObject({ Id: ids.basic, Name: 'Monthly Basic', ProductId: ids.productId, ActiveCurrencies: ['USD', 'EUR'], Grade: 1, EffectiveEndDate: '2030-12-31' });
    const seat = await c.get(`/v1/object/product-rate-plan-charge/${ids.perSeat}`);
    expect(seat.body).toMatchObject({
      Id: ids.perSeat,
      ProductRatePlanId: ids.seats,
      Name: 'Seats',
      ChargeType: 'Recurring',
      ChargeModel: 'Per Unit Pricing',
      UOM: 'Seat',
      DefaultQuantity: 5,
      BillCycleType: 'SpecificDayofMonth',
      BillCycleDay: 15,
      BillingPeriod: 'Specific Months',
      SpecificBillingPeriod: 2,
      BillingTiming: 'In Arrears',
      ListPriceBase: 'Per Specific Months',
      SpecificListPriceBase: 12,
      TriggerEvent: 'ServiceActivation',
      EndDateCondition: 'SubscriptionEnd',
      Taxable: true,
      TaxCode: 'SaaS',
      TaxMode: 'TaxExclusive',
      ProrationOption: 'TimeBasedProration',
      UseDiscountSpecificAccountingCode: false,
    });
    const tiers = (await c.get(`/v1/object/product-rate-plan-charge/${ids.tiered}`)).body.ProductRatePlanChargeTierData.ProductRatePlanChargeTier;
    expect(tiers).toHaveLength(6);
    const eur2 = tiers.find((x: any) => x.Currency === 'EUR' && x.Tier === 2);
    const tier = await c.get(`/v1/object/product-rate-plan-charge-tier/${eur2.Id}`);
    expect(tier.body).toMatchObject({ Id: eur2.Id, Currency: 'EUR', Tier: 2, StartingUnit: 1001, EndingUnit: 10000, Price: 0.009, PriceFormat: 'Per Unit' });

    // update a tier: the catalog API sees the new price, the other tiers stay
    const up = await c.put(`/v1/object/product-rate-plan-charge-tier/${eur2.Id}`, { Price: 0.0085 });
    expect(up.body).toEqual({ Success: true, Id: eur2.Id });
    const after = await c.get(`/v1/product-rate-plan-charges/${ids.tiered}`);
    expect(after.body.pricing[1].tiers.map((x: any) => x.price)).toEqual([0, 0.0085, 0.0045]);
    expect(after.body.pricing[0].tiers.map((x: any) => x.price)).toEqual([0, 0.01, 0.005]);
    expect((await c.get(`/v1/object/product-rate-plan-charge-tier/${eur2.Id}`)).body.Price).toBe(0.0085);
  });

  it('updates through the object API and the catalog API follows', async () => {
    const c = await t.newClient();
    const ids = await buildThroughObjectApi(c);
    expect((await c.put(`/v1/object/product/${ids.productId}`, { Description: 'New text', Region__c: 'APAC' })).body).toEqual({ Success: true, Id: ids.productId });
    expect(await c.put(`/v1/object/product-rate-plan/${ids.basic}`, { Name: 'Monthly Basic v2', Grade: 3 })).toMatchObject({ body: { Success: true } });
    const r = await c.put(`/v1/object/product-rate-plan-charge/${ids.flat}`, {
      BillingPeriod: 'Quarter',
      ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'EUR', Price: 130 }] },
    });
    expect(r.body).toEqual({ Success: true, Id: ids.flat });
    const prod = await c.get(`/v1/catalog/products/${ids.productId}`);
    expect(prod.body).toMatchObject({ description: 'New text', Region__c: 'APAC' });
    const plan = (await c.get(`/v1/products/${ids.productId}/product-rate-plans`)).body.productRatePlans[0];
    expect(plan).toMatchObject({ name: 'Monthly Basic v2', grade: 3 });
    expect(plan.productRatePlanCharges[0]).toMatchObject({ billingPeriod: 'Quarter', pricing: [{ currency: 'USD', price: 49 }, { currency: 'EUR', price: 130 }] });
    // the most recently changed product comes first in the catalog list
  });

  it('pages the catalog, newest change first, with nextPage', async () => {
    const c = await t.newClient();
    for (const n of ['A', 'B', 'C']) await c.post('/v1/object/product', { Name: n, EffectiveStartDate: '2024-01-01', EffectiveEndDate: '2030-01-01' });
    const p1 = await c.get('/v1/catalog/products?pageSize=2');
    expect(p1.body.products.map((p: any) => p.name)).toEqual(['C', 'B']);
    expect(p1.body.nextPage).toBe('/v1/catalog/products?page=2&pageSize=2');
    const p2 = await c.get('/v1/catalog/products?pageSize=2&page=2');
    expect(p2.body.products.map((p: any) => p.name)).toEqual(['A']);
    expect(p2.body.nextPage).toBeUndefined();
    const tooBig = await c.get('/v1/catalog/products?pageSize=41');
    expect(tooBig.body.success).toBe(false);
  });

  it('sets Zuora Revenue accounting codes and shows them in financeInformation', async () => {
    const c = await t.newClient();
    const ids = await buildThroughObjectApi(c);
    const body = {
      productRatePlanChargeId: ids.flat,
      adjustmentLiabilityAccount: 'adjustL-1',
      adjustmentRevenueAccount: 'adjustRev-1',
      contractAssetAccount: 'CA-2',
      contractLiabilityAccount: 'CL-2',
      recognizedRevenueAccount: 'ContractRevRec-1',
      unbilledReceivablesAccount: 'unbilledR-1',
    };
    expect((await c.put('/v1/revpro-accounting-codes', body)).body).toEqual({ success: true });
    const ch = await c.get(`/v1/product-rate-plan-charges/${ids.flat}`);
    expect(ch.body.financeInformation).toMatchObject({
      adjustmentLiabilityAccountingCode: 'adjustL-1',
      adjustmentRevenueAccountingCode: 'adjustRev-1',
      contractAssetAccountingCode: 'CA-2',
      contractLiabilityAccountingCode: 'CL-2',
      contractRecognizedRevenueAccountingCode: 'ContractRevRec-1',
      unbilledReceivablesAccountingCode: 'unbilledR-1',
    });
    const missing = await c.put('/v1/revpro-accounting-codes', { ...body, contractAssetAccount: undefined }, { 'Zuora-Version': '2024-05-20' });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toMatch(/contractAssetAccount/);
    const unknown = await c.put('/v1/revpro-accounting-codes', { ...body, productRatePlanChargeId: 'nope' });
    expect(unknown.body.success).toBe(false);
    expect(unknown.body.reasons[0].message).toMatch(/productRatePlanChargeId/);
  });
});

describe('object API errors name the field and change nothing', () => {
  async function plan(c: Client, currencies = ['USD', 'EUR']) {
    const p = (await c.post('/v1/object/product', { Name: 'P', EffectiveStartDate: '2024-01-01', EffectiveEndDate: '2030-01-01' })).body.Id;
    return (await c.post('/v1/object/product-rate-plan', { ProductId: p, Name: 'Plan', ActiveCurrencies: currencies })).body.Id as string;
  }
  const base = (planId: string) => ({
    ProductRatePlanId: planId,
    Name: 'Usage',
    ChargeType: 'Usage',
    ChargeModel: 'Tiered Pricing',
    UOM: 'Call',
    BillCycleType: 'DefaultFromCustomer',
    BillingPeriod: 'Month',
    TriggerEvent: 'ContractEffective',
  });
  const tiers = (cur: string, ...t: [number, number | null, number][]) => t.map(([s, e, p]) => ({ Currency: cur, StartingUnit: s, EndingUnit: e ?? undefined, Price: p }));

  it('refuses tiers with a gap, naming StartingUnit, in the object API error form', async () => {
    const c = await t.newClient();
    const planId = await plan(c, ['USD']);
    const r = await c.post('/v1/object/product-rate-plan-charge', { ...base(planId), ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: tiers('USD', [0, 100, 1], [150, null, 0.5]) } });
    expect(r.status).toBe(400);
    expect(r.body.Success).toBe(false);
    expect(r.body.Errors[0].Code).toBe('INVALID_VALUE');
    expect(r.body.Errors[0].Message).toMatch(/StartingUnit of tier 2 \(USD\) leaves a gap/);
    expect((await c.get(`/v1/object/product-rate-plan/${planId}`)).status).toBe(200);
    expect((await c.get(`/v1/product-rate-plans/${planId}`)).body.success).toBe(true);
    const listed = (await c.get(`/v1/products/${(await c.get(`/v1/object/product-rate-plan/${planId}`)).body.ProductId}/product-rate-plans`)).body;
    expect(listed.productRatePlans[0].productRatePlanCharges).toEqual([]);
  });

  it('accepts tiers with decimal boundaries (0 - 5, 5.01 - 7, 7.1 and up) and keeps them exactly', async () => {
    const c = await t.newClient();
    const planId = await plan(c, ['USD']);
    const r = await c.post('/v1/object/product-rate-plan-charge', {
      ...base(planId),
      ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [...tiers('USD', [0, 5, 1]), { Currency: 'USD', StartingUnit: 5.01, EndingUnit: 7, Price: 0.9 }, { Currency: 'USD', StartingUnit: 7.1, Price: 0.8 }] },
    });
    expect(r.body, JSON.stringify(r.body)).toMatchObject({ Success: true });
    const got = (await c.get(`/v1/product-rate-plan-charges/${r.body.Id}`)).body;
    expect(got.pricing[0].tiers.map((x: any) => [x.startingUnit, x.endingUnit])).toEqual([[0, 5], [5.01, 7], [7.1, null]]);
    const gap = await c.post('/v1/object/product-rate-plan-charge', {
      ...base(planId),
      ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [...tiers('USD', [0, 10, 1]), { Currency: 'USD', StartingUnit: 10.5, Price: 0.9 }] },
    });
    expect(gap.body.Errors[0]).toEqual({ Code: 'INVALID_VALUE', Message: expect.stringMatching(/^StartingUnit of tier 2 \(USD\) leaves a gap after the previous tier, which ends at 10/) });
  });

  it('tiered with overage without IncludedUnits is accepted', async () => {
    const c = await t.newClient();
    const planId = await plan(c, ['USD']);
    const r = await c.post('/v1/object/product-rate-plan-charge', {
      ...base(planId),
      ChargeModel: 'Tiered with Overage Pricing',
      ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [...tiers('USD', [0, 100, 0], [101, 500, 0.04]), { Currency: 'USD', Price: 0.03, IsOveragePrice: true }] },
    });
    expect(r.body, JSON.stringify(r.body)).toMatchObject({ Success: true });
  });

  it('refuses an unknown charge model naming ChargeModel, before the rules that depend on the model', async () => {
    const c = await t.newClient();
    const planId = await plan(c, ['USD']);
    // tiers with a gap and no UOM: the model is still what is reported
    for (const body of [
      { ...base(planId), ChargeModel: 'Tiered Pricin', UOM: undefined, ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: tiers('USD', [0, 100, 1], [150, null, 0.5]) } },
      { ...base(planId), ChargeModel: 'Bogus', IncludedUnits: 'many', ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 1 }] } },
      { ...base(planId), ChargeModel: 7, ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 1 }] } },
    ]) {
      const r = await c.post('/v1/object/product-rate-plan-charge', body);
      expect(r.body.Success).toBe(false);
      expect(r.body.Errors[0], JSON.stringify(r.body)).toEqual({ Code: 'INVALID_VALUE', Message: expect.stringMatching(/^'ChargeModel' value should be one of: Discount-Fixed Amount, /) });
    }
    const pid = (await c.get(`/v1/object/product-rate-plan/${planId}`)).body.ProductId;
    expect((await c.get(`/v1/products/${pid}/product-rate-plans`)).body.productRatePlans[0].productRatePlanCharges).toEqual([]);
  });

  it('refuses a charge missing a price in an active currency', async () => {
    const c = await t.newClient();
    const planId = await plan(c);
    const r = await c.post('/v1/object/product-rate-plan-charge', { ...base(planId), ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: tiers('USD', [0, null, 1]) } });
    expect(r.body.Errors[0]).toEqual({ Code: 'MISSING_REQUIRED_VALUE', Message: expect.stringMatching(/A price in EUR is required/) });
  });

  it('refuses fields that contradict the model: UOM, SpecificBillingPeriod, Overage on a recurring charge, bad enums', async () => {
    const c = await t.newClient();
    const planId = await plan(c, ['USD']);
    const td = { ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: tiers('USD', [0, null, 1]) } };
    const noUom = await c.post('/v1/object/product-rate-plan-charge', { ...base(planId), UOM: undefined, ...td });
    expect(noUom.body.Errors[0]).toEqual({ Code: 'MISSING_REQUIRED_VALUE', Message: expect.stringMatching(/^UOM is required/) });
    const spec = await c.post('/v1/object/product-rate-plan-charge', { ...base(planId), BillingPeriod: 'Specific Months', ...td });
    expect(spec.body.Errors[0].Message).toMatch(/SpecificBillingPeriod is required when BillingPeriod is 'Specific Months'/);
    const over = await c.post('/v1/object/product-rate-plan-charge', {
      ...base(planId),
      ChargeType: 'Recurring',
      ChargeModel: 'Overage Pricing',
      IncludedUnits: 10,
      ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 1 }] },
    });
    expect(over.body.Errors[0]).toEqual({ Code: 'INVALID_VALUE', Message: expect.stringMatching(/ChargeModel 'Overage Pricing' is only allowed for Usage/) });
    const badEnum = await c.post('/v1/object/product-rate-plan-charge', { ...base(planId), BillingPeriod: 'Fortnight', ...td });
    expect(badEnum.body.Errors[0].Message).toMatch(/^'BillingPeriod' value should be one of: Month, /);
    const noTiers = await c.post('/v1/object/product-rate-plan-charge', base(planId));
    expect(noTiers.body.Errors[0]).toEqual({ Code: 'MISSING_REQUIRED_VALUE', Message: 'ProductRatePlanChargeTierData is required' });
    const noName = await c.post('/v1/object/product-rate-plan-charge', { ...base(planId), Name: undefined, ...td });
    expect(noName.body.Errors[0]).toEqual({ Code: 'MISSING_REQUIRED_VALUE', Message: 'Name is required' });
    // nothing was created
    const pid = (await c.get(`/v1/object/product-rate-plan/${planId}`)).body.ProductId;
    expect((await c.get(`/v1/products/${pid}/product-rate-plans`)).body.productRatePlans[0].productRatePlanCharges).toEqual([]);
  });

  it('refuses a product without its required dates, and an unknown id with 404', async () => {
    const c = await t.newClient();
    const r = await c.post('/v1/object/product', { Name: 'X', EffectiveStartDate: '2024-01-01' });
    expect(r.body.Success).toBe(false);
    expect(r.body.Errors[0].Message).toMatch(/EffectiveEndDate/);
    const bad = await c.post('/v1/object/product', { Name: 'X', EffectiveStartDate: '2024-02-30', EffectiveEndDate: '2025-01-01' });
    expect(bad.body.Errors[0].Message).toMatch(/EffectiveStartDate must be a date/);
    const order = await c.post('/v1/object/product', { Name: 'X', EffectiveStartDate: '2025-01-01', EffectiveEndDate: '2024-01-01' });
    expect(order.body.Errors[0].Message).toMatch(/EffectiveEndDate must not be before EffectiveStartDate/);
    expect((await c.get('/v1/catalog/products')).body.products).toEqual([]);
    const nf = await c.get('/v1/object/product/00000000000000000000000000000000');
    expect(nf.status).toBe(404);
    expect(nf.body.Errors[0].Code).toBe('INVALID_ID');
    const nf2 = await c.get('/v1/catalog/products/nope', { 'Zuora-Version': '2024-05-20' });
    expect(nf2.status).toBe(404);
  });

  it('refuses names longer than Zuora allows, on create and update', async () => {
    const c = await t.newClient();
    const long = await c.post('/v1/object/product', { Name: 'x'.repeat(256), EffectiveStartDate: '2024-01-01', EffectiveEndDate: '2025-01-01' });
    expect(long.body.Errors[0]).toEqual({ Code: 'INVALID_VALUE', Message: 'Name must be at most 255 characters' });
    const id = (await c.post('/v1/object/product', { Name: 'ok', EffectiveStartDate: '2024-01-01', EffectiveEndDate: '2025-01-01' })).body.Id;
    const cat = await c.put(`/v1/object/product/${id}`, { Category: 'c'.repeat(101) });
    expect(cat.body.Errors[0].Message).toBe('Category must be at most 100 characters');
    const plan = await c.post('/v1/object/product-rate-plan', { ProductId: id, Name: 'p'.repeat(256) });
    expect(plan.body.Errors[0].Message).toBe('Name must be at most 255 characters');
  });

  it('refuses a duplicate SKU', async () => {
    const c = await t.newClient();
    await c.post('/v1/object/product', { Name: 'X', SKU: 'GOLD', EffectiveStartDate: '2024-01-01', EffectiveEndDate: '2025-01-01' });
    const dup = await c.post('/v1/object/product', { Name: 'Y', SKU: 'GOLD', EffectiveStartDate: '2024-01-01', EffectiveEndDate: '2025-01-01' });
    expect(dup.body.Errors[0].Message).toMatch(/SKU 'GOLD' is already used/);
  });
});

describe('deleting what a subscription uses', () => {
  it('refuses the delete with a rule error when a usage guard answers, deletes once it does not', async () => {
    const c = await t.newClient();
    const ids = await buildThroughObjectApi(c);
    const guard: CatalogUsageGuard = async (_ctx, kind, id) => (kind === 'charge' && id === ids.perSeat ? 'used by subscription A-S00000007' : null);
    catalogUsageGuards.push(guard);
    try {
      const r = await c.del(`/v1/object/product-rate-plan/${ids.seats}`);
      expect(r.status).toBe(400);
      expect(r.body.Success).toBe(false);
      expect(r.body.Errors[0].Message).toMatch(/A-S00000007/);
      const p = await c.del(`/v1/object/product/${ids.productId}`);
      expect(p.body.Success).toBe(false);
      expect((await c.get(`/v1/object/product-rate-plan-charge/${ids.perSeat}`)).status).toBe(200);
      expect((await c.get(`/v1/object/product-rate-plan-charge/${ids.flat}`)).status).toBe(200);
      // another charge is free to go
      expect((await c.del(`/v1/object/product-rate-plan-charge/${ids.flat}`)).body).toEqual({ id: ids.flat, success: true });
    } finally {
      catalogUsageGuards.splice(catalogUsageGuards.indexOf(guard), 1);
    }
    expect((await c.del(`/v1/object/product-rate-plan/${ids.seats}`)).body).toEqual({ id: ids.seats, success: true });
    expect((await c.get(`/v1/object/product-rate-plan-charge/${ids.perSeat}`)).status).toBe(404);
    expect((await c.del(`/v1/object/product/${ids.productId}`)).body).toEqual({ id: ids.productId, success: true });
    expect((await c.get(`/v1/catalog/products/${ids.productId}`)).body.success).toBe(false);
    expect((await c.get(`/v1/object/product-rate-plan-charge/${ids.tiered}`)).status).toBe(404);
  });
});
