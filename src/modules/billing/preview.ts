/**
 * Billing previews: what a bill run would bill, saved nowhere.
 * - POST /v1/operations/billing-preview: one account's invoice items and credit memo items through a date.
 * - The order preview builder (previewTypes BillingDocs): the invoices and credit memos an order would make,
 *   rated inside the preview's transaction, where the order's subscriptions already are as it leaves them.
 *
 * Documents: what is charged (and the discounts on it) goes on invoices; what is given back (items crediting
 * something billed) on credit memos, with positive amounts, as Zuora does with Invoice Settlement.
 */
import type { Ctx } from '../../platform/context.js';
import { formatDateTime, parseDate } from '../../platform/dates.js';
import { invalidValue, missingField, notImplemented, ruleViolation } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { D, toJsonNumber } from '../../platform/money.js';
import { getAccountByKey } from '../accounts/service.js';
import type { OrderPreviewBuilder, SubscriptionRecord } from '../subscriptions/contract.js';
import { billingSegments } from '../subscriptions/contract.js';
import type { BillingChargeType, ProposedItem } from './contract.js';
import { proposeItems } from './engine.js';
import { billingPeriods } from './rating/periods.js';
import { segmentView } from './rate-account.js';
import { readAssumeRenewal, type AssumeRenewal } from './renewal.js';

export { readAssumeRenewal };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const CHARGE_TYPES: BillingChargeType[] = ['OneTime', 'Recurring', 'Usage'];

/** `chargeTypeToExclude`: a comma-separated list (or an array) of OneTime, Recurring, Usage. */
export function readChargeTypes(v: unknown, field: string): BillingChargeType[] {
  if (v === undefined || v === null || v === '') return [];
  const parts = Array.isArray(v) ? v : typeof v === 'string' ? v.split(',') : null;
  if (!parts) throw invalidValue(`'${field}' must be a comma-separated list of ${CHARGE_TYPES.join(', ')}`);
  return parts.map((p) => {
    const t = typeof p === 'string' ? CHARGE_TYPES.find((c) => c.toLowerCase() === p.trim().toLowerCase()) : undefined;
    if (!t) throw invalidValue(`'${field}': '${String(p)}' is not a charge type; use ${CHARGE_TYPES.join(', ')}`);
    return t;
  });
}

function readDate(v: unknown, field: string, required: boolean): string | undefined {
  if (v === undefined || v === null || v === '') {
    if (required) throw missingField(`'${field}' is required`);
    return undefined;
  }
  if (typeof v !== 'string' || !parseDate(v)) throw invalidValue(`'${field}' must be a date (yyyy-mm-dd), got '${String(v)}'`);
  return v;
}

function readBool(v: unknown, field: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw invalidValue(`'${field}' must be true or false`);
  return v;
}

const json = (v: string | null) => (v === null ? null : toJsonNumber(v));
const isCredit = (i: ProposedItem) => i.creditsItemId !== null;

/** Body of POST /v1/operations/billing-preview, checked. */
export interface BillingPreviewRequest {
  accountKey: string;
  targetDate: string;
  excludeChargeTypes: BillingChargeType[];
  includingEvergreenSubscription: boolean;
  /** None (the default), All or Autorenew (renewal.ts). */
  assumeRenewal?: AssumeRenewal;
}

export function readBillingPreviewRequest(body: Obj): BillingPreviewRequest {
  const accountKey = typeof body.accountId === 'string' && body.accountId ? body.accountId : typeof body.accountNumber === 'string' && body.accountNumber ? body.accountNumber : undefined;
  if (!accountKey) throw missingField("'accountId' or 'accountNumber' is required");
  const targetDate = readDate(body.targetDate, 'targetDate', true)!;
  const assumeRenewal = readAssumeRenewal(body.assumeRenewal);
  if (readBool(body.includingDraftItems, 'includingDraftItems') === true) throw notImplemented("billing previews with draft document items ('includingDraftItems' true)");
  return {
    accountKey,
    targetDate,
    excludeChargeTypes: readChargeTypes(body.chargeTypeToExclude, 'chargeTypeToExclude'),
    // Zuora leaves evergreen subscriptions out unless asked.
    includingEvergreenSubscription: readBool(body.includingEvergreenSubscription, 'includingEvergreenSubscription') ?? false,
    assumeRenewal,
  };
}

/** One account's preview in the operation's response shape. */
export async function billingPreview(ctx: Ctx, req: BillingPreviewRequest): Promise<Obj> {
  const account = await getAccountByKey(ctx, req.accountKey);
  if (!account) throw invalidValue(`Cannot find the account with key ${req.accountKey}`);
  const items = await proposeItems(ctx, { accountId: account.id, targetDate: req.targetDate, excludeChargeTypes: req.excludeChargeTypes, excludeEvergreen: !req.includingEvergreenSubscription, assumeRenewal: req.assumeRenewal, preloaded: { account } });
  const chargeDate = formatDateTime(ctx.now(), ctx.tenant.timezone);
  const ids = new Map(items.map((i) => [i, newId()]));
  const charged = items.filter((i) => !isCredit(i));
  const idOfCharge = (i: ProposedItem) => charged.find((c) => c.processingType === 'Charge' && c.chargeNumber === i.appliedToChargeNumber && c.serviceStartDate === i.serviceStartDate);
  return {
    accountId: account.id,
    invoiceItems: charged.map((i) => ({
      id: ids.get(i),
      subscriptionName: i.subscriptionNumber,
      subscriptionId: i.subscriptionId,
      subscriptionNumber: i.subscriptionNumber,
      serviceStartDate: i.serviceStartDate,
      serviceEndDate: i.serviceEndDate,
      chargeAmount: json(i.amount),
      chargeDescription: null,
      chargeName: i.chargeName,
      chargeNumber: i.chargeNumber,
      chargeId: i.chargeId,
      productName: i.productName,
      quantity: json(i.quantity),
      taxAmount: 0,
      unitOfMeasure: i.uom,
      chargeDate,
      chargeType: i.chargeType,
      processingType: i.processingType,
      appliedToItemId: i.processingType === 'Discount' ? (ids.get(idOfCharge(i) as ProposedItem) ?? null) : null,
      numberOfDeliveries: 0,
    })),
    creditMemoItems: items.filter(isCredit).map((i) => ({
      id: ids.get(i),
      amount: json(new D(i.amount).neg().toFixed()),
      amountWithoutTax: json(new D(i.amount).neg().toFixed()),
      appliedToItemId: null,
      chargeDate,
      chargeNumber: i.chargeNumber,
      chargeType: i.chargeType,
      comment: null,
      numberOfDeliveries: 0,
      processingType: i.processingType,
      quantity: json(i.quantity),
      ratePlanChargeId: i.chargeId,
      serviceEndDate: i.serviceEndDate,
      serviceStartDate: i.serviceStartDate,
      sku: null,
      skuName: i.productName,
      subscriptionId: i.subscriptionId,
      subscriptionNumber: i.subscriptionNumber,
      unitOfMeasure: i.uom,
    })),
    success: true,
  };
}

// ---------------------------------------------------------------- order preview

/** How far an order preview bills: previewOptions (orders) or previewThroughDate (POST /v1/subscriptions/{key}/preview). */
type Thru = { kind: 'date'; date: string } | { kind: 'termEnd' } | { kind: 'periods'; n: number };

function readThru(request: Obj, today: string): Thru {
  if (isLegacyExisting(request)) {
    // POST /v1/subscriptions/{key}/preview: through the end of the term unless told otherwise.
    if (request.previewThroughDate === undefined || request.previewThroughDate === null) return { kind: 'termEnd' };
    if (!isObj(request.previewThroughDate)) throw invalidValue("'previewThroughDate' must be an object");
    const p = request.previewThroughDate;
    const policy = String(p.previewThruDatePolicy ?? '');
    if (policy === 'specificDate') return { kind: 'date', date: readDate(p.specificDate, 'previewThroughDate.specificDate', true)! };
    if (policy === 'endOfTerm') return { kind: 'termEnd' };
    if (policy === 'nextBillingPeriods') return { kind: 'periods', n: readPeriods(typeof p.nextBillingPeriods === 'string' ? Number(p.nextBillingPeriods) : p.nextBillingPeriods, 'previewThroughDate.nextBillingPeriods') };
    throw invalidValue(`'previewThroughDate.previewThruDatePolicy' must be nextBillingPeriods, endOfTerm or specificDate, got '${policy}'`);
  }
  const o = isObj(request.previewOptions) ? request.previewOptions : {};
  const type = o.previewThruType;
  const date = readDate(o.specificPreviewThruDate, 'previewOptions.specificPreviewThruDate', type === 'SpecificDate');
  if (type === 'SpecificDate' || (type === undefined && date)) return { kind: 'date', date: date! };
  if (type === 'TermEnd') return { kind: 'termEnd' };
  if (type === 'NumberOfPeriods') return { kind: 'periods', n: readPeriods(o.previewNumberOfPeriods, 'previewOptions.previewNumberOfPeriods') };
  if (type === undefined) return { kind: 'date', date: today };
  throw invalidValue(`'previewOptions.previewThruType' must be one of SpecificDate, TermEnd, NumberOfPeriods, got '${String(type)}'`);
}

function readPeriods(v: unknown, field: string): number {
  if (v === undefined || v === null) throw missingField(`'${field}' is required`);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw invalidValue(`'${field}' must be a whole number of at least 1`);
  return v;
}

/** POST /v1/subscriptions/{key}/preview hands the builder its own body (previewStartDate/previewThroughDate, no previewOptions). */
function isLegacyExisting(request: Obj): boolean {
  return request.previewOptions === undefined;
}

/** previewStartDate of POST /v1/subscriptions/{key}/preview: items ending before it are left out. */
function legacyStart(request: Obj, subs: SubscriptionRecord[], today: string): string | null {
  const p = request.previewStartDate;
  if (p === undefined || p === null) return null;
  if (!isObj(p)) throw invalidValue("'previewStartDate' must be an object");
  switch (p.previewStartDatePolicy) {
    case undefined:
    case 'startOfTerm':
      return subs.reduce((m, s) => (m === '' || s.termStartDate < m ? s.termStartDate : m), '');
    case 'today':
      return today;
    case 'specificDate':
      return readDate(p.specificDate, 'previewStartDate.specificDate', true)!;
    default:
      throw invalidValue(`'previewStartDate.previewStartDatePolicy' must be startOfTerm, today or specificDate, got '${String(p.previewStartDatePolicy)}'`);
  }
}

/** The items of one document in the subscription preview's shape (PreviewExistingSubscription). */
function legacyItems(items: ProposedItem[], sign: 1 | -1): Obj[] {
  return items.map((i) => ({
    serviceStartDate: i.serviceStartDate,
    serviceEndDate: i.serviceEndDate,
    amountWithoutTax: toJsonNumber(new D(i.amount).mul(sign)),
    taxAmount: 0,
    chargeDescription: null,
    chargeName: i.chargeName,
    chargeNumber: i.chargeNumber,
    productName: i.productName,
    productRatePlanChargeId: i.productRatePlanChargeId,
    processingType: i.processingType,
    unitPrice: json(i.unitPrice),
    quantity: json(i.quantity),
    unitOfMeasure: i.uom,
  }));
}

/** The item lists of one document, in the order preview's shape. */
function docItems(items: ProposedItem[], sign: 1 | -1): Obj[] {
  return items.map((i) => {
    const amount = sign === 1 ? new D(i.amount) : new D(i.amount).neg();
    const out: Obj = {
      serviceStartDate: i.serviceStartDate,
      serviceEndDate: i.serviceEndDate,
      amountWithoutTax: toJsonNumber(amount),
      taxAmount: 0,
      chargeDescription: null,
      chargeName: i.chargeName,
      chargeNumber: i.chargeNumber,
      processingType: i.processingType,
      productName: i.productName,
      productRatePlanChargeId: i.productRatePlanChargeId,
      subscriptionNumber: i.subscriptionNumber,
      unitPrice: json(i.unitPrice),
      additionalInfo: { quantity: json(i.quantity), unitOfMeasure: i.uom, numberOfDeliveries: 0 },
    };
    if (i.appliedToChargeNumber) out.appliedToChargeNumber = i.appliedToChargeNumber;
    return out;
  });
}

function documents(items: ProposedItem[], targetDate: string, legacy = false): { invoices: Obj[]; creditMemos: Obj[] } {
  const charged = items.filter((i) => !isCredit(i));
  const credits = items.filter(isCredit);
  const total = (xs: ProposedItem[], sign: 1 | -1) => toJsonNumber(xs.reduce((s, i) => s.add(new D(i.amount)), new D(0)).mul(sign));
  if (legacy)
    return {
      invoices: charged.length ? [{ amount: total(charged, 1), amountWithoutTax: total(charged, 1), taxAmount: 0, targetDate, invoiceItems: legacyItems(charged, 1), isFromExistingInvoice: false }] : [],
      creditMemos: credits.length ? [{ amount: total(credits, -1), amountWithoutTax: total(credits, -1), taxAmount: 0, targetDate, creditMemoItems: legacyItems(credits, -1), isFromExistingCreditMemo: false }] : [],
    };
  return {
    invoices: charged.length ? [{ amount: total(charged, 1), amountWithoutTax: total(charged, 1), taxAmount: 0, targetDate, invoiceItems: docItems(charged, 1) }] : [],
    creditMemos: credits.length ? [{ amount: total(credits, -1), amountWithoutTax: total(credits, -1), taxAmount: 0, targetDate, creditMemoItems: docItems(credits, -1) }] : [],
  };
}

/** The latest term end of the subscriptions (TermEnd previews), or a clear error for an evergreen one. */
function termEnd(subs: SubscriptionRecord[]): string {
  let end = '';
  for (const s of subs) {
    if (s.termType === 'EVERGREEN' || !s.termEndDate) throw ruleViolation(`Subscription ${s.subscriptionNumber} is evergreen: it has no term end to preview through`);
    const last = Temporal_dayBefore(s.termEndDate);
    if (last > end) end = last;
  }
  return end;
}

function Temporal_dayBefore(d: string): string {
  return parseDate(d)!.subtract({ days: 1 }).toString();
}

/** Each charge's first `n` billing periods from its start: the date through which to bill, and the last period start per charge. */
function periodsHorizon(subs: SubscriptionRecord[], n: number, billCycleDay: number): { target: string; lastStart: Map<string, string> } {
  const lastStart = new Map<string, string>();
  let target = '';
  for (const r of subs.flatMap(billingSegments)) {
    if (r.pending || lastStart.has(r.originalChargeId)) continue;
    const v = segmentView({ ...r, segmentStartDate: r.chargeStartDate, segmentEndDate: r.chargeEndDate });
    const far = parseDate(r.chargeStartDate)!.add({ years: Math.max(6, n * 6) });
    const periods = billingPeriods(v, { billCycleDay: billCycleDay >= 1 ? billCycleDay : v.chargeStartDate.day }, far).slice(0, n);
    const last = periods[periods.length - 1];
    if (!last) continue;
    lastStart.set(r.originalChargeId, last.start.toString());
    const due = last.dueDate.toString();
    if (due > target) target = due;
  }
  return { target, lastStart };
}

/** The order preview builder: invoices and credit memos (previewTypes BillingDocs). */
export const billingDocsPreviewBuilder: OrderPreviewBuilder = async (ctx, input) => {
  if (!input.previewTypes.includes('BillingDocs')) return {};
  const subs = input.subscriptions;
  if (!subs.length) return { invoices: [], creditMemos: [] };
  const o = isObj(input.request.previewOptions) ? input.request.previewOptions : {};
  const excluded = readChargeTypes(o.chargeTypeToExclude, 'previewOptions.chargeTypeToExclude');
  const thru = readThru(input.request, ctx.today().toString());
  const accountId = subs[0]!.invoiceOwnerAccountId;
  const account = await getAccountByKey(ctx, accountId);
  let target: string;
  let keep: ((i: ProposedItem) => boolean) | undefined;
  if (thru.kind === 'date') target = thru.date;
  else if (thru.kind === 'termEnd') target = termEnd(subs);
  else {
    const h = periodsHorizon(subs, thru.n, account?.billCycleDay ?? 0);
    if (!h.target) return { invoices: [], creditMemos: [] };
    target = h.target;
    keep = (i) => isCredit(i) || (h.lastStart.get(i.originalChargeId) ?? '') >= i.serviceStartDate || i.chargeType === 'Usage';
  }
  const owners = [...new Set(subs.map((s) => s.invoiceOwnerAccountId))];
  const all: ProposedItem[] = [];
  for (const owner of owners) {
    const mine = subs.filter((s) => s.invoiceOwnerAccountId === owner);
    all.push(...(await proposeItems(ctx, { accountId: owner, targetDate: target, excludeChargeTypes: excluded, subscriptionNumbers: mine.map((s) => s.subscriptionNumber), subscriptions: mine })));
  }
  const legacy = isLegacyExisting(input.request);
  const usageQty = input.request.quantityForUsageCharges;
  if (legacy && Array.isArray(usageQty) && usageQty.length) throw ruleViolation("'quantityForUsageCharges' is not supported by zbill yet: usage is previewed from the usage records uploaded");
  const from = legacy ? legacyStart(input.request, subs, ctx.today().toString()) : null;
  const kept = all.filter((i) => (!keep || keep(i)) && (from === null || i.serviceEndDate >= from));
  return documents(kept, target, legacy);
};
