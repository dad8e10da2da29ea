/**
 * Tiered Pricing: the quantity fills the tiers in order and each tier prices its own share.
 *
 * A tier's share runs from the previous tier's ending unit (0 for the first tier) up to its own ending unit:
 * with tiers 0-10 at 2.00 and 11-20 at 3.00, 15 units are 10 × 2.00 + 5 × 3.00. A Per Unit tier charges its
 * price per unit of its share; a Flat Fee tier charges its price once, as soon as the quantity reaches it.
 * A quantity beyond the last tier's ending unit cannot be rated (Tiered with Overage prices that part).
 */
import { D, type Money } from '../../../../platform/money.js';
import {
  type ChargePricing,
  dec,
  type DecimalLike,
  factorOf,
  type PricingTier,
  quantityOf,
  type RatedAmount,
  RatingError,
  type TierLine,
  ZERO,
} from './types.js';

export interface Tier {
  tier: number;
  startingUnit: Money;
  endingUnit: Money | null;
  price: Money;
  priceFormat: 'FlatFee' | 'PerUnit';
}

/**
 * The tier table, checked: at least one tier, in order (by `tier` when given), bounds zero or more,
 * each tier's start at or below its end, ends strictly increasing, and only the last tier open-ended.
 */
export function tierTable(tiers: readonly PricingTier[] | null | undefined, opts: { lastOpen?: 'required' | 'forbidden' | 'either' } = {}): Tier[] {
  if (!tiers || tiers.length === 0) throw new RatingError('MISSING_PRICING', 'tiers are required for a tiered charge model');
  const ordered = [...tiers].sort((a, b) => (a.tier ?? 0) - (b.tier ?? 0));
  const out: Tier[] = [];
  let prevEnd: Money | null = null;
  ordered.forEach((t, i) => {
    const n = i + 1;
    const startingUnit = dec(t.startingUnit, `tier ${n} startingUnit`);
    const endingUnit = t.endingUnit === null || t.endingUnit === undefined ? null : dec(t.endingUnit, `tier ${n} endingUnit`);
    const price = dec(t.price, `tier ${n} price`);
    if (t.priceFormat !== 'FlatFee' && t.priceFormat !== 'PerUnit')
      throw new RatingError('INVALID_PRICING', `tier ${n} priceFormat must be 'FlatFee' or 'PerUnit', got '${String(t.priceFormat)}'`);
    if (startingUnit.isNeg()) throw new RatingError('INVALID_PRICING', `tier ${n} startingUnit must not be negative`);
    if (endingUnit && endingUnit.lt(startingUnit)) throw new RatingError('INVALID_PRICING', `tier ${n} endingUnit is below its startingUnit`);
    if (endingUnit === null && i < ordered.length - 1) throw new RatingError('INVALID_PRICING', `tier ${n} has no endingUnit but is not the last tier`);
    if (prevEnd && endingUnit && !endingUnit.gt(prevEnd)) throw new RatingError('INVALID_PRICING', `tier ${n} ends at or before tier ${n - 1}`);
    if (prevEnd && startingUnit.lt(prevEnd)) {
      // Zuora's own tables sometimes start a tier at the previous end (500-1000 after 1-500); only overlaps beyond that are refused.
      if (!startingUnit.eq(prevEnd)) throw new RatingError('INVALID_PRICING', `tier ${n} starts inside tier ${n - 1}`);
    }
    out.push({ tier: n, startingUnit, endingUnit, price, priceFormat: t.priceFormat });
    prevEnd = endingUnit;
  });
  const last = out[out.length - 1]!;
  if (opts.lastOpen === 'required' && last.endingUnit !== null) throw new RatingError('INVALID_PRICING', 'the last tier must have no endingUnit');
  if (opts.lastOpen === 'forbidden' && last.endingUnit === null) throw new RatingError('INVALID_PRICING', 'the last tier must have an endingUnit');
  return out;
}

/** Whether a quantity reaches a tier: the first tier when the quantity is above 0 (or the tier starts at 0), a later one when it passes the previous end. */
function reaches(q: Money, t: Tier, lower: Money, first: boolean): boolean {
  return first ? q.gt(0) || t.startingUnit.isZero() : q.gt(lower);
}

/** The tier-by-tier lines of a quantity; the part beyond a closed last tier is returned as `beyond`. */
export function fillTiers(table: Tier[], q: Money, factor: Money): { lines: TierLine[]; beyond: Money } {
  const lines: TierLine[] = [];
  let lower = ZERO;
  for (const [i, t] of table.entries()) {
    if (!reaches(q, t, lower, i === 0)) break;
    const top = t.endingUnit === null ? q : minOf(q, t.endingUnit);
    const units = top.sub(lower);
    const amount = (t.priceFormat === 'FlatFee' ? t.price : t.price.mul(units)).mul(factor);
    lines.push({ tier: t.tier, startingUnit: t.startingUnit, endingUnit: t.endingUnit, priceFormat: t.priceFormat, price: t.price, units, amount });
    if (t.endingUnit === null) return { lines, beyond: ZERO };
    lower = t.endingUnit;
  }
  return { lines, beyond: q.gt(lower) ? q.sub(lower) : ZERO };
}

function minOf(a: Money, b: Money): Money {
  return a.lt(b) ? a : b;
}

export function sumLines(lines: readonly TierLine[]): Money {
  return lines.reduce((s, l) => s.add(l.amount), new D(0));
}

/** Tiered Pricing for one full period (times the proration factor, when given, tier by tier). */
export function rateTiered(pricing: ChargePricing, input: { quantity: DecimalLike; prorationFactor?: DecimalLike | null }): RatedAmount {
  const table = tierTable(pricing.tiers);
  const quantity = quantityOf(input.quantity);
  const { lines, beyond } = fillTiers(table, quantity, factorOf(input.prorationFactor));
  if (beyond.gt(0)) {
    const end = table[table.length - 1]!.endingUnit!;
    throw new RatingError('QUANTITY_OUTSIDE_TIERS', `quantity ${quantity.toFixed()} is beyond the last tier, which ends at ${end.toFixed()}`);
  }
  return { amount: sumLines(lines), quantity, tiers: lines };
}
