import { it, expect } from 'vitest';
import { setupApp } from '../helpers.js';
import { realisticProduct } from './fixtures.js';
const t = await setupApp();
/** Junk of every JSON type in the fields of every view's requests: always a Zuora error, never a 500. */
it('answers junk input with client errors, never a 500', async () => {
  const c = await t.newClient();
  const p = (await c.post('/commerce/products', realisticProduct())).body;
  const plan = p.plans[2];
  const ch = plan.productRatePlanCharges[0];
  const junk: unknown[] = [null, 1, 'x', 'a\u0000b', true, [], {}, [1], { a: 1 }, -1, 1e308, '2024-13-45', { string_value: 1 }];
  const bodies: [string, string, (j: unknown) => unknown][] = [
    ['POST', '/commerce/products', (j) => ({ ...realisticProduct(), plans: [{ ...realisticProduct().plans[0], charges: [{ ...(realisticProduct().plans[0]!.charges[0] as object), pricing: j }] }] })],
    ['POST', '/commerce/products', (j) => ({ ...realisticProduct(), plans: [{ ...realisticProduct().plans[2], charges: [{ ...(realisticProduct().plans[2]!.charges[0] as object), pricing: { tiers: [{ tier: '1', from: 0, up_to: j, price_format: 'price_format_per_unit', unit_amounts: { USD: 1, EUR: 1 } }] } }] }] })],
    ['POST', '/commerce/products', (j) => ({ ...realisticProduct(), custom_fields: j })],
    ['POST', '/commerce/products', (j) => ({ ...realisticProduct(), plans: [{ ...realisticProduct().plans[0], charges: [{ ...(realisticProduct().plans[0]!.charges[0] as object), bill_cycle: j }] }] })],
    ['POST', '/commerce/charges', (j) => ({ charge: { ...(realisticProduct().plans[2]!.charges[0] as object), product_rate_plan_id: plan.id, attributes: [{ name: 'A', type: 'Integer' }], rate_cards: j } })],
    ['POST', '/commerce/charges', (j) => ({ charge: { ...(realisticProduct().plans[2]!.charges[0] as object), product_rate_plan_id: plan.id, attributes: j } })],
    ['PUT', '/commerce/charges', (j) => ({ charge: { id: ch.id, pricing: j } })],
    ['PUT', '/commerce/charges', (j) => ({ charge: { id: ch.id, custom_fields: j } })],
    ['POST', '/commerce/charges/query', (j) => ({ product_rate_plan_charge_key: ch.id, attributes: j })],
    ['POST', '/commerce/charges/query', (j) => ({ product_rate_plan_charge_key: ch.id, attributes: [{ name: 'A', value: j }] })],
    ['POST', '/commerce/plans/list', (j) => ({ filters: [{ field: 'name', operator: 'GT', value: j }] })],
    ['POST', '/commerce/plans/list', (j) => ({ filters: j })],
    ['POST', '/commerce/legacy/products/list', (j) => ({ filters: [{ field: 'name', operator: 'LIKE', value: j }] })],
    ['POST', '/commerce/purchase-options/list', (j) => ({ filters: [{ field: 'prp_id', operator: 'IN', value: j }] })],
    ['PUT', '/commerce/tiers', (j) => ({ id: j, price: j })],
    ['PUT', '/commerce/products', (j) => ({ id: p.id, startDate: j, custom_fields: j })],
    ['PUT', '/commerce/plans', (j) => ({ id: plan.id, grade: j })],
    ['POST', '/v1/catalog-groups', (j) => ({ name: 'G' + Math.random(), productRatePlans: j })],
    ['POST', '/v1/catalog-groups', (j) => ({ name: 'G' + Math.random(), productRatePlans: [{ id: plan.id, grade: j }] })],
    ['POST', '/v1/catalog-groups', (j) => ({ name: j })],
    ['PUT', '/v1/catalog-groups/CG-00000001', (j) => ({ add: j, remove: j })],
    ['POST', '/v1/product-charge-definitions', (j) => ({ productRatePlanChargeId: ch.id, effectiveStartDate: '2024-01-01', effectiveEndDate: '2025-01-01', prices: j })],
    ['POST', '/v1/product-charge-definitions', (j) => ({ productRatePlanChargeId: ch.id, effectiveStartDate: '2024-01-01', effectiveEndDate: '2025-01-01', prices: [{ currency: 'USD', tiers: j }] })],
    ['POST', '/v1/product-charge-definitions', (j) => ({ productRatePlanChargeId: ch.id, effectiveStartDate: j, effectiveEndDate: j, term: j, termType: j })],
    ['POST', '/v1/product-charge-definitions', (j) => ({ productRatePlanChargeId: ch.id, effectiveStartDate: '2024-01-01', effectiveEndDate: '2025-01-01', defaultQuantity: j, specificBillingPeriod: j, uom: j, billingPeriod: j })],
    ['POST', '/v1/product-charge-definitions/bulk', (j) => ({ productChargeDefinitions: j })],
    ['PUT', '/v1/product-charge-definitions/bulk', (j) => ({ productChargeDefinitions: [{ productChargeDefinitionKey: j, prices: j }] })],
    ['PUT', `/v1/product-charge-definitions/${ch.id}`, (j) => ({ prices: j, billingPeriod: j })],
    ['POST', '/v1/product-rateplan-definitions', (j) => ({ productRatePlanChargeId: j, productRatePlanId: j })],
  ];
  const bad: string[] = [];
  for (const [m, u, f] of bodies)
    for (const j of junk) {
      const r = await c.req(m, u, f(j));
      if (r.status >= 500) bad.push(`${m} ${u} ${JSON.stringify(f(j))} → ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
    }
  for (const u of ['/v1/product-charge-definitions?charge=%00', '/v1/catalog-groups?page=0', '/v1/catalog-groups?pageSize=abc', '/commerce/products/%20']) {
    const r = await c.get(u);
    if (r.status >= 500) bad.push(`GET ${u} → ${r.status}`);
  }
  expect(bad).toEqual([]);
});
