/** Builders for the billing engine's unit tests: billing view rows, a fake ledger that bills what is proposed. */
import type { BilledItem, ProposedItem } from '../../src/modules/billing/contract.js';
import { proposeFromView, type ProposeInput } from '../../src/modules/billing/rate-account.js';
import { DEFAULT_BILLING_RULES } from '../../src/modules/billing/rating/types.js';
import type { BillingSegmentRow } from '../../src/modules/subscriptions/contract.js';
import type { UsageRecord } from '../../src/modules/usage/contract.js';

let seq = 0;

/** A monthly flat fee of 100 USD from 2024-01-01, a one-year term, in advance, aligned to the charge. */
export function row(over: Partial<BillingSegmentRow> = {}): BillingSegmentRow {
  const start = over.chargeStartDate ?? '2024-01-01';
  return {
    billingPeriod: 'Month',
    specificBillingPeriod: null,
    billingPeriodAlignment: 'AlignToCharge',
    billingTiming: 'IN_ADVANCE',
    billCycleType: 'DefaultFromCustomer',
    billCycleDay: null,
    weeklyBillCycleDay: null,
    listPriceBase: 'Per_Billing_Period',
    specificListPriceBase: null,
    endDateCondition: 'Subscription_End',
    upToPeriods: null,
    upToPeriodsType: null,
    specificEndDate: null,
    triggerEvent: 'ContractEffective',
    specificTriggerDate: null,
    prorationOption: null,
    uom: null,
    currency: 'USD',
    applyDiscountTo: null,
    discountLevel: null,
    isStackedDiscount: null,
    ratingGroup: null,
    usageRecordRatingOption: null,
    smoothingModel: null,
    numberOfPeriods: null,
    subscriptionId: 'sub1',
    subscriptionOriginalId: 'sub1',
    subscriptionNumber: 'A-S00000001',
    subscriptionVersion: 1,
    subscriptionStatus: 'Active',
    accountId: 'acc1',
    invoiceOwnerAccountId: 'acc1',
    termType: 'TERMED',
    termStartDate: start,
    termEndDate: '2025-01-01',
    subscriptionStartDate: start,
    subscriptionEndDate: '2025-01-01',
    contractEffectiveDate: start,
    serviceActivationDate: null,
    customerAcceptanceDate: null,
    cancelledDate: null,
    autoRenew: false,
    ratePlanId: 'rp1',
    originalRatePlanId: 'rp1',
    ratePlanName: 'Basic',
    productId: 'p1',
    productName: 'Product',
    productRatePlanId: 'prp1',
    removedDate: null,
    chargeId: 'c1',
    originalChargeId: 'c1',
    chargeNumber: 'C-00000001',
    chargeName: 'Monthly fee',
    productRatePlanChargeId: 'prpc1',
    chargeType: 'Recurring',
    chargeModel: 'Flat Fee Pricing',
    pending: false,
    chargeStartDate: start,
    chargeEndDate: over.chargeEndDate === undefined ? '2025-01-01' : over.chargeEndDate,
    segment: 1,
    segmentStartDate: start,
    segmentEndDate: over.segmentEndDate === undefined ? (over.chargeEndDate === undefined ? '2025-01-01' : over.chargeEndDate) : over.segmentEndDate,
    quantity: '1',
    price: '100',
    tiers: [],
    includedUnits: null,
    overagePrice: null,
    discountAmount: null,
    discountPercentage: null,
    ...over,
  };
}

export function usage(over: Partial<UsageRecord> & { startDate: string; quantity: string }): UsageRecord {
  seq++;
  return {
    id: `u${seq}`,
    accountId: 'acc1',
    accountNumber: 'A00000001',
    subscriptionId: 'sub1',
    subscriptionNumber: 'A-S00000001',
    chargeId: 'c1',
    chargeNumber: 'C-00000001',
    uom: 'Each',
    startDateTime: `${over.startDate}T00:00:00Z`,
    endDateTime: null,
    description: null,
    uniqueKey: null,
    rbeStatus: 'Pending',
    sourceType: 'API',
    importId: null,
    invoiceItemId: null,
    customFields: {},
    ...over,
  };
}

/** A ledger in memory: `bill` records proposed items as billed (credits naming what they credit). */
export class FakeLedger {
  items: BilledItem[] = [];
  bill(items: ProposedItem[]): void {
    for (const i of items) {
      seq++;
      this.items.push({
        itemId: `ii${seq}`,
        originalChargeId: i.originalChargeId,
        serviceStartDate: i.serviceStartDate,
        serviceEndDate: i.serviceEndDate,
        amount: i.amount,
        quantity: i.quantity,
        processingType: i.processingType,
        creditsItemId: i.creditsItemId,
        appliedToChargeNumber: i.appliedToChargeNumber,
        unitPrice: i.unitPrice,
      });
    }
  }
}

export type Input = Omit<ProposeInput, 'billed' | 'rules' | 'account' | 'usage'> & Partial<Pick<ProposeInput, 'rules' | 'account' | 'usage'>>;

/** Proposes with the ledger's items; bills the result into the ledger when `bill` is set. */
export function propose(ledger: FakeLedger, input: Input, bill = true): ProposedItem[] {
  const out = proposeFromView({ rules: DEFAULT_BILLING_RULES, account: { billCycleDay: 1 }, usage: [], ...input, billed: ledger.items });
  if (bill) ledger.bill(out);
  return out;
}

/** The items as [start, end, amount] triples (credits show their negative amount). */
export const brief = (items: ProposedItem[]) => items.map((i) => [i.serviceStartDate, i.serviceEndDate, i.amount]);
