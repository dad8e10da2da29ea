/** SQL of the invoices module: invoices and their items. */
import { PostgresAdapter, type Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { prepared } from '../../platform/db/prepared.js';
import { isZuoraId } from '../../platform/ids.js';

export interface InvoiceRow {
  id: string;
  tenant_id: string;
  invoice_number: string;
  account_id: string;
  account_number: string;
  status: string;
  invoice_date: string;
  target_date: string | null;
  due_date: string;
  currency: string;
  amount: string;
  amount_without_tax: string;
  tax_amount: string;
  balance: string;
  payment_term: string | null;
  comments: string | null;
  auto_pay: number;
  transferred_to_accounting: string;
  bill_run_id: string | null;
  source: string;
  source_id: string | null;
  source_type: string;
  sequence_set_id: string | null;
  template_id: string | null;
  communication_profile_id: string | null;
  bill_to_contact_id: string | null;
  sold_to_contact_id: string | null;
  ship_to_contact_id: string | null;
  includes_one_time: number;
  includes_recurring: number;
  includes_usage: number;
  posted_date: string | null;
  posted_on: string | null;
  cancelled_on: string | null;
  custom_fields: string;
  created_at: string;
  updated_at: string;
}

export interface ItemRow {
  id: string;
  tenant_id: string;
  document_id: string;
  account_id: string;
  seq: number;
  subscription_id: string | null;
  subscription_number: string | null;
  rate_plan_id: string | null;
  product_id: string | null;
  product_name: string | null;
  product_rate_plan_id: string | null;
  product_rate_plan_charge_id: string | null;
  charge_id: string | null;
  original_charge_id: string | null;
  charge_number: string | null;
  charge_name: string | null;
  charge_type: string | null;
  charge_model: string | null;
  processing_type: string;
  service_start_date: string;
  service_end_date: string;
  quantity: string | null;
  unit_price: string | null;
  uom: string | null;
  amount: string;
  tax_amount: string;
  balance: string;
  applied_to_charge_number: string | null;
  applied_to_item_id: string | null;
  credits_item_id: string | null;
  charge_date: string;
}

interface Tables {
  invoices: InvoiceRow;
  invoice_items: ItemRow;
}
export type ItemTable = 'invoice_items';

const q = (ctx: Ctx) => ctx.db as unknown as Kysely<Tables>;

// ---------------------------------------------------------------- invoices

/**
 * Inserts of `n` rows with the columns of `columns` (a row's keys, in its order), compiled once per table, columns
 * and row count: a bill run inserts an invoice and its items per account.
 */
const inserts = new Map<string, ReturnType<typeof prepared>>();
async function insertRows(ctx: Ctx, table: string, rows: ReadonlyArray<object>): Promise<void> {
  const columns = Object.keys(rows[0]!);
  const key = `${table}|${rows.length}|${columns.join(',')}`;
  const params: unknown[] = [];
  for (const row of rows) {
    const keys = Object.keys(row);
    // rows of other shapes (or an undefined value, which Kysely leaves out) go as Kysely builds them
    if (keys.length !== columns.length || keys.some((k, i) => k !== columns[i])) return void (await ctx.db.insertInto(table as never).values(rows as never).execute());
    for (const c of columns) {
      const v = (row as Record<string, unknown>)[c];
      if (v === undefined) return void (await ctx.db.insertInto(table as never).values(rows as never).execute());
      params.push(v);
    }
  }
  let run = inserts.get(key);
  if (!run) {
    if (inserts.size >= 1000) inserts.clear();
    run = prepared((db, p) => db.insertInto(table as never).values(rows.map((_, r) => Object.fromEntries(columns.map((c, i) => [c, p(r * columns.length + i)]))) as never));
    inserts.set(key, run);
  }
  await run(ctx.db, params);
}

export async function insertInvoice(ctx: Ctx, row: InvoiceRow): Promise<void> {
  await insertRows(ctx, 'invoices', [row]);
}

/** An invoice by id or number. */
export async function findInvoice(ctx: Ctx, key: string): Promise<InvoiceRow | undefined> {
  const base = q(ctx).selectFrom('invoices').selectAll().where('tenant_id', '=', ctx.tenant.id);
  if (isZuoraId(key)) {
    const byId = await base.where('id', '=', key).executeTakeFirst();
    if (byId) return byId;
  }
  return base.where('invoice_number', '=', key).executeTakeFirst();
}

export async function updateInvoice(ctx: Ctx, id: string, set: Partial<InvoiceRow>): Promise<void> {
  await q(ctx).updateTable('invoices').set(set).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

export async function deleteInvoice(ctx: Ctx, id: string): Promise<void> {
  await q(ctx).deleteFrom('invoice_items').where('tenant_id', '=', ctx.tenant.id).where('document_id', '=', id).execute();
  await q(ctx).deleteFrom('invoices').where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

export async function invoicesOfAccount(ctx: Ctx, accountId: string, limit: number, offset: number): Promise<InvoiceRow[]> {
  return q(ctx)
    .selectFrom('invoices')
    .selectAll()
    .where('tenant_id', '=', ctx.tenant.id)
    .where('account_id', '=', accountId)
    .orderBy('invoice_date', 'desc')
    .orderBy('invoice_number', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function invoicesOfBillRun(ctx: Ctx, billRunId: string): Promise<InvoiceRow[]> {
  return q(ctx).selectFrom('invoices').selectAll().where('tenant_id', '=', ctx.tenant.id).where('bill_run_id', '=', billRunId).orderBy('invoice_number').execute();
}

// ---------------------------------------------------------------- items

export async function insertItems(ctx: Ctx, table: ItemTable, rows: ItemRow[]): Promise<void> {
  // Batches keep each statement under SQLite's bound-parameter limit (32 columns a row).
  for (let i = 0; i < rows.length; i += 200) await insertRows(ctx, table, rows.slice(i, i + 200));
}

export async function itemsOf(ctx: Ctx, table: ItemTable, documentId: string, limit?: number, offset = 0): Promise<ItemRow[]> {
  let s = q(ctx).selectFrom(table).selectAll().where('tenant_id', '=', ctx.tenant.id).where('document_id', '=', documentId).orderBy('seq');
  if (limit !== undefined) s = s.limit(limit).offset(offset);
  return s.execute();
}

export async function updateItem(ctx: Ctx, table: ItemTable, id: string, set: Partial<ItemRow>): Promise<void> {
  await q(ctx).updateTable(table).set(set).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

/** Deletes one item of an invoice (a draft standalone invoice's item edit). */
export async function deleteInvoiceItem(ctx: Ctx, documentId: string, id: string): Promise<void> {
  await q(ctx).deleteFrom('invoice_items').where('tenant_id', '=', ctx.tenant.id).where('document_id', '=', documentId).where('id', '=', id).execute();
}

/** Items of an account's Draft and Posted invoices: what counts as billed (a canceled invoice bills nothing). */
const billedItemsOfAccountQuery = prepared<ItemRow>((db, p) =>
  (db as unknown as Kysely<Tables>)
    .selectFrom('invoice_items as i')
    .innerJoin('invoices as d', (j) => j.onRef('d.id', '=', 'i.document_id').onRef('d.tenant_id', '=', 'i.tenant_id'))
    .selectAll('i')
    .where('i.tenant_id', '=', p(0))
    .where('i.account_id', '=', p(1))
    .where('d.status', '!=', 'Canceled'),
);
export async function billedItemsOfAccount(ctx: Ctx, accountId: string): Promise<ItemRow[]> {
  return billedItemsOfAccountQuery(ctx.db, [ctx.tenant.id, accountId]);
}

/** An account's invoices for the billing documents list, with its filters (date, status). */
export async function invoiceDocumentsOfAccount(ctx: Ctx, accountId: string, f: { documentDate?: string; status?: string }): Promise<InvoiceRow[]> {
  let s = q(ctx).selectFrom('invoices').selectAll().where('tenant_id', '=', ctx.tenant.id).where('account_id', '=', accountId);
  if (f.documentDate) s = s.where('invoice_date', '=', f.documentDate);
  if (f.status) s = s.where('status', '=', f.status);
  return s.execute();
}

/** Posted invoices of an account: for the balance, total invoice balance and last invoice date. */
export async function postedInvoicesOfAccount(ctx: Ctx, accountId: string): Promise<Array<Pick<InvoiceRow, 'id' | 'invoice_number' | 'invoice_date' | 'due_date' | 'amount' | 'balance' | 'status'>>> {
  return q(ctx)
    .selectFrom('invoices')
    .select(['id', 'invoice_number', 'invoice_date', 'due_date', 'amount', 'balance', 'status'])
    .where('tenant_id', '=', ctx.tenant.id)
    .where('account_id', '=', accountId)
    .where('status', '=', 'Posted')
    .orderBy('invoice_date', 'desc')
    .orderBy('invoice_number', 'desc')
    .execute();
}

// ---------------------------------------------------------------- settlement

/** True on PostgreSQL (row locks); SQLite serializes writers, so a plain read is the lock there. */
function isPostgres(ctx: Ctx): boolean {
  return ctx.db.getExecutor().adapter instanceof PostgresAdapter;
}

/** An invoice by id or number, its row locked for the rest of the transaction on PostgreSQL (FOR UPDATE). */
export async function lockInvoice(ctx: Ctx, key: string): Promise<InvoiceRow | undefined> {
  const pg = isPostgres(ctx);
  const base = () => {
    const s = q(ctx).selectFrom('invoices').selectAll().where('tenant_id', '=', ctx.tenant.id);
    return pg ? s.forUpdate() : s;
  };
  if (isZuoraId(key)) {
    const byId = await base().where('id', '=', key).executeTakeFirst();
    if (byId) return byId;
  }
  return base().where('invoice_number', '=', key).executeTakeFirst();
}

/** Writes new balances of an invoice and of some of its items (the caller checked them). */
export async function setInvoiceBalances(ctx: Ctx, id: string, balance: string, items: Array<{ id: string; balance: string }>, updatedAt: string): Promise<void> {
  await q(ctx).updateTable('invoices').set({ balance, updated_at: updatedAt }).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
  for (const i of items) {
    await q(ctx).updateTable('invoice_items').set({ balance: i.balance }).where('tenant_id', '=', ctx.tenant.id).where('document_id', '=', id).where('id', '=', i.id).execute();
  }
}

/** Writes a Draft invoice's tax: each changed item's tax and balance, the invoice's tax, amount and balance (the tax module's port). */
export async function setInvoiceTaxes(ctx: Ctx, id: string, set: Pick<InvoiceRow, 'tax_amount' | 'amount' | 'balance' | 'updated_at'>, items: Array<{ id: string; tax_amount: string; balance: string }>): Promise<void> {
  await q(ctx).updateTable('invoices').set(set).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
  for (const i of items) {
    await q(ctx).updateTable('invoice_items').set({ tax_amount: i.tax_amount, balance: i.balance }).where('tenant_id', '=', ctx.tenant.id).where('document_id', '=', id).where('id', '=', i.id).execute();
  }
}

/** The invoice item by id (its document_id names the invoice), or undefined. */
export async function findInvoiceItem(ctx: Ctx, itemId: string): Promise<ItemRow | undefined> {
  return q(ctx).selectFrom('invoice_items').selectAll().where('tenant_id', '=', ctx.tenant.id).where('id', '=', itemId).executeTakeFirst();
}
