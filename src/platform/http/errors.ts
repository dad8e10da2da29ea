import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import {
  Category,
  errorCode,
  httpStatusFor,
  malformed,
  objectApiCode,
  objectApiStatus,
  UNKNOWN_RESOURCE,
  ZuoraError,
} from '../errors.js';
import { newProcessId } from '../ids.js';

export function isObjectApi(url: string): boolean {
  return url.startsWith('/v1/object/');
}

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

function fieldName(e: AjvError): string {
  const path = e.instancePath.replace(/^\//, '').replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.');
  if (e.keyword === 'required') {
    const missing = String(e.params.missingProperty);
    return path ? `${path}.${missing}` : missing;
  }
  if (e.keyword === 'additionalProperties') {
    const extra = String(e.params.additionalProperty);
    return path ? `${path}.${extra}` : extra;
  }
  return path;
}

/** Turns a schema validation failure into Zuora's code and a message that names the field. */
export function validationError(errors: AjvError[], context: string): ZuoraError {
  const e = errors[0]!;
  const field = fieldName(e) || context;
  const where = context === 'querystring' ? 'query parameter' : context === 'params' ? 'path parameter' : context === 'headers' ? 'header' : 'field';
  switch (e.keyword) {
    case 'required':
      return new ZuoraError(errorCode(UNKNOWN_RESOURCE, context === 'querystring' ? Category.MISSING_PARAMETER : Category.MISSING_FIELD), `'${field}' is required`);
    case 'additionalProperties':
      return new ZuoraError(errorCode(UNKNOWN_RESOURCE, Category.UNKNOWN_FIELD), `Unknown ${where} '${field}'`);
    case 'enum': {
      const allowed = (e.params.allowedValues as unknown[] | undefined)?.join(', ');
      return new ZuoraError(errorCode(UNKNOWN_RESOURCE, Category.INVALID_VALUE), `'${field}' value should be one of: ${allowed}`);
    }
    case 'const':
      return new ZuoraError(errorCode(UNKNOWN_RESOURCE, Category.INVALID_VALUE), `'${field}' value should be ${String(e.params.allowedValue)}`);
    case 'type':
      return new ZuoraError(errorCode(UNKNOWN_RESOURCE, Category.INVALID_VALUE), `'${field}' must be of type ${String(e.params.type)}`);
    case 'format':
      return new ZuoraError(errorCode(UNKNOWN_RESOURCE, Category.INVALID_VALUE), `'${field}' must be a valid ${String(e.params.format)}`);
    default:
      return new ZuoraError(errorCode(UNKNOWN_RESOURCE, Category.INVALID_VALUE), `'${field}' ${e.message ?? 'is invalid'}`);
  }
}

/** Maps anything thrown while serving a request onto a Zuora error. Client mistakes never become 500. */
export function toZuoraError(err: unknown, req: FastifyRequest): ZuoraError {
  if (err instanceof ZuoraError) return err;
  const fe = err as FastifyError & { validation?: AjvError[]; validationContext?: string };
  if (fe && Array.isArray(fe.validation) && fe.validation.length) return validationError(fe.validation, fe.validationContext ?? 'body');
  switch (fe?.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return malformed(`The request body is not valid JSON`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ZuoraError(errorCode(UNKNOWN_RESOURCE, Category.MALFORMED), `Unsupported Content-Type '${String(req.headers['content-type'] ?? '')}'`, { fixedStatus: 415 });
    case 'FST_ERR_BAD_URL':
      return new ZuoraError(errorCode(UNKNOWN_RESOURCE, Category.MALFORMED), 'The URL holds an invalid percent-escape', { fixedStatus: 400 });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new ZuoraError(errorCode(UNKNOWN_RESOURCE, Category.LIMIT), 'A path parameter is longer than 100 characters', { fixedStatus: 414 });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ZuoraError(errorCode(UNKNOWN_RESOURCE, Category.LIMIT), 'The request body is too large', { fixedStatus: 413 });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return malformed('The Content-Length header does not match the body');
  }
  if (fe?.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return malformed(fe.message || 'Bad request');
  // A route's error is logged with its stack on the request's one log line (request-log.ts); only one met elsewhere is logged here.
  if (req.loggedError !== err) req.log.error({ err }, 'unhandled error');
  return new ZuoraError(errorCode(UNKNOWN_RESOURCE, Category.INTERNAL), 'An internal error occurred; the request changed nothing');
}

/**
 * The API version that decides the status: the request's Zuora-Version header,
 * else the tenant default, else (no tenant known yet) the server default.
 */
export function effectiveVersion(req: FastifyRequest, serverDefault: string): string {
  if (req.apiVersion) return req.apiVersion;
  const h = req.headers['zuora-version'];
  const header = Array.isArray(h) ? h[0] : h;
  return header || req.tenant?.defaultApiVersion || serverDefault;
}

export function sendError(reply: FastifyReply, err: ZuoraError, req: FastifyRequest, serverDefaultVersion: string): FastifyReply {
  if (err.headers) reply.headers(err.headers);
  const version = effectiveVersion(req, serverDefaultVersion);
  return reply.code(isObjectApi(req.url) ? objectApiStatus(err) : httpStatusFor(err, version)).send(errorPayload(err, req.url));
}

/** The error body: the object API's `{Success, Errors}` under /v1/object/, Zuora's `{success, processId, reasons}` elsewhere. */
export function errorPayload(err: ZuoraError, url: string): Record<string, unknown> {
  if (isObjectApi(url)) return { Success: false, Errors: err.reasons.map((r) => ({ Code: objectApiCode(err), Message: r.message })) };
  return { success: false, processId: newProcessId(), reasons: err.reasons.map((r) => ({ code: r.code, message: r.message })) };
}
