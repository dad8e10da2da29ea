import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { httpStatusFor, notFound } from '../../platform/errors.js';
import { inTransaction } from '../../platform/context.js';
import { actionQuery, actionQueryMore } from './action-query.js';
import { actionCreate, actionDelete, actionUpdate } from './action-write.js';
import { cancelAquaJob, getAquaJob, lastAquaJob, submitAquaJob } from './aqua.js';
import { queryObject, queryObjects, tenantQueryObject } from './contract.js';
import { withCustomFields } from './custom-fields.js';
import { describeXml } from './describe.js';
import { cancelDataQuery, getDataQuery, listDataQueries, submitDataQuery } from './data-query.js';
import { QueryFault } from './filter.js';
import { objectQueryByKey, objectQueryList } from './object-query.js';

const Body = Type.Object({}, { additionalProperties: true });

const FAULT_ELEMENT: Record<string, string> = {
  INVALID_QUERY_LOCATOR: 'InvalidQueryLocatorFault',
  INVALID_VALUE: 'InvalidValueFault',
  INVALID_TYPE: 'InvalidTypeFault',
  MAX_RECORDS_EXCEEDED: 'UnexpectedErrorFault',
};

/** A query fault as the action endpoints send it: faultcode/faultstring and the fault's FaultCode/FaultMessage. */
async function withFaults(req: FastifyRequest, reply: FastifyReply, run: () => Promise<unknown>) {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof QueryFault)) throw err;
    const element = FAULT_ELEMENT[err.faultCode] ?? 'MalformedQueryFault';
    reply.code(httpStatusFor(err, req.apiVersion));
    // Zuora's fault fields, plus the REST envelope's success/reasons (8-digit code) so that clients reading either find it.
    return {
      success: false,
      reasons: err.reasons,
      faultcode: `fns:${err.faultCode}`,
      faultstring: err.message,
      detail: { [element]: { FaultCode: err.faultCode, FaultMessage: err.message } },
    };
  }
}

/** The X-Zuora-WSDL-Version header of an Actions call (null when absent or not a number). */
function wsdlVersion(req: FastifyRequest): number | null {
  const v = req.headers['x-zuora-wsdl-version'];
  const n = typeof v === 'string' ? Number(v.trim()) : NaN;
  return Number.isFinite(n) ? n : null;
}

export function registerRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Actions'];

  r.post('/v1/action/query', { config: { operationId: 'Action_POSTquery' }, schema: { operationId: 'Action_POSTquery', tags, body: Body } }, async (req, reply) =>
    withFaults(req, reply, () => actionQuery(req.ctx, req.body as Record<string, unknown>)),
  );
  r.post('/v1/action/queryMore', { config: { operationId: 'Action_POSTqueryMore' }, schema: { operationId: 'Action_POSTqueryMore', tags, body: Body } }, async (req, reply) =>
    withFaults(req, reply, () => actionQueryMore(req.ctx, req.body as Record<string, unknown>)),
  );

  const writes = [
    ['create', 'Action_POSTcreate', actionCreate],
    ['update', 'Action_POSTupdate', actionUpdate],
    ['delete', 'Action_POSTdelete', actionDelete],
  ] as const;
  for (const [verb, operationId, run] of writes) {
    r.post(`/v1/action/${verb}`, { config: { operationId }, schema: { operationId, tags, body: Body, querystring: Type.Object({}, { additionalProperties: true }) } }, async (req, reply) =>
      withFaults(req, reply, () => inTransaction(req.ctx, (ctx) => run(ctx, req.body as Record<string, unknown>, req.query as Record<string, unknown>, { wsdlVersion: wsdlVersion(req) }))),
    );
  }

  // AQuA (Aggregate Queries): jobs run by the job worker, results at GET /v1/files/{file-id}
  const aq = ['Aggregate Queries'];
  // the spec's path, and the trailing-slash form Zuora's AQuA pages use (POST …/batch-query/)
  for (const url of ['/v1/batch-query', '/v1/batch-query/']) {
    r.post(url, { config: { operationId: 'POST_BatchQueryJob' }, schema: { operationId: 'POST_BatchQueryJob', tags: aq, body: Body } }, async (req) =>
      inTransaction(req.ctx, (ctx) => submitAquaJob(ctx, req.body)),
    );
  }
  r.get(
    '/v1/batch-query/jobs/partner/:partner/project/:project',
    { config: { operationId: 'GET_LastBatchQueryJob' }, schema: { operationId: 'GET_LastBatchQueryJob', tags: aq, params: Type.Object({ partner: Type.String(), project: Type.String() }) } },
    async (req) => lastAquaJob(req.ctx, req.params.partner, req.params.project),
  );
  const JobParams = Type.Object({ jobid: Type.String() });
  r.get('/v1/batch-query/jobs/:jobid', { config: { operationId: 'GET_BatchQueryJob' }, schema: { operationId: 'GET_BatchQueryJob', tags: aq, params: JobParams } }, async (req) => getAquaJob(req.ctx, req.params.jobid));
  r.delete('/v1/batch-query/jobs/:jobid', { config: { operationId: 'DELETE_BatchQueryJob' }, schema: { operationId: 'DELETE_BatchQueryJob', tags: aq, params: JobParams } }, async (req) =>
    inTransaction(req.ctx, (ctx) => cancelAquaJob(ctx, req.params.jobid)),
  );

  // Data Query: jobs run by the job worker, results at GET /v1/files/{file-id} (dataFile)
  const dq = ['Data Queries'];
  r.post('/query/jobs', { config: { operationId: 'POST_DataQueryJob' }, schema: { operationId: 'POST_DataQueryJob', tags: dq, body: Body } }, async (req) =>
    inTransaction(req.ctx, (ctx) => submitDataQuery(ctx, req.body)),
  );
  r.get('/query/jobs', { config: { operationId: 'GET_DataQueryJobs' }, schema: { operationId: 'GET_DataQueryJobs', tags: dq, querystring: Type.Object({}, { additionalProperties: true }) } }, async (req) =>
    listDataQueries(req.ctx, req.query as Record<string, unknown>),
  );
  const DqParams = Type.Object({ id: Type.String() });
  r.get('/query/jobs/:id', { config: { operationId: 'GET_DataQueryJob' }, schema: { operationId: 'GET_DataQueryJob', tags: dq, params: DqParams } }, async (req) => getDataQuery(req.ctx, req.params.id));
  r.delete('/query/jobs/:id', { config: { operationId: 'DELETE_DataQueryJob' }, schema: { operationId: 'DELETE_DataQueryJob', tags: dq, params: DqParams } }, async (req) =>
    inTransaction(req.ctx, (ctx) => cancelDataQuery(ctx, req.params.id)),
  );

  r.get(
    '/v1/describe/:object',
    {
      config: { operationId: 'GET_Describe' },
      schema: {
        operationId: 'GET_Describe',
        tags: ['Describe'],
        params: Type.Object({ object: Type.String() }),
        querystring: Type.Object({ showCurrencyConversionInformation: Type.Optional(Type.String()), showRelationships: Type.Optional(Type.Boolean()) }),
      },
    },
    async (req, reply) => {
      const obj = queryObject(req.params.object);
      if (!obj) throw notFound(`Object '${req.params.object}' cannot be described: it is not an object zbill knows`);
      const conv = req.query.showCurrencyConversionInformation;
      if (conv !== undefined && !/^(yes|no)$/i.test(conv)) throw new QueryFault('INVALID_VALUE', "showCurrencyConversionInformation must be 'yes' or 'no'");
      // zbill has no currency conversion settings, so 'yes' adds no fields (as in a Zuora tenant without them).
      reply.type('text/xml; charset=utf-8');
      return describeXml(req.ctx, obj, req.query.showRelationships === true);
    },
  );

  // The object query routes of every registered object that has one; the rest of the tag keeps its 501 stubs.
  const QueryParams = Type.Object({}, { additionalProperties: true });
  for (const obj of queryObjects()) {
    if (!obj.path || !obj.operationIds) continue;
    const [listOp, keyOp] = obj.operationIds;
    r.get(`/object-query/${obj.path}`, { config: { operationId: listOp }, schema: { operationId: listOp, tags: ['Object Queries'], querystring: QueryParams } }, async (req) =>
      objectQueryList(req.ctx, await withCustomFields(req.ctx, obj), req.query as Record<string, unknown>),
    );
    r.get(
      `/object-query/${obj.path}/:key`,
      { config: { operationId: keyOp }, schema: { operationId: keyOp, tags: ['Object Queries'], params: Type.Object({ key: Type.String() }), querystring: QueryParams } },
      async (req) => objectQueryByKey(req.ctx, await withCustomFields(req.ctx, obj), req.params.key, req.query as Record<string, unknown>),
    );
  }

  // Custom object records: /object-query/{namespace}__{object}s (the static paths above take precedence)
  const customObject = async (ctx: FastifyRequest['ctx'], name: string) => {
    const obj = await tenantQueryObject(ctx, name);
    if (!obj) throw notFound(`'${name}' is not a custom object of this tenant (the path takes {namespace}__{object}s, e.g. default__cars)`);
    return obj;
  };
  const CustomParams = Type.Object({ name: Type.String() });
  r.get('/object-query/:name', { config: { operationId: 'queryCustomObjects' }, schema: { operationId: 'queryCustomObjects', tags: ['Object Queries'], params: CustomParams, querystring: QueryParams } }, async (req) =>
    objectQueryList(req.ctx, await customObject(req.ctx, req.params.name), req.query as Record<string, unknown>),
  );
  r.get(
    '/object-query/:name/:key',
    { config: { operationId: 'queryCustomObjectBykey' }, schema: { operationId: 'queryCustomObjectBykey', tags: ['Object Queries'], params: Type.Object({ name: Type.String(), key: Type.String() }), querystring: QueryParams } },
    async (req) => objectQueryByKey(req.ctx, await customObject(req.ctx, req.params.name), req.params.key, req.query as Record<string, unknown>),
  );
}
