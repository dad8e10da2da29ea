import type { Kysely, Migration } from 'kysely';

/** Summary statement runs and their statements (children first, for reset). */
export const summaryStatementTables = ['summary_statements', 'summary_statement_runs'];

export const migrations: Record<string, Migration> = {
  '0880_summary_statements_init': {
    async up(db: Kysely<unknown>) {
      // A run (POST /v1/summary-statement-runs): the accounts it selects and the period, made by a job.
      await db.schema
        .createTable('summary_statement_runs')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        // SSR-00000001
        .addColumn('number', 'varchar(50)', (c) => c.notNull())
        // AdHoc
        .addColumn('run_type', 'varchar(20)', (c) => c.notNull())
        .addColumn('target_account_category', 'varchar(60)', (c) => c.notNull())
        // the accountKey as given (SingleAccount) and the account it names
        .addColumn('account_key', 'varchar(70)')
        .addColumn('account_id', 'varchar(32)')
        .addColumn('batch_name', 'varchar(50)')
        // as given, '01' to '31'
        .addColumn('bill_cycle_day', 'varchar(2)')
        .addColumn('date_range_type', 'varchar(40)', (c) => c.notNull())
        .addColumn('start_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('end_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('auto_email_enabled', 'integer', (c) => c.notNull())
        .addColumn('description', 'text')
        // Pending, Processing (inside the job's transaction), Completed, Error
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('number_of_accounts', 'integer')
        .addColumn('error_message', 'text')
        .addColumn('created_by', 'varchar(32)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_by', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('summary_statement_runs_number').on('summary_statement_runs').columns(['tenant_id', 'number']).execute();
      // One statement of an account made by a run: its figures and its PDF (a file of the documents module).
      await db.schema
        .createTable('summary_statements')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        // SS-00000001
        .addColumn('number', 'varchar(50)', (c) => c.notNull())
        .addColumn('run_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('account_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('start_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('end_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('statement_date', 'varchar(10)', (c) => c.notNull())
        // Completed, Error
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        // null: no email asked for
        .addColumn('email_status', 'varchar(20)')
        .addColumn('file_id', 'varchar(32)')
        .addColumn('currency', 'varchar(3)')
        // decimal strings
        .addColumn('opening_balance', 'text')
        .addColumn('closing_balance', 'text')
        // JSON: the statement's lines and totals (rules.ts StatementFigures)
        .addColumn('figures', 'text')
        .addColumn('error_category', 'varchar(40)')
        .addColumn('error_message', 'text')
        .addColumn('created_by', 'varchar(32)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_by', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('summary_statements_run').on('summary_statements').columns(['tenant_id', 'run_id']).execute();
      await db.schema.createIndex('summary_statements_account').on('summary_statements').columns(['tenant_id', 'account_id']).execute();
      await db.schema.createIndex('summary_statements_number').on('summary_statements').columns(['tenant_id', 'number']).execute();
    },
  },
};
