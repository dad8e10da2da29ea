/** The SQL of bulk jobs and their per-record results (the bulk-data module's own tables). */
import { PostgresAdapter, sql } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { nextCounter } from '../../platform/counters.js';

export interface BulkJobRow {
  id: string;
  tenant_id: string;
  seq: number;
  name: string;
  description: string | null;
  object_type: string;
  job_type: string;
  mappings: string;
  headers: string | null;
  row_id_header: string | null;
  delimiter: string;
  has_headers: number;
  file_type: string;
  status: string;
  source: string | null;
  row_count: number;
  rows_succeeded: number;
  rows_failed: number;
  next_row: number;
  failure_reason: string | null;
  platform_job_id: string | null;
  source_file_id: string;
  success_file_id: string;
  error_file_id: string;
  created_at: string;
  submitted_at: string | null;
  updated_at: string;
}

export interface BulkRowResult {
  seq: number;
  success: number;
  record_id: string | null;
  error_code: string | null;
  error_message: string | null;
}

const INTS = ['seq', 'has_headers', 'row_count', 'rows_succeeded', 'rows_failed', 'next_row'] as const;

function num(r: Record<string, unknown>): BulkJobRow {
  const out = { ...r };
  for (const k of INTS) out[k] = Number(out[k]);
  return out as unknown as BulkJobRow;
}

const db = (ctx: Ctx) => ctx.db as unknown as import('kysely').Kysely<Record<string, Record<string, unknown>>>;

export async function insertJob(ctx: Ctx, row: Omit<BulkJobRow, 'seq'>): Promise<void> {
  const seq = await nextCounter(ctx, 'bulk_job_seq');
  await db(ctx).insertInto('bulk_jobs').values({ ...row, seq }).execute();
}

/** Every column but the source file's text (which can be megabytes): what reads of a job's state take. */
const HEAD_COLUMNS = [
  'id', 'tenant_id', 'seq', 'name', 'description', 'object_type', 'job_type', 'mappings', 'headers', 'row_id_header', 'delimiter', 'has_headers',
  'file_type', 'status', 'row_count', 'rows_succeeded', 'rows_failed', 'next_row', 'failure_reason', 'platform_job_id', 'source_file_id',
  'success_file_id', 'error_file_id', 'created_at', 'submitted_at', 'updated_at',
] as const;

/**
 * The job of that id in the caller's tenant; `lock` reads it FOR UPDATE on PostgreSQL. Without `withSource`
 * its `source` is left out (null), so a run's batches do not read the file again each time.
 */
export async function findJob(ctx: Ctx, id: string, lock = false, withSource = false): Promise<BulkJobRow | undefined> {
  const base = db(ctx).selectFrom('bulk_jobs').where('tenant_id', '=', ctx.tenant.id).where('id', '=', id);
  let q = (withSource ? base.selectAll() : base.select([...HEAD_COLUMNS])) as ReturnType<typeof base.selectAll>;
  if (lock && ctx.db.getExecutor().adapter instanceof PostgresAdapter) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r ? num({ source: null, ...r }) : undefined;
}

export async function findJobByFile(ctx: Ctx, fileId: string): Promise<{ job: BulkJobRow; kind: 'source' | 'success' | 'error' } | undefined> {
  const r = await db(ctx)
    .selectFrom('bulk_jobs')
    .selectAll()
    .where('tenant_id', '=', ctx.tenant.id)
    .where((eb) => eb.or([eb('source_file_id', '=', fileId), eb('success_file_id', '=', fileId), eb('error_file_id', '=', fileId)]))
    .executeTakeFirst();
  if (!r) return undefined;
  const job = num(r);
  return { job, kind: job.source_file_id === fileId ? 'source' : job.success_file_id === fileId ? 'success' : 'error' };
}

export async function updateJob(ctx: Ctx, id: string, set: Partial<BulkJobRow>): Promise<void> {
  await db(ctx).updateTable('bulk_jobs').set(set).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

/** Jobs newest first, after the one of seq `before` (a cursor), at most `limit`, optionally of one status. */
export async function listJobs(ctx: Ctx, opts: { limit: number; before?: number; status?: string }): Promise<BulkJobRow[]> {
  let q = db(ctx).selectFrom('bulk_jobs').select([...HEAD_COLUMNS]).where('tenant_id', '=', ctx.tenant.id);
  if (opts.before !== undefined) q = q.where('seq', '<', opts.before);
  if (opts.status !== undefined) q = q.where('status', '=', opts.status);
  const rows = await q.orderBy('seq', 'desc').limit(opts.limit).execute();
  return rows.map((r) => num({ source: null, ...r }));
}

export async function insertResult(ctx: Ctx, jobId: string, r: BulkRowResult): Promise<void> {
  await db(ctx).insertInto('bulk_job_rows').values({ tenant_id: ctx.tenant.id, job_id: jobId, ...r }).execute();
}

export async function results(ctx: Ctx, jobId: string): Promise<BulkRowResult[]> {
  const rows = await db(ctx)
    .selectFrom('bulk_job_rows')
    .select(['seq', 'success', 'record_id', 'error_code', 'error_message'])
    .where('tenant_id', '=', ctx.tenant.id)
    .where('job_id', '=', jobId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({ ...(r as unknown as BulkRowResult), seq: Number(r.seq), success: Number(r.success) }));
}

export const savepoint = {
  open: (ctx: Ctx) => sql`savepoint zbill_bulk_record`.execute(ctx.db),
  release: (ctx: Ctx) => sql`release savepoint zbill_bulk_record`.execute(ctx.db),
  rollback: (ctx: Ctx) => sql`rollback to savepoint zbill_bulk_record`.execute(ctx.db),
};
