/**
 * What other modules read from orders and subscriptions. The subscriptions
 * module implements it (service.ts exports `subscriptionReader` and
 * `orderWriter`); consumers depend on this file only. Dates are `YYYY-MM-DD`,
 * amounts and quantities decimal strings.
 */
import type { Ctx } from '../../platform/context.js';
import type { CustomFields } from '../../platform/custom-fields.js';

/** One period of a rate plan charge during which its price, quantity and terms hold. */
export interface ChargeSegment {
  segment: number;
  effectiveStartDate: string;
  /** Exclusive end, or null while open-ended. */
  effectiveEndDate: string | null;
  quantity: string | null;
  price: string | null;
  tiers: Array<{ tier: number; startingUnit: string; endingUnit: string | null; price: string; priceFormat: string }>;
  discountPercentage: string | null;
  discountAmount: string | null;
  /** The subscription version that made this segment. */
  version: number;
}

export interface SubscriptionChargeRecord {
  id: string;
  chargeNumber: string;
  productRatePlanChargeId: string;
  name: string;
  chargeType: string;
  chargeModel: string;
  billingPeriod: string | null;
  billingTiming: string | null;
  triggerEvent: string;
  /**
   * True while the charge waits for a trigger date it does not have yet (service
   * activation, customer acceptance, or a specific date): its segments' dates are
   * placeholders and nothing of it is in force. Optional: absent means false.
   */
  pending?: boolean;
  /** The `uniqueToken` the order gave the charge (chargeOverrides[].uniqueToken), if any. */
  uniqueToken?: string | null;
  /** The id this charge had in the version that added it (ids change with each version). */
  originalChargeId?: string;
  segments: ChargeSegment[];
  customFields: CustomFields;
  /** Every billing field of the charge (filled by the subscriptions reader; what the billing engine rates). */
  billing?: ChargeBillingFields;
}

/**
 * The billing fields of a subscription charge, in the subscription API's names (values as stored: the
 * engine reads any API's spelling). Unset is null.
 */
export interface ChargeBillingFields {
  billingPeriod: string | null;
  specificBillingPeriod: number | null;
  billingPeriodAlignment: string | null;
  billingTiming: string | null;
  billCycleType: string | null;
  billCycleDay: number | null;
  weeklyBillCycleDay: string | null;
  listPriceBase: string | null;
  specificListPriceBase: number | null;
  endDateCondition: string | null;
  upToPeriods: number | null;
  upToPeriodsType: string | null;
  specificEndDate: string | null;
  triggerEvent: string;
  specificTriggerDate: string | null;
  prorationOption: string | null;
  uom: string | null;
  currency: string;
  applyDiscountTo: string | null;
  discountLevel: string | null;
  isStackedDiscount: boolean | null;
  ratingGroup: string | null;
  usageRecordRatingOption: string | null;
  smoothingModel: string | null;
  numberOfPeriods: number | null;
  /** Per segment, in the order of `segments`: what only some charge models price by. */
  segmentPricing: Array<{ includedUnits: string | null; overagePrice: string | null }>;
}

/**
 * One segment of one charge with everything the billing engine needs, flat (see `billingSegments`
 * in billing-view.ts). Dates `YYYY-MM-DD`; segment and charge ends exclusive (null: open-ended).
 */
export interface BillingSegmentRow extends Omit<ChargeBillingFields, 'segmentPricing'> {
  subscriptionId: string;
  /** The subscription's first version's id (usage records name it). */
  subscriptionOriginalId: string;
  subscriptionNumber: string;
  subscriptionVersion: number;
  subscriptionStatus: string;
  accountId: string;
  invoiceOwnerAccountId: string;
  termType: 'TERMED' | 'EVERGREEN';
  termStartDate: string;
  termEndDate: string | null;
  subscriptionStartDate: string;
  subscriptionEndDate: string | null;
  contractEffectiveDate: string;
  serviceActivationDate: string | null;
  customerAcceptanceDate: string | null;
  cancelledDate: string | null;
  autoRenew: boolean;
  ratePlanId: string;
  originalRatePlanId: string;
  ratePlanName: string;
  productId: string;
  productName: string;
  productRatePlanId: string;
  removedDate: string | null;
  chargeId: string;
  originalChargeId: string;
  chargeNumber: string;
  chargeName: string;
  productRatePlanChargeId: string;
  chargeType: string;
  chargeModel: string;
  /** Waiting for a trigger date: nothing of it is in force. */
  pending: boolean;
  /** The charge's first segment's start and last segment's end. */
  chargeStartDate: string;
  chargeEndDate: string | null;
  segment: number;
  segmentStartDate: string;
  segmentEndDate: string | null;
  quantity: string | null;
  price: string | null;
  tiers: ChargeSegment['tiers'];
  includedUnits: string | null;
  overagePrice: string | null;
  discountAmount: string | null;
  discountPercentage: string | null;
}

export { billingSegments } from './billing-view.js';
/** A date plus n periods (Month, Year, Week, Day), as terms are laid: what a renewal term adds. */
export { addPeriod } from './terms.js';

export interface SubscriptionRatePlanRecord {
  id: string;
  productRatePlanId: string;
  productId: string;
  ratePlanName: string;
  productName: string;
  /** Removed rate plans stay, with the date they end. */
  removedDate: string | null;
  /** The rate plan's number (`SRP-…`), stable across versions, when the engine fills it in. */
  subscriptionRatePlanNumber?: string;
  /** The `uniqueToken` the order gave the rate plan, if any. */
  uniqueToken?: string | null;
  /** The id this rate plan had in the version that added it (ids change with each version). */
  originalRatePlanId?: string;
  charges: SubscriptionChargeRecord[];
  customFields: CustomFields;
}

export interface SubscriptionRecord {
  id: string;
  /** The id of the subscription's first version (usage records name a subscription by it). */
  originalId?: string;
  subscriptionNumber: string;
  version: number;
  accountId: string;
  invoiceOwnerAccountId: string;
  status: string;
  termType: 'TERMED' | 'EVERGREEN';
  termStartDate: string;
  termEndDate: string | null;
  contractEffectiveDate: string;
  serviceActivationDate: string | null;
  customerAcceptanceDate: string | null;
  subscriptionStartDate: string;
  subscriptionEndDate: string | null;
  cancelledDate: string | null;
  autoRenew: boolean;
  /** How the term renews: RENEW_WITH_SPECIFIC_TERM or RENEW_TO_EVERGREEN, and the renewal term (a billing preview's assumeRenewal reads it). */
  renewal?: { setting: string; term: number | null; periodType: 'Month' | 'Year' | 'Day' | 'Week' };
  currency: string;
  ratePlans: SubscriptionRatePlanRecord[];
  customFields: CustomFields;
}

export interface SubscriptionReader {
  /** The latest version by id or number, or a given version. */
  getSubscription(ctx: Ctx, key: string, version?: number): Promise<SubscriptionRecord | undefined>;
  listByAccount(ctx: Ctx, accountId: string): Promise<SubscriptionRecord[]>;
  /** Whether an order with this number exists (reads keyed by an order number answer not found otherwise). */
  orderExists(ctx: Ctx, orderNumber: string): Promise<boolean>;
  /** An order by id or number with the numbers of the subscriptions its actions touched (invoice schedules read it), or undefined. */
  orderSubscriptions?(ctx: Ctx, orderKey: string): Promise<{ orderId: string; orderNumber: string; status: string; subscriptionNumbers: string[] } | undefined>;
}

/** What an order did, handed to hooks inside the order's transaction. */
export interface OrderProcessedEvent {
  orderNumber: string;
  orderId: string;
  status: string;
  /** The request body as the client sent it (line items, ramps, … live in it). */
  request: Record<string, unknown>;
  subscriptions: Array<{ subscriptionNumber: string; subscriptionId: string; version: number; previousVersion: number | null }>;
  /** The order's account (also when the order created it), when the engine fills it in. */
  accountId?: string | null;
  accountNumber?: string | null;
  /**
   * Fields hooks add to the order's API response (e.g. `orderLineItems: [{id, itemNumber}]`),
   * when the engine passes an object here and merges it into its response.
   */
  responseExtras?: Record<string, unknown>;
}

/**
 * Run after an order's actions succeed, inside the same transaction: a hook that
 * throws fails the whole order. The order-extras module (line items, ramps,
 * change history) adds its hooks here when it loads.
 */
export type OrderProcessedHook = (ctx: Ctx, event: OrderProcessedEvent) => Promise<void>;
export const orderProcessedHooks: OrderProcessedHook[] = [];

export interface OrderWriter {
  /** POST /v1/orders semantics (body as the API takes it); returns the API response body. */
  createOrder(ctx: Ctx, body: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/**
 * Adds parts to an order preview's `previewResult` (invoices, credit memos, …):
 * called inside the preview's transaction, after the order's actions applied,
 * before everything is rolled back. The rating engine adds its builder here.
 */
export interface OrderPreviewInput {
  request: Record<string, unknown>;
  /** The subscriptions as they would be after the order. */
  subscriptions: SubscriptionRecord[];
  /** previewOptions.previewTypes, e.g. ['BillingDocs', 'ChargeMetrics', 'OrderMetrics']. */
  previewTypes: string[];
}
export type OrderPreviewBuilder = (ctx: Ctx, input: OrderPreviewInput) => Promise<Record<string, unknown>>;
export const orderPreviewBuilders: OrderPreviewBuilder[] = [];

/**
 * Asked before an order is deleted (DELETE /v1/orders/{n}, its async form, or
 * a subscription delete that removes the order): returns why it cannot go
 * (e.g. "charge C-00000001 is invoiced"), or null. Billing adds its guard here.
 */
export type OrderDeletionGuard = (ctx: Ctx, order: { orderNumber: string; orderId: string; subscriptionNumbers: string[] }) => Promise<string | null>;
export const orderDeletionGuards: OrderDeletionGuard[] = [];

/**
 * Run inside the deleting transaction after an order and the versions it made
 * are gone, so that what hangs on the order (line items, ramps, …) goes too.
 */
export type OrderDeletedHook = (ctx: Ctx, order: { orderNumber: string; orderId: string }) => Promise<void>;
export const orderDeletedHooks: OrderDeletedHook[] = [];

/**
 * Changes to a subscription that no order makes, run in the same transaction:
 * the clock's auto-renewal (a new version) and expiry (status in place),
 * trigger dates completing a pending order, and custom field edits (in place).
 */
export interface SubscriptionChangedEvent {
  subscriptionNumber: string;
  subscriptionId: string;
  version: number;
  change: 'AutoRenewal' | 'Expiry' | 'TriggerDates' | 'CustomFields';
}
export type SubscriptionChangedHook = (ctx: Ctx, event: SubscriptionChangedEvent) => Promise<void>;
export const subscriptionChangedHooks: SubscriptionChangedHook[] = [];

/** The latest version of a subscription by number or id, or undefined: for modules that only name one (attachments). */
export async function findSubscription(ctx: Ctx, key: string): Promise<SubscriptionRecord | undefined> {
  const { subscriptionReader } = await import('./service.js');
  return subscriptionReader.getSubscription(ctx, key);
}
