/**
 * Payments (Invoice Settlement's unapplied payments): create (External, or Electronic through the
 * tenant's test gateway), apply to invoices and debit memos whole or item by item, unapply,
 * transfer, cancel, delete, update, read. Documents are settled only through the memos module's
 * settlement port (settlement.ts). Every write runs in the caller's transaction.
 *
 * Rules (Zuora: "Create payments", "Apply unapplied payments to invoices and debit memos",
 * "Unapply payments from invoices and debit memos", "Transfer unapplied payments", "Cancel
 * payments", "Cancel, void, and delete payments", "Overview of unapplied payments"):
 * - applied + unapplied (+ refunded) = the payment's amount; the unapplied amount is never negative;
 * - a payment applies at most its unapplied amount, a document receives at most its balance, in the
 *   payment's currency, to Posted documents of the payment's account;
 * - a card decline marks the payment Error (the gateway's response code and message are kept) and
 *   settles nothing;
 * - a payment is canceled only while Processed and not settled; canceling unapplies it first
 *   (the "Unapply payment first when canceling it" payment rule, Yes for new tenants);
 * - only Canceled (or Error) payments are deleted.
 */
import { getAccountByKey, type AccountRecord } from '../accounts/service.js';
import type { Ctx } from '../../platform/context.js';
import { nextCounter } from '../../platform/counters.js';
import { mergeCustomFields } from '../../platform/custom-fields.js';
import { Category, errorCode, invalidValue, missingField, notFound, notImplemented, ruleViolation, ZuoraError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { D, toDbAmount, type Money } from '../../platform/money.js';
import { gatewayOutcome, getPaymentMethod, refusalMessage, testGatewayId, type GatewayOutcome } from '../payment-methods/contract.js';
import { nextDocumentNumber } from '../sequence-sets/service.js';
import { amount as amountOf, date, enumOf, list, obj, onlyKeys, pickExtraFields, reqStr, str, bool, type Body } from './input.js';
import { applyToDocument, lockDocument, unapplyFromDocument, type DocumentKind, type ItemAmount } from './settlement.js';
import { paymentFailedListeners } from './failure-hooks.js';
import * as store from './store.js';
import type { PartRow, PaymentRow } from './store.js';
import { itemPartView, partView, paymentListView, paymentView, unappliedOf, type Finance } from './views.js';

export const RES_PAYMENT = 531100;
type Obj = Record<string, unknown>;

export const actor = (ctx: Ctx) => ctx.tenant.id;
const now = (ctx: Ctx) => ctx.now().toString();

/** How an external payment was received, when no payment method is named (the refund's methodType list). */
export const EXTERNAL_METHOD_TYPES = ['ACH', 'Cash', 'Check', 'CreditCard', 'PayPal', 'WireTransfer', 'DebitCard', 'CreditCardReferenceTransaction', 'BankTransfer', 'Other'] as const;

const CREATE_FIELDS = [
  'accountId', 'accountNumber', 'amount', 'authTransactionId', 'comment', 'currency', 'customRates', 'debitMemos', 'effectiveDate', 'financeInformation',
  'gatewayId', 'gatewayOptions', 'gatewayOrderId', 'invoices', 'mitTransactionSource', 'paymentGatewayNumber', 'paymentMethodId', 'paymentMethodType',
  'paymentOption', 'paymentScheduleKey', 'prepayment', 'referenceId', 'softDescriptor', 'softDescriptorPhone', 'standalone', 'type',
];

// ---------------------------------------------------------------- reads

export async function mustFindPayment(ctx: Ctx, key: string, lock = false): Promise<PaymentRow> {
  const p = await store.findPayment(ctx, key, lock);
  if (!p) throw notFound(`The payment ${key} does not exist`, RES_PAYMENT);
  return p;
}

async function accountNumberOf(ctx: Ctx, accountId: string | null): Promise<string | null> {
  if (!accountId) return null;
  return (await getAccountByKey(ctx, accountId))?.accountNumber ?? null;
}

export async function viewOf(ctx: Ctx, p: PaymentRow): Promise<Obj> {
  return paymentView(ctx, p, await accountNumberOf(ctx, p.account_id));
}

export async function getPayment(ctx: Ctx, key: string): Promise<Obj> {
  return { ...(await viewOf(ctx, await mustFindPayment(ctx, key))), success: true };
}

/** GET /v1/payments filters: query parameter → column (amounts compared as exact decimals). */
const PAYMENT_FILTERS: Record<string, { column: string; kind: 'string' | 'amount' | 'date' | 'datetime' }> = {
  accountId: { column: 'account_id', kind: 'string' },
  amount: { column: 'amount', kind: 'amount' },
  appliedAmount: { column: 'applied_amount', kind: 'amount' },
  createdById: { column: 'created_by', kind: 'string' },
  currency: { column: 'currency', kind: 'string' },
  effectiveDate: { column: 'effective_date', kind: 'date' },
  number: { column: 'number', kind: 'string' },
  refundAmount: { column: 'refund_amount', kind: 'amount' },
  status: { column: 'status', kind: 'string' },
  type: { column: 'type', kind: 'string' },
  updatedById: { column: 'updated_by', kind: 'string' },
};
const PAYMENT_SORTS: Record<string, string> = {
  number: 'number', accountId: 'account_id', amount: 'amount', appliedAmount: 'applied_amount', createdDate: 'created_at', effectiveDate: 'effective_date',
  refundAmount: 'refund_amount', status: 'status', type: 'type', updatedDate: 'updated_at', createdById: 'created_by', updatedById: 'updated_by',
};

export function parseFilters(query: Record<string, unknown>, table: Record<string, { column: string; kind: string }>): store.Filter[] {
  const out: store.Filter[] = [];
  for (const [k, def] of Object.entries(table)) {
    const v = query[k];
    if (v === undefined) continue;
    const s = String(v);
    if (s === 'null') {
      out.push({ column: def.column, value: null });
      continue;
    }
    if (def.kind === 'amount') {
      if (!/^-?\d+(\.\d+)?$/.test(s)) throw invalidValue(`'${k}' must be a number: ${s}`);
      out.push({ column: def.column, value: toDbAmount(s) });
    } else if (def.kind === 'date') {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) throw invalidValue(`'${k}' must be a date in yyyy-mm-dd format: ${s}`);
      out.push({ column: def.column, value: s });
    } else out.push({ column: def.column, value: s });
  }
  return out;
}

/** `sort=+number` / `sort=-createdDate`, several separated by commas. */
export function parseSort(s: unknown, table: Record<string, string>): Array<{ column: string; desc: boolean }> {
  if (s === undefined || s === '') return [];
  return String(s)
    .split(',')
    .map((part) => {
      const m = /^\s*([+-]?)\s*([A-Za-z]+)\s*$/.exec(part.replace(/^ /, '+'));
      const col = m ? table[m[2]!] : undefined;
      if (!m || !col) throw invalidValue(`'sort' cannot sort by '${part.trim()}': one of ${Object.keys(table).join(', ')}, prefixed with + or -`);
      return { column: col, desc: m[1] === '-' };
    });
}

export async function listPayments(ctx: Ctx, query: Record<string, unknown>, page: { limit: number; offset: number }): Promise<Obj[]> {
  for (const k of ['createdDate', 'updatedDate', 'creditBalanceAmount', 'unappliedAmount']) {
    if (query[k] === undefined) continue;
    if (k === 'creditBalanceAmount') {
      // always 0 under Invoice Settlement
      if (new D(String(query[k])).isZero()) continue;
      return [];
    }
  }
  const filters = parseFilters(query, PAYMENT_FILTERS);
  const sort = parseSort(query.sort, PAYMENT_SORTS);
  // unappliedAmount, createdDate and updatedDate are derived or shown in another form: filtered in memory over the page window
  const derived = ['unappliedAmount', 'createdDate', 'updatedDate'].filter((k) => query[k] !== undefined);
  if (!derived.length) {
    const rows = await store.listPayments(ctx, { filters, sort, limit: page.limit, offset: page.offset });
    return Promise.all(rows.map(async (r) => paymentListView(ctx, r, await accountNumberOf(ctx, r.account_id))));
  }
  const rows = await store.listPayments(ctx, { filters, sort, limit: 100000, offset: 0 });
  const views = await Promise.all(rows.map(async (r) => paymentListView(ctx, r, await accountNumberOf(ctx, r.account_id))));
  const kept = views.filter((v) =>
    derived.every((k) => {
      const want = String(query[k]);
      if (k === 'unappliedAmount') return /^-?\d+(\.\d+)?$/.test(want) && new D(want).eq(v.unappliedAmount as number);
      return typeof v[k] === 'string' && (v[k] as string).startsWith(want.replace('T', ' '));
    }),
  );
  return kept.slice(page.offset, page.offset + page.limit);
}

export async function listParts(ctx: Ctx, key: string): Promise<Obj[]> {
  const p = await mustFindPayment(ctx, key);
  return (await store.partsOfPayment(ctx, p.id)).filter((r) => !new D(r.amount).isZero()).map((r) => partView(ctx, r));
}

async function mustFindPart(ctx: Ctx, key: string, partId: string): Promise<{ payment: PaymentRow; part: PartRow }> {
  const payment = await mustFindPayment(ctx, key);
  const part = (await store.partsOfPayment(ctx, payment.id)).find((r) => r.id === partId && !new D(r.amount).isZero());
  if (!part) throw notFound(`The payment part ${partId} does not exist on the payment ${payment.number}`, RES_PAYMENT);
  return { payment, part };
}

export async function getPart(ctx: Ctx, key: string, partId: string): Promise<Obj> {
  return { ...partView(ctx, (await mustFindPart(ctx, key, partId)).part), success: true };
}

export async function listItemParts(ctx: Ctx, key: string, partId: string): Promise<Obj[]> {
  const { part } = await mustFindPart(ctx, key, partId);
  return (await store.itemPartsOfPart(ctx, part.id)).filter((r) => !new D(r.amount).isZero()).map((r) => itemPartView(ctx, part, r));
}

export async function getItemPart(ctx: Ctx, key: string, partId: string, itemPartId: string): Promise<Obj> {
  const { part } = await mustFindPart(ctx, key, partId);
  const ip = (await store.itemPartsOfPart(ctx, part.id)).find((r) => r.id === itemPartId && !new D(r.amount).isZero());
  if (!ip) throw notFound(`The payment item part ${itemPartId} does not exist on the payment part ${partId}`, RES_PAYMENT);
  return { ...itemPartView(ctx, part, ip), success: true };
}

/** The account's unapplied payment amount: what its Processed payments have neither applied nor refunded. */
export async function unappliedPaymentAmount(ctx: Ctx, accountId: string): Promise<Money> {
  return (await store.processedPaymentsOfAccount(ctx, accountId)).reduce((t: Money, p) => t.plus(unappliedOf(p)), new D(0));
}

// ---------------------------------------------------------------- applications (parsing)

export interface Application {
  kind: DocumentKind;
  key: string;
  amount: Money;
  items?: ItemAmount[];
  path: string;
}

/** invoices[] and debitMemos[] of a create, apply or unapply body. */
export function parseApplications(b: Body, currency: string): Application[] {
  const out: Application[] = [];
  for (const [field, kind, idKey, numKey, itemKey] of [
    ['invoices', 'invoice', 'invoiceId', 'invoiceNumber', 'invoiceItemId'],
    ['debitMemos', 'debitMemo', 'debitMemoId', 'debitMemoNumber', 'debitMemoItemId'],
  ] as const) {
    const docs = list(b, field, field, RES_PAYMENT) ?? [];
    if (docs.length > 1000) throw new ZuoraError(errorCode(RES_PAYMENT, Category.LIMIT), `'${field}' holds at most 1,000 documents`, { fixedStatus: 400 });
    docs.forEach((d, i) => {
      const path = `${field}[${i}]`;
      onlyKeys(d, [idKey, numKey, 'amount', 'items'], `${path}.`, `a ${kind === 'invoice' ? 'invoice' : 'debit memo'} application`, RES_PAYMENT);
      const id = str(d, idKey, `${path}.${idKey}`, 60, RES_PAYMENT);
      const num = str(d, numKey, `${path}.${numKey}`, 60, RES_PAYMENT);
      if (!id && !num) throw missingField(`'${path}.${idKey}' is required`, RES_PAYMENT);
      const amt = amountOf(d, 'amount', `${path}.amount`, currency, { required: true, resource: RES_PAYMENT })!;
      const rawItems = list(d, 'items', `${path}.items`, RES_PAYMENT);
      let items: ItemAmount[] | undefined;
      if (rawItems && rawItems.length) {
        if (rawItems.length > 1000) throw new ZuoraError(errorCode(RES_PAYMENT, Category.LIMIT), `'${path}.items' holds at most 1,000 items`, { fixedStatus: 400 });
        let sum = new D(0);
        items = rawItems.map((it, j) => {
          const ip = `${path}.items[${j}]`;
          onlyKeys(it, [itemKey, 'taxItemId', 'amount'], `${ip}.`, 'an item application', RES_PAYMENT);
          const tax = str(it, 'taxItemId', `${ip}.taxItemId`, 60, RES_PAYMENT);
          // zbill bills no taxes yet: no document has a tax item to name
          if (tax) throw invalidValue(`'${ip}.taxItemId' ${tax} is not a tax item of the ${kind === 'invoice' ? 'invoice' : 'debit memo'}`, RES_PAYMENT);
          const itemId = reqStr(it, itemKey, `${ip}.${itemKey}`, 60, RES_PAYMENT);
          const a = amountOf(it, 'amount', `${ip}.amount`, currency, { required: true, resource: RES_PAYMENT })!;
          sum = sum.plus(a);
          return { itemId, amount: a };
        });
        if (!sum.eq(amt)) throw invalidValue(`The items' amounts of '${path}' (${sum.toFixed()}) must add up to its amount ${amt.toFixed()}`, RES_PAYMENT);
      }
      out.push({ kind, key: (id ?? num)!, amount: amt, items, path });
    });
  }
  return out;
}

// ---------------------------------------------------------------- applications (effects)

const label = (kind: DocumentKind, number: string) => `${kind === 'invoice' ? 'invoice' : 'debit memo'} ${number}`;

/** Applies part of a payment to one document through the settlement port and records the part. */
async function applyOne(ctx: Ctx, p: PaymentRow, a: Application, parts: PartRow[]): Promise<void> {
  const doc = await lockDocument(ctx, a.kind, a.key);
  if (!doc) throw notFound(`'${a.path}': no posted ${a.kind === 'invoice' ? 'invoice' : 'debit memo'} ${a.key} exists: only posted documents receive payments`, RES_PAYMENT);
  const what = label(a.kind, doc.number);
  if (!p.account_id) throw ruleViolation(`The payment ${p.number} is not assigned to a customer account: transfer it to an account before applying it`, RES_PAYMENT);
  if (doc.accountId !== p.account_id) throw ruleViolation(`'${a.path}': the ${what} belongs to another customer account than the payment ${p.number}`, RES_PAYMENT);
  if (doc.currency !== p.currency) throw ruleViolation(`'${a.path}': the ${what} is in ${doc.currency}, the payment in ${p.currency}`, RES_PAYMENT);
  if (doc.status !== 'Posted') throw ruleViolation(`'${a.path}': the ${what} is ${doc.status}: only posted documents receive payments`, RES_PAYMENT);
  if (a.amount.gt(doc.balance)) throw ruleViolation(`'${a.path}.amount' ${a.amount.toFixed()} exceeds the balance ${new D(doc.balance).toFixed()} of the ${what}`, RES_PAYMENT);
  const taken = await applyToDocument(ctx, doc, a.amount, a.items, RES_PAYMENT);
  const t = now(ctx);
  let part = parts.find((x) => x.document_id === doc.id);
  if (part) {
    part.amount = new D(part.amount).plus(a.amount).toFixed();
    await store.updatePart(ctx, part.id, { amount: part.amount, updated_at: t, updated_by: actor(ctx) });
  } else {
    part = { id: newId(), tenant_id: ctx.tenant.id, payment_id: p.id, seq: parts.length + 1, document_kind: a.kind, document_id: doc.id, document_number: doc.number, amount: a.amount.toFixed(), created_by: actor(ctx), created_at: t, updated_by: actor(ctx), updated_at: t };
    await store.insertPart(ctx, part);
    parts.push(part);
  }
  const itemParts = await store.itemPartsOfPart(ctx, part.id);
  for (const it of taken) {
    const ip = itemParts.find((x) => x.item_id === it.itemId);
    if (ip) await store.updateItemPart(ctx, ip.id, { amount: new D(ip.amount).plus(it.amount).toFixed(), updated_at: t, updated_by: actor(ctx) });
    else {
      const row = { id: newId(), tenant_id: ctx.tenant.id, part_id: part.id, payment_id: p.id, seq: itemParts.length + 1, item_id: it.itemId, tax_item_id: null, amount: it.amount.toFixed(), created_by: actor(ctx), created_at: t, updated_by: actor(ctx), updated_at: t };
      await store.insertItemPart(ctx, row);
      itemParts.push(row);
    }
  }
}

/** Unapplies part of a payment from one document: what this payment applied to it, item by item. */
async function unapplyOne(ctx: Ctx, p: PaymentRow, a: Application, parts: PartRow[]): Promise<void> {
  const doc = await lockDocument(ctx, a.kind, a.key);
  if (!doc) throw notFound(`'${a.path}': no posted ${a.kind === 'invoice' ? 'invoice' : 'debit memo'} ${a.key} exists`, RES_PAYMENT);
  const what = label(a.kind, doc.number);
  const part = parts.find((x) => x.document_id === doc.id);
  const applied = new D(part?.amount ?? 0);
  if (!part || applied.isZero()) throw ruleViolation(`'${a.path}': the payment ${p.number} is not applied to the ${what}`, RES_PAYMENT);
  if (a.amount.gt(applied)) throw ruleViolation(`'${a.path}.amount' ${a.amount.toFixed()} exceeds what the payment ${p.number} applied to the ${what} (${applied.toFixed()})`, RES_PAYMENT);
  const itemParts = await store.itemPartsOfPart(ctx, part.id);
  let items: ItemAmount[];
  if (a.items) {
    const want = new Map<string, Money>();
    for (const it of a.items) want.set(it.itemId, (want.get(it.itemId) ?? new D(0)).plus(it.amount));
    for (const [itemId, amt] of want) {
      const ip = itemParts.find((x) => x.item_id === itemId);
      const had = new D(ip?.amount ?? 0);
      if (amt.gt(had)) throw ruleViolation(`'${a.path}.items': ${amt.toFixed()} exceeds what the payment ${p.number} applied to the item ${itemId} of the ${what} (${had.toFixed()})`, RES_PAYMENT);
    }
    items = [...want].map(([itemId, amount]) => ({ itemId, amount }));
  } else {
    // what this payment paid, item by item in the order it paid them
    let left = a.amount;
    items = [];
    for (const ip of itemParts) {
      if (left.isZero()) break;
      const take = D.min(new D(ip.amount), left);
      if (take.lte(0)) continue;
      items.push({ itemId: ip.item_id!, amount: take });
      left = left.minus(take);
    }
    if (left.gt(0)) throw ruleViolation(`'${a.path}.amount' ${a.amount.toFixed()} exceeds what the payment ${p.number} applied to the items of the ${what}`, RES_PAYMENT);
  }
  await unapplyFromDocument(ctx, doc, a.amount, items);
  const t = now(ctx);
  part.amount = applied.minus(a.amount).toFixed();
  await store.updatePart(ctx, part.id, { amount: part.amount, updated_at: t, updated_by: actor(ctx) });
  for (const it of items) {
    const ip = itemParts.find((x) => x.item_id === it.itemId)!;
    await store.updateItemPart(ctx, ip.id, { amount: new D(ip.amount).minus(it.amount).toFixed(), updated_at: t, updated_by: actor(ctx) });
  }
}

function checkDistinct(apps: Application[]): void {
  const seen = new Set<string>();
  for (const a of apps) {
    const k = `${a.kind}:${a.key}`;
    if (seen.has(k)) throw invalidValue(`'${a.path}': the same document is named twice in the request`, RES_PAYMENT);
    seen.add(k);
  }
}

/** The documents in one order (kind, then key), as the memos module locks them: concurrent settlements never wait on each other in a circle. */
function lockOrder(apps: Application[]): Application[] {
  return [...apps].sort((x, y) => (x.kind + x.key < y.kind + y.key ? -1 : 1));
}

function total(apps: Application[]): Money {
  return apps.reduce((t: Money, a) => t.plus(a.amount), new D(0));
}

// ---------------------------------------------------------------- create

export interface CreateResult {
  payment: PaymentRow;
  /** Set when the gateway declined or failed: the payment is recorded in status Error, the request answers this error. */
  failure?: ZuoraError;
}

function finance(b: Body, path: string, resource: number, base?: Finance): Finance {
  const f = obj(b, 'financeInformation', path, resource);
  const out: Finance = { bankAccountAccountingCode: base?.bankAccountAccountingCode ?? null, unappliedPaymentAccountingCode: base?.unappliedPaymentAccountingCode ?? null, transferredToAccounting: base?.transferredToAccounting ?? 'No' };
  if (!f) return out;
  onlyKeys(f, ['bankAccountAccountingCode', 'unappliedPaymentAccountingCode', 'transferredToAccounting'], `${path}.`, 'financeInformation', resource);
  if (f.bankAccountAccountingCode !== undefined) out.bankAccountAccountingCode = str(f, 'bankAccountAccountingCode', `${path}.bankAccountAccountingCode`, 100, resource) ?? null;
  if (f.unappliedPaymentAccountingCode !== undefined) out.unappliedPaymentAccountingCode = str(f, 'unappliedPaymentAccountingCode', `${path}.unappliedPaymentAccountingCode`, 100, resource) ?? null;
  const tta = enumOf(f, 'transferredToAccounting', `${path}.transferredToAccounting`, ['Processing', 'Yes', 'No', 'Error', 'Ignore'] as const, resource);
  if (tta) out.transferredToAccounting = tta;
  return out;
}

/** A payment method type as the refund's methodType list names it (how money goes back on it). */
export function methodTypeOf(pmType: string): string {
  if (pmType === 'CreditCard' || pmType === 'ACH' || pmType === 'CreditCardReferenceTransaction' || pmType === 'DebitCard') return pmType;
  if (pmType.startsWith('PayPal')) return 'PayPal';
  if (['SEPA', 'Betalingsservice', 'Autogiro', 'Bacs', 'Becs', 'Becsnz', 'PAD'].includes(pmType)) return 'BankTransfer';
  return 'Other';
}

/** The account named by accountId and/or accountNumber (both must name the same one). */
async function accountOf(ctx: Ctx, b: Body): Promise<AccountRecord | undefined> {
  const id = str(b, 'accountId', 'accountId', 60, RES_PAYMENT);
  const num = str(b, 'accountNumber', 'accountNumber', 70, RES_PAYMENT);
  if (!id && !num) return undefined;
  const byId = id ? await getAccountByKey(ctx, id) : undefined;
  if (id && (!byId || byId.id !== id)) throw invalidValue(`'accountId': the account ${id} does not exist`, RES_PAYMENT);
  const byNum = num ? await getAccountByKey(ctx, num) : undefined;
  if (num && (!byNum || byNum.accountNumber !== num)) throw invalidValue(`'accountNumber': the account ${num} does not exist`, RES_PAYMENT);
  if (byId && byNum && byId.id !== byNum.id) throw invalidValue(`'accountId' and 'accountNumber' name different accounts`, RES_PAYMENT);
  return byId ?? byNum;
}

/** A gateway decline or error as the request's answer (the payment stays recorded in status Error). */
export function gatewayFailure(o: Exclude<GatewayOutcome, { status: 'Approved' }>, what: string, resource: number): ZuoraError {
  return new ZuoraError(errorCode(resource, Category.RULE), refusalMessage(o, what));
}

type GatewayFields = 'submitted_on' | 'gateway_response_code' | 'gateway_response' | 'gateway_state' | 'reference_id' | 'status' | 'payment_method_snapshot_id';

/**
 * Sends a payment or refund through its payment method's gateway: the outcome's code and message go on
 * the row; approved, it is Submitted with the gateway's transaction id (for reconciliation); declined or
 * failed, it is kept in status Error and the answer's error is returned.
 */
export async function submitToGateway(ctx: Ctx, row: Pick<PaymentRow, GatewayFields>, methodId: string, at: string, what: string, resource: number): Promise<ZuoraError | undefined> {
  const o = (await gatewayOutcome(ctx, methodId))!;
  row.payment_method_snapshot_id = o.snapshotId;
  row.submitted_on = at;
  row.gateway_response_code = o.code;
  row.gateway_response = o.message;
  if (o.status === 'Approved') {
    row.gateway_state = 'Submitted';
    row.reference_id ??= newId().slice(0, 20);
    return undefined;
  }
  row.status = 'Error';
  return gatewayFailure(o, what, resource);
}

export async function createPayment(ctx: Ctx, b: Body): Promise<CreateResult> {
  onlyKeys(b, CREATE_FIELDS, '', 'a payment', RES_PAYMENT);
  const type = enumOf(b, 'type', 'type', ['External', 'Electronic'] as const, RES_PAYMENT);
  if (!type) throw missingField(`'type' is required`, RES_PAYMENT);
  const currencyIn = reqStr(b, 'currency', 'currency', 3, RES_PAYMENT).toUpperCase();
  if (!/^[A-Z]{3}$/.test(currencyIn)) throw invalidValue(`'currency' is not a valid ISO 4217 currency code: ${currencyIn}`, RES_PAYMENT);
  const amount = amountOf(b, 'amount', 'amount', currencyIn, { required: true, resource: RES_PAYMENT })!;
  if (bool(b, 'standalone', 'standalone', RES_PAYMENT)) throw notImplemented(`standalone payments ('standalone': true)`);
  if (bool(b, 'prepayment', 'prepayment', RES_PAYMENT)) throw notImplemented(`reserved payments for Prepaid Cash with Drawdown ('prepayment': true)`);
  if (b.paymentScheduleKey !== undefined && b.paymentScheduleKey !== null) throw notImplemented(`linking payments to payment schedules ('paymentScheduleKey')`);
  if (Array.isArray(b.customRates) && b.customRates.length) throw notImplemented(`custom currency rates ('customRates')`);

  const account = await accountOf(ctx, b);
  if (type === 'Electronic' && !account) throw missingField(`'accountId' or 'accountNumber' is required for an electronic payment`, RES_PAYMENT);
  if (account && account.currency !== currencyIn) throw ruleViolation(`'currency' ${currencyIn} is not the currency of the account ${account.accountNumber} (${account.currency})`, RES_PAYMENT);
  const today = ctx.today().toString();
  const effectiveDate = date(b, 'effectiveDate', 'effectiveDate', RES_PAYMENT) ?? today;
  // "This field is required for only electronic payments ... must be set to the date of today"
  if (type === 'Electronic' && b.effectiveDate === undefined) throw missingField(`'effectiveDate' is required for an electronic payment (today, ${today})`, RES_PAYMENT);
  if (type === 'Electronic' && effectiveDate !== today) throw invalidValue(`'effectiveDate' of an electronic payment must be today (${today})`, RES_PAYMENT);

  const apps = parseApplications(b, currencyIn);
  checkDistinct(apps);
  if (apps.length && !account) throw ruleViolation(`A payment without a customer account cannot be applied to invoices or debit memos`, RES_PAYMENT);
  if (total(apps).gt(amount)) throw ruleViolation(`The amounts applied to invoices and debit memos (${total(apps).toFixed()}) exceed the payment amount ${amount.toFixed()}`, RES_PAYMENT);

  // the payment method: the one named, else (external) the method type named, else the account's default
  const pmId = str(b, 'paymentMethodId', 'paymentMethodId', 60, RES_PAYMENT);
  const pmType = str(b, 'paymentMethodType', 'paymentMethodType', 40, RES_PAYMENT);
  let methodId: string | null = null;
  let methodType: string | null = null;
  if (pmId) methodId = pmId;
  else if (type === 'External' && pmType) {
    if (!(EXTERNAL_METHOD_TYPES as readonly string[]).includes(pmType)) throw invalidValue(`'paymentMethodType' must be one of ${EXTERNAL_METHOD_TYPES.join(', ')}: ${pmType}`, RES_PAYMENT);
    methodType = pmType;
  } else if (account?.defaultPaymentMethodId) methodId = account.defaultPaymentMethodId;
  else if (type === 'Electronic') throw missingField(`'paymentMethodId' is required: the account ${account!.accountNumber} has no default payment method`, RES_PAYMENT);
  else throw missingField(`'paymentMethodId' or 'paymentMethodType' is required`, RES_PAYMENT);
  let gatewayId: string | null = null;
  if (methodId) {
    const pm = await getPaymentMethod(ctx, methodId);
    if (!pm) throw invalidValue(`'paymentMethodId': the payment method ${methodId} does not exist`, RES_PAYMENT);
    methodType = methodTypeOf(pm.type);
    if (account && pm.accountId && pm.accountId !== account.id) throw invalidValue(`'paymentMethodId': the payment method ${methodId} belongs to another account`, RES_PAYMENT);
    if (type === 'Electronic') {
      if (pm.accountId !== account!.id) throw invalidValue(`'paymentMethodId': the payment method ${methodId} is not a payment method of the account ${account!.accountNumber}`, RES_PAYMENT);
      if (pm.status !== 'Active') throw ruleViolation(`The payment method ${methodId} is ${pm.status}: an electronic payment needs an active payment method`, RES_PAYMENT);
      gatewayId = pm.gatewayId;
    }
  }
  const gw = str(b, 'gatewayId', 'gatewayId', 60, RES_PAYMENT);
  if (gw !== undefined) {
    if (gw !== testGatewayId(ctx.tenant.id)) throw invalidValue(`'gatewayId' does not name a payment gateway of this tenant (see GET /v1/paymentgateways): ${gw}`, RES_PAYMENT);
    gatewayId = gw;
  }
  if (str(b, 'paymentGatewayNumber', 'paymentGatewayNumber', 60, RES_PAYMENT) !== undefined) throw invalidValue(`'paymentGatewayNumber': the tenant's test gateway has no gateway number; name it with 'gatewayId'`, RES_PAYMENT);
  const gatewayOptions = obj(b, 'gatewayOptions', 'gatewayOptions', RES_PAYMENT);
  for (const [k, v] of Object.entries(gatewayOptions ?? {})) if (v !== null && typeof v === 'object') throw invalidValue(`'gatewayOptions.${k}' must be a string`, RES_PAYMENT);
  enumOf(b, 'mitTransactionSource', 'mitTransactionSource', ['C_Unscheduled', 'M_Recurring', 'M_Unscheduled', 'M_MOTO'] as const, RES_PAYMENT);
  const paymentOption = (list(b, 'paymentOption', 'paymentOption', RES_PAYMENT) ?? []).map((o, i) => {
    onlyKeys(o, ['type', 'detail'], `paymentOption[${i}].`, 'a payment option', RES_PAYMENT);
    // "Currently, only the Gateway Options type is supported"
    if (o.type !== 'GatewayOptions') throw invalidValue(`'paymentOption[${i}].type' must be GatewayOptions`, RES_PAYMENT);
    const detail = obj(o, 'detail', `paymentOption[${i}].detail`, RES_PAYMENT) ?? {};
    for (const [k, v] of Object.entries(detail)) if (v !== null && typeof v === 'object') throw invalidValue(`'paymentOption[${i}].detail.${k}' must be a string`, RES_PAYMENT);
    return { type: 'GatewayOptions', detail };
  });

  const t = now(ctx);
  const row: PaymentRow = {
    id: newId(),
    tenant_id: ctx.tenant.id,
    seq: 0,
    number: await nextDocumentNumber(ctx, 'payment', account?.sequenceSetId ?? null),
    account_id: account?.id ?? null,
    type,
    status: 'Processed',
    amount: amount.toFixed(),
    applied_amount: '0',
    refund_amount: '0',
    currency: currencyIn,
    effective_date: effectiveDate,
    comment: str(b, 'comment', 'comment', 255, RES_PAYMENT) ?? null,
    payment_method_id: methodId,
    payment_method_type: methodType,
    gateway_id: gatewayId,
    gateway_order_id: str(b, 'gatewayOrderId', 'gatewayOrderId', 50, RES_PAYMENT) ?? null,
    gateway_response: null,
    gateway_response_code: null,
    gateway_state: 'NotSubmitted',
    gateway_reconciliation_status: null,
    gateway_reconciliation_reason: null,
    auth_transaction_id: str(b, 'authTransactionId', 'authTransactionId', 50, RES_PAYMENT) ?? null,
    reference_id: str(b, 'referenceId', 'referenceId', 100, RES_PAYMENT) ?? null,
    second_reference_id: null,
    soft_descriptor: str(b, 'softDescriptor', 'softDescriptor', 35, RES_PAYMENT) ?? null,
    soft_descriptor_phone: str(b, 'softDescriptorPhone', 'softDescriptorPhone', 20, RES_PAYMENT) ?? null,
    submitted_on: null,
    settled_on: null,
    cancelled_on: null,
    finance: JSON.stringify(finance(b, 'financeInformation', RES_PAYMENT)),
    payment_option: paymentOption.length ? JSON.stringify(paymentOption) : null,
    custom_fields: mergeCustomFields(null, pickExtraFields(b, RES_PAYMENT)),
    deleted: 0,
    created_by: actor(ctx),
    created_at: t,
    updated_by: actor(ctx),
    updated_at: t,
  };
  row.seq = await nextCounter(ctx, 'payment_order');
  const failure = type === 'Electronic' ? await submitToGateway(ctx, row, methodId!, t, `The payment ${row.number}`, RES_PAYMENT) : undefined;
  await store.insertPayment(ctx, row);
  // a decline or gateway error: Configurable Payment Retry (payment-retry) may start or continue a retry cycle
  if (failure && account)
    for (const l of paymentFailedListeners)
      await l(ctx, {
        id: row.id, number: row.number, accountId: account.id, amount: row.amount, currency: row.currency, paymentMethodId: row.payment_method_id, paymentMethodType: row.payment_method_type, gatewayId: row.gateway_id,
        gatewayResponseCode: row.gateway_response_code, gatewayResponse: row.gateway_response, submittedOn: row.submitted_on!,
        documents: apps.map((a) => ({ kind: a.kind === 'invoice' ? 'invoice' : 'debitMemo', key: a.key, amount: a.amount.toFixed() })),
      });
  if (row.status === 'Processed' && apps.length) {
    const parts: PartRow[] = [];
    for (const a of lockOrder(apps)) await applyOne(ctx, row, a, parts);
    row.applied_amount = total(apps).toFixed();
    await store.updatePayment(ctx, row.id, { applied_amount: row.applied_amount });
  }
  return { payment: row, failure };
}

// ---------------------------------------------------------------- apply / unapply

function mustBeProcessed(p: PaymentRow, what: string): void {
  if (p.status !== 'Processed') throw ruleViolation(`The payment ${p.number} is ${p.status}: only a processed payment can be ${what}`, RES_PAYMENT);
}

export async function applyPayment(ctx: Ctx, key: string, b: Body): Promise<PaymentRow> {
  onlyKeys(b, ['invoices', 'debitMemos', 'effectiveDate'], '', 'a payment application', RES_PAYMENT);
  const p = await mustFindPayment(ctx, key, true);
  mustBeProcessed(p, 'applied');
  const eff = date(b, 'effectiveDate', 'effectiveDate', RES_PAYMENT);
  if (eff && eff < p.effective_date) throw invalidValue(`'effectiveDate' ${eff} must not be before the payment's effective date ${p.effective_date}`, RES_PAYMENT);
  const apps = parseApplications(b, p.currency);
  if (!apps.length) throw missingField(`'invoices' or 'debitMemos' is required`, RES_PAYMENT);
  checkDistinct(apps);
  const unapplied = unappliedOf(p);
  if (total(apps).gt(unapplied)) throw ruleViolation(`The amounts to apply (${total(apps).toFixed()}) exceed the unapplied amount ${unapplied.toFixed()} of the payment ${p.number}`, RES_PAYMENT);
  const parts = await store.partsOfPayment(ctx, p.id);
  for (const a of lockOrder(apps)) await applyOne(ctx, p, a, parts);
  const applied = new D(p.applied_amount).plus(total(apps)).toFixed();
  await store.updatePayment(ctx, p.id, { applied_amount: applied, updated_at: now(ctx), updated_by: actor(ctx) });
  return mustFindPayment(ctx, p.id);
}

export async function unapplyPayment(ctx: Ctx, key: string, b: Body): Promise<PaymentRow> {
  onlyKeys(b, ['invoices', 'debitMemos', 'effectiveDate'], '', 'a payment unapplication', RES_PAYMENT);
  const p = await mustFindPayment(ctx, key, true);
  mustBeProcessed(p, 'unapplied');
  const eff = date(b, 'effectiveDate', 'effectiveDate', RES_PAYMENT);
  if (eff && eff < p.effective_date) throw invalidValue(`'effectiveDate' ${eff} must not be before the payment's effective date ${p.effective_date}`, RES_PAYMENT);
  const apps = parseApplications(b, p.currency);
  if (!apps.length) throw missingField(`'invoices' or 'debitMemos' is required`, RES_PAYMENT);
  checkDistinct(apps);
  const parts = await store.partsOfPayment(ctx, p.id);
  for (const a of lockOrder(apps)) await unapplyOne(ctx, p, a, parts);
  await store.updatePayment(ctx, p.id, { applied_amount: new D(p.applied_amount).minus(total(apps)).toFixed(), updated_at: now(ctx), updated_by: actor(ctx) });
  return mustFindPayment(ctx, p.id);
}

/** Unapplies everything a payment applies (cancel, refunds/unapply without documents); answers the amount. */
export async function unapplyAll(ctx: Ctx, p: PaymentRow, upTo?: Money): Promise<Money> {
  const parts = await store.partsOfPayment(ctx, p.id);
  let done = new D(0);
  for (const part of [...parts].sort((x, y) => (x.document_kind + x.document_id < y.document_kind + y.document_id ? -1 : 1))) {
    const amt = new D(part.amount);
    if (amt.isZero()) continue;
    const take = upTo ? D.min(amt, upTo.minus(done)) : amt;
    if (take.lte(0)) break;
    await unapplyOne(ctx, p, { kind: part.document_kind, key: part.document_id, amount: take, path: part.document_kind === 'invoice' ? 'invoices' : 'debitMemos' }, parts);
    done = done.plus(take);
  }
  if (done.gt(0)) {
    p.applied_amount = new D(p.applied_amount).minus(done).toFixed();
    await store.updatePayment(ctx, p.id, { applied_amount: p.applied_amount, updated_at: now(ctx), updated_by: actor(ctx) });
  }
  return done;
}

/** Unapplies the given documents (refunds/unapply); answers the amount. */
export async function unapplyDocuments(ctx: Ctx, p: PaymentRow, apps: Application[]): Promise<Money> {
  checkDistinct(apps);
  const parts = await store.partsOfPayment(ctx, p.id);
  for (const a of lockOrder(apps)) await unapplyOne(ctx, p, a, parts);
  const done = total(apps);
  p.applied_amount = new D(p.applied_amount).minus(done).toFixed();
  await store.updatePayment(ctx, p.id, { applied_amount: p.applied_amount, updated_at: now(ctx), updated_by: actor(ctx) });
  return done;
}

// ---------------------------------------------------------------- update, transfer, cancel, delete

export async function updatePayment(ctx: Ctx, key: string, b: Body): Promise<PaymentRow> {
  onlyKeys(b, ['comment', 'financeInformation', 'gatewayState', 'paymentScheduleKey', 'referenceId'], '', 'a payment update', RES_PAYMENT);
  const p = await mustFindPayment(ctx, key, true);
  if (b.paymentScheduleKey !== undefined && b.paymentScheduleKey !== null) throw notImplemented(`linking payments to payment schedules ('paymentScheduleKey')`);
  const patch: Partial<PaymentRow> = {};
  if ('comment' in b) patch.comment = b.comment === null ? null : (str(b, 'comment', 'comment', 255, RES_PAYMENT) ?? null);
  if ('referenceId' in b) patch.reference_id = b.referenceId === null ? null : (str(b, 'referenceId', 'referenceId', 100, RES_PAYMENT) ?? null);
  if (b.financeInformation !== undefined) patch.finance = JSON.stringify(finance(b, 'financeInformation', RES_PAYMENT, JSON.parse(p.finance) as Finance));
  const gs = enumOf(b, 'gatewayState', 'gatewayState', ['NotSubmitted', 'Submitted', 'Settled', 'FailedToSettle'] as const, RES_PAYMENT);
  if (gs && gs !== p.gateway_state) {
    if (p.type !== 'Electronic') throw ruleViolation(`'gatewayState' is kept for electronic payments only: the payment ${p.number} is External`, RES_PAYMENT);
    patch.gateway_state = gs;
    if (gs === 'Settled') patch.settled_on = now(ctx);
  }
  Object.assign(patch, customPatch(p.custom_fields, b));
  if (Object.keys(patch).length) await store.updatePayment(ctx, p.id, { ...patch, updated_at: now(ctx), updated_by: actor(ctx) });
  return mustFindPayment(ctx, p.id);
}

function customPatch(stored: string, b: Body): Partial<PaymentRow> {
  const cf = pickExtraFields(b);
  return Object.keys(cf).length ? { custom_fields: mergeCustomFields(stored, cf) } : {};
}

export async function transferPayment(ctx: Ctx, key: string, b: Body): Promise<PaymentRow> {
  onlyKeys(b, ['accountId'], '', 'a payment transfer', RES_PAYMENT);
  if (!('accountId' in b) || b.accountId === undefined) throw missingField(`'accountId' is required (an empty string unassigns the payment)`, RES_PAYMENT);
  if (b.accountId !== null && typeof b.accountId !== 'string') throw invalidValue(`'accountId' must be a string`, RES_PAYMENT);
  const p = await mustFindPayment(ctx, key, true);
  mustBeProcessed(p, 'transferred');
  if (!new D(p.applied_amount).isZero()) throw ruleViolation(`The payment ${p.number} is applied (${new D(p.applied_amount).toFixed()}): only an unapplied payment can be transferred; unapply it first`, RES_PAYMENT);
  let target: string | null = null;
  if (b.accountId) {
    const acc = await getAccountByKey(ctx, b.accountId);
    if (!acc || acc.id !== b.accountId) throw invalidValue(`'accountId': the account ${b.accountId} does not exist`, RES_PAYMENT);
    if (acc.currency !== p.currency) throw ruleViolation(`The account ${acc.accountNumber} is in ${acc.currency}, the payment ${p.number} in ${p.currency}`, RES_PAYMENT);
    if (acc.id === p.account_id) throw ruleViolation(`The payment ${p.number} already belongs to the account ${acc.accountNumber}`, RES_PAYMENT);
    target = acc.id;
  }
  if (p.type === 'Electronic' && target === null) throw ruleViolation(`An electronic payment cannot be unassigned from its account`, RES_PAYMENT);
  await store.updatePayment(ctx, p.id, { account_id: target, updated_at: now(ctx), updated_by: actor(ctx) });
  return mustFindPayment(ctx, p.id);
}

export async function cancelPayment(ctx: Ctx, key: string): Promise<PaymentRow> {
  const p = await mustFindPayment(ctx, key, true);
  mustBeProcessed(p, 'canceled');
  if (p.gateway_state === 'Settled') throw ruleViolation(`The payment ${p.number} is settled: a settled payment can no longer be canceled; refund it instead`, RES_PAYMENT);
  // "Cancel, void, and delete payments": payment cancellation is not allowed on a canceled account
  if (p.account_id && (await getAccountByKey(ctx, p.account_id))?.status === 'Canceled') throw ruleViolation(`The account of the payment ${p.number} is canceled: reactivate it before canceling the payment`, RES_PAYMENT);
  if (!new D(p.refund_amount).isZero()) throw ruleViolation(`The payment ${p.number} has refunds (${new D(p.refund_amount).toFixed()}): cancel or delete them first`, RES_PAYMENT);
  await unapplyAll(ctx, p);
  const t = now(ctx);
  await store.updatePayment(ctx, p.id, { status: 'Canceled', cancelled_on: t, updated_at: t, updated_by: actor(ctx) });
  return mustFindPayment(ctx, p.id);
}

export async function deletePayment(ctx: Ctx, key: string): Promise<void> {
  const p = await mustFindPayment(ctx, key, true);
  if (p.status !== 'Canceled' && p.status !== 'Error') throw ruleViolation(`The payment ${p.number} is ${p.status}: only canceled (or failed) payments can be deleted`, RES_PAYMENT);
  const refunds = await store.refundsOfPayment(ctx, p.id);
  if (refunds.length) throw ruleViolation(`The payment ${p.number} has refunds: delete them first`, RES_PAYMENT);
  await store.updatePayment(ctx, p.id, { deleted: 1, updated_at: now(ctx), updated_by: actor(ctx) });
}

// ---------------------------------------------------------------- gateway reconciliation

/** POST /v1/gateway-settlement/payments/{key}/settle: an electronic payment the gateway settled. */
export async function settlePayment(ctx: Ctx, key: string, b: Body): Promise<PaymentRow> {
  onlyKeys(b, ['gatewayReconciliationReason', 'gatewayReconciliationStatus', 'payoutId', 'settledOn'], '', 'a payment settlement', RES_PAYMENT);
  const p = await mustFindPayment(ctx, key, true);
  if (p.type !== 'Electronic') throw ruleViolation(`The payment ${p.number} is External: only electronic payments are settled by a gateway`, RES_PAYMENT);
  mustBeProcessed(p, 'settled');
  if (p.gateway_state === 'Settled') throw ruleViolation(`The payment ${p.number} is already settled`, RES_PAYMENT);
  if (p.gateway_state === 'FailedToSettle') throw ruleViolation(`The payment ${p.number} failed to settle`, RES_PAYMENT);
  if (b.payoutId !== undefined || b.settledOn !== undefined) throw notImplemented(`payouts ('payoutId', 'settledOn') in gateway settlement`);
  const t = now(ctx);
  await store.updatePayment(ctx, p.id, {
    gateway_state: 'Settled',
    settled_on: t,
    gateway_reconciliation_reason: str(b, 'gatewayReconciliationReason', 'gatewayReconciliationReason', 255, RES_PAYMENT) ?? p.gateway_reconciliation_reason,
    gateway_reconciliation_status: str(b, 'gatewayReconciliationStatus', 'gatewayReconciliationStatus', 40, RES_PAYMENT) ?? p.gateway_reconciliation_status,
    updated_at: t,
    updated_by: actor(ctx),
  });
  return mustFindPayment(ctx, p.id);
}
