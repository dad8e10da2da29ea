import { describe, expect, it } from 'vitest';
import { setupApp, type Client } from '../helpers.js';
import { flatFeeCharge, plan, realisticProduct } from './fixtures.js';

const t = await setupApp();
const V = { 'Zuora-Version': '2024-05-20' };

async function catalog(c: Client) {
  const r = await c.post('/commerce/products', realisticProduct());
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const find = (n: string) => r.body.plans.find((p: any) => p.name === n);
  const flat = find('Monthly Flat');
  const seat = find('Per Seat');
  const usage = find('Usage');
  return { product: r.body, flat, seat, usage, fee: flat.productRatePlanCharges[0], seats: seat.productRatePlanCharges[0], tiered: usage.productRatePlanCharges[0], volume: usage.productRatePlanCharges[1] };
}

describe('product rate plan definitions', () => {
  it('uses a charge in another rate plan, lists, reads and deletes the link', async () => {
    const c = await t.newClient();
    const k = await catalog(c);
    const r = await c.post('/v1/product-rateplan-definitions', { productRatePlanChargeNumber: k.volume.productRatePlanChargeNumber, productRatePlanId: k.seat.id });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), success: true });
    const expected = {
      id: r.body.id,
      productRatePlanChargeId: k.volume.id,
      productRatePlanChargeName: 'Storage',
      productRatePlanChargeNumber: k.volume.productRatePlanChargeNumber,
      productRatePlanId: k.seat.id,
      productRatePlanName: 'Per Seat',
      productRatePlanNumber: k.seat.productRatePlanNumber,
    };
    expect((await c.get(`/v1/product-rateplan-definitions/${r.body.id}`)).body).toEqual({ ...expected, success: true });
    expect((await c.get(`/v1/product-rateplan-definitions?rateplan=${k.seat.productRatePlanNumber}`)).body).toEqual({ productRatePlanDefinitions: [expected], success: true });
    expect((await c.get(`/v1/product-rateplan-definitions?charge=${k.volume.id}&rateplan=${k.seat.id}`)).body.productRatePlanDefinitions).toHaveLength(1);
    expect((await c.get(`/v1/product-rateplan-definitions?charge=${k.fee.id}`)).body.productRatePlanDefinitions).toEqual([]);
    const d = await c.del(`/v1/product-rateplan-definitions/${r.body.id}`);
    expect(d.body).toEqual({ success: true });
    expect((await c.get(`/v1/product-rateplan-definitions/${r.body.id}`, V)).status).toBe(404);
  });

  it('refuses a charge already used in the plan, a plan in a currency the charge is not priced in, and missing keys', async () => {
    const c = await t.newClient();
    const k = await catalog(c);
    const home = await c.post('/v1/product-rateplan-definitions', { productRatePlanChargeId: k.fee.id, productRatePlanId: k.flat.id }, V);
    expect(home.status).toBe(400);
    expect(home.body.reasons[0]).toMatchObject({ code: 50000030, message: expect.stringContaining('already used') });
    expect((await c.post('/v1/product-rateplan-definitions', { productRatePlanChargeId: k.fee.id, productRatePlanId: k.seat.id })).body.success).toBe(true);
    const twice = await c.post('/v1/product-rateplan-definitions', { productRatePlanChargeId: k.fee.id, productRatePlanNumber: k.seat.productRatePlanNumber }, V);
    expect(twice.status).toBe(400);
    const gbp = await c.post('/commerce/plans', { product_key: k.product.id, ...plan('GBP plan', [{ ...flatFeeCharge, pricing: { flat_amounts: { GBP: 80 } } }]), active_currencies: ['GBP'] });
    expect(gbp.status, JSON.stringify(gbp.body)).toBe(200);
    const cur = await c.post('/v1/product-rateplan-definitions', { productRatePlanChargeId: k.fee.id, productRatePlanId: gbp.body.id }, V);
    expect(cur.status).toBe(400);
    expect(cur.body.reasons[0].message).toContain('GBP');
    const noCharge = await c.post('/v1/product-rateplan-definitions', { productRatePlanId: k.seat.id }, V);
    expect(noCharge.body.reasons[0]).toMatchObject({ code: 50000022, message: expect.stringContaining('productRatePlanChargeId') });
    const badPlan = await c.post('/v1/product-rateplan-definitions', { productRatePlanChargeId: k.fee.id, productRatePlanId: 'nope' }, V);
    expect(badPlan.body.reasons[0]).toMatchObject({ code: 50000020, message: expect.stringContaining("'productRatePlanId'") });
    const list = await c.get('/v1/product-rateplan-definitions', V);
    expect(list.status).toBe(400);
    expect(list.body.reasons[0].code).toBe(50000023);
  });
});

describe('product charge definitions', () => {
  it('creates a definition with its own prices and period, and reads it with and without inherited values', async () => {
    const c = await t.newClient();
    const k = await catalog(c);
    const r = await c.post('/v1/product-charge-definitions', {
      productRatePlanChargeId: k.fee.id,
      effectiveStartDate: '2024-01-01 00:00:00',
      effectiveEndDate: '2025-01-01 00:00:00',
      listPriceBase: 'Per_Billing_Period',
      prices: [
        { currency: 'USD', price: 12 },
        { currency: 'EUR', price: 11 },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ chargeDefinitionId: expect.stringMatching(/^[0-9a-f]{32}$/), chargeDefinitionNumber: 'CD-00000001', success: true });
    const g = await c.get(`/v1/product-charge-definitions/CD-00000001`);
    expect(g.status).toBe(200);
    expect(g.body).toMatchObject({
      success: true,
      productChargeDefinitionId: r.body.chargeDefinitionId,
      productChargeDefinitionNumber: 'CD-00000001',
      productRatePlanChargeId: k.fee.id,
      productRatePlanChargeNumber: k.fee.productRatePlanChargeNumber,
      productRatePlanId: null,
      isDefault: false,
      effectiveStartDate: '2024-01-01 00:00:00',
      effectiveEndDate: '2025-01-01 00:00:00',
      chargeModel: 'FlatFee',
      chargeType: 'Recurring',
      billingPeriod: 'Month',
      billingDay: 'SpecificDayofMonth(1)',
      billingTiming: 'IN_ADVANCE',
      listPriceBase: 'Per_Billing_Period',
      endDateCondition: 'Subscription_End',
      triggerEvent: 'ContractEffective',
      taxable: false,
      prices: [
        { currency: 'USD', price: 12 },
        { currency: 'EUR', price: 11 },
      ],
      term: null,
      termType: null,
    });
    const hidden = await c.get(`/v1/product-charge-definitions/${r.body.chargeDefinitionId}?hide-inherited-values=true`);
    expect(hidden.body).toMatchObject({ billingPeriod: null, billingTiming: null, listPriceBase: 'Per_Billing_Period', prices: [{ currency: 'USD', price: 12 }, { currency: 'EUR', price: 11 }] });
  });

  it('checks the definition as the charge it makes: currencies, charge model, tiers, uom', async () => {
    const c = await t.newClient();
    const k = await catalog(c);
    const base = { productRatePlanChargeId: k.seats.id, effectiveStartDate: '2024-01-01', effectiveEndDate: '2025-01-01' };
    const usdOnly = await c.post('/v1/product-charge-definitions', { ...base, prices: [{ currency: 'USD', price: 25 }] }, V);
    expect(usdOnly.status).toBe(400);
    expect(usdOnly.body.reasons[0].message).toContain('EUR');
    const tiers = (gapAt: number) => [
      { startingUnit: 0, endingUnit: 10, price: 20, priceFormat: 'Per Unit' },
      { startingUnit: gapAt, price: 15, priceFormat: 'Per Unit' },
    ];
    const gap = await c.post('/v1/product-charge-definitions', { ...base, chargeModel: 'Volume', prices: [{ currency: 'USD', tiers: tiers(12) }, { currency: 'EUR', tiers: tiers(10) }] }, V);
    expect(gap.status).toBe(400);
    expect(gap.body.reasons[0].message).toContain("'prices.tiers.startingUnit'");
    const ok = await c.post('/v1/product-charge-definitions', { ...base, chargeModel: 'Volume', prices: [{ currency: 'USD', tiers: tiers(10) }, { currency: 'EUR', tiers: [tiers(11)] }] });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const v = (await c.get(`/v1/product-charge-definitions/${ok.body.chargeDefinitionNumber}`)).body;
    expect(v.chargeModel).toBe('Volume');
    expect(v.prices[1].tiers).toEqual([
      { tier: 1, currency: 'EUR', startingUnit: 0, endingUnit: 10, price: 20, priceFormat: 'Per Unit' },
      { tier: 2, currency: 'EUR', startingUnit: 11, endingUnit: null, price: 15, priceFormat: 'Per Unit' },
    ]);
    const perUnitNoUom = await c.post(
      '/v1/product-charge-definitions',
      { productRatePlanChargeId: k.fee.id, effectiveStartDate: '2024-01-01', effectiveEndDate: '2025-01-01', chargeModel: 'PerUnit', defaultQuantity: 1, prices: [{ currency: 'USD', price: 1 }, { currency: 'EUR', price: 1 }] },
      V,
    );
    expect(perUnitNoUom.status).toBe(400);
    expect(perUnitNoUom.body.reasons[0].message).toContain("'uom'");
    const quarterly = await c.post('/v1/product-charge-definitions', { productRatePlanChargeId: k.fee.id, effectiveStartDate: '2024-01-01', effectiveEndDate: '2025-01-01', billingPeriod: 'Quarter' });
    expect(quarterly.status, JSON.stringify(quarterly.body)).toBe(200);
    expect((await c.get(`/v1/product-charge-definitions/${quarterly.body.chargeDefinitionId}`)).body).toMatchObject({ billingPeriod: 'Quarter', prices: [{ currency: 'USD', price: 100 }, { currency: 'EUR', price: 92.5 }] });
    const specificNoCount = await c.post('/v1/product-charge-definitions', { productRatePlanChargeId: k.fee.id, effectiveStartDate: '2025-01-01', effectiveEndDate: '2026-01-01', billingPeriod: 'Specific_Months' }, V);
    expect(specificNoCount.body.reasons[0].message).toContain("'specificBillingPeriod'");
    const fortnight = await c.post('/v1/product-charge-definitions', { ...base, billingPeriod: 'Fortnight' }, V);
    expect(fortnight.body.reasons[0].message).toContain("'billingPeriod'");
    const badModel = await c.post('/v1/product-charge-definitions', { ...base, chargeModel: 'Magic' }, V);
    expect(badModel.body.reasons[0].message).toContain("'chargeModel'");
    const backwards = await c.post('/v1/product-charge-definitions', { ...base, effectiveEndDate: '2023-01-01' }, V);
    expect(backwards.body.reasons[0].message).toContain("'effectiveEndDate'");
    const noStart = await c.post('/v1/product-charge-definitions', { productRatePlanChargeId: k.seats.id, effectiveEndDate: '2025-01-01' }, V);
    expect(noStart.body.reasons[0]).toMatchObject({ code: 50000022, message: "'effectiveStartDate' is required" });
    const badDate = await c.post('/v1/product-charge-definitions', { ...base, effectiveStartDate: '2024-02-30' }, V);
    expect(badDate.body.reasons[0].message).toContain("'effectiveStartDate'");
  });

  it('refuses overlapping periods for the same charge, plan and term; terms and plans tell definitions apart', async () => {
    const c = await t.newClient();
    const k = await catalog(c);
    const base = { productRatePlanChargeId: k.fee.id, effectiveStartDate: '2024-01-01', effectiveEndDate: '2025-01-01', prices: [{ currency: 'USD', price: 90 }, { currency: 'EUR', price: 80 }] };
    expect((await c.post('/v1/product-charge-definitions', base)).status).toBe(200);
    const overlap = await c.post('/v1/product-charge-definitions', { ...base, effectiveStartDate: '2024-06-01', effectiveEndDate: '2026-01-01' }, V);
    expect(overlap.status).toBe(400);
    expect(overlap.body.reasons[0]).toMatchObject({ code: 50000030, message: expect.stringContaining('CD-00000001') });
    // racing requests for one period: one lands
    const race = await Promise.all([1, 2, 3].map(() => c.post('/v1/product-charge-definitions', { ...base, effectiveStartDate: '2030-01-01', effectiveEndDate: '2031-01-01' }, V)));
    expect(race.map((r) => r.status).sort()).toEqual([200, 400, 400]);
    const after = await c.post('/v1/product-charge-definitions', { ...base, effectiveStartDate: '2025-01-01', effectiveEndDate: '2026-01-01' });
    expect(after.status).toBe(200);
    const termedNoTerm = await c.post('/v1/product-charge-definitions', { ...base, termType: 'TERMED', termPeriodType: 'Month' }, V);
    expect(termedNoTerm.body.reasons[0]).toMatchObject({ code: 50000022, message: expect.stringContaining("'term'") });
    const evergreenTerm = await c.post('/v1/product-charge-definitions', { ...base, termType: 'EVERGREEN', term: 12 }, V);
    expect(evergreenTerm.body.reasons[0].message).toContain("'term'");
    const termed = await c.post('/v1/product-charge-definitions', { ...base, termType: 'TERMED', term: 12, termPeriodType: 'Month' });
    expect(termed.status).toBe(200);
    // a plan the charge is not used in
    const otherPlan = await c.post('/v1/product-charge-definitions', { ...base, productRatePlanId: k.seat.id }, V);
    expect(otherPlan.status).toBe(400);
    expect(otherPlan.body.reasons[0].message).toContain('product rate plan definition');
    await c.post('/v1/product-rateplan-definitions', { productRatePlanChargeId: k.fee.id, productRatePlanId: k.seat.id });
    const inPlan = await c.post('/v1/product-charge-definitions', { ...base, productRatePlanNumber: k.seat.productRatePlanNumber });
    expect(inPlan.status, JSON.stringify(inPlan.body)).toBe(200);
    const v = (await c.get(`/v1/product-charge-definitions/${inPlan.body.chargeDefinitionId}`)).body;
    expect(v).toMatchObject({ productRatePlanId: k.seat.id, productRatePlanName: 'Per Seat', productRatePlanNumber: k.seat.productRatePlanNumber });
    // the link cannot go while a definition prices the charge in that plan
    const links = (await c.get(`/v1/product-rateplan-definitions?rateplan=${k.seat.id}`)).body.productRatePlanDefinitions;
    const del = await c.del(`/v1/product-rateplan-definitions/${links[0].id}`, V);
    expect(del.status).toBe(400);
    expect(del.body.reasons[0].message).toContain(inPlan.body.chargeDefinitionNumber);
  });

  it('lists the default definition (the charge itself) and the others, by charge and by rate plan', async () => {
    const c = await t.newClient();
    const k = await catalog(c);
    const cd = await c.post('/v1/product-charge-definitions', {
      productRatePlanChargeId: k.tiered.id,
      effectiveStartDate: '2024-01-01',
      effectiveEndDate: '2025-01-01',
      prices: ['USD', 'EUR'].map((currency) => ({ currency, tiers: [{ startingUnit: 0, endingUnit: 500, price: 0.2, priceFormat: 'Per Unit' }, { startingUnit: 500, price: 0.15, priceFormat: 'Per Unit' }] })),
    });
    expect(cd.status, JSON.stringify(cd.body)).toBe(200);
    const byCharge = await c.get(`/v1/product-charge-definitions?charge=${k.tiered.productRatePlanChargeNumber}`);
    expect(byCharge.status).toBe(200);
    const [def, own] = byCharge.body.chargeDefinitions;
    expect(byCharge.body.chargeDefinitions).toHaveLength(2);
    expect(def).toMatchObject({ isDefault: true, productChargeDefinitionId: k.tiered.id, productRatePlanId: null, chargeModel: 'Tiered', chargeType: 'Usage', uom: 'Each', effectiveStartDate: '2024-01-01 00:00:00', effectiveEndDate: '2049-12-31 00:00:00' });
    expect(def.prices[0]).toEqual({
      currency: 'USD',
      tiers: [
        { tier: 1, currency: 'USD', startingUnit: 0, endingUnit: 1000, price: 0.1, priceFormat: 'Per Unit' },
        { tier: 2, currency: 'USD', startingUnit: 1000, endingUnit: 10000, price: 0.08, priceFormat: 'Per Unit' },
        { tier: 3, currency: 'USD', startingUnit: 10000, endingUnit: null, price: 500, priceFormat: 'Flat Fee' },
      ],
    });
    expect(own).toMatchObject({ isDefault: false, productChargeDefinitionNumber: cd.body.chargeDefinitionNumber });
    expect(own.prices[0].tiers[1]).toMatchObject({ startingUnit: 500, endingUnit: null, price: 0.15 });
    const byPlan = await c.get(`/v1/product-charge-definitions?rateplan=${k.usage.id}`);
    expect(byPlan.body.chargeDefinitions.map((x: any) => [x.productRatePlanChargeId, x.isDefault])).toEqual([
      [k.tiered.id, true],
      [k.tiered.id, false],
      [k.volume.id, true],
    ]);
    expect((await c.get(`/v1/product-charge-definitions/${k.tiered.id}`)).body).toEqual({ ...def, success: true });
    expect((await c.get('/v1/product-charge-definitions', V)).body.reasons[0].code).toBe(50000023);
    expect((await c.get('/v1/product-charge-definitions/CD-99999999', V)).status).toBe(404);
  });

  it('updates a definition; updating the default definition updates the charge itself', async () => {
    const c = await t.newClient();
    const k = await catalog(c);
    const cd = (await c.post('/v1/product-charge-definitions', { productRatePlanChargeId: k.fee.id, effectiveStartDate: '2024-01-01', effectiveEndDate: '2025-01-01', prices: [{ currency: 'USD', price: 12 }, { currency: 'EUR', price: 11 }] })).body;
    const u = await c.put(`/v1/product-charge-definitions/${cd.chargeDefinitionNumber}`, { prices: [{ currency: 'USD', price: 20 }, { currency: 'EUR', price: 19 }], taxable: true, taxCode: 'VAT', taxMode: 'TaxInclusive' });
    expect(u.status, JSON.stringify(u.body)).toBe(200);
    expect(u.body).toMatchObject({ success: true, prices: [{ currency: 'USD', price: 20 }, { currency: 'EUR', price: 19 }], taxable: true, taxCode: 'VAT', taxMode: 'TaxInclusive', productChargeDefinitionNumber: cd.chargeDefinitionNumber });
    const bad = await c.put(`/v1/product-charge-definitions/${cd.chargeDefinitionId}`, { taxable: false, prices: [{ currency: 'JPY', price: 3 }] }, V);
    expect(bad.status).toBe(400);
    expect((await c.get(`/v1/product-charge-definitions/${cd.chargeDefinitionId}`)).body.prices[0].price).toBe(20);

    const def = await c.put(`/v1/product-charge-definitions/${k.fee.id}`, { prices: [{ currency: 'USD', price: 105 }] });
    expect(def.status, JSON.stringify(def.body)).toBe(200);
    expect(def.body).toMatchObject({ isDefault: true, prices: [{ currency: 'USD', price: 105 }, { currency: 'EUR', price: 92.5 }] });
    const q = await c.post('/commerce/charges/query', { product_rate_plan_charge_key: k.fee.id });
    expect(q.body.pricing.flatAmounts).toEqual({ USD: 105, EUR: 92.5 });
    const defDates = await c.put(`/v1/product-charge-definitions/${k.fee.id}`, { effectiveEndDate: '2030-01-01' }, V);
    expect(defDates.status).toBe(400);
    expect(defDates.body.reasons[0].message).toContain("'effectiveEndDate'");
  });

  it('bulk creates definitions item by item, and bulk updates all or nothing', async () => {
    const c = await t.newClient();
    const k = await catalog(c);
    const prices = (usd: number) => [{ currency: 'USD', price: usd }, { currency: 'EUR', price: usd - 1 }];
    const r = await c.post('/v1/product-charge-definitions/bulk', {
      productChargeDefinitions: [
        { productRatePlanChargeId: k.fee.id, effectiveStartDate: '2024-01-01 00:00:00', effectiveEndDate: '2025-01-01 00:00:00', prices: prices(18) },
        { productRatePlanChargeId: k.fee.id, effectiveStartDate: '2024-06-01 00:00:00', effectiveEndDate: '2025-06-01 00:00:00', prices: prices(19) },
        { productRatePlanChargeNumber: k.seats.productRatePlanChargeNumber, effectiveStartDate: '2024-01-01', effectiveEndDate: '2025-01-01', prices: prices(21) },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body.summary).toEqual({ successCount: 2, failureCount: 1, failures: [1] });
    expect(r.body.results[0]).toEqual({ success: true, chargeDefinitionId: expect.any(String), chargeDefinitionNumber: 'CD-00000001' });
    expect(r.body.results[1]).toMatchObject({ success: false, reasons: [{ code: '50000030', message: expect.stringContaining('overlaps') }] });
    expect(r.body.results[2]).toMatchObject({ success: true, chargeDefinitionNumber: 'CD-00000002' });

    const bad = await c.put(
      '/v1/product-charge-definitions/bulk',
      { productChargeDefinitions: [{ productChargeDefinitionKey: 'CD-00000001', prices: prices(30) }, { productChargeDefinitionKey: 'CD-00000002', chargeModel: 'Nope' }] },
      V,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.reasons[0].message).toContain('productChargeDefinitions[1]');
    expect((await c.get('/v1/product-charge-definitions/CD-00000001')).body.prices[0].price).toBe(18);
    const ok = await c.put('/v1/product-charge-definitions/bulk', { productChargeDefinitions: [{ productChargeDefinitionKey: 'CD-00000001', prices: prices(30) }, { productChargeDefinitionKey: 'CD-00000002', prices: prices(31) }] });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.chargeDefinitions.map((d: any) => d.prices[0].price)).toEqual([30, 31]);
    expect(ok.body.success).toBe(true);
  });

  it('deletes a definition, never the default one, and keeps a charge with definitions from being deleted', async () => {
    const c = await t.newClient();
    const k = await catalog(c);
    const cd = (await c.post('/v1/product-charge-definitions', { productRatePlanChargeId: k.fee.id, effectiveStartDate: '2024-01-01', effectiveEndDate: '2025-01-01', prices: [{ currency: 'USD', price: 12 }, { currency: 'EUR', price: 11 }] })).body;
    const delCharge = await c.del(`/v1/object/product-rate-plan-charge/${k.fee.id}`);
    expect(delCharge.status).not.toBe(200);
    expect(JSON.stringify(delCharge.body)).toContain(cd.chargeDefinitionNumber);
    const delDefault = await c.del(`/v1/product-charge-definitions/${k.fee.id}`, V);
    expect(delDefault.status).toBe(400);
    expect(delDefault.body.reasons[0].code).toBe(50000030);
    expect((await c.del(`/v1/product-charge-definitions/${cd.chargeDefinitionNumber}`)).body).toEqual({ success: true });
    expect((await c.get(`/v1/product-charge-definitions/${cd.chargeDefinitionNumber}`, V)).status).toBe(404);
    expect((await c.del(`/v1/product-charge-definitions/${cd.chargeDefinitionNumber}`, V)).status).toBe(404);
  });
});
