import type { Kysely, Migration } from 'kysely';

/** Bill runs: one row each (a scheduled series is a row per occurrence, the next made when one runs or is canceled once). */
export const billRunTables = ['bill_runs'];

export const billRunMigrations: Record<string, Migration> = {
  '0660_bill_runs_init': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('bill_runs')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('bill_run_number', 'varchar(50)', (c) => c.notNull())
        .addColumn('name', 'varchar(255)')
        // Pending, Processing, Completed, Error, Canceled, Posted
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        // the dates this run bills with; null for a scheduled run until it runs (then the dates it used)
        .addColumn('target_date', 'varchar(10)')
        .addColumn('invoice_date', 'varchar(10)')
        // JSON: the request's options as given (batches, billCycleDay, billRunFilters, chargeTypeToExclude, schedule, offsets)
        .addColumn('options', 'text', (c) => c.notNull())
        .addColumn('auto_post', 'integer', (c) => c.notNull())
        .addColumn('no_email_for_zero_amount_invoice', 'integer', (c) => c.notNull())
        // a scheduled run: the day it falls due (tenant clock) and the series it belongs to
        .addColumn('scheduled_date', 'varchar(10)')
        .addColumn('series_id', 'varchar(32)')
        .addColumn('job_id', 'varchar(32)')
        // JSON list of the accounts that failed: [{accountNumber, reasons}]
        .addColumn('failures', 'text', (c) => c.notNull())
        .addColumn('documents_count', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('bill_runs_tenant_number').on('bill_runs').columns(['tenant_id', 'bill_run_number']).unique().execute();
      await db.schema.createIndex('bill_runs_tenant_scheduled').on('bill_runs').columns(['tenant_id', 'status', 'scheduled_date']).execute();
    },
  },
  '0661_bill_runs_volume': {
    // what a run made, by kind, and when it ran (GET /system-health/billing-documents/volume-summary)
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('bill_runs').addColumn('executed_at', 'varchar(40)').execute();
      await db.schema.alterTable('bill_runs').addColumn('invoices_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('bill_runs').addColumn('credit_memos_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.createIndex('bill_runs_tenant_executed').on('bill_runs').columns(['tenant_id', 'executed_at']).execute();
    },
  },
};
