/** HTTP for bill runs (tag Bill Run). The path parameter takes the run's id or its number (BR-…). */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { inTransaction } from '../../platform/context.js';
import * as billRuns from './bill-runs.js';

const Body = Type.Record(Type.String(), Type.Unknown());
const Key = Type.Object({ billRunId: Type.String() });
const TAG = 'Bill Run';
const route = <S extends object>(operationId: string, extra: S) => ({ config: { operationId }, schema: { operationId, tags: [TAG], ...extra } });

export function registerBillRunRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post('/v1/bill-runs', route('POST_CreateBillRun', { body: Body }), async (req) => inTransaction(req.ctx, (ctx) => billRuns.createBillRun(ctx, req.body)));
  r.get('/v1/bill-runs/:billRunId', route('GET_BillRun', { params: Key }), async (req) => billRuns.getBillRun(req.ctx, req.params.billRunId));
  r.put('/v1/bill-runs/:billRunId/cancel', route('PUT_CancelBillRun', { params: Key, body: Type.Optional(Body) }), async (req) =>
    inTransaction(req.ctx, (ctx) => billRuns.cancelBillRun(ctx, req.params.billRunId, req.body ?? {})),
  );
  r.put('/v1/bill-runs/:billRunId/post', route('PUT_PostBillRun', { params: Key, body: Body }), async (req) =>
    inTransaction(req.ctx, (ctx) => billRuns.postBillRun(ctx, req.params.billRunId, req.body)),
  );
  r.delete('/v1/bill-runs/:billRunId', route('DELETE_DeleteBillRun', { params: Key }), async (req) => inTransaction(req.ctx, (ctx) => billRuns.deleteBillRun(ctx, req.params.billRunId)));
}
