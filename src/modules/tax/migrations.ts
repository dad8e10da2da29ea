import type { Kysely, Migration } from 'kysely';

/** Taxation items: one row per tax line on a billing document's item (invoice, credit memo or debit memo item). */
export const taxTables = ['taxation_items'];

export const migrations: Record<string, Migration> = {
  '0760_taxation_items_init': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('taxation_items')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        // 'invoice' | 'creditMemo' | 'debitMemo': the document the taxed item belongs to
        .addColumn('document_kind', 'varchar(16)', (c) => c.notNull())
        .addColumn('document_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('item_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('account_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('name', 'varchar(255)', (c) => c.notNull())
        .addColumn('jurisdiction', 'varchar(255)')
        .addColumn('location_code', 'varchar(255)')
        .addColumn('tax_code', 'varchar(255)')
        .addColumn('tax_code_description', 'varchar(255)')
        .addColumn('tax_date', 'varchar(10)')
        .addColumn('tax_mode', 'varchar(16)', (c) => c.notNull())
        // decimal strings: the rate as given (never rounded), amounts rounded by the document's currency
        .addColumn('tax_rate', 'text', (c) => c.notNull())
        .addColumn('tax_rate_type', 'varchar(16)', (c) => c.notNull())
        .addColumn('tax_rate_description', 'varchar(255)')
        .addColumn('tax_amount', 'text', (c) => c.notNull())
        .addColumn('exempt_amount', 'text', (c) => c.notNull())
        .addColumn('source_tax_item_id', 'varchar(32)')
        .addColumn('sales_tax_payable_accounting_code', 'varchar(100)')
        .addColumn('accounts_receivable_accounting_code', 'varchar(100)')
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('taxation_items_tenant_item').on('taxation_items').columns(['tenant_id', 'item_id', 'seq']).execute();
      await db.schema.createIndex('taxation_items_tenant_document').on('taxation_items').columns(['tenant_id', 'document_id']).execute();
    },
  },
};
