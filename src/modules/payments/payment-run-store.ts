/** SQL of payment runs. */
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { isZuoraId } from '../../platform/ids.js';

export interface PaymentRunRow {
  id: string;
  tenant_id: string;
  seq: number;
  number: string;
  status: string;
  target_date: string | null;
  run_date: string | null;
  options: string;
  results: string | null;
  job_id: string | null;
  executed_on: string | null;
  completed_on: string | null;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}

interface Tables {
  payment_runs: PaymentRunRow;
}
const q = (ctx: Ctx) => ctx.db as unknown as Kysely<Tables>;
const norm = (r: PaymentRunRow | undefined) => (r ? { ...r, seq: Number(r.seq) } : undefined);

export async function insert(ctx: Ctx, row: PaymentRunRow): Promise<void> {
  await q(ctx).insertInto('payment_runs').values(row).execute();
}

/** By id or number; `lock` takes the row for update on PostgreSQL. */
export async function find(ctx: Ctx, key: string, lock = false): Promise<PaymentRunRow | undefined> {
  const col = isZuoraId(key) ? 'id' : 'number';
  // a no-op UPDATE locks the row on both databases
  if (lock) await q(ctx).updateTable('payment_runs').set((eb) => ({ id: eb.ref('id') })).where('tenant_id', '=', ctx.tenant.id).where(col, '=', key).execute();
  return norm(await q(ctx).selectFrom('payment_runs').selectAll().where('tenant_id', '=', ctx.tenant.id).where(col, '=', key).executeTakeFirst());
}

export interface RunFilter {
  status?: string;
  targetDate?: string;
  createdById?: string;
  updatedById?: string;
}

export type RunSortField = 'target_date' | 'status' | 'created_at' | 'created_by' | 'updated_at' | 'updated_by' | 'seq';

export async function list(ctx: Ctx, f: RunFilter, sort: Array<{ field: RunSortField; dir: 'asc' | 'desc' }>, page: { limit: number; offset: number }): Promise<PaymentRunRow[]> {
  let s = q(ctx).selectFrom('payment_runs').selectAll().where('tenant_id', '=', ctx.tenant.id);
  if (f.status) s = s.where('status', '=', f.status);
  if (f.targetDate) s = s.where('target_date', '=', f.targetDate);
  if (f.createdById) s = s.where('created_by', '=', f.createdById);
  if (f.updatedById) s = s.where('updated_by', '=', f.updatedById);
  for (const o of sort) s = s.orderBy(o.field, o.dir);
  s = s.orderBy('seq', 'desc');
  return (await s.limit(page.limit).offset(page.offset).execute()).map((r) => norm(r)!);
}

export async function countPending(ctx: Ctx): Promise<number> {
  const r = await q(ctx).selectFrom('payment_runs').select((e) => e.fn.countAll<number>().as('n')).where('tenant_id', '=', ctx.tenant.id).where('status', '=', 'Pending').executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function update(ctx: Ctx, id: string, set: Partial<PaymentRunRow>): Promise<void> {
  await q(ctx).updateTable('payment_runs').set(set).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

export async function remove(ctx: Ctx, id: string): Promise<void> {
  await q(ctx).deleteFrom('payment_runs').where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}
