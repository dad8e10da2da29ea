import type { Migration } from 'kysely';
import { newId } from './ids.js';
import { jobsMigration } from './jobs.js';

/** Tables that belong to no tenant: tenants themselves, credentials, idempotency records. */
export const platformMigrations: Record<string, Migration> = {
  '0000_platform_init': {
    async up(db) {
      await db.schema
        .createTable('tenants')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_number', 'integer', (c) => c.notNull().unique())
        .addColumn('entity_id', 'varchar(36)', (c) => c.notNull())
        .addColumn('name', 'varchar(255)', (c) => c.notNull())
        .addColumn('default_api_version', 'varchar(32)', (c) => c.notNull())
        .addColumn('timezone', 'varchar(64)', (c) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('rate_limit', 'integer')
        .addColumn('clock', 'varchar(40)')
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('oauth_clients')
        .addColumn('client_id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('client_secret', 'varchar(128)', (c) => c.notNull())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('oauth_clients_tenant').on('oauth_clients').column('tenant_id').execute();
      await db.schema
        .createTable('oauth_tokens')
        .addColumn('token', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        .addColumn('client_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('oauth_tokens_tenant').on('oauth_tokens').column('tenant_id').execute();
      await db.schema
        .createTable('idempotency_keys')
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        .addColumn('key', 'varchar(255)', (c) => c.notNull())
        .addColumn('method', 'varchar(10)', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('state', 'varchar(12)', (c) => c.notNull())
        .addColumn('status', 'integer')
        .addColumn('headers', 'text')
        .addColumn('body', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['tenant_id', 'key'])
        .execute();
      await db.schema
        .createTable('counters')
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        .addColumn('name', 'varchar(64)', (c) => c.notNull())
        .addColumn('value', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('counters_pk', ['tenant_id', 'name'])
        .execute();
    },
  },
  // Tenant snapshots (src/platform/snapshots.ts): a head row per snapshot, and each
  // state table's rows of the tenant as one JSON document.
  '0001_tenant_snapshots': {
    async up(db) {
      await db.schema
        .createTable('tenant_snapshots')
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        .addColumn('name', 'varchar(100)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('clock', 'varchar(40)')
        .addColumn('table_count', 'integer', (c) => c.notNull())
        .addColumn('row_count', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('tenant_snapshots_pk', ['tenant_id', 'name'])
        .execute();
      await db.schema
        .createTable('tenant_snapshot_tables')
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        .addColumn('snapshot', 'varchar(100)', (c) => c.notNull())
        .addColumn('table_name', 'varchar(64)', (c) => c.notNull())
        .addColumn('row_count', 'integer', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('tenant_snapshot_tables_pk', ['tenant_id', 'snapshot', 'table_name'])
        .execute();
    },
  },
  // Jobs (src/platform/jobs.ts): long work as rows, claimed by the workers of every process.
  '0003_jobs': jobsMigration,
  // Set while a reset empties the tenant in chunks (the instant it started), null otherwise.
  '0004_tenant_resetting': {
    async up(db) {
      await db.schema.alterTable('tenants').addColumn('resetting', 'varchar(40)').execute();
    },
  },
  // The tenant's default invoice template (an id, as Zuora's tenants have one): what an account without
  // its own template reads as its invoiceTemplateId. Existing tenants get one too.
  '0005_tenant_default_invoice_template': {
    async up(db) {
      await db.schema.alterTable('tenants').addColumn('default_invoice_template_id', 'varchar(32)').execute();
      for (const t of await db.selectFrom('tenants').select('id').execute())
        await db.updateTable('tenants').set({ default_invoice_template_id: newId() }).where('id', '=', t.id).execute();
    },
  },
  // A tenant's due jobs (the clock's moves and runDueJobs by tenant claim them) found by status, not by a
  // walk of every job the tenant ever ran (jobs_tenant is by kind, and a claim names every kind).
  '0006_jobs_tenant_due': {
    async up(db) {
      await db.schema.createIndex('jobs_tenant_due').on('jobs').columns(['tenant_id', 'status', 'run_after']).execute();
    },
  },
};
