/**
 * Per Unit Pricing: the price of one unit times the quantity (or the period's usage).
 * A partial period is worth the amount times its proration factor.
 */
import { type ChargePricing, dec, type DecimalLike, factorOf, quantityOf, type RatedAmount } from './types.js';

export function ratePerUnit(pricing: ChargePricing, input: { quantity: DecimalLike; prorationFactor?: DecimalLike | null }): RatedAmount {
  const price = dec(pricing.price, 'price');
  const quantity = quantityOf(input.quantity);
  return { amount: price.mul(quantity).mul(factorOf(input.prorationFactor)), quantity, tiers: [] };
}
