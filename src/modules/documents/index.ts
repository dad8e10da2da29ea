import { Readable } from 'node:stream';
import { adminTenantReads } from '../../platform/http/admin.js';
import { addOnce, type ZModule } from '../../platform/module.js';
import { fileSources, type ServedFile } from '../billing/contract.js';
import { BULK_PDF_JOB, bulkPdfJob } from './bulk.js';
import { outboxView, SEND_EMAIL_JOB, sendEmailJob } from './mail.js';
import { documentTables, migrations } from './migrations.js';
import { registerRoutes } from './routes.js';
import { servedFile } from './service.js';
import type { Ctx } from '../../platform/context.js';

/** GET /v1/files/{file-id} serves the PDFs and ZIPs of this module through billing's Files route. */
async function documentFileSource(ctx: Ctx, fileId: string): Promise<ServedFile | undefined> {
  const f = await servedFile(ctx, fileId);
  if (!f) return undefined;
  return { name: f.row.file_name, contentType: f.row.content_type, body: Readable.from([f.content]) };
}

const outboxRead = { path: 'outbox', read: outboxView };

/**
 * Files and emails of billing documents (issues 9 and 10): PDFs of invoices, credit memos and debit
 * memos (generated with pdfkit, or uploaded), their status, emails (the tenant outbox, SMTP when
 * ZBILL_SMTP_URL is set), a bill run's emails, bulk PDF ZIPs (fflate).
 */
export const documentsModule: ZModule = {
  name: 'documents',
  migrations,
  tenantTables: documentTables,
  join() {
    addOnce(fileSources, documentFileSource);
    addOnce(adminTenantReads, outboxRead);
  },
  async routes(app) {
    await registerRoutes(app);
  },
  jobs: { [BULK_PDF_JOB]: bulkPdfJob, [SEND_EMAIL_JOB]: sendEmailJob },
};
