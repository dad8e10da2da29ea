/** The neutral shapes of the catalog model, shared by the service and every view. */
import type { CustomFields } from '../../platform/custom-fields.js';
import type { CatalogCharge, CatalogProduct, CatalogRatePlan, CatalogTier } from './contract.js';
import type { Namer } from './rules.js';

export interface ProductInput {
  name?: string;
  sku?: string | null;
  productNumber?: string | null;
  description?: string | null;
  category?: string | null;
  effectiveStartDate?: string;
  effectiveEndDate?: string;
  allowFeatureChanges?: boolean | null;
  customFields?: CustomFields;
}

export interface ProductRecord extends CatalogProduct {
  productNumber: string;
  description: string | null;
  category: string | null;
  allowFeatureChanges: boolean | null;
  /** ISO instants. */
  createdDate: string;
  updatedDate: string;
}

export interface RatePlanInput {
  productId?: string;
  name?: string;
  description?: string | null;
  productRatePlanNumber?: string | null;
  effectiveStartDate?: string | null;
  effectiveEndDate?: string | null;
  activeCurrencies?: string[];
  grade?: string | number | null;
  externalIdSourceSystem?: string | null;
  externalRatePlanIds?: string[];
  customFields?: CustomFields;
}

export interface RatePlanRecord extends CatalogRatePlan {
  grade: string | null;
  externalIdSourceSystem: string | null;
  externalRatePlanIds: string[];
  productNumber: string;
  createdDate: string;
  updatedDate: string;
  charges: ChargeRecord[];
}

export interface TierInput {
  startingUnit?: string | number | null;
  endingUnit?: string | number | null;
  price?: string | number | null;
  priceFormat?: 'FlatFee' | 'PerUnit' | null;
}

/** The price of a charge in one currency. Which members apply depends on the charge model. */
export interface PricingInput {
  currency?: string;
  price?: string | number | null;
  tiers?: TierInput[];
  discountAmount?: string | number | null;
  discountPercentage?: string | number | null;
  overagePrice?: string | number | null;
}

/**
 * A charge to create or a patch to apply. Besides the members below it takes
 * any attribute of fields.ts by its neutral key (billingPeriod, billCycleType, uom, ...).
 * `pricing` replaces the pricing of the currencies it lists (all of them on create).
 */
export type ChargeInput = {
  productRatePlanId?: string;
  name?: string;
  chargeType?: string;
  chargeModel?: string;
  productRatePlanChargeNumber?: string | null;
  pricing?: PricingInput[];
  customFields?: CustomFields;
} & Record<string, unknown>;

export interface TierRecord extends CatalogTier {
  id: string;
  isOveragePrice: boolean;
  discountAmount: string | null;
  discountPercentage: string | null;
  createdDate: string;
  updatedDate: string;
}

/** A charge with every attribute of fields.ts (null when unset). */
export interface ChargeRecord extends CatalogCharge {
  productRatePlanChargeNumber: string;
  /** Every attribute by neutral key, including those of CatalogCharge. */
  attrs: Record<string, unknown>;
  /** The stored tier rows (flat prices and discounts are one row each), for the object API. */
  tierRows: TierRecord[];
  createdDate: string;
  updatedDate: string;
}

export interface WriteOptions {
  /** How error messages name fields (the object API passes a PascalCase namer). */
  namer?: Namer;
}

