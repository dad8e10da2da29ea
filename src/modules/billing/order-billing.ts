/**
 * `processingOptions` of POST /v1/orders: with `runBilling` the order's subscriptions are billed at once
 * through `billingOptions.targetDate` (default today), and the response carries the numbers and ids of
 * the invoices and credit memos made. Payment options (collectPayment, credits, refunds, write-off)
 * answer a clear "not implemented" until payments exist: the order then changes nothing. Runs as an
 * order-processed hook (registered when billing joins the app), inside the order's transaction.
 */
import type { Ctx } from '../../platform/context.js';
import { parseDate } from '../../platform/dates.js';
import { invalidValue, notImplemented } from '../../platform/errors.js';
import { invoiceWriter, type MadeDocument } from '../invoices/contract.js';
import type { OrderProcessedEvent, OrderProcessedHook } from '../subscriptions/contract.js';
import { subscriptionReader } from '../subscriptions/service.js';
import type { BillingChargeType } from './contract.js';
import { billingEngine } from './engine.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

const OPTION_FIELDS = new Set(['applicationOrder', 'applyCredit', 'applyCreditBalance', 'billingOptions', 'collectPayment', 'electronicPaymentOptions', 'refund', 'refundAmount', 'refundReasonCode', 'runBilling', 'writeOff', 'writeOffBehavior']);
const BILLING_FIELDS = new Set(['creditMemoReasonCode', 'documentDate', 'generateDraftInvoice', 'targetDate', 'chargeTypeToExclude']);
/** Options that need payments (or memo applications), which zbill does not have yet. */
const PAYMENT_FLAGS = ['collectPayment', 'applyCredit', 'applyCreditBalance', 'refund', 'writeOff'];
const PAYMENT_VALUES = ['electronicPaymentOptions', 'refundAmount', 'refundReasonCode', 'applicationOrder', 'writeOffBehavior'];

export interface OrderBillingOptions {
  runBilling: boolean;
  targetDate: string | null;
  documentDate: string | null;
  generateDraftInvoice: boolean;
  creditMemoReasonCode: string | null;
  chargeTypeToExclude: BillingChargeType[] | null;
}

/** Reads and checks `processingOptions` (null when absent). */
export function readProcessingOptions(v: unknown): OrderBillingOptions | null {
  if (v === undefined || v === null) return null;
  if (!isObj(v)) throw invalidValue(`'processingOptions' must be an object`);
  for (const k of Object.keys(v)) if (!OPTION_FIELDS.has(k)) throw invalidValue(`'processingOptions.${k}' is not a processing option`);
  const flag = (k: string) => {
    const x = v[k];
    if (x === undefined || x === null) return false;
    if (typeof x !== 'boolean') throw invalidValue(`'processingOptions.${k}' must be true or false, got ${JSON.stringify(x)}`);
    return x;
  };
  for (const k of PAYMENT_FLAGS) if (flag(k)) throw notImplemented(`'processingOptions.${k}' (payments and credit applications)`);
  for (const k of PAYMENT_VALUES) if (v[k] !== undefined && v[k] !== null) throw notImplemented(`'processingOptions.${k}' (payments and credit applications)`);
  const runBilling = flag('runBilling');
  const bo = v.billingOptions ?? {};
  if (!isObj(bo)) throw invalidValue(`'processingOptions.billingOptions' must be an object`);
  for (const k of Object.keys(bo)) if (!BILLING_FIELDS.has(k)) throw invalidValue(`'processingOptions.billingOptions.${k}' is not a billing option`);
  const date = (k: string) => {
    const x = bo[k];
    if (x === undefined || x === null) return null;
    if (typeof x !== 'string' || !parseDate(x)) throw invalidValue(`'processingOptions.billingOptions.${k}' must be a date in yyyy-mm-dd format, got ${JSON.stringify(x)}`);
    return x;
  };
  const gd = bo.generateDraftInvoice;
  if (gd !== undefined && gd !== null && typeof gd !== 'boolean') throw invalidValue(`'processingOptions.billingOptions.generateDraftInvoice' must be true or false`);
  const reason = bo.creditMemoReasonCode;
  if (reason !== undefined && reason !== null && typeof reason !== 'string') throw invalidValue(`'processingOptions.billingOptions.creditMemoReasonCode' must be a string`);
  let exclude: BillingChargeType[] | null = null;
  if (bo.chargeTypeToExclude !== undefined && bo.chargeTypeToExclude !== null) {
    const x = bo.chargeTypeToExclude;
    if (!Array.isArray(x) || x.some((t) => t !== 'OneTime' && t !== 'Recurring' && t !== 'Usage'))
      throw invalidValue(`'processingOptions.billingOptions.chargeTypeToExclude' must be a list of OneTime, Recurring, Usage`);
    exclude = [...new Set(x as BillingChargeType[])];
  }
  return { runBilling, targetDate: date('targetDate'), documentDate: date('documentDate'), generateDraftInvoice: gd === true, creditMemoReasonCode: (reason as string | undefined) ?? null, chargeTypeToExclude: exclude };
}

/** Bills the order's subscriptions, grouped by invoice owner: one document per owner account. */
export async function billOrder(ctx: Ctx, e: OrderProcessedEvent, o: OrderBillingOptions): Promise<MadeDocument[]> {
  const today = ctx.today().toString();
  const targetDate = o.targetDate ?? today;
  const invoiceDate = o.documentDate ?? today;
  const byOwner = new Map<string, string[]>();
  for (const s of e.subscriptions) {
    const sub = await subscriptionReader.getSubscription(ctx, s.subscriptionNumber);
    if (!sub) continue;
    byOwner.set(sub.invoiceOwnerAccountId, [...(byOwner.get(sub.invoiceOwnerAccountId) ?? []), sub.subscriptionNumber]);
  }
  const made: MadeDocument[] = [];
  for (const [accountId, subscriptionNumbers] of byOwner) {
    const items = await billingEngine.proposeItems(ctx, { accountId, targetDate, subscriptionNumbers, excludeChargeTypes: o.chargeTypeToExclude ?? undefined });
    const doc = await invoiceWriter.makeDocuments(ctx, {
      accountId,
      items,
      invoiceDate,
      targetDate,
      source: 'API',
      sourceId: e.orderNumber,
      billRunId: null,
      post: !o.generateDraftInvoice,
      creditMemoReasonCode: o.creditMemoReasonCode,
    });
    if (doc) made.push(doc);
  }
  return made;
}

/** The order-processed hook: checks processingOptions and, with runBilling, bills and adds the documents to the response. */
export const runBillingHook: OrderProcessedHook = async (ctx, e) => {
  const o = readProcessingOptions(e.request.processingOptions);
  if (!o?.runBilling) return;
  const made = await billOrder(ctx, e, o);
  const invoices = made.filter((d) => d.kind === 'invoice');
  const memos = made.filter((d) => d.kind === 'creditMemo');
  const extras = e.responseExtras ?? {};
  if (invoices.length) Object.assign(extras, { invoiceNumbers: invoices.map((d) => d.number), invoiceIds: invoices.map((d) => d.id) });
  if (memos.length) Object.assign(extras, { creditMemoNumbers: memos.map((d) => d.number), creditMemoIds: memos.map((d) => d.id) });
  e.responseExtras = extras;
};
