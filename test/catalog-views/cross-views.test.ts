/**
 * One catalog, four views: what the Commerce API builds reads back field for
 * field through the catalog API and the object API, and what the object API
 * builds reads back through the Commerce API.
 */
import { describe, expect, it } from 'vitest';
import { setupApp, type Client } from '../helpers.js';
import { realisticProduct } from './fixtures.js';

const t = await setupApp();

const TYPE: Record<string, string> = { one_time: 'OneTime', recurring: 'Recurring', usage: 'Usage' };
const MODEL: Record<string, [string, string]> = {
  flat_fee: ['FlatFee', 'Flat Fee Pricing'],
  per_unit: ['PerUnit', 'Per Unit Pricing'],
  tiered: ['Tiered', 'Tiered Pricing'],
  volume: ['Volume', 'Volume Pricing'],
  discount_percentage: ['DiscountPercentage', 'Discount-Percentage'],
};
const BILL_DAY = (b: any) => (b.type === 'specific_day_of_month' ? `SpecificDayofMonth(${b.dayOfMonth})` : b.type === 'default_from_customer' ? 'DefaultFromCustomer' : b.type);
const BCT: Record<string, string> = { specific_day_of_month: 'SpecificDayofMonth', default_from_customer: 'DefaultFromCustomer' };

/** What the catalog API must show for a Commerce charge. */
function expectedCatalogCharge(cc: any, currencies: string[]) {
  const tiered = cc.chargeModel === 'tiered' || cc.chargeModel === 'volume';
  return {
    id: cc.id,
    name: cc.name,
    type: TYPE[cc.chargeType],
    model: MODEL[cc.chargeModel]![0],
    uom: cc.unitOfMeasure,
    productRatePlanChargeNumber: cc.productRatePlanChargeNumber,
    pricingSummary: cc.pricingSummary,
    description: cc.description || null,
    billingPeriod: 'Month',
    billingPeriodAlignment: 'AlignToCharge',
    billingDay: BILL_DAY(cc.billCycle),
    listPriceBase: cc.chargeType === 'usage' ? null : cc.listPriceBase,
    triggerEvent: 'ContractEffective',
    endDateCondition: 'Subscription_End',
    defaultQuantity: cc.defaultQuantity ?? (tiered ? 0 : null),
    ...(cc.chargeModel === 'discount_percentage' ? { applyDiscountTo: 'RECURRINGUSAGE', discountLevel: 'rateplan' } : {}),
    pricing: currencies.map((cur) => ({
      currency: cur,
      price: cc.pricing.flatAmounts[cur] ?? cc.pricing.unitAmounts[cur] ?? null,
      discountPercentage: cc.pricing.discountPercentages[cur] ?? null,
      tiers: tiered
        ? cc.pricing.tiers.map((x: any) => ({
            tier: Number(x.tier),
            startingUnit: x.from,
            endingUnit: x.upTo,
            price: x.priceFormat === 'price_format_flat_fee' ? x.flatAmounts[cur] : x.unitAmounts[cur],
            priceFormat: x.priceFormat === 'price_format_flat_fee' ? 'FlatFee' : 'PerUnit',
          }))
        : null,
    })),
  };
}

/** What the object API must show for a Commerce charge (tiers by currency, then tier). */
function expectedObjectCharge(cc: any, currencies: string[]) {
  const tiered = cc.chargeModel === 'tiered' || cc.chargeModel === 'volume';
  const tiers: any[] = [];
  for (const cur of [...currencies].sort())
    if (tiered)
      for (const x of cc.pricing.tiers)
        tiers.push({
          Currency: cur,
          Tier: Number(x.tier),
          StartingUnit: x.from,
          ...(x.upTo === null ? {} : { EndingUnit: x.upTo }),
          Price: x.priceFormat === 'price_format_flat_fee' ? x.flatAmounts[cur] : x.unitAmounts[cur],
          PriceFormat: x.priceFormat === 'price_format_flat_fee' ? 'Flat Fee' : 'Per Unit',
        });
    else if (cc.chargeModel === 'discount_percentage') tiers.push({ Currency: cur, DiscountPercentage: cc.pricing.discountPercentages[cur] });
    else tiers.push({ Currency: cur, Price: cc.pricing.flatAmounts[cur] ?? cc.pricing.unitAmounts[cur] });
  return {
    Id: cc.id,
    Name: cc.name,
    ProductRatePlanId: cc.productRatePlanId,
    ProductRatePlanChargeNumber: cc.productRatePlanChargeNumber,
    ChargeType: TYPE[cc.chargeType],
    ChargeModel: MODEL[cc.chargeModel]![1],
    BillingPeriod: 'Month',
    BillingPeriodAlignment: 'AlignToCharge',
    BillCycleType: BCT[cc.billCycle.type],
    ...(cc.billCycle.dayOfMonth ? { BillCycleDay: cc.billCycle.dayOfMonth } : {}),
    TriggerEvent: 'ContractEffective',
    EndDateCondition: 'SubscriptionEnd',
    ...(cc.unitOfMeasure ? { UOM: cc.unitOfMeasure } : {}),
    ...(cc.defaultQuantity !== null ? { DefaultQuantity: cc.defaultQuantity } : {}),
    ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: tiers.map((x) => expect.objectContaining(x)) },
  };
}

describe('Commerce → catalog API and object API', () => {
  it('reads the realistic catalog back field for field, tiers and both currencies included', async () => {
    const c = await t.newClient();
    const built = await c.post('/commerce/products', realisticProduct());
    expect(built.status, JSON.stringify(built.body)).toBe(200);
    const p = built.body;

    const cat = await c.get(`/v1/catalog/products/${p.id}`);
    expect(cat.status).toBe(200);
    expect(cat.body).toMatchObject({ id: p.id, sku: p.sku, name: 'Cloud Suite', category: 'Base Products', effectiveStartDate: '2024-01-01', effectiveEndDate: '2049-12-31', productNumber: p.productNumber });
    const catPlans = (await c.get(`/v1/products/${p.sku}/product-rate-plans`)).body.productRatePlans;
    expect(catPlans.map((x: any) => x.id)).toEqual(p.plans.map((x: any) => x.id));

    const obj = (await c.get(`/v1/object/product/${p.id}`)).body;
    expect(obj).toMatchObject({ Id: p.id, Name: 'Cloud Suite', SKU: p.sku, ProductNumber: p.productNumber, Category: 'Base Products', EffectiveStartDate: '2024-01-01', EffectiveEndDate: '2049-12-31' });

    // the create-product schema has no unitOfMeasure or defaultQuantity on a charge; the plan list's has both
    const listed = (await c.post('/commerce/plans/list', { filters: [{ field: 'product_id', operator: 'EQ', value: p.id }], expand: { product_rate_plan_charges: true } })).body.values;
    const listedCharge = (id: string) => listed.flatMap((x: any) => x.productRatePlanCharges).find((x: any) => x.id === id);
    let compared = 0;
    for (const plan of p.plans) {
      const cp = catPlans.find((x: any) => x.id === plan.id);
      expect(cp).toMatchObject({ name: plan.name, status: 'Active', effectiveStartDate: plan.startDate, effectiveEndDate: plan.endDate, productRatePlanNumber: plan.productRatePlanNumber });
      const op = (await c.get(`/v1/object/product-rate-plan/${plan.id}`)).body;
      expect(op).toMatchObject({ Id: plan.id, Name: plan.name, ProductId: p.id, ProductRatePlanNumber: plan.productRatePlanNumber, ActiveCurrencies: ['USD', 'EUR'], EffectiveStartDate: plan.startDate });
      expect(cp.productRatePlanCharges).toHaveLength(plan.productRatePlanCharges.length);
      for (const created of plan.productRatePlanCharges) {
        const { unitOfMeasure, defaultQuantity } = listedCharge(created.id);
        const cc = { ...created, unitOfMeasure, defaultQuantity };
        const catCharge = cp.productRatePlanCharges.find((x: any) => x.id === cc.id);
        expect(catCharge, cc.name).toMatchObject(expectedCatalogCharge(cc, plan.activeCurrencies));
        const objCharge = (await c.get(`/v1/object/product-rate-plan-charge/${cc.id}`)).body;
        expect(objCharge, cc.name).toMatchObject(expectedObjectCharge(cc, plan.activeCurrencies));
        expect(objCharge.ProductRatePlanChargeTierData.ProductRatePlanChargeTier).toHaveLength(expectedObjectCharge(cc, plan.activeCurrencies).ProductRatePlanChargeTierData.ProductRatePlanChargeTier.length);
        compared++;
      }
    }
    expect(compared).toBe(5);
  });

  it('sees a Commerce update through the other views at once', async () => {
    const c = await t.newClient();
    const p = (await c.post('/commerce/products', realisticProduct())).body;
    const usage = p.plans.find((x: any) => x.name === 'Usage');
    const volume = usage.productRatePlanCharges[1];
    const u = await c.put('/commerce/charges', {
      charge: {
        id: volume.id,
        pricing: {
          tiers: [
            { tier: '1', from: 0, up_to: 50, price_format: 'price_format_per_unit', unit_amounts: { USD: 3, EUR: 2.7 } },
            { tier: '2', from: 50, up_to: null, price_format: 'price_format_per_unit', unit_amounts: { USD: 2.5, EUR: 2.25 } },
          ],
        },
      },
    });
    expect(u.status, JSON.stringify(u.body)).toBe(200);
    const cat = (await c.get(`/v1/product-rate-plan-charges/${volume.id}`)).body;
    expect(cat.pricing.find((x: any) => x.currency === 'EUR').tiers).toEqual([
      { tier: 1, startingUnit: 0, endingUnit: 50, price: 2.7, priceFormat: 'PerUnit' },
      { tier: 2, startingUnit: 50, endingUnit: null, price: 2.25, priceFormat: 'PerUnit' },
    ]);
    const obj = (await c.get(`/v1/object/product-rate-plan-charge/${volume.id}`)).body;
    expect(obj.ProductRatePlanChargeTierData.ProductRatePlanChargeTier.filter((x: any) => x.Currency === 'USD').map((x: any) => x.Price)).toEqual([3, 2.5]);
  });
});

async function objectCatalog(c: Client) {
  const ok = (r: any) => {
    expect(r.body.Success, JSON.stringify(r.body)).toBe(true);
    return r.body.Id as string;
  };
  const product = ok(await c.post('/v1/object/product', { Name: 'Object Suite', SKU: 'OBJ-1', Category: 'Add On Services', EffectiveStartDate: '2024-01-01', EffectiveEndDate: '2040-12-31' }));
  const planOf = async (Name: string) => ok(await c.post('/v1/object/product-rate-plan', { Name, ProductId: product, EffectiveStartDate: '2024-01-01', EffectiveEndDate: '2040-12-31', ActiveCurrencies: ['USD', 'EUR'] }));
  const flat = await planOf('Flat');
  const seat = await planOf('Seat');
  const usage = await planOf('Usage');
  const promo = await planOf('Promo');
  const charge = async (b: Record<string, unknown>) => ok(await c.post('/v1/object/product-rate-plan-charge', { TriggerEvent: 'ContractEffective', BillingPeriod: 'Month', BillCycleType: 'DefaultFromCustomer', ...b }));
  const fee = await charge({ ProductRatePlanId: flat, Name: 'Fee', ChargeType: 'Recurring', ChargeModel: 'Flat Fee Pricing', BillCycleType: 'SpecificDayofMonth', BillCycleDay: 10, ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 49 }, { Currency: 'EUR', Price: 45.5 }] } });
  const seats = await charge({ ProductRatePlanId: seat, Name: 'Seats', ChargeType: 'Recurring', ChargeModel: 'Per Unit Pricing', UOM: 'Each', DefaultQuantity: 3, BillingTiming: 'In Arrears', ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 12 }, { Currency: 'EUR', Price: 11 }] } });
  const tiers = (model: string, name: string, rows: [number, number | null, number, number, string][]) =>
    charge({
      ProductRatePlanId: usage,
      Name: name,
      ChargeType: 'Usage',
      ChargeModel: model,
      UOM: 'Each',
      ProductRatePlanChargeTierData: {
        ProductRatePlanChargeTier: rows.flatMap(([s, e, usd, eur, f], i) => [
          { Currency: 'USD', Tier: i + 1, StartingUnit: s, ...(e === null ? {} : { EndingUnit: e }), Price: usd, PriceFormat: f },
          { Currency: 'EUR', Tier: i + 1, StartingUnit: s, ...(e === null ? {} : { EndingUnit: e }), Price: eur, PriceFormat: f },
        ]),
      },
    });
  const tiered = await tiers('Tiered Pricing', 'Calls', [
    [0, 100, 1, 0.9, 'Per Unit'],
    [101, null, 50, 45, 'Flat Fee'],
  ]);
  const volume = await tiers('Volume Pricing', 'Storage', [
    [0, 10, 5, 4.5, 'Per Unit'],
    [10, null, 4, 3.6, 'Per Unit'],
  ]);
  const discount = await charge({
    ProductRatePlanId: promo,
    Name: 'Ten off',
    ChargeType: 'Recurring',
    ChargeModel: 'Discount-Percentage',
    ApplyDiscountTo: 'RECURRING',
    DiscountLevel: 'subscription',
    ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', DiscountPercentage: 10 }, { Currency: 'EUR', DiscountPercentage: 10 }] },
  });
  return { product, flat, seat, usage, promo, fee, seats, tiered, volume, discount };
}

describe('definitions API ↔ the others', () => {
  it("follows the catalog API's productChargeDefinitions link to the charge's definitions, the default one matching the charge", async () => {
    const c = await t.newClient();
    const p = (await c.post('/commerce/products', realisticProduct())).body;
    const usage = p.plans.find((x: any) => x.name === 'Usage');
    const tiered = usage.productRatePlanCharges[0];
    const cat = (await c.get(`/v1/product-rate-plan-charges/${tiered.id}`)).body;
    const link = new URL(cat.productChargeDefinitions as string);
    const defs = (await c.get(link.pathname + link.search)).body;
    expect(defs.success).toBe(true);
    const [def] = defs.chargeDefinitions;
    expect(def).toMatchObject({ isDefault: true, productRatePlanChargeId: tiered.id, chargeModel: cat.model, chargeType: cat.type, uom: cat.uom, billingPeriod: cat.billingPeriod, billingDay: cat.billingDay, endDateCondition: cat.endDateCondition, triggerEvent: cat.triggerEvent });
    for (const cur of ['USD', 'EUR']) {
      const catTiers = cat.pricing.find((x: any) => x.currency === cur).tiers.map((x: any) => [x.tier, x.startingUnit, x.endingUnit, x.price, x.priceFormat]);
      const defTiers = def.prices.find((x: any) => x.currency === cur).tiers.map((x: any) => [x.tier, x.startingUnit, x.endingUnit, x.price, x.priceFormat.replace(' ', '')]);
      expect(defTiers).toEqual(catTiers);
    }
  });
});

describe('definitions API → Commerce', () => {
  it("shows a charge's definitions in its Commerce body", async () => {
    const c = await t.newClient();
    const p = (await c.post('/commerce/products', realisticProduct())).body;
    const fee = p.plans[0].productRatePlanCharges[0];
    expect(fee.productChargeDefinitions).toEqual([]);
    const cd = await c.post('/v1/product-charge-definitions', { productRatePlanChargeId: fee.id, effectiveStartDate: '2024-01-01', effectiveEndDate: '2025-01-01', prices: [{ currency: 'USD', price: 80 }, { currency: 'EUR', price: 75 }] });
    expect(cd.status).toBe(200);
    const q = await c.post('/commerce/charges/query', { product_rate_plan_charge_key: fee.id });
    const defined = (await c.get(`/v1/product-charge-definitions/${cd.body.chargeDefinitionNumber}`)).body;
    delete defined.success;
    expect(q.body.productChargeDefinitions).toEqual([defined]);
    // the charge's own pricing is unchanged
    expect(q.body.pricing.flatAmounts).toEqual({ USD: 100, EUR: 92.5 });
  });
});

describe('object API → Commerce', () => {
  it('reads a catalog built through the object API back through every Commerce query', async () => {
    const c = await t.newClient();
    const o = await objectCatalog(c);
    const p = await c.get('/commerce/products/OBJ-1');
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    expect(p.body).toMatchObject({ id: o.product, name: 'Object Suite', sku: 'OBJ-1', category: 'add_on', startDate: '2024-01-01', endDate: '2040-12-31' });
    expect(p.body.productRatePlans.map((x: any) => x.name)).toEqual(['Flat', 'Seat', 'Usage', 'Promo']);

    const charge = async (id: string) => {
      const r = await c.post('/commerce/charges/query', { product_rate_plan_charge_key: id });
      expect(r.status).toBe(200);
      return r.body;
    };
    expect(await charge(o.fee)).toMatchObject({
      name: 'Fee',
      chargeType: 'recurring',
      chargeModel: 'flat_fee',
      billCycle: { type: 'specific_day_of_month', dayOfMonth: 10, period: 'bill_cycle_period_month', periodAlignment: 'align_to_charge', timing: 'in_advance' },
      pricing: { flatAmounts: { USD: 49, EUR: 45.5 }, unitAmounts: {}, tiers: [] },
      listPriceBase: 'Per_Billing_Period',
      triggerEvent: 'contract_effective',
      endDateCondition: 'subscription_end',
    });
    expect(await charge(o.seats)).toMatchObject({ chargeModel: 'per_unit', unitOfMeasure: 'Each', billCycle: { type: 'default_from_customer', timing: 'in_arrears' }, pricing: { unitAmounts: { USD: 12, EUR: 11 } } });
    expect((await charge(o.tiered)).pricing.tiers).toEqual([
      { tier: '1', from: 0, upTo: 100, priceFormat: 'price_format_per_unit', unitAmounts: { USD: 1, EUR: 0.9 }, flatAmounts: {} },
      { tier: '2', from: 101, upTo: null, priceFormat: 'price_format_flat_fee', unitAmounts: {}, flatAmounts: { USD: 50, EUR: 45 } },
    ]);
    expect(await charge(o.volume)).toMatchObject({ chargeType: 'usage', chargeModel: 'volume', pricing: { tiers: [{ from: 0, upTo: 10, unitAmounts: { USD: 5, EUR: 4.5 } }, { from: 10, upTo: null, unitAmounts: { USD: 4, EUR: 3.6 } }] } });
    // no Commerce response schema has discountOptions.discountLevel
    expect(await charge(o.discount)).toMatchObject({ chargeModel: 'discount_percentage', discountOptions: { applyTo: ['recurring'] }, pricing: { discountPercentages: { USD: 10, EUR: 10 } } });

    // the plan queries and lists show the same charges
    const q = await c.post('/commerce/plans/query', { product_rate_plan_key: o.usage, expand: { product_rate_plan_charges: true } });
    expect(q.body.productRatePlanCharges).toEqual([await charge(o.tiered), await charge(o.volume)]);
    const list = await c.post('/commerce/plans/list', { filters: [{ field: 'product_id', operator: 'EQ', value: o.product }], expand: { product_rate_plan_charges: true } });
    // each operation answers its own (narrower) charge schema: the same values, fewer fields
    const { defaultQuantity, ...listedDiscount } = list.body.values.find((x: any) => x.id === o.promo).productRatePlanCharges[0];
    expect(defaultQuantity).toBeNull();
    expect(await charge(o.discount)).toMatchObject(listedDiscount);
    expect(list.body.values.find((x: any) => x.id === o.seat).productRatePlanCharges[0]).toMatchObject({ unitOfMeasure: 'Each', defaultQuantity: 3 });
    const po = await c.post('/commerce/purchase-options/list', { filters: [{ field: 'prp_id', operator: 'EQ', value: { string_value: o.flat } }], expand: { product_rate_plan_charges: true } });
    expect(await charge(o.fee)).toMatchObject(po.body.productRatePlans[0].productRatePlanCharges[0]);
  });

  it('sees an object API tier change through the Commerce API, and a Commerce tier change through the object API', async () => {
    const c = await t.newClient();
    const o = await objectCatalog(c);
    const tiers = (await c.get(`/v1/object/product-rate-plan-charge/${o.tiered}`)).body.ProductRatePlanChargeTierData.ProductRatePlanChargeTier;
    const eur2 = tiers.find((x: any) => x.Currency === 'EUR' && x.Tier === 2);
    const u = await c.put(`/v1/object/product-rate-plan-charge-tier/${eur2.Id}`, { Price: 44 });
    expect(u.body.Success, JSON.stringify(u.body)).toBe(true);
    const q = await c.post('/commerce/charges/query', { product_rate_plan_charge_key: o.tiered });
    expect(q.body.pricing.tiers[1].flatAmounts).toEqual({ USD: 50, EUR: 44 });
    const usd1 = tiers.find((x: any) => x.Currency === 'USD' && x.Tier === 1);
    const r = await c.put('/commerce/tiers', { id: usd1.Id, price: 1.25 });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: usd1.Id, currency: 'USD', price: 1.25, tier: '1' });
    expect((await c.get(`/v1/object/product-rate-plan-charge-tier/${usd1.Id}`)).body.Price).toBe(1.25);
  });
});

describe('tenant isolation', () => {
  it("another tenant sees none of a tenant's catalog through the Commerce, definitions and groups views", async () => {
    const a = await t.newClient();
    const b = await t.newClient();
    const p = (await a.post('/commerce/products', realisticProduct())).body;
    const plan = p.plans[0];
    const fee = plan.productRatePlanCharges[0];
    const cd = (await a.post('/v1/product-charge-definitions', { productRatePlanChargeId: fee.id, effectiveStartDate: '2024-01-01', effectiveEndDate: '2025-01-01' })).body;
    const g = (await a.post('/v1/catalog-groups', { name: 'A', productRatePlans: [{ id: plan.id, grade: 1 }] })).body;
    const V = { 'Zuora-Version': '2024-05-20' };
    expect((await b.get(`/commerce/products/${p.id}`)).status).toBe(404);
    expect((await b.post('/commerce/plans/query', { product_rate_plan_key: plan.id })).status).toBe(404);
    expect((await b.post('/commerce/charges/query', { product_rate_plan_charge_key: fee.id })).status).toBe(404);
    expect((await b.post('/commerce/legacy/products/list', {})).body.values).toEqual([]);
    expect((await b.post('/commerce/plans/list', { filters: [] })).body.values).toEqual([]);
    expect((await b.put('/commerce/charges', { charge: { id: fee.id, name: 'stolen' } })).status).toBe(404);
    expect((await b.get(`/v1/product-charge-definitions/${cd.chargeDefinitionId}`, V)).status).toBe(404);
    expect((await b.get(`/v1/catalog-groups/${g.id}`, V)).status).toBe(404);
    expect((await b.get('/v1/catalog-groups')).body.catalogGroups).toEqual([]);
    const steal = await b.post('/v1/catalog-groups', { name: 'B', productRatePlans: [{ id: plan.id, grade: 1 }] }, V);
    expect(steal.status).toBe(400);
    expect((await a.post('/commerce/charges/query', { product_rate_plan_charge_key: fee.id })).body.name).toBe('Platform Fee');
  });
});
