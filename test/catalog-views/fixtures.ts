/**
 * A realistic catalog in the Commerce API's request shape: a monthly flat fee
 * plan, a per-seat plan, a usage plan with a tiered charge and a volume charge,
 * and a percentage discount plan, priced in USD and EUR.
 */
export const bill = (extra: Record<string, unknown> = {}) => ({
  type: 'specific_day_of_month',
  day_of_month: 1,
  period: 'bill_cycle_period_month',
  period_alignment: 'align_to_charge',
  timing: 'in_advance',
  ...extra,
});

export const flatFeeCharge = {
  name: 'Platform Fee',
  description: 'Monthly platform access',
  charge_type: 'recurring',
  charge_model: 'flat_fee',
  pricing: { flat_amounts: { USD: 100, EUR: 92.5 } },
  bill_cycle: bill(),
  trigger_event: 'contract_effective',
  end_date_condition: 'subscription_end',
  list_price_base: 'Per_Billing_Period',
  accounting: { adjustment_revenue_account: 'AdjRev-1', contract_asset_account: 'CA-1', unbilled_receivables_account: 'UR-1' },
};

export const perSeatCharge = {
  name: 'Seats',
  charge_type: 'recurring',
  charge_model: 'per_unit',
  unit_of_measure: 'Each',
  default_quantity: 5,
  pricing: { unit_amounts: { USD: 20, EUR: 18.25 } },
  bill_cycle: bill({ type: 'default_from_customer', day_of_month: undefined }),
  trigger_event: 'contract_effective',
  end_date_condition: 'subscription_end',
  list_price_base: 'Per_Billing_Period',
};

export const tieredUsageCharge = {
  name: 'API Calls',
  charge_type: 'usage',
  charge_model: 'tiered',
  unit_of_measure: 'Each',
  pricing: {
    tiers: [
      { tier: '1', from: 0, up_to: 1000, price_format: 'price_format_per_unit', unit_amounts: { USD: 0.1, EUR: 0.09 } },
      { tier: '2', from: 1000, up_to: 10000, price_format: 'price_format_per_unit', unit_amounts: { USD: 0.08, EUR: 0.07 } },
      { tier: '3', from: 10000, up_to: null, price_format: 'price_format_flat_fee', flat_amounts: { USD: 500, EUR: 450 } },
    ],
  },
  bill_cycle: bill({ timing: 'in_arrears' }),
  trigger_event: 'contract_effective',
  end_date_condition: 'subscription_end',
};

export const volumeCharge = {
  name: 'Storage',
  charge_type: 'usage',
  charge_model: 'volume',
  unit_of_measure: 'Each',
  pricing: {
    tiers: [
      { tier: '1', from: 0, up_to: 100, price_format: 'price_format_per_unit', unit_amounts: { USD: 2, EUR: 1.8 } },
      { tier: '2', from: 100, up_to: null, price_format: 'price_format_per_unit', unit_amounts: { USD: 1.5, EUR: 1.35 } },
    ],
  },
  bill_cycle: bill({ timing: 'in_arrears' }),
  trigger_event: 'contract_effective',
  end_date_condition: 'subscription_end',
};

export const discountCharge = {
  name: 'Launch Discount',
  charge_type: 'recurring',
  charge_model: 'discount_percentage',
  pricing: { discount_percentage: 15 },
  discount_options: { apply_to: ['recurring', 'usage'], discount_level: 'rate_plan', stacked_discount: false },
  bill_cycle: bill(),
  trigger_event: 'contract_effective',
  end_date_condition: 'subscription_end',
};

export const plan = (name: string, charges: unknown[]) => structuredClone({
  name,
  start_date: '2024-01-01',
  end_date: '2049-12-31',
  active_currencies: ['USD', 'EUR'],
  charges,
});

export const realisticProduct = () => structuredClone({
  name: 'Cloud Suite',
  start_date: '2024-01-01',
  end_date: '2049-12-31',
  category: 'base',
  plans: [
    plan('Monthly Flat', [flatFeeCharge]),
    plan('Per Seat', [perSeatCharge]),
    plan('Usage', [tieredUsageCharge, volumeCharge]),
    plan('Launch Promo', [discountCharge]),
  ],
});
