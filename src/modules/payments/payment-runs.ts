/**
 * Payment runs (Zuora's "Create a payment run", "Update a payment run", "Delete a payment run", "Retrieve a
 * payment run summary" pages). A run is saved Pending; an ad hoc run (targetDate) is executed by a job at once,
 * a scheduled run (runDate) by a job due at its run hour on the tenant clock. Executing collects, for each
 * account the filters name (Active, AutoPay on), its Posted invoices and debit memos with a balance due no
 * later than the target date: the account's posted credit memos first (autoApplyCreditMemo), then its
 * unapplied payments (autoApplyUnappliedPayment), oldest due first, then an electronic payment through the
 * account's default payment method for what is left (collectPayment), one per receivable or one for the
 * account (consolidatedPayment). Each account runs in a savepoint: a refusal is recorded as the account's
 * errors and the others go on.
 *
 * Statuses: Pending → Processing (inside the run's transaction) → Completed, or Error when every receivable
 * failed; a Pending run can be canceled (PUT with status Canceled); only Canceled or Error runs are deleted.
 */
import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { nextCounter } from '../../platform/counters.js';
import { formatDateTime, parseDate, Temporal } from '../../platform/dates.js';
import { invalidValue, missingField, notFound, notImplemented, ruleViolation, unknownField, ZuoraError } from '../../platform/errors.js';
import { formatNumber, newId } from '../../platform/ids.js';
import { cancelJob, enqueueJob } from '../../platform/jobs.js';
import { D, toJsonNumber, type Money } from '../../platform/money.js';
import { accountsForBillRun } from '../accounts/contract.js';
import { getAccountByKey, type AccountRecord } from '../accounts/service.js';
import { postedInvoicesOf } from '../invoices/contract.js';
import { applyCreditMemo } from '../memos/apply.js';
import { getMemo, listMemos } from '../memos/service.js';
import { getPaymentMethod, testGatewayId } from '../payment-methods/contract.js';
import { applyPayment, createPayment } from './service.js';
import * as store from './store.js';
import * as runs from './payment-run-store.js';
import type { PaymentRunRow, RunSortField } from './payment-run-store.js';
import { unappliedOf } from './views.js';

type Obj = Record<string, unknown>;

/** Resource code of payment run errors (Zuora's pages show none; next to payments' 5303xx). */
export const RES_PAYMENT_RUN = 533100;
export const PAYMENT_RUN_JOB = 'payments.payment-run';
const PREFIX = 'PR-';
const STATUSES = ['Pending', 'Processing', 'Completed', 'Error', 'Canceled'];
const FLAGS = ['autoApplyCreditMemo', 'autoApplyUnappliedPayment', 'collectPayment', 'consolidatedPayment', 'processPaymentWithClosedPM'] as const;
const FILTERS = ['batch', 'billCycleDay', 'currency', 'paymentGatewayId', 'billingRunId'] as const;
const FIELDS = new Set<string>(['accountId', 'applyCreditBalance', 'data', 'organizationLabels', 'runDate', 'targetDate', 'useCustomPaymentMethods', ...FLAGS, ...FILTERS]);

/** What a run was created with, kept as JSON on its row. */
export interface PaymentRunOptions {
  accountId: string | null;
  batch: string | null;
  billCycleDay: string | null;
  currency: string | null;
  paymentGatewayId: string | null;
  autoApplyCreditMemo: boolean;
  autoApplyUnappliedPayment: boolean;
  collectPayment: boolean;
  consolidatedPayment: boolean;
  processPaymentWithClosedPM: boolean;
}

interface Transaction { id: string; type: 'Payment' | 'CreditMemo' | 'UnappliedPayment'; appliedAmount: string; amount?: string; status?: string }
/** One receivable's outcome. */
export interface ReceivableResult {
  accountId: string;
  documentId: string;
  documentType: 'Invoice' | 'DebitMemo';
  currency: string;
  /** The balance when the run reached it. */
  amount: string;
  amountCollected: string;
  paymentMethodId: string | null;
  paymentGatewayId: string | null;
  result: 'Processed' | 'Error' | 'Unprocessed';
  errorMessage: string | null;
  transactions: Transaction[];
}
interface Results { receivables: ReceivableResult[]; errors: number }

const actor = (ctx: Ctx) => ctx.tenant.id;

// ---------------------------------------------------------------- input

function bool(b: Obj, k: string): boolean | undefined {
  const v = b[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw invalidValue(`'${k}' must be true or false`, RES_PAYMENT_RUN);
  return v;
}
function str(b: Obj, k: string, max: number): string | null | undefined {
  const v = b[k];
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v !== 'string') throw invalidValue(`'${k}' must be a string`, RES_PAYMENT_RUN);
  if (v.length > max) throw invalidValue(`'${k}' is at most ${max} characters`, RES_PAYMENT_RUN);
  return v === '' ? null : v;
}

/** 'yyyy-mm-dd hh:mm:ss' (or with T): the run hour, minutes and seconds dropped as Zuora does. */
export function parseRunDate(v: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(v.trim());
  if (!m || !parseDate(m[1]!) || Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59) return null;
  return `${m[1]} ${m[2]}:00:00`;
}

function checkBody(raw: unknown): Obj {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw invalidValue('The request body must be a JSON object', RES_PAYMENT_RUN);
  const b = raw as Obj;
  for (const k of Object.keys(b)) if (!FIELDS.has(k) && !k.endsWith('__c')) throw unknownField(`'${k}' is not a field of a payment run`, RES_PAYMENT_RUN);
  if (Array.isArray(b.data) && b.data.length) throw notImplemented(`'data' in payment runs (custom payment runs of named accounts and documents)`);
  if (b.data !== undefined && b.data !== null && !Array.isArray(b.data)) throw invalidValue(`'data' must be a list`, RES_PAYMENT_RUN);
  if (bool(b, 'applyCreditBalance')) throw notImplemented(`'applyCreditBalance' (credit balances; this tenant runs Invoice Settlement: use autoApplyCreditMemo and autoApplyUnappliedPayment)`);
  if (bool(b, 'useCustomPaymentMethods')) throw notImplemented(`'useCustomPaymentMethods' (payment profiles) in payment runs`);
  if (Array.isArray(b.organizationLabels) && b.organizationLabels.length) throw notImplemented(`'organizationLabels' (Multi-Org)`);
  if (b.billingRunId !== undefined && b.billingRunId !== null) throw notImplemented(`'billingRunId' in payment runs`);
  for (const k of Object.keys(b)) if (k.endsWith('__c')) throw notImplemented(`custom fields of payment runs ('${k}')`);
  return b;
}

/** The request's options over the run's (an update keeps what it does not name). */
function readOptions(ctx: Ctx, b: Obj, base: PaymentRunOptions | null): PaymentRunOptions {
  const o: PaymentRunOptions = base ? { ...base } : {
    accountId: null, batch: null, billCycleDay: null, currency: null, paymentGatewayId: null,
    autoApplyCreditMemo: false, autoApplyUnappliedPayment: false, collectPayment: true, consolidatedPayment: false, processPaymentWithClosedPM: false,
  };
  for (const k of FLAGS) {
    const v = bool(b, k);
    if (v !== undefined) o[k] = v;
  }
  const acc = str(b, 'accountId', 32);
  if (acc !== undefined) o.accountId = acc;
  const batch = str(b, 'batch', 50);
  if (batch !== undefined) {
    if (batch !== null && !/^Batch([1-9]|[1-4]\d|50)$/.test(batch)) throw invalidValue(`'batch' must name a batch Batch1 to Batch50, got ${batch}`, RES_PAYMENT_RUN);
    o.batch = batch;
  }
  const bcd = b.billCycleDay === undefined ? undefined : b.billCycleDay === null ? null : String(b.billCycleDay);
  if (bcd !== undefined) {
    if (bcd !== null && !(/^\d{1,2}$/.test(bcd) && Number(bcd) >= 1 && Number(bcd) <= 31)) throw invalidValue(`'billCycleDay' must be a day 1 to 31 (31 is the end of month), got ${bcd}`, RES_PAYMENT_RUN);
    o.billCycleDay = bcd === null ? null : String(Number(bcd));
  }
  const cur = str(b, 'currency', 3);
  if (cur !== undefined) {
    if (cur !== null && !/^[A-Z]{3}$/.test(cur)) throw invalidValue(`'currency' must be a three-letter currency code, got ${cur}`, RES_PAYMENT_RUN);
    o.currency = cur;
  }
  const gw = str(b, 'paymentGatewayId', 32);
  if (gw !== undefined) {
    if (gw !== null && gw !== testGatewayId(ctx.tenant.id)) throw invalidValue(`'paymentGatewayId' does not name a payment gateway of this tenant (see GET /v1/paymentgateways): ${gw}`, RES_PAYMENT_RUN);
    o.paymentGatewayId = gw;
  }
  if (o.accountId) {
    const clash = FILTERS.find((k) => k !== 'billingRunId' && o[k as keyof PaymentRunOptions] !== null);
    if (clash) throw invalidValue(`'accountId' conflicts with '${clash}': name either an account or the filters`, RES_PAYMENT_RUN);
  }
  return o;
}

async function checkAccount(ctx: Ctx, key: string): Promise<string> {
  const a = await getAccountByKey(ctx, key);
  if (!a || a.id !== key) throw invalidValue(`'accountId': no account ${key} exists`, RES_PAYMENT_RUN);
  return a.id;
}

function readDates(b: Obj, row: Pick<PaymentRunRow, 'target_date' | 'run_date'> | null): { target_date: string | null; run_date: string | null } {
  let target = row?.target_date ?? null;
  let run = row?.run_date ?? null;
  const t = str(b, 'targetDate', 10);
  if (t !== undefined) {
    if (t !== null && !parseDate(t)) throw invalidValue(`'targetDate' must be a date in yyyy-mm-dd format, got ${JSON.stringify(b.targetDate)}`, RES_PAYMENT_RUN);
    target = t;
  }
  const r = str(b, 'runDate', 30);
  if (r !== undefined) {
    if (r !== null && !parseRunDate(r)) throw invalidValue(`'runDate' must be a date and time in yyyy-mm-dd hh:mm:ss format, got ${JSON.stringify(b.runDate)}`, RES_PAYMENT_RUN);
    run = r === null ? null : parseRunDate(r);
  }
  if (!target && !run) throw missingField(`Either 'runDate' or 'targetDate' is required`, RES_PAYMENT_RUN);
  return { target_date: target, run_date: run };
}

/** The instant a run executes: its run hour in the tenant's time zone, else now. */
function dueAt(ctx: Ctx, row: Pick<PaymentRunRow, 'run_date'>): Temporal.Instant {
  if (!row.run_date) return ctx.now();
  const at = Temporal.PlainDateTime.from(row.run_date.replace(' ', 'T')).toZonedDateTime(ctx.tenant.timezone).toInstant();
  return Temporal.Instant.compare(at, ctx.now()) > 0 ? at : ctx.now();
}

// ---------------------------------------------------------------- operations

export async function createPaymentRun(ctx: Ctx, raw: unknown): Promise<Obj> {
  const b = checkBody(raw);
  const o = readOptions(ctx, b, null);
  if (o.accountId) o.accountId = await checkAccount(ctx, o.accountId);
  const dates = readDates(b, null);
  const now = ctx.now().toString();
  const seq = await nextCounter(ctx, 'payment_run');
  const row: PaymentRunRow = {
    id: newId(), tenant_id: ctx.tenant.id, seq, number: formatNumber(PREFIX, seq, 8), status: 'Pending', ...dates, options: JSON.stringify(o),
    results: null, job_id: null, executed_on: null, completed_on: null, created_by: actor(ctx), created_at: now, updated_by: actor(ctx), updated_at: now,
  };
  await runs.insert(ctx, row);
  const job = await enqueueJob(ctx, PAYMENT_RUN_JOB, { paymentRunId: row.id }, { runAfter: dueAt(ctx, row) });
  await runs.update(ctx, row.id, { job_id: job.id });
  return { ...runView(ctx, { ...row, job_id: job.id }, true), success: true };
}

async function mustFind(ctx: Ctx, key: string, lock = false): Promise<PaymentRunRow> {
  const r = await runs.find(ctx, key, lock);
  if (!r) throw notFound(`The payment run ${key} does not exist`, RES_PAYMENT_RUN);
  return r;
}

export async function getPaymentRun(ctx: Ctx, key: string): Promise<Obj> {
  return { ...runView(ctx, await mustFind(ctx, key), false), success: true };
}

const SORTS: Record<string, RunSortField> = { targetDate: 'target_date', status: 'status', createdDate: 'created_at', createdById: 'created_by', updatedDate: 'updated_at', updatedById: 'updated_by' };

export async function listPaymentRuns(ctx: Ctx, q: Record<string, unknown>, page: { limit: number; offset: number }): Promise<Obj[]> {
  const status = q.status as string | undefined;
  if (status !== undefined && !STATUSES.includes(status)) throw invalidValue(`'status' must be one of ${STATUSES.join(', ')}`, RES_PAYMENT_RUN);
  const targetDate = q.targetDate as string | undefined;
  if (targetDate !== undefined && !parseDate(targetDate)) throw invalidValue(`'targetDate' must be a date in yyyy-mm-dd format`, RES_PAYMENT_RUN);
  for (const k of ['createdDate', 'updatedDate']) if (q[k] !== undefined) throw notImplemented(`the '${k}' filter of GET /v1/payment-runs`);
  const sort: Array<{ field: RunSortField; dir: 'asc' | 'desc' }> = [];
  const s = typeof q.sort === 'string' ? q.sort.trim() : '';
  if (s) {
    const parts = s.split(',').map((x) => x.trim()).filter(Boolean);
    if (parts.length > 2) throw invalidValue(`'sort' takes at most two fields`, RES_PAYMENT_RUN);
    for (const p of parts) {
      const op = p[0] === '-' || p[0] === '+' ? p[0] : '';
      const f = SORTS[p.slice(op.length).trim()];
      if (!f) throw invalidValue(`'sort': ${p.slice(op.length)} is not a sortable field (${Object.keys(SORTS).join(', ')})`, RES_PAYMENT_RUN);
      sort.push({ field: f, dir: op === '-' ? 'asc' : 'desc' });
    }
  }
  const rows = await runs.list(ctx, { status, targetDate, createdById: q.createdById as string | undefined, updatedById: q.updatedById as string | undefined }, sort, page);
  return rows.map((r) => runView(ctx, r, false));
}

export async function updatePaymentRun(ctx: Ctx, key: string, raw: unknown): Promise<Obj> {
  const row = await mustFind(ctx, key, true);
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && (raw as Obj).status !== undefined) return cancelPaymentRun(ctx, row, raw as Obj);
  const b = checkBody(raw);
  if (row.status !== 'Pending') throw ruleViolation(`The payment run ${row.number} is ${row.status}: only a Pending payment run can be updated`, RES_PAYMENT_RUN);
  const o = readOptions(ctx, b, JSON.parse(row.options) as PaymentRunOptions);
  if (b.accountId) o.accountId = await checkAccount(ctx, o.accountId!);
  const dates = readDates(b, row);
  const next = { ...row, ...dates, options: JSON.stringify(o), updated_by: actor(ctx), updated_at: ctx.now().toString() };
  if (dates.run_date !== row.run_date || dates.target_date !== row.target_date) {
    // the run's job follows its run date
    if (row.job_id) await cancelJob(ctx, row.job_id);
    next.job_id = (await enqueueJob(ctx, PAYMENT_RUN_JOB, { paymentRunId: row.id }, { runAfter: dueAt(ctx, next) })).id;
  }
  await runs.update(ctx, row.id, { target_date: next.target_date, run_date: next.run_date, options: next.options, job_id: next.job_id, updated_by: next.updated_by, updated_at: next.updated_at });
  return { ...runView(ctx, next, true), success: true };
}

/** PUT with `status: Canceled`: a Pending run is canceled (its job with it). */
async function cancelPaymentRun(ctx: Ctx, row: PaymentRunRow, b: Obj): Promise<Obj> {
  const extra = Object.keys(b).filter((k) => k !== 'status');
  if (b.status !== 'Canceled') throw invalidValue(`'status' can only be set to Canceled`, RES_PAYMENT_RUN);
  if (extra.length) throw invalidValue(`A cancel ('status': Canceled) takes no other field: ${extra.join(', ')}`, RES_PAYMENT_RUN);
  if (row.status !== 'Pending') throw ruleViolation(`The payment run ${row.number} is ${row.status}: only a Pending payment run can be canceled`, RES_PAYMENT_RUN);
  if (row.job_id) await cancelJob(ctx, row.job_id);
  const next = { ...row, status: 'Canceled', updated_by: actor(ctx), updated_at: ctx.now().toString() };
  await runs.update(ctx, row.id, { status: next.status, updated_by: next.updated_by, updated_at: next.updated_at });
  return { ...runView(ctx, next, true), success: true };
}

export async function deletePaymentRun(ctx: Ctx, key: string): Promise<Obj> {
  const row = await mustFind(ctx, key, true);
  if (row.status !== 'Canceled' && row.status !== 'Error') throw ruleViolation(`The payment run ${row.number} is ${row.status}: only payment runs with the Canceled or Error status can be deleted`, RES_PAYMENT_RUN);
  await runs.remove(ctx, row.id);
  return { success: true };
}

/** GET …/data: the `data` records a run was created with and their results; zbill's runs are filter runs, so none. */
export async function paymentRunData(ctx: Ctx, key: string): Promise<Obj> {
  await mustFind(ctx, key);
  return { data: [], success: true };
}

export async function paymentRunSummary(ctx: Ctx, key: string): Promise<Obj> {
  const row = await mustFind(ctx, key);
  const res: Results = row.results ? (JSON.parse(row.results) as Results) : { receivables: [], errors: 0 };
  return { ...summaryOf(res), success: true };
}

// ---------------------------------------------------------------- views

function runView(ctx: Ctx, r: PaymentRunRow, created: boolean): Obj {
  const o = JSON.parse(r.options) as PaymentRunOptions;
  const at = (iso: string | null) => (iso ? formatDateTime(Temporal.Instant.from(iso), ctx.tenant.timezone) : null);
  const v: Obj = {
    id: r.id,
    number: r.number,
    targetDate: r.target_date,
    runDate: r.run_date,
    status: r.status,
    executedOn: at(r.executed_on),
    completedOn: at(r.completed_on),
    autoApplyCreditMemo: o.autoApplyCreditMemo,
    autoApplyUnappliedPayment: o.autoApplyUnappliedPayment,
    applyCreditBalance: false,
    consolidatedPayment: o.consolidatedPayment,
    processPaymentWithClosedPM: o.processPaymentWithClosedPM,
    collectPayment: o.collectPayment,
    useCustomPaymentMethods: false,
    createdDate: at(r.created_at),
    createdById: r.created_by,
    updatedDate: at(r.updated_at),
    updatedById: r.updated_by,
  };
  // filters are answered when set (the create sample has accountId; the GET sample of a run without filters has none)
  if (o.accountId) v.accountId = o.accountId;
  if (o.batch) v.batch = o.batch;
  if (o.billCycleDay) v.billCycleDay = o.billCycleDay;
  if (o.currency) v.currency = o.currency;
  if (o.paymentGatewayId) v.paymentGatewayId = o.paymentGatewayId;
  void created;
  return v;
}

/** The summary's figures: counts by kind and totals by currency ("100 USD"), from what the run did. */
export function summaryOf(res: Results): Obj {
  const rs = res.receivables;
  const inv = rs.filter((r) => r.documentType === 'Invoice');
  const dm = rs.filter((r) => r.documentType === 'DebitMemo');
  const unproc = rs.filter((r) => r.result !== 'Processed');
  const tx = rs.flatMap((r) => r.transactions.map((t) => ({ ...t, currency: r.currency })));
  const distinct = (type: Transaction['type']) => [...new Map(tx.filter((t) => t.type === type).map((t) => [t.id, t])).values()];
  const currencies = [...new Set(rs.map((r) => r.currency))].sort();
  const total = (list: Array<{ currency: string }>, f: (x: any) => string) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const cs = currencies.length ? currencies : ['USD'];
    return cs.map((c) => `${toJsonNumber(list.filter((x) => x.currency === c).reduce((s, x) => s.plus(f(x)), new D(0)))} ${c}`).join(', ');
  };
  const payments = distinct('Payment');
  const errored = rs.filter((r) => r.result === 'Error');
  return {
    numberOfCreditBalanceAdjustments: 0,
    numberOfCreditMemos: distinct('CreditMemo').length,
    numberOfDebitMemos: dm.length,
    numberOfErrors: res.errors,
    numberOfInvoices: inv.length,
    numberOfPayments: payments.filter((p) => p.status === 'Processed').length,
    numberOfReceivables: rs.length,
    numberOfUnappliedPayments: distinct('UnappliedPayment').length,
    numberOfUnprocessedDebitMemos: unproc.filter((r) => r.documentType === 'DebitMemo').length,
    numberOfUnprocessedInvoices: unproc.filter((r) => r.documentType === 'Invoice').length,
    numberOfUnprocessedReceivables: unproc.length,
    totalValues: [{
      totalValueOfCreditBalance: total([], () => '0'),
      totalValueOfCreditMemos: total(tx.filter((t) => t.type === 'CreditMemo'), (t) => t.appliedAmount),
      totalValueOfDebitMemos: total(dm, (r) => r.amount),
      totalValueOfErrors: total(errored, (r) => new D(r.amount).minus(r.amountCollected).toFixed()),
      totalValueOfInvoices: total(inv, (r) => r.amount),
      totalValueOfPayments: total(tx.filter((t) => t.type === 'Payment' && t.status === 'Processed'), (t) => t.appliedAmount),
      totalValueOfReceivables: total(rs, (r) => r.amount),
      totalValueOfUnappliedPayments: total(tx.filter((t) => t.type === 'UnappliedPayment'), (t) => t.appliedAmount),
      totalValueOfUnprocessedDebitMemos: total(unproc.filter((r) => r.documentType === 'DebitMemo'), (r) => new D(r.amount).minus(r.amountCollected).toFixed()),
      totalValueOfUnprocessedInvoices: total(unproc.filter((r) => r.documentType === 'Invoice'), (r) => new D(r.amount).minus(r.amountCollected).toFixed()),
      totalValueOfUnprocessedReceivables: total(unproc, (r) => new D(r.amount).minus(r.amountCollected).toFixed()),
    }],
  };
}

// ---------------------------------------------------------------- executing

interface Receivable { kind: 'invoice' | 'debitMemo'; id: string; number: string; dueDate: string; currency: string; balance: Money }

/** An account's Posted invoices and debit memos with a balance, due no later than the target date, oldest due first. */
async function receivablesOf(ctx: Ctx, a: AccountRecord, targetDate: string, currency: string | null): Promise<Receivable[]> {
  const out: Receivable[] = [];
  for (const i of await postedInvoicesOf(ctx, a.id)) {
    if (new D(i.balance).gt(0) && i.due_date <= targetDate) out.push({ kind: 'invoice', id: i.id, number: i.invoice_number, dueDate: i.due_date, currency: a.currency, balance: new D(i.balance) });
  }
  for (const m of (await listMemos(ctx, 'debitMemo', { accountId: a.id, status: 'Posted' }, { limit: 10000, offset: 0 })) ?? []) {
    const d = await getMemo(ctx, 'debitMemo', String(m.id));
    const due = (d.dueDate as string | null) ?? String(d.debitMemoDate);
    if (new D(String(d.balance)).gt(0) && due <= targetDate) out.push({ kind: 'debitMemo', id: String(d.id), number: String(d.number), dueDate: due, currency: String(d.currency), balance: new D(String(d.balance)) });
  }
  return out
    .filter((r) => !currency || r.currency === currency)
    .sort((x, y) => (x.dueDate < y.dueDate ? -1 : x.dueDate > y.dueDate ? 1 : x.number < y.number ? -1 : 1));
}

/** The accounts a run collects from: the named one, else Active AutoPay accounts of the batch and bill cycle day. */
async function accountsOf(ctx: Ctx, o: PaymentRunOptions): Promise<AccountRecord[]> {
  if (o.accountId) {
    const a = await getAccountByKey(ctx, o.accountId);
    return a ? [a] : [];
  }
  const list = await accountsForBillRun(ctx, { batches: o.batch ? [o.batch] : undefined, billCycleDay: o.billCycleDay ? Number(o.billCycleDay) : undefined });
  const out: AccountRecord[] = [];
  for (const x of list) {
    const a = await getAccountByKey(ctx, x.id);
    if (a && a.autoPay && (!o.currency || a.currency === o.currency)) out.push(a);
  }
  return out;
}

const docRef = (r: Receivable, amount: Money) => (r.kind === 'invoice' ? { invoices: [{ invoiceId: r.id, amount: amount.toFixed() }] } : { debitMemos: [{ debitMemoId: r.id, amount: amount.toFixed() }] });

/** Collects one account's receivables; the results are pushed as they come. Throws a ZuoraError to roll the account back. */
async function collectAccount(ctx: Ctx, o: PaymentRunOptions, a: AccountRecord, targetDate: string, out: ReceivableResult[]): Promise<void> {
  const recv = await receivablesOf(ctx, a, targetDate, o.currency);
  if (!recv.length) return;
  const results = recv.map<ReceivableResult>((r) => ({
    accountId: a.id, documentId: r.id, documentType: r.kind === 'invoice' ? 'Invoice' : 'DebitMemo', currency: r.currency, amount: r.balance.toFixed(), amountCollected: '0',
    paymentMethodId: null, paymentGatewayId: null, result: 'Unprocessed', errorMessage: null, transactions: [],
  }));
  const left = recv.map((r) => r.balance);
  const took = (i: number, t: Transaction) => {
    results[i]!.transactions.push(t);
    left[i] = left[i]!.minus(t.appliedAmount);
    results[i]!.amountCollected = new D(results[i]!.amountCollected).plus(t.appliedAmount).toFixed();
  };
  if (o.autoApplyCreditMemo) {
    const memos = ((await listMemos(ctx, 'creditMemo', { accountId: a.id, status: 'Posted' }, { limit: 10000, offset: 0 })) ?? [])
      .filter((m) => new D(String(m.unappliedAmount)).gt(0))
      .sort((x, y) => (String(x.creditMemoDate) < String(y.creditMemoDate) ? -1 : String(x.creditMemoDate) > String(y.creditMemoDate) ? 1 : String(x.number) < String(y.number) ? -1 : 1));
    for (const m of memos) {
      let avail = new D(String(m.unappliedAmount));
      for (let i = 0; i < recv.length && avail.gt(0); i++) {
        if (left[i]!.lte(0) || recv[i]!.currency !== m.currency) continue;
        const take = D.min(avail, left[i]!);
        const target = recv[i]!.kind === 'invoice' ? { invoices: [{ invoiceId: recv[i]!.id, amount: take.toNumber() }] } : { debitMemos: [{ debitMemoId: recv[i]!.id, amount: take.toNumber() }] };
        await applyCreditMemo(ctx, String(m.id), target);
        took(i, { id: String(m.id), type: 'CreditMemo', appliedAmount: take.toFixed() });
        avail = avail.minus(take);
      }
    }
  }
  if (o.autoApplyUnappliedPayment) {
    const payments = (await store.processedPaymentsOfAccount(ctx, a.id))
      .filter((p) => unappliedOf(p).gt(0))
      .sort((x, y) => (x.effective_date < y.effective_date ? -1 : x.effective_date > y.effective_date ? 1 : x.number < y.number ? -1 : 1));
    for (const p of payments) {
      let avail = unappliedOf(p);
      for (let i = 0; i < recv.length && avail.gt(0); i++) {
        if (left[i]!.lte(0) || recv[i]!.currency !== p.currency) continue;
        const take = D.min(avail, left[i]!);
        await applyPayment(ctx, p.id, docRef(recv[i]!, take));
        took(i, { id: p.id, type: 'UnappliedPayment', appliedAmount: take.toFixed() });
        avail = avail.minus(take);
      }
    }
  }
  const open = recv.map((_, i) => i).filter((i) => left[i]!.gt(0));
  if (o.collectPayment && open.length) {
    const pm = a.defaultPaymentMethodId ? await getPaymentMethod(ctx, a.defaultPaymentMethodId) : undefined;
    const closed = pm && pm.status === 'Closed' && !o.processPaymentWithClosedPM;
    if (!pm || closed) {
      const msg = !pm ? `The account ${a.accountNumber} has no default payment method` : `The default payment method of the account ${a.accountNumber} is closed`;
      for (const i of open) Object.assign(results[i]!, { result: 'Error', errorMessage: msg });
    } else {
      const gatewayId = o.paymentGatewayId ?? testGatewayId(ctx.tenant.id);
      const groups = o.consolidatedPayment ? [...new Set(open.map((i) => recv[i]!.currency))].map((c) => open.filter((i) => recv[i]!.currency === c)) : open.map((i) => [i]);
      for (const g of groups) {
        const amount = g.reduce((s, i) => s.plus(left[i]!), new D(0));
        const invoices = g.filter((i) => recv[i]!.kind === 'invoice').map((i) => ({ invoiceId: recv[i]!.id, amount: left[i]!.toFixed() }));
        const debitMemos = g.filter((i) => recv[i]!.kind === 'debitMemo').map((i) => ({ debitMemoId: recv[i]!.id, amount: left[i]!.toFixed() }));
        const { payment, failure } = await createPayment(ctx, {
          accountId: a.id, type: 'Electronic', effectiveDate: ctx.today().toString(), amount: amount.toFixed(), currency: recv[g[0]!]!.currency,
          paymentMethodId: pm.id, ...(invoices.length ? { invoices } : {}), ...(debitMemos.length ? { debitMemos } : {}),
        });
        for (const i of g) {
          const r = results[i]!;
          r.paymentMethodId = pm.id;
          r.paymentGatewayId = payment.gateway_id ?? gatewayId;
          if (failure) {
            r.transactions.push({ id: payment.id, type: 'Payment', amount: payment.amount, appliedAmount: '0', status: payment.status });
            r.result = 'Error';
            r.errorMessage = failure.message;
          } else took(i, { id: payment.id, type: 'Payment', amount: payment.amount, appliedAmount: left[i]!.toFixed(), status: payment.status });
        }
      }
    }
  }
  for (let i = 0; i < recv.length; i++) if (results[i]!.result !== 'Error' && left[i]!.lte(0)) results[i]!.result = 'Processed';
  out.push(...results);
}

/**
 * Executes a Pending run (the job's transaction): each account in a savepoint; a refusal by the payment
 * rules marks the account's receivables Error and rolls the account back.
 */
export async function executePaymentRun(ctx: Ctx, id: string): Promise<void> {
  const row = await runs.find(ctx, id, true);
  if (!row || row.status !== 'Pending') return;
  const o = JSON.parse(row.options) as PaymentRunOptions;
  const executed = ctx.now().toString();
  const targetDate = row.target_date ?? row.run_date!.slice(0, 10);
  await runs.update(ctx, id, { status: 'Processing', executed_on: executed, target_date: targetDate });
  const receivables: ReceivableResult[] = [];
  let errors = 0;
  for (const a of await accountsOf(ctx, o)) {
    const mine: ReceivableResult[] = [];
    await sql`savepoint zbill_payment_run_account`.execute(ctx.db);
    try {
      await collectAccount(ctx, o, a, targetDate, mine);
    } catch (e) {
      if (!(e instanceof ZuoraError)) throw e;
      await sql`rollback to savepoint zbill_payment_run_account`.execute(ctx.db);
      const again = await receivablesOf(ctx, a, targetDate, o.currency);
      mine.length = 0;
      for (const r of again) mine.push({ accountId: a.id, documentId: r.id, documentType: r.kind === 'invoice' ? 'Invoice' : 'DebitMemo', currency: r.currency, amount: r.balance.toFixed(), amountCollected: '0', paymentMethodId: null, paymentGatewayId: null, result: 'Error', errorMessage: e.message, transactions: [] });
    }
    await sql`release savepoint zbill_payment_run_account`.execute(ctx.db);
    errors += mine.filter((r) => r.result === 'Error').length;
    receivables.push(...mine);
  }
  const status = receivables.length && errors === receivables.length ? 'Error' : 'Completed';
  const now = ctx.now().toString();
  await runs.update(ctx, id, { status, results: JSON.stringify({ receivables, errors } satisfies Results), completed_on: now, updated_at: now });
}

