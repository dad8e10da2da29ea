/**
 * Tiered with Overage Pricing (usage charges): tiered pricing over a closed tier table, plus the overage
 * price for every unit above the last tier's ending unit. The overage part is returned as its own line
 * (tier number = last tier + 1, priceFormat PerUnit, endingUnit null).
 */
import { type ChargePricing, dec, type DecimalLike, factorOf, quantityOf, type RatedAmount, RatingError } from './types.js';
import { fillTiers, sumLines, tierTable } from './tiered.js';

export function rateTieredWithOverage(pricing: ChargePricing, input: { quantity: DecimalLike; prorationFactor?: DecimalLike | null }): RatedAmount {
  const table = tierTable(pricing.tiers, { lastOpen: 'forbidden' });
  if (pricing.overagePrice === null || pricing.overagePrice === undefined)
    throw new RatingError('MISSING_PRICING', 'overagePrice is required for Tiered with Overage Pricing');
  const overagePrice = dec(pricing.overagePrice, 'overagePrice');
  const quantity = quantityOf(input.quantity);
  const factor = factorOf(input.prorationFactor);
  const { lines, beyond } = fillTiers(table, quantity, factor);
  if (beyond.gt(0)) {
    const last = table[table.length - 1]!;
    lines.push({
      tier: last.tier + 1,
      startingUnit: last.endingUnit!,
      endingUnit: null,
      priceFormat: 'PerUnit',
      price: overagePrice,
      units: beyond,
      amount: overagePrice.mul(beyond).mul(factor),
    });
  }
  return { amount: sumLines(lines), quantity, tiers: lines };
}
