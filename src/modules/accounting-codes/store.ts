import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';

export interface AccountingCodeRow {
  id: string;
  tenant_id: string;
  name: string;
  name_key: string;
  type: string;
  status: string;
  gl_account_name: string | null;
  gl_account_number: string | null;
  notes: string | null;
  segment_constant_values: string | null;
  custom_fields: string;
  used_in_transactions: number;
  sort_key: number | string;
  created_by: string;
  created_on: string;
  updated_by: string;
  updated_on: string;
}

interface Tables {
  accounting_codes: AccountingCodeRow;
}

const q = (ctx: Ctx) => ctx.db as unknown as Kysely<Tables>;

export const nameKey = (name: string) => name.trim().toUpperCase();

export async function findById(ctx: Ctx, id: string): Promise<AccountingCodeRow | undefined> {
  return q(ctx).selectFrom('accounting_codes').selectAll().where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).executeTakeFirst();
}

export async function findByName(ctx: Ctx, name: string): Promise<AccountingCodeRow | undefined> {
  return q(ctx).selectFrom('accounting_codes').selectAll().where('tenant_id', '=', ctx.tenant.id).where('name_key', '=', nameKey(name)).executeTakeFirst();
}

export async function findOfType(ctx: Ctx, type: string, exceptId?: string): Promise<AccountingCodeRow | undefined> {
  let query = q(ctx).selectFrom('accounting_codes').selectAll().where('tenant_id', '=', ctx.tenant.id).where('type', '=', type);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return query.executeTakeFirst();
}

export async function list(ctx: Ctx, limit: number, offset: number): Promise<AccountingCodeRow[]> {
  return q(ctx).selectFrom('accounting_codes').selectAll().where('tenant_id', '=', ctx.tenant.id).orderBy('sort_key').orderBy('id').limit(limit).offset(offset).execute();
}

export async function insert(ctx: Ctx, row: AccountingCodeRow): Promise<void> {
  await q(ctx).insertInto('accounting_codes').values(row).execute();
}

export async function update(ctx: Ctx, id: string, patch: Partial<AccountingCodeRow>): Promise<void> {
  await q(ctx).updateTable('accounting_codes').set(patch).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

/** Takes the row lock for the rest of the transaction (a no-op UPDATE works on both databases). */
export async function lock(ctx: Ctx, id: string): Promise<boolean> {
  // id = id (the column, not the parameter): a key longer than the column must find nothing, not fail on PostgreSQL.
  const r = await q(ctx).updateTable('accounting_codes').set((eb) => ({ id: eb.ref('id') })).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Marks the code as used by a transaction; false when there is no such code. */
export async function markUsed(ctx: Ctx, id: string): Promise<boolean> {
  const r = await q(ctx).updateTable('accounting_codes').set({ used_in_transactions: 1 }).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** True when the error is a unique-index violation (SQLite or PostgreSQL). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e?.message ?? '');
}

export async function remove(ctx: Ctx, id: string): Promise<void> {
  await q(ctx).deleteFrom('accounting_codes').where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}
