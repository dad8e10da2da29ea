import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';

export interface DefinitionRow {
  id: string;
  tenant_id: string;
  namespace: string;
  object: string;
  definition: string;
  created_by: string;
  created_date: string;
  updated_by: string;
  updated_date: string;
}

export interface RecordRow {
  id: string;
  tenant_id: string;
  object: string;
  data: string;
  created_by: string;
  created_date: string;
  updated_by: string;
  updated_date: string;
}

interface Tables {
  custom_object_definitions: DefinitionRow;
  custom_object_records: RecordRow;
}

const q = (ctx: Ctx) => ctx.db as unknown as Kysely<Tables>;

/** A unique index refused the row (SQLite and PostgreSQL word it differently): a concurrent request made it first. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === '23505' || err?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/i.test(err?.message ?? '');
}

export async function definitions(ctx: Ctx, namespace: string): Promise<DefinitionRow[]> {
  return q(ctx).selectFrom('custom_object_definitions').selectAll().where('tenant_id', '=', ctx.tenant.id).where('namespace', '=', namespace).orderBy('object').execute();
}

export async function definition(ctx: Ctx, namespace: string, object: string): Promise<DefinitionRow | undefined> {
  return q(ctx)
    .selectFrom('custom_object_definitions')
    .selectAll()
    .where('tenant_id', '=', ctx.tenant.id)
    .where('namespace', '=', namespace)
    .where('object', '=', object)
    .executeTakeFirst();
}

export async function insertDefinition(ctx: Ctx, row: DefinitionRow): Promise<void> {
  await q(ctx).insertInto('custom_object_definitions').values(row).execute();
}

export async function updateDefinition(ctx: Ctx, id: string, patch: Partial<DefinitionRow>): Promise<void> {
  await q(ctx).updateTable('custom_object_definitions').set(patch).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

export async function deleteDefinition(ctx: Ctx, id: string): Promise<void> {
  await q(ctx).deleteFrom('custom_object_definitions').where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

export async function hasRecords(ctx: Ctx, object: string): Promise<boolean> {
  const r = await q(ctx).selectFrom('custom_object_records').select('id').where('tenant_id', '=', ctx.tenant.id).where('object', '=', object).limit(1).executeTakeFirst();
  return !!r;
}

export async function recordsByIds(ctx: Ctx, object: string, ids: string[]): Promise<RecordRow[]> {
  if (!ids.length) return [];
  return q(ctx).selectFrom('custom_object_records').selectAll().where('tenant_id', '=', ctx.tenant.id).where('object', '=', object).where('id', 'in', ids).orderBy('id').execute();
}

/** Records in id order after `after` (the cursor), at most `limit`. */
export async function recordsPage(ctx: Ctx, object: string, after: string | undefined, limit: number): Promise<RecordRow[]> {
  let query = q(ctx).selectFrom('custom_object_records').selectAll().where('tenant_id', '=', ctx.tenant.id).where('object', '=', object);
  if (after !== undefined) query = query.where('id', '>', after);
  return query.orderBy('id').limit(limit).execute();
}

export async function allRecords(ctx: Ctx, object: string): Promise<RecordRow[]> {
  return q(ctx).selectFrom('custom_object_records').selectAll().where('tenant_id', '=', ctx.tenant.id).where('object', '=', object).orderBy('id').execute();
}

export async function insertRecords(ctx: Ctx, rows: RecordRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await q(ctx).insertInto('custom_object_records').values(rows.slice(i, i + 200)).execute();
}

export async function updateRecord(ctx: Ctx, id: string, patch: Partial<RecordRow>): Promise<void> {
  await q(ctx).updateTable('custom_object_records').set(patch).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

export async function deleteRecords(ctx: Ctx, object: string, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500)
    await q(ctx).deleteFrom('custom_object_records').where('tenant_id', '=', ctx.tenant.id).where('object', '=', object).where('id', 'in', ids.slice(i, i + 500)).execute();
}
