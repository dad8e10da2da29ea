import { Type, type TSchema } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { inTransaction } from '../../platform/context.js';
import { httpStatusFor, MAPPED_STATUS_VERSION, type ZuoraError } from '../../platform/errors.js';
import { toZuoraError } from '../../platform/http/errors.js';
import * as service from './service.js';

const DEFS = 'Custom Object Definitions';
const RECS = 'Custom Object Records';
function spec<S extends { params?: TSchema; querystring?: TSchema; body?: TSchema }>(operationId: string, tag: string, extra: S = {} as S) {
  return { config: { operationId }, schema: { operationId, tags: [tag], ...extra } };
}
const Obj = Type.Object({ object: Type.String() });
const ObjId = Type.Object({ object: Type.String(), id: Type.String() });
const Body = Type.Unsafe<Record<string, unknown> | undefined>({ type: 'object' });

/** Create and batch calls answer their own error body: `{code, message, details}` (CustomObjectRecordsErrorResponse). */
function recordsErrorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  const z: ZuoraError = toZuoraError(err, req);
  if (z.headers) reply.headers(z.headers);
  const details = err instanceof service.RecordsError ? err.details : [];
  return reply.code(z.fixedStatus ?? httpStatusFor(z, MAPPED_STATUS_VERSION)).send({ code: z.code, message: z.message, details });
}

export function registerRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post('/objects/definitions/default', spec('POST_CustomObjectDefinitions', DEFS, { body: Body }), async (req) =>
    inTransaction(req.ctx, (ctx) => service.createDefinitions(ctx, req.body ?? {})),
  );
  r.get(
    '/objects/definitions/default',
    spec('GET_AllCustomObjectDefinitionsInNamespace', DEFS, { querystring: Type.Object({ select: Type.Optional(Type.Unsafe<'type'>({ type: 'string', enum: ['type'] })) }) }),
    async (req) => service.listDefinitions(req.ctx, req.query.select),
  );
  r.get('/objects/definitions/default/:object', spec('GET_CustomObjectDefinitionByType', DEFS, { params: Obj }), async (req) => service.getDefinition(req.ctx, req.params.object));
  r.delete('/objects/definitions/default/:object', spec('Delete_CustomObjectDefinitionByType', DEFS, { params: Obj }), async (req, reply) => {
    await inTransaction(req.ctx, (ctx) => service.deleteDefinition(ctx, req.params.object));
    return reply.code(200).send();
  });
  r.post('/objects/migrations', spec('POST_UpdateCustomObjectDefinition', DEFS, { body: Body }), async (req) =>
    inTransaction(req.ctx, (ctx) => service.migrate(ctx, req.body ?? {})),
  );

  r.post('/objects/records/default/:object', { ...spec('POST_CustomObjectRecords', RECS, { params: Obj, body: Body }), errorHandler: recordsErrorHandler }, async (req) =>
    inTransaction(req.ctx, (ctx) => service.createRecords(ctx, req.params.object, req.body ?? {})),
  );
  r.get(
    '/objects/records/default/:object',
    spec('GET_AllRecordsForCustomObjectType', RECS, {
      params: Obj,
      querystring: Type.Object({
        q: Type.Optional(Type.String()),
        ids: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])),
        pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        cursor: Type.Optional(Type.String()),
      }),
    }),
    async (req) => {
      const ids = req.query.ids === undefined ? undefined : Array.isArray(req.query.ids) ? req.query.ids : [req.query.ids];
      return service.listRecords(req.ctx, req.params.object, { q: req.query.q, ids, pageSize: req.query.pageSize, cursor: req.query.cursor });
    },
  );
  r.get('/objects/records/default/:object/:id', spec('GET_CustomObjectRecordByID', RECS, { params: ObjId }), async (req, reply) => {
    const { record, etag } = await service.getRecord(req.ctx, req.params.object, req.params.id);
    return reply.header('ETag', etag).send(record);
  });
  r.put('/objects/records/default/:object/:id', spec('PUT_CustomObjectRecord', RECS, { params: ObjId, body: Body }), async (req, reply) => {
    const ifMatch = typeof req.headers['if-match'] === 'string' ? req.headers['if-match'] : undefined;
    const { record, etag } = await inTransaction(req.ctx, (ctx) => service.updateRecord(ctx, req.params.object, req.params.id, req.body ?? {}, ifMatch));
    return reply.header('ETag', etag).send(record);
  });
  r.patch('/objects/records/default/:object/:id', spec('Patch_PartialUpdateCustomObjectRecord', RECS, { params: ObjId, body: Body }), async (req, reply) => {
    const { record, etag } = await inTransaction(req.ctx, (ctx) => service.updateRecord(ctx, req.params.object, req.params.id, req.body ?? {}));
    return reply.header('ETag', etag).send(record);
  });
  r.delete('/objects/records/default/:object/:id', spec('Delete_CustomObjectRecordByID', RECS, { params: ObjId }), async (req, reply) => {
    await inTransaction(req.ctx, (ctx) => service.deleteRecord(ctx, req.params.object, req.params.id));
    return reply.code(200).send();
  });
  r.post('/objects/batch/default/:object', { ...spec('POST_CustomObjectRecordsBatchUpdateOrDelete', RECS, { params: Obj, body: Body }), errorHandler: recordsErrorHandler }, async (req) =>
    inTransaction(req.ctx, (ctx) => service.batch(ctx, req.params.object, req.body ?? {})),
  );

  // The Settings API's custom field endpoints (docs: Settings API tutorials "View all custom fields", "View custom
  // fields of a specific object", "Update custom fields of a specific object"); not in the v1 spec: plain routes.
  const settings = { schema: { tags: ['Settings'], hide: true } };
  r.get('/settings/custom-fields/zuora', settings, async (req) => service.allStandardFieldsView(req.ctx));
  r.get('/settings/custom-fields/zuora/:object', { schema: { ...settings.schema, params: Obj } }, async (req) =>
    service.standardFieldsView(req.ctx, service.standardObject(req.params.object)),
  );
  r.put('/settings/custom-fields/zuora/:object', { schema: { ...settings.schema, params: Obj, body: Body } }, async (req) =>
    inTransaction(req.ctx, (ctx) => service.replaceStandardFields(ctx, service.standardObject(req.params.object), req.body ?? {})),
  );
}
