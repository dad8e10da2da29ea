/** HTTP for invoice schedules (Invoice Schedules tag). */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { inTransaction } from '../../platform/context.js';
import * as svc from './service.js';

const Body = Type.Unknown();
const Key = Type.Object({ scheduleKey: Type.String() });
const TAG = 'Invoice Schedules';

const spec = <S extends object>(operationId: string, extra: S) => ({ config: { operationId }, schema: { operationId, tags: [TAG], ...extra } });

export function registerRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post('/v1/invoice-schedules', spec('POST_CreateInvoiceSchedule', { body: Body }), async (req) => inTransaction(req.ctx, (ctx) => svc.createSchedule(ctx, req.body)));
  r.get('/v1/invoice-schedules/:scheduleKey', spec('GET_InvoiceSchedule', { params: Key }), async (req) => svc.getSchedule(req.ctx, req.params.scheduleKey));
  r.put('/v1/invoice-schedules/:scheduleKey', spec('PUT_UpdateInvoiceSchedule', { params: Key, body: Body }), async (req) =>
    inTransaction(req.ctx, (ctx) => svc.updateSchedule(ctx, req.params.scheduleKey, req.body)),
  );
  r.delete('/v1/invoice-schedules/:scheduleKey', spec('DELETE_InvoiceSchedule', { params: Key }), async (req) => inTransaction(req.ctx, (ctx) => svc.deleteSchedule(ctx, req.params.scheduleKey)));
  r.post('/v1/invoice-schedules/:scheduleKey/execute', spec('POST_ExecuteInvoiceSchedule', { params: Key, body: Body }), async (req) =>
    inTransaction(req.ctx, (ctx) => svc.executeSchedule(ctx, req.params.scheduleKey, req.body)),
  );
  r.put('/v1/invoice-schedules/:scheduleKey/pause', spec('PUT_PauseInvoiceSchedule', { params: Key }), async (req) => inTransaction(req.ctx, (ctx) => svc.pauseSchedule(ctx, req.params.scheduleKey)));
  r.put('/v1/invoice-schedules/:scheduleKey/resume', spec('PUT_ResumeInvoiceSchedule', { params: Key }), async (req) => inTransaction(req.ctx, (ctx) => svc.resumeSchedule(ctx, req.params.scheduleKey)));
  r.put('/v1/invoice-schedules/:scheduleKey/attach', spec('attachChargesToInvoiceSchedule', { params: Key, body: Body }), async (req) =>
    inTransaction(req.ctx, (ctx) => svc.changeAttachment(ctx, req.params.scheduleKey, req.body, true)),
  );
  r.put('/v1/invoice-schedules/:scheduleKey/detach', spec('detachChargesFromInvoiceSchedule', { params: Key, body: Body }), async (req) =>
    inTransaction(req.ctx, (ctx) => svc.changeAttachment(ctx, req.params.scheduleKey, req.body, false)),
  );
}
