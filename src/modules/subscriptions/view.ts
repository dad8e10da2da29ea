/** Subscription versions in the v1 API's response shape. */
import { D, toJsonNumber, type Money } from '../../platform/money.js';
import type { ChargeDoc, RatePlanDoc, SegmentDoc, SubscriptionDoc } from './model.js';
import { nextStatusHistory, type StatusPeriod } from './status-history.js';
import { before, endAfter, segmentMrr, segmentTcv } from './terms.js';

export type ChargeDetail = 'last-segment' | 'current-segment' | 'all-segments' | 'specific-segment';

const n = (v: string | null | undefined) => (v === null || v === undefined ? null : toJsonNumber(v));

function pricingSummary(c: ChargeDoc, s: SegmentDoc): string {
  if (c.model === 'DiscountPercentage') return `${s.discountPercentage ?? 0}% discount`;
  if (c.model === 'DiscountFixedAmount') return `${c.currency}${s.discountAmount ?? 0} fixed amount discount`;
  if (s.tiers.length) return s.tiers.map((t) => `${t.startingUnit}${t.endingUnit === null ? '+' : `-${t.endingUnit}`}: ${c.currency}${t.price}${t.priceFormat === 'FlatFee' ? ' flat fee' : ''}`).join('; ');
  return `${c.currency}${s.price ?? 0}${c.model === 'PerUnit' && c.uom ? `/${c.uom}` : ''}`;
}

function segmentView(c: ChargeDoc, s: SegmentDoc) {
  return {
    segment: s.segment,
    effectiveStartDate: s.effectiveStartDate,
    effectiveEndDate: s.effectiveEndDate,
    price: n(s.price),
    quantity: n(s.quantity),
    tiers: s.tiers.length ? s.tiers.map((t) => ({ tier: t.tier, startingUnit: n(t.startingUnit), endingUnit: n(t.endingUnit), price: n(t.price), priceFormat: t.priceFormat === 'FlatFee' ? 'FlatFee' : 'PerUnit' })) : null,
    discountAmount: n(s.discountAmount),
    discountPercentage: n(s.discountPercentage),
    includedUnits: n(s.includedUnits),
    overagePrice: n(s.overagePrice),
    mrr: toJsonNumber(segmentMrr(c, s).toDecimalPlaces(9)),
    tcv: toJsonNumber(segmentTcv(c, s).toDecimalPlaces(9)),
    pricingSummary: pricingSummary(c, s),
    version: s.version,
  };
}

export function pickSegment(c: ChargeDoc, detail: ChargeDetail, asOf: string): SegmentDoc {
  const last = c.segments[c.segments.length - 1]!;
  if (detail === 'current-segment' || detail === 'specific-segment') {
    return c.segments.find((s) => s.effectiveStartDate === asOf) ?? c.segments.find((s) => !before(asOf, s.effectiveStartDate) && endAfter(s.effectiveEndDate, asOf)) ?? last;
  }
  return last;
}

export function chargeView(c: ChargeDoc, detail: ChargeDetail, asOf: string, version: number, prev?: ChargeDoc | null) {
  const s = pickSegment(c, detail, asOf);
  const seg = segmentView(c, s);
  const tcv = c.segments.reduce((t: Money, x) => t.plus(segmentTcv(c, x)), new D(0));
  const lastMrr = (x: ChargeDoc | null | undefined) => {
    const l = x?.segments[x.segments.length - 1];
    return x && l ? segmentMrr(x, l) : new D(0);
  };
  const totalTcv = (x: ChargeDoc | null | undefined) => (x ? x.segments.reduce((t: Money, g) => t.plus(segmentTcv(x, g)), new D(0)) : new D(0));
  // Without the version before (prev undefined) the deltas are the whole values, as for a first version.
  const dmrc = prev === undefined ? lastMrr(c) : lastMrr(c).minus(lastMrr(prev));
  const dtcv = prev === undefined ? tcv : tcv.minus(totalTcv(prev));
  const out: Record<string, unknown> = {
    id: c.id,
    originalChargeId: c.originalChargeId,
    productRatePlanChargeId: c.productRatePlanChargeId,
    number: c.number,
    name: c.name,
    type: c.type,
    model: c.model,
    uom: c.uom,
    version,
    segment: s.segment,
    pricingSummary: seg.pricingSummary,
    priceChangeOption: c.priceChangeOption,
    priceIncreasePercentage: n(c.priceIncreasePercentage),
    currency: c.currency,
    chargeModelConfiguration: null,
    inputArgumentId: null,
    includedUnits: seg.includedUnits,
    overagePrice: seg.overagePrice,
    applyDiscountTo: c.applyDiscountTo,
    discountLevel: c.discountLevel,
    discountClass: null,
    discountApplyDetails: null,
    billingDay: c.billCycleType ?? 'DefaultFromCustomer',
    listPriceBase: c.listPriceBase,
    specificListPriceBase: null,
    billingPeriod: c.billingPeriod,
    specificBillingPeriod: c.specificBillingPeriod,
    billingTiming: c.billingTiming,
    ratingGroup: c.ratingGroup ?? null,
    billingPeriodAlignment: c.billingPeriodAlignment,
    quantity: seg.quantity,
    prepaidQuantity: null,
    validityPeriodType: null,
    drawdownRate: null,
    drawdownUom: null,
    creditOption: null,
    isPrepaid: false,
    isRollover: false,
    smoothingModel: c.smoothingModel ?? null,
    numberOfPeriods: c.numberOfPeriods ?? null,
    overageCalculationOption: null,
    overageUnusedUnitsCreditOption: null,
    unusedUnitsCreditRates: null,
    usageRecordRatingOption: c.usageRecordRatingOption ?? null,
    price: seg.price,
    // zbill has no negotiated prices: the sales price is the charge's price.
    salesPrice: seg.price,
    isStackedDiscount: false,
    reflectDiscountInNetAmount: false,
    // delivery pricing is not modelled
    numberOfDeliveries: null,
    originalOrderDate: c.originalOrderDate ?? null,
    tiers: seg.tiers,
    discountAmount: seg.discountAmount,
    discountPercentage: seg.discountPercentage,
    // unset (stored as "" by older versions) reads as null
    description: c.description || null,
    effectiveStartDate: s.effectiveStartDate,
    effectiveEndDate: s.effectiveEndDate,
    processedThroughDate: null,
    chargedThroughDate: null,
    done: false,
    triggerDate: c.specificTriggerDate,
    triggerEvent: c.triggerEvent,
    endDateCondition: c.endDateCondition,
    upToPeriodsType: c.upToPeriodsType,
    upToPeriods: c.upToPeriods,
    specificEndDate: c.specificEndDate,
    mrr: seg.mrr,
    dmrc: toJsonNumber(dmrc.toDecimalPlaces(9)),
    tcv: toJsonNumber(tcv.toDecimalPlaces(9)),
    dtcv: toJsonNumber(dtcv.toDecimalPlaces(9)),
    amendedByOrderOn: null,
    invoiceScheduleId: null,
    ...c.customFields,
  };
  if (detail === 'all-segments')
    out.chargeSegments = c.segments.map((x) => {
      const { version: _v, ...v } = segmentView(c, x);
      return { id: x.id, ...v, currency: c.currency, triggerEvent: c.triggerEvent, endDateCondition: c.endDateCondition, billingPeriodAlignment: c.billingPeriodAlignment };
    });
  return out;
}

export function ratePlanMetrics(rp: RatePlanDoc, asOf: string) {
  let mrr = new D(0);
  let asOfMrr = new D(0);
  let tcv = new D(0);
  for (const c of rp.charges) {
    const last = c.segments[c.segments.length - 1];
    if (last && !rp.removedDate) mrr = mrr.plus(segmentMrr(c, last));
    const cur = c.segments.find((s) => !before(asOf, s.effectiveStartDate) && endAfter(s.effectiveEndDate, asOf));
    if (cur) asOfMrr = asOfMrr.plus(segmentMrr(c, cur));
    for (const s of c.segments) tcv = tcv.plus(segmentTcv(c, s));
  }
  return { mrr, asOfMrr, tcv };
}

export function subscriptionMetrics(doc: SubscriptionDoc, asOf: string) {
  let mrr = new D(0);
  let asOfMrr = new D(0);
  let tcv = new D(0);
  for (const rp of doc.ratePlans) {
    const m = ratePlanMetrics(rp, asOf);
    mrr = mrr.plus(m.mrr);
    asOfMrr = asOfMrr.plus(m.asOfMrr);
    tcv = tcv.plus(m.tcv);
  }
  const r = (v: Money) => toJsonNumber(v.toDecimalPlaces(9));
  return {
    contractedMrr: r(mrr),
    contractedNetMrr: r(mrr),
    asOfDayGrossMrr: r(asOfMrr),
    asOfDayNetMrr: r(asOfMrr),
    netTotalContractedValue: r(tcv),
    totalContractedValue: r(tcv),
  };
}

export function ratePlanView(
  rp: RatePlanDoc,
  detail: ChargeDetail,
  asOf: string,
  version: number,
  o: { detailedMetrics?: boolean; metricsDate?: string; previous?: SubscriptionDoc } = { detailedMetrics: true },
) {
  const prevCharge = (c: ChargeDoc): ChargeDoc | null | undefined => {
    if (!o.previous) return undefined;
    for (const p of o.previous.ratePlans) for (const x of p.charges) if (x.number === c.number) return x;
    return null;
  };
  const m = ratePlanMetrics(rp, o.metricsDate ?? asOf);
  const r = (v: Money) => toJsonNumber(v.toDecimalPlaces(9));
  const metrics = metricsFor({ contractedMrr: r(m.mrr), contractedNetMrr: r(m.mrr), asOfDayGrossMrr: r(m.asOfMrr), asOfDayNetMrr: r(m.asOfMrr), netTotalContractedValue: r(m.tcv) }, o.detailedMetrics);
  return {
    id: rp.id,
    productId: rp.productId,
    productName: rp.productName,
    productSku: rp.productSku,
    productRatePlanId: rp.productRatePlanId,
    productRatePlanNumber: rp.productRatePlanNumber,
    ratePlanName: rp.ratePlanName,
    subscriptionRatePlanNumber: rp.subscriptionRatePlanNumber,
    // Zuora sends lastChangeType only once an order changed the plan
    ...(rp.lastChangeType ? { lastChangeType: rp.lastChangeType } : {}),
    externallyManagedPlanId: null,
    ...metrics,
    ...rp.customFields,
    ratePlanCharges: rp.charges.map((c) => chargeView(c, detail, asOf, version, prevCharge(c))),
  };
}

export interface ViewOptions {
  detail?: ChargeDetail;
  /** The date for current-segment / specific-segment. */
  asOf: string;
  excludeRemoved?: boolean;
  /** getDetailedMetrics: adds contractedNetMrr, asOfDayGrossMrr, asOfDayNetMrr, netTotalContractedValue. */
  detailedMetrics?: boolean;
  /** The date of the as-of-day metrics. */
  metricsDate?: string;
  isLatestVersion?: boolean;
  /** The version before, for dmrc / dtcv (the change this version made). */
  previous?: SubscriptionDoc;
  /** What the read adds from other modules and versions (contacts, sequence set name, status history). */
  related?: SubscriptionRelated;
}

export interface SubscriptionRelated {
  billToContact: Record<string, unknown> | null;
  soldToContact: Record<string, unknown> | null;
  /** Sent only when the subscription or its account has a ship-to contact. */
  shipToContact?: Record<string, unknown> | null;
  sequenceSetName: string | null;
  statusHistory: StatusPeriod[];
}

export type { StatusPeriod } from './status-history.js';

/**
 * The statuses a subscription went through, oldest first, from its versions up to
 * the one read (in version order): a new entry each time the status changes; each
 * entry ends where the next begins, the last one is open (endDate null).
 */
export function statusHistoryOf(versions: SubscriptionDoc[]): StatusPeriod[] {
  return [...versions].sort((a, b) => a.version - b.version).reduce<StatusPeriod[]>((h, v) => nextStatusHistory(h, v), []);
}

const DETAILED = ['contractedNetMrr', 'asOfDayGrossMrr', 'asOfDayNetMrr', 'netTotalContractedValue'];
function metricsFor(m: Record<string, number | null>, detailed: boolean | undefined): Record<string, number | null> {
  if (detailed) return m;
  const out = { ...m };
  for (const k of DETAILED) delete out[k];
  return out;
}

export function subscriptionView(doc: SubscriptionDoc, o: ViewOptions) {
  const detail = o.detail ?? 'last-segment';
  const plans = o.excludeRemoved ? doc.ratePlans.filter((r) => !r.removedDate) : doc.ratePlans;
  const { totalContractedValue, ...metrics } = subscriptionMetrics(doc, o.metricsDate ?? o.asOf);
  return {
    success: true,
    id: doc.id,
    accountId: doc.accountId,
    accountNumber: doc.accountNumber,
    accountName: doc.accountName,
    invoiceOwnerAccountId: doc.invoiceOwnerAccountId,
    invoiceOwnerAccountNumber: doc.invoiceOwnerAccountNumber,
    invoiceOwnerAccountName: doc.invoiceOwnerAccountName,
    subscriptionNumber: doc.subscriptionNumber,
    version: doc.version,
    revision: `${doc.version}.0`,
    termType: doc.termType,
    invoiceSeparately: doc.invoiceSeparately,
    contractEffectiveDate: doc.contractEffectiveDate,
    serviceActivationDate: doc.serviceActivationDate,
    customerAcceptanceDate: doc.customerAcceptanceDate,
    subscriptionStartDate: doc.subscriptionStartDate,
    subscriptionEndDate: doc.subscriptionEndDate,
    lastBookingDate: doc.orderDate,
    termStartDate: doc.termStartDate,
    termEndDate: doc.termEndDate,
    initialTerm: doc.initialTerm,
    initialTermPeriodType: doc.initialTermPeriodType,
    currentTerm: doc.currentTerm,
    currentTermPeriodType: doc.currentTermPeriodType,
    autoRenew: doc.autoRenew,
    renewalSetting: doc.renewalSetting,
    renewalTerm: doc.renewalTerm,
    renewalTermPeriodType: doc.renewalTermPeriodType,
    currency: doc.currency,
    ...metricsFor(metrics, o.detailedMetrics),
    totalContractedValue,
    notes: doc.notes || null,
    status: doc.status,
    cancelReason: null,
    statusHistory: o.related?.statusHistory ?? statusHistoryOf([doc]),
    // Zuora sends the scheduled suspend and resume dates only when there are some.
    ...(doc.suspendDate ? { scheduledSuspendDate: doc.suspendDate } : {}),
    ...(doc.resumeDate ? { scheduledResumeDate: doc.resumeDate } : {}),
    paymentTerm: doc.paymentTerm,
    invoiceTemplateId: doc.invoiceTemplateId,
    // zbill keeps no invoice templates, so no template has a name
    invoiceTemplateName: null,
    invoiceGroupNumber: doc.invoiceGroupNumber,
    sequenceSetId: doc.sequenceSetId,
    sequenceSetName: o.related?.sequenceSetName ?? null,
    billToContact: o.related?.billToContact ?? null,
    soldToContact: o.related?.soldToContact ?? null,
    ...(o.related?.shipToContact ? { shipToContact: o.related.shipToContact } : {}),
    orderNumber: doc.orderNumber,
    externallyManagedBy: doc.externallyManagedBy,
    isLatestVersion: o.isLatestVersion ?? true,
    createTime: doc.createdDate,
    updateTime: doc.updatedDate,
    ...doc.customFields,
    ratePlans: plans.map((rp) => ratePlanView(rp, detail, o.asOf, doc.version, o)),
  };
}
