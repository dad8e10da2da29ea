import type { Migration } from 'kysely';

/**
 * Orders, their actions, subscription versions (one row per version; the
 * version's rate plans, charges and segments live in its `doc` JSON), index
 * rows for rate plans and charges, and async jobs.
 */
export const subscriptionMigrations: Record<string, Migration> = {
  '0400_subscriptions_init': {
    async up(db) {
      await db.schema
        .createTable('sub_orders')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('order_number', 'varchar(64)', (c) => c.notNull())
        .addColumn('order_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('account_id', 'varchar(32)')
        .addColumn('account_number', 'varchar(70)')
        .addColumn('description', 'text')
        .addColumn('category', 'varchar(20)')
        .addColumn('reason_code', 'varchar(255)')
        .addColumn('scheduled_date', 'varchar(10)')
        .addColumn('currency', 'varchar(3)')
        .addColumn('request_json', 'text', (c) => c.notNull())
        .addColumn('subscriptions_json', 'text', (c) => c.notNull())
        .addColumn('custom_fields', 'text', (c) => c.notNull())
        .addColumn('created_date', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_date', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sub_orders_number').on('sub_orders').columns(['tenant_id', 'order_number']).unique().execute();
      await db.schema
        .createTable('sub_order_actions')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('order_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('sequence', 'integer', (c) => c.notNull())
        .addColumn('type', 'varchar(32)', (c) => c.notNull())
        .addColumn('subscription_number', 'varchar(100)')
        .addColumn('subscription_version', 'integer')
        .addColumn('contract_effective_date', 'varchar(10)')
        .addColumn('service_activation_date', 'varchar(10)')
        .addColumn('customer_acceptance_date', 'varchar(10)')
        .addColumn('change_reason', 'text')
        .addColumn('action_json', 'text', (c) => c.notNull())
        .addColumn('custom_fields', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sub_order_actions_order').on('sub_order_actions').columns(['tenant_id', 'order_id']).execute();
      await db.schema
        .createTable('sub_versions')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('subscription_number', 'varchar(100)', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('latest', 'integer', (c) => c.notNull())
        .addColumn('account_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('invoice_owner_account_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('status', 'varchar(32)', (c) => c.notNull())
        .addColumn('order_id', 'varchar(32)')
        .addColumn('term_end_date', 'varchar(10)')
        .addColumn('doc', 'text', (c) => c.notNull())
        .addColumn('created_date', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sub_versions_number').on('sub_versions').columns(['tenant_id', 'subscription_number', 'version']).unique().execute();
      await db.schema.createIndex('sub_versions_account').on('sub_versions').columns(['tenant_id', 'account_id', 'latest']).execute();
      await db.schema
        .createTable('sub_rate_plans')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('version_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('subscription_number', 'varchar(100)', (c) => c.notNull())
        .addColumn('product_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('product_rate_plan_id', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sub_rate_plans_prp').on('sub_rate_plans').columns(['tenant_id', 'product_rate_plan_id']).execute();
      await db.schema.createIndex('sub_rate_plans_product').on('sub_rate_plans').columns(['tenant_id', 'product_id']).execute();
      await db.schema
        .createTable('sub_charges')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('version_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('rate_plan_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('subscription_number', 'varchar(100)', (c) => c.notNull())
        .addColumn('charge_number', 'varchar(50)', (c) => c.notNull())
        .addColumn('product_rate_plan_charge_id', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sub_charges_prpc').on('sub_charges').columns(['tenant_id', 'product_rate_plan_charge_id']).execute();
      await db.schema
        .createTable('sub_jobs')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('job_type', 'varchar(40)', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('result_json', 'text')
        .addColumn('errors_json', 'text')
        .addColumn('created_date', 'varchar(40)', (c) => c.notNull())
        .execute();
    },
  },
};

export const subscriptionTables = ['sub_jobs', 'sub_charges', 'sub_rate_plans', 'sub_versions', 'sub_order_actions', 'sub_orders'];
