/**
 * The stored shape of one subscription version (the `doc` JSON of a
 * `sub_versions` row). Dates `YYYY-MM-DD`, amounts and quantities decimal strings.
 */
import type { CustomFields } from '../../platform/custom-fields.js';
import type { ChargeSegment } from './contract.js';

export type PeriodType = 'Month' | 'Year' | 'Day' | 'Week';

export interface SegmentDoc extends ChargeSegment {
  id: string;
  includedUnits: string | null;
  overagePrice: string | null;
}

export interface ChargeDoc {
  id: string;
  originalChargeId: string;
  number: string;
  productRatePlanChargeId: string;
  productRatePlanChargeNumber: string | null;
  name: string;
  description: string;
  type: string;
  /** The subscription API's model name: FlatFee, PerUnit, Tiered, Volume, DiscountPercentage, … */
  model: string;
  chargeModel: string;
  billingPeriod: string | null;
  specificBillingPeriod: number | null;
  billingPeriodAlignment: string | null;
  billingTiming: string | null;
  billCycleType: string | null;
  billCycleDay: number | null;
  listPriceBase: string | null;
  endDateCondition: string;
  upToPeriods: number | null;
  upToPeriodsType: string | null;
  specificEndDate: string | null;
  triggerEvent: string;
  specificTriggerDate: string | null;
  uom: string | null;
  currency: string;
  applyDiscountTo: string | null;
  discountLevel: string | null;
  priceChangeOption: string | null;
  priceIncreasePercentage: string | null;
  /** True while the charge waits for a trigger date it does not have yet. */
  pending: boolean;
  uniqueToken?: string | null;
  /** While suspended: where the charge would have ended, for the resume. */
  suspendedEnd?: string | null;
  /** Usage rating copied from the catalog charge (or the order's override); absent in older versions: null. */
  ratingGroup?: string | null;
  usageRecordRatingOption?: string | null;
  smoothingModel?: string | null;
  numberOfPeriods?: number | null;
  /** The order date of the order that added the charge. */
  originalOrderDate?: string | null;
  /** Billing fields the engine reads; absent in older versions: null. */
  weeklyBillCycleDay?: string | null;
  specificListPriceBase?: number | null;
  prorationOption?: string | null;
  isStackedDiscount?: boolean | null;
  customFields: CustomFields;
  segments: SegmentDoc[];
}

export interface RatePlanDoc {
  id: string;
  originalRatePlanId: string;
  /** The id this rate plan had in the version before. */
  previousRatePlanId?: string;
  subscriptionRatePlanNumber: string;
  productId: string;
  productName: string;
  productSku: string;
  productRatePlanId: string;
  productRatePlanNumber: string | null;
  ratePlanName: string;
  lastChangeType: 'Add' | 'Update' | 'Remove' | null;
  uniqueToken?: string | null;
  removedDate: string | null;
  customFields: CustomFields;
  charges: ChargeDoc[];
}

export interface SubscriptionDoc {
  id: string;
  originalId: string;
  previousSubscriptionId: string | null;
  subscriptionNumber: string;
  version: number;
  accountId: string;
  accountNumber: string;
  accountName: string;
  invoiceOwnerAccountId: string;
  invoiceOwnerAccountNumber: string;
  invoiceOwnerAccountName: string;
  status: string;
  termType: 'TERMED' | 'EVERGREEN';
  initialTerm: number | null;
  initialTermPeriodType: PeriodType;
  currentTerm: number | null;
  currentTermPeriodType: PeriodType;
  renewalTerm: number | null;
  renewalTermPeriodType: PeriodType;
  renewalSetting: string;
  autoRenew: boolean;
  /** Start of the current term. */
  termStartDate: string;
  termEndDate: string | null;
  contractEffectiveDate: string;
  serviceActivationDate: string | null;
  customerAcceptanceDate: string | null;
  subscriptionStartDate: string;
  subscriptionEndDate: string | null;
  cancelledDate: string | null;
  suspendDate: string | null;
  resumeDate: string | null;
  orderDate: string;
  currency: string;
  notes: string;
  invoiceSeparately: boolean;
  paymentTerm: string | null;
  invoiceTemplateId: string | null;
  invoiceGroupNumber: string | null;
  sequenceSetId: string | null;
  billToContactId: string | null;
  soldToContactId: string | null;
  shipToContactId: string | null;
  orderNumber: string | null;
  externallyManagedBy: string | null;
  createdDate: string;
  updatedDate: string;
  customFields: CustomFields;
  ratePlans: RatePlanDoc[];
}
