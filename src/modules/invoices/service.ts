/**
 * Invoices: made from the items a bill run (or an order's runBilling) proposes, numbered through the
 * sequence sets, due by the account's payment term, Draft → Posted or Draft → Canceled, and deleted
 * once no longer wanted (Draft or Canceled). An invoice's amount is the sum of its items; its
 * balance is what is still owed (no payments exist yet, so a posted invoice's balance is its amount).
 */
import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { customFieldRules, mergeCustomFields, parseCustomFields, pickCustomFields, type CustomFieldRules, type CustomFields } from '../../platform/custom-fields.js';
import { formatDateTime, parseDate, Temporal } from '../../platform/dates.js';
import { Category, errorCode, invalidValue, invoiceNotFound, missingField, notFound, ruleViolation, ZuoraError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { D, toDbAmount, toJsonNumber, type Money } from '../../platform/money.js';
import { getAccountByKey, type AccountRecord } from '../accounts/service.js';
import type { BilledItem, ProposedItem } from '../billing/contract.js';
import { nextDocumentNumber } from '../sequence-sets/service.js';
import { billingRules, dueDate, paymentTerm } from '../settings/contract.js';
import { usageLedger } from '../usage/contract.js';
import { billingCreditMemos } from './credit-memo-port.js';
import { settledAmounts, type InvoiceSettledAmounts } from './settled-amounts.js';
import * as store from './store.js';

type Obj = Record<string, unknown>;

/** Resource code of the invoice errors Zuora's samples show (59210020: "Only invoices with Draft status can be posted."). */
export const RES_INVOICE = 592100;

/** POST /v1/invoices/bulk-post takes at most 50 invoices (its page). */
export const MAX_BULK_POST = 50;

export const isoNow = (ctx: Ctx) => ctx.now().toString();
export const stamp = (ctx: Ctx, iso: string | null) => (iso ? formatDateTime(Temporal.Instant.from(iso), ctx.tenant.timezone) : null);
const num = (v: string | null) => (v === null ? null : toJsonNumber(v));

// ---------------------------------------------------------------- making documents

/** Where a billing document comes from: a bill run (sourceId its number) or an order's runBilling (sourceId the order number). */
export interface DocumentSource {
  source: 'BillRun' | 'API';
  sourceId: string | null;
  billRunId: string | null;
}

export interface MakeDocumentsInput extends DocumentSource {
  accountId: string;
  /** The account (`accountId`'s) as the caller read it in this transaction: a bill run reads its accounts at once. */
  account?: AccountRecord;
  items: ProposedItem[];
  invoiceDate: string;
  targetDate: string;
  /** Post the document at once (a bill run with autoPost). */
  post?: boolean;
  /** The reason code of a credit memo made (an order's billingOptions.creditMemoReasonCode). */
  creditMemoReasonCode?: string | null;
}

export interface MadeDocument {
  kind: 'invoice' | 'creditMemo';
  id: string;
  number: string;
  amount: string;
}

/**
 * What a net negative bill run result becomes. Zuora's rule "Invoice/Credit Memo generation rule"
 * (Rules for generating invoices and credit memos) defaults, with Invoice Settlement, to "Create
 * credit memos for net negative invoice totals": a negative total is a credit memo for the whole
 * result, a zero or positive one an invoice. Without credit memos Zuora makes a negative invoice
 * ('NegativeInvoice'). A pure rule: the caller passes the tenant's choice.
 */
export type NegativeResultRule = 'CreditMemoForNetNegative' | 'NegativeInvoice';
export function documentKindFor(total: Money, rule: NegativeResultRule): 'invoice' | 'creditMemo' {
  return total.isNegative() && rule === 'CreditMemoForNetNegative' ? 'creditMemo' : 'invoice';
}

/**
 * The tenant's generation rule. The Settings API's billing rules carry no field for it (Zuora's
 * comparison table lists none), so every tenant has Zuora's Invoice Settlement default.
 */
export async function negativeResultRule(_ctx: Ctx): Promise<NegativeResultRule> {
  return 'CreditMemoForNetNegative';
}

export async function requireAccount(ctx: Ctx, id: string): Promise<AccountRecord> {
  const a = await getAccountByKey(ctx, id);
  if (!a) throw notFound(`Cannot find the account with key ${id}`);
  return a;
}

/** The due date of an invoice dated `invoiceDate` for the account: its payment term, Due Upon Receipt when the term is gone. */
export async function dueDateFor(ctx: Ctx, account: AccountRecord, invoiceDate: string): Promise<string> {
  const term = await paymentTerm(ctx, account.paymentTerm);
  const d = parseDate(invoiceDate)!;
  return (term ? dueDate(d, term) : d).toString();
}

export function itemRow(ctx: Ctx, documentId: string, accountId: string, seq: number, p: ProposedItem, amount: Money, chargeDate: string): store.ItemRow {
  return {
    id: newId(),
    tenant_id: ctx.tenant.id,
    document_id: documentId,
    account_id: accountId,
    seq,
    subscription_id: p.subscriptionId,
    subscription_number: p.subscriptionNumber,
    rate_plan_id: p.ratePlanId,
    product_id: p.productId,
    product_name: p.productName,
    product_rate_plan_id: p.productRatePlanId,
    product_rate_plan_charge_id: p.productRatePlanChargeId,
    charge_id: p.chargeId,
    original_charge_id: p.originalChargeId,
    charge_number: p.chargeNumber,
    charge_name: p.chargeName,
    charge_type: p.chargeType,
    charge_model: p.chargeModel,
    processing_type: p.processingType,
    service_start_date: p.serviceStartDate,
    service_end_date: p.serviceEndDate,
    quantity: p.quantity,
    unit_price: p.unitPrice,
    uom: p.uom,
    amount: toDbAmount(amount),
    tax_amount: '0',
    balance: toDbAmount(amount),
    applied_to_charge_number: p.appliedToChargeNumber,
    applied_to_item_id: null,
    credits_item_id: p.creditsItemId,
    charge_date: chargeDate,
  };
}

/** Discount items point at the item of the charge they discount (appliedToItemId), when it is on the same document. */
export function linkDiscounts(rows: store.ItemRow[]): void {
  for (const r of rows) {
    if (r.processing_type !== 'Discount' || !r.applied_to_charge_number) continue;
    const target = rows.find((x) => x.processing_type === 'Charge' && x.charge_number === r.applied_to_charge_number && x.service_start_date === r.service_start_date);
    r.applied_to_item_id = target?.id ?? null;
  }
}

/**
 * Makes the billing document for one account's proposed items (nothing when there are none): an
 * invoice, or a credit memo when the result is net negative and the tenant's rule says so. The
 * usage records rated into an item become Processed. Runs in the caller's transaction.
 */
export async function makeDocuments(ctx: Ctx, input: MakeDocumentsInput): Promise<MadeDocument | null> {
  if (!input.items.length) return null;
  const account = input.account ?? (await requireAccount(ctx, input.accountId));
  const total = input.items.reduce((t: Money, i) => t.plus(i.amount), new D(0));
  if (documentKindFor(total, await negativeResultRule(ctx)) === 'creditMemo') return billingCreditMemos().create(ctx, account, input, total);

  const id = newId();
  const now = isoNow(ctx);
  const number = await nextDocumentNumber(ctx, 'invoice', account.sequenceSetId);
  const rows = input.items.map((p, i) => itemRow(ctx, id, account.id, i, p, new D(p.amount), now));
  linkDiscounts(rows);
  const types = new Set(input.items.map((i) => i.chargeType));
  await store.insertInvoice(ctx, {
    id,
    tenant_id: ctx.tenant.id,
    invoice_number: number,
    account_id: account.id,
    account_number: account.accountNumber,
    status: 'Draft',
    invoice_date: input.invoiceDate,
    target_date: input.targetDate,
    due_date: await dueDateFor(ctx, account, input.invoiceDate),
    currency: account.currency,
    amount: toDbAmount(total),
    amount_without_tax: toDbAmount(total),
    tax_amount: '0',
    balance: toDbAmount(total),
    payment_term: account.paymentTerm,
    comments: null,
    auto_pay: account.autoPay ? 1 : 0,
    transferred_to_accounting: 'No',
    bill_run_id: input.billRunId,
    source: input.source,
    source_id: input.sourceId,
    source_type: 'Subscription',
    sequence_set_id: account.sequenceSetId,
    // the account's template, or the tenant's default one (as Zuora renders an invoice)
    template_id: account.invoiceTemplateId ?? ctx.tenant.defaultInvoiceTemplateId ?? null,
    communication_profile_id: account.communicationProfileId,
    bill_to_contact_id: account.billToContactId,
    sold_to_contact_id: account.soldToContactId,
    ship_to_contact_id: account.shipToContactId,
    includes_one_time: types.has('OneTime') ? 1 : 0,
    includes_recurring: types.has('Recurring') ? 1 : 0,
    includes_usage: types.has('Usage') ? 1 : 0,
    posted_date: null,
    posted_on: null,
    cancelled_on: null,
    custom_fields: '{}',
    created_at: now,
    updated_at: now,
  });
  await store.insertItems(ctx, 'invoice_items', rows);
  for (const [i, p] of input.items.entries()) if (p.usageRecordIds.length) await usageLedger.markProcessed(ctx, p.usageRecordIds, rows[i]!.id);
  if (input.post) await postInvoiceRow(ctx, (await store.findInvoice(ctx, id))!, {});
  return { kind: 'invoice', id, number, amount: toDbAmount(total) };
}

// ---------------------------------------------------------------- the ledger billing reads

/** What is billed for an account: items of its Draft and Posted invoices (signed) and the credit memos billing made (as credits). */
export async function billedItems(ctx: Ctx, accountId: string): Promise<BilledItem[]> {
  const invoiceItems = (await store.billedItemsOfAccount(ctx, accountId)).map((r) => ({ ...r, credit: false }));
  const memoItems = (await billingCreditMemos().creditedItems(ctx, accountId)).map((r) => ({ ...r, credit: true }));
  return [...invoiceItems, ...memoItems]
    .filter((r) => r.original_charge_id)
    .map((r) => ({
      itemId: r.id,
      originalChargeId: r.original_charge_id!,
      serviceStartDate: r.service_start_date,
      serviceEndDate: r.service_end_date,
      amount: r.credit ? new D(r.amount).negated().toFixed() : r.amount,
      quantity: r.quantity,
      processingType: r.processing_type === 'Discount' ? 'Discount' : 'Charge',
      creditsItemId: r.credits_item_id,
      appliedToChargeNumber: r.applied_to_charge_number,
      unitPrice: r.unit_price,
    }));
}

// ---------------------------------------------------------------- reads

export async function requireInvoice(ctx: Ctx, key: string): Promise<store.InvoiceRow> {
  const r = await store.findInvoice(ctx, key);
  if (!r) throw invoiceNotFound(key);
  return r;
}

/** GET /v1/invoices/{invoiceKey}: every field of the schema Zuora sends for a subscription invoice; unset ones null. */
export function invoiceView(ctx: Ctx, r: store.InvoiceRow, settled: InvoiceSettledAmounts = {}, rules?: CustomFieldRules): Obj {
  return {
    success: true,
    id: r.id,
    invoiceNumber: r.invoice_number,
    accountId: r.account_id,
    status: r.status,
    invoiceDate: r.invoice_date,
    targetDate: r.target_date,
    dueDate: r.due_date,
    currency: r.currency,
    amount: num(r.amount),
    amountWithoutTax: num(r.amount_without_tax),
    taxAmount: num(r.tax_amount),
    taxExemptAmount: 0,
    balance: num(r.balance),
    adjustmentAmount: 0,
    creditBalanceAdjustmentAmount: num(settled.creditBalanceAdjustmentAmount ?? '0'),
    creditMemoAmount: num(settled.creditMemoAmount ?? '0'),
    paymentAmount: num(settled.paymentAmount ?? '0'),
    refundAmount: num(settled.refundAmount ?? '0'),
    discount: 0,
    autoPay: r.auto_pay === 1,
    comments: r.comments,
    paymentTerm: r.payment_term,
    billRunId: r.bill_run_id,
    source: r.source,
    sourceId: r.source_id,
    sourceType: r.source_type,
    sequenceSetId: r.sequence_set_id,
    templateId: r.template_id,
    communicationProfileId: r.communication_profile_id,
    billToContactId: r.bill_to_contact_id,
    soldToContactId: r.sold_to_contact_id,
    shipToContactId: r.ship_to_contact_id,
    billToContactSnapshotId: null,
    soldToContactSnapshotId: null,
    shipToContactSnapshotId: null,
    includesOneTime: r.includes_one_time === 1,
    includesRecurring: r.includes_recurring === 1,
    includesUsage: r.includes_usage === 1,
    invoiceGroupNumber: null,
    lastEmailSentDate: null,
    transferredToAccounting: r.transferred_to_accounting,
    postedBy: null,
    postedDate: r.posted_date,
    createdById: null,
    createdDate: stamp(ctx, r.created_at),
    updatedById: null,
    updatedDate: stamp(ctx, r.updated_at),
    // the tenant's Invoice custom field definitions, if any: every defined field, null when unset
    ...(rules ? rules.read(r.custom_fields) : parseCustomFields(r.custom_fields)),
  };
}

export async function getInvoice(ctx: Ctx, key: string): Promise<Obj> {
  const r = await requireInvoice(ctx, key);
  return invoiceView(ctx, r, await settledAmounts(ctx, r.id), await customFieldRules(ctx, 'Invoice'));
}

/** One invoice item as GET /v1/invoices/{key}/items shows it. */
export function itemView(ctx: Ctx, i: store.ItemRow, soldToContactId: string | null): Obj {
  return {
    id: i.id,
    chargeId: i.charge_id,
    chargeName: i.charge_name,
    chargeType: i.charge_type,
    chargeDescription: null,
    chargeAmount: num(i.amount),
    chargeDate: stamp(ctx, i.charge_date),
    taxAmount: num(i.tax_amount),
    balance: num(i.balance),
    processingType: i.processing_type,
    appliedToItemId: i.applied_to_item_id,
    productName: i.product_name,
    productRatePlanChargeId: i.product_rate_plan_charge_id,
    quantity: num(i.quantity),
    unitPrice: num(i.unit_price),
    unitOfMeasure: i.uom,
    serviceStartDate: i.service_start_date,
    serviceEndDate: i.service_end_date,
    subscriptionId: i.subscription_id,
    subscriptionName: i.subscription_number,
    soldToContactId,
    soldToContactSnapshotId: null,
    sourceItemType: 'SubscriptionComponent',
    taxationItems: { data: [] },
  };
}

export async function getInvoiceItems(ctx: Ctx, key: string, page: { limit: number; offset: number }): Promise<{ invoice: store.InvoiceRow; items: Obj[] }> {
  const inv = await requireInvoice(ctx, key);
  const rows = await store.itemsOf(ctx, 'invoice_items', inv.id, page.limit, page.offset);
  return { invoice: inv, items: rows.map((i) => itemView(ctx, i, inv.sold_to_contact_id)) };
}

/**
 * The invoices of an account, newest first, as the (legacy) GET /v1/transactions/invoices/accounts/{key}
 * lists them: each with its items.
 */
export async function invoicesOfAccount(ctx: Ctx, accountKey: string, page: { limit: number; offset: number }): Promise<Obj[]> {
  const account = await getAccountByKey(ctx, accountKey);
  if (!account) throw notFound(`Cannot find the account with key ${accountKey}`);
  const rows = await store.invoicesOfAccount(ctx, account.id, page.limit, page.offset);
  const out: Obj[] = [];
  for (const r of rows) {
    const items = await store.itemsOf(ctx, 'invoice_items', r.id);
    out.push({
      id: r.id,
      accountId: r.account_id,
      accountNumber: r.account_number,
      accountName: account.name,
      invoiceNumber: r.invoice_number,
      invoiceDate: r.invoice_date,
      dueDate: r.due_date,
      invoiceTargetDate: r.target_date,
      amount: num(r.amount),
      balance: num(r.balance),
      creditBalanceAdjustmentAmount: 0,
      status: r.status,
      createdBy: null,
      body: null,
      invoiceFiles: [],
      invoiceItems: items.map((i) => ({
        id: i.id,
        subscriptionName: i.subscription_number,
        subscriptionId: i.subscription_id,
        serviceStartDate: i.service_start_date,
        serviceEndDate: i.service_end_date,
        chargeAmount: num(i.amount),
        chargeDescription: null,
        chargeName: i.charge_name,
        chargeId: i.charge_id,
        productName: i.product_name,
        quantity: num(i.quantity),
        taxAmount: num(i.tax_amount),
        unitOfMeasure: i.uom,
        processingType: i.processing_type,
      })),
    });
  }
  return out;
}

// ---------------------------------------------------------------- status changes

function dateArg(v: unknown, field: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || !parseDate(v)) throw invalidValue(`'${field}' must be a date in yyyy-mm-dd format, got ${JSON.stringify(v)}`, RES_INVOICE);
  return v;
}

/** Posts a Draft invoice (optionally with a new invoice date, which moves its due date). */
export async function postInvoiceRow(ctx: Ctx, r: store.InvoiceRow, opts: { invoiceDate?: string; customFields?: CustomFields }): Promise<void> {
  if (r.status !== 'Draft') throw new ZuoraError(errorCode(RES_INVOICE, Category.INVALID_VALUE), 'Only invoices with Draft status can be posted.');
  const set: Partial<store.InvoiceRow> = { status: 'Posted', posted_date: ctx.today().toString(), posted_on: isoNow(ctx), updated_at: isoNow(ctx) };
  if (opts.invoiceDate && opts.invoiceDate !== r.invoice_date) {
    set.invoice_date = opts.invoiceDate;
    set.due_date = await dueDateFor(ctx, await requireAccount(ctx, r.account_id), opts.invoiceDate);
  }
  if (opts.customFields && Object.keys(opts.customFields).length) set.custom_fields = mergeCustomFields(r.custom_fields, opts.customFields);
  await store.updateInvoice(ctx, r.id, set);
}

/**
 * POST /v1/invoices/bulk-post: each invoice is posted on its own (a savepoint each); one that cannot be
 * posted is answered with its reasons and does not stop the others.
 */
export async function bulkPost(ctx: Ctx, body: Obj): Promise<Obj> {
  const list = body.invoices;
  if (list === undefined || list === null) throw missingField(`'invoices' is required`, RES_INVOICE);
  if (!Array.isArray(list)) throw invalidValue(`'invoices' must be an array`, RES_INVOICE);
  if (!list.length) throw missingField(`'invoices' must name at least one invoice`, RES_INVOICE);
  if (list.length > MAX_BULK_POST) throw new ZuoraError(errorCode(RES_INVOICE, Category.LIMIT), `At most ${MAX_BULK_POST} invoices can be posted in one request; 'invoices' has ${list.length}`);
  // Shapes are checked first: a malformed entry fails the whole request and changes nothing.
  const rules = await customFieldRules(ctx, 'Invoice');
  const entries = list.map((e: unknown, i: number) => {
    if (e === null || typeof e !== 'object' || Array.isArray(e)) throw invalidValue(`'invoices[${i}]' must be an object`, RES_INVOICE);
    const o = e as Obj;
    if (typeof o.id !== 'string' || !o.id) throw missingField(`'invoices[${i}].id' is required`, RES_INVOICE);
    const unknown = Object.keys(o).find((k) => k !== 'id' && k !== 'invoiceDate' && !k.endsWith('__c'));
    if (unknown) throw invalidValue(`'invoices[${i}].${unknown}' is not a field of an invoice to post`, RES_INVOICE);
    return { id: o.id, invoiceDate: dateArg(o.invoiceDate, `invoices[${i}].invoiceDate`), customFields: rules.pick(o) };
  });
  const results: Obj[] = [];
  for (const e of entries) {
    await sql`savepoint zbill_bulk_post`.execute(ctx.db);
    try {
      const r = await store.findInvoice(ctx, e.id);
      if (!r) throw invoiceNotFound(e.id);
      await postInvoiceRow(ctx, r, e);
      results.push({ id: e.id, success: true });
    } catch (err) {
      if (!(err instanceof ZuoraError)) throw err;
      await sql`rollback to savepoint zbill_bulk_post`.execute(ctx.db);
      results.push({ id: e.id, success: false, reasons: err.reasons });
    }
    await sql`release savepoint zbill_bulk_post`.execute(ctx.db);
  }
  return { success: true, invoices: results };
}

/** Posts an invoice (a bill run's post). */
export async function postInvoice(ctx: Ctx, id: string, opts: { invoiceDate?: string } = {}): Promise<void> {
  await postInvoiceRow(ctx, await requireInvoice(ctx, id), opts);
}

/** Cancels a Draft invoice (Zuora: only a draft can be canceled; a posted one is unposted first). */
export async function cancelInvoice(ctx: Ctx, id: string): Promise<void> {
  const r = await requireInvoice(ctx, id);
  if (r.status === 'Canceled') return;
  if (r.status !== 'Draft') throw ruleViolation(`The invoice ${r.invoice_number} is ${r.status}: only a Draft invoice can be canceled`, RES_INVOICE);
  await store.updateInvoice(ctx, r.id, { status: 'Canceled', cancelled_on: isoNow(ctx), balance: '0', updated_at: isoNow(ctx) });
  await releaseUsage(ctx, r.id);
}

/** The usage records an invoice's items billed go back to Pending (it was canceled or is deleted): the next bill run rates them again. */
async function releaseUsage(ctx: Ctx, invoiceId: string): Promise<void> {
  const items = await store.itemsOf(ctx, 'invoice_items', invoiceId);
  const usage = items.filter((i) => i.charge_type === 'Usage').map((i) => i.id);
  if (usage.length) await usageLedger.releaseProcessed(ctx, usage);
}

/**
 * Told of each invoice DELETE /v1/invoices/{key} deletes, with the operation job id its answer carries
 * (the billing module keeps the job, for GET /v1/operations/jobs/{jobId}).
 */
export const invoiceDeletedHooks: Array<(ctx: Ctx, e: { invoiceId: string; jobId: string }) => Promise<void>> = [];

/** DELETE /v1/invoices/{key}: a Draft or Canceled invoice goes with its items; a posted one must be unposted first. */
export async function deleteInvoice(ctx: Ctx, key: string): Promise<Obj> {
  const r = await requireInvoice(ctx, key);
  if (r.status === 'Posted') throw ruleViolation(`The invoice ${r.invoice_number} is Posted: only a Draft or Canceled invoice can be deleted`, RES_INVOICE);
  await releaseUsage(ctx, r.id);
  await store.deleteInvoice(ctx, r.id);
  const jobId = newId();
  for (const h of invoiceDeletedHooks) await h(ctx, { invoiceId: r.id, jobId });
  return { success: true, id: r.id, jobId, jobStatus: 'Completed' };
}

/** Deletes a document the bill run made (its items too), whatever the invoice or memo. */
export async function deleteInvoiceById(ctx: Ctx, id: string): Promise<void> {
  await releaseUsage(ctx, id);
  await store.deleteInvoice(ctx, id);
}

// ---------------------------------------------------------------- update

export const UPDATE_FIELDS = new Set(['autoPay', 'comments', 'dueDate', 'invoiceDate', 'invoiceItems', 'transferredToAccounting', 'templateId']);
const TRANSFERRED = ['Processing', 'Yes', 'Error', 'Ignore'];

/**
 * PUT /v1/invoices/{key}. Posted invoices are locked but for autoPay, comments, transferredToAccounting,
 * the template and custom fields; the invoice and due dates change only on a Draft (one of them per
 * request, as the page says; a new invoice date moves the due date by the payment term). A Canceled
 * invoice changes no more. Item edits are for standalone invoices, which zbill does not make yet.
 */
export async function updateInvoice(ctx: Ctx, key: string, body: Obj): Promise<Obj> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalidValue('The request body must be a JSON object', RES_INVOICE);
  const r = await requireInvoice(ctx, key);
  for (const k of Object.keys(body)) {
    if (!UPDATE_FIELDS.has(k) && !k.endsWith('__c') && !k.endsWith('__NS')) throw invalidValue(`'${k}' is not a field of an invoice update`, RES_INVOICE);
  }
  if (r.status === 'Canceled') throw ruleViolation(`The invoice ${r.invoice_number} is Canceled and cannot be updated`, RES_INVOICE);
  const set: Partial<store.InvoiceRow> = {};
  if (body.invoiceDate !== undefined && body.dueDate !== undefined) throw invalidValue(`Only one of 'invoiceDate' and 'dueDate' can be given in one request`, RES_INVOICE);
  const invoiceDate = dateArg(body.invoiceDate, 'invoiceDate');
  const due = dateArg(body.dueDate, 'dueDate');
  if ((invoiceDate || due) && r.status !== 'Draft') throw ruleViolation(`The invoice ${r.invoice_number} is ${r.status}: its dates can be changed only while it is a Draft`, RES_INVOICE);
  if (invoiceDate) {
    set.invoice_date = invoiceDate;
    set.due_date = await dueDateFor(ctx, await requireAccount(ctx, r.account_id), invoiceDate);
  }
  if (due) {
    if (due < r.invoice_date) throw invalidValue(`'dueDate' (${due}) cannot be before the invoice date ${r.invoice_date}`, RES_INVOICE);
    set.due_date = due;
  }
  if (body.invoiceItems !== undefined && body.invoiceItems !== null) {
    // a Draft standalone invoice's items (standalone.ts; imported here when used, standalone.ts imports this file)
    const { editStandaloneItems } = await import('./standalone.js');
    await editStandaloneItems(ctx, r, body.invoiceItems);
  }
  if (body.autoPay !== undefined) {
    if (typeof body.autoPay !== 'boolean') throw invalidValue(`'autoPay' must be true or false`, RES_INVOICE);
    set.auto_pay = body.autoPay ? 1 : 0;
  }
  if (body.comments !== undefined) {
    if (body.comments !== null && typeof body.comments !== 'string') throw invalidValue(`'comments' must be a string`, RES_INVOICE);
    if (typeof body.comments === 'string' && body.comments.length > 255) throw invalidValue(`'comments' must be at most 255 characters`, RES_INVOICE);
    set.comments = body.comments === '' ? null : (body.comments as string | null);
  }
  if (body.transferredToAccounting !== undefined) {
    if (!TRANSFERRED.includes(body.transferredToAccounting as string)) throw invalidValue(`'transferredToAccounting' must be one of ${TRANSFERRED.join(', ')}`, RES_INVOICE);
    set.transferred_to_accounting = body.transferredToAccounting as string;
  }
  if (body.templateId !== undefined) {
    if (body.templateId !== null && typeof body.templateId !== 'string') throw invalidValue(`'templateId' must be a string`, RES_INVOICE);
    set.template_id = body.templateId as string | null;
  }
  const custom: CustomFields = (await customFieldRules(ctx, 'Invoice')).pick(body);
  for (const [k, v] of Object.entries(body)) {
    if (!k.endsWith('__NS')) continue;
    if (v !== null && typeof v !== 'string') throw invalidValue(`'${k}' must be a string`, RES_INVOICE);
    custom[k] = v as string | null;
  }
  if (Object.keys(custom).length) set.custom_fields = mergeCustomFields(r.custom_fields, custom);
  if (Object.keys(set).length) await store.updateInvoice(ctx, r.id, { ...set, updated_at: isoNow(ctx) });
  const u = (await store.findInvoice(ctx, r.id))!;
  return {
    success: true,
    id: u.id,
    number: u.invoice_number,
    accountId: u.account_id,
    invoiceDate: u.invoice_date,
    currency: u.currency,
    targetDate: u.target_date,
    dueDate: u.due_date,
    postedOn: stamp(ctx, u.posted_on),
    postedById: null,
    status: u.status,
    amount: num(u.amount),
    taxAmount: num(u.tax_amount),
    totalTaxExemptAmount: 0,
    balance: num(u.balance),
    discount: 0,
    comment: u.comments,
    autoPay: u.auto_pay === 1,
    // Zuora's sample answers false for an invoice not transferred
    transferredToAccounting: u.transferred_to_accounting === 'No' ? false : u.transferred_to_accounting,
    templateId: u.template_id,
    creditBalanceAdjustmentAmount: 0,
    createdDate: stamp(ctx, u.created_at),
    createdById: null,
    updatedDate: stamp(ctx, u.updated_at),
    updatedById: null,
    cancelledOn: stamp(ctx, u.cancelled_on),
    cancelledById: null,
    ...parseCustomFields(u.custom_fields),
  };
}

// ---------------------------------------------------------------- account figures

/** Balance figures of an account from its posted invoices (the accounts module sums them with the other modules' through its port). */
export async function accountFigures(ctx: Ctx, accountId: string) {
  const rules = await billingRules(ctx);
  const posted = await store.postedInvoicesOfAccount(ctx, accountId);
  const totalInvoiceBalance = posted.reduce((t: Money, i) => t.plus(i.balance), new D(0));
  // "Include invoices with negative totals in the Account Balance?" (includeNegativeInvoice)
  const balance = posted.filter((i) => rules.includeNegativeInvoice || !new D(i.amount).isNegative()).reduce((t: Money, i) => t.plus(i.balance), new D(0));
  return {
    balance: balance.toFixed(),
    totalInvoiceBalance: totalInvoiceBalance.toFixed(),
    // the newest posted invoice (a draft has not reached the customer)
    lastInvoiceDate: posted[0]?.invoice_date ?? null,
    invoices: posted.map((i) => ({ id: i.id, invoiceNumber: i.invoice_number, invoiceDate: i.invoice_date, dueDate: i.due_date, amount: i.amount, balance: i.balance, status: i.status })),
  };
}
