/**
 * The tenant's billing rules as the Settings API's `/billing-rules` setting names them.
 *
 * The proration rules are the rating engine's `BillingRules` (billing/rating/types.ts): same names, same
 * defaults. The other fields are the ones Zuora's GET /billing-rules answer carries (the batch-requests
 * sample) plus `sequentialInvoiceNumber` from the Settings API's billing-rules comparison table.
 * Enumerated fields accept the values the docs name; where the docs show only one value, only that one.
 */
import { DEFAULT_BILLING_RULES, type BillingRules as RatingBillingRules } from '../billing/rating/types.js';
import { invalidValue, ruleViolation, unknownField } from '../../platform/errors.js';

type FieldSpec = { kind: 'boolean' } | { kind: 'enum'; values: readonly string[] } | { kind: 'integer'; min: number; max: number };

/** Every field served, with its type, in the order GET answers them (alphabetical, as Zuora's sample). */
export const BILLING_RULE_FIELDS: Record<string, FieldSpec> = {
  allowAutoPostBillRun: { kind: 'boolean' },
  autoPostBillRunDefaultValue: { kind: 'boolean' },
  availableToCreditValidationLevel: { kind: 'enum', values: ['HeaderLevel'] },
  billToTermEndWhenAutoRenew: { kind: 'boolean' },
  daysInMonth: { kind: 'enum', values: ['UseActualDays', 'Assume30Days', 'Assume30DaysStrict'] },
  includeChildUsage: { kind: 'boolean' },
  includeNegativeInvoice: { kind: 'boolean' },
  invoicePastEndOfTerm: { kind: 'boolean' },
  legalDocumentGeneratingRule: { kind: 'enum', values: ['GroupByOriginalSRPC'] },
  notSendZeroItemsForTax: { kind: 'boolean' },
  oneTimeCreditBack: { kind: 'boolean' },
  preGenerateInvoicePdf: { kind: 'boolean' },
  proratePeriodOfRecurringCharge: { kind: 'boolean' },
  prorateRecurringMonthlyCharges: { kind: 'boolean' },
  prorateRecurringWeeklyCharges: { kind: 'boolean' },
  prorateUsageMonthlyCharges: { kind: 'boolean' },
  prorateUsageWeeklyCharges: { kind: 'boolean' },
  prorationUnit: { kind: 'enum', values: ['ProrateByDay', 'ProrateByMonthFirst'] },
  rateUsageIndividually: { kind: 'boolean' },
  recurringChargeStyle: { kind: 'enum', values: ['Advanced'] },
  sequentialInvoiceNumber: { kind: 'boolean' },
  takeContactSnapshot: { kind: 'boolean' },
  taxAddressOwner: { kind: 'enum', values: ['SubscriptionOwner'] },
  taxInclusiveRoundingRule: { kind: 'enum', values: ['RoundingNetAmount', 'RoundingTaxAmount'] },
  taxRateChangeOption: { kind: 'enum', values: ['OneTaxItem'] },
  timeOfDailyInvoice: { kind: 'integer', min: 0, max: 23 },
  transactionOnSubscription: { kind: 'boolean' },
  zuoraTaxRoundingDiffDispersion: { kind: 'boolean' },
};

export type TenantBillingRules = RatingBillingRules & {
  allowAutoPostBillRun: boolean;
  autoPostBillRunDefaultValue: boolean;
  availableToCreditValidationLevel: string;
  billToTermEndWhenAutoRenew: boolean;
  includeChildUsage: boolean;
  includeNegativeInvoice: boolean;
  invoicePastEndOfTerm: boolean;
  legalDocumentGeneratingRule: string;
  notSendZeroItemsForTax: boolean;
  oneTimeCreditBack: boolean;
  preGenerateInvoicePdf: boolean;
  rateUsageIndividually: boolean;
  recurringChargeStyle: string;
  sequentialInvoiceNumber: boolean;
  takeContactSnapshot: boolean;
  taxAddressOwner: string;
  taxInclusiveRoundingRule: string;
  taxRateChangeOption: string;
  timeOfDailyInvoice: number;
  transactionOnSubscription: boolean;
  zuoraTaxRoundingDiffDispersion: boolean;
};

/**
 * A new tenant's billing rules. Proration: the rating engine's defaults. Bill run auto-post is off (Zuora's
 * bill run docs: auto-post needs the "Support bill run auto-post?" rule set to Yes first). The inclusive-tax
 * rounding rule defaults to rounding the net amount (Zuora's "Rounding rule for inclusive tax mode" page).
 * Where the docs give no default, the value of Zuora's GET /billing-rules sample.
 */
export const DEFAULT_TENANT_BILLING_RULES: Readonly<TenantBillingRules> = Object.freeze({
  ...DEFAULT_BILLING_RULES,
  allowAutoPostBillRun: false,
  autoPostBillRunDefaultValue: false,
  availableToCreditValidationLevel: 'HeaderLevel',
  billToTermEndWhenAutoRenew: true,
  includeChildUsage: true,
  includeNegativeInvoice: true,
  invoicePastEndOfTerm: false,
  legalDocumentGeneratingRule: 'GroupByOriginalSRPC',
  notSendZeroItemsForTax: false,
  oneTimeCreditBack: false,
  preGenerateInvoicePdf: false,
  rateUsageIndividually: true,
  recurringChargeStyle: 'Advanced',
  sequentialInvoiceNumber: false,
  takeContactSnapshot: true,
  taxAddressOwner: 'SubscriptionOwner',
  taxInclusiveRoundingRule: 'RoundingNetAmount',
  taxRateChangeOption: 'OneTaxItem',
  timeOfDailyInvoice: 0,
  transactionOnSubscription: true,
  zuoraTaxRoundingDiffDispersion: false,
});

/** The rules in the order GET answers them. */
export function orderedRules(rules: TenantBillingRules): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(BILLING_RULE_FIELDS)) out[k] = (rules as unknown as Record<string, unknown>)[k];
  return out;
}

/** Checks a PUT body's fields (only the fields given change) and returns them; throws on the first bad one. */
export function parseBillingRulesUpdate(body: unknown): Partial<TenantBillingRules> {
  if (body === null || body === undefined || typeof body !== 'object' || Array.isArray(body)) throw invalidValue('The billing rules body must be a JSON object');
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    const spec = BILLING_RULE_FIELDS[k];
    if (!spec) throw unknownField(`'${k}' is not a billing rule`);
    if (v === null) throw invalidValue(`'${k}' cannot be null`);
    if (spec.kind === 'boolean' && typeof v !== 'boolean') throw invalidValue(`'${k}' must be true or false`);
    if (spec.kind === 'enum' && (typeof v !== 'string' || !spec.values.includes(v))) throw invalidValue(`'${k}' must be one of: ${spec.values.join(', ')}`);
    if (spec.kind === 'integer' && (typeof v !== 'number' || !Number.isInteger(v) || v < spec.min || v > spec.max))
      throw invalidValue(`'${k}' must be an integer from ${spec.min} to ${spec.max}`);
    out[k] = v;
  }
  return out as Partial<TenantBillingRules>;
}

/** Combinations Zuora refuses: a bill run cannot default to auto-post while auto-post is not supported. */
export function checkCombination(rules: TenantBillingRules): void {
  if (rules.autoPostBillRunDefaultValue && !rules.allowAutoPostBillRun)
    throw ruleViolation(`'autoPostBillRunDefaultValue' can be true only when 'allowAutoPostBillRun' is true`);
}
