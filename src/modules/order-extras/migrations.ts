import type { Kysely, Migration } from 'kysely';

/**
 * Tables of the order periphery: order line items and their fulfillments,
 * ramps (with one row per order that set them), subscription change logs and
 * omnichannel subscriptions. Optional descriptive fields of a row live in a
 * JSON `fields` column; what rules read or filter on has a column of its own.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('oe_order_line_items')
    .ifNotExists()
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('order_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('order_number', 'varchar(100)', (c) => c.notNull())
    .addColumn('order_date', 'varchar(10)')
    .addColumn('item_number', 'varchar(100)', (c) => c.notNull())
    .addColumn('item_category', 'varchar(20)', (c) => c.notNull())
    .addColumn('item_state', 'varchar(20)', (c) => c.notNull())
    .addColumn('billing_rule', 'varchar(40)', (c) => c.notNull())
    .addColumn('quantity', 'text', (c) => c.notNull())
    .addColumn('list_price_per_unit', 'text')
    .addColumn('amount_per_unit', 'text')
    .addColumn('inline_discount_type', 'varchar(20)')
    .addColumn('inline_discount_per_unit', 'text')
    .addColumn('bill_target_date', 'varchar(10)')
    .addColumn('transaction_start_date', 'varchar(10)')
    .addColumn('transaction_end_date', 'varchar(10)')
    .addColumn('account_id', 'varchar(32)')
    .addColumn('original_order_line_item_id', 'varchar(32)')
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('custom_fields', 'text', (c) => c.notNull())
    .addColumn('created_time', 'varchar(40)', (c) => c.notNull())
    .addColumn('updated_time', 'varchar(40)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oe_oli_order').ifNotExists().on('oe_order_line_items').columns(['tenant_id', 'order_number']).execute();

  await db.schema
    .createTable('oe_fulfillments')
    .ifNotExists()
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('fulfillment_number', 'varchar(40)', (c) => c.notNull())
    .addColumn('order_line_item_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('fulfillment_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('state', 'varchar(20)', (c) => c.notNull())
    .addColumn('quantity', 'text', (c) => c.notNull())
    .addColumn('fulfillment_date', 'varchar(10)')
    .addColumn('bill_target_date', 'varchar(10)')
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('custom_fields', 'text', (c) => c.notNull())
    .addColumn('created_time', 'varchar(40)', (c) => c.notNull())
    .addColumn('updated_time', 'varchar(40)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oe_ful_number').ifNotExists().on('oe_fulfillments').columns(['tenant_id', 'fulfillment_number']).execute();
  await db.schema.createIndex('oe_ful_oli').ifNotExists().on('oe_fulfillments').columns(['tenant_id', 'order_line_item_id']).execute();

  await db.schema
    .createTable('oe_fulfillment_items')
    .ifNotExists()
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('fulfillment_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('item_identifier', 'varchar(255)')
    .addColumn('description', 'text')
    .addColumn('custom_fields', 'text', (c) => c.notNull())
    .addColumn('created_time', 'varchar(40)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oe_fitem_ful').ifNotExists().on('oe_fulfillment_items').columns(['tenant_id', 'fulfillment_id']).execute();

  await db.schema
    .createTable('oe_ramps')
    .ifNotExists()
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('ramp_number', 'varchar(40)', (c) => c.notNull())
    .addColumn('subscription_number', 'varchar(100)', (c) => c.notNull())
    .addColumn('name', 'varchar(255)')
    .addColumn('description', 'text')
    .addColumn('intervals', 'text', (c) => c.notNull())
    .addColumn('charges', 'text', (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull())
    .addColumn('created_time', 'varchar(40)', (c) => c.notNull())
    .addColumn('updated_time', 'varchar(40)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oe_ramp_number').ifNotExists().on('oe_ramps').columns(['tenant_id', 'ramp_number']).execute();
  await db.schema.createIndex('oe_ramp_sub').ifNotExists().on('oe_ramps').columns(['tenant_id', 'subscription_number']).execute();

  // One row per order that created or changed a ramp: which subscription versions it spans.
  await db.schema
    .createTable('oe_ramp_orders')
    .ifNotExists()
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('ramp_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('order_number', 'varchar(100)', (c) => c.notNull())
    .addColumn('subscription_number', 'varchar(100)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('previous_version', 'integer')
    .addColumn('name', 'varchar(255)')
    .addColumn('description', 'text')
    .addColumn('intervals', 'text', (c) => c.notNull())
    .addColumn('charges', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oe_ramp_orders_order').ifNotExists().on('oe_ramp_orders').columns(['tenant_id', 'order_number']).execute();

  await db.schema
    .createTable('oe_change_logs')
    .ifNotExists()
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('subscription_number', 'varchar(100)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('order_number', 'varchar(100)')
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oe_chg_sub').ifNotExists().on('oe_change_logs').columns(['tenant_id', 'subscription_number', 'version']).execute();
  await db.schema.createIndex('oe_chg_order').ifNotExists().on('oe_change_logs').columns(['tenant_id', 'order_number']).execute();

  await db.schema
    .createTable('oe_omni_subscriptions')
    .ifNotExists()
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('subscription_number', 'varchar(100)', (c) => c.notNull())
    .addColumn('external_subscription_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('custom_fields', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_time', 'varchar(40)', (c) => c.notNull())
    .addColumn('updated_time', 'varchar(40)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('oe_omni_ext')
    .ifNotExists()
    .unique()
    .on('oe_omni_subscriptions')
    .columns(['tenant_id', 'external_subscription_id'])
    .execute();
  await db.schema.createIndex('oe_omni_number').ifNotExists().on('oe_omni_subscriptions').columns(['tenant_id', 'subscription_number']).execute();

  // Accounts found or created by sign-up / omnichannel through an external identifier field.
  await db.schema
    .createTable('oe_account_identifiers')
    .ifNotExists()
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('field', 'varchar(255)', (c) => c.notNull())
    .addColumn('value', 'varchar(255)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oe_acct_ident').ifNotExists().on('oe_account_identifiers').columns(['tenant_id', 'field', 'value']).execute();
}

/** Creation order of line items and fulfillment items (timestamps can tie). */
async function addSeq(db: AnyDb): Promise<void> {
  await db.schema.alterTable('oe_order_line_items').addColumn('seq', 'bigint').execute();
  await db.schema.alterTable('oe_fulfillment_items').addColumn('seq', 'bigint').execute();
}

export const migrations: Record<string, Migration> = {
  '0450_order_extras_init': { up },
  '0451_order_extras_seq': { up: addSeq },
};

export const tenantTables = [
  'oe_fulfillment_items',
  'oe_fulfillments',
  'oe_order_line_items',
  'oe_ramp_orders',
  'oe_ramps',
  'oe_change_logs',
  'oe_omni_subscriptions',
  'oe_account_identifiers',
];
