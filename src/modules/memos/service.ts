/**
 * Credit memos and debit memos: made from an invoice (its items, amounts per item, or the whole
 * invoice), from product rate plan charges, or by a bill run for a net negative result (billing.ts);
 * Draft → Posted (→ Draft again by unposting while nothing is applied), Draft → Canceled → deleted.
 * A memo's amount is the sum of its items. Applications, refunds, reversals and write-offs are in
 * apply.ts.
 */
import type { Ctx } from '../../platform/context.js';
import { mergeCustomFields, parseCustomFields, pickCustomFields, type CustomFields } from '../../platform/custom-fields.js';
import { parseDate } from '../../platform/dates.js';
import { invalidValue, invoiceNotFound, missingField, notFound, notImplemented, ruleViolation } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { currencyPlaces, D, toDbAmount, toJsonNumber, type Money } from '../../platform/money.js';
import { getAccountByKey, type AccountRecord } from '../accounts/service.js';
import { catalogReader } from '../catalog/service.js';
import { readInvoice, type InvoiceItemRow } from '../invoices/contract.js';
import { dueDateFor, isoNow, stamp } from '../invoices/service.js';
import { nextDocumentNumber } from '../sequence-sets/service.js';
import { RES_DEBIT_MEMO } from './contract.js';
import * as store from './store.js';
import { usageLedger } from '../usage/contract.js';
import type { AnyMemoRow, CreditMemoRow, DebitMemoRow, MemoItemRow, MemoKind } from './store.js';

export type Obj = Record<string, unknown>;

/** Resource code of credit memo errors (the one the bill run's credit memos have used). */
export const RES_CREDIT_MEMO = 593100;
export const resourceOf = (k: MemoKind) => (k === 'creditMemo' ? RES_CREDIT_MEMO : RES_DEBIT_MEMO);
export const labelOf = (k: MemoKind) => (k === 'creditMemo' ? 'credit memo' : 'debit memo');
export const num = (v: string | null | undefined) => (v === null || v === undefined ? null : toJsonNumber(v));

/**
 * Default reason codes (Zuora's system reason codes of the Credit Memo and Debit Memo transaction
 * types): "Correcting invoice error" for memos made from invoices, "Ad hoc credit"/"Ad hoc debit"
 * for those made from charges (the apply page's sample shows "Ad hoc credit" on an AdhocFromPrpc memo).
 */
export const DEFAULT_REASON = {
  fromInvoice: 'Correcting invoice error',
  creditFromCharges: 'Ad hoc credit',
  debitFromCharges: 'Ad hoc debit',
  writeOff: 'Write-off',
  reversal: 'Invoice reversal',
} as const;

/** At most 1,000 items a memo (both create pages). */
export const MAX_ITEMS = 1000;

// ---------------------------------------------------------------- input checks

export function body(v: unknown, res: number): Obj {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw invalidValue('The request body must be a JSON object', res);
  return v as Obj;
}

export function optBool(v: unknown, field: string, res: number): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw invalidValue(`'${field}' must be true or false`, res);
  return v;
}

export function optStr(v: unknown, field: string, res: number, max = 255): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalidValue(`'${field}' must be a string`, res);
  if (v.length > max) throw invalidValue(`'${field}' must be at most ${max} characters`, res);
  return v;
}

export function optDate(v: unknown, field: string, res: number): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || !parseDate(v)) throw invalidValue(`'${field}' must be a date in yyyy-mm-dd format, got ${JSON.stringify(v)}`, res);
  return v;
}

/** An amount of the currency: a number (or numeric string), at most the currency's decimal places. */
export function amountArg(v: unknown, field: string, currency: string, res: number, opts: { required?: boolean; positive?: boolean } = {}): Money | undefined {
  if (v === undefined || v === null) {
    if (opts.required) throw missingField(`'${field}' is required`, res);
    return undefined;
  }
  if (typeof v !== 'number' && typeof v !== 'string') throw invalidValue(`'${field}' must be a number`, res);
  let d: Money;
  try {
    d = new D(v);
  } catch {
    throw invalidValue(`'${field}' must be a number, got ${JSON.stringify(v)}`, res);
  }
  if (!d.isFinite()) throw invalidValue(`'${field}' must be a number, got ${JSON.stringify(v)}`, res);
  if (d.isNegative()) throw invalidValue(`'${field}' cannot be negative, got ${d.toFixed()}`, res);
  if (opts.positive && d.isZero()) throw invalidValue(`'${field}' must be greater than 0`, res);
  const places = currencyPlaces(currency);
  if (d.decimalPlaces() > places) throw invalidValue(`'${field}' (${d.toFixed()}) has more decimal places than ${currency} allows (${places})`, res);
  return d;
}

export function optArray(v: unknown, field: string, res: number, max?: number): unknown[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw invalidValue(`'${field}' must be an array`, res);
  if (max !== undefined && v.length > max) throw invalidValue(`'${field}' can hold at most ${max} entries; it has ${v.length}`, res);
  return v;
}

export function entry(v: unknown, field: string, res: number): Obj {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw invalidValue(`'${field}' must be an object`, res);
  return v as Obj;
}

/** Fields a memo create request may carry that zbill cannot honour: a clear 501, never a silent drop. */
function refuseUnsupported(o: Obj, path: string, fields: string[]): void {
  for (const f of fields) {
    const v = o[f];
    if (v === undefined || v === null || (Array.isArray(v) && !v.length)) continue;
    throw notImplemented(`'${path}${f}' on memos`);
  }
}

/** Custom fields (`__c`) and NetSuite fields (`__NS`) of a memo body. */
function customOf(o: Obj, res: number): CustomFields {
  const out = pickCustomFields(o);
  for (const [k, v] of Object.entries(o)) {
    if (!k.endsWith('__NS')) continue;
    if (v !== null && typeof v !== 'string') throw invalidValue(`'${k}' must be a string`, res);
    out[k] = v as string | null;
  }
  return out;
}

function checkKnown(o: Obj, known: string[], path: string, res: number): void {
  for (const k of Object.keys(o)) {
    if (known.includes(k) || k.endsWith('__c') || k.endsWith('__NS')) continue;
    throw invalidValue(`'${path}${k}' is not a field of this request`, res);
  }
}

// ---------------------------------------------------------------- reads

export async function requireMemo(ctx: Ctx, kind: 'creditMemo', key: string, lock?: boolean): Promise<CreditMemoRow>;
export async function requireMemo(ctx: Ctx, kind: 'debitMemo', key: string, lock?: boolean): Promise<DebitMemoRow>;
export async function requireMemo(ctx: Ctx, kind: MemoKind, key: string, lock?: boolean): Promise<AnyMemoRow>;
export async function requireMemo(ctx: Ctx, kind: MemoKind, key: string, lock = false): Promise<AnyMemoRow> {
  const m = await store.findMemo(ctx, kind, key, lock);
  if (!m) throw notFound(`The ${labelOf(kind)} ${key} does not exist`, resourceOf(kind));
  return m;
}

export async function requireAccountByKey(ctx: Ctx, key: string, res: number): Promise<AccountRecord> {
  const a = await getAccountByKey(ctx, key);
  if (!a) throw notFound(`Cannot find the account with key ${key}`, res);
  return a;
}

/** GET /v1/credit-memos/{key}: every field of the schema, unset ones null. */
export function creditMemoView(ctx: Ctx, m: CreditMemoRow): Obj {
  return {
    success: true,
    id: m.id,
    number: m.memo_number,
    accountId: m.account_id,
    accountNumber: m.account_number,
    status: m.status,
    creditMemoDate: m.memo_date,
    targetDate: m.target_date,
    currency: m.currency,
    amount: num(m.amount),
    taxAmount: num(m.tax_amount),
    totalTaxExemptAmount: 0,
    appliedAmount: num(m.applied_amount),
    refundAmount: num(m.refund_amount),
    unappliedAmount: num(m.unapplied_amount),
    autoApplyUponPosting: m.auto_apply_upon_posting === 1,
    excludeFromAutoApplyRules: m.exclude_from_auto_apply_rules === 1,
    billToContactId: m.bill_to_contact_id,
    billToContactSnapshotId: null,
    comment: m.comment,
    reasonCode: m.reason_code,
    referredInvoiceId: m.referred_invoice_id,
    reversed: m.reversed === 1,
    sequenceSetId: m.sequence_set_id,
    source: m.source,
    sourceId: m.source_id,
    sourceType: m.source_type,
    latestPDFFileId: null,
    invoiceGroupNumber: null,
    taxMessage: null,
    taxStatus: 'Complete',
    transferredToAccounting: m.transferred_to_accounting,
    einvoiceStatus: null,
    einvoiceErrorCode: null,
    einvoiceErrorMessage: null,
    einvoiceFileId: null,
    postedById: null,
    postedOn: stamp(ctx, m.posted_on),
    cancelledById: null,
    cancelledOn: stamp(ctx, m.cancelled_on),
    createdById: null,
    createdDate: stamp(ctx, m.created_at),
    updatedById: null,
    updatedDate: stamp(ctx, m.updated_at),
    ...parseCustomFields(m.custom_fields),
  };
}

/** GET /v1/debit-memos/{key}. */
export function debitMemoView(ctx: Ctx, m: DebitMemoRow): Obj {
  return {
    success: true,
    id: m.id,
    number: m.memo_number,
    accountId: m.account_id,
    accountNumber: m.account_number,
    status: m.status,
    debitMemoDate: m.memo_date,
    targetDate: m.target_date,
    dueDate: m.due_date,
    currency: m.currency,
    amount: num(m.amount),
    taxAmount: num(m.tax_amount),
    totalTaxExemptAmount: 0,
    balance: num(m.balance),
    beAppliedAmount: num(new D(m.amount).minus(m.balance).toFixed()),
    autoPay: m.auto_pay === 1,
    paymentTerm: m.payment_term,
    billToContactId: m.bill_to_contact_id,
    billToContactSnapshotId: null,
    comment: m.comment,
    reasonCode: m.reason_code,
    referredInvoiceId: m.referred_invoice_id,
    referredCreditMemoId: m.origin === 'CreditMemo' ? m.source_id : null,
    sequenceSetId: m.sequence_set_id,
    sourceType: m.source_type,
    latestPDFFileId: null,
    invoiceGroupNumber: null,
    organizationLabel: null,
    taxMessage: null,
    taxStatus: 'Complete',
    transferredToAccounting: m.transferred_to_accounting,
    einvoiceStatus: null,
    einvoiceErrorCode: null,
    einvoiceErrorMessage: null,
    einvoiceFileId: null,
    postedById: null,
    postedOn: stamp(ctx, m.posted_on),
    cancelledById: null,
    cancelledOn: stamp(ctx, m.cancelled_on),
    createdById: null,
    createdDate: stamp(ctx, m.created_at),
    updatedById: null,
    updatedDate: stamp(ctx, m.updated_at),
    ...parseCustomFields(m.custom_fields),
  };
}

export function memoView(ctx: Ctx, kind: MemoKind, m: AnyMemoRow): Obj {
  return kind === 'creditMemo' ? creditMemoView(ctx, m as CreditMemoRow) : debitMemoView(ctx, m as DebitMemoRow);
}

export async function getMemo(ctx: Ctx, kind: MemoKind, key: string): Promise<Obj> {
  return memoView(ctx, kind, await requireMemo(ctx, kind, key));
}

/** One memo item as GET …/items shows it. */
export function itemView(ctx: Ctx, kind: MemoKind, m: AnyMemoRow, i: MemoItemRow): Obj {
  const common: Obj = {
    id: i.id,
    amount: num(i.amount),
    amountWithoutTax: num(new D(i.amount).toFixed()),
    appliedToItemId: i.applied_to_item_id,
    comment: i.comment,
    excludeItemBillingFromRevenueAccounting: false,
    financeInformation: null,
    processingType: i.processing_type,
    quantity: num(i.quantity),
    unitPrice: num(i.unit_price),
    unitOfMeasure: i.uom,
    serviceStartDate: i.service_start_date,
    serviceEndDate: i.service_end_date,
    sku: null,
    skuName: i.sku_name ?? i.charge_name,
    sourceItemId: i.source_item_id ?? i.charge_id,
    sourceItemType: i.source_item_type ?? (i.charge_id ? 'SubscriptionComponent' : 'ProductRatePlanCharge'),
    subscriptionId: i.subscription_id,
    soldToContactId: m.sold_to_contact_id,
    soldToContactSnapshotId: null,
    taxMode: 'TaxExclusive',
    taxationItems: { data: [] },
    createdById: null,
    createdDate: stamp(ctx, i.charge_date),
    updatedById: null,
    updatedDate: stamp(ctx, i.charge_date),
    ...parseCustomFields(i.custom_fields),
  };
  if (kind === 'creditMemo') {
    return {
      ...common,
      appliedAmount: num(i.applied_amount ?? '0'),
      refundAmount: num(i.refund_amount ?? '0'),
      unappliedAmount: num(i.balance),
      creditFromItemId: i.credits_item_id ?? (i.source_item_type === 'InvoiceDetail' ? i.source_item_id : null),
      creditFromItemSource: i.credits_item_id || i.source_item_type === 'InvoiceDetail' ? 'InvoiceItem' : null,
    };
  }
  return { ...common, balance: num(i.balance), beAppliedAmount: num(new D(i.amount).plus(i.tax_amount).minus(i.balance).toFixed()) };
}

export async function getMemoItems(ctx: Ctx, kind: MemoKind, key: string, page: { limit: number; offset: number }): Promise<Obj[]> {
  const m = await requireMemo(ctx, kind, key);
  const rows = await store.itemsOf(ctx, kind, m.id, page.limit, page.offset);
  return rows.map((i) => itemView(ctx, kind, m, i));
}

export async function getMemoItem(ctx: Ctx, kind: MemoKind, key: string, itemId: string): Promise<Obj> {
  const m = await requireMemo(ctx, kind, key);
  const i = await store.findItem(ctx, kind, m.id, itemId);
  if (!i) throw notFound(`The ${labelOf(kind)} ${m.memo_number} has no item ${itemId}`, resourceOf(kind));
  return { success: true, ...itemView(ctx, kind, m, i) };
}

// ---------------------------------------------------------------- list

type FieldType = 'string' | 'number' | 'date' | 'boolean' | 'datetime';
const COMMON_LIST: Record<string, [string, FieldType]> = {
  accountId: ['account_id', 'string'],
  accountNumber: ['account_number', 'string'],
  amount: ['amount', 'number'],
  currency: ['currency', 'string'],
  number: ['memo_number', 'string'],
  referredInvoiceId: ['referred_invoice_id', 'string'],
  status: ['status', 'string'],
  targetDate: ['target_date', 'date'],
  taxAmount: ['tax_amount', 'number'],
  createdDate: ['created_at', 'datetime'],
  updatedDate: ['updated_at', 'datetime'],
};
const CREDIT_LIST: Record<string, [string, FieldType]> = {
  ...COMMON_LIST,
  appliedAmount: ['applied_amount', 'number'],
  autoApplyUponPosting: ['auto_apply_upon_posting', 'boolean'],
  creditMemoDate: ['memo_date', 'date'],
  excludeFromAutoApplyRules: ['exclude_from_auto_apply_rules', 'boolean'],
  refundAmount: ['refund_amount', 'number'],
  sourceId: ['source_id', 'string'],
  transferredToAccounting: ['transferred_to_accounting', 'string'],
  unappliedAmount: ['unapplied_amount', 'number'],
};
const DEBIT_LIST: Record<string, [string, FieldType]> = {
  ...COMMON_LIST,
  balance: ['balance', 'number'],
  debitMemoDate: ['memo_date', 'date'],
  dueDate: ['due_date', 'date'],
};
/** Sortable fields of each list (the list pages). */
const CREDIT_SORT = ['accountId', 'amount', 'appliedAmount', 'createdDate', 'creditMemoDate', 'number', 'referredInvoiceId', 'refundAmount', 'status', 'targetDate', 'taxAmount', 'transferredToAccounting', 'unappliedAmount', 'updatedDate'];
const DEBIT_SORT = ['accountId', 'amount', 'balance', 'createdDate', 'debitMemoDate', 'dueDate', 'number', 'referredInvoiceId', 'status', 'targetDate', 'taxAmount', 'updatedDate'];
/** Filters no zbill memo can match but null (they name users or tax exemptions zbill does not keep). */
const ALWAYS_NULL = ['createdById', 'updatedById'];
const ALWAYS_ZERO = ['totalTaxExemptAmount'];

/**
 * GET /v1/credit-memos and /v1/debit-memos: each filter field equals its value (`null` matches an
 * unset string field); `sort` takes at most two fields, `-` ascending, `+` or none descending;
 * by default newest number first.
 */
export async function listMemos(ctx: Ctx, kind: MemoKind, query: Record<string, unknown>, page: { limit: number; offset: number }): Promise<Obj[] | null> {
  const res = resourceOf(kind);
  const fields = kind === 'creditMemo' ? CREDIT_LIST : DEBIT_LIST;
  const filters: store.ListFilter[] = [];
  for (const [k, raw] of Object.entries(query)) {
    if (k === 'page' || k === 'pageSize' || k === 'sort') continue;
    const v = Array.isArray(raw) ? raw[0] : raw;
    if (typeof v !== 'string') continue;
    if (ALWAYS_NULL.includes(k)) {
      if (v !== 'null') return null;
      continue;
    }
    if (ALWAYS_ZERO.includes(k)) {
      if (!new D(Number.isFinite(Number(v)) ? v : NaN).isZero()) return null;
      continue;
    }
    if (kind === 'debitMemo' && k === 'beAppliedAmount') throw notImplemented(`filtering debit memos by 'beAppliedAmount' (filter by 'balance')`);
    const f = fields[k];
    if (!f) throw invalidValue(`'${k}' is not a filterable field of ${labelOf(kind)}s`, res);
    const [column, type] = f;
    if (v === 'null') {
      if (type !== 'string' && type !== 'date') throw invalidValue(`'${k}' cannot be null`, res);
      filters.push({ field: column, op: '=', value: null });
    } else if (type === 'number') {
      if (!/^-?\d+(\.\d+)?$/.test(v)) throw invalidValue(`'${k}' must be a number, got ${v}`, res);
      filters.push({ field: column, op: '=', value: v, numeric: true });
    } else if (type === 'boolean') {
      if (v !== 'true' && v !== 'false') throw invalidValue(`'${k}' must be true or false, got ${v}`, res);
      filters.push({ field: column, op: '=', value: v === 'true' ? 1 : 0 });
    } else if (type === 'date') {
      if (!parseDate(v)) throw invalidValue(`'${k}' must be a date in yyyy-mm-dd format, got ${v}`, res);
      filters.push({ field: column, op: '=', value: v });
    } else if (type === 'datetime') {
      throw notImplemented(`filtering ${labelOf(kind)}s by '${k}' (filter by a date field)`);
    } else {
      filters.push({ field: column, op: '=', value: v });
    }
  }
  const sort: Array<{ column: string; dir: 'asc' | 'desc'; numeric?: boolean }> = [];
  if (typeof query.sort === 'string' && query.sort.trim()) {
    const parts = query.sort.split(',').map((s) => s.trim()).filter(Boolean);
    if (parts.length > 2) throw invalidValue(`'sort' takes at most two fields`, res);
    const allowed = kind === 'creditMemo' ? CREDIT_SORT : DEBIT_SORT;
    for (const p of parts) {
      const dir = p.startsWith('-') ? 'asc' : 'desc';
      const name = p.replace(/^[-+ ]/, '').trim();
      if (!allowed.includes(name)) throw invalidValue(`'${name}' is not a sortable field of ${labelOf(kind)}s; sortable: ${allowed.join(', ')}`, res);
      const [column, type] = fields[name]!;
      sort.push({ column, dir, numeric: type === 'number' });
    }
  } else {
    sort.push({ column: 'memo_number', dir: 'desc' });
  }
  const rows = await store.listMemos(ctx, kind, filters, sort, page.limit, page.offset);
  return rows.map((m) => memoView(ctx, kind, m));
}

// ---------------------------------------------------------------- making memos

interface NewMemo {
  kind: MemoKind;
  account: AccountRecord;
  number?: string;
  memoDate: string;
  source: string;
  sourceId: string | null;
  sourceType: string;
  origin: string | null;
  referredInvoiceId: string | null;
  reasonCode: string | null;
  comment: string | null;
  autoApplyUponPosting?: boolean;
  excludeFromAutoApplyRules?: boolean;
  autoPay?: boolean;
  billToContactId?: string | null;
  soldToContactId?: string | null;
  customFields: CustomFields;
  items: Array<Omit<MemoItemRow, 'id' | 'tenant_id' | 'document_id' | 'account_id' | 'seq' | 'balance' | 'charge_date' | 'applied_amount' | 'refund_amount'>>;
}

/** Inserts a Draft memo with its items (amount = the items' sum); returns its id. */
export async function insertNewMemo(ctx: Ctx, m: NewMemo): Promise<string> {
  const id = newId();
  const now = isoNow(ctx);
  let number = m.number;
  // a number given by a client (POST …?number=) may be one the sequence reaches later: it is skipped
  for (let tries = 0; number === undefined && tries < 100; tries++) {
    const next = await nextDocumentNumber(ctx, m.kind, m.account.sequenceSetId);
    if (!(await store.findMemo(ctx, m.kind, next))) number = next;
  }
  if (number === undefined) throw ruleViolation(`No free ${labelOf(m.kind)} number is left in the sequence set`, resourceOf(m.kind));
  const total = m.items.reduce((t: Money, i) => t.plus(i.amount).plus(i.tax_amount), new D(0));
  const tax = m.items.reduce((t: Money, i) => t.plus(i.tax_amount), new D(0));
  const base = {
    id,
    tenant_id: ctx.tenant.id,
    memo_number: number,
    account_id: m.account.id,
    account_number: m.account.accountNumber,
    status: 'Draft',
    memo_date: m.memoDate,
    target_date: null,
    currency: m.account.currency,
    amount: toDbAmount(total),
    tax_amount: toDbAmount(tax),
    bill_run_id: null,
    source: m.source,
    source_id: m.sourceId,
    source_type: m.sourceType,
    sequence_set_id: m.account.sequenceSetId,
    reason_code: m.reasonCode,
    bill_to_contact_id: m.billToContactId === undefined ? m.account.billToContactId : m.billToContactId,
    sold_to_contact_id: m.soldToContactId === undefined ? m.account.soldToContactId : m.soldToContactId,
    posted_on: null,
    cancelled_on: null,
    created_at: now,
    updated_at: now,
    referred_invoice_id: m.referredInvoiceId,
    comment: m.comment,
    custom_fields: JSON.stringify(m.customFields),
    auto_apply_upon_posting: m.autoApplyUponPosting ? 1 : 0,
    exclude_from_auto_apply_rules: m.excludeFromAutoApplyRules ? 1 : 0,
    transferred_to_accounting: 'No',
    reversed: 0,
    origin: m.origin,
    effective_date: m.memoDate,
    unposted_on: null,
  };
  if (m.kind === 'creditMemo') {
    await store.insertMemo(ctx, 'creditMemo', { ...base, unapplied_amount: toDbAmount(total), applied_amount: '0', refund_amount: '0' });
  } else {
    await store.insertMemo(ctx, 'debitMemo', {
      ...base,
      balance: toDbAmount(total),
      due_date: await dueDateFor(ctx, m.account, m.memoDate),
      payment_term: m.account.paymentTerm,
      auto_pay: (m.autoPay ?? m.account.autoPay) ? 1 : 0,
    });
  }
  const rows: MemoItemRow[] = m.items.map((i, seq) => ({
    ...i,
    id: newId(),
    tenant_id: ctx.tenant.id,
    document_id: id,
    account_id: m.account.id,
    seq,
    balance: toDbAmount(new D(i.amount).plus(i.tax_amount)),
    charge_date: now,
    ...(m.kind === 'creditMemo' ? { applied_amount: '0', refund_amount: '0' } : {}),
  }));
  await store.insertItems(ctx, m.kind, rows);
  return id;
}

/** A memo item copying an invoice item's charge, with its own amount (and period, quantity, unit where given). */
export function itemFromInvoiceItem(src: InvoiceItemRow, amount: Money, o: { skuName: string | null; quantity?: string; start?: string; end?: string; uom?: string; comment?: string | null }): NewMemo['items'][number] {
  return {
    subscription_id: src.subscription_id,
    subscription_number: src.subscription_number,
    rate_plan_id: src.rate_plan_id,
    product_id: src.product_id,
    product_name: src.product_name,
    product_rate_plan_id: src.product_rate_plan_id,
    product_rate_plan_charge_id: src.product_rate_plan_charge_id,
    charge_id: src.charge_id,
    original_charge_id: src.original_charge_id,
    charge_number: src.charge_number,
    charge_name: src.charge_name,
    charge_type: src.charge_type,
    charge_model: src.charge_model,
    processing_type: src.processing_type,
    service_start_date: o.start ?? src.service_start_date,
    service_end_date: o.end ?? src.service_end_date,
    quantity: o.quantity ?? src.quantity,
    unit_price: src.unit_price,
    uom: o.uom ?? src.uom,
    amount: toDbAmount(amount),
    tax_amount: '0',
    applied_to_charge_number: null,
    applied_to_item_id: null,
    credits_item_id: null,
    comment: o.comment ?? null,
    sku_name: o.skuName ?? src.charge_name,
    source_item_type: 'InvoiceDetail',
    source_item_id: src.id,
    custom_fields: '{}',
  };
}

/** What credit memos (not canceled) already took from each item of an invoice. */
async function creditedFromInvoiceItems(ctx: Ctx, invoiceId: string): Promise<Map<string, Money>> {
  const rows = await store.creditItemsFromInvoice(ctx, invoiceId);
  const out = new Map<string, Money>();
  for (const r of rows) out.set(r.source_item_id!, (out.get(r.source_item_id!) ?? new D(0)).plus(r.amount));
  return out;
}

/**
 * POST /v1/credit-memos/invoice/{invoiceKey} and POST /v1/debit-memos/invoice/{invoiceKey}: a memo
 * of the invoice's account, naming the invoice (referredInvoiceId), with the given items (each an
 * amount for one invoice item; for a debit memo the invoice item is optional) or, without items,
 * one item per invoice item for its amount. A credit memo cannot credit an invoice item more than
 * its amount over all the credit memos made from it. The invoice must be Posted.
 */
export async function createFromInvoice(ctx: Ctx, kind: MemoKind, invoiceKey: string, raw: unknown): Promise<Obj> {
  const res = resourceOf(kind);
  const b = body(raw, res);
  const credit = kind === 'creditMemo';
  checkKnown(
    b,
    credit
      ? ['autoApplyToInvoiceUponPosting', 'autoPost', 'comment', 'effectiveDate', 'excludeFromAutoApplyRules', 'invoiceId', 'items', 'reasonCode', 'taxAutoCalculation']
      : ['autoPay', 'autoPost', 'billToContactId', 'comment', 'effectiveDate', 'invoiceId', 'items', 'reasonCode', 'soldToContactId', 'soldToSameAsBillTo', 'taxAutoCalculation'],
    '',
    res,
  );
  const doc = await readInvoice(ctx, invoiceKey);
  if (!doc) throw invoiceNotFound(invoiceKey);
  const inv = doc.invoice;
  if (b.invoiceId === undefined || b.invoiceId === null || b.invoiceId === '') throw missingField(`'invoiceId' is required`, res);
  if (b.invoiceId !== inv.id && b.invoiceId !== inv.invoice_number) throw invalidValue(`'invoiceId' (${String(b.invoiceId)}) is not the invoice of the path (${invoiceKey})`, res);
  if (inv.status !== 'Posted') throw ruleViolation(`The invoice ${inv.invoice_number} is ${inv.status}: memos can be created only from a Posted invoice`, res);
  const account = await requireAccountByKey(ctx, inv.account_id, res);
  const comment = optStr(b.comment, 'comment', res) ?? null;
  const memoDate = optDate(b.effectiveDate, 'effectiveDate', res) ?? ctx.today().toString();
  const reasonCode = optStr(b.reasonCode, 'reasonCode', res, 100) || DEFAULT_REASON.fromInvoice;
  const autoPost = optBool(b.autoPost, 'autoPost', res) ?? false;
  optBool(b.taxAutoCalculation, 'taxAutoCalculation', res);
  const list = optArray(b.items, 'items', res, MAX_ITEMS);

  const items: NewMemo['items'] = [];
  if (!list || !list.length) {
    for (const src of doc.items) {
      if (new D(src.amount).isNegative()) throw ruleViolation(`The invoice ${inv.invoice_number} has a negative item (${src.id}, ${src.charge_name ?? ''}); name the items and amounts to ${credit ? 'credit' : 'debit'}`, res);
      items.push(itemFromInvoiceItem(src, new D(src.amount), { skuName: null }));
    }
  } else {
    for (const [n, e] of list.entries()) {
      const p = `items[${n}].`;
      const o = entry(e, `items[${n}]`, res);
      checkKnown(o, ['amount', 'financeInformation', 'invoiceItemId', 'quantity', 'serviceEndDate', 'serviceStartDate', 'skuName', 'taxItems', 'taxMode', 'unitOfMeasure', 'comment', 'description'], p, res);
      refuseUnsupported(o, p, ['taxItems', 'financeInformation']);
      if (o.taxMode !== undefined && o.taxMode !== null && o.taxMode !== 'TaxExclusive') {
        if (o.taxMode === 'TaxInclusive') throw notImplemented(`'${p}taxMode' TaxInclusive on memos`);
        throw invalidValue(`'${p}taxMode' must be TaxExclusive or TaxInclusive`, res);
      }
      const amount = amountArg(o.amount, `${p}amount`, inv.currency, res, { required: true })!;
      const skuName = optStr(o.skuName, `${p}skuName`, res);
      if (!skuName) throw missingField(`'${p}skuName' is required`, res);
      const start = optDate(o.serviceStartDate, `${p}serviceStartDate`, res);
      const end = optDate(o.serviceEndDate, `${p}serviceEndDate`, res);
      const quantity = o.quantity === undefined || o.quantity === null ? undefined : amountArg(o.quantity, `${p}quantity`, 'XXX', res)!.toFixed();
      const uom = optStr(o.unitOfMeasure, `${p}unitOfMeasure`, res);
      const itemId = optStr(o.invoiceItemId, `${p}invoiceItemId`, res);
      if (!itemId && credit) throw missingField(`'${p}invoiceItemId' is required`, res);
      const src = itemId ? doc.items.find((i) => i.id === itemId) : undefined;
      if (itemId && !src) throw invalidValue(`'${p}invoiceItemId' (${itemId}) is not an item of the invoice ${inv.invoice_number}`, res);
      const ic = { skuName, quantity, start, end, uom, comment: optStr(o.comment, `${p}comment`, res) ?? null };
      if (start && end && end < start) throw invalidValue(`'${p}serviceEndDate' cannot be before '${p}serviceStartDate'`, res);
      if (src) items.push(itemFromInvoiceItem(src, amount, ic));
      else {
        items.push({
          ...itemFromInvoiceItem(
            { ...doc.items[0]!, id: '', subscription_id: null, subscription_number: null, rate_plan_id: null, product_id: null, product_name: null, product_rate_plan_id: null, product_rate_plan_charge_id: null, charge_id: null, original_charge_id: null, charge_number: null, charge_name: skuName, charge_type: null, charge_model: null, processing_type: 'Charge', quantity: null, unit_price: null, uom: null, service_start_date: start ?? memoDate, service_end_date: end ?? start ?? memoDate } as InvoiceItemRow,
            amount,
            ic,
          ),
          source_item_type: null,
          source_item_id: null,
        });
      }
    }
  }
  if (credit) {
    const taken = await creditedFromInvoiceItems(ctx, inv.id);
    const adding = new Map<string, Money>();
    for (const i of items) if (i.source_item_id) adding.set(i.source_item_id, (adding.get(i.source_item_id) ?? new D(0)).plus(i.amount));
    for (const [itemId, add] of adding) {
      const src = doc.items.find((i) => i.id === itemId)!;
      const before = taken.get(itemId) ?? new D(0);
      if (before.plus(add).gt(src.amount)) {
        throw ruleViolation(`The credit memo amount ${add.toFixed()} for the invoice item ${itemId} exceeds what is left to credit of it (${new D(src.amount).minus(before).toFixed()} of ${new D(src.amount).toFixed()})`, res);
      }
    }
  }
  const custom = customOf(b, res);
  let billTo: string | null | undefined;
  let soldTo: string | null | undefined;
  if (!credit) {
    billTo = optStr(b.billToContactId, 'billToContactId', res, 32);
    soldTo = optStr(b.soldToContactId, 'soldToContactId', res, 32);
    if (optBool(b.soldToSameAsBillTo, 'soldToSameAsBillTo', res)) soldTo = billTo ?? account.billToContactId;
  }
  const id = await insertNewMemo(ctx, {
    kind,
    account,
    memoDate,
    source: credit ? 'AdhocFromInvoice' : 'AdhocFromInvoice',
    sourceId: null,
    sourceType: 'Invoice',
    origin: 'AdhocFromInvoice',
    referredInvoiceId: inv.id,
    reasonCode,
    comment,
    autoApplyUponPosting: credit ? (optBool(b.autoApplyToInvoiceUponPosting, 'autoApplyToInvoiceUponPosting', res) ?? false) : undefined,
    excludeFromAutoApplyRules: credit ? (optBool(b.excludeFromAutoApplyRules, 'excludeFromAutoApplyRules', res) ?? false) : undefined,
    autoPay: credit ? undefined : optBool(b.autoPay, 'autoPay', res),
    billToContactId: billTo,
    soldToContactId: soldTo,
    customFields: custom,
    items,
  });
  if (autoPost) await postMemo(ctx, kind, id);
  return memoView(ctx, kind, await requireMemo(ctx, kind, id));
}

const NUMBER_RE = /^[A-Za-z0-9_-]{1,32}$/;
const DISCOUNT_MODELS = ['Discount-Fixed Amount', 'Discount-Percentage'];

/**
 * POST /v1/credit-memos and POST /v1/debit-memos: a memo of the account (accountId and/or
 * accountNumber, the same account when both) with one item per product rate plan charge: the
 * given amount, or else the charge's price in the memo currency times the quantity (flat fee and
 * per unit models). Discount charges are refused (the page). Its own number when given (unique).
 */
export async function createFromCharges(ctx: Ctx, kind: MemoKind, raw: unknown): Promise<Obj> {
  const res = resourceOf(kind);
  const b = body(raw, res);
  const credit = kind === 'creditMemo';
  checkKnown(
    b,
    credit
      ? ['accountId', 'accountNumber', 'autoPost', 'charges', 'comment', 'currency', 'customRates', 'effectiveDate', 'excludeFromAutoApplyRules', 'number', 'reasonCode']
      : ['accountId', 'accountNumber', 'autoPay', 'autoPost', 'charges', 'comment', 'currency', 'customRates', 'dueDate', 'effectiveDate', 'number', 'reasonCode'],
    '',
    res,
  );
  refuseUnsupported(b, '', ['customRates']);
  const accountId = optStr(b.accountId, 'accountId', res, 32);
  const accountNumber = optStr(b.accountNumber, 'accountNumber', res, 70);
  if (!accountId && !accountNumber) throw missingField(`'accountId' or 'accountNumber' is required`, res);
  const account = await requireAccountByKey(ctx, (accountId || accountNumber)!, res);
  if (accountId && accountNumber && account.accountNumber !== accountNumber) throw invalidValue(`'accountId' (${accountId}) and 'accountNumber' (${accountNumber}) name different accounts`, res);
  const currency = optStr(b.currency, 'currency', res, 3);
  if (currency && currency !== account.currency) throw invalidValue(`'currency' ${currency} is not the account's currency (${account.currency}); zbill keeps one currency an account`, res);
  const number = optStr(b.number, 'number', res, 32);
  if (number !== undefined) {
    if (!NUMBER_RE.test(number)) throw invalidValue(`'number' may hold only a-z, A-Z, 0-9, - and _ (at most 32 characters)`, res);
    if (await store.findMemo(ctx, kind, number)) throw ruleViolation(`A ${labelOf(kind)} numbered ${number} already exists`, res);
  }
  const memoDate = optDate(b.effectiveDate, 'effectiveDate', res) ?? ctx.today().toString();
  const dueDate = credit ? undefined : optDate(b.dueDate, 'dueDate', res);
  if (dueDate && dueDate < memoDate) throw invalidValue(`'dueDate' (${dueDate}) cannot be before the debit memo date ${memoDate}`, res);
  const list = optArray(b.charges, 'charges', res, MAX_ITEMS);
  if (!list || !list.length) throw missingField(`'charges' must name at least one product rate plan charge`, res);
  const items: NewMemo['items'] = [];
  for (const [n, e] of list.entries()) {
    const p = `charges[${n}].`;
    const o = entry(e, `charges[${n}]`, res);
    checkKnown(o, ['amount', 'excludeItemBillingFromRevenueAccounting', 'financeInformation', 'productRatePlanChargeId', 'quantity', 'serviceEndDate', 'serviceStartDate', 'description', 'comment'], p, res);
    refuseUnsupported(o, p, ['financeInformation']);
    if (o.excludeItemBillingFromRevenueAccounting === true) throw notImplemented(`'${p}excludeItemBillingFromRevenueAccounting' on memos`);
    const chargeId = optStr(o.productRatePlanChargeId, `${p}productRatePlanChargeId`, res, 32);
    if (!chargeId) throw missingField(`'${p}productRatePlanChargeId' is required`, res);
    const charge = await catalogReader.getCharge(ctx, chargeId);
    if (!charge) throw invalidValue(`'${p}productRatePlanChargeId': the product rate plan charge ${chargeId} does not exist`, res);
    if (DISCOUNT_MODELS.includes(charge.chargeModel)) throw invalidValue(`'${p}productRatePlanChargeId': ${charge.name} is a discount charge; memos cannot be made from discount charges`, res);
    const plan = await catalogReader.getRatePlan(ctx, charge.productRatePlanId);
    const quantity = o.quantity === undefined || o.quantity === null ? (charge.defaultQuantity ? new D(charge.defaultQuantity) : new D(1)) : amountArg(o.quantity, `${p}quantity`, 'XXX', res)!;
    let amount = amountArg(o.amount, `${p}amount`, account.currency, res);
    if (amount === undefined) {
      const pricing = charge.pricing.find((x) => x.currency === account.currency);
      const simple = ['Flat Fee Pricing', 'Per Unit Pricing'].includes(charge.chargeModel);
      if (!pricing || pricing.price === null || !simple) throw missingField(`'${p}amount' is required: the charge ${charge.name} (${charge.chargeModel}) has no single ${account.currency} price`, res);
      amount = charge.chargeModel === 'Flat Fee Pricing' ? new D(pricing.price) : new D(pricing.price).times(quantity).toDecimalPlaces(currencyPlaces(account.currency));
    }
    const start = optDate(o.serviceStartDate, `${p}serviceStartDate`, res) ?? memoDate;
    const end = optDate(o.serviceEndDate, `${p}serviceEndDate`, res) ?? start;
    if (end < start) throw invalidValue(`'${p}serviceEndDate' cannot be before '${p}serviceStartDate'`, res);
    const price = charge.pricing.find((x) => x.currency === account.currency)?.price ?? null;
    items.push({
      subscription_id: null,
      subscription_number: null,
      rate_plan_id: null,
      product_id: plan?.productId ?? null,
      product_name: plan?.productName ?? null,
      product_rate_plan_id: charge.productRatePlanId,
      product_rate_plan_charge_id: charge.id,
      charge_id: null,
      original_charge_id: null,
      charge_number: null,
      charge_name: charge.name,
      charge_type: charge.chargeType,
      charge_model: charge.chargeModel,
      processing_type: 'Charge',
      service_start_date: start,
      service_end_date: end,
      quantity: quantity.toFixed(),
      unit_price: price,
      uom: charge.uom,
      amount: toDbAmount(amount),
      tax_amount: '0',
      applied_to_charge_number: null,
      applied_to_item_id: null,
      credits_item_id: null,
      comment: optStr(o.comment ?? o.description, `${p}comment`, res) ?? null,
      sku_name: charge.name,
      source_item_type: 'ProductRatePlanCharge',
      source_item_id: charge.id,
      custom_fields: '{}',
    });
  }
  const id = await insertNewMemo(ctx, {
    kind,
    account,
    number,
    memoDate,
    source: 'AdhocFromPrpc',
    sourceId: null,
    sourceType: 'Standalone',
    origin: 'AdhocFromPrpc',
    referredInvoiceId: null,
    reasonCode: optStr(b.reasonCode, 'reasonCode', res, 100) || (credit ? DEFAULT_REASON.creditFromCharges : DEFAULT_REASON.debitFromCharges),
    comment: optStr(b.comment, 'comment', res) ?? null,
    excludeFromAutoApplyRules: credit ? (optBool(b.excludeFromAutoApplyRules, 'excludeFromAutoApplyRules', res) ?? false) : undefined,
    autoPay: credit ? undefined : optBool(b.autoPay, 'autoPay', res),
    customFields: customOf(b, res),
    items,
  });
  if (dueDate) await store.updateMemo(ctx, 'debitMemo', id, { due_date: dueDate });
  if (optBool(b.autoPost, 'autoPost', res)) await postMemo(ctx, kind, id);
  return memoView(ctx, kind, await requireMemo(ctx, kind, id));
}

// ---------------------------------------------------------------- status changes

/** Hook: what posting a credit memo set to apply to its invoice upon posting does (apply.ts fills it, to keep the import one way). */
export const afterPostHooks: Array<(ctx: Ctx, kind: MemoKind, memo: AnyMemoRow) => Promise<void>> = [];

/** PUT …/post: Draft → Posted (Zuora: "Only memos with Draft status can be posted"). */
export async function postMemo(ctx: Ctx, kind: MemoKind, key: string): Promise<Obj> {
  const m = await requireMemo(ctx, kind, key, true);
  if (m.status !== 'Draft') throw ruleViolation(`The ${labelOf(kind)} ${m.memo_number} is ${m.status}: only a Draft ${labelOf(kind)} can be posted`, resourceOf(kind));
  await store.updateMemo(ctx, kind, m.id, { status: 'Posted', posted_on: isoNow(ctx), updated_at: isoNow(ctx) });
  const posted = await requireMemo(ctx, kind, m.id);
  for (const h of afterPostHooks) await h(ctx, kind, posted);
  return memoView(ctx, kind, await requireMemo(ctx, kind, m.id));
}

/**
 * PUT …/unpost: Posted → Draft, refused once anything was applied to or from it or it was refunded
 * (the unpost pages).
 */
export async function unpostMemo(ctx: Ctx, kind: MemoKind, key: string): Promise<Obj> {
  const m = await requireMemo(ctx, kind, key, true);
  const res = resourceOf(kind);
  if (m.status !== 'Posted') throw ruleViolation(`The ${labelOf(kind)} ${m.memo_number} is ${m.status}: only a Posted ${labelOf(kind)} can be unposted`, res);
  if (kind === 'creditMemo') {
    const c = m as CreditMemoRow;
    if (!new D(c.applied_amount).isZero() || !new D(c.refund_amount).isZero()) throw ruleViolation(`The credit memo ${m.memo_number} has been applied or refunded and cannot be unposted`, res);
  } else if (!new D((m as DebitMemoRow).balance).eq(m.amount)) {
    throw ruleViolation(`A credit memo or payment has been applied to the debit memo ${m.memo_number}: it cannot be unposted`, res);
  }
  await store.updateMemo(ctx, kind, m.id, { status: 'Draft', posted_on: null, unposted_on: isoNow(ctx), updated_at: isoNow(ctx) });
  return memoView(ctx, kind, await requireMemo(ctx, kind, m.id));
}

/** PUT …/cancel: only a Draft memo (the cancel pages); its balance or unapplied amount becomes 0. */
export async function cancelMemo(ctx: Ctx, kind: MemoKind, key: string): Promise<Obj> {
  const m = await requireMemo(ctx, kind, key, true);
  if (m.status !== 'Draft') throw ruleViolation(`The ${labelOf(kind)} ${m.memo_number} is ${m.status}: only a Draft ${labelOf(kind)} can be canceled`, resourceOf(kind));
  const set = kind === 'creditMemo' ? { unapplied_amount: '0' } : { balance: '0' };
  await store.updateMemo(ctx, kind, m.id, { status: 'Canceled', cancelled_on: isoNow(ctx), updated_at: isoNow(ctx), ...set });
  if (kind === 'creditMemo') await releaseUsage(ctx, m.id);
  return memoView(ctx, kind, await requireMemo(ctx, kind, m.id));
}

/** DELETE …: only a Canceled memo (the delete pages). */
export async function deleteMemo(ctx: Ctx, kind: MemoKind, key: string): Promise<Obj> {
  const m = await requireMemo(ctx, kind, key, true);
  if (m.status !== 'Canceled') throw ruleViolation(`The ${labelOf(kind)} ${m.memo_number} is ${m.status}: only a Canceled ${labelOf(kind)} can be deleted`, resourceOf(kind));
  await store.deleteMemo(ctx, kind, m.id);
  return { success: true };
}

const TRANSFERRED = ['Processing', 'Yes', 'No', 'Error', 'Ignore'];

/**
 * PUT /v1/credit-memos/{key} and PUT /v1/debit-memos/{key}: the memo's comment, reason code,
 * transferred-to-accounting, auto-apply flags (credit), autoPay and due date (debit), effective
 * date (Draft only) and custom fields; item comments. A Canceled memo changes no more; item
 * amounts and new items are for a Draft memo, which zbill does not edit yet (501).
 */
export async function updateMemo(ctx: Ctx, kind: MemoKind, key: string, raw: unknown): Promise<Obj> {
  const res = resourceOf(kind);
  const b = body(raw, res);
  const credit = kind === 'creditMemo';
  checkKnown(
    b,
    credit
      ? ['autoApplyUponPosting', 'comment', 'effectiveDate', 'excludeFromAutoApplyRules', 'items', 'reasonCode', 'transferredToAccounting']
      : ['autoPay', 'comment', 'dueDate', 'effectiveDate', 'items', 'reasonCode', 'transferredToAccounting', 'billToContactId', 'soldToContactId'],
    '',
    res,
  );
  const m = await requireMemo(ctx, kind, key, true);
  if (m.status === 'Canceled') throw ruleViolation(`The ${labelOf(kind)} ${m.memo_number} is Canceled and cannot be updated`, res);
  const set: Partial<CreditMemoRow & DebitMemoRow> = {};
  const comment = optStr(b.comment, 'comment', res);
  if (comment !== undefined) set.comment = comment === '' ? null : comment;
  const reason = optStr(b.reasonCode, 'reasonCode', res, 100);
  if (reason) set.reason_code = reason;
  if (b.transferredToAccounting !== undefined) {
    if (!TRANSFERRED.includes(b.transferredToAccounting as string)) throw invalidValue(`'transferredToAccounting' must be one of ${TRANSFERRED.join(', ')}`, res);
    set.transferred_to_accounting = b.transferredToAccounting as string;
  }
  const eff = optDate(b.effectiveDate, 'effectiveDate', res);
  if (eff) {
    if (m.status !== 'Draft') throw ruleViolation(`The ${labelOf(kind)} ${m.memo_number} is ${m.status}: its date can be changed only while it is a Draft`, res);
    set.memo_date = eff;
    set.effective_date = eff;
  }
  if (credit) {
    const aa = optBool(b.autoApplyUponPosting, 'autoApplyUponPosting', res);
    if (aa !== undefined) set.auto_apply_upon_posting = aa ? 1 : 0;
    const ex = optBool(b.excludeFromAutoApplyRules, 'excludeFromAutoApplyRules', res);
    if (ex !== undefined) set.exclude_from_auto_apply_rules = ex ? 1 : 0;
  } else {
    const ap = optBool(b.autoPay, 'autoPay', res);
    if (ap !== undefined) set.auto_pay = ap ? 1 : 0;
    const due = optDate(b.dueDate, 'dueDate', res);
    if (due) {
      if (due < (set.memo_date ?? m.memo_date)) throw invalidValue(`'dueDate' (${due}) cannot be before the debit memo date`, res);
      set.due_date = due;
    }
    for (const [f, col] of [['billToContactId', 'bill_to_contact_id'], ['soldToContactId', 'sold_to_contact_id']] as const) {
      const v = optStr(b[f], f, res, 32);
      if (v !== undefined) {
        if (m.status !== 'Draft') throw ruleViolation(`The debit memo ${m.memo_number} is ${m.status}: its contacts can be changed only while it is a Draft`, res);
        set[col] = v;
      }
    }
  }
  const items = optArray(b.items, 'items', res, MAX_ITEMS);
  const itemComments: Array<{ id: string; comment: string | null }> = [];
  for (const [n, e] of (items ?? []).entries()) {
    const p = `items[${n}].`;
    const o = entry(e, `items[${n}]`, res);
    const id = optStr(o.id, `${p}id`, res, 32);
    const other = Object.keys(o).filter((k) => k !== 'id' && k !== 'comment' && !k.endsWith('__c'));
    if (!id || other.length) throw notImplemented(`changing the amounts or lines of a memo (items other than an existing item's comment)`);
    if (!(await store.findItem(ctx, kind, m.id, id))) throw invalidValue(`'${p}id' (${id}) is not an item of the ${labelOf(kind)} ${m.memo_number}`, res);
    const c = optStr(o.comment, `${p}comment`, res);
    itemComments.push({ id, comment: c === undefined || c === '' ? null : c });
  }
  const custom = customOf(b, res);
  if (Object.keys(custom).length) set.custom_fields = mergeCustomFields(m.custom_fields, custom);
  if (Object.keys(set).length || itemComments.length) {
    await store.updateMemo(ctx, kind, m.id, { ...set, updated_at: isoNow(ctx) });
    for (const i of itemComments) await store.updateItem(ctx, kind, i.id, { comment: i.comment });
  }
  return memoView(ctx, kind, await requireMemo(ctx, kind, m.id));
}

/** The usage a memo's items billed goes back to Pending (the memo was canceled or deleted). */
export async function releaseUsage(ctx: Ctx, memoId: string): Promise<void> {
  const items = await store.itemsOf(ctx, 'creditMemo', memoId);
  if (items.length) await usageLedger.releaseProcessed(ctx, items.map((i) => i.id));
}
