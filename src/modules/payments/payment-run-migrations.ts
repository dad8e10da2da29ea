import type { Kysely, Migration } from 'kysely';

/** Payment runs (Zuora's "Create a payment run"): one row a run; what it was asked and what it did, as JSON. */
export const paymentRunTables = ['payment_runs'];

export const paymentRunMigrations: Record<string, Migration> = {
  '0856_payment_runs_init': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('payment_runs')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('number', 'varchar(20)', (c) => c.notNull())
        // Pending, Processing, Completed, Error, Canceled
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('target_date', 'varchar(10)')
        // a scheduled run's hour, 'yyyy-mm-dd hh:00:00' in the tenant's time zone
        .addColumn('run_date', 'varchar(19)')
        // the request's filters and flags (PaymentRunOptions)
        .addColumn('options', 'text', (c) => c.notNull())
        // what the run did: each receivable's result and the summary figures (null until it ran)
        .addColumn('results', 'text')
        .addColumn('job_id', 'varchar(32)')
        .addColumn('executed_on', 'varchar(40)')
        .addColumn('completed_on', 'varchar(40)')
        .addColumn('created_by', 'varchar(32)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_by', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('payment_runs_tenant_number').on('payment_runs').columns(['tenant_id', 'number']).execute();
    },
  },
};
