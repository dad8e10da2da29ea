import type { Kysely, Migration } from 'kysely';

export const migrations: Record<string, Migration> = {
  '0700_payment_methods_init': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('payment_methods')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        // null for an orphan payment method (not yet associated with an account)
        .addColumn('account_id', 'varchar(32)')
        // creation order within the tenant (lists keep it even when the tenant clock is frozen)
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('type', 'varchar(40)', (c) => c.notNull())
        // Active, Closed, Scrubbed
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        // the type's own fields as shown (numbers already masked; never a whole card or bank number), JSON
        .addColumn('details', 'text', (c) => c.notNull())
        // accountHolderInfo and mandateInfo, JSON
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('mandate', 'text', (c) => c.notNull())
        // what the test gateway does with the payment method's transactions (approve, decline:<code>, error)
        .addColumn('test_behaviour', 'varchar(40)', (c) => c.notNull())
        .addColumn('auth_gateway', 'varchar(32)')
        .addColumn('currency_code', 'varchar(3)')
        .addColumn('ip_address', 'varchar(45)')
        .addColumn('use_default_retry_rule', 'integer', (c) => c.notNull())
        .addColumn('max_consecutive_payment_failures', 'integer')
        .addColumn('payment_retry_window', 'integer')
        .addColumn('num_consecutive_failures', 'integer', (c) => c.notNull())
        .addColumn('total_processed_payments', 'integer', (c) => c.notNull())
        .addColumn('total_error_payments', 'integer', (c) => c.notNull())
        .addColumn('last_transaction', 'varchar(40)')
        .addColumn('last_transaction_at', 'varchar(40)')
        .addColumn('last_failed_sale_at', 'varchar(40)')
        .addColumn('custom_fields', 'text', (c) => c.notNull())
        .addColumn('deleted', 'integer', (c) => c.notNull())
        .addColumn('created_by', 'varchar(32)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_by', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('payment_methods_tenant_account').on('payment_methods').columns(['tenant_id', 'account_id']).execute();
    },
  },
};
