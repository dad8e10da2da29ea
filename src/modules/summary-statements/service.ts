/**
 * Summary statements (the createSummaryStatementRun page; Zuora's "Generate a summary statement" and the
 * Summary Statement templates, which list an account's invoices, credit memos, debit memos, payments and
 * refunds of the statement period). A run is saved Pending and made by the `summary-statements.run` job:
 * it selects the accounts (one, or the Active accounts of the batch and bill cycle day that fit the target
 * category), and for each makes a statement: the period's figures (rules.ts) and a PDF stored as a file of
 * the documents module, served at /v1/files/{id}. Each account runs in a savepoint: one that fails gets a
 * statement in Error with the reason, the others go on; the run ends Completed, or Error when every
 * statement failed.
 *
 * Also the hard delete of billing document files (POST/GET /v1/accounts/billing-documents/files/deletion-jobs):
 * the `summary-statements.delete-document-files` job deletes the PDF files of the accounts' invoices,
 * credit memos and debit memos through the documents contract.
 */
import type { Ctx } from '../../platform/context.js';
import { nextCounter } from '../../platform/counters.js';
import { formatDateTime, parseDate, Temporal } from '../../platform/dates.js';
import { Category, errorCode, invalidValue, missingField, notFound, notImplemented, unknownField, ZuoraError } from '../../platform/errors.js';
import { formatNumber, newId } from '../../platform/ids.js';
import { enqueueJob, getJob, type Job } from '../../platform/jobs.js';
import { D } from '../../platform/money.js';
import { accountBillingFigures, accountsForBillRun } from '../accounts/contract.js';
import { getAccountByKey } from '../accounts/service.js';
import { deleteAccountDocumentFiles, storeGeneratedFile } from '../documents/contract.js';
import { accountBillingDocuments } from '../invoices/contract.js';
import { creditMemoRefundsOfAccount } from '../memos/contract.js';
import { accountPaymentActivity } from '../payments/contract.js';
import { customStartProblem, DATE_RANGE_TYPES, inCategory, statementFigures, statementPeriod, TARGET_CATEGORIES, type Activity, type AccountStanding, type DateRangeType, type TargetCategory } from './rules.js';
import { renderStatementPdf } from './statement-pdf.js';
import * as store from './store.js';
import type { RunRow } from './store.js';

type Obj = Record<string, unknown>;

/** Resource code of summary statement errors (Zuora's pages give none: a code of zbill's own). */
export const RES_SUMMARY_STATEMENT = 641100;
/** Resource code of billing document files deletion job errors. */
export const RES_FILES_DELETION = 642100;
export const RUN_JOB = 'summary-statements.run';
export const DELETE_FILES_JOB = 'summary-statements.delete-document-files';

const err = (m: string) => invalidValue(m, RES_SUMMARY_STATEMENT);
const actor = (ctx: Ctx) => ctx.tenant.id;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const given = (o: Obj, k: string) => o[k] !== undefined && o[k] !== null;

const RUN_FIELDS = ['runType', 'targetAccountCategory', 'accountKey', 'batchName', 'billCycleDay', 'dateRangeType', 'startDate', 'endDate', 'autoEmailEnabled', 'description'];

function oneOf<T extends string>(o: Obj, k: string, values: readonly T[]): T {
  const v = o[k];
  if (!given(o, k)) throw missingField(`'${k}' is required: one of ${values.join(', ')}`, RES_SUMMARY_STATEMENT);
  if (typeof v !== 'string' || !values.includes(v as T)) throw err(`'${k}' must be one of ${values.join(', ')}, got ${JSON.stringify(v)}`);
  return v as T;
}

function text(o: Obj, k: string, max: number): string | null {
  if (!given(o, k)) return null;
  const v = o[k];
  if (typeof v !== 'string') throw err(`'${k}' must be a string, got ${JSON.stringify(v)}`);
  if (v.length > max) throw err(`'${k}' is longer than ${max} characters`);
  return v;
}

/** POST /v1/summary-statement-runs: the run, saved Pending, with its job. */
export async function createRun(ctx: Ctx, body: unknown): Promise<Obj> {
  if (!isObj(body)) throw err(`The request body must be a JSON object`);
  for (const k of Object.keys(body)) if (!RUN_FIELDS.includes(k)) throw unknownField(`'${k}' is not a field of a summary statement run`, RES_SUMMARY_STATEMENT);
  const runType = oneOf(body, 'runType', ['AdHoc'] as const);
  const category = oneOf(body, 'targetAccountCategory', TARGET_CATEGORIES);
  const rangeType = oneOf(body, 'dateRangeType', DATE_RANGE_TYPES);
  const accountKey = text(body, 'accountKey', 70);
  const batchName = text(body, 'batchName', 50);
  const bcd = text(body, 'billCycleDay', 2);
  const description = text(body, 'description', 2000);
  if (bcd !== null && !/^(0?[1-9]|[12]\d|3[01])$/.test(bcd)) throw err(`'billCycleDay' must be a day of the month from '01' to '31', got ${JSON.stringify(bcd)}`);
  if (batchName !== null && !batchName.trim()) throw err(`'batchName' must not be empty`);
  let accountId: string | null = null;
  if (category === 'SingleAccount') {
    if (!accountKey) throw missingField(`'accountKey' is required when 'targetAccountCategory' is SingleAccount`, RES_SUMMARY_STATEMENT);
    if (batchName !== null || bcd !== null) throw err(`'batchName' and 'billCycleDay' do not apply when 'targetAccountCategory' is SingleAccount`);
    const account = await getAccountByKey(ctx, accountKey);
    if (!account) throw notFound(`The account '${accountKey}' does not exist`, RES_SUMMARY_STATEMENT);
    accountId = account.id;
  } else if (accountKey !== null) throw err(`'accountKey' applies only when 'targetAccountCategory' is SingleAccount`);
  if (given(body, 'endDate')) throw err(`'endDate' cannot be entered: the end date of a Custom range is today, and the other ranges compute theirs`);
  if (given(body, 'autoEmailEnabled') && typeof body.autoEmailEnabled !== 'boolean') throw err(`'autoEmailEnabled' must be true or false, got ${JSON.stringify(body.autoEmailEnabled)}`);
  if (body.autoEmailEnabled === true) throw notImplemented(`'autoEmailEnabled': true (emailing summary statements) of POST /v1/summary-statement-runs`);
  const today = ctx.today();
  let start: Temporal.PlainDate | undefined;
  if (rangeType === 'Custom') {
    if (!given(body, 'startDate')) throw missingField(`'startDate' is required when 'dateRangeType' is Custom`, RES_SUMMARY_STATEMENT);
    start = typeof body.startDate === 'string' ? parseDate(body.startDate) : undefined;
    if (!start) throw err(`'startDate' must be a date in yyyy-mm-dd format, got ${JSON.stringify(body.startDate)}`);
    const problem = customStartProblem(start, today);
    if (problem) throw err(problem);
  } else if (given(body, 'startDate')) throw err(`'startDate' applies only when 'dateRangeType' is Custom: ${rangeType} computes its dates`);
  const period = statementPeriod(rangeType, today, start);
  const now = ctx.now().toString();
  const row: RunRow = {
    id: newId(),
    tenant_id: ctx.tenant.id,
    number: formatNumber('SSR-', await nextCounter(ctx, 'summary-statement-run')),
    run_type: runType,
    target_account_category: category,
    account_key: accountKey,
    account_id: accountId,
    batch_name: batchName,
    bill_cycle_day: bcd,
    date_range_type: rangeType,
    start_date: period.start.toString(),
    end_date: period.end.toString(),
    auto_email_enabled: 0,
    description,
    status: 'Pending',
    number_of_accounts: null,
    error_message: null,
    created_by: actor(ctx),
    created_at: now,
    updated_by: actor(ctx),
    updated_at: now,
  };
  await store.insertRun(ctx, row);
  await enqueueJob(ctx, RUN_JOB, { runId: row.id });
  return { ...runView(ctx, row), success: true };
}

function runView(ctx: Ctx, r: RunRow): Obj {
  const at = (s: string) => formatDateTime(Temporal.Instant.from(s), ctx.tenant.timezone);
  return {
    id: r.id,
    statementRunNumber: r.number,
    targetAccountCategory: r.target_account_category,
    accountKey: r.account_key,
    runType: r.run_type,
    batchName: r.batch_name,
    billCycleDay: r.bill_cycle_day,
    dateRangeType: r.date_range_type,
    startDate: r.start_date,
    endDate: r.end_date,
    autoEmailEnabled: r.auto_email_enabled === 1,
    description: r.description,
    status: r.status,
    createdById: r.created_by,
    createdDate: at(r.created_at),
    updatedById: r.updated_by,
    updatedDate: at(r.updated_at),
  };
}

/** What a statement and the category test need of an account: every dated movement of its balance. */
async function accountActivity(ctx: Ctx, accountId: string): Promise<{ activity: Activity[]; standing: AccountStanding }> {
  const docs = (await accountBillingDocuments(ctx, accountId)).filter((d) => d.status === 'Posted');
  const money = await accountPaymentActivity(ctx, accountId);
  const memoRefunds = await creditMemoRefundsOfAccount(ctx, accountId);
  const activity: Activity[] = [
    ...docs.map((d) => ({ kind: d.documentType, id: d.id, number: d.documentNumber, date: d.documentDate, amount: d.amount })),
    ...money.payments.map((p) => ({ kind: 'Payment' as const, ...p })),
    ...money.refunds.map((r) => ({ kind: 'Refund' as const, ...r })),
    ...memoRefunds.map((r) => ({ kind: 'Refund' as const, id: r.id, number: r.number, date: r.refundDate, amount: r.amount })),
  ];
  const openInvoices = docs.filter((d) => d.documentType === 'Invoice' && new D(d.balance).greaterThan(0)).length;
  const figures = await accountBillingFigures(ctx, accountId);
  return { activity, standing: { openInvoices, balance: figures.balance, otherTransactions: activity.filter((a) => a.kind !== 'Invoice').length } };
}

/** The `summary-statements.run` job: makes the statements of a Pending run (in the job's transaction). */
export async function executeRun(ctx: Ctx, runId: string): Promise<{ statements: number; errors: number }> {
  const run = await store.findRun(ctx, runId, true);
  if (!run || run.status !== 'Pending') return { statements: 0, errors: 0 };
  await store.updateRun(ctx, run.id, { status: 'Processing', updated_at: ctx.now().toString() });
  const category = run.target_account_category as TargetCategory;
  let candidates: string[];
  if (category === 'SingleAccount') candidates = run.account_id ? [run.account_id] : [];
  else candidates = (await accountsForBillRun(ctx, { batches: run.batch_name ? [run.batch_name] : undefined, billCycleDay: run.bill_cycle_day ? Number(run.bill_cycle_day) : undefined })).map((a) => a.id);
  const today = ctx.today().toString();
  let made = 0;
  let errors = 0;
  for (const accountId of candidates) {
    const at = ctx.now().toString();
    const base = { tenant_id: ctx.tenant.id, run_id: run.id, account_id: accountId, start_date: run.start_date, end_date: run.end_date, statement_date: today, email_status: null, created_by: actor(ctx), created_at: at, updated_by: actor(ctx), updated_at: at };
    await store.savepoint(ctx, 'savepoint');
    try {
      const { activity, standing } = await accountActivity(ctx, accountId);
      if (category !== 'SingleAccount' && !inCategory(category, standing)) {
        await store.savepoint(ctx, 'release');
        continue;
      }
      const account = (await getAccountByKey(ctx, accountId))!;
      const figures = statementFigures(activity, run.start_date, run.end_date);
      const id = newId();
      const number = formatNumber('SS-', await nextCounter(ctx, 'summary-statement'));
      const pdf = await renderStatementPdf({ company: ctx.tenant.name, number, statementDate: today, start: run.start_date, end: run.end_date, currency: account.currency, account: { name: account.name, number: account.accountNumber }, figures, createdAt: new Date(ctx.now().epochMilliseconds) });
      const fileId = await storeGeneratedFile(ctx, { ownerType: 'SummaryStatement', ownerId: id, fileName: `${number}.pdf`, contentType: 'application/pdf', content: pdf });
      await store.insertStatement(ctx, { ...base, id, number, status: 'Completed', file_id: fileId, currency: account.currency, opening_balance: figures.openingBalance, closing_balance: figures.closingBalance, figures: JSON.stringify(figures), error_category: null, error_message: null });
      await store.savepoint(ctx, 'release');
      made++;
    } catch (e) {
      await store.savepoint(ctx, 'rollback');
      await store.savepoint(ctx, 'release');
      const message = e instanceof Error ? e.message : String(e);
      const number = formatNumber('SS-', await nextCounter(ctx, 'summary-statement'));
      await store.insertStatement(ctx, { ...base, id: newId(), number, status: 'Error', file_id: null, currency: null, opening_balance: null, closing_balance: null, figures: null, error_category: e instanceof ZuoraError ? 'Validation' : 'System', error_message: message });
      errors++;
    }
  }
  const status = errors > 0 && made === 0 ? 'Error' : 'Completed';
  await store.updateRun(ctx, run.id, { status, number_of_accounts: made + errors, error_message: status === 'Error' ? `No statement could be made: ${errors} account(s) failed` : null, updated_at: ctx.now().toString() });
  return { statements: made, errors };
}

// ---------------------------------------------------------------- billing document files deletion jobs

const delErr = (m: string) => invalidValue(m, RES_FILES_DELETION);

/** POST /v1/accounts/billing-documents/files/deletion-jobs: a job deleting the PDF files of the accounts' billing documents. */
export async function createFilesDeletionJob(ctx: Ctx, body: unknown): Promise<Obj> {
  if (!isObj(body)) throw delErr(`The request body must be a JSON object`);
  for (const k of Object.keys(body)) if (k !== 'accountIds' && k !== 'accountKeys') throw unknownField(`'${k}' is not a field of a billing document files deletion job`, RES_FILES_DELETION);
  const ids = given(body, 'accountIds');
  const keys = given(body, 'accountKeys');
  if (!ids && !keys) throw missingField(`'accountIds' or 'accountKeys' is required: the accounts whose billing document files to delete`, RES_FILES_DELETION);
  if (ids && keys) throw delErr(`Give either 'accountIds' or 'accountKeys', not both`);
  const field = ids ? 'accountIds' : 'accountKeys';
  const list = body[field];
  if (!Array.isArray(list) || !list.length) throw delErr(`'${field}' must be a non-empty list of account ${ids ? 'IDs' : 'IDs or numbers'}`);
  const accountIds: string[] = [];
  for (const k of list) {
    if (typeof k !== 'string' || !k.trim()) throw delErr(`'${field}' must hold strings, got ${JSON.stringify(k)}`);
    const a = await getAccountByKey(ctx, k);
    // accountIds takes IDs only
    if (!a || (ids && a.id !== k)) throw new ZuoraError(errorCode(RES_FILES_DELETION, Category.NOT_FOUND), `The account '${k}' in '${field}' does not exist`);
    if (!accountIds.includes(a.id)) accountIds.push(a.id);
  }
  const job = await enqueueJob(ctx, DELETE_FILES_JOB, { accountIds });
  return { id: job.id, status: 'Pending', success: true };
}

/** The `summary-statements.delete-document-files` job. */
export async function runFilesDeletion(ctx: Ctx, accountIds: string[]): Promise<{ deletedFiles: number }> {
  let n = 0;
  for (const id of accountIds) n += await deleteAccountDocumentFiles(ctx, id);
  return { deletedFiles: n };
}

const JOB_STATUS: Record<Job['status'], string> = { Pending: 'Pending', Running: 'Processing', Completed: 'Completed', Failed: 'Error', Canceled: 'Error' };

/** GET /v1/accounts/billing-documents/files/deletion-jobs/{jobId}. */
export async function getFilesDeletionJob(ctx: Ctx, jobId: string): Promise<Obj> {
  const job = await getJob(ctx, jobId);
  if (!job || job.kind !== DELETE_FILES_JOB) throw notFound(`The billing document files deletion job '${jobId}' does not exist`, RES_FILES_DELETION);
  return { id: job.id, status: JOB_STATUS[job.status], success: true };
}
