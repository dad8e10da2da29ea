/** HTTP for payment schedules (Payment Schedules tag). */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { atLeast } from '../../platform/api-version.js';
import { inTransaction } from '../../platform/context.js';
import * as svc from './service.js';

const Body = Type.Unknown();
const Key = Type.Object({ paymentScheduleKey: Type.String() });
const Psi = Type.Object({ psiId: Type.String() });
const ItemId = Type.Object({ itemId: Type.String() });
const TAG = 'Payment Schedules';

const spec = <S extends object>(operationId: string, extra: S) => ({ config: { operationId }, schema: { operationId, tags: [TAG], ...extra } });

export function registerRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post('/v1/payment-schedules', spec('POST_PaymentSchedule', { body: Body }), async (req) => inTransaction(req.ctx, (ctx) => svc.createSchedule(ctx, req.body, atLeast(req, '330.0'))));
  r.post('/v1/payment-schedules/batch', spec('POST_PaymentSchedules', { body: Body }), async (req) => inTransaction(req.ctx, (ctx) => svc.createBatch(ctx, req.body, atLeast(req, '330.0'))));
  r.get('/v1/payment-schedules', spec('GET_PaymentSchedules', {}), async (req) => svc.listSchedules(req.ctx, req.query as Record<string, unknown>));
  r.get('/v1/payment-schedules/statistics/:day', spec('GET_PaymentScheduleStatistic', { params: Type.Object({ day: Type.String() }) }), async (req) => svc.statistic(req.ctx, req.params.day));
  r.get('/v1/payment-schedules/:paymentScheduleKey', spec('GET_PaymentSchedule', { params: Key }), async (req) => svc.getSchedule(req.ctx, req.params.paymentScheduleKey));
  r.put('/v1/payment-schedules/:paymentScheduleKey', spec('PUT_PaymentSchedule', { params: Key, body: Body }), async (req) =>
    inTransaction(req.ctx, (ctx) => svc.updateSchedule(ctx, req.params.paymentScheduleKey, req.body ?? {}, false)),
  );
  r.delete('/v1/payment-schedules/:paymentScheduleKey', spec('deletePaymentSchedule', { params: Key }), async (req) => inTransaction(req.ctx, (ctx) => svc.deleteSchedule(ctx, req.params.paymentScheduleKey)));
  r.put('/v1/payment-schedules/:paymentScheduleKey/cancel', spec('PUT_CancelPaymentSchedule', { params: Key, body: Body }), async (req) =>
    inTransaction(req.ctx, (ctx) => svc.cancelSchedule(ctx, req.params.paymentScheduleKey, req.body ?? {})),
  );
  r.post('/v1/payment-schedules/:paymentScheduleKey/items', spec('POST_AddItemsToCustomPaymentSchedule', { params: Key, body: Body }), async (req) =>
    inTransaction(req.ctx, (ctx) => svc.addItems(ctx, req.params.paymentScheduleKey, req.body)),
  );
  r.put('/v1/payment-schedules/:paymentScheduleKey/preview', spec('PUT_PaymentScheduleUpdatePreview', { params: Key, body: Body }), async (req) =>
    inTransaction(req.ctx, (ctx) => svc.updateSchedule(ctx, req.params.paymentScheduleKey, req.body ?? {}, true)),
  );
  r.post('/v1/payment-schedule-items/retry-payment', spec('POST_RetryPaymentScheduleItem', { body: Body }), async (req) => inTransaction(req.ctx, (ctx) => svc.retryItems(ctx, req.body)));
  r.get('/v1/payment-schedule-items/:psiId', spec('GET_PaymentScheduleItem', { params: Psi }), async (req) => svc.getItem(req.ctx, req.params.psiId));
  r.put('/v1/payment-schedule-items/:psiId', spec('PUT_PaymentScheduleItem', { params: Psi, body: Body }), async (req) => inTransaction(req.ctx, (ctx) => svc.updateItem(ctx, req.params.psiId, req.body)));
  r.delete('/v1/payment-schedule-items/:psiId', spec('deletePaymentScheduleItem', { params: Psi }), async (req) => inTransaction(req.ctx, (ctx) => svc.deleteItem(ctx, req.params.psiId)));
  r.put('/v1/payment-schedule-items/:itemId/cancel', spec('PUT_CancelPaymentScheduleItem', { params: ItemId }), async (req) => inTransaction(req.ctx, (ctx) => svc.cancelItem(ctx, req.params.itemId)));
  r.put('/v1/payment-schedule-items/:itemId/skip', spec('PUT_SkipPaymentScheduleItem', { params: ItemId }), async (req) => inTransaction(req.ctx, (ctx) => svc.skipItem(ctx, req.params.itemId)));
}
