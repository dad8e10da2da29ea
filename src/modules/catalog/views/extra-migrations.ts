import type { Migration } from 'kysely';

/**
 * Tables owned by the views: catalog groups (a named list of product rate
 * plans, with a grade each for groups of type Grading). The rate plans
 * themselves stay in the catalog model; a group row only points at them.
 */
export const viewMigrations: Record<string, Migration> = {
  '0310_catalog_groups': {
    async up(db) {
      await db.schema
        .createTable('catalog_groups')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('number', 'varchar(32)', (c) => c.notNull())
        .addColumn('name', 'varchar(255)', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('type', 'varchar(16)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('catalog_groups_tenant_number').on('catalog_groups').columns(['tenant_id', 'number']).unique().execute();
      await db.schema.createIndex('catalog_groups_tenant_name').on('catalog_groups').columns(['tenant_id', 'name']).unique().execute();
      await db.schema
        .createTable('catalog_group_plans')
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('group_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('product_rate_plan_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('grade', 'integer')
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('catalog_group_plans_pk', ['tenant_id', 'group_id', 'product_rate_plan_id'])
        .execute();
      await db.schema.createIndex('catalog_group_plans_plan').on('catalog_group_plans').columns(['tenant_id', 'product_rate_plan_id']).execute();
    },
  },
  /**
   * Definitions: a rate plan definition lets a charge be used in another
   * product rate plan (a link, not a copy); a charge definition overrides some
   * of a charge's fields and prices, for a rate plan and/or a subscription
   * term, over an effective period. The charge itself stays in the model.
   */
  '0310_catalog_definitions': {
    async up(db) {
      await db.schema
        .createTable('catalog_rateplan_definitions')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('charge_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('rate_plan_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('catalog_rateplan_definitions_pair').on('catalog_rateplan_definitions').columns(['tenant_id', 'charge_id', 'rate_plan_id']).unique().execute();
      await db.schema.createIndex('catalog_rateplan_definitions_plan').on('catalog_rateplan_definitions').columns(['tenant_id', 'rate_plan_id']).execute();
      await db.schema
        .createTable('catalog_charge_definitions')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('number', 'varchar(32)', (c) => c.notNull())
        .addColumn('charge_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('rate_plan_id', 'varchar(32)')
        .addColumn('effective_start', 'varchar(19)', (c) => c.notNull())
        .addColumn('effective_end', 'varchar(19)', (c) => c.notNull())
        .addColumn('term_type', 'varchar(16)')
        .addColumn('term_period_type', 'varchar(16)')
        .addColumn('term', 'integer')
        .addColumn('overrides', 'text', (c) => c.notNull())
        .addColumn('prices', 'text')
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('catalog_charge_definitions_number').on('catalog_charge_definitions').columns(['tenant_id', 'number']).unique().execute();
      await db.schema.createIndex('catalog_charge_definitions_charge').on('catalog_charge_definitions').columns(['tenant_id', 'charge_id']).execute();
    },
  },
  /**
   * Dynamic Pricing of the Commerce API: a charge's attributes (what a price may
   * depend on) and its rate cards (conditions on attributes → pricing), one row
   * per charge. The charge and its default pricing stay in the model.
   */
  '0310_catalog_commerce_dynamic_pricing': {
    async up(db) {
      await db.schema
        .createTable('catalog_charge_rate_cards')
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('charge_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('attributes', 'text', (c) => c.notNull())
        .addColumn('rate_cards', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .addPrimaryKeyConstraint('catalog_charge_rate_cards_pk', ['tenant_id', 'charge_id'])
        .execute();
    },
  },
};
/** Their tenant tables, children first. */
export const viewTenantTables: string[] = ['catalog_charge_rate_cards', 'catalog_charge_definitions', 'catalog_rateplan_definitions', 'catalog_group_plans', 'catalog_groups'];
