/**
 * The discount charge models, Discount-Fixed Amount and Discount-Percentage.
 *
 * Scope (which regular charges a discount applies to):
 * - applyDiscountTo: the charge types it applies to (ONETIME, RECURRING, USAGE and their combinations).
 * - discountLevel: 'rateplan' (charges of the same rate plan of the same subscription), 'subscription'
 *   (charges of the same subscription) or 'account' (every subscription of the account).
 * - A discount never applies to another discount charge, and only to a positive amount.
 *
 * Order: when several discounts apply to a charge, the docs' order is used: higher discount class first
 * (no class last), then percentage before fixed amount, then rate plan level before subscription before
 * account, then the smaller charge number.
 *
 * Percentage: a stacked discount is a percentage of the charge's original amount (stacked percentages add
 * up); a non-stacked one is a percentage of what is left after the discounts applied before it.
 * Fixed amount: applied item by item in the order given, each item discounted by at most its own
 * amount, until the discount amount is used up; a partial period is worth the amount times the proration
 * factor (the fixed amount model always prorates).
 * Each discount line is an amount of its own: when a rounding rule is given, it is rounded by the
 * currency's rule, and the next non-stacked discount is taken from the rounded remainder.
 * Discount amounts come out negative, as invoice items show them.
 */
import type { Money } from '../../../../platform/money.js';
import { type CurrencyRounding, roundAmount } from '../rounding.js';
import { type ChargePricing, dec, type DecimalLike, factorOf, RatingError, ZERO } from './types.js';

export const APPLY_DISCOUNT_TO = ['ONETIME', 'RECURRING', 'USAGE', 'ONETIMERECURRING', 'ONETIMEUSAGE', 'RECURRINGUSAGE', 'ONETIMERECURRINGUSAGE'] as const;
export type ApplyDiscountTo = (typeof APPLY_DISCOUNT_TO)[number];
export type DiscountLevel = 'rateplan' | 'subscription' | 'account';

export interface DiscountCharge {
  chargeNumber: string;
  chargeModel: 'Discount-Fixed Amount' | 'Discount-Percentage';
  applyDiscountTo: ApplyDiscountTo | string;
  discountLevel: DiscountLevel | string;
  /** Higher applies first; null applies last. */
  discountClassOrder?: number | null;
  stacked?: boolean | null;
  accountId: string;
  subscriptionId: string;
  ratePlanId: string;
}

export interface RegularCharge {
  chargeNumber: string;
  chargeType: 'OneTime' | 'Recurring' | 'Usage';
  chargeModel: string;
  accountId: string;
  subscriptionId: string;
  ratePlanId: string;
}

const TYPE_FLAG: Record<RegularCharge['chargeType'], string> = { OneTime: 'ONETIME', Recurring: 'RECURRING', Usage: 'USAGE' };

/** The charge types an applyDiscountTo value covers; accepts the object API's "RECURRING (2)" spelling too. */
export function chargeTypesOf(applyDiscountTo: string): Set<RegularCharge['chargeType']> {
  const v = applyDiscountTo.replace(/\s*\(\d+\)\s*$/, '').toUpperCase();
  if (!(APPLY_DISCOUNT_TO as readonly string[]).includes(v))
    throw new RatingError('INVALID_PRICING', `applyDiscountTo must be one of ${APPLY_DISCOUNT_TO.join(', ')}, got '${applyDiscountTo}'`);
  const out = new Set<RegularCharge['chargeType']>();
  let rest = v;
  for (const [type, flag] of Object.entries(TYPE_FLAG) as [RegularCharge['chargeType'], string][]) {
    if (rest.includes(flag)) {
      out.add(type);
      rest = rest.replace(flag, '');
    }
  }
  return out;
}

function levelOf(v: string): DiscountLevel {
  const l = v.toLowerCase().replace(/[\s_-]/g, '');
  if (l === 'rateplan' || l === 'subscription' || l === 'account') return l;
  throw new RatingError('INVALID_PRICING', `discountLevel must be rateplan, subscription or account, got '${v}'`);
}

/** Whether a discount applies to a regular charge. */
export function discountAppliesTo(discount: DiscountCharge, charge: RegularCharge): boolean {
  if (charge.chargeModel.startsWith('Discount-')) return false;
  if (!chargeTypesOf(discount.applyDiscountTo).has(charge.chargeType)) return false;
  if (discount.accountId !== charge.accountId) return false;
  const level = levelOf(discount.discountLevel);
  if (level === 'account') return true;
  if (discount.subscriptionId !== charge.subscriptionId) return false;
  return level === 'subscription' || discount.ratePlanId === charge.ratePlanId;
}

const LEVEL_RANK: Record<DiscountLevel, number> = { rateplan: 0, subscription: 1, account: 2 };

/** The docs' order of applying discounts (a new array; the input is not changed). */
export function orderDiscounts<T extends DiscountCharge>(discounts: readonly T[]): T[] {
  const cls = (d: DiscountCharge) => d.discountClassOrder ?? Number.NEGATIVE_INFINITY;
  const model = (d: DiscountCharge) => (d.chargeModel === 'Discount-Percentage' ? 0 : 1);
  return [...discounts].sort(
    (a, b) =>
      cls(b) - cls(a) ||
      model(a) - model(b) ||
      LEVEL_RANK[levelOf(a.discountLevel)] - LEVEL_RANK[levelOf(b.discountLevel)] ||
      (a.chargeNumber < b.chargeNumber ? -1 : a.chargeNumber > b.chargeNumber ? 1 : 0),
  );
}

export interface PercentageDiscount {
  discountPercentage: DecimalLike;
  stacked?: boolean | null;
}

function percentageOf(v: DecimalLike | null | undefined): Money {
  const p = dec(v, 'discountPercentage');
  // The catalog's rule (and the docs'): greater than -100 and less than 100.
  if (p.lte(-100) || p.gte(100)) throw new RatingError('INVALID_PRICING', `discountPercentage must be between -100 and 100, exclusive, got ${p.toFixed()}`);
  return p;
}

/**
 * Percentage discounts on one charge amount, in the order given (see `orderDiscounts`).
 * Answers each discount's (negative) amount and what is left of the charge.
 */
export function applyPercentageDiscounts(
  chargeAmount: DecimalLike,
  discounts: readonly PercentageDiscount[],
  rounding?: CurrencyRounding,
): { discounts: Money[]; remaining: Money } {
  const original = dec(chargeAmount, 'charge amount', 'INVALID_QUANTITY');
  const round = (v: Money) => (rounding ? roundAmount(v, rounding) : v);
  if (!original.gt(0)) return { discounts: discounts.map(() => ZERO), remaining: original };
  let remaining = original;
  const out = discounts.map((d) => {
    const pct = percentageOf(d.discountPercentage).div(100);
    const base = d.stacked ? original : remaining;
    let off = round(base.mul(pct));
    if (off.gt(remaining)) off = remaining;
    remaining = remaining.sub(off);
    return off.neg();
  });
  return { discounts: out, remaining };
}

/** One percentage discount charge's pricing → its amount on a charge amount. */
export function rateDiscountPercentage(pricing: ChargePricing, input: { chargeAmount: DecimalLike; rounding?: CurrencyRounding }): Money {
  return applyPercentageDiscounts(input.chargeAmount, [{ discountPercentage: dec(pricing.discountPercentage, 'discountPercentage') }], input.rounding).discounts[0]!;
}

/**
 * A fixed amount discount spread over the items it applies to, in the order given. Answers each item's
 * (negative) discount and the part of the discount left unused.
 */
export function applyFixedAmountDiscount(
  pricing: ChargePricing,
  items: readonly DecimalLike[],
  opts: { prorationFactor?: DecimalLike | null; rounding?: CurrencyRounding } = {},
): { discounts: Money[]; unused: Money } {
  const amount = dec(pricing.discountAmount, 'discountAmount');
  if (amount.isNeg()) throw new RatingError('INVALID_PRICING', 'discountAmount must not be negative');
  let left = amount.mul(factorOf(opts.prorationFactor));
  if (opts.rounding) left = roundAmount(left, opts.rounding);
  const discounts = items.map((raw, i) => {
    const item = dec(raw, `item ${i + 1} amount`, 'INVALID_QUANTITY');
    if (!item.gt(0) || left.isZero()) return ZERO;
    const off = item.lt(left) ? item : left;
    left = left.sub(off);
    return off.neg();
  });
  return { discounts, unused: left };
}
