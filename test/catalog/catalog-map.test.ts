import { describe, expect, it } from 'vitest';
import { billingDay, pricingSummary } from '../../src/modules/catalog/catalog-map.js';
import type { ChargeRecord } from '../../src/modules/catalog/service.js';

const charge = (over: Partial<ChargeRecord>): ChargeRecord => ({ chargeModel: 'Flat Fee Pricing', uom: null, pricing: [], billCycleType: null, billCycleDay: null, weeklyBillCycleDay: null, ...over }) as ChargeRecord;
const pricing = (o: Record<string, unknown>) => ({ currency: 'USD', price: null, tiers: [], discountAmount: null, discountPercentage: null, includedUnits: null, overagePrice: null, ...o });

describe('catalog API spellings', () => {
  it("billingDay as Zuora writes it: DefaultFromCustomer, SpecificDayofMonth(#), SpecificDayOfWeek/day", () => {
    expect(billingDay(charge({ billCycleType: 'DefaultFromCustomer' }))).toBe('DefaultFromCustomer');
    expect(billingDay(charge({ billCycleType: 'SpecificDayofMonth', billCycleDay: 15 }))).toBe('SpecificDayofMonth(15)');
    expect(billingDay(charge({ billCycleType: 'SpecificDayofWeek', weeklyBillCycleDay: 'Monday' }))).toBe('SpecificDayOfWeek/Monday');
    expect(billingDay(charge({ billCycleType: 'ChargeTriggerDay' }))).toBe('ChargeTriggerDay');
    expect(billingDay(charge({}))).toBeNull();
  });

  it("pricingSummary in the forms of Zuora's samples", () => {
    expect(pricingSummary(charge({ pricing: [pricing({ price: '100' })] }))).toEqual(['USD100']);
    expect(pricingSummary(charge({ chargeModel: 'Per Unit Pricing', uom: 'Each', pricing: [pricing({ price: '30' })] }))).toEqual(['USD30/Each']);
    expect(pricingSummary(charge({ chargeModel: 'Discount-Fixed Amount', pricing: [pricing({ discountAmount: '10' })] }))).toEqual(['USD10 fixed amount discount']);
    expect(pricingSummary(charge({ chargeModel: 'Discount-Percentage', pricing: [pricing({ discountPercentage: '15' })] }))).toEqual(['15% discount']);
    // "0 to 10 Each: USD20 flat fee; 11 Each or more: USD4/Each"
    const tiers = [
      { tier: 1, startingUnit: '0', endingUnit: '10', price: '20', priceFormat: 'FlatFee' as const, currency: 'USD' },
      { tier: 2, startingUnit: '11', endingUnit: null, price: '4', priceFormat: 'PerUnit' as const, currency: 'USD' },
    ];
    expect(pricingSummary(charge({ chargeModel: 'Tiered Pricing', uom: 'Each', pricing: [pricing({ tiers })] }))).toEqual(['0 to 10 Each: USD20 flat fee; 11 Each or more: USD4/Each']);
  });
});
