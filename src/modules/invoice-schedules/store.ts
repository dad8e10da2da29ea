/** SQL of invoice schedules: the only file that knows their tables. */
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { prepared } from '../../platform/db/prepared.js';
import { isZuoraId } from '../../platform/ids.js';

export interface ScheduleRow {
  id: string;
  tenant_id: string;
  number: string;
  account_id: string;
  currency: string;
  status: string;
  paused: number;
  notes: string | null;
  invoice_separately: number;
  next_run_date: string | null;
  next_run_date_set: number;
  charges_amount: string;
  total_amount: string;
  actual_amount: string;
  billed_amount: string;
  unbilled_amount: string;
  orders: string;
  specific_subscriptions: string;
  additional_subscriptions: string;
  custom_fields: string;
  created_at: string;
  updated_at: string;
}

export interface ItemRow {
  id: string;
  tenant_id: string;
  schedule_id: string;
  seq: number;
  name: string | null;
  amount: string | null;
  percentage: string | null;
  actual_amount: string;
  run_date: string | null;
  target_date_for_additional: string | null;
  status: string;
  invoice_id: string | null;
  credit_memo_id: string | null;
  bill_run_id: string | null;
  custom_fields: string;
  created_at: string;
  updated_at: string;
}

export interface ChargeRow {
  tenant_id: string;
  schedule_id: string;
  account_id: string;
  original_charge_id: string;
  charge_number: string;
  subscription_number: string;
  order_number: string | null;
  seq: number;
  total_amount: string;
  billed_amount: string;
  detached: number;
  template: string;
}

interface Tables {
  invoice_schedules: ScheduleRow;
  invoice_schedule_items: ItemRow;
  invoice_schedule_charges: ChargeRow;
}
const q = (ctx: Ctx) => ctx.db as unknown as Kysely<Tables>;
const T = (ctx: Ctx) => ctx.tenant.id;

const normS = (r: ScheduleRow) => ({ ...r, paused: Number(r.paused), invoice_separately: Number(r.invoice_separately), next_run_date_set: Number(r.next_run_date_set) });
const normI = (r: ItemRow) => ({ ...r, seq: Number(r.seq) });
const normC = (r: ChargeRow) => ({ ...r, seq: Number(r.seq), detached: Number(r.detached) });

/** A schedule by id or number (IS-…). */
export async function find(ctx: Ctx, key: string): Promise<ScheduleRow | undefined> {
  const base = q(ctx).selectFrom('invoice_schedules').selectAll().where('tenant_id', '=', T(ctx));
  if (isZuoraId(key)) {
    const r = await base.where('id', '=', key).executeTakeFirst();
    if (r) return normS(r);
  }
  const r = await base.where('number', '=', key).executeTakeFirst();
  return r ? normS(r) : undefined;
}

/** Locks the row for the rest of the transaction (a no-op UPDATE works on both databases) and reads it. */
export async function lock(ctx: Ctx, id: string): Promise<ScheduleRow | undefined> {
  await q(ctx).updateTable('invoice_schedules').set((eb) => ({ id: eb.ref('id') })).where('tenant_id', '=', T(ctx)).where('id', '=', id).execute();
  const r = await q(ctx).selectFrom('invoice_schedules').selectAll().where('tenant_id', '=', T(ctx)).where('id', '=', id).executeTakeFirst();
  return r ? normS(r) : undefined;
}

export async function insert(ctx: Ctx, row: ScheduleRow): Promise<void> {
  await q(ctx).insertInto('invoice_schedules').values(row).execute();
}

export async function update(ctx: Ctx, id: string, set: Partial<ScheduleRow>): Promise<void> {
  await q(ctx).updateTable('invoice_schedules').set(set).where('tenant_id', '=', T(ctx)).where('id', '=', id).execute();
}

export async function remove(ctx: Ctx, id: string): Promise<void> {
  await q(ctx).deleteFrom('invoice_schedule_charges').where('tenant_id', '=', T(ctx)).where('schedule_id', '=', id).execute();
  await q(ctx).deleteFrom('invoice_schedule_items').where('tenant_id', '=', T(ctx)).where('schedule_id', '=', id).execute();
  await q(ctx).deleteFrom('invoice_schedules').where('tenant_id', '=', T(ctx)).where('id', '=', id).execute();
}

/** Schedules (not paused, with a pending item) whose next run date is on or before the date, oldest first. */
export async function due(ctx: Ctx, date: string): Promise<ScheduleRow[]> {
  const rows = await q(ctx)
    .selectFrom('invoice_schedules')
    .selectAll()
    .where('tenant_id', '=', T(ctx))
    .where('paused', '=', 0)
    .where('next_run_date', 'is not', null)
    .where('next_run_date', '<=', date)
    .orderBy('next_run_date')
    .orderBy('number')
    .execute();
  return rows.map(normS);
}

/** The account's schedules, oldest first. */
const ofAccountQuery = prepared<ScheduleRow>((db, p) => (db as unknown as Kysely<Tables>).selectFrom('invoice_schedules').selectAll().where('tenant_id', '=', p(0)).where('account_id', '=', p(1)));
export async function ofAccount(ctx: Ctx, accountId: string): Promise<ScheduleRow[]> {
  // sorted here: an ORDER BY number leads SQLite to the (tenant, number) index instead of the account's
  const rows = await ofAccountQuery(ctx.db, [T(ctx), accountId]);
  return rows.map(normS).sort((a, b) => (a.number < b.number ? -1 : 1));
}

/** The numbers of the schedules holding charges through the order or of its subscriptions. */
export async function schedulesOfOrder(ctx: Ctx, orderNumber: string, subscriptionNumbers: string[]): Promise<string[]> {
  const viaCharges = await q(ctx)
    .selectFrom('invoice_schedule_charges')
    .innerJoin('invoice_schedules', (j) => j.onRef('invoice_schedules.id', '=', 'invoice_schedule_charges.schedule_id').onRef('invoice_schedules.tenant_id', '=', 'invoice_schedule_charges.tenant_id'))
    .select('invoice_schedules.number')
    .where('invoice_schedule_charges.tenant_id', '=', T(ctx))
    .where((eb) => eb.or([eb('invoice_schedule_charges.order_number', '=', orderNumber), ...(subscriptionNumbers.length ? [eb('invoice_schedule_charges.subscription_number', 'in', subscriptionNumbers)] : [])]))
    .execute();
  return [...new Set(viaCharges.map((r) => r.number))].sort();
}

/** The ids of the schedules holding charges of the subscription. */
export async function schedulesOfSubscription(ctx: Ctx, subscriptionNumber: string): Promise<string[]> {
  const rows = await q(ctx).selectFrom('invoice_schedule_charges').select('schedule_id').where('tenant_id', '=', T(ctx)).where('subscription_number', '=', subscriptionNumber).execute();
  return [...new Set(rows.map((r) => r.schedule_id))];
}

// ---- items

export async function itemsOf(ctx: Ctx, scheduleId: string): Promise<ItemRow[]> {
  const rows = await q(ctx).selectFrom('invoice_schedule_items').selectAll().where('tenant_id', '=', T(ctx)).where('schedule_id', '=', scheduleId).orderBy('seq').execute();
  return rows.map(normI);
}

export async function insertItems(ctx: Ctx, rows: ItemRow[]): Promise<void> {
  if (rows.length) await q(ctx).insertInto('invoice_schedule_items').values(rows).execute();
}

export async function updateItem(ctx: Ctx, id: string, set: Partial<ItemRow>): Promise<void> {
  await q(ctx).updateTable('invoice_schedule_items').set(set).where('tenant_id', '=', T(ctx)).where('id', '=', id).execute();
}

export async function removeItems(ctx: Ctx, ids: string[]): Promise<void> {
  if (ids.length) await q(ctx).deleteFrom('invoice_schedule_items').where('tenant_id', '=', T(ctx)).where('id', 'in', ids).execute();
}

// ---- charges

export async function chargesOf(ctx: Ctx, scheduleId: string): Promise<ChargeRow[]> {
  const rows = await q(ctx).selectFrom('invoice_schedule_charges').selectAll().where('tenant_id', '=', T(ctx)).where('schedule_id', '=', scheduleId).orderBy('seq').execute();
  return rows.map(normC);
}

/** The schedules holding any of these charges (original ids), as original id → schedule id. */
export async function holders(ctx: Ctx, originalChargeIds: string[]): Promise<Map<string, string>> {
  if (!originalChargeIds.length) return new Map();
  const rows = await q(ctx).selectFrom('invoice_schedule_charges').select(['original_charge_id', 'schedule_id']).where('tenant_id', '=', T(ctx)).where('original_charge_id', 'in', originalChargeIds).execute();
  return new Map(rows.map((r) => [r.original_charge_id, r.schedule_id]));
}

/** The account's charges that schedules hold and have not detached, with the invoice item fields they bill (JSON). */
const heldChargesQuery = prepared<{ original_charge_id: string; template: string }>((db, p) =>
  (db as unknown as Kysely<Tables>).selectFrom('invoice_schedule_charges').select(['original_charge_id', 'template']).where('tenant_id', '=', p(0)).where('account_id', '=', p(1)).where('detached', '=', 0),
);
export async function heldCharges(ctx: Ctx, accountId: string): Promise<Array<{ original_charge_id: string; template: string }>> {
  return heldChargesQuery(ctx.db, [T(ctx), accountId]);
}

export async function insertCharges(ctx: Ctx, rows: ChargeRow[]): Promise<void> {
  if (rows.length) await q(ctx).insertInto('invoice_schedule_charges').values(rows).execute();
}

export async function removeCharges(ctx: Ctx, scheduleId: string): Promise<void> {
  await q(ctx).deleteFrom('invoice_schedule_charges').where('tenant_id', '=', T(ctx)).where('schedule_id', '=', scheduleId).execute();
}

export async function updateCharge(ctx: Ctx, originalChargeId: string, set: Partial<ChargeRow>): Promise<void> {
  await q(ctx).updateTable('invoice_schedule_charges').set(set).where('tenant_id', '=', T(ctx)).where('original_charge_id', '=', originalChargeId).execute();
}
