/**
 * The charge models, behind one entry point: `rateCharge` picks the model by its name and prices one full
 * billing period (unrounded). A model the engine does not know, or a charge that lacks what its model
 * needs, is a RatingError at billing time, never a guessed number.
 *
 * Model names are the spec's ChargeModel enum ('Flat Fee Pricing', 'Tiered with Overage Pricing', ...);
 * the catalog API's names ('FlatFee', 'TieredWithOverage', ...) are accepted too.
 * Smoothed overage (several periods at once) is `rateSmoothedOverage`; discounts spread over several
 * charges are `applyPercentageDiscounts` / `applyFixedAmountDiscount`: here a discount is rated against the
 * total it applies to.
 */
import type { Temporal } from '../../../../platform/dates.js';
import type { Money } from '../../../../platform/money.js';
import { rateDelivery, type DeliverySchedule } from './delivery.js';
import { applyFixedAmountDiscount, applyPercentageDiscounts } from './discount.js';
import { rateFlatFee } from './flat-fee.js';
import { rateHighWatermark } from './high-watermark.js';
import { type FormulaContext, rateMultiAttribute, rateMultiAttributeUsage } from './multi-attribute.js';
import { rateOverage } from './overage.js';
import { ratePerUnit } from './per-unit.js';
import { ratePrerated, type UsageRecordForRating } from './prerated.js';
import { rateTiered } from './tiered.js';
import { rateTieredWithOverage } from './tiered-with-overage.js';
import { CHARGE_MODELS, type ChargeModel, type ChargePricing, dec, type DecimalLike, type RatedAmount, RatingError } from './types.js';
import { rateVolume } from './volume.js';

export * from './types.js';
export { rateFlatFee } from './flat-fee.js';
export { ratePerUnit } from './per-unit.js';
export { rateTiered, tierTable } from './tiered.js';
export { rateVolume, volumeTier } from './volume.js';
export { rateOverage, rateSmoothedOverage, type SmoothedPeriod, type SmoothingOptions } from './overage.js';
export { rateTieredWithOverage } from './tiered-with-overage.js';
export * from './discount.js';
export { deliveriesBetween, rateDelivery, type DeliverySchedule } from './delivery.js';
export { ratePrerated, type UsageRecordForRating } from './prerated.js';
export { highWatermark, rateHighWatermark } from './high-watermark.js';
export { evaluatePriceFormula, rateMultiAttribute, rateMultiAttributeUsage, type FormulaContext } from './multi-attribute.js';

/** The catalog API's model names → the spec's. */
const ALIASES: Record<string, ChargeModel> = {
  DiscountFixedAmount: 'Discount-Fixed Amount',
  DiscountPercentage: 'Discount-Percentage',
  FlatFee: 'Flat Fee Pricing',
  PerUnit: 'Per Unit Pricing',
  Overage: 'Overage Pricing',
  Tiered: 'Tiered Pricing',
  TieredWithOverage: 'Tiered with Overage Pricing',
  Volume: 'Volume Pricing',
  Delivery: 'Delivery Pricing',
};

/** The spec's name of a charge model, or a RatingError. */
export function chargeModelOf(name: string | null | undefined): ChargeModel {
  if (name && (CHARGE_MODELS as readonly string[]).includes(name)) return name as ChargeModel;
  if (name === 'PreratedPricing`') return 'PreratedPricing'; // the spec's enum carries a stray backtick
  const alias = name ? ALIASES[name] : undefined;
  if (alias) return alias;
  throw new RatingError('UNSUPPORTED_CHARGE_MODEL', `the rating engine cannot rate charge model '${String(name)}'`);
}

export interface ChargeToRate {
  chargeModel: string;
  chargeType?: 'OneTime' | 'Recurring' | 'Usage';
  pricing: ChargePricing;
  /** The charge's quantity, or the period's usage total. */
  quantity?: DecimalLike | null;
  /** From proration.ts, for the models whose rule takes one. */
  prorationFactor?: DecimalLike | null;
  /** High water mark models: the usage aggregated per day of the period. */
  dailyUsage?: readonly DecimalLike[];
  /** Pre-rated and usage multi-attribute models: the period's usage records. */
  usageRecords?: readonly UsageRecordForRating[];
  /** Pre-rated models: the Usage custom field holding the rate or amount. */
  preratedField?: string;
  /** Multi-attribute: the price formula and its context. */
  priceFormula?: string;
  formulaContext?: FormulaContext;
  /** Delivery: the schedule and the service period (dates inclusive). */
  deliverySchedule?: DeliverySchedule;
  periodStart?: Temporal.PlainDate;
  periodEnd?: Temporal.PlainDate;
  /** Overage: a smoothed charge spans several periods and is refused here (see rateSmoothedOverage). */
  smoothingModel?: string | null;
  /** Discounts: the total of the charge amounts the discount applies to. */
  appliesToAmount?: DecimalLike | null;
}

function need<T>(v: T | undefined | null, what: string, model: string): T {
  if (v === undefined || v === null) throw new RatingError('MISSING_PRICING', `${what} is required to rate a '${model}' charge`);
  return v;
}

/** One full billing period of a charge, unrounded. */
export function rateCharge(c: ChargeToRate): RatedAmount {
  const model = chargeModelOf(c.chargeModel);
  const q = c.quantity;
  switch (model) {
    case 'Flat Fee Pricing':
      return rateFlatFee(c.pricing, { quantity: q, prorationFactor: c.prorationFactor });
    case 'Per Unit Pricing':
      return ratePerUnit(c.pricing, { quantity: need(q, 'quantity', model), prorationFactor: c.prorationFactor });
    case 'Tiered Pricing':
      return rateTiered(c.pricing, { quantity: need(q, 'quantity', model), prorationFactor: c.prorationFactor });
    case 'Volume Pricing':
      return rateVolume(c.pricing, { quantity: need(q, 'quantity', model), prorationFactor: c.prorationFactor });
    case 'Overage Pricing':
      if (c.smoothingModel)
        throw new RatingError('INVALID_PRICING', `an overage charge smoothed by ${c.smoothingModel} is rated over several periods at once (rateSmoothedOverage), not one`);
      return rateOverage(c.pricing, { quantity: need(q, 'quantity', model) });
    case 'Tiered with Overage Pricing':
      return rateTieredWithOverage(c.pricing, { quantity: need(q, 'quantity', model), prorationFactor: c.prorationFactor });
    case 'Delivery Pricing':
      return rateDelivery(c.pricing, {
        schedule: need(c.deliverySchedule, 'deliverySchedule', model),
        periodStart: need(c.periodStart, 'periodStart', model),
        periodEnd: need(c.periodEnd, 'periodEnd', model),
      });
    case 'PreratedPerUnit':
    case 'PreratedPricing':
      return ratePrerated(model === 'PreratedPerUnit' ? 'PerUnit' : 'Total', {
        records: need(c.usageRecords, 'usageRecords', model),
        field: need(c.preratedField, 'preratedField', model),
      });
    case 'HighWatermarkVolumePricing':
    case 'HighWatermarkTieredPricing':
      return rateHighWatermark(c.pricing, model === 'HighWatermarkVolumePricing' ? 'Volume' : 'Tiered', { dailyUsage: need(c.dailyUsage, 'dailyUsage', model) });
    case 'MultiAttributePricing': {
      const formula = need(c.priceFormula, 'priceFormula', model);
      const context = c.formulaContext ?? { objects: {} };
      if (c.chargeType === 'Usage')
        return rateMultiAttributeUsage(formula, {
          base: context,
          records: need(c.usageRecords, 'usageRecords', model).map((r) => ({ quantity: r.quantity, fields: r.customFields })),
        });
      return rateMultiAttribute(formula, { context, quantity: q, prorationFactor: c.prorationFactor });
    }
    case 'Discount-Percentage': {
      const base = dec(need(c.appliesToAmount, 'appliesToAmount', model), 'appliesToAmount', 'INVALID_QUANTITY');
      const amount: Money = applyPercentageDiscounts(base, [{ discountPercentage: dec(c.pricing.discountPercentage, 'discountPercentage') }]).discounts[0]!;
      return { amount, quantity: dec(1, 'quantity'), tiers: [] };
    }
    case 'Discount-Fixed Amount': {
      const base = need(c.appliesToAmount, 'appliesToAmount', model);
      const amount = applyFixedAmountDiscount(c.pricing, [base], { prorationFactor: c.prorationFactor }).discounts[0]!;
      return { amount, quantity: dec(1, 'quantity'), tiers: [] };
    }
  }
}
