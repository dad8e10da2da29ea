/**
 * Pure rules of the catalog: a charge's fields against its charge type and
 * model, and the well-formedness of its per-currency pricing and tiers.
 * No database here: the service normalizes input, then calls `checkCharge`.
 */
import { D } from '../../platform/money.js';
import { invalidValue, missingField, type ZuoraError } from '../../platform/errors.js';

export const PRPC_RESOURCE = 500000;

export interface NeutralTier {
  startingUnit: string | null;
  endingUnit: string | null;
  price: string | null;
  priceFormat: 'FlatFee' | 'PerUnit' | null;
}

export interface NeutralPricing {
  currency: string;
  price: string | null;
  tiers: NeutralTier[];
  discountAmount: string | null;
  discountPercentage: string | null;
  overagePrice: string | null;
}

/** Names a field the way the caller's API spells it. */
export type Namer = (neutralKey: string) => string;
export const camelNamer: Namer = (k) => k;

export const TIERED_MODELS = new Set(['Tiered Pricing', 'Volume Pricing', 'Tiered with Overage Pricing', 'HighWatermarkVolumePricing', 'HighWatermarkTieredPricing']);
export const SINGLE_PRICE_MODELS = new Set(['Flat Fee Pricing', 'Per Unit Pricing', 'Delivery Pricing', 'PreratedPerUnit', 'PreratedPricing', 'MultiAttributePricing']);
export const USAGE_ONLY_MODELS = new Set(['Overage Pricing', 'Tiered with Overage Pricing', 'PreratedPerUnit', 'PreratedPricing', 'HighWatermarkVolumePricing', 'HighWatermarkTieredPricing']);
export const DISCOUNT_MODELS = new Set(['Discount-Fixed Amount', 'Discount-Percentage']);
/** The models whose UOM Zuora requires. */
export const UOM_MODELS = new Set(['Per Unit Pricing', 'Volume Pricing', 'Overage Pricing', 'Tiered Pricing', 'Tiered with Overage Pricing']);
export const OVERAGE_MODELS = new Set(['Overage Pricing', 'Tiered with Overage Pricing']);

const isBlank = (v: unknown) => v === null || v === undefined || v === '';

/**
 * The most decimal places Zuora keeps for a quantity (13 digits left of the point, 9 right).
 * A unit of measure may allow fewer; zbill has no unit-of-measure settings yet, so tiers are
 * checked against this bound unless the caller passes the unit's own decimal places.
 */
export const MAX_UOM_DECIMAL_PLACES = 9;

/**
 * Whether a tier starting at `start` continues the tier that ended at `prevEnd`: it starts at
 * that very unit, or one unit or a fraction of one above it (0.1, 0.01, … down to the unit of
 * measure's precision), as Zuora lays out tiers: 0 - 100 then 101 - 200, or 0 - 5 then 5.01 - 7,
 * or 0 - 10 then 10.1 and up.
 */
export function continuesTier(prevEnd: InstanceType<typeof D>, start: InstanceType<typeof D>, decimalPlaces = MAX_UOM_DECIMAL_PLACES): boolean {
  const step = start.minus(prevEnd);
  if (step.isZero()) return true;
  for (let k = 0; k <= decimalPlaces; k++) if (step.eq(new D(10).pow(-k))) return true;
  return false;
}

/**
 * Tiers of one currency: tier 1 starts at 0; each next tier continues the previous one
 * (see `continuesTier`); every tier but the last has an ending unit (with `lastOpen` false,
 * the last too); ending units are above starting units; every tier has a price.
 */
export function checkTiers(tiers: NeutralTier[], currency: string, opts: { lastOpen: boolean; uomDecimalPlaces?: number }, nm: Namer = camelNamer): ZuoraError | null {
  const where = (i: number) => `tier ${i + 1} (${currency})`;
  if (tiers.length === 0) return missingField(`At least one tier is required in ${nm('tiers')} for ${currency}`, PRPC_RESOURCE);
  let prevEnd: InstanceType<typeof D> | null = null;
  for (let i = 0; i < tiers.length; i++) {
    const t = tiers[i]!;
    if (isBlank(t.startingUnit)) return missingField(`${nm('startingUnit')} is required for ${where(i)}`, PRPC_RESOURCE);
    if (isBlank(t.price)) return missingField(`${nm('price')} is required for ${where(i)}`, PRPC_RESOURCE);
    const start = new D(t.startingUnit!);
    if (start.isNegative()) return invalidValue(`${nm('startingUnit')} of ${where(i)} must not be negative`, PRPC_RESOURCE);
    if (i === 0 && !start.isZero()) return invalidValue(`${nm('startingUnit')} of ${where(i)} must be 0`, PRPC_RESOURCE);
    if (prevEnd !== null) {
      if (start.lt(prevEnd)) return invalidValue(`${nm('startingUnit')} of ${where(i)} overlaps the previous tier, which ends at ${prevEnd.toFixed()}`, PRPC_RESOURCE);
      if (!continuesTier(prevEnd, start, opts.uomDecimalPlaces))
        return invalidValue(
          `${nm('startingUnit')} of ${where(i)} leaves a gap after the previous tier, which ends at ${prevEnd.toFixed()}: start at ${prevEnd.toFixed()}, or one unit or a fraction of one (such as ${prevEnd.plus('0.01').toFixed()}) above it`,
          PRPC_RESOURCE,
        );
    }
    const last = i === tiers.length - 1;
    if (isBlank(t.endingUnit)) {
      if (!last) return missingField(`${nm('endingUnit')} is required for ${where(i)}: only the last tier may be open-ended`, PRPC_RESOURCE);
      if (!opts.lastOpen) return missingField(`${nm('endingUnit')} is required for ${where(i)}: the tiers of this charge model end before the overage price`, PRPC_RESOURCE);
      prevEnd = null;
    } else {
      const end = new D(t.endingUnit!);
      if (end.lte(start)) return invalidValue(`${nm('endingUnit')} of ${where(i)} must be greater than its ${nm('startingUnit')}`, PRPC_RESOURCE);
      prevEnd = end;
    }
  }
  return null;
}

/** The normalized charge the rules look at (neutral keys; see fields.ts). */
export interface ChargeForRules {
  name: string | null;
  chargeType: string | null;
  chargeModel: string | null;
  attrs: Record<string, unknown>;
  pricing: NeutralPricing[];
}

/**
 * Checks a charge against its type and model and its pricing against the rate
 * plan's active currencies. Returns the first problem (naming the field), or null.
 */
export function checkCharge(c: ChargeForRules, activeCurrencies: string[], nm: Namer = camelNamer): ZuoraError | null {
  const a = c.attrs;
  if (isBlank(c.name)) return missingField(`${nm('name')} is required`, PRPC_RESOURCE);
  if (isBlank(c.chargeType)) return missingField(`${nm('chargeType')} is required`, PRPC_RESOURCE);
  if (isBlank(c.chargeModel)) return missingField(`${nm('chargeModel')} is required`, PRPC_RESOURCE);
  const type = c.chargeType!;
  const model = c.chargeModel!;
  if (typeof c.name !== 'string') return invalidValue(`${nm('name')} must be a string`, PRPC_RESOURCE);
  if (c.name.length > 100) return invalidValue(`${nm('name')} must be at most 100 characters`, PRPC_RESOURCE);
  for (const [k, max] of [['uom', 25], ['taxCode', 64], ['accountingCode', 100], ['description', 500]] as const)
    if (typeof a[k] === 'string' && (a[k] as string).length > max) return invalidValue(`${nm(k)} must be at most ${max} characters`, PRPC_RESOURCE);

  if (USAGE_ONLY_MODELS.has(model) && type !== 'Usage') return invalidValue(`${nm('chargeModel')} '${model}' is only allowed for Usage charges, not ${type}`, PRPC_RESOURCE);
  if (DISCOUNT_MODELS.has(model) && type === 'Usage') return invalidValue(`${nm('chargeModel')} '${model}' is not allowed for Usage charges`, PRPC_RESOURCE);
  if (model === 'Delivery Pricing' && type !== 'Recurring') return invalidValue(`${nm('chargeModel')} 'Delivery Pricing' is only allowed for Recurring charges`, PRPC_RESOURCE);

  if (type !== 'OneTime') {
    if (isBlank(a.billingPeriod)) return missingField(`${nm('billingPeriod')} is required for ${type} charges`, PRPC_RESOURCE);
    const bp = a.billingPeriod as string;
    if (bp === 'Specific Months' || bp === 'Specific Weeks' || bp === 'Specific Days') {
      if (isBlank(a.specificBillingPeriod)) return missingField(`${nm('specificBillingPeriod')} is required when ${nm('billingPeriod')} is '${bp}'`, PRPC_RESOURCE);
      if ((a.specificBillingPeriod as number) < 1) return invalidValue(`${nm('specificBillingPeriod')} must be a positive integer`, PRPC_RESOURCE);
    }
    if (a.billCycleType === 'SpecificDayofMonth' && isBlank(a.billCycleDay)) return missingField(`${nm('billCycleDay')} is required when ${nm('billCycleType')} is 'SpecificDayofMonth'`, PRPC_RESOURCE);
    if (a.billCycleType === 'SpecificDayofWeek' && isBlank(a.weeklyBillCycleDay)) return missingField(`${nm('weeklyBillCycleDay')} is required when ${nm('billCycleType')} is 'SpecificDayofWeek'`, PRPC_RESOURCE);
    if (!isBlank(a.billCycleDay)) {
      const d = a.billCycleDay as number;
      if (d < 1 || d > 31) return invalidValue(`${nm('billCycleDay')} must be between 1 and 31`, PRPC_RESOURCE);
    }
    if (a.listPriceBase === 'Per Specific Months') {
      if (isBlank(a.specificListPriceBase)) return missingField(`${nm('specificListPriceBase')} is required when ${nm('listPriceBase')} is 'Per Specific Months'`, PRPC_RESOURCE);
      const n = a.specificListPriceBase as number;
      if (n < 1 || n > 120) return invalidValue(`${nm('specificListPriceBase')} must be an integer between 1 and 120`, PRPC_RESOURCE);
    }
    if (a.listPriceBase === 'Per Week' && bp !== 'Week' && bp !== 'Specific Weeks')
      return invalidValue(`${nm('listPriceBase')} 'Per Week' requires a weekly ${nm('billingPeriod')} ('Week' or 'Specific Weeks')`, PRPC_RESOURCE);
    if (a.endDateCondition === 'FixedPeriod') {
      if (isBlank(a.upToPeriods)) return missingField(`${nm('upToPeriods')} is required when ${nm('endDateCondition')} is 'FixedPeriod'`, PRPC_RESOURCE);
      const n = a.upToPeriods as number;
      if (n <= 0 || n >= 65535) return invalidValue(`${nm('upToPeriods')} must be a whole number between 0 and 65535, exclusive`, PRPC_RESOURCE);
    }
  }
  if (a.billingPeriodAlignment === 'AlignToTermEnd' && a.isPrepaid !== true && a.chargeFunction !== 'Prepayment')
    return invalidValue(`${nm('billingPeriodAlignment')} 'AlignToTermEnd' is only available for prepayment charges`, PRPC_RESOURCE);
  if ((a.ratingGroup === 'ByUsageStartDate' || a.ratingGroup === 'ByUsageRecord' || a.ratingGroup === 'ByUsageUpload') && !['Per Unit Pricing', 'Volume Pricing', 'Tiered Pricing'].includes(model))
    return invalidValue(`${nm('ratingGroup')} '${String(a.ratingGroup)}' applies only to the per unit, volume and tiered charge models`, PRPC_RESOURCE);
  if (model === 'Delivery Pricing') {
    const ds = a.deliverySchedule as Record<string, unknown> | null | undefined;
    if (!ds) return missingField(`${nm('deliverySchedule')} is required for the 'Delivery Pricing' charge model`, PRPC_RESOURCE);
    const days = ['monday', 'tuesday', 'wendesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
    if (!days.some((d) => ds[d] === true)) return invalidValue(`${nm('deliverySchedule')} must deliver on at least one day of the week`, PRPC_RESOURCE);
    if (ds.frequency !== undefined && ds.frequency !== null && ds.frequency !== 'Weekly') return invalidValue(`${nm('deliverySchedule')}.frequency must be 'Weekly'`, PRPC_RESOURCE);
  }
  if (model === 'MultiAttributePricing' && isBlank(a.formula)) return missingField(`${nm('formula')} is required for the 'MultiAttributePricing' charge model`, PRPC_RESOURCE);
  if (UOM_MODELS.has(model) && isBlank(a.uom)) return missingField(`${nm('uom')} is required for the '${model}' charge model`, PRPC_RESOURCE);
  if (model === 'Per Unit Pricing' && isBlank(a.defaultQuantity) && type !== 'Usage') return missingField(`${nm('defaultQuantity')} is required for the 'Per Unit Pricing' charge model`, PRPC_RESOURCE);
  if (a.taxable === true) {
    if (isBlank(a.taxCode)) return missingField(`${nm('taxCode')} is required when ${nm('taxable')} is true`, PRPC_RESOURCE);
    if (isBlank(a.taxMode)) return missingField(`${nm('taxMode')} is required when ${nm('taxable')} is true`, PRPC_RESOURCE);
  }
  if (OVERAGE_MODELS.has(model)) {
    // Included units are the free units of the overage model; the tiers of 'Tiered with Overage
    // Pricing' already say what the first units cost, so there they are optional.
    if (model === 'Overage Pricing' && isBlank(a.includedUnits)) return missingField(`${nm('includedUnits')} is required for the '${model}' charge model`, PRPC_RESOURCE);
    if (!isBlank(a.includedUnits) && new D(a.includedUnits as string).isNegative()) return invalidValue(`${nm('includedUnits')} must not be negative`, PRPC_RESOURCE);
  } else if (!isBlank(a.smoothingModel)) {
    return invalidValue(`${nm('smoothingModel')} applies only to the overage charge models, not '${model}'`, PRPC_RESOURCE);
  }
  if (!isBlank(a.smoothingModel) && isBlank(a.numberOfPeriod)) return missingField(`${nm('numberOfPeriod')} is required when ${nm('smoothingModel')} is set`, PRPC_RESOURCE);
  if (!isBlank(a.numberOfPeriod) && (a.numberOfPeriod as number) < 1) return invalidValue(`${nm('numberOfPeriod')} must be a positive whole number`, PRPC_RESOURCE);
  if (DISCOUNT_MODELS.has(model) && isBlank(a.applyDiscountTo)) return missingField(`${nm('applyDiscountTo')} is required for the '${model}' charge model`, PRPC_RESOURCE);
  if (!DISCOUNT_MODELS.has(model) && !isBlank(a.discountLevel)) return invalidValue(`${nm('discountLevel')} applies only to discount charge models, not '${model}'`, PRPC_RESOURCE);
  if (a.priceChangeOption === 'SpecificPercentageValue' && isBlank(a.priceIncreasePercentage))
    return missingField(`${nm('priceIncreasePercentage')} is required when ${nm('priceChangeOption')} is 'SpecificPercentageValue'`, PRPC_RESOURCE);
  if (!isBlank(a.priceIncreasePercentage)) {
    const p = new D(a.priceIncreasePercentage as string);
    if (p.lt(-100) || p.gt(100)) return invalidValue(`${nm('priceIncreasePercentage')} must be between -100 and 100`, PRPC_RESOURCE);
  }
  if (!isBlank(a.minQuantity) && !isBlank(a.maxQuantity) && new D(a.minQuantity as string).gt(a.maxQuantity as string))
    return invalidValue(`${nm('minQuantity')} must not be greater than ${nm('maxQuantity')}`, PRPC_RESOURCE);

  return checkPricing(model, c.pricing, activeCurrencies, nm);
}

export function checkPricing(model: string, pricing: NeutralPricing[], activeCurrencies: string[], nm: Namer = camelNamer): ZuoraError | null {
  const seen = new Set<string>();
  for (const p of pricing) {
    if (seen.has(p.currency)) return invalidValue(`${nm('currency')} ${p.currency} is priced more than once`, PRPC_RESOURCE);
    seen.add(p.currency);
    if (!activeCurrencies.includes(p.currency))
      return invalidValue(`${nm('currency')} ${p.currency} is not an active currency of the product rate plan (${activeCurrencies.join(', ')})`, PRPC_RESOURCE);
  }
  for (const cur of activeCurrencies) if (!seen.has(cur)) return missingField(`A price in ${cur} is required: it is an active currency of the product rate plan`, PRPC_RESOURCE);

  for (const p of pricing) {
    if (SINGLE_PRICE_MODELS.has(model)) {
      if (isBlank(p.price) && model !== 'MultiAttributePricing') return missingField(`${nm('price')} is required in ${p.currency} for the '${model}' charge model`, PRPC_RESOURCE);
      if (p.tiers.length > 0) return invalidValue(`${nm('tiers')} are not allowed for the '${model}' charge model`, PRPC_RESOURCE);
    } else if (TIERED_MODELS.has(model)) {
      const err = checkTiers(p.tiers, p.currency, { lastOpen: model !== 'Tiered with Overage Pricing' }, nm);
      if (err) return err;
      if (model === 'Tiered with Overage Pricing' && isBlank(p.overagePrice)) return missingField(`${nm('overagePrice')} is required in ${p.currency} for the 'Tiered with Overage Pricing' charge model`, PRPC_RESOURCE);
    } else if (model === 'Overage Pricing') {
      if (isBlank(p.overagePrice)) return missingField(`${nm('overagePrice')} is required in ${p.currency} for the 'Overage Pricing' charge model`, PRPC_RESOURCE);
    } else if (model === 'Discount-Fixed Amount') {
      if (isBlank(p.discountAmount)) return missingField(`${nm('discountAmount')} is required in ${p.currency} for the 'Discount-Fixed Amount' charge model`, PRPC_RESOURCE);
      if (new D(p.discountAmount!).isNegative()) return invalidValue(`${nm('discountAmount')} must be a positive amount`, PRPC_RESOURCE);
    } else if (model === 'Discount-Percentage') {
      if (isBlank(p.discountPercentage)) return missingField(`${nm('discountPercentage')} is required for the 'Discount-Percentage' charge model`, PRPC_RESOURCE);
      const d = new D(p.discountPercentage!);
      if (d.lte(-100) || d.gte(100)) return invalidValue(`${nm('discountPercentage')} must be between -100 and 100, exclusive`, PRPC_RESOURCE);
    }
    if (!DISCOUNT_MODELS.has(model) && (!isBlank(p.discountAmount) || !isBlank(p.discountPercentage)))
      return invalidValue(`${nm('discountAmount')} and ${nm('discountPercentage')} apply only to discount charge models`, PRPC_RESOURCE);
  }
  return null;
}
