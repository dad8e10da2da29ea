import type { Kysely, Migration } from 'kysely';

/** AQuA jobs, their batches, and the result files (kept in chunks so an export never sits whole in memory). */
export const aquaTables = ['aqua_file_chunks', 'aqua_files', 'aqua_batches', 'aqua_jobs'];

export const aquaMigrations: Record<string, Migration> = {
  '0990_queries_aqua_init': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('aqua_jobs')
        // the same id as the platform job that runs it
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        // submission order within the tenant (the last job of a project, even under a frozen clock)
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('name', 'varchar(32)')
        // submitted, completed, error, cancelled (executing is the platform job running)
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('version', 'varchar(10)', (c) => c.notNull())
        // csv or gzip
        .addColumn('format', 'varchar(10)', (c) => c.notNull())
        .addColumn('use_query_labels', 'integer', (c) => c.notNull())
        .addColumn('date_time_utc', 'integer', (c) => c.notNull())
        .addColumn('null_replacement', 'text')
        .addColumn('partner', 'varchar(255)')
        .addColumn('project', 'varchar(255)')
        .addColumn('offset_seconds', 'integer', (c) => c.notNull())
        // a stateful job exports records updated in [window_start, window_end); a full one has no start
        .addColumn('incremental_time', 'varchar(40)')
        .addColumn('window_start', 'varchar(40)')
        .addColumn('window_end', 'varchar(40)')
        .addColumn('start_time', 'varchar(40)')
        .addColumn('error_message', 'text')
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('aqua_jobs_tenant_project').on('aqua_jobs').columns(['tenant_id', 'partner', 'project', 'status', 'seq']).execute();
      await db.schema
        .createTable('aqua_batches')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('job_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('name', 'varchar(255)')
        // zoql or zoqlexport
        .addColumn('batch_type', 'varchar(20)', (c) => c.notNull())
        .addColumn('query', 'text', (c) => c.notNull())
        .addColumn('api_version', 'varchar(20)')
        // pending, completed, aborted
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('full_export', 'integer', (c) => c.notNull())
        .addColumn('record_count', 'integer', (c) => c.notNull())
        .addColumn('file_id', 'varchar(32)')
        .addColumn('message', 'text')
        .execute();
      await db.schema.createIndex('aqua_batches_tenant_job').on('aqua_batches').columns(['tenant_id', 'job_id', 'seq']).execute();
      await db.schema
        .createTable('aqua_files')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('name', 'varchar(255)', (c) => c.notNull())
        // csv or gzip: how the stored CSV text is served
        .addColumn('format', 'varchar(10)', (c) => c.notNull())
        .addColumn('chunks', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('aqua_file_chunks')
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('file_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('aqua_file_chunks_pk', ['tenant_id', 'file_id', 'seq'])
        .execute();
    },
  },
};
