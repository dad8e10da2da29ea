/**
 * What other modules (subscriptions, orders, billing) read from the catalog.
 * The catalog service implements `CatalogReader`; consumers depend on this file
 * only. Amounts and quantities are decimal strings; dates are `YYYY-MM-DD`.
 */
import type { Ctx } from '../../platform/context.js';
import type { CustomFields } from '../../platform/custom-fields.js';

export type ChargeType = 'OneTime' | 'Recurring' | 'Usage';

export interface CatalogTier {
  tier: number;
  startingUnit: string;
  endingUnit: string | null;
  price: string;
  priceFormat: 'FlatFee' | 'PerUnit';
  currency: string;
}

export interface CatalogChargePricing {
  currency: string;
  /** Flat fee / per unit price; null for tiered models and percentage discounts. */
  price: string | null;
  tiers: CatalogTier[];
  discountAmount: string | null;
  discountPercentage: string | null;
  includedUnits: string | null;
  overagePrice: string | null;
}

export interface CatalogCharge {
  id: string;
  productRatePlanId: string;
  productRatePlanChargeNumber: string | null;
  name: string;
  description: string | null;
  chargeType: ChargeType;
  /** The spec's enum value, e.g. 'Flat Fee Pricing', 'Per Unit Pricing', 'Tiered Pricing', 'Volume Pricing', 'Discount-Percentage'. */
  chargeModel: string;
  /** 'Month', 'Quarter', 'Annual', 'Semi-Annual', 'Specific Months', 'Week', 'Specific Weeks', 'Specific Days', ... or null for one-time. */
  billingPeriod: string | null;
  specificBillingPeriod: number | null;
  billingPeriodAlignment: string | null;
  billingTiming: 'IN_ADVANCE' | 'IN_ARREARS' | null;
  billCycleType: string | null;
  billCycleDay: number | null;
  weeklyBillCycleDay: string | null;
  triggerEvent: string;
  endDateCondition: string;
  upToPeriods: number | null;
  upToPeriodsType: string | null;
  listPriceBase: string | null;
  specificListPriceBase: number | null;
  uom: string | null;
  defaultQuantity: string | null;
  taxable: boolean;
  taxCode: string | null;
  taxMode: string | null;
  ratingGroup: string | null;
  usageRecordRatingOption?: string | null;
  discountLevel: string | null;
  applyDiscountTo: string | null;
  smoothingModel: string | null;
  numberOfPeriod: number | null;
  overageCalculationOption: string | null;
  overageUnusedUnitsCreditOption: string | null;
  priceChangeOption: string | null;
  priceIncreasePercentage: string | null;
  useTenantDefaultForPriceChange: boolean | null;
  prorationOption: string | null;
  accountingCode: string | null;
  pricing: CatalogChargePricing[];
  customFields: CustomFields;
}

export interface CatalogRatePlan {
  id: string;
  productRatePlanNumber: string | null;
  name: string;
  description: string | null;
  productId: string;
  productName: string;
  productSku: string;
  effectiveStartDate: string | null;
  effectiveEndDate: string | null;
  status: string;
  activeCurrencies: string[];
  charges: CatalogCharge[];
  customFields: CustomFields;
}

export interface CatalogProduct {
  id: string;
  sku: string;
  name: string;
  effectiveStartDate: string;
  effectiveEndDate: string;
  customFields: CustomFields;
}

export interface CatalogReader {
  getProduct(ctx: Ctx, idOrSku: string): Promise<CatalogProduct | undefined>;
  /** By id (or productRatePlanNumber), with its charges and pricing. */
  getRatePlan(ctx: Ctx, idOrNumber: string): Promise<CatalogRatePlan | undefined>;
  /** By id (or productRatePlanChargeNumber). */
  getCharge(ctx: Ctx, idOrNumber: string): Promise<CatalogCharge | undefined>;
}

/**
 * Asked before a product, rate plan or charge is deleted: returns why it is in
 * use (e.g. "used by subscription A-S00000001"), or null when it is free.
 * The subscriptions module adds its guard to `catalogUsageGuards` when it loads.
 */
export type CatalogUsageGuard = (ctx: Ctx, kind: 'product' | 'ratePlan' | 'charge', id: string) => Promise<string | null>;
export const catalogUsageGuards: CatalogUsageGuard[] = [];

/**
 * Asked before a product's or rate plan's effective end date moves earlier
 * (expiring it): returns why that is refused (e.g. "subscription A-S00000001 renews
 * with it on 2025-03-01"), or null. The subscriptions module may add its guard here.
 */
export type CatalogExpiryGuard = (ctx: Ctx, kind: 'product' | 'ratePlan', id: string, newEffectiveEndDate: string) => Promise<string | null>;
export const catalogExpiryGuards: CatalogExpiryGuard[] = [];

/**
 * Charges used in a product rate plan without belonging to it (Zuora's charge
 * reuse: a product rate plan definition links an existing charge into another
 * plan). Given rate plan ids, a source returns the (plan, charge) links, oldest
 * first; the model adds those charges to the plans' charges on every read. The
 * definitions view adds its source when it loads.
 */
export interface LinkedCharge {
  ratePlanId: string;
  chargeId: string;
}
export type LinkedChargeSource = (ctx: Ctx, ratePlanIds: string[]) => Promise<LinkedCharge[]>;
export const linkedChargeSources: LinkedChargeSource[] = [];
