/** SQL of payment schedules: the only file that knows their tables. */
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { isZuoraId } from '../../platform/ids.js';

export interface ScheduleRow {
  id: string;
  tenant_id: string;
  number: string;
  account_id: string;
  is_custom: number;
  start_date: string;
  period: string | null;
  run_hour: number;
  currency: string;
  amount: string | null;
  canceled: number;
  status: string;
  total_amount: string;
  occurrences: number;
  processed_count: number;
  errored_count: number;
  description: string | null;
  payment_method_id: string | null;
  payment_gateway_id: string | null;
  payment_option: string | null;
  billing_documents: string;
  cancel_date: string | null;
  cancelled_by: string | null;
  cancelled_on: string | null;
  custom_fields: string;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}

export interface ItemRow {
  id: string;
  tenant_id: string;
  schedule_id: string;
  account_id: string;
  seq: number;
  scheduled_date: string;
  run_hour: number;
  payment_method_id: string | null;
  payment_gateway_id: string | null;
  amount: string;
  balance: string;
  currency: string;
  status: string;
  error_message: string | null;
  payment_id: string | null;
  billing_document: string | null;
  description: string | null;
  payment_option: string | null;
  cancellation_reason: string | null;
  cancelled_by: string | null;
  cancelled_on: string | null;
  custom_fields: string;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}

interface Tables {
  payment_schedules: ScheduleRow;
  payment_schedule_items: ItemRow;
}
const q = (ctx: Ctx) => ctx.db as unknown as Kysely<Tables>;
const T = (ctx: Ctx) => ctx.tenant.id;
const normS = (r: ScheduleRow): ScheduleRow => ({ ...r, is_custom: Number(r.is_custom), run_hour: Number(r.run_hour), canceled: Number(r.canceled), occurrences: Number(r.occurrences), processed_count: Number(r.processed_count), errored_count: Number(r.errored_count) });
const normI = (r: ItemRow): ItemRow => ({ ...r, seq: Number(r.seq), run_hour: Number(r.run_hour) });

/** A schedule by id or number (PS-…); `lock` takes the row for the rest of the transaction (a no-op UPDATE works on both databases). */
export async function find(ctx: Ctx, key: string, lock = false): Promise<ScheduleRow | undefined> {
  const base = q(ctx).selectFrom('payment_schedules').selectAll().where('tenant_id', '=', T(ctx));
  let r = isZuoraId(key) ? await base.where('id', '=', key).executeTakeFirst() : undefined;
  r ??= await base.where('number', '=', key).executeTakeFirst();
  if (r && lock) await q(ctx).updateTable('payment_schedules').set((eb) => ({ id: eb.ref('id') })).where('tenant_id', '=', T(ctx)).where('id', '=', r.id).execute();
  return r ? normS(r) : undefined;
}

export async function numberTaken(ctx: Ctx, number: string): Promise<boolean> {
  return !!(await q(ctx).selectFrom('payment_schedules').select('id').where('tenant_id', '=', T(ctx)).where('number', '=', number).executeTakeFirst());
}

export async function insert(ctx: Ctx, row: ScheduleRow): Promise<void> {
  await q(ctx).insertInto('payment_schedules').values(row).execute();
}

export async function update(ctx: Ctx, id: string, set: Partial<ScheduleRow>): Promise<void> {
  await q(ctx).updateTable('payment_schedules').set(set).where('tenant_id', '=', T(ctx)).where('id', '=', id).execute();
}

export async function remove(ctx: Ctx, id: string): Promise<void> {
  await q(ctx).deleteFrom('payment_schedule_items').where('tenant_id', '=', T(ctx)).where('schedule_id', '=', id).execute();
  await q(ctx).deleteFrom('payment_schedules').where('tenant_id', '=', T(ctx)).where('id', '=', id).execute();
}

/** The tenant's schedules (of one account when given), oldest first. */
export async function list(ctx: Ctx, accountId: string | null): Promise<ScheduleRow[]> {
  let s = q(ctx).selectFrom('payment_schedules').selectAll().where('tenant_id', '=', T(ctx));
  if (accountId) s = s.where('account_id', '=', accountId);
  return (await s.orderBy('created_at').orderBy('number').execute()).map(normS);
}

// ---- items

export async function itemsOf(ctx: Ctx, scheduleIds: string[]): Promise<ItemRow[]> {
  if (!scheduleIds.length) return [];
  const rows = await q(ctx).selectFrom('payment_schedule_items').selectAll().where('tenant_id', '=', T(ctx)).where('schedule_id', 'in', scheduleIds).orderBy('schedule_id').orderBy('seq').execute();
  return rows.map(normI);
}

export async function findItem(ctx: Ctx, id: string): Promise<ItemRow | undefined> {
  const r = await q(ctx).selectFrom('payment_schedule_items').selectAll().where('tenant_id', '=', T(ctx)).where('id', '=', id).executeTakeFirst();
  return r ? normI(r) : undefined;
}

export async function insertItems(ctx: Ctx, rows: ItemRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await q(ctx).insertInto('payment_schedule_items').values(rows.slice(i, i + 200)).execute();
}

export async function updateItem(ctx: Ctx, id: string, set: Partial<ItemRow>): Promise<void> {
  await q(ctx).updateTable('payment_schedule_items').set(set).where('tenant_id', '=', T(ctx)).where('id', '=', id).execute();
}

export async function removeItems(ctx: Ctx, ids: string[]): Promise<void> {
  if (ids.length) await q(ctx).deleteFrom('payment_schedule_items').where('tenant_id', '=', T(ctx)).where('id', 'in', ids).execute();
}

/** Pending items scheduled on or before the date, by date, run hour and schedule. */
export async function dueItems(ctx: Ctx, date: string): Promise<ItemRow[]> {
  const rows = await q(ctx)
    .selectFrom('payment_schedule_items')
    .selectAll()
    .where('tenant_id', '=', T(ctx))
    .where('status', '=', 'Pending')
    .where('scheduled_date', '<=', date)
    .orderBy('scheduled_date')
    .orderBy('run_hour')
    .orderBy('schedule_id')
    .orderBy('seq')
    .execute();
  return rows.map(normI);
}

/** Items scheduled on the date, counted by status. */
export async function countByStatus(ctx: Ctx, date: string): Promise<Record<string, number>> {
  const rows = await q(ctx)
    .selectFrom('payment_schedule_items')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
    .where('tenant_id', '=', T(ctx))
    .where('scheduled_date', '=', date)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
