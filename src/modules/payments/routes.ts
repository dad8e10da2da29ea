/** HTTP for payments (Payments tag), refunds (Refunds tag) and gateway reconciliation. */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { inTransaction, type Ctx } from '../../platform/context.js';
import { pageRequest, pageResult } from '../../platform/pagination.js';
import type { Body } from './input.js';
import { collectDebitMemo, invoiceCollect } from './collect.js';
import * as refunds from './refunds.js';
import * as svc from './service.js';

const AnyBody = Type.Object({}, { additionalProperties: true });
const PaymentKey = Type.Object({ paymentKey: Type.String() });
const PartKey = Type.Object({ paymentKey: Type.String(), partid: Type.String() });
const ItemPartKey = Type.Object({ paymentKey: Type.String(), partid: Type.String(), itempartid: Type.String() });
const RefundKey = Type.Object({ refundKey: Type.String() });
const RefundPartKey = Type.Object({ refundKey: Type.String(), refundpartid: Type.String() });
const RefundItemPartKey = Type.Object({ refundKey: Type.String(), refundpartid: Type.String(), itempartid: Type.String() });
const ListQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1 })), pageSize: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: true });
const PageOnly = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1 })), pageSize: Type.Optional(Type.Integer({ minimum: 1 })) });

const spec = <S extends object>(operationId: string, tag: string, extra: S) => ({ config: { operationId }, schema: { operationId, tags: [tag], ...extra } });
const P = 'Payments';
const R = 'Refunds';
const GW = 'Payment Gateway Reconciliation';

const body = (b: unknown): Body => (b ?? {}) as Body;
const payment = async (ctx: Ctx, row: Parameters<typeof svc.viewOf>[1]): Promise<Record<string, unknown>> => ({ ...(await svc.viewOf(ctx, row)), success: true });
const refund = async (ctx: Ctx, row: Parameters<typeof refunds.refundViewOf>[1]) => ({ ...(await refunds.refundViewOf(ctx, row)), success: true });

export function registerRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  // ------------------------------------------------------------ payments

  r.post('/v1/payments', spec('POST_CreatePayment', P, { body: AnyBody }), async (req) => {
    // A decline is recorded (status Error) and answered as an error once recorded.
    const out = await inTransaction(req.ctx, async (ctx) => {
      const res = await svc.createPayment(ctx, body(req.body));
      return { res, view: await payment(ctx, res.payment) };
    });
    if (out.res.failure) throw out.res.failure;
    return out.view;
  });

  r.get('/v1/payments', spec('GET_RetrieveAllPayments', P, { querystring: ListQuery }), async (req) => {
    const p = pageRequest(req.query);
    const rows = await svc.listPayments(req.ctx, req.query as Record<string, unknown>, { limit: p.pageSize + 1, offset: p.offset });
    const res = pageResult(req.ctx, req.url, p, rows);
    return { payments: res.items, ...(res.nextPage ? { nextPage: res.nextPage } : {}), success: true };
  });

  r.get('/v1/payments/:paymentKey', spec('GET_Payment', P, { params: PaymentKey }), async (req) => svc.getPayment(req.ctx, req.params.paymentKey));

  r.put('/v1/payments/:paymentKey', spec('PUT_UpdatePayment', P, { params: PaymentKey, body: AnyBody }), async (req) =>
    inTransaction(req.ctx, async (ctx) => payment(ctx, await svc.updatePayment(ctx, req.params.paymentKey, body(req.body)))),
  );

  r.delete('/v1/payments/:paymentKey', spec('DELETE_Payment', P, { params: PaymentKey }), async (req) =>
    inTransaction(req.ctx, async (ctx) => {
      await svc.deletePayment(ctx, req.params.paymentKey);
      return { success: true };
    }),
  );

  r.put('/v1/payments/:paymentKey/apply', spec('PUT_ApplyPayment', P, { params: PaymentKey, body: AnyBody }), async (req) =>
    inTransaction(req.ctx, async (ctx) => payment(ctx, await svc.applyPayment(ctx, req.params.paymentKey, body(req.body)))),
  );

  r.put('/v1/payments/:paymentKey/unapply', spec('PUT_UnapplyPayment', P, { params: PaymentKey, body: AnyBody }), async (req) =>
    inTransaction(req.ctx, async (ctx) => payment(ctx, await svc.unapplyPayment(ctx, req.params.paymentKey, body(req.body)))),
  );

  r.put('/v1/payments/:paymentKey/cancel', spec('PUT_CancelPayment', P, { params: PaymentKey }), async (req) =>
    inTransaction(req.ctx, async (ctx) => payment(ctx, await svc.cancelPayment(ctx, req.params.paymentKey))),
  );

  r.put('/v1/payments/:paymentKey/transfer', spec('PUT_TransferPayment', P, { params: PaymentKey, body: AnyBody }), async (req) =>
    inTransaction(req.ctx, async (ctx) => payment(ctx, await svc.transferPayment(ctx, req.params.paymentKey, body(req.body)))),
  );

  r.get('/v1/payments/:paymentKey/parts', spec('GET_PaymentParts', P, { params: PaymentKey, querystring: PageOnly }), async (req) => {
    const p = pageRequest(req.query);
    const all = await svc.listParts(req.ctx, req.params.paymentKey);
    const res = pageResult(req.ctx, req.url, p, all.slice(p.offset, p.offset + p.pageSize + 1));
    return { parts: res.items, ...(res.nextPage ? { nextPage: res.nextPage } : {}), success: true };
  });

  r.get('/v1/payments/:paymentKey/parts/:partid', spec('GET_PaymentPart', P, { params: PartKey }), async (req) => svc.getPart(req.ctx, req.params.paymentKey, req.params.partid));

  r.get('/v1/payments/:paymentKey/parts/:partid/item-parts', spec('GET_PaymentItemParts', P, { params: PartKey, querystring: PageOnly }), async (req) => {
    const p = pageRequest(req.query);
    const all = await svc.listItemParts(req.ctx, req.params.paymentKey, req.params.partid);
    const res = pageResult(req.ctx, req.url, p, all.slice(p.offset, p.offset + p.pageSize + 1));
    return { itemParts: res.items, ...(res.nextPage ? { nextPage: res.nextPage } : {}), success: true };
  });

  r.get('/v1/payments/:paymentKey/parts/:partid/item-parts/:itempartid', spec('GET_PaymentItemPart', P, { params: ItemPartKey }), async (req) =>
    svc.getItemPart(req.ctx, req.params.paymentKey, req.params.partid, req.params.itempartid),
  );

  // ------------------------------------------------------------ refunds of payments

  const refundRoute = (fn: typeof refunds.refundPayment) => async (req: { ctx: Ctx; params: { paymentKey: string }; body: unknown }) => {
    const out = await inTransaction(req.ctx, async (ctx) => {
      const res = await fn(ctx, req.params.paymentKey, body(req.body));
      return { res, view: await refund(ctx, res.refund) };
    });
    if (out.res.failure) throw out.res.failure;
    return out.view;
  };
  r.post('/v1/payments/:paymentKey/refunds', spec('POST_RefundPayment', P, { params: PaymentKey, body: AnyBody }), refundRoute(refunds.refundPayment));
  r.post('/v1/payments/:paymentKey/refunds/unapply', spec('POST_RefundPaymentwithAutoUnapply', P, { params: PaymentKey, body: AnyBody }), refundRoute(refunds.refundPaymentWithUnapply));

  // ------------------------------------------------------------ refunds

  r.get('/v1/refunds', spec('GET_Refunds', R, { querystring: ListQuery }), async (req) => {
    const p = pageRequest(req.query);
    const rows = await refunds.listRefunds(req.ctx, req.query as Record<string, unknown>, { limit: p.pageSize + 1, offset: p.offset });
    const res = pageResult(req.ctx, req.url, p, rows);
    return { refunds: res.items, ...(res.nextPage ? { nextPage: res.nextPage } : {}), success: true };
  });

  r.get('/v1/refunds/:refundKey', spec('GET_Refund', R, { params: RefundKey }), async (req) => refunds.getRefund(req.ctx, req.params.refundKey));

  r.put('/v1/refunds/:refundKey', spec('PUT_UpdateRefund', R, { params: RefundKey, body: AnyBody }), async (req) =>
    inTransaction(req.ctx, async (ctx) => refund(ctx, await refunds.updateRefund(ctx, req.params.refundKey, body(req.body)))),
  );

  r.put('/v1/refunds/:refundKey/cancel', spec('PUT_CancelRefund', R, { params: RefundKey }), async (req) =>
    inTransaction(req.ctx, async (ctx) => refund(ctx, await refunds.cancelRefund(ctx, req.params.refundKey))),
  );

  r.delete('/v1/refunds/:refundKey', spec('DELETE_Refund', R, { params: RefundKey }), async (req) =>
    inTransaction(req.ctx, async (ctx) => {
      await refunds.deleteRefund(ctx, req.params.refundKey);
      return { success: true };
    }),
  );

  r.get('/v1/refunds/:refundKey/parts', spec('GET_RefundParts', R, { params: RefundKey }), async (req) => ({ parts: await refunds.refundParts(req.ctx, req.params.refundKey), success: true }));

  r.get('/v1/refunds/:refundKey/parts/:refundpartid', spec('GET_RefundPart', R, { params: RefundPartKey }), async (req) => refunds.getRefundPart(req.ctx, req.params.refundKey, req.params.refundpartid));

  r.get('/v1/refunds/:refundKey/parts/:refundpartid/item-parts', spec('GET_RefundItemParts', R, { params: RefundPartKey, querystring: PageOnly }), async (req) => ({
    itemParts: await refunds.refundItemParts(req.ctx, req.params.refundKey, req.params.refundpartid),
    success: true,
  }));

  r.get('/v1/refunds/:refundKey/parts/:refundpartid/item-parts/:itempartid', spec('GET_RefundItemPart', R, { params: RefundItemPartKey }), async (req) =>
    refunds.getRefundItemPart(req.ctx, req.params.refundKey, req.params.refundpartid, req.params.itempartid),
  );

  // ------------------------------------------------------------ invoice and collect

  r.post('/v1/operations/invoice-collect', spec('POST_TransactionInvoicePayment', 'Operations', { body: AnyBody }), async (req) =>
    inTransaction(req.ctx, async (ctx) => invoiceCollect(ctx, body(req.body))),
  );

  r.post('/v1/debit-memos/:debitMemoKey/collect', spec('POST_DebitMemoCollect', 'Debit Memos', { params: Type.Object({ debitMemoKey: Type.String() }), body: AnyBody }), async (req) =>
    inTransaction(req.ctx, async (ctx) => collectDebitMemo(ctx, req.params.debitMemoKey, body(req.body))),
  );

  // ------------------------------------------------------------ gateway reconciliation

  r.post('/v1/gateway-settlement/payments/:paymentKey/settle', spec('POST_SettlePayment', GW, { params: PaymentKey, body: AnyBody }), async (req) =>
    inTransaction(req.ctx, async (ctx) => {
      // the settle operation's payment shape has no prepayment, standalone nor paymentScheduleKey
      const { prepayment: _p, standalone: _s, paymentScheduleKey: _k, ...view } = await payment(ctx, await svc.settlePayment(ctx, req.params.paymentKey, body(req.body)));
      return view;
    }),
  );

  r.post('/v1/gateway-settlement/payments/:paymentKey/reject', spec('POST_RejectPayment', GW, { params: PaymentKey, body: AnyBody }), async (req) =>
    inTransaction(req.ctx, async (ctx) => refund(ctx, await refunds.rejectPayment(ctx, req.params.paymentKey, body(req.body)))),
  );

  r.post('/v1/gateway-settlement/payments/:paymentKey/chargeback', spec('POST_ReversePayment', GW, { params: PaymentKey, body: AnyBody }), async (req) =>
    inTransaction(req.ctx, async (ctx) => refund(ctx, await refunds.reversePayment(ctx, req.params.paymentKey, body(req.body)))),
  );

  r.post('/v1/refunds/:refundKey/reconcile', spec('POST_ReconcileRefund', GW, { params: RefundKey, body: AnyBody }), async (req) =>
    inTransaction(req.ctx, async (ctx) => refund(ctx, await refunds.reconcileRefund(ctx, req.params.refundKey, body(req.body)))),
  );
}
