import type { Kysely, Migration } from 'kysely';

export const migrations: Record<string, Migration> = {
  '0650_billing_preview_runs': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('billing_preview_runs')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('run_number', 'varchar(20)', (c) => c.notNull())
        // Pending, Processing, Completed, Error, Canceled
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('target_date', 'varchar(10)', (c) => c.notNull())
        // the request's options as given: assumeRenewal, batches, chargeTypeToExclude, including*, storageOption
        .addColumn('options', 'text', (c) => c.notNull())
        .addColumn('total_accounts', 'integer', (c) => c.notNull())
        .addColumn('succeeded_accounts', 'integer', (c) => c.notNull())
        .addColumn('error_message', 'text')
        .addColumn('file_id', 'varchar(32)')
        .addColumn('created_date', 'varchar(40)', (c) => c.notNull())
        .addColumn('start_date', 'varchar(40)')
        .addColumn('end_date', 'varchar(40)')
        .addColumn('updated_date', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('billing_preview_runs_tenant').on('billing_preview_runs').columns(['tenant_id', 'run_number']).unique().execute();
      await db.schema
        .createTable('billing_files')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('name', 'varchar(255)', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('created_date', 'varchar(40)', (c) => c.notNull())
        .execute();
    },
  },
  '0651_operation_jobs': {
    // the operation jobs of GET /v1/operations/jobs/{jobId}: an invoice's deletion (reversal once it exists)
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('operation_jobs')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('object_id', 'varchar(32)', (c) => c.notNull())
        // Invoice
        .addColumn('object_type', 'varchar(20)', (c) => c.notNull())
        // Delete, Reverse
        .addColumn('operation_type', 'varchar(20)', (c) => c.notNull())
        // Pending, Processing, Failed, Completed
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        // JSON list of {code, message} when Failed
        .addColumn('reasons', 'text')
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .execute();
    },
  },
  '0652_bill_cycle_day_changes': {
    // an account's bill cycle day changes (PUT /v1/accounts): periods billed before a change keep their grid
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('bill_cycle_day_changes')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('account_id', 'varchar(32)', (c) => c.notNull())
        // the tenant's date of the change
        .addColumn('change_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('from_day', 'integer', (c) => c.notNull())
        .addColumn('to_day', 'integer', (c) => c.notNull())
        // the account's changes in order (a frozen tenant clock gives several the same instant)
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('bill_cycle_day_changes_account').on('bill_cycle_day_changes').columns(['tenant_id', 'account_id']).execute();
    },
  },
};
