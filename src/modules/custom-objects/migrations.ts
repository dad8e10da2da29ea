import type { Kysely, Migration } from 'kysely';

export const migrations: Record<string, Migration> = {
  '0900_custom_objects_init': {
    async up(db: Kysely<unknown>) {
      // One row per custom object definition (namespace `default`) and per standard object that has custom
      // field definitions (namespace `com_zuora`); `definition` is the JSON of the custom part of its schema.
      await db.schema
        .createTable('custom_object_definitions')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('namespace', 'varchar(20)', (c) => c.notNull())
        .addColumn('object', 'varchar(100)', (c) => c.notNull())
        .addColumn('definition', 'text', (c) => c.notNull())
        .addColumn('created_by', 'varchar(36)', (c) => c.notNull())
        .addColumn('created_date', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_by', 'varchar(36)', (c) => c.notNull())
        .addColumn('updated_date', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('custom_object_definitions_key').on('custom_object_definitions').columns(['tenant_id', 'namespace', 'object']).unique().execute();
      await db.schema
        .createTable('custom_object_records')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('object', 'varchar(100)', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('created_by', 'varchar(36)', (c) => c.notNull())
        .addColumn('created_date', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_by', 'varchar(36)', (c) => c.notNull())
        .addColumn('updated_date', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('custom_object_records_object').on('custom_object_records').columns(['tenant_id', 'object', 'id']).execute();
    },
  },
};
