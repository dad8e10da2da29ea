/**
 * The rules of orders and subscriptions, for routes and for other modules.
 * Other modules use `subscriptionReader`, `orderWriter` and the hooks in contract.ts.
 */
import type { Ctx } from '../../platform/context.js';
import { pickCustomFields } from '../../platform/custom-fields.js';
import { entityNotFound, invalidValue, missingField, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import {
  subscriptionChangedHooks,
  type ChargeBillingFields,
  type ChargeSegment,
  type OrderWriter,
  type SubscriptionChangedEvent,
  type SubscriptionReader,
  type SubscriptionRecord,
} from './contract.js';
import { getAccount } from './deps.js';
import { isObj, RES_SUBSCRIPTION, renew } from './engine.js';
import type { SubscriptionDoc } from './model.js';
import { removeOrder } from './order-service.js';
import { loadDoc, nowStamp, processOrder } from './orders.js';
import * as store from './store.js';
import { assignVersionIds } from './version-parts.js';
import { cmp } from './terms.js';
import { subscriptionMetrics, subscriptionView, type ViewOptions } from './view.js';

export function toRecord(doc: SubscriptionDoc): SubscriptionRecord {
  return {
    id: doc.id,
    originalId: doc.originalId,
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
    renewal: { setting: doc.renewalSetting, term: doc.renewalTerm, periodType: doc.renewalTermPeriodType },
    currency: doc.currency,
    customFields: doc.customFields,
    ratePlans: doc.ratePlans.map((rp) => ({
      id: rp.id,
      productRatePlanId: rp.productRatePlanId,
      productId: rp.productId,
      ratePlanName: rp.ratePlanName,
      productName: rp.productName,
      removedDate: rp.removedDate,
      uniqueToken: rp.uniqueToken ?? null,
      subscriptionRatePlanNumber: rp.subscriptionRatePlanNumber,
      originalRatePlanId: rp.originalRatePlanId,
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
        pending: c.pending,
        uniqueToken: c.uniqueToken ?? null,
        originalChargeId: c.originalChargeId,
        customFields: c.customFields,
        billing: chargeBilling(c),
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

/** The billing fields of a stored charge (what billing-view.ts flattens). */
function chargeBilling(c: SubscriptionDoc['ratePlans'][number]['charges'][number]): ChargeBillingFields {
  return {
    billingPeriod: c.billingPeriod,
    specificBillingPeriod: c.specificBillingPeriod,
    billingPeriodAlignment: c.billingPeriodAlignment,
    billingTiming: c.billingTiming,
    billCycleType: c.billCycleType,
    billCycleDay: c.billCycleDay,
    weeklyBillCycleDay: c.weeklyBillCycleDay ?? null,
    listPriceBase: c.listPriceBase,
    specificListPriceBase: c.specificListPriceBase ?? null,
    endDateCondition: c.endDateCondition,
    upToPeriods: c.upToPeriods,
    upToPeriodsType: c.upToPeriodsType,
    specificEndDate: c.specificEndDate,
    triggerEvent: c.triggerEvent,
    specificTriggerDate: c.specificTriggerDate,
    prorationOption: c.prorationOption ?? null,
    uom: c.uom,
    currency: c.currency,
    applyDiscountTo: c.applyDiscountTo,
    discountLevel: c.discountLevel,
    isStackedDiscount: c.isStackedDiscount ?? null,
    ratingGroup: c.ratingGroup ?? null,
    usageRecordRatingOption: c.usageRecordRatingOption ?? null,
    smoothingModel: c.smoothingModel ?? null,
    numberOfPeriods: c.numberOfPeriods ?? null,
    segmentPricing: c.segments.map((s) => ({ includedUnits: s.includedUnits, overagePrice: s.overagePrice })),
  };
}

export const subscriptionReader: SubscriptionReader = {
  async getSubscription(ctx, key, version) {
    const doc = await loadDoc(ctx, key, version);
    return doc ? toRecord(doc) : undefined;
  },
  async listByAccount(ctx, accountId) {
    const rows = await store.latestByAccount(ctx, accountId);
    return rows.map((r) => toRecord(r.doc));
  },
  async orderExists(ctx, orderNumber) {
    return (await store.getOrder(ctx, orderNumber)) !== undefined;
  },
  async orderSubscriptions(ctx, orderKey) {
    const o = (await store.getOrder(ctx, orderKey)) ?? (/^[0-9a-f]{32}$/.test(orderKey) ? await store.getOrderById(ctx, orderKey) : undefined);
    if (!o) return undefined;
    const numbers = (await store.actionsOf(ctx, o.id)).map((a) => a.subscription_number).filter((n): n is string => !!n);
    return { orderId: o.id, orderNumber: o.order_number, status: o.status, subscriptionNumbers: [...new Set(numbers)] };
  },
};

export const orderWriter: OrderWriter = {
  async createOrder(ctx, body) {
    return (await processOrder(ctx, body)).response;
  },
};

export async function requireSubscription(ctx: Ctx, key: string, version?: number): Promise<SubscriptionDoc> {
  const doc = await loadDoc(ctx, key, version);
  if (!doc) throw version === undefined ? entityNotFound(key) : notFound(`Subscription ${key} has no version ${version}`);
  return doc;
}

// ---------------------------------------------------------------- reads and in-place edits


export async function subscriptionsOfAccount(ctx: Ctx, accountKey: string, opts: ViewOptions, limit: number, offset: number) {
  const acc = await getAccount(ctx, accountKey);
  if (!acc) throw entityNotFound(accountKey);
  const rows = await store.latestByAccount(ctx, acc.id, limit, offset);
  return rows.map((r) => {
    const v = subscriptionView(r.doc, opts) as Record<string, unknown>;
    delete v.success;
    return v;
  });
}

export async function metrics(ctx: Ctx, numbers: string[], asOf: string) {
  const rows = await store.latestVersions(ctx, numbers);
  const missing = numbers.filter((n) => !rows.some((r) => r.subscription_number === n));
  if (missing.length) throw notFound(`Subscription ${missing.join(', ')} does not exist`);
  return {
    success: true,
    subscriptionMetrics: numbers.map((n) => {
      const doc = rows.find((r) => r.subscription_number === n)!.doc;
      return { subscriptionNumber: n, ...subscriptionMetrics(doc, asOf) };
    }),
  };
}

/** Custom fields change in place: no new version (as Zuora does for these two operations). */
export async function updateSubscriptionCustomFields(ctx: Ctx, key: string, body: Record<string, unknown>, version?: number) {
  const doc = await requireSubscription(ctx, key, version);
  if (body.customFields !== undefined) {
    if (!isObj(body.customFields)) throw invalidValue(`'customFields' must be an object`, RES_SUBSCRIPTION);
    doc.customFields = { ...doc.customFields, ...pickCustomFields(body.customFields) };
  }
  const plans = body.ratePlans ?? [];
  if (!Array.isArray(plans)) throw invalidValue(`'ratePlans' must be an array`, RES_SUBSCRIPTION);
  for (const [i, p] of plans.entries()) {
    const f = `ratePlans[${i}]`;
    if (!isObj(p) || typeof p.ratePlanId !== 'string') throw missingField(`'${f}.ratePlanId' is required`, RES_SUBSCRIPTION);
    const rp = doc.ratePlans.find((r) => r.id === p.ratePlanId || r.originalRatePlanId === p.ratePlanId || r.subscriptionRatePlanNumber === p.ratePlanId);
    if (!rp) throw invalidValue(`'${f}.ratePlanId': subscription ${doc.subscriptionNumber} has no rate plan '${p.ratePlanId}'`, RES_SUBSCRIPTION);
    if (isObj(p.customFields)) rp.customFields = { ...rp.customFields, ...pickCustomFields(p.customFields) };
    const charges = p.charges ?? [];
    if (!Array.isArray(charges)) throw invalidValue(`'${f}.charges' must be an array`, RES_SUBSCRIPTION);
    for (const [j, ch] of charges.entries()) {
      if (!isObj(ch) || typeof ch.chargeNumber !== 'string') throw missingField(`'${f}.charges[${j}].chargeNumber' is required`, RES_SUBSCRIPTION);
      const c = rp.charges.find((c) => c.number === ch.chargeNumber);
      if (!c) throw invalidValue(`'${f}.charges[${j}].chargeNumber': no charge '${ch.chargeNumber}' in rate plan ${rp.id}`, RES_SUBSCRIPTION);
      if (isObj(ch.customFields)) c.customFields = { ...c.customFields, ...pickCustomFields(ch.customFields) };
    }
  }
  doc.updatedDate = nowStamp(ctx);
  await store.rewriteVersion(ctx, doc);
  await changed(ctx, doc, 'CustomFields');
  return { success: true };
}

export async function getRatePlan(ctx: Ctx, id: string) {
  const v = await store.versionOfRatePlan(ctx, id);
  if (!v) throw notFound(`Rate plan ${id} does not exist`);
  const doc = v.doc;
  const rp = doc.ratePlans.find((r) => r.id === id)!;
  let order: Record<string, unknown> | null = null;
  if (v!.order_id) {
    const o = await store.getOrderById(ctx, v!.order_id);
    const actions = (await store.actionsOf(ctx, v!.order_id)).filter(
      (a) => a.subscription_number === doc.subscriptionNumber && ['AddProduct', 'UpdateProduct', 'RemoveProduct'].includes(a.type),
    );
    if (o)
      order = {
        id: o.id,
        orderNumber: o.order_number,
        orderActions: actions.map((a) => ({
          id: a.id,
          type: a.type,
          contractEffectiveDate: a.contract_effective_date,
          serviceActivationDate: a.service_activation_date,
          customerAcceptanceDate: a.customer_acceptance_date,
        })),
      };
  }
  return {
    success: true,
    id: rp.id,
    ...(rp.lastChangeType ? { lastChangeType: rp.lastChangeType } : {}),
    productId: rp.productId,
    productName: rp.productName,
    productSku: rp.productSku,
    productRatePlanId: rp.productRatePlanId,
    ratePlanName: rp.ratePlanName,
    subscriptionId: doc.id,
    subscriptionVersion: doc.version,
    externallyManagedPlanId: null,
    order,
    ...rp.customFields,
  };
}

/** PUT /v1/subscriptions/{key}/delete: removes the subscription, every version, and the orders that only touched it. */
export async function deleteSubscription(ctx: Ctx, key: string) {
  const doc = await requireSubscription(ctx, key);
  await store.deleteAllVersions(ctx, doc.subscriptionNumber);
  for (const orderId of await store.deleteActionsOfSubscription(ctx, doc.subscriptionNumber)) {
    const o = await store.getOrderById(ctx, orderId);
    if (o && (await store.countActions(ctx, orderId)) === 0) await removeOrder(ctx, o, [doc.subscriptionNumber]);
  }
  return { success: true };
}

// ---------------------------------------------------------------- the tenant clock

/**
 * On each day of the tenant clock: an active termed subscription whose term
 * has ended renews (a new version) when auto-renew is on, and expires
 * otherwise (its status changes in place: expiry is not an amendment).
 */
export async function renewOrExpire(ctx: Ctx, date: string): Promise<void> {
  for (const row of await store.dueForTermEnd(ctx, date)) {
    const prev = row.doc;
    if (!prev.termEndDate || cmp(prev.termEndDate, date) > 0) continue;
    if (!prev.autoRenew) {
      prev.status = 'Expired';
      prev.updatedDate = nowStamp(ctx);
      await store.rewriteVersion(ctx, prev);
      await changed(ctx, prev, 'Expiry');
      continue;
    }
    const doc = structuredClone(prev);
    doc.previousSubscriptionId = prev.id;
    doc.id = newId();
    doc.version = prev.version + 1;
    doc.orderNumber = null;
    doc.updatedDate = nowStamp(ctx);
    assignVersionIds(doc);
    for (const rp of doc.ratePlans) if (rp.lastChangeType !== 'Remove') rp.lastChangeType = null;
    do renew({ version: doc.version }, doc);
    while (doc.termType === 'TERMED' && doc.termEndDate && cmp(doc.termEndDate, date) <= 0);
    await store.insertVersion(ctx, doc, null, nowStamp(ctx));
    await changed(ctx, doc, 'AutoRenewal');
  }
}

export async function changed(ctx: Ctx, doc: SubscriptionDoc, change: SubscriptionChangedEvent['change']): Promise<void> {
  for (const hook of subscriptionChangedHooks) await hook(ctx, { subscriptionNumber: doc.subscriptionNumber, subscriptionId: doc.id, version: doc.version, change });
}

