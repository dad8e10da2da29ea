/** HTTP for invoices (Invoices tag). Credit memos are the memos module's. */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { inTransaction } from '../../platform/context.js';
import { pageRequest, pageResult, PageQuery } from '../../platform/pagination.js';
import { createInvoiceItemAdjustment, invoiceItemAdjustmentNotFound } from './adjustments.js';
import { invoiceApplicationParts } from './application-parts.js';
import { batchUpdateInvoices } from './batch-update.js';
import { billingDocuments } from './billing-documents.js';
import { generateBillingDocuments } from './generate.js';
import * as svc from './service.js';
import { createStandaloneInvoice, createStandaloneInvoices } from './standalone.js';
import { getUsageRateDetail } from './usage-rate-detail.js';

const Body = Type.Record(Type.String(), Type.Unknown());
const InvoiceKey = Type.Object({ invoiceKey: Type.String() });
const AccountKey = Type.Object({ accountKey: Type.String() });
const Page = Type.Object({ ...PageQuery });

const spec = <S extends object>(operationId: string, tag: string, extra: S) => ({ config: { operationId }, schema: { operationId, tags: [tag], ...extra } });

export function registerRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/v1/invoices/:invoiceKey', spec('Get_GetInvoice', 'Invoices', { params: InvoiceKey }), async (req) => svc.getInvoice(req.ctx, req.params.invoiceKey));

  r.get('/v1/invoices/:invoiceKey/items', spec('GET_InvoiceItems', 'Invoices', { params: InvoiceKey, querystring: Page }), async (req) => {
    const p = pageRequest(req.query);
    const { items } = await svc.getInvoiceItems(req.ctx, req.params.invoiceKey, { limit: p.pageSize + 1, offset: p.offset });
    const res = pageResult(req.ctx, req.url, p, items);
    return { success: true, invoiceItems: res.items, ...(res.nextPage ? { nextPage: res.nextPage } : {}) };
  });

  // the Usage tag's operation: how a billed usage item's amount comes from its charge's list price
  r.get('/v1/invoices/invoice-item/:itemId/usage-rate-detail', spec('GET_Usage_Rate_Detail_By_Invoice_Item', 'Usage', { params: Type.Object({ itemId: Type.String() }) }), async (req) =>
    getUsageRateDetail(req.ctx, req.params.itemId),
  );

  r.get('/v1/invoices/:invoiceKey/application-parts', spec('GET_InvoiceApplicationParts', 'Invoices', { params: InvoiceKey }), async (req) => ({
    applicationParts: await invoiceApplicationParts(req.ctx, req.params.invoiceKey),
    success: true,
  }));

  r.put('/v1/invoices/:invoiceKey', spec('PUT_UpdateInvoice', 'Invoices', { params: InvoiceKey, body: Body }), async (req) =>
    inTransaction(req.ctx, (ctx) => svc.updateInvoice(ctx, req.params.invoiceKey, req.body)),
  );

  r.put('/v1/invoices', spec('PUT_BatchUpdateInvoices', 'Invoices', { body: Body }), async (req) => inTransaction(req.ctx, (ctx) => batchUpdateInvoices(ctx, req.body)));

  r.delete('/v1/invoices/:invoiceKey', spec('DELETE_DeleteInvoice', 'Invoices', { params: InvoiceKey }), async (req) =>
    inTransaction(req.ctx, (ctx) => svc.deleteInvoice(ctx, req.params.invoiceKey)),
  );

  r.post('/v1/invoices', spec('POST_StandaloneInvoice', 'Invoices', { body: Body }), async (req) => inTransaction(req.ctx, (ctx) => createStandaloneInvoice(ctx, req.body)));
  r.post('/v1/invoices/batch', spec('POST_StandaloneInvoices', 'Invoices', { body: Body }), async (req) => inTransaction(req.ctx, (ctx) => createStandaloneInvoices(ctx, req.body)));

  r.post('/v1/invoices/bulk-post', spec('POST_PostInvoices', 'Invoices', { body: Body }), async (req) => inTransaction(req.ctx, (ctx) => svc.bulkPost(ctx, req.body)));

  const DocQuery = Type.Object({ ...PageQuery, accountId: Type.Optional(Type.String()), accountNumber: Type.Optional(Type.String()), documentDate: Type.Optional(Type.String()), status: Type.Optional(Type.String()), sort: Type.Optional(Type.String()) });
  r.get('/v1/billing-documents', spec('GET_BillingDocuments', 'Billing Documents', { querystring: DocQuery }), async (req) => {
    const p = pageRequest(req.query);
    const docs = await billingDocuments(req.ctx, req.query, { limit: p.pageSize + 1, offset: p.offset });
    const res = pageResult(req.ctx, req.url, p, docs);
    return { documents: res.items, ...(res.nextPage ? { nextPage: res.nextPage } : {}), success: true };
  });

  r.post('/v1/accounts/:key/billing-documents/generate', spec('POST_GenerateBillingDocuments', 'Billing Documents', { params: Type.Object({ key: Type.String() }), body: Type.Optional(Body) }), async (req) =>
    inTransaction(req.ctx, (ctx) => generateBillingDocuments(ctx, req.params.key, req.body)),
  );

  // Invoice item adjustments (the legacy CRUD object API): refused under Invoice Settlement (adjustments.ts)
  const IiaId = Type.Object({ id: Type.String() });
  r.post('/v1/object/invoice-item-adjustment', spec('Object_POSTInvoiceItemAdjustment', 'Invoice Item Adjustments', { body: Body }), async (req) => inTransaction(req.ctx, (ctx) => createInvoiceItemAdjustment(ctx, req.body)));
  r.get('/v1/object/invoice-item-adjustment/:id', spec('Object_GETInvoiceItemAdjustment', 'Invoice Item Adjustments', { params: IiaId }), async (req) => invoiceItemAdjustmentNotFound(req.params.id));
  r.put('/v1/object/invoice-item-adjustment/:id', spec('Object_PUTInvoiceItemAdjustment', 'Invoice Item Adjustments', { params: IiaId, body: Body }), async (req) => invoiceItemAdjustmentNotFound(req.params.id));
  r.delete('/v1/object/invoice-item-adjustment/:id', spec('Object_DELETEInvoiceItemAdjustment', 'Invoice Item Adjustments', { params: IiaId }), async (req) => invoiceItemAdjustmentNotFound(req.params.id));

  // The legacy "Get invoices" of an account (Transactions): not in the 2025 spec, still called by older clients.
  r.get('/v1/transactions/invoices/accounts/:accountKey', spec('GET_TransactionInvoice', 'Transactions', { params: AccountKey, querystring: Page }), async (req) => {
    const p = pageRequest(req.query);
    const rows = await svc.invoicesOfAccount(req.ctx, req.params.accountKey, { limit: p.pageSize + 1, offset: p.offset });
    const res = pageResult(req.ctx, req.url, p, rows);
    return { success: true, invoices: res.items, ...(res.nextPage ? { nextPage: res.nextPage } : {}) };
  });
}
