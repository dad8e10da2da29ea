/**
 * The billing view of a subscription: one flat row per charge segment, with every field the billing
 * engine reads (the engine never parses a stored version). Pure: a SubscriptionRecord in, rows out.
 */
import type { BillingSegmentRow, ChargeBillingFields, SubscriptionRecord } from './contract.js';

/** The charge's billing fields when the reader did not fill them (a test's fake record): what the record itself carries. */
function fallbackBilling(c: SubscriptionRecord['ratePlans'][number]['charges'][number], currency: string): ChargeBillingFields {
  return {
    billingPeriod: c.billingPeriod,
    specificBillingPeriod: null,
    billingPeriodAlignment: null,
    billingTiming: c.billingTiming,
    billCycleType: null,
    billCycleDay: null,
    weeklyBillCycleDay: null,
    listPriceBase: null,
    specificListPriceBase: null,
    endDateCondition: null,
    upToPeriods: null,
    upToPeriodsType: null,
    specificEndDate: null,
    triggerEvent: c.triggerEvent,
    specificTriggerDate: null,
    prorationOption: null,
    uom: null,
    currency,
    applyDiscountTo: null,
    discountLevel: null,
    isStackedDiscount: null,
    ratingGroup: null,
    usageRecordRatingOption: null,
    smoothingModel: null,
    numberOfPeriods: null,
    segmentPricing: c.segments.map(() => ({ includedUnits: null, overagePrice: null })),
  };
}

/** Every segment of every charge of the subscription (removed plans included: their segments end where the plan ended). */
export function billingSegments(sub: SubscriptionRecord): BillingSegmentRow[] {
  const out: BillingSegmentRow[] = [];
  for (const rp of sub.ratePlans) {
    for (const c of rp.charges) {
      const b = c.billing ?? fallbackBilling(c, sub.currency);
      const first = c.segments[0];
      const last = c.segments[c.segments.length - 1];
      if (!first || !last) continue;
      const segmentPricing = b.segmentPricing;
      c.segments.forEach((s, i) => {
        // the fields named one by one, not spread: a rest/spread copy of this many fields was most of a bill run's time per account
        out.push({
          billingPeriod: b.billingPeriod,
          specificBillingPeriod: b.specificBillingPeriod,
          billingPeriodAlignment: b.billingPeriodAlignment,
          billingTiming: b.billingTiming,
          billCycleType: b.billCycleType,
          billCycleDay: b.billCycleDay,
          weeklyBillCycleDay: b.weeklyBillCycleDay,
          listPriceBase: b.listPriceBase,
          specificListPriceBase: b.specificListPriceBase,
          endDateCondition: b.endDateCondition,
          upToPeriods: b.upToPeriods,
          upToPeriodsType: b.upToPeriodsType,
          specificEndDate: b.specificEndDate,
          triggerEvent: b.triggerEvent,
          specificTriggerDate: b.specificTriggerDate,
          prorationOption: b.prorationOption,
          uom: b.uom,
          currency: b.currency,
          applyDiscountTo: b.applyDiscountTo,
          discountLevel: b.discountLevel,
          isStackedDiscount: b.isStackedDiscount,
          ratingGroup: b.ratingGroup,
          usageRecordRatingOption: b.usageRecordRatingOption,
          smoothingModel: b.smoothingModel,
          numberOfPeriods: b.numberOfPeriods,
          subscriptionId: sub.id,
          subscriptionOriginalId: sub.originalId ?? sub.id,
          subscriptionNumber: sub.subscriptionNumber,
          subscriptionVersion: sub.version,
          subscriptionStatus: sub.status,
          accountId: sub.accountId,
          invoiceOwnerAccountId: sub.invoiceOwnerAccountId,
          termType: sub.termType,
          termStartDate: sub.termStartDate,
          termEndDate: sub.termEndDate,
          subscriptionStartDate: sub.subscriptionStartDate,
          subscriptionEndDate: sub.subscriptionEndDate,
          contractEffectiveDate: sub.contractEffectiveDate,
          serviceActivationDate: sub.serviceActivationDate,
          customerAcceptanceDate: sub.customerAcceptanceDate,
          cancelledDate: sub.cancelledDate,
          autoRenew: sub.autoRenew,
          ratePlanId: rp.id,
          originalRatePlanId: rp.originalRatePlanId ?? rp.id,
          ratePlanName: rp.ratePlanName,
          productId: rp.productId,
          productName: rp.productName,
          productRatePlanId: rp.productRatePlanId,
          removedDate: rp.removedDate,
          chargeId: c.id,
          originalChargeId: c.originalChargeId ?? c.id,
          chargeNumber: c.chargeNumber,
          chargeName: c.name,
          productRatePlanChargeId: c.productRatePlanChargeId,
          chargeType: c.chargeType,
          chargeModel: c.chargeModel,
          pending: c.pending ?? false,
          chargeStartDate: first.effectiveStartDate,
          chargeEndDate: last.effectiveEndDate,
          segment: s.segment,
          segmentStartDate: s.effectiveStartDate,
          segmentEndDate: s.effectiveEndDate,
          quantity: s.quantity,
          price: s.price,
          tiers: s.tiers,
          includedUnits: segmentPricing[i]?.includedUnits ?? null,
          overagePrice: segmentPricing[i]?.overagePrice ?? null,
          discountAmount: s.discountAmount,
          discountPercentage: s.discountPercentage,
        });
      });
    }
  }
  return out;
}
