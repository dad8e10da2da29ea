/**
 * What other modules (billing: bill runs, an order's runBilling) use of invoices. The invoices
 * service implements it; consumers depend on this file only. Runs in the caller's transaction.
 */
import type { Ctx } from '../../platform/context.js';
import { cancelMemo, deleteMemoById, postMemo } from './memos.js';
import * as service from './service.js';
import * as store from './store.js';

export type { MadeDocument, MakeDocumentsInput } from './service.js';

export interface DocumentRef {
  kind: 'invoice' | 'creditMemo';
  id: string;
  number: string;
  status: string;
  accountId: string;
}

export interface InvoiceWriter {
  /** The document (invoice or credit memo) for one account's proposed items, or null when there are none. */
  makeDocuments(ctx: Ctx, input: service.MakeDocumentsInput): Promise<service.MadeDocument | null>;
  /** The documents a bill run made, invoices first, by number. */
  documentsOfBillRun(ctx: Ctx, billRunId: string): Promise<DocumentRef[]>;
  /** Posts a Draft document; an invoice may take a new invoice date. */
  post(ctx: Ctx, doc: DocumentRef, opts?: { invoiceDate?: string }): Promise<void>;
  /** Cancels a Draft document. */
  cancel(ctx: Ctx, doc: DocumentRef): Promise<void>;
  /** Deletes a document and its items. */
  remove(ctx: Ctx, doc: DocumentRef): Promise<void>;
}

export const invoiceWriter: InvoiceWriter = {
  makeDocuments: service.makeDocuments,
  async documentsOfBillRun(ctx, billRunId) {
    const inv = await store.invoicesOfBillRun(ctx, billRunId);
    const cms = await store.memosOfBillRun(ctx, billRunId);
    return [
      ...inv.map((r) => ({ kind: 'invoice' as const, id: r.id, number: r.invoice_number, status: r.status, accountId: r.account_id })),
      ...cms.map((r) => ({ kind: 'creditMemo' as const, id: r.id, number: r.memo_number, status: r.status, accountId: r.account_id })),
    ];
  },
  post: (ctx, doc, opts = {}) => (doc.kind === 'invoice' ? service.postInvoice(ctx, doc.id, opts) : postMemo(ctx, doc.id)),
  cancel: (ctx, doc) => (doc.kind === 'invoice' ? service.cancelInvoice(ctx, doc.id) : cancelMemo(ctx, doc.id)),
  remove: (ctx, doc) => (doc.kind === 'invoice' ? service.deleteInvoiceById(ctx, doc.id) : deleteMemoById(ctx, doc.id)),
};
