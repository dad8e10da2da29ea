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

export interface BillCycleDayChangeRow {
  id: string;
  tenant_id: string;
  account_id: string;
  change_date: string;
  from_day: number;
  to_day: number;
  seq: number;
  created_at: string;
}

interface Tables {
  billing_preview_runs: PreviewRunRow;
  billing_files: FileRow;
  bill_cycle_day_changes: BillCycleDayChangeRow;
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

export async function insertBillCycleDayChange(ctx: Ctx, row: BillCycleDayChangeRow): Promise<void> {
  await q(ctx).insertInto('bill_cycle_day_changes').values(row).execute();
}

/** An account's bill cycle day changes, oldest first. */
export async function billCycleDayChanges(ctx: Ctx, accountId: string): Promise<BillCycleDayChangeRow[]> {
  const rows = await q(ctx).selectFrom('bill_cycle_day_changes').selectAll().where('tenant_id', '=', ctx.tenant.id).where('account_id', '=', accountId).orderBy('seq').execute();
  return rows.map((r) => ({ ...r, from_day: Number(r.from_day), to_day: Number(r.to_day), seq: Number(r.seq) }));
}

/** The bill cycle day changes of some accounts, oldest first per account. */
export async function billCycleDayChangesOf(ctx: Ctx, accountIds: string[]): Promise<BillCycleDayChangeRow[]> {
  if (!accountIds.length) return [];
  const rows = await q(ctx).selectFrom('bill_cycle_day_changes').selectAll().where('tenant_id', '=', ctx.tenant.id).where('account_id', 'in', accountIds).orderBy('account_id').orderBy('seq').execute();
  return rows.map((r) => ({ ...r, from_day: Number(r.from_day), to_day: Number(r.to_day), seq: Number(r.seq) }));
}
