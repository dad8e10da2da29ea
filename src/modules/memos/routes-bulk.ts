/** HTTP for the bulk memo operations and the asynchronous credit memo apply and unapply. */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { inTransaction } from '../../platform/context.js';
import { notImplemented } from '../../platform/errors.js';
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

  // The older CRUD object API for account credit (not in the 2025-12-12 spec): Credit Balance is deprecated
  // once Invoice Settlement is on (Zuora's CreditBalanceAdjustment object page), and zbill settles the
  // Invoice Settlement way (credit memos). Not built: a clear 501 in the object API's error form.
  const cba = () => {
    throw notImplemented('the CreditBalanceAdjustment object (/v1/object/credit-balance-adjustment); with Invoice Settlement, credit memos carry account credit');
  };
  const stub = { config: { stub: true }, schema: { hide: true } };
  r.post('/v1/object/credit-balance-adjustment', stub, cba);
  r.get('/v1/object/credit-balance-adjustment/:id', stub, cba);
  r.put('/v1/object/credit-balance-adjustment/:id', stub, cba);
}
