/** SQL of bill runs. */
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { isZuoraId } from '../../platform/ids.js';

export interface BillRunRow {
  id: string;
  tenant_id: string;
  bill_run_number: string;
  name: string | null;
  status: string;
  target_date: string | null;
  invoice_date: string | null;
  options: string;
  auto_post: number;
  no_email_for_zero_amount_invoice: number;
  scheduled_date: string | null;
  series_id: string | null;
  job_id: string | null;
  failures: string;
  documents_count: number;
  /** When the run billed (tenant clock instant), and what it made by kind. */
  executed_at: string | null;
  invoices_count: number;
  credit_memos_count: number;
  created_at: string;
  updated_at: string;
}

interface Tables {
  bill_runs: BillRunRow;
}
const q = (ctx: Ctx) => ctx.db as unknown as Kysely<Tables>;

const norm = (r: BillRunRow | undefined) => (r ? { ...r, auto_post: Number(r.auto_post), no_email_for_zero_amount_invoice: Number(r.no_email_for_zero_amount_invoice), documents_count: Number(r.documents_count), invoices_count: Number(r.invoices_count), credit_memos_count: Number(r.credit_memos_count) } : r);

export async function insert(ctx: Ctx, row: BillRunRow): Promise<void> {
  await q(ctx).insertInto('bill_runs').values(row).execute();
}

/** A bill run by id or number (BR-…). */
export async function find(ctx: Ctx, key: string): Promise<BillRunRow | undefined> {
  const base = q(ctx).selectFrom('bill_runs').selectAll().where('tenant_id', '=', ctx.tenant.id);
  if (isZuoraId(key)) {
    const r = await base.where('id', '=', key).executeTakeFirst();
    if (r) return norm(r);
  }
  return norm(await base.where('bill_run_number', '=', key).executeTakeFirst());
}

/** Locks the row for the rest of the transaction (a no-op UPDATE works on both databases) and reads it. */
export async function lock(ctx: Ctx, id: string): Promise<BillRunRow | undefined> {
  await q(ctx).updateTable('bill_runs').set((eb) => ({ id: eb.ref('id') })).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
  return norm(await q(ctx).selectFrom('bill_runs').selectAll().where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).executeTakeFirst());
}

export async function update(ctx: Ctx, id: string, set: Partial<BillRunRow>): Promise<void> {
  await q(ctx).updateTable('bill_runs').set(set).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

export async function remove(ctx: Ctx, id: string): Promise<void> {
  await q(ctx).deleteFrom('bill_runs').where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

/** Pending scheduled runs due on or before the date, oldest first. */
export async function scheduledDue(ctx: Ctx, date: string): Promise<BillRunRow[]> {
  const rows = await q(ctx)
    .selectFrom('bill_runs')
    .selectAll()
    .where('tenant_id', '=', ctx.tenant.id)
    .where('status', '=', 'Pending')
    .where('scheduled_date', 'is not', null)
    .where('scheduled_date', '<=', date)
    .orderBy('scheduled_date')
    .orderBy('bill_run_number')
    .execute();
  return rows.map((r) => norm(r)!);
}

/** How many bill runs are Pending (Zuora refuses a new one past 500). */
export async function pendingCount(ctx: Ctx): Promise<number> {
  const r = await q(ctx).selectFrom('bill_runs').select((eb) => eb.fn.countAll().as('n')).where('tenant_id', '=', ctx.tenant.id).where('status', '=', 'Pending').executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Bill runs that billed in [from, to) (ISO instants), with what they made and the accounts that failed. */
export async function executedBetween(ctx: Ctx, from: string, to: string): Promise<Array<Pick<BillRunRow, 'invoices_count' | 'credit_memos_count' | 'failures'>>> {
  const rows = await q(ctx)
    .selectFrom('bill_runs')
    .select(['invoices_count', 'credit_memos_count', 'failures'])
    .where('tenant_id', '=', ctx.tenant.id)
    .where('executed_at', 'is not', null)
    .where('executed_at', '>=', from)
    .where('executed_at', '<', to)
    .execute();
  return rows.map((r) => ({ ...r, invoices_count: Number(r.invoices_count), credit_memos_count: Number(r.credit_memos_count) }));
}
