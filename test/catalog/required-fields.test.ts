// Required fields of the spec (issue 7 §1): the object API refuses a product rate plan
// charge without BillCycleType or TriggerEvent (both `required` in
// Object_POSTProductRatePlanCharge), naming the field, and creates nothing.
import { describe, expect, it } from 'vitest';
import { setupApp } from '../helpers.js';
import { makeCatalog } from '../subscriptions/fixtures.js';

const t = await setupApp();

describe('POST /v1/object/product-rate-plan-charge: required fields', () => {
  it.each(['BillCycleType', 'TriggerEvent'])('refuses a charge without %s (category 22) and keeps nothing', async (field) => {
    const c = await t.newClient();
    const cat = await makeCatalog(c);
    const body: Record<string, unknown> = {
      ProductRatePlanId: cat.basePlanId,
      Name: 'No ' + field,
      ChargeType: 'Recurring',
      ChargeModel: 'Flat Fee Pricing',
      BillingPeriod: 'Month',
      BillCycleType: 'DefaultFromCustomer',
      TriggerEvent: 'ContractEffective',
      UseDiscountSpecificAccountingCode: false,
      ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 5 }] },
    };
    delete body[field];
    const r = await c.post('/v1/object/product-rate-plan-charge', body);
    expect(r.body.Success).toBe(false);
    expect(r.body.Errors[0].Message).toContain(field);
    expect(r.body.Errors[0].Code).toBe('MISSING_REQUIRED_VALUE');
    const charges = (await c.get(`/v1/catalog/products/${cat.productId}`)).body;
    expect(JSON.stringify(charges)).not.toContain('No ' + field);
    // with the field the same charge is created
    const ok = await c.post('/v1/object/product-rate-plan-charge', { ...body, [field]: field === 'TriggerEvent' ? 'ContractEffective' : 'DefaultFromCustomer' });
    expect(ok.body.Success).toBe(true);
  });
});
