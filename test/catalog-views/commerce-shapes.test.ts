import { describe, expect, it } from 'vitest';
import { CHARGE, PLAN_LIST, PRODUCT_GET, project } from '../../src/modules/catalog/views/commerce-shapes.js';

describe('Commerce per-operation shapes', () => {
  it('keeps the listed fields, recursing into objects and into every element of an array', () => {
    const shape = { id: 1, plans: { id: 1, charges: { name: 1 } }, billCycle: { period: 1 } } as const;
    const out = project(
      { id: 'p', extra: 1, billCycle: { period: 'm', dayOfMonth: 5 }, plans: [{ id: 'a', grade: 1, charges: [{ name: 'x', taxCode: null }] }, { id: 'b', charges: [] }] },
      shape,
    );
    expect(out).toEqual({ id: 'p', billCycle: { period: 'm' }, plans: [{ id: 'a', charges: [{ name: 'x' }] }, { id: 'b', charges: [] }] });
  });

  it('keeps a `1` field whole, passes null through, and keeps description and custom fields anywhere', () => {
    expect(project({ pricing: { flatAmounts: { USD: 1 }, anything: [1] } }, { pricing: 1 })).toEqual({ pricing: { flatAmounts: { USD: 1 }, anything: [1] } });
    expect(project({ accounting: null }, { accounting: { accountingCode: 1 } })).toEqual({ accounting: null });
    expect(project({ description: 'd', Region__c: 'EU', other: 1 }, { id: 1 })).toEqual({ description: 'd', Region__c: 'EU' });
  });

  it("follows the spec's per-operation differences", () => {
    // the charge operations have no quantities; the plan list has defaultQuantity and unitOfMeasure; the product GET has neither
    const charge = { id: 'c', defaultQuantity: 5, unitOfMeasure: 'Each', taxCode: 'T' };
    expect(project(charge, CHARGE)).toEqual({ id: 'c', unitOfMeasure: 'Each', taxCode: 'T' });
    expect(project({ values: [{ id: 'p', grade: 1, productRatePlanCharges: [charge] }] }, PLAN_LIST)).toEqual({ values: [{ id: 'p', productRatePlanCharges: [{ id: 'c', defaultQuantity: 5, unitOfMeasure: 'Each' }] }] });
    expect(project({ productRatePlans: [{ id: 'p', customFields: {}, productRatePlanCharges: [charge] }] }, PRODUCT_GET)).toEqual({ productRatePlans: [{ id: 'p', productRatePlanCharges: [{ id: 'c' }] }] });
  });
});
