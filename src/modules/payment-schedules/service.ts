/**
 * Payment schedules (Zuora Payments: "Payment Schedules overview", "Create payment schedules", and the
 * Payment Schedules operations of the v1 API). A schedule collects payments of an account on dates: a
 * recurring one has `occurrences` items one `period` apart from `startDate` (rules.ts), a custom one the items
 * given. Each item, when its scheduled date and run hour come on the tenant clock (this module's due work, and
 * a job at the run hour), makes a payment through the payments contract (Electronic through the payment
 * method's gateway, or External for a method no gateway processes), applied to the schedule's (or the item's)
 * billing documents by due date, ascending, each up to its balance; the rest stays unapplied. The item records
 * the outcome: Processed with its payment, or Error with the gateway's or the payment rules' message (a declined
 * payment is kept and named by `paymentId`). Retry makes a new attempt of a Pending or Error item.
 */
import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { nextCounter } from '../../platform/counters.js';
import { CUSTOM_FIELD_RE, mergeCustomFields, parseCustomFields, pickCustomFields } from '../../platform/custom-fields.js';
import { formatDateTime, parseDate, Temporal } from '../../platform/dates.js';
import { Category, errorCode, invalidValue, missingField, notFound, notImplemented, ruleViolation, unknownField, ZuoraError } from '../../platform/errors.js';
import { formatNumber, newId } from '../../platform/ids.js';
import { enqueueJob } from '../../platform/jobs.js';
import { currencyPlaces, D, toDbAmount, toJsonNumber, type Money } from '../../platform/money.js';
import { getAccountByKey, type AccountRecord } from '../accounts/service.js';
import { readInvoice } from '../invoices/contract.js';
import { readMemo } from '../memos/contract.js';
import { getPaymentMethod, testGatewayId } from '../payment-methods/contract.js';
import { makePayment } from '../payments/contract.js';
import { itemAmounts, MAX_OCCURRENCES, nextDate, nthDate, PERIODS, scheduleDates, scheduleStatus, sum, type Period } from './rules.js';
import * as store from './store.js';
import type { ItemRow, ScheduleRow } from './store.js';

type Obj = Record<string, unknown>;

/** Resource code of payment schedule errors (Zuora's pages show none; a code of zbill's own, like the other objects'). */
export const RES_PAYMENT_SCHEDULE = 532100;
/** "The maximum number of payment schedules that can be created by a single request is 50." */
export const MAX_BATCH = 50;
/** "The maximum number of items allowable to pass is 10." (retry) */
export const MAX_RETRY = 10;
export const COLLECT_JOB = 'payment-schedules.collect';

const err = (m: string) => invalidValue(m, RES_PAYMENT_SCHEDULE);
const missing = (m: string) => missingField(m, RES_PAYMENT_SCHEDULE);
const rule = (m: string) => ruleViolation(m, RES_PAYMENT_SCHEDULE);
const limit = (m: string) => new ZuoraError(errorCode(RES_PAYMENT_SCHEDULE, Category.LIMIT), m);
const actor = (ctx: Ctx) => ctx.tenant.id;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const given = (o: Obj, k: string) => o[k] !== undefined && o[k] !== null;

const CREATE_FIELDS = ['accountId', 'accountNumber', 'amount', 'billingDocument', 'billingDocuments', 'currency', 'description', 'items', 'occurrences', 'paymentGatewayId', 'paymentMethodId', 'paymentOption', 'paymentScheduleNumber', 'period', 'prepayment', 'runHour', 'standalone', 'startDate', 'totalAmount'];
const ITEM_FIELDS = ['amount', 'billingDocument', 'currency', 'description', 'paymentGatewayId', 'paymentMethodId', 'paymentOption', 'runHour', 'scheduledDate', 'standalone', 'prepayment'];
const UPDATE_FIELDS = ['amount', 'currency', 'description', 'occurrences', 'paymentGatewayId', 'paymentMethodId', 'paymentOption', 'period', 'periodStartDate', 'runHour'];
const ITEM_UPDATE_FIELDS = ['amount', 'currency', 'description', 'linkPayments', 'paymentGatewayId', 'paymentMethodId', 'paymentOption', 'runHour', 'scheduledDate', 'unlinkPayments'];

function checkFields(body: unknown, allowed: string[], path: string, what: string): Obj {
  if (!isObj(body)) throw err(`'${path || 'body'}' must be a JSON object`);
  for (const k of Object.keys(body)) if (!allowed.includes(k) && !CUSTOM_FIELD_RE.test(k)) throw unknownField(`'${path ? `${path}.` : ''}${k}' is not a field of ${what}`, RES_PAYMENT_SCHEDULE);
  return body;
}

function date(v: unknown, field: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' || !parseDate(v)) throw err(`'${field}' must be a date in yyyy-mm-dd format, got ${JSON.stringify(v)}`);
  return v;
}

function text(v: unknown, field: string, max: number): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw err(`'${field}' must be a string`);
  if (v.length > max) throw err(`'${field}' is longer than ${max} characters`);
  return v;
}

function amount(v: unknown, field: string, currency: string): Money | null {
  if (v === undefined || v === null) return null;
  let d: Money;
  if (typeof v === 'number' && Number.isFinite(v)) d = new D(v);
  else if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) d = new D(v.trim());
  else throw err(`'${field}' must be a number, got ${JSON.stringify(v)}`);
  if (!d.greaterThan(0)) throw err(`'${field}' must be greater than 0, got ${d.toFixed()}`);
  if (d.decimalPlaces() > currencyPlaces(currency)) throw err(`'${field}' has more decimal places than the currency ${currency} allows (${currencyPlaces(currency)}): ${d.toFixed()}`);
  return d;
}

function runHour(v: unknown, field: string): number | null {
  if (v === undefined || v === null) return null;
  const n = typeof v === 'string' && /^\d{1,2}$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 23) throw err(`'${field}' must be an hour of the day, 0 to 23, got ${JSON.stringify(v)}`);
  return n;
}

function paymentOption(v: unknown, field: string): string | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v)) throw err(`'${field}' must be a list`);
  v.forEach((o, i) => {
    const x = checkFields(o, ['type', 'detail'], `${field}[${i}]`, 'a payment option');
    // "Currently, only the Gateway Options type is supported."
    if (x.type !== 'GatewayOptions') throw err(`'${field}[${i}].type' must be GatewayOptions`);
    if (x.detail !== undefined && !isObj(x.detail)) throw err(`'${field}[${i}].detail' must be an object`);
    for (const [k, d] of Object.entries((x.detail as Obj | undefined) ?? {})) if (d !== null && typeof d === 'object') throw err(`'${field}[${i}].detail.${k}' must be a string`);
  });
  return v.length ? JSON.stringify(v) : null;
}

function currencyOf(v: unknown, field: string, account: AccountRecord): string {
  if (v === undefined || v === null) return account.currency;
  if (typeof v !== 'string' || !/^[A-Za-z]{3}$/.test(v)) throw err(`'${field}' must be a 3-letter ISO 4217 currency code, got ${JSON.stringify(v)}`);
  const c = v.toUpperCase();
  if (c !== account.currency) throw notImplemented(`payment schedules in a currency other than the account's (${account.currency}): '${field}' is ${c}`);
  return c;
}

async function checkMethod(ctx: Ctx, v: unknown, field: string, account: AccountRecord): Promise<string | null> {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' || !v) throw err(`'${field}' must be a string`);
  const pm = await getPaymentMethod(ctx, v);
  if (!pm) throw err(`'${field}': the payment method ${v} does not exist`);
  if (pm.accountId && pm.accountId !== account.id) throw err(`'${field}': the payment method ${v} is not a payment method of the account ${account.accountNumber}`);
  return v;
}

function checkGateway(ctx: Ctx, v: unknown, field: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' || v !== testGatewayId(ctx.tenant.id)) throw err(`'${field}' does not name a payment gateway of this tenant (see GET /v1/paymentgateways): ${JSON.stringify(v)}`);
  return v;
}

interface DocRef {
  id: string;
  number: string;
  type: 'Invoice' | 'DebitMemo';
}

async function readDoc(ctx: Ctx, type: 'Invoice' | 'DebitMemo', key: string): Promise<{ ref: DocRef; accountId: string; status: string; balance: string; dueDate: string | null } | null> {
  if (type === 'Invoice') {
    const d = await readInvoice(ctx, key);
    return d ? { ref: { id: d.invoice.id, number: d.invoice.invoice_number, type }, accountId: d.invoice.account_id, status: d.invoice.status, balance: d.invoice.balance, dueDate: d.invoice.due_date } : null;
  }
  const m = await readMemo(ctx, 'debitMemo', key);
  if (!m) return null;
  const row = m.memo as unknown as { id: string; memo_number: string; account_id: string; status: string; balance: string; due_date: string | null };
  return { ref: { id: row.id, number: row.memo_number, type }, accountId: row.account_id, status: row.status, balance: row.balance, dueDate: row.due_date };
}

async function checkDoc(ctx: Ctx, v: unknown, field: string, account: AccountRecord): Promise<DocRef> {
  const o = checkFields(v, ['id', 'number', 'type'], field, 'a billing document');
  if (!given(o, 'type')) throw missing(`'${field}.type' is required`);
  if (o.type !== 'Invoice' && o.type !== 'DebitMemo') throw err(`'${field}.type' must be Invoice or DebitMemo, got ${JSON.stringify(o.type)}`);
  const key = o.id ?? o.number;
  if (typeof key !== 'string' || !key) throw missing(`'${field}.id' or '${field}.number' is required`);
  const d = await readDoc(ctx, o.type, key);
  const what = o.type === 'Invoice' ? 'invoice' : 'debit memo';
  if (!d || (o.id && d.ref.id !== o.id) || (o.number && d.ref.number !== o.number)) throw err(`'${field}': the ${what} ${key} does not exist`);
  if (d.accountId !== account.id) throw err(`'${field}': the ${what} ${d.ref.number} does not belong to the account ${account.accountNumber}`);
  if (d.status !== 'Posted') throw rule(`'${field}': the ${what} ${d.ref.number} is ${d.status}; payment schedules collect Posted billing documents only`);
  return d.ref;
}

async function requireAccount(ctx: Ctx, b: Obj): Promise<AccountRecord> {
  const id = b.accountId;
  const num = b.accountNumber;
  if (!given(b, 'accountId') && !given(b, 'accountNumber')) throw missing(`'accountId' or 'accountNumber' is required`);
  const byId = given(b, 'accountId') ? await getAccountByKey(ctx, String(id)) : undefined;
  if (given(b, 'accountId') && (!byId || byId.id !== id)) throw err(`'accountId': the account ${String(id)} does not exist`);
  const byNum = given(b, 'accountNumber') ? await getAccountByKey(ctx, String(num)) : undefined;
  if (given(b, 'accountNumber') && (!byNum || byNum.accountNumber !== num)) throw err(`'accountNumber': the account ${String(num)} does not exist`);
  if (byId && byNum && byId.id !== byNum.id) throw err(`'accountId' and 'accountNumber' name different accounts`);
  return (byId ?? byNum)!;
}

// ---------------------------------------------------------------- views

const stamp = (ctx: Ctx, iso: string | null) => (iso ? formatDateTime(Temporal.Instant.from(iso), ctx.tenant.timezone) : null);
const docsOf = (s: ScheduleRow) => JSON.parse(s.billing_documents) as DocRef[];

function itemView(ctx: Ctx, s: ScheduleRow, i: ItemRow): Obj {
  const docs = docsOf(s);
  const doc = i.billing_document ? (JSON.parse(i.billing_document) as DocRef) : docs.length === 1 ? docs[0]! : null;
  const option = i.payment_option ?? s.payment_option;
  return {
    id: i.id,
    // the spec types it a string, as the add-items and object query samples send it (others show a number)
    number: String(i.seq),
    paymentScheduleId: s.id,
    paymentScheduleNumber: s.number,
    scheduledDate: i.scheduled_date,
    runHour: i.run_hour,
    paymentMethodId: i.payment_method_id,
    paymentGatewayId: i.payment_gateway_id,
    paymentGatewayNumber: null,
    amount: toJsonNumber(i.amount),
    balance: toJsonNumber(i.balance),
    currency: i.currency,
    status: i.status,
    errorMessage: i.error_message,
    paymentId: i.payment_id,
    psiPayments: i.payment_id && i.status === 'Processed' ? [{ paymentId: i.payment_id }] : [],
    billingDocument: doc,
    description: i.description,
    ...(option ? { paymentOption: JSON.parse(option) } : {}),
    cancellationReason: i.cancellation_reason,
    cancelledById: i.cancelled_by,
    cancelledOn: stamp(ctx, i.cancelled_on),
    createdDate: stamp(ctx, i.created_at),
    createdById: i.created_by,
    updatedDate: stamp(ctx, i.updated_at),
    updatedById: i.updated_by,
    ...parseCustomFields(i.custom_fields),
  };
}

async function scheduleView(ctx: Ctx, s: ScheduleRow, items: ItemRow[], shown?: ItemRow[]): Promise<Obj> {
  const account = await getAccountByKey(ctx, s.account_id);
  const docs = docsOf(s);
  const pending = items.filter((i) => i.status === 'Pending');
  const processed = items.filter((i) => i.status === 'Processed');
  const latest = processed.reduce<string | null>((m, i) => (m === null || i.scheduled_date > m ? i.scheduled_date : m), null);
  return {
    id: s.id,
    paymentScheduleNumber: s.number,
    accountId: s.account_id,
    accountNumber: account?.accountNumber ?? null,
    startDate: s.start_date,
    runHour: s.run_hour,
    period: s.period,
    occurrences: items.length,
    status: scheduleStatus(items.map((i) => i.status), s.canceled === 1),
    totalAmount: toJsonNumber(sum(items.map((i) => i.amount))),
    nextPaymentDate: pending.reduce<string | null>((m, i) => (m === null || i.scheduled_date < m ? i.scheduled_date : m), null),
    recentPaymentDate: latest,
    totalPaymentsProcessed: processed.length,
    totalPaymentsErrored: items.filter((i) => i.status === 'Error').length,
    description: s.description,
    isCustom: s.is_custom === 1,
    prepayment: false,
    billingDocument: docs.length === 1 ? docs[0]! : null,
    billingDocuments: docs,
    ...(s.payment_option ? { paymentOption: JSON.parse(s.payment_option) } : {}),
    createdDate: stamp(ctx, s.created_at),
    createdById: s.created_by,
    updatedDate: stamp(ctx, s.updated_at),
    updatedById: s.updated_by,
    cancelledById: s.cancelled_by,
    cancelledOn: stamp(ctx, s.cancelled_on),
    cancelDate: s.cancel_date,
    ...parseCustomFields(s.custom_fields),
    items: (shown ?? items).map((i) => itemView(ctx, s, i)),
  };
}

/** Keeps the schedule's figures of its items (status, total, counts) on its row, for the object query. */
async function refresh(ctx: Ctx, id: string): Promise<void> {
  const s = (await store.find(ctx, id))!;
  const items = await store.itemsOf(ctx, [id]);
  await store.update(ctx, id, {
    status: scheduleStatus(items.map((i) => i.status), s.canceled === 1),
    total_amount: toDbAmount(sum(items.map((i) => i.amount))),
    occurrences: items.length,
    processed_count: items.filter((i) => i.status === 'Processed').length,
    errored_count: items.filter((i) => i.status === 'Error').length,
  });
}

async function fullView(ctx: Ctx, id: string): Promise<Obj> {
  await refresh(ctx, id);
  const s = (await store.find(ctx, id))!;
  return { ...(await scheduleView(ctx, s, await store.itemsOf(ctx, [s.id]))), success: true };
}

async function requireSchedule(ctx: Ctx, key: string, lock = false): Promise<ScheduleRow> {
  const s = await store.find(ctx, key, lock);
  if (!s) throw notFound(`The payment schedule ${key} does not exist`, RES_PAYMENT_SCHEDULE);
  return s;
}

async function requireItem(ctx: Ctx, id: string): Promise<{ s: ScheduleRow; item: ItemRow }> {
  const item = await store.findItem(ctx, id);
  if (!item) throw notFound(`The payment schedule item ${id} does not exist`, RES_PAYMENT_SCHEDULE);
  const s = (await store.find(ctx, item.schedule_id, true))!;
  return { s, item: (await store.findItem(ctx, id))! };
}

// ---------------------------------------------------------------- create

interface ItemInput {
  scheduledDate: string;
  runHour: number;
  amount: Money;
  currency: string;
  paymentMethodId: string | null;
  paymentGatewayId: string | null;
  description: string | null;
  billingDocument: DocRef | null;
  paymentOption: string | null;
  customFields: Record<string, unknown>;
}

function itemRow(ctx: Ctx, s: Pick<ScheduleRow, 'id' | 'account_id'>, seq: number, i: ItemInput, now: string): ItemRow {
  return {
    id: newId(),
    tenant_id: ctx.tenant.id,
    schedule_id: s.id,
    account_id: s.account_id,
    seq,
    scheduled_date: i.scheduledDate,
    run_hour: i.runHour,
    payment_method_id: i.paymentMethodId,
    payment_gateway_id: i.paymentGatewayId,
    amount: toDbAmount(i.amount),
    balance: toDbAmount(i.amount),
    currency: i.currency,
    status: 'Pending',
    error_message: null,
    payment_id: null,
    billing_document: i.billingDocument ? JSON.stringify(i.billingDocument) : null,
    description: i.description,
    payment_option: i.paymentOption,
    cancellation_reason: null,
    cancelled_by: null,
    cancelled_on: null,
    custom_fields: mergeCustomFields(null, i.customFields as never),
    created_by: actor(ctx),
    created_at: now,
    updated_by: actor(ctx),
    updated_at: now,
  };
}

async function readCustomItems(ctx: Ctx, v: unknown, field: string, account: AccountRecord, docs: DocRef[]): Promise<ItemInput[]> {
  if (!Array.isArray(v)) throw err(`'${field}' must be a list`);
  if (!v.length) throw missing(`'${field}' must hold at least one payment schedule item`);
  if (v.length > MAX_OCCURRENCES) throw limit(`A payment schedule takes at most ${MAX_OCCURRENCES} payment schedule items; '${field}' has ${v.length}`);
  const out: ItemInput[] = [];
  for (const [n, raw] of v.entries()) {
    const p = `${field}[${n}]`;
    const o = checkFields(raw, ITEM_FIELDS, p, 'a payment schedule item');
    if (o.standalone === true) throw notImplemented(`standalone payments ('${p}.standalone': true)`);
    if (o.prepayment === true) throw notImplemented(`reserved payments for Prepaid Cash with Drawdown ('${p}.prepayment': true)`);
    const scheduledDate = date(o.scheduledDate, `${p}.scheduledDate`);
    if (!scheduledDate) throw missing(`'${p}.scheduledDate' is required`);
    const currency = currencyOf(o.currency, `${p}.currency`, account);
    const a = amount(o.amount, `${p}.amount`, currency);
    if (!a) throw missing(`'${p}.amount' is required`);
    const doc = given(o, 'billingDocument') ? await checkDoc(ctx, o.billingDocument, `${p}.billingDocument`, account) : null;
    if (doc && docs.length && !docs.some((d) => d.id === doc.id)) throw err(`'${p}.billingDocument': the ${doc.number} is not one of the payment schedule's billing documents`);
    out.push({
      scheduledDate,
      runHour: runHour(o.runHour, `${p}.runHour`) ?? 0,
      amount: a,
      currency,
      paymentMethodId: await checkMethod(ctx, o.paymentMethodId, `${p}.paymentMethodId`, account),
      paymentGatewayId: checkGateway(ctx, o.paymentGatewayId, `${p}.paymentGatewayId`),
      description: text(o.description, `${p}.description`, 255),
      billingDocument: doc,
      paymentOption: paymentOption(o.paymentOption, `${p}.paymentOption`),
      customFields: pickCustomFields(o),
    });
  }
  return out;
}

function occurrencesOf(v: unknown, field: string, min = 1): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw err(`'${field}' must be an integer, got ${JSON.stringify(v)}`);
  if (v < min) throw err(`'${field}' must be at least ${min}, got ${v}`);
  if (v > MAX_OCCURRENCES) throw limit(`'${field}' is at most ${MAX_OCCURRENCES}, got ${v}`);
  return v;
}

/** POST /v1/payment-schedules: one schedule (recurring, or custom when `items` is given). */
export async function createSchedule(ctx: Ctx, raw: unknown, v330 = true): Promise<Obj> {
  const s = await insertSchedule(ctx, raw, '', v330);
  return fullView(ctx, s);
}

/**
 * `v330`: the request's Zuora-Version is 330.0 or later. Before it, the schedule-level `billingDocument` does not
 * exist ("available only if ... 330.0 or a later available version"): a custom schedule names each item's
 * billing document instead (docs/api-versions.md).
 */
async function insertSchedule(ctx: Ctx, raw: unknown, path: string, v330: boolean): Promise<string> {
  const b = checkFields(raw, CREATE_FIELDS, path, 'a payment schedule');
  const P = (f: string) => (path ? `${path}.${f}` : f);
  if (b.standalone === true) throw notImplemented(`standalone payments ('${P('standalone')}': true)`);
  if (b.prepayment === true) throw notImplemented(`reserved payments for Prepaid Cash with Drawdown ('${P('prepayment')}': true)`);
  if (!v330 && b.billingDocument !== undefined) throw unknownField(`'${P('billingDocument')}' is a field from Zuora-Version 330.0 on; before it, name each item's billingDocument (or send Zuora-Version: 330.0)`, RES_PAYMENT_SCHEDULE);
  const account = await requireAccount(ctx, b);
  const docs: DocRef[] = [];
  const addDoc = (d: DocRef) => {
    if (!docs.some((x) => x.id === d.id)) docs.push(d);
  };
  if (given(b, 'billingDocument')) addDoc(await checkDoc(ctx, b.billingDocument, P('billingDocument'), account));
  if (given(b, 'billingDocuments')) {
    if (!Array.isArray(b.billingDocuments)) throw err(`'${P('billingDocuments')}' must be a list`);
    for (const [n, d] of b.billingDocuments.entries()) addDoc(await checkDoc(ctx, d, `${P('billingDocuments')}[${n}]`, account));
  }
  const now = ctx.now().toString();
  let number: string;
  if (given(b, 'paymentScheduleNumber')) {
    number = text(b.paymentScheduleNumber, P('paymentScheduleNumber'), 50)!;
    // letters, digits and at most one inner '-', starting with a letter (the create page)
    if (!/^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)?$/.test(number)) throw err(`'${P('paymentScheduleNumber')}' must start with a letter and hold only A-Z, a-z, 0-9 and at most one inner '-': ${number}`);
    if (await store.numberTaken(ctx, number)) throw rule(`'${P('paymentScheduleNumber')}': the payment schedule number ${number} is already used`);
  } else {
    do number = formatNumber('PS-', await nextCounter(ctx, 'payment_schedule'));
    while (await store.numberTaken(ctx, number));
  }
  const custom = given(b, 'items');
  const row: ScheduleRow = {
    id: newId(),
    tenant_id: ctx.tenant.id,
    number,
    account_id: account.id,
    is_custom: custom ? 1 : 0,
    start_date: '',
    period: null,
    run_hour: 0,
    currency: account.currency,
    amount: null,
    canceled: 0,
    status: 'Active',
    total_amount: '0',
    occurrences: 0,
    processed_count: 0,
    errored_count: 0,
    description: text(b.description, P('description'), 255),
    payment_method_id: null,
    payment_gateway_id: null,
    payment_option: paymentOption(b.paymentOption, P('paymentOption')),
    billing_documents: JSON.stringify(docs),
    cancel_date: null,
    cancelled_by: null,
    cancelled_on: null,
    custom_fields: mergeCustomFields(null, pickCustomFields(b)),
    created_by: actor(ctx),
    created_at: now,
    updated_by: actor(ctx),
    updated_at: now,
  };
  let inputs: ItemInput[];
  if (custom) {
    // "This field will be ignored when items is specified" (amount, currency, occurrences, period, startDate, runHour, payment method and gateway)
    inputs = await readCustomItems(ctx, b.items, P('items'), account, docs);
    inputs.sort((x, y) => (x.scheduledDate < y.scheduledDate ? -1 : x.scheduledDate > y.scheduledDate ? 1 : x.runHour - y.runHour));
    row.start_date = inputs[0]!.scheduledDate;
    row.run_hour = inputs[0]!.runHour;
  } else {
    const start = date(b.startDate, P('startDate'));
    if (!start) throw missing(`'${P('startDate')}' is required when 'items' is not given`);
    if (!given(b, 'period')) throw missing(`'${P('period')}' is required when 'items' is not given`);
    if (!(PERIODS as readonly unknown[]).includes(b.period)) throw err(`'${P('period')}' must be one of ${PERIODS.join(', ')}, got ${JSON.stringify(b.period)}`);
    if (!given(b, 'occurrences')) throw missing(`'${P('occurrences')}' is required when 'items' is not given`);
    const count = occurrencesOf(b.occurrences, P('occurrences'));
    const currency = currencyOf(b.currency, P('currency'), account);
    const each = amount(b.amount, P('amount'), currency);
    const total = amount(b.totalAmount, P('totalAmount'), currency);
    if (each && total) throw err(`Give '${P('amount')}' or '${P('totalAmount')}', not both`);
    if (!each && !total) throw missing(`'${P('amount')}' or '${P('totalAmount')}' is required when 'items' is not given`);
    const places = currencyPlaces(currency);
    if (total && total.lessThan(new D(1).dividedBy(new D(10).pow(places)).times(count))) throw err(`'${P('totalAmount')}' ${total.toFixed()} cannot be split into ${count} payments of at least one minor unit`);
    const amounts = itemAmounts(count, places, each ? { amount: each } : { total: total! });
    const period = b.period as Period;
    const hour = runHour(b.runHour, P('runHour')) ?? 0;
    const pm = await checkMethod(ctx, b.paymentMethodId, P('paymentMethodId'), account);
    const gw = checkGateway(ctx, b.paymentGatewayId, P('paymentGatewayId'));
    Object.assign(row, { start_date: start, period, run_hour: hour, currency, amount: each ? toDbAmount(each) : null, payment_method_id: pm, payment_gateway_id: gw });
    const custom = pickCustomFields(b);
    inputs = scheduleDates(parseDate(start)!, period, count).map((d, n) => ({
      scheduledDate: d.toString(),
      runHour: hour,
      amount: amounts[n]!,
      currency,
      paymentMethodId: pm,
      paymentGatewayId: gw,
      description: row.description,
      billingDocument: null,
      paymentOption: null,
      // "The values will automatically be pushed to payment schedule items level"
      customFields: custom,
    }));
  }
  await store.insert(ctx, row);
  const rows = inputs.map((i, n) => itemRow(ctx, row, n + 1, i, now));
  await store.insertItems(ctx, rows);
  for (const r of rows) await arm(ctx, r);
  await refresh(ctx, row.id);
  return row.id;
}

/** POST /v1/payment-schedules/batch: up to 50 schedules, all or none. */
export async function createBatch(ctx: Ctx, raw: unknown, v330 = true): Promise<Obj> {
  const b = checkFields(raw, ['paymentSchedules'], '', 'a payment schedule batch');
  if (!given(b, 'paymentSchedules')) throw missing(`'paymentSchedules' is required`);
  if (!Array.isArray(b.paymentSchedules)) throw err(`'paymentSchedules' must be a list`);
  if (!b.paymentSchedules.length) throw missing(`'paymentSchedules' must hold at least one payment schedule`);
  if (b.paymentSchedules.length > MAX_BATCH) throw limit(`At most ${MAX_BATCH} payment schedules are created by one request; 'paymentSchedules' has ${b.paymentSchedules.length}`);
  const out: Obj[] = [];
  for (const [n, p] of b.paymentSchedules.entries()) {
    const id = await insertSchedule(ctx, p, `paymentSchedules[${n}]`, v330);
    out.push({ id, paymentScheduleNumber: (await store.find(ctx, id))!.number });
  }
  return { paymentSchedules: out, success: true };
}

// ---------------------------------------------------------------- reads

export async function getSchedule(ctx: Ctx, key: string): Promise<Obj> {
  const s = await requireSchedule(ctx, key);
  return fullView(ctx, s.id);
}

function countParam(v: unknown, field: string): number | null {
  if (v === undefined || v === null || v === '') return null;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw err(`'${field}' must be a non-negative integer, got ${JSON.stringify(v)}`);
  return n;
}

/** GET /v1/payment-schedules: the account's schedules (every schedule without an account), as the spec's bare list. */
export async function listSchedules(ctx: Ctx, query: Record<string, unknown>): Promise<Obj[]> {
  for (const k of Object.keys(query)) if (!['accountId', 'accountNumber', 'lastProcessedItems', 'nextPendingItems'].includes(k)) throw unknownField(`'${k}' is not a query parameter of GET /v1/payment-schedules`, RES_PAYMENT_SCHEDULE);
  let accountId: string | null = null;
  if (given(query, 'accountId') || given(query, 'accountNumber')) accountId = (await requireAccount(ctx, query)).id;
  const last = countParam(query.lastProcessedItems, 'lastProcessedItems');
  const next = countParam(query.nextPendingItems, 'nextPendingItems');
  const schedules = await store.list(ctx, accountId);
  const items = await store.itemsOf(ctx, schedules.map((s) => s.id));
  const out: Obj[] = [];
  for (const s of schedules) {
    const mine = items.filter((i) => i.schedule_id === s.id);
    let shown: ItemRow[] | undefined;
    if (last !== null || next !== null) {
      const processed = last === null ? [] : mine.filter((i) => i.status === 'Processed').slice(-last || mine.length).slice(0, last);
      const pending = next === null ? [] : mine.filter((i) => i.status === 'Pending').slice(0, next);
      shown = mine.filter((i) => processed.includes(i) || pending.includes(i));
    }
    out.push(await scheduleView(ctx, s, mine, shown));
  }
  return out;
}

/** GET /v1/payment-schedules/statistics/{date}: the items scheduled on the date by status; payment runs are not linked to schedules in zbill (empty). */
export async function statistic(ctx: Ctx, day: string): Promise<Obj> {
  if (!parseDate(day)) throw err(`'yyyy-mm-dd' must be a date in yyyy-mm-dd format, got ${JSON.stringify(day)}`);
  const counts = await store.countByStatus(ctx, day);
  return { date: day, paymentRuns: [], paymentScheduleItems: { error: counts.Error ?? 0, pending: counts.Pending ?? 0, processed: counts.Processed ?? 0 }, success: true };
}

export async function getItem(ctx: Ctx, id: string): Promise<Obj> {
  const item = await store.findItem(ctx, id);
  if (!item) throw notFound(`The payment schedule item ${id} does not exist`, RES_PAYMENT_SCHEDULE);
  const s = (await store.find(ctx, item.schedule_id))!;
  return { ...itemView(ctx, s, item), success: true };
}

// ---------------------------------------------------------------- update, preview

/** PUT /v1/payment-schedules/{key} (and …/preview, which rolls the change back and answers what it would be). */
export async function updateSchedule(ctx: Ctx, key: string, raw: unknown, preview: boolean): Promise<Obj> {
  if (!preview) return applyUpdate(ctx, key, raw);
  await sql`savepoint zbill_ps_preview`.execute(ctx.db);
  try {
    return await applyUpdate(ctx, key, raw);
  } finally {
    await sql`rollback to savepoint zbill_ps_preview`.execute(ctx.db);
    await sql`release savepoint zbill_ps_preview`.execute(ctx.db);
  }
}

async function applyUpdate(ctx: Ctx, key: string, raw: unknown): Promise<Obj> {
  const b = checkFields(raw, UPDATE_FIELDS, '', 'a payment schedule update');
  const s = await requireSchedule(ctx, key, true);
  const account = (await getAccountByKey(ctx, s.account_id))!;
  if (s.canceled) throw rule(`The payment schedule ${s.number} is Canceled: it cannot be updated`);
  const now = ctx.now().toString();
  const set: Partial<ScheduleRow> = { updated_at: now, updated_by: actor(ctx) };
  if (b.description !== undefined) set.description = text(b.description, 'description', 255);
  const custom = pickCustomFields(b);
  if (Object.keys(custom).length) set.custom_fields = mergeCustomFields(s.custom_fields, custom);
  const itemKeys = UPDATE_FIELDS.filter((k) => k !== 'description' && b[k] !== undefined);
  // "For custom payment schedules, only the custom fields on the payment schedules can be updated."
  if (s.is_custom && itemKeys.length) throw rule(`The payment schedule ${s.number} is a custom payment schedule: '${itemKeys[0]}' is updated on its items (PUT /v1/payment-schedule-items/{id}); only its description and custom fields change here`);
  const items = await store.itemsOf(ctx, [s.id]);
  const pending = items.filter((i) => i.status === 'Pending');
  const done = items.filter((i) => i.status !== 'Pending');
  const patch: Partial<ItemRow> = {};
  const currency = b.currency !== undefined ? currencyOf(b.currency, 'currency', account) : s.currency;
  const each = amount(b.amount, 'amount', currency);
  if (each) {
    patch.amount = toDbAmount(each);
    patch.balance = patch.amount;
    set.amount = patch.amount;
  }
  if (b.currency !== undefined) patch.currency = set.currency = currency;
  if (b.paymentMethodId !== undefined) patch.payment_method_id = set.payment_method_id = await checkMethod(ctx, b.paymentMethodId, 'paymentMethodId', account);
  if (b.paymentGatewayId !== undefined) patch.payment_gateway_id = set.payment_gateway_id = checkGateway(ctx, b.paymentGatewayId, 'paymentGatewayId');
  if (b.paymentOption !== undefined) set.payment_option = paymentOption(b.paymentOption, 'paymentOption');
  if (b.runHour !== undefined) {
    const h = runHour(b.runHour, 'runHour');
    if (h === null) throw err(`'runHour' cannot be null`);
    patch.run_hour = set.run_hour = h;
  }
  if (b.description !== undefined) patch.description = set.description;

  let period = s.period as Period;
  if (b.period !== undefined) {
    if (!(PERIODS as readonly unknown[]).includes(b.period)) throw err(`'period' must be one of ${PERIODS.join(', ')}, got ${JSON.stringify(b.period)}`);
    period = set.period = b.period as Period;
  }
  const periodStart = date(b.periodStartDate, 'periodStartDate');
  const occurrences = b.occurrences !== undefined ? occurrencesOf(b.occurrences, 'occurrences', 0) : null;
  if (occurrences !== null && occurrences < done.length) throw err(`'occurrences' (${occurrences}) is less than the ${done.length} processed, errored or canceled items of the payment schedule ${s.number}`);
  const lastDone = done.reduce<string | null>((m, i) => (m === null || i.scheduled_date > m ? i.scheduled_date : m), null);
  // the pending items after the change, each with its date
  let keep = pending.map((i) => ({ row: i as ItemRow | null, date: i.scheduled_date }));
  if (periodStart || b.period !== undefined) {
    const base = periodStart ? parseDate(periodStart)! : lastDone ? nextDate(parseDate(lastDone)!, period) : parseDate(s.start_date)!;
    if (periodStart && lastDone && periodStart <= lastDone) throw err(`'periodStartDate' (${periodStart}) must be after ${lastDone}, the date of the last processed, errored or canceled item`);
    keep = keep.map((k, n) => ({ ...k, date: nthDate(base, period, n).toString() }));
  }
  const remove: ItemRow[] = [];
  if (occurrences !== null) {
    const want = occurrences - done.length;
    while (keep.length > want) remove.push(keep.pop()!.row!);
    while (keep.length < want) {
      const prev = keep.length ? keep[keep.length - 1]!.date : lastDone;
      const d = prev ? nextDate(parseDate(prev)!, period) : periodStart ? parseDate(periodStart)! : parseDate(s.start_date)!;
      keep.push({ row: null, date: d.toString() });
    }
  }
  await store.removeItems(ctx, remove.filter(Boolean).map((r) => r.id));
  let seq = items.reduce((m, i) => Math.max(m, i.seq), 0);
  const template = pending[pending.length - 1] ?? items[items.length - 1];
  const fresh: ItemRow[] = [];
  for (const k of keep) {
    if (k.row) {
      const p: Partial<ItemRow> = { ...patch, scheduled_date: k.date, updated_at: now, updated_by: actor(ctx) };
      if (Object.keys(custom).length) p.custom_fields = mergeCustomFields(k.row.custom_fields, custom);
      await store.updateItem(ctx, k.row.id, p);
      continue;
    }
    const a = each ?? (s.amount ? new D(s.amount) : new D(template!.amount));
    fresh.push(itemRow(ctx, s, ++seq, {
      scheduledDate: k.date,
      runHour: patch.run_hour ?? s.run_hour,
      amount: a,
      currency,
      paymentMethodId: patch.payment_method_id !== undefined ? patch.payment_method_id : s.payment_method_id,
      paymentGatewayId: patch.payment_gateway_id !== undefined ? patch.payment_gateway_id : s.payment_gateway_id,
      description: set.description !== undefined ? set.description : s.description,
      billingDocument: null,
      paymentOption: null,
      customFields: { ...parseCustomFields(s.custom_fields), ...custom },
    }, now));
  }
  await store.insertItems(ctx, fresh);
  if (!lastDone && keep.length && (periodStart || b.period !== undefined)) set.start_date = keep[0]!.date;
  await store.update(ctx, s.id, set);
  for (const i of await store.itemsOf(ctx, [s.id])) if (i.status === 'Pending') await arm(ctx, i);
  return fullView(ctx, s.id);
}

// ---------------------------------------------------------------- cancel, delete, add items

/** PUT …/cancel: every pending item from `cancelDate` on is canceled, and the schedule with them. */
export async function cancelSchedule(ctx: Ctx, key: string, raw: unknown): Promise<Obj> {
  // the schedule is looked up first: an unknown key answers not found whatever the body
  const s = await requireSchedule(ctx, key, true);
  const b = checkFields(raw, ['cancelDate'], '', 'a payment schedule cancellation');
  const cancelDate = date(b.cancelDate, 'cancelDate');
  if (!cancelDate) throw missing(`'cancelDate' is required`);
  if (s.canceled) throw rule(`The payment schedule ${s.number} is already Canceled`);
  const items = (await store.itemsOf(ctx, [s.id])).filter((i) => i.status === 'Pending' && i.scheduled_date >= cancelDate);
  // "If there is no legitimate payment schedule item to cancel, the payment schedule cancel operation will be rejected."
  if (!items.length) throw rule(`The payment schedule ${s.number} has no pending item scheduled on or after ${cancelDate} to cancel`);
  const now = ctx.now().toString();
  for (const i of items) await store.updateItem(ctx, i.id, { status: 'Canceled', cancelled_by: actor(ctx), cancelled_on: now, updated_at: now, updated_by: actor(ctx) });
  await store.update(ctx, s.id, { canceled: 1, cancel_date: cancelDate, cancelled_by: actor(ctx), cancelled_on: now, updated_at: now, updated_by: actor(ctx) });
  return fullView(ctx, s.id);
}

/** DELETE …: "You can delete a payment schedule with the Canceled status." */
export async function deleteSchedule(ctx: Ctx, key: string): Promise<Obj> {
  const s = await requireSchedule(ctx, key, true);
  if (!s.canceled) throw rule(`The payment schedule ${s.number} is ${scheduleStatus((await store.itemsOf(ctx, [s.id])).map((i) => i.status), false)}: only a Canceled payment schedule can be deleted`);
  await store.remove(ctx, s.id);
  return { success: true };
}

/** POST …/items: more items of a custom schedule. */
export async function addItems(ctx: Ctx, key: string, raw: unknown): Promise<Obj> {
  const s = await requireSchedule(ctx, key, true);
  const b = checkFields(raw, ['items'], '', 'a payment schedule item addition');
  if (!given(b, 'items')) throw missing(`'items' is required`);
  if (!s.is_custom) throw rule(`The payment schedule ${s.number} is a recurring payment schedule: items are added to custom payment schedules only`);
  if (s.canceled) throw rule(`The payment schedule ${s.number} is Canceled: no item can be added`);
  const account = (await getAccountByKey(ctx, s.account_id))!;
  const inputs = await readCustomItems(ctx, b.items, 'items', account, docsOf(s));
  const items = await store.itemsOf(ctx, [s.id]);
  if (items.length + inputs.length > MAX_OCCURRENCES) throw limit(`A payment schedule takes at most ${MAX_OCCURRENCES} payment schedule items`);
  const now = ctx.now().toString();
  let seq = items.reduce((m, i) => Math.max(m, i.seq), 0);
  const rows = inputs.map((i) => itemRow(ctx, s, ++seq, i, now));
  await store.insertItems(ctx, rows);
  for (const r of rows) await arm(ctx, r);
  await store.update(ctx, s.id, { updated_at: now, updated_by: actor(ctx) });
  return fullView(ctx, s.id);
}

// ---------------------------------------------------------------- items

const canChange = (i: ItemRow) => i.status === 'Pending' || i.status === 'Error';

/** PUT /v1/payment-schedule-items/{id}: a Pending or Error item's date, hour, amount, method, gateway, description, custom fields. */
export async function updateItem(ctx: Ctx, id: string, raw: unknown): Promise<Obj> {
  const b = checkFields(raw, ITEM_UPDATE_FIELDS, '', 'a payment schedule item update');
  if (given(b, 'linkPayments') || given(b, 'unlinkPayments')) throw notImplemented(`linking payments to payment schedule items ('linkPayments', 'unlinkPayments')`);
  const { s, item } = await requireItem(ctx, id);
  if (!canChange(item)) throw rule(`The payment schedule item ${id} is ${item.status}: only Pending or Error payment schedule items can be updated`);
  const account = (await getAccountByKey(ctx, s.account_id))!;
  const now = ctx.now().toString();
  const set: Partial<ItemRow> = { updated_at: now, updated_by: actor(ctx) };
  const currency = b.currency !== undefined ? currencyOf(b.currency, 'currency', account) : item.currency;
  if (b.currency !== undefined) set.currency = currency;
  const a = amount(b.amount, 'amount', currency);
  if (b.amount === null) throw err(`'amount' cannot be null`);
  if (a) set.amount = set.balance = toDbAmount(a);
  if (b.scheduledDate !== undefined) {
    const d = date(b.scheduledDate, 'scheduledDate');
    if (!d) throw err(`'scheduledDate' cannot be null`);
    set.scheduled_date = d;
  }
  if (b.runHour !== undefined) {
    const h = runHour(b.runHour, 'runHour');
    if (h === null) throw err(`'runHour' cannot be null`);
    set.run_hour = h;
  }
  if (b.paymentMethodId !== undefined) set.payment_method_id = await checkMethod(ctx, b.paymentMethodId, 'paymentMethodId', account);
  if (b.paymentGatewayId !== undefined) set.payment_gateway_id = checkGateway(ctx, b.paymentGatewayId, 'paymentGatewayId');
  if (b.description !== undefined) set.description = text(b.description, 'description', 255);
  if (b.paymentOption !== undefined) set.payment_option = paymentOption(b.paymentOption, 'paymentOption');
  const custom = pickCustomFields(b);
  if (Object.keys(custom).length) set.custom_fields = mergeCustomFields(item.custom_fields, custom);
  await store.updateItem(ctx, id, set);
  await store.update(ctx, s.id, { updated_at: now, updated_by: actor(ctx) });
  const after = (await store.findItem(ctx, id))!;
  await arm(ctx, after);
  await refresh(ctx, s.id);
  return { ...itemView(ctx, s, after), success: true };
}

/** DELETE /v1/payment-schedule-items/{id}: "You can delete a payment schedule item with the Canceled status." */
export async function deleteItem(ctx: Ctx, id: string): Promise<Obj> {
  const { s, item } = await requireItem(ctx, id);
  if (item.status !== 'Canceled') throw rule(`The payment schedule item ${id} is ${item.status}: only a Canceled payment schedule item can be deleted`);
  await store.removeItems(ctx, [id]);
  await store.update(ctx, s.id, { updated_at: ctx.now().toString(), updated_by: actor(ctx) });
  await refresh(ctx, s.id);
  return { success: true };
}

/** PUT …/cancel: a Pending or Error item is canceled (its schedule goes on). */
export async function cancelItem(ctx: Ctx, id: string): Promise<Obj> {
  const { s, item } = await requireItem(ctx, id);
  if (!canChange(item)) throw rule(`The payment schedule item ${id} is ${item.status}: only Pending or Error payment schedule items can be canceled`);
  const now = ctx.now().toString();
  await store.updateItem(ctx, id, { status: 'Canceled', cancelled_by: actor(ctx), cancelled_on: now, updated_at: now, updated_by: actor(ctx) });
  await store.update(ctx, s.id, { updated_at: now, updated_by: actor(ctx) });
  await refresh(ctx, s.id);
  return { ...itemView(ctx, s, (await store.findItem(ctx, id))!), success: true };
}

/**
 * PUT …/skip: "The skipped payment schedule item will turn to the canceled status, and a new item will be
 * scheduled on the next recurring date after the last existing scheduled date" (recurring schedules, Pending
 * items only). Answers the new item, as the page's sample does.
 */
export async function skipItem(ctx: Ctx, id: string): Promise<Obj> {
  const { s, item } = await requireItem(ctx, id);
  if (s.is_custom) throw rule(`The payment schedule ${s.number} is a custom payment schedule: only items of recurring payment schedules can be skipped`);
  if (item.status !== 'Pending') throw rule(`The payment schedule item ${id} is ${item.status}: only a Pending payment schedule item can be skipped`);
  if (s.canceled) throw rule(`The payment schedule ${s.number} is Canceled`);
  const now = ctx.now().toString();
  await store.updateItem(ctx, id, { status: 'Canceled', cancellation_reason: 'Skip Payment', cancelled_by: actor(ctx), cancelled_on: now, updated_at: now, updated_by: actor(ctx) });
  const items = await store.itemsOf(ctx, [s.id]);
  const lastDate = items.reduce((m, i) => (i.scheduled_date > m ? i.scheduled_date : m), '');
  const seq = items.reduce((m, i) => Math.max(m, i.seq), 0) + 1;
  const row = itemRow(ctx, s, seq, {
    scheduledDate: nextDate(parseDate(lastDate)!, s.period as Period).toString(),
    runHour: item.run_hour,
    amount: new D(item.amount),
    currency: item.currency,
    paymentMethodId: item.payment_method_id,
    paymentGatewayId: item.payment_gateway_id,
    description: item.description,
    billingDocument: item.billing_document ? (JSON.parse(item.billing_document) as DocRef) : null,
    paymentOption: item.payment_option,
    customFields: parseCustomFields(item.custom_fields),
  }, now);
  await store.insertItems(ctx, [row]);
  await store.update(ctx, s.id, { updated_at: now, updated_by: actor(ctx) });
  await refresh(ctx, s.id);
  return { ...itemView(ctx, s, row), success: true };
}

const RETRY_NULLS = ['amount', 'createdById', 'createdDate', 'currency', 'description', 'paymentGatewayId', 'paymentId', 'paymentMethodId', 'runHour', 'scheduledDate', 'status', 'updatedById', 'updatedDate'];

/** POST /v1/payment-schedule-items/retry-payment: each Pending or Error item named is collected now (a new payment); the others answer why not. */
export async function retryItems(ctx: Ctx, raw: unknown): Promise<Obj> {
  const b = checkFields(raw, ['items'], '', 'a payment schedule item retry');
  if (!given(b, 'items')) throw missing(`'items' is required`);
  if (!Array.isArray(b.items)) throw err(`'items' must be a list`);
  if (!b.items.length) throw missing(`'items' must name at least one payment schedule item`);
  if (b.items.length > MAX_RETRY) throw limit(`At most ${MAX_RETRY} payment schedule items are retried by one request; 'items' has ${b.items.length}`);
  const wanted = b.items.map((x, n) => {
    const o = checkFields(x, ['id', 'paymentGatewayId', 'paymentMethodId'], `items[${n}]`, 'a payment schedule item to retry');
    if (typeof o.id !== 'string' || !o.id) throw missing(`'items[${n}].id' is required`);
    return o as { id: string; paymentGatewayId?: unknown; paymentMethodId?: unknown };
  });
  const out: Obj[] = [];
  for (const [n, w] of wanted.entries()) {
    const found = await store.findItem(ctx, w.id);
    if (!found) throw notFound(`'items[${n}].id': the payment schedule item ${w.id} does not exist`, RES_PAYMENT_SCHEDULE);
    const { s, item } = await requireItem(ctx, w.id);
    if (!canChange(item)) {
      out.push({ id: item.id, ...Object.fromEntries(RETRY_NULLS.map((k) => [k, null])), errorMessage: `Can not retry because payment ${item.status} status is not allowed.`, paymentScheduleId: s.id, paymentScheduleNumber: s.number });
      continue;
    }
    const account = (await getAccountByKey(ctx, s.account_id))!;
    const set: Partial<ItemRow> = {};
    if (w.paymentMethodId !== undefined) set.payment_method_id = await checkMethod(ctx, w.paymentMethodId, `items[${n}].paymentMethodId`, account);
    if (w.paymentGatewayId !== undefined) set.payment_gateway_id = checkGateway(ctx, w.paymentGatewayId, `items[${n}].paymentGatewayId`);
    if (Object.keys(set).length) await store.updateItem(ctx, item.id, set);
    await collect(ctx, s, (await store.findItem(ctx, item.id))!);
    out.push(itemView(ctx, s, (await store.findItem(ctx, item.id))!));
  }
  return { items: out, success: true };
}

// ---------------------------------------------------------------- collecting

/** Payment method types no gateway processes: their payments are External (recorded). */
const EXTERNAL_TYPES = new Set(['Cash', 'Check', 'Other', 'WireTransfer']);

/** The instant an item falls due: its scheduled date at its run hour, in the tenant's time zone. */
export function dueInstant(ctx: Ctx, i: Pick<ItemRow, 'scheduled_date' | 'run_hour'>): Temporal.Instant {
  return Temporal.PlainDateTime.from(`${i.scheduled_date}T${String(i.run_hour).padStart(2, '0')}:00:00`).toZonedDateTime(ctx.tenant.timezone).toInstant();
}

/** A pending item due later today gets a job at its run hour (the day's due work ran already, or runs before the hour). */
async function arm(ctx: Ctx, i: ItemRow): Promise<void> {
  if (i.status !== 'Pending' || i.scheduled_date !== ctx.today().toString()) return;
  const at = dueInstant(ctx, i);
  if (Temporal.Instant.compare(at, ctx.now()) > 0) await enqueueJob(ctx, COLLECT_JOB, { itemId: i.id, dueAt: at.toString() }, { runAfter: at });
}

/**
 * Collects one item now: a payment of its balance with its payment method (else the schedule's, else the
 * account's default), applied to its billing documents by due date; the outcome goes on the item. A payment the
 * payment rules refuse changes nothing but the item (a savepoint), which keeps their message.
 */
async function collect(ctx: Ctx, s: ScheduleRow, i: ItemRow): Promise<void> {
  await collectOnce(ctx, s, i);
  await store.update(ctx, s.id, { updated_at: ctx.now().toString() });
  await refresh(ctx, s.id);
}

async function collectOnce(ctx: Ctx, s: ScheduleRow, i: ItemRow): Promise<void> {
  const account = (await getAccountByKey(ctx, s.account_id))!;
  const now = ctx.now().toString();
  const fail = (message: string, paymentId: string | null = null) =>
    store.updateItem(ctx, i.id, { status: 'Error', error_message: message, payment_id: paymentId, updated_at: now, updated_by: actor(ctx) });
  const methodId = i.payment_method_id ?? s.payment_method_id ?? account.defaultPaymentMethodId;
  if (!methodId) return fail(`The account ${account.accountNumber} has no default payment method and the payment schedule item names none`);
  const pm = await getPaymentMethod(ctx, methodId);
  if (!pm) return fail(`The payment method ${methodId} does not exist`);
  const docRefs = i.billing_document ? [JSON.parse(i.billing_document) as DocRef] : docsOf(s);
  const docs = [];
  for (const r of docRefs) {
    const d = await readDoc(ctx, r.type, r.id);
    if (d && d.status === 'Posted' && new D(d.balance).greaterThan(0)) docs.push(d);
  }
  // "applied to billing documents based on the due date of the billing document, in the ascending order"
  docs.sort((x, y) => ((x.dueDate ?? '') < (y.dueDate ?? '') ? -1 : (x.dueDate ?? '') > (y.dueDate ?? '') ? 1 : x.ref.number < y.ref.number ? -1 : 1));
  let left = new D(i.balance);
  const invoices: Array<{ invoiceId: string; amount: string }> = [];
  const debitMemos: Array<{ debitMemoId: string; amount: string }> = [];
  for (const d of docs) {
    if (!left.greaterThan(0)) break;
    const take = Decimal.min(left, new D(d.balance));
    left = left.minus(take);
    if (d.ref.type === 'Invoice') invoices.push({ invoiceId: d.ref.id, amount: take.toFixed() });
    else debitMemos.push({ debitMemoId: d.ref.id, amount: take.toFixed() });
  }
  await sql`savepoint zbill_psi`.execute(ctx.db);
  try {
    const p = await makePayment(ctx, {
      accountId: account.id,
      amount: i.balance,
      currency: i.currency,
      type: EXTERNAL_TYPES.has(pm.type) ? 'External' : 'Electronic',
      paymentMethodId: methodId,
      gatewayId: i.payment_gateway_id ?? s.payment_gateway_id,
      invoices,
      debitMemos,
      paymentOption: s.payment_option ? JSON.parse(s.payment_option) : i.payment_option ? JSON.parse(i.payment_option) : null,
      comment: `Payment schedule ${s.number} item ${i.seq}`,
    });
    await sql`release savepoint zbill_psi`.execute(ctx.db);
    if (p.status !== 'Processed') return fail(p.errorMessage ?? `The payment ${p.number} is ${p.status}`, p.id);
    await store.updateItem(ctx, i.id, { status: 'Processed', balance: '0', payment_id: p.id, error_message: null, updated_at: now, updated_by: actor(ctx) });
  } catch (e) {
    await sql`rollback to savepoint zbill_psi`.execute(ctx.db);
    await sql`release savepoint zbill_psi`.execute(ctx.db);
    if (!(e instanceof ZuoraError)) throw e;
    await fail(e.message);
  }
}

const Decimal = { min: (a: Money, b: Money) => (a.lessThan(b) ? a : b) };

/** Due work of the tenant clock: each pending item due by now (its date and run hour) is collected; one due later today gets a job at its hour. */
export async function runDueItems(ctx: Ctx, day: string): Promise<void> {
  for (const due of await store.dueItems(ctx, day)) {
    if (Temporal.Instant.compare(dueInstant(ctx, due), ctx.now()) > 0) {
      await arm(ctx, due);
      continue;
    }
    const s = (await store.find(ctx, due.schedule_id, true))!;
    const item = (await store.findItem(ctx, due.id))!;
    if (item.status === 'Pending') await collect(ctx, s, item);
  }
}

/** The job at an item's run hour: collects it if it is still Pending and still due then. */
export async function collectJob(ctx: Ctx, payload: { itemId: string; dueAt: string }): Promise<Obj> {
  const item = await store.findItem(ctx, payload.itemId);
  if (!item || item.status !== 'Pending' || dueInstant(ctx, item).toString() !== payload.dueAt) return { collected: false };
  // the schedule locked, the item read again: a clock or retry that collected it meanwhile is seen
  const s = (await store.find(ctx, item.schedule_id, true))!;
  const now = (await store.findItem(ctx, item.id))!;
  if (now.status !== 'Pending') return { collected: false };
  await collect(ctx, s, now);
  return { collected: true };
}
