/**
 * Every attribute of a product rate plan charge, once: its neutral (camelCase)
 * key, its object-API (PascalCase) name, its kind and, for enums, the spec's
 * values. Views map names from this table; the service validates kinds and enums.
 * Neutral enum values are the object API's, except billingTiming (IN_ADVANCE / IN_ARREARS).
 */
export type FieldKind = 'string' | 'int' | 'decimal' | 'bool' | 'object' | 'array';

export interface ChargeField {
  key: string;
  pascal: string;
  kind: FieldKind;
  enum?: readonly string[];
  /** Not settable through the object API (set by other operations). */
  objectApi?: false;
}

export const CHARGE_MODELS = [
  'Discount-Fixed Amount',
  'Discount-Percentage',
  'Flat Fee Pricing',
  'Per Unit Pricing',
  'Overage Pricing',
  'Tiered Pricing',
  'Tiered with Overage Pricing',
  'Volume Pricing',
  'Delivery Pricing',
  'MultiAttributePricing',
  'PreratedPerUnit',
  'PreratedPricing',
  'HighWatermarkVolumePricing',
  'HighWatermarkTieredPricing',
] as const;

/** The catalog API's spelling of each charge model (`model`). */
export const CATALOG_MODEL_NAME: Record<string, string> = {
  'Discount-Fixed Amount': 'DiscountFixedAmount',
  'Discount-Percentage': 'DiscountPercentage',
  'Flat Fee Pricing': 'FlatFee',
  'Per Unit Pricing': 'PerUnit',
  'Overage Pricing': 'Overage',
  'Tiered Pricing': 'Tiered',
  'Tiered with Overage Pricing': 'TieredWithOverage',
  'Volume Pricing': 'Volume',
  'Delivery Pricing': 'Delivery',
  MultiAttributePricing: 'MultiAttributePricing',
  PreratedPerUnit: 'PreratedPerUnit',
  PreratedPricing: 'PreratedPricing',
  HighWatermarkVolumePricing: 'HighWatermarkVolumePricing',
  HighWatermarkTieredPricing: 'HighWatermarkTieredPricing',
};

export const CHARGE_TYPES = ['OneTime', 'Recurring', 'Usage'] as const;
export const BILLING_PERIODS = ['Month', 'Quarter', 'Annual', 'Semi-Annual', 'Specific Months', 'Subscription Term', 'Week', 'Specific Weeks', 'Specific Days'] as const;
export const BILL_CYCLE_TYPES = ['DefaultFromCustomer', 'SpecificDayofMonth', 'SubscriptionStartDay', 'ChargeTriggerDay', 'SpecificDayofWeek', 'TermStartDay', 'TermEndDay'] as const;
export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export const LIST_PRICE_BASES = ['Per Billing Period', 'Per Month', 'Per Week', 'Per Year', 'Per Specific Months'] as const;
export const UP_TO_PERIODS_TYPES = ['Billing Periods', 'Days', 'Weeks', 'Months', 'Years'] as const;
export const APPLY_DISCOUNT_TO = ['ONETIME', 'RECURRING', 'USAGE', 'ONETIMERECURRING', 'ONETIMEUSAGE', 'RECURRINGUSAGE', 'ONETIMERECURRINGUSAGE'] as const;

export const CHARGE_FIELDS: ChargeField[] = [
  { key: 'description', pascal: 'Description', kind: 'string' },
  { key: 'billingPeriod', pascal: 'BillingPeriod', kind: 'string', enum: BILLING_PERIODS },
  { key: 'specificBillingPeriod', pascal: 'SpecificBillingPeriod', kind: 'int' },
  { key: 'billingPeriodAlignment', pascal: 'BillingPeriodAlignment', kind: 'string', enum: ['AlignToCharge', 'AlignToSubscriptionStart', 'AlignToTermStart', 'AlignToTermEnd'] },
  { key: 'billingTiming', pascal: 'BillingTiming', kind: 'string', enum: ['IN_ADVANCE', 'IN_ARREARS'] },
  { key: 'billCycleType', pascal: 'BillCycleType', kind: 'string', enum: BILL_CYCLE_TYPES },
  { key: 'billCycleDay', pascal: 'BillCycleDay', kind: 'int' },
  { key: 'weeklyBillCycleDay', pascal: 'WeeklyBillCycleDay', kind: 'string', enum: WEEKDAYS },
  { key: 'triggerEvent', pascal: 'TriggerEvent', kind: 'string', enum: ['ContractEffective', 'ServiceActivation', 'CustomerAcceptance'] },
  { key: 'endDateCondition', pascal: 'EndDateCondition', kind: 'string', enum: ['SubscriptionEnd', 'FixedPeriod'] },
  { key: 'upToPeriods', pascal: 'UpToPeriods', kind: 'int' },
  { key: 'upToPeriodsType', pascal: 'UpToPeriodsType', kind: 'string', enum: UP_TO_PERIODS_TYPES },
  { key: 'listPriceBase', pascal: 'ListPriceBase', kind: 'string', enum: LIST_PRICE_BASES },
  { key: 'specificListPriceBase', pascal: 'SpecificListPriceBase', kind: 'int' },
  { key: 'uom', pascal: 'UOM', kind: 'string' },
  { key: 'defaultQuantity', pascal: 'DefaultQuantity', kind: 'decimal' },
  { key: 'minQuantity', pascal: 'MinQuantity', kind: 'decimal' },
  { key: 'maxQuantity', pascal: 'MaxQuantity', kind: 'decimal' },
  { key: 'includedUnits', pascal: 'IncludedUnits', kind: 'decimal' },
  { key: 'taxable', pascal: 'Taxable', kind: 'bool' },
  { key: 'taxCode', pascal: 'TaxCode', kind: 'string' },
  { key: 'taxMode', pascal: 'TaxMode', kind: 'string', enum: ['TaxExclusive', 'TaxInclusive'] },
  { key: 'ratingGroup', pascal: 'RatingGroup', kind: 'string', enum: ['ByBillingPeriod', 'ByUsageStartDate', 'ByUsageRecord', 'ByUsageUpload', 'ByGroupId'] },
  { key: 'discountLevel', pascal: 'DiscountLevel', kind: 'string', enum: ['rateplan', 'subscription', 'account'] },
  { key: 'applyDiscountTo', pascal: 'ApplyDiscountTo', kind: 'string', enum: APPLY_DISCOUNT_TO },
  { key: 'isStackedDiscount', pascal: 'IsStackedDiscount', kind: 'bool' },
  { key: 'reflectDiscountInNetAmount', pascal: 'ReflectDiscountInNetAmount', kind: 'bool' },
  { key: 'applyToBillingPeriodPartially', pascal: 'ApplyToBillingPeriodPartially', kind: 'bool' },
  { key: 'productDiscountApplyDetails', pascal: 'ProductDiscountApplyDetails', kind: 'array', objectApi: false },
  { key: 'smoothingModel', pascal: 'SmoothingModel', kind: 'string', enum: ['RollingWindow', 'Rollover'] },
  { key: 'numberOfPeriod', pascal: 'NumberOfPeriod', kind: 'int' },
  { key: 'overageCalculationOption', pascal: 'OverageCalculationOption', kind: 'string', enum: ['EndOfSmoothingPeriod', 'PerBillingPeriod'] },
  { key: 'overageUnusedUnitsCreditOption', pascal: 'OverageUnusedUnitsCreditOption', kind: 'string', enum: ['NoCredit', 'CreditBySpecificRate'] },
  { key: 'priceChangeOption', pascal: 'PriceChangeOption', kind: 'string', enum: ['NoChange', 'SpecificPercentageValue', 'UseLatestProductCatalogPricing'] },
  { key: 'priceIncreaseOption', pascal: 'PriceIncreaseOption', kind: 'string', enum: ['FromTenantPercentageValue', 'SpecificPercentageValue'] },
  { key: 'priceIncreasePercentage', pascal: 'PriceIncreasePercentage', kind: 'decimal' },
  { key: 'useTenantDefaultForPriceChange', pascal: 'UseTenantDefaultForPriceChange', kind: 'bool' },
  { key: 'prorationOption', pascal: 'ProrationOption', kind: 'string', enum: ['NoProration', 'TimeBasedProration', 'DefaultFromTenantSetting', 'ChargeFullPeriod'] },
  { key: 'accountingCode', pascal: 'AccountingCode', kind: 'string' },
  { key: 'deferredRevenueAccount', pascal: 'DeferredRevenueAccount', kind: 'string' },
  { key: 'recognizedRevenueAccount', pascal: 'RecognizedRevenueAccount', kind: 'string' },
  { key: 'useDiscountSpecificAccountingCode', pascal: 'UseDiscountSpecificAccountingCode', kind: 'bool' },
  { key: 'adjustmentLiabilityAccount', pascal: 'AdjustmentLiabilityAccount', kind: 'string', objectApi: false },
  { key: 'adjustmentRevenueAccount', pascal: 'AdjustmentRevenueAccount', kind: 'string', objectApi: false },
  { key: 'contractAssetAccount', pascal: 'ContractAssetAccount', kind: 'string', objectApi: false },
  { key: 'contractLiabilityAccount', pascal: 'ContractLiabilityAccount', kind: 'string', objectApi: false },
  { key: 'contractRecognizedRevenueAccount', pascal: 'ContractRecognizedRevenueAccount', kind: 'string', objectApi: false },
  { key: 'unbilledReceivablesAccount', pascal: 'UnbilledReceivablesAccount', kind: 'string', objectApi: false },
  { key: 'revRecCode', pascal: 'RevRecCode', kind: 'string' },
  { key: 'revRecTriggerCondition', pascal: 'RevRecTriggerCondition', kind: 'string', enum: ['ContractEffectiveDate', 'ServiceActivationDate', 'CustomerAcceptanceDate'] },
  { key: 'revenueRecognitionRuleName', pascal: 'RevenueRecognitionRuleName', kind: 'string', enum: ['Recognize upon invoicing', 'Recognize daily over time'] },
  { key: 'revenueRecognitionTiming', pascal: 'RevenueRecognitionTiming', kind: 'string', enum: ['Upon Billing Document Posting Date', 'Upon Order Activation Date'] },
  { key: 'revenueAmortizationMethod', pascal: 'RevenueAmortizationMethod', kind: 'string', enum: ['Immediate', 'Ratable Using Start And End Dates'] },
  { key: 'legacyRevenueReporting', pascal: 'LegacyRevenueReporting', kind: 'bool' },
  { key: 'excludeItemBillingFromRevenueAccounting', pascal: 'ExcludeItemBillingFromRevenueAccounting', kind: 'bool' },
  { key: 'excludeItemBookingFromRevenueAccounting', pascal: 'ExcludeItemBookingFromRevenueAccounting', kind: 'bool' },
  { key: 'isAllocationEligible', pascal: 'IsAllocationEligible', kind: 'bool' },
  { key: 'isUnbilled', pascal: 'IsUnbilled', kind: 'bool' },
  { key: 'productCategory', pascal: 'ProductCategory', kind: 'string' },
  { key: 'productClass', pascal: 'ProductClass', kind: 'string' },
  { key: 'productFamily', pascal: 'ProductFamily', kind: 'string' },
  { key: 'productLine', pascal: 'ProductLine', kind: 'string' },
  { key: 'chargeFunction', pascal: 'ChargeFunction', kind: 'string', enum: ['Standard', 'Prepayment', 'CommitmentTrueUp', 'Drawdown', 'CreditCommitment', 'DrawdownAndCreditCommitment'] },
  { key: 'commitmentType', pascal: 'CommitmentType', kind: 'string', enum: ['UNIT', 'CURRENCY'] },
  { key: 'creditOption', pascal: 'CreditOption', kind: 'string', enum: ['TimeBased', 'ConsumptionBased', 'FullCreditBack'] },
  { key: 'drawdownRate', pascal: 'DrawdownRate', kind: 'decimal' },
  { key: 'drawdownUom', pascal: 'DrawdownUom', kind: 'string' },
  { key: 'isPrepaid', pascal: 'IsPrepaid', kind: 'bool' },
  { key: 'prepaidOperationType', pascal: 'PrepaidOperationType', kind: 'string', enum: ['topup', 'drawdown'] },
  { key: 'prepaidQuantity', pascal: 'PrepaidQuantity', kind: 'decimal' },
  { key: 'prepaidTotalQuantity', pascal: 'PrepaidTotalQuantity', kind: 'decimal' },
  { key: 'prepaidUom', pascal: 'PrepaidUom', kind: 'string' },
  { key: 'validityPeriodType', pascal: 'ValidityPeriodType', kind: 'string', enum: ['SUBSCRIPTION_TERM', 'ANNUAL', 'SEMI_ANNUAL', 'QUARTER', 'MONTH'] },
  { key: 'isRollover', pascal: 'IsRollover', kind: 'bool' },
  { key: 'rolloverApply', pascal: 'RolloverApply', kind: 'string', enum: ['ApplyFirst', 'ApplyLast'] },
  { key: 'rolloverPeriods', pascal: 'RolloverPeriods', kind: 'decimal' },
  { key: 'rolloverPeriodLength', pascal: 'RolloverPeriodLength', kind: 'int' },
  { key: 'usageRecordRatingOption', pascal: 'UsageRecordRatingOption', kind: 'string', enum: ['EndOfBillingPeriod', 'OnDemand'] },
  { key: 'formula', pascal: 'Formula', kind: 'string' },
  { key: 'deliverySchedule', pascal: 'DeliverySchedule', kind: 'object' },
  { key: 'chargeModelConfiguration', pascal: 'ChargeModelConfiguration', kind: 'object' },
];

export const CHARGE_FIELD_BY_KEY = new Map(CHARGE_FIELDS.map((f) => [f.key, f]));

/** Object API spellings that differ from the neutral enum value. */
export const BILLING_TIMING_TO_OBJECT: Record<string, string> = { IN_ADVANCE: 'In Advance', IN_ARREARS: 'In Arrears' };
export const BILLING_TIMING_FROM_OBJECT: Record<string, string> = { 'In Advance': 'IN_ADVANCE', 'In Arrears': 'IN_ARREARS' };

export const OVERAGE_MODELS_LIST: readonly string[] = ['Overage Pricing', 'Tiered with Overage Pricing'];
