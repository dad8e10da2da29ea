import type { Kysely, Migration } from 'kysely';

/**
 * The catalog model: products, product rate plans, product rate plan charges
 * and their tiers (one row per currency and tier). Charge attributes other than
 * the identifying ones live in a JSON `attrs` column (see fields.ts).
 */
async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('catalog_products')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('sku', 'varchar(50)', (c) => c.notNull())
    .addColumn('product_number', 'varchar(100)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('category', 'varchar(100)')
    .addColumn('effective_start_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('effective_end_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('allow_feature_changes', 'integer')
    .addColumn('custom_fields', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('catalog_products_tenant_sku').on('catalog_products').columns(['tenant_id', 'sku']).unique().execute();
  await db.schema.createIndex('catalog_products_tenant_number').on('catalog_products').columns(['tenant_id', 'product_number']).unique().execute();

  await db.schema
    .createTable('catalog_rate_plans')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('product_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('product_rate_plan_number', 'varchar(100)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('effective_start_date', 'varchar(10)')
    .addColumn('effective_end_date', 'varchar(10)')
    .addColumn('active_currencies', 'text', (c) => c.notNull())
    .addColumn('grade', 'text')
    .addColumn('external_id_source_system', 'varchar(100)')
    .addColumn('external_rate_plan_ids', 'text', (c) => c.notNull())
    .addColumn('custom_fields', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('catalog_rate_plans_tenant_product').on('catalog_rate_plans').columns(['tenant_id', 'product_id']).execute();
  await db.schema.createIndex('catalog_rate_plans_tenant_number').on('catalog_rate_plans').columns(['tenant_id', 'product_rate_plan_number']).unique().execute();

  await db.schema
    .createTable('catalog_charges')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('rate_plan_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('charge_number', 'varchar(100)', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('charge_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('charge_model', 'varchar(50)', (c) => c.notNull())
    .addColumn('attrs', 'text', (c) => c.notNull())
    .addColumn('custom_fields', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('catalog_charges_tenant_plan').on('catalog_charges').columns(['tenant_id', 'rate_plan_id']).execute();
  await db.schema.createIndex('catalog_charges_tenant_number').on('catalog_charges').columns(['tenant_id', 'charge_number']).unique().execute();

  await db.schema
    .createTable('catalog_charge_tiers')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('charge_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('currency', 'varchar(3)', (c) => c.notNull())
    .addColumn('tier', 'integer', (c) => c.notNull())
    .addColumn('starting_unit', 'text')
    .addColumn('ending_unit', 'text')
    .addColumn('price', 'text')
    .addColumn('price_format', 'varchar(10)')
    .addColumn('discount_amount', 'text')
    .addColumn('discount_percentage', 'text')
    .addColumn('is_overage_price', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('catalog_charge_tiers_tenant_charge').on('catalog_charge_tiers').columns(['tenant_id', 'charge_id']).execute();
}

export const catalogMigrations: Record<string, Migration> = {
  '0300_catalog_model': { up },
};

export const catalogTables = ['catalog_charge_tiers', 'catalog_charges', 'catalog_rate_plans', 'catalog_products'];
