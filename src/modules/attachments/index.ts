import { Readable } from 'node:stream';
import type { Ctx } from '../../platform/context.js';
import { addOnce, type ZModule } from '../../platform/module.js';
import { fileSources, type ServedFile } from '../billing/contract.js';
import { attachmentTables, migrations } from './migrations.js';
import { registerRoutes } from './routes.js';
import { attachmentFile } from './service.js';

/** GET /v1/files/{file-id} serves an attachment's file through billing's Files route. */
async function attachmentFileSource(ctx: Ctx, fileId: string): Promise<ServedFile | undefined> {
  const f = await attachmentFile(ctx, fileId);
  if (!f) return undefined;
  return { name: f.name, contentType: f.contentType, body: Readable.from([f.content]) };
}

/**
 * Attachments: files tied to accounts, invoices, subscriptions (by number), credit and debit memos, each
 * object looked up through its module's contract; the files are downloadable at GET /v1/files/{file-id}.
 */
export const attachmentsModule: ZModule = {
  name: 'attachments',
  migrations,
  tenantTables: attachmentTables,
  join() {
    addOnce(fileSources, attachmentFileSource);
  },
  routes: registerRoutes,
};
