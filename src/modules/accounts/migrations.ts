import type { Kysely, Migration } from 'kysely';

export const accountsMigrations: Record<string, Migration> = {
  '0210_accounts_init': {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('accounts')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('account_number', 'varchar(50)', (c) => c.notNull())
        .addColumn('name', 'varchar(255)', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('bill_cycle_day', 'integer', (c) => c.notNull())
        .addColumn('auto_pay', 'integer', (c) => c.notNull())
        .addColumn('payment_term', 'varchar(100)', (c) => c.notNull())
        .addColumn('batch', 'varchar(50)', (c) => c.notNull())
        .addColumn('bill_to_contact_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('sold_to_contact_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('ship_to_contact_id', 'varchar(32)')
        .addColumn('parent_id', 'varchar(32)')
        .addColumn('crm_id', 'varchar(100)')
        .addColumn('notes', 'text')
        .addColumn('sales_rep', 'varchar(50)')
        .addColumn('customer_service_rep_name', 'varchar(50)')
        .addColumn('purchase_order_number', 'varchar(100)')
        .addColumn('invoice_template_id', 'varchar(64)')
        .addColumn('credit_memo_template_id', 'varchar(64)')
        .addColumn('debit_memo_template_id', 'varchar(64)')
        .addColumn('summary_statement_template_id', 'varchar(64)')
        .addColumn('communication_profile_id', 'varchar(64)')
        .addColumn('profile_number', 'varchar(64)')
        .addColumn('sequence_set_id', 'varchar(32)')
        .addColumn('payment_gateway', 'varchar(255)')
        .addColumn('organization_label', 'varchar(255)')
        .addColumn('tagging', 'text')
        .addColumn('invoice_delivery_prefs_email', 'integer', (c) => c.notNull())
        .addColumn('invoice_delivery_prefs_print', 'integer', (c) => c.notNull())
        .addColumn('partner_account', 'integer', (c) => c.notNull())
        .addColumn('gateway_routing_eligible', 'integer', (c) => c.notNull())
        .addColumn('additional_email_addresses', 'text', (c) => c.notNull())
        .addColumn('tax_info', 'text')
        .addColumn('einvoice_profile', 'text')
        .addColumn('default_payment_method_id', 'varchar(32)')
        .addColumn('cascading_consent', 'integer', (c) => c.notNull())
        .addColumn('cascading_priorities', 'text', (c) => c.notNull())
        .addColumn('custom_fields', 'text', (c) => c.notNull())
        .addColumn('deleted', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('accounts_tenant_number').on('accounts').columns(['tenant_id', 'account_number']).unique().execute();
      await db.schema.createIndex('accounts_tenant_parent').on('accounts').columns(['tenant_id', 'parent_id']).execute();
    },
  },
  '0211_accounts_last_booking_date': {
    // The order date of the latest order placed for the account (null until one is).
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema.alterTable('accounts').addColumn('last_booking_date', 'varchar(10)').execute();
    },
  },
};
