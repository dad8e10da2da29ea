import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';

export interface ProductRow {
  id: string;
  tenant_id: string;
  name: string;
  sku: string;
  product_number: string;
  description: string | null;
  category: string | null;
  effective_start_date: string;
  effective_end_date: string;
  allow_feature_changes: number | null;
  custom_fields: string;
  created_at: string;
  updated_at: string;
  seq: number | string;
}

export interface RatePlanRow {
  id: string;
  tenant_id: string;
  product_id: string;
  name: string;
  product_rate_plan_number: string;
  description: string | null;
  effective_start_date: string | null;
  effective_end_date: string | null;
  active_currencies: string;
  grade: string | null;
  external_id_source_system: string | null;
  external_rate_plan_ids: string;
  custom_fields: string;
  created_at: string;
  updated_at: string;
  seq: number | string;
}

export interface ChargeRow {
  id: string;
  tenant_id: string;
  rate_plan_id: string;
  charge_number: string;
  name: string;
  charge_type: string;
  charge_model: string;
  attrs: string;
  custom_fields: string;
  created_at: string;
  updated_at: string;
  seq: number | string;
}

export interface TierRow {
  id: string;
  tenant_id: string;
  charge_id: string;
  currency: string;
  tier: number;
  starting_unit: string | null;
  ending_unit: string | null;
  price: string | null;
  price_format: string | null;
  discount_amount: string | null;
  discount_percentage: string | null;
  is_overage_price: number;
  created_at: string;
  updated_at: string;
}

interface Tables {
  catalog_products: ProductRow;
  catalog_rate_plans: RatePlanRow;
  catalog_charges: ChargeRow;
  catalog_charge_tiers: TierRow;
}

const q = (ctx: Ctx) => ctx.db as unknown as Kysely<Tables>;

/** A unique index refused the row (SQLite and PostgreSQL word it differently). */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === '23505' || err?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/i.test(err?.message ?? '');
}
const T = (ctx: Ctx) => ctx.tenant.id;

// ---- products
export async function insertProduct(ctx: Ctx, row: ProductRow): Promise<void> {
  await q(ctx).insertInto('catalog_products').values(row).execute();
}
export async function updateProductRow(ctx: Ctx, id: string, patch: Partial<ProductRow>): Promise<void> {
  await q(ctx).updateTable('catalog_products').set(patch).where('tenant_id', '=', T(ctx)).where('id', '=', id).execute();
}
export async function deleteProductRow(ctx: Ctx, id: string): Promise<void> {
  await q(ctx).deleteFrom('catalog_products').where('tenant_id', '=', T(ctx)).where('id', '=', id).execute();
}
export async function findProductRow(ctx: Ctx, key: string): Promise<ProductRow | undefined> {
  const base = q(ctx).selectFrom('catalog_products').selectAll().where('tenant_id', '=', T(ctx));
  return (
    (await base.where('id', '=', key).executeTakeFirst()) ??
    (await base.where('sku', '=', key).executeTakeFirst()) ??
    (await base.where('product_number', '=', key).executeTakeFirst())
  );
}
export async function findProductBySku(ctx: Ctx, sku: string): Promise<ProductRow | undefined> {
  return q(ctx).selectFrom('catalog_products').selectAll().where('tenant_id', '=', T(ctx)).where('sku', '=', sku).executeTakeFirst();
}
export async function findProductByNumber(ctx: Ctx, n: string): Promise<ProductRow | undefined> {
  return q(ctx).selectFrom('catalog_products').selectAll().where('tenant_id', '=', T(ctx)).where('product_number', '=', n).executeTakeFirst();
}
/** Newest change first (Zuora lists the catalog in reverse order of UpdatedDate). */
export async function listProductRows(ctx: Ctx, limit: number, offset: number): Promise<ProductRow[]> {
  return q(ctx)
    .selectFrom('catalog_products')
    .selectAll()
    .where('tenant_id', '=', T(ctx))
    .orderBy('updated_at', 'desc')
    .orderBy('seq', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

// ---- rate plans
export async function insertRatePlan(ctx: Ctx, row: RatePlanRow): Promise<void> {
  await q(ctx).insertInto('catalog_rate_plans').values(row).execute();
}
export async function updateRatePlanRow(ctx: Ctx, id: string, patch: Partial<RatePlanRow>): Promise<void> {
  await q(ctx).updateTable('catalog_rate_plans').set(patch).where('tenant_id', '=', T(ctx)).where('id', '=', id).execute();
}
export async function deleteRatePlanRow(ctx: Ctx, id: string): Promise<void> {
  await q(ctx).deleteFrom('catalog_rate_plans').where('tenant_id', '=', T(ctx)).where('id', '=', id).execute();
}
export async function findRatePlanRow(ctx: Ctx, key: string): Promise<RatePlanRow | undefined> {
  const base = q(ctx).selectFrom('catalog_rate_plans').selectAll().where('tenant_id', '=', T(ctx));
  return (await base.where('id', '=', key).executeTakeFirst()) ?? (await base.where('product_rate_plan_number', '=', key).executeTakeFirst());
}
export async function findRatePlanByNumber(ctx: Ctx, n: string): Promise<RatePlanRow | undefined> {
  return q(ctx).selectFrom('catalog_rate_plans').selectAll().where('tenant_id', '=', T(ctx)).where('product_rate_plan_number', '=', n).executeTakeFirst();
}
export async function listRatePlanRows(ctx: Ctx, productId: string, limit?: number, offset?: number): Promise<RatePlanRow[]> {
  let qb = q(ctx).selectFrom('catalog_rate_plans').selectAll().where('tenant_id', '=', T(ctx)).where('product_id', '=', productId).orderBy('seq');
  if (limit !== undefined) qb = qb.limit(limit).offset(offset ?? 0);
  return qb.execute();
}
/** Rate plans whose external ids (a JSON array) contain `externalId`: filtered in code to stay portable. */
export async function listRatePlanRowsWithExternalIds(ctx: Ctx): Promise<RatePlanRow[]> {
  return q(ctx).selectFrom('catalog_rate_plans').selectAll().where('tenant_id', '=', T(ctx)).where('external_rate_plan_ids', '<>', '[]').orderBy('seq').execute();
}

// ---- charges
export async function insertCharge(ctx: Ctx, row: ChargeRow): Promise<void> {
  await q(ctx).insertInto('catalog_charges').values(row).execute();
}
export async function updateChargeRow(ctx: Ctx, id: string, patch: Partial<ChargeRow>): Promise<void> {
  await q(ctx).updateTable('catalog_charges').set(patch).where('tenant_id', '=', T(ctx)).where('id', '=', id).execute();
}
export async function deleteChargeRow(ctx: Ctx, id: string): Promise<void> {
  await q(ctx).deleteFrom('catalog_charges').where('tenant_id', '=', T(ctx)).where('id', '=', id).execute();
}
export async function findChargeRow(ctx: Ctx, key: string): Promise<ChargeRow | undefined> {
  const base = q(ctx).selectFrom('catalog_charges').selectAll().where('tenant_id', '=', T(ctx));
  return (await base.where('id', '=', key).executeTakeFirst()) ?? (await base.where('charge_number', '=', key).executeTakeFirst());
}
export async function findChargeByNumber(ctx: Ctx, n: string): Promise<ChargeRow | undefined> {
  return q(ctx).selectFrom('catalog_charges').selectAll().where('tenant_id', '=', T(ctx)).where('charge_number', '=', n).executeTakeFirst();
}
export async function listChargeRows(ctx: Ctx, ratePlanIds: string[]): Promise<ChargeRow[]> {
  if (ratePlanIds.length === 0) return [];
  return q(ctx).selectFrom('catalog_charges').selectAll().where('tenant_id', '=', T(ctx)).where('rate_plan_id', 'in', ratePlanIds).orderBy('seq').execute();
}

export async function listChargeRowsByIds(ctx: Ctx, ids: string[]): Promise<ChargeRow[]> {
  if (ids.length === 0) return [];
  return q(ctx).selectFrom('catalog_charges').selectAll().where('tenant_id', '=', T(ctx)).where('id', 'in', ids).execute();
}

// ---- tiers
export async function insertTiers(ctx: Ctx, rows: TierRow[]): Promise<void> {
  if (rows.length) await q(ctx).insertInto('catalog_charge_tiers').values(rows).execute();
}
export async function deleteTiersOfCharge(ctx: Ctx, chargeId: string): Promise<void> {
  await q(ctx).deleteFrom('catalog_charge_tiers').where('tenant_id', '=', T(ctx)).where('charge_id', '=', chargeId).execute();
}
export async function listAllChargeAttrs(ctx: Ctx): Promise<{ charge_number: string; attrs: string }[]> {
  return q(ctx).selectFrom('catalog_charges').select(['charge_number', 'attrs']).where('tenant_id', '=', T(ctx)).execute();
}
export async function listTierRows(ctx: Ctx, chargeIds: string[]): Promise<TierRow[]> {
  if (chargeIds.length === 0) return [];
  return q(ctx)
    .selectFrom('catalog_charge_tiers')
    .selectAll()
    .where('tenant_id', '=', T(ctx))
    .where('charge_id', 'in', chargeIds)
    .orderBy('charge_id')
    .orderBy('currency')
    .orderBy('is_overage_price')
    .orderBy('tier')
    .execute();
}
export async function findTierRow(ctx: Ctx, id: string): Promise<TierRow | undefined> {
  return q(ctx).selectFrom('catalog_charge_tiers').selectAll().where('tenant_id', '=', T(ctx)).where('id', '=', id).executeTakeFirst();
}
