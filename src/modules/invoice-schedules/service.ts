/**
 * Invoice schedules (Zuora's Billing Schedule: "Create an invoice schedule", "Update an invoice schedule",
 * "Execute an invoice schedule", "Pause …", "Resume …", "Attach/Detach charges …", "Delete …").
 *
 * A schedule holds the unbilled charges of the subscriptions of its orders (or of the specific subscriptions
 * named) and bills them through its items instead of bill runs: each item, on its run date (the tenant clock's
 * due work) or when executed, makes a bill run and one invoice whose items are the held charges, the item's
 * amount spread over them by what each is worth over its term (rules.ts). The billing engine leaves held
 * charges out (billing's `registerScheduledChargeFilter`, filled in this module's join()). The subscriptions
 * in `additionalSubscriptionsToBill` are billed on the same invoice as a bill run would, through the item's
 * `targetDateForAdditionalSubscriptions`.
 */
import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { nextCounter } from '../../platform/counters.js';
import { CUSTOM_FIELD_RE, mergeCustomFields, parseCustomFields, pickCustomFields, type CustomFields } from '../../platform/custom-fields.js';
import { parseDate } from '../../platform/dates.js';
import { Category, errorCode, invalidValue, missingField, notFound, notImplemented, ruleViolation, unknownField, ZuoraError } from '../../platform/errors.js';
import { formatNumber, newId } from '../../platform/ids.js';
import { currencyPlaces, D, toDbAmount, toJsonNumber, type Money } from '../../platform/money.js';
import { getAccountByKey, type AccountRecord } from '../accounts/service.js';
import { billedLedger, billingEngine, closeInvoiceScheduleBillRun, openInvoiceScheduleBillRun, type ProposedItem, type ScheduledItemsRun } from '../billing/contract.js';
import { invoiceWriter } from '../invoices/contract.js';
import { subscriptionReader } from '../subscriptions/service.js';
import { chargeShares, itemAmounts, runDateOutOfOrder, scheduleStatus } from './rules.js';
import * as store from './store.js';

type Obj = Record<string, unknown>;

/** Resource code of invoice schedule errors (Zuora's pages show none; a code of its own, like the other objects'). */
export const RES_INVOICE_SCHEDULE = 583100;
/** The create page's limits. */
export const MAX_ITEMS = 50;
export const MAX_ORDERS = 10;
export const MAX_SUBSCRIPTIONS = 300;
export const MAX_ADDITIONAL_SUBSCRIPTIONS = 600;

const err = (m: string) => invalidValue(m, RES_INVOICE_SCHEDULE);
const missing = (m: string) => missingField(m, RES_INVOICE_SCHEDULE);
const rule = (m: string) => ruleViolation(m, RES_INVOICE_SCHEDULE);
const limit = (m: string) => new ZuoraError(errorCode(RES_INVOICE_SCHEDULE, Category.LIMIT), m);

const CREATE_FIELDS = new Set(['accountKey', 'additionalSubscriptionsToBill', 'invoiceSeparately', 'notes', 'orders', 'scheduleItems', 'specificSubscriptions']);
const UPDATE_FIELDS = new Set(['additionalSubscriptionsToBill', 'invoiceSeparately', 'nextRunDate', 'notes', 'orders', 'scheduleItems', 'specificSubscriptions']);
const ITEM_FIELDS = new Set(['amount', 'name', 'percentage', 'runDate', 'targetDateForAdditionalSubscriptions']);
const EXECUTE_FIELDS = ['id', 'billRunNumber', 'status', 'targetDate', 'invoiceDate', 'billRunFilters', 'chargeTypeToExclude', 'autoEmail', 'autoPost', 'autoRenewal', 'noEmailForZeroAmountInvoice', 'createdById', 'createdDate', 'updatedById', 'updatedDate'];
const SPECIFIC_FIELDS = new Set(['orderKey', 'subscriptionKey', 'chargeNumbers']);

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function checkFields(body: unknown, allowed: Set<string>, path: string, what: string): Obj {
  if (!isObj(body)) throw err(`'${path || 'body'}' must be a JSON object`);
  for (const k of Object.keys(body)) if (!allowed.has(k) && !CUSTOM_FIELD_RE.test(k)) throw unknownField(`'${path ? `${path}.` : ''}${k}' is not a field of ${what}`, RES_INVOICE_SCHEDULE);
  return body;
}

function date(v: unknown, field: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' || !parseDate(v)) throw err(`'${field}' must be a date in yyyy-mm-dd format, got ${JSON.stringify(v)}`);
  return v;
}

function decimal(v: unknown, field: string): Money | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' && Number.isFinite(v)) return new D(v);
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return new D(v.trim());
  throw err(`'${field}' must be a number, got ${JSON.stringify(v)}`);
}

function bool(v: unknown, field: string): boolean | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'boolean') throw err(`'${field}' must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

function text(v: unknown, field: string, max: number): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw err(`'${field}' must be a string`);
  if (v.length > max) throw err(`'${field}' is longer than ${max} characters`);
  return v === '' ? null : v;
}

function stringList(v: unknown, field: string, max: number): string[] | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || !x)) throw err(`'${field}' must be a list of strings`);
  const out = [...new Set(v as string[])];
  if (out.length > max) throw limit(`'${field}' takes at most ${max} entries; it has ${out.length}`);
  return out;
}

// ---------------------------------------------------------------- reading a request

export interface ItemInput {
  id: string | null;
  name: string | null;
  amount: Money | null;
  percentage: Money | null;
  /** Null: not known yet (the item is not executed until it has one). */
  runDate: string | null;
  targetDate: string | null;
  customFields: CustomFields;
}

function readItems(v: unknown, withIds: boolean): ItemInput[] {
  if (!Array.isArray(v)) throw err(`'scheduleItems' must be a list`);
  if (!v.length) throw missing(`'scheduleItems' must hold at least one invoice schedule item`);
  if (v.length > MAX_ITEMS) throw limit(`An invoice schedule takes at most ${MAX_ITEMS} invoice schedule items; 'scheduleItems' has ${v.length}`);
  const allowed = withIds ? new Set([...ITEM_FIELDS, 'id']) : ITEM_FIELDS;
  const out = v.map((raw, i): ItemInput => {
    const p = `scheduleItems[${i}]`;
    const o = checkFields(raw, allowed, p, 'an invoice schedule item');
    const amount = decimal(o.amount, `${p}.amount`);
    const percentage = decimal(o.percentage, `${p}.percentage`);
    if (amount && percentage) throw err(`'${p}': give 'amount' or 'percentage', not both`);
    if (!amount && !percentage) throw missing(`'${p}.amount' or '${p}.percentage' is required`);
    if (amount && !amount.greaterThan(0)) throw err(`'${p}.amount' must be greater than 0: an invoice schedule item cannot bill ${amount.toFixed()}`);
    if (percentage && (!percentage.greaterThan(0) || percentage.greaterThan(100))) throw err(`'${p}.percentage' must be greater than 0 and at most 100, got ${percentage.toFixed()}`);
    const runDate = date(o.runDate, `${p}.runDate`);
    const id = o.id === undefined || o.id === null ? null : typeof o.id === 'string' ? o.id : (() => { throw err(`'${p}.id' must be a string`); })();
    return { id, name: text(o.name, `${p}.name`, 100), amount, percentage, runDate, targetDate: date(o.targetDateForAdditionalSubscriptions, `${p}.targetDateForAdditionalSubscriptions`), customFields: pickCustomFields(o) };
  });
  return out;
}

export interface SpecificSubscription {
  orderKey: string | null;
  subscriptionKey: string;
  chargeNumbers: string[] | null;
}

function readSpecific(v: unknown, field = 'specificSubscriptions'): SpecificSubscription[] {
  if (!Array.isArray(v)) throw err(`'${field}' must be a list`);
  return v.map((raw, i) => {
    const p = `${field}[${i}]`;
    const o = checkFields(raw, SPECIFIC_FIELDS, p, 'a specific subscription');
    if (typeof o.subscriptionKey !== 'string' || !o.subscriptionKey) throw missing(`'${p}.subscriptionKey' is required`);
    if (o.orderKey !== undefined && o.orderKey !== null && (typeof o.orderKey !== 'string' || !o.orderKey)) throw err(`'${p}.orderKey' must be a string`);
    let chargeNumbers: string[] | null = null;
    // the spec types chargeNumbers as a string, Zuora's samples send a list: both are taken
    if (typeof o.chargeNumbers === 'string') chargeNumbers = o.chargeNumbers.split(',').map((s) => s.trim()).filter(Boolean);
    else if (o.chargeNumbers !== undefined && o.chargeNumbers !== null) chargeNumbers = stringList(o.chargeNumbers, `${p}.chargeNumbers`, 1000);
    if (chargeNumbers && !chargeNumbers.length) throw err(`'${p}.chargeNumbers' must name at least one charge`);
    return { orderKey: (o.orderKey as string | undefined) ?? null, subscriptionKey: o.subscriptionKey, chargeNumbers };
  });
}

// ---------------------------------------------------------------- what a schedule holds

interface HeldCharge {
  originalChargeId: string;
  chargeNumber: string;
  subscriptionNumber: string;
  orderNumber: string | null;
  total: Money;
  template: Omit<ProposedItem, 'amount'>;
}

/**
 * The subscriptions the orders and specific subscriptions name ("If the subscriptions specified in this field
 * belong to the orders specified in the orders field, only the specific subscriptions instead of the orders
 * are associated"), then their unbilled charges, each with what it is worth over the subscription's term.
 */
async function resolveCharges(ctx: Ctx, account: AccountRecord, orderKeys: string[], specific: SpecificSubscription[], scheduleId: string | null): Promise<{ orders: string[]; charges: HeldCharge[]; subscriptionNumbers: Set<string> }> {
  if (orderKeys.length > MAX_ORDERS) throw limit(`An invoice schedule takes at most ${MAX_ORDERS} orders; 'orders' has ${orderKeys.length}`);
  const orders = new Map<string, { orderNumber: string; subscriptionNumbers: string[] }>();
  for (const [i, key] of orderKeys.entries()) {
    const o = await subscriptionReader.orderSubscriptions?.(ctx, key);
    if (!o) throw err(`'orders[${i}]': no order ${key}`);
    if (o.status !== 'Completed') throw rule(`'orders[${i}]': the order ${o.orderNumber} is ${o.status}; only activated (Completed) orders take invoice schedules`);
    orders.set(o.orderNumber, o);
  }
  const wanted = new Map<string, { orderNumber: string | null; chargeNumbers: string[] | null }>();
  const overridden = new Set<string>();
  for (const [i, s] of specific.entries()) {
    const sub = await subscriptionReader.getSubscription(ctx, s.subscriptionKey);
    if (!sub) throw err(`'specificSubscriptions[${i}].subscriptionKey': no subscription ${s.subscriptionKey}`);
    let orderNumber: string | null = null;
    if (s.orderKey) {
      const o = [...orders.values()].find((x) => x.orderNumber === s.orderKey) ?? (await subscriptionReader.orderSubscriptions?.(ctx, s.orderKey));
      if (!o) throw err(`'specificSubscriptions[${i}].orderKey': no order ${s.orderKey}`);
      if (!o.subscriptionNumbers.includes(sub.subscriptionNumber)) throw err(`'specificSubscriptions[${i}]': the subscription ${sub.subscriptionNumber} is not in the order ${o.orderNumber}`);
      orderNumber = o.orderNumber;
      overridden.add(o.orderNumber);
    }
    wanted.set(sub.subscriptionNumber, { orderNumber, chargeNumbers: s.chargeNumbers });
  }
  for (const o of orders.values()) if (!overridden.has(o.orderNumber)) for (const n of o.subscriptionNumbers) if (!wanted.has(n)) wanted.set(n, { orderNumber: o.orderNumber, chargeNumbers: null });
  if (wanted.size > MAX_SUBSCRIPTIONS) throw limit(`An invoice schedule takes at most ${MAX_SUBSCRIPTIONS} subscriptions; the orders and specific subscriptions hold ${wanted.size}`);

  const billed = new Set((await billedLedger().billedItems(ctx, account.id)).filter((b) => !b.creditsItemId).map((b) => b.originalChargeId));
  const charges: HeldCharge[] = [];
  for (const [number, w] of wanted) {
    const sub = await subscriptionReader.getSubscription(ctx, number);
    if (!sub) throw err(`No subscription ${number}`);
    if (sub.invoiceOwnerAccountId !== account.id) throw err(`The subscription ${number} is not billed to the account ${account.accountNumber}`);
    if (sub.status !== 'Active') throw rule(`The subscription ${number} is ${sub.status}; only active subscriptions take invoice schedules`);
    if (sub.termType !== 'TERMED' || !sub.termEndDate) throw notImplemented(`invoice schedules for evergreen subscriptions (${number})`);
    const proposed = await billingEngine.proposeItems(ctx, { accountId: account.id, targetDate: sub.termEndDate, subscriptionNumbers: [number], includeScheduledCharges: true });
    const byCharge = new Map<string, ProposedItem[]>();
    for (const p of proposed) if (p.chargeType !== 'Usage') byCharge.set(p.originalChargeId, [...(byCharge.get(p.originalChargeId) ?? []), p]);
    const numbers = new Map([...byCharge.values()].map((ps) => [ps[0]!.chargeNumber, ps[0]!.originalChargeId]));
    for (const cn of w.chargeNumbers ?? []) if (!numbers.has(cn)) throw err(`The subscription ${number} has no unbilled one-time or recurring charge ${cn}`);
    const take = w.chargeNumbers ? new Set(w.chargeNumbers.map((cn) => numbers.get(cn)!)) : new Set(byCharge.keys());
    for (const [id, ps] of byCharge) {
      if (!take.has(id)) continue;
      if (billed.has(id)) {
        if (w.chargeNumbers) throw rule(`The charge ${ps[0]!.chargeNumber} of ${number} is already billed; only unbilled charges can be added to an invoice schedule`);
        continue;
      }
      const { amount: _a, ...first } = ps[0]!;
      const total = ps.reduce((t: Money, p) => t.plus(p.amount), new D(0));
      const start = ps.reduce((m, p) => (p.serviceStartDate < m ? p.serviceStartDate : m), first.serviceStartDate);
      const end = ps.reduce((m, p) => (p.serviceEndDate > m ? p.serviceEndDate : m), first.serviceEndDate);
      charges.push({ originalChargeId: id, chargeNumber: first.chargeNumber, subscriptionNumber: number, orderNumber: w.orderNumber, total, template: { ...first, serviceStartDate: start, serviceEndDate: end, usageRecordIds: [], creditsItemId: null } });
    }
  }
  if (!charges.length && wanted.size) throw rule(`The subscriptions ${[...wanted.keys()].join(', ')} have no unbilled one-time or recurring charge for an invoice schedule`);
  const holders = await store.holders(ctx, charges.map((c) => c.originalChargeId));
  for (const c of charges) {
    const h = holders.get(c.originalChargeId);
    if (h && h !== scheduleId) throw rule(`The charge ${c.chargeNumber} of ${c.subscriptionNumber} is already in another invoice schedule`);
  }
  return { orders: [...orders.keys()], charges, subscriptionNumbers: new Set(wanted.keys()) };
}

async function checkAdditional(ctx: Ctx, account: AccountRecord, numbers: string[], held: Set<string>): Promise<string[]> {
  const out: string[] = [];
  for (const [i, key] of numbers.entries()) {
    const sub = await subscriptionReader.getSubscription(ctx, key);
    if (!sub) throw err(`'additionalSubscriptionsToBill[${i}]': no subscription ${key}`);
    if (sub.invoiceOwnerAccountId !== account.id) throw err(`'additionalSubscriptionsToBill[${i}]': the subscription ${sub.subscriptionNumber} is not billed to the account ${account.accountNumber}`);
    if (held.has(sub.subscriptionNumber)) throw err(`'additionalSubscriptionsToBill[${i}]': the subscription ${sub.subscriptionNumber} is already in the invoice schedule's orders or specific subscriptions`);
    out.push(sub.subscriptionNumber);
  }
  return out;
}

const chargeRows = (ctx: Ctx, scheduleId: string, accountId: string, charges: HeldCharge[]): store.ChargeRow[] =>
  charges.map((c, seq) => ({
    tenant_id: ctx.tenant.id,
    schedule_id: scheduleId,
    account_id: accountId,
    original_charge_id: c.originalChargeId,
    charge_number: c.chargeNumber,
    subscription_number: c.subscriptionNumber,
    order_number: c.orderNumber,
    seq,
    total_amount: toDbAmount(c.total),
    billed_amount: '0',
    detached: 0,
    template: JSON.stringify(c.template),
  }));

// ---------------------------------------------------------------- items and figures

/**
 * The items' amounts over the list that results (executed items keep theirs), checked: run dates each later
 * than the one before, one kind of item (amounts or percentages), percentages adding up to 100, nothing
 * billing zero.
 */
function checkItemList(list: ItemInput[]): void {
  const pct = list.filter((i) => i.percentage !== null).length;
  if (pct && pct !== list.length) throw err(`'scheduleItems' must all take an amount or all a percentage`);
  const bad = runDateOutOfOrder(list.map((i) => i.runDate));
  if (bad !== null)
    throw err(
      list[bad - 1]!.runDate === null
        ? `'scheduleItems': the item with run date ${list[bad]!.runDate} follows an item without a run date; once an item has no run date, the items after it have none either`
        : `'scheduleItems': the run date ${list[bad]!.runDate} must be later than the run date ${list[bad - 1]!.runDate} of the item before it`,
    );
  if (pct) {
    const sum = list.reduce((s: Money, i) => s.plus(i.percentage!), new D(0));
    if (!sum.equals(100)) throw err(`'scheduleItems': the percentages must add up to 100, they add up to ${sum.toFixed()}`);
  }
}

function amountsFor(list: Array<ItemInput & { executed: Money | null }>, chargesAmount: Money, places: number): Money[] {
  checkItemList(list);
  if (list.some((i) => i.percentage !== null)) {
    if (!chargesAmount.greaterThan(0)) throw rule(`The charges of the invoice schedule are worth ${chargesAmount.toFixed()}: percentages need a positive total amount`);
  }
  const amounts = itemAmounts(list.map((i) => ({ amount: i.amount, percentage: i.percentage, executedAmount: i.executed })), chargesAmount, places);
  for (const [n, a] of amounts.entries()) if (!a.greaterThan(0)) throw err(`'scheduleItems[${n}]' would bill ${a.toFixed()}: an invoice schedule item must bill more than 0`);
  return amounts;
}

/** Writes the schedule's figures, status and next run date from its items. */
async function refresh(ctx: Ctx, id: string, now: string): Promise<void> {
  const s = (await store.find(ctx, id))!;
  const items = await store.itemsOf(ctx, id);
  const pending = items.filter((i) => i.status !== 'Processed');
  const sum = (xs: store.ItemRow[]) => xs.reduce((t: Money, i) => t.plus(i.actual_amount), new D(0));
  const percentages = items.some((i) => i.percentage !== null);
  const nextRun = pending.length ? (s.next_run_date_set ? s.next_run_date : pending[0]!.run_date) : null;
  await store.update(ctx, id, {
    status: scheduleStatus(items.map((i) => i.status), s.paused === 1),
    total_amount: toDbAmount(percentages ? new D(s.charges_amount) : sum(items)),
    actual_amount: toDbAmount(sum(pending)),
    billed_amount: toDbAmount(sum(items.filter((i) => i.status === 'Processed'))),
    unbilled_amount: toDbAmount(sum(pending)),
    next_run_date: nextRun,
    next_run_date_set: pending.length ? s.next_run_date_set : 0,
    updated_at: now,
  });
}

function itemRow(ctx: Ctx, scheduleId: string, seq: number, i: ItemInput, actual: Money, now: string): store.ItemRow {
  return {
    id: newId(),
    tenant_id: ctx.tenant.id,
    schedule_id: scheduleId,
    seq,
    name: i.name,
    amount: i.amount ? toDbAmount(i.amount) : null,
    percentage: i.percentage ? toDbAmount(i.percentage) : null,
    actual_amount: toDbAmount(actual),
    run_date: i.runDate,
    target_date_for_additional: i.targetDate,
    status: 'Pending',
    invoice_id: null,
    credit_memo_id: null,
    bill_run_id: null,
    custom_fields: JSON.stringify(i.customFields),
    created_at: now,
    updated_at: now,
  };
}

// ---------------------------------------------------------------- views

function itemView(i: store.ItemRow): Obj {
  const out: Obj = {
    id: i.id,
    name: i.name,
    amount: toJsonNumber(i.amount ?? i.actual_amount),
    percentage: toJsonNumber(i.percentage),
    // Zuora's samples: an executed item's actualAmount is 0 (what it still has to bill), the schedule's billedAmount holds it
    actualAmount: i.status === 'Processed' ? 0 : toJsonNumber(i.actual_amount),
    runDate: i.run_date,
    status: i.status,
    targetDateForAdditionalSubscriptions: i.target_date_for_additional ?? i.run_date,
    ...parseCustomFields(i.custom_fields),
  };
  if (i.invoice_id) out.invoiceId = i.invoice_id;
  if (i.credit_memo_id) out.creditMemoId = i.credit_memo_id;
  return out;
}

export async function scheduleView(ctx: Ctx, s: store.ScheduleRow): Promise<Obj> {
  const items = await store.itemsOf(ctx, s.id);
  return {
    success: true,
    id: s.id,
    number: s.number,
    accountId: s.account_id,
    currency: s.currency,
    status: s.status,
    notes: s.notes,
    invoiceSeparately: s.invoice_separately === 1,
    nextRunDate: s.next_run_date,
    totalAmount: toJsonNumber(s.total_amount),
    actualAmount: toJsonNumber(s.actual_amount),
    billedAmount: toJsonNumber(s.billed_amount),
    unbilledAmount: toJsonNumber(s.unbilled_amount),
    orders: JSON.parse(s.orders),
    specificSubscriptions: (JSON.parse(s.specific_subscriptions) as SpecificSubscription[]).map((x) => ({
      ...(x.orderKey ? { orderKey: x.orderKey } : {}),
      subscriptionKey: x.subscriptionKey,
      // a string, as the spec types it (and as the request takes it): the numbers joined by commas
      ...(x.chargeNumbers ? { chargeNumbers: x.chargeNumbers.join(',') } : {}),
    })),
    additionalSubscriptionsToBill: JSON.parse(s.additional_subscriptions),
    scheduleItems: items.map(itemView),
    ...parseCustomFields(s.custom_fields),
  };
}

async function requireSchedule(ctx: Ctx, key: string): Promise<store.ScheduleRow> {
  const found = await store.find(ctx, key);
  if (!found) throw notFound(`The invoice schedule ${key} does not exist`, RES_INVOICE_SCHEDULE);
  return (await store.lock(ctx, found.id))!;
}

export async function getSchedule(ctx: Ctx, key: string): Promise<Obj> {
  const s = await store.find(ctx, key);
  if (!s) throw notFound(`The invoice schedule ${key} does not exist`, RES_INVOICE_SCHEDULE);
  return scheduleView(ctx, s);
}

// ---------------------------------------------------------------- create

/** POST /v1/invoice-schedules. */
export async function createSchedule(ctx: Ctx, raw: unknown): Promise<Obj> {
  const body = checkFields(raw, CREATE_FIELDS, '', 'an invoice schedule');
  if (typeof body.accountKey !== 'string' || !body.accountKey) throw missing(`'accountKey' is required`);
  const account = await getAccountByKey(ctx, body.accountKey);
  if (!account) throw err(`'accountKey': no account ${body.accountKey}`);
  if (body.scheduleItems === undefined || body.scheduleItems === null) throw missing(`'scheduleItems' is required`);
  const items = readItems(body.scheduleItems, false);
  const orderKeys = stringList(body.orders, 'orders', MAX_ORDERS) ?? [];
  const specific = body.specificSubscriptions === undefined || body.specificSubscriptions === null ? [] : readSpecific(body.specificSubscriptions);
  if (!orderKeys.length && !specific.length) throw missing(`'orders' or 'specificSubscriptions' is required: an invoice schedule bills the charges of orders or subscriptions`);
  const additionalKeys = stringList(body.additionalSubscriptionsToBill, 'additionalSubscriptionsToBill', MAX_ADDITIONAL_SUBSCRIPTIONS) ?? [];
  const notes = text(body.notes, 'notes', 255);
  const invoiceSeparately = bool(body.invoiceSeparately, 'invoiceSeparately') ?? false;

  checkItemList(items);
  const resolved = await resolveCharges(ctx, account, orderKeys, specific, null);
  const additional = await checkAdditional(ctx, account, additionalKeys, resolved.subscriptionNumbers);
  const chargesAmount = resolved.charges.reduce((t: Money, c) => t.plus(c.total), new D(0));
  const amounts = amountsFor(items.map((i) => ({ ...i, executed: null })), chargesAmount, currencyPlaces(account.currency));

  const id = newId();
  const now = ctx.now().toString();
  await store.insert(ctx, {
    id,
    tenant_id: ctx.tenant.id,
    number: formatNumber('IS-', await nextCounter(ctx, 'invoiceSchedule')),
    account_id: account.id,
    currency: account.currency,
    status: 'Pending',
    paused: 0,
    notes,
    invoice_separately: invoiceSeparately ? 1 : 0,
    next_run_date: null,
    next_run_date_set: 0,
    charges_amount: toDbAmount(chargesAmount),
    total_amount: '0',
    actual_amount: '0',
    billed_amount: '0',
    unbilled_amount: '0',
    orders: JSON.stringify(resolved.orders),
    specific_subscriptions: JSON.stringify(specific),
    additional_subscriptions: JSON.stringify(additional),
    custom_fields: JSON.stringify(pickCustomFields(body)),
    created_at: now,
    updated_at: now,
  });
  await store.insertItems(ctx, items.map((i, seq) => itemRow(ctx, id, seq, i, amounts[seq]!, now)));
  await store.insertCharges(ctx, chargeRows(ctx, id, account.id, resolved.charges));
  await refresh(ctx, id, now);
  return scheduleView(ctx, (await store.find(ctx, id))!);
}

// ---------------------------------------------------------------- update

const sameItem = (i: ItemInput, r: store.ItemRow) =>
  (i.amount ? toDbAmount(i.amount) : null) === (r.percentage !== null ? null : r.amount) &&
  (i.percentage ? toDbAmount(i.percentage) : null) === r.percentage &&
  i.runDate === r.run_date &&
  // fields left out of an executed item sent back are taken as unchanged
  (i.targetDate === null || i.targetDate === (r.target_date_for_additional ?? r.run_date)) &&
  (i.name === null || i.name === r.name);

/**
 * PUT /v1/invoice-schedules/{key} (the page's "Restrictions and limitations"): notes, invoiceSeparately and
 * the additional subscriptions change at any time but once fully processed; orders and specific subscriptions
 * only while no item is processed (they replace the ones held); `scheduleItems` replaces the pending items
 * (a pending item left out is deleted, one with its id is updated, one without an id is added), while an
 * executed item cannot change and stays (sent with different values it is refused). `nextRunDate` moves the
 * next run (null again once no item is pending).
 */
export async function updateSchedule(ctx: Ctx, key: string, raw: unknown): Promise<Obj> {
  const body = checkFields(raw, UPDATE_FIELDS, '', 'an invoice schedule update');
  const s = await requireSchedule(ctx, key);
  // "To edit an invoice schedule in Pending or Partially Processed status … use the Update an invoice schedule operation"
  if (s.status !== 'Pending' && s.status !== 'PartiallyProcessed') throw rule(`The invoice schedule ${s.number} is ${s.status}: only a Pending or PartiallyProcessed invoice schedule can be updated`);
  const account = (await getAccountByKey(ctx, s.account_id))!;
  const now = ctx.now().toString();
  const set: Partial<store.ScheduleRow> = { updated_at: now };
  if (body.notes !== undefined) set.notes = text(body.notes, 'notes', 255);
  if (body.invoiceSeparately !== undefined) set.invoice_separately = (bool(body.invoiceSeparately, 'invoiceSeparately') ?? false) ? 1 : 0;
  const items = await store.itemsOf(ctx, s.id);
  const processed = items.filter((i) => i.status !== 'Pending');

  let chargesAmount = new D(s.charges_amount);
  let held = new Set((await store.chargesOf(ctx, s.id)).map((c) => c.subscription_number));
  if (body.orders !== undefined || body.specificSubscriptions !== undefined) {
    if (processed.length) throw rule(`The invoice schedule ${s.number} is ${s.status}: orders and specific subscriptions change only while no invoice schedule item is processed`);
    const orderKeys = body.orders === undefined ? (JSON.parse(s.orders) as string[]) : (stringList(body.orders, 'orders', MAX_ORDERS) ?? []);
    const specific = body.specificSubscriptions === undefined ? (JSON.parse(s.specific_subscriptions) as SpecificSubscription[]) : body.specificSubscriptions === null ? [] : readSpecific(body.specificSubscriptions);
    if (!orderKeys.length && !specific.length) throw missing(`'orders' or 'specificSubscriptions' is required: an invoice schedule bills the charges of orders or subscriptions`);
    const resolved = await resolveCharges(ctx, account, orderKeys, specific, s.id);
    await store.removeCharges(ctx, s.id);
    await store.insertCharges(ctx, chargeRows(ctx, s.id, account.id, resolved.charges));
    chargesAmount = resolved.charges.reduce((t: Money, c) => t.plus(c.total), new D(0));
    held = resolved.subscriptionNumbers;
    Object.assign(set, { orders: JSON.stringify(resolved.orders), specific_subscriptions: JSON.stringify(specific), charges_amount: toDbAmount(chargesAmount) });
  }
  if (body.additionalSubscriptionsToBill !== undefined) {
    set.additional_subscriptions = JSON.stringify(await checkAdditional(ctx, account, stringList(body.additionalSubscriptionsToBill, 'additionalSubscriptionsToBill', MAX_ADDITIONAL_SUBSCRIPTIONS) ?? [], held));
  } else if (set.orders !== undefined) await checkAdditional(ctx, account, JSON.parse(s.additional_subscriptions) as string[], held);
  const custom = pickCustomFields(body);
  if (Object.keys(custom).length) set.custom_fields = mergeCustomFields(s.custom_fields, custom);

  const places = currencyPlaces(s.currency);
  if (body.scheduleItems !== undefined) {
    if (body.scheduleItems === null) throw missing(`'scheduleItems' cannot be null`);
    const given = readItems(body.scheduleItems, true);
    // "If you specify a percentage for each invoice schedule item, you cannot make any update to the Amount field"
    const byPercentage = items.length > 0 && items.every((i) => i.percentage !== null);
    const withAmount = given.findIndex((g) => g.amount !== null);
    if (byPercentage && withAmount >= 0) throw rule(`'scheduleItems[${withAmount}].amount': the items of the invoice schedule ${s.number} bill percentages; their amounts cannot be updated`);
    const byId = new Map(items.map((i) => [i.id, i]));
    const seen = new Set<string>();
    for (const [n, g] of given.entries()) {
      if (!g.id) continue;
      const r = byId.get(g.id);
      if (!r) throw err(`'scheduleItems[${n}].id': the invoice schedule ${s.number} has no item ${g.id}`);
      if (seen.has(g.id)) throw err(`'scheduleItems[${n}].id': the item ${g.id} is given twice`);
      seen.add(g.id);
      if (r.status !== 'Pending' && !sameItem(g, r)) throw rule(`'scheduleItems[${n}]': the item ${g.id} is ${r.status}; only Pending invoice schedule items can be updated`);
    }
    // executed items stay whether sent or not; the list is ordered by run date
    const fromRow = (r: store.ItemRow): ItemInput => ({ id: r.id, name: r.name, amount: r.percentage !== null ? null : new D(r.amount!), percentage: r.percentage !== null ? new D(r.percentage) : null, runDate: r.run_date, targetDate: r.target_date_for_additional, customFields: parseCustomFields(r.custom_fields) });
    const pendingGiven = given.filter((g) => !g.id || byId.get(g.id)!.status === 'Pending');
    const lastExecuted = processed.reduce((m, r) => (r.run_date && r.run_date > m ? r.run_date : m), '');
    for (const g of pendingGiven)
      if (g.runDate !== null && g.runDate <= lastExecuted) throw err(`'scheduleItems': the run date ${g.runDate} of a pending item must be later than ${lastExecuted}, the run date of the last executed item`);
    // executed items first (they ran in order), then the pending ones in the order given
    const list = [...processed.map((r) => ({ ...fromRow(r), executed: new D(r.actual_amount) as Money | null })), ...pendingGiven.map((g) => ({ ...g, executed: null as Money | null }))];
    if (list.length > MAX_ITEMS) throw limit(`An invoice schedule takes at most ${MAX_ITEMS} invoice schedule items`);
    const amounts = amountsFor(list, chargesAmount, places);
    const keep = new Set(list.map((l) => l.id).filter((x): x is string => !!x));
    await store.removeItems(ctx, items.filter((i) => !keep.has(i.id)).map((i) => i.id));
    for (const [seq, l] of list.entries()) {
      if (!l.id) {
        await store.insertItems(ctx, [itemRow(ctx, s.id, seq, l, amounts[seq]!, now)]);
        continue;
      }
      const r = byId.get(l.id)!;
      if (r.status !== 'Pending') {
        await store.updateItem(ctx, r.id, { seq });
        continue;
      }
      await store.updateItem(ctx, r.id, {
        seq,
        name: l.name,
        amount: l.amount ? toDbAmount(l.amount) : null,
        percentage: l.percentage ? toDbAmount(l.percentage) : null,
        actual_amount: toDbAmount(amounts[seq]!),
        run_date: l.runDate,
        target_date_for_additional: l.targetDate,
        custom_fields: mergeCustomFields(r.custom_fields, l.customFields),
        updated_at: now,
      });
    }
  } else if (set.charges_amount !== undefined && items.some((i) => i.percentage !== null)) {
    // new charges: percentage items take their share of the new total
    const list = items.map((r) => ({ id: r.id, name: r.name, amount: null, percentage: new D(r.percentage!), runDate: r.run_date, targetDate: r.target_date_for_additional, customFields: {}, executed: null }));
    const amounts = amountsFor(list, chargesAmount, places);
    for (const [n, r] of items.entries()) await store.updateItem(ctx, r.id, { actual_amount: toDbAmount(amounts[n]!), updated_at: now });
  }

  if (body.nextRunDate !== undefined) {
    const next = date(body.nextRunDate, 'nextRunDate');
    if (next === null) set.next_run_date_set = 0;
    else {
      const pending = (await store.itemsOf(ctx, s.id)).filter((i) => i.status === 'Pending');
      if (!pending.length) throw rule(`The invoice schedule ${s.number} has no pending item: it has no next run`);
      if (next < ctx.today().toString()) throw err(`'nextRunDate' (${next}) cannot be before today (${ctx.today().toString()})`);
      Object.assign(set, { next_run_date: next, next_run_date_set: 1 });
    }
  } else if (body.scheduleItems !== undefined) set.next_run_date_set = 0;
  await store.update(ctx, s.id, set);
  await refresh(ctx, s.id, now);
  return scheduleView(ctx, (await store.find(ctx, s.id))!);
}

// ---------------------------------------------------------------- execute

/**
 * Bills one pending item: a bill run (billing's `openInvoiceScheduleBillRun`) and one Draft invoice of the
 * held charges (each its share of the item's amount, rules.ts `chargeShares`) plus what the additional
 * subscriptions owe through the item's target date. The item becomes Processed with the document's id.
 */
/** The documents one item made, and the bill run it made them in. */
interface ItemBilled {
  billRunId: string;
  kind: 'invoice' | 'creditMemo' | null;
}

/**
 * Bills one pending item: one Draft invoice of the held charges (each its share of the item's amount, rules.ts
 * `chargeShares`) plus what the additional subscriptions owe through the item's target date, in the given bill
 * run (a bill run billing the account) or in one of its own (billing's `openInvoiceScheduleBillRun`). The item
 * becomes Processed with the document's id.
 */
async function billItem(ctx: Ctx, s: store.ScheduleRow, item: store.ItemRow, run: { id: string; number: string; invoiceDate: string; post: boolean } | null): Promise<ItemBilled> {
  const today = ctx.today().toString();
  const now = ctx.now().toString();
  const charges = (await store.chargesOf(ctx, s.id)).filter((c) => c.detached === 0);
  const pending = (await store.itemsOf(ctx, s.id)).filter((i) => i.status === 'Pending');
  const shares = chargeShares(new D(item.actual_amount), charges.map((c) => ({ total: new D(c.total_amount), billed: new D(c.billed_amount) })), currencyPlaces(s.currency), pending.length === 1);
  const proposed: ProposedItem[] = charges.map((c, n) => ({ ...(JSON.parse(c.template) as Omit<ProposedItem, 'amount'>), amount: toDbAmount(shares[n]!) })).filter((p) => !new D(p.amount).isZero());
  const additional = JSON.parse(s.additional_subscriptions) as string[];
  if (additional.length) proposed.push(...(await billingEngine.proposeItems(ctx, { accountId: s.account_id, targetDate: item.target_date_for_additional ?? item.run_date ?? today, subscriptionNumbers: additional })));
  const invoiceDate = run?.invoiceDate ?? today;
  let r = run;
  if (!r) {
    const own = await openInvoiceScheduleBillRun(ctx, { accountId: s.account_id, targetDate: today, invoiceDate });
    r = { id: own.id, number: own.billRunNumber, invoiceDate, post: false };
  }
  const doc = await invoiceWriter.makeDocuments(ctx, { accountId: s.account_id, items: proposed, invoiceDate, targetDate: item.run_date ?? today, source: 'BillRun', sourceId: r.number, billRunId: r.id, post: r.post });
  for (const [n, c] of charges.entries()) await store.updateCharge(ctx, c.original_charge_id, { billed_amount: toDbAmount(new D(c.billed_amount).plus(shares[n]!)) });
  await store.updateItem(ctx, item.id, {
    status: 'Processed',
    invoice_id: doc?.kind === 'invoice' ? doc.id : null,
    credit_memo_id: doc?.kind === 'creditMemo' ? doc.id : null,
    bill_run_id: r.id,
    updated_at: now,
  });
  await store.update(ctx, s.id, { next_run_date_set: 0 });
  await refresh(ctx, s.id, now);
  return { billRunId: r.id, kind: doc?.kind ?? null };
}

/** Bills one item in a bill run of its own; answers the run as GET /v1/bill-runs/{id} does. */
async function executeItem(ctx: Ctx, s: store.ScheduleRow, item: store.ItemRow): Promise<Obj> {
  const b = await billItem(ctx, s, item, null);
  return closeInvoiceScheduleBillRun(ctx, b.billRunId, { invoices: b.kind === 'invoice' ? 1 : 0, creditMemos: b.kind === 'creditMemo' ? 1 : 0 });
}

/**
 * Billing's scheduled items biller: a bill run for the account bills each item of its schedules whose run date is
 * on or before the run's target date, in order, paused schedules included (the Pause page's way to bill them).
 */
export async function billItemsInBillRun(ctx: Ctx, run: ScheduledItemsRun): Promise<{ invoices: number; creditMemos: number }> {
  const made = { invoices: 0, creditMemos: 0 };
  const wanted = run.subscriptionNumbers ? new Set(run.subscriptionNumbers) : null;
  for (const found of await store.ofAccount(ctx, run.accountId)) {
    if (wanted && !(await store.chargesOf(ctx, found.id)).some((c) => wanted.has(c.subscription_number))) continue;
    const s = (await store.lock(ctx, found.id))!;
    for (const item of await store.itemsOf(ctx, s.id)) {
      if (item.status !== 'Pending') continue;
      if (!item.run_date || item.run_date > run.targetDate) break;
      const b = await billItem(ctx, (await store.find(ctx, s.id))!, item, { id: run.billRunId, number: run.billRunNumber, invoiceDate: run.invoiceDate, post: run.post });
      if (b.kind === 'invoice') made.invoices++;
      if (b.kind === 'creditMemo') made.creditMemos++;
    }
  }
  return made;
}

/** POST /v1/invoice-schedules/{key}/execute: the earliest pending item (or the one named, which must be it) now. */
export async function executeSchedule(ctx: Ctx, key: string, raw: unknown): Promise<Obj> {
  const body = checkFields(raw ?? {}, new Set(['scheduleItemId']), '', 'an invoice schedule execution');
  const s = await requireSchedule(ctx, key);
  if (s.paused) throw rule(`The invoice schedule ${s.number} is Paused: resume it before executing it`);
  const pending = (await store.itemsOf(ctx, s.id)).filter((i) => i.status === 'Pending');
  if (!pending.length) throw rule(`The invoice schedule ${s.number} has no pending invoice schedule item to execute`);
  if (!pending[0]!.run_date) throw rule(`The next pending item ${pending[0]!.id} of the invoice schedule ${s.number} has no run date: an invoice schedule item with a blank run date is not executed (give it one with PUT /v1/invoice-schedules/${s.number})`);
  if (body.scheduleItemId !== undefined && body.scheduleItemId !== null) {
    if (typeof body.scheduleItemId !== 'string') throw err(`'scheduleItemId' must be a string`);
    if (body.scheduleItemId !== pending[0]!.id) {
      const all = await store.itemsOf(ctx, s.id);
      const it = all.find((i) => i.id === body.scheduleItemId);
      if (!it) throw err(`'scheduleItemId': the invoice schedule ${s.number} has no item ${body.scheduleItemId}`);
      throw rule(`'scheduleItemId': the item ${it.id} is ${it.status === 'Pending' ? 'not the earliest pending item' : it.status}; only the earliest pending item (${pending[0]!.id}) can be executed`);
    }
  }
  const view = await executeItem(ctx, s, pending[0]!);
  // the fields of the execute page's sample (its schema has no run name, schedule or include* options)
  return { success: true, ...Object.fromEntries(EXECUTE_FIELDS.filter((k) => k in view).map((k) => [k, view[k]])) };
}

/** Due work of the tenant clock: each schedule (not paused) whose next run date has come bills its next item, once. */
export async function runDueSchedules(ctx: Ctx, date: string): Promise<void> {
  for (const due of await store.due(ctx, date)) {
    // each schedule in a savepoint: one that cannot bill (a ZuoraError) stays as it was and is tried again on the
    // clock's next day, the others go on (as a bill run does per account)
    await sql`savepoint zbill_invoice_schedule`.execute(ctx.db);
    try {
      let s = (await store.lock(ctx, due.id))!;
      // every item whose run date has come (a clock moved over several run dates bills each, in order)
      for (;;) {
        if (s.paused || !s.next_run_date || s.next_run_date > date) break;
        const pending = (await store.itemsOf(ctx, s.id)).filter((i) => i.status === 'Pending');
        if (!pending.length) break;
        await executeItem(ctx, s, pending[0]!);
        s = (await store.find(ctx, s.id))!;
      }
    } catch (e) {
      if (!(e instanceof ZuoraError)) throw e;
      await sql`rollback to savepoint zbill_invoice_schedule`.execute(ctx.db);
    }
    await sql`release savepoint zbill_invoice_schedule`.execute(ctx.db);
  }
}

// ---------------------------------------------------------------- pause, resume, delete, attach, detach

/** PUT …/pause: a Pending or PartiallyProcessed schedule stops running (its items wait). */
export async function pauseSchedule(ctx: Ctx, key: string): Promise<Obj> {
  const s = await requireSchedule(ctx, key);
  if (s.status !== 'Pending' && s.status !== 'PartiallyProcessed') throw rule(`The invoice schedule ${s.number} is ${s.status}: only a Pending or PartiallyProcessed invoice schedule can be paused`);
  const now = ctx.now().toString();
  await store.update(ctx, s.id, { paused: 1 });
  await refresh(ctx, s.id, now);
  return scheduleView(ctx, (await store.find(ctx, s.id))!);
}

/** PUT …/resume: a Paused schedule runs again (an item whose run date passed meanwhile runs on the clock's next day, or by execute). */
export async function resumeSchedule(ctx: Ctx, key: string): Promise<Obj> {
  const s = await requireSchedule(ctx, key);
  if (!s.paused) throw rule(`The invoice schedule ${s.number} is ${s.status}: only a Paused invoice schedule can be resumed`);
  const now = ctx.now().toString();
  await store.update(ctx, s.id, { paused: 0 });
  await refresh(ctx, s.id, now);
  return scheduleView(ctx, (await store.find(ctx, s.id))!);
}

/** DELETE …: only a Pending schedule (nothing billed); its charges go back to bill runs. */
export async function deleteSchedule(ctx: Ctx, key: string): Promise<Obj> {
  const s = await requireSchedule(ctx, key);
  if (s.status !== 'Pending') throw rule(`The invoice schedule ${s.number} is ${s.status}: only a Pending invoice schedule can be deleted`);
  await store.remove(ctx, s.id);
  return { success: true };
}

/**
 * PUT …/detach and …/attach: the charges named stop being billed by the schedule's items (and go back to bill
 * runs), or come back; both only on a PartiallyProcessed or FullyProcessed schedule, attach only of charges
 * detached from this schedule.
 */
export async function changeAttachment(ctx: Ctx, key: string, raw: unknown, attach: boolean): Promise<Obj> {
  // the schedule is looked up first: an unknown key answers not found whatever the body
  const s = await requireSchedule(ctx, key);
  const body = checkFields(raw, new Set(['specificSubscriptions']), '', `an invoice schedule ${attach ? 'attach' : 'detach'}`);
  if (body.specificSubscriptions === undefined || body.specificSubscriptions === null) throw missing(`'specificSubscriptions' is required`);
  const specific = readSpecific(body.specificSubscriptions);
  if (!specific.length) throw missing(`'specificSubscriptions' must name at least one subscription`);
  const status = scheduleStatus((await store.itemsOf(ctx, s.id)).map((i) => i.status), false);
  if (status !== 'PartiallyProcessed' && status !== 'FullyProcessed') throw rule(`The invoice schedule ${s.number} is ${s.status}: charges are ${attach ? 'attached to' : 'detached from'} PartiallyProcessed or FullyProcessed invoice schedules only`);
  const charges = await store.chargesOf(ctx, s.id);
  const changes: string[] = [];
  for (const [i, x] of specific.entries()) {
    const p = `specificSubscriptions[${i}]`;
    const sub = await subscriptionReader.getSubscription(ctx, x.subscriptionKey);
    const mine = charges.filter((c) => c.subscription_number === (sub?.subscriptionNumber ?? x.subscriptionKey));
    if (!sub || !mine.length) throw err(`'${p}.subscriptionKey': the invoice schedule ${s.number} holds no charge of ${x.subscriptionKey}`);
    if (x.orderKey && mine.every((c) => c.order_number !== x.orderKey)) throw err(`'${p}.orderKey': the invoice schedule holds the charges of ${sub.subscriptionNumber} through ${mine[0]!.order_number ?? 'no order'}, not ${x.orderKey}`);
    if (!x.chargeNumbers) throw missing(`'${p}.chargeNumbers' is required`);
    for (const cn of x.chargeNumbers) {
      const c = mine.find((m) => m.charge_number === cn);
      if (!c) throw err(`'${p}.chargeNumbers': the invoice schedule ${s.number} holds no charge ${cn} of ${sub.subscriptionNumber}`);
      if (attach && c.detached === 0) throw rule(`'${p}.chargeNumbers': the charge ${cn} is attached; only charges detached from this invoice schedule can be attached`);
      if (!attach && c.detached === 1) throw rule(`'${p}.chargeNumbers': the charge ${cn} is already detached`);
      changes.push(c.original_charge_id);
    }
  }
  for (const id of changes) await store.updateCharge(ctx, id, { detached: attach ? 0 : 1 });
  await store.update(ctx, s.id, { updated_at: ctx.now().toString() });
  return { success: true };
}

// ---------------------------------------------------------------- orders

/** The subscriptions module's order deletion guard: an order whose subscriptions' charges a schedule holds stays. */
export async function orderDeletionGuard(ctx: Ctx, order: { orderNumber: string; subscriptionNumbers: string[] }): Promise<string | null> {
  const numbers = await store.schedulesOfOrder(ctx, order.orderNumber, order.subscriptionNumbers);
  return numbers.length ? `The order ${order.orderNumber} is associated with the invoice schedule${numbers.length > 1 ? 's' : ''} ${numbers.join(', ')}; delete or update the invoice schedule first` : null;
}

/**
 * After an order changes a subscription whose charges a Pending schedule holds, the schedule holds what its orders
 * and specific subscriptions hold now (new charges of the subscription, what each is worth), and percentage items
 * take their share of the new total ("Percentage-based amount billing": while every item is pending, the actual
 * amounts follow the total amount). A schedule whose orders no longer give it any charge, or one already billing
 * (PartiallyProcessed, FullyProcessed), keeps what it holds.
 */
export async function onOrderProcessed(ctx: Ctx, event: { subscriptions: Array<{ subscriptionNumber: string; previousVersion: number | null }> }): Promise<void> {
  const ids = new Set<string>();
  for (const sub of event.subscriptions) if (sub.previousVersion !== null) for (const id of await store.schedulesOfSubscription(ctx, sub.subscriptionNumber)) ids.add(id);
  for (const id of ids) {
    const s = (await store.lock(ctx, id))!;
    const items = await store.itemsOf(ctx, id);
    if (items.some((i) => i.status !== 'Pending')) continue;
    const account = (await getAccountByKey(ctx, s.account_id))!;
    let resolved: Awaited<ReturnType<typeof resolveCharges>>;
    try {
      resolved = await resolveCharges(ctx, account, JSON.parse(s.orders) as string[], JSON.parse(s.specific_subscriptions) as SpecificSubscription[], s.id);
    } catch (e) {
      if (e instanceof ZuoraError) continue;
      throw e;
    }
    const now = ctx.now().toString();
    const chargesAmount = resolved.charges.reduce((t: Money, c) => t.plus(c.total), new D(0));
    await store.removeCharges(ctx, id);
    await store.insertCharges(ctx, chargeRows(ctx, id, account.id, resolved.charges));
    await store.update(ctx, id, { charges_amount: toDbAmount(chargesAmount) });
    if (items.length && items.every((i) => i.percentage !== null) && chargesAmount.greaterThan(0)) {
      const list = items.map((r) => ({ amount: null, percentage: new D(r.percentage!) }));
      const amounts = itemAmounts(list, chargesAmount, currencyPlaces(s.currency));
      for (const [n, r] of items.entries()) await store.updateItem(ctx, r.id, { actual_amount: toDbAmount(amounts[n]!), updated_at: now });
    }
    await refresh(ctx, id, now);
  }
}

// ---------------------------------------------------------------- for billing

/**
 * The account's charges the schedules bill (held and not detached), each through the last service day it was
 * worth when the schedule took it (its term end): billing's scheduled charge filter.
 */
export async function heldCharges(ctx: Ctx, accountId: string): Promise<Map<string, string>> {
  const rows = await store.heldCharges(ctx, accountId);
  return new Map(rows.map((r) => [r.original_charge_id, (JSON.parse(r.template) as { serviceEndDate: string }).serviceEndDate]));
}
