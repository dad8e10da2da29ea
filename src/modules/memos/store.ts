/** SQL of the memos module: credit and debit memos, their items, applications and refunds. */
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { prepared } from '../../platform/db/prepared.js';
import { isZuoraId } from '../../platform/ids.js';
import type { InvoiceItemRow } from '../invoices/contract.js';

export type MemoKind = 'creditMemo' | 'debitMemo';

interface MemoBase {
  id: string;
  tenant_id: string;
  memo_number: string;
  account_id: string;
  account_number: string;
  /** Draft, Posted, Canceled */
  status: string;
  memo_date: string;
  target_date: string | null;
  currency: string;
  amount: string;
  tax_amount: string;
  bill_run_id: string | null;
  source: string;
  source_id: string | null;
  source_type: string;
  sequence_set_id: string | null;
  reason_code: string | null;
  bill_to_contact_id: string | null;
  sold_to_contact_id: string | null;
  posted_on: string | null;
  cancelled_on: string | null;
  created_at: string;
  updated_at: string;
  referred_invoice_id: string | null;
  comment: string | null;
  custom_fields: string;
  auto_apply_upon_posting: number;
  exclude_from_auto_apply_rules: number;
  transferred_to_accounting: string;
  reversed: number;
  origin: string | null;
  effective_date: string | null;
  unposted_on: string | null;
}

export interface CreditMemoRow extends MemoBase {
  unapplied_amount: string;
  applied_amount: string;
  refund_amount: string;
}

export interface DebitMemoRow extends MemoBase {
  balance: string;
  due_date: string | null;
  payment_term: string | null;
  auto_pay: number;
}

export type AnyMemoRow = CreditMemoRow | DebitMemoRow;

/** An invoice item's columns (amount: a credit memo item keeps the credited amount, positive; balance: a credit
 * memo item's unapplied amount, a debit memo item's amount still owed) and the memo's own. */
export interface MemoItemRow extends InvoiceItemRow {
  /** credit memo items only (debit memo items have none: undefined) */
  applied_amount?: string;
  refund_amount?: string;
  comment: string | null;
  sku_name: string | null;
  source_item_type: string | null;
  source_item_id: string | null;
  custom_fields: string;
}

export interface ApplicationRow {
  id: string;
  tenant_id: string;
  seq: number;
  credit_memo_id: string;
  account_id: string;
  target_kind: string;
  target_id: string;
  target_number: string;
  /** negative for an unapplication */
  amount: string;
  effective_date: string;
  created_at: string;
}

export interface ApplicationItemRow {
  id: string;
  tenant_id: string;
  application_id: string;
  credit_memo_id: string;
  credit_memo_item_id: string;
  target_id: string;
  target_item_id: string;
  amount: string;
}

export interface RefundRow {
  id: string;
  tenant_id: string;
  number: string;
  credit_memo_id: string;
  account_id: string;
  type: string;
  method_type: string | null;
  amount: string;
  refund_date: string;
  comment: string | null;
  reason_code: string | null;
  reference_id: string | null;
  /** JSON: [{ creditMemoItemId, amount }] */
  items: string;
  custom_fields: string;
  created_at: string;
  /** Processed (null on rows from before electronic refunds), or Error: an electronic refund the gateway refused. */
  status?: string | null;
  // electronic refunds only: the payment method, its snapshot, the gateway and its answer
  payment_method_id?: string | null;
  payment_method_snapshot_id?: string | null;
  gateway_id?: string | null;
  gateway_response?: string | null;
  gateway_response_code?: string | null;
  gateway_state?: string | null;
  submitted_on?: string | null;
}

interface Tables {
  credit_memos: CreditMemoRow;
  debit_memos: DebitMemoRow;
  credit_memo_items: MemoItemRow;
  debit_memo_items: MemoItemRow;
  memo_applications: ApplicationRow;
  memo_application_items: ApplicationItemRow;
  memo_refunds: RefundRow;
}

const q = (ctx: Ctx) => ctx.db as unknown as Kysely<Tables>;
export const memoTable = (k: MemoKind) => (k === 'creditMemo' ? 'credit_memos' : 'debit_memos');
export const itemTable = (k: MemoKind) => (k === 'creditMemo' ? 'credit_memo_items' : 'debit_memo_items');

export function isPostgres(ctx: Ctx): boolean {
  return ctx.db.getExecutor().adapter instanceof PostgresAdapter;
}

// ---------------------------------------------------------------- memos

export async function insertMemo(ctx: Ctx, kind: 'creditMemo', row: CreditMemoRow): Promise<void>;
export async function insertMemo(ctx: Ctx, kind: 'debitMemo', row: DebitMemoRow): Promise<void>;
export async function insertMemo(ctx: Ctx, kind: MemoKind, row: AnyMemoRow): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  await q(ctx).insertInto(memoTable(kind) as 'credit_memos').values(row as any).execute();
}

/** A memo by id or number; `lock` takes its row lock on PostgreSQL (FOR UPDATE) for the rest of the transaction. */
export async function findMemo(ctx: Ctx, kind: 'creditMemo', key: string, lock?: boolean): Promise<CreditMemoRow | undefined>;
export async function findMemo(ctx: Ctx, kind: 'debitMemo', key: string, lock?: boolean): Promise<DebitMemoRow | undefined>;
export async function findMemo(ctx: Ctx, kind: MemoKind, key: string, lock?: boolean): Promise<AnyMemoRow | undefined>;
export async function findMemo(ctx: Ctx, kind: MemoKind, key: string, lock = false): Promise<AnyMemoRow | undefined> {
  const pg = lock && isPostgres(ctx);
  const base = () => {
    const s = q(ctx).selectFrom(memoTable(kind) as 'credit_memos').selectAll().where('tenant_id', '=', ctx.tenant.id);
    return pg ? s.forUpdate() : s;
  };
  if (isZuoraId(key)) {
    const byId = await base().where('id', '=', key).executeTakeFirst();
    if (byId) return byId;
  }
  return base().where('memo_number', '=', key).executeTakeFirst();
}

export async function updateMemo(ctx: Ctx, kind: MemoKind, id: string, set: Partial<CreditMemoRow> | Partial<DebitMemoRow>): Promise<void> {
  await q(ctx)
    .updateTable(memoTable(kind) as 'credit_memos')
    .set(set as Partial<CreditMemoRow>)
    .where('tenant_id', '=', ctx.tenant.id)
    .where('id', '=', id)
    .execute();
}

export async function deleteMemo(ctx: Ctx, kind: MemoKind, id: string): Promise<void> {
  await q(ctx).deleteFrom(itemTable(kind) as 'credit_memo_items').where('tenant_id', '=', ctx.tenant.id).where('document_id', '=', id).execute();
  await q(ctx).deleteFrom(memoTable(kind) as 'credit_memos').where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

export async function memosOfBillRun(ctx: Ctx, billRunId: string): Promise<CreditMemoRow[]> {
  return q(ctx).selectFrom('credit_memos').selectAll().where('tenant_id', '=', ctx.tenant.id).where('bill_run_id', '=', billRunId).orderBy('memo_number').execute();
}

export interface ListFilter {
  field: string;
  op: '=';
  value: string | number | null;
  /** compare as numbers (amount columns hold decimal strings) */
  numeric?: boolean;
}

/** A page of memos with the filters (column names, already checked) and sort. */
export async function listMemos(ctx: Ctx, kind: MemoKind, filters: ListFilter[], sort: Array<{ column: string; dir: 'asc' | 'desc'; numeric?: boolean }>, limit: number, offset: number): Promise<AnyMemoRow[]> {
  let s = q(ctx).selectFrom(memoTable(kind) as 'credit_memos').selectAll().where('tenant_id', '=', ctx.tenant.id);
  for (const f of filters) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const col = f.field as any;
    if (f.value === null) s = s.where(col, 'is', null);
    else if (f.numeric) s = s.where(sql`cast(${sql.ref(f.field)} as numeric)`, '=', sql`cast(${String(f.value)} as numeric)`);
    else s = s.where(col, '=', f.value);
  }
  for (const o of sort) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    s = o.numeric ? s.orderBy(sql`cast(${sql.ref(o.column)} as numeric)`, o.dir) : s.orderBy(o.column as any, o.dir);
  }
  return s.orderBy('memo_number', 'desc').limit(limit).offset(offset).execute();
}

/** Items of the account's credit memos (not canceled) made from items of an invoice. */
export async function creditItemsFromInvoice(ctx: Ctx, invoiceId: string): Promise<Array<Pick<MemoItemRow, 'source_item_id' | 'amount'>>> {
  return q(ctx)
    .selectFrom('credit_memo_items as i')
    .innerJoin('credit_memos as d', (j) => j.onRef('d.id', '=', 'i.document_id').onRef('d.tenant_id', '=', 'i.tenant_id'))
    .select(['i.source_item_id', 'i.amount'])
    .where('i.tenant_id', '=', ctx.tenant.id)
    .where('d.referred_invoice_id', '=', invoiceId)
    .where('d.status', '!=', 'Canceled')
    .where('i.source_item_type', '=', 'InvoiceDetail')
    .execute();
}

/** Posted memos of an account (for its figures). */
export async function postedCreditMemosOfAccount(ctx: Ctx, accountId: string): Promise<Array<Pick<CreditMemoRow, 'unapplied_amount'>>> {
  return q(ctx).selectFrom('credit_memos').select(['unapplied_amount']).where('tenant_id', '=', ctx.tenant.id).where('account_id', '=', accountId).where('status', '=', 'Posted').execute();
}

export async function postedDebitMemosOfAccount(ctx: Ctx, accountId: string): Promise<Array<Pick<DebitMemoRow, 'balance' | 'amount'>>> {
  return q(ctx).selectFrom('debit_memos').select(['balance', 'amount']).where('tenant_id', '=', ctx.tenant.id).where('account_id', '=', accountId).where('status', '=', 'Posted').execute();
}

// ---------------------------------------------------------------- items

export async function insertItems(ctx: Ctx, kind: MemoKind, rows: MemoItemRow[]): Promise<void> {
  // Batches keep each statement under SQLite's bound-parameter limit (37 columns a row).
  for (let i = 0; i < rows.length; i += 200) await q(ctx).insertInto(itemTable(kind) as 'credit_memo_items').values(rows.slice(i, i + 200)).execute();
}

export async function itemsOf(ctx: Ctx, kind: MemoKind, documentId: string, limit?: number, offset = 0): Promise<MemoItemRow[]> {
  let s = q(ctx).selectFrom(itemTable(kind) as 'credit_memo_items').selectAll().where('tenant_id', '=', ctx.tenant.id).where('document_id', '=', documentId).orderBy('seq');
  if (limit !== undefined) s = s.limit(limit).offset(offset);
  return s.execute();
}

export async function findItem(ctx: Ctx, kind: MemoKind, documentId: string, itemId: string): Promise<MemoItemRow | undefined> {
  return q(ctx).selectFrom(itemTable(kind) as 'credit_memo_items').selectAll().where('tenant_id', '=', ctx.tenant.id).where('document_id', '=', documentId).where('id', '=', itemId).executeTakeFirst();
}

export async function updateItem(ctx: Ctx, kind: MemoKind, id: string, set: Partial<MemoItemRow>): Promise<void> {
  await q(ctx).updateTable(itemTable(kind) as 'credit_memo_items').set(set).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

/** Items of an account's Draft and Posted credit memos that billing made (what the billing ledger counts as credited). */
const billedCreditItemsOfAccountQuery = prepared<MemoItemRow>((db, p) =>
  (db as unknown as Kysely<Tables>)
    .selectFrom('credit_memo_items as i')
    .innerJoin('credit_memos as d', (j) => j.onRef('d.id', '=', 'i.document_id').onRef('d.tenant_id', '=', 'i.tenant_id'))
    .selectAll('i')
    .where('i.tenant_id', '=', p(0))
    .where('i.account_id', '=', p(1))
    .where('d.status', '!=', 'Canceled')
    // memos made through the API (origin set) credit an invoice, not the subscription's billing
    .where('d.origin', 'is', null),
);
export async function billedCreditItemsOfAccount(ctx: Ctx, accountId: string): Promise<MemoItemRow[]> {
  return billedCreditItemsOfAccountQuery(ctx.db, [ctx.tenant.id, accountId]);
}

// ---------------------------------------------------------------- applications

export async function nextApplicationSeq(ctx: Ctx, creditMemoId: string): Promise<number> {
  const r = await q(ctx)
    .selectFrom('memo_applications')
    .select(sql<number>`coalesce(max(seq), 0)`.as('m'))
    .where('tenant_id', '=', ctx.tenant.id)
    .where('credit_memo_id', '=', creditMemoId)
    .executeTakeFirst();
  return Number(r?.m ?? 0) + 1;
}

export async function insertApplication(ctx: Ctx, row: ApplicationRow, items: ApplicationItemRow[]): Promise<void> {
  await q(ctx).insertInto('memo_applications').values(row).execute();
  for (let i = 0; i < items.length; i += 200) await q(ctx).insertInto('memo_application_items').values(items.slice(i, i + 200)).execute();
}

export async function applicationsOfMemo(ctx: Ctx, creditMemoId: string): Promise<ApplicationRow[]> {
  return q(ctx).selectFrom('memo_applications').selectAll().where('tenant_id', '=', ctx.tenant.id).where('credit_memo_id', '=', creditMemoId).orderBy('seq').execute();
}

export async function applicationsToTarget(ctx: Ctx, targetId: string): Promise<ApplicationRow[]> {
  return q(ctx).selectFrom('memo_applications').selectAll().where('tenant_id', '=', ctx.tenant.id).where('target_id', '=', targetId).orderBy('created_at').execute();
}

export async function applicationItemsOfMemo(ctx: Ctx, creditMemoId: string): Promise<ApplicationItemRow[]> {
  return q(ctx).selectFrom('memo_application_items').selectAll().where('tenant_id', '=', ctx.tenant.id).where('credit_memo_id', '=', creditMemoId).execute();
}

// ---------------------------------------------------------------- refunds

export async function insertRefund(ctx: Ctx, row: RefundRow): Promise<void> {
  await q(ctx).insertInto('memo_refunds').values(row).execute();
}

export async function refundsOfMemo(ctx: Ctx, creditMemoId: string): Promise<RefundRow[]> {
  return q(ctx).selectFrom('memo_refunds').selectAll().where('tenant_id', '=', ctx.tenant.id).where('credit_memo_id', '=', creditMemoId).orderBy('created_at').execute();
}

/** The refunds of an account's credit memos, by refund date. */
export async function refundsOfAccount(ctx: Ctx, accountId: string): Promise<RefundRow[]> {
  // the money given back: a refund the gateway refused (Error) moved none
  return q(ctx)
    .selectFrom('memo_refunds')
    .selectAll()
    .where('tenant_id', '=', ctx.tenant.id)
    .where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('status', 'is', null), eb('status', '=', 'Processed')]))
    .orderBy('refund_date')
    .orderBy('number')
    .execute();
}

export async function findRefund(ctx: Ctx, key: string): Promise<RefundRow | undefined> {
  const base = q(ctx).selectFrom('memo_refunds').selectAll().where('tenant_id', '=', ctx.tenant.id);
  if (isZuoraId(key)) {
    const byId = await base.where('id', '=', key).executeTakeFirst();
    if (byId) return byId;
  }
  return base.where('number', '=', key).executeTakeFirst();
}
