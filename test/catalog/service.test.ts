import { describe, expect, it } from 'vitest';
import { makeCtx, inTransaction } from '../../src/platform/context.js';
import { ZuoraError } from '../../src/platform/errors.js';
import { catalogUsageGuards } from '../../src/modules/catalog/contract.js';
import * as catalog from '../../src/modules/catalog/service.js';
import { setupApp } from '../helpers.js';

const t = await setupApp();

async function newCtx() {
  const c = await t.newClient();
  return makeCtx(c.tenant, t.database.db);
}

describe('catalog service (the model the views share)', () => {
  it('creates a product with a generated SKU and number, a multi-currency plan and a tiered charge, and reads them back', async () => {
    const ctx = await newCtx();
    const p = await catalog.createProduct(ctx, { name: 'Gold', effectiveStartDate: '2024-01-01', effectiveEndDate: '2034-01-01', category: 'Base Products', customFields: { Region__c: 'EU' } });
    expect(p.sku).toBe('SKU-00000001');
    expect(p.productNumber).toBe('PC-00000001');
    const p2 = await catalog.createProduct(ctx, { name: 'Silver', effectiveStartDate: '2024-01-01', effectiveEndDate: '2034-01-01' });
    expect(p2.sku).toBe('SKU-00000002');
    const plan = await catalog.createRatePlan(ctx, { productId: p.id, name: 'Usage', activeCurrencies: ['USD', 'EUR'] });
    expect(plan.productRatePlanNumber).toBe('PRP-00000001');
    expect(plan.status).toBe('Active');
    const ch = await catalog.createCharge(ctx, {
      productRatePlanId: plan.id,
      name: 'API calls',
      chargeType: 'Usage',
      chargeModel: 'Tiered Pricing',
      billingPeriod: 'Month',
      uom: 'Each',
      pricing: [
        { currency: 'USD', tiers: [{ startingUnit: 0, endingUnit: 100, price: 1 }, { startingUnit: 101, endingUnit: null, price: '0.5' }] },
        { currency: 'EUR', tiers: [{ startingUnit: 0, endingUnit: 100, price: 0.9 }, { startingUnit: 101, price: 0.45 }] },
      ],
    });
    expect(ch.productRatePlanChargeNumber).toBe('PRPC-00000001');
    expect(ch.billCycleType).toBe('DefaultFromCustomer');
    expect(ch.billingTiming).toBe('IN_ARREARS');
    expect(ch.pricing.map((x) => x.currency)).toEqual(['USD', 'EUR']);
    expect(ch.pricing[0]!.tiers).toEqual([
      { tier: 1, startingUnit: '0', endingUnit: '100', price: '1', priceFormat: 'PerUnit', currency: 'USD' },
      { tier: 2, startingUnit: '101', endingUnit: null, price: '0.5', priceFormat: 'PerUnit', currency: 'USD' },
    ]);
    const viaReader = await catalog.catalogReader.getRatePlan(ctx, plan.productRatePlanNumber!);
    expect(viaReader?.charges[0]?.id).toBe(ch.id);
    expect((await catalog.catalogReader.getProduct(ctx, p.sku))?.id).toBe(p.id);
    expect((await catalog.catalogReader.getCharge(ctx, 'PRPC-00000001'))?.name).toBe('API calls');

    // update one currency's pricing; the other stays
    const up = await catalog.updateCharge(ctx, ch.id, { pricing: [{ currency: 'EUR', tiers: [{ startingUnit: 0, endingUnit: 50, price: 2 }, { startingUnit: 50, price: 1 }] }] });
    expect(up.pricing[0]!.tiers[1]!.price).toBe('0.5');
    expect(up.pricing[1]!.tiers[0]!.endingUnit).toBe('50');
  });

  it('refuses a delete when a usage guard answers, and changes nothing', async () => {
    const ctx = await newCtx();
    const p = await catalog.createProduct(ctx, { name: 'P', effectiveStartDate: '2024-01-01', effectiveEndDate: '2034-01-01' });
    const plan = await catalog.createRatePlan(ctx, { productId: p.id, name: 'Plan' });
    const ch = await catalog.createCharge(ctx, { productRatePlanId: plan.id, name: 'Fee', chargeType: 'Recurring', chargeModel: 'Flat Fee Pricing', billingPeriod: 'Month', pricing: [{ price: 10 }] });
    const guard = async (_c: unknown, kind: string, id: string) => (kind === 'charge' && id === ch.id ? 'used by subscription A-S00000001' : null);
    catalogUsageGuards.push(guard);
    try {
      const err = await inTransaction(ctx, (c) => catalog.deleteProduct(c, p.id)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ZuoraError);
      expect((err as ZuoraError).category).toBe(30);
      expect((err as ZuoraError).message).toContain('A-S00000001');
      expect(await catalog.getCharge(ctx, ch.id)).toBeDefined();
      expect(await catalog.getProduct(ctx, p.id)).toBeDefined();
    } finally {
      catalogUsageGuards.splice(catalogUsageGuards.indexOf(guard), 1);
    }
    await inTransaction(ctx, (c) => catalog.deleteProduct(c, p.id));
    expect(await catalog.getCharge(ctx, ch.id)).toBeUndefined();
    expect(await catalog.getRatePlan(ctx, plan.id)).toBeUndefined();
  });
});
