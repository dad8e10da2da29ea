import type { Kysely, Migration } from 'kysely';

/** Retry attempts, cycles, the failed payments seen, the tenant's configuration (children first, for reset). */
export const paymentRetryTables = ['retry_attempts', 'retry_cycles', 'retry_failed_payments', 'retry_settings'];

export const migrations: Record<string, Migration> = {
  '0865_payment_retry_init': {
    async up(db: Kysely<unknown>) {
      // the tenant's Configurable Payment Retry configuration (JSON, see config.ts); no row: the defaults
      await db.schema
        .createTable('retry_settings')
        .addColumn('tenant_id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('config', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      // every failed electronic payment with the documents it was to pay (submit_failed_payment reads them)
      await db.schema
        .createTable('retry_failed_payments')
        .addColumn('payment_id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('account_id', 'varchar(32)', (c) => c.notNull())
        // JSON [{kind, key, amount}]
        .addColumn('documents', 'text', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('retry_cycles')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        // the number CPR's messages show ("Payments with the following IDs ...: [1, 2]")
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('account_id', 'varchar(32)', (c) => c.notNull())
        // invoice or debitMemo
        .addColumn('document_kind', 'varchar(10)', (c) => c.notNull())
        .addColumn('document_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('payment_method_id', 'varchar(32)')
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        // 1 while the cycle is active (Cycle Incomplete), 0 once complete
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('current_attempt_number', 'integer', (c) => c.notNull())
        .addColumn('next_attempt', 'varchar(40)')
        .addColumn('customer_group_id', 'integer', (c) => c.notNull())
        .addColumn('customer_group', 'varchar(255)', (c) => c.notNull())
        // the document's balance when the cycle started (metrics: amount recovered, days outstanding)
        .addColumn('started_at', 'varchar(40)', (c) => c.notNull())
        // Collected, Stopped (by its rules), Removed, Exhausted (no rule for the next attempt), External (paid or closed outside the cycle), Refused (a retry the payment rules refused)
        .addColumn('outcome', 'varchar(12)')
        .addColumn('ended_at', 'varchar(40)')
        .execute();
      await db.schema.createIndex('retry_cycles_document').on('retry_cycles').columns(['tenant_id', 'document_id', 'seq']).execute();
      await db.schema.createIndex('retry_cycles_account').on('retry_cycles').columns(['tenant_id', 'account_id', 'seq']).execute();
      await db.schema.createIndex('retry_cycles_seq').on('retry_cycles').columns(['tenant_id', 'seq']).unique().execute();
      await db.schema
        .createTable('retry_attempts')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('cycle_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('attempt_number', 'integer', (c) => c.notNull())
        .addColumn('payment_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('payment_number', 'varchar(50)', (c) => c.notNull())
        .addColumn('time_of_execution', 'varchar(40)', (c) => c.notNull())
        .addColumn('cpr_generated', 'integer', (c) => c.notNull())
        .addColumn('success', 'integer', (c) => c.notNull())
        .addColumn('amount_collected', 'text', (c) => c.notNull())
        // Retry, Stop (null on a successful attempt)
        .addColumn('action', 'varchar(10)')
        .addColumn('retry_next', 'varchar(40)')
        .addColumn('retry_criteria', 'varchar(40)')
        .addColumn('label', 'varchar(40)')
        .addColumn('customer_group_id', 'integer', (c) => c.notNull())
        .addColumn('gateway_id', 'varchar(32)')
        .addColumn('gateway_code', 'varchar(40)')
        .addColumn('gateway_response', 'text')
        .execute();
      await db.schema.createIndex('retry_attempts_cycle').on('retry_attempts').columns(['tenant_id', 'cycle_id', 'attempt_number']).unique().execute();
    },
  },
};
