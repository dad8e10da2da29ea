/**
 * Billing over HTTP: POST /v1/operations/billing-preview (one account, saves nothing) and the billing
 * preview runs (many accounts, run at once, the result a CSV file served at /v1/files/{file-id}).
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { inTransaction } from '../../platform/context.js';
import { invalidValue } from '../../platform/errors.js';
import { fileSources } from './contract.js';
import { billingPreview, readBillingPreviewRequest } from './preview.js';
import { createPreviewRun, getPreviewRun, previewRunFile } from './preview-runs.js';
import { previewRunRequest, previewRunResponse } from './versions.js';
import { billingDocumentVolume, getOperationJob } from './operations.js';

type Body = Record<string, unknown>;
const route = <S extends object>(operationId: string, tag: string, extra: S) => ({ config: { operationId }, schema: { operationId, tags: [tag], ...extra } });
const AnyBody = Type.Object({});

function body(v: unknown): Body {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalidValue('The request body must be a JSON object');
  return v as Body;
}

export async function registerRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post('/v1/operations/billing-preview', route('POST_BillingPreview', 'Operations', { body: AnyBody }), async (req) => {
    const request = readBillingPreviewRequest(body(req.body));
    return billingPreview(req.ctx, request);
  });

  r.post('/v1/billing-preview-runs', route('POST_BillingPreviewRun', 'Billing Preview Run', { body: AnyBody }), async (req) => {
    const b = previewRunRequest(req, body(req.body));
    return inTransaction(req.ctx, (ctx) => createPreviewRun(ctx, b));
  });

  r.get(
    '/v1/billing-preview-runs/:billingPreviewRunId',
    route('GET_BillingPreviewRun', 'Billing Preview Run', { params: Type.Object({ billingPreviewRunId: Type.String() }) }),
    async (req) => previewRunResponse(req, await getPreviewRun(req.ctx, req.params.billingPreviewRunId)),
  );

  r.get('/v1/operations/jobs/:jobId', route('GET_OperationJob', 'Operations', { params: Type.Object({ jobId: Type.String() }) }), async (req) => getOperationJob(req.ctx, req.params.jobId));

  r.get(
    '/system-health/billing-documents/volume-summary',
    route('GET_SystemHealthBillingDocVolumeSummary', 'Bill Run Health', { querystring: Type.Object({ startTime: Type.Optional(Type.String()), endTime: Type.Optional(Type.String()) }) }),
    async (req) => billingDocumentVolume(req.ctx, req.query),
  );

  r.get('/v1/files/:fileId', route('GET_Files', 'Files', { params: Type.Object({ fileId: Type.String() }) }), async (req, reply) => {
    for (const source of fileSources) {
      const other = await source(req.ctx, req.params.fileId);
      if (other) return reply.header('content-type', other.contentType).header('content-disposition', `attachment; filename="${other.name}"`).send(other.body);
    }
    const f = await previewRunFile(req.ctx, req.params.fileId);
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${f.name}"`).send(f.content);
  });
}
