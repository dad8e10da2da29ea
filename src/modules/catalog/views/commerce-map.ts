/**
 * Commerce request bodies (snake_case) → the model's neutral charge input, and
 * the model's neutral shapes → Commerce response bodies (camelCase, grouped
 * objects such as billCycle, pricing, accounting, revenue, discountOptions).
 */
import { invalidValue } from '../../../platform/errors.js';
import { toDbAmount, toJsonNumber } from '../../../platform/money.js';
import { pricingSummary as catalogPricingSummary } from '../catalog-map.js';
import type { NeutralPricing, NeutralTier, Namer } from '../rules.js';
import type { ChargeRecord } from '../service.js';
import {
  applyToCommerce,
  applyToModel,
  BILL_CYCLE_TYPE,
  CHARGE_MODEL,
  CHARGE_TYPE,
  DISCOUNT_LEVEL,
  END_DATE_CONDITION,
  LIST_PRICE_BASE,
  mapEnum,
  PERIOD,
  PERIOD_ALIGNMENT,
  periodToCommerce,
  PRICE_CHANGE_OPTION,
  PRICE_FORMAT,
  PRORATION_OPTION,
  reverse,
  TIMING,
  TRIGGER_EVENT,
  UP_TO_PERIODS_TYPE,
  WEEKDAY,
} from './commerce-enums.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Body = Record<string, any>;

/** The neutral charge the views hand to the model service. */
export interface NeutralChargeInput {
  name?: string;
  chargeType?: string;
  chargeModel?: string;
  attrs: Record<string, unknown>;
  pricing?: NeutralPricing[];
  customFields: Record<string, string | number | boolean | null>;
}

/** Neutral keys → the Commerce request's field names, for error messages. */
const COMMERCE_NAMES: Record<string, string> = {
  name: 'name',
  chargeType: 'charge_type',
  chargeModel: 'charge_model',
  billingPeriod: 'bill_cycle.period',
  specificBillingPeriod: 'bill_cycle.specific_period',
  billCycleType: 'bill_cycle.type',
  billCycleDay: 'bill_cycle.day_of_month',
  weeklyBillCycleDay: 'bill_cycle.day_of_week',
  billingPeriodAlignment: 'bill_cycle.period_alignment',
  billingTiming: 'bill_cycle.timing',
  triggerEvent: 'trigger_event',
  endDateCondition: 'end_date_condition',
  upToPeriods: 'up_to_periods',
  upToPeriodsType: 'up_to_periods_type',
  listPriceBase: 'list_price_base',
  specificListPriceBase: 'specific_list_price_base',
  uom: 'unit_of_measure',
  defaultQuantity: 'default_quantity',
  minQuantity: 'min_quantity',
  maxQuantity: 'max_quantity',
  includedUnits: 'overage_options.included_units',
  numberOfPeriod: 'overage_options.number_of_periods',
  taxable: 'tax_mode',
  taxCode: 'tax_code',
  taxMode: 'tax_mode',
  discountLevel: 'discount_options.discount_level',
  applyDiscountTo: 'discount_options.apply_to',
  priceChangeOption: 'price_change_option',
  priceIncreasePercentage: 'price_increase_percentage',
  tiers: 'pricing.tiers',
  startingUnit: 'pricing.tiers.from',
  endingUnit: 'pricing.tiers.up_to',
  price: 'pricing',
  currency: 'pricing currency',
  discountAmount: 'pricing.discount_amounts',
  discountPercentage: 'pricing.discount_percentage',
  overagePrice: 'pricing.overage_price',
  accountingCode: 'accounting.accounting_code',
  deferredRevenueAccount: 'accounting.deferred_revenue_account',
  recognizedRevenueAccount: 'accounting.recognized_revenue_account',
  productRatePlanId: 'product_rate_plan_id',
  activeCurrencies: 'active_currencies',
  effectiveStartDate: 'start_date',
  effectiveEndDate: 'end_date',
  customFields: 'custom_fields',
  description: 'description',
};
export const commerceNamer: (prefix: string) => Namer = (prefix) => (k) => `'${prefix}${COMMERCE_NAMES[k] ?? k}'`;

const amount = (v: unknown, field: string): string | null => {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'number' && !(typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v))) throw invalidValue(`'${field}' must be a number`);
  return toDbAmount(v as number);
};

function amountsByCurrency(obj: unknown, field: string): Record<string, string> {
  if (obj === undefined || obj === null) return {};
  if (typeof obj !== 'object' || Array.isArray(obj)) throw invalidValue(`'${field}' must be an object of amounts keyed by currency`);
  const out: Record<string, string> = {};
  for (const [cur, v] of Object.entries(obj as Record<string, unknown>)) out[cur] = amount(v, `${field}.${cur}`)!;
  return out;
}

/**
 * Commerce `pricing` → one neutral pricing per currency. Currencies come from
 * the amounts given; a percentage discount (one number) applies to every active
 * currency of the plan.
 */
export function pricingToNeutral(pricing: Body | undefined, activeCurrencies: string[], prefix = ''): NeutralPricing[] | undefined {
  if (pricing === undefined || pricing === null) return undefined;
  const byCur = new Map<string, NeutralPricing>();
  const get = (cur: string) => {
    let p = byCur.get(cur);
    if (!p) byCur.set(cur, (p = { currency: cur, price: null, tiers: [], discountAmount: null, discountPercentage: null, overagePrice: null }));
    return p;
  };
  for (const [cur, v] of Object.entries(amountsByCurrency(pricing.flat_amounts, `${prefix}pricing.flat_amounts`))) get(cur).price = v;
  for (const [cur, v] of Object.entries(amountsByCurrency(pricing.unit_amounts, `${prefix}pricing.unit_amounts`))) get(cur).price = v;
  for (const [cur, v] of Object.entries(amountsByCurrency(pricing.discount_amounts, `${prefix}pricing.discount_amounts`))) get(cur).discountAmount = v;
  for (const [cur, v] of Object.entries(amountsByCurrency(pricing.overage_prices ?? pricing.overage_amounts, `${prefix}pricing.overage_prices`))) get(cur).overagePrice = v;
  if (pricing.discount_percentage !== undefined && pricing.discount_percentage !== null) {
    const pct = amount(pricing.discount_percentage, `${prefix}pricing.discount_percentage`);
    for (const cur of activeCurrencies) get(cur).discountPercentage = pct;
  }
  if (pricing.tiers !== undefined) {
    if (!Array.isArray(pricing.tiers)) throw invalidValue(`'${prefix}pricing.tiers' must be an array`);
    const tiers = [...(pricing.tiers as Body[])];
    tiers.forEach((t, i) => {
      const f = `${prefix}pricing.tiers[${i}]`;
      const format = mapEnum(PRICE_FORMAT, t.price_format ?? 'price_format_per_unit', `${f}.price_format`) as 'FlatFee' | 'PerUnit';
      const amounts = amountsByCurrency(format === 'FlatFee' ? (t.flat_amounts ?? t.unit_amounts) : (t.unit_amounts ?? t.flat_amounts), `${f}.${format === 'FlatFee' ? 'flat_amounts' : 'unit_amounts'}`);
      for (const [cur, price] of Object.entries(amounts)) {
        const tier: NeutralTier = { startingUnit: amount(t.from, `${f}.from`), endingUnit: amount(t.up_to, `${f}.up_to`), price, priceFormat: format };
        get(cur).tiers.push(tier);
      }
    });
  }
  return [...byCur.values()];
}

/** A Commerce charge (create or update body) → neutral input. Only the fields given are set. */
export function chargeToNeutral(c: Body, activeCurrencies: string[], prefix = ''): NeutralChargeInput {
  const f = (n: string) => `${prefix}${n}`;
  if (c.trigger_event === 'specific_date') throw invalidValue(`'${f('trigger_event')}' value 'specific_date' is not supported; supported values: ${Object.keys(TRIGGER_EVENT).join(', ')}`);
  const attrs: Record<string, unknown> = {};
  const set = (k: string, v: unknown) => {
    if (v !== undefined) attrs[k] = v;
  };
  set('description', c.description);
  set('uom', c.unit_of_measure);
  if (c.default_quantity !== undefined) set('defaultQuantity', amount(c.default_quantity, f('default_quantity')));
  if (c.min_quantity !== undefined) set('minQuantity', amount(c.min_quantity, f('min_quantity')));
  if (c.max_quantity !== undefined) set('maxQuantity', amount(c.max_quantity, f('max_quantity')));
  const bc = c.bill_cycle as Body | undefined;
  if (bc) {
    set('billCycleType', mapEnum(BILL_CYCLE_TYPE, bc.type, f('bill_cycle.type')));
    if (bc.period !== undefined) {
      const p = PERIOD[String(bc.period)];
      if (!p) throw invalidValue(`'${f('bill_cycle.period')}' value '${String(bc.period)}' is not supported; supported values: ${Object.keys(PERIOD).join(', ')}`);
      set('billingPeriod', p[0]);
      const specific = p[1] ?? (bc.specific_period !== undefined && bc.specific_period !== null ? Number(bc.specific_period) : undefined);
      if (specific !== undefined && !Number.isInteger(specific)) throw invalidValue(`'${f('bill_cycle.specific_period')}' must be a whole number`);
      set('specificBillingPeriod', specific);
    }
    set('billingPeriodAlignment', mapEnum(PERIOD_ALIGNMENT, bc.period_alignment, f('bill_cycle.period_alignment')));
    set('billingTiming', mapEnum(TIMING, bc.timing, f('bill_cycle.timing')));
    set('billCycleDay', bc.day_of_month);
    set('weeklyBillCycleDay', mapEnum(WEEKDAY, bc.day_of_week, f('bill_cycle.day_of_week')));
  }
  set('triggerEvent', mapEnum(TRIGGER_EVENT, c.trigger_event, f('trigger_event')));
  if (c.end_date_condition !== 'end_date_one_time') set('endDateCondition', mapEnum(END_DATE_CONDITION, c.end_date_condition, f('end_date_condition')));
  set('upToPeriodsType', mapEnum(UP_TO_PERIODS_TYPE, c.up_to_periods_type, f('up_to_periods_type')));
  if (c.up_to_periods !== undefined && c.up_to_periods !== 0) set('upToPeriods', c.up_to_periods);
  set('listPriceBase', mapEnum(LIST_PRICE_BASE, c.list_price_base, f('list_price_base')));
  const slpb = c.specific_list_price_base ?? c.specificListPriceBase;
  if (slpb !== undefined && slpb !== null && slpb !== 0) set('specificListPriceBase', slpb);
  if (c.tax_mode !== undefined) {
    if (c.tax_mode === 'non_taxable') set('taxable', false);
    else {
      set('taxable', true);
      set('taxMode', mapEnum({ tax_exclusive: 'TaxExclusive', tax_inclusive: 'TaxInclusive' }, c.tax_mode, f('tax_mode')));
    }
  }
  set('taxCode', c.tax_code);
  set('priceChangeOption', mapEnum(PRICE_CHANGE_OPTION, c.price_change_option, f('price_change_option')));
  if (c.price_increase_percentage !== undefined) set('priceIncreasePercentage', amount(c.price_increase_percentage, f('price_increase_percentage')));
  set('useTenantDefaultForPriceChange', c.use_tenant_default_for_price_change);
  set('prorationOption', mapEnum(PRORATION_OPTION, c.proration_option, f('proration_option')));
  set('formula', c.formula);
  const oo = c.overage_options as Body | undefined;
  if (oo) {
    if (oo.included_units !== undefined) set('includedUnits', amount(oo.included_units, f('overage_options.included_units')));
    set('numberOfPeriod', oo.number_of_periods);
  }
  // discount options mean something only on a discount charge (Zuora's own samples send them on flat fees too)
  const d = String(c.charge_model ?? '').startsWith('discount_') || c.charge_model === undefined ? (c.discount_options as Body | undefined) : undefined;
  if (d) {
    set('applyDiscountTo', applyToModel(d.apply_to));
    set('discountLevel', mapEnum(DISCOUNT_LEVEL, d.discount_level, f('discount_options.discount_level')));
    set('isStackedDiscount', d.stacked_discount);
    set('applyToBillingPeriodPartially', d.apply_to_billing_period_partially);
    set('reflectDiscountInNetAmount', d.reflect_discount_in_net_amount);
    set('useDiscountSpecificAccountingCode', d.specific_accounting_codes);
    if (Array.isArray(d.apply_details) && d.apply_details.length)
      set(
        'productDiscountApplyDetails',
        (d.apply_details as Body[]).map((x) => ({ appliedProductRatePlanId: x.applied_product_rate_plan_id, appliedProductRatePlanChargeId: x.applied_product_rate_plan_charge_id })),
      );
  }
  const acc = c.accounting as Body | undefined;
  if (acc) {
    set('accountingCode', acc.accounting_code);
    set('deferredRevenueAccount', acc.deferred_revenue_account);
    set('recognizedRevenueAccount', acc.recognized_revenue_account);
    set('adjustmentLiabilityAccount', acc.adjustment_liability_account);
    set('adjustmentRevenueAccount', acc.adjustment_revenue_account);
    set('contractAssetAccount', acc.contract_asset_account);
    set('contractLiabilityAccount', acc.contract_liability_account);
    set('contractRecognizedRevenueAccount', acc.contract_recognized_revenue_account);
    set('unbilledReceivablesAccount', acc.unbilled_receivables_account);
  }
  const rev = c.revenue as Body | undefined;
  if (rev) {
    set('revenueRecognitionRuleName', rev.revenue_recognition_rule_name);
    set('excludeItemBillingFromRevenueAccounting', rev.exclude_item_billing_from_revenue_accounting);
    set('excludeItemBookingFromRevenueAccounting', rev.exclude_item_booking_from_revenue_accounting);
    set('legacyRevenueReporting', rev.legacy_reporting);
    set('revenueRecognitionTiming', rev.revenue_recognition_timing);
    set('revenueAmortizationMethod', rev.revenue_amortization_method);
  }
  const customFields: NeutralChargeInput['customFields'] = {};
  const cf = c.custom_fields as Body | undefined;
  if (cf && typeof cf === 'object') for (const [k, v] of Object.entries(cf)) customFields[k] = v as string;
  return {
    name: c.name,
    chargeType: mapEnum(CHARGE_TYPE, c.charge_type, f('charge_type')),
    chargeModel: mapEnum(CHARGE_MODEL, c.charge_model, f('charge_model')),
    attrs,
    pricing: pricingToNeutral(c.pricing, activeCurrencies, prefix),
    customFields,
  };
}

// ---------------------------------------------------------------- responses

const R = {
  chargeType: reverse(CHARGE_TYPE),
  chargeModel: reverse(CHARGE_MODEL),
  billCycleType: reverse(BILL_CYCLE_TYPE),
  alignment: reverse(PERIOD_ALIGNMENT),
  timing: reverse(TIMING),
  weekday: reverse(WEEKDAY),
  trigger: reverse(TRIGGER_EVENT),
  endDate: reverse(END_DATE_CONDITION),
  upTo: reverse(UP_TO_PERIODS_TYPE),
  lpb: reverse(LIST_PRICE_BASE),
  priceChange: reverse(PRICE_CHANGE_OPTION),
  discountLevel: reverse(DISCOUNT_LEVEL),
  proration: reverse(PRORATION_OPTION),
  priceFormat: reverse(PRICE_FORMAT),
};

/** A model charge as the views read it: the contract's fields plus any neutral attribute. */
export type ModelCharge = Record<string, any> & {
  id: string;
  name: string;
  chargeType: string;
  chargeModel: string;
  pricing: { currency: string; price: string | null; tiers: any[]; discountAmount: string | null; discountPercentage: string | null; overagePrice?: string | null; includedUnits?: string | null }[];
};

const num = (v: unknown) => (v === null || v === undefined || v === '' ? undefined : toJsonNumber(v as string));

export function commercePricing(c: ModelCharge) {
  const flatAmounts: Record<string, number> = {};
  const unitAmounts: Record<string, number> = {};
  const discountAmounts: Record<string, number> = {};
  const discountPercentages: Record<string, number> = {};
  const overagePrices: Record<string, number> = {};
  const tierMap = new Map<number, Body>();
  const flat = c.chargeModel === 'Flat Fee Pricing';
  for (const p of c.pricing ?? []) {
    if (p.tiers && p.tiers.length && !['Flat Fee Pricing', 'Per Unit Pricing'].includes(c.chargeModel)) {
      p.tiers.forEach((t: any, i: number) => {
        const n = Number(t.tier ?? i + 1);
        let row = tierMap.get(n);
        if (!row) {
          row = { tier: String(n), from: num(t.startingUnit) ?? 0, upTo: num(t.endingUnit) ?? null, priceFormat: R.priceFormat[t.priceFormat] ?? 'price_format_per_unit', unitAmounts: {}, flatAmounts: {} };
          tierMap.set(n, row);
        }
        const price = num(t.price);
        if (price !== undefined) (t.priceFormat === 'FlatFee' ? row.flatAmounts : row.unitAmounts)[p.currency] = price;
      });
    } else if (p.price !== null && p.price !== undefined) {
      (flat ? flatAmounts : unitAmounts)[p.currency] = num(p.price)!;
    }
    if (p.discountAmount !== null && p.discountAmount !== undefined) discountAmounts[p.currency] = num(p.discountAmount)!;
    if (p.discountPercentage !== null && p.discountPercentage !== undefined) discountPercentages[p.currency] = num(p.discountPercentage)!;
    if (p.overagePrice !== null && p.overagePrice !== undefined) overagePrices[p.currency] = num(p.overagePrice)!;
  }
  return {
    adjustments: {},
    discountAmounts,
    discountPercentages,
    flatAmounts,
    maxAmounts: {},
    minAmounts: {},
    percentages: {},
    tiers: [...tierMap.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t),
    unitAmounts,
    ...(Object.keys(overagePrices).length ? { overagePrices } : {}),
  };
}

const pick = (c: Body, k: string): any => (c[k] !== undefined ? c[k] : c.attrs?.[k]);
const orNull = (v: unknown) => (v === undefined ? null : v);
/** Commerce timestamps: ISO 8601 with milliseconds and offset ("2025-10-13T07:46:02.000+00:00"). */
export function commerceTime(v: string | null | undefined): string | null {
  if (!v) return null;
  const d = new Date(v.includes('T') ? v : v.replace(' ', 'T') + 'Z');
  if (Number.isNaN(d.getTime())) return v;
  return d.toISOString().replace('Z', '+00:00');
}

/**
 * The model charge → every field any Commerce charge answer has. Each operation
 * keeps only its own schema's fields (commerce-shapes.ts).
 */
export function commerceCharge(c: ModelCharge, actor: string | null = null): Body {
  const taxable = pick(c, 'taxable') === true;
  const taxMode = pick(c, 'taxMode');
  const chargeType = R.chargeType[c.chargeType] ?? c.chargeType;
  const endCond = pick(c, 'endDateCondition');
  const deliverySchedule = pick(c, 'deliverySchedule');
  return {
    accounting: {
      accountingCode: orNull(pick(c, 'accountingCode')),
      deferredRevenueAccount: orNull(pick(c, 'deferredRevenueAccount')),
      recognizedRevenueAccount: orNull(pick(c, 'recognizedRevenueAccount')),
      adjustmentLiabilityAccount: orNull(pick(c, 'adjustmentLiabilityAccount')),
      adjustmentRevenueAccount: orNull(pick(c, 'adjustmentRevenueAccount')),
      contractAssetAccount: orNull(pick(c, 'contractAssetAccount')),
      contractLiabilityAccount: orNull(pick(c, 'contractLiabilityAccount')),
      contractRecognizedRevenueAccount: orNull(pick(c, 'contractRecognizedRevenueAccount')),
      unbilledReceivablesAccount: orNull(pick(c, 'unbilledReceivablesAccount')),
      productRatePlanChargeId: c.id,
    },
    attributes: [],
    billCycle: {
      ...(pick(c, 'billCycleDay') !== null && pick(c, 'billCycleDay') !== undefined ? { dayOfMonth: pick(c, 'billCycleDay') } : {}),
      ...(pick(c, 'weeklyBillCycleDay') ? { dayOfWeek: String(pick(c, 'weeklyBillCycleDay')).toLowerCase() } : {}),
      period: periodToCommerce(pick(c, 'billingPeriod'), pick(c, 'specificBillingPeriod')) ?? null,
      ...(pick(c, 'billingPeriod')?.startsWith('Specific') ? { specificPeriod: pick(c, 'specificBillingPeriod') } : {}),
      periodAlignment: R.alignment[pick(c, 'billingPeriodAlignment')] ?? null,
      timing: R.timing[pick(c, 'billingTiming')] ?? (c.chargeType === 'Usage' ? 'in_arrears' : null),
      type: R.billCycleType[pick(c, 'billCycleType')] ?? null,
    },
    chargeFunction: `charge_function_${String(pick(c, 'chargeFunction') ?? 'Standard').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase()}`,
    chargeModel: R.chargeModel[c.chargeModel] ?? c.chargeModel,
    chargeType,
    createdById: actor,
    createdTime: commerceTime(c.createdTime ?? c.createdDate ?? c.createdAt),
    customFields: c.customFields ?? {},
    defaultQuantity: num(pick(c, 'defaultQuantity')) ?? null,
    deliverySchedule: deliverySchedule ?? null,
    description: orNull(pick(c, 'description')),
    discountOptions: {
      applyDetails: (pick(c, 'productDiscountApplyDetails') ?? []).map((x: Body) => ({
        appliedProductRatePlanId: x.appliedProductRatePlanId,
        appliedProductRatePlanChargeId: x.appliedProductRatePlanChargeId,
      })),
      applyTo: applyToCommerce(pick(c, 'applyDiscountTo')),
      applyToBillingPeriodPartially: pick(c, 'applyToBillingPeriodPartially') === true,
      ...(pick(c, 'discountLevel') ? { discountLevel: R.discountLevel[pick(c, 'discountLevel')] } : {}),
      reflectDiscountInNetAmount: pick(c, 'reflectDiscountInNetAmount') === true,
      rollover: pick(c, 'isRollover') === true,
      stackedDiscount: pick(c, 'isStackedDiscount') === true,
    },
    drawdown: {},
    endDateCondition: chargeType === 'one_time' ? 'end_date_one_time' : (R.endDate[endCond] ?? 'subscription_end'),
    upToPeriodsType: R.upTo[pick(c, 'upToPeriodsType')] ?? null,
    upToPeriods: pick(c, 'upToPeriods') ?? null,
    extendedPrice: {},
    id: c.id,
    isChargeLevelMinCommit: false,
    isCommitted: false,
    labels: {},
    listPriceBase: R.lpb[pick(c, 'listPriceBase')] ?? null,
    specificListPriceBase: pick(c, 'specificListPriceBase') ?? null,
    maxQuantity: num(pick(c, 'maxQuantity')) ?? null,
    mergedRateCards: [],
    minQuantity: num(pick(c, 'minQuantity')) ?? null,
    name: c.name,
    negotiatedRateCards: [],
    netsuite: {},
    ocmJsonByCurrency: {},
    organizationLabels: [],
    overageOptions: {
      includedUnits: num(pick(c, 'includedUnits') ?? c.pricing?.[0]?.includedUnits) ?? 0,
      ...(pick(c, 'numberOfPeriod') ? { numberOfPeriods: pick(c, 'numberOfPeriod') } : {}),
      unusedUnitsCreditRates: {},
    },
    prepaid: pick(c, 'isPrepaid') === true,
    prepayment: {
      rollover: pick(c, 'isRollover') === true,
      rolloverApply: pick(c, 'rolloverApply') === 'ApplyFirst' ? 'apply_first' : 'apply_last',
      rolloverPeriodLength: pick(c, 'rolloverPeriodLength') ?? 0,
      rolloverPeriods: num(pick(c, 'rolloverPeriods')) ?? 0,
    },
    priceChangeOption: R.priceChange[pick(c, 'priceChangeOption')] ?? 'no_change',
    priceIncreasePercentage: num(pick(c, 'priceIncreasePercentage')) ?? null,
    pricing: commercePricing(c),
    pricingSummary: catalogPricingSummary(c as unknown as ChargeRecord),
    pricingWaterfalls: {},
    productChargeDefinitions: [],
    productRatePlanChargeNumber: orNull(c.productRatePlanChargeNumber),
    productRatePlanId: c.productRatePlanId,
    prorationOption: R.proration[pick(c, 'prorationOption')] ?? 'default_from_tenant_setting',
    rateCards: [],
    revenue: {
      excludeItemBillingFromRevenueAccounting: pick(c, 'excludeItemBillingFromRevenueAccounting') === true,
      excludeItemBookingFromRevenueAccounting: pick(c, 'excludeItemBookingFromRevenueAccounting') === true,
      legacyReporting: pick(c, 'legacyRevenueReporting') === true,
      revenueRecognitionRuleName: pick(c, 'revenueRecognitionRuleName') ?? 'Recognize upon invoicing',
    },
    taxCode: orNull(pick(c, 'taxCode')),
    taxMode: taxable ? (taxMode === 'TaxInclusive' ? 'tax_inclusive' : 'tax_exclusive') : 'non_taxable',
    taxable,
    triggerEvent: R.trigger[pick(c, 'triggerEvent')] ?? 'contract_effective',
    unitOfMeasure: orNull(pick(c, 'uom')),
    updatedById: actor,
    updatedTime: commerceTime(c.updatedTime ?? c.updatedDate ?? c.updatedAt),
    useTenantDefaultForPriceChange: pick(c, 'useTenantDefaultForPriceChange') ?? true,
  };
}

export type ModelPlan = Record<string, any> & { id: string; name: string; productId: string; charges: ModelCharge[]; activeCurrencies: string[] };
export type ModelProduct = Record<string, any> & { id: string; name: string; sku: string; effectiveStartDate: string; effectiveEndDate: string };

const inEffect = (start: string | null | undefined, end: string | null | undefined, today: string) => (!start || start <= today) && (!end || today <= end);

/** The model rate plan → Commerce's plan body; charges expanded unless told otherwise. */
export function commercePlan(p: ModelPlan, today: string, opts: { charges?: boolean; actor?: string } = {}): Body {
  const actor = opts.actor ?? null;
  const active = inEffect(p.effectiveStartDate, p.effectiveEndDate, today);
  return {
    activeCurrencies: p.activeCurrencies,
    attributes: [],
    contextFilters: [],
    createTime: commerceTime(p.createdTime ?? p.createdDate ?? p.createdAt),
    createdBy: actor,
    customFields: p.customFields ?? {},
    description: p.description ?? null,
    displayName: p.displayName ?? p.name,
    endDate: p.effectiveEndDate,
    entitlements: [],
    externalIdSourceSystem: p.externalIdSourceSystem ?? null,
    externalRateplanId: p.externalRatePlanIds ?? p.externalRateplanId ?? [],
    ...(p.grade !== undefined && p.grade !== null ? { grade: Number(p.grade) } : {}),
    id: p.id,
    name: p.name,
    netsuite: null,
    organizationLabels: [],
    productId: p.productId,
    ...(opts.charges === false ? {} : { productRatePlanCharges: (p.charges ?? []).map((c) => commerceCharge(c, actor)) }),
    productRatePlanNumber: orNull(p.productRatePlanNumber),
    startDate: p.effectiveStartDate,
    state: active ? 'active' : 'inactive',
    status: active ? 'ACTIVE' : 'INACTIVE',
    updateTime: commerceTime(p.updatedTime ?? p.updatedDate ?? p.updatedAt),
    updatedBy: actor,
  };
}

/** The model product → Commerce's product body (without plans; callers add `plans` or `productRatePlans`). */
export function commerceProduct(p: ModelProduct, today: string, actor: string | null = null): Body {
  return {
    allowFeatureChanges: p.allowFeatureChanges === true,
    category: p.category ?? null,
    contextFilters: [],
    createdBy: actor,
    createdTime: commerceTime(p.createdTime ?? p.createdDate ?? p.createdAt),
    customFields: p.customFields ?? {},
    customObjects: null,
    description: p.description ?? null,
    endDate: p.effectiveEndDate,
    features: [],
    id: p.id,
    legacyFeatures: [],
    name: p.name,
    netsuite: null,
    organizationLabels: [],
    productNumber: orNull(p.productNumber),
    sku: p.sku,
    startDate: p.effectiveStartDate,
    state: inEffect(p.effectiveStartDate, p.effectiveEndDate, today) ? 'product_active' : 'product_inactive',
    updatedBy: actor,
    updatedTime: commerceTime(p.updatedTime ?? p.updatedDate ?? p.updatedAt),
  };
}
