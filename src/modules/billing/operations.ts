/**
 * Two read operations over billing's own records:
 * - GET /v1/operations/jobs/{jobId} ("Retrieve an operation job"): the page says it serves invoice deletion
 *   and reversal jobs. zbill deletes an invoice inside the DELETE request, so the job it answers is
 *   Completed at once; the invoices module tells billing of each deletion (`invoiceDeletedHooks`) and
 *   billing keeps the job. Reversal is not built (PUT /v1/invoices/{key}/reverse answers 501), so no
 *   Reverse job exists.
 * - GET /system-health/billing-documents/volume-summary ("List billing document volume summary records",
 *   Bill Run Health): the invoices and credit memos bill runs generated, and the accounts that failed,
 *   within [startTime, endTime), counted from the bill runs that ran in the window (tenant clock).
 */
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { readSystemHealthWindow, Temporal } from '../../platform/dates.js';
import { notFound } from '../../platform/errors.js';
import * as billRunStore from './bill-run-store.js';

type Obj = Record<string, unknown>;

/** Resource code of operation job errors. */
const RES_OPERATION_JOB = 591000;

export interface OperationJobRow {
  id: string;
  tenant_id: string;
  object_id: string;
  object_type: string;
  operation_type: string;
  status: string;
  reasons: string | null;
  created_at: string;
}

const q = (ctx: Ctx) => ctx.db as unknown as Kysely<{ operation_jobs: OperationJobRow }>;

/** Records an invoice's deletion job (done: zbill deletes in the request). The invoices module calls it through its hook. */
export async function recordInvoiceDeletion(ctx: Ctx, e: { invoiceId: string; jobId: string }): Promise<void> {
  await q(ctx)
    .insertInto('operation_jobs')
    .values({ id: e.jobId, tenant_id: ctx.tenant.id, object_id: e.invoiceId, object_type: 'Invoice', operation_type: 'Delete', status: 'Completed', reasons: null, created_at: ctx.now().toString() })
    .execute();
}

/** GET /v1/operations/jobs/{jobId}. */
export async function getOperationJob(ctx: Ctx, jobId: string): Promise<Obj> {
  const r = await q(ctx).selectFrom('operation_jobs').selectAll().where('tenant_id', '=', ctx.tenant.id).where('id', '=', jobId).executeTakeFirst();
  if (!r) throw notFound(`The operation job ${jobId} does not exist`, RES_OPERATION_JOB);
  return {
    id: r.id,
    objectId: r.object_id,
    objectType: r.object_type,
    operationType: r.operation_type,
    status: r.status,
    ...(r.reasons ? { reasons: JSON.parse(r.reasons) } : {}),
    success: true,
  };
}

/** GET /system-health/billing-documents/volume-summary: one record for the window. */
export async function billingDocumentVolume(ctx: Ctx, query: { startTime?: unknown; endTime?: unknown }): Promise<Obj> {
  const { start, end } = readSystemHealthWindow(query);
  const fmt = (i: Temporal.Instant) => i.toString({ fractionalSecondDigits: 3 });
  const runs = await billRunStore.executedBetween(ctx, fmt(start), fmt(end));
  let invoices = 0;
  let memos = 0;
  let failed = 0;
  for (const r of runs) {
    invoices += r.invoices_count;
    memos += r.credit_memos_count;
    failed += (JSON.parse(r.failures) as unknown[]).length;
  }
  return { data: [{ totalFailedAccounts: failed, totalGeneratedCreditMemos: memos, totalGeneratedInvoices: invoices }] };
}
