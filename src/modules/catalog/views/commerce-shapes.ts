/**
 * The response shape of each Commerce operation: which fields, nested how.
 * The Commerce API does not answer one plan or charge shape everywhere: each
 * operation's response schema in the reference spec lists its own, narrower
 * set (GET /commerce/products/{key} gives charges a dozen fields, the charge
 * operations some fifty). The builders in commerce-map.ts compute every field
 * once; each operation's serializer then keeps exactly the fields its own
 * shape below lists.
 *
 * The shapes are the operation's response schema from the reference spec
 * (`zuora-openapi.yaml`), plus the fields the operation's reference sample
 * (Zuora's own response on its doc page) shows beyond it: where the sample
 * shows a field, Zuora sends it. `1` keeps the value whole (a scalar, a map
 * keyed by currency, or an object or array the schema leaves open); a nested
 * shape applies to the object, or to every element of an array.
 *
 * Two kinds of field pass everywhere: custom fields (`name__c`), and
 * `description`, which the compacted spec dropped as a property name while
 * every sample shows it on products, plans and charges.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface Shape {
  readonly [field: string]: 1 | Shape;
}

/** `leaves('a b c')` → `{ a: 1, b: 1, c: 1 }`. */
function leaves(names: string): Record<string, 1> {
  return Object.fromEntries(names.split(/\s+/).filter(Boolean).map((n) => [n, 1 as const]));
}

const passesEverywhere = (k: string) => k === 'description' || k.endsWith('__c');

/** Keeps the fields `shape` lists (and the ones that pass everywhere), recursively; arrays shape each element. */
export function project(value: unknown, shape: Shape | 1): any {
  if (shape === 1 || value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((v) => project(v, shape));
  if (typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const s = shape[k];
    if (s !== undefined) out[k] = project(v, s);
    else if (passesEverywhere(k)) out[k] = v;
  }
  return out;
}

/** createProduct: POST /commerce/products. */
export const PRODUCT_CREATE: Shape = {
  ...leaves(
    'allowFeatureChanges category contextFilters createdBy createdTime customFields customObjects dacTags endDate features id ' +
    'legacyFeatures name netsuite organizationLabels productNumber sku startDate state updatedBy updatedTime',
  ),
  plans: {
    ...leaves(
      'activeCurrencies attributes contextFilters createTime createdBy customFields displayName endDate entitlements ' +
      'externalIdSourceSystem externalRateplanId id name netsuite organizationLabels productId productRatePlanNumber startDate state ' +
      'status updateTime updatedBy',
    ),
    productRatePlanCharges: {
      ...leaves(
        'attributes chargeFunction chargeModel chargeType createdById createdTime customFields drawdown endDateCondition ' +
        'extendedPrice id isChargeLevelMinCommit isCommitted labels listPriceBase mergedRateCards name negotiatedRateCards ' +
        'ocmJsonByCurrency organizationLabels prepaid priceChangeOption pricingSummary pricingWaterfalls productChargeDefinitions ' +
        'productRatePlanChargeNumber productRatePlanId prorationOption rateCards specificListPriceBase taxMode taxable triggerEvent ' +
        'upToPeriods upToPeriodsType updatedById updatedTime useTenantDefaultForPriceChange',
      ),
      accounting: {
        ...leaves(
          'accountingCode accountsReceivableAccount accountsReceivableAccountType adjustmentLiabilityAccount ' +
          'adjustmentLiabilityAccountType adjustmentRevenueAccount adjustmentRevenueAccountType contractAssetAccount ' +
          'contractAssetAccountType contractLiabilityAccount contractLiabilityAccountType contractRecognizedRevenueAccount ' +
          'contractRecognizedRevenueAccountType deferredRevenueAccount deferredRevenueAccountType productRatePlanChargeId ' +
          'recognizedRevenueAccount recognizedRevenueAccountType unbilledReceivablesAccount unbilledReceivablesAccountType',
        ),
      },
      billCycle: leaves('dayOfMonth period periodAlignment timing type'),
      discountOptions: {
        ...leaves('applyDetails applyTo applyToBillingPeriodPartially reflectDiscountInNetAmount rollover stackedDiscount'),
      },
      overageOptions: leaves('includedUnits unusedUnitsCreditRates'),
      prepayment: leaves('rollover rolloverApply rolloverPeriodLength rolloverPeriods'),
      pricing: {
        ...leaves('adjustments discountAmounts discountPercentages flatAmounts maxAmounts minAmounts percentages tiers unitAmounts'),
      },
      revenue: {
        ...leaves('excludeItemBillingFromRevenueAccounting excludeItemBookingFromRevenueAccounting legacyReporting revenueRecognitionRuleName'),
      },
    },
  },
};

/** GET_RetrieveProductByKey: GET /commerce/products/{product_key}. */
export const PRODUCT_GET: Shape = {
  ...leaves(
    'allowFeatureChanges category contextFilters createdBy createdTime customFields customObjects endDate error features id ' +
    'legacyFeatures name netsuite organizationLabels productNumber sku startDate state updatedBy updatedTime',
  ),
  dacTag: leaves('id name'),
  productRatePlans: {
    ...leaves(
      'activeCurrencies createTime createdBy displayName endDate id name productId productRatePlanNumber startDate state status ' +
      'updateTime updatedBy',
    ),
    productRatePlanCharges: {
      ...leaves(
        'billCycle chargeModel chargeType createdById createdTime endDateCondition id listPriceBase name pricing pricingSummary ' +
        'productRatePlanChargeNumber specificListPriceBase taxMode taxable triggerEvent upToPeriods upToPeriodsType updatedById ' +
        'updatedTime',
      ),
    },
  },
};

/** createPlan: POST /commerce/plans. */
export const PLAN_CREATE: Shape = {
  ...leaves(
    'activeCurrencies attributes contextFilters createTime createdBy customFields displayName endDate entitlements ' +
    'externalIdSourceSystem externalRateplanId id name netsuite organizationLabels productId productRatePlanNumber startDate state ' +
    'updateTime updatedBy',
  ),
  productRatePlanCharges: {
    ...leaves(
      'attributes chargeFunction chargeModel chargeType createdById createdTime customFields drawdown endDateCondition extendedPrice ' +
      'id isChargeLevelMinCommit isCommitted labels listPriceBase mergedRateCards name negotiatedRateCards ocmJsonByCurrency ' +
      'organizationLabels prepaid priceChangeOption pricingSummary pricingWaterfalls productChargeDefinitions ' +
      'productRatePlanChargeNumber productRatePlanId prorationOption rateCards specificListPriceBase taxable triggerEvent upToPeriods ' +
      'upToPeriodsType updatedById updatedTime useTenantDefaultForPriceChange',
    ),
    accounting: {
      ...leaves(
        'accountingCode accountsReceivableAccount accountsReceivableAccountType adjustmentLiabilityAccount ' +
        'adjustmentLiabilityAccountType adjustmentRevenueAccount adjustmentRevenueAccountType contractAssetAccount ' +
        'contractAssetAccountType contractLiabilityAccount contractLiabilityAccountType contractRecognizedRevenueAccount ' +
        'contractRecognizedRevenueAccountType deferredRevenueAccount deferredRevenueAccountType productRatePlanChargeId ' +
        'recognizedRevenueAccount recognizedRevenueAccountType unbilledReceivablesAccount unbilledReceivablesAccountType',
      ),
    },
    billCycle: leaves('dayOfMonth period periodAlignment timing type'),
    discountOptions: leaves('applyToBillingPeriodPartially reflectDiscountInNetAmount rollover stackedDiscount'),
    overageOptions: leaves('includedUnits unusedUnitsCreditRates'),
    prepayment: leaves('rollover rolloverApply rolloverPeriodLength rolloverPeriods'),
    pricing: leaves('discountAmounts discountPercentages flatAmounts maxAmounts minAmounts percentages tiers unitAmounts'),
    revenue: {
      ...leaves('excludeItemBillingFromRevenueAccounting excludeItemBookingFromRevenueAccounting legacyReporting revenueRecognitionRuleName'),
    },
  },
};

/** updateProductRatePlan: PUT /commerce/plans. */
export const PLAN_UPDATE: Shape = {
  ...leaves(
    'activeCurrencies attributes contextFilters createTime createdBy customFields displayName endDate entitlements ' +
    'externalIdSourceSystem externalRateplanId id name netsuite organizationLabels productId productRatePlanNumber startDate state ' +
    'status success updateTime updatedBy',
  ),
  productRatePlanCharges: {
    ...leaves(
      'accounting attributes billCycle chargeModel chargeType createdById createdTime customFields deliverySchedule discountOptions ' +
      'drawdown endDateCondition extendedPrice id isChargeLevelMinCommit isCommitted labels listPriceBase mergedRateCards name ' +
      'negotiatedRateCards ocmJsonByCurrency organizationLabels overageOptions prepaid prepayment priceChangeOption pricing ' +
      'pricingSummary pricingWaterfalls productChargeDefinitions productRatePlanChargeNumber productRatePlanId prorationOption ' +
      'rateCards revenue taxCode taxMode taxable triggerEvent updatedById updatedTime',
    ),
  },
};

/** queryCommercePlansList: POST /commerce/plans/list. */
export const PLAN_LIST: Shape = {
  ...leaves('success'),
  values: {
    ...leaves('activeCurrencies endDate id name productId productRatePlanNumber startDate state status'),
    accounting: {
      ...leaves(
        'accountingCode accountsReceivableAccount accountsReceivableAccountType adjustmentLiabilityAccount ' +
        'adjustmentLiabilityAccountType adjustmentRevenueAccount adjustmentRevenueAccountType contractAssetAccount ' +
        'contractAssetAccountType contractLiabilityAccount contractLiabilityAccountType contractRecognizedRevenueAccount ' +
        'contractRecognizedRevenueAccountType deferredRevenueAccount deferredRevenueAccountType productRatePlanChargeId ' +
        'recognizedRevenueAccount recognizedRevenueAccountType unbilledReceivablesAccount unbilledReceivablesAccountType',
      ),
    },
    productRatePlanCharges: {
      ...leaves(
        'billCycle chargeModel chargeType createdById createdTime defaultQuantity endDateCondition id listPriceBase name pricing ' +
        'pricingSummary specificListPriceBase taxMode taxable triggerEvent unitOfMeasure upToPeriods upToPeriodsType updatedById ' +
        'updatedTime',
      ),
    },
  },
};

/** createProductRatePlanChargeWithDynamicPricing: POST and PUT /commerce/charges, POST /commerce/charges/query (the spec gives the three one schema). */
export const CHARGE: Shape = {
  ...leaves(
    'attributes chargeFunction chargeModel chargeType createdById createdTime customFields drawdown endDateCondition extendedPrice id ' +
    'isChargeLevelMinCommit isCommitted labels listPriceBase mergedRateCards name negotiatedRateCards netsuite ocmJsonByCurrency ' +
    'organizationLabels prepaid priceChangeOption pricingSummary pricingWaterfalls productChargeDefinitions ' +
    'productRatePlanChargeNumber productRatePlanId prorationOption rateCards specificListPriceBase taxCode taxMode taxable ' +
    'triggerEvent unitOfMeasure upToPeriods upToPeriodsType updatedById updatedTime useTenantDefaultForPriceChange',
  ),
  accounting: {
    ...leaves(
      'accountingCode accountsReceivableAccount accountsReceivableAccountType adjustmentLiabilityAccount ' +
      'adjustmentLiabilityAccountType adjustmentRevenueAccount adjustmentRevenueAccountType contractAssetAccount ' +
      'contractAssetAccountType contractLiabilityAccount contractLiabilityAccountType contractRecognizedRevenueAccount ' +
      'contractRecognizedRevenueAccountType deferredRevenueAccount deferredRevenueAccountType productRatePlanChargeId ' +
      'recognizedRevenueAccount recognizedRevenueAccountType unbilledReceivablesAccount unbilledReceivablesAccountType',
    ),
  },
  billCycle: leaves('dayOfMonth period periodAlignment timing type'),
  deliverySchedule: leaves('frequency friday monday saturday sunday thursday tuesday wednesday'),
  discountOptions: {
    ...leaves('applyDetails applyTo applyToBillingPeriodPartially reflectDiscountInNetAmount rollover stackedDiscount'),
  },
  overageOptions: leaves('includedUnits unusedUnitsCreditRates'),
  prepayment: leaves('creditOption rollover rolloverApply rolloverPeriodLength rolloverPeriods'),
  pricing: {
    ...leaves('adjustments discountAmounts discountPercentages flatAmounts maxAmounts minAmounts percentages tiers unitAmounts'),
  },
  revenue: {
    ...leaves('excludeItemBillingFromRevenueAccounting excludeItemBookingFromRevenueAccounting legacyReporting revenueRecognitionRuleName'),
  },
};

/** queryPurchaseOptionsbyPRPID: POST /commerce/purchase-options/list. */
export const PURCHASE_OPTIONS: Shape = {
  ...leaves('error'),
  productRatePlans: {
    ...leaves('endDate id name productId productRatePlanNumber startDate state'),
    product: {
      ...leaves(
        'allowFeatureChanges category contextFilters createdTime customFields customObjects endDate features id legacyFeatures name ' +
        'netsuite organizationLabels productNumber productRatePlans sku startDate state',
      ),
    },
    productRatePlanCharges: {
      ...leaves(
        'attributes chargeModel chargeType createdById createdTime customFieldId customFields deliverySchedule discountOptions ' +
        'endDateCondition id listPriceBase name pricingSummary specificListPriceBase taxMode taxable triggerEvent upToPeriods ' +
        'upToPeriodsType updatedTime',
      ),
      accounting: {
        ...leaves(
          'accountingCode accountsReceivableAccount accountsReceivableAccountType adjustmentLiabilityAccount ' +
          'adjustmentLiabilityAccountType adjustmentRevenueAccount adjustmentRevenueAccountType contractAssetAccount ' +
          'contractAssetAccountType contractLiabilityAccount contractLiabilityAccountType contractRecognizedRevenueAccount ' +
          'contractRecognizedRevenueAccountType deferredRevenueAccount deferredRevenueAccountType productRatePlanChargeId ' +
          'recognizedRevenueAccount recognizedRevenueAccountType unbilledReceivablesAccount unbilledReceivablesAccountType',
        ),
      },
      billCycle: leaves('period periodAlignment timing type'),
      pricing: {
        ...leaves('adjustments discountAmounts discountPercentages flatAmounts maxAmounts metadata minAmounts percentages tiers unitAmounts'),
      },
      revenue: {
        ...leaves(
          'excludeItemBillingFromRevenueAccounting excludeItemBookingFromRevenueAccounting legacyReporting revenueRecognitionCode ' +
          'revenueRecognitionRuleName',
        ),
      },
    },
  },
};

