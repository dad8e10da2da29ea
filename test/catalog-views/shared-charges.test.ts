/**
 * A product rate plan definition links an existing charge into another product
 * rate plan: the charge is then one of that plan's charges wherever the plan is
 * read (catalog API, Commerce API, the reader other modules use) and a
 * subscription to the plan carries it; deleting the definition unlinks it.
 */
import { describe, expect, it } from 'vitest';
import { makeCtx } from '../../src/platform/context.js';
import { catalogReader } from '../../src/modules/catalog/service.js';
import { setupApp, type Client } from '../helpers.js';
import { createSubscriptionOrder, makeCatalog, newAccount, type Catalog } from '../subscriptions/fixtures.js';

const t = await setupApp();

/** The base plan (Platform Fee, Seats) and the add-on plan (Addon Fee); the add-on's charge linked into the base plan. */
async function linked(c: Client, cat?: Catalog) {
  cat ??= await makeCatalog(c);
  const r = await c.post('/v1/product-rateplan-definitions', { productRatePlanChargeId: cat.addonChargeId, productRatePlanId: cat.basePlanId });
  expect(r.body, JSON.stringify(r.body)).toMatchObject({ success: true });
  return { cat, definitionId: r.body.id as string };
}

const names = (charges: { name: string }[]) => charges.map((x) => x.name);

describe('a charge linked into another product rate plan is one of its charges', () => {
  it('shows in the target plan through the catalog API, the Commerce API and the reader, and goes with the definition', async () => {
    const c = await t.newClient();
    const ctx = makeCtx(c.tenant, t.database.db);
    const cat0 = await makeCatalog(c);
    expect(names((await catalogReader.getRatePlan(ctx, cat0.basePlanId))!.charges)).toEqual(['Platform Fee', 'Seats']);

    const { cat, definitionId } = await linked(c, cat0);
    // the catalog API lists a product's plans with their charges (GET /v1/product-rate-plans/{id} answers the plan without charges)
    const byProduct = await c.get(`/v1/products/${cat.productId}/product-rate-plans`);
    expect(byProduct.status).toBe(200);
    const plans = Object.fromEntries(byProduct.body.productRatePlans.map((p: any) => [p.name, p]));
    expect(names(plans.Base.productRatePlanCharges)).toEqual(['Platform Fee', 'Seats', 'Addon Fee']);
    expect(names(plans.Addon.productRatePlanCharges)).toEqual(['Addon Fee']);
    const shared = plans.Base.productRatePlanCharges[2];
    expect(shared).toMatchObject({ id: cat.addonChargeId, name: 'Addon Fee', model: 'FlatFee', type: 'Recurring' });
    expect(shared.pricing).toEqual([expect.objectContaining({ currency: 'USD', price: 20 })]);
    // its charge definitions are listed for the plan it is read in
    expect(shared.productChargeDefinitions).toContain(`charge=${cat.addonChargeId}&rateplan=${cat.basePlanId}`);
    expect(plans.Addon.productRatePlanCharges[0].productChargeDefinitions).toContain(`rateplan=${cat.addonPlanId}`);
    // the Commerce plan query
    const q = await c.post('/commerce/plans/query', { product_rate_plan_key: cat.basePlanId, expand: { product_rate_plan_charges: true } });
    expect(q.status, JSON.stringify(q.body)).toBe(200);
    expect(q.body.productRatePlanCharges.map((x: any) => x.id)).toEqual([cat.flatChargeId, cat.seatChargeId, cat.addonChargeId]);
    // the reader the subscriptions engine uses: the same charge record, still owned by its own plan
    const plan = await catalogReader.getRatePlan(ctx, cat.basePlanId);
    expect(plan!.charges.map((x) => x.id)).toEqual([cat.flatChargeId, cat.seatChargeId, cat.addonChargeId]);
    expect(plan!.charges[2]).toMatchObject({ productRatePlanId: cat.addonPlanId, pricing: [expect.objectContaining({ currency: 'USD', price: '20' })] });
    expect((await catalogReader.getRatePlan(ctx, cat.addonPlanId))!.charges.map((x) => x.id)).toEqual([cat.addonChargeId]);
    // the charge definitions of the plan list the linked charge's default definition once
    const cds = await c.get(`/v1/product-charge-definitions?rateplan=${cat.basePlanId}`);
    expect(cds.body.chargeDefinitions.filter((d: any) => d.productRatePlanChargeId === cat.addonChargeId || d.productRatePlanChargeNumber === plan!.charges[2]!.productRatePlanChargeNumber)).toHaveLength(1);

    expect((await c.del(`/v1/product-rateplan-definitions/${definitionId}`)).body).toEqual({ success: true });
    const after = Object.fromEntries((await c.get(`/v1/products/${cat.productId}/product-rate-plans`)).body.productRatePlans.map((p: any) => [p.name, names(p.productRatePlanCharges)]));
    expect(after).toEqual({ Base: ['Platform Fee', 'Seats'], Addon: ['Addon Fee'] });
    const q2 = await c.post('/commerce/plans/query', { product_rate_plan_key: cat.basePlanId, expand: { product_rate_plan_charges: true } });
    expect(q2.body.productRatePlanCharges.map((x: any) => x.id)).toEqual([cat.flatChargeId, cat.seatChargeId]);
    expect((await catalogReader.getRatePlan(ctx, cat.basePlanId))!.charges.map((x) => x.id)).toEqual([cat.flatChargeId, cat.seatChargeId]);
  });

  it('a subscription created with POST /v1/orders on the target plan carries the linked charge', async () => {
    const c = await t.newClient();
    const { cat, definitionId } = await linked(c);
    const acc = await newAccount(c);
    const o = await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId));
    expect(o.body, JSON.stringify(o.body)).toMatchObject({ success: true });
    const sub = (await c.get(`/v1/subscriptions/${o.body.subscriptions[0].subscriptionNumber}`)).body;
    expect(sub.ratePlans).toHaveLength(1);
    expect(sub.ratePlans[0].productRatePlanId).toBe(cat.basePlanId);
    const charges = sub.ratePlans[0].ratePlanCharges;
    expect(charges.map((x: any) => x.productRatePlanChargeId)).toEqual([cat.flatChargeId, cat.seatChargeId, cat.addonChargeId]);
    expect(charges[2]).toMatchObject({ name: 'Addon Fee', model: 'FlatFee', price: 20 });

    // a charge override may name the linked charge, as any charge of the plan
    const o2 = await c.post(
      '/v1/orders',
      createSubscriptionOrder(acc.accountNumber, cat.basePlanId, {
        extra: { subscribeToRatePlans: [{ productRatePlanId: cat.basePlanId, chargeOverrides: [{ productRatePlanChargeId: cat.addonChargeId, pricing: { recurringFlatFee: { listPrice: 25 } } }] }] },
      }),
    );
    expect(o2.body, JSON.stringify(o2.body)).toMatchObject({ success: true });
    const sub2 = (await c.get(`/v1/subscriptions/${o2.body.subscriptions[0].subscriptionNumber}`)).body;
    expect(sub2.ratePlans[0].ratePlanCharges.find((x: any) => x.productRatePlanChargeId === cat.addonChargeId)).toMatchObject({ price: 25 });

    // once unlinked, a new subscription to the plan has its own charges only
    expect((await c.del(`/v1/product-rateplan-definitions/${definitionId}`)).body).toEqual({ success: true });
    const o3 = await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId));
    const sub3 = (await c.get(`/v1/subscriptions/${o3.body.subscriptions[0].subscriptionNumber}`)).body;
    expect(sub3.ratePlans[0].ratePlanCharges.map((x: any) => x.productRatePlanChargeId)).toEqual([cat.flatChargeId, cat.seatChargeId]);
  });
});
