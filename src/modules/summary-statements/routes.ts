/** HTTP of summary statements (Summary Statements tag) and of billing document files deletion jobs (Billing Documents tag). */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { inTransaction } from '../../platform/context.js';
import * as svc from './service.js';

const Body = Type.Unknown();
const spec = <S extends object>(operationId: string, tag: string, extra: S) => ({ config: { operationId }, schema: { operationId, tags: [tag], ...extra } });

export function registerRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post('/v1/summary-statement-runs', spec('createSummaryStatementRun', 'Summary Statements', { body: Body }), async (req) => inTransaction(req.ctx, (ctx) => svc.createRun(ctx, req.body)));
  r.post('/v1/accounts/billing-documents/files/deletion-jobs', spec('POST_BillingDocumentFilesDeletionJob', 'Billing Documents', { body: Body }), async (req) =>
    inTransaction(req.ctx, (ctx) => svc.createFilesDeletionJob(ctx, req.body)),
  );
  r.get('/v1/accounts/billing-documents/files/deletion-jobs/:jobId', spec('GET_BillingDocumentFilesDeletionJob', 'Billing Documents', { params: Type.Object({ jobId: Type.String() }) }), async (req) =>
    svc.getFilesDeletionJob(req.ctx, req.params.jobId),
  );
}
