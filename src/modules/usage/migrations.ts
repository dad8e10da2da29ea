import type { Kysely, Migration } from 'kysely';

export const migrations: Record<string, Migration> = {
  '0500_usage_init': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('usage_imports')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('file_name', 'varchar(255)', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('md5', 'varchar(32)', (c) => c.notNull())
        // Pending, Processing, Completed, Canceled, Failed
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('status_reason', 'text')
        .addColumn('total_count', 'integer', (c) => c.notNull())
        .addColumn('imported_count', 'integer', (c) => c.notNull())
        .addColumn('created_on', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_on', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('usages')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('account_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('account_number', 'varchar(50)', (c) => c.notNull())
        // the subscription's original id (its first version's id) and number
        .addColumn('subscription_id', 'varchar(32)')
        .addColumn('subscription_number', 'varchar(100)')
        // the rate plan charge's original id and number
        .addColumn('charge_id', 'varchar(32)')
        .addColumn('charge_number', 'varchar(50)')
        .addColumn('product_rate_plan_charge_number', 'varchar(100)')
        .addColumn('uom', 'varchar(100)', (c) => c.notNull())
        .addColumn('quantity', 'text', (c) => c.notNull())
        // ISO instants (UTC); start_date is the usage date in the tenant's zone
        .addColumn('start_date_time', 'varchar(40)', (c) => c.notNull())
        .addColumn('start_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('end_date_time', 'varchar(40)')
        .addColumn('description', 'varchar(200)')
        .addColumn('unique_key', 'varchar(255)')
        // Importing, Pending, Processed
        .addColumn('rbe_status', 'varchar(10)', (c) => c.notNull())
        // API or Import
        .addColumn('source_type', 'varchar(10)', (c) => c.notNull())
        .addColumn('import_id', 'varchar(32)')
        .addColumn('invoice_item_id', 'varchar(32)')
        .addColumn('custom_fields', 'text', (c) => c.notNull())
        .addColumn('created_on', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_on', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('usages_tenant_charge').on('usages').columns(['tenant_id', 'charge_id', 'start_date']).execute();
      await db.schema.createIndex('usages_tenant_account').on('usages').columns(['tenant_id', 'account_id', 'start_date']).execute();
    },
  },
  '0501_usage_invoice_item': {
    // canceling or deleting an invoice finds the records its items billed
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex('usages_tenant_invoice_item').on('usages').columns(['tenant_id', 'invoice_item_id']).execute();
    },
  },
};
