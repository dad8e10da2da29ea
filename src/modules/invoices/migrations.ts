import type { Kysely, Migration } from 'kysely';

/** Invoices and their items. The credit memo tables made here (0600) belong to the memos module now, which lists them for reset. */
export const invoiceTables = ['invoice_items', 'invoices'];

export const migrations: Record<string, Migration> = {
  '0600_invoices_init': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('invoices')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('invoice_number', 'varchar(100)', (c) => c.notNull())
        .addColumn('account_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('account_number', 'varchar(50)', (c) => c.notNull())
        // Draft, Posted, Canceled
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('invoice_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('target_date', 'varchar(10)')
        .addColumn('due_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        // decimal strings: amount = sum of the items (+ tax); balance = what is still owed
        .addColumn('amount', 'text', (c) => c.notNull())
        .addColumn('amount_without_tax', 'text', (c) => c.notNull())
        .addColumn('tax_amount', 'text', (c) => c.notNull())
        .addColumn('balance', 'text', (c) => c.notNull())
        .addColumn('payment_term', 'varchar(100)')
        .addColumn('comments', 'varchar(255)')
        .addColumn('auto_pay', 'integer', (c) => c.notNull())
        .addColumn('transferred_to_accounting', 'varchar(20)', (c) => c.notNull())
        .addColumn('bill_run_id', 'varchar(32)')
        // BillRun or API; sourceId the bill run or order number
        .addColumn('source', 'varchar(20)', (c) => c.notNull())
        .addColumn('source_id', 'varchar(100)')
        .addColumn('source_type', 'varchar(20)', (c) => c.notNull())
        .addColumn('sequence_set_id', 'varchar(32)')
        .addColumn('template_id', 'varchar(32)')
        .addColumn('communication_profile_id', 'varchar(32)')
        .addColumn('bill_to_contact_id', 'varchar(32)')
        .addColumn('sold_to_contact_id', 'varchar(32)')
        .addColumn('ship_to_contact_id', 'varchar(32)')
        .addColumn('includes_one_time', 'integer', (c) => c.notNull())
        .addColumn('includes_recurring', 'integer', (c) => c.notNull())
        .addColumn('includes_usage', 'integer', (c) => c.notNull())
        .addColumn('posted_date', 'varchar(10)')
        .addColumn('posted_on', 'varchar(40)')
        .addColumn('cancelled_on', 'varchar(40)')
        .addColumn('custom_fields', 'text', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('invoices_tenant_number').on('invoices').columns(['tenant_id', 'invoice_number']).unique().execute();
      await db.schema.createIndex('invoices_tenant_account').on('invoices').columns(['tenant_id', 'account_id', 'invoice_date']).execute();
      await db.schema.createIndex('invoices_tenant_bill_run').on('invoices').columns(['tenant_id', 'bill_run_id']).execute();
      for (const table of ['invoice_items', 'credit_memo_items']) {
        await db.schema
          .createTable(table)
          .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
          .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
          .addColumn('document_id', 'varchar(32)', (c) => c.notNull())
          .addColumn('account_id', 'varchar(32)', (c) => c.notNull())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('subscription_id', 'varchar(32)')
          .addColumn('subscription_number', 'varchar(100)')
          .addColumn('rate_plan_id', 'varchar(32)')
          .addColumn('product_id', 'varchar(32)')
          .addColumn('product_name', 'varchar(255)')
          .addColumn('product_rate_plan_id', 'varchar(32)')
          .addColumn('product_rate_plan_charge_id', 'varchar(32)')
          // the subscription charge of the rated version, and its id in the version that added it
          .addColumn('charge_id', 'varchar(32)')
          .addColumn('original_charge_id', 'varchar(32)')
          .addColumn('charge_number', 'varchar(50)')
          .addColumn('charge_name', 'varchar(255)')
          .addColumn('charge_type', 'varchar(20)')
          .addColumn('charge_model', 'varchar(50)')
          // Charge or Discount
          .addColumn('processing_type', 'varchar(20)', (c) => c.notNull())
          // inclusive, as Zuora prints them
          .addColumn('service_start_date', 'varchar(10)', (c) => c.notNull())
          .addColumn('service_end_date', 'varchar(10)', (c) => c.notNull())
          .addColumn('quantity', 'text')
          .addColumn('unit_price', 'text')
          .addColumn('uom', 'varchar(100)')
          // signed decimal strings as billed (a credit memo item keeps the credited amount, positive)
          .addColumn('amount', 'text', (c) => c.notNull())
          .addColumn('tax_amount', 'text', (c) => c.notNull())
          .addColumn('balance', 'text', (c) => c.notNull())
          .addColumn('applied_to_charge_number', 'varchar(50)')
          .addColumn('applied_to_item_id', 'varchar(32)')
          // for a credit of something billed before: the invoice item it gives back
          .addColumn('credits_item_id', 'varchar(32)')
          .addColumn('charge_date', 'varchar(40)', (c) => c.notNull())
          .execute();
        await db.schema.createIndex(`${table}_tenant_document`).on(table).columns(['tenant_id', 'document_id', 'seq']).execute();
        await db.schema.createIndex(`${table}_tenant_account`).on(table).columns(['tenant_id', 'account_id']).execute();
      }
      await db.schema
        .createTable('credit_memos')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('memo_number', 'varchar(100)', (c) => c.notNull())
        .addColumn('account_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('account_number', 'varchar(50)', (c) => c.notNull())
        // Draft, Posted, Canceled
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('memo_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('target_date', 'varchar(10)')
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('amount', 'text', (c) => c.notNull())
        .addColumn('tax_amount', 'text', (c) => c.notNull())
        .addColumn('unapplied_amount', 'text', (c) => c.notNull())
        .addColumn('bill_run_id', 'varchar(32)')
        .addColumn('source', 'varchar(20)', (c) => c.notNull())
        .addColumn('source_id', 'varchar(100)')
        .addColumn('source_type', 'varchar(20)', (c) => c.notNull())
        .addColumn('sequence_set_id', 'varchar(32)')
        .addColumn('reason_code', 'varchar(100)')
        .addColumn('bill_to_contact_id', 'varchar(32)')
        .addColumn('sold_to_contact_id', 'varchar(32)')
        .addColumn('posted_on', 'varchar(40)')
        .addColumn('cancelled_on', 'varchar(40)')
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('credit_memos_tenant_number').on('credit_memos').columns(['tenant_id', 'memo_number']).unique().execute();
      await db.schema.createIndex('credit_memos_tenant_account').on('credit_memos').columns(['tenant_id', 'account_id']).execute();
      await db.schema.createIndex('credit_memos_tenant_bill_run').on('credit_memos').columns(['tenant_id', 'bill_run_id']).execute();
    },
  },
};
