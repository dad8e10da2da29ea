// The dispatcher: every model of the spec's ChargeModel enum (zuora-openapi.yaml, ProductRatePlanCharge.ChargeModel)
// is rated or refused with a typed error. Amounts repeat the docs' numbers used in the per-model tests.
import { describe, expect, it } from 'vitest';
import { Temporal } from '../../../../src/platform/dates.js';
import { CHARGE_MODELS, chargeModelOf, rateCharge, RatingError } from '../../../../src/modules/billing/rating/models/index.js';

const tiers = [
  { tier: 1, startingUnit: 0, endingUnit: 10, price: '2.00', priceFormat: 'PerUnit' as const },
  { tier: 2, startingUnit: 11, endingUnit: 20, price: '3.00', priceFormat: 'PerUnit' as const },
  { tier: 3, startingUnit: 21, endingUnit: null, price: '5.00', priceFormat: 'PerUnit' as const },
];

describe('rateCharge', () => {
  it('rates every charge model of the enum', () => {
    const amount = (model: string, extra: Record<string, unknown>) =>
      rateCharge({ chargeModel: model, pricing: { currency: 'USD', ...(extra.pricing as object) }, ...extra }).amount.toFixed();
    expect(amount('Flat Fee Pricing', { pricing: { price: '99.00' }, quantity: 160 })).toBe('99');
    expect(amount('Per Unit Pricing', { pricing: { price: '100.00' }, quantity: 120 })).toBe('12000');
    expect(amount('Tiered Pricing', { pricing: { tiers }, quantity: 15 })).toBe('35');
    expect(amount('Volume Pricing', { pricing: { tiers }, quantity: 15 })).toBe('45');
    expect(amount('Overage Pricing', { pricing: { includedUnits: 500, overagePrice: '0.50' }, quantity: 620 })).toBe('60');
    expect(amount('Tiered with Overage Pricing', { pricing: { tiers: tiers.slice(0, 2), overagePrice: 10 }, quantity: 22 })).toBe('70');
    expect(amount('Delivery Pricing', { pricing: { price: 5 }, deliverySchedule: { sunday: true }, periodStart: Temporal.PlainDate.from('2023-07-30'), periodEnd: Temporal.PlainDate.from('2023-08-26') })).toBe('20');
    expect(amount('PreratedPerUnit', { usageRecords: [{ quantity: 10, customFields: { r__c: '0.25' } }], preratedField: 'r__c' })).toBe('2.5');
    expect(amount('PreratedPricing', { usageRecords: [{ quantity: 10, customFields: { t__c: '4.1' } }], preratedField: 't__c' })).toBe('4.1');
    expect(amount('HighWatermarkVolumePricing', { pricing: { tiers }, dailyUsage: [3, 12, 7] })).toBe('36');
    expect(amount('HighWatermarkTieredPricing', { pricing: { tiers }, dailyUsage: [3, 12, 7] })).toBe('26');
    expect(amount('MultiAttributePricing', { chargeType: 'Usage', priceFormula: '2 * usageQuantity()', usageRecords: [{ quantity: 4, customFields: {} }] })).toBe('8');
    expect(amount('MultiAttributePricing', { chargeType: 'Recurring', priceFormula: '42' })).toBe('42');
    expect(amount('Discount-Percentage', { pricing: { discountPercentage: 30 }, appliesToAmount: 100 })).toBe('-30');
    expect(amount('Discount-Fixed Amount', { pricing: { discountAmount: 25 }, appliesToAmount: 10 })).toBe('-10');
  });

  it('knows every name of the enum and the catalog API aliases', () => {
    for (const m of CHARGE_MODELS) expect(chargeModelOf(m)).toBe(m);
    expect(chargeModelOf('TieredWithOverage')).toBe('Tiered with Overage Pricing');
    expect(chargeModelOf('PreratedPricing`')).toBe('PreratedPricing');
  });

  it('a model it cannot rate is a typed error with a Zuora rule code', () => {
    let err: unknown;
    try {
      rateCharge({ chargeModel: 'Prepaid Drawdown', pricing: { currency: 'USD' } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RatingError);
    expect((err as RatingError).reason).toBe('UNSUPPORTED_CHARGE_MODEL');
    expect((err as RatingError).code).toBe(50000030);
  });

  it('a charge missing what its model reads is a typed error', () => {
    expect(() => rateCharge({ chargeModel: 'Per Unit Pricing', pricing: { currency: 'USD', price: 1 } })).toThrow(/quantity is required/);
    expect(() => rateCharge({ chargeModel: 'Delivery Pricing', pricing: { currency: 'USD', price: 1 } })).toThrow(/deliverySchedule is required/);
    expect(() => rateCharge({ chargeModel: 'PreratedPricing', pricing: { currency: 'USD' }, usageRecords: [] })).toThrow(/preratedField is required/);
    expect(() =>
      rateCharge({ chargeModel: 'Overage Pricing', smoothingModel: 'Rollover', pricing: { currency: 'USD', includedUnits: 1, overagePrice: 1 }, quantity: 5 }),
    ).toThrow(/several periods/);
  });
});
