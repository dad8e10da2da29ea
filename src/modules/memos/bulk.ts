/**
 * Bulk memo operations (POST and PUT /v1/credit-memos/bulk and /v1/debit-memos/bulk, PUT /v1/debit-memos
 * for due dates): at most 50 memos a request, each in its own savepoint ("each in separate database
 * transactions" on the create pages: one that fails leaves the others), answered in request order.
 * And the asynchronous apply and unapply (PUT …/apply-async, …/unapply-async) as platform jobs.
 */
import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { invalidValue, missingField, notFound, ZuoraError, errorCode, Category } from '../../platform/errors.js';
import { enqueueJob, getJob, type JobHandler } from '../../platform/jobs.js';
import { applyCreditMemo, unapplyCreditMemo } from './apply.js';
import { body, createFromCharges, createFromInvoice, entry, labelOf, requireMemo, resourceOf, updateMemo, type Obj } from './service.js';
import type { MemoKind } from './store.js';

export const MAX_BULK = 50;

async function eachInSavepoint(ctx: Ctx, list: unknown[], fn: (o: Obj, i: number) => Promise<Obj>, res: number): Promise<Obj[]> {
  const out: Obj[] = [];
  for (const [i, e] of list.entries()) {
    await sql`savepoint zbill_memo_bulk`.execute(ctx.db);
    try {
      out.push({ ...(await fn(entry(e, `memos[${i}]`, res), i)), success: true });
    } catch (err) {
      if (!(err instanceof ZuoraError)) throw err;
      await sql`rollback to savepoint zbill_memo_bulk`.execute(ctx.db);
      out.push({ success: false, reasons: err.reasons });
    }
    await sql`release savepoint zbill_memo_bulk`.execute(ctx.db);
  }
  return out;
}

function memosList(b: Obj, field: string, res: number): unknown[] {
  const list = b[field];
  if (list === undefined || list === null) throw missingField(`'${field}' is required`, res);
  if (!Array.isArray(list)) throw invalidValue(`'${field}' must be an array`, res);
  if (!list.length) throw missingField(`'${field}' must hold at least one memo`, res);
  if (list.length > MAX_BULK) throw new ZuoraError(errorCode(res, Category.LIMIT), `At most ${MAX_BULK} memos can be handled in one request; '${field}' has ${list.length}`);
  return list;
}

/** POST /v1/{credit,debit}-memos/bulk: `sourceType` Invoice (each memo names its invoiceId) or Standalone (charges). */
export async function bulkCreate(ctx: Ctx, kind: MemoKind, raw: unknown): Promise<Obj> {
  const res = resourceOf(kind);
  const b = body(raw, res);
  for (const k of Object.keys(b)) if (k !== 'sourceType' && k !== 'memos') throw invalidValue(`'${k}' is not a field of this request`, res);
  if (b.sourceType !== 'Invoice' && b.sourceType !== 'Standalone') throw (b.sourceType === undefined ? missingField(`'sourceType' is required`, res) : invalidValue(`'sourceType' must be Invoice or Standalone`, res));
  const list = memosList(b, 'memos', res);
  const memos = await eachInSavepoint(
    ctx,
    list,
    async (o) => {
      if (b.sourceType === 'Standalone') return createFromCharges(ctx, kind, o);
      if (typeof o.invoiceId !== 'string' || !o.invoiceId) throw missingField(`'invoiceId' is required`, res);
      return createFromInvoice(ctx, kind, o.invoiceId, o);
    },
    res,
  );
  return { success: true, memos: memos.map(({ success: s, ...m }) => ({ ...m, success: s })) };
}

/** PUT /v1/{credit,debit}-memos/bulk: each memo (by `id`) updated as PUT …/{key} does. */
export async function bulkUpdate(ctx: Ctx, kind: MemoKind, raw: unknown): Promise<Obj> {
  const res = resourceOf(kind);
  const b = body(raw, res);
  for (const k of Object.keys(b)) if (k !== 'memos') throw invalidValue(`'${k}' is not a field of this request`, res);
  const list = memosList(b, 'memos', res);
  const memos = await eachInSavepoint(
    ctx,
    list,
    async (o) => {
      const { id, ...rest } = o;
      if (typeof id !== 'string' || !id) throw missingField(`'id' is required`, res);
      return updateMemo(ctx, kind, id, rest);
    },
    res,
  );
  return { success: true, memos };
}

/** PUT /v1/debit-memos: due dates of several debit memos, all or nothing (the page answers only success). */
export async function updateDueDates(ctx: Ctx, raw: unknown): Promise<Obj> {
  const res = resourceOf('debitMemo');
  const b = body(raw, res);
  for (const k of Object.keys(b)) if (k !== 'debitMemos') throw invalidValue(`'${k}' is not a field of this request`, res);
  const list = memosList(b, 'debitMemos', res);
  for (const [i, e] of list.entries()) {
    const o = entry(e, `debitMemos[${i}]`, res);
    for (const k of Object.keys(o)) if (k !== 'id' && k !== 'dueDate') throw invalidValue(`'debitMemos[${i}].${k}' is not a field of this request`, res);
    if (typeof o.id !== 'string' || !o.id) throw missingField(`'debitMemos[${i}].id' is required`, res);
    if (o.dueDate === undefined || o.dueDate === null) throw missingField(`'debitMemos[${i}].dueDate' is required`, res);
    await updateMemo(ctx, 'debitMemo', o.id, { dueDate: o.dueDate });
  }
  return { success: true };
}

// ---------------------------------------------------------------- async apply / unapply

export const APPLY_JOB = 'memos.credit-memo-apply';
export const UNAPPLY_JOB = 'memos.credit-memo-unapply';

interface AsyncPayload {
  memoId: string;
  body: unknown;
}

/** Both handlers run the same rules as the synchronous operations, in the job's transaction. */
export const memoJobs: Record<string, JobHandler<AsyncPayload>> = {
  [APPLY_JOB]: async (ctx, p) => {
    await applyCreditMemo(ctx, p.memoId, p.body);
    return { memoId: p.memoId };
  },
  [UNAPPLY_JOB]: async (ctx, p) => {
    await unapplyCreditMemo(ctx, p.memoId, p.body);
    return { memoId: p.memoId };
  },
};

/** PUT …/apply-async and …/unapply-async: the memo must exist; the request is checked when the job runs. */
export async function enqueueAsync(ctx: Ctx, which: 'apply' | 'unapply', key: string, raw: unknown): Promise<Obj> {
  const memo = await requireMemo(ctx, 'creditMemo', key);
  body(raw, resourceOf('creditMemo'));
  const job = await enqueueJob(ctx, which === 'apply' ? APPLY_JOB : UNAPPLY_JOB, { memoId: memo.id, body: raw ?? {} }, { maxAttempts: 1 });
  return asyncJobView(job.id, 'Pending', which, memo.id, null);
}

function asyncJobView(id: string, status: string, which: 'apply' | 'unapply', memoId: string, error: string | null): Obj {
  return { success: true, id, status, operationType: which === 'apply' ? 'AsyncCreditMemoApply' : 'AsyncCreditMemoUnapply', referenceId: memoId, referenceType: 'CreditMemo', error };
}

/** GET /v1/credit-memos/apply-async-jobs/{id} (and unapply-async-jobs): Pending, Processing, Processed or Failed with the error. */
export async function getAsyncJob(ctx: Ctx, which: 'apply' | 'unapply', id: string): Promise<Obj> {
  const job = await getJob<AsyncPayload>(ctx, id);
  if (!job || job.kind !== (which === 'apply' ? APPLY_JOB : UNAPPLY_JOB)) throw notFound(`The ${which} async job ${id} does not exist`, resourceOf('creditMemo'));
  const status = { Pending: 'Pending', Running: 'Processing', Completed: 'Processed', Failed: 'Failed', Canceled: 'Failed' }[job.status];
  const error = job.error ? (job.error.reasons?.map((r) => r.message).join('; ') ?? job.error.message) : null;
  return asyncJobView(job.id, status, which, job.payload.memoId, error);
}
