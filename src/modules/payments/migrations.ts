import type { Kysely, Migration } from 'kysely';

/** Children first: tenant reset empties them in this order. */
export const paymentTables = ['payment_item_parts', 'payment_parts', 'refunds', 'payments'];

export const migrations: Record<string, Migration> = {
  '0850_payments_init': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('payments')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        // creation order within the tenant (lists keep it when the tenant clock is frozen)
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('number', 'varchar(60)', (c) => c.notNull())
        // null for a payment not yet assigned to a customer account
        .addColumn('account_id', 'varchar(32)')
        // External, Electronic
        .addColumn('type', 'varchar(20)', (c) => c.notNull())
        // Processed, Error, Canceled
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        // exact decimals; unapplied = amount - applied - refunded
        .addColumn('amount', 'text', (c) => c.notNull())
        .addColumn('applied_amount', 'text', (c) => c.notNull())
        .addColumn('refund_amount', 'text', (c) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('effective_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('comment', 'text')
        .addColumn('payment_method_id', 'varchar(32)')
        // the external method type (Check, Cash, ...) when no payment method was named
        .addColumn('payment_method_type', 'varchar(40)')
        .addColumn('gateway_id', 'varchar(32)')
        .addColumn('gateway_order_id', 'varchar(50)')
        .addColumn('gateway_response', 'text')
        .addColumn('gateway_response_code', 'varchar(20)')
        // NotSubmitted, Submitted, Settled, FailedToSettle
        .addColumn('gateway_state', 'varchar(20)', (c) => c.notNull())
        .addColumn('gateway_reconciliation_status', 'varchar(40)')
        .addColumn('gateway_reconciliation_reason', 'text')
        .addColumn('auth_transaction_id', 'varchar(50)')
        .addColumn('reference_id', 'varchar(100)')
        .addColumn('second_reference_id', 'varchar(100)')
        .addColumn('soft_descriptor', 'varchar(35)')
        .addColumn('soft_descriptor_phone', 'varchar(20)')
        .addColumn('submitted_on', 'varchar(40)')
        .addColumn('settled_on', 'varchar(40)')
        .addColumn('cancelled_on', 'varchar(40)')
        // financeInformation, JSON
        .addColumn('finance', 'text', (c) => c.notNull())
        .addColumn('custom_fields', 'text', (c) => c.notNull())
        .addColumn('deleted', 'integer', (c) => c.notNull())
        .addColumn('created_by', 'varchar(32)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_by', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('payments_tenant_number').on('payments').columns(['tenant_id', 'number']).execute();
      await db.schema.createIndex('payments_tenant_account').on('payments').columns(['tenant_id', 'account_id']).execute();

      // What a payment is applied to: one part per document, holding the amount applied now.
      await db.schema
        .createTable('payment_parts')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('payment_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        // invoice, debitMemo
        .addColumn('document_kind', 'varchar(20)', (c) => c.notNull())
        .addColumn('document_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('document_number', 'varchar(60)', (c) => c.notNull())
        .addColumn('amount', 'text', (c) => c.notNull())
        .addColumn('created_by', 'varchar(32)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_by', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('payment_parts_payment').on('payment_parts').columns(['tenant_id', 'payment_id']).execute();

      // The items of a document a part settles (invoice items or debit memo items, or their tax items).
      await db.schema
        .createTable('payment_item_parts')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('part_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('payment_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('item_id', 'varchar(32)')
        .addColumn('tax_item_id', 'varchar(32)')
        .addColumn('amount', 'text', (c) => c.notNull())
        .addColumn('created_by', 'varchar(32)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_by', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('payment_item_parts_part').on('payment_item_parts').columns(['tenant_id', 'part_id']).execute();

      await db.schema
        .createTable('refunds')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('number', 'varchar(60)', (c) => c.notNull())
        .addColumn('payment_id', 'varchar(32)', (c) => c.notNull())
        // the refund's one part (a payment refund refunds one payment)
        .addColumn('part_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('item_part_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('account_id', 'varchar(32)')
        .addColumn('type', 'varchar(20)', (c) => c.notNull())
        .addColumn('method_type', 'varchar(40)')
        // Processed, Error, Canceled
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('amount', 'text', (c) => c.notNull())
        .addColumn('refund_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('reason_code', 'varchar(100)')
        .addColumn('comment', 'text')
        .addColumn('reference_id', 'varchar(100)')
        .addColumn('second_reference_id', 'varchar(100)')
        .addColumn('payment_method_id', 'varchar(32)')
        .addColumn('gateway_id', 'varchar(32)')
        .addColumn('gateway_response', 'text')
        .addColumn('gateway_response_code', 'varchar(20)')
        .addColumn('gateway_state', 'varchar(20)', (c) => c.notNull())
        .addColumn('gateway_reconciliation_status', 'varchar(40)')
        .addColumn('gateway_reconciliation_reason', 'text')
        .addColumn('refund_transaction_type', 'varchar(40)')
        .addColumn('soft_descriptor', 'varchar(35)')
        .addColumn('soft_descriptor_phone', 'varchar(20)')
        .addColumn('submitted_on', 'varchar(40)')
        .addColumn('settled_on', 'varchar(40)')
        .addColumn('cancelled_on', 'varchar(40)')
        .addColumn('transaction_at', 'varchar(40)')
        .addColumn('finance', 'text', (c) => c.notNull())
        .addColumn('custom_fields', 'text', (c) => c.notNull())
        .addColumn('deleted', 'integer', (c) => c.notNull())
        .addColumn('created_by', 'varchar(32)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_by', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('refunds_tenant_number').on('refunds').columns(['tenant_id', 'number']).execute();
      await db.schema.createIndex('refunds_tenant_payment').on('refunds').columns(['tenant_id', 'payment_id']).execute();
    },
  },
  '0851_payments_payment_option': {
    async up(db: Kysely<unknown>) {
      // paymentOption of POST /v1/payments (the transaction-level gateway options Zuora keeps and shows), JSON
      await db.schema.alterTable('payments').addColumn('payment_option', 'text').execute();
    },
  },
  '1000_payments_method_snapshot': {
    async up(db: Kysely<unknown>) {
      // the PaymentMethodSnapshot taken when the payment or refund went to the gateway (paymentMethodSnapshotId)
      await db.schema.alterTable('payments').addColumn('payment_method_snapshot_id', 'varchar(32)').execute();
      await db.schema.alterTable('refunds').addColumn('payment_method_snapshot_id', 'varchar(32)').execute();
    },
  },
};
