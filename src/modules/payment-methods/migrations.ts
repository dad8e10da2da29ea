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
  '0710_payment_methods_profiles_logs_snapshots': {
    async up(db: Kysely<unknown>) {
      // stored credential profiles of a payment method, numbered 1, 2, … within it
      await db.schema
        .createTable('stored_credential_profiles')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('payment_method_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('number', 'integer', (c) => c.notNull())
        // Agreed, Active, Cancelled, Expired
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        // Recurring, Unscheduled
        .addColumn('type', 'varchar(20)', (c) => c.notNull())
        .addColumn('brand', 'varchar(40)')
        .addColumn('consent_agreement_ref', 'varchar(128)')
        .addColumn('consent_agreement_src', 'varchar(20)', (c) => c.notNull())
        .addColumn('network_transaction_id', 'varchar(128)')
        .addColumn('agreed_on', 'varchar(40)')
        .addColumn('activated_on', 'varchar(40)')
        .addColumn('cancelled_on', 'varchar(40)')
        .addColumn('expired_on', 'varchar(40)')
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('stored_credential_profiles_method').on('stored_credential_profiles').columns(['tenant_id', 'payment_method_id', 'number']).unique().execute();

      // authorizations made through the test gateway (POST …/authorize), voided by POST …/voidAuthorize
      await db.schema
        .createTable('payment_authorizations')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('payment_method_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('account_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('transaction_id', 'varchar(40)', (c) => c.notNull())
        .addColumn('gateway_order_id', 'varchar(100)', (c) => c.notNull())
        .addColumn('amount', 'text', (c) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        // Authorized, Voided
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('voided_at', 'varchar(40)')
        .execute();
      await db.schema.createIndex('payment_authorizations_txn').on('payment_authorizations').columns(['tenant_id', 'payment_method_id', 'transaction_id']).execute();

      // every call the test gateway answers for a payment method itself (validation, verification, authorization, void)
      await db.schema
        .createTable('payment_method_transaction_logs')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('payment_method_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('payment_method_type', 'varchar(40)', (c) => c.notNull())
        .addColumn('gateway', 'varchar(255)', (c) => c.notNull())
        .addColumn('transaction_type', 'varchar(40)', (c) => c.notNull())
        .addColumn('reason_code', 'varchar(20)', (c) => c.notNull())
        .addColumn('reason_description', 'varchar(255)', (c) => c.notNull())
        .addColumn('transaction_id', 'varchar(40)')
        .addColumn('transaction_date', 'varchar(40)', (c) => c.notNull())
        .addColumn('request_string', 'text', (c) => c.notNull())
        .addColumn('response_string', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('payment_method_transaction_logs_method').on('payment_method_transaction_logs').columns(['tenant_id', 'payment_method_id']).execute();

      // copies of a payment method taken when a payment or refund goes through its gateway (the columns of payment_methods)
      await db.schema
        .createTable('payment_method_snapshots')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('payment_method_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('account_id', 'varchar(32)')
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('type', 'varchar(40)', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('mandate', 'text', (c) => c.notNull())
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
        .addColumn('created_by', 'varchar(32)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('payment_method_snapshots_method').on('payment_method_snapshots').columns(['tenant_id', 'payment_method_id']).execute();

      // Apple Pay domains registered (in test mode: verified at once, no call to Apple)
      await db.schema
        .createTable('apple_pay_domains')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('domain_name', 'varchar(253)', (c) => c.notNull())
        .addColumn('verified', 'integer', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('created_by', 'varchar(32)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_by', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('apple_pay_domains_name').on('apple_pay_domains').columns(['tenant_id', 'domain_name']).unique().execute();
    },
  },
};

export const paymentMethodTables = ['apple_pay_domains', 'payment_method_snapshots', 'payment_method_transaction_logs', 'payment_authorizations', 'stored_credential_profiles', 'payment_methods'];
