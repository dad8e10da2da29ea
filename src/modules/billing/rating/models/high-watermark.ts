/**
 * High Water Mark Pricing (usage charges): only the highest daily usage of the billing period is priced,
 * by volume (HighWatermarkVolumePricing) or tiered (HighWatermarkTieredPricing) pricing. The daily
 * figures are the usage aggregated per day; the last tier must be open-ended so every quantity has a price.
 */
import type { Money } from '../../../../platform/money.js';
import { type ChargePricing, type DecimalLike, quantityOf, type RatedAmount, RatingError, ZERO } from './types.js';
import { rateTiered, tierTable } from './tiered.js';
import { rateVolume } from './volume.js';

/** The highest of the daily usage totals (0 for a period without usage). */
export function highWatermark(dailyUsage: readonly DecimalLike[]): Money {
  return dailyUsage.reduce<Money>((max, u, i) => {
    const q = quantityOf(u, `usage of day ${i + 1}`);
    return q.gt(max) ? q : max;
  }, ZERO);
}

export function rateHighWatermark(
  pricing: ChargePricing,
  mode: 'Volume' | 'Tiered',
  input: { dailyUsage: readonly DecimalLike[] },
): RatedAmount {
  tierTable(pricing.tiers, { lastOpen: 'required' });
  const peak = highWatermark(input.dailyUsage);
  if (mode === 'Volume') return rateVolume(pricing, { quantity: peak });
  if (mode === 'Tiered') return rateTiered(pricing, { quantity: peak });
  throw new RatingError('UNSUPPORTED_CHARGE_MODEL', `unknown high water mark mode '${String(mode)}'`);
}
