/**
 * Product rate plan definitions: a link that lets an existing charge be used in
 * another product rate plan (the charge stays where the model keeps it), and
 * the lookups the charge definitions share with them.
 */
import type { Kysely } from 'kysely';
import type { Ctx } from '../../../platform/context.js';
import { nextCounter } from '../../../platform/counters.js';
import { Category, errorCode, invalidValue, missingField, notFound, ruleViolation, UNKNOWN_RESOURCE, ZuoraError } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import * as model from './model.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Body = Record<string, any>;

export interface RatePlanDefRow {
  id: string;
  tenant_id: string;
  charge_id: string;
  rate_plan_id: string;
  created_at: string;
  seq: number | string;
}
export interface ChargeDefRow {
  id: string;
  tenant_id: string;
  number: string;
  charge_id: string;
  rate_plan_id: string | null;
  effective_start: string;
  effective_end: string;
  term_type: string | null;
  term_period_type: string | null;
  term: number | null;
  overrides: string;
  prices: string | null;
  created_at: string;
  updated_at: string;
  seq: number | string;
}
export interface Tables {
  catalog_rateplan_definitions: RatePlanDefRow;
  catalog_charge_definitions: ChargeDefRow;
}
export const q = (ctx: Ctx) => ctx.db as unknown as Kysely<Tables>;
export const T = (ctx: Ctx) => ctx.tenant.id;
export const seq = (ctx: Ctx) => nextCounter(ctx, 'catalog-definition-seq');
export const nowIso = (ctx: Ctx) => ctx.now().toString();

export const missingParameter = (m: string) => new ZuoraError(errorCode(UNKNOWN_RESOURCE, Category.MISSING_PARAMETER), m);

// ---------------------------------------------------------------- shared lookups

export async function chargeBy(ctx: Ctx, id: string | undefined, number: string | undefined, field: string): Promise<model.ChargeRecord> {
  if (!id && !number) throw missingField(`'${field}Id' or '${field}Number' is required`);
  const c = id ? await model.getCharge(ctx, id) : await model.getCharge(ctx, number!);
  if (!c || (id && c.id !== id) || (number && c.productRatePlanChargeNumber !== number && !id))
    throw invalidValue(`'${id ? `${field}Id` : `${field}Number`}': no product rate plan charge '${id ?? number}'`);
  if (id && number && c.productRatePlanChargeNumber !== number) throw invalidValue(`'${field}Number' '${number}' is not the number of charge '${id}'`);
  return c;
}

export async function planBy(ctx: Ctx, id: string | undefined, number: string | undefined, field: string, required: boolean): Promise<model.RatePlanRecord | undefined> {
  if (!id && !number) {
    if (required) throw missingField(`'${field}Id' or '${field}Number' is required`);
    return undefined;
  }
  const p = await model.getRatePlan(ctx, (id ?? number)!);
  if (!p || (id && p.id !== id)) throw invalidValue(`'${id ? `${field}Id` : `${field}Number`}': no product rate plan '${id ?? number}'`);
  if (id && number && p.productRatePlanNumber !== number) throw invalidValue(`'${field}Number' '${number}' is not the number of product rate plan '${id}'`);
  return p;
}

export async function linked(ctx: Ctx, chargeId: string, planId: string): Promise<RatePlanDefRow | undefined> {
  return q(ctx).selectFrom('catalog_rateplan_definitions').selectAll().where('tenant_id', '=', T(ctx)).where('charge_id', '=', chargeId).where('rate_plan_id', '=', planId).executeTakeFirst();
}

/** True when the charge is used in the plan: its own plan, or a rate plan definition links them. */
export async function usedIn(ctx: Ctx, charge: model.ChargeRecord, planId: string): Promise<boolean> {
  return charge.productRatePlanId === planId || !!(await linked(ctx, charge.id, planId));
}

// ---------------------------------------------------------------- product rate plan definitions

function rpdView(row: RatePlanDefRow, charge: model.ChargeRecord, plan: model.RatePlanRecord): Body {
  return {
    id: row.id,
    productRatePlanChargeId: charge.id,
    productRatePlanChargeName: charge.name,
    productRatePlanChargeNumber: charge.productRatePlanChargeNumber,
    productRatePlanId: plan.id,
    productRatePlanName: plan.name,
    productRatePlanNumber: plan.productRatePlanNumber,
  };
}

export async function createRatePlanDefinition(ctx: Ctx, b: Body): Promise<Body> {
  const charge = await chargeBy(ctx, b.productRatePlanChargeId, b.productRatePlanChargeNumber, 'productRatePlanCharge');
  const plan = (await planBy(ctx, b.productRatePlanId, b.productRatePlanNumber, 'productRatePlan', true))!;
  if (await usedIn(ctx, charge, plan.id)) throw ruleViolation(`The charge ${charge.productRatePlanChargeNumber} is already used in the product rate plan ${plan.productRatePlanNumber}`);
  const priced = new Set(charge.pricing.map((p) => p.currency));
  const missing = plan.activeCurrencies.filter((c) => !priced.has(c));
  if (missing.length)
    throw ruleViolation(`The charge ${charge.productRatePlanChargeNumber} has no price in ${missing.join(', ')}, an active currency of the product rate plan ${plan.productRatePlanNumber}`);
  const id = newId();
  try {
    await q(ctx).insertInto('catalog_rateplan_definitions').values({ id, tenant_id: T(ctx), charge_id: charge.id, rate_plan_id: plan.id, created_at: nowIso(ctx), seq: await seq(ctx) }).execute();
  } catch (e) {
    // a concurrent request linked the same pair first
    const err = e as { code?: string; message?: string };
    if (err.code === '23505' || err.code === 'SQLITE_CONSTRAINT_UNIQUE' || /unique/i.test(err.message ?? ''))
      throw ruleViolation(`The charge ${charge.productRatePlanChargeNumber} is already used in the product rate plan ${plan.productRatePlanNumber}`);
    throw e;
  }
  return { id, success: true };
}

export async function rpdRows(ctx: Ctx, chargeId?: string, planId?: string): Promise<RatePlanDefRow[]> {
  let qb = q(ctx).selectFrom('catalog_rateplan_definitions').selectAll().where('tenant_id', '=', T(ctx));
  if (chargeId) qb = qb.where('charge_id', '=', chargeId);
  if (planId) qb = qb.where('rate_plan_id', '=', planId);
  return qb.orderBy('seq').execute();
}

async function rpdViews(ctx: Ctx, rows: RatePlanDefRow[]): Promise<Body[]> {
  const out: Body[] = [];
  for (const r of rows) {
    const c = await model.getCharge(ctx, r.charge_id);
    const p = await model.getRatePlan(ctx, r.rate_plan_id);
    if (c && p) out.push(rpdView(r, c, p));
  }
  return out;
}

export async function listRatePlanDefinitions(ctx: Ctx, query: { charge?: string; rateplan?: string }): Promise<Body> {
  if (!query.charge && !query.rateplan) throw missingParameter(`'charge' or 'rateplan' is required`);
  let chargeId: string | undefined;
  let planId: string | undefined;
  if (query.charge) {
    const c = await model.getCharge(ctx, query.charge);
    if (!c) throw notFound(`The product rate plan charge '${query.charge}' does not exist`);
    chargeId = c.id;
  }
  if (query.rateplan) {
    const p = await model.getRatePlan(ctx, query.rateplan);
    if (!p) throw notFound(`The product rate plan '${query.rateplan}' does not exist`);
    planId = p.id;
  }
  return { productRatePlanDefinitions: await rpdViews(ctx, await rpdRows(ctx, chargeId, planId)), success: true };
}

async function mustRpd(ctx: Ctx, key: string): Promise<RatePlanDefRow> {
  const r = await q(ctx).selectFrom('catalog_rateplan_definitions').selectAll().where('tenant_id', '=', T(ctx)).where('id', '=', key).executeTakeFirst();
  if (!r) throw notFound(`The product rate plan definition '${key}' does not exist`);
  return r;
}

export async function getRatePlanDefinition(ctx: Ctx, key: string): Promise<Body> {
  const [v] = await rpdViews(ctx, [await mustRpd(ctx, key)]);
  if (!v) throw notFound(`The product rate plan definition '${key}' does not exist`);
  return { ...v, success: true };
}

export async function deleteRatePlanDefinition(ctx: Ctx, key: string): Promise<Body> {
  const r = await mustRpd(ctx, key);
  const cd = await q(ctx)
    .selectFrom('catalog_charge_definitions')
    .select('number')
    .where('tenant_id', '=', T(ctx))
    .where('charge_id', '=', r.charge_id)
    .where('rate_plan_id', '=', r.rate_plan_id)
    .executeTakeFirst();
  if (cd) throw ruleViolation(`The product rate plan definition ${key} cannot be deleted: the product charge definition ${cd.number} prices the charge in this rate plan`);
  await q(ctx).deleteFrom('catalog_rateplan_definitions').where('tenant_id', '=', T(ctx)).where('id', '=', r.id).execute();
  return { success: true };
}

