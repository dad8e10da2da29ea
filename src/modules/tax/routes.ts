/** HTTP for taxation items (Invoices and Taxation Items tags). */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { inTransaction } from '../../platform/context.js';
import { pageRequest, pageResult, PageQuery } from '../../platform/pagination.js';
import { pascal } from './rules.js';
import * as svc from './service.js';

const Body = Type.Record(Type.String(), Type.Unknown());
const Page = Type.Object({ ...PageQuery });
const spec = <S extends object>(operationId: string, tag: string, extra: S) => ({ config: { operationId }, schema: { operationId, tags: [tag], ...extra } });
const OBJECT_KNOWN = new Set(svc.OBJECT_FIELDS.map(pascal).concat('AccountingCode'));

export function registerRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post('/v1/invoices/:invoiceKey/taxation-items', spec('POST_INV_TaxationItems', 'Invoices', { params: Type.Object({ invoiceKey: Type.String() }), body: Body }), async (req) => {
    const taxationItems = await inTransaction(req.ctx, (ctx) => svc.createInvoiceTaxationItems(ctx, req.params.invoiceKey, req.body));
    return { success: true, taxationItems };
  });

  r.get(
    '/v1/invoices/:invoiceKey/items/:itemId/taxation-items',
    spec('GET_TaxationItemsOfInvoiceItem', 'Invoices', { params: Type.Object({ invoiceKey: Type.String(), itemId: Type.String() }), querystring: Page }),
    async (req) => {
      const p = pageRequest(req.query);
      const rows = await svc.invoiceItemTaxationItems(req.ctx, req.params.invoiceKey, req.params.itemId, { limit: p.pageSize + 1, offset: p.offset });
      const res = pageResult(req.ctx, req.url, p, rows);
      return { data: res.items, ...(res.nextPage ? { nextPage: res.nextPage } : {}), success: true };
    },
  );

  r.post(
    '/v1/object/taxation-item',
    spec('Object_POSTTaxationItem', 'Taxation Items', { body: Body, querystring: Type.Object({ rejectUnknownFields: Type.Optional(Type.Boolean()) }) }),
    async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      // the page: with rejectUnknownFields=true, unknown fields answer 400 { message }
      if (req.query.rejectUnknownFields === true && Object.keys(body).some((k) => !OBJECT_KNOWN.has(k) && !k.endsWith('__c')))
        return reply.code(400).send({ message: 'Error - unrecognised fields' });
      const id = await inTransaction(req.ctx, (ctx) => svc.createObjectTaxationItem(ctx, body));
      return { Id: id, Success: true };
    },
  );

  const IdParams = Type.Object({ id: Type.String() });
  r.get('/v1/taxation-items/:id', spec('GET_TaxationItem', 'Taxation Items', { params: IdParams }), async (req) => ({ ...(await svc.getTaxationItem(req.ctx, req.params.id)), success: true }));
  r.put('/v1/taxation-items/:id', spec('PUT_TaxationItem', 'Taxation Items', { params: IdParams, body: Body }), async (req) => ({
    ...(await inTransaction(req.ctx, (ctx) => svc.updateTaxationItem(ctx, req.params.id, req.body))),
    success: true,
  }));
  r.delete('/v1/taxation-items/:id', spec('DELETE_TaxationItem', 'Taxation Items', { params: IdParams }), async (req) => {
    await inTransaction(req.ctx, (ctx) => svc.deleteTaxationItem(ctx, req.params.id));
    return { success: true };
  });
}

/** Credit Memos and Debit Memos tags: taxation items of memo items. */
export function registerMemoRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  for (const [kind, base, tag, post, get, keyName, itemName] of [
    ['creditMemo', 'credit-memos', 'Credit Memos', 'POST_CM_TaxationItems', 'GET_TaxationItemsOfCreditMemoItem', 'creditMemoKey', 'cmitemid'],
    ['debitMemo', 'debit-memos', 'Debit Memos', 'POST_DM_TaxationItems', 'GET_TaxationItemsOfDebitMemoItem', 'debitMemoKey', 'dmitemid'],
  ] as const) {
    r.post(`/v1/${base}/:${keyName}/taxation-items`, spec(post, tag, { params: Type.Object({ [keyName]: Type.String() }), body: Body }), async (req) => {
      const key = (req.params as Record<string, string>)[keyName]!;
      const taxationItems = await inTransaction(req.ctx, (ctx) => svc.createMemoTaxationItems(ctx, kind, key, req.body));
      return { success: true, taxationItems };
    });
    r.get(`/v1/${base}/:memoId/items/:${itemName}/taxation-items`, spec(get, tag, { params: Type.Object({ memoId: Type.String(), [itemName]: Type.String() }), querystring: Page }), async (req) => {
      const params = req.params as Record<string, string>;
      const p = pageRequest(req.query);
      const rows = await svc.memoItemTaxationItems(req.ctx, kind, params.memoId!, params[itemName]!, { limit: p.pageSize + 1, offset: p.offset });
      const res = pageResult(req.ctx, req.url, p, rows);
      return { data: res.items, ...(res.nextPage ? { nextPage: res.nextPage } : {}), success: true };
    });
  }
}
