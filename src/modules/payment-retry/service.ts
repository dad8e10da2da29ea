/**
 * Configurable Payment Retry: retry cycles of invoices and debit memos whose electronic payment failed.
 *
 * A failed electronic payment (the payments module tells `onPaymentFailed`, in the payment's transaction)
 * is kept with the documents it was to pay; with the configuration's `auto_submit` (the default) each of those
 * documents enters a retry cycle (or, when it has an active one, the payment is its next attempt):
 * attempt 1 is that payment. After each failed attempt the configuration (config.ts) decides by the
 * attempt's number and the gateway response code's label: Stop ends the cycle, Retry schedules the next
 * attempt at the hourly run after the rule's hours, as a `payment-retry.attempt` job at that instant of the
 * tenant clock. An attempt is a new electronic payment of the document's balance as it is then, with the
 * account's default payment method as it is then, applied to the document (payments contract
 * `makePayment`), in a savepoint: a payment the payment rules refuse ends the cycle and changes nothing else.
 * A document paid, canceled or reversed meanwhile (not Posted, or no balance) ends its cycle without an
 * attempt. Execute now moves the next attempt to the next hourly run; remove ends the active cycles.
 */
import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { nextCounter } from '../../platform/counters.js';
import { Temporal } from '../../platform/dates.js';
import { entityNotFound, invalidValue, invoiceNotFound, missingField, notFound, ruleViolation, unknownField, ZuoraError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { enqueueJob } from '../../platform/jobs.js';
import { D } from '../../platform/money.js';
import { getAccountByKey } from '../accounts/contract.js';
import { readInvoice } from '../invoices/contract.js';
import { readMemo } from '../memos/contract.js';
import { makePayment, readPaymentForRetry, type FailedPayment } from '../payments/contract.js';
import { decide, defaultConfig, groupOf, nextHourlyRun, parseConfig, type CustomerGroup, type RetryConfig } from './config.js';
import * as store from './store.js';
import type { AttemptRow, CycleRow } from './store.js';

export const ATTEMPT_JOB = 'payment-retry.attempt';
type Kind = 'invoice' | 'debitMemo';
type Obj = Record<string, unknown>;

/** Instants as CPR shows them: ISO-8601 UTC with milliseconds. */
export const iso = (i: Temporal.Instant | string) => (typeof i === 'string' ? Temporal.Instant.from(i) : i).toString({ fractionalSecondDigits: 3 });

// ---------------------------------------------------------------- configuration

export async function loadConfig(ctx: Ctx): Promise<RetryConfig> {
  const raw = await store.readConfig(ctx);
  return raw ? (JSON.parse(raw) as RetryConfig) : defaultConfig();
}

export async function putConfig(ctx: Ctx, body: unknown): Promise<RetryConfig> {
  const c = parseConfig(body);
  await store.writeConfig(ctx, JSON.stringify(c));
  return c;
}

const groupById = (c: RetryConfig, id: number): CustomerGroup => c.customer_groups.find((g) => g.id === id) ?? c.customer_groups[c.customer_groups.length - 1]!;

// ---------------------------------------------------------------- documents

interface Doc {
  kind: Kind;
  id: string;
  number: string;
  accountId: string;
  status: string;
  balance: string;
  currency: string;
}

async function readDoc(ctx: Ctx, kind: Kind, key: string): Promise<Doc | null> {
  if (kind === 'invoice') {
    const d = await readInvoice(ctx, key);
    if (!d) return null;
    const r = d.invoice;
    return { kind, id: r.id, number: r.invoice_number, accountId: r.account_id, status: r.status, balance: r.balance, currency: r.currency };
  }
  const m = await readMemo(ctx, 'debitMemo', key);
  if (!m) return null;
  const r = m.memo as unknown as { id: string; memo_number: string; account_id: string; status: string; balance: string; currency: string };
  return { kind, id: r.id, number: r.memo_number, accountId: r.account_id, status: r.status, balance: r.balance, currency: r.currency };
}

async function mustDoc(ctx: Ctx, kind: Kind, key: string): Promise<Doc> {
  const d = await readDoc(ctx, kind, key);
  if (!d) throw kind === 'invoice' ? invoiceNotFound(key) : notFound(`Cannot find a DebitMemo instance with id ${key}.`);
  return d;
}

async function mustAccount(ctx: Ctx, key: string) {
  const a = await getAccountByKey(ctx, key);
  if (!a) throw entityNotFound(key);
  return a;
}

// ---------------------------------------------------------------- entering a cycle

/** The ctxs of the attempts this module makes: their failures are recorded by the attempt itself. */
const ownAttempts = new WeakSet<Ctx>();

/** Card payments (Configurable Payment Retry page: card-based payments only, no direct debit such as ACH, SEPA, BACS, PAD). */
export const isCardBased = (methodType: string | null) => methodType === 'CreditCard' || methodType === 'CreditCardReferenceTransaction' || methodType === 'DebitCard';

/** The payments module's "payment failed" listener. */
export async function onPaymentFailed(ctx: Ctx, p: FailedPayment): Promise<void> {
  if (ownAttempts.has(ctx)) return;
  const docs: Array<{ kind: Kind; id: string }> = [];
  for (const d of p.documents) {
    const doc = await readDoc(ctx, d.kind, d.key);
    if (doc) docs.push({ kind: d.kind, id: doc.id });
  }
  // "CPR currently supports card-based payments only": a direct debit's failure is not kept
  if (!isCardBased(p.paymentMethodType)) return;
  await store.recordFailedPayment(ctx, p.id, p.accountId, docs);
  const c = await loadConfig(ctx);
  if (!c.enabled || !c.auto_submit || !docs.length) return;
  await enter(ctx, c, { id: p.id, number: p.number, accountId: p.accountId, paymentMethodId: p.paymentMethodId, gatewayId: p.gatewayId, code: p.gatewayResponseCode, response: p.gatewayResponse, at: p.submittedOn }, docs);
}

interface Failure {
  id: string;
  number: string;
  accountId: string;
  paymentMethodId: string | null;
  gatewayId: string | null;
  code: string | null;
  response: string | null;
  at: string;
}

/** Each document gets the failed payment as an attempt: of its active cycle, else of a new one. Answers the cycles' numbers. */
async function enter(ctx: Ctx, c: RetryConfig, f: Failure, docs: Array<{ kind: Kind; id: string }>): Promise<number[]> {
  const account = (await getAccountByKey(ctx, f.accountId))!;
  const seqs: number[] = [];
  for (const d of docs) {
    const doc = await readDoc(ctx, d.kind, d.id);
    if (!doc) continue;
    let cycle = (await store.cycles(ctx, { documentId: doc.id, kind: d.kind, activeOnly: true }))[0];
    if (cycle) cycle = (await store.findCycle(ctx, cycle.id, true))!;
    else {
      const g = groupOf(c, account);
      cycle = {
        id: newId(),
        tenant_id: ctx.tenant.id,
        seq: await nextCounter(ctx, 'payment_retry_cycle'),
        account_id: account.id,
        document_kind: d.kind,
        document_id: doc.id,
        payment_method_id: f.paymentMethodId,
        currency: doc.currency,
        active: 1,
        current_attempt_number: 0,
        next_attempt: null,
        customer_group_id: g.id,
        customer_group: g.name,
        started_at: f.at,
        outcome: null,
        ended_at: null,
      };
      await store.insertCycle(ctx, cycle);
    }
    await failedAttempt(ctx, c, cycle, f, false);
    seqs.push(cycle.seq);
  }
  return seqs;
}

/** Records failed attempt n+1 of a cycle and what follows it (the next attempt's job, or the end of the cycle). */
async function failedAttempt(ctx: Ctx, c: RetryConfig, cycle: CycleRow, f: Failure, cprGenerated: boolean): Promise<void> {
  const n = cycle.current_attempt_number + 1;
  const g = groupById(c, cycle.customer_group_id);
  const d = decide(c, g, n, f.code, Temporal.Instant.from(f.at), ctx.tenant.timezone);
  const next = d.action === 'Retry' ? iso(d.next) : null;
  await store.insertAttempt(ctx, {
    id: newId(), tenant_id: ctx.tenant.id, cycle_id: cycle.id, attempt_number: n, payment_id: f.id, payment_number: f.number, time_of_execution: iso(f.at),
    cpr_generated: cprGenerated ? 1 : 0, success: 0, amount_collected: '0', action: d.action, retry_next: next, retry_criteria: d.action === 'Retry' ? d.criteria : null,
    label: d.label, customer_group_id: g.id, gateway_id: f.gatewayId, gateway_code: f.code, gateway_response: f.response,
  });
  await store.updateCycle(ctx, cycle.id, {
    current_attempt_number: n,
    payment_method_id: f.paymentMethodId,
    next_attempt: next,
    ...(next ? {} : { active: 0, outcome: g.attempts[n - 1] ? 'Stopped' : 'Exhausted', ended_at: iso(ctx.now()) }),
  });
  if (next) await enqueueJob(ctx, ATTEMPT_JOB, { cycleId: cycle.id, dueAt: next }, { runAfter: Temporal.Instant.from(next) });
}

async function endCycle(ctx: Ctx, cycle: CycleRow, outcome: string): Promise<void> {
  await store.updateCycle(ctx, cycle.id, { active: 0, next_attempt: null, outcome, ended_at: iso(ctx.now()) });
}

// ---------------------------------------------------------------- attempts

/** The job at an attempt's hour: runs it if the cycle is still active and still due then (execute now or a newer failure moves it). */
export async function attemptJob(ctx: Ctx, payload: { cycleId: string; dueAt: string }): Promise<Obj> {
  const cycle = await store.findCycle(ctx, payload.cycleId, true);
  if (!cycle || !cycle.active || cycle.next_attempt !== payload.dueAt) return { attempted: false };
  return { attempted: true, outcome: await attempt(ctx, cycle) };
}

async function attempt(ctx: Ctx, cycle: CycleRow): Promise<string> {
  const doc = await readDoc(ctx, cycle.document_kind, cycle.document_id);
  if (!doc || doc.status !== 'Posted' || !new D(doc.balance).greaterThan(0)) {
    await endCycle(ctx, cycle, 'External');
    return 'External';
  }
  const account = (await getAccountByKey(ctx, cycle.account_id))!;
  if (!account.defaultPaymentMethodId) {
    await endCycle(ctx, cycle, 'Refused');
    return 'Refused';
  }
  const c = await loadConfig(ctx);
  const inner: Ctx = { ...ctx };
  ownAttempts.add(inner);
  await sql`savepoint zbill_cpr`.execute(ctx.db);
  try {
    const p = await makePayment(inner, {
      accountId: account.id,
      amount: doc.balance,
      currency: doc.currency,
      type: 'Electronic',
      paymentMethodId: account.defaultPaymentMethodId,
      ...(doc.kind === 'invoice' ? { invoices: [{ invoiceId: doc.id, amount: doc.balance }] } : { debitMemos: [{ debitMemoId: doc.id, amount: doc.balance }] }),
      comment: `Configurable Payment Retry: attempt ${cycle.current_attempt_number + 1} of retry cycle ${cycle.seq}`,
    });
    await sql`release savepoint zbill_cpr`.execute(ctx.db);
    const paid = (await readPaymentForRetry(ctx, p.id))!;
    if (p.status === 'Processed') {
      const n = cycle.current_attempt_number + 1;
      await store.insertAttempt(ctx, {
        id: newId(), tenant_id: ctx.tenant.id, cycle_id: cycle.id, attempt_number: n, payment_id: p.id, payment_number: p.number, time_of_execution: iso(paid.submittedOn),
        cpr_generated: 1, success: 1, amount_collected: doc.balance, action: null, retry_next: null, retry_criteria: null, label: null,
        customer_group_id: groupById(c, cycle.customer_group_id).id, gateway_id: paid.gatewayId, gateway_code: paid.gatewayResponseCode, gateway_response: paid.gatewayResponse,
      });
      await store.updateCycle(ctx, cycle.id, { current_attempt_number: n, payment_method_id: paid.paymentMethodId, active: 0, next_attempt: null, outcome: 'Collected', ended_at: iso(ctx.now()) });
      return 'Collected';
    }
    await failedAttempt(ctx, c, cycle, {
      id: p.id, number: p.number, accountId: account.id, paymentMethodId: paid.paymentMethodId, gatewayId: paid.gatewayId, code: paid.gatewayResponseCode, response: paid.gatewayResponse, at: paid.submittedOn,
    }, true);
    return 'Failed';
  } catch (e) {
    await sql`rollback to savepoint zbill_cpr`.execute(ctx.db);
    await sql`release savepoint zbill_cpr`.execute(ctx.db);
    if (!(e instanceof ZuoraError)) throw e;
    await endCycle(ctx, cycle, 'Refused');
    return 'Refused';
  }
}

// ---------------------------------------------------------------- reads

function attemptView(a: AttemptRow): Obj {
  return {
    attempt_number: a.attempt_number,
    zuora_payment_id: a.payment_id,
    time_of_execution: a.time_of_execution,
    source: a.payment_number,
    cpr_generated: a.cpr_generated === 1,
    success: a.success === 1,
    amount_collected: amountText(a.amount_collected),
    action_info: a.action ? { action: a.action } : {},
    retry_info: a.retry_next ? { next: a.retry_next, criteria: a.retry_criteria } : {},
    mapping_info: a.label ? { label: a.label, level: 'code', customer_group_id: a.customer_group_id } : { customer_group_id: a.customer_group_id },
    gateway_info: { id: a.gateway_id, code: a.gateway_code, response: a.gateway_response },
  };
}

/** Amounts as CPR's samples show them ("0.0", "110.0", "12.34"). */
export function amountText(v: string): string {
  const d = new D(v);
  return d.toFixed(Math.max(1, d.decimalPlaces()));
}

async function cycleViews(ctx: Ctx, rows: CycleRow[]): Promise<Obj[]> {
  const attempts = await store.attemptsOf(ctx, rows.map((r) => r.id));
  return rows.map((r) => ({
    account_id: r.account_id,
    [r.document_kind === 'invoice' ? 'invoice_id' : 'debit_memo_id']: r.document_id,
    payment_method_id: r.payment_method_id,
    currency: r.currency,
    status: r.active ? 'Cycle Incomplete' : 'Cycle Complete',
    current_attempt_number: r.current_attempt_number,
    next_attempt: r.next_attempt,
    customer_group: r.customer_group,
    attempts: attempts.filter((a) => a.cycle_id === r.id).map(attemptView),
  }));
}

export type Target = 'invoice' | 'debitMemo' | 'account';

async function cyclesOf(ctx: Ctx, target: Target, key: string, activeOnly: boolean): Promise<CycleRow[]> {
  if (target === 'account') return store.cycles(ctx, { accountId: (await mustAccount(ctx, key)).id, activeOnly });
  return store.cycles(ctx, { documentId: (await mustDoc(ctx, target, key)).id, kind: target, activeOnly });
}

export async function listCycles(ctx: Ctx, target: Target, key: string, activeOnly: boolean): Promise<Obj> {
  return { cycles: await cycleViews(ctx, await cyclesOf(ctx, target, key, activeOnly)) };
}

// ---------------------------------------------------------------- execute, remove, submit

async function executeCycles(ctx: Ctx, rows: CycleRow[]): Promise<number[]> {
  const at = iso(nextHourlyRun(ctx.now(), ctx.tenant.timezone));
  const seqs: number[] = [];
  for (const r of rows) {
    const cycle = (await store.findCycle(ctx, r.id, true))!;
    if (!cycle.active || seqs.includes(cycle.seq)) continue;
    await store.updateCycle(ctx, cycle.id, { next_attempt: at });
    await enqueueJob(ctx, ATTEMPT_JOB, { cycleId: cycle.id, dueAt: at }, { runAfter: Temporal.Instant.from(at) });
    seqs.push(cycle.seq);
  }
  return seqs.sort((a, b) => a - b);
}

const executed = (seqs: number[]) => ({ success: true, message: `Payments with the following IDs enqueued for processing: [${seqs.join(', ')}]` });
const removed = (seqs: number[]) => ({ success: true, message: `Payments with the following IDs have been removed from the retry cycle: [${seqs.join(', ')}]` });

export async function execute(ctx: Ctx, target: Target, key: string): Promise<Obj> {
  return executed(await executeCycles(ctx, await cyclesOf(ctx, target, key, true)));
}

/** postExecutePayments: the active cycles of the accounts, invoices and debit memos named. */
export async function executeMany(ctx: Ctx, body: unknown): Promise<Obj> {
  const b = (body ?? {}) as Obj;
  if (typeof b !== 'object' || Array.isArray(b)) throw invalidValue('The request body must be a JSON object');
  for (const k of Object.keys(b)) if (!['account_ids', 'invoice_ids', 'debit_memo_ids'].includes(k)) throw unknownField(`'${k}' is not a field of execute payments (account_ids, invoice_ids, debit_memo_ids)`);
  const lists: Array<[Target, string]> = [['account', 'account_ids'], ['invoice', 'invoice_ids'], ['debitMemo', 'debit_memo_ids']];
  const rows: CycleRow[] = [];
  let named = 0;
  for (const [target, field] of lists) {
    const v = b[field];
    if (v === undefined || v === null) continue;
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string' || !s)) throw invalidValue(`'${field}' must be a list of ids`);
    for (const id of v as string[]) {
      named++;
      try {
        rows.push(...(await cyclesOf(ctx, target, id, true)));
      } catch (e) {
        if (e instanceof ZuoraError) throw invalidValue(`'${field}': ${e.message}`);
        throw e;
      }
    }
  }
  if (!named) throw missingField(`Name at least one id in 'account_ids', 'invoice_ids' or 'debit_memo_ids'`);
  return executed(await executeCycles(ctx, rows));
}

export async function remove(ctx: Ctx, target: Target, key: string): Promise<Obj> {
  const seqs: number[] = [];
  for (const r of await cyclesOf(ctx, target, key, true)) {
    const cycle = (await store.findCycle(ctx, r.id, true))!;
    if (!cycle.active) continue;
    await endCycle(ctx, cycle, 'Removed');
    seqs.push(cycle.seq);
  }
  return removed(seqs.sort((a, b) => a - b));
}

/** postSubmitPaymentToCycle: a failed electronic payment enters the retry cycles of its documents (an active one, else a new one). */
export async function submit(ctx: Ctx, body: unknown): Promise<Obj> {
  const b = (body ?? {}) as Obj;
  if (typeof b !== 'object' || Array.isArray(b)) throw invalidValue('The request body must be a JSON object');
  for (const k of Object.keys(b)) if (k !== 'payment_id') throw unknownField(`'${k}' is not a field of submit a payment to retry cycle (payment_id)`);
  if (b.payment_id === undefined || b.payment_id === null || b.payment_id === '') throw missingField(`'payment_id' is required`);
  if (typeof b.payment_id !== 'string') throw invalidValue(`'payment_id' must be a string`);
  const p = await readPaymentForRetry(ctx, b.payment_id);
  if (!p) throw invalidValue(`'payment_id': the payment ${b.payment_id} does not exist`);
  if (p.type !== 'Electronic' || p.status !== 'Error') throw ruleViolation(`The payment ${p.number} is ${p.type === 'Electronic' ? p.status : 'External'}: only a failed electronic payment can enter a retry cycle`);
  const c = await loadConfig(ctx);
  if (!c.enabled) throw ruleViolation(`Configurable Payment Retry is disabled for this tenant (admin API payment-retry/settings 'enabled')`);
  const f = await store.failedPayment(ctx, p.id);
  if (!f || !f.documents.length) throw ruleViolation(`The payment ${p.number} was not a card payment of an invoice or a debit memo: retry cycles are kept per invoice and debit memo, for card payments only`);
  const cycles = await store.cycles(ctx, { accountId: f.accountId });
  const attempts = await store.attemptsOf(ctx, cycles.filter((x) => x.active).map((x) => x.id));
  if (attempts.some((a) => a.payment_id === p.id)) throw ruleViolation(`The payment ${p.number} is already in an active retry cycle`);
  const open: Array<{ kind: Kind; id: string }> = [];
  for (const d of f.documents) {
    const doc = await readDoc(ctx, d.kind, d.id);
    if (doc && doc.status === 'Posted' && new D(doc.balance).greaterThan(0)) open.push(d);
  }
  if (!open.length) throw ruleViolation(`The documents of the payment ${p.number} have no balance left to collect`);
  await enter(ctx, c, { id: p.id, number: p.number, accountId: f.accountId, paymentMethodId: p.paymentMethodId, gatewayId: p.gatewayId, code: p.gatewayResponseCode, response: p.gatewayResponse, at: p.submittedOn }, open);
  return { success: true, message: 'Payment entered into retry process' };
}
