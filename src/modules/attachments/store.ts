/** SQL of attachments: the only file that knows the module's tables. */
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';

export interface AttachmentRow {
  id: string;
  tenant_id: string;
  seq: number;
  file_id: string;
  object_type: string;
  object_key: string;
  file_name: string;
  content_type: string;
  description: string | null;
  size: number;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}
interface FileRow {
  id: string;
  tenant_id: string;
  data: string;
}
interface Tables {
  attachments: AttachmentRow;
  attachment_files: FileRow;
}
const q = (ctx: Ctx) => ctx.db as unknown as Kysely<Tables>;

export async function insert(ctx: Ctx, row: Omit<AttachmentRow, 'seq'>, content: Buffer): Promise<void> {
  const last = await q(ctx).selectFrom('attachments').select((eb) => eb.fn.max('seq').as('m')).where('tenant_id', '=', ctx.tenant.id).executeTakeFirst();
  await q(ctx).insertInto('attachment_files').values({ id: row.file_id, tenant_id: ctx.tenant.id, data: content.toString('base64') }).execute();
  await q(ctx).insertInto('attachments').values({ ...row, seq: Number(last?.m ?? 0) + 1 }).execute();
}

export async function find(ctx: Ctx, id: string): Promise<AttachmentRow | undefined> {
  return q(ctx).selectFrom('attachments').selectAll().where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).executeTakeFirst();
}

export async function findByFile(ctx: Ctx, fileId: string): Promise<AttachmentRow | undefined> {
  return q(ctx).selectFrom('attachments').selectAll().where('tenant_id', '=', ctx.tenant.id).where('file_id', '=', fileId).executeTakeFirst();
}

export async function content(ctx: Ctx, fileId: string): Promise<Buffer | undefined> {
  const r = await q(ctx).selectFrom('attachment_files').select('data').where('tenant_id', '=', ctx.tenant.id).where('id', '=', fileId).executeTakeFirst();
  return r ? Buffer.from(r.data, 'base64') : undefined;
}

export async function update(ctx: Ctx, id: string, set: Partial<AttachmentRow>): Promise<void> {
  await q(ctx).updateTable('attachments').set(set).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

export async function remove(ctx: Ctx, row: AttachmentRow): Promise<void> {
  await q(ctx).deleteFrom('attachments').where('tenant_id', '=', ctx.tenant.id).where('id', '=', row.id).execute();
  await q(ctx).deleteFrom('attachment_files').where('tenant_id', '=', ctx.tenant.id).where('id', '=', row.file_id).execute();
}

/** One page of an object's attachments in the order they were made (limit rows, the caller asks one more). */
export async function listOf(ctx: Ctx, objectType: string, objectKey: string, limit: number, offset: number): Promise<AttachmentRow[]> {
  return q(ctx)
    .selectFrom('attachments')
    .selectAll()
    .where('tenant_id', '=', ctx.tenant.id)
    .where('object_type', '=', objectType)
    .where('object_key', '=', objectKey)
    .orderBy('seq')
    .limit(limit)
    .offset(offset)
    .execute();
}
