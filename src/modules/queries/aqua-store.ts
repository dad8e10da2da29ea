/** The SQL of AQuA jobs, batches and result files (the queries module's own tables). */
import type { Ctx } from '../../platform/context.js';

export interface AquaJobRow {
  id: string;
  tenant_id: string;
  seq: number;
  name: string | null;
  status: string;
  version: string;
  format: string;
  use_query_labels: number;
  date_time_utc: number;
  null_replacement: string | null;
  partner: string | null;
  project: string | null;
  offset_seconds: number;
  incremental_time: string | null;
  window_start: string | null;
  window_end: string | null;
  start_time: string | null;
  error_message: string | null;
  created_at: string;
  updated_at: string;
}

export interface AquaBatchRow {
  id: string;
  tenant_id: string;
  job_id: string;
  seq: number;
  name: string | null;
  batch_type: string;
  query: string;
  api_version: string | null;
  status: string;
  full_export: number;
  record_count: number;
  file_id: string | null;
  message: string | null;
}

/** Integer columns come back as strings from some drivers: numbers again. */
function num<T extends object>(r: T, keys: Array<keyof T>): T {
  const out = { ...r } as Record<string, unknown>;
  for (const k of keys) if (out[k as string] !== null && out[k as string] !== undefined) out[k as string] = Number(out[k as string]);
  return out as T;
}

/** Inserts a job (its `seq` the tenant's next) and its batches. */
export async function insertJob(ctx: Ctx, row: Omit<AquaJobRow, 'seq'>, batches: AquaBatchRow[]): Promise<AquaJobRow> {
  const last = await ctx.db.selectFrom('aqua_jobs').select((eb) => eb.fn.max('seq').as('m')).where('tenant_id', '=', ctx.tenant.id).executeTakeFirst();
  const full: AquaJobRow = { ...row, seq: Number((last as { m: unknown } | undefined)?.m ?? 0) + 1 };
  await ctx.db.insertInto('aqua_jobs').values(full).execute();
  for (const b of batches) await ctx.db.insertInto('aqua_batches').values(b).execute();
  return full;
}

export async function findJob(ctx: Ctx, id: string): Promise<AquaJobRow | undefined> {
  const r = await ctx.db.selectFrom('aqua_jobs').selectAll().where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).executeTakeFirst();
  return r ? num(r as AquaJobRow, ['seq', 'use_query_labels', 'date_time_utc', 'offset_seconds']) : undefined;
}

export async function batchesOf(ctx: Ctx, jobId: string): Promise<AquaBatchRow[]> {
  const rows = await ctx.db.selectFrom('aqua_batches').selectAll().where('tenant_id', '=', ctx.tenant.id).where('job_id', '=', jobId).orderBy('seq').execute();
  return rows.map((r) => num(r as AquaBatchRow, ['seq', 'full_export', 'record_count']));
}

/** The last completed job of a partner and project (stateful mode), newest first. */
export async function lastCompleted(ctx: Ctx, partner: string, project: string): Promise<AquaJobRow | undefined> {
  const r = await ctx.db
    .selectFrom('aqua_jobs')
    .selectAll()
    .where('tenant_id', '=', ctx.tenant.id)
    .where('partner', '=', partner)
    .where('project', '=', project)
    .where('status', '=', 'completed')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? num(r as AquaJobRow, ['seq', 'use_query_labels', 'date_time_utc', 'offset_seconds']) : undefined;
}

export async function updateJob(ctx: Ctx, id: string, set: Partial<AquaJobRow>): Promise<void> {
  await ctx.db.updateTable('aqua_jobs').set(set).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

export async function updateBatch(ctx: Ctx, id: string, set: Partial<AquaBatchRow>): Promise<void> {
  await ctx.db.updateTable('aqua_batches').set(set).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

export async function insertFile(ctx: Ctx, f: { id: string; name: string; format: string; chunks: number; created_at: string }): Promise<void> {
  await ctx.db.insertInto('aqua_files').values({ ...f, tenant_id: ctx.tenant.id }).execute();
}

export async function insertChunk(ctx: Ctx, fileId: string, seq: number, content: string): Promise<void> {
  await ctx.db.insertInto('aqua_file_chunks').values({ tenant_id: ctx.tenant.id, file_id: fileId, seq, content }).execute();
}

export async function findFile(ctx: Ctx, id: string): Promise<{ id: string; name: string; format: string; chunks: number } | undefined> {
  const r = await ctx.db.selectFrom('aqua_files').select(['id', 'name', 'format', 'chunks']).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).executeTakeFirst();
  return r ? { ...(r as { id: string; name: string; format: string }), chunks: Number((r as { chunks: unknown }).chunks) } : undefined;
}

export async function chunk(ctx: Ctx, fileId: string, seq: number): Promise<string | undefined> {
  const r = await ctx.db.selectFrom('aqua_file_chunks').select('content').where('tenant_id', '=', ctx.tenant.id).where('file_id', '=', fileId).where('seq', '=', seq).executeTakeFirst();
  return r ? String((r as { content: unknown }).content) : undefined;
}
