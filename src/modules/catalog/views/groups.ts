/**
 * Catalog groups: a named list of product rate plans. A group of type Grading
 * gives each plan a grade (a positive integer; the greater, the higher), used
 * for upgrades and downgrades; a Display group only lists plans.
 *
 * Rules (Zuora's pages and product docs, and our decisions where they are silent):
 * - the name is required and unique in the tenant;
 * - the type is Grading (default) or Display and cannot be changed;
 * - a plan appears at most once in a group; in a Grading group every plan has a
 *   grade, grades are unique within the group, and a plan belongs to at most one
 *   Grading group (the grade is the plan's grade);
 * - a Display group carries no grades;
 * - plans are given by id or number and must exist in the catalog model.
 *
 * A plan's grade is the model's (the `grade` of the product rate plan, also set
 * by PUT /commerce/plans and read by the catalog API): joining a Grading group
 * sets it, leaving the group clears it, and the group shows the model's value.
 */
import type { Kysely } from 'kysely';
import type { Ctx } from '../../../platform/context.js';
import { nextCounter } from '../../../platform/counters.js';
import { formatIsoDateTime } from '../../../platform/dates.js';
import { invalidValue, missingField, notFound, ruleViolation } from '../../../platform/errors.js';
import { formatNumber, newId } from '../../../platform/ids.js';
import type { PageRequest } from '../../../platform/pagination.js';
import { type CatalogRatePlan, type CatalogUsageGuard } from '../contract.js';
import { getRatePlan, updateRatePlan } from './model.js';

interface GroupRow {
  id: string;
  tenant_id: string;
  number: string;
  name: string;
  description: string | null;
  type: string;
  created_at: string;
  updated_at: string;
}
interface GroupPlanRow {
  tenant_id: string;
  group_id: string;
  product_rate_plan_id: string;
  grade: number | null;
  position: number;
}
interface Tables {
  catalog_groups: GroupRow;
  catalog_group_plans: GroupPlanRow;
}
const q = (ctx: Ctx) => ctx.db as unknown as Kysely<Tables>;

export type GroupType = 'Grading' | 'Display';

export interface GroupPlanInput {
  id?: string;
  grade?: number;
}

export interface CreateGroupInput {
  name?: string;
  description?: string | null;
  type?: GroupType;
  productRatePlans?: GroupPlanInput[];
}

export interface UpdateGroupInput {
  name?: string;
  description?: string | null;
  type?: string;
  add?: GroupPlanInput[];
  remove?: { id?: string }[];
}

export interface GroupPlanView {
  description: string | null;
  effectiveEndDate: string | null;
  effectiveStartDate: string | null;
  grade: number | null;
  id: string;
  name: string;
  organizationLabels: unknown[];
  status: 'Active' | 'Expired' | 'NotStarted';
}

export interface GroupView {
  catalogGroupNumber: string;
  description: string | null;
  id: string;
  name: string;
  productRatePlans: GroupPlanView[];
  type: GroupType;
}

/** A plan's status on a date, from its effective dates (end date inclusive). */
export function planStatus(plan: { effectiveStartDate: string | null; effectiveEndDate: string | null }, today: string): GroupPlanView['status'] {
  if (plan.effectiveStartDate && today < plan.effectiveStartDate) return 'NotStarted';
  if (plan.effectiveEndDate && today > plan.effectiveEndDate) return 'Expired';
  return 'Active';
}

function checkGrade(grade: unknown, field: string): number {
  if (grade === undefined || grade === null) throw missingField(`'${field}' is required for a catalog group of type Grading`);
  if (typeof grade !== 'number' || !Number.isInteger(grade) || grade < 1) throw invalidValue(`'${field}' must be a positive integer`);
  return grade;
}

async function resolvePlan(ctx: Ctx, key: string | undefined, field: string): Promise<CatalogRatePlan> {
  if (!key) throw missingField(`'${field}' is required`);
  const plan = await getRatePlan(ctx, key);
  if (!plan) throw invalidValue(`'${field}': no product rate plan '${key}'`);
  return plan;
}

async function findGroup(ctx: Ctx, key: string): Promise<GroupRow | undefined> {
  return q(ctx)
    .selectFrom('catalog_groups')
    .selectAll()
    .where('tenant_id', '=', ctx.tenant.id)
    .where((eb) => eb.or([eb('id', '=', key), eb('number', '=', key)]))
    .executeTakeFirst();
}

async function mustGroup(ctx: Ctx, key: string): Promise<GroupRow> {
  const g = await findGroup(ctx, key);
  if (!g) throw notFound(`Catalog group '${key}' not found`);
  return g;
}

/** A concurrent request may take the name between the check and the write: the unique index says so. */
async function uniqueName<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    const err = e as { code?: string; message?: string };
    if (err.code === '23505' || err.code === 'SQLITE_CONSTRAINT_UNIQUE' || /unique/i.test(err.message ?? ''))
      throw ruleViolation(`'name': a catalog group named '${name}' already exists`);
    throw e;
  }
}

async function checkName(ctx: Ctx, name: unknown, exceptId?: string): Promise<string> {
  if (typeof name !== 'string' || name.trim() === '') throw missingField(`'name' is required`);
  if (name.length > 255) throw invalidValue(`'name' must be at most 255 characters`);
  let qb = q(ctx).selectFrom('catalog_groups').select('id').where('tenant_id', '=', ctx.tenant.id).where('name', '=', name);
  if (exceptId) qb = qb.where('id', '!=', exceptId);
  if (await qb.executeTakeFirst()) throw ruleViolation(`'name': a catalog group named '${name}' already exists`);
  return name;
}

/** Adds plans to a group, checking the rules against what the group already holds. */
async function addPlans(ctx: Ctx, group: { id: string; type: GroupType }, items: GroupPlanInput[], field: string): Promise<void> {
  if (items.length === 0) return;
  // one writer per group at a time, and one Grading writer per plan, so that two groups cannot
  // take the same plan at once (counter rows stay locked until the transaction ends; taken in id
  // order so that two writers never wait on each other)
  await nextCounter(ctx, `catalog-group-lock-${group.id}`);
  if (group.type === 'Grading') {
    const ids = new Set<string>();
    for (const item of items) if (item.id) ids.add((await getRatePlan(ctx, item.id))?.id ?? '');
    for (const id of [...ids].filter(Boolean).sort()) await nextCounter(ctx, `catalog-grade-lock-${id}`);
  }
  const existing = await q(ctx).selectFrom('catalog_group_plans').selectAll().where('tenant_id', '=', ctx.tenant.id).where('group_id', '=', group.id).execute();
  const planIds = new Set(existing.map((r) => r.product_rate_plan_id));
  const grades = new Map<number, string>();
  for (const r of existing) {
    const g = (await getRatePlan(ctx, r.product_rate_plan_id))?.grade ?? r.grade;
    if (g !== null && g !== undefined) grades.set(Number(g), r.product_rate_plan_id);
  }
  let position = existing.reduce((m, r) => Math.max(m, Number(r.position)), 0);
  for (const [i, item] of items.entries()) {
    const f = `${field}[${i}]`;
    const plan = await resolvePlan(ctx, item.id, `${f}.id`);
    if (planIds.has(plan.id)) throw ruleViolation(`'${f}.id': product rate plan '${item.id}' is already in this catalog group`);
    let grade: number | null = null;
    if (group.type === 'Grading') {
      grade = checkGrade(item.grade, `${f}.grade`);
      if (grades.has(grade)) throw ruleViolation(`'${f}.grade': grade ${grade} is already given to another product rate plan of this catalog group`);
      const other = await q(ctx)
        .selectFrom('catalog_group_plans as p')
        .innerJoin('catalog_groups as g', (j) => j.onRef('g.id', '=', 'p.group_id').onRef('g.tenant_id', '=', 'p.tenant_id'))
        .select(['g.number'])
        .where('p.tenant_id', '=', ctx.tenant.id)
        .where('p.product_rate_plan_id', '=', plan.id)
        .where('g.type', '=', 'Grading')
        .where('g.id', '!=', group.id)
        .executeTakeFirst();
      if (other) throw ruleViolation(`'${f}.id': product rate plan '${item.id}' already belongs to the Grading catalog group ${other.number}`);
      grades.set(grade, plan.id);
      await updateRatePlan(ctx, plan.id, { grade });
    } else if (item.grade !== undefined && item.grade !== null) {
      throw invalidValue(`'${f}.grade': a catalog group of type Display has no grades`);
    }
    planIds.add(plan.id);
    position += 1;
    await q(ctx)
      .insertInto('catalog_group_plans')
      .values({ tenant_id: ctx.tenant.id, group_id: group.id, product_rate_plan_id: plan.id, grade, position })
      .execute();
  }
}

async function view(ctx: Ctx, g: GroupRow): Promise<GroupView> {
  const rows = await q(ctx)
    .selectFrom('catalog_group_plans')
    .selectAll()
    .where('tenant_id', '=', ctx.tenant.id)
    .where('group_id', '=', g.id)
    .orderBy('position')
    .execute();
  const today = ctx.today().toString();
  const plans: GroupPlanView[] = [];
  for (const r of rows) {
    const p = await getRatePlan(ctx, r.product_rate_plan_id);
    if (!p) continue;
    plans.push({
      description: p.description,
      effectiveEndDate: p.effectiveEndDate,
      effectiveStartDate: p.effectiveStartDate,
      grade: g.type === 'Grading' ? (p.grade !== null && p.grade !== undefined ? Number(p.grade) : null) : null,
      id: p.id,
      name: p.name,
      organizationLabels: [],
      status: planStatus(p, today),
    });
  }
  return { catalogGroupNumber: g.number, description: g.description, id: g.id, name: g.name, productRatePlans: plans, type: g.type as GroupType };
}

export async function createGroup(ctx: Ctx, body: CreateGroupInput): Promise<GroupView> {
  const name = await checkName(ctx, body.name);
  const type: GroupType = body.type ?? 'Grading';
  const id = newId();
  const number = formatNumber('CG-', await nextCounter(ctx, 'catalogGroup'));
  const now = formatIsoDateTime(ctx.now(), ctx.tenant.timezone);
  await uniqueName(name, () =>
    q(ctx).insertInto('catalog_groups').values({ id, tenant_id: ctx.tenant.id, number, name, description: body.description ?? null, type, created_at: now, updated_at: now }).execute(),
  );
  await addPlans(ctx, { id, type }, body.productRatePlans ?? [], 'productRatePlans');
  return view(ctx, await mustGroup(ctx, id));
}

export async function getGroup(ctx: Ctx, key: string): Promise<GroupView> {
  return view(ctx, await mustGroup(ctx, key));
}

export async function listGroups(ctx: Ctx, p: PageRequest): Promise<GroupView[]> {
  const rows = await q(ctx)
    .selectFrom('catalog_groups')
    .selectAll()
    .where('tenant_id', '=', ctx.tenant.id)
    .orderBy('number')
    .limit(p.pageSize + 1)
    .offset(p.offset)
    .execute();
  const out: GroupView[] = [];
  for (const r of rows) out.push(await view(ctx, r));
  return out;
}

export async function updateGroup(ctx: Ctx, key: string, body: UpdateGroupInput): Promise<GroupView> {
  const g = await mustGroup(ctx, key);
  if (body.type !== undefined && body.type !== g.type) throw ruleViolation(`'type': the type of a catalog group cannot be changed`);
  const patch: Partial<GroupRow> = {};
  if (body.name !== undefined) patch.name = await checkName(ctx, body.name, g.id);
  if (body.description !== undefined) patch.description = body.description === '' ? null : body.description;
  patch.updated_at = formatIsoDateTime(ctx.now(), ctx.tenant.timezone);
  await uniqueName(patch.name ?? g.name, () => q(ctx).updateTable('catalog_groups').set(patch).where('tenant_id', '=', ctx.tenant.id).where('id', '=', g.id).execute());
  for (const [i, item] of (body.remove ?? []).entries()) {
    const plan = await resolvePlan(ctx, item.id, `remove[${i}].id`);
    const res = await q(ctx)
      .deleteFrom('catalog_group_plans')
      .where('tenant_id', '=', ctx.tenant.id)
      .where('group_id', '=', g.id)
      .where('product_rate_plan_id', '=', plan.id)
      .executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) throw invalidValue(`'remove[${i}].id': product rate plan '${item.id}' is not in this catalog group`);
    if (g.type === 'Grading') await updateRatePlan(ctx, plan.id, { grade: null });
  }
  await addPlans(ctx, { id: g.id, type: g.type as GroupType }, body.add ?? [], 'add');
  return view(ctx, await mustGroup(ctx, g.id));
}

export async function deleteGroup(ctx: Ctx, key: string): Promise<void> {
  const g = await mustGroup(ctx, key);
  if (g.type === 'Grading') {
    const members = await q(ctx).selectFrom('catalog_group_plans').select('product_rate_plan_id').where('tenant_id', '=', ctx.tenant.id).where('group_id', '=', g.id).execute();
    for (const m of members) if (await getRatePlan(ctx, m.product_rate_plan_id)) await updateRatePlan(ctx, m.product_rate_plan_id, { grade: null });
  }
  await q(ctx).deleteFrom('catalog_group_plans').where('tenant_id', '=', ctx.tenant.id).where('group_id', '=', g.id).execute();
  await q(ctx).deleteFrom('catalog_groups').where('tenant_id', '=', ctx.tenant.id).where('id', '=', g.id).execute();
}

/** A product rate plan listed in a catalog group is not deleted from under it. */
export const groupsUsageGuard: CatalogUsageGuard = async (ctx, kind, id) => {
  if (kind !== 'ratePlan') return null;
  const row = await q(ctx)
    .selectFrom('catalog_group_plans as p')
    .innerJoin('catalog_groups as g', (j) => j.onRef('g.id', '=', 'p.group_id').onRef('g.tenant_id', '=', 'p.tenant_id'))
    .select('g.number')
    .where('p.tenant_id', '=', ctx.tenant.id)
    .where('p.product_rate_plan_id', '=', id)
    .executeTakeFirst();
  return row ? `used by catalog group ${row.number}` : null;
};
