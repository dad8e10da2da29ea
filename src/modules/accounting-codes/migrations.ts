import type { Kysely, Migration } from 'kysely';

export const migrations: Record<string, Migration> = {
  '0110_accounting_codes_init': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('accounting_codes')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('name', 'varchar(100)', (c) => c.notNull())
        .addColumn('name_key', 'varchar(100)', (c) => c.notNull())
        .addColumn('type', 'varchar(40)', (c) => c.notNull())
        .addColumn('status', 'varchar(10)', (c) => c.notNull())
        .addColumn('gl_account_name', 'varchar(255)')
        .addColumn('gl_account_number', 'varchar(255)')
        .addColumn('notes', 'text')
        .addColumn('segment_constant_values', 'text')
        .addColumn('custom_fields', 'text', (c) => c.notNull())
        // 1 once a transaction has used the code: it can no longer be changed, deactivated or deleted
        .addColumn('used_in_transactions', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('sort_key', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'varchar(32)', (c) => c.notNull())
        .addColumn('created_on', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_by', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_on', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('accounting_codes_tenant_name').on('accounting_codes').columns(['tenant_id', 'name_key']).unique().execute();
      await db.schema.createIndex('accounting_codes_tenant_sort').on('accounting_codes').columns(['tenant_id', 'sort_key']).execute();
    },
  },
};
