/**
 * Attachments: a file tied to an account, an invoice, a subscription (by number: every version shows it),
 * a credit memo or a debit memo. The object is looked up through its module's contract; the file's
 * content is kept in the module's own table and served at GET /v1/files/{fileId}.
 */
import type { Ctx } from '../../platform/context.js';
import { formatDateTime, Temporal } from '../../platform/dates.js';
import { invalidValue, missingField, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { PageRequest } from '../../platform/pagination.js';
import { getAccountByKey } from '../accounts/contract.js';
import { readInvoice } from '../invoices/contract.js';
import { readMemo } from '../memos/contract.js';
import { findSubscription } from '../subscriptions/contract.js';
import * as store from './store.js';
import type { AttachmentRow } from './store.js';

/** The object types an attachment can be tied to (POST's associatedObjectType; the list path takes them in lower case). */
export const OBJECT_TYPES = ['Account', 'Invoice', 'Subscription', 'CreditMemo', 'DebitMemo'] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];

/** The largest file taken: 4 MB. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** The file extensions the page lists, with the content type each is served as. */
const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  csv: 'text/csv',
  png: 'image/png',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xls: 'application/vnd.ms-excel',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  msg: 'application/vnd.ms-outlook',
  jpg: 'image/jpeg',
  txt: 'text/plain',
  htm: 'text/html',
  html: 'text/html',
  eml: 'message/rfc822',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  gif: 'image/gif',
  rtf: 'application/rtf',
  xml: 'text/xml',
  jpeg: 'image/jpeg',
  log: 'text/plain',
  cls: 'text/plain',
};

function extensionOf(name: string): string | null {
  const i = name.lastIndexOf('.');
  return i > 0 && i < name.length - 1 ? name.slice(i + 1).toLowerCase() : null;
}

/** The object named by a type and key, as the attachment keeps it (a subscription by number, the rest by id), or not found. */
async function resolveObject(ctx: Ctx, type: ObjectType, key: string): Promise<string> {
  let found: string | undefined;
  switch (type) {
    case 'Account':
      found = (await getAccountByKey(ctx, key))?.id;
      break;
    case 'Invoice': {
      // by id, as the page says
      const inv = await readInvoice(ctx, key);
      found = inv && inv.invoice.id === key ? inv.invoice.id : undefined;
      break;
    }
    case 'Subscription':
      found = (await findSubscription(ctx, key))?.subscriptionNumber;
      break;
    case 'CreditMemo':
      found = (await readMemo(ctx, 'creditMemo', key))?.memo.id;
      break;
    case 'DebitMemo':
      found = (await readMemo(ctx, 'debitMemo', key))?.memo.id;
      break;
  }
  if (!found) throw notFound(`Cannot find a ${type} with key '${key}'.`);
  return found;
}

export interface NewAttachment {
  associatedObjectType?: string;
  associatedObjectKey?: string;
  description?: string;
  file?: { fileName: string | null; contentType: string | null; data: Buffer };
}

/** Checks the request, ties the file to its object; answers the attachment's id and its file's id. */
export async function createAttachment(ctx: Ctx, a: NewAttachment): Promise<{ id: string; fileId: string }> {
  if (!a.associatedObjectType) throw missingField("'associatedObjectType' is required");
  const type = OBJECT_TYPES.find((t) => t === a.associatedObjectType);
  if (!type) throw invalidValue(`Invalid value for associatedObjectType: '${a.associatedObjectType}'; it must be one of ${OBJECT_TYPES.join(', ')}`);
  if (!a.associatedObjectKey) throw missingField("'associatedObjectKey' is required");
  if (!a.file) throw missingField("'file' is required");
  const fileName = a.file.fileName?.trim();
  if (!fileName) throw missingField('The file has no file name');
  const ext = extensionOf(fileName);
  if (!ext || !CONTENT_TYPES[ext]) throw invalidValue(`The file type of '${fileName}' is not supported; supported extensions: .${Object.keys(CONTENT_TYPES).join(', .')}`);
  if (a.file.data.length === 0) throw invalidValue(`The file '${fileName}' is empty`);
  if (a.file.data.length > MAX_FILE_BYTES) throw invalidValue(`The file '${fileName}' is larger than the maximum file size of 4 MB`);
  const objectKey = await resolveObject(ctx, type, a.associatedObjectKey);
  const now = ctx.now().toString();
  const row = {
    id: newId(),
    tenant_id: ctx.tenant.id,
    file_id: newId(),
    object_type: type,
    object_key: objectKey,
    file_name: fileName,
    content_type: CONTENT_TYPES[ext]!,
    description: a.description ?? null,
    size: a.file.data.length,
    created_by: ctx.tenant.id,
    created_at: now,
    updated_by: ctx.tenant.id,
    updated_at: now,
  };
  await store.insert(ctx, row, a.file.data);
  return { id: row.id, fileId: row.file_id };
}

async function mustFind(ctx: Ctx, id: string): Promise<AttachmentRow> {
  const r = await store.find(ctx, id);
  if (!r) throw notFound(`Cannot find an attachment with id '${id}'.`);
  return r;
}

/** An attachment as GET answers it (without `success`). */
export function view(ctx: Ctx, r: AttachmentRow): Record<string, unknown> {
  const at = (s: string) => formatDateTime(Temporal.Instant.from(s), ctx.tenant.timezone);
  return {
    createdBy: r.created_by,
    createdOn: at(r.created_at),
    description: r.description,
    fileContentType: r.content_type,
    fileId: r.file_id,
    fileName: r.file_name,
    id: r.id,
    updatedBy: r.updated_by,
    updatedOn: at(r.updated_at),
  };
}

export async function getAttachment(ctx: Ctx, id: string): Promise<Record<string, unknown>> {
  return view(ctx, await mustFind(ctx, id));
}

/** PUT: the description, and the file name without its extension (the extension stays the file's). */
export async function updateAttachment(ctx: Ctx, id: string, body: { fileName?: unknown; description?: unknown }): Promise<void> {
  const r = await mustFind(ctx, id);
  const set: Partial<AttachmentRow> = {};
  if (body.fileName !== undefined && body.fileName !== null) {
    if (typeof body.fileName !== 'string' || !body.fileName.trim()) throw invalidValue("'fileName' must be a file name");
    const ext = extensionOf(r.file_name);
    let name = body.fileName.trim();
    if (ext && name.toLowerCase().endsWith(`.${ext}`)) name = name.slice(0, -(ext.length + 1));
    if (!name) throw invalidValue("'fileName' must be a file name");
    set.file_name = ext ? `${name}.${ext}` : name;
    if (set.file_name.length > 255) throw invalidValue("'fileName' is longer than 255 characters");
  }
  if (body.description !== undefined) {
    if (body.description !== null && typeof body.description !== 'string') throw invalidValue("'description' must be a string");
    set.description = body.description as string | null;
  }
  set.updated_by = ctx.tenant.id;
  set.updated_at = ctx.now().toString();
  await store.update(ctx, r.id, set);
}

export async function deleteAttachment(ctx: Ctx, id: string): Promise<void> {
  await store.remove(ctx, await mustFind(ctx, id));
}

/** The attachments of an object named by the list path's type (lower case) and key, one page. */
export async function listAttachments(ctx: Ctx, pathType: string, key: string, p: PageRequest): Promise<AttachmentRow[]> {
  const type = OBJECT_TYPES.find((t) => t.toLowerCase() === pathType);
  // a type outside the list names nothing that could hold attachments
  if (!type) throw notFound(`Cannot find attachments of object type '${pathType}'; the object type must be one of ${OBJECT_TYPES.map((t) => t.toLowerCase()).join(', ')}`);
  const objectKey = await resolveObject(ctx, type, key);
  return store.listOf(ctx, type, objectKey, p.pageSize + 1, p.offset);
}

/** The file of an attachment by its file id, for GET /v1/files/{file-id}; undefined when it is not an attachment's. */
export async function attachmentFile(ctx: Ctx, fileId: string): Promise<{ name: string; contentType: string; content: Buffer } | undefined> {
  const r = await store.findByFile(ctx, fileId);
  if (!r) return undefined;
  const content = await store.content(ctx, fileId);
  return content ? { name: r.file_name, contentType: r.content_type, content } : undefined;
}
