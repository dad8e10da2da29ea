/**
 * HTTP of billing document files and emails: the files lists, uploads (multipart/form-data), PDF
 * generation and status of invoices, credit memos and debit memos; their emails and a bill run's;
 * bulk PDF ZIP jobs; a file's status.
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { inTransaction } from '../../platform/context.js';
import { invalidValue, missingField, notFound } from '../../platform/errors.js';
import { PageQuery, pageRequest, pageResult } from '../../platform/pagination.js';
import { fileSources } from '../billing/contract.js';
import { acceptUploads, uploadParts } from '../../platform/http/uploads.js';
import { createBulkPdf, getBulkPdf } from './bulk.js';
import { emailBillRun, emailDocument } from './mail.js';
import * as files from './service.js';
import type { DocType } from './service.js';
import * as store from './store.js';

type Body = Record<string, unknown>;
const route = <S extends object>(operationId: string, tag: string, extra: S) => ({ config: { operationId }, schema: { operationId, tags: [tag], ...extra } });
const AnyBody = Type.Object({});
const UPLOAD_BODY_LIMIT = files.MAX_UPLOAD_BYTES + 1024 * 1024;


const body = (b: unknown, res: number): Body => {
  if (b === undefined || b === null) return {};
  if (typeof b !== 'object' || Array.isArray(b)) throw invalidValue('The request body must be a JSON object', res);
  return b as Body;
};

interface DocRoutes {
  type: DocType;
  base: string;
  key: string;
  tag: string;
  listField: string;
  statusField: string;
  statusKeys: string;
  ops: { files: string; upload: string; status: string; email: string; pdfs?: string };
}

const DOCS: DocRoutes[] = [
  { type: 'Invoice', base: '/v1/invoices', key: 'invoiceKey', tag: 'Invoices', listField: 'invoiceFiles', statusField: 'invoiceFiles', statusKeys: 'invoiceKeys', ops: { files: 'GET_InvoiceFiles', upload: 'POST_UploadFileForInvoice', status: 'GetInvoicePdfStatus', email: 'POST_EmailInvoice' } },
  { type: 'CreditMemo', base: '/v1/credit-memos', key: 'creditMemoKey', tag: 'Credit Memos', listField: 'creditMemoFiles', statusField: 'creditMemoFiles', statusKeys: 'creditMemoKeys', ops: { files: 'GET_CreditMemoFiles', upload: 'POST_UploadFileForCreditMemo', status: 'Get_CreditMemoPdfStatus', email: 'POST_EmailCreditMemo', pdfs: 'POST_CreditMemoPDF' } },
  { type: 'DebitMemo', base: '/v1/debit-memos', key: 'debitMemoKey', tag: 'Debit Memos', listField: 'debitMemoFiles', statusField: 'debitMemoFiles', statusKeys: 'debitMemoKeys', ops: { files: 'GET_DebitMemoFiles', upload: 'POST_UploadFileForDebitMemo', status: 'Get_DebitMemoPdfStatus', email: 'POST_EmailDebitMemo', pdfs: 'POST_DebitMemoPDF' } },
];

export async function registerRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const dl = { smtp: !!app.zbillConfig?.smtpUrl };
  for (const d of DOCS) {
    const res = files.RESOURCE[d.type];
    const Params = Type.Object({ key: Type.String() });
    r.get(`${d.base}/pdf-status`, route(d.ops.status, d.tag, { querystring: Type.Object({ [d.statusKeys]: Type.Optional(Type.String()) }) }), async (req) => {
      const keys = (req.query as Record<string, string | undefined>)[d.statusKeys];
      const list = await inTransaction(req.ctx, (ctx) => files.pdfStatuses(ctx, d.type, keys));
      return { [d.statusField]: list, success: true };
    });
    r.get(`${d.base}/:key/files`, route(d.ops.files, d.tag, { params: Params, querystring: Type.Object(PageQuery) }), async (req) => {
      const p = pageRequest(req.query, { maxSize: 40 });
      const rows = await inTransaction(req.ctx, (ctx) => files.listFiles(ctx, d.type, req.params.key, { limit: p.pageSize + 1, offset: p.offset }));
      const page = pageResult(req.ctx, req.url, p, rows);
      return { [d.listField]: page.items, ...(page.nextPage ? { nextPage: page.nextPage } : {}), success: true };
    });
    r.post(`${d.base}/:key/emails`, route(d.ops.email, d.tag, { params: Params, body: AnyBody }), async (req) => {
      if (req.body === undefined || req.body === null) throw missingField('The request body is required (send {} to use the defaults)', res);
      await inTransaction(req.ctx, (ctx) => emailDocument(ctx, dl, d.type, req.params.key, body(req.body, res)));
      return { success: true };
    });
    if (d.ops.pdfs) {
      r.post(`${d.base}/:key/pdfs`, route(d.ops.pdfs, d.tag, { params: Params }), async (req) => {
        await inTransaction(req.ctx, (ctx) => files.regeneratePdf(ctx, d.type, req.params.key));
        return { success: true };
      });
    }
  }

  // Uploads take multipart/form-data, as their spec says: the body parser lives in this child context only.
  await app.register(async (child) => {
    acceptUploads(child, UPLOAD_BODY_LIMIT);
    for (const d of DOCS) {
      const res = files.RESOURCE[d.type];
      child.post(`${d.base}/:key/files`, route(d.ops.upload, d.tag, {}), async (req) => {
        // an unknown document answers not found whatever the body
        await files.requireDocument(req.ctx, d.type, (req.params as { key: string }).key);
        const parts = uploadParts(req, `This operation takes a multipart/form-data body with the PDF file in a part named 'file'`, res);
        const named = parts.filter((p) => p.name === 'file');
        if (!named.length) throw missingField("The upload has no part named 'file'", res);
        if (named.length > 1) throw invalidValue("The upload takes one part named 'file'", res);
        const key = (req.params as { key: string }).key;
        const fileId = await inTransaction(req.ctx, (ctx) => files.uploadFile(ctx, d.type, key, { fileName: named[0]!.fileName, data: named[0]!.data }));
        return { fileId, success: true };
      });
    }
  });

  r.post('/v1/bill-runs/:billRunKey/emails', route('POST_EmailBillingDocumentsfromBillRun', 'Bill Run', { params: Type.Object({ billRunKey: Type.String() }), body: AnyBody }), async (req) => {
    if (req.body === undefined || req.body === null) throw missingField('The request body is required: send {} to use the defaults', 580100);
    await inTransaction(req.ctx, (ctx) => emailBillRun(ctx, dl, req.params.billRunKey, body(req.body, 580100)));
    return { success: true };
  });

  r.post('/v1/operations/bulk-pdf', route('Create_BulkPDFToZIPGeneration', 'Operations', { body: AnyBody }), async (req) => {
    if (req.body === undefined || req.body === null) throw missingField('The request body is required', 500000);
    return inTransaction(req.ctx, (ctx) => createBulkPdf(ctx, body(req.body, 500000)));
  });
  r.get('/v1/operations/bulk-pdf/:jobId', route('Get_BulkPDFToZIPGeneration', 'Operations', { params: Type.Object({ jobId: Type.String() }) }), async (req) => getBulkPdf(req.ctx, req.params.jobId));

  // A file's status: every file zbill keeps is active (nothing is archived).
  r.get('/v1/files/:fileId/status', route('GET_FileStatus', 'Files', { params: Type.Object({ fileId: Type.String() }) }), async (req) => {
    let found = (await store.findFile(req.ctx, req.params.fileId)) !== undefined;
    for (const source of fileSources) {
      if (found) break;
      const other = await source(req.ctx, req.params.fileId);
      if (other) {
        found = true;
        (other.body as { destroy?: () => void }).destroy?.();
      }
    }
    if (!found) throw notFound(`The file ${req.params.fileId} does not exist`);
    return { success: true, accessible: true, status: 'ACTIVE' };
  });
}
