/**
 * What other modules may use of documents: storing a file they made (a summary statement's PDF, served
 * at /v1/files/{id} like every file here), the amount format of the PDFs, and the hard delete of an
 * account's billing document files (POST /v1/accounts/billing-documents/files/deletion-jobs).
 */
import type { Ctx } from '../../platform/context.js';
import { formatDateTime } from '../../platform/dates.js';
import { newId } from '../../platform/ids.js';
import { accountBillingDocuments } from '../invoices/contract.js';
import { DELETED } from './service.js';
import * as store from './store.js';

export { formatMoney } from './pdf.js';

/** Stores a file another module made, owned by its record (`ownerType` such as `SummaryStatement`, the record's id); answers the file id. */
export async function storeGeneratedFile(ctx: Ctx, f: { ownerType: string; ownerId: string; fileName: string; contentType: string; content: Buffer }): Promise<string> {
  const id = newId();
  const now = ctx.now();
  await store.insertFile(
    ctx,
    { id, tenant_id: ctx.tenant.id, entry_id: newId(), doc_type: f.ownerType, doc_id: f.ownerId, origin: 'Generated', file_name: f.fileName, content_type: f.contentType, version_number: String(now.epochMilliseconds).padStart(13, '0'), created_at: now.toString() },
    f.content,
  );
  return id;
}

/**
 * Hard-deletes the PDF files (generated and uploaded) of every invoice, credit memo and debit memo of the
 * account. A posted (or canceled) document's PDF is not made again on the next read (its PDF status records the
 * deletion); an explicit generation (POST …/pdfs) or upload makes a new one. Answers how many files went.
 */
export async function deleteAccountDocumentFiles(ctx: Ctx, accountId: string): Promise<number> {
  let n = 0;
  const at = formatDateTime(ctx.now(), ctx.tenant.timezone);
  for (const d of await accountBillingDocuments(ctx, accountId)) {
    n += await store.deleteFilesOf(ctx, d.documentType, d.id);
    // a Draft document gets the PDF its posting makes when it is posted later
    if (d.status === 'Draft') continue;
    const prev = await store.pdfStatus(ctx, d.documentType, d.id);
    await store.setPdfStatus(ctx, { doc_type: d.documentType, doc_id: d.id, status: DELETED, file_id: null, error_message: null, created_on: prev?.created_on ?? at, updated_on: at });
  }
  return n;
}
