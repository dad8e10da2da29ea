/**
 * Maps the neutral catalog model to the catalog API's camelCase, nested
 * shapes (GET /v1/catalog/products, /v1/products/{key}/product-rate-plans, ...).
 */
import type { Ctx } from '../../platform/context.js';
import { D, toJsonNumber } from '../../platform/money.js';
import { CATALOG_MODEL_NAME } from './fields.js';
import { DISCOUNT_MODELS, TIERED_MODELS } from './rules.js';
import type { ChargeRecord, ProductRecord, RatePlanRecord } from './service.js';

const underscore = (v: unknown) => (typeof v === 'string' ? v.replace(/[ -]/g, '_') : null);
const num = (v: unknown) => toJsonNumber(v as string | null | undefined);
const plain = (v: string | null) => (v === null ? '' : new D(v).toFixed());

export function productToCatalog(ctx: Ctx, p: ProductRecord): Record<string, unknown> {
  return {
    id: p.id,
    sku: p.sku,
    name: p.name,
    description: p.description,
    category: p.category,
    effectiveStartDate: p.effectiveStartDate,
    effectiveEndDate: p.effectiveEndDate,
    productNumber: p.productNumber,
    productRatePlans: `${ctx.baseUrl}/v1/products/${p.id}/product-rate-plans`,
    productFeatures: [],
    organizationLabels: [],
    ...p.customFields,
  };
}

/** `DefaultFromCustomer`, `SpecificDayofMonth(15)`, `SpecificDayOfWeek/Monday`, ... */
export function billingDay(c: ChargeRecord): string | null {
  if (!c.billCycleType) return null;
  if (c.billCycleType === 'SpecificDayofMonth') return `SpecificDayofMonth(${c.billCycleDay ?? ''})`;
  if (c.billCycleType === 'SpecificDayofWeek') return `SpecificDayOfWeek/${c.weeklyBillCycleDay ?? ''}`;
  return c.billCycleType;
}

const END_DATE_CONDITION: Record<string, string> = { SubscriptionEnd: 'Subscription_End', FixedPeriod: 'Fixed_Period', OneTime: 'One_Time' };

/** Zuora's one-line summary of a charge's price in each currency. */
export function pricingSummary(c: ChargeRecord): string[] {
  const uom = c.uom ?? '';
  const per = (cur: string, v: string | null) => `${cur}${plain(v)}${uom ? `/${uom}` : ''}`;
  return c.pricing.map((p) => {
    const cur = p.currency;
    if (c.chargeModel === 'Discount-Fixed Amount') return `${cur}${plain(p.discountAmount)} fixed amount discount`;
    if (c.chargeModel === 'Discount-Percentage') return `${plain(p.discountPercentage)}% discount`;
    if (TIERED_MODELS.has(c.chargeModel)) {
      const parts = p.tiers.map((t) => {
        const range = t.endingUnit === null ? `${plain(t.startingUnit)} ${uom} or more` : `${plain(t.startingUnit)} to ${plain(t.endingUnit)} ${uom}`;
        return `${range.replace(/ +/g, ' ').trim()}: ${t.priceFormat === 'FlatFee' ? `${cur}${plain(t.price)} flat fee` : per(cur, t.price)}`;
      });
      if (p.overagePrice !== null) parts.push(`Overage: ${per(cur, p.overagePrice)}`);
      return parts.join('; ');
    }
    if (c.chargeModel === 'Overage Pricing') return `${plain(p.includedUnits)} ${uom} included, overage ${per(cur, p.overagePrice)}`.replace(/ +/g, ' ');
    if (c.chargeModel === 'Flat Fee Pricing') return `${cur}${plain(p.price)}`;
    return per(cur, p.price);
  });
}

export interface AccountingCodeTypes {
  typeOf(name: string | null): string | null;
}

function finance(c: ChargeRecord, types: AccountingCodeTypes): Record<string, unknown> {
  const code = (k: string) => (c.attrs[k] as string | null) ?? null;
  const pair = (prefix: string, key: string) => {
    const v = code(key);
    return { [`${prefix}AccountingCode`]: v, [`${prefix}AccountingCodeType`]: types.typeOf(v) };
  };
  return {
    ...pair('deferredRevenue', 'deferredRevenueAccount'),
    ...pair('recognizedRevenue', 'recognizedRevenueAccount'),
    ...pair('adjustmentLiability', 'adjustmentLiabilityAccount'),
    ...pair('adjustmentRevenue', 'adjustmentRevenueAccount'),
    ...pair('contractAsset', 'contractAssetAccount'),
    ...pair('contractLiability', 'contractLiabilityAccount'),
    ...pair('contractRecognizedRevenue', 'contractRecognizedRevenueAccount'),
    ...pair('unbilledReceivables', 'unbilledReceivablesAccount'),
  };
}

/**
 * A charge in the catalog API. Inside a rate plan its custom fields sit among
 * its fields; the single-charge answer (`customFieldsAs: 'object'`) nests them in `customFields`.
 */
/** `inPlanId`: the plan the charge is read in (a shared charge is read in plans other than its own). */
export function chargeToCatalog(ctx: Ctx, c: ChargeRecord, types: AccountingCodeTypes, customFieldsAs: 'spread' | 'object' = 'spread', inPlanId = c.productRatePlanId): Record<string, unknown> {
  const a = c.attrs;
  const s = (k: string) => (a[k] as string | null | undefined) ?? null;
  const b = (k: string) => (a[k] as boolean | null | undefined) ?? null;
  const tiered = TIERED_MODELS.has(c.chargeModel);
  const out: Record<string, unknown> = {
    id: c.id,
    name: c.name,
    type: c.chargeType,
    model: CATALOG_MODEL_NAME[c.chargeModel] ?? c.chargeModel,
    uom: c.uom,
    pricingSummary: pricingSummary(c),
    pricing: c.pricing.map((p) => ({
      currency: p.currency,
      price: num(p.price),
      tiers: tiered ? p.tiers.map((t) => ({ tier: t.tier, startingUnit: num(t.startingUnit), endingUnit: num(t.endingUnit), price: num(t.price), priceFormat: t.priceFormat })) : null,
      includedUnits: num(p.includedUnits),
      overagePrice: num(p.overagePrice),
      discountPercentage: num(p.discountPercentage),
      discountAmount: num(p.discountAmount),
    })),
    defaultQuantity: num(c.defaultQuantity),
    minQuantity: num(a.minQuantity),
    maxQuantity: num(a.maxQuantity),
    includedUnits: num(a.includedUnits),
    applyDiscountTo: DISCOUNT_MODELS.has(c.chargeModel) ? c.applyDiscountTo : null,
    discountLevel: c.discountLevel,
    discountClass: null,
    isStackedDiscount: b('isStackedDiscount') ?? false,
    reflectDiscountInNetAmount: b('reflectDiscountInNetAmount') ?? false,
    applyToBillingPeriodPartially: b('applyToBillingPeriodPartially') ?? false,
    productDiscountApplyDetails: (a.productDiscountApplyDetails as unknown[] | null) ?? [],
    endDateCondition: END_DATE_CONDITION[c.endDateCondition] ?? c.endDateCondition,
    upToPeriods: c.upToPeriods,
    upToPeriodsType: underscore(c.upToPeriodsType),
    billingDay: billingDay(c),
    listPriceBase: underscore(c.listPriceBase),
    specificListPriceBase: c.specificListPriceBase,
    billingTiming: c.billingTiming,
    ratingGroup: c.ratingGroup,
    billingPeriod: underscore(c.billingPeriod),
    billingPeriodAlignment: c.billingPeriodAlignment,
    specificBillingPeriod: c.specificBillingPeriod,
    smoothingModel: c.smoothingModel,
    numberOfPeriods: c.numberOfPeriod,
    numberOfPeriod: c.numberOfPeriod,
    overageCalculationOption: c.overageCalculationOption,
    overageUnusedUnitsCreditOption: c.overageUnusedUnitsCreditOption,
    unusedIncludedUnitPrice: null,
    usageRecordRatingOption: s('usageRecordRatingOption'),
    priceChangeOption: c.priceChangeOption,
    priceIncreaseOption: s('priceIncreaseOption'),
    priceIncreasePercentage: num(c.priceIncreasePercentage),
    useTenantDefaultForPriceChange: c.useTenantDefaultForPriceChange,
    prorationOption: c.prorationOption,
    taxable: c.taxable,
    taxCode: c.taxCode,
    taxMode: c.taxMode,
    isPrepaid: b('isPrepaid') ?? false,
    prepaidOperationType: s('prepaidOperationType'),
    prepaidUom: s('prepaidUom'),
    prepaidQuantity: num(a.prepaidQuantity),
    prepaidTotalQuantity: num(a.prepaidTotalQuantity),
    prepayPeriods: null,
    validityPeriodType: s('validityPeriodType'),
    drawdownRate: num(a.drawdownRate),
    drawdownUom: s('drawdownUom'),
    creditOption: s('creditOption'),
    isRollover: b('isRollover') ?? false,
    rolloverPeriods: num(a.rolloverPeriods),
    rolloverPeriodLength: (a.rolloverPeriodLength as number | null) ?? null,
    rolloverApply: s('rolloverApply'),
    chargeFunction: s('chargeFunction'),
    commitmentType: s('commitmentType'),
    chargeModelConfigurations: (a.chargeModelConfiguration as object | null) ?? null,
    deliverySchedule: (a.deliverySchedule as object | null) ?? null,
    triggerEvent: c.triggerEvent,
    description: c.description,
    revRecCode: s('revRecCode'),
    revRecTriggerCondition: s('revRecTriggerCondition'),
    revenueRecognitionRuleName: s('revenueRecognitionRuleName'),
    revenueRecognitionTiming: s('revenueRecognitionTiming'),
    revenueAmortizationMethod: s('revenueAmortizationMethod'),
    useDiscountSpecificAccountingCode: b('useDiscountSpecificAccountingCode'),
    excludeItemBookingFromRevenueAccounting: b('excludeItemBookingFromRevenueAccounting') ?? false,
    excludeItemBillingFromRevenueAccounting: b('excludeItemBillingFromRevenueAccounting') ?? false,
    isAllocationEligible: b('isAllocationEligible'),
    isUnbilled: b('isUnbilled'),
    productCategory: s('productCategory'),
    productClass: s('productClass'),
    productFamily: s('productFamily'),
    productLine: s('productLine'),
    recognizedRevenueAccount: s('recognizedRevenueAccount'),
    financeInformation: finance(c, types),
    formula: s('formula'),
    productRatePlanChargeNumber: c.productRatePlanChargeNumber,
    productChargeDefinitions: `${ctx.baseUrl}/v1/product-charge-definitions?charge=${c.id}&rateplan=${inPlanId}`,
  };
  if (customFieldsAs === 'spread') return { ...out, ...c.customFields };
  // The single-charge schema differs from the nested one: no quantity bounds, included units,
  // prepay periods or model configurations; the receivable account (the tenant's, not the charge's)
  // in financeInformation; custom fields in an object.
  for (const k of ['minQuantity', 'maxQuantity', 'includedUnits', 'prepayPeriods', 'chargeModelConfigurations']) delete out[k];
  out.financeInformation = { ...(out.financeInformation as object), accountsReceivableAccountingCode: null, accountsReceivableAccountingCodeType: null };
  out.customFields = { ...c.customFields };
  return out;
}

export function ratePlanToCatalog(ctx: Ctx, p: RatePlanRecord, types: AccountingCodeTypes): Record<string, unknown> {
  const { organizationLabels, ...header } = ratePlanHeaderToCatalog(p);
  return {
    ...header,
    organizationLabels,
    productRatePlanCharges: p.charges.map((c) => chargeToCatalog(ctx, c, types, 'spread', p.id)),
    ...p.customFields,
  };
}

/**
 * GET /v1/product-rate-plans/{id} and /external-id/{id}: the plan without its charges.
 * The single plan carries the source system under both spellings (the schema's
 * `ExternalIdSourceSystem` and the sample's `externalIdSourceSystem`).
 */
export function ratePlanHeaderToCatalog(p: RatePlanRecord, single = false): Record<string, unknown> {
  return {
    id: p.id,
    status: p.status,
    name: p.name,
    description: p.description,
    effectiveStartDate: p.effectiveStartDate,
    effectiveEndDate: p.effectiveEndDate,
    grade: num(p.grade),
    productRatePlanNumber: p.productRatePlanNumber,
    externalIdSourceSystem: p.externalIdSourceSystem,
    ...(single ? { ExternalIdSourceSystem: p.externalIdSourceSystem } : {}),
    externallyManagedPlanIds: p.externalRatePlanIds,
    organizationLabels: [],
    ...p.customFields,
  };
}
