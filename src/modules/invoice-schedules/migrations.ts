import type { Kysely, Migration } from 'kysely';

/** Invoice schedules, their items, and the subscription charges each holds. */
export const invoiceScheduleTables = ['invoice_schedule_charges', 'invoice_schedule_items', 'invoice_schedules'];

export const migrations: Record<string, Migration> = {
  '0680_invoice_schedules_init': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('invoice_schedules')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('number', 'varchar(50)', (c) => c.notNull())
        .addColumn('account_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        // Pending, PartiallyProcessed, FullyProcessed (from the items), Paused (paused = 1)
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('paused', 'integer', (c) => c.notNull())
        .addColumn('notes', 'varchar(255)')
        .addColumn('invoice_separately', 'integer', (c) => c.notNull())
        // the next pending item's run date, or the date PUT nextRunDate set (next_run_date_set = 1)
        .addColumn('next_run_date', 'varchar(10)')
        .addColumn('next_run_date_set', 'integer', (c) => c.notNull())
        // what the charges held are worth (percentage items take their share of it) and the figures of the items
        .addColumn('charges_amount', 'text', (c) => c.notNull())
        .addColumn('total_amount', 'text', (c) => c.notNull())
        .addColumn('actual_amount', 'text', (c) => c.notNull())
        .addColumn('billed_amount', 'text', (c) => c.notNull())
        .addColumn('unbilled_amount', 'text', (c) => c.notNull())
        // JSON lists as given: order numbers, [{orderKey, subscriptionKey, chargeNumbers}], subscription numbers
        .addColumn('orders', 'text', (c) => c.notNull())
        .addColumn('specific_subscriptions', 'text', (c) => c.notNull())
        .addColumn('additional_subscriptions', 'text', (c) => c.notNull())
        .addColumn('custom_fields', 'text', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('invoice_schedules_tenant_number').on('invoice_schedules').columns(['tenant_id', 'number']).unique().execute();
      await db.schema.createIndex('invoice_schedules_tenant_account').on('invoice_schedules').columns(['tenant_id', 'account_id']).execute();
      await db.schema.createIndex('invoice_schedules_tenant_next').on('invoice_schedules').columns(['tenant_id', 'next_run_date']).execute();
      await db.schema
        .createTable('invoice_schedule_items')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('schedule_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('name', 'varchar(100)')
        // one of amount and percentage was given; actual_amount is what the item bills
        .addColumn('amount', 'text')
        .addColumn('percentage', 'text')
        .addColumn('actual_amount', 'text', (c) => c.notNull())
        // null: not known yet (such an item is not executed until it has one)
        .addColumn('run_date', 'varchar(10)')
        .addColumn('target_date_for_additional', 'varchar(10)')
        // Pending, Executing, Processed
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('invoice_id', 'varchar(32)')
        .addColumn('credit_memo_id', 'varchar(32)')
        .addColumn('bill_run_id', 'varchar(32)')
        .addColumn('custom_fields', 'text', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('invoice_schedule_items_schedule').on('invoice_schedule_items').columns(['tenant_id', 'schedule_id', 'seq']).execute();
      await db.schema
        .createTable('invoice_schedule_charges')
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('schedule_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('account_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('original_charge_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('charge_number', 'varchar(50)', (c) => c.notNull())
        .addColumn('subscription_number', 'varchar(50)', (c) => c.notNull())
        .addColumn('order_number', 'varchar(50)')
        .addColumn('seq', 'integer', (c) => c.notNull())
        // what the charge is worth over its term, and what the schedule's items billed of it
        .addColumn('total_amount', 'text', (c) => c.notNull())
        .addColumn('billed_amount', 'text', (c) => c.notNull())
        .addColumn('detached', 'integer', (c) => c.notNull())
        // JSON: the charge's invoice item fields (a billing ProposedItem without the amount)
        .addColumn('template', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('invoice_schedule_charges_pk').on('invoice_schedule_charges').columns(['tenant_id', 'original_charge_id']).unique().execute();
      await db.schema.createIndex('invoice_schedule_charges_schedule').on('invoice_schedule_charges').columns(['tenant_id', 'schedule_id']).execute();
      await db.schema.createIndex('invoice_schedule_charges_account').on('invoice_schedule_charges').columns(['tenant_id', 'account_id']).execute();
    },
  },
  '0681_invoice_schedule_charges_subscription': {
    // an order's hooks and deletion guard find the schedules holding a subscription's charges
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex('invoice_schedule_charges_subscription').on('invoice_schedule_charges').columns(['tenant_id', 'subscription_number']).execute();
    },
  },
};
