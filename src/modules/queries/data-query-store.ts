/** Data Query jobs (table data_query_jobs); their result files are AQuA's files (aqua-store.ts). */
import type { Ctx } from '../../platform/context.js';

export interface DataQueryJobRow {
  id: string;
  tenant_id: string;
  seq: number;
  query: string;
  /** csv, tsv, dsv, json */
  output_format: string;
  /** none, gzip */
  compression: string;
  column_separator: string | null;
  use_index_join: number;
  /** accepted, in_progress, completed, failed, cancelled */
  status: string;
  output_rows: number | null;
  processing_time: number | null;
  file_id: string | null;
  error_message: string | null;
  created_on: string;
  updated_on: string;
}

const NUMS: Array<keyof DataQueryJobRow> = ['seq', 'use_index_join', 'output_rows', 'processing_time'];
function num(r: DataQueryJobRow): DataQueryJobRow {
  const out = { ...r } as Record<string, unknown>;
  for (const k of NUMS) if (out[k] !== null && out[k] !== undefined) out[k] = Number(out[k]);
  return out as unknown as DataQueryJobRow;
}

export async function insertJob(ctx: Ctx, row: Omit<DataQueryJobRow, 'seq'>): Promise<DataQueryJobRow> {
  const last = await ctx.db.selectFrom('data_query_jobs').select((eb) => eb.fn.max('seq').as('m')).where('tenant_id', '=', ctx.tenant.id).executeTakeFirst();
  const full: DataQueryJobRow = { ...row, seq: Number((last as { m: unknown } | undefined)?.m ?? 0) + 1 };
  await ctx.db.insertInto('data_query_jobs').values(full).execute();
  return full;
}

export async function findJob(ctx: Ctx, id: string): Promise<DataQueryJobRow | undefined> {
  const r = await ctx.db.selectFrom('data_query_jobs').selectAll().where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).executeTakeFirst();
  return r ? num(r as DataQueryJobRow) : undefined;
}

/** The tenant's jobs, newest first, optionally of one status. */
export async function listJobs(ctx: Ctx, status: string | undefined, limit: number): Promise<DataQueryJobRow[]> {
  let q = ctx.db.selectFrom('data_query_jobs').selectAll().where('tenant_id', '=', ctx.tenant.id);
  if (status) q = q.where('status', '=', status);
  const rows = await q.orderBy('seq', 'desc').limit(limit).execute();
  return (rows as DataQueryJobRow[]).map(num);
}

export async function updateJob(ctx: Ctx, id: string, set: Partial<DataQueryJobRow>): Promise<void> {
  await ctx.db.updateTable('data_query_jobs').set(set).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}
