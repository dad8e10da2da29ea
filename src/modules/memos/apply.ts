/**
 * Credit memo applications (PUT /v1/credit-memos/{key}/apply and …/unapply), refunds, reversals
 * and write-offs. Every change is new rows (memo_applications, memo_application_items,
 * memo_refunds) plus the balances they move, in the caller's transaction: the credit memo is
 * locked first, then the documents in id order, so parallel applications never over-apply
 * (PostgreSQL row locks; SQLite runs one writer at a time).
 */
import type { Ctx } from '../../platform/context.js';
import { invalidValue, missingField, notFound, notImplemented, ruleViolation } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { D, toDbAmount, toJsonNumber, type Money } from '../../platform/money.js';
import { readInvoice } from '../invoices/contract.js';
import { gatewayOutcome, getPaymentMethod, refusalMessage } from '../payment-methods/contract.js';
import { isoNow, stamp } from '../invoices/service.js';
import { nextDocumentNumber } from '../sequence-sets/service.js';
import { debitMemoApplicationPartsSources, documentSettlement, type SettledKind, type SettlementDoc } from './contract.js';
import {
  amountArg,
  body,
  DEFAULT_REASON,
  entry,
  insertNewMemo,
  itemFromInvoiceItem,
  optArray,
  optDate,
  optStr,
  postMemo,
  RES_CREDIT_MEMO,
  requireAccountByKey,
  requireMemo,
  type Obj,
  creditMemoView,
} from './service.js';
import { planSettlement } from './settle.js';
import * as store from './store.js';
import type { CreditMemoRow, DebitMemoRow, MemoItemRow } from './store.js';

const RES = RES_CREDIT_MEMO;

interface TargetRequest {
  kind: SettledKind;
  key: string;
  amount: Money;
  /** per item: the target's item and/or the credit memo's item */
  items: Array<{ amount: Money; targetItemId?: string; memoItemId?: string; path: string }>;
  path: string;
}

/** Reads `invoices[]` and `debitMemos[]` of an apply or unapply body. */
function targetsOf(b: Obj, currency: string): TargetRequest[] {
  const out: TargetRequest[] = [];
  for (const [field, kind, idField, itemField] of [
    ['invoices', 'invoice', 'invoiceId', 'invoiceItemId'],
    ['debitMemos', 'debitMemo', 'debitMemoId', 'debitMemoItemId'],
  ] as const) {
    const list = optArray(b[field], field, RES) ?? [];
    for (const [n, e] of list.entries()) {
      const path = `${field}[${n}]`;
      const o = entry(e, path, RES);
      for (const k of Object.keys(o)) if (!['amount', idField, 'items'].includes(k)) throw invalidValue(`'${path}.${k}' is not a field of this request`, RES);
      const key = optStr(o[idField], `${path}.${idField}`, RES, 50);
      if (!key) throw missingField(`'${path}.${idField}' is required`, RES);
      const amount = amountArg(o.amount, `${path}.amount`, currency, RES, { required: true, positive: true })!;
      const items: TargetRequest['items'] = [];
      for (const [m, ie] of (optArray(o.items, `${path}.items`, RES, 1000) ?? []).entries()) {
        const ip = `${path}.items[${m}]`;
        const io = entry(ie, ip, RES);
        for (const k of Object.keys(io)) if (!['amount', itemField, 'creditMemoItemId', 'taxItemId', 'creditTaxItemId'].includes(k)) throw invalidValue(`'${ip}.${k}' is not a field of this request`, RES);
        if (io.taxItemId || io.creditTaxItemId) throw invalidValue(`'${ip}': zbill memos and invoices carry no taxation items to apply`, RES);
        const targetItemId = optStr(io[itemField], `${ip}.${itemField}`, RES, 32);
        const memoItemId = optStr(io.creditMemoItemId, `${ip}.creditMemoItemId`, RES, 32);
        if (!targetItemId && !memoItemId) throw missingField(`'${ip}' must name '${itemField}' or 'creditMemoItemId'`, RES);
        items.push({ amount: amountArg(io.amount, `${ip}.amount`, currency, RES, { required: true, positive: true })!, targetItemId, memoItemId, path: ip });
      }
      if (items.length) {
        const sum = items.reduce((t: Money, i) => t.plus(i.amount), new D(0));
        if (!sum.eq(amount)) throw invalidValue(`'${path}.items' add up to ${sum.toFixed()}, not the amount ${amount.toFixed()}`, RES);
      }
      out.push({ kind, key, amount, items, path });
    }
  }
  if (!out.length) throw missingField(`'invoices' or 'debitMemos' must name at least one document`, RES);
  return out;
}

/** Pairs two lists of (id, amount) chunks of equal totals, in order (first in, first out). */
function pair(a: Array<{ id: string; amount: Money }>, b: Array<{ id: string; amount: Money }>): Array<{ a: string; b: string; amount: Money }> {
  const out: Array<{ a: string; b: string; amount: Money }> = [];
  const A = a.map((x) => ({ ...x }));
  const B = b.map((x) => ({ ...x }));
  let i = 0;
  let j = 0;
  while (i < A.length && j < B.length) {
    const take = D.min(A[i]!.amount, B[j]!.amount);
    if (take.gt(0)) out.push({ a: A[i]!.id, b: B[j]!.id, amount: take });
    A[i]!.amount = A[i]!.amount.minus(take);
    B[j]!.amount = B[j]!.amount.minus(take);
    if (A[i]!.amount.lte(0)) i++;
    if (B[j]!.amount.lte(0)) j++;
  }
  return out;
}

async function lockTargets(ctx: Ctx, memo: CreditMemoRow, reqs: TargetRequest[]): Promise<Map<TargetRequest, SettlementDoc>> {
  // a stable lock order (documents by key) keeps two requests from waiting on each other
  const order = [...reqs].sort((x, y) => (x.kind + x.key < y.kind + y.key ? -1 : 1));
  const docs = new Map<string, SettlementDoc>();
  const out = new Map<TargetRequest, SettlementDoc>();
  for (const r of order) {
    const cacheKey = `${r.kind}:${r.key}`;
    let doc = docs.get(cacheKey);
    if (!doc) {
      const found = await documentSettlement.lockForSettlement(ctx, r.kind, r.key);
      const what = r.kind === 'invoice' ? 'invoice' : 'debit memo';
      if (!found) throw notFound(`The ${what} ${r.key} (${r.path}) does not exist or is not Posted`, RES);
      if (found.accountId !== memo.account_id) throw ruleViolation(`The ${what} ${found.number} belongs to another account than the credit memo ${memo.memo_number}`, RES);
      if (found.currency !== memo.currency) throw ruleViolation(`The ${what} ${found.number} is in ${found.currency}, the credit memo ${memo.memo_number} in ${memo.currency}`, RES);
      doc = found;
      docs.set(cacheKey, doc);
    }
    out.set(r, doc);
  }
  return out;
}

async function memoItems(ctx: Ctx, memo: CreditMemoRow): Promise<MemoItemRow[]> {
  return store.itemsOf(ctx, 'creditMemo', memo.id);
}

/**
 * PUT /v1/credit-memos/{key}/apply: a Posted credit memo to Posted invoices and debit memos of its
 * account and currency, each for an amount (spread over the document's items in order, or item by
 * item), taken from the memo's items (the given creditMemoItemId, or in order). Refused whole when
 * the total exceeds the memo's unapplied amount, or any amount a document's (or item's) balance.
 */
export async function applyCreditMemo(ctx: Ctx, key: string, raw: unknown): Promise<Obj> {
  const b = body(raw, RES);
  const memo = await requireMemo(ctx, 'creditMemo', key, true);
  if (memo.status !== 'Posted') throw ruleViolation(`The credit memo ${memo.memo_number} is ${memo.status}: only a Posted credit memo can be applied`, RES);
  for (const k of Object.keys(b)) if (!['invoices', 'debitMemos', 'effectiveDate'].includes(k)) throw invalidValue(`'${k}' is not a field of this request`, RES);
  const effectiveDate = optDate(b.effectiveDate, 'effectiveDate', RES) ?? ctx.today().toString();
  if (effectiveDate < memo.memo_date) throw invalidValue(`'effectiveDate' (${effectiveDate}) cannot be before the credit memo date ${memo.memo_date}`, RES);
  const reqs = targetsOf(b, memo.currency);
  const total = reqs.reduce((t: Money, r) => t.plus(r.amount), new D(0));
  if (total.gt(memo.unapplied_amount)) throw ruleViolation(`The total amount to apply (${total.toFixed()}) exceeds the unapplied amount ${new D(memo.unapplied_amount).toFixed()} of the credit memo ${memo.memo_number}`, RES);
  const docs = await lockTargets(ctx, memo, reqs);
  const items = await memoItems(ctx, memo);
  const memoDoc = { label: `credit memo ${memo.memo_number}`, amount: memo.amount, balance: memo.unapplied_amount, items: items.map((i) => ({ id: i.id, amount: i.amount, taxAmount: i.tax_amount, balance: i.balance, appliedAmount: i.applied_amount ?? '0' })) };
  await applyAll(ctx, memo, memoDoc, reqs, docs, effectiveDate);
  return creditMemoView(ctx, await requireMemo(ctx, 'creditMemo', memo.id));
}

type MemoDoc = { label: string; amount: string; balance: string; items: Array<{ id: string; amount: string; taxAmount: string; balance: string; appliedAmount: string }> };

async function applyAll(ctx: Ctx, memo: CreditMemoRow, memoDoc: MemoDoc, reqs: TargetRequest[], docs: Map<TargetRequest, SettlementDoc>, effectiveDate: string): Promise<void> {
  let seq = await store.nextApplicationSeq(ctx, memo.id);
  let applied = new D(memo.applied_amount);
  for (const r of reqs) {
    const doc = docs.get(r)!;
    const label = `${doc.kind === 'invoice' ? 'invoice' : 'debit memo'} ${doc.number}`;
    if (doc.status !== 'Posted') throw ruleViolation(`The ${label} is ${doc.status}: only a Posted document can be applied to`, RES);
    if (r.amount.gt(doc.balance)) throw ruleViolation(`'${r.path}': the amount ${r.amount.toFixed()} exceeds the balance ${new D(doc.balance).toFixed()} of the ${label}`, RES);
    // entry by entry (or the whole amount at once), each side's items: the named one, or spread in order
    const entries = r.items.length ? r.items : [{ amount: r.amount, path: r.path } as TargetRequest['items'][number]];
    const targetLeft = new Map(doc.items.map((i) => [i.id, new D(i.balance)]));
    const memoLeft = new Map(memoDoc.items.map((i) => [i.id, new D(i.balance)]));
    const targetChunks: Array<{ id: string; amount: Money }> = [];
    const memoChunks: Array<{ id: string; amount: Money }> = [];
    const pairs: Array<{ a: string; b: string; amount: Money }> = [];
    for (const e of entries) {
      const t = take(targetLeft, e.amount, e.targetItemId, label, e.path);
      const m = take(memoLeft, e.amount, e.memoItemId, memoDoc.label, e.path);
      targetChunks.push(...t);
      memoChunks.push(...m);
      pairs.push(...pair(m, t));
    }
    // checks and balances: the memo's items, then the document's (each throws before anything is written if it exceeds)
    const memoPlan = planSettlement(memoDoc, r.amount.toFixed(), 1, sumBy(memoChunks), RES);
    await documentSettlement.applyToDocument(ctx, doc, r.amount.toFixed(), sumBy(targetChunks));
    for (const i of memoPlan.items) {
      const row = memoDoc.items.find((x) => x.id === i.id)!;
      row.balance = i.balance;
      row.appliedAmount = new D(row.appliedAmount).plus(i.amount).toFixed();
      await store.updateItem(ctx, 'creditMemo', i.id, { balance: i.balance, applied_amount: toDbAmount(row.appliedAmount) });
    }
    memoDoc.balance = memoPlan.balance;
    applied = applied.plus(r.amount);
    const appId = newId();
    await store.insertApplication(
      ctx,
      { id: appId, tenant_id: ctx.tenant.id, seq: seq++, credit_memo_id: memo.id, account_id: memo.account_id, target_kind: doc.kind, target_id: doc.id, target_number: doc.number, amount: r.amount.toFixed(), effective_date: effectiveDate, created_at: isoNow(ctx) },
      pairs.map((p) => ({ id: newId(), tenant_id: ctx.tenant.id, application_id: appId, credit_memo_id: memo.id, credit_memo_item_id: p.a, target_id: doc.id, target_item_id: p.b, amount: p.amount.toFixed() })),
    );
  }
  await store.updateMemo(ctx, 'creditMemo', memo.id, { unapplied_amount: memoDoc.balance, applied_amount: applied.toFixed(), updated_at: isoNow(ctx) });
}

/** Takes `amount` from running item balances: from the named item, or spread over the items in order. */
function take(left: Map<string, Money>, amount: Money, itemId: string | undefined, label: string, path: string): Array<{ id: string; amount: Money }> {
  if (itemId) {
    const cur = left.get(itemId);
    if (cur === undefined) throw invalidValue(`'${path}': the item ${itemId} is not an item of the ${label}`, RES);
    if (amount.gt(cur)) throw ruleViolation(`'${path}': the amount ${amount.toFixed()} exceeds the balance ${cur.toFixed()} of the item ${itemId} of the ${label}`, RES);
    left.set(itemId, cur.minus(amount));
    return [{ id: itemId, amount }];
  }
  const out: Array<{ id: string; amount: Money }> = [];
  let rest = amount;
  for (const [id, cur] of left) {
    if (rest.isZero()) break;
    if (cur.lte(0)) continue;
    const t = D.min(cur, rest);
    out.push({ id, amount: t });
    left.set(id, cur.minus(t));
    rest = rest.minus(t);
  }
  if (rest.gt(0)) throw ruleViolation(`'${path}': the amount ${amount.toFixed()} exceeds what the items of the ${label} have left by ${rest.toFixed()}`, RES);
  return out;
}

function sumBy(chunks: Array<{ id: string; amount: Money }>): Array<{ itemId: string; amount: string }> {
  const m = new Map<string, Money>();
  for (const c of chunks) m.set(c.id, (m.get(c.id) ?? new D(0)).plus(c.amount));
  return [...m.entries()].map(([itemId, amount]) => ({ itemId, amount: amount.toFixed() }));
}

/**
 * PUT /v1/credit-memos/{key}/unapply: gives back what this memo applied to each document, at most
 * what it applied (net), taken from its application pairs (memo item → document item): the named
 * items, or the latest applications first.
 */
export async function unapplyCreditMemo(ctx: Ctx, key: string, raw: unknown): Promise<Obj> {
  const b = body(raw, RES);
  const memo = await requireMemo(ctx, 'creditMemo', key, true);
  if (memo.status !== 'Posted') throw ruleViolation(`The credit memo ${memo.memo_number} is ${memo.status}: only a Posted credit memo can be unapplied`, RES);
  for (const k of Object.keys(b)) if (!['invoices', 'debitMemos', 'effectiveDate'].includes(k)) throw invalidValue(`'${k}' is not a field of this request`, RES);
  const effectiveDate = optDate(b.effectiveDate, 'effectiveDate', RES) ?? ctx.today().toString();
  const reqs = targetsOf(b, memo.currency);
  const docs = await lockTargets(ctx, memo, reqs);
  const items = await memoItems(ctx, memo);
  const pairsNet = await netPairs(ctx, memo.id);
  let seq = await store.nextApplicationSeq(ctx, memo.id);
  let applied = new D(memo.applied_amount);
  let unapplied = new D(memo.unapplied_amount);
  for (const r of reqs) {
    const doc = docs.get(r)!;
    const label = `${doc.kind === 'invoice' ? 'invoice' : 'debit memo'} ${doc.number}`;
    const open = pairsNet.filter((p) => p.targetId === doc.id && p.amount.gt(0));
    const netApplied = open.reduce((t: Money, p) => t.plus(p.amount), new D(0));
    if (r.amount.gt(netApplied)) throw ruleViolation(`The amount to unapply (${r.amount.toFixed()}) exceeds what the credit memo ${memo.memo_number} has applied to the ${label} (${netApplied.toFixed()})`, RES);
    const taken: Array<{ memoItemId: string; targetItemId: string; amount: Money }> = [];
    const takeFrom = (cands: typeof open, amount: Money, path: string) => {
      let left = amount;
      // the latest applications are given back first
      for (const p of [...cands].reverse()) {
        if (left.isZero()) break;
        const t = D.min(p.amount, left);
        if (t.lte(0)) continue;
        taken.push({ memoItemId: p.memoItemId, targetItemId: p.targetItemId, amount: t });
        p.amount = p.amount.minus(t);
        left = left.minus(t);
      }
      if (left.gt(0)) throw ruleViolation(`'${path}': the amount exceeds what the credit memo ${memo.memo_number} applied to the named items of the ${label} by ${left.toFixed()}`, RES);
    };
    if (r.items.length) {
      for (const i of r.items) takeFrom(open.filter((p) => (!i.targetItemId || p.targetItemId === i.targetItemId) && (!i.memoItemId || p.memoItemId === i.memoItemId)), i.amount, i.path);
    } else {
      takeFrom(open, r.amount, r.path);
    }
    await documentSettlement.unapplyFromDocument(ctx, doc, r.amount.toFixed(), sumBy(taken.map((t) => ({ id: t.targetItemId, amount: t.amount }))));
    for (const [itemId, amt] of sumBy(taken.map((t) => ({ id: t.memoItemId, amount: t.amount }))).map((x) => [x.itemId, new D(x.amount)] as const)) {
      const it = items.find((x) => x.id === itemId)!;
      it.balance = new D(it.balance).plus(amt).toFixed();
      it.applied_amount = new D(it.applied_amount ?? '0').minus(amt).toFixed();
      await store.updateItem(ctx, 'creditMemo', itemId, { balance: it.balance, applied_amount: it.applied_amount });
    }
    applied = applied.minus(r.amount);
    unapplied = unapplied.plus(r.amount);
    const appId = newId();
    await store.insertApplication(
      ctx,
      { id: appId, tenant_id: ctx.tenant.id, seq: seq++, credit_memo_id: memo.id, account_id: memo.account_id, target_kind: doc.kind, target_id: doc.id, target_number: doc.number, amount: r.amount.negated().toFixed(), effective_date: effectiveDate, created_at: isoNow(ctx) },
      taken.map((t) => ({ id: newId(), tenant_id: ctx.tenant.id, application_id: appId, credit_memo_id: memo.id, credit_memo_item_id: t.memoItemId, target_id: doc.id, target_item_id: t.targetItemId, amount: t.amount.negated().toFixed() })),
    );
  }
  await store.updateMemo(ctx, 'creditMemo', memo.id, { unapplied_amount: unapplied.toFixed(), applied_amount: applied.toFixed(), updated_at: isoNow(ctx) });
  return creditMemoView(ctx, await requireMemo(ctx, 'creditMemo', memo.id));
}

/** What each (memo item, document item) pair of a credit memo holds applied, net of unapplications, oldest first. */
async function netPairs(ctx: Ctx, memoId: string): Promise<Array<{ memoItemId: string; targetId: string; targetItemId: string; amount: Money }>> {
  const rows = await store.applicationItemsOfMemo(ctx, memoId);
  const apps = new Map((await store.applicationsOfMemo(ctx, memoId)).map((a) => [a.id, a.seq]));
  rows.sort((x, y) => (apps.get(x.application_id) ?? 0) - (apps.get(y.application_id) ?? 0));
  const out = new Map<string, { memoItemId: string; targetId: string; targetItemId: string; amount: Money }>();
  for (const r of rows) {
    const k = `${r.credit_memo_item_id}|${r.target_item_id}`;
    const cur = out.get(k) ?? { memoItemId: r.credit_memo_item_id, targetId: r.target_id, targetItemId: r.target_item_id, amount: new D(0) };
    cur.amount = cur.amount.plus(r.amount);
    out.set(k, cur);
  }
  return [...out.values()];
}

// ---------------------------------------------------------------- parts

/** GET /v1/credit-memos/{key}/parts: what the memo holds applied to each document (net), one part a document. */
export async function creditMemoParts(ctx: Ctx, key: string): Promise<Obj[]> {
  const memo = await requireMemo(ctx, 'creditMemo', key);
  const apps = await store.applicationsOfMemo(ctx, memo.id);
  const parts = new Map<string, { first: store.ApplicationRow; last: store.ApplicationRow; amount: Money }>();
  for (const a of apps) {
    const p = parts.get(a.target_id);
    if (p) {
      p.amount = p.amount.plus(a.amount);
      p.last = a;
    } else parts.set(a.target_id, { first: a, last: a, amount: new D(a.amount) });
  }
  return [...parts.values()]
    .filter((p) => !p.amount.isZero())
    .map((p) => ({
      id: p.first.id,
      amount: toJsonNumber(p.amount),
      invoiceId: p.first.target_kind === 'invoice' ? p.first.target_id : null,
      debitMemoId: p.first.target_kind === 'debitMemo' ? p.first.target_id : null,
      createdById: null,
      createdDate: stamp(ctx, p.first.created_at),
      updatedById: null,
      updatedDate: stamp(ctx, p.last.created_at),
    }));
}

export async function creditMemoPart(ctx: Ctx, key: string, partId: string): Promise<Obj> {
  const part = (await creditMemoParts(ctx, key)).find((p) => p.id === partId);
  if (!part) throw notFound(`The credit memo ${key} has no part ${partId}`, RES);
  return { success: true, ...part };
}

/** GET /v1/debit-memos/{id}/application-parts: the credit memos applied to it (net, one part a memo), then the other modules' parts. */
export async function debitMemoApplicationParts(ctx: Ctx, key: string): Promise<Obj[]> {
  const dm = await requireMemo(ctx, 'debitMemo', key);
  const others: Obj[] = [];
  for (const src of debitMemoApplicationPartsSources) others.push(...(await src(ctx, dm.id)));
  return [...(await creditMemoPartsOnTarget(ctx, dm.id)), ...others];
}

/**
 * The credit memos applied to one invoice or debit memo, net, one part a memo (none once fully unapplied):
 * the debit memo's application parts and the invoice's (GET /v1/invoices/{key}/application-parts, through
 * the invoices contract's sources).
 */
export async function creditMemoPartsOnTarget(ctx: Ctx, targetId: string) {
  const apps = await store.applicationsToTarget(ctx, targetId);
  const parts = new Map<string, { first: store.ApplicationRow; last: store.ApplicationRow; amount: Money }>();
  for (const a of apps) {
    const p = parts.get(a.credit_memo_id);
    if (p) {
      p.amount = p.amount.plus(a.amount);
      p.last = a;
    } else parts.set(a.credit_memo_id, { first: a, last: a, amount: new D(a.amount) });
  }
  return [...parts.values()]
    .filter((p) => !p.amount.isZero())
    .map((p) => ({
      appliedAmount: toJsonNumber(p.amount),
      creditMemoId: p.first.credit_memo_id as string | null,
      paymentId: null as string | null,
      createdById: null as string | null,
      createdDate: stamp(ctx, p.first.created_at),
      updatedById: null as string | null,
      updatedDate: stamp(ctx, p.last.created_at),
    }));
}

/** What credit memos hold applied to an invoice (net): its creditMemoAmount (the invoices view's source). */
export async function creditMemoAmountOf(ctx: Ctx, invoiceId: string): Promise<{ creditMemoAmount: string }> {
  const apps = await store.applicationsToTarget(ctx, invoiceId);
  return { creditMemoAmount: apps.reduce((t: Money, a) => t.plus(a.amount), new D(0)).toFixed() };
}

// ---------------------------------------------------------------- refunds

const METHOD_TYPES = ['ACH', 'Cash', 'Check', 'CreditCard', 'PayPal', 'WireTransfer', 'DebitCard', 'CreditCardReferenceTransaction', 'BankTransfer', 'Other'];

/**
 * POST /v1/credit-memos/{key}/refund: money given back for (part of) the unapplied amount of a Posted
 * credit memo, spread over its items or item by item. External: recorded as given outside Zuora.
 * Electronic: sent through the gateway of the payment method named (the account's own), which keeps a
 * snapshot of the payment method; a refund the gateway refuses is kept in status Error, moves no
 * balance, and is answered as an error once recorded (`failure`, thrown by the route after the commit).
 */
export async function refundCreditMemo(ctx: Ctx, key: string, raw: unknown): Promise<{ view: Obj; failure?: Error }> {
  const b = body(raw, RES);
  const known = ['comment', 'customRates', 'financeInformation', 'gatewayId', 'gatewayOptions', 'items', 'methodType', 'paymentMethodId', 'reasonCode', 'referenceId', 'refundDate', 'secondRefundReferenceId', 'softDescriptor', 'softDescriptorPhone', 'totalAmount', 'type'];
  for (const k of Object.keys(b)) if (!known.includes(k) && !k.endsWith('__c') && !k.endsWith('__NS')) throw invalidValue(`'${k}' is not a field of this request`, RES);
  if (b.type === undefined || b.type === null) throw missingField(`'type' is required`, RES);
  if (b.type !== 'External' && b.type !== 'Electronic') throw invalidValue(`'type' must be External or Electronic`, RES);
  const electronic = b.type === 'Electronic';
  const has = (f: string) => b[f] !== undefined && b[f] !== null && !(Array.isArray(b[f]) && !(b[f] as unknown[]).length);
  for (const f of ['customRates', 'financeInformation']) if (has(f)) throw notImplemented(`'${f}' on credit memo refunds`);
  // the gateway options of an electronic refund are not passed to zbill's test gateway: refused rather than dropped
  for (const f of ['gatewayOptions', 'softDescriptor', 'softDescriptorPhone', 'secondRefundReferenceId'])
    if (has(f)) throw electronic ? notImplemented(`'${f}' on electronic credit memo refunds`) : invalidValue(`'${f}' is for electronic refunds`, RES);
  if (!electronic) for (const f of ['gatewayId', 'paymentMethodId']) if (has(f)) throw invalidValue(`'${f}' is for electronic refunds`, RES);
  if (electronic) {
    if (has('methodType')) throw invalidValue(`'methodType' must be left empty for an electronic refund`, RES);
    if (has('refundDate')) throw invalidValue(`'refundDate' is set by Zuora for an electronic refund: specify it only for external refunds`, RES);
  }
  const memo = await requireMemo(ctx, 'creditMemo', key, true);
  if (memo.status !== 'Posted') throw ruleViolation(`The credit memo ${memo.memo_number} is ${memo.status}: only a Posted credit memo can be refunded`, RES);
  let methodType: string;
  let method: { id: string; gatewayId: string } | null = null;
  if (electronic) {
    const pmId = optStr(b.paymentMethodId, 'paymentMethodId', RES, 32);
    if (!pmId) throw missingField(`'paymentMethodId' is required for an electronic refund`, RES);
    const pm = await getPaymentMethod(ctx, pmId);
    if (!pm) throw invalidValue(`'paymentMethodId': the payment method ${pmId} does not exist`, RES);
    if (pm.accountId !== memo.account_id) throw ruleViolation(`The payment method ${pmId} is not a payment method of the credit memo's account`, RES);
    if (pm.status !== 'Active') throw ruleViolation(`The payment method ${pmId} is ${pm.status}: an electronic refund needs an active payment method`, RES);
    const gatewayId = optStr(b.gatewayId, 'gatewayId', RES, 32);
    if (gatewayId && gatewayId !== pm.gatewayId) throw invalidValue(`'gatewayId' ${gatewayId} is not the gateway of the payment method ${pmId}`, RES);
    method = { id: pm.id, gatewayId: pm.gatewayId };
    methodType = pm.type;
  } else {
    const mt = optStr(b.methodType, 'methodType', RES, 40);
    if (!mt) throw missingField(`'methodType' is required for an External refund`, RES);
    if (!METHOD_TYPES.includes(mt)) throw invalidValue(`'methodType' must be one of ${METHOD_TYPES.join(', ')}`, RES);
    methodType = mt;
  }
  const amount = amountArg(b.totalAmount, 'totalAmount', memo.currency, RES, { required: true, positive: true })!;
  if (amount.gt(memo.unapplied_amount)) throw ruleViolation(`The refund amount ${amount.toFixed()} exceeds the unapplied amount ${new D(memo.unapplied_amount).toFixed()} of the credit memo ${memo.memo_number}`, RES);
  const refundDate = electronic ? ctx.today().toString() : (optDate(b.refundDate, 'refundDate', RES) ?? ctx.today().toString());
  if (refundDate < memo.memo_date) throw invalidValue(`'refundDate' (${refundDate}) cannot be before the credit memo date ${memo.memo_date}`, RES);
  const given: Array<{ itemId: string; amount: string }> = [];
  for (const [n, e] of (optArray(b.items, 'items', RES, 1000) ?? []).entries()) {
    const o = entry(e, `items[${n}]`, RES);
    if (o.creditTaxItemId) throw invalidValue(`'items[${n}].creditTaxItemId': zbill credit memos carry no taxation items`, RES);
    const itemId = optStr(o.creditMemoItemId, `items[${n}].creditMemoItemId`, RES, 32);
    if (!itemId) throw missingField(`'items[${n}].creditMemoItemId' is required`, RES);
    given.push({ itemId, amount: amountArg(o.amount, `items[${n}].amount`, memo.currency, RES, { required: true, positive: true })!.toFixed() });
  }
  const items = await memoItems(ctx, memo);
  const plan = planSettlement(
    { label: `credit memo ${memo.memo_number}`, amount: memo.amount, balance: memo.unapplied_amount, items: items.map((i) => ({ id: i.id, amount: i.amount, taxAmount: i.tax_amount, balance: i.balance })) },
    amount.toFixed(),
    1,
    given.length ? given : undefined,
    RES,
  );
  const account = await requireAccountByKey(ctx, memo.account_id, RES);
  const number = await nextDocumentNumber(ctx, 'refund', account.sequenceSetId);
  const now = isoNow(ctx);
  const row: store.RefundRow = {
    id: newId(),
    tenant_id: ctx.tenant.id,
    number,
    credit_memo_id: memo.id,
    account_id: memo.account_id,
    type: electronic ? 'Electronic' : 'External',
    method_type: methodType,
    amount: amount.toFixed(),
    refund_date: refundDate,
    comment: optStr(b.comment, 'comment', RES) ?? null,
    reason_code: optStr(b.reasonCode, 'reasonCode', RES, 100) ?? null,
    reference_id: optStr(b.referenceId, 'referenceId', RES, 100) ?? null,
    items: JSON.stringify(plan.items.map((i) => ({ creditMemoItemId: i.id, amount: i.amount }))),
    custom_fields: '{}',
    created_at: now,
    status: 'Processed',
  };
  let failure: Error | undefined;
  if (method) {
    const o = (await gatewayOutcome(ctx, method.id))!;
    Object.assign(row, {
      payment_method_id: method.id,
      payment_method_snapshot_id: o.snapshotId,
      gateway_id: method.gatewayId,
      gateway_response: o.message,
      gateway_response_code: o.code,
      gateway_state: o.status === 'Approved' ? 'Submitted' : 'NotSubmitted',
      submitted_on: now,
    });
    row.reference_id ??= o.status === 'Approved' ? newId().slice(0, 20) : null;
    if (o.status !== 'Approved') {
      row.status = 'Error';
      failure = ruleViolation(refusalMessage(o, `The refund ${number} of the credit memo ${memo.memo_number}`), RES);
    }
  }
  if (row.status === 'Processed') {
    for (const i of plan.items) {
      const it = items.find((x) => x.id === i.id)!;
      await store.updateItem(ctx, 'creditMemo', i.id, { balance: i.balance, refund_amount: new D(it.refund_amount ?? '0').plus(i.amount).toFixed() });
    }
    await store.updateMemo(ctx, 'creditMemo', memo.id, { unapplied_amount: plan.balance, refund_amount: new D(memo.refund_amount).plus(amount).toFixed(), updated_at: now });
  }
  await store.insertRefund(ctx, row);
  return { view: refundView(ctx, row), failure };
}

export function refundView(ctx: Ctx, r: store.RefundRow): Obj {
  return {
    success: true,
    id: r.id,
    number: r.number,
    status: r.status ?? 'Processed',
    type: r.type,
    methodType: r.method_type,
    accountId: r.account_id,
    amount: toJsonNumber(r.amount),
    refundDate: r.refund_date,
    comment: r.comment,
    paymentMethodId: r.payment_method_id ?? null,
    paymentMethodSnapshotId: r.payment_method_snapshot_id ?? null,
    paymentId: null,
    paymentNumber: null,
    creditMemoId: r.credit_memo_id,
    reasonCode: r.reason_code,
    gatewayId: r.gateway_id ?? null,
    paymentGatewayNumber: null,
    gatewayResponse: r.gateway_response ?? null,
    gatewayResponseCode: r.gateway_response_code ?? null,
    gatewayState: r.gateway_state ?? 'NotSubmitted',
    markedForSubmissionOn: null,
    referenceId: r.reference_id,
    secondRefundReferenceId: null,
    softDescriptor: null,
    softDescriptorPhone: null,
    submittedOn: r.submitted_on ? stamp(ctx, r.submitted_on) : null,
    settledOn: null,
    cancelledOn: null,
    createdDate: stamp(ctx, r.created_at),
    createdById: null,
    updatedDate: stamp(ctx, r.created_at),
    updatedById: null,
    refundTransactionTime: null,
    financeInformation: { bankAccountAccountingCode: null, bankAccountAccountingCodeType: null, transferredToAccounting: 'No', unappliedPaymentAccountingCode: null, unappliedPaymentAccountingCodeType: null },
  };
}

// ---------------------------------------------------------------- made-and-applied memos

/** Applies `memoId` (Posted) to one document for `amount`, spread item by item in order. */
async function applyWhole(ctx: Ctx, memoId: string, kind: SettledKind, docId: string, amount: string, effectiveDate: string): Promise<void> {
  const memo = await requireMemo(ctx, 'creditMemo', memoId, true);
  const req: TargetRequest = { kind, key: docId, amount: new D(amount), items: [], path: kind === 'invoice' ? 'invoices[0]' : 'debitMemos[0]' };
  const docs = await lockTargets(ctx, memo, [req]);
  const items = await memoItems(ctx, memo);
  await applyAll(ctx, memo, { label: `credit memo ${memo.memo_number}`, amount: memo.amount, balance: memo.unapplied_amount, items: items.map((i) => ({ id: i.id, amount: i.amount, taxAmount: i.tax_amount, balance: i.balance, appliedAmount: i.applied_amount ?? '0' })) }, [req], docs, effectiveDate);
}

/** The credit memo's "apply to this invoice upon posting" (autoApplyToInvoiceUponPosting): as much as both balances allow. */
export async function autoApplyUponPosting(ctx: Ctx, kind: 'creditMemo' | 'debitMemo', memo: CreditMemoRow | DebitMemoRow): Promise<void> {
  if (kind !== 'creditMemo') return;
  const cm = memo as CreditMemoRow;
  if (cm.auto_apply_upon_posting !== 1 || !cm.referred_invoice_id) return;
  const inv = await documentSettlement.lockForSettlement(ctx, 'invoice', cm.referred_invoice_id);
  if (!inv) return;
  const amount = D.min(cm.unapplied_amount, inv.balance);
  if (amount.lte(0)) return;
  await applyWhole(ctx, cm.id, 'invoice', inv.id, amount.toFixed(), ctx.today().toString());
}

function memoDateArg(b: Obj): string | undefined {
  return optDate(b.memoDate, 'memoDate', RES);
}

/**
 * PUT /v1/invoices/{key}/write-off: a credit memo for what the Posted invoice still owes (per item,
 * its balance; or the given items' amounts), posted and applied to the invoice, so that its balance
 * is 0. Reason code "Write-off" unless given.
 */
export async function writeOffInvoice(ctx: Ctx, key: string, raw: unknown): Promise<Obj> {
  const b = body(raw, RES);
  for (const k of Object.keys(b)) if (!['comment', 'items', 'memoDate', 'revenueImpacting', 'amount', 'taxAutoCalculation', 'nonRevenueWriteOffAccountingCode', 'reasonCode'].includes(k) && !k.endsWith('__c')) throw invalidValue(`'${k}' is not a field of this request`, RES);
  if (b.revenueImpacting === 'No' || b.nonRevenueWriteOffAccountingCode) throw notImplemented('non revenue impacting write-offs');
  if (b.items !== undefined && b.items !== null && !(Array.isArray(b.items) && !b.items.length)) throw notImplemented('writing off chosen invoice items (the whole balance is written off)');
  const doc = await documentSettlement.lockForSettlement(ctx, 'invoice', key);
  if (!doc) {
    if (await readInvoice(ctx, key)) throw ruleViolation(`The invoice ${key} is not Posted: only a Posted invoice can be written off`, RES);
    throw notFound(`The invoice ${key} does not exist`, RES);
  }
  const balance = new D(doc.balance);
  if (balance.lte(0)) throw ruleViolation(`The invoice ${doc.number} has no balance to write off`, RES);
  if (b.amount !== undefined && b.amount !== null && !new D(amountArg(b.amount, 'amount', doc.currency, RES)!).eq(balance)) throw invalidValue(`'amount' must be the invoice's balance ${balance.toFixed()}`, RES);
  const plan = planSettlement({ label: `invoice ${doc.number}`, amount: doc.amount, balance: doc.balance, items: doc.items }, balance.toFixed(), 1, undefined, RES);
  const memoId = await memoFromInvoiceItems(ctx, doc.id, plan.items, {
    reasonCode: optStr(b.reasonCode, 'reasonCode', RES, 100) || DEFAULT_REASON.writeOff,
    comment: optStr(b.comment, 'comment', RES) ?? null,
    memoDate: memoDateArg(b) ?? ctx.today().toString(),
  });
  await postMemo(ctx, 'creditMemo', memoId);
  await applyWhole(ctx, memoId, 'invoice', doc.id, balance.toFixed(), memoDateArg(b) ?? ctx.today().toString());
  return { success: true, creditMemo: { id: memoId } };
}

/**
 * PUT /v1/invoices/{key}/reverse: a credit memo mirroring the whole Posted invoice, posted and
 * applied to it. Refused when anything was applied to the invoice or its total is negative (the page).
 */
export async function reverseInvoice(ctx: Ctx, key: string, raw: unknown): Promise<Obj> {
  const b = body(raw, RES);
  for (const k of Object.keys(b)) if (!['applyEffectiveDate', 'comment', 'memoDate', 'reasonCode'].includes(k)) throw invalidValue(`'${k}' is not a field of this request`, RES);
  const doc = await documentSettlement.lockForSettlement(ctx, 'invoice', key);
  if (!doc) {
    if (await readInvoice(ctx, key)) throw ruleViolation(`The invoice ${key} is not Posted: only a Posted invoice can be reversed`, RES);
    throw notFound(`The invoice ${key} does not exist`, RES);
  }
  if (new D(doc.amount).isNegative()) throw ruleViolation(`The invoice ${doc.number} has a negative total and cannot be reversed`, RES);
  if (!new D(doc.balance).eq(doc.amount)) throw ruleViolation(`Payments or credit memos are applied to the invoice ${doc.number}: it cannot be reversed`, RES);
  if (new D(doc.amount).isZero()) throw ruleViolation(`The invoice ${doc.number} has a zero total: there is nothing to reverse`, RES);
  const memoDate = memoDateArg(b) ?? ctx.today().toString();
  const applyDate = optDate(b.applyEffectiveDate, 'applyEffectiveDate', RES) ?? memoDate;
  if (applyDate < memoDate) throw invalidValue(`'applyEffectiveDate' (${applyDate}) cannot be before the memo date ${memoDate}`, RES);
  const plan = planSettlement({ label: `invoice ${doc.number}`, amount: doc.amount, balance: doc.balance, items: doc.items }, doc.amount, 1, undefined, RES);
  const memoId = await memoFromInvoiceItems(ctx, doc.id, plan.items, { reasonCode: optStr(b.reasonCode, 'reasonCode', RES, 100) || DEFAULT_REASON.reversal, comment: optStr(b.comment, 'comment', RES) ?? null, memoDate });
  await postMemo(ctx, 'creditMemo', memoId);
  await applyWhole(ctx, memoId, 'invoice', doc.id, doc.amount, applyDate);
  return { success: true, creditMemo: { id: memoId } };
}

/** A Draft credit memo from an invoice with the given item amounts. */
async function memoFromInvoiceItems(ctx: Ctx, invoiceId: string, amounts: Array<{ id: string; amount: string }>, o: { reasonCode: string; comment: string | null; memoDate: string }): Promise<string> {
  const doc = (await readInvoice(ctx, invoiceId))!;
  const account = await requireAccountByKey(ctx, doc.invoice.account_id, RES);
  return insertNewMemo(ctx, {
    kind: 'creditMemo',
    account,
    memoDate: o.memoDate,
    source: 'AdhocFromInvoice',
    sourceId: null,
    sourceType: 'Invoice',
    origin: 'AdhocFromInvoice',
    referredInvoiceId: doc.invoice.id,
    reasonCode: o.reasonCode,
    comment: o.comment,
    customFields: {},
    items: amounts.map((a) => itemFromInvoiceItem(doc.items.find((i) => i.id === a.id)!, new D(a.amount), { skuName: null })),
  });
}

/** The memo's items mirrored on a new memo of the other kind. */
async function mirrorMemo(ctx: Ctx, from: { kind: 'creditMemo' | 'debitMemo'; row: CreditMemoRow | DebitMemoRow }, amounts: Map<string, string> | null, o: { reasonCode: string; comment: string | null; memoDate: string }): Promise<string> {
  const items = await store.itemsOf(ctx, from.kind, from.row.id);
  const account = await requireAccountByKey(ctx, from.row.account_id, RES);
  const kind = from.kind === 'creditMemo' ? 'debitMemo' : 'creditMemo';
  return insertNewMemo(ctx, {
    kind,
    account,
    memoDate: o.memoDate,
    source: from.kind === 'creditMemo' ? 'CreditMemo' : 'DebitMemo',
    sourceId: from.row.id,
    sourceType: 'Standalone',
    origin: from.kind === 'creditMemo' ? 'CreditMemo' : 'DebitMemo',
    referredInvoiceId: from.row.referred_invoice_id,
    reasonCode: o.reasonCode,
    comment: o.comment,
    customFields: {},
    items: items
      .filter((i) => !amounts || amounts.has(i.id))
      .map((i) => {
        const { id: _id, tenant_id: _t, document_id: _d, account_id: _a, seq: _s, balance: _b, charge_date: _c, applied_amount: _aa, refund_amount: _ra, ...rest } = i;
        return { ...rest, amount: amounts ? amounts.get(i.id)! : i.amount, source_item_type: from.kind === 'creditMemo' ? 'CreditMemoItem' : 'DebitMemoItem', source_item_id: i.id, custom_fields: '{}' };
      }),
  });
}

/**
 * PUT /v1/credit-memos/{key}/reverse: a debit memo mirroring the Posted credit memo, posted, and
 * the credit memo applied to it for all it has left; the credit memo is marked reversed. Refused
 * once any of it is applied (the page).
 */
export async function reverseCreditMemo(ctx: Ctx, key: string, raw: unknown): Promise<Obj> {
  const b = body(raw, RES);
  for (const k of Object.keys(b)) if (!['applyEffectiveDate', 'comment', 'memoDate', 'reasonCode'].includes(k)) throw invalidValue(`'${k}' is not a field of this request`, RES);
  const memo = await requireMemo(ctx, 'creditMemo', key, true);
  if (memo.status !== 'Posted') throw ruleViolation(`The credit memo ${memo.memo_number} is ${memo.status}: only a Posted credit memo can be reversed`, RES);
  if (!new D(memo.applied_amount).isZero()) throw ruleViolation(`The credit memo ${memo.memo_number} is applied (${new D(memo.applied_amount).toFixed()}): it cannot be reversed`, RES);
  if (memo.reversed === 1) throw ruleViolation(`The credit memo ${memo.memo_number} is already reversed`, RES);
  const memoDate = memoDateArg(b) ?? ctx.today().toString();
  const applyDate = optDate(b.applyEffectiveDate, 'applyEffectiveDate', RES) ?? memoDate;
  const dmId = await mirrorMemo(ctx, { kind: 'creditMemo', row: memo }, null, { reasonCode: optStr(b.reasonCode, 'reasonCode', RES, 100) || memo.reason_code || DEFAULT_REASON.fromInvoice, comment: optStr(b.comment, 'comment', RES) ?? null, memoDate });
  await postMemo(ctx, 'debitMemo', dmId);
  if (new D(memo.unapplied_amount).gt(0)) await applyWhole(ctx, memo.id, 'debitMemo', dmId, memo.unapplied_amount, applyDate);
  await store.updateMemo(ctx, 'creditMemo', memo.id, { reversed: 1, updated_at: isoNow(ctx) });
  return { success: true, debitMemo: { id: dmId } };
}

/**
 * PUT /v1/credit-memos/{id}/write-off: only a fully unapplied credit memo (nothing applied or
 * refunded); a debit memo mirroring it is made and posted, and the credit memo applied to it.
 */
export async function writeOffCreditMemo(ctx: Ctx, key: string, raw: unknown): Promise<Obj> {
  const b = body(raw, RES);
  for (const k of Object.keys(b)) if (!['comment', 'memoDate', 'reasonCode'].includes(k) && !k.endsWith('__c')) throw invalidValue(`'${k}' is not a field of this request`, RES);
  const memo = await requireMemo(ctx, 'creditMemo', key, true);
  if (memo.status !== 'Posted') throw ruleViolation(`The credit memo ${memo.memo_number} is ${memo.status}: only a Posted credit memo can be written off`, RES);
  if (!new D(memo.unapplied_amount).eq(memo.amount) || new D(memo.amount).isZero()) throw ruleViolation(`Only a fully unapplied credit memo can be written off; ${memo.memo_number} has ${new D(memo.unapplied_amount).toFixed()} of ${new D(memo.amount).toFixed()} unapplied`, RES);
  const memoDate = memoDateArg(b) ?? ctx.today().toString();
  const dmId = await mirrorMemo(ctx, { kind: 'creditMemo', row: memo }, null, { reasonCode: optStr(b.reasonCode, 'reasonCode', RES, 100) || DEFAULT_REASON.writeOff, comment: optStr(b.comment, 'comment', RES) ?? null, memoDate });
  await postMemo(ctx, 'debitMemo', dmId);
  await applyWhole(ctx, memo.id, 'debitMemo', dmId, memo.amount, memoDate);
  return { success: true, debitMemo: { id: dmId } };
}

/**
 * PUT /v1/debit-memos/{key}/write-off: a credit memo mirroring what the Posted debit memo still
 * owes item by item, posted and applied to it.
 */
export async function writeOffDebitMemo(ctx: Ctx, key: string, raw: unknown): Promise<Obj> {
  const b = body(raw, RES);
  for (const k of Object.keys(b)) if (!['comment', 'memoDate', 'reasonCode', 'items', 'revenueImpacting', 'nonRevenueWriteOffAccountingCode', 'amount', 'taxAutoCalculation'].includes(k) && !k.endsWith('__c')) throw invalidValue(`'${k}' is not a field of this request`, RES);
  if (b.revenueImpacting === 'No' || b.nonRevenueWriteOffAccountingCode) throw notImplemented('non revenue impacting write-offs');
  if (b.items !== undefined && b.items !== null && !(Array.isArray(b.items) && !b.items.length)) throw notImplemented('writing off chosen debit memo items (the whole balance is written off)');
  const doc = await documentSettlement.lockForSettlement(ctx, 'debitMemo', key);
  if (!doc) {
    if (await store.findMemo(ctx, 'debitMemo', key)) throw ruleViolation(`The debit memo ${key} is not Posted: only a Posted debit memo can be written off`, RES);
    throw notFound(`The debit memo ${key} does not exist`, RES);
  }
  if (new D(doc.balance).lte(0)) throw ruleViolation(`The debit memo ${doc.number} has no balance to write off`, RES);
  const dm = (await store.findMemo(ctx, 'debitMemo', doc.id))!;
  const amounts = new Map(doc.items.filter((i) => new D(i.balance).gt(0)).map((i) => [i.id, i.balance] as const));
  const memoDate = memoDateArg(b) ?? ctx.today().toString();
  const cmId = await mirrorMemo(ctx, { kind: 'debitMemo', row: dm }, amounts, { reasonCode: optStr(b.reasonCode, 'reasonCode', RES, 100) || DEFAULT_REASON.writeOff, comment: optStr(b.comment, 'comment', RES) ?? null, memoDate });
  await postMemo(ctx, 'creditMemo', cmId);
  await applyWhole(ctx, cmId, 'debitMemo', doc.id, doc.balance, memoDate);
  return { success: true, creditMemo: { id: cmId } };
}
