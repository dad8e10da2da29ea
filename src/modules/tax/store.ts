/** SQL of the tax module: taxation items. */
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';

export type DocumentKind = 'invoice' | 'creditMemo' | 'debitMemo';

export interface TaxationItemRow {
  id: string;
  tenant_id: string;
  document_kind: DocumentKind;
  document_id: string;
  item_id: string;
  account_id: string;
  seq: number;
  name: string;
  jurisdiction: string | null;
  location_code: string | null;
  tax_code: string | null;
  tax_code_description: string | null;
  tax_date: string | null;
  tax_mode: string;
  tax_rate: string;
  tax_rate_type: string;
  tax_rate_description: string | null;
  tax_amount: string;
  exempt_amount: string;
  source_tax_item_id: string | null;
  sales_tax_payable_accounting_code: string | null;
  accounts_receivable_accounting_code: string | null;
  created_at: string;
  updated_at: string;
}

interface Tables {
  taxation_items: TaxationItemRow;
}

const q = (ctx: Ctx) => ctx.db as unknown as Kysely<Tables>;

export async function insertTaxationItems(ctx: Ctx, rows: TaxationItemRow[]): Promise<void> {
  if (rows.length) await q(ctx).insertInto('taxation_items').values(rows).execute();
}

export async function findTaxationItem(ctx: Ctx, id: string): Promise<TaxationItemRow | undefined> {
  return q(ctx).selectFrom('taxation_items').selectAll().where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).executeTakeFirst();
}

/** The taxation items of one document item, in the order they were made. */
export async function taxationItemsOfItem(ctx: Ctx, itemId: string, limit?: number, offset = 0): Promise<TaxationItemRow[]> {
  let s = q(ctx).selectFrom('taxation_items').selectAll().where('tenant_id', '=', ctx.tenant.id).where('item_id', '=', itemId).orderBy('seq').orderBy('id');
  if (limit !== undefined) s = s.limit(limit).offset(offset);
  return s.execute();
}

export async function taxationItemsOfDocument(ctx: Ctx, documentId: string): Promise<TaxationItemRow[]> {
  return q(ctx).selectFrom('taxation_items').selectAll().where('tenant_id', '=', ctx.tenant.id).where('document_id', '=', documentId).orderBy('seq').orderBy('id').execute();
}

export async function maxSeqOfDocument(ctx: Ctx, documentId: string): Promise<number> {
  const r = await q(ctx)
    .selectFrom('taxation_items')
    .select((eb) => eb.fn.max('seq').as('m'))
    .where('tenant_id', '=', ctx.tenant.id)
    .where('document_id', '=', documentId)
    .executeTakeFirst();
  return Number(r?.m ?? 0);
}

export async function updateTaxationItem(ctx: Ctx, id: string, set: Partial<TaxationItemRow>): Promise<void> {
  await q(ctx).updateTable('taxation_items').set(set).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

export async function deleteTaxationItem(ctx: Ctx, id: string): Promise<void> {
  await q(ctx).deleteFrom('taxation_items').where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

export async function deleteTaxationItemsOfDocument(ctx: Ctx, documentId: string): Promise<void> {
  await q(ctx).deleteFrom('taxation_items').where('tenant_id', '=', ctx.tenant.id).where('document_id', '=', documentId).execute();
}
