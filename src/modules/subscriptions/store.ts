/** SQL for orders, actions, subscription versions and jobs: the only file that knows these tables. */
import { applyCustomFieldDefinitions } from './custom-fields.js';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { prepared } from '../../platform/db/prepared.js';
import { lockContention } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { SubscriptionDoc } from './model.js';
import { nextStatusHistory, type StatusPeriod } from './status-history.js';
import { composeVersion, diffParts, parseVersionedId, splitVersion, type IdOverrides, type Part, type PartKind, type SplitVersion } from './version-parts.js';

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

/** A version's row: its header (`doc`: the document without rate plans), id overrides and status history (version-parts.ts). */
interface VersionDbRow {
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
  /** 1: `doc` is the whole document (before migration 0401); 2: header and parts. */
  layout: number;
  ids: string | null;
  status_history: string | null;
}

/** A version as the module reads it: the row's columns and the whole document. */
export interface VersionRow extends Omit<VersionDbRow, 'doc' | 'ids' | 'status_history' | 'layout'> {
  doc: SubscriptionDoc;
}

/** One rate plan, charge or segment with the range of versions holding it. */
interface PartRow {
  id: string;
  tenant_id: string;
  subscription_number: string;
  kind: PartKind;
  part_key: string;
  parent_key: string | null;
  pos: number;
  from_version: number;
  to_version: number | null;
  body: string;
  product_id: string | null;
  product_rate_plan_id: string | null;
  product_rate_plan_charge_id: string | null;
  id_stem: string | null;
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
  sub_versions: VersionDbRow;
  sub_parts: PartRow;
  sub_plan_ids: { tenant_id: string; plan_id: string; subscription_number: string; version: number };
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
// A version is its `sub_versions` row (the header) and the `sub_parts` rows whose range of versions
// holds it (version-parts.ts): reading one costs its own parts, whatever its number.

type StoredPartRow = Pick<PartRow, 'id' | 'subscription_number' | 'from_version' | 'to_version'> & { kind: PartKind; key: string; parent: string | null; pos: number; body: string };
const PART_COLUMNS = ['id', 'subscription_number', 'kind', 'part_key as key', 'parent_key as parent', 'pos', 'from_version', 'to_version', 'body'] as const;
const holds = (p: { from_version: number; to_version: number | null }, v: number) => p.from_version <= v && (p.to_version === null || p.to_version >= v);

function partsQuery(ctx: Ctx) {
  return q(ctx).selectFrom('sub_parts').select(PART_COLUMNS).where('tenant_id', '=', T(ctx));
}
/** The parts of the latest version (open: no end). */
async function openParts(ctx: Ctx, number: string): Promise<StoredPartRow[]> {
  return (await partsQuery(ctx).where('subscription_number', '=', number).where('to_version', 'is', null).execute()) as StoredPartRow[];
}
/** The parts holding one version. */
async function partsOf(ctx: Ctx, number: string, version: number): Promise<StoredPartRow[]> {
  return (await partsQuery(ctx)
    .where('subscription_number', '=', number)
    .where('from_version', '<=', version)
    .where((eb) => eb.or([eb('to_version', 'is', null), eb('to_version', '>=', version)]))
    .execute()) as StoredPartRow[];
}

function checkLayout(r: VersionDbRow): void {
  if (Number(r.layout) !== 2) throw new Error(`subscription ${r.subscription_number} version ${r.version} is stored whole (migration 0401 converts it)`);
}
function toVersionRow(r: VersionDbRow, parts: readonly StoredPartRow[]): VersionRow {
  const { doc, ids, status_history: _h, layout: _l, ...meta } = r;
  return { ...meta, doc: composeVersion(doc, ids ? (JSON.parse(ids) as IdOverrides) : null, parts) };
}

/** Composes the documents of version rows: one parts query per 500 subscriptions (one in all for a single version). */
async function withDocs(ctx: Ctx, rows: VersionDbRow[]): Promise<VersionRow[]> {
  if (!rows.length) return [];
  rows.forEach(checkLayout);
  if (rows.length === 1) {
    const r = rows[0]!;
    return [toVersionRow(r, r.latest === 1 ? await openParts(ctx, r.subscription_number) : await partsOf(ctx, r.subscription_number, r.version))];
  }
  const numbers = [...new Set(rows.map((r) => r.subscription_number))];
  const allLatest = rows.every((r) => r.latest === 1);
  const versions = rows.map((r) => r.version);
  const minV = Math.min(...versions);
  const maxV = Math.max(...versions);
  const byNumber = new Map<string, StoredPartRow[]>();
  for (let i = 0; i < numbers.length; i += 500) {
    let sel = partsQuery(ctx).where('subscription_number', 'in', numbers.slice(i, i + 500));
    sel = allLatest
      ? sel.where('to_version', 'is', null)
      : sel.where('from_version', '<=', maxV).where((eb) => eb.or([eb('to_version', 'is', null), eb('to_version', '>=', minV)]));
    for (const p of (await sel.execute()) as StoredPartRow[]) {
      const list = byNumber.get(p.subscription_number);
      if (list) list.push(p);
      else byNumber.set(p.subscription_number, [p]);
    }
  }
  return rows.map((r) => {
    const all = byNumber.get(r.subscription_number) ?? [];
    return toVersionRow(r, r.latest === 1 ? all.filter((p) => p.to_version === null) : all.filter((p) => holds(p, r.version)));
  });
}

async function withDoc(ctx: Ctx, row: VersionDbRow | undefined): Promise<VersionRow | undefined> {
  return row ? (await withDocs(ctx, [row]))[0] : undefined;
}

async function insertParts(ctx: Ctx, number: string, parts: ReadonlyArray<{ p: Part | StoredPartRow; from: number; to: number | null; extra?: Partial<PartRow> }>): Promise<void> {
  const rows: PartRow[] = parts.map(({ p, from, to, extra }) => ({
    id: newId(),
    tenant_id: T(ctx),
    subscription_number: number,
    kind: p.kind,
    part_key: p.key,
    parent_key: p.parent,
    pos: p.pos,
    from_version: from,
    to_version: to,
    body: p.body,
    product_id: 'productId' in p ? p.productId : null,
    product_rate_plan_id: 'productRatePlanId' in p ? p.productRatePlanId : null,
    product_rate_plan_charge_id: 'productRatePlanChargeId' in p ? p.productRatePlanChargeId : null,
    id_stem: 'idStem' in p ? p.idStem : null,
    ...extra,
  }));
  for (let i = 0; i < rows.length; i += 200) await q(ctx).insertInto('sub_parts').values(rows.slice(i, i + 200)).execute();
}

async function setPlanIds(ctx: Ctx, number: string, version: number, split: SplitVersion, replace: boolean): Promise<void> {
  if (replace) await q(ctx).deleteFrom('sub_plan_ids').where('tenant_id', '=', T(ctx)).where('subscription_number', '=', number).where('version', '=', version).execute();
  if (split.explicitPlanIds.length)
    await q(ctx)
      .insertInto('sub_plan_ids')
      .values(split.explicitPlanIds.map((id) => ({ tenant_id: T(ctx), plan_id: id, subscription_number: number, version })))
      .execute();
}

const headerColumns = (doc: SubscriptionDoc, split: SplitVersion) => ({
  account_id: doc.accountId,
  invoice_owner_account_id: doc.invoiceOwnerAccountId,
  status: doc.status,
  term_end_date: doc.termType === 'TERMED' ? doc.termEndDate : null,
  doc: split.header,
  ids: split.ids ? JSON.stringify(split.ids) : null,
});
const parseHistory = (s: string | null | undefined): StatusPeriod[] => (s ? (JSON.parse(s) as StatusPeriod[]) : []);

/**
 * Stores a new latest version: its header row, and the parts that changed since the latest one (the
 * parts it no longer holds as they were end at the version before).
 */
export async function insertVersion(ctx: Ctx, doc: SubscriptionDoc, orderId: string | null, createdDate: string): Promise<void> {
  await applyCustomFieldDefinitions(ctx, doc); // the tenant's custom field definitions (custom-fields.ts)
  const db = q(ctx);
  const number = doc.subscriptionNumber;
  const prev = await db.selectFrom('sub_versions').select(['id', 'version', 'status_history']).where('tenant_id', '=', T(ctx)).where('subscription_number', '=', number).where('latest', '=', 1).executeTakeFirst();
  if (prev) await db.updateTable('sub_versions').set({ latest: 0 }).where('tenant_id', '=', T(ctx)).where('id', '=', prev.id).execute();
  const split = splitVersion(doc);
  try {
    await db
      .insertInto('sub_versions')
      .values({
        id: doc.id,
        tenant_id: T(ctx),
        subscription_number: number,
        version: doc.version,
        latest: 1,
        order_id: orderId,
        created_date: createdDate,
        layout: 2,
        status_history: JSON.stringify(nextStatusHistory(parseHistory(prev?.status_history), doc)),
        ...headerColumns(doc, split),
      })
      .execute();
  } catch (e) {
    // Another request made this version first (the unique tenant/number/version index).
    if (/unique|duplicate/i.test(String((e as Error).message)) || (e as { code?: string }).code === '23505')
      throw lockContention(`Subscription ${number} was changed by another request at the same time; retry`);
    throw e;
  }
  const open = prev ? await openParts(ctx, number) : [];
  const { close, add } = diffParts(open, split.parts);
  for (let i = 0; i < close.length; i += 500)
    await db
      .updateTable('sub_parts')
      .set({ to_version: prev!.version })
      .where('tenant_id', '=', T(ctx))
      .where('id', 'in', close.slice(i, i + 500).map((r) => r.id))
      .execute();
  await insertParts(ctx, number, add.map((p) => ({ p, from: doc.version, to: null })));
  await setPlanIds(ctx, number, doc.version, split, false);
}

/**
 * Rewrites a version in place (status changes that are not amendments: expiry, trigger dates, custom
 * fields): the parts it changes are split at it, so the versions around it read as before. When its
 * status history changes, the later versions' histories follow.
 */
export async function rewriteVersion(ctx: Ctx, doc: SubscriptionDoc): Promise<void> {
  await applyCustomFieldDefinitions(ctx, doc); // the tenant's custom field definitions (custom-fields.ts)
  const db = q(ctx);
  const row = await db.selectFrom('sub_versions').select(['id', 'subscription_number', 'version', 'latest', 'status_history']).where('tenant_id', '=', T(ctx)).where('id', '=', doc.id).executeTakeFirst();
  if (!row) return;
  const number = row.subscription_number;
  const x = row.version;
  const latest = row.latest === 1;
  const split = splitVersion(doc);
  const { close, add } = diffParts(await partsOf(ctx, number, x), split.parts);
  const shorten = close.filter((r) => r.from_version < x).map((r) => r.id);
  const drop = close.filter((r) => r.from_version >= x).map((r) => r.id);
  if (shorten.length) await db.updateTable('sub_parts').set({ to_version: x - 1 }).where('tenant_id', '=', T(ctx)).where('id', 'in', shorten).execute();
  if (drop.length) await db.deleteFrom('sub_parts').where('tenant_id', '=', T(ctx)).where('id', 'in', drop).execute();
  // What a changed part held after this version stays for the versions after it.
  const after = close.filter((r) => (r.to_version === null ? !latest : r.to_version > x));
  if (after.length) {
    const full = await db.selectFrom('sub_parts').selectAll().where('tenant_id', '=', T(ctx)).where('id', 'in', after.map((r) => r.id)).execute();
    const keep = new Map(full.map((f) => [f.id, f]));
    await insertParts(
      ctx,
      number,
      after.map((r) => {
        const f = keep.get(r.id);
        return { p: r, from: x + 1, to: r.to_version, extra: f ? { product_id: f.product_id, product_rate_plan_id: f.product_rate_plan_id, product_rate_plan_charge_id: f.product_rate_plan_charge_id, id_stem: f.id_stem } : {} };
      }),
    );
  }
  await insertParts(ctx, number, add.map((p) => ({ p, from: x, to: latest ? null : x })));
  const before = x > 1 ? await db.selectFrom('sub_versions').select('status_history').where('tenant_id', '=', T(ctx)).where('subscription_number', '=', number).where('version', '<', x).orderBy('version', 'desc').limit(1).executeTakeFirst() : undefined;
  const history = nextStatusHistory(parseHistory(before?.status_history), doc);
  const historyJson = JSON.stringify(history);
  await db
    .updateTable('sub_versions')
    .set({ ...headerColumns(doc, split), status_history: historyJson })
    .where('tenant_id', '=', T(ctx))
    .where('id', '=', row.id)
    .execute();
  await setPlanIds(ctx, number, x, split, true);
  if (!latest && historyJson !== row.status_history) {
    let h = history;
    const later = await db.selectFrom('sub_versions').select(['id', 'doc']).where('tenant_id', '=', T(ctx)).where('subscription_number', '=', number).where('version', '>', x).orderBy('version').execute();
    for (const l of later) {
      h = nextStatusHistory(h, JSON.parse(l.doc) as SubscriptionDoc);
      await db.updateTable('sub_versions').set({ status_history: JSON.stringify(h) }).where('tenant_id', '=', T(ctx)).where('id', '=', l.id).execute();
    }
  }
}

/**
 * Deletes a version (an order's deletion removes the latest ones): its own parts go, and the parts of the
 * version before that it had replaced hold the latest version again.
 */
export async function deleteVersion(ctx: Ctx, id: string): Promise<void> {
  const db = q(ctx);
  const row = await db.selectFrom('sub_versions').select(['subscription_number', 'version', 'latest']).where('tenant_id', '=', T(ctx)).where('id', '=', id).executeTakeFirst();
  if (!row) return;
  const number = row.subscription_number;
  const v = row.version;
  const parts = () => db.deleteFrom('sub_parts').where('tenant_id', '=', T(ctx)).where('subscription_number', '=', number);
  const update = () => db.updateTable('sub_parts').where('tenant_id', '=', T(ctx)).where('subscription_number', '=', number);
  if (row.latest === 1) {
    await parts().where('from_version', '=', v).execute();
    const prev = await db.selectFrom('sub_versions').select('version').where('tenant_id', '=', T(ctx)).where('subscription_number', '=', number).where('version', '<', v).orderBy('version', 'desc').limit(1).executeTakeFirst();
    if (prev) await update().set({ to_version: null }).where('to_version', '=', prev.version).execute();
  } else {
    await parts().where('from_version', '=', v).where('to_version', '=', v).execute();
    await update().set({ from_version: v + 1 }).where('from_version', '=', v).execute();
    await update().set({ to_version: v - 1 }).where('to_version', '=', v).execute();
  }
  await db.deleteFrom('sub_plan_ids').where('tenant_id', '=', T(ctx)).where('subscription_number', '=', number).where('version', '=', v).execute();
  await db.deleteFrom('sub_versions').where('tenant_id', '=', T(ctx)).where('id', '=', id).execute();
}

/** Deletes every version of a subscription. */
export async function deleteAllVersions(ctx: Ctx, number: string): Promise<void> {
  const db = q(ctx);
  await db.deleteFrom('sub_parts').where('tenant_id', '=', T(ctx)).where('subscription_number', '=', number).execute();
  await db.deleteFrom('sub_plan_ids').where('tenant_id', '=', T(ctx)).where('subscription_number', '=', number).execute();
  await db.deleteFrom('sub_versions').where('tenant_id', '=', T(ctx)).where('subscription_number', '=', number).execute();
}

export async function markLatest(ctx: Ctx, subscriptionNumber: string): Promise<void> {
  const db = q(ctx);
  const top = await db.selectFrom('sub_versions').select(['id']).where('tenant_id', '=', T(ctx)).where('subscription_number', '=', subscriptionNumber).orderBy('version', 'desc').limit(1).executeTakeFirst();
  if (top) await db.updateTable('sub_versions').set({ latest: 1 }).where('tenant_id', '=', T(ctx)).where('id', '=', top.id).execute();
}

const versions = (ctx: Ctx) => q(ctx).selectFrom('sub_versions').selectAll().where('tenant_id', '=', T(ctx));

export async function latestByNumber(ctx: Ctx, number: string): Promise<VersionRow | undefined> {
  return withDoc(ctx, await versions(ctx).where('subscription_number', '=', number).where('latest', '=', 1).executeTakeFirst());
}
/** The latest version's number, without reading the version. */
export async function latestVersionNumber(ctx: Ctx, number: string): Promise<number | undefined> {
  const r = await q(ctx).selectFrom('sub_versions').select('version').where('tenant_id', '=', T(ctx)).where('subscription_number', '=', number).where('latest', '=', 1).executeTakeFirst();
  return r?.version;
}
export async function versionById(ctx: Ctx, id: string): Promise<VersionRow | undefined> {
  return withDoc(ctx, await versions(ctx).where('id', '=', id).executeTakeFirst());
}
export async function versionByNumber(ctx: Ctx, number: string, version: number): Promise<VersionRow | undefined> {
  return withDoc(ctx, await versions(ctx).where('subscription_number', '=', number).where('version', '=', version).executeTakeFirst());
}
/** The status history up to a version (stored with it). */
export async function statusHistoryOf(ctx: Ctx, number: string, version: number): Promise<StatusPeriod[] | undefined> {
  const r = await q(ctx).selectFrom('sub_versions').select('status_history').where('tenant_id', '=', T(ctx)).where('subscription_number', '=', number).where('version', '=', version).executeTakeFirst();
  return r?.status_history ? parseHistory(r.status_history) : undefined;
}
export async function versionsOfOrder(ctx: Ctx, orderId: string): Promise<VersionRow[]> {
  return withDocs(ctx, await versions(ctx).where('order_id', '=', orderId).execute());
}
// compiled once: a bill run reads it for every account
const latestByAccountQuery = prepared<VersionDbRow>((db, p) =>
  (db as unknown as Kysely<Tables>)
    .selectFrom('sub_versions')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('tenant_id', '=', p(0)), eb('account_id', '=', p(1)), eb('latest', '=', 1)]),
        eb.and([eb('tenant_id', '=', p(0)), eb('invoice_owner_account_id', '=', p(1)), eb('latest', '=', 1)]),
      ]),
    )
    .orderBy('created_date', 'desc')
    .orderBy('subscription_number', 'desc')
    .limit(p(2) as unknown as number)
    .offset(p(3) as unknown as number),
);
/**
 * The latest versions an account owns or is the invoice owner of. Each branch of the OR names its whole
 * index (tenant, account, latest): with the tenant outside the OR, SQLite (no statistics) walked the
 * tenant's versions by the tenant prefix instead of reading the two indexes (migration 0403).
 */
export async function latestByAccount(ctx: Ctx, accountId: string, limit = 1000, offset = 0): Promise<VersionRow[]> {
  return withDocs(ctx, await latestByAccountQuery(ctx.db, [T(ctx), accountId, limit, offset]));
}
export async function dueForTermEnd(ctx: Ctx, date: string): Promise<VersionRow[]> {
  return withDocs(ctx, await versions(ctx).where('latest', '=', 1).where('status', '=', 'Active').where('term_end_date', '<=', date).orderBy('subscription_number').execute());
}
export async function versionsOf(ctx: Ctx, number: string): Promise<VersionRow[]> {
  return withDocs(ctx, await versions(ctx).where('subscription_number', '=', number).orderBy('version').execute());
}
export async function latestVersions(ctx: Ctx, numbers: string[]): Promise<VersionRow[]> {
  if (!numbers.length) return [];
  return withDocs(ctx, await versions(ctx).where('latest', '=', 1).where('subscription_number', 'in', numbers).execute());
}

/**
 * The version holding a rate plan id: an explicit id is listed in `sub_plan_ids`; a derived one names the
 * plan's stem and the version (version-parts.ts `versionedId`).
 */
export async function versionOfRatePlan(ctx: Ctx, id: string): Promise<VersionRow | undefined> {
  const has = (v: VersionRow | undefined) => (v && v.doc.ratePlans.some((r) => r.id === id) ? v : undefined);
  const listed = await q(ctx).selectFrom('sub_plan_ids').select(['subscription_number', 'version']).where('tenant_id', '=', T(ctx)).where('plan_id', '=', id).execute();
  for (const l of listed) {
    const v = has(await versionByNumber(ctx, l.subscription_number, l.version));
    if (v) return v;
  }
  const d = parseVersionedId(id);
  if (!d) return undefined;
  const candidates = await q(ctx)
    .selectFrom('sub_parts')
    .select('subscription_number')
    .distinct()
    .where('tenant_id', '=', T(ctx))
    .where('id_stem', '=', d.stem)
    .where('from_version', '<=', d.version)
    .where((eb) => eb.or([eb('to_version', 'is', null), eb('to_version', '>=', d.version)]))
    .execute();
  for (const c of candidates) {
    const v = has(await versionByNumber(ctx, c.subscription_number, d.version));
    if (v) return v;
  }
  return undefined;
}

/** Subscription numbers whose versions use a product, product rate plan or product rate plan charge. */
export async function subscriptionsUsing(ctx: Ctx, kind: 'product' | 'ratePlan' | 'charge', id: string): Promise<string[]> {
  const col = kind === 'product' ? 'product_id' : kind === 'ratePlan' ? 'product_rate_plan_id' : 'product_rate_plan_charge_id';
  const rows = await q(ctx).selectFrom('sub_parts').select('subscription_number').distinct().where('tenant_id', '=', T(ctx)).where(col, '=', id).limit(5).execute();
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
export async function deleteActionsOfSubscription(ctx: Ctx, number: string): Promise<string[]> {
  const rows = await q(ctx).selectFrom('sub_order_actions').select('order_id').distinct().where('tenant_id', '=', T(ctx)).where('subscription_number', '=', number).execute();
  await q(ctx).deleteFrom('sub_order_actions').where('tenant_id', '=', T(ctx)).where('subscription_number', '=', number).execute();
  return rows.map((r) => r.order_id);
}
export async function countActions(ctx: Ctx, orderId: string): Promise<number> {
  const r = await q(ctx).selectFrom('sub_order_actions').select((eb) => eb.fn.countAll().as('n')).where('tenant_id', '=', T(ctx)).where('order_id', '=', orderId).executeTakeFirstOrThrow();
  return Number(r.n);
}
export async function updateJob(ctx: Ctx, id: string, set: Partial<JobRow>): Promise<void> {
  await q(ctx).updateTable('sub_jobs').set(set).where('tenant_id', '=', T(ctx)).where('id', '=', id).execute();
}

/** The number and version of every subscription version of the tenant, at most `limit` (the query model reads each through the reader). */
export async function versionKeys(ctx: Ctx, limit: number): Promise<Array<{ subscription_number: string; version: number }>> {
  return q(ctx).selectFrom('sub_versions').select(['subscription_number', 'version']).where('tenant_id', '=', T(ctx)).orderBy('id').limit(limit).execute();
}
