/**
 * Volume Pricing: the whole quantity is priced by the one tier it falls in. In a Per Unit tier every unit
 * costs that tier's price; in a Flat Fee tier the tier's price is the amount. A quantity on a boundary
 * belongs to the tier that ends there (10 in 0-10 / 11-20 is the first tier); one between two tiers'
 * ending units belongs to the higher one. A quantity beyond the last tier cannot be rated.
 */
import { type ChargePricing, type DecimalLike, factorOf, quantityOf, type RatedAmount, RatingError } from './types.js';
import { type Tier, tierTable } from './tiered.js';
import type { Money } from '../../../../platform/money.js';

/** The tier a quantity falls in, or undefined beyond a closed last tier or below the first tier's start. */
export function volumeTier(table: Tier[], q: Money): Tier | undefined {
  let lower: Money | null = null;
  for (const t of table) {
    const inTier = lower === null ? q.gt(0) || t.startingUnit.isZero() : q.gt(lower);
    if (!inTier) return undefined;
    if (t.endingUnit === null || q.lte(t.endingUnit)) return t;
    lower = t.endingUnit;
  }
  return undefined;
}

export function rateVolume(pricing: ChargePricing, input: { quantity: DecimalLike; prorationFactor?: DecimalLike | null }): RatedAmount {
  const table = tierTable(pricing.tiers);
  const quantity = quantityOf(input.quantity);
  const factor = factorOf(input.prorationFactor);
  const t = volumeTier(table, quantity);
  if (!t) {
    if (quantity.isZero()) return { amount: factor.mul(0), quantity, tiers: [] };
    const end = table[table.length - 1]!.endingUnit;
    throw new RatingError('QUANTITY_OUTSIDE_TIERS', `quantity ${quantity.toFixed()} falls in no tier${end ? ` (the last tier ends at ${end.toFixed()})` : ''}`);
  }
  const amount = (t.priceFormat === 'FlatFee' ? t.price : t.price.mul(quantity)).mul(factor);
  return {
    amount,
    quantity,
    tiers: [{ tier: t.tier, startingUnit: t.startingUnit, endingUnit: t.endingUnit, priceFormat: t.priceFormat, price: t.price, units: quantity, amount }],
  };
}
