/**
 * Credit memos, minimal: the ones a bill run makes when an account's result is net negative (the
 * tenant's invoice/credit memo generation rule), with their items, readable at GET /v1/credit-memos/{key}
 * and its items, posted and canceled with their bill run. The memos issue grows the rest here.
 */
import type { Ctx } from '../../platform/context.js';
import { notFound, ruleViolation } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { D, toDbAmount, toJsonNumber, type Money } from '../../platform/money.js';
import type { AccountRecord } from '../accounts/service.js';
import { nextDocumentNumber } from '../sequence-sets/service.js';
import type { MadeDocument, MakeDocumentsInput } from './service.js';
import { isoNow, itemRow, linkDiscounts, stamp } from './service.js';
import * as store from './store.js';

type Obj = Record<string, unknown>;
const RES_CREDIT_MEMO = 593100;
const num = (v: string | null) => (v === null ? null : toJsonNumber(v));

/** A credit memo for a net negative result: each item keeps what it credits as a positive amount. */
export async function createCreditMemo(ctx: Ctx, account: AccountRecord, input: MakeDocumentsInput, total: Money): Promise<MadeDocument> {
  const id = newId();
  const now = isoNow(ctx);
  const number = await nextDocumentNumber(ctx, 'creditMemo', account.sequenceSetId);
  const rows = input.items.map((p, i) => itemRow(ctx, id, account.id, i, p, new D(p.amount).negated(), now));
  linkDiscounts(rows);
  const amount = total.negated();
  await store.insertMemo(ctx, {
    id,
    tenant_id: ctx.tenant.id,
    memo_number: number,
    account_id: account.id,
    account_number: account.accountNumber,
    status: 'Draft',
    memo_date: input.invoiceDate,
    target_date: input.targetDate,
    currency: account.currency,
    amount: toDbAmount(amount),
    tax_amount: '0',
    unapplied_amount: toDbAmount(amount),
    bill_run_id: input.billRunId,
    source: input.source,
    source_id: input.sourceId,
    source_type: 'Subscription',
    sequence_set_id: account.sequenceSetId,
    reason_code: input.creditMemoReasonCode ?? null,
    bill_to_contact_id: account.billToContactId,
    sold_to_contact_id: account.soldToContactId,
    posted_on: null,
    cancelled_on: null,
    created_at: now,
    updated_at: now,
  });
  await store.insertItems(ctx, 'credit_memo_items', rows);
  if (input.post) await postMemo(ctx, id);
  return { kind: 'creditMemo', id, number, amount: toDbAmount(amount) };
}

async function requireMemo(ctx: Ctx, key: string): Promise<store.MemoRow> {
  const m = await store.findMemo(ctx, key);
  if (!m) throw notFound(`The credit memo ${key} does not exist`, RES_CREDIT_MEMO);
  return m;
}

export async function postMemo(ctx: Ctx, id: string): Promise<void> {
  const m = await requireMemo(ctx, id);
  if (m.status !== 'Draft') throw ruleViolation(`The credit memo ${m.memo_number} is ${m.status}: only a Draft credit memo can be posted`, RES_CREDIT_MEMO);
  await store.updateMemo(ctx, id, { status: 'Posted', posted_on: isoNow(ctx), updated_at: isoNow(ctx) });
}

export async function cancelMemo(ctx: Ctx, id: string): Promise<void> {
  const m = await requireMemo(ctx, id);
  if (m.status === 'Canceled') return;
  if (m.status !== 'Draft') throw ruleViolation(`The credit memo ${m.memo_number} is ${m.status}: only a Draft credit memo can be canceled`, RES_CREDIT_MEMO);
  await store.updateMemo(ctx, id, { status: 'Canceled', cancelled_on: isoNow(ctx), unapplied_amount: '0', updated_at: isoNow(ctx) });
}

export async function deleteMemoById(ctx: Ctx, id: string): Promise<void> {
  await store.deleteMemo(ctx, id);
}

/** GET /v1/credit-memos/{creditMemoKey} */
export async function getCreditMemo(ctx: Ctx, key: string): Promise<Obj> {
  const m = await requireMemo(ctx, key);
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
    appliedAmount: 0,
    refundAmount: 0,
    unappliedAmount: num(m.unapplied_amount),
    autoApplyUponPosting: false,
    excludeFromAutoApplyRules: false,
    billToContactId: m.bill_to_contact_id,
    billToContactSnapshotId: null,
    comment: null,
    reasonCode: m.reason_code,
    referredInvoiceId: null,
    reversed: false,
    sequenceSetId: m.sequence_set_id,
    source: m.source,
    sourceId: m.source_id,
    sourceType: m.source_type,
    latestPDFFileId: null,
    invoiceGroupNumber: null,
    taxMessage: null,
    taxStatus: null,
    transferredToAccounting: 'No',
    postedById: null,
    postedOn: stamp(ctx, m.posted_on),
    cancelledById: null,
    cancelledOn: stamp(ctx, m.cancelled_on),
    createdById: null,
    createdDate: stamp(ctx, m.created_at),
    updatedById: null,
    updatedDate: stamp(ctx, m.updated_at),
  };
}

/** GET /v1/credit-memos/{creditMemoKey}/items */
export async function getCreditMemoItems(ctx: Ctx, key: string, page: { limit: number; offset: number }): Promise<Obj[]> {
  const m = await requireMemo(ctx, key);
  const rows = await store.itemsOf(ctx, 'credit_memo_items', m.id, page.limit, page.offset);
  return rows.map((i) => ({
    id: i.id,
    amount: num(i.amount),
    amountWithoutTax: num(i.amount),
    appliedAmount: 0,
    refundAmount: 0,
    unappliedAmount: num(i.balance),
    appliedToItemId: i.applied_to_item_id,
    comment: null,
    creditFromItemId: i.credits_item_id,
    creditFromItemSource: i.credits_item_id ? 'InvoiceItem' : null,
    processingType: i.processing_type,
    quantity: num(i.quantity),
    unitPrice: num(i.unit_price),
    unitOfMeasure: i.uom,
    serviceStartDate: i.service_start_date,
    serviceEndDate: i.service_end_date,
    sku: null,
    skuName: i.charge_name,
    sourceItemId: i.charge_id,
    sourceItemType: 'SubscriptionComponent',
    subscriptionId: i.subscription_id,
    soldToContactId: m.sold_to_contact_id,
    soldToContactSnapshotId: null,
    taxMode: 'TaxExclusive',
    taxationItems: { data: [] },
    createdById: null,
    createdDate: stamp(ctx, i.charge_date),
    updatedById: null,
    updatedDate: stamp(ctx, i.charge_date),
  }));
}
