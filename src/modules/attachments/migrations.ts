import type { Kysely, Migration } from 'kysely';

/** Every table of the module (children first, for reset). */
export const attachmentTables = ['attachment_files', 'attachments'];

export const migrations: Record<string, Migration> = {
  '1000_attachments_init': {
    async up(db: Kysely<unknown>) {
      // An attachment: a file tied to an account, invoice, subscription (by number), credit or debit memo.
      await db.schema
        .createTable('attachments')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        // the order attachments were made in (lists follow it)
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('file_id', 'varchar(32)', (c) => c.notNull())
        // Account, Invoice, Subscription, CreditMemo, DebitMemo
        .addColumn('object_type', 'varchar(20)', (c) => c.notNull())
        // the object's id (a subscription's number: an attachment holds for every version)
        .addColumn('object_key', 'varchar(100)', (c) => c.notNull())
        .addColumn('file_name', 'varchar(255)', (c) => c.notNull())
        .addColumn('content_type', 'varchar(100)', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('created_by', 'varchar(32)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_by', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('attachments_object').on('attachments').columns(['tenant_id', 'object_type', 'object_key', 'seq']).execute();
      await db.schema.createIndex('attachments_file').on('attachments').columns(['tenant_id', 'file_id']).execute();
      // The file's content, base64 (both databases store text alike); at most 4 MB of bytes.
      await db.schema
        .createTable('attachment_files')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('attachment_files_tenant').on('attachment_files').columns(['tenant_id', 'id']).execute();
    },
  },
};
