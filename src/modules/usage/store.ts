import { sql, type Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { prepared } from '../../platform/db/prepared.js';

export interface UsageRow {
  id: string;
  tenant_id: string;
  account_id: string;
  account_number: string;
  subscription_id: string | null;
  subscription_number: string | null;
  charge_id: string | null;
  charge_number: string | null;
  product_rate_plan_charge_number: string | null;
  uom: string;
  quantity: string;
  start_date_time: string;
  start_date: string;
  end_date_time: string | null;
  description: string | null;
  unique_key: string | null;
  rbe_status: string;
  source_type: string;
  import_id: string | null;
  invoice_item_id: string | null;
  custom_fields: string;
  created_on: string;
  updated_on: string;
}

export interface ImportRow {
  id: string;
  tenant_id: string;
  file_name: string;
  size: number | string;
  md5: string;
  status: string;
  status_reason: string | null;
  total_count: number;
  imported_count: number;
  created_on: string;
  updated_on: string;
}

interface Tables {
  usages: UsageRow;
  usage_imports: ImportRow;
}

const q = (ctx: Ctx) => ctx.db as unknown as Kysely<Tables>;

export async function findById(ctx: Ctx, id: string): Promise<UsageRow | undefined> {
  return q(ctx).selectFrom('usages').selectAll().where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).executeTakeFirst();
}

/**
 * The tenant filter of a lookup by ids, written so that no index is used for it: without statistics
 * SQLite would otherwise walk the tenant's (tenant_id, …) index, every record of the tenant, instead of
 * taking each id from the primary key (a bill run marks records processed per item: that grew with the
 * tenant's usage).
 */
const sameTenant = (ctx: Ctx) => sql<string>`tenant_id || ''`;

export async function findByIds(ctx: Ctx, ids: string[]): Promise<UsageRow[]> {
  if (!ids.length) return [];
  return q(ctx).selectFrom('usages').selectAll().where(sameTenant(ctx), '=', ctx.tenant.id).where('id', 'in', ids).execute();
}

export async function insert(ctx: Ctx, rows: UsageRow[]): Promise<void> {
  // Chunks keep each statement under SQLite's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 500) await q(ctx).insertInto('usages').values(rows.slice(i, i + 500)).execute();
}

export async function update(ctx: Ctx, id: string, patch: Partial<UsageRow>): Promise<void> {
  await q(ctx).updateTable('usages').set(patch).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

export async function remove(ctx: Ctx, id: string): Promise<void> {
  await q(ctx).deleteFrom('usages').where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

/** Records of a charge (by its original id or its number) whose usage date is in [from, to), oldest first. */
export async function byCharge(ctx: Ctx, chargeId: string, from: string, to: string): Promise<UsageRow[]> {
  return q(ctx)
    .selectFrom('usages')
    .selectAll()
    .where('tenant_id', '=', ctx.tenant.id)
    .where((eb) => eb.or([eb('charge_id', '=', chargeId), eb('charge_number', '=', chargeId)]))
    .where('start_date', '>=', from)
    .where('start_date', '<', to)
    .orderBy('start_date_time')
    .orderBy('id')
    .execute();
}

/** Records of an account whose usage date is in [from, to), oldest first. */
const byAccountQuery = prepared<UsageRow>((db, p) =>
  (db as unknown as Kysely<Tables>)
    .selectFrom('usages')
    .selectAll()
    .where('tenant_id', '=', p(0))
    .where('account_id', '=', p(1))
    .where('start_date', '>=', p(2))
    .where('start_date', '<', p(3))
    .orderBy('start_date_time')
    .orderBy('id'),
);
export async function byAccount(ctx: Ctx, accountId: string, from: string, to: string): Promise<UsageRow[]> {
  return byAccountQuery(ctx.db, [ctx.tenant.id, accountId, from, to]);
}

/** The all-or-nothing mark of `n` ids, compiled once per length (a bill run marks each usage item's records). */
const markAllPendingOf = new Map<number, ReturnType<typeof markAllPendingQuery>>();
const markAllPendingQuery = (n: number) =>
  prepared<{ id: string }>((db, p) => {
    const ids = (from: number) => Array.from({ length: n }, (_, i) => p(from + i));
    return (db as unknown as Kysely<Tables>)
      .updateTable('usages')
      .set({ rbe_status: 'Processed', invoice_item_id: p(0), updated_on: p(1) })
      .where(sql<string>`tenant_id || ''`, '=', p(2))
      .where('id', 'in', ids(4))
      .where(
        (eb) =>
          eb
            .selectFrom('usages as u')
            .select((e) => e.fn.countAll<number>().as('n'))
            .where(sql<string>`u.tenant_id || ''`, '=', p(3))
            .where('u.id', 'in', ids(4 + n))
            .where('u.rbe_status', '=', 'Pending'),
        '=',
        n,
      )
      .returning('id');
  });

/**
 * Marks these records (distinct, 1 to 500) Processed by the invoice item in one statement when every one of them
 * is Pending, and none of them otherwise; answers how many it marked (all or 0).
 */
export async function markAllPendingProcessed(ctx: Ctx, ids: string[], invoiceItemId: string, now: string): Promise<number> {
  if (!ids.length || ids.length > 500) throw new Error(`markAllPendingProcessed takes 1 to 500 ids, got ${ids.length}`);
  let run = markAllPendingOf.get(ids.length);
  if (!run) markAllPendingOf.set(ids.length, (run = markAllPendingQuery(ids.length)));
  return (await run(ctx.db, [invoiceItemId, now, ctx.tenant.id, ctx.tenant.id, ...ids, ...ids])).length;
}

export async function markProcessed(ctx: Ctx, ids: string[], invoiceItemId: string, now: string): Promise<void> {
  for (let i = 0; i < ids.length; i += 500)
    await q(ctx)
      .updateTable('usages')
      .set({ rbe_status: 'Processed', invoice_item_id: invoiceItemId, updated_on: now })
      .where(sameTenant(ctx), '=', ctx.tenant.id)
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
}

/** Billed records of these invoice items back to Pending (their invoice was canceled or deleted); answers how many. */
export async function releaseProcessed(ctx: Ctx, invoiceItemIds: string[], now: string): Promise<number> {
  let n = 0;
  for (let i = 0; i < invoiceItemIds.length; i += 500) {
    const r = await q(ctx)
      .updateTable('usages')
      .set({ rbe_status: 'Pending', invoice_item_id: null, updated_on: now })
      .where('tenant_id', '=', ctx.tenant.id)
      .where('rbe_status', '=', 'Processed')
      .where('invoice_item_id', 'in', invoiceItemIds.slice(i, i + 500))
      .executeTakeFirst();
    n += Number(r.numUpdatedRows);
  }
  return n;
}

export async function insertImport(ctx: Ctx, row: ImportRow): Promise<void> {
  await q(ctx).insertInto('usage_imports').values(row).execute();
}

export async function findImport(ctx: Ctx, id: string): Promise<ImportRow | undefined> {
  return q(ctx).selectFrom('usage_imports').selectAll().where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).executeTakeFirst();
}
