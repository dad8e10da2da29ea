import type { Kysely, Migration } from 'kysely';

/**
 * sequence_sets: one row per set; each document kind has a prefix and the next
 * number to hand out (payment and refund may be unset: those fall back to the
 * tenant's default set).
 * sequence_number_marks: the highest number ever issued per (kind, prefix), kept
 * even when the set is deleted or its prefix changes, so numbers never repeat.
 */
export const migrations: Record<string, Migration> = {
  '0100_sequence_sets_init': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('sequence_sets')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('name', 'varchar(100)', (c) => c.notNull())
        .addColumn('name_key', 'varchar(100)', (c) => c.notNull())
        .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('sort_key', 'bigint', (c) => c.notNull())
        .addColumn('invoice_prefix', 'varchar(40)', (c) => c.notNull())
        .addColumn('invoice_next', 'bigint', (c) => c.notNull())
        .addColumn('credit_memo_prefix', 'varchar(40)', (c) => c.notNull())
        .addColumn('credit_memo_next', 'bigint', (c) => c.notNull())
        .addColumn('debit_memo_prefix', 'varchar(40)', (c) => c.notNull())
        .addColumn('debit_memo_next', 'bigint', (c) => c.notNull())
        .addColumn('payment_prefix', 'varchar(40)')
        .addColumn('payment_next', 'bigint')
        .addColumn('refund_prefix', 'varchar(40)')
        .addColumn('refund_next', 'bigint')
        .addColumn('created_on', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_on', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sequence_sets_tenant_name').on('sequence_sets').columns(['tenant_id', 'name_key']).unique().execute();
      await db.schema
        .createTable('sequence_number_marks')
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('kind', 'varchar(20)', (c) => c.notNull())
        .addColumn('prefix', 'varchar(40)', (c) => c.notNull())
        .addColumn('last_number', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('sequence_number_marks_pk', ['tenant_id', 'kind', 'prefix'])
        .execute();
    },
  },
  /**
   * A prefix belongs to one set per document kind (the service checks it first;
   * these indexes hold under concurrent requests too). NULL payment/refund
   * prefixes do not collide.
   */
  '0100_sequence_sets_prefix_unique': {
    async up(db: Kysely<unknown>) {
      for (const stem of ['invoice', 'credit_memo', 'debit_memo', 'payment', 'refund']) {
        await db.schema.createIndex(`sequence_sets_tenant_${stem}_prefix`).on('sequence_sets').columns(['tenant_id', `${stem}_prefix`]).unique().execute();
      }
    },
  },
};
