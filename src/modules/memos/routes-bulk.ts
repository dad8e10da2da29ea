/** HTTP for the bulk memo operations and the asynchronous credit memo apply and unapply. */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { inTransaction } from '../../platform/context.js';
import * as bulk from './bulk.js';

const Body = Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]));
const spec = <S extends object>(operationId: string, tag: string, extra: S) => ({ config: { operationId }, schema: { operationId, tags: [tag], ...extra } });

export function registerBulkRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post('/v1/credit-memos/bulk', spec('POST_CreateCreditMemos', 'Credit Memos', { body: Body }), async (req) => inTransaction(req.ctx, (ctx) => bulk.bulkCreate(ctx, 'creditMemo', req.body)));
  r.post('/v1/debit-memos/bulk', spec('POST_CreateDebitMemos', 'Debit Memos', { body: Body }), async (req) => inTransaction(req.ctx, (ctx) => bulk.bulkCreate(ctx, 'debitMemo', req.body)));
  r.put('/v1/credit-memos/bulk', spec('PUT_UpdateCreditMemos', 'Credit Memos', { body: Body }), async (req) => inTransaction(req.ctx, (ctx) => bulk.bulkUpdate(ctx, 'creditMemo', req.body)));
  r.put('/v1/debit-memos/bulk', spec('PUT_UpdateDebitMemos', 'Debit Memos', { body: Body }), async (req) => inTransaction(req.ctx, (ctx) => bulk.bulkUpdate(ctx, 'debitMemo', req.body)));
  r.put('/v1/debit-memos', spec('PUT_UpdateDebitMemosDueDates', 'Debit Memos', { body: Body }), async (req) => inTransaction(req.ctx, (ctx) => bulk.updateDueDates(ctx, req.body)));

  const CM = Type.Object({ creditMemoKey: Type.String() });
  r.put('/v1/credit-memos/:creditMemoKey/apply-async', spec('applyCreditMemoAsync', 'Credit Memos', { params: CM, body: Body }), async (req) =>
    inTransaction(req.ctx, (ctx) => bulk.enqueueAsync(ctx, 'apply', req.params.creditMemoKey, req.body)),
  );
  r.put('/v1/credit-memos/:creditMemoKey/unapply-async', spec('unapplyCreditMemoAsync', 'Credit Memos', { params: CM, body: Body }), async (req) =>
    inTransaction(req.ctx, (ctx) => bulk.enqueueAsync(ctx, 'unapply', req.params.creditMemoKey, req.body)),
  );
  r.get('/v1/credit-memos/apply-async-jobs/:applyAsyncJobId', spec('getApplyCreditMemoAsyncJob', 'Credit Memos', { params: Type.Object({ applyAsyncJobId: Type.String() }) }), async (req) =>
    bulk.getAsyncJob(req.ctx, 'apply', req.params.applyAsyncJobId),
  );
  r.get('/v1/credit-memos/unapply-async-jobs/:unapplyAsyncJobId', spec('getUnapplyCreditMemoAsyncJob', 'Credit Memos', { params: Type.Object({ unapplyAsyncJobId: Type.String() }) }), async (req) =>
    bulk.getAsyncJob(req.ctx, 'unapply', req.params.unapplyAsyncJobId),
  );
}
