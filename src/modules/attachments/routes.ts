/**
 * Attachments over HTTP: POST /v1/attachments takes multipart/form-data (the file in a part named
 * 'file') with the object named in the query; GET, PUT (description, file name), DELETE of one; the
 * list of an object's attachments, paged.
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { inTransaction } from '../../platform/context.js';
import { invalidValue } from '../../platform/errors.js';
import { PageQuery, pageRequest, pageResult } from '../../platform/pagination.js';
import { acceptUploads, uploadParts } from '../../platform/http/uploads.js';
import * as attachments from './service.js';

const TAG = 'Attachments';
const route = <S extends object>(operationId: string, extra: S) => ({ config: { operationId }, schema: { operationId, tags: [TAG], ...extra } });
const IdParams = Type.Object({ attachmentId: Type.String() });
/** Room for the multipart framing around a file of the largest size taken. */
const UPLOAD_BODY_LIMIT = attachments.MAX_FILE_BYTES + 1024 * 1024;

export async function registerRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/v1/attachments/:attachmentId', route('GET_Attachments', { params: IdParams }), async (req) => ({
    ...(await attachments.getAttachment(req.ctx, req.params.attachmentId)),
    success: true,
  }));
  r.put(
    '/v1/attachments/:attachmentId',
    route('PUT_Attachments', { params: IdParams, body: Type.Optional(Type.Object({ fileName: Type.Optional(Type.Union([Type.String(), Type.Null()])), description: Type.Optional(Type.Union([Type.String(), Type.Null()])) })) }),
    async (req) => {
      await inTransaction(req.ctx, (ctx) => attachments.updateAttachment(ctx, req.params.attachmentId, req.body ?? {}));
      return { success: true };
    },
  );
  r.delete('/v1/attachments/:attachmentId', route('DELETE_Attachments', { params: IdParams }), async (req) => {
    await inTransaction(req.ctx, (ctx) => attachments.deleteAttachment(ctx, req.params.attachmentId));
    return { success: true };
  });
  r.get(
    '/v1/attachments/:objectType/:objectKey',
    route('GET_AttachmentsList', { params: Type.Object({ objectType: Type.String(), objectKey: Type.String() }), querystring: Type.Object({ ...PageQuery }) }),
    async (req) => {
      const p = pageRequest(req.query);
      const rows = await attachments.listAttachments(req.ctx, req.params.objectType, req.params.objectKey, p);
      const { items, nextPage } = pageResult(req.ctx, req.url, p, rows);
      return { attachments: items.map((a) => attachments.view(req.ctx, a)), ...(nextPage ? { nextPage } : {}), success: true };
    },
  );

  // POST /v1/attachments takes multipart/form-data: its body parser lives in this child context only.
  await app.register(async (child) => {
    acceptUploads(child, UPLOAD_BODY_LIMIT);
    child.withTypeProvider<TypeBoxTypeProvider>().post(
      '/v1/attachments',
      route('POST_Attachments', {
        querystring: Type.Object({ associatedObjectType: Type.Optional(Type.String()), associatedObjectKey: Type.Optional(Type.String()), description: Type.Optional(Type.String()) }),
      }),
      async (req) => {
        const q = req.query;
        // the query is checked before the body is read, as the object must be named first
        const parts = req.body === undefined || req.body === null ? [] : uploadParts(req, "POST /v1/attachments takes a multipart/form-data body with the file in a part named 'file'");
        const files = parts.filter((p) => p.name === 'file');
        if (files.length > 1) throw invalidValue("The upload takes one part named 'file'");
        const file = files[0];
        const res = await inTransaction(req.ctx, (ctx) =>
          attachments.createAttachment(ctx, {
            associatedObjectType: q.associatedObjectType,
            associatedObjectKey: q.associatedObjectKey,
            description: q.description,
            file: file ? { fileName: file.fileName, contentType: file.contentType, data: file.data } : undefined,
          }),
        );
        return { fileId: res.fileId, id: res.id, success: true };
      },
    );
  });
}
