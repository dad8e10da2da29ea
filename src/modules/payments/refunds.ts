/**
 * Refunds of payments (Invoice Settlement): POST /v1/payments/{key}/refunds refunds part or all of a
 * payment's unapplied amount, External (methodType says how the money went back) or Electronic
 * (through the test gateway on the payment's payment method); `refunds/unapply` unapplies first.
 * Numbers R-… from the sequence set. Cancel gives the amount back to the payment's unapplied amount;
 * only canceled refunds are deleted.
 *
 * Rules (Zuora "Refund a payment" page; "Refund payments"): the amount cannot exceed the payment's
 * unapplied amount; methodType is required for an external refund and must be empty for an
 * electronic one; an electronic refund needs an electronic payment; the refund date is not before
 * the payment's effective date and is set by Zuora (today) for electronic refunds.
 */
import type { Ctx } from '../../platform/context.js';
import { nextCounter } from '../../platform/counters.js';
import { mergeCustomFields } from '../../platform/custom-fields.js';
import { invalidValue, missingField, notFound, notImplemented, ruleViolation, type ZuoraError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { Temporal } from '../../platform/dates.js';
import { D, type Money } from '../../platform/money.js';
import { getAccountByKey } from '../accounts/service.js';
import { nextDocumentNumber } from '../sequence-sets/service.js';
import { amount as amountOf, bool, date, enumOf, obj, onlyKeys, pickExtraFields, str, type Body } from './input.js';
import { actor, EXTERNAL_METHOD_TYPES, mustFindPayment, parseApplications, parseFilters, parseSort, submitToGateway, unapplyAll, unapplyDocuments } from './service.js';
import { creditMemoRefund } from '../memos/contract.js';
import * as store from './store.js';
import type { PaymentRow, RefundRow } from './store.js';
import { refundPartView, refundView, unappliedOf, type Finance } from './views.js';

export const RES_REFUND = 531200;
type Obj = Record<string, unknown>;
const now = (ctx: Ctx) => ctx.now().toString();

const REFUND_FIELDS = [
  'comment', 'customRates', 'financeInformation', 'gatewayOptions', 'methodType', 'reasonCode', 'referenceId', 'refundDate', 'secondRefundReferenceId',
  'softDescriptor', 'softDescriptorPhone', 'totalAmount', 'type', 'refundTransactionType',
];
const DEFAULT_REASON_CODE = 'Standard Refund';

export async function mustFindRefund(ctx: Ctx, key: string, lock = false): Promise<RefundRow> {
  const r = await store.findRefund(ctx, key, lock);
  if (!r) throw notFound(`The refund ${key} does not exist`, RES_REFUND);
  return r;
}

export async function refundViewOf(ctx: Ctx, r: RefundRow): Promise<Obj> {
  const p = await store.findPayment(ctx, r.payment_id);
  return refundView(ctx, r, p?.number ?? null);
}

export async function getRefund(ctx: Ctx, key: string): Promise<Obj> {
  const r = await store.findRefund(ctx, key);
  if (r) return { ...(await refundViewOf(ctx, r)), success: true };
  // a credit memo's refund (kept by the memos module): paymentId null, creditMemoId set, as Zuora's Refund shape has it
  const memoRefund = await creditMemoRefund(ctx, key);
  if (memoRefund) return { ...memoRefund, success: true };
  throw notFound(`The refund ${key} does not exist`, RES_REFUND);
}

const REFUND_FILTERS: Record<string, { column: string; kind: 'string' | 'amount' | 'date' }> = {
  accountId: { column: 'account_id', kind: 'string' },
  amount: { column: 'amount', kind: 'amount' },
  createdById: { column: 'created_by', kind: 'string' },
  methodType: { column: 'method_type', kind: 'string' },
  number: { column: 'number', kind: 'string' },
  paymentId: { column: 'payment_id', kind: 'string' },
  refundDate: { column: 'refund_date', kind: 'date' },
  status: { column: 'status', kind: 'string' },
  type: { column: 'type', kind: 'string' },
  updatedById: { column: 'updated_by', kind: 'string' },
};
const REFUND_SORTS: Record<string, string> = {
  number: 'number', accountId: 'account_id', amount: 'amount', refundDate: 'refund_date', createdDate: 'created_at', updatedDate: 'updated_at',
  status: 'status', type: 'type', methodType: 'method_type', paymentId: 'payment_id', createdById: 'created_by', updatedById: 'updated_by',
};

export async function listRefunds(ctx: Ctx, query: Record<string, unknown>, page: { limit: number; offset: number }): Promise<Obj[]> {
  const filters = parseFilters(query, REFUND_FILTERS);
  const sort = parseSort(query.sort, REFUND_SORTS);
  const derived = ['createdDate', 'updatedDate'].filter((k) => query[k] !== undefined);
  const rows = await store.listRefunds(ctx, { filters, sort, limit: derived.length ? 100000 : page.limit, offset: derived.length ? 0 : page.offset });
  const views = await Promise.all(rows.map((r) => refundViewOf(ctx, r)));
  if (!derived.length) return views;
  return views.filter((v) => derived.every((k) => typeof v[k] === 'string' && (v[k] as string).startsWith(String(query[k]).replace('T', ' ')))).slice(page.offset, page.offset + page.limit);
}

export async function refundParts(ctx: Ctx, key: string): Promise<Obj[]> {
  return [refundPartView(ctx, await mustFindRefund(ctx, key))];
}

async function mustFindRefundPart(ctx: Ctx, key: string, partId: string): Promise<RefundRow> {
  const r = await mustFindRefund(ctx, key);
  if (r.part_id !== partId) throw notFound(`The refund part ${partId} does not exist on the refund ${r.number}`, RES_REFUND);
  return r;
}

export async function getRefundPart(ctx: Ctx, key: string, partId: string): Promise<Obj> {
  return { ...refundPartView(ctx, await mustFindRefundPart(ctx, key, partId)), success: true };
}

function refundItemPartView(ctx: Ctx, r: RefundRow): Obj {
  const v = refundPartView(ctx, r);
  return { id: r.item_part_id, amount: v.amount, creditMemoItemId: null, creditTaxItemId: null, createdById: v.createdById, createdDate: v.createdDate, updatedById: v.updatedById, updatedDate: v.updatedDate };
}

export async function refundItemParts(ctx: Ctx, key: string, partId: string): Promise<Obj[]> {
  return [refundItemPartView(ctx, await mustFindRefundPart(ctx, key, partId))];
}

export async function getRefundItemPart(ctx: Ctx, key: string, partId: string, itemPartId: string): Promise<Obj> {
  const r = await mustFindRefundPart(ctx, key, partId);
  if (r.item_part_id !== itemPartId) throw notFound(`The refund item part ${itemPartId} does not exist on the refund part ${partId}`, RES_REFUND);
  return { ...refundItemPartView(ctx, r), success: true };
}

// ---------------------------------------------------------------- create

export interface RefundResult {
  refund: RefundRow;
  failure?: ZuoraError;
}

function financeOf(b: Body): Finance {
  const f = obj(b, 'financeInformation', 'financeInformation', RES_REFUND);
  const out: Finance = { bankAccountAccountingCode: null, unappliedPaymentAccountingCode: null, transferredToAccounting: 'No' };
  if (!f) return out;
  onlyKeys(f, ['bankAccountAccountingCode', 'unappliedPaymentAccountingCode', 'transferredToAccounting'], 'financeInformation.', 'financeInformation', RES_REFUND);
  out.bankAccountAccountingCode = str(f, 'bankAccountAccountingCode', 'financeInformation.bankAccountAccountingCode', 100, RES_REFUND) ?? null;
  out.unappliedPaymentAccountingCode = str(f, 'unappliedPaymentAccountingCode', 'financeInformation.unappliedPaymentAccountingCode', 100, RES_REFUND) ?? null;
  out.transferredToAccounting = enumOf(f, 'transferredToAccounting', 'financeInformation.transferredToAccounting', ['Processing', 'Yes', 'No', 'Error', 'Ignore'] as const, RES_REFUND) ?? 'No';
  return out;
}

interface RefundInput {
  type: 'External' | 'Electronic';
  amount: Money;
  body: Body;
}

function parseRefund(b: Body, p: PaymentRow, opts: { amountRequired: boolean }): { type: 'External' | 'Electronic'; amount: Money | undefined } {
  const type = enumOf(b, 'type', 'type', ['External', 'Electronic'] as const, RES_REFUND);
  if (!type) throw missingField(`'type' is required`, RES_REFUND);
  const amount = amountOf(b, 'totalAmount', 'totalAmount', p.currency, { required: opts.amountRequired, resource: RES_REFUND });
  if (Array.isArray(b.customRates) && b.customRates.length) throw notImplemented(`custom currency rates ('customRates')`);
  return { type, amount };
}

/** Checks and writes one refund of the payment's unapplied amount (the payment row is locked). */
async function refundUnapplied(ctx: Ctx, p: PaymentRow, input: RefundInput): Promise<RefundResult> {
  const b = input.body;
  if (p.status !== 'Processed') throw ruleViolation(`The payment ${p.number} is ${p.status}: only a processed payment can be refunded`, RES_REFUND);
  const unapplied = unappliedOf(p);
  if (input.amount.gt(unapplied)) {
    throw ruleViolation(`'totalAmount' ${input.amount.toFixed()} exceeds the unapplied amount ${unapplied.toFixed()} of the payment ${p.number}: unapply the payment from its invoices and debit memos first`, RES_REFUND);
  }
  const methodType = enumOf(b, 'methodType', 'methodType', EXTERNAL_METHOD_TYPES, RES_REFUND);
  const today = ctx.today().toString();
  let refundDate = date(b, 'refundDate', 'refundDate', RES_REFUND);
  if (input.type === 'External') {
    if (!methodType) throw missingField(`'methodType' is required for an external refund`, RES_REFUND);
    refundDate ??= today;
    if (refundDate < p.effective_date) throw invalidValue(`'refundDate' ${refundDate} must not be before the payment's effective date ${p.effective_date}`, RES_REFUND);
  } else {
    if (methodType) throw invalidValue(`'methodType' must be left empty for an electronic refund`, RES_REFUND);
    if (refundDate) throw invalidValue(`'refundDate' is set by Zuora for an electronic refund: specify it only for external refunds`, RES_REFUND);
    if (p.type !== 'Electronic' || !p.payment_method_id) throw ruleViolation(`The payment ${p.number} is External: an electronic refund goes back through the gateway of an electronic payment`, RES_REFUND);
    refundDate = today;
  }
  const gatewayOptions = obj(b, 'gatewayOptions', 'gatewayOptions', RES_REFUND);
  for (const [k, v] of Object.entries(gatewayOptions ?? {})) if (v !== null && typeof v === 'object') throw invalidValue(`'gatewayOptions.${k}' must be a string`, RES_REFUND);
  const reason = str(b, 'reasonCode', 'reasonCode', 100, RES_REFUND) ?? DEFAULT_REASON_CODE;
  const t = now(ctx);
  const account = p.account_id ? await getAccountByKey(ctx, p.account_id) : undefined;
  const row: RefundRow = {
    id: newId(),
    tenant_id: ctx.tenant.id,
    seq: await nextCounter(ctx, 'refund_order'),
    number: await nextDocumentNumber(ctx, 'refund', account?.sequenceSetId ?? null),
    payment_id: p.id,
    part_id: newId(),
    item_part_id: newId(),
    account_id: p.account_id,
    type: input.type,
    method_type: input.type === 'External' ? methodType! : methodTypeOfPayment(p),
    status: 'Processed',
    amount: input.amount.toFixed(),
    refund_date: refundDate,
    reason_code: reason,
    comment: str(b, 'comment', 'comment', 255, RES_REFUND) ?? null,
    reference_id: str(b, 'referenceId', 'referenceId', 100, RES_REFUND) ?? null,
    second_reference_id: str(b, 'secondRefundReferenceId', 'secondRefundReferenceId', 100, RES_REFUND) ?? null,
    payment_method_id: p.payment_method_id,
    gateway_id: input.type === 'Electronic' ? p.gateway_id : null,
    gateway_response: null,
    gateway_response_code: null,
    gateway_state: 'NotSubmitted',
    gateway_reconciliation_status: null,
    gateway_reconciliation_reason: null,
    refund_transaction_type: enumOf(b, 'refundTransactionType', 'refundTransactionType', ['Chargeback', 'PaymentReversal'] as const, RES_REFUND) ?? null,
    soft_descriptor: str(b, 'softDescriptor', 'softDescriptor', 35, RES_REFUND) ?? null,
    soft_descriptor_phone: str(b, 'softDescriptorPhone', 'softDescriptorPhone', 20, RES_REFUND) ?? null,
    submitted_on: null,
    settled_on: null,
    cancelled_on: null,
    transaction_at: null,
    finance: JSON.stringify(financeOf(b)),
    custom_fields: mergeCustomFields(null, pickExtraFields(b, RES_REFUND)),
    deleted: 0,
    created_by: actor(ctx),
    created_at: t,
    updated_by: actor(ctx),
    updated_at: t,
  };
  let failure: ZuoraError | undefined;
  if (input.type === 'Electronic') {
    row.transaction_at = t;
    failure = await submitToGateway(ctx, row, p.payment_method_id!, t, `The refund ${row.number}`, RES_REFUND);
  }
  await store.insertRefund(ctx, row);
  if (row.status === 'Processed') {
    await store.updatePayment(ctx, p.id, { refund_amount: new D(p.refund_amount).plus(row.amount).toFixed(), updated_at: t, updated_by: actor(ctx) });
  }
  return { refund: row, failure };
}

/** An electronic refund's method type: the payment's payment method type as the refund enum names it. */
function methodTypeOfPayment(p: PaymentRow): string {
  return p.payment_method_type ?? 'Other';
}

export async function refundPayment(ctx: Ctx, key: string, b: Body): Promise<RefundResult> {
  onlyKeys(b, REFUND_FIELDS, '', 'a payment refund', RES_REFUND);
  const p = await mustFindPayment(ctx, key, true);
  const { type, amount } = parseRefund(b, p, { amountRequired: true });
  return refundUnapplied(ctx, p, { type, amount: amount!, body: b });
}

/**
 * POST /v1/payments/{key}/refunds/unapply: unapplies the named invoices and debit memos (or, when
 * none are named, as much as the refund needs, document by document) and refunds in one step.
 * Without totalAmount the whole unapplied amount after unapplying is refunded.
 */
export async function refundPaymentWithUnapply(ctx: Ctx, key: string, b: Body): Promise<RefundResult> {
  onlyKeys(b, [...REFUND_FIELDS, 'invoices', 'debitMemos', 'writeOff', 'writeOffOptions'], '', 'a payment refund with auto-unapplying', RES_REFUND);
  if (bool(b, 'writeOff', 'writeOff', RES_REFUND) || b.writeOffOptions !== undefined) throw notImplemented(`writing off the unapplied documents when refunding ('writeOff', 'writeOffOptions')`);
  const p = await mustFindPayment(ctx, key, true);
  const { type, amount } = parseRefund(b, p, { amountRequired: false });
  if (p.status !== 'Processed') throw ruleViolation(`The payment ${p.number} is ${p.status}: only a processed payment can be refunded`, RES_REFUND);
  const apps = parseApplications(b, p.currency);
  if (apps.length) await unapplyDocuments(ctx, p, apps);
  else if (amount && amount.gt(unappliedOf(p))) await unapplyAll(ctx, p, amount.minus(unappliedOf(p)));
  const fresh = await mustFindPayment(ctx, p.id, true);
  const total = amount ?? unappliedOf(fresh);
  if (total.lte(0)) throw ruleViolation(`The payment ${p.number} has nothing to refund`, RES_REFUND);
  const body = { ...b };
  delete body.invoices;
  delete body.debitMemos;
  return refundUnapplied(ctx, fresh, { type, amount: total, body });
}

// ---------------------------------------------------------------- update, cancel, delete

export async function updateRefund(ctx: Ctx, key: string, b: Body): Promise<RefundRow> {
  onlyKeys(b, ['comment', 'financeInformation', 'reasonCode', 'referenceId'], '', 'a refund update', RES_REFUND);
  const r = await mustFindRefund(ctx, key, true);
  const patch: Partial<RefundRow> = {};
  if ('comment' in b) patch.comment = b.comment === null ? null : (str(b, 'comment', 'comment', 255, RES_REFUND) ?? null);
  if ('referenceId' in b) patch.reference_id = b.referenceId === null ? null : (str(b, 'referenceId', 'referenceId', 100, RES_REFUND) ?? null);
  if ('reasonCode' in b) patch.reason_code = str(b, 'reasonCode', 'reasonCode', 100, RES_REFUND) ?? DEFAULT_REASON_CODE;
  if (b.financeInformation !== undefined) {
    const base = JSON.parse(r.finance) as Finance;
    const f = financeOf(b);
    const given = b.financeInformation as Body;
    patch.finance = JSON.stringify({
      bankAccountAccountingCode: 'bankAccountAccountingCode' in given ? f.bankAccountAccountingCode : base.bankAccountAccountingCode,
      unappliedPaymentAccountingCode: 'unappliedPaymentAccountingCode' in given ? f.unappliedPaymentAccountingCode : base.unappliedPaymentAccountingCode,
      transferredToAccounting: 'transferredToAccounting' in given ? f.transferredToAccounting : base.transferredToAccounting,
    });
  }
  const cf = pickExtraFields(b);
  if (Object.keys(cf).length) patch.custom_fields = mergeCustomFields(r.custom_fields, cf);
  if (Object.keys(patch).length) await store.updateRefund(ctx, r.id, { ...patch, updated_at: now(ctx), updated_by: actor(ctx) });
  return mustFindRefund(ctx, r.id);
}

export async function cancelRefund(ctx: Ctx, key: string): Promise<RefundRow> {
  const r = await mustFindRefund(ctx, key, true);
  if (r.status !== 'Processed') throw ruleViolation(`The refund ${r.number} is ${r.status}: only a processed refund can be canceled`, RES_REFUND);
  if (r.gateway_state === 'Settled') throw ruleViolation(`The refund ${r.number} is settled: a settled refund can no longer be canceled`, RES_REFUND);
  const p = await mustFindPayment(ctx, r.payment_id, true);
  const t = now(ctx);
  await store.updatePayment(ctx, p.id, { refund_amount: new D(p.refund_amount).minus(r.amount).toFixed(), updated_at: t, updated_by: actor(ctx) });
  await store.updateRefund(ctx, r.id, { status: 'Canceled', cancelled_on: t, updated_at: t, updated_by: actor(ctx) });
  return mustFindRefund(ctx, r.id);
}

export async function deleteRefund(ctx: Ctx, key: string): Promise<void> {
  const r = await mustFindRefund(ctx, key, true);
  if (r.status !== 'Canceled' && r.status !== 'Error') throw ruleViolation(`The refund ${r.number} is ${r.status}: only canceled (or failed) refunds can be deleted`, RES_REFUND);
  await store.updateRefund(ctx, r.id, { deleted: 1, updated_at: now(ctx), updated_by: actor(ctx) });
}

/** PUT /v1/refunds/{key}/reconcile: the gateway's settlement of an electronic refund. */
export async function reconcileRefund(ctx: Ctx, key: string, b: Body): Promise<RefundRow> {
  onlyKeys(b, ['action', 'actionDate', 'gatewayReconciliationReason', 'gatewayReconciliationStatus', 'payoutId'], '', 'a refund reconciliation', RES_REFUND);
  const action = enumOf(b, 'action', 'action', ['settle', 'reject'] as const, RES_REFUND);
  if (!action) throw missingField(`'action' is required`, RES_REFUND);
  if (b.payoutId !== undefined) throw notImplemented(`payouts ('payoutId') in refund reconciliation`);
  const r = await mustFindRefund(ctx, key, true);
  if (r.type !== 'Electronic') throw ruleViolation(`The refund ${r.number} is External: only electronic refunds are reconciled with a gateway`, RES_REFUND);
  if (r.status !== 'Processed') throw ruleViolation(`The refund ${r.number} is ${r.status}: only a processed refund can be reconciled`, RES_REFUND);
  if (r.gateway_state === 'Settled' || r.gateway_state === 'FailedToSettle') throw ruleViolation(`The refund ${r.number} is already reconciled (${r.gateway_state})`, RES_REFUND);
  const actionDate = str(b, 'actionDate', 'actionDate', 40, RES_REFUND);
  let settledAt: string | undefined;
  if (actionDate) {
    try {
      settledAt = /^\d{4}-\d{2}-\d{2}$/.test(actionDate) ? new Date(`${actionDate}T00:00:00Z`).toISOString() : Temporal.Instant.from(actionDate).toString();
    } catch {
      throw invalidValue(`'actionDate' must be a date-time such as 2024-07-23T16:39:09Z: ${actionDate}`, RES_REFUND);
    }
  }
  const t = now(ctx);
  const patch: Partial<RefundRow> = {
    gateway_reconciliation_reason: str(b, 'gatewayReconciliationReason', 'gatewayReconciliationReason', 255, RES_REFUND) ?? r.gateway_reconciliation_reason,
    gateway_reconciliation_status: str(b, 'gatewayReconciliationStatus', 'gatewayReconciliationStatus', 40, RES_REFUND) ?? r.gateway_reconciliation_status,
    updated_at: t,
    updated_by: actor(ctx),
  };
  if (action === 'settle') {
    patch.gateway_state = 'Settled';
    patch.settled_on = settledAt ?? t;
  } else {
    // the money never left: the refund fails and its amount is the payment's again
    const p = await mustFindPayment(ctx, r.payment_id, true);
    await store.updatePayment(ctx, p.id, { refund_amount: new D(p.refund_amount).minus(r.amount).toFixed(), updated_at: t, updated_by: actor(ctx) });
    patch.gateway_state = 'FailedToSettle';
    patch.status = 'Error';
  }
  await store.updateRefund(ctx, r.id, patch);
  return mustFindRefund(ctx, r.id);
}

// ---------------------------------------------------------------- gateway reconciliation of payments

function instantOf(v: unknown, path: string): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw invalidValue(`'${path}' must be a date-time`, RES_REFUND);
  try {
    return /^\d{4}-\d{2}-\d{2}$/.test(v) ? Temporal.Instant.from(`${v}T00:00:00Z`).toString() : Temporal.Instant.from(v).toString();
  } catch {
    throw invalidValue(`'${path}' must be a date-time such as 2024-07-23T16:39:09Z: ${v}`, RES_REFUND);
  }
}

/**
 * The refund the gateway's news makes (reject: the whole payment; chargeback: the amount given):
 * external, already settled, in the payment's method type, with the page's reason code. What the
 * payment applies is unapplied first as far as the refund needs it.
 */
async function gatewayRefund(ctx: Ctx, p: PaymentRow, amount: Money, b: Body, reason: string, transactionType: string | null): Promise<RefundRow> {
  const need = amount.minus(unappliedOf(p));
  if (need.gt(0)) await unapplyAll(ctx, p, need);
  const fresh = await mustFindPayment(ctx, p.id, true);
  const body: Body = { type: 'External', methodType: methodTypeOfPayment(fresh), reasonCode: reason, refundDate: ctx.today().toString() < fresh.effective_date ? fresh.effective_date : ctx.today().toString() };
  const { refund } = await refundUnapplied(ctx, fresh, { type: 'External', amount, body });
  const t = now(ctx);
  await store.updateRefund(ctx, refund.id, {
    gateway_state: 'Settled',
    settled_on: instantOf(b.settledOn, 'settledOn') ?? t,
    gateway_response: str(b, 'gatewayResponse', 'gatewayResponse', 255, RES_REFUND) ?? null,
    gateway_response_code: str(b, 'gatewayResponseCode', 'gatewayResponseCode', 20, RES_REFUND) ?? null,
    reference_id: str(b, 'referenceId', 'referenceId', 100, RES_REFUND) ?? null,
    second_reference_id: str(b, 'secondReferenceId', 'secondReferenceId', 100, RES_REFUND) ?? null,
    refund_transaction_type: transactionType,
  });
  return mustFindRefund(ctx, refund.id);
}

async function gatewayPayment(ctx: Ctx, key: string, what: string): Promise<PaymentRow> {
  const p = await mustFindPayment(ctx, key, true);
  if (p.type !== 'Electronic') throw ruleViolation(`The payment ${p.number} is External: only electronic payments are ${what} by a gateway`, RES_REFUND);
  if (p.status !== 'Processed') throw ruleViolation(`The payment ${p.number} is ${p.status}: only a processed payment can be ${what}`, RES_REFUND);
  if (p.gateway_state === 'FailedToSettle') throw ruleViolation(`The payment ${p.number} already failed to settle`, RES_REFUND);
  return p;
}

/**
 * POST /v1/gateway-settlement/payments/{key}/reject ("Reject a payment", without Asynchronous Payment
 * Statuses): the payment's gateway state becomes FailedToSettle and a refund of what is left of the
 * payment is made (reason code "Payment Rejection"); answers the refund.
 */
export async function rejectPayment(ctx: Ctx, key: string, b: Body): Promise<RefundRow> {
  onlyKeys(b, ['gatewayReconciliationReason', 'gatewayReconciliationStatus', 'gatewayResponse', 'gatewayResponseCode', 'referenceId', 'secondReferenceId', 'settledOn'], '', 'a payment rejection', RES_REFUND);
  const p = await gatewayPayment(ctx, key, 'rejected');
  if (p.gateway_state === 'Settled') throw ruleViolation(`The payment ${p.number} is settled: a settled payment is reversed (chargeback), not rejected`, RES_REFUND);
  const left = new D(p.amount).minus(p.refund_amount);
  if (left.lte(0)) throw ruleViolation(`The payment ${p.number} is refunded whole: nothing is left to reject`, RES_REFUND);
  const refund = await gatewayRefund(ctx, p, left, b, 'Payment Rejection', null);
  await store.updatePayment(ctx, p.id, {
    gateway_state: 'FailedToSettle',
    gateway_reconciliation_reason: str(b, 'gatewayReconciliationReason', 'gatewayReconciliationReason', 255, RES_REFUND) ?? p.gateway_reconciliation_reason,
    gateway_reconciliation_status: str(b, 'gatewayReconciliationStatus', 'gatewayReconciliationStatus', 40, RES_REFUND) ?? p.gateway_reconciliation_status,
    updated_at: now(ctx),
    updated_by: actor(ctx),
  });
  return refund;
}

/**
 * POST /v1/gateway-settlement/payments/{key}/chargeback ("Reverse a payment", without Asynchronous
 * Payment Statuses): the payment's gateway state becomes Settled and a refund of the amount given is
 * made (reason code "Payment Reversal", transaction type Chargeback); answers the refund.
 */
export async function reversePayment(ctx: Ctx, key: string, b: Body): Promise<RefundRow> {
  onlyKeys(b, ['amount', 'gatewayReconciliationReason', 'gatewayReconciliationStatus', 'gatewayResponse', 'gatewayResponseCode', 'payoutId', 'referenceId', 'secondReferenceId', 'settledOn'], '', 'a payment chargeback', RES_REFUND);
  if (b.payoutId !== undefined) throw notImplemented(`payouts ('payoutId') in gateway reconciliation`);
  const p = await gatewayPayment(ctx, key, 'charged back');
  const amount = amountOf(b, 'amount', 'amount', p.currency, { required: true, resource: RES_REFUND })!;
  const left = new D(p.amount).minus(p.refund_amount);
  if (amount.gt(left)) throw ruleViolation(`'amount' ${amount.toFixed()} exceeds what is left of the payment ${p.number} (${left.toFixed()})`, RES_REFUND);
  const refund = await gatewayRefund(ctx, p, amount, b, 'Payment Reversal', 'Chargeback');
  const t = now(ctx);
  await store.updatePayment(ctx, p.id, {
    gateway_state: 'Settled',
    settled_on: p.settled_on ?? t,
    gateway_reconciliation_reason: str(b, 'gatewayReconciliationReason', 'gatewayReconciliationReason', 255, RES_REFUND) ?? p.gateway_reconciliation_reason,
    gateway_reconciliation_status: str(b, 'gatewayReconciliationStatus', 'gatewayReconciliationStatus', 40, RES_REFUND) ?? p.gateway_reconciliation_status,
    updated_at: t,
    updated_by: actor(ctx),
  });
  return refund;
}
