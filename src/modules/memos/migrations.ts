import { sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';

/**
 * The memos module's tables. `credit_memos` and `credit_memo_items` were first made by the invoices
 * migration (0600, for bill runs' net negative results); this module owns them now and adds their
 * columns here. Children first, for reset.
 */
export const memoTables = [
  'memo_refunds',
  'memo_application_items',
  'memo_applications',
  'debit_memo_items',
  'debit_memos',
  'credit_memo_items',
  'credit_memos',
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type T = CreateTableBuilder<any, any>;

/** The columns of a memo item (the shape of invoice_items, as the invoices migration made it for credit memo items). */
function itemColumns(t: T): T {
  return t
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
    .addColumn('charge_id', 'varchar(32)')
    .addColumn('original_charge_id', 'varchar(32)')
    .addColumn('charge_number', 'varchar(50)')
    .addColumn('charge_name', 'varchar(255)')
    .addColumn('charge_type', 'varchar(20)')
    .addColumn('charge_model', 'varchar(50)')
    .addColumn('processing_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('service_start_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('service_end_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('quantity', 'text')
    .addColumn('unit_price', 'text')
    .addColumn('uom', 'varchar(100)')
    .addColumn('amount', 'text', (c) => c.notNull())
    .addColumn('tax_amount', 'text', (c) => c.notNull())
    .addColumn('balance', 'text', (c) => c.notNull())
    .addColumn('applied_to_charge_number', 'varchar(50)')
    .addColumn('applied_to_item_id', 'varchar(32)')
    .addColumn('credits_item_id', 'varchar(32)')
    .addColumn('charge_date', 'varchar(40)', (c) => c.notNull());
}

/** Columns both memo kinds gain over the bill run's minimal credit memo. */
const EXTRA_MEMO_COLUMNS: Array<[string, 'text' | 'integer' | 'varchar(32)' | 'varchar(10)' | 'varchar(20)' | 'varchar(40)' | 'varchar(255)' | 'varchar(100)', string | null]> = [
  ['referred_invoice_id', 'varchar(32)', null],
  ['comment', 'varchar(255)', null],
  ['custom_fields', 'text', "'{}'"],
  ['auto_apply_upon_posting', 'integer', '0'],
  ['exclude_from_auto_apply_rules', 'integer', '0'],
  ['transferred_to_accounting', 'varchar(20)', "'No'"],
  ['reversed', 'integer', '0'],
  // Zuora's `source` of a memo made by the API: AdhocFromInvoice, AdhocFromPrpc, BillRun, ...
  ['origin', 'varchar(20)', null],
  ['effective_date', 'varchar(10)', null],
  ['unposted_on', 'varchar(40)', null],
];

/** Extra columns of memo items. */
const EXTRA_ITEM_COLUMNS: Array<[string, 'text' | 'varchar(255)' | 'varchar(32)' | 'varchar(40)', string | null]> = [
  ['comment', 'varchar(255)', null],
  ['sku_name', 'varchar(255)', null],
  // InvoiceItem / InvoiceDetail / ... for memos made from an invoice item; the invoice item's id in source_item_id
  ['source_item_type', 'varchar(40)', null],
  ['source_item_id', 'varchar(32)', null],
  ['custom_fields', 'text', "'{}'"],
];

export const migrations: Record<string, Migration> = {
  '0660_memos_init': {
    async up(db: Kysely<unknown>) {
      for (const [name, type, dflt] of EXTRA_MEMO_COLUMNS) {
        await db.schema.alterTable('credit_memos').addColumn(name, type, (c) => (dflt === null ? c : c.notNull().defaultTo(sql.raw(dflt)))).execute();
      }
      // a credit memo's unapplied amount = amount - applied - refunded, each kept as it changes
      for (const name of ['applied_amount', 'refund_amount']) {
        await db.schema.alterTable('credit_memos').addColumn(name, 'text', (c) => c.notNull().defaultTo('0')).execute();
        await db.schema.alterTable('credit_memo_items').addColumn(name, 'text', (c) => c.notNull().defaultTo('0')).execute();
      }
      for (const [name, type, dflt] of EXTRA_ITEM_COLUMNS) {
        await db.schema.alterTable('credit_memo_items').addColumn(name, type, (c) => (dflt === null ? c : c.notNull().defaultTo(sql.raw(dflt)))).execute();
      }

      let dm = db.schema
        .createTable('debit_memos')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('memo_number', 'varchar(100)', (c) => c.notNull())
        .addColumn('account_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('account_number', 'varchar(50)', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('memo_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('target_date', 'varchar(10)')
        .addColumn('due_date', 'varchar(10)')
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('amount', 'text', (c) => c.notNull())
        .addColumn('tax_amount', 'text', (c) => c.notNull())
        // what is still owed
        .addColumn('balance', 'text', (c) => c.notNull())
        .addColumn('payment_term', 'varchar(100)')
        .addColumn('auto_pay', 'integer', (c) => c.notNull())
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
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull());
      for (const [name, type, dflt] of EXTRA_MEMO_COLUMNS) dm = dm.addColumn(name, type, (c) => (dflt === null ? c : c.notNull().defaultTo(sql.raw(dflt))));
      await dm.execute();
      await db.schema.createIndex('debit_memos_tenant_number').on('debit_memos').columns(['tenant_id', 'memo_number']).unique().execute();
      await db.schema.createIndex('debit_memos_tenant_account').on('debit_memos').columns(['tenant_id', 'account_id']).execute();

      let dmi = itemColumns(db.schema.createTable('debit_memo_items'));
      for (const [name, type, dflt] of EXTRA_ITEM_COLUMNS) dmi = dmi.addColumn(name, type, (c) => (dflt === null ? c : c.notNull().defaultTo(sql.raw(dflt))));
      await dmi.execute();
      await db.schema.createIndex('debit_memo_items_tenant_document').on('debit_memo_items').columns(['tenant_id', 'document_id', 'seq']).execute();

      // One row per application or unapplication of a credit memo (an unapply is a new row with a
      // negative amount: nothing applied is ever changed or deleted).
      await db.schema
        .createTable('memo_applications')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('credit_memo_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('account_id', 'varchar(32)', (c) => c.notNull())
        // invoice or debitMemo
        .addColumn('target_kind', 'varchar(20)', (c) => c.notNull())
        .addColumn('target_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('target_number', 'varchar(100)', (c) => c.notNull())
        .addColumn('amount', 'text', (c) => c.notNull())
        .addColumn('effective_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('memo_applications_tenant_memo').on('memo_applications').columns(['tenant_id', 'credit_memo_id', 'seq']).execute();
      await db.schema.createIndex('memo_applications_tenant_target').on('memo_applications').columns(['tenant_id', 'target_id']).execute();

      await db.schema
        .createTable('memo_application_items')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('application_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('credit_memo_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('credit_memo_item_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('target_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('target_item_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('amount', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('memo_application_items_tenant_memo').on('memo_application_items').columns(['tenant_id', 'credit_memo_id']).execute();

      // Refunds of credit memos (external ones; electronic refunds come with the payments module).
      await db.schema
        .createTable('memo_refunds')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('number', 'varchar(100)', (c) => c.notNull())
        .addColumn('credit_memo_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('account_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('type', 'varchar(20)', (c) => c.notNull())
        .addColumn('method_type', 'varchar(40)')
        .addColumn('amount', 'text', (c) => c.notNull())
        .addColumn('refund_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('comment', 'varchar(255)')
        .addColumn('reason_code', 'varchar(100)')
        .addColumn('reference_id', 'varchar(100)')
        .addColumn('items', 'text', (c) => c.notNull())
        .addColumn('custom_fields', 'text', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('memo_refunds_tenant_memo').on('memo_refunds').columns(['tenant_id', 'credit_memo_id']).execute();
    },
  },
  '1000_memos_electronic_refunds': {
    async up(db: Kysely<unknown>) {
      // electronic refunds of credit memos: the payment method, the gateway's answer, the snapshot taken
      for (const [col, type] of [
        ['status', 'varchar(20)'],
        ['payment_method_id', 'varchar(32)'],
        ['payment_method_snapshot_id', 'varchar(32)'],
        ['gateway_id', 'varchar(32)'],
        ['gateway_response', 'varchar(255)'],
        ['gateway_response_code', 'varchar(40)'],
        ['gateway_state', 'varchar(20)'],
        ['submitted_on', 'varchar(40)'],
      ] as const)
        await db.schema.alterTable('memo_refunds').addColumn(col, type).execute();
    },
  },
};
