import type { Kysely, Migration } from 'kysely';
import { newId } from '../../platform/ids.js';
import type { SubscriptionDoc } from './model.js';
import { layOut } from './version-parts.js';

/**
 * Orders, their actions, subscription versions and async jobs. 0400 stored each
 * version's whole document in its `doc` JSON (with index rows for its rate plans
 * and charges); from 0401 on a version is a header row and its parts
 * (version-parts.ts).
 */
export const subscriptionMigrations: Record<string, Migration> = {
  '0400_subscriptions_init': {
    async up(db) {
      await db.schema
        .createTable('sub_orders')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('order_number', 'varchar(64)', (c) => c.notNull())
        .addColumn('order_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('account_id', 'varchar(32)')
        .addColumn('account_number', 'varchar(70)')
        .addColumn('description', 'text')
        .addColumn('category', 'varchar(20)')
        .addColumn('reason_code', 'varchar(255)')
        .addColumn('scheduled_date', 'varchar(10)')
        .addColumn('currency', 'varchar(3)')
        .addColumn('request_json', 'text', (c) => c.notNull())
        .addColumn('subscriptions_json', 'text', (c) => c.notNull())
        .addColumn('custom_fields', 'text', (c) => c.notNull())
        .addColumn('created_date', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_date', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sub_orders_number').on('sub_orders').columns(['tenant_id', 'order_number']).unique().execute();
      await db.schema
        .createTable('sub_order_actions')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('order_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('sequence', 'integer', (c) => c.notNull())
        .addColumn('type', 'varchar(32)', (c) => c.notNull())
        .addColumn('subscription_number', 'varchar(100)')
        .addColumn('subscription_version', 'integer')
        .addColumn('contract_effective_date', 'varchar(10)')
        .addColumn('service_activation_date', 'varchar(10)')
        .addColumn('customer_acceptance_date', 'varchar(10)')
        .addColumn('change_reason', 'text')
        .addColumn('action_json', 'text', (c) => c.notNull())
        .addColumn('custom_fields', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sub_order_actions_order').on('sub_order_actions').columns(['tenant_id', 'order_id']).execute();
      await db.schema
        .createTable('sub_versions')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('subscription_number', 'varchar(100)', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('latest', 'integer', (c) => c.notNull())
        .addColumn('account_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('invoice_owner_account_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('status', 'varchar(32)', (c) => c.notNull())
        .addColumn('order_id', 'varchar(32)')
        .addColumn('term_end_date', 'varchar(10)')
        .addColumn('doc', 'text', (c) => c.notNull())
        .addColumn('created_date', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sub_versions_number').on('sub_versions').columns(['tenant_id', 'subscription_number', 'version']).unique().execute();
      await db.schema.createIndex('sub_versions_account').on('sub_versions').columns(['tenant_id', 'account_id', 'latest']).execute();
      await db.schema
        .createTable('sub_rate_plans')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('version_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('subscription_number', 'varchar(100)', (c) => c.notNull())
        .addColumn('product_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('product_rate_plan_id', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sub_rate_plans_prp').on('sub_rate_plans').columns(['tenant_id', 'product_rate_plan_id']).execute();
      await db.schema.createIndex('sub_rate_plans_product').on('sub_rate_plans').columns(['tenant_id', 'product_id']).execute();
      await db.schema
        .createTable('sub_charges')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('version_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('rate_plan_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('subscription_number', 'varchar(100)', (c) => c.notNull())
        .addColumn('charge_number', 'varchar(50)', (c) => c.notNull())
        .addColumn('product_rate_plan_charge_id', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sub_charges_prpc').on('sub_charges').columns(['tenant_id', 'product_rate_plan_charge_id']).execute();
      await db.schema
        .createTable('sub_jobs')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('job_type', 'varchar(40)', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('result_json', 'text')
        .addColumn('errors_json', 'text')
        .addColumn('created_date', 'varchar(40)', (c) => c.notNull())
        .execute();
    },
  },
  /**
   * Versions stop holding the whole document (every rate plan, charge and segment so far, per version):
   * a version row keeps its header (`doc` is the document without its rate plans), its id overrides and
   * its status history, and each rate plan, charge and segment is a `sub_parts` row with the range of
   * versions it belongs to (version-parts.ts). Every existing version is converted (`layout` 1 → 2) and
   * reads exactly as before; the per-version index rows of rate plans and charges go (the parts carry
   * the product, rate plan and charge ids the catalog guards look for).
   */
  '0401_subscription_version_parts': {
    async up(db) {
      await db.schema
        .createTable('sub_parts')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('subscription_number', 'varchar(100)', (c) => c.notNull())
        .addColumn('kind', 'varchar(8)', (c) => c.notNull())
        .addColumn('part_key', 'varchar(200)', (c) => c.notNull())
        .addColumn('parent_key', 'varchar(200)')
        .addColumn('pos', 'integer', (c) => c.notNull())
        .addColumn('from_version', 'integer', (c) => c.notNull())
        .addColumn('to_version', 'integer')
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('product_id', 'varchar(32)')
        .addColumn('product_rate_plan_id', 'varchar(32)')
        .addColumn('product_rate_plan_charge_id', 'varchar(32)')
        .addColumn('id_stem', 'varchar(24)')
        .execute();
      await db.schema.createIndex('sub_parts_version').on('sub_parts').columns(['tenant_id', 'subscription_number', 'from_version']).execute();
      await db.schema.createIndex('sub_parts_prpc').on('sub_parts').columns(['tenant_id', 'product_rate_plan_charge_id']).execute();
      await db.schema.createIndex('sub_parts_prp').on('sub_parts').columns(['tenant_id', 'product_rate_plan_id']).execute();
      await db.schema.createIndex('sub_parts_product').on('sub_parts').columns(['tenant_id', 'product_id']).execute();
      await db.schema.createIndex('sub_parts_stem').on('sub_parts').columns(['tenant_id', 'id_stem']).execute();
      await db.schema
        .createTable('sub_plan_ids')
        .addColumn('tenant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('plan_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('subscription_number', 'varchar(100)', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sub_plan_ids_id').on('sub_plan_ids').columns(['tenant_id', 'plan_id']).execute();
      await db.schema.createIndex('sub_plan_ids_version').on('sub_plan_ids').columns(['tenant_id', 'subscription_number', 'version']).execute();
      await db.schema.alterTable('sub_versions').addColumn('layout', 'integer', (c) => c.notNull().defaultTo(1)).execute();
      await db.schema.alterTable('sub_versions').addColumn('ids', 'text').execute();
      await db.schema.alterTable('sub_versions').addColumn('status_history', 'text').execute();
      await convertWholeDocumentVersions(db);
      await db.schema.dropTable('sub_charges').execute();
      await db.schema.dropTable('sub_rate_plans').execute();
    },
  },
  /** Reading the latest version visits only the parts open in it (to_version null), not every part the subscription ever had. */
  '0402_sub_parts_open': {
    async up(db) {
      await db.schema.createIndex('sub_parts_open').on('sub_parts').columns(['tenant_id', 'subscription_number', 'to_version']).execute();
    },
  },
  /**
   * An account's subscriptions are those it owns or is the invoice owner of (`account_id = ? or
   * invoice_owner_account_id = ?`): without an index on the second, the OR walked every version of the
   * tenant (a bill run's or a preview's cost grew with the tenant). With it both databases read the two
   * indexes (SQLite's MULTI-INDEX OR, PostgreSQL's BitmapOr).
   */
  '0403_sub_versions_invoice_owner': {
    async up(db) {
      await db.schema.createIndex('sub_versions_invoice_owner').on('sub_versions').columns(['tenant_id', 'invoice_owner_account_id', 'latest']).execute();
    },
  },
};

/**
 * Converts every subscription whose versions hold whole documents (`layout` 1) into headers and parts
 * (`layout` 2), one subscription at a time. The 0401 migration runs it; a test runs it on versions it
 * writes in the old layout.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function convertWholeDocumentVersions(db: Kysely<any>): Promise<number> {
  const subs = (await db.selectFrom('sub_versions').select(['tenant_id', 'subscription_number']).distinct().where('layout', '=', 1).execute()) as Array<{ tenant_id: string; subscription_number: string }>;
  for (const { tenant_id, subscription_number } of subs) {
    const rows = (await db
      .selectFrom('sub_versions')
      .select(['id', 'version', 'doc', 'layout'])
      .where('tenant_id', '=', tenant_id)
      .where('subscription_number', '=', subscription_number)
      .orderBy('version')
      .execute()) as Array<{ id: string; version: number; doc: string; layout: number }>;
    if (rows.some((r) => Number(r.layout) !== 1)) throw new Error(`subscription ${subscription_number} of tenant ${tenant_id} has versions in both layouts`);
    const laid = layOut(rows.map((r) => JSON.parse(r.doc) as SubscriptionDoc));
    const partRows = laid.parts.map((p) => ({
      id: newId(),
      tenant_id,
      subscription_number,
      kind: p.kind,
      part_key: p.key,
      parent_key: p.parent,
      pos: p.pos,
      from_version: p.from,
      to_version: p.to,
      body: p.body,
      product_id: p.productId,
      product_rate_plan_id: p.productRatePlanId,
      product_rate_plan_charge_id: p.productRatePlanChargeId,
      id_stem: p.idStem,
    }));
    for (let i = 0; i < partRows.length; i += 200) await db.insertInto('sub_parts').values(partRows.slice(i, i + 200)).execute();
    const idRows = laid.planIds.map((x) => ({ tenant_id, plan_id: x.id, subscription_number, version: x.version }));
    for (let i = 0; i < idRows.length; i += 500) await db.insertInto('sub_plan_ids').values(idRows.slice(i, i + 500)).execute();
    for (const v of laid.versions) {
      const row = rows.find((r) => Number(r.version) === v.version);
      if (!row) throw new Error(`subscription ${subscription_number} version ${v.version}: the document's version is not its row's`);
      await db
        .updateTable('sub_versions')
        .set({ doc: v.header, ids: v.ids ? JSON.stringify(v.ids) : null, status_history: JSON.stringify(v.statusHistory), layout: 2 })
        .where('id', '=', row.id)
        .execute();
    }
  }
  return subs.length;
}

export const subscriptionTables = ['sub_jobs', 'sub_parts', 'sub_plan_ids', 'sub_versions', 'sub_order_actions', 'sub_orders'];
