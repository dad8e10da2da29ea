/** SQL for orders, actions, subscription versions and jobs: the only file that knows these tables. */
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { lockContention } from '../../platform/errors.js';
import type { SubscriptionDoc } from './model.js';

export interface OrderRow {
  id: string;
  tenant_id: string;
  order_number: string;
  order_date: string;
  status: string;
  account_id: string | null;
  account_number: string | null;
  description: string | null;
  category: string | null;
  reason_code: string | null;
  scheduled_date: string | null;
  currency: string | null;
  request_json: string;
  subscriptions_json: string;
  custom_fields: string;
  created_date: string;
  updated_date: string;
}

export interface ActionRow {
  id: string;
  tenant_id: string;
  order_id: string;
  sequence: number;
  type: string;
  subscription_number: string | null;
  subscription_version: number | null;
  contract_effective_date: string | null;
  service_activation_date: string | null;
  customer_acceptance_date: string | null;
  change_reason: string | null;
  action_json: string;
  custom_fields: string;
}

export interface VersionRow {
  id: string;
  tenant_id: string;
  subscription_number: string;
  version: number;
  latest: number;
  account_id: string;
  invoice_owner_account_id: string;
  status: string;
  order_id: string | null;
  term_end_date: string | null;
  doc: string;
  created_date: string;
}

export interface JobRow {
  id: string;
  tenant_id: string;
  job_type: string;
  status: string;
  result_json: string | null;
  errors_json: string | null;
  created_date: string;
}

interface Tables {
  sub_orders: OrderRow;
  sub_order_actions: ActionRow;
  sub_versions: VersionRow;
  sub_rate_plans: { id: string; tenant_id: string; version_id: string; subscription_number: string; product_id: string; product_rate_plan_id: string };
  sub_charges: { id: string; tenant_id: string; version_id: string; rate_plan_id: string; subscription_number: string; charge_number: string; product_rate_plan_charge_id: string };
  sub_jobs: JobRow;
}

const q = (ctx: Ctx) => ctx.db as unknown as Kysely<Tables>;
const T = (ctx: Ctx) => ctx.tenant.id;

// ---- orders
export async function insertOrder(ctx: Ctx, row: Omit<OrderRow, 'tenant_id'>): Promise<void> {
  await q(ctx).insertInto('sub_orders').values({ ...row, tenant_id: T(ctx) }).execute();
}
export async function updateOrder(ctx: Ctx, id: string, set: Partial<OrderRow>): Promise<void> {
  await q(ctx).updateTable('sub_orders').set(set).where('tenant_id', '=', T(ctx)).where('id', '=', id).execute();
}
export async function getOrder(ctx: Ctx, number: string): Promise<OrderRow | undefined> {
  return q(ctx).selectFrom('sub_orders').selectAll().where('tenant_id', '=', T(ctx)).where('order_number', '=', number).executeTakeFirst();
}
export async function getOrderById(ctx: Ctx, id: string): Promise<OrderRow | undefined> {
  return q(ctx).selectFrom('sub_orders').selectAll().where('tenant_id', '=', T(ctx)).where('id', '=', id).executeTakeFirst();
}
export async function deleteOrder(ctx: Ctx, id: string): Promise<void> {
  await q(ctx).deleteFrom('sub_order_actions').where('tenant_id', '=', T(ctx)).where('order_id', '=', id).execute();
  await q(ctx).deleteFrom('sub_orders').where('tenant_id', '=', T(ctx)).where('id', '=', id).execute();
}
export interface OrderFilter {
  /** Filter on the order date (default) or the last update. */
  dateField?: 'orderDate' | 'updatedDate';
  status?: string;
  dateFrom?: string;
  dateTo?: string;
  ids?: string[];
  accountId?: string;
}
export async function listOrders(ctx: Ctx, f: OrderFilter, limit: number, offset: number): Promise<OrderRow[]> {
  let s = q(ctx).selectFrom('sub_orders').selectAll().where('tenant_id', '=', T(ctx));
  if (f.status) s = s.where('status', '=', f.status);
  if (f.dateField === 'updatedDate') {
    // updated_date is a timestamp `YYYY-MM-DD hh:mm:ss`: compare on its date part by range.
    if (f.dateFrom) s = s.where('updated_date', '>=', f.dateFrom);
    if (f.dateTo) s = s.where('updated_date', '<', `${f.dateTo} 99`);
  } else {
    if (f.dateFrom) s = s.where('order_date', '>=', f.dateFrom);
    if (f.dateTo) s = s.where('order_date', '<=', f.dateTo);
  }
  if (f.accountId) s = s.where('account_id', '=', f.accountId);
  if (f.ids) {
    if (!f.ids.length) return [];
    s = s.where('id', 'in', f.ids);
  }
  return s.orderBy('created_date', 'desc').orderBy('order_number', 'desc').limit(limit).offset(offset).execute();
}
export async function ordersScheduledBy(ctx: Ctx, date: string): Promise<OrderRow[]> {
  return q(ctx).selectFrom('sub_orders').selectAll().where('tenant_id', '=', T(ctx)).where('status', '=', 'Scheduled').where('scheduled_date', '<=', date).orderBy('order_number').execute();
}

// ---- actions
export async function insertAction(ctx: Ctx, row: Omit<ActionRow, 'tenant_id'>): Promise<void> {
  await q(ctx).insertInto('sub_order_actions').values({ ...row, tenant_id: T(ctx) }).execute();
}
export async function actionsOf(ctx: Ctx, orderId: string): Promise<ActionRow[]> {
  return q(ctx).selectFrom('sub_order_actions').selectAll().where('tenant_id', '=', T(ctx)).where('order_id', '=', orderId).orderBy('sequence').execute();
}
export async function getAction(ctx: Ctx, id: string): Promise<ActionRow | undefined> {
  return q(ctx).selectFrom('sub_order_actions').selectAll().where('tenant_id', '=', T(ctx)).where('id', '=', id).executeTakeFirst();
}
export async function updateAction(ctx: Ctx, id: string, set: Partial<ActionRow>): Promise<void> {
  await q(ctx).updateTable('sub_order_actions').set(set).where('tenant_id', '=', T(ctx)).where('id', '=', id).execute();
}
export async function orderIdsBySubscription(ctx: Ctx, subscriptionNumber: string): Promise<string[]> {
  const rows = await q(ctx).selectFrom('sub_order_actions').select('order_id').distinct().where('tenant_id', '=', T(ctx)).where('subscription_number', '=', subscriptionNumber).execute();
  return rows.map((r) => r.order_id);
}

// ---- versions
export async function insertVersion(ctx: Ctx, doc: SubscriptionDoc, orderId: string | null, createdDate: string): Promise<void> {
  const db = q(ctx);
  await db.updateTable('sub_versions').set({ latest: 0 }).where('tenant_id', '=', T(ctx)).where('subscription_number', '=', doc.subscriptionNumber).execute();
  try {
    await insertVersionRow(ctx, doc, orderId, createdDate);
  } catch (e) {
    // Another request made this version first (the unique tenant/number/version index).
    if (/unique|duplicate/i.test(String((e as Error).message)) || (e as { code?: string }).code === '23505')
      throw lockContention(`Subscription ${doc.subscriptionNumber} was changed by another request at the same time; retry`);
    throw e;
  }
  for (const rp of doc.ratePlans) {
    await db
      .insertInto('sub_rate_plans')
      .values({ id: rp.id, tenant_id: T(ctx), version_id: doc.id, subscription_number: doc.subscriptionNumber, product_id: rp.productId, product_rate_plan_id: rp.productRatePlanId })
      .execute();
    for (const c of rp.charges)
      await db
        .insertInto('sub_charges')
        .values({ id: c.id, tenant_id: T(ctx), version_id: doc.id, rate_plan_id: rp.id, subscription_number: doc.subscriptionNumber, charge_number: c.number, product_rate_plan_charge_id: c.productRatePlanChargeId })
        .execute();
  }
}

async function insertVersionRow(ctx: Ctx, doc: SubscriptionDoc, orderId: string | null, createdDate: string): Promise<void> {
  await q(ctx)
    .insertInto('sub_versions')
    .values({
      id: doc.id,
      tenant_id: T(ctx),
      subscription_number: doc.subscriptionNumber,
      version: doc.version,
      latest: 1,
      account_id: doc.accountId,
      invoice_owner_account_id: doc.invoiceOwnerAccountId,
      status: doc.status,
      order_id: orderId,
      term_end_date: doc.termType === 'TERMED' ? doc.termEndDate : null,
      doc: JSON.stringify(doc),
      created_date: createdDate,
    })
    .execute();
}

/** Rewrites a version in place (status changes that are not amendments: expiry, trigger dates). */
export async function rewriteVersion(ctx: Ctx, doc: SubscriptionDoc): Promise<void> {
  await q(ctx)
    .updateTable('sub_versions')
    .set({ status: doc.status, doc: JSON.stringify(doc), account_id: doc.accountId, invoice_owner_account_id: doc.invoiceOwnerAccountId, term_end_date: doc.termType === 'TERMED' ? doc.termEndDate : null })
    .where('tenant_id', '=', T(ctx))
    .where('id', '=', doc.id)
    .execute();
}

export async function deleteVersion(ctx: Ctx, id: string): Promise<void> {
  const db = q(ctx);
  await db.deleteFrom('sub_charges').where('tenant_id', '=', T(ctx)).where('version_id', '=', id).execute();
  await db.deleteFrom('sub_rate_plans').where('tenant_id', '=', T(ctx)).where('version_id', '=', id).execute();
  await db.deleteFrom('sub_versions').where('tenant_id', '=', T(ctx)).where('id', '=', id).execute();
}

export async function markLatest(ctx: Ctx, subscriptionNumber: string): Promise<void> {
  const db = q(ctx);
  const top = await db.selectFrom('sub_versions').select(['id']).where('tenant_id', '=', T(ctx)).where('subscription_number', '=', subscriptionNumber).orderBy('version', 'desc').limit(1).executeTakeFirst();
  if (top) await db.updateTable('sub_versions').set({ latest: 1 }).where('tenant_id', '=', T(ctx)).where('id', '=', top.id).execute();
}

export async function latestByNumber(ctx: Ctx, number: string): Promise<VersionRow | undefined> {
  return q(ctx).selectFrom('sub_versions').selectAll().where('tenant_id', '=', T(ctx)).where('subscription_number', '=', number).where('latest', '=', 1).executeTakeFirst();
}
export async function versionById(ctx: Ctx, id: string): Promise<VersionRow | undefined> {
  return q(ctx).selectFrom('sub_versions').selectAll().where('tenant_id', '=', T(ctx)).where('id', '=', id).executeTakeFirst();
}
export async function versionByNumber(ctx: Ctx, number: string, version: number): Promise<VersionRow | undefined> {
  return q(ctx).selectFrom('sub_versions').selectAll().where('tenant_id', '=', T(ctx)).where('subscription_number', '=', number).where('version', '=', version).executeTakeFirst();
}
export async function versionsOfOrder(ctx: Ctx, orderId: string): Promise<VersionRow[]> {
  return q(ctx).selectFrom('sub_versions').selectAll().where('tenant_id', '=', T(ctx)).where('order_id', '=', orderId).execute();
}
export async function latestByAccount(ctx: Ctx, accountId: string, limit = 1000, offset = 0): Promise<VersionRow[]> {
  return q(ctx)
    .selectFrom('sub_versions')
    .selectAll()
    .where('tenant_id', '=', T(ctx))
    .where('latest', '=', 1)
    .where((eb) => eb.or([eb('account_id', '=', accountId), eb('invoice_owner_account_id', '=', accountId)]))
    .orderBy('created_date', 'desc')
    .orderBy('subscription_number', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}
export async function dueForTermEnd(ctx: Ctx, date: string): Promise<VersionRow[]> {
  return q(ctx)
    .selectFrom('sub_versions')
    .selectAll()
    .where('tenant_id', '=', T(ctx))
    .where('latest', '=', 1)
    .where('status', '=', 'Active')
    .where('term_end_date', '<=', date)
    .orderBy('subscription_number')
    .execute();
}
export async function ratePlanRow(ctx: Ctx, id: string) {
  return q(ctx).selectFrom('sub_rate_plans').selectAll().where('tenant_id', '=', T(ctx)).where('id', '=', id).executeTakeFirst();
}
/** Subscription numbers whose latest version uses a product, product rate plan or product rate plan charge. */
export async function subscriptionsUsing(ctx: Ctx, kind: 'product' | 'ratePlan' | 'charge', id: string): Promise<string[]> {
  const db = q(ctx);
  if (kind === 'charge') {
    const rows = await db.selectFrom('sub_charges').select('subscription_number').distinct().where('tenant_id', '=', T(ctx)).where('product_rate_plan_charge_id', '=', id).limit(5).execute();
    return rows.map((r) => r.subscription_number);
  }
  const col = kind === 'product' ? 'product_id' : 'product_rate_plan_id';
  const rows = await db.selectFrom('sub_rate_plans').select('subscription_number').distinct().where('tenant_id', '=', T(ctx)).where(col, '=', id).limit(5).execute();
  return rows.map((r) => r.subscription_number);
}

// ---- jobs
export async function insertJob(ctx: Ctx, row: Omit<JobRow, 'tenant_id'>): Promise<void> {
  await q(ctx).insertInto('sub_jobs').values({ ...row, tenant_id: T(ctx) }).execute();
}
export async function getJob(ctx: Ctx, id: string): Promise<JobRow | undefined> {
  return q(ctx).selectFrom('sub_jobs').selectAll().where('tenant_id', '=', T(ctx)).where('id', '=', id).executeTakeFirst();
}

export async function orderIdsByOwner(ctx: Ctx, accountId: string, role: 'owner' | 'invoiceOwner'): Promise<string[]> {
  const col = role === 'owner' ? 'account_id' : 'invoice_owner_account_id';
  const rows = await q(ctx).selectFrom('sub_versions').select('order_id').distinct().where('tenant_id', '=', T(ctx)).where(col, '=', accountId).execute();
  const fromOrders = role === 'owner' ? await q(ctx).selectFrom('sub_orders').select('id').where('tenant_id', '=', T(ctx)).where('account_id', '=', accountId).execute() : [];
  return [...new Set([...rows.map((r) => r.order_id).filter((x): x is string => !!x), ...fromOrders.map((r) => r.id)])];
}
export async function versionsOf(ctx: Ctx, number: string): Promise<VersionRow[]> {
  return q(ctx).selectFrom('sub_versions').selectAll().where('tenant_id', '=', T(ctx)).where('subscription_number', '=', number).orderBy('version').execute();
}
export async function deleteActionsOfSubscription(ctx: Ctx, number: string): Promise<string[]> {
  const rows = await q(ctx).selectFrom('sub_order_actions').select('order_id').distinct().where('tenant_id', '=', T(ctx)).where('subscription_number', '=', number).execute();
  await q(ctx).deleteFrom('sub_order_actions').where('tenant_id', '=', T(ctx)).where('subscription_number', '=', number).execute();
  return rows.map((r) => r.order_id);
}
export async function countActions(ctx: Ctx, orderId: string): Promise<number> {
  const r = await q(ctx).selectFrom('sub_order_actions').select((eb) => eb.fn.countAll().as('n')).where('tenant_id', '=', T(ctx)).where('order_id', '=', orderId).executeTakeFirstOrThrow();
  return Number(r.n);
}
export async function latestVersions(ctx: Ctx, numbers: string[]): Promise<VersionRow[]> {
  if (!numbers.length) return [];
  return q(ctx).selectFrom('sub_versions').selectAll().where('tenant_id', '=', T(ctx)).where('latest', '=', 1).where('subscription_number', 'in', numbers).execute();
}
export async function updateJob(ctx: Ctx, id: string, set: Partial<JobRow>): Promise<void> {
  await q(ctx).updateTable('sub_jobs').set(set).where('tenant_id', '=', T(ctx)).where('id', '=', id).execute();
}

/** The number and version of every subscription version of the tenant, at most `limit` (the query model reads each through the reader). */
export async function versionKeys(ctx: Ctx, limit: number): Promise<Array<{ subscription_number: string; version: number }>> {
  return q(ctx).selectFrom('sub_versions').select(['subscription_number', 'version']).where('tenant_id', '=', T(ctx)).orderBy('id').limit(limit).execute();
}
