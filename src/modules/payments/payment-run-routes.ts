/** HTTP for payment runs (tag Payment Runs). The path parameter takes the run's id or its number (PR-…). */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { inTransaction } from '../../platform/context.js';
import { pageRequest, pageResult, PageQuery } from '../../platform/pagination.js';
import * as runs from './payment-runs.js';

const Body = Type.Unknown();
const Key = Type.Object({ paymentRunKey: Type.String() });
const TAG = 'Payment Runs';
const route = <S extends object>(operationId: string, extra: S) => ({ config: { operationId }, schema: { operationId, tags: [TAG], ...extra } });
const ListQuery = Type.Object({
  ...PageQuery,
  status: Type.Optional(Type.String()),
  targetDate: Type.Optional(Type.String()),
  createdById: Type.Optional(Type.String()),
  createdDate: Type.Optional(Type.String()),
  updatedById: Type.Optional(Type.String()),
  updatedDate: Type.Optional(Type.String()),
  sort: Type.Optional(Type.String()),
});

export function registerPaymentRunRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post('/v1/payment-runs', route('POST_PaymentRun', { body: Body }), async (req) => inTransaction(req.ctx, (ctx) => runs.createPaymentRun(ctx, req.body)));
  r.get('/v1/payment-runs', route('GET_PaymentRuns', { querystring: ListQuery }), async (req) => {
    const p = pageRequest(req.query);
    const rows = await runs.listPaymentRuns(req.ctx, req.query, { limit: p.pageSize + 1, offset: p.offset });
    const { items, nextPage } = pageResult(req.ctx, req.url, p, rows);
    return { paymentRuns: items, ...(nextPage ? { nextPage } : {}), success: true };
  });
  r.get('/v1/payment-runs/:paymentRunKey', route('GET_PaymentRun', { params: Key }), async (req) => runs.getPaymentRun(req.ctx, req.params.paymentRunKey));
  r.put('/v1/payment-runs/:paymentRunKey', route('PUT_PaymentRun', { params: Key, body: Body }), async (req) =>
    inTransaction(req.ctx, (ctx) => runs.updatePaymentRun(ctx, req.params.paymentRunKey, req.body ?? {})),
  );
  r.delete('/v1/payment-runs/:paymentRunKey', route('DELETE_PaymentRun', { params: Key }), async (req) => inTransaction(req.ctx, (ctx) => runs.deletePaymentRun(ctx, req.params.paymentRunKey)));
  r.get('/v1/payment-runs/:paymentRunKey/data', route('GET_PaymentRunData', { params: Key }), async (req) => runs.paymentRunData(req.ctx, req.params.paymentRunKey));
  r.get('/v1/payment-runs/:paymentRunKey/summary', route('GET_PaymentRunSummary', { params: Key }), async (req) => runs.paymentRunSummary(req.ctx, req.params.paymentRunKey));
}
