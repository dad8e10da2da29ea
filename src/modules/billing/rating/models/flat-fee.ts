/**
 * Flat Fee Pricing: one fixed price per billing period (or once, for a one-time charge), whatever the
 * quantity or the usage. A partial period is worth the price times its proration factor.
 */
import { type ChargePricing, dec, type DecimalLike, factorOf, quantityOf, type RatedAmount } from './types.js';

export function rateFlatFee(pricing: ChargePricing, input: { quantity?: DecimalLike | null; prorationFactor?: DecimalLike | null } = {}): RatedAmount {
  const price = dec(pricing.price, 'price');
  const quantity = input.quantity === undefined || input.quantity === null ? dec(1, 'quantity') : quantityOf(input.quantity);
  return { amount: price.mul(factorOf(input.prorationFactor)), quantity, tiers: [] };
}
