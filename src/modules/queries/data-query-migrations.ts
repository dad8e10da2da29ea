import type { Kysely, Migration } from 'kysely';

export const dataQueryTables = ['data_query_jobs'];

export const dataQueryMigrations: Record<string, Migration> = {
  '0991_queries_data_query_jobs': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('data_query_jobs')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('query', 'text', (c) => c.notNull())
        .addColumn('output_format', 'varchar(10)', (c) => c.notNull())
        .addColumn('compression', 'varchar(10)', (c) => c.notNull())
        .addColumn('column_separator', 'varchar(4)')
        .addColumn('use_index_join', 'integer', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('output_rows', 'integer')
        .addColumn('processing_time', 'integer')
        .addColumn('file_id', 'varchar(32)')
        .addColumn('error_message', 'text')
        .addColumn('created_on', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_on', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('data_query_jobs_tenant_seq').on('data_query_jobs').columns(['tenant_id', 'seq']).execute();
    },
  },
};
