/**
 * The rules of orders and subscriptions, for routes and for other modules.
 * Other modules use `subscriptionReader`, `orderWriter` and the hooks in contract.ts.
 */
import type { Ctx } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import type { ChargeSegment, OrderWriter, SubscriptionReader, SubscriptionRecord } from './contract.js';
import type { SubscriptionDoc } from './model.js';
import { loadDoc, processOrder } from './orders.js';
import * as store from './store.js';

export function toRecord(doc: SubscriptionDoc): SubscriptionRecord {
  return {
    id: doc.id,
    subscriptionNumber: doc.subscriptionNumber,
    version: doc.version,
    accountId: doc.accountId,
    invoiceOwnerAccountId: doc.invoiceOwnerAccountId,
    status: doc.status,
    termType: doc.termType,
    termStartDate: doc.termStartDate,
    termEndDate: doc.termEndDate,
    contractEffectiveDate: doc.contractEffectiveDate,
    serviceActivationDate: doc.serviceActivationDate,
    customerAcceptanceDate: doc.customerAcceptanceDate,
    subscriptionStartDate: doc.subscriptionStartDate,
    subscriptionEndDate: doc.subscriptionEndDate,
    cancelledDate: doc.cancelledDate,
    autoRenew: doc.autoRenew,
    currency: doc.currency,
    customFields: doc.customFields,
    ratePlans: doc.ratePlans.map((rp) => ({
      id: rp.id,
      productRatePlanId: rp.productRatePlanId,
      productId: rp.productId,
      ratePlanName: rp.ratePlanName,
      productName: rp.productName,
      removedDate: rp.removedDate,
      customFields: rp.customFields,
      charges: rp.charges.map((c) => ({
        id: c.id,
        chargeNumber: c.number,
        productRatePlanChargeId: c.productRatePlanChargeId,
        name: c.name,
        chargeType: c.type,
        chargeModel: c.chargeModel,
        billingPeriod: c.billingPeriod,
        billingTiming: c.billingTiming,
        triggerEvent: c.triggerEvent,
        customFields: c.customFields,
        segments: c.segments.map(
          (s): ChargeSegment => ({
            segment: s.segment,
            effectiveStartDate: s.effectiveStartDate,
            effectiveEndDate: s.effectiveEndDate,
            quantity: s.quantity,
            price: s.price,
            tiers: s.tiers,
            discountPercentage: s.discountPercentage,
            discountAmount: s.discountAmount,
            version: s.version,
          }),
        ),
      })),
    })),
  };
}

export const subscriptionReader: SubscriptionReader = {
  async getSubscription(ctx, key, version) {
    const doc = await loadDoc(ctx, key, version);
    return doc ? toRecord(doc) : undefined;
  },
  async listByAccount(ctx, accountId) {
    const rows = await store.latestByAccount(ctx, accountId);
    return rows.map((r) => toRecord(JSON.parse(r.doc) as SubscriptionDoc));
  },
};

export const orderWriter: OrderWriter = {
  async createOrder(ctx, body) {
    return (await processOrder(ctx, body)).response;
  },
};

export async function requireSubscription(ctx: Ctx, key: string, version?: number): Promise<SubscriptionDoc> {
  const doc = await loadDoc(ctx, key, version);
  if (!doc) throw notFound(version === undefined ? `Subscription ${key} does not exist` : `Subscription ${key} has no version ${version}`);
  return doc;
}
