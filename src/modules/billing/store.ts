/** SQL of the billing module: billing preview runs and the files they produce. */
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';

export interface PreviewRunRow {
  id: string;
  tenant_id: string;
  run_number: string;
  status: string;
  target_date: string;
  options: string;
  total_accounts: number;
  succeeded_accounts: number;
  error_message: string | null;
  file_id: string | null;
  created_date: string;
  start_date: string | null;
  end_date: string | null;
  updated_date: string;
}

export interface FileRow {
  id: string;
  tenant_id: string;
  name: string;
  content: string;
  created_date: string;
}

interface Tables {
  billing_preview_runs: PreviewRunRow;
  billing_files: FileRow;
}

const q = (ctx: Ctx) => ctx.db as unknown as Kysely<Tables>;

export async function insertPreviewRun(ctx: Ctx, row: PreviewRunRow): Promise<void> {
  await q(ctx).insertInto('billing_preview_runs').values(row).execute();
}

export async function getPreviewRun(ctx: Ctx, id: string): Promise<PreviewRunRow | undefined> {
  const r = await q(ctx).selectFrom('billing_preview_runs').selectAll().where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).executeTakeFirst();
  return r ? { ...r, total_accounts: Number(r.total_accounts), succeeded_accounts: Number(r.succeeded_accounts) } : undefined;
}

export async function insertFile(ctx: Ctx, row: FileRow): Promise<void> {
  await q(ctx).insertInto('billing_files').values(row).execute();
}

export async function getFile(ctx: Ctx, id: string): Promise<FileRow | undefined> {
  return q(ctx).selectFrom('billing_files').selectAll().where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).executeTakeFirst();
}
