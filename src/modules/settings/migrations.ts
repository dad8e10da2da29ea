import type { Kysely, Migration } from 'kysely';

/**
 * settings_values: one row per (tenant, setting key) holding the fields a tenant changed, as JSON;
 * reads merge them over the defaults, so a new tenant has no row and reads Zuora's defaults.
 * settings_payment_terms: payment terms a tenant created, and the built-in ones it edited
 * (a built-in term keeps its fixed id; a stored row with that id replaces it).
 */
export const settingsMigrations: Record<string, Migration> = {
  '0050_settings_init': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('settings_values')
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('setting_key', 'varchar(64)', (c) => c.notNull())
        .addColumn('value_json', 'text', (c) => c.notNull())
        .addColumn('updated_on', 'varchar(40)', (c) => c.notNull())
        .addPrimaryKeyConstraint('settings_values_pk', ['tenant_id', 'setting_key'])
        .execute();
      await db.schema
        .createTable('settings_payment_terms')
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('id', 'varchar(32)', (c) => c.notNull())
        .addColumn('name', 'varchar(100)', (c) => c.notNull())
        .addColumn('name_key', 'varchar(100)', (c) => c.notNull())
        .addColumn('description', 'varchar(255)')
        .addColumn('type', 'varchar(10)', (c) => c.notNull())
        .addColumn('due_days', 'integer')
        .addColumn('invoice_cutoff_day', 'varchar(20)')
        .addColumn('number_of_months', 'integer')
        .addColumn('payment_due_day', 'varchar(20)')
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('sort_key', 'bigint', (c) => c.notNull())
        .addColumn('created_on', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_on', 'varchar(40)', (c) => c.notNull())
        .addPrimaryKeyConstraint('settings_payment_terms_pk', ['tenant_id', 'id'])
        .execute();
      await db.schema.createIndex('settings_payment_terms_name').on('settings_payment_terms').columns(['tenant_id', 'name_key']).unique().execute();
    },
  },
};
