import { describe, expect, it } from 'vitest';
import { setupApp, type Client } from '../helpers.js';
import { bill, discountCharge, flatFeeCharge, perSeatCharge, plan, realisticProduct, tieredUsageCharge, volumeCharge } from './fixtures.js';

const t = await setupApp();

async function build(c: Client) {
  const r = await c.post('/commerce/products', realisticProduct());
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}
const byName = (plans: any[], name: string) => plans.find((p: any) => p.name === name);

describe('POST /commerce/products', () => {
  it('creates a product with its plans and charges and answers them in the Commerce shape', async () => {
    const c = await t.newClient();
    const p = await build(c);
    expect(p).toMatchObject({ name: 'Cloud Suite', category: 'base', startDate: '2024-01-01', endDate: '2049-12-31', state: 'product_active' });
    expect(p.id).toMatch(/^[0-9a-f]{32}$/);
    expect(p.productNumber).toMatch(/^PC-\d{8}$/);
    expect(p.sku).toMatch(/^SKU-\d{8}$/);
    expect(p.plans).toHaveLength(4);

    const flat = byName(p.plans, 'Monthly Flat');
    expect(flat).toMatchObject({ activeCurrencies: ['USD', 'EUR'], startDate: '2024-01-01', endDate: '2049-12-31', state: 'active', status: 'ACTIVE', productId: p.id });
    expect(flat.productRatePlanNumber).toMatch(/^PRP-\d{8}$/);
    const fee = flat.productRatePlanCharges[0];
    expect(fee).toMatchObject({
      name: 'Platform Fee',
      description: 'Monthly platform access',
      chargeType: 'recurring',
      chargeModel: 'flat_fee',
      billCycle: { type: 'specific_day_of_month', dayOfMonth: 1, period: 'bill_cycle_period_month', periodAlignment: 'align_to_charge', timing: 'in_advance' },
      triggerEvent: 'contract_effective',
      endDateCondition: 'subscription_end',
      listPriceBase: 'Per_Billing_Period',
      taxMode: 'non_taxable',
      taxable: false,
      productRatePlanId: flat.id,
      pricingSummary: ['USD100', 'EUR92.5'],
      accounting: { adjustmentRevenueAccount: 'AdjRev-1', contractAssetAccount: 'CA-1', unbilledReceivablesAccount: 'UR-1' },
    });
    expect(fee.pricing).toMatchObject({ flatAmounts: { USD: 100, EUR: 92.5 }, unitAmounts: {}, tiers: [], discountPercentages: {} });
    expect(fee.productRatePlanChargeNumber).toMatch(/^PRPC-\d{8}$/);

    const seats = byName(p.plans, 'Per Seat').productRatePlanCharges[0];
    // the create-product schema has no unitOfMeasure or defaultQuantity on a charge (nor minQuantity, maxQuantity, taxCode, netsuite, deliverySchedule)
    expect(seats).toMatchObject({ chargeModel: 'per_unit', pricing: { unitAmounts: { USD: 20, EUR: 18.25 }, flatAmounts: {} } });
    for (const k of ['unitOfMeasure', 'defaultQuantity', 'minQuantity', 'maxQuantity', 'taxCode', 'netsuite', 'deliverySchedule', 'priceIncreasePercentage']) expect(seats, k).not.toHaveProperty(k);
    // the plan list's charge schema has both
    const listed = await c.post('/commerce/plans/list', { filters: [{ field: 'prp_id', operator: 'EQ', value: byName(p.plans, 'Per Seat').id }], expand: { product_rate_plan_charges: true } });
    expect(listed.body.values[0].productRatePlanCharges[0]).toMatchObject({ unitOfMeasure: 'Each', defaultQuantity: 5 });
    expect(seats.billCycle.type).toBe('default_from_customer');

    const usage = byName(p.plans, 'Usage').productRatePlanCharges;
    expect(usage.map((x: any) => x.chargeModel)).toEqual(['tiered', 'volume']);
    expect(usage[0].chargeType).toBe('usage');
    expect(usage[0].billCycle.timing).toBe('in_arrears');
    expect(usage[0].pricing.tiers).toEqual([
      { tier: '1', from: 0, upTo: 1000, priceFormat: 'price_format_per_unit', unitAmounts: { USD: 0.1, EUR: 0.09 }, flatAmounts: {} },
      { tier: '2', from: 1000, upTo: 10000, priceFormat: 'price_format_per_unit', unitAmounts: { USD: 0.08, EUR: 0.07 }, flatAmounts: {} },
      { tier: '3', from: 10000, upTo: null, priceFormat: 'price_format_flat_fee', unitAmounts: {}, flatAmounts: { USD: 500, EUR: 450 } },
    ]);
    expect(usage[1].pricing.tiers[1]).toEqual({ tier: '2', from: 100, upTo: null, priceFormat: 'price_format_per_unit', unitAmounts: { USD: 1.5, EUR: 1.35 }, flatAmounts: {} });

    const promo = byName(p.plans, 'Launch Promo').productRatePlanCharges[0];
    expect(promo).toMatchObject({
      chargeModel: 'discount_percentage',
      pricing: { discountPercentages: { USD: 15, EUR: 15 } },
      discountOptions: { applyTo: ['recurring', 'usage'], stackedDiscount: false },
      pricingSummary: ['15% discount', '15% discount'],
    });
  });

  it('reads the product back by id, SKU and number, with the same values in its own narrower plan and charge shape', async () => {
    const c = await t.newClient();
    const p = await build(c);
    const a = await c.get(`/commerce/products/${p.id}`);
    expect(a.status).toBe(200);
    const { plans, ...head } = p;
    const { productRatePlans, ...headA } = a.body;
    expect(headA).toEqual(head);
    // the GET schema's plans and charges list fewer fields than the create schema's: every one it has reads the same
    expect(plans).toMatchObject(productRatePlans);
    expect(Object.keys(productRatePlans[0].productRatePlanCharges[0]).sort()).toEqual(
      ['billCycle', 'chargeModel', 'chargeType', 'createdById', 'createdTime', 'description', 'endDateCondition', 'id', 'listPriceBase', 'name', 'pricing', 'pricingSummary', 'productRatePlanChargeNumber', 'specificListPriceBase', 'taxMode', 'taxable', 'triggerEvent', 'upToPeriods', 'upToPeriodsType', 'updatedById', 'updatedTime'],
    );
    expect(productRatePlans[0]).not.toHaveProperty('customFields');
    for (const key of [p.sku, p.productNumber]) expect((await c.get(`/commerce/products/${key}`)).body.id).toBe(p.id);
  });

  it('refuses a tiered charge whose tiers leave a gap, naming the field, and creates nothing', async () => {
    const c = await t.newClient();
    const bad = realisticProduct();
    (bad.plans[2]!.charges[0] as any).pricing.tiers[1].from = 1500;
    const r = await c.post('/commerce/products', bad);
    expect(r.status).toBe(400);
    expect(r.body.success).toBe(false);
    expect(r.body.errors[0].code).toBe('50000020');
    expect(r.body.errors[0].message).toContain("'plans[2].charges[0].pricing.tiers.from'");
    expect(r.body.errors[0].message).toContain('gap');
    const list = await c.post('/commerce/legacy/products/list', {});
    expect(list.body.values).toEqual([]);
  });

  it('refuses a charge missing a price in an active currency', async () => {
    const c = await t.newClient();
    const r = await c.post('/commerce/products', { ...realisticProduct(), plans: [plan('P', [{ ...flatFeeCharge, pricing: { flat_amounts: { USD: 100 } } }])] });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].message).toMatch(/EUR/);
  });

  it('refuses a per-unit charge without unit of measure, and an unknown enum value, naming the field', async () => {
    const c = await t.newClient();
    const noUom = await c.post('/commerce/products', { ...realisticProduct(), plans: [plan('P', [{ ...perSeatCharge, unit_of_measure: undefined }])] });
    expect(noUom.status).toBe(400);
    expect(noUom.body.errors[0].message).toContain("'plans[0].charges[0].unit_of_measure'");
    const badPeriod = await c.post('/commerce/products', { ...realisticProduct(), plans: [plan('P', [{ ...flatFeeCharge, bill_cycle: bill({ period: 'bill_cycle_period_fortnight' }) }])] });
    expect(badPeriod.status).toBe(400);
    expect(badPeriod.body.errors[0].message).toContain("'plans[0].charges[0].bill_cycle.period'");
    const badModel = await c.post('/commerce/products', { ...realisticProduct(), plans: [plan('P', [{ ...flatFeeCharge, charge_model: 'calculated' }])] });
    expect(badModel.status).toBe(400);
    expect(badModel.body.errors[0].message).toContain("'plans[0].charges[0].charge_model'");
  });

  it('answers schema errors in the Commerce error shape with HTTP 400, whatever the API version', async () => {
    const c = await t.newClient();
    const r = await c.post('/commerce/products', { name: 'X', start_date: '2024-01-01', end_date: '2049-12-31', category: 'gadgets', plans: [] }, { 'Zuora-Version': '2023-01-01' });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ success: false, errors: [{ code: expect.any(String), message: expect.stringContaining('category') }] });
    const noAuth = await t.raw('POST', '/commerce/products', {});
    expect(noAuth.status).toBe(401);
    expect(noAuth.body).toEqual({ message: expect.any(String) });
  });
});

describe('PUT /commerce/products and GET /commerce/products/{key}', () => {
  it('updates name, description, category, dates and custom fields', async () => {
    const c = await t.newClient();
    const p = await build(c);
    const r = await c.put('/commerce/products', { id: p.id, name: 'Cloud Suite 2', description: 'Second edition', category: 'add_on', startDate: '2024-02-01', endDate: '2048-12-31' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ success: true, id: p.id, name: 'Cloud Suite 2', description: 'Second edition', category: 'add_on', startDate: '2024-02-01', endDate: '2048-12-31' });
    expect(r.body.productRatePlans).toHaveLength(4);
    const g = await c.get(`/commerce/products/${p.productNumber}`);
    expect(g.body).toMatchObject({ name: 'Cloud Suite 2', category: 'add_on' });
    // the page's sample custom fields: a multi-select value is kept as Zuora's ';'-separated picklist string
    const cf = await c.put('/commerce/products', { id: p.id, custom_fields: { HelloBay__c: 'Updated value', Tags__c: ['AI Powered', 'Internet Required'] } });
    expect(cf.body.customFields).toEqual({ HelloBay__c: 'Updated value', Tags__c: 'AI Powered;Internet Required' });
    expect((await c.get(`/v1/object/product/${p.id}`)).body).toMatchObject({ HelloBay__c: 'Updated value', Tags__c: 'AI Powered;Internet Required' });
  });

  it('refuses an unknown product and bad dates in the common error shape', async () => {
    const c = await t.newClient();
    const p = await build(c);
    const missing = await c.put('/commerce/products', { id: 'nope', name: 'x' });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ success: false, reasons: [{ code: expect.stringMatching(/40$/) }] });
    expect(missing.body.processId).toMatch(/^[0-9A-F]{16}$/);
    expect(missing.body.requestId).toBeTruthy();
    const backwards = await c.put('/commerce/products', { id: p.id, startDate: '2050-01-01' });
    expect(backwards.status).toBe(400);
    expect(backwards.body.reasons[0].message).toContain("'endDate'");
    expect((await c.get(`/commerce/products/${p.id}`)).body.startDate).toBe('2024-01-01');
    const get404 = await c.get('/commerce/products/PC-99999999');
    expect(get404.status).toBe(404);
  });
});

describe('POST /commerce/plans, PUT /commerce/plans, plans/query, plans/list', () => {
  it('creates a plan under an existing product and queries it by id and number', async () => {
    const c = await t.newClient();
    const p = await build(c);
    const r = await c.post('/commerce/plans', { product_key: p.sku, ...plan('Annual Flat', [{ ...flatFeeCharge, bill_cycle: bill({ period: 'bill_cycle_period_annual' }), pricing: { flat_amounts: { USD: 1000, EUR: 925 } } }]) });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ name: 'Annual Flat', productId: p.id, activeCurrencies: ['USD', 'EUR'] });
    expect(r.body.productRatePlanCharges[0].billCycle.period).toBe('bill_cycle_period_annual');

    const q1 = await c.post('/commerce/plans/query', { product_rate_plan_key: r.body.productRatePlanNumber, expand: { product_rate_plan_charges: true } });
    expect(q1.status).toBe(200);
    // the create-plan schema's pricingSummary items are objects: the response sends the sample's empty list
    expect(r.body.productRatePlanCharges[0].pricingSummary).toEqual([]);
    expect(r.body.productRatePlanCharges[0]).not.toHaveProperty('taxMode');
    expect(r.body.productRatePlanCharges[0].pricing).not.toHaveProperty('adjustments');
    expect(r.body.productRatePlanCharges[0].discountOptions).not.toHaveProperty('applyTo');
    // the plan query answers the same plan (and its status), its charges in the charge schema
    const { productRatePlanCharges: created, ...createdPlan } = r.body;
    const { productRatePlanCharges: queried, status, ...queriedPlan } = q1.body;
    expect(queriedPlan).toEqual(createdPlan);
    expect(status).toBe('ACTIVE');
    expect(queried[0]).toMatchObject({ ...created[0], pricingSummary: ['USD1000', 'EUR925'], taxMode: 'non_taxable' });
    expect(queried[0]).toEqual((await c.post('/commerce/charges/query', { product_rate_plan_charge_key: created[0].id })).body);
    const q2 = await c.post('/commerce/plans/query', { product_rate_plan_key: r.body.id });
    expect(q2.body.productRatePlanCharges).toBeUndefined();
    expect(q2.body.id).toBe(r.body.id);
    const q3 = await c.post('/commerce/plans/query', { product_rate_plan_key: 'PRP-99999999' });
    expect(q3.status).toBe(404);
    expect(q3.body).toMatchObject({ success: false, errors: [{ code: expect.stringMatching(/40$/) }] });
  });

  it('refuses a plan for an unknown product and a plan without charges', async () => {
    const c = await t.newClient();
    const r = await c.post('/commerce/plans', { product_key: 'nope', ...plan('X', [flatFeeCharge]) });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].message).toContain("'product_key'");
    const p = await build(c);
    const r2 = await c.post('/commerce/plans', { product_key: p.id, ...plan('X', []) });
    expect(r2.status).toBe(400);
    expect(r2.body.errors[0].message).toContain('charges');
  });

  it('updates a plan (name, description, grade, dates)', async () => {
    const c = await t.newClient();
    const p = await build(c);
    const flat = byName(p.plans, 'Monthly Flat');
    const r = await c.put('/commerce/plans', { id: flat.id, name: 'Bronze Plan', description: 'Basic version', grade: 1, startDate: '2025-09-10', endDate: '2043-08-16' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ success: true, name: 'Bronze Plan', description: 'Basic version', startDate: '2025-09-10', endDate: '2043-08-16' });
    // the update-plan schema has no grade (nor do the charges carry defaultQuantity and the like); the grade shows through the plan list's filter
    expect(r.body).not.toHaveProperty('grade');
    expect(r.body.productRatePlanCharges[0]).not.toHaveProperty('defaultQuantity');
    const graded = await c.post('/commerce/plans/list', { filters: [{ field: 'grade', operator: 'EQ', value: 1 }] });
    expect(graded.body.values.map((x: any) => x.id)).toEqual([flat.id]);
    const bad = await c.put('/commerce/plans', { id: flat.id, grade: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.reasons[0].message).toContain('grade');
  });

  it('lists plans with filters (EQ, IN, LIKE, SW) and expands charges on request', async () => {
    const c = await t.newClient();
    const p = await build(c);
    const flat = byName(p.plans, 'Monthly Flat');
    const eq = await c.post('/commerce/plans/list', { filters: [{ field: 'prp_id', operator: 'EQ', value: flat.id }], expand: { product_rate_plan_charges: true } });
    expect(eq.status).toBe(200);
    expect(eq.body.values).toHaveLength(1);
    expect(eq.body.values[0].productRatePlanCharges[0].name).toBe('Platform Fee');
    const byProduct = await c.post('/commerce/plans/list', { filters: [{ field: 'product_id', operator: 'EQ', value: p.id }] });
    expect(byProduct.body.values.map((x: any) => x.name).sort()).toEqual(['Launch Promo', 'Monthly Flat', 'Per Seat', 'Usage']);
    expect(byProduct.body.values[0].productRatePlanCharges).toBeUndefined();
    const like = await c.post('/commerce/plans/list', { filters: [{ field: 'name', operator: 'LIKE', value: '%Se%' }] });
    expect(like.body.values.map((x: any) => x.name)).toEqual(['Per Seat']);
    const inList = await c.post('/commerce/plans/list', { filters: [{ field: 'name', operator: 'IN', value: 'Usage,Launch Promo' }] });
    expect(inList.body.values).toHaveLength(2);
    const sw = await c.post('/commerce/plans/list', { filters: [{ field: 'name', operator: 'SW', value: 'Mon' }, { field: 'state', operator: 'EQ', value: 'active' }] });
    expect(sw.body.values.map((x: any) => x.name)).toEqual(['Monthly Flat']);
    const bad = await c.post('/commerce/plans/list', { filters: [{ field: 'colour', operator: 'EQ', value: 'red' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.reasons[0].message).toContain('colour');
  });
});

describe('/commerce/charges and /commerce/tiers', () => {
  it('creates a charge on a plan, queries it, and updates its price by currency', async () => {
    const c = await t.newClient();
    const p = await build(c);
    const seatPlan = byName(p.plans, 'Per Seat');
    const r = await c.post('/commerce/charges', {
      charge: { ...perSeatCharge, name: 'Admin Seats', product_rate_plan_id: seatPlan.id, pricing: { unit_amounts: { USD: 30, EUR: 27 } } },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ name: 'Admin Seats', chargeModel: 'per_unit', productRatePlanId: seatPlan.id, pricing: { unitAmounts: { USD: 30, EUR: 27 } } });
    const q = await c.post('/commerce/charges/query', { product_rate_plan_charge_key: r.body.productRatePlanChargeNumber });
    expect(q.status).toBe(200);
    expect(q.body).toEqual(r.body);
    const byPlanKey = await c.post('/commerce/charges/query', { product_rate_plan_key: seatPlan.id });
    expect(byPlanKey.status).toBe(400);
    expect(byPlanKey.body.errors[0].message).toContain("'product_rate_plan_charge_key' is required");
    expect((await c.post('/commerce/charges/query', {})).status).toBe(400);
    expect((await c.post('/commerce/charges/query', { product_rate_plan_charge_key: 'PRPC-99999999' })).status).toBe(404);

    const u = await c.put('/commerce/charges', { charge: { id: r.body.id, name: 'Admin Seats+', pricing: { unit_amounts: { EUR: 26 } }, bill_cycle: { type: 'specific_day_of_month', day_of_month: 15 } } });
    expect(u.status, JSON.stringify(u.body)).toBe(200);
    expect(u.body).toMatchObject({ name: 'Admin Seats+', pricing: { unitAmounts: { USD: 30, EUR: 26 } }, billCycle: { type: 'specific_day_of_month', dayOfMonth: 15 } });
    // the charge schema (create, update, query) has neither success nor the quantities
    for (const k of ['success', 'defaultQuantity', 'minQuantity', 'maxQuantity', 'priceIncreasePercentage']) expect(u.body, k).not.toHaveProperty(k);
  });

  it('refuses a charge contradicting its model and an update changing its type', async () => {
    const c = await t.newClient();
    const p = await build(c);
    const usagePlan = byName(p.plans, 'Usage');
    const noTiers = await c.post('/commerce/charges', { charge: { ...volumeCharge, product_rate_plan_id: usagePlan.id, pricing: { unit_amounts: { USD: 1, EUR: 1 } } } });
    expect(noTiers.status).toBe(400);
    expect(noTiers.body.errors[0].message).toContain("'charge.pricing.tiers'");
    const discountOnUsage = await c.post('/commerce/charges', { charge: { ...discountCharge, charge_type: 'usage', unit_of_measure: 'Each', product_rate_plan_id: usagePlan.id } });
    expect(discountOnUsage.status).toBe(400);
    expect(discountOnUsage.body.errors[0].message).toContain("'charge.charge_model'");
    const charge = usagePlan.productRatePlanCharges[0];
    const u = await c.put('/commerce/charges', { charge: { id: charge.id, charge_type: 'recurring' } });
    expect(u.status).toBe(400);
    expect(u.body.reasons[0].message).toContain("'charge.charge_type'");
    const missing = await c.put('/commerce/charges', { charge: { id: 'nope', name: 'x' } });
    expect(missing.status).toBe(404);
  });

  it('updates one tier price by tier id', async () => {
    const c = await t.newClient();
    const p = await build(c);
    const tiered = byName(p.plans, 'Usage').productRatePlanCharges[0];
    const tierId = await firstTierId(c, tiered.id);
    const r = await c.put('/commerce/tiers', { id: tierId, price: 0.12 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ id: tierId, price: 0.12, startingUnit: 0, endingUnit: 1000, tier: '1', priceFormat: 'price_format_per_unit', success: true });
    const q = await c.post('/commerce/charges/query', { product_rate_plan_charge_key: tiered.id });
    const usd = q.body.pricing.tiers[0].unitAmounts;
    expect(Object.values(usd)).toContain(0.12);
    const missing = await c.put('/commerce/tiers', { id: 'nope', price: 1 });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ success: false, reasons: [expect.any(Object)] });
  });
});

/** The tier ids come from the object API (the Commerce API does not surface them). */
async function firstTierId(c: Client, chargeId: string): Promise<string> {
  const r = await c.get(`/v1/object/product-rate-plan-charge/${chargeId}`);
  if (r.status === 200 && Array.isArray(r.body.ProductRatePlanChargeTierData?.ProductRatePlanChargeTier)) return r.body.ProductRatePlanChargeTierData.ProductRatePlanChargeTier[0].Id;
  const q = await c.post('/v1/action/query', { queryString: `select Id, Tier, Currency from ProductRatePlanChargeTier where ProductRatePlanChargeId = '${chargeId}'` });
  const rec = (q.body.records ?? []).find((x: any) => Number(x.Tier) === 1);
  if (!rec) throw new Error(`no way to read tier ids yet: ${JSON.stringify(r.body).slice(0, 300)}`);
  return rec.Id;
}

describe('POST /commerce/legacy/products/list and /commerce/purchase-options/list', () => {
  it('lists products in the V1 style, filtered, with plans and charges expanded', async () => {
    const c = await t.newClient();
    const p = await build(c);
    const r = await c.post('/commerce/legacy/products/list', { filters: [{ field: 'id', operator: 'EQ', value: p.id }], expand: { product_rate_plans: true, product_rate_plan_charges: true } });
    expect(r.status).toBe(200);
    expect(r.body.values).toHaveLength(1);
    const v = r.body.values[0];
    expect(v).toMatchObject({ id: p.id, name: 'Cloud Suite', state: 'active', effectiveStartDate: '2024-01-01', effectiveEndDate: '2049-12-31', productNumber: p.productNumber });
    const seat = v.productRatePlans.find((x: any) => x.name === 'Per Seat').productRatePlanCharges[0];
    expect(seat).toMatchObject({ type: 'Recurring', model: 'PerUnit', uom: 'Each', billingPeriod: 'Month', billingTiming: 'IN_ADVANCE', listPriceBase: 'Per_Billing_Period', defaultQuantity: 5 });
    expect(seat.pricing.map((x: any) => [x.currency, x.price])).toEqual([
      ['USD', 20],
      ['EUR', 18.25],
    ]);
    const tiered = v.productRatePlans.find((x: any) => x.name === 'Usage').productRatePlanCharges[0];
    expect(tiered.model).toBe('Tiered');
    expect(tiered.pricing[0].tiers[2]).toEqual({ tier: 3, startingUnit: 10000, endingUnit: null, price: 500, priceFormat: 'FlatFee' });
    // the V1 style is the catalog API's: every charge field it has reads the same there
    const cat = (await c.get(`/v1/products/${p.id}/product-rate-plans`)).body.productRatePlans;
    for (const lp of v.productRatePlans) {
      const cp = cat.find((x: any) => x.id === lp.id);
      for (const lc of lp.productRatePlanCharges) {
        const cc = cp.productRatePlanCharges.find((x: any) => x.id === lc.id);
        for (const [k, val] of Object.entries(cc)) expect(lc[k], `${lc.name}.${k}`).toEqual(val);
      }
    }
    const noExpand = await c.post('/commerce/legacy/products/list', { filters: [{ field: 'name', operator: 'SW', value: 'Cloud' }] });
    expect(noExpand.body.values[0].productRatePlans).toBeUndefined();
    const none = await c.post('/commerce/legacy/products/list', { filters: [{ field: 'category', operator: 'EQ', value: 'other' }] });
    expect(none.body.values).toEqual([]);
    const bad = await c.post('/commerce/legacy/products/list', { filters: [{ field: 'colour', operator: 'EQ', value: 'x' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toContain('colour');
  });

  it('queries purchase options by PRP id and by product id', async () => {
    const c = await t.newClient();
    const p = await build(c);
    const flat = byName(p.plans, 'Monthly Flat');
    const r = await c.post('/commerce/purchase-options/list', { filters: [{ field: 'prp_id', operator: 'EQ', value: { string_value: flat.id } }], expand: { product_rate_plan_charges: true } });
    expect(r.status).toBe(200);
    expect(r.body.error).toBeNull();
    expect(r.body.productRatePlans).toHaveLength(1);
    expect(r.body.productRatePlans[0]).toMatchObject({ id: flat.id, productId: p.id, product: { id: p.id, name: 'Cloud Suite', productNumber: p.productNumber } });
    expect(r.body.productRatePlans[0].productRatePlanCharges[0].pricing.flatAmounts).toEqual({ USD: 100, EUR: 92.5 });
    const all = await c.post('/commerce/purchase-options/list', { filters: [{ field: 'product_id', operator: 'EQ', value: { string_value: p.id } }] });
    expect(all.body.productRatePlans).toHaveLength(4);
    expect(all.body.productRatePlans[0].productRatePlanCharges).toBeUndefined();
    const byCharge = await c.post('/commerce/purchase-options/list', { product_rate_plan_charge_key: flat.productRatePlanCharges[0].productRatePlanChargeNumber });
    expect(byCharge.body.productRatePlans.map((x: any) => x.id)).toEqual([flat.id]);
    const extra = { filters: [{ field: 'prp_id', operator: 'EQ', value: { string_value: flat.id } }], colour: 'red' };
    expect((await c.post('/commerce/purchase-options/list', extra)).body.productRatePlans).toHaveLength(1);
    const strict = await c.post('/commerce/purchase-options/list?rejectUnknownFields=true', extra);
    expect(strict.status).toBe(400);
    expect(strict.body).toEqual({ message: 'Error - unrecognised fields' });
  });
});

describe('Dynamic Pricing (/commerce/charges with rate cards)', () => {
  /** The page's own request: a per-unit charge priced by the customer's age. */
  const sample = (planId: string) => ({
    charge: {
      charge_model: 'per_unit',
      charge_type: 'recurring',
      description: 'description',
      name: 'charge with dimensional price 1',
      unit_of_measure: 'Each',
      default_quantity: 10,
      bill_cycle: { period: 'bill_cycle_period_month', period_alignment: 'align_to_charge', timing: 'in_advance', type: 'default_from_customer' },
      trigger_event: 'contract_effective',
      product_rate_plan_id: planId,
      end_date_condition: 'subscription_end',
      up_to_periods_type: 'billing_periods',
      up_to_periods: 0,
      list_price_base: 'Per_Billing_Period',
      specific_list_price_base: 0,
      formula: 'price + 1',
      tax_mode: 'non_taxable',
      tax_code: 'TAX_EXEMPT',
      accounting: {
        accounting_code: 'PRPC-REV-001',
        accounts_receivable_account: 'Accounts Receivable',
        deferred_revenue_account: 'Deferred Revenue',
        recognized_revenue_account: 'Recognized Revenue',
        contract_asset_account: 'Contract Asset',
        contract_liability_account: 'Contract Liability',
        contract_recognized_revenue_account: 'Contract Recognized Revenue',
        unbilled_receivables_account: 'Unbilled Receivables',
        adjustment_liability_account: 'Adjustment Liability',
        adjustment_revenue_account: 'Adjustment Revenue',
      },
      revenue: { revenue_recognition_rule_name: 'Recognize upon invoicing', exclude_item_billing_from_revenue_accounting: false, exclude_item_booking_from_revenue_accounting: false },
      custom_fields: { region__c: 'US', channel__c: 'Online' },
      netsuite: { SubsidiaryNS: 'US', RecognizedRevAccountNS: 4000, DeferredRevAccountNS: 2500 },
      attributes: [{ name: 'Age', type: 'Integer', mapping: { object: 'account', field: 'age__c' } }],
      rate_cards: [
        { attributes: [{ name: 'Age', operator: '<=', value: 12 }], pricing: { unit_amounts: { USD: 90 } } },
        { attributes: [{ name: 'Age', operator: 'between', value: [12, 60] }], pricing: { unit_amounts: { USD: 100 } } },
        { attributes: [{ name: 'Age', operator: '>=', value: 60 }], pricing: { unit_amounts: { USD: 80 } } },
      ],
      pricing: { unit_amounts: { USD: 95 } },
    },
  });

  it("creates the page's sample charge with its attributes and rate cards, and prices a query by the matching card", async () => {
    const c = await t.newClient();
    const withUsdOnly = structuredClone(flatFeeCharge);
    delete (withUsdOnly as any).pricing.flat_amounts.EUR;
    for (const [name, type] of [
      ['PRPC-REV-001', 'SalesRevenue'],
      ['Deferred Revenue', 'DeferredRevenue'],
      ['Recognized Revenue', 'SalesRevenue'],
    ])
      expect((await c.post('/v1/accounting-codes', { name, type })).body.success, name).toBe(true);
    const prod = await c.post('/commerce/products', { name: 'Tickets', start_date: '2024-01-01', end_date: '2049-12-31', category: 'base', plans: [{ ...plan('Entry', [withUsdOnly]), active_currencies: ['USD'] }] });
    expect(prod.status, JSON.stringify(prod.body)).toBe(200);
    const planId = prod.body.plans[0].id;
    const r = await c.post('/commerce/charges', sample(planId));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      name: 'charge with dimensional price 1',
      chargeModel: 'per_unit',
      taxMode: 'non_taxable',
      customFields: { region__c: 'US', channel__c: 'Online' },
      accounting: { accountingCode: 'PRPC-REV-001', deferredRevenueAccount: 'Deferred Revenue', recognizedRevenueAccount: 'Recognized Revenue', contractAssetAccount: 'Contract Asset' },
      attributes: [{ name: 'Age', type: 'Integer', mapping: { object: 'account', field: 'age__c' } }],
      pricing: { unitAmounts: { USD: 95 } },
    });
    expect(r.body.rateCards.map((x: any) => [x.attributes[0].operator, x.pricing.unitAmounts.USD])).toEqual([
      ['<=', 90],
      ['between', 100],
      ['>=', 80],
    ]);
    const price = async (attributes?: unknown) => (await c.post('/commerce/charges/query', { product_rate_plan_charge_key: r.body.id, ...(attributes ? { attributes } : {}) })).body.pricing.unitAmounts.USD;
    expect(await price()).toBe(95);
    expect(await price([{ name: 'Age', value: 8 }])).toBe(90);
    const priced = await c.post('/commerce/charges/query', { product_rate_plan_charge_key: r.body.id, attributes: [{ name: 'Age', value: 8 }] });
    expect(priced.body.pricingSummary).toEqual(['USD90/Each']);
    expect(priced.body.mergedRateCards).toHaveLength(1);
    expect(r.body.pricingSummary).toEqual(['USD95/Each']);
    expect(await price([{ name: 'Age', value: 12 }])).toBe(90);
    expect(await price([{ name: 'Age', value: 30 }])).toBe(100);
    expect(await price([{ name: 'Age', value: 60 }])).toBe(80);
    expect(await price([{ name: 'Height', value: 30 }])).toBe(95);
    // the same evaluation through the plan query and the purchase options
    const q = await c.post('/commerce/plans/query', { product_rate_plan_key: planId, expand: { product_rate_plan_charges: true }, attributes: [{ name: 'Age', value: 70 }] });
    expect(q.body.productRatePlanCharges.find((x: any) => x.id === r.body.id).pricing.unitAmounts.USD).toBe(80);
    const po = await c.post('/commerce/purchase-options/list', { product_rate_plan_charge_key: r.body.id, attributes: [{ name: 'Age', number_value: 40 }] });
    expect(po.body.productRatePlans[0].productRatePlanCharges[0].pricing.unitAmounts.USD).toBe(100);
    // the model keeps the default price: the object API reads 95
    const obj = (await c.get(`/v1/object/product-rate-plan-charge/${r.body.id}`)).body;
    expect(obj.ProductRatePlanChargeTierData.ProductRatePlanChargeTier[0].Price).toBe(95);

    // an update replaces the rate cards it gives
    const u = await c.put('/commerce/charges', { charge: { id: r.body.id, pricing: { unit_amounts: { USD: 175 } }, rate_cards: [{ attributes: [{ name: 'Age', operator: 'between-inclusive', value: [12, 60] }], pricing: { unit_amounts: { USD: 200 } } }] } });
    expect(u.status, JSON.stringify(u.body)).toBe(200);
    expect(await price([{ name: 'Age', value: 60 }])).toBe(200);
    expect(await price([{ name: 'Age', value: 61 }])).toBe(175);
  });

  it('refuses rate cards on undeclared attributes, bad operators, values of the wrong type and pricing of the wrong kind', async () => {
    const c = await t.newClient();
    const p = await build(c);
    const seatPlan = byName(p.plans, 'Per Seat');
    const base = { ...perSeatCharge, product_rate_plan_id: seatPlan.id, attributes: [{ name: 'Age', type: 'Integer' }] };
    const cases: [unknown, string][] = [
      [[{ attributes: [{ name: 'State', value: 'CA' }], pricing: { unit_amounts: { USD: 2 } } }], "'charge.rate_cards[0].attributes[0].name'"],
      [[{ attributes: [{ name: 'Age', operator: '~', value: 3 }], pricing: { unit_amounts: { USD: 2 } } }], "'charge.rate_cards[0].attributes[0].operator'"],
      [[{ attributes: [{ name: 'Age', operator: '>', value: 'old' }], pricing: { unit_amounts: { USD: 2 } } }], "'charge.rate_cards[0].attributes[0].value'"],
      [[{ attributes: [{ name: 'Age', operator: 'between', value: [60] }], pricing: { unit_amounts: { USD: 2 } } }], "'charge.rate_cards[0].attributes[0].value'"],
      [[{ attributes: [{ name: 'Age', value: 3 }], pricing: { flat_amounts: { USD: 2 } } }], "'charge.rate_cards[0].pricing'"],
      [[{ attributes: [{ name: 'Age', value: 3 }], pricing: { unit_amounts: { GBP: 2 } } }], 'GBP'],
    ];
    for (const [rate_cards, msg] of cases) {
      const r = await c.post('/commerce/charges', { charge: { ...base, rate_cards } });
      expect(r.status, msg).toBe(400);
      expect(r.body.errors[0].message).toContain(msg);
    }
    const badType = await c.post('/commerce/charges', { charge: { ...base, attributes: [{ name: 'Age', type: 'Colour' }] } });
    expect(badType.body.errors[0].message).toContain("'charge.attributes[0].type'");
    // nothing was created
    expect((await c.post('/commerce/plans/query', { product_rate_plan_key: seatPlan.id, expand: { product_rate_plan_charges: true } })).body.productRatePlanCharges).toHaveLength(1);
  });
});

describe("the pages' own request samples", () => {
  async function codes(c: Client, names: [string, string][]) {
    for (const [name, type] of names) expect((await c.post('/v1/accounting-codes', { name, type })).body.success, name).toBe(true);
  }

  it('POST /commerce/products: the sample product with one plan and one recurring flat-fee charge', async () => {
    const c = await t.newClient();
    await codes(c, [
      ['PRPC-REV-002', 'SalesRevenue'],
      ['Deferred Revenue', 'DeferredRevenue'],
      ['Recognized Revenue', 'SalesRevenue'],
    ]);
    const r = await c.post('/commerce/products', {
      name: 'New prod',
      start_date: '2024-01-01',
      end_date: '2050-12-31',
      category: 'base',
      plans: [
        {
          name: 'Consumer Bronze Monthly',
          start_date: '2024-01-01',
          end_date: '2050-12-31',
          active_currencies: ['USD'],
          charges: [
            {
              name: 'Flat PRPC',
              charge_type: 'recurring',
              charge_model: 'flat_fee',
              default_quantity: 10,
              min_quantity: 1,
              max_quantity: 999999,
              price_increase_percentage: 0,
              price_change_option: 'no_change',
              use_tenant_default_for_price_change: true,
              discount_options: {
                discount_class: '',
                discount_level: 'rate_plan',
                stacked_discount: false,
                apply_to: ['one_time', 'recurring', 'usage'],
                apply_to_billing_period_partially: false,
                reflect_discount_in_net_amount: false,
                rollover: false,
                specific_accounting_codes: false,
                apply_details: [],
              },
              pricing: { flat_amounts: { USD: 100 } },
              bill_cycle: { type: 'specific_day_of_month', day_of_month: 5, period_alignment: 'align_to_charge', period: 'bill_cycle_period_month', timing: 'in_advance' },
              trigger_event: 'contract_effective',
              end_date_condition: 'subscription_end',
              up_to_periods_type: 'billing_periods',
              up_to_periods: 0,
              list_price_base: 'Per_Billing_Period',
              specific_list_price_base: 0,
              accounting: {
                accounting_code: 'PRPC-REV-002',
                accounts_receivable_account: 'Accounts Receivable',
                deferred_revenue_account: 'Deferred Revenue',
                recognized_revenue_account: 'Recognized Revenue',
                adjustment_liability_account: 'adjustL-2',
                adjustment_revenue_account: 'adjustRev-2',
                contract_asset_account: 'CA-3',
                contract_liability_account: 'CL-3',
                contract_recognized_revenue_account: 'Contract Recognized Revenue',
                unbilled_receivables_account: 'unbilledR-2',
              },
            },
          ],
        },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    // the sample response's values
    expect(r.body).toMatchObject({ category: 'base', endDate: '2050-12-31', name: 'New prod', startDate: '2024-01-01', state: 'product_active', customFields: {}, features: [], organizationLabels: [] });
    const plan0 = r.body.plans[0];
    expect(plan0).toMatchObject({ activeCurrencies: ['USD'], name: 'Consumer Bronze Monthly', startDate: '2024-01-01', endDate: '2050-12-31', state: 'active', productId: r.body.id });
    expect(plan0.productRatePlanCharges[0]).toMatchObject({
      billCycle: { dayOfMonth: 5, period: 'bill_cycle_period_month', periodAlignment: 'align_to_charge', timing: 'in_advance', type: 'specific_day_of_month' },
      chargeFunction: 'charge_function_standard',
      chargeModel: 'flat_fee',
      chargeType: 'recurring',
      endDateCondition: 'subscription_end',
      listPriceBase: 'Per_Billing_Period',
      name: 'Flat PRPC',
      priceChangeOption: 'no_change',
      pricing: { flatAmounts: { USD: 100 }, tiers: [], unitAmounts: {} },
      prorationOption: 'default_from_tenant_setting',
      revenue: { revenueRecognitionRuleName: 'Recognize upon invoicing' },
      taxable: false,
      triggerEvent: 'contract_effective',
      useTenantDefaultForPriceChange: true,
      accounting: { accountingCode: 'PRPC-REV-002', deferredRevenueAccount: 'Deferred Revenue', contractLiabilityAccount: 'CL-3' },
    });
    // the quantities are kept, though the create-product response schema does not show them: the object API does
    expect((await c.get(`/v1/object/product-rate-plan-charge/${plan0.productRatePlanCharges[0].id}`)).body).toMatchObject({ DefaultQuantity: 10, MinQuantity: 1, MaxQuantity: 999999 });
  });

  it('POST /commerce/plans: the sample plan with two recurring flat-fee charges', async () => {
    const c = await t.newClient();
    await codes(c, [
      ['PRPC-REV-001', 'SalesRevenue'],
      ['PRPC-REV-002', 'SalesRevenue'],
      ['Deferred Revenue', 'DeferredRevenue'],
      ['Recognized Revenue', 'SalesRevenue'],
    ]);
    const p = await build(c);
    const charge = (n: number) => ({
      name: `Flat PRPC ${n}`,
      charge_model: 'flat_fee',
      charge_type: 'recurring',
      pricing: { flat_amounts: { USD: 100 } },
      bill_cycle: { type: 'specific_day_of_month', day_of_month: 5, period_alignment: 'align_to_charge', period: 'bill_cycle_period_month' },
      end_date_condition: 'subscription_end',
      trigger_event: 'contract_effective',
      accounting: { accounting_code: `PRPC-REV-00${n}`, accounts_receivable_account: 'Accounts Receivable', deferred_revenue_account: 'Deferred Revenue', recognized_revenue_account: 'Recognized Revenue' },
    });
    const r = await c.post('/commerce/plans', { product_key: p.id, name: 'New plan', start_date: '2024-01-01', end_date: '2049-12-31', active_currencies: ['USD'], charges: [charge(1), charge(2)] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ activeCurrencies: ['USD'], endDate: '2049-12-31', name: 'New plan', startDate: '2024-01-01', state: 'active', productId: p.id });
    expect(r.body.productRatePlanCharges.map((x: any) => [x.name, x.billCycle.timing, x.pricing.flatAmounts.USD, x.accounting.accountingCode])).toEqual([
      ['Flat PRPC 1', 'in_advance', 100, 'PRPC-REV-001'],
      ['Flat PRPC 2', 'in_advance', 100, 'PRPC-REV-002'],
    ]);
  });
});

describe('other charge kinds through the Commerce API', () => {
  it('one-time fee, fixed-amount discount and a fixed-period charge read back through Commerce and the object API', async () => {
    const c = await t.newClient();
    const p = await build(c);
    const r = await c.post('/commerce/plans', {
      product_key: p.id,
      ...plan('Setup and promo', [
        { ...flatFeeCharge, name: 'Setup', charge_type: 'one_time', end_date_condition: 'end_date_one_time', pricing: { flat_amounts: { USD: 250, EUR: 230 } } },
        { ...discountCharge, name: 'Ten off', charge_model: 'discount_fixed_amount', pricing: { discount_amounts: { USD: 10, EUR: 9 } }, discount_options: { apply_to: ['recurring'], discount_level: 'account' } },
        { ...flatFeeCharge, name: 'First year', end_date_condition: 'fixed_period', up_to_periods: 12, up_to_periods_type: 'months' },
      ]),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const [setup, off, year] = r.body.productRatePlanCharges;
    expect(setup).toMatchObject({ chargeType: 'one_time', endDateCondition: 'end_date_one_time', pricing: { flatAmounts: { USD: 250, EUR: 230 } } });
    expect(off).toMatchObject({ chargeModel: 'discount_fixed_amount', pricing: { discountAmounts: { USD: 10, EUR: 9 } } });
    // the create-plan schema's discountOptions has no applyTo; the charge query's has
    expect((await c.post('/commerce/charges/query', { product_rate_plan_charge_key: off.id })).body.discountOptions.applyTo).toEqual(['recurring']);
    expect(year).toMatchObject({ endDateCondition: 'fixed_period', upToPeriods: 12, upToPeriodsType: 'months' });
    const o = async (id: string) => (await c.get(`/v1/object/product-rate-plan-charge/${id}`)).body;
    expect(await o(setup.id)).toMatchObject({ ChargeType: 'OneTime', ChargeModel: 'Flat Fee Pricing' });
    expect(await o(off.id)).toMatchObject({ ChargeModel: 'Discount-Fixed Amount', ApplyDiscountTo: 'RECURRING', DiscountLevel: 'account' });
    expect((await o(off.id)).ProductRatePlanChargeTierData.ProductRatePlanChargeTier.map((x: any) => [x.Currency, x.DiscountAmount])).toEqual([
      ['EUR', 9],
      ['USD', 10],
    ]);
    expect(await o(year.id)).toMatchObject({ EndDateCondition: 'FixedPeriod', UpToPeriods: 12, UpToPeriodsType: 'Months' });
  });
});
