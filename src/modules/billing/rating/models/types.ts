/**
 * What the charge models read and answer. Pure values: no database, no HTTP, no clock.
 *
 * A model prices one charge in one currency for one full billing period, from the charge's pricing (the
 * catalog's `CatalogChargePricing`, or a subscription charge's own pricing; field names are the spec's:
 * price, tiers with startingUnit / endingUnit / price / priceFormat, includedUnits, overagePrice,
 * discountAmount, discountPercentage) and a quantity (or the usage of the period). Amounts come out unrounded
 * (decimal.js); rounding to the currency is `rounding.ts`'s job and comes last. Proration of a partial period
 * is `proration.ts`'s; the models that take a `prorationFactor` only apply it where the rule is theirs.
 */
import { Decimal } from 'decimal.js';
import { Category, errorCode, UNKNOWN_RESOURCE, ZuoraError } from '../../../../platform/errors.js';
import { D, type Money } from '../../../../platform/money.js';

export type DecimalLike = Decimal.Value;

/** The spec's ChargeModel enum (ProductRatePlanCharge.ChargeModel). */
export const CHARGE_MODELS = [
  'Discount-Fixed Amount',
  'Discount-Percentage',
  'Flat Fee Pricing',
  'Per Unit Pricing',
  'Overage Pricing',
  'Tiered Pricing',
  'Tiered with Overage Pricing',
  'Volume Pricing',
  'Delivery Pricing',
  'MultiAttributePricing',
  'PreratedPerUnit',
  'PreratedPricing',
  'HighWatermarkVolumePricing',
  'HighWatermarkTieredPricing',
] as const;
export type ChargeModel = (typeof CHARGE_MODELS)[number];

export type PriceFormat = 'FlatFee' | 'PerUnit';

/** One price tier (the spec's tier schema). `endingUnit` null: the tier has no upper bound. */
export interface PricingTier {
  tier?: number;
  startingUnit: DecimalLike;
  endingUnit: DecimalLike | null;
  price: DecimalLike;
  priceFormat: PriceFormat;
}

/** A charge's pricing in one currency. Fields a model does not use are ignored. */
export interface ChargePricing {
  currency: string;
  price?: DecimalLike | null;
  tiers?: readonly PricingTier[] | null;
  includedUnits?: DecimalLike | null;
  overagePrice?: DecimalLike | null;
  discountAmount?: DecimalLike | null;
  discountPercentage?: DecimalLike | null;
}

/** One tier's share of a rated amount. */
export interface TierLine {
  tier: number;
  startingUnit: Money;
  endingUnit: Money | null;
  priceFormat: PriceFormat;
  price: Money;
  /** The units of the quantity priced in this tier (for a flat fee tier: the units that reached it). */
  units: Money;
  amount: Money;
}

/** The unrounded amount of one full billing period, with the tier-by-tier breakdown where there are tiers. */
export interface RatedAmount {
  amount: Money;
  /** The quantity that was priced (for high-watermark models: the highest day). */
  quantity: Money;
  tiers: TierLine[];
}

export type RatingErrorReason =
  | 'UNSUPPORTED_CHARGE_MODEL'
  | 'MISSING_PRICING'
  | 'INVALID_PRICING'
  | 'INVALID_QUANTITY'
  | 'QUANTITY_OUTSIDE_TIERS'
  | 'MISSING_USAGE_FIELD'
  | 'INVALID_FORMULA';

/** Bad data in what a model reads (a missing price, a broken tier table, a negative quantity). */
const INVALID = new Set<RatingErrorReason>(['MISSING_PRICING', 'INVALID_PRICING', 'INVALID_QUANTITY', 'MISSING_USAGE_FIELD', 'INVALID_FORMULA']);

/**
 * A charge the engine cannot rate. A Zuora error (8-digit code; 20 for invalid data, 30 for a rule the
 * charge breaks, such as an unsupported model or a quantity beyond the last tier) with a machine reason.
 */
export class RatingError extends ZuoraError {
  readonly reason: RatingErrorReason;

  constructor(reason: RatingErrorReason, message: string) {
    super(errorCode(UNKNOWN_RESOURCE, INVALID.has(reason) ? Category.INVALID_VALUE : Category.RULE), message);
    this.name = 'RatingError';
    this.reason = reason;
  }
}

/** A Decimal from a value, or a RatingError naming the field. */
export function dec(v: DecimalLike | null | undefined, what: string, reason: RatingErrorReason = 'INVALID_PRICING'): Money {
  if (v === null || v === undefined || v === '') throw new RatingError(reason === 'INVALID_PRICING' ? 'MISSING_PRICING' : reason, `${what} is required`);
  let d: Money;
  try {
    d = new D(v);
  } catch {
    throw new RatingError(reason, `${what} is not a number: '${String(v)}'`);
  }
  if (!d.isFinite()) throw new RatingError(reason, `${what} is not a finite number: '${String(v)}'`);
  return d;
}

/** A quantity: a finite number, zero or more. */
export function quantityOf(v: DecimalLike | null | undefined, what = 'quantity'): Money {
  const q = dec(v, what, 'INVALID_QUANTITY');
  if (q.isNeg()) throw new RatingError('INVALID_QUANTITY', `${what} must not be negative, got ${q.toFixed()}`);
  return q;
}

/** A proration factor: 1 when absent, otherwise a finite number from 0 to 1. */
export function factorOf(v: DecimalLike | null | undefined): Money {
  if (v === null || v === undefined) return new D(1);
  const f = dec(v, 'prorationFactor', 'INVALID_QUANTITY');
  if (f.isNeg() || f.gt(1)) throw new RatingError('INVALID_QUANTITY', `prorationFactor must be between 0 and 1, got ${f.toFixed()}`);
  return f;
}

export const ZERO: Money = new D(0);
