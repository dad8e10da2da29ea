/**
 * The API-version switches of the orders and subscriptions operations
 * (docs/api-versions.md lists them all). Route-layer only: each function takes
 * the request's effective version and a request or response body.
 */
import { atLeast, type HasVersion } from '../../platform/api-version.js';
import { invalidValue, ruleViolation, unknownField } from '../../platform/errors.js';
import { dateField, RES_SUBSCRIPTION } from './fields.js';

type Obj = Record<string, unknown>;

/**
 * POST /v1/orders answers `subscriptions` (number and status of each) from
 * 223.0 on, and `subscriptionNumbers` (the numbers only) up to 222.4.
 */
export function createOrderResponse(v: HasVersion, res: Obj): Obj {
  if (atLeast(v, '223.0')) return res;
  const { subscriptions, ...rest } = res;
  const numbers = Array.isArray(subscriptions) ? subscriptions.map((s) => (s as Obj).subscriptionNumber) : [];
  return { ...rest, subscriptionNumbers: numbers };
}

/** The billing options of a legacy subscription call, read under one version's names. */
export interface BillingOptions {
  runBilling?: boolean;
  targetDate?: string;
  collect?: boolean;
}

const BILLING_FIELDS = new Set(['runBilling', 'targetDate', 'invoice', 'invoiceTargetDate', 'collect', 'invoiceCollect']);

/** A field spelled as another version spells it: refused, naming the version that knows it. */
function wrongVersion(field: string, insteadField: string, version: string, newer: boolean) {
  return unknownField(
    newer
      ? `'${field}' is available from Zuora-Version ${version}; on this version the field is '${insteadField}'`
      : `'${field}' is the name before Zuora-Version ${version}; from ${version} on the field is '${insteadField}'`,
    RES_SUBSCRIPTION,
  );
}

function bool(body: Obj, field: string): boolean | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw invalidValue(`'${field}' must be true or false, got ${JSON.stringify(v)}`, RES_SUBSCRIPTION);
  return v;
}

/**
 * Create, update, renew, cancel, suspend and resume a subscription (the legacy
 * subscription API) name their billing options by version:
 * - from 211.0: `runBilling`, `targetDate` and `collect`;
 * - 196.0 up to 211.0: `invoice`, `invoiceTargetDate` and `collect`;
 * - before 196.0: `invoiceCollect` (invoice and collect in one), and `invoiceTargetDate`.
 * A name the request's version does not have is refused (category 21), and the
 * call changes nothing. The options are removed from the body the service sees
 * and returned in one spelling. zbill creates no invoice yet: billing is not
 * built, so the options are validated and otherwise have no effect (no
 * invoice, credit memo or payment is made or reported).
 */
export function legacyBillingOptions(v: HasVersion, body: Obj): { body: Obj; options: BillingOptions } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { body, options: {} };
  const rest = Object.fromEntries(Object.entries(body).filter(([k]) => !BILLING_FIELDS.has(k)));
  const options: BillingOptions = {};
  const is196 = atLeast(v, '196.0');
  if (!is196) {
    if (body.invoice !== undefined) throw wrongVersion('invoice', 'invoiceCollect', '196.0', true);
    if (body.collect !== undefined) throw wrongVersion('collect', 'invoiceCollect', '196.0', true);
  } else if (body.invoiceCollect !== undefined)
    throw unknownField(`'invoiceCollect' is the name before Zuora-Version 196.0; from 196.0 on the fields are '${atLeast(v, '211.0') ? 'runBilling' : 'invoice'}' and 'collect'`, RES_SUBSCRIPTION);
  if (atLeast(v, '211.0')) {
    if (body.invoice !== undefined) throw wrongVersion('invoice', 'runBilling', '211.0', false);
    if (body.invoiceTargetDate !== undefined) throw wrongVersion('invoiceTargetDate', 'targetDate', '211.0', false);
    options.runBilling = bool(body, 'runBilling');
    options.targetDate = dateField(body.targetDate, 'targetDate') ?? undefined;
  } else {
    if (body.runBilling !== undefined) throw wrongVersion('runBilling', is196 ? 'invoice' : 'invoiceCollect', '211.0', true);
    if (body.targetDate !== undefined) throw wrongVersion('targetDate', 'invoiceTargetDate', '211.0', true);
    options.runBilling = bool(body, is196 ? 'invoice' : 'invoiceCollect');
    options.targetDate = dateField(body.invoiceTargetDate, 'invoiceTargetDate') ?? undefined;
  }
  options.collect = is196 ? bool(body, 'collect') : options.runBilling;
  return { body: rest, options };
}

const PREVIEW_TYPES_NEW = ['LegalDoc', 'ChargeMetrics', 'LegalDocChargeMetrics'];
const PREVIEW_TYPES_OLD = ['InvoiceItem', 'ChargeMetrics', 'InvoiceItemChargeMetrics'];

/**
 * The preview options of preview a subscription (new, or existing by key) and
 * of update a subscription (`preview: true`), switched at 207.0:
 * - `previewType` takes LegalDoc / ChargeMetrics / LegalDocChargeMetrics from
 *   207.0 on, and InvoiceItem / ChargeMetrics / InvoiceItemChargeMetrics before;
 * - `includeExistingDraftDocItems` from 207.0 on, `includeExistingDraftInvoiceItems` before;
 * - on the two preview calls the target date is `targetDate` from 207.0 on and
 *   `invoiceTargetDate` before (`previewCall`; on update the target date is a
 *   billing option, switched at 211.0 by legacyBillingOptions);
 * - previewing an existing subscription needs 207.0 or later (`existing`).
 */
export function previewOptions(v: HasVersion, body: Obj, opts: { previewCall?: boolean; existing?: boolean } = { previewCall: true }): Obj {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const is207 = atLeast(v, '207.0');
  if (opts.existing && !is207) throw ruleViolation(`Previewing an existing subscription needs Zuora-Version 207.0 or later`, RES_SUBSCRIPTION);
  if (opts.previewCall) {
    if (is207 && body.invoiceTargetDate !== undefined) throw wrongVersion('invoiceTargetDate', 'targetDate', '207.0', false);
    if (!is207 && body.targetDate !== undefined) throw wrongVersion('targetDate', 'invoiceTargetDate', '207.0', true);
    dateField(is207 ? body.targetDate : body.invoiceTargetDate, is207 ? 'targetDate' : 'invoiceTargetDate');
  }
  if (is207 && body.includeExistingDraftInvoiceItems !== undefined) throw wrongVersion('includeExistingDraftInvoiceItems', 'includeExistingDraftDocItems', '207.0', false);
  if (!is207 && body.includeExistingDraftDocItems !== undefined) throw wrongVersion('includeExistingDraftDocItems', 'includeExistingDraftInvoiceItems', '207.0', true);
  bool(body, is207 ? 'includeExistingDraftDocItems' : 'includeExistingDraftInvoiceItems');
  if (body.previewType !== undefined) {
    const allowed = is207 ? PREVIEW_TYPES_NEW : PREVIEW_TYPES_OLD;
    if (!allowed.includes(body.previewType as string))
      throw invalidValue(`'previewType' must be ${allowed.join(', ')} on Zuora-Version ${is207 ? '207.0 or later' : '206.0 or earlier'}, got ${JSON.stringify(body.previewType)}`, RES_SUBSCRIPTION);
  }
  return body;
}

const isPlain = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Adds `taxationItems: []` to each item of a list (zbill calculates no tax, so a document item has no taxation item). */
function withTaxationItems(items: unknown): unknown {
  return Array.isArray(items) ? items.map((i) => (isPlain(i) ? { ...i, taxationItems: [] } : i)) : items;
}

/**
 * POST /v1/orders/preview: from 309.0 on each invoice item and credit memo item
 * of `previewResult` carries its `taxationItems` (empty: zbill calculates no
 * tax); before 309.0 the key is not sent.
 */
export function previewOrderResponse(v: HasVersion, res: Obj): Obj {
  if (!atLeast(v, '309.0') || !isPlain(res.previewResult)) return res;
  const pr = res.previewResult;
  const docs = (list: unknown, key: string) => (Array.isArray(list) ? list.map((d) => (isPlain(d) ? { ...d, [key]: withTaxationItems(d[key]) } : d)) : list);
  const out: Obj = { ...pr };
  if (pr.invoices !== undefined) out.invoices = docs(pr.invoices, 'invoiceItems');
  if (pr.creditMemos !== undefined) out.creditMemos = docs(pr.creditMemos, 'creditMemoItems');
  return { ...res, previewResult: out };
}

/**
 * The billing figures of preview a subscription (POST /v1/subscriptions/preview)
 * and of update a subscription with `preview: true`, by version. The service
 * answers the latest shape: `invoice` (amount, amountWithoutTax, taxAmount,
 * targetDate, invoiceItems) and, for credits, `creditMemo`, with `targetDate`
 * and `documentDate` at the top level.
 * - up to 206.0 the invoice's figures sit at the top level (`amount`,
 *   `amountWithoutTax`, `taxAmount`, `invoiceItems`) with its date as
 *   `invoiceTargetDate` on the preview call and `targetDate` on update; there
 *   is no `creditMemo` (memos come with Invoice Settlement, on 207.0 and later);
 *   `documentDate` stays (Zuora's sample of the old shape has it);
 * - the items carry `taxationItems` from 315.0 on (empty: zbill calculates no tax).
 */
export function subscriptionPreviewResponse(v: HasVersion, res: Obj, call: 'preview' | 'update'): Obj {
  const taxes = atLeast(v, '315.0');
  const items = (doc: unknown, key: string): Obj | undefined => {
    if (!isPlain(doc)) return undefined;
    return { ...doc, [key]: taxes ? withTaxationItems(doc[key]) : doc[key] };
  };
  const invoice = items(res.invoice, 'invoiceItems');
  const creditMemo = items(res.creditMemo, 'creditMemoItems');
  const { invoice: _i, creditMemo: _c, targetDate, documentDate, ...rest } = res;
  if (atLeast(v, '207.0')) {
    const out: Obj = { ...rest };
    if (invoice) out.invoice = invoice;
    if (creditMemo) out.creditMemo = creditMemo;
    if (targetDate !== undefined) out.targetDate = targetDate;
    if (documentDate !== undefined) out.documentDate = documentDate;
    return out;
  }
  const out: Obj = { ...rest };
  if (invoice) {
    Object.assign(out, { amount: invoice.amount, amountWithoutTax: invoice.amountWithoutTax, taxAmount: invoice.taxAmount, invoiceItems: invoice.invoiceItems });
    out[call === 'preview' ? 'invoiceTargetDate' : 'targetDate'] = invoice.targetDate;
    if (documentDate !== undefined) out.documentDate = documentDate;
  }
  return out;
}
