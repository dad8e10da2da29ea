/**
 * Delivery Pricing (recurring charges): one list price per delivery and a weekly delivery schedule (the
 * days of the week a delivery happens). A period's amount is the price times the number of scheduled
 * delivery days in it, so a partial period is priced by the deliveries it holds rather than by a
 * time-based proration factor.
 */
import { Temporal } from '../../../../platform/dates.js';
import { type ChargePricing, dec, type RatedAmount, RatingError } from './types.js';
import { D } from '../../../../platform/money.js';

/** The spec's delivery schedule. The catalog schema spells Wednesday 'wendesday'; both spellings are read. */
export interface DeliverySchedule {
  frequency?: 'Weekly' | null;
  sunday?: boolean | null;
  monday?: boolean | null;
  tuesday?: boolean | null;
  wednesday?: boolean | null;
  wendesday?: boolean | null;
  thursday?: boolean | null;
  friday?: boolean | null;
  saturday?: boolean | null;
}

/** ISO day of week (1 = Monday ... 7 = Sunday) → scheduled? */
export function deliveryDays(schedule: DeliverySchedule | null | undefined): Set<number> {
  if (!schedule) throw new RatingError('MISSING_PRICING', 'a delivery schedule is required for Delivery Pricing');
  if (schedule.frequency !== undefined && schedule.frequency !== null && schedule.frequency !== 'Weekly')
    throw new RatingError('INVALID_PRICING', `delivery frequency must be 'Weekly', got '${String(schedule.frequency)}'`);
  const days = new Set<number>();
  const flags: [number, boolean | null | undefined][] = [
    [1, schedule.monday],
    [2, schedule.tuesday],
    [3, schedule.wednesday ?? schedule.wendesday],
    [4, schedule.thursday],
    [5, schedule.friday],
    [6, schedule.saturday],
    [7, schedule.sunday],
  ];
  for (const [d, on] of flags) if (on === true) days.add(d);
  if (days.size === 0) throw new RatingError('INVALID_PRICING', 'the delivery schedule has no delivery day');
  return days;
}

/** Number of scheduled deliveries from `start` to `end`, both days included. */
export function deliveriesBetween(schedule: DeliverySchedule, start: Temporal.PlainDate, end: Temporal.PlainDate): number {
  const days = deliveryDays(schedule);
  if (Temporal.PlainDate.compare(end, start) < 0) return 0;
  const total = start.until(end, { largestUnit: 'days' }).days + 1;
  const weeks = Math.floor(total / 7);
  let count = weeks * days.size;
  for (let i = 0; i < total % 7; i++) if (days.has(start.add({ days: weeks * 7 + i }).dayOfWeek)) count++;
  return count;
}

/** The amount of one service period (dates inclusive, as Zuora prints them). */
export function rateDelivery(
  pricing: ChargePricing,
  input: { schedule: DeliverySchedule; periodStart: Temporal.PlainDate; periodEnd: Temporal.PlainDate },
): RatedAmount & { deliveries: number } {
  const price = dec(pricing.price, 'price');
  const deliveries = deliveriesBetween(input.schedule, input.periodStart, input.periodEnd);
  return { amount: price.mul(deliveries), quantity: new D(deliveries), tiers: [], deliveries };
}
