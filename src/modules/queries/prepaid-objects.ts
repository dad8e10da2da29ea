/**
 * Objects zbill declares although no module of it makes their records (docs/decisions.md, "Objects that
 * hold no records"): the Prepaid with Drawdown objects (PrepaidBalance, PrepaidBalanceFund,
 * PrepaidBalanceTransaction, ValidityPeriodSummary, DailyConsumptionSummary) and DeliveryAdjustment.
 * Their fields are the spec's (the Expanded… schemas of the object query pages); ZOQL does not serve them
 * (they are not objects of Zuora's action query).
 *
 * - DeliveryAdjustment: Zuora makes one only through its Delivery Adjustments API, which zbill does not
 *   have, so a tenant of zbill holds none: lists answer an empty page, keys 404.
 * - The prepaid objects: Zuora makes them when a subscription takes a prepayment or drawdown charge.
 *   The catalog takes such charges (isPrepaid, prepaidOperationType, chargeFunction) but nothing in zbill
 *   builds their balances, funds or drawdowns. So a tenant whose catalog holds none has truthfully no
 *   records (empty pages, 404 keys), and a tenant whose catalog holds one gets a 501 naming it, never an
 *   empty answer that would hide balances Zuora would show.
 */
import type { Ctx } from '../../platform/context.js';
import { notImplemented } from '../../platform/errors.js';
import { qf, queryObject, type QueryField, type QueryFieldType, type QueryObject, type QueryRow } from './contract.js';
import { runQuery } from './engine.js';

/** The charge functions whose subscriptions Zuora keeps prepaid balances and funds for. */
const PREPAID_FUNCTIONS = new Set(['Prepayment', 'Drawdown', 'CreditCommitment', 'DrawdownAndCreditCommitment']);

/** The number of a product rate plan charge of the tenant's catalog that is a prepayment or drawdown charge, if any. */
export async function firstPrepaidCharge(ctx: Ctx): Promise<string | undefined> {
  const prpc = queryObject('ProductRatePlanCharge');
  if (!prpc) return undefined;
  const names = ['Id', 'ProductRatePlanChargeNumber', 'IsPrepaid', 'PrepaidOperationType', 'ChargeFunction'];
  const fields = prpc.fields.filter((f) => names.includes(f.name));
  const page = 1000;
  for (let offset = 0; ; offset += page) {
    const rows = await runQuery(ctx, prpc, { fields, limit: page, offset });
    const hit = rows.find((r) => r.IsPrepaid === true || (typeof r.PrepaidOperationType === 'string' && r.PrepaidOperationType !== '') || PREPAID_FUNCTIONS.has(String(r.ChargeFunction)));
    if (hit) return String(hit.ProductRatePlanChargeNumber ?? hit.Id);
    if (rows.length < page) return undefined;
  }
}

/** No records, unless the catalog holds a prepaid charge: then the object is not built (501). */
const prepaidLoad =
  (label: string) =>
  async (ctx: Ctx): Promise<QueryRow[]> => {
    const charge = await firstPrepaidCharge(ctx);
    if (charge) throw notImplemented(`${label} (Prepaid with Drawdown): this tenant's catalog holds the prepayment or drawdown charge ${charge}, whose balances zbill does not build`);
    return [];
  };

type Spec = [name: string, type: QueryFieldType, more?: Partial<QueryField>];
const fieldsOf = (specs: Spec[]): QueryField[] => specs.map(([name, type, more]) => qf.loaded(name, type, { exact: type === 'text' && /Id$/.test(name), ...more }));
const audit: Spec[] = [
  ['Id', 'text'],
  ['CreatedById', 'text'],
  ['CreatedDate', 'datetime'],
  ['UpdatedById', 'text'],
  ['UpdatedDate', 'datetime'],
];

export const noRecordObjects: QueryObject[] = [
  {
    name: 'PrepaidBalance',
    label: 'Prepaid Balance',
    path: 'prepaid-balances',
    operationIds: ['queryPrepaidBalances', 'queryPrepaidBalanceByKey'],
    zoql: false,
    load: prepaidLoad('prepaid balances'),
    fields: fieldsOf([
      ...audit,
      ['AccountId', 'text'],
      ['Balance', 'decimal'],
      ['EndDate', 'date'],
      ['Name', 'text'],
      ['OrigSubscriptionId', 'text'],
      ['PrepaidBalanceState', 'picklist', { values: ['ACTIVE', 'EXPIRED'] }],
      ['PrepaidType', 'integer'],
      ['StartDate', 'date'],
      ['TotalFund', 'decimal'],
      ['UOM', 'text'],
    ]),
  },
  {
    name: 'PrepaidBalanceFund',
    label: 'Prepaid Balance Fund',
    path: 'prepaid-balance-funds',
    operationIds: ['queryPrepaidBalanceFunds', 'queryPrepaidBalanceFundByKey'],
    zoql: false,
    load: prepaidLoad('prepaid balance funds'),
    fields: fieldsOf([
      ...audit,
      ['AccountId', 'text'],
      ['Balance', 'decimal'],
      ['ChargeSegmentNumber', 'integer'],
      ['Done', 'integer'],
      ['EndDate', 'date'],
      ['FundedBalance', 'decimal'],
      ['FundingPrice', 'decimal'],
      ['FundSourceType', 'picklist', { values: ['CHARGE', 'ORDER_LINE_ITEM', 'CREDIT_MEMO_ITEM', 'DEBIT_MEMO_ITEM'] }],
      ['OriginalFundEndDate', 'date'],
      ['OriginalFundingPrice', 'decimal'],
      ['OriginalTotalBalance', 'decimal'],
      ['OriginFundId', 'text'],
      ['PrepaidBalanceId', 'text'],
      ['Priority', 'integer'],
      ['RolloverApplyOption', 'text'],
      ['RolloverCount', 'integer'],
      ['RolloverValidityPeriodEndDate', 'date'],
      ['RolloverValidityPeriodStartDate', 'date'],
      ['SourceId', 'text'],
      ['StartDate', 'date'],
      ['TotalBalance', 'decimal'],
      ['TotalBilled', 'decimal'],
      ['VpSummaryId', 'text'],
    ]),
  },
  {
    name: 'PrepaidBalanceTransaction',
    label: 'Prepaid Balance Transaction',
    path: 'prepaid-balance-transactions',
    operationIds: ['queryPrepaidBalanceTransactions', 'queryPrepaidBalanceTransactionByKey'],
    zoql: false,
    load: prepaidLoad('prepaid balance transactions'),
    fields: fieldsOf([
      ...audit,
      ['AccountId', 'text'],
      ['Amount', 'decimal'],
      ['Balance', 'decimal'],
      ['DrawdownRate', 'decimal'],
      ['FundId', 'text'],
      ['PrepaidBalanceId', 'text'],
      ['PrepaidBalanceTransactionType', 'picklist', { values: ['PREPAYMENT', 'DRAWDOWN', 'PREPAYMENT_ADJUSTMENT', 'DRAWDOWN_ADJUSTMENT', 'DRAWDOWN_REVERSAL', 'PREPAYMENT_CREDIT_BACK', 'PREPAYMENT_CREDIT_BACK_REVERSAL'] }],
      ['SourceId', 'text'],
      ['TransactionDate', 'date'],
      ['TransactionSourceType', 'picklist', { values: ['CHARGE', 'ORDER_LINE_ITEM', 'USAGE'] }],
      ['UsageUom', 'text'],
    ]),
  },
  {
    name: 'ValidityPeriodSummary',
    label: 'Validity Period Summary',
    path: 'validity-period-summaries',
    operationIds: ['queryValidityPeriodSummarys', 'queryValidityPeriodSummaryByKey'],
    zoql: false,
    load: prepaidLoad('validity period summaries'),
    fields: fieldsOf([
      ...audit,
      ['AccountId', 'text'],
      ['AccountNumber', 'text'],
      ['BilledBalanceAmount', 'decimal'],
      ['BillingTiming', 'picklist', { values: ['In Advance', 'In Arrears'] }],
      ['EndDate', 'date'],
      ['OverageRatedAmount', 'decimal'],
      ['OverageRatedQuantity', 'decimal'],
      ['PrepaidBalanceId', 'text'],
      ['RemainingBalance', 'decimal'],
      ['StartDate', 'date'],
      ['SubscriptionNumber', 'text'],
      ['TotalBalance', 'decimal'],
      ['TotalBilledAmount', 'decimal'],
      ['Uom', 'text'],
    ]),
  },
  {
    name: 'DailyConsumptionSummary',
    label: 'Daily Consumption Summary',
    path: 'daily-consumption-summaries',
    operationIds: ['queryDailyConsumptionSummaries', 'queryDailyConsumptionSummaryByKey'],
    zoql: false,
    load: prepaidLoad('daily consumption summaries'),
    fields: fieldsOf([
      ...audit,
      ['ChargeSegmentNumber', 'integer'],
      ['DailyConsumptionAmount', 'decimal'],
      ['DailyGroupSummaryId', 'text'],
      ['DailyTotalQuantity', 'decimal'],
      ['DrawdownAdjustmentRevenueGlAccountNumber', 'text'],
      ['DrawdownChargeSegmentNumber', 'integer'],
      ['DrawdownOriginChargeId', 'text'],
      ['DrawdownRecognizedRevenueGlAccountNumber', 'text'],
      ['FundId', 'text'],
      ['OriginChargeId', 'text'],
      ['RatingResultId', 'text'],
      ['TransactionDate', 'date'],
      ['UsageChargeName', 'text'],
      ['UsageChargeNumber', 'text'],
    ]),
  },
  {
    name: 'DeliveryAdjustment',
    label: 'Delivery Adjustment',
    path: 'delivery-adjustments',
    operationIds: ['queryDeliveryAdjustments', 'queryDeliveryAdjustmentByKey'],
    zoql: false,
    numberField: 'AdjustmentNumber',
    // made only by the Delivery Adjustments API, which zbill does not have
    load: async () => [],
    fields: fieldsOf([
      ...audit,
      ['AccountId', 'text'],
      ['AccountingCode', 'text'],
      ['AdjustmentNumber', 'text'],
      ['Amount', 'decimal'],
      ['AmountPerUnit', 'decimal'],
      ['BillingDate', 'date'],
      ['ChargeId', 'text'],
      ['ChargeNumber', 'text'],
      ['CreditMemoId', 'text'],
      ['CreditMemoNumber', 'text'],
      ['Date', 'date'],
      ['DebitMemoNumber', 'text'],
      ['DeferredAccountingCode', 'text'],
      ['DeliveryDay', 'text'],
      ['InvoiceOwnerAccountId', 'text'],
      ['NumberOfDeliveries', 'decimal'],
      ['OriginalSubId', 'text'],
      ['Reason', 'text'],
      ['RecognizedRevenueAccountingCode', 'text'],
      ['RevenueRecognitionRuleName', 'text'],
      ['SegmentId', 'text'],
      ['Status', 'picklist', { values: ['Billed', 'Cancelled'] }],
      ['SubscriptionId', 'text'],
      ['SubscriptionNumber', 'text'],
      ['Type', 'picklist', { values: ['DeliveryCredit'] }],
    ]),
  },
];
