import type { Kysely, Migration } from 'kysely';

/** Bulk jobs, their uploaded source file (text) and one result row per record processed. */
export const bulkTables = ['bulk_job_rows', 'bulk_jobs'];

export const migrations: Record<string, Migration> = {
  '0980_bulk_data_init': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('bulk_jobs')
        // 36-character UUID, as the Bulk Data pages show job ids
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        // creation order within the tenant (the summaries' cursor)
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('name', 'varchar(255)', (c) => c.notNull())
        .addColumn('description', 'varchar(255)')
        .addColumn('object_type', 'varchar(100)', (c) => c.notNull())
        .addColumn('job_type', 'varchar(20)', (c) => c.notNull())
        // JSON: [{source, target}]
        .addColumn('mappings', 'text', (c) => c.notNull())
        // JSON list or null
        .addColumn('headers', 'text')
        .addColumn('row_id_header', 'varchar(255)')
        .addColumn('delimiter', 'varchar(4)', (c) => c.notNull())
        .addColumn('has_headers', 'integer', (c) => c.notNull())
        .addColumn('file_type', 'varchar(10)', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('source', 'text')
        .addColumn('row_count', 'integer', (c) => c.notNull())
        .addColumn('rows_succeeded', 'integer', (c) => c.notNull())
        .addColumn('rows_failed', 'integer', (c) => c.notNull())
        // the next record (0-based) the run takes: a run started again after a crash resumes there
        .addColumn('next_row', 'integer', (c) => c.notNull())
        .addColumn('failure_reason', 'text')
        .addColumn('platform_job_id', 'varchar(32)')
        // the ids GET /v1/files/{file-id} serves the job's files under
        .addColumn('source_file_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('success_file_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('error_file_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('submitted_at', 'varchar(40)')
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('bulk_jobs_tenant_seq').on('bulk_jobs').columns(['tenant_id', 'seq']).execute();
      await db.schema
        .createTable('bulk_job_rows')
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('job_id', 'varchar(36)', (c) => c.notNull())
        // the record's index (0-based) among the file's records
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('success', 'integer', (c) => c.notNull())
        .addColumn('record_id', 'varchar(64)')
        .addColumn('error_code', 'varchar(64)')
        .addColumn('error_message', 'text')
        .addPrimaryKeyConstraint('bulk_job_rows_pk', ['tenant_id', 'job_id', 'seq'])
        .execute();
    },
  },
};
