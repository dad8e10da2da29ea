/** SQL of the payments module: payments, their parts and item parts, refunds. */
import { PostgresAdapter, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { isZuoraId } from '../../platform/ids.js';

export interface PaymentRow {
  id: string;
  tenant_id: string;
  seq: number;
  number: string;
  account_id: string | null;
  type: string;
  status: string;
  amount: string;
  applied_amount: string;
  refund_amount: string;
  currency: string;
  effective_date: string;
  comment: string | null;
  payment_method_id: string | null;
  /** The snapshot of the payment method taken when the payment went to the gateway (electronic payments). */
  payment_method_snapshot_id?: string | null;
  payment_method_type: string | null;
  gateway_id: string | null;
  gateway_order_id: string | null;
  gateway_response: string | null;
  gateway_response_code: string | null;
  gateway_state: string;
  gateway_reconciliation_status: string | null;
  gateway_reconciliation_reason: string | null;
  auth_transaction_id: string | null;
  reference_id: string | null;
  second_reference_id: string | null;
  soft_descriptor: string | null;
  soft_descriptor_phone: string | null;
  submitted_on: string | null;
  settled_on: string | null;
  cancelled_on: string | null;
  finance: string;
  payment_option: string | null;
  custom_fields: string;
  deleted: number;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}

export interface PartRow {
  id: string;
  tenant_id: string;
  payment_id: string;
  seq: number;
  document_kind: 'invoice' | 'debitMemo';
  document_id: string;
  document_number: string;
  amount: string;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}

export interface ItemPartRow {
  id: string;
  tenant_id: string;
  part_id: string;
  payment_id: string;
  seq: number;
  item_id: string | null;
  tax_item_id: string | null;
  amount: string;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}

export interface RefundRow {
  id: string;
  tenant_id: string;
  seq: number;
  number: string;
  payment_id: string;
  part_id: string;
  item_part_id: string;
  account_id: string | null;
  type: string;
  method_type: string | null;
  status: string;
  amount: string;
  refund_date: string;
  reason_code: string | null;
  comment: string | null;
  reference_id: string | null;
  second_reference_id: string | null;
  payment_method_id: string | null;
  /** The snapshot of the payment method taken when the refund went to the gateway (electronic refunds). */
  payment_method_snapshot_id?: string | null;
  gateway_id: string | null;
  gateway_response: string | null;
  gateway_response_code: string | null;
  gateway_state: string;
  gateway_reconciliation_status: string | null;
  gateway_reconciliation_reason: string | null;
  refund_transaction_type: string | null;
  soft_descriptor: string | null;
  soft_descriptor_phone: string | null;
  submitted_on: string | null;
  settled_on: string | null;
  cancelled_on: string | null;
  transaction_at: string | null;
  finance: string;
  custom_fields: string;
  deleted: number;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}

interface Tables {
  payments: PaymentRow;
  payment_parts: PartRow;
  payment_item_parts: ItemPartRow;
  refunds: RefundRow;
}

const q = (ctx: Ctx) => ctx.db as unknown as Kysely<Tables>;

/** True on PostgreSQL (row locks); SQLite serializes writers, so a plain read is the lock there. */
function isPostgres(ctx: Ctx): boolean {
  return ctx.db.getExecutor().adapter instanceof PostgresAdapter;
}

const num = <T extends { seq: number; deleted?: number }>(r: T | undefined): T | undefined => {
  if (!r) return r;
  r.seq = Number(r.seq);
  if (r.deleted !== undefined) r.deleted = Number(r.deleted);
  return r;
};

// ---------------------------------------------------------------- payments

export async function insertPayment(ctx: Ctx, row: PaymentRow): Promise<void> {
  await q(ctx).insertInto('payments').values(row).execute();
}

/** A live payment by id or number; `lock` takes its row FOR UPDATE on PostgreSQL. */
export async function findPayment(ctx: Ctx, key: string, lock = false): Promise<PaymentRow | undefined> {
  return findLive<PaymentRow>(ctx, 'payments', key, lock);
}

/** A live (not deleted) row of payments or refunds by id, else by number; at most one statement for a number. */
async function findLive<T extends { seq: number; deleted?: number }>(ctx: Ctx, table: 'payments' | 'refunds', key: string, lock: boolean): Promise<T | undefined> {
  if (key.length > 60) return undefined;
  const pg = lock && isPostgres(ctx);
  const base = () => {
    const s = q(ctx).selectFrom(table as 'payments').selectAll().where('tenant_id', '=', ctx.tenant.id).where('deleted', '=', 0);
    return pg ? s.forUpdate() : s;
  };
  if (isZuoraId(key)) {
    const byId = await base().where('id', '=', key).executeTakeFirst();
    if (byId) return num(byId as unknown as T);
  }
  return num((await base().where('number', '=', key).executeTakeFirst()) as unknown as T | undefined);
}

export async function updatePayment(ctx: Ctx, id: string, patch: Partial<PaymentRow>): Promise<void> {
  await q(ctx).updateTable('payments').set(patch).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

export type Filter = { column: string; value: string | null };

function applyFilters<O>(s: SelectQueryBuilder<Tables, keyof Tables, O>, filters: Filter[]): SelectQueryBuilder<Tables, keyof Tables, O> {
  let out = s;
  for (const f of filters) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const col = f.column as any;
    out = f.value === null ? out.where(col, 'is', null) : out.where(col, '=', f.value);
  }
  return out;
}

/** Live payments, filtered by exact column values, in the given order (creation order last). */
export async function listPayments(ctx: Ctx, o: { filters: Filter[]; sort: Array<{ column: string; desc: boolean }>; limit: number; offset: number }): Promise<PaymentRow[]> {
  let s = q(ctx).selectFrom('payments').selectAll().where('tenant_id', '=', ctx.tenant.id).where('deleted', '=', 0);
  s = applyFilters(s as never, o.filters) as never;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  for (const x of o.sort) s = s.orderBy(x.column as any, x.desc ? 'desc' : 'asc');
  const rows = await s.orderBy('seq', 'desc').limit(o.limit).offset(o.offset).execute();
  return rows.map((r) => num(r)!);
}

/** The Processed payments of an account (their unapplied amounts make the account's unapplied payment amount). */
export async function processedPaymentsOfAccount(ctx: Ctx, accountId: string): Promise<PaymentRow[]> {
  return q(ctx)
    .selectFrom('payments')
    .selectAll()
    .where('tenant_id', '=', ctx.tenant.id)
    .where('account_id', '=', accountId)
    .where('status', '=', 'Processed')
    .where('deleted', '=', 0)
    .orderBy('effective_date', 'desc')
    .orderBy('seq', 'desc')
    .execute();
}

// ---------------------------------------------------------------- parts

export async function partsOfPayment(ctx: Ctx, paymentId: string): Promise<PartRow[]> {
  const rows = await q(ctx).selectFrom('payment_parts').selectAll().where('tenant_id', '=', ctx.tenant.id).where('payment_id', '=', paymentId).orderBy('seq').execute();
  return rows.map((r) => num(r)!);
}

export async function insertPart(ctx: Ctx, row: PartRow): Promise<void> {
  await q(ctx).insertInto('payment_parts').values(row).execute();
}

export async function updatePart(ctx: Ctx, id: string, patch: Partial<PartRow>): Promise<void> {
  await q(ctx).updateTable('payment_parts').set(patch).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

export async function itemPartsOfPart(ctx: Ctx, partId: string): Promise<ItemPartRow[]> {
  const rows = await q(ctx).selectFrom('payment_item_parts').selectAll().where('tenant_id', '=', ctx.tenant.id).where('part_id', '=', partId).orderBy('seq').execute();
  return rows.map((r) => num(r)!);
}

export async function insertItemPart(ctx: Ctx, row: ItemPartRow): Promise<void> {
  await q(ctx).insertInto('payment_item_parts').values(row).execute();
}

export async function updateItemPart(ctx: Ctx, id: string, patch: Partial<ItemPartRow>): Promise<void> {
  await q(ctx).updateTable('payment_item_parts').set(patch).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

// ---------------------------------------------------------------- refunds

export async function insertRefund(ctx: Ctx, row: RefundRow): Promise<void> {
  await q(ctx).insertInto('refunds').values(row).execute();
}

export async function findRefund(ctx: Ctx, key: string, lock = false): Promise<RefundRow | undefined> {
  return findLive<RefundRow>(ctx, 'refunds', key, lock);
}

export async function updateRefund(ctx: Ctx, id: string, patch: Partial<RefundRow>): Promise<void> {
  await q(ctx).updateTable('refunds').set(patch).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

export async function listRefunds(ctx: Ctx, o: { filters: Filter[]; sort: Array<{ column: string; desc: boolean }>; limit: number; offset: number }): Promise<RefundRow[]> {
  let s = q(ctx).selectFrom('refunds').selectAll().where('tenant_id', '=', ctx.tenant.id).where('deleted', '=', 0);
  s = applyFilters(s as never, o.filters) as never;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  for (const x of o.sort) s = s.orderBy(x.column as any, x.desc ? 'desc' : 'asc');
  const rows = await s.orderBy('seq', 'desc').limit(o.limit).offset(o.offset).execute();
  return rows.map((r) => num(r)!);
}

/** An account's live Processed refunds (of its payments), by refund date. */
export async function processedRefundsOfAccount(ctx: Ctx, accountId: string): Promise<RefundRow[]> {
  const rows = await q(ctx).selectFrom('refunds').selectAll().where('tenant_id', '=', ctx.tenant.id).where('account_id', '=', accountId).where('status', '=', 'Processed').where('deleted', '=', 0).orderBy('refund_date').orderBy('seq').execute();
  return rows.map((r) => num(r)!);
}

export async function refundsOfPayment(ctx: Ctx, paymentId: string): Promise<RefundRow[]> {
  const rows = await q(ctx).selectFrom('refunds').selectAll().where('tenant_id', '=', ctx.tenant.id).where('payment_id', '=', paymentId).where('deleted', '=', 0).orderBy('seq').execute();
  return rows.map((r) => num(r)!);
}

/** The parts of live payments applied to one document, oldest first (its application parts). */
export async function partsOnDocument(ctx: Ctx, documentId: string): Promise<PartRow[]> {
  const rows = await q(ctx)
    .selectFrom('payment_parts')
    .innerJoin('payments', (j) => j.onRef('payments.id', '=', 'payment_parts.payment_id').onRef('payments.tenant_id', '=', 'payment_parts.tenant_id'))
    .selectAll('payment_parts')
    .where('payment_parts.tenant_id', '=', ctx.tenant.id)
    .where('payment_parts.document_id', '=', documentId)
    .where('payments.deleted', '=', 0)
    .orderBy('payment_parts.created_at')
    .execute();
  return rows.map((r) => num(r as PartRow)!);
}

/** What payments apply to one document now (parts of live payments). */
export async function appliedToDocument(ctx: Ctx, documentId: string): Promise<string[]> {
  const rows = await q(ctx)
    .selectFrom('payment_parts')
    .innerJoin('payments', (j) => j.onRef('payments.id', '=', 'payment_parts.payment_id').onRef('payments.tenant_id', '=', 'payment_parts.tenant_id'))
    .select(['payment_parts.amount'])
    .where('payment_parts.tenant_id', '=', ctx.tenant.id)
    .where('payment_parts.document_id', '=', documentId)
    .where('payments.deleted', '=', 0)
    .execute();
  return rows.map((r) => r.amount);
}
