/** SQL of the documents module: billing document files (chunked), PDF statuses, the email outbox. */
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';

export type DocType = 'Invoice' | 'CreditMemo' | 'DebitMemo';

export interface FileRow {
  id: string;
  tenant_id: string;
  entry_id: string;
  doc_type: string;
  doc_id: string;
  origin: string;
  file_name: string;
  content_type: string;
  size: number;
  chunks: number;
  version_number: string;
  created_at: string;
}
interface ChunkRow {
  tenant_id: string;
  file_id: string;
  seq: number;
  data: string;
}
export interface PdfStatusRow {
  tenant_id: string;
  doc_type: string;
  doc_id: string;
  status: string;
  file_id: string | null;
  error_message: string | null;
  created_on: string;
  updated_on: string;
}
export interface OutboxRow {
  id: string;
  tenant_id: string;
  seq: number;
  doc_type: string;
  doc_id: string;
  doc_number: string;
  to_addresses: string;
  cc_addresses: string;
  subject: string;
  body: string;
  attachments: string;
  status: string;
  error: string | null;
  created_at: string;
  sent_at: string | null;
}
interface Tables {
  document_files: FileRow;
  document_file_chunks: ChunkRow;
  document_pdf_status: PdfStatusRow;
  outbox: OutboxRow;
}
const q = (ctx: Ctx) => ctx.db as unknown as Kysely<Tables>;
const normFile = (r: FileRow): FileRow => ({ ...r, size: Number(r.size), chunks: Number(r.chunks) });

/** Bytes per stored chunk. */
export const CHUNK_BYTES = 256 * 1024;

/**
 * Stores a file and its chunks. With `once`, a file of that id already there (another request made the
 * same file at the same time: its id is derived) is kept and nothing is written: answers false.
 */
export async function insertFile(ctx: Ctx, row: Omit<FileRow, 'chunks' | 'size'>, content: Buffer, opts: { once?: boolean } = {}): Promise<boolean> {
  const chunks = Math.max(1, Math.ceil(content.length / CHUNK_BYTES));
  const ins = q(ctx).insertInto('document_files').values({ ...row, size: content.length, chunks });
  if (opts.once) {
    const made = await ins.onConflict((oc) => oc.column('id').doNothing()).returning('id').execute();
    if (!made.length) return false;
  } else await ins.execute();
  for (let i = 0; i < chunks; i++) {
    const data = content.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES).toString('base64');
    await q(ctx).insertInto('document_file_chunks').values({ tenant_id: ctx.tenant.id, file_id: row.id, seq: i, data }).execute();
  }
  return true;
}

export async function findFile(ctx: Ctx, id: string): Promise<FileRow | undefined> {
  const r = await q(ctx).selectFrom('document_files').selectAll().where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).executeTakeFirst();
  return r && normFile(r);
}

export async function fileContent(ctx: Ctx, id: string): Promise<Buffer> {
  const rows = await q(ctx).selectFrom('document_file_chunks').select('data').where('tenant_id', '=', ctx.tenant.id).where('file_id', '=', id).orderBy('seq').execute();
  return Buffer.concat(rows.map((r) => Buffer.from(r.data, 'base64')));
}

/** The files of a document, newest version first. */
export async function filesOf(ctx: Ctx, docType: DocType, docId: string, page?: { limit: number; offset: number }): Promise<FileRow[]> {
  let s = q(ctx)
    .selectFrom('document_files')
    .selectAll()
    .where('tenant_id', '=', ctx.tenant.id)
    .where('doc_type', '=', docType)
    .where('doc_id', '=', docId)
    // every version number has 13 digits (epoch ms; the service keeps them increasing per document)
    .orderBy('version_number', 'desc');
  if (page) s = s.limit(page.limit).offset(page.offset);
  return (await s.execute()).map(normFile);
}

/** Deletes every file of a document with its chunks (a hard delete); answers how many files went. */
export async function deleteFilesOf(ctx: Ctx, docType: string, docId: string): Promise<number> {
  const ids = (await q(ctx).selectFrom('document_files').select('id').where('tenant_id', '=', ctx.tenant.id).where('doc_type', '=', docType).where('doc_id', '=', docId).execute()).map((r) => r.id);
  if (!ids.length) return 0;
  await q(ctx).deleteFrom('document_file_chunks').where('tenant_id', '=', ctx.tenant.id).where('file_id', 'in', ids).execute();
  await q(ctx).deleteFrom('document_files').where('tenant_id', '=', ctx.tenant.id).where('id', 'in', ids).execute();
  return ids.length;
}

export async function countFiles(ctx: Ctx, docType: DocType, docId: string, origin: string): Promise<number> {
  const r = await q(ctx)
    .selectFrom('document_files')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('tenant_id', '=', ctx.tenant.id)
    .where('doc_type', '=', docType)
    .where('doc_id', '=', docId)
    .where('origin', '=', origin)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function hasFileNamed(ctx: Ctx, docType: DocType, docId: string, name: string): Promise<boolean> {
  const r = await q(ctx).selectFrom('document_files').select('id').where('tenant_id', '=', ctx.tenant.id).where('doc_type', '=', docType).where('doc_id', '=', docId).where('file_name', '=', name).executeTakeFirst();
  return r !== undefined;
}

export async function pdfStatus(ctx: Ctx, docType: DocType, docId: string): Promise<PdfStatusRow | undefined> {
  return q(ctx).selectFrom('document_pdf_status').selectAll().where('tenant_id', '=', ctx.tenant.id).where('doc_type', '=', docType).where('doc_id', '=', docId).executeTakeFirst();
}

export async function setPdfStatus(ctx: Ctx, row: Omit<PdfStatusRow, 'tenant_id'>): Promise<void> {
  const values = { ...row, tenant_id: ctx.tenant.id };
  await q(ctx)
    .insertInto('document_pdf_status')
    .values(values)
    .onConflict((oc) => oc.columns(['tenant_id', 'doc_type', 'doc_id']).doUpdateSet({ status: row.status, file_id: row.file_id, error_message: row.error_message, updated_on: row.updated_on }))
    .execute();
}

export async function insertOutbox(ctx: Ctx, row: OutboxRow): Promise<void> {
  await q(ctx).insertInto('outbox').values(row).execute();
}

export async function findOutbox(ctx: Ctx, id: string): Promise<OutboxRow | undefined> {
  return q(ctx).selectFrom('outbox').selectAll().where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).executeTakeFirst();
}

export async function updateOutbox(ctx: Ctx, id: string, set: Partial<OutboxRow>): Promise<void> {
  await q(ctx).updateTable('outbox').set(set).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

export async function listOutbox(ctx: Ctx, limit: number, offset: number): Promise<OutboxRow[]> {
  return q(ctx).selectFrom('outbox').selectAll().where('tenant_id', '=', ctx.tenant.id).orderBy('seq', 'desc').limit(limit).offset(offset).execute();
}

/** Whether any email of the document was ever made (a bill run's emails with resend false skip it). */
export async function wasEmailed(ctx: Ctx, docType: DocType, docId: string): Promise<boolean> {
  const r = await q(ctx).selectFrom('outbox').select('id').where('tenant_id', '=', ctx.tenant.id).where('doc_type', '=', docType).where('doc_id', '=', docId).executeTakeFirst();
  return r !== undefined;
}
