import type { Kysely, Migration } from 'kysely';

/** Children first: tenant reset empties them in this order. */
export const documentTables = ['document_file_chunks', 'document_files', 'document_pdf_status', 'outbox'];

export const migrations: Record<string, Migration> = {
  '0870_documents_init': {
    async up(db: Kysely<unknown>) {
      // A file of a billing document: a PDF zbill generated or one a client uploaded, or a bulk PDF ZIP.
      await db.schema
        .createTable('document_files')
        // the file's id, served at /v1/files/{id}
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        // the id the files list gives the entry (Zuora's list shows one besides the file's)
        .addColumn('entry_id', 'varchar(32)', (c) => c.notNull())
        // Invoice, CreditMemo, DebitMemo; BulkZip for a bulk PDF job's archive
        .addColumn('doc_type', 'varchar(20)', (c) => c.notNull())
        // the document's id (the job's id for BulkZip)
        .addColumn('doc_id', 'varchar(32)', (c) => c.notNull())
        // Generated, Uploaded
        .addColumn('origin', 'varchar(20)', (c) => c.notNull())
        .addColumn('file_name', 'varchar(255)', (c) => c.notNull())
        .addColumn('content_type', 'varchar(100)', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('chunks', 'integer', (c) => c.notNull())
        // epoch milliseconds of the tenant clock when the file was made (the list's versionNumber), as digits
        .addColumn('version_number', 'varchar(20)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('document_files_doc').on('document_files').columns(['tenant_id', 'doc_type', 'doc_id']).execute();
      // The content, base64 in chunks of at most 256 KiB of bytes (both databases store text alike).
      await db.schema
        .createTable('document_file_chunks')
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('file_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('document_file_chunks_pk', ['file_id', 'seq'])
        .execute();
      await db.schema.createIndex('document_file_chunks_tenant').on('document_file_chunks').columns(['tenant_id', 'file_id']).execute();
      // The PDF generation status of a document (GET …/pdf-status), one row per document once asked for or generated.
      await db.schema
        .createTable('document_pdf_status')
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('doc_type', 'varchar(20)', (c) => c.notNull())
        .addColumn('doc_id', 'varchar(32)', (c) => c.notNull())
        // Pending, Generated, Error
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('file_id', 'varchar(32)')
        .addColumn('error_message', 'text')
        .addColumn('created_on', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_on', 'varchar(40)', (c) => c.notNull())
        .addPrimaryKeyConstraint('document_pdf_status_pk', ['tenant_id', 'doc_type', 'doc_id'])
        .execute();
      // Every email zbill sends (always kept here; also handed to SMTP when ZBILL_SMTP_URL is set).
      await db.schema
        .createTable('outbox')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('doc_type', 'varchar(20)', (c) => c.notNull())
        .addColumn('doc_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('doc_number', 'varchar(60)', (c) => c.notNull())
        // JSON arrays of addresses
        .addColumn('to_addresses', 'text', (c) => c.notNull())
        .addColumn('cc_addresses', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        // JSON array of { name, fileId }
        .addColumn('attachments', 'text', (c) => c.notNull())
        // Outbox (kept only), Queued (an SMTP job will send it), Sent, Failed
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('sent_at', 'varchar(40)')
        .execute();
      await db.schema.createIndex('outbox_tenant').on('outbox').columns(['tenant_id', 'seq']).execute();
      await db.schema.createIndex('outbox_doc').on('outbox').columns(['tenant_id', 'doc_type', 'doc_id']).execute();
    },
  },
};
