/**
 * Usage over HTTP: the object API (/v1/object/usage, PascalCase, `{Success, Id}` on create and
 * update, `{id, success}` on delete, errors in the object API's form from the platform), the file
 * upload POST /v1/usage (multipart/form-data, the only content type it takes besides what the
 * platform's parsers refuse) and the upload's status (the URL POST /v1/usage answers, and the
 * object API's Import).
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { inTransaction } from '../../platform/context.js';
import { CUSTOM_FIELD_RE } from '../../platform/custom-fields.js';
import { invalidValue, missingField, notImplemented } from '../../platform/errors.js';
import { acceptUploads, uploadParts } from '../../platform/http/uploads.js';
import * as usage from './service.js';

type Body = Record<string, unknown>;
const TAG = 'Usage';
const route = <S extends object>(operationId: string, tag: string, extra: S) => ({ config: { operationId }, schema: { operationId, tags: [tag], ...extra } });
const IdParams = Type.Object({ id: Type.String() });
const GetQuery = Type.Object({ fields: Type.Optional(Type.String()) });
const AnyBody = Type.Object({});

/** The fields of ProxyCreateUsage; with `rejectUnknownFields=true` anything else (but `__c` fields) is refused. */
const CREATE_FIELDS = new Set([
  'AccountId',
  'AccountNumber',
  'ChargeId',
  'ChargeNumber',
  'Description',
  'EndDateTime',
  'ProductRatePlanChargeNumber',
  'Quantity',
  'StartDateTime',
  'SubscriptionId',
  'SubscriptionNumber',
  'UOM',
  'UniqueKey',
]);

function wsdlVersion(req: FastifyRequest): number | null {
  const v = req.headers['x-zuora-wsdl-version'];
  const n = typeof v === 'string' ? Number(v.trim()) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** Picks only the requested fields (the `fields` query parameter), case-insensitively; Id always. */
function selectFields(o: Body, fields: string | undefined): Body {
  if (!fields) return o;
  const wanted = new Set(fields.split(',').map((f) => f.trim().toLowerCase()).filter(Boolean));
  return Object.fromEntries(Object.entries(o).filter(([k]) => k === 'Id' || wanted.has(k.toLowerCase())));
}

/** Room for the multipart framing around a file of the largest size taken. */
const UPLOAD_BODY_LIMIT = usage.MAX_FILE_BYTES + 1024 * 1024;


export async function registerRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post(
    '/v1/object/usage',
    route('Object_POSTUsage', TAG, { body: AnyBody, querystring: Type.Object({ rejectUnknownFields: Type.Optional(Type.Boolean()) }) }),
    async (req, reply) => {
      const body = (req.body ?? {}) as Body;
      if (req.query.rejectUnknownFields === true && Object.keys(body).some((k) => !CREATE_FIELDS.has(k) && !CUSTOM_FIELD_RE.test(k)))
        return reply.code(400).send({ message: 'Error - unrecognised fields' });
      return inTransaction(req.ctx, async (ctx) => ({ Success: true, Id: await usage.createUsage(ctx, body, { wsdlVersion: wsdlVersion(req) }) }));
    },
  );
  r.get('/v1/object/usage/:id', route('Object_GETUsage', TAG, { params: IdParams, querystring: GetQuery }), async (req) =>
    selectFields(usage.toObject(req.ctx, await usage.getUsage(req.ctx, req.params.id)), req.query.fields),
  );
  r.put('/v1/object/usage/:id', route('Object_PUTUsage', TAG, { params: IdParams, body: AnyBody }), async (req) =>
    inTransaction(req.ctx, async (ctx) => {
      await usage.updateUsage(ctx, req.params.id, (req.body ?? {}) as Body);
      return { Success: true, Id: req.params.id };
    }),
  );
  r.delete('/v1/object/usage/:id', route('Object_DELETEUsage', TAG, { params: IdParams }), async (req) =>
    inTransaction(req.ctx, async (ctx) => {
      await usage.deleteUsage(ctx, req.params.id);
      return { id: req.params.id, success: true };
    }),
  );

  // The upload's status: the URL POST /v1/usage answers (the page names it; the spec has no operation for it) ...
  r.get('/v1/usage/:importId/status', route('GET_UsageImportStatus', TAG, { params: Type.Object({ importId: Type.String() }) }), async (req) =>
    usage.importStatusView(req.ctx, await usage.getImport(req.ctx, req.params.importId)),
  );
  // ... and the object API's Import (usage imports are the only imports zbill keeps).
  r.get('/v1/object/import/:id', route('Object_GETImport', 'Imports', { params: IdParams, querystring: GetQuery }), async (req) =>
    selectFields(usage.importToObject(req.ctx, await usage.getImport(req.ctx, req.params.id)), req.query.fields),
  );

  // POST /v1/usage takes multipart/form-data, as its spec says. Its body parser lives in this child
  // context only, in place of the platform's multipart parser; every other route keeps the
  // platform's rule. The body arrives buffered (and gzip-decoded by the platform's hook).
  await app.register(async (child) => {
    acceptUploads(child, UPLOAD_BODY_LIMIT);
    child.post('/v1/usage', route('POST_Usage', TAG, {}), async (req) => {
      const parts = uploadParts(req, "POST /v1/usage takes a multipart/form-data body with the usage file in a part named 'file'");
      const files = parts.filter((p) => p.fileName !== null);
      const file = parts.find((p) => p.name === 'file');
      if (!file) throw missingField(files.length ? `The usage file must be in a part named 'file', not '${files[0]!.name}'` : "The upload has no part named 'file'");
      if (parts.filter((p) => p.name === 'file').length > 1) throw invalidValue("The upload takes one part named 'file'");
      const res = await inTransaction(req.ctx, (ctx) => usage.importUsageFile(ctx, { fileName: file.fileName ?? undefined, data: file.data }, { wsdlVersion: wsdlVersion(req) }));
      return { checkImportStatus: `/v1/usage/${res.id}/status`, size: res.size, success: true };
    });

    // The object API's import: ImportType, Name and File as form fields. Usage is the one import type
    // zbill keeps (the same import as POST /v1/usage, read back by GET /v1/object/import/{id}).
    child.post('/v1/object/import', route('Object_POSTImport', 'Imports', {}), async (req) => {
      const parts = uploadParts(req, 'POST /v1/object/import takes a multipart/form-data body with the fields ImportType, Name and File');
      const text = (name: string) => {
        const ps = parts.filter((p) => p.name === name);
        if (ps.length > 1) throw invalidValue(`The import takes one part named '${name}'`);
        const v = ps[0]?.data.toString('utf8').trim();
        if (!v) throw missingField(`${name} is required`);
        return v;
      };
      const type = text('ImportType');
      if (!IMPORT_TYPES.includes(type)) throw invalidValue(`ImportType must be one of ${IMPORT_TYPES.join(', ')}: ${type}`);
      if (type !== 'Usage') throw notImplemented(`imports of type ${type} (zbill imports usage only)`);
      const name = text('Name');
      const files = parts.filter((p) => p.name === 'File');
      if (!files.length) throw missingField('File is required');
      if (files.length > 1) throw invalidValue("The import takes one part named 'File'");
      const file = files[0]!;
      // the file part's own name when it has one (it must be a .csv file), else the import's Name
      usage.checkUploadFile(file.fileName ?? name, file.data);
      const res = await inTransaction(req.ctx, (ctx) => usage.importUsageFile(ctx, { fileName: file.fileName ?? name, data: file.data }, { wsdlVersion: wsdlVersion(req), name }));
      return { Id: res.id, Success: true };
    });
  });
}

/** The object API's import types (the spec's enum). */
const IMPORT_TYPES = ['Usage', 'Payment', 'Quote', 'TaxationDetail', 'UpdateAccountingCode', 'CreateRevenueSchedule', 'UpdateRevenueSchedule', 'DeleteRevenueSchedule', 'ImportFXRate'];
