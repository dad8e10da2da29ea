import type { Kysely, Migration } from 'kysely';

/** Payment schedules and their items (children first, for reset). */
export const paymentScheduleTables = ['payment_schedule_items', 'payment_schedules'];

export const migrations: Record<string, Migration> = {
  '0860_payment_schedules_init': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('payment_schedules')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('number', 'varchar(50)', (c) => c.notNull())
        .addColumn('account_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('is_custom', 'integer', (c) => c.notNull())
        .addColumn('start_date', 'varchar(10)', (c) => c.notNull())
        // Monthly, Weekly, BiWeekly (null for a custom schedule)
        .addColumn('period', 'varchar(10)')
        .addColumn('run_hour', 'integer', (c) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        // what a recurring schedule's items each collect (null when given by totalAmount: the last item takes the rest)
        .addColumn('amount', 'text')
        // Active, Canceled (Completed is derived from the items)
        .addColumn('canceled', 'integer', (c) => c.notNull())
        // figures of the items, kept by every write (for the object query): Active, Canceled, Completed
        .addColumn('status', 'varchar(10)', (c) => c.notNull())
        .addColumn('total_amount', 'text', (c) => c.notNull())
        .addColumn('occurrences', 'integer', (c) => c.notNull())
        .addColumn('processed_count', 'integer', (c) => c.notNull())
        .addColumn('errored_count', 'integer', (c) => c.notNull())
        .addColumn('description', 'varchar(255)')
        .addColumn('payment_method_id', 'varchar(32)')
        .addColumn('payment_gateway_id', 'varchar(32)')
        .addColumn('payment_option', 'text')
        // JSON [{id, number, type}]
        .addColumn('billing_documents', 'text', (c) => c.notNull())
        .addColumn('cancel_date', 'varchar(10)')
        .addColumn('cancelled_by', 'varchar(32)')
        .addColumn('cancelled_on', 'varchar(40)')
        .addColumn('custom_fields', 'text', (c) => c.notNull())
        .addColumn('created_by', 'varchar(32)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_by', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('payment_schedules_tenant_number').on('payment_schedules').columns(['tenant_id', 'number']).unique().execute();
      await db.schema.createIndex('payment_schedules_tenant_account').on('payment_schedules').columns(['tenant_id', 'account_id']).execute();
      await db.schema
        .createTable('payment_schedule_items')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('schedule_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('account_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('scheduled_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('run_hour', 'integer', (c) => c.notNull())
        .addColumn('payment_method_id', 'varchar(32)')
        .addColumn('payment_gateway_id', 'varchar(32)')
        .addColumn('amount', 'text', (c) => c.notNull())
        .addColumn('balance', 'text', (c) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        // Pending, Processed, Error, Canceled
        .addColumn('status', 'varchar(10)', (c) => c.notNull())
        .addColumn('error_message', 'text')
        .addColumn('payment_id', 'varchar(32)')
        // JSON {id, number, type} or null
        .addColumn('billing_document', 'text')
        .addColumn('description', 'varchar(255)')
        .addColumn('payment_option', 'text')
        .addColumn('cancellation_reason', 'varchar(50)')
        .addColumn('cancelled_by', 'varchar(32)')
        .addColumn('cancelled_on', 'varchar(40)')
        .addColumn('custom_fields', 'text', (c) => c.notNull())
        .addColumn('created_by', 'varchar(32)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_by', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('payment_schedule_items_schedule').on('payment_schedule_items').columns(['tenant_id', 'schedule_id', 'seq']).execute();
      await db.schema.createIndex('payment_schedule_items_due').on('payment_schedule_items').columns(['tenant_id', 'status', 'scheduled_date']).execute();
    },
  },
};
