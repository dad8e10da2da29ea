/**
 * Standalone invoices (Zuora "Create a standalone invoice", POST /v1/invoices, and "Create standalone
 * invoices", POST /v1/invoices/batch): an invoice for an account made from the request's items, each
 * either an existing product rate plan charge (its name, uom and product come from the catalog whatever
 * the request says, as "Create standalone invoices through the REST API" gives it) or a free-form charge
 * (chargeName required). Mandatory: the account, invoiceDate, and each item's amount and serviceStartDate.
 * Numbered from the account's sequence set unless invoiceNumber is given; due by the payment term (the
 * request's, else the account's) unless dueDate is given; Draft unless status is Posted. Item amounts are
 * rounded by the currency's rule; the invoice's amount is their sum. Source API, sourceType Standalone.
 *
 * Not built (501): tax items and tax codes/modes (the taxation work), discount items, contacts and
 * sequence sets chosen per invoice, custom exchange rates, revenue and accounting codes per item.
 */
import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { customFieldRules, mergeCustomFields, type CustomFields } from '../../platform/custom-fields.js';
import { parseDate, Temporal } from '../../platform/dates.js';
import { Category, errorCode, invalidValue, missingField, notImplemented, ruleViolation, ZuoraError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { D, toDbAmount, type Money } from '../../platform/money.js';
import { getAccountByKey, type AccountRecord } from '../accounts/service.js';
import { roundForCurrency } from '../billing/rating/rounding.js';
import { catalogReader } from '../catalog/service.js';
import { nextDocumentNumber } from '../sequence-sets/service.js';
import { dueDate as termDueDate, paymentTerm } from '../settings/contract.js';
import { settledAmounts } from './settled-amounts.js';
import { dueDateFor, invoiceView, isoNow, postInvoiceRow, RES_INVOICE } from './service.js';
import * as store from './store.js';

type Obj = Record<string, unknown>;

/** "The maximum number of invoice items is 1,000." (both operations' pages) */
export const MAX_STANDALONE_ITEMS = 1000;
/** "You can create a maximum of 50 invoices in one request." (Create standalone invoices) */
export const MAX_STANDALONE_INVOICES = 50;
/** invoiceNumber: at most 32 characters of a-z, A-Z, 0-9, - and _ (the page). */
const NUMBER_RE = /^[A-Za-z0-9_-]{1,32}$/;
const TRANSFERRED = ['Processing', 'Error', 'Ignore', 'Yes', 'No'];

const INVOICE_FIELDS = ['accountId', 'accountNumber', 'autoPay', 'comments', 'currency', 'dueDate', 'invoiceDate', 'invoiceItems', 'invoiceNumber', 'paymentTerm', 'status', 'templateId', 'transferredToAccounting'];
const INVOICE_UNSUPPORTED = ['billToContact', 'billToContactId', 'soldToContact', 'soldToContactId', 'shipToContact', 'shipToContactId', 'soldToSameAsBillTo', 'shipToSameAsBillTo', 'sequenceSet', 'customRates'];
const ITEM_FIELDS = ['amount', 'chargeDate', 'chargeName', 'productRatePlanChargeId', 'quantity', 'serviceEndDate', 'serviceStartDate', 'unitPrice', 'uom'];
const ITEM_UNSUPPORTED = [
  'taxItems', 'taxCode', 'taxMode', 'discountItems', 'description', 'sku', 'purchaseOrderNumber', 'bookingReference', 'itemType',
  'accountingCode', 'adjustmentLiabilityAccountingCode', 'adjustmentRevenueAccountingCode', 'contractAssetAccountingCode', 'contractLiabilityAccountingCode',
  'contractRecognizedRevenueAccountingCode', 'deferredRevenueAccountingCode', 'recognizedRevenueAccountingCode', 'unbilledReceivablesAccountingCode',
  'excludeItemBillingFromRevenueAccounting', 'revRecCode', 'revRecTriggerCondition', 'revenueRecognitionRuleName',
];

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const given = (v: unknown) => v !== undefined && v !== null;

function str(v: unknown, field: string, max = 255): string | undefined {
  if (!given(v)) return undefined;
  if (typeof v !== 'string') throw invalidValue(`'${field}' must be a string`, RES_INVOICE);
  if (v.length > max) throw invalidValue(`'${field}' must be at most ${max} characters`, RES_INVOICE);
  return v === '' ? undefined : v;
}
function date(v: unknown, field: string): string | undefined {
  if (!given(v)) return undefined;
  if (typeof v !== 'string' || !parseDate(v)) throw invalidValue(`'${field}' must be a date in yyyy-mm-dd format, got ${JSON.stringify(v)}`, RES_INVOICE);
  return v;
}
function decimal(v: unknown, field: string): Money | undefined {
  if (!given(v)) return undefined;
  if ((typeof v !== 'number' && typeof v !== 'string') || (typeof v === 'string' && !/^-?\d+(\.\d+)?$/.test(v.trim()))) throw invalidValue(`'${field}' must be a number`, RES_INVOICE);
  const d = new D(v);
  if (!d.isFinite()) throw invalidValue(`'${field}' must be a number`, RES_INVOICE);
  return d;
}
function bool(v: unknown, field: string): boolean | undefined {
  if (!given(v)) return undefined;
  if (typeof v !== 'boolean') throw invalidValue(`'${field}' must be true or false`, RES_INVOICE);
  return v;
}
function checkFields(o: Obj, known: string[], unsupported: string[], prefix: string): void {
  for (const k of Object.keys(o)) {
    if (known.includes(k) || k.endsWith('__c') || k.endsWith('__NS')) continue;
    if (unsupported.includes(k)) {
      if (o[k] === null || (Array.isArray(o[k]) && !(o[k] as unknown[]).length) || o[k] === false) continue;
      throw notImplemented(`'${prefix}${k}' on standalone invoices`);
    }
    throw invalidValue(`'${prefix}${k}' is not a field of a standalone invoice`, RES_INVOICE);
  }
}

/** "yyyy-mm-dd hh:mm:ss" (or a date alone) in the tenant's zone, as the instant the item row keeps. */
function chargeInstant(ctx: Ctx, v: unknown, field: string): string | undefined {
  if (!given(v)) return undefined;
  const m = typeof v === 'string' ? /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}:\d{2}))?$/.exec(v) : null;
  if (!m || !parseDate(m[1]!)) throw invalidValue(`'${field}' must be a date-time in yyyy-mm-dd hh:mm:ss format, got ${JSON.stringify(v)}`, RES_INVOICE);
  try {
    return Temporal.PlainDateTime.from(`${m[1]}T${m[2] ?? '00:00:00'}`).toZonedDateTime(ctx.tenant.timezone).toInstant().toString();
  } catch {
    throw invalidValue(`'${field}' must be a date-time in yyyy-mm-dd hh:mm:ss format, got ${JSON.stringify(v)}`, RES_INVOICE);
  }
}

/** Makes one standalone invoice in the caller's transaction; answers it in the operation's response shape. */
export async function createStandaloneInvoice(ctx: Ctx, body: unknown, prefix = ''): Promise<Obj> {
  if (!isObj(body)) throw invalidValue(`'${prefix || 'body'}' must be a JSON object`, RES_INVOICE);
  const p = prefix ? `${prefix}.` : '';
  checkFields(body, INVOICE_FIELDS, INVOICE_UNSUPPORTED, p);
  const accountId = str(body.accountId, `${p}accountId`, 32);
  const accountNumber = str(body.accountNumber, `${p}accountNumber`, 70);
  if (!accountId && !accountNumber) throw missingField(`'${p}accountId' or '${p}accountNumber' is required`, RES_INVOICE);
  const account = await getAccountByKey(ctx, (accountId ?? accountNumber)!);
  if (!account || (accountId && account.id !== accountId && account.accountNumber !== accountId)) throw invalidValue(`'${p}accountId': the account ${accountId ?? accountNumber} does not exist`, RES_INVOICE);
  if (accountId && accountNumber && account.accountNumber !== accountNumber) throw invalidValue(`'${p}accountId' (${accountId}) and '${p}accountNumber' (${accountNumber}) name different accounts`, RES_INVOICE);
  if (account.status !== 'Active') throw ruleViolation(`The account ${account.accountNumber} is ${account.status}: invoices are made only for an Active account`, RES_INVOICE);
  const currency = str(body.currency, `${p}currency`, 3);
  if (currency && currency !== account.currency) throw notImplemented(`a standalone invoice in a currency other than the account's (${account.currency}; Multiple Currencies)`);

  const invoiceDate = date(body.invoiceDate, `${p}invoiceDate`);
  if (!invoiceDate) throw missingField(`'${p}invoiceDate' is required`, RES_INVOICE);
  const requestedDue = date(body.dueDate, `${p}dueDate`);
  if (requestedDue && requestedDue < invoiceDate) throw invalidValue(`'${p}dueDate' (${requestedDue}) cannot be before the invoice date ${invoiceDate}`, RES_INVOICE);
  const termName = str(body.paymentTerm, `${p}paymentTerm`, 100);
  let termLabel = account.paymentTerm ?? null;
  let due: string;
  if (termName) {
    const term = await paymentTerm(ctx, termName);
    if (!term) throw invalidValue(`'${p}paymentTerm' ${termName} is not a payment term of this tenant (see GET /settings/payment-terms)`, RES_INVOICE);
    if (!term.active) throw invalidValue(`'${p}paymentTerm' ${term.name} is not active`, RES_INVOICE);
    termLabel = term.name;
    due = requestedDue ?? termDueDate(parseDate(invoiceDate)!, term).toString();
  } else due = requestedDue ?? (await dueDateFor(ctx, account, invoiceDate));

  const status = str(body.status, `${p}status`, 20) ?? 'Draft';
  if (status !== 'Draft' && status !== 'Posted') throw invalidValue(`'${p}status' must be Draft or Posted`, RES_INVOICE);
  const number = str(body.invoiceNumber, `${p}invoiceNumber`, 32);
  if (number !== undefined) {
    if (!NUMBER_RE.test(number)) throw invalidValue(`'${p}invoiceNumber' may hold only a-z, A-Z, 0-9, - and _ (at most 32 characters)`, RES_INVOICE);
    if (await store.findInvoice(ctx, number)) throw ruleViolation(`An invoice numbered ${number} already exists`, RES_INVOICE);
  }
  const transferred = str(body.transferredToAccounting, `${p}transferredToAccounting`, 20);
  if (transferred && !TRANSFERRED.includes(transferred)) throw invalidValue(`'${p}transferredToAccounting' must be one of ${TRANSFERRED.join(', ')}`, RES_INVOICE);
  const comments = str(body.comments, `${p}comments`, 255) ?? null;
  const templateId = str(body.templateId, `${p}templateId`, 32);
  const autoPay = bool(body.autoPay, `${p}autoPay`) ?? false;
  const custom: CustomFields = (await customFieldRules(ctx, 'Invoice')).pick(body);
  for (const [k, v] of Object.entries(body)) {
    if (!k.endsWith('__NS')) continue;
    if (v !== null && typeof v !== 'string') throw invalidValue(`'${p}${k}' must be a string`, RES_INVOICE);
    custom[k] = v as string | null;
  }

  const list = body.invoiceItems;
  if (!given(list)) throw missingField(`'${p}invoiceItems' is required`, RES_INVOICE);
  if (!Array.isArray(list)) throw invalidValue(`'${p}invoiceItems' must be an array`, RES_INVOICE);
  if (!list.length) throw missingField(`'${p}invoiceItems' must hold at least one item`, RES_INVOICE);
  if (list.length > MAX_STANDALONE_ITEMS) throw new ZuoraError(errorCode(RES_INVOICE, Category.LIMIT), `At most ${MAX_STANDALONE_ITEMS} invoice items can be created in one request; '${p}invoiceItems' has ${list.length}`);

  const id = newId();
  const now = isoNow(ctx);
  const rows: store.ItemRow[] = [];
  for (const [n, e] of list.entries()) rows.push(await buildItem(ctx, account, id, n, e, `${p}invoiceItems[${n}].`, now));
  const invoiceNumber = number ?? (await nextDocumentNumber(ctx, 'invoice', account.sequenceSetId));
  await store.insertInvoice(ctx, {
    id,
    tenant_id: ctx.tenant.id,
    invoice_number: invoiceNumber,
    account_id: account.id,
    account_number: account.accountNumber,
    status: 'Draft',
    invoice_date: invoiceDate,
    target_date: null,
    due_date: due,
    currency: account.currency,
    ...itemFigures(rows),
    payment_term: termLabel,
    comments,
    auto_pay: autoPay ? 1 : 0,
    transferred_to_accounting: transferred ?? 'No',
    bill_run_id: null,
    source: 'API',
    source_id: null,
    source_type: 'Standalone',
    sequence_set_id: account.sequenceSetId,
    template_id: templateId ?? account.invoiceTemplateId ?? ctx.tenant.defaultInvoiceTemplateId ?? null,
    communication_profile_id: account.communicationProfileId,
    bill_to_contact_id: account.billToContactId,
    sold_to_contact_id: account.soldToContactId,
    ship_to_contact_id: account.shipToContactId,
    posted_date: null,
    posted_on: null,
    cancelled_on: null,
    custom_fields: mergeCustomFields('{}', custom),
    created_at: now,
    updated_at: now,
  });
  await store.insertItems(ctx, 'invoice_items', rows);
  if (status === 'Posted') await postInvoiceRow(ctx, (await store.findInvoice(ctx, id))!, {});
  return standaloneView(ctx, (await store.findInvoice(ctx, id))!);
}


/** One new item of a standalone invoice from its request entry (create, or an item added by an update). */
async function buildItem(ctx: Ctx, account: AccountRecord, id: string, seq: number, e: unknown, ip: string, now: string): Promise<store.ItemRow> {
  if (!isObj(e)) throw invalidValue(`'${ip.slice(0, -1)}' must be an object`, RES_INVOICE);
  checkFields(e, ITEM_FIELDS, ITEM_UNSUPPORTED, ip);
  for (const k of Object.keys(e)) if (k.endsWith('__c') || k.endsWith('__NS')) throw notImplemented(`custom fields of standalone invoice items ('${ip}${k}')`);
  const raw = decimal(e.amount, `${ip}amount`);
  if (raw === undefined) throw missingField(`'${ip}amount' is required`, RES_INVOICE);
  const amount = roundForCurrency(raw, account.currency);
  const start = date(e.serviceStartDate, `${ip}serviceStartDate`);
  if (!start) throw missingField(`'${ip}serviceStartDate' is required`, RES_INVOICE);
  // no end date given: the item serves one day, its start (zbill's choice; the page gives no default)
  const end = date(e.serviceEndDate, `${ip}serviceEndDate`) ?? start;
  if (end < start) throw invalidValue(`'${ip}serviceEndDate' (${end}) cannot be before '${ip}serviceStartDate' (${start})`, RES_INVOICE);
  const quantity = decimal(e.quantity, `${ip}quantity`);
  if (quantity && quantity.isNegative()) throw invalidValue(`'${ip}quantity' cannot be negative`, RES_INVOICE);
  const unitPrice = decimal(e.unitPrice, `${ip}unitPrice`);
  const chargeDate = chargeInstant(ctx, e.chargeDate, `${ip}chargeDate`) ?? now;
  const prpcId = str(e.productRatePlanChargeId, `${ip}productRatePlanChargeId`, 32);
  const base = {
    id: newId(),
    tenant_id: ctx.tenant.id,
    document_id: id,
    account_id: account.id,
    seq,
    subscription_id: null,
    subscription_number: null,
    rate_plan_id: null,
    charge_id: null,
    original_charge_id: null,
    charge_number: null,
    processing_type: 'Charge',
    service_start_date: start,
    service_end_date: end,
    amount: toDbAmount(amount),
    tax_amount: '0',
    balance: toDbAmount(amount),
    applied_to_charge_number: null,
    applied_to_item_id: null,
    credits_item_id: null,
    charge_date: chargeDate,
  };
  if (prpcId) {
    const charge = await catalogReader.getCharge(ctx, prpcId);
    if (!charge) throw invalidValue(`'${ip}productRatePlanChargeId': the product rate plan charge ${prpcId} does not exist`, RES_INVOICE);
    if (charge.chargeModel.startsWith('Discount')) throw notImplemented(`standalone invoice items of discount charges ('${ip}productRatePlanChargeId')`);
    const plan = await catalogReader.getRatePlan(ctx, charge.productRatePlanId);
    const q = quantity ?? (charge.defaultQuantity ? new D(charge.defaultQuantity) : new D(1));
    const listPrice = charge.pricing.find((x) => x.currency === account.currency)?.price ?? null;
    return {
      ...base,
      product_id: plan?.productId ?? null,
      product_name: plan?.productName ?? null,
      product_rate_plan_id: charge.productRatePlanId,
      product_rate_plan_charge_id: charge.id,
      charge_name: charge.name,
      charge_type: charge.chargeType,
      charge_model: charge.chargeModel,
      quantity: q.toFixed(),
      unit_price: unitPrice ? unitPrice.toFixed() : listPrice,
      uom: charge.uom,
    };
  }
  const chargeName = str(e.chargeName, `${ip}chargeName`, 255);
  if (!chargeName) throw missingField(`'${ip}chargeName' is required when '${ip}productRatePlanChargeId' is not given`, RES_INVOICE);
  const q = quantity ?? new D(1);
  return {
    ...base,
    product_id: null,
    product_name: null,
    product_rate_plan_id: null,
    product_rate_plan_charge_id: null,
    charge_name: chargeName,
    charge_type: 'OneTime',
    charge_model: null,
    quantity: q.toFixed(),
    // a free-form item's unit price, when not given, is its amount per unit
    unit_price: unitPrice ? unitPrice.toFixed() : q.isZero() ? toDbAmount(amount) : amount.div(q).toFixed(),
    uom: str(e.uom, `${ip}uom`, 100) ?? null,
  };
}

/** The keys of the operation's response (its sample), from the invoice view; success last as Zuora sends it. */
const RESPONSE_KEYS = [
  'id', 'invoiceNumber', 'accountId', 'amount', 'amountWithoutTax', 'discount', 'invoiceDate', 'dueDate', 'autoPay', 'comments', 'status', 'taxAmount',
  'taxExemptAmount', 'transferredToAccounting', 'sourceType', 'billToContactId', 'soldToContactId', 'templateId', 'paymentTerm', 'sequenceSetId',
  'adjustmentAmount', 'balance', 'billToContactSnapshotId', 'creditMemoAmount', 'includesOneTime', 'includesRecurring', 'includesUsage',
  'lastEmailSentDate', 'paymentAmount', 'postedBy', 'postedDate', 'refundAmount', 'soldToContactSnapshotId', 'source', 'sourceId', 'targetDate',
  'createdById', 'createdDate', 'updatedById', 'updatedDate', 'billRunId', 'currency', 'invoiceGroupNumber',
];

async function standaloneView(ctx: Ctx, r: store.InvoiceRow): Promise<Obj> {
  const v = invoiceView(ctx, r, await settledAmounts(ctx, r.id), await customFieldRules(ctx, 'Invoice'));
  const out: Obj = {};
  for (const k of RESPONSE_KEYS) out[k] = v[k] ?? null;
  // the sample's tax fields of an invoice without taxes
  out.taxMessage = null;
  out.taxStatus = 'Complete';
  for (const [k, val] of Object.entries(v)) if (k.endsWith('__c') || k.endsWith('__NS')) out[k] = val;
  out.success = true;
  return out;
}

/**
 * POST /v1/invoices/batch: up to 50 standalone invoices. With useSingleTransaction true the request is
 * one transaction (the first invoice that fails fails it, nothing is made); otherwise (the default) each
 * invoice is made on its own (a savepoint each) and one that fails answers its reasons in its place.
 */
export async function createStandaloneInvoices(ctx: Ctx, body: unknown): Promise<Obj> {
  if (!isObj(body)) throw invalidValue('The request body must be a JSON object', RES_INVOICE);
  const unknown = Object.keys(body).find((k) => k !== 'invoices' && k !== 'useSingleTransaction');
  if (unknown) throw invalidValue(`'${unknown}' is not a field of a standalone invoices request`, RES_INVOICE);
  const single = bool(body.useSingleTransaction, 'useSingleTransaction') ?? false;
  const list = body.invoices;
  if (!given(list)) throw missingField(`'invoices' is required`, RES_INVOICE);
  if (!Array.isArray(list)) throw invalidValue(`'invoices' must be an array`, RES_INVOICE);
  if (!list.length) throw missingField(`'invoices' must hold at least one invoice`, RES_INVOICE);
  if (list.length > MAX_STANDALONE_INVOICES) throw new ZuoraError(errorCode(RES_INVOICE, Category.LIMIT), `At most ${MAX_STANDALONE_INVOICES} invoices can be created in one request; 'invoices' has ${list.length}`);
  const items = list.reduce((t: number, e) => t + (isObj(e) && Array.isArray(e.invoiceItems) ? e.invoiceItems.length : 0), 0);
  if (items > MAX_STANDALONE_ITEMS) throw new ZuoraError(errorCode(RES_INVOICE, Category.LIMIT), `At most ${MAX_STANDALONE_ITEMS} invoice items can be created in one request; the invoices hold ${items}`);
  const invoices: Obj[] = [];
  for (const [i, e] of list.entries()) {
    if (single) {
      invoices.push(await createStandaloneInvoice(ctx, e, `invoices[${i}]`));
      continue;
    }
    await sql`savepoint zbill_standalone`.execute(ctx.db);
    try {
      invoices.push(await createStandaloneInvoice(ctx, e, `invoices[${i}]`));
    } catch (err) {
      if (!(err instanceof ZuoraError)) throw err;
      await sql`rollback to savepoint zbill_standalone`.execute(ctx.db);
      invoices.push({ success: false, reasons: err.reasons });
    }
    await sql`release savepoint zbill_standalone`.execute(ctx.db);
  }
  return { invoices, success: true };
}

// ---------------------------------------------------------------- item edits of a draft standalone invoice

const EDIT_FIELDS = ['id', 'delete', 'amount', 'chargeDate', 'chargeName', 'quantity', 'serviceEndDate', 'serviceStartDate', 'unitPrice', 'uom'];

/**
 * `invoiceItems` of PUT /v1/invoices/{key} and PUT /v1/invoices on a Draft standalone invoice ("Manage
 * invoice items of draft standalone invoices", "Edit invoice item prices … of draft standalone
 * invoices"): an entry without `id` adds an item (the create's rules), one with `id` and `delete: true`
 * deletes that item, one with `id` changes the fields it gives (a catalog item keeps the charge's name and
 * unit of measure). An item that carries tax is left to the taxation operations (refused), and the
 * invoice keeps at least one item. The invoice's amount, amount without tax and balance follow its items.
 */
export async function editStandaloneItems(ctx: Ctx, r: store.InvoiceRow, list: unknown): Promise<void> {
  if (r.source_type !== 'Standalone' || r.status !== 'Draft') throw ruleViolation(`'invoiceItems' can be changed only on a Draft standalone invoice; ${r.invoice_number} is ${r.status === 'Draft' ? `made by ${r.source === 'BillRun' ? 'a bill run' : 'an order'}` : r.status}`, RES_INVOICE);
  if (!Array.isArray(list)) throw invalidValue(`'invoiceItems' must be an array`, RES_INVOICE);
  if (list.length > MAX_STANDALONE_ITEMS) throw new ZuoraError(errorCode(RES_INVOICE, Category.LIMIT), `At most ${MAX_STANDALONE_ITEMS} invoice items can be given in one request; 'invoiceItems' has ${list.length}`);
  const account = await getAccountByKey(ctx, r.account_id);
  if (!account) throw invalidValue(`The account of ${r.invoice_number} no longer exists`, RES_INVOICE);
  const items = await store.itemsOf(ctx, 'invoice_items', r.id);
  const byId = new Map(items.map((i) => [i.id, i]));
  let seq = items.reduce((m, i) => Math.max(m, Number(i.seq)), -1) + 1;
  const now = isoNow(ctx);
  const added: store.ItemRow[] = [];
  for (const [n, e] of list.entries()) {
    const ip = `invoiceItems[${n}].`;
    if (!isObj(e)) throw invalidValue(`'invoiceItems[${n}]' must be an object`, RES_INVOICE);
    if (!given(e.id)) {
      if (given(e.delete)) throw invalidValue(`'${ip}delete' needs the item's 'id'`, RES_INVOICE);
      added.push(await buildItem(ctx, account, r.id, seq++, e, ip, now));
      continue;
    }
    checkFields(e, EDIT_FIELDS, ITEM_UNSUPPORTED, ip);
    const item = typeof e.id === 'string' ? byId.get(e.id) : undefined;
    if (!item) throw invalidValue(`'${ip}id': ${JSON.stringify(e.id)} is not an item of the invoice ${r.invoice_number}`, RES_INVOICE);
    if (!new D(item.tax_amount).isZero()) throw ruleViolation(`The item ${item.id} of ${r.invoice_number} carries tax: change its taxation items first`, RES_INVOICE);
    if (bool(e.delete, `${ip}delete`)) {
      await store.deleteInvoiceItem(ctx, r.id, item.id);
      byId.delete(item.id);
      continue;
    }
    const set: Partial<store.ItemRow> = {};
    const raw = decimal(e.amount, `${ip}amount`);
    if (raw !== undefined) set.amount = set.balance = toDbAmount(roundForCurrency(raw, account.currency));
    const start = date(e.serviceStartDate, `${ip}serviceStartDate`) ?? item.service_start_date;
    const end = date(e.serviceEndDate, `${ip}serviceEndDate`) ?? item.service_end_date;
    if (end < start) throw invalidValue(`'${ip}serviceEndDate' (${end}) cannot be before '${ip}serviceStartDate' (${start})`, RES_INVOICE);
    set.service_start_date = start;
    set.service_end_date = end;
    const quantity = decimal(e.quantity, `${ip}quantity`);
    if (quantity && quantity.isNegative()) throw invalidValue(`'${ip}quantity' cannot be negative`, RES_INVOICE);
    if (quantity) set.quantity = quantity.toFixed();
    const unitPrice = decimal(e.unitPrice, `${ip}unitPrice`);
    if (unitPrice) set.unit_price = unitPrice.toFixed();
    const chargeDate = chargeInstant(ctx, e.chargeDate, `${ip}chargeDate`);
    if (chargeDate) set.charge_date = chargeDate;
    const catalogItem = item.product_rate_plan_charge_id !== null;
    for (const [k, col] of [['chargeName', 'charge_name'], ['uom', 'uom']] as const) {
      const v = str(e[k], `${ip}${k}`, k === 'uom' ? 100 : 255);
      if (v === undefined) continue;
      if (catalogItem) throw invalidValue(`'${ip}${k}': the item of a product rate plan charge takes the charge's ${k === 'uom' ? 'unit of measure' : 'name'}`, RES_INVOICE);
      set[col] = v;
    }
    await store.updateItem(ctx, 'invoice_items', item.id, set);
  }
  if (added.length) await store.insertItems(ctx, 'invoice_items', added);
  const kept = await store.itemsOf(ctx, 'invoice_items', r.id);
  if (!kept.length) throw ruleViolation(`The invoice ${r.invoice_number} must keep at least one item`, RES_INVOICE);
  await store.updateInvoice(ctx, r.id, { ...itemFigures(kept), updated_at: now });
}

/** A Draft standalone invoice's figures from its items: totals with and without tax, balance (nothing settled yet), charge types. */
function itemFigures(items: store.ItemRow[]) {
  const without = items.reduce((t: Money, i) => t.plus(i.amount), new D(0));
  const tax = items.reduce((t: Money, i) => t.plus(i.tax_amount), new D(0));
  const types = new Set(items.map((i) => i.charge_type));
  return {
    amount_without_tax: toDbAmount(without),
    tax_amount: toDbAmount(tax),
    amount: toDbAmount(without.plus(tax)),
    balance: toDbAmount(without.plus(tax)),
    includes_one_time: types.has('OneTime') ? 1 : 0,
    includes_recurring: types.has('Recurring') ? 1 : 0,
    includes_usage: types.has('Usage') ? 1 : 0,
  };
}
