/** Bulk Data routes (HTTP only): the eight operations of the tag and the upload URL the create answers. */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { inTransaction } from '../../platform/context.js';
import { invalidValue, missingField } from '../../platform/errors.js';
import { acceptUploads, uploadParts } from '../../platform/http/uploads.js';
import * as service from './service.js';

const TAG = 'Bulk Data';
const route = <S extends object>(operationId: string, extra: S) => ({ config: { operationId }, schema: { operationId, tags: [TAG], ...extra } });
const IdParams = Type.Object({ id: Type.String() });
const AnyBody = Type.Unsafe<Record<string, unknown> | undefined>({ type: 'object' });


export async function registerRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post('/bulk-data/bulk-jobs', route('createBulkJob', { body: AnyBody }), async (req) => inTransaction(req.ctx, (ctx) => service.createJob(ctx, req.body ?? {})));
  r.post('/bulk-data/bulk-jobs/:id/submissions', route('submitBulkJob', { params: IdParams }), async (req) => inTransaction(req.ctx, (ctx) => service.submitJob(ctx, req.params.id)));
  r.get('/bulk-data/bulk-jobs/:id/summary', route('getBulkJobSummary', { params: IdParams }), async (req) => service.summary(req.ctx, req.params.id));
  r.get(
    '/bulk-data/bulk-jobs/summaries',
    route('getBulkJobSummaries', {
      querystring: Type.Object({ limit: Type.Optional(Type.Integer()), cursor: Type.Optional(Type.String()), status: Type.Optional(Type.String()) }),
    }),
    async (req) => service.summaries(req.ctx, req.query),
  );
  r.post('/bulk-data/bulk-jobs/:id/cancellations', route('cancelBulkJob', { params: IdParams }), async (req) => inTransaction(req.ctx, (ctx) => service.cancel(ctx, req.params.id)));
  r.post('/bulk-data/bulk-jobs/:id/aborts', route('deleteAbortJob', { params: IdParams }), async (req) => inTransaction(req.ctx, (ctx) => service.abort(ctx, req.params.id)));
  r.get('/bulk-data/bulk-jobs/:id/downloads', route('getDownloadLinksForJob', { params: IdParams }), async (req) => service.downloads(req.ctx, req.params.id));
  r.get('/bulk-data/bulk-jobs/:id/mappings', route('getMappingsForJob', { params: IdParams }), async (req) => service.mappings(req.ctx, req.params.id));

  // The upload URL createBulkJob answers (Zuora's is a presigned S3 POST; the spec has no operation for it):
  // a multipart form with the `key` field and the file in a part named `file`; 204 like S3's default.
  await app.register(async (child) => {
    acceptUploads(child, service.MAX_FILE_BYTES + 1024 * 1024);
    child.post<{ Params: { id: string } }>('/bulk-data/bulk-jobs/:id/uploads', { config: { operationId: 'uploadBulkJobFile' }, schema: { operationId: 'uploadBulkJobFile', tags: [TAG] } }, async (req, reply) => {
      const parts = uploadParts(req, "The upload takes a multipart/form-data body with the file in a part named 'file'");
      const files = parts.filter((p) => p.name === 'file');
      if (!files.length) throw missingField("The upload has no part named 'file'");
      if (files.length > 1) throw invalidValue("The upload takes one part named 'file'");
      const key = parts.find((p) => p.name === 'key')?.data.toString('utf8');
      await inTransaction(req.ctx, (ctx) => service.uploadFile(ctx, req.params.id, { key, data: files[0]!.data }));
      return reply.code(204).send();
    });
  });
}
