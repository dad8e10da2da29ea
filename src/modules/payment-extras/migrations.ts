import type { Kysely, Migration } from 'kysely';

/** Every table of the module (children first, for reset); all hold configuration, not business data. */
export const paymentExtrasTables = ['custom_pm_type_revisions', 'custom_pm_types', 'hosted_pages', 'rsa_key_pairs'];

export const migrations: Record<string, Migration> = {
  '0720_payment_extras_init': {
    async up(db: Kysely<unknown>) {
      // The tenant's RSA key pair of Payment Pages 2.0 signatures: made on the first POST /v1/rsa-signatures.
      await db.schema
        .createTable('rsa_key_pairs')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        // base64 of the DER SubjectPublicKeyInfo (what the API answers as `key`)
        .addColumn('public_key', 'text', (c) => c.notNull())
        // PKCS#8 PEM
        .addColumn('private_key', 'text', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('rsa_key_pairs_tenant').on('rsa_key_pairs').column('tenant_id').unique().execute();

      // Hosted page configurations (the admin API makes them: Zuora makes them in its UI).
      await db.schema
        .createTable('hosted_pages')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('page_name', 'varchar(100)', (c) => c.notNull())
        // Credit Card, ACH, Bank Transfer
        .addColumn('page_type', 'varchar(40)', (c) => c.notNull())
        // 1 or 2 (Payment Pages 1.0 / 2.0)
        .addColumn('page_version', 'varchar(4)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('hosted_pages_tenant').on('hosted_pages').columns(['tenant_id', 'seq']).execute();

      // Custom payment method types and their revisions (Draft, Published).
      await db.schema
        .createTable('custom_pm_types')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        // <internalName>__c_<tenantId>
        .addColumn('api_name', 'varchar(60)', (c) => c.notNull())
        .addColumn('internal_name', 'varchar(19)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('custom_pm_types_internal_name').on('custom_pm_types').columns(['tenant_id', 'internal_name']).unique().execute();
      await db.schema.createIndex('custom_pm_types_api_name').on('custom_pm_types').columns(['tenant_id', 'api_name']).unique().execute();
      await db.schema
        .createTable('custom_pm_type_revisions')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('type_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        // Draft, Published
        .addColumn('status', 'varchar(10)', (c) => c.notNull())
        // the definition as given (JSON: label, fields, reference fields, entityId, isSupportAsyncPayment)
        .addColumn('definition', 'text', (c) => c.notNull())
        // the tenant's date when it was published
        .addColumn('publish_date', 'varchar(10)')
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('custom_pm_type_revisions_type').on('custom_pm_type_revisions').columns(['tenant_id', 'type_id', 'revision']).unique().execute();
    },
  },
};
