/**
 * The Commerce API spells the catalog's enums in snake_case; the model keeps
 * the object API's values (fields.ts). Each table here maps Commerce → model;
 * `reverse` gives model → Commerce.
 */
import { invalidValue } from '../../../platform/errors.js';

export type EnumMap = Record<string, string>;

export function reverse(m: EnumMap): EnumMap {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [v, k]));
}

export const CHARGE_TYPE: EnumMap = { one_time: 'OneTime', recurring: 'Recurring', usage: 'Usage' };

export const CHARGE_MODEL: EnumMap = {
  flat_fee: 'Flat Fee Pricing',
  per_unit: 'Per Unit Pricing',
  overage: 'Overage Pricing',
  volume: 'Volume Pricing',
  tiered: 'Tiered Pricing',
  tiered_overage: 'Tiered with Overage Pricing',
  discount_fixed_amount: 'Discount-Fixed Amount',
  discount_percentage: 'Discount-Percentage',
  delivery: 'Delivery Pricing',
  high_water_mark_volume_pricing: 'HighWatermarkVolumePricing',
  high_water_mark_tiered_pricing: 'HighWatermarkTieredPricing',
  multi_attribute_pricing: 'MultiAttributePricing',
  prerated_pricing: 'PreratedPricing',
  prerated_per_unit: 'PreratedPerUnit',
};

export const BILL_CYCLE_TYPE: EnumMap = {
  default_from_customer: 'DefaultFromCustomer',
  specific_day_of_month: 'SpecificDayofMonth',
  subscription_start_day: 'SubscriptionStartDay',
  charge_trigger_day: 'ChargeTriggerDay',
  specific_day_of_week: 'SpecificDayofWeek',
  term_start_day: 'TermStartDay',
  term_end_day: 'TermEndDay',
};

/** Commerce period → [model billing period, specific months/weeks/days or undefined]. */
export const PERIOD: Record<string, [string, number | undefined]> = {
  bill_cycle_period_month: ['Month', undefined],
  bill_cycle_period_quarter: ['Quarter', undefined],
  bill_cycle_period_semi_annual: ['Semi-Annual', undefined],
  bill_cycle_period_annual: ['Annual', undefined],
  bill_cycle_period_eighteen_months: ['Specific Months', 18],
  bill_cycle_period_two_years: ['Specific Months', 24],
  bill_cycle_period_three_years: ['Specific Months', 36],
  bill_cycle_period_five_years: ['Specific Months', 60],
  bill_cycle_period_specific_months: ['Specific Months', undefined],
  bill_cycle_period_subscription_term: ['Subscription Term', undefined],
  bill_cycle_period_week: ['Week', undefined],
  bill_cycle_period_specific_weeks: ['Specific Weeks', undefined],
  bill_cycle_period_specific_days: ['Specific Days', undefined],
};

export function periodToCommerce(billingPeriod: string | null | undefined, specific: number | null | undefined): string | undefined {
  if (!billingPeriod) return undefined;
  if (billingPeriod === 'Specific Months') {
    const named: Record<number, string> = { 18: 'bill_cycle_period_eighteen_months', 24: 'bill_cycle_period_two_years', 36: 'bill_cycle_period_three_years', 60: 'bill_cycle_period_five_years' };
    return (specific && named[specific]) || 'bill_cycle_period_specific_months';
  }
  for (const [k, [v, n]] of Object.entries(PERIOD)) if (v === billingPeriod && n === undefined) return k;
  return undefined;
}

export const PERIOD_ALIGNMENT: EnumMap = {
  align_to_charge: 'AlignToCharge',
  align_to_subscription_start: 'AlignToSubscriptionStart',
  align_to_term_start: 'AlignToTermStart',
  align_to_term_end: 'AlignToTermEnd',
};

export const TIMING: EnumMap = { in_advance: 'IN_ADVANCE', in_arrears: 'IN_ARREARS' };

export const WEEKDAY: EnumMap = {
  sunday: 'Sunday',
  monday: 'Monday',
  tuesday: 'Tuesday',
  wednesday: 'Wednesday',
  thursday: 'Thursday',
  friday: 'Friday',
  saturday: 'Saturday',
};

export const TRIGGER_EVENT: EnumMap = { contract_effective: 'ContractEffective', service_activation: 'ServiceActivation', customer_acceptance: 'CustomerAcceptance' };

export const END_DATE_CONDITION: EnumMap = { subscription_end: 'SubscriptionEnd', fixed_period: 'FixedPeriod' };

export const UP_TO_PERIODS_TYPE: EnumMap = { billing_periods: 'Billing Periods', days: 'Days', weeks: 'Weeks', months: 'Months', years: 'Years' };

export const LIST_PRICE_BASE: EnumMap = {
  Per_Billing_Period: 'Per Billing Period',
  Per_Month: 'Per Month',
  Per_Week: 'Per Week',
  Per_Year: 'Per Year',
  Per_Specific_Months: 'Per Specific Months',
};

export const PRICE_CHANGE_OPTION: EnumMap = {
  no_change: 'NoChange',
  specific_percentage_value: 'SpecificPercentageValue',
  use_latest_product_catalog_pricing: 'UseLatestProductCatalogPricing',
};

export const DISCOUNT_LEVEL: EnumMap = { rate_plan: 'rateplan', subscription: 'subscription', account: 'account' };

export const PRORATION_OPTION: EnumMap = {
  no_proration: 'NoProration',
  time_based_proration: 'TimeBasedProration',
  default_from_tenant_setting: 'DefaultFromTenantSetting',
  charge_full_period: 'ChargeFullPeriod',
};

export const PRICE_FORMAT: EnumMap = { price_format_flat_fee: 'FlatFee', price_format_per_unit: 'PerUnit' };

/** apply_to ['one_time','usage'] ↔ ApplyDiscountTo 'ONETIMEUSAGE'. */
export function applyToModel(list: string[] | undefined): string | undefined {
  if (!list || list.length === 0) return undefined;
  const order = ['one_time', 'recurring', 'usage'];
  for (const v of list) if (!order.includes(v)) throw invalidValue(`'discount_options.apply_to' value should be one of: ${order.join(', ')}`);
  return order.filter((o) => list.includes(o)).map((o) => o.replace('_', '').toUpperCase()).join('');
}
export function applyToCommerce(v: string | null | undefined): string[] {
  if (!v) return [];
  const out: string[] = [];
  if (v.includes('ONETIME')) out.push('one_time');
  if (v.includes('RECURRING')) out.push('recurring');
  if (v.includes('USAGE')) out.push('usage');
  return out;
}

/** Maps a Commerce enum value, refusing values the model does not support, naming the field. */
export function mapEnum(m: EnumMap, value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  const v = m[String(value)];
  if (v === undefined) throw invalidValue(`'${field}' value '${String(value)}' is not supported; supported values: ${Object.keys(m).join(', ')}`);
  return v;
}
