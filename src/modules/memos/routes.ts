/** HTTP for credit memos (Credit Memos tag), debit memos (Debit Memos tag) and the invoice write-off and reverse (Invoices). */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { inTransaction } from '../../platform/context.js';
import { pageRequest, pageResult, PageQuery } from '../../platform/pagination.js';
import * as apply from './apply.js';
import * as svc from './service.js';
import { creditMemoItemResponse, memoFromChargesRequest } from './versions.js';

const Body = Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]));
const Page = Type.Object({ ...PageQuery });
const ListQuery = Type.Object({ ...PageQuery }, { additionalProperties: true });
const CM = Type.Object({ creditMemoKey: Type.String() });
const DM = Type.Object({ debitMemoKey: Type.String() });
const Inv = Type.Object({ invoiceKey: Type.String() });

const spec = <S extends object>(operationId: string, tag: string, extra: S) => ({ config: { operationId }, schema: { operationId, tags: [tag], ...extra } });

export function registerRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const CMT = 'Credit Memos';
  const DMT = 'Debit Memos';

  for (const kind of ['creditMemo', 'debitMemo'] as const) {
    const credit = kind === 'creditMemo';
    const base = credit ? '/v1/credit-memos' : '/v1/debit-memos';
    const tag = credit ? CMT : DMT;
    const Key = credit ? CM : DM;
    const keyOf = (p: Record<string, string>) => (credit ? p.creditMemoKey! : p.debitMemoKey!);
    const param = credit ? ':creditMemoKey' : ':debitMemoKey';

    r.get(base, spec(credit ? 'GET_CreditMemos' : 'GET_DebitMemos', tag, { querystring: ListQuery }), async (req) => {
      const q = req.query as Record<string, unknown>;
      const p = pageRequest(q as { page?: number; pageSize?: number });
      const rows = (await svc.listMemos(req.ctx, kind, q, { limit: p.pageSize + 1, offset: p.offset })) ?? [];
      const res = pageResult(req.ctx, req.url, p, rows);
      return { success: true, [credit ? 'creditmemos' : 'debitmemos']: res.items, ...(res.nextPage ? { nextPage: res.nextPage } : {}) };
    });

    r.post(base, spec(credit ? 'POST_CreditMemoFromPrpc' : 'POST_DebitMemoFromPrpc', tag, { body: Body }), async (req) =>
      inTransaction(req.ctx, (ctx) => svc.createFromCharges(ctx, kind, memoFromChargesRequest(req, req.body, svc.resourceOf(kind)) as typeof req.body)),
    );

    r.post(`${base}/invoice/:invoiceKey`, spec(credit ? 'POST_CreditMemoFromInvoice' : 'POST_DebitMemoFromInvoice', tag, { params: Inv, body: Body }), async (req) =>
      inTransaction(req.ctx, (ctx) => svc.createFromInvoice(ctx, kind, req.params.invoiceKey, req.body)),
    );

    r.get(`${base}/${param}`, spec(credit ? 'GET_CreditMemo' : 'GET_DebitMemo', tag, { params: Key }), async (req) => svc.getMemo(req.ctx, kind, keyOf(req.params as Record<string, string>)));

    r.put(`${base}/${param}`, spec(credit ? 'PUT_UpdateCreditMemo' : 'PUT_DebitMemo', tag, { params: Key, body: Body }), async (req) =>
      inTransaction(req.ctx, (ctx) => svc.updateMemo(ctx, kind, keyOf(req.params as Record<string, string>), req.body)),
    );

    r.delete(`${base}/${param}`, spec(credit ? 'DELETE_CreditMemo' : 'DELETE_DebitMemo', tag, { params: Key }), async (req) =>
      inTransaction(req.ctx, (ctx) => svc.deleteMemo(ctx, kind, keyOf(req.params as Record<string, string>))),
    );

    for (const [verb, fn, op] of [
      ['post', svc.postMemo, credit ? 'PUT_PostCreditMemo' : 'PUT_PostDebitMemo'],
      ['unpost', svc.unpostMemo, credit ? 'PUT_UnpostCreditMemo' : 'PUT_UnpostDebitMemo'],
      ['cancel', svc.cancelMemo, credit ? 'PUT_CancelCreditMemo' : 'PUT_CancelDebitMemo'],
    ] as const) {
      r.put(`${base}/${param}/${verb}`, spec(op, tag, { params: Key }), async (req) => inTransaction(req.ctx, (ctx) => fn(ctx, kind, keyOf(req.params as Record<string, string>))));
    }

    r.get(`${base}/${param}/items`, spec(credit ? 'GET_CreditMemoItems' : 'GET_DebitMemoItems', tag, { params: Key, querystring: Page }), async (req) => {
      const p = pageRequest(req.query);
      const rows = await svc.getMemoItems(req.ctx, kind, keyOf(req.params as Record<string, string>), { limit: p.pageSize + 1, offset: p.offset });
      const res = pageResult(req.ctx, req.url, p, rows);
      const items = credit ? (res.items as Record<string, unknown>[]).map((i) => creditMemoItemResponse(req, i)) : res.items;
      return { success: true, items, ...(res.nextPage ? { nextPage: res.nextPage } : {}) };
    });

    const itemParam = credit ? 'cmitemid' : 'dmitemid';
    r.get(`${base}/${param}/items/:${itemParam}`, spec(credit ? 'GET_CreditMemoItem' : 'GET_DebitMemoItem', tag, { params: Type.Object({ ...Key.properties, [itemParam]: Type.String() }) }), async (req) => {
      const p = req.params as Record<string, string>;
      const item = await svc.getMemoItem(req.ctx, kind, keyOf(p), p[itemParam]!);
      return credit ? creditMemoItemResponse(req, item as Record<string, unknown>) : item;
    });
  }

  r.put('/v1/credit-memos/:creditMemoKey/apply', spec('PUT_ApplyCreditMemo', CMT, { params: CM, body: Body }), async (req) =>
    inTransaction(req.ctx, (ctx) => apply.applyCreditMemo(ctx, req.params.creditMemoKey, req.body)),
  );
  r.put('/v1/credit-memos/:creditMemoKey/unapply', spec('PUT_UnapplyCreditMemo', CMT, { params: CM, body: Body }), async (req) =>
    inTransaction(req.ctx, (ctx) => apply.unapplyCreditMemo(ctx, req.params.creditMemoKey, req.body)),
  );
  r.post('/v1/credit-memos/:creditMemoKey/refund', spec('POST_RefundCreditMemo', CMT, { params: CM, body: Body }), async (req) => {
    // an electronic refund the gateway refused is recorded (status Error), then answered as an error
    const out = await inTransaction(req.ctx, (ctx) => apply.refundCreditMemo(ctx, req.params.creditMemoKey, req.body));
    if (out.failure) throw out.failure;
    return out.view;
  });
  r.put('/v1/credit-memos/:creditMemoKey/reverse', spec('PUT_ReverseCreditMemo', CMT, { params: CM, body: Body }), async (req) =>
    inTransaction(req.ctx, (ctx) => apply.reverseCreditMemo(ctx, req.params.creditMemoKey, req.body)),
  );
  r.put('/v1/credit-memos/:creditMemoId/write-off', spec('PUT_WriteOffCreditMemo', CMT, { params: Type.Object({ creditMemoId: Type.String() }), body: Body }), async (req) =>
    inTransaction(req.ctx, (ctx) => apply.writeOffCreditMemo(ctx, req.params.creditMemoId, req.body)),
  );
  r.get('/v1/credit-memos/:creditMemoKey/parts', spec('GET_CreditMemoParts', CMT, { params: CM, querystring: Page }), async (req) => {
    const p = pageRequest(req.query);
    const all = await apply.creditMemoParts(req.ctx, req.params.creditMemoKey);
    const res = pageResult(req.ctx, req.url, p, all.slice(p.offset, p.offset + p.pageSize + 1));
    return { success: true, parts: res.items, ...(res.nextPage ? { nextPage: res.nextPage } : {}) };
  });
  r.get('/v1/credit-memos/:creditMemoKey/parts/:partid', spec('GET_CreditMemoPart', CMT, { params: Type.Object({ creditMemoKey: Type.String(), partid: Type.String() }) }), async (req) =>
    apply.creditMemoPart(req.ctx, req.params.creditMemoKey, req.params.partid),
  );

  r.get('/v1/debit-memos/:debitMemoId/application-parts', spec('GET_DebitMemoApplicationParts', DMT, { params: Type.Object({ debitMemoId: Type.String() }) }), async (req) => ({
    success: true,
    applicationParts: await apply.debitMemoApplicationParts(req.ctx, req.params.debitMemoId),
  }));
  r.put('/v1/debit-memos/:debitMemoKey/write-off', spec('PUT_WriteOffDebitMemo', DMT, { params: DM, body: Body }), async (req) =>
    inTransaction(req.ctx, (ctx) => apply.writeOffDebitMemo(ctx, req.params.debitMemoKey, req.body)),
  );

  r.put('/v1/invoices/:invoiceKey/write-off', spec('PUT_WriteOffInvoice', 'Invoices', { params: Inv, body: Body }), async (req) =>
    inTransaction(req.ctx, (ctx) => apply.writeOffInvoice(ctx, req.params.invoiceKey, req.body)),
  );
  r.put('/v1/invoices/:invoiceKey/reverse', spec('PUT_ReverseInvoice', 'Invoices', { params: Inv, body: Body }), async (req) =>
    inTransaction(req.ctx, (ctx) => apply.reverseInvoice(ctx, req.params.invoiceKey, req.body)),
  );
}
