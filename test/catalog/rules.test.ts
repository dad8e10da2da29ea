import { describe, expect, it } from 'vitest';
import { checkCharge, checkTiers, type ChargeForRules, type NeutralTier } from '../../src/modules/catalog/rules.js';

const tier = (startingUnit: string | null, endingUnit: string | null, price: string | null = '1'): NeutralTier => ({ startingUnit, endingUnit, price, priceFormat: 'PerUnit' });

describe('tier rules', () => {
  it("accepts Zuora's own example: 0 - 100, 101 - 200, 201 and up", () => {
    expect(checkTiers([tier('0', '100'), tier('101', '200'), tier('201', null)], 'USD', { lastOpen: true })).toBeNull();
  });
  it('accepts tiers that continue exactly at the previous ending unit', () => {
    expect(checkTiers([tier('0', '10.5'), tier('10.5', null)], 'USD', { lastOpen: true })).toBeNull();
  });
  it('accepts decimal boundaries one unit or a fraction of one apart: 0 - 5 then 5.01 - 7, 0 - 10 then 10.1 and up', () => {
    expect(checkTiers([tier('0', '5'), tier('5.01', '7'), tier('7.1', null)], 'USD', { lastOpen: true })).toBeNull();
    expect(checkTiers([tier('0', '10'), tier('10.1', null)], 'USD', { lastOpen: true })).toBeNull();
    expect(checkTiers([tier('0', '5'), tier('5.01', '7')], 'USD', { lastOpen: true, uomDecimalPlaces: 2 })).toBeNull();
    expect(checkTiers([tier('0', '10.5'), tier('11.5', null)], 'USD', { lastOpen: true })).toBeNull();
  });
  it('refuses a step finer than the unit of measure allows, and steps that are not a power of ten', () => {
    expect(checkTiers([tier('0', '5'), tier('5.001', null)], 'USD', { lastOpen: true, uomDecimalPlaces: 2 })?.message).toMatch(/startingUnit of tier 2 \(USD\) leaves a gap/);
    expect(checkTiers([tier('0', '5'), tier('5', null)], 'USD', { lastOpen: true, uomDecimalPlaces: 0 })).toBeNull();
    expect(checkTiers([tier('0', '5'), tier('5.1', null)], 'USD', { lastOpen: true, uomDecimalPlaces: 0 })?.message).toMatch(/leaves a gap/);
    for (const start of ['5.02', '5.5', '7', '6.01'])
      expect(checkTiers([tier('0', '5'), tier(start, null)], 'USD', { lastOpen: true })?.message, start).toMatch(/leaves a gap after the previous tier, which ends at 5/);
    expect(checkTiers([tier('0', '5'), tier('4.99', null)], 'USD', { lastOpen: true })?.message).toMatch(/overlaps/);
  });
  it('refuses a first tier that does not start at 0', () => {
    expect(checkTiers([tier('1', '100'), tier('101', null)], 'USD', { lastOpen: true })?.message).toMatch(/startingUnit of tier 1 \(USD\) must be 0/);
  });
  it('refuses a gap between tiers', () => {
    const err = checkTiers([tier('0', '100'), tier('150', null)], 'EUR', { lastOpen: true });
    expect(err?.category).toBe(20);
    expect(err?.message).toMatch(/startingUnit of tier 2 \(EUR\) leaves a gap/);
  });
  it('refuses overlapping tiers', () => {
    expect(checkTiers([tier('0', '100'), tier('50', null)], 'USD', { lastOpen: true })?.message).toMatch(/overlaps/);
  });
  it('refuses an open-ended tier that is not the last', () => {
    const err = checkTiers([tier('0', null), tier('101', '200')], 'USD', { lastOpen: true });
    expect(err?.category).toBe(22);
    expect(err?.message).toMatch(/endingUnit is required for tier 1.*only the last tier may be open-ended/);
  });
  it('refuses an open last tier where the model needs closed tiers (tiered with overage)', () => {
    expect(checkTiers([tier('0', '100'), tier('101', null)], 'USD', { lastOpen: false })?.message).toMatch(/endingUnit is required for tier 2/);
  });
  it('refuses an ending unit not above the starting unit, and a tier without price', () => {
    expect(checkTiers([tier('0', '0')], 'USD', { lastOpen: true })?.message).toMatch(/endingUnit of tier 1 \(USD\) must be greater/);
    expect(checkTiers([tier('0', null, null)], 'USD', { lastOpen: true })?.message).toMatch(/price is required for tier 1/);
  });
  it('refuses no tiers at all', () => {
    expect(checkTiers([], 'USD', { lastOpen: true })?.category).toBe(22);
  });
});

function charge(over: Partial<ChargeForRules> & { attrs?: Record<string, unknown> }): ChargeForRules {
  return {
    name: 'C',
    chargeType: 'Recurring',
    chargeModel: 'Flat Fee Pricing',
    pricing: [{ currency: 'USD', price: '10', tiers: [], discountAmount: null, discountPercentage: null, overagePrice: null }],
    ...over,
    attrs: { billingPeriod: 'Month', billCycleType: 'DefaultFromCustomer', ...(over.attrs ?? {}) },
  };
}
const price = (currency: string, p: string) => ({ currency, price: p, tiers: [], discountAmount: null, discountPercentage: null, overagePrice: null });

describe('charge rules by model and type', () => {
  it('keeps names and codes within their limits (name 100, UOM 25, tax code 64)', () => {
    expect(checkCharge(charge({ name: 'x'.repeat(100) }), ['USD'])).toBeNull();
    expect(checkCharge(charge({ name: 'x'.repeat(101) }), ['USD'])?.message).toMatch(/name must be at most 100 characters/);
    expect(checkCharge(charge({ attrs: { uom: 'x'.repeat(26) } }), ['USD'])?.message).toMatch(/uom must be at most 25/);
    expect(checkCharge(charge({ attrs: { taxCode: 'x'.repeat(65) } }), ['USD'])?.message).toMatch(/taxCode must be at most 64/);
  });
  it('AlignToTermEnd only for prepayment charges; usage-date rating groups only for per unit, volume and tiered', () => {
    expect(checkCharge(charge({ attrs: { billingPeriodAlignment: 'AlignToTermEnd' } }), ['USD'])?.message).toMatch(/only available for prepayment/);
    expect(checkCharge(charge({ attrs: { billingPeriodAlignment: 'AlignToTermEnd', isPrepaid: true } }), ['USD'])).toBeNull();
    const usage = { chargeType: 'Usage', chargeModel: 'Flat Fee Pricing' };
    expect(checkCharge(charge({ ...usage, attrs: { ratingGroup: 'ByUsageRecord' } }), ['USD'])?.message).toMatch(/ratingGroup 'ByUsageRecord' applies only/);
    expect(checkCharge(charge({ ...usage, attrs: { ratingGroup: 'ByBillingPeriod' } }), ['USD'])).toBeNull();
    expect(checkCharge(charge({ ...usage, chargeModel: 'Per Unit Pricing', attrs: { ratingGroup: 'ByUsageRecord', uom: 'Call' } }), ['USD'])).toBeNull();
  });
  it('delivery pricing needs a weekly delivery schedule with a day; attribute-based pricing a formula', () => {
    const delivery = { chargeModel: 'Delivery Pricing' };
    expect(checkCharge(charge(delivery), ['USD'])?.message).toMatch(/deliverySchedule is required/);
    expect(checkCharge(charge({ ...delivery, attrs: { deliverySchedule: { frequency: 'Weekly' } } }), ['USD'])?.message).toMatch(/at least one day/);
    expect(checkCharge(charge({ ...delivery, attrs: { deliverySchedule: { frequency: 'Weekly', monday: true, thursday: true } } }), ['USD'])).toBeNull();
    expect(checkCharge(charge({ chargeModel: 'MultiAttributePricing', pricing: [price('USD', '0')] }), ['USD'])?.message).toMatch(/formula is required/);
  });
  it('accepts a monthly flat fee', () => {
    expect(checkCharge(charge({}), ['USD'])).toBeNull();
  });
  it('needs a price for every active currency, and none for others', () => {
    expect(checkCharge(charge({}), ['USD', 'EUR'])?.message).toMatch(/A price in EUR is required/);
    expect(checkCharge(charge({ pricing: [price('USD', '1'), price('GBP', '1')] }), ['USD'])?.message).toMatch(/GBP is not an active currency/);
  });
  it('requires billingPeriod on recurring and usage charges, not on one-time', () => {
    expect(checkCharge(charge({ attrs: { billingPeriod: null } }), ['USD'])?.message).toMatch(/billingPeriod is required for Recurring/);
    expect(checkCharge(charge({ chargeType: 'OneTime', attrs: { billingPeriod: null } }), ['USD'])).toBeNull();
  });
  it('requires specificBillingPeriod for Specific Months / Weeks / Days', () => {
    for (const bp of ['Specific Months', 'Specific Weeks', 'Specific Days'])
      expect(checkCharge(charge({ attrs: { billingPeriod: bp } }), ['USD'])?.message).toMatch(/specificBillingPeriod is required/);
    expect(checkCharge(charge({ attrs: { billingPeriod: 'Specific Months', specificBillingPeriod: 18 } }), ['USD'])).toBeNull();
  });
  it('requires the bill cycle day that the bill cycle type names (1 - 31)', () => {
    expect(checkCharge(charge({ attrs: { billCycleType: 'SpecificDayofMonth' } }), ['USD'])?.message).toMatch(/billCycleDay is required/);
    expect(checkCharge(charge({ attrs: { billCycleType: 'SpecificDayofMonth', billCycleDay: 32 } }), ['USD'])?.message).toMatch(/between 1 and 31/);
    expect(checkCharge(charge({ attrs: { billCycleType: 'SpecificDayofWeek' } }), ['USD'])?.message).toMatch(/weeklyBillCycleDay is required/);
  });
  it('requires upToPeriods (0 < n < 65535) for a fixed-period end date', () => {
    expect(checkCharge(charge({ attrs: { endDateCondition: 'FixedPeriod' } }), ['USD'])?.message).toMatch(/upToPeriods is required/);
    expect(checkCharge(charge({ attrs: { endDateCondition: 'FixedPeriod', upToPeriods: 65535 } }), ['USD'])?.message).toMatch(/65535/);
    expect(checkCharge(charge({ attrs: { endDateCondition: 'FixedPeriod', upToPeriods: 65534 } }), ['USD'])).toBeNull();
  });
  it('requires specificListPriceBase between 1 and 120 for Per Specific Months', () => {
    expect(checkCharge(charge({ attrs: { listPriceBase: 'Per Specific Months' } }), ['USD'])?.message).toMatch(/specificListPriceBase is required/);
    expect(checkCharge(charge({ attrs: { listPriceBase: 'Per Specific Months', specificListPriceBase: 121 } }), ['USD'])?.message).toMatch(/between 1 and 120/);
    expect(checkCharge(charge({ attrs: { listPriceBase: 'Per Specific Months', specificListPriceBase: 120 } }), ['USD'])).toBeNull();
  });
  it('requires UOM for per unit, volume, overage, tiered and tiered with overage; defaultQuantity for recurring per unit', () => {
    expect(checkCharge(charge({ chargeModel: 'Per Unit Pricing', attrs: { defaultQuantity: '1' } }), ['USD'])?.message).toMatch(/uom is required for the 'Per Unit Pricing'/);
    expect(checkCharge(charge({ chargeModel: 'Per Unit Pricing', attrs: { uom: 'Seat' } }), ['USD'])?.message).toMatch(/defaultQuantity is required/);
    expect(checkCharge(charge({ chargeModel: 'Per Unit Pricing', attrs: { uom: 'Seat', defaultQuantity: '1' } }), ['USD'])).toBeNull();
  });
  it('keeps usage-only models off recurring charges, discounts off usage, delivery on recurring', () => {
    expect(checkCharge(charge({ chargeModel: 'Overage Pricing', attrs: { uom: 'x', includedUnits: '1' } }), ['USD'])?.message).toMatch(/only allowed for Usage/);
    expect(checkCharge(charge({ chargeType: 'Usage', chargeModel: 'Discount-Percentage', attrs: { applyDiscountTo: 'USAGE' } }), ['USD'])?.message).toMatch(/not allowed for Usage/);
    expect(checkCharge(charge({ chargeType: 'OneTime', chargeModel: 'Delivery Pricing' }), ['USD'])?.message).toMatch(/only allowed for Recurring/);
  });
  it('requires tax code and tax mode for a taxable charge', () => {
    expect(checkCharge(charge({ attrs: { taxable: true } }), ['USD'])?.message).toMatch(/taxCode is required when taxable is true/);
    expect(checkCharge(charge({ attrs: { taxable: true, taxCode: 'STD' } }), ['USD'])?.message).toMatch(/taxMode is required/);
  });
  it('overage: included units and an overage price; smoothing needs numberOfPeriod', () => {
    const over = { currency: 'USD', price: null, tiers: [], discountAmount: null, discountPercentage: null, overagePrice: '0.5' };
    const base = { chargeType: 'Usage', chargeModel: 'Overage Pricing', pricing: [over] };
    expect(checkCharge(charge({ ...base, attrs: { uom: 'Min' } }), ['USD'])?.message).toMatch(/includedUnits is required/);
    expect(checkCharge(charge({ ...base, attrs: { uom: 'Min', includedUnits: '100' } }), ['USD'])).toBeNull();
    expect(checkCharge(charge({ ...base, attrs: { uom: 'Min', includedUnits: '100', smoothingModel: 'RollingWindow' } }), ['USD'])?.message).toMatch(/numberOfPeriod is required/);
    expect(checkCharge(charge({ ...base, pricing: [{ ...over, overagePrice: null }], attrs: { uom: 'Min', includedUnits: '100' } }), ['USD'])?.message).toMatch(/overagePrice is required/);
    expect(checkCharge(charge({ attrs: { smoothingModel: 'Rollover', numberOfPeriod: 3 } }), ['USD'])?.message).toMatch(/smoothingModel applies only/);
  });
  it('tiered with overage does not need included units (its tiers price the first units); negative ones are still refused', () => {
    const tiers = [tier('0', '100'), tier('101', '500')];
    const over = { currency: 'USD', price: null, tiers, discountAmount: null, discountPercentage: null, overagePrice: '0.03' };
    const base = { chargeType: 'Usage', chargeModel: 'Tiered with Overage Pricing', pricing: [over] };
    expect(checkCharge(charge({ ...base, attrs: { uom: 'Msg' } }), ['USD'])).toBeNull();
    expect(checkCharge(charge({ ...base, attrs: { uom: 'Msg', includedUnits: '50' } }), ['USD'])).toBeNull();
    expect(checkCharge(charge({ ...base, attrs: { uom: 'Msg', includedUnits: '-1' } }), ['USD'])?.message).toMatch(/includedUnits must not be negative/);
  });
  it('discounts: applyDiscountTo required; percentage strictly between -100 and 100; fixed amount not negative', () => {
    const pct = (v: string) => [{ currency: 'USD', price: null, tiers: [], discountAmount: null, discountPercentage: v, overagePrice: null }];
    expect(checkCharge(charge({ chargeModel: 'Discount-Percentage', pricing: pct('20') }), ['USD'])?.message).toMatch(/applyDiscountTo is required/);
    const ok = { chargeModel: 'Discount-Percentage', attrs: { applyDiscountTo: 'RECURRING' } };
    expect(checkCharge(charge({ ...ok, pricing: pct('20') }), ['USD'])).toBeNull();
    expect(checkCharge(charge({ ...ok, pricing: pct('100') }), ['USD'])?.message).toMatch(/between -100 and 100, exclusive/);
    expect(checkCharge(charge({ ...ok, pricing: pct('-100') }), ['USD'])?.message).toMatch(/exclusive/);
    expect(checkCharge(charge({ ...ok, pricing: pct('99.99') }), ['USD'])).toBeNull();
    const amt = [{ currency: 'USD', price: null, tiers: [], discountAmount: '-5', discountPercentage: null, overagePrice: null }];
    expect(checkCharge(charge({ chargeModel: 'Discount-Fixed Amount', attrs: { applyDiscountTo: 'RECURRING' }, pricing: amt }), ['USD'])?.message).toMatch(/discountAmount must be a positive/);
    expect(checkCharge(charge({ attrs: { discountLevel: 'account' } }), ['USD'])?.message).toMatch(/discountLevel applies only to discount/);
  });
  it('flat fee takes a price and no tiers; tiered takes tiers', () => {
    expect(checkCharge(charge({ pricing: [{ ...price('USD', '1'), tiers: [tier('0', null)] }] }), ['USD'])?.message).toMatch(/tiers are not allowed/);
    expect(checkCharge(charge({ chargeModel: 'Volume Pricing', attrs: { uom: 'GB' }, pricing: [price('USD', '1')] }), ['USD'])?.message).toMatch(/At least one tier/);
  });
  it('price increase percentage between -100 and 100 and required by SpecificPercentageValue', () => {
    expect(checkCharge(charge({ attrs: { priceChangeOption: 'SpecificPercentageValue' } }), ['USD'])?.message).toMatch(/priceIncreasePercentage is required/);
    expect(checkCharge(charge({ attrs: { priceChangeOption: 'SpecificPercentageValue', priceIncreasePercentage: '101' } }), ['USD'])?.message).toMatch(/between -100 and 100/);
  });
});
