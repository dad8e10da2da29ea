/**
 * Bill runs (Zuora's "Create a bill run", "Cancel a bill run", "Post a bill run", "Delete a bill run"
 * pages): an ad hoc run is saved Pending and billed by a job; a scheduled run falls due on a day of
 * the tenant clock (due work), runs, and makes the next run of its series. Each account is billed
 * in a savepoint of its own: an account that fails is recorded on the run and the others go on.
 *
 * Statuses: Pending → (Processing, inside the run's transaction) → Completed, or Error when every
 * account failed; Completed → Posted (PUT …/post, or autoPost); Pending/Completed/Error → Canceled
 * (PUT …/cancel: the run's draft documents are canceled); Canceled/Error → deleted.
 */
import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { nextCounter } from '../../platform/counters.js';
import { addMonths, parseDate, Temporal } from '../../platform/dates.js';
import { Category, errorCode, invalidValue, missingField, notFound, notImplemented, ruleViolation, unknownField, ZuoraError } from '../../platform/errors.js';
import { formatNumber, newId } from '../../platform/ids.js';
import { cancelJob, enqueueJob } from '../../platform/jobs.js';
import { accountRecordsForBillRun, getAccountByKey, type AccountRecord } from '../accounts/service.js';
import { invoiceWriter, type DocumentRef } from '../invoices/contract.js';
import { billingRules } from '../settings/contract.js';
import { subscriptionReader } from '../subscriptions/service.js';
import { billScheduledItems, type BillingChargeType } from './contract.js';
import { billCycleDayChangesOf } from './bill-cycle.js';
import { proposeItems } from './engine.js';
import * as store from './bill-run-store.js';

type Obj = Record<string, unknown>;

/** Resource code of bill run errors. */
export const RES_BILL_RUN = 580100;
export const BILL_RUN_JOB = 'billing.bill-run';
/** Zuora: with more than 500 Pending bill runs created through the API, no more can be created. */
export const MAX_PENDING_BILL_RUNS = 500;
/** Zuora: a bill run by subscription takes at most 50 subscriptions. */
export const MAX_SUBSCRIPTION_FILTERS = 50;

const CHARGE_TYPES: BillingChargeType[] = ['OneTime', 'Recurring', 'Usage'];
const REPEAT_TYPES = ['None', 'Daily', 'Weekly', 'Monthly'];
const WEEK_DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const REQUEST_FIELDS = new Set([
  'autoEmail', 'autoPost', 'autoRenewal', 'batches', 'billCycleDay', 'billRunFilters', 'billRunType', 'chargeTypeToExclude', 'includeSubscriptions',
  'includeOrderLineItems', 'invoiceDate', 'invoiceDateMonthOffset', 'invoiceDateDayOfMonth', 'name', 'noEmailForZeroAmountInvoice', 'organizationLabels',
  'schedule', 'targetDate', 'targetDateMonthOffset', 'targetDateDayOfMonth',
]);

export interface Schedule {
  repeatFrom: string;
  repeatTo: string | null;
  repeatType: string;
  runTime: number;
  weeklyOnDay: string[] | null;
  monthlyOnEndOfMonth: boolean;
}

export interface BillRunFilter {
  filterType: 'Account' | 'Subscription';
  accountId: string;
  subscriptionId?: string;
  /** The subscription's number, resolved when the run was created. */
  subscriptionNumber?: string;
}

/** What a run was created with, kept as JSON on its row. */
export interface BillRunOptions {
  batches: string[] | null;
  billCycleDay: string | null;
  billRunFilters: BillRunFilter[];
  chargeTypeToExclude: BillingChargeType[] | null;
  autoEmail: boolean;
  autoRenewal: boolean;
  includeSubscriptions: boolean;
  includeOrderLineItems: boolean;
  schedule: Schedule | null;
  /** A scheduled run's dates, as days after its execution date (from targetDate/invoiceDate - repeatFrom). */
  targetDateOffset: number | null;
  invoiceDateOffset: number | null;
  targetDateMonthOffset: number | null;
  targetDateDayOfMonth: number | null;
  invoiceDateMonthOffset: number | null;
  invoiceDateDayOfMonth: number | null;
}

const err = (message: string) => invalidValue(message, RES_BILL_RUN);

function bool(body: Obj, field: string, dflt: boolean): boolean {
  const v = body[field];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'boolean') throw err(`'${field}' must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

function date(v: unknown, field: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' || !parseDate(v)) throw err(`'${field}' must be a date in yyyy-mm-dd format, got ${JSON.stringify(v)}`);
  return v;
}

function int(v: unknown, field: string, min: number, max: number): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw err(`'${field}' must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
  return v;
}

const daysBetween = (from: string, to: string) => parseDate(from)!.until(parseDate(to)!, { largestUnit: 'days' }).days;

// ---------------------------------------------------------------- schedules (pure)

function dayInMonth(ym: Temporal.PlainYearMonth, day: number | 'End'): Temporal.PlainDate {
  return ym.toPlainDate({ day: day === 'End' ? ym.daysInMonth : Math.min(day, ym.daysInMonth) });
}

/**
 * The first execution date of a schedule after `after` (or its first one when `after` is null), or
 * null once the schedule is over (past repeatTo, or a None schedule that ran). Monthly runs recur on
 * repeatFrom's day of the month (the month's last day when shorter), or on each month's last day
 * with monthlyOnEndOfMonth; weekly runs on the weekdays of weeklyOnDay.
 */
export function nextExecutionDate(s: Schedule, after: string | null): string | null {
  const from = parseDate(s.repeatFrom)!;
  const start = after ? parseDate(after)!.add({ days: 1 }) : from;
  let d: Temporal.PlainDate | null = null;
  switch (s.repeatType) {
    case 'None':
      d = after ? null : from;
      break;
    case 'Daily':
      d = Temporal.PlainDate.compare(start, from) < 0 ? from : start;
      break;
    case 'Weekly': {
      const days = new Set((s.weeklyOnDay ?? []).map((w) => WEEK_DAYS.indexOf(w) + 1));
      let c = Temporal.PlainDate.compare(start, from) < 0 ? from : start;
      for (let i = 0; i < 7 && !days.has(c.dayOfWeek); i++) c = c.add({ days: 1 });
      d = days.has(c.dayOfWeek) ? c : null;
      break;
    }
    case 'Monthly': {
      const day = s.monthlyOnEndOfMonth ? 'End' : from.day;
      let ym = from.toPlainYearMonth();
      let c = dayInMonth(ym, day);
      while (Temporal.PlainDate.compare(c, from) < 0 || Temporal.PlainDate.compare(c, start) < 0) {
        ym = ym.add({ months: 1 });
        c = dayInMonth(ym, day);
      }
      d = c;
      break;
    }
  }
  if (!d) return null;
  if (s.repeatTo && d.toString() > s.repeatTo) return null;
  return d.toString();
}

/** A run's target or invoice date from its execution date: a month offset and day, a day offset, or the execution date. */
export function runDate(exec: string, o: { monthOffset: number | null; dayOfMonth: number | null; dayOffset: number | null }): string {
  const e = parseDate(exec)!;
  if (o.monthOffset !== null && o.dayOfMonth !== null) return dayInMonth(addMonths(e, o.monthOffset).toPlainYearMonth(), o.dayOfMonth).toString();
  if (o.dayOffset !== null) return e.add({ days: o.dayOffset }).toString();
  return exec;
}

// ---------------------------------------------------------------- create

function readSchedule(v: unknown): Schedule | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) throw err(`'schedule' must be an object`);
  const s = v as Obj;
  for (const k of Object.keys(s)) if (!['repeatFrom', 'repeatTo', 'repeatType', 'runTime', 'weeklyOnDay', 'monthlyOnEndOfMonth'].includes(k)) throw unknownField(`'schedule.${k}' is not a field of a bill run schedule`, RES_BILL_RUN);
  const repeatFrom = date(s.repeatFrom, 'schedule.repeatFrom');
  if (!repeatFrom) throw missingField(`'schedule.repeatFrom' is required`, RES_BILL_RUN);
  const repeatTo = date(s.repeatTo, 'schedule.repeatTo');
  if (repeatTo && repeatTo < repeatFrom) throw err(`'schedule.repeatTo' (${repeatTo}) cannot be before 'schedule.repeatFrom' (${repeatFrom})`);
  const repeatType = s.repeatType ?? 'None';
  if (!REPEAT_TYPES.includes(repeatType as string)) throw err(`'schedule.repeatType' must be one of ${REPEAT_TYPES.join(', ')}, got ${JSON.stringify(repeatType)}`);
  const runTime = int(s.runTime, 'schedule.runTime', 0, 23) ?? 0;
  let weeklyOnDay: string[] | null = null;
  if (s.weeklyOnDay !== undefined && s.weeklyOnDay !== null) {
    if (!Array.isArray(s.weeklyOnDay) || s.weeklyOnDay.some((w) => !WEEK_DAYS.includes(w as string))) throw err(`'schedule.weeklyOnDay' must be a list of ${WEEK_DAYS.join(', ')}`);
    weeklyOnDay = [...new Set(s.weeklyOnDay as string[])];
  }
  if (repeatType === 'Weekly' && !weeklyOnDay?.length) throw missingField(`'schedule.weeklyOnDay' is required when 'schedule.repeatType' is Weekly`, RES_BILL_RUN);
  if (repeatType !== 'Weekly' && weeklyOnDay) throw err(`'schedule.weeklyOnDay' is valid only when 'schedule.repeatType' is Weekly`);
  const monthlyOnEndOfMonth = bool(s, 'monthlyOnEndOfMonth', false);
  if (monthlyOnEndOfMonth && repeatType !== 'Monthly') throw err(`'schedule.monthlyOnEndOfMonth' is valid only when 'schedule.repeatType' is Monthly`);
  return { repeatFrom, repeatTo, repeatType: repeatType as string, runTime, weeklyOnDay, monthlyOnEndOfMonth };
}

async function readFilters(ctx: Ctx, v: unknown): Promise<BillRunFilter[]> {
  if (!Array.isArray(v)) throw err(`'billRunFilters' must be an array`);
  if (!v.length) throw missingField(`'billRunFilters' must hold at least one filter`, RES_BILL_RUN);
  const out: BillRunFilter[] = [];
  for (const [i, f] of v.entries()) {
    const p = `billRunFilters[${i}]`;
    if (f === null || typeof f !== 'object' || Array.isArray(f)) throw err(`'${p}' must be an object`);
    const o = f as Obj;
    if (o.filterType === undefined) throw missingField(`'${p}.filterType' is required`, RES_BILL_RUN);
    if (o.filterType === 'FilterCondition' || o.filterType === 'InvoiceSchedule') throw notImplemented(`bill runs by ${String(o.filterType)} filter ('${p}.filterType')`);
    if (o.filterType !== 'Account' && o.filterType !== 'Subscription') throw err(`'${p}.filterType' must be Account, Subscription or FilterCondition, got ${JSON.stringify(o.filterType)}`);
    if (typeof o.accountId !== 'string' || !o.accountId) throw missingField(`'${p}.accountId' is required`, RES_BILL_RUN);
    const account = await getAccountByKey(ctx, o.accountId);
    if (!account) throw err(`'${p}.accountId': no account ${o.accountId}`);
    if (o.filterType === 'Account') {
      if (o.subscriptionId !== undefined) throw err(`'${p}.subscriptionId' is valid only with filterType Subscription`);
      out.push({ filterType: 'Account', accountId: o.accountId });
      continue;
    }
    if (typeof o.subscriptionId !== 'string' || !o.subscriptionId) throw missingField(`'${p}.subscriptionId' is required with filterType Subscription`, RES_BILL_RUN);
    const sub = await subscriptionReader.getSubscription(ctx, o.subscriptionId);
    if (!sub) throw err(`'${p}.subscriptionId': no subscription ${o.subscriptionId}`);
    if (sub.invoiceOwnerAccountId !== account.id && sub.accountId !== account.id)
      throw err(`'${p}.subscriptionId': subscription ${sub.subscriptionNumber} does not belong to account ${account.accountNumber}`);
    out.push({ filterType: 'Subscription', accountId: o.accountId, subscriptionId: o.subscriptionId, subscriptionNumber: sub.subscriptionNumber });
  }
  const kinds = new Set(out.map((f) => f.filterType));
  if (kinds.size > 1) throw err(`'billRunFilters' takes Account filters or Subscription filters, not both`);
  const accounts = new Set(await Promise.all(out.map(async (f) => (await getAccountByKey(ctx, f.accountId))!.id)));
  if (kinds.has('Account') && out.length > 1) throw err(`A bill run by account takes one account; 'billRunFilters' has ${out.length}`);
  if (kinds.has('Subscription')) {
    if (accounts.size > 1) throw err(`The subscriptions of a bill run by subscription must all belong to one account`);
    if (out.length > MAX_SUBSCRIPTION_FILTERS) throw new ZuoraError(errorCode(RES_BILL_RUN, Category.LIMIT), `A bill run by subscription takes at most ${MAX_SUBSCRIPTION_FILTERS} subscriptions; 'billRunFilters' has ${out.length}`);
  }
  return out;
}

function readBillCycleDay(v: unknown, scheduled: boolean): string {
  if (v === undefined || v === null) return 'AllBillCycleDays';
  const s = typeof v === 'number' ? String(v) : v;
  if (s === 'AllBillCycleDays') return s;
  if (s === 'AsRunDay') {
    if (!scheduled) throw err(`'billCycleDay' AsRunDay is valid only for a scheduled bill run`);
    return s;
  }
  if (typeof s === 'string' && /^\d{1,2}$/.test(s) && Number(s) >= 1 && Number(s) <= 31) return String(Number(s));
  throw err(`'billCycleDay' must be AllBillCycleDays${scheduled ? ', AsRunDay' : ''} or a day from 1 to 31, got ${JSON.stringify(v)}`);
}

function readBatches(v: unknown): string[] {
  if (!Array.isArray(v) || !v.length) throw err(`'batches' must be a non-empty array of AllBatches or Batch1 … Batch50`);
  for (const b of v) {
    if (b === 'AllBatches') continue;
    const m = typeof b === 'string' ? /^Batch([1-9]\d?)$/.exec(b) : null;
    if (!m || Number(m[1]) > 50) throw err(`'batches' takes AllBatches or Batch1 … Batch50, got ${JSON.stringify(b)}`);
  }
  if (v.includes('AllBatches') && v.length > 1) throw err(`'batches' takes AllBatches alone or a list of batches`);
  return [...new Set(v as string[])];
}

/** POST /v1/bill-runs: checks every field, saves the run Pending, and hands an ad hoc run to a job. */
export async function createBillRun(ctx: Ctx, body: Obj): Promise<Obj> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw err('The request body must be a JSON object');
  for (const k of Object.keys(body)) if (!REQUEST_FIELDS.has(k)) throw unknownField(`'${k}' is not a field of a bill run`, RES_BILL_RUN);
  const schedule = readSchedule(body.schedule);
  const hasBatches = body.batches !== undefined && body.batches !== null;
  const hasFilters = body.billRunFilters !== undefined && body.billRunFilters !== null;
  if (hasBatches && hasFilters) throw err(`Give either 'batches' or 'billRunFilters', not both`);
  if (!hasBatches && !hasFilters) throw missingField(`'batches' or 'billRunFilters' is required`, RES_BILL_RUN);
  const batches = hasBatches ? readBatches(body.batches) : null;
  if (!hasBatches && body.billCycleDay !== undefined) throw err(`'billCycleDay' is valid only with 'batches'`);
  const billCycleDay = hasBatches ? readBillCycleDay(body.billCycleDay, !!schedule) : null;
  const billRunFilters = hasFilters ? await readFilters(ctx, body.billRunFilters) : [];

  let chargeTypeToExclude: BillingChargeType[] | null = null;
  if (body.chargeTypeToExclude !== undefined && body.chargeTypeToExclude !== null) {
    const v = body.chargeTypeToExclude;
    if (!Array.isArray(v) || v.some((t) => !CHARGE_TYPES.includes(t as BillingChargeType))) throw err(`'chargeTypeToExclude' must be a list of OneTime, Recurring, Usage`);
    const set = [...new Set(v as BillingChargeType[])];
    if (set.length > 2) throw err(`'chargeTypeToExclude' takes at most two charge types`);
    chargeTypeToExclude = set.length ? set : null;
  }

  if (body.name !== undefined && body.name !== null && typeof body.name !== 'string') throw err(`'name' must be a string`);
  if (body.billRunType !== undefined && body.billRunType !== null && body.billRunType !== 'Regular') {
    if (body.billRunType === 'CatchUp') throw notImplemented(`catch-up bill runs ('billRunType' CatchUp)`);
    throw err(`'billRunType' must be Regular or CatchUp, got ${JSON.stringify(body.billRunType)}`);
  }
  if (Array.isArray(body.organizationLabels) ? body.organizationLabels.length : body.organizationLabels !== undefined && body.organizationLabels !== null)
    throw err(`'organizationLabels' is valid only with the Multi-Org feature, which this tenant does not have`);

  const rules = await billingRules(ctx);
  const autoPost = bool(body, 'autoPost', rules.allowAutoPostBillRun && rules.autoPostBillRunDefaultValue);
  const autoEmail = bool(body, 'autoEmail', false);
  if ((autoPost || autoEmail) && !rules.allowAutoPostBillRun)
    throw ruleViolation(`'${autoPost ? 'autoPost' : 'autoEmail'}' needs the billing rule "Support bill run auto-post?" (allowAutoPostBillRun) set to true`, RES_BILL_RUN);
  if (autoEmail) throw notImplemented(`emails of bill runs ('autoEmail')`);
  const autoRenewal = bool(body, 'autoRenewal', false);
  if (autoRenewal) throw notImplemented(`renewing subscriptions from a bill run ('autoRenewal'); the tenant clock renews them`);
  const includeSubscriptions = bool(body, 'includeSubscriptions', true);
  const includeOrderLineItems = bool(body, 'includeOrderLineItems', true);
  if (!includeSubscriptions) throw notImplemented(`bill runs of order line items only ('includeSubscriptions' false)`);
  const noEmail = bool(body, 'noEmailForZeroAmountInvoice', false);

  const targetDate = date(body.targetDate, 'targetDate');
  const invoiceDate = date(body.invoiceDate, 'invoiceDate');
  const tMonth = int(body.targetDateMonthOffset, 'targetDateMonthOffset', -12, 12);
  const tDay = int(body.targetDateDayOfMonth, 'targetDateDayOfMonth', 1, 31);
  const iMonth = int(body.invoiceDateMonthOffset, 'invoiceDateMonthOffset', -12, 12);
  const iDay = int(body.invoiceDateDayOfMonth, 'invoiceDateDayOfMonth', 1, 31);
  for (const [a, b, what] of [[tMonth, tDay, 'targetDate'], [iMonth, iDay, 'invoiceDate']] as const) {
    if ((a === null) !== (b === null)) throw err(`'${what}MonthOffset' and '${what}DayOfMonth' go together`);
    if (a !== null && schedule?.repeatType !== 'Monthly') throw err(`'${what}MonthOffset' and '${what}DayOfMonth' are valid only when 'schedule.repeatType' is Monthly`);
    if (a !== null && (what === 'targetDate' ? targetDate : invoiceDate)) throw err(`Give '${what}' or '${what}MonthOffset' with '${what}DayOfMonth', not both`);
  }
  if (!schedule && !targetDate) throw missingField(`'targetDate' is required for an ad hoc bill run`, RES_BILL_RUN);

  if ((await store.pendingCount(ctx)) >= MAX_PENDING_BILL_RUNS)
    throw new ZuoraError(errorCode(RES_BILL_RUN, Category.LIMIT), `There are already ${MAX_PENDING_BILL_RUNS} bill runs in Pending status; no more can be created until some run`);

  const options: BillRunOptions = {
    batches,
    billCycleDay,
    billRunFilters,
    chargeTypeToExclude,
    autoEmail,
    autoRenewal,
    includeSubscriptions,
    includeOrderLineItems,
    schedule,
    targetDateOffset: schedule && targetDate ? daysBetween(schedule.repeatFrom, targetDate) : schedule ? 0 : null,
    invoiceDateOffset: schedule && invoiceDate ? daysBetween(schedule.repeatFrom, invoiceDate) : schedule ? 0 : null,
    targetDateMonthOffset: tMonth,
    targetDateDayOfMonth: tDay,
    invoiceDateMonthOffset: iMonth,
    invoiceDateDayOfMonth: iDay,
  };
  const id = newId();
  const now = ctx.now().toString();
  let scheduledDate: string | null = null;
  if (schedule) {
    scheduledDate = nextExecutionDate(schedule, null);
    if (!scheduledDate) throw err(`The schedule has no run date between ${schedule.repeatFrom} and ${schedule.repeatTo}`);
    if (scheduledDate < ctx.today().toString()) throw err(`'schedule.repeatFrom' (${schedule.repeatFrom}) is in the past: the first run would be ${scheduledDate}, before today ${ctx.today().toString()}`);
  }
  const row: store.BillRunRow = {
    id,
    tenant_id: ctx.tenant.id,
    bill_run_number: formatNumber('BR-', await nextCounter(ctx, 'billRun')),
    name: (body.name as string | undefined) ?? null,
    status: 'Pending',
    target_date: schedule ? null : targetDate,
    invoice_date: schedule ? null : (invoiceDate ?? ctx.today().toString()),
    options: JSON.stringify(options),
    auto_post: autoPost ? 1 : 0,
    no_email_for_zero_amount_invoice: noEmail ? 1 : 0,
    scheduled_date: scheduledDate,
    series_id: schedule ? id : null,
    job_id: null,
    failures: '[]',
    documents_count: 0,
    executed_at: null,
    invoices_count: 0,
    credit_memos_count: 0,
    created_at: now,
    updated_at: now,
  };
  if (!schedule) row.job_id = (await enqueueJob(ctx, BILL_RUN_JOB, { billRunId: id })).id;
  await store.insert(ctx, row);
  return billRunView(ctx, row);
}

// ---------------------------------------------------------------- run

interface AccountToBill {
  id: string;
  accountNumber: string;
  billCycleDay: number;
  /** The account as read for the run (the invoice writer takes it instead of reading it again). */
  account: AccountRecord;
  subscriptionNumbers?: string[];
}

async function accountsToBill(ctx: Ctx, o: BillRunOptions, execDate: string): Promise<AccountToBill[]> {
  if (o.billRunFilters.length) {
    const a = await getAccountByKey(ctx, o.billRunFilters[0]!.accountId);
    if (!a) return [];
    const subs = o.billRunFilters.filter((f) => f.filterType === 'Subscription').map((f) => f.subscriptionNumber!);
    return [{ id: a.id, accountNumber: a.accountNumber, billCycleDay: a.billCycleDay, account: a, subscriptionNumbers: subs.length ? subs : undefined }];
  }
  const batches = o.batches?.includes('AllBatches') ? undefined : (o.batches ?? undefined);
  const bcd = o.billCycleDay === 'AsRunDay' ? parseDate(execDate)!.day : o.billCycleDay && o.billCycleDay !== 'AllBillCycleDays' ? Number(o.billCycleDay) : undefined;
  return (await accountRecordsForBillRun(ctx, { batches, billCycleDay: bcd })).map((a) => ({ id: a.id, accountNumber: a.accountNumber, billCycleDay: a.billCycleDay, account: a }));
}

/**
 * Bills a Pending run: each account in its own savepoint (a failure is recorded with its reasons and
 * rolled back to the savepoint; the other accounts go on). Runs in the caller's transaction (the
 * job's, or the tenant clock's for a scheduled run).
 */
export async function executeBillRun(ctx: Ctx, id: string): Promise<void> {
  const br = await store.lock(ctx, id);
  if (!br || br.status !== 'Pending') return;
  const o = JSON.parse(br.options) as BillRunOptions;
  const exec = br.scheduled_date ?? ctx.today().toString();
  const targetDate = br.target_date ?? runDate(exec, { monthOffset: o.targetDateMonthOffset, dayOfMonth: o.targetDateDayOfMonth, dayOffset: o.targetDateOffset });
  const invoiceDate = br.invoice_date ?? runDate(exec, { monthOffset: o.invoiceDateMonthOffset, dayOfMonth: o.invoiceDateDayOfMonth, dayOffset: o.invoiceDateOffset });
  await store.update(ctx, id, { status: 'Processing', target_date: targetDate, invoice_date: invoiceDate, updated_at: ctx.now().toString() });
  const accounts = await accountsToBill(ctx, o, exec);
  const failures: Array<{ accountId: string; accountNumber: string; reasons: Array<{ code: number; message: string }> }> = [];
  let documents = 0;
  let invoices = 0;
  // read once for the run, not per account: the tenant's billing rules, every account's bill cycle day changes
  const rules = await billingRules(ctx);
  const bcdChanges = await billCycleDayChangesOf(ctx, accounts.map((a) => a.id));
  for (const a of accounts) {
    await sql`savepoint zbill_bill_run_account`.execute(ctx.db);
    try {
      const preloaded = { account: { id: a.id, billCycleDay: a.billCycleDay }, rules, bcdChanges: bcdChanges.get(a.id) ?? [] };
      const items = await proposeItems(ctx, { accountId: a.id, targetDate, excludeChargeTypes: o.chargeTypeToExclude ?? undefined, subscriptionNumbers: a.subscriptionNumbers, preloaded });
      const doc = await invoiceWriter.makeDocuments(ctx, { accountId: a.id, account: a.account, items, invoiceDate, targetDate, source: 'BillRun', sourceId: br.bill_run_number, billRunId: br.id, post: br.auto_post === 1 });
      if (doc) documents++;
      if (doc?.kind === 'invoice') invoices++;
      // the account's invoice schedule items due by the target date (billScheduledItems, contract.ts)
      const scheduled = await billScheduledItems(ctx, { accountId: a.id, targetDate, invoiceDate, billRunId: br.id, billRunNumber: br.bill_run_number, post: br.auto_post === 1, subscriptionNumbers: a.subscriptionNumbers });
      documents += scheduled.invoices + scheduled.creditMemos;
      invoices += scheduled.invoices;
    } catch (e) {
      if (!(e instanceof ZuoraError)) throw e;
      await sql`rollback to savepoint zbill_bill_run_account`.execute(ctx.db);
      failures.push({ accountId: a.id, accountNumber: a.accountNumber, reasons: e.reasons });
    }
    await sql`release savepoint zbill_bill_run_account`.execute(ctx.db);
  }
  const status = failures.length && failures.length === accounts.length ? 'Error' : br.auto_post === 1 ? 'Posted' : 'Completed';
  // fixed precision: instants compare as strings (the volume summary's window)
  const now = ctx.now().toString({ fractionalSecondDigits: 3 });
  await store.update(ctx, id, {
    status,
    failures: JSON.stringify(failures),
    documents_count: documents,
    invoices_count: invoices,
    credit_memos_count: documents - invoices,
    executed_at: now,
    updated_at: now,
  });
}

/** The next run of a scheduled run's series (after it ran or was canceled once), or null when the schedule is over. */
async function scheduleNext(ctx: Ctx, br: store.BillRunRow): Promise<store.BillRunRow | null> {
  const o = JSON.parse(br.options) as BillRunOptions;
  if (!o.schedule || !br.scheduled_date) return null;
  const next = nextExecutionDate(o.schedule, br.scheduled_date);
  if (!next) return null;
  const now = ctx.now().toString();
  const row: store.BillRunRow = {
    ...br,
    id: newId(),
    bill_run_number: formatNumber('BR-', await nextCounter(ctx, 'billRun')),
    status: 'Pending',
    target_date: null,
    invoice_date: null,
    scheduled_date: next,
    job_id: null,
    failures: '[]',
    documents_count: 0,
    executed_at: null,
    invoices_count: 0,
    credit_memos_count: 0,
    created_at: now,
    updated_at: now,
  };
  await store.insert(ctx, row);
  return row;
}

/** Due work of the tenant clock: the scheduled runs due on the day run, each making the next of its series. */
export async function runScheduledBillRuns(ctx: Ctx, date: string): Promise<void> {
  for (const br of await store.scheduledDue(ctx, date)) {
    await executeBillRun(ctx, br.id);
    await scheduleNext(ctx, br);
  }
}

// ---------------------------------------------------------------- reads and changes

async function requireBillRun(ctx: Ctx, key: string): Promise<store.BillRunRow> {
  const r = await store.find(ctx, key);
  if (!r) throw notFound(`The bill run ${key} does not exist`, RES_BILL_RUN);
  return r;
}

const stampOf = (ctx: Ctx, iso: string) => {
  const z = Temporal.Instant.from(iso).toZonedDateTimeISO(ctx.tenant.timezone);
  return `${z.toPlainDate().toString()} ${z.toPlainTime().toString({ smallestUnit: 'second' })}`;
};

/** A bill run as GET /v1/bill-runs/{id} answers it (the fields of Zuora's sample; month offsets when given). */
export function billRunView(ctx: Ctx, r: store.BillRunRow, opts: { envelope?: boolean } = {}): Obj {
  const o = JSON.parse(r.options) as BillRunOptions;
  const bcd = o.billCycleDay;
  const out: Obj = {
    ...(opts.envelope === false ? {} : { success: true }),
    id: r.id,
    billRunNumber: r.bill_run_number,
    name: r.name,
    status: r.status,
    targetDate: r.target_date,
    invoiceDate: r.invoice_date,
    targetDateOffset: o.targetDateOffset,
    invoiceDateOffset: o.invoiceDateOffset,
    batches: o.batches,
    // Zuora's samples answer a day as a number
    billCycleDay: bcd !== null && /^\d+$/.test(bcd) ? Number(bcd) : bcd,
    billRunFilters: o.billRunFilters.map((f) => (f.filterType === 'Account' ? { filterType: f.filterType, accountId: f.accountId } : { filterType: f.filterType, accountId: f.accountId, subscriptionId: f.subscriptionId })),
    chargeTypeToExclude: o.chargeTypeToExclude,
    autoPost: r.auto_post === 1,
    autoEmail: o.autoEmail,
    autoRenewal: o.autoRenewal,
    noEmailForZeroAmountInvoice: r.no_email_for_zero_amount_invoice === 1,
    includeSubscriptions: o.includeSubscriptions,
    includeOrderLineItems: o.includeOrderLineItems,
    schedule: o.schedule,
    scheduledExecutionTime: r.scheduled_date && o.schedule ? `${r.scheduled_date} ${String(o.schedule.runTime).padStart(2, '0')}:00:00` : null,
    createdById: null,
    createdDate: stampOf(ctx, r.created_at),
    updatedById: null,
    updatedDate: stampOf(ctx, r.updated_at),
  };
  if (o.targetDateMonthOffset !== null) Object.assign(out, { targetDateMonthOffset: o.targetDateMonthOffset, targetDateDayOfMonth: o.targetDateDayOfMonth });
  if (o.invoiceDateMonthOffset !== null) Object.assign(out, { invoiceDateMonthOffset: o.invoiceDateMonthOffset, invoiceDateDayOfMonth: o.invoiceDateDayOfMonth });
  return out;
}

export async function getBillRun(ctx: Ctx, key: string): Promise<Obj> {
  return billRunView(ctx, await requireBillRun(ctx, key));
}

async function documents(ctx: Ctx, br: store.BillRunRow): Promise<DocumentRef[]> {
  return invoiceWriter.documentsOfBillRun(ctx, br.id);
}

/**
 * PUT /v1/bill-runs/{id}/cancel. A Pending run does not run (a scheduled one with cancelOnce true,
 * the default, makes the next run of its series: `nextRun`; with false the series ends). A Completed
 * or Error run cancels its documents, which must all be drafts (a run with posted invoices cannot be
 * canceled). A Processing, Posted or Canceled run cannot be canceled.
 */
export async function cancelBillRun(ctx: Ctx, key: string, body: Obj): Promise<Obj> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw err('The request body must be a JSON object');
  for (const k of Object.keys(body)) if (k !== 'cancelOnce') throw unknownField(`'${k}' is not a field of a bill run cancel`, RES_BILL_RUN);
  const cancelOnce = bool(body, 'cancelOnce', true);
  const found = await requireBillRun(ctx, key);
  const br = (await store.lock(ctx, found.id))!;
  let nextRun: store.BillRunRow | null = null;
  if (br.status === 'Pending') {
    if (br.job_id) await cancelJob(ctx, br.job_id);
    if (cancelOnce) nextRun = await scheduleNext(ctx, br);
  } else if (br.status === 'Completed' || br.status === 'Error') {
    const docs = await documents(ctx, br);
    const posted = docs.filter((d) => d.status === 'Posted');
    if (posted.length) throw ruleViolation(`The bill run ${br.bill_run_number} cannot be canceled: ${posted.map((d) => d.number).join(', ')} ${posted.length > 1 ? 'are' : 'is'} posted`, RES_BILL_RUN);
    for (const d of docs) await invoiceWriter.cancel(ctx, d);
  } else if (br.status === 'Processing') {
    throw new ZuoraError(errorCode(RES_BILL_RUN, Category.LOCK), `The bill run ${br.bill_run_number} is Processing: cancel it once it completes`);
  } else throw ruleViolation(`The bill run ${br.bill_run_number} is ${br.status} and cannot be canceled`, RES_BILL_RUN);
  await store.update(ctx, br.id, { status: 'Canceled', updated_at: ctx.now().toString() });
  const out = billRunView(ctx, (await store.find(ctx, br.id))!);
  if (nextRun) out.nextRun = billRunView(ctx, nextRun, { envelope: false });
  return out;
}

/** PUT /v1/bill-runs/{id}/post: a Completed run's draft documents are posted (invoices with the given invoice date). */
export async function postBillRun(ctx: Ctx, key: string, body: Obj): Promise<Obj> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw err('The request body must be a JSON object');
  for (const k of Object.keys(body)) if (k !== 'invoiceDate') throw unknownField(`'${k}' is not a field of a bill run post`, RES_BILL_RUN);
  const invoiceDate = date(body.invoiceDate, 'invoiceDate');
  if (!invoiceDate) throw missingField(`'invoiceDate' is required`, RES_BILL_RUN);
  const found = await requireBillRun(ctx, key);
  const br = (await store.lock(ctx, found.id))!;
  if (br.status !== 'Completed') throw ruleViolation(`The bill run ${br.bill_run_number} is ${br.status}: only a Completed bill run can be posted`, RES_BILL_RUN);
  for (const d of await documents(ctx, br)) if (d.status === 'Draft') await invoiceWriter.post(ctx, d, { invoiceDate });
  await store.update(ctx, br.id, { status: 'Posted', invoice_date: invoiceDate, updated_at: ctx.now().toString() });
  return billRunView(ctx, (await store.find(ctx, br.id))!);
}

/** DELETE /v1/bill-runs/{id}: a Canceled or Error run goes, with the documents it made. */
export async function deleteBillRun(ctx: Ctx, key: string): Promise<Obj> {
  const found = await requireBillRun(ctx, key);
  const br = (await store.lock(ctx, found.id))!;
  if (br.status !== 'Canceled' && br.status !== 'Error') throw ruleViolation(`The bill run ${br.bill_run_number} is ${br.status}: only a Canceled or Error bill run can be deleted`, RES_BILL_RUN);
  const docs = await documents(ctx, br);
  if (docs.some((d) => d.status === 'Posted')) throw ruleViolation(`The bill run ${br.bill_run_number} has posted documents and cannot be deleted`, RES_BILL_RUN);
  for (const d of docs) await invoiceWriter.remove(ctx, d);
  await store.remove(ctx, br.id);
  return billRunView(ctx, br);
}
