import { luhnValid } from '../luhn.js';
import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** What was thrown while serving the request (kept for the log line's stack). */
    loggedError?: unknown;
    /** The error envelope's processId and first code, when the response is an error. */
    loggedOutcome?: { processId: string | null; code: string | null };
  }
}

/** Where log lines go: anything with write(line), e.g. a file stream, or an array in a test. */
export interface LogDestination {
  write(line: string): void;
}

/** Structured paths pino blanks before a line is serialized (headers and bodies that someone logs whole). */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.apisecretaccesskey',
  'req.headers["x-zbill-admin-key"]',
  'headers.authorization',
  'headers.apisecretaccesskey',
  'headers["x-zbill-admin-key"]',
  'body.client_secret',
  'body.cardNumber',
  'body.securityCode',
  '*.client_secret',
  '*.clientSecret',
  '*.access_token',
  '*.apiSecretAccessKey',
  '*.password',
  '*.cardNumber',
  '*.creditCardNumber',
  '*.securityCode',
];

const CENSOR = '[Redacted]';

// Key names whose value is a secret, wherever they appear: JSON keys, form fields, header lines, escaped JSON in a message.
const SECRET_KEY =
  /((?<![a-z])token|authorization|client[_-]?secret|api[_-]?secret[_-]?access[_-]?key|access[_-]?token|refresh[_-]?token|password|x-zbill-admin-key|admin[_-]?key|(?:credit)?card[_-]?number|security[_-]?code|cvv)((?:\\*")?\s*[:=]\s*(?:\\*")?)(?!\[Redacted\])([^"\\&\s,}]+)/gi;
const BEARER = /\b(Bearer|Basic)\s+(?!\[Redacted\])[A-Za-z0-9._~+/=-]+/gi;
const JSON_STRING = /"(?:[^"\\]|\\.)*"/g;
// 13 to 19 digits, optionally in groups split by one space or dash, not glued to a letter or digit.
const CARD_LIKE = /(?<![0-9A-Za-z])\d(?:[ -]?\d){12,18}(?![0-9A-Za-z])/g;

function maskCards(text: string): string {
  return text.replace(CARD_LIKE, (m) => {
    const digits = m.replace(/[ -]/g, '');
    return luhnValid(digits) ? `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}` : m;
  });
}

/**
 * The last line of defence, applied to every serialized log line: blanks the values
 * of secret-named keys and bearer credentials, and masks card numbers (all but the
 * last four digits) inside string values. Numbers outside strings (the time stamp,
 * durations) are left alone.
 */
export function scrubSecrets(line: string): string {
  let out = line.replace(BEARER, (_m, scheme: string) => `${scheme} ${CENSOR}`);
  out = out.replace(SECRET_KEY, (_m, key: string, sep: string) => `${key}${sep}${CENSOR}`);
  return out.replace(JSON_STRING, (s) => maskCards(s));
}

/** Fastify's own request lines ("incoming request", "request completed") are off: registerRequestLog writes one line instead. */
export function requestLogController(): LogController {
  return new LogController({ disableRequestLogging: true });
}

/** Fastify's logger options: JSON lines at `level`, secrets redacted, optionally to `destination`. */
export function loggerOptions(level: string, destination?: LogDestination): Record<string, unknown> {
  return {
    level,
    ...(destination ? { stream: destination } : {}),
    redact: { paths: REDACT_PATHS, censor: CENSOR },
    hooks: { streamWrite: scrubSecrets },
  };
}

function header(req: FastifyRequest, name: string): string | null {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? null;
}

/** Records what the error envelope says (processId, first code) when the response body is one. */
function noteOutcome(req: FastifyRequest, payload: unknown): void {
  if (!payload || typeof payload !== 'object') return;
  const p = payload as { success?: unknown; Success?: unknown; processId?: unknown; reasons?: Array<{ code?: unknown }>; Errors?: Array<{ Code?: unknown }> };
  if (p.success === false && Array.isArray(p.reasons)) {
    const code = p.reasons[0]?.code;
    req.loggedOutcome = { processId: typeof p.processId === 'string' ? p.processId : null, code: code === undefined ? null : String(code) };
  } else if (p.Success === false && Array.isArray(p.Errors)) {
    const code = p.Errors[0]?.Code;
    req.loggedOutcome = { processId: null, code: code === undefined ? null : String(code) };
  }
}

/** 5xx (but 501, an operation not built yet) and internal errors answered with another status are errors; the rest is info. */
function isServerFault(status: number, code: string | null): boolean {
  if (status >= 500) return status !== 501;
  return code !== null && /^\d{8}$/.test(code) && code.endsWith('60');
}

function lineOf(req: FastifyRequest, reply: FastifyReply): Record<string, unknown> {
  return {
    method: req.method,
    route: req.routeOptions?.url ?? null,
    path: req.url.split('?')[0],
    status: reply.statusCode,
    durationMs: Math.round(reply.elapsedTime * 10) / 10,
    tenantId: req.tenant?.id ?? null,
    requestId: req.zuoraRequestId ?? null,
    trackId: header(req, 'zuora-track-id'),
    processId: req.loggedOutcome?.processId ?? null,
    errorCode: req.loggedOutcome?.code ?? null,
  };
}

/**
 * One JSON line per request, written when the response is finished: method, route,
 * status, duration, tenant, Zuora-Request-Id, Zuora-Track-Id, and the error's
 * processId and code. Client errors log at info, server faults at error with the
 * stack of what was thrown. (Fastify's own request lines are turned off.)
 */
export function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onError', async (req, _reply, err) => {
    req.loggedError = err;
  });
  app.addHook('preSerialization', async (req, _reply, payload) => {
    noteOutcome(req, payload);
    return payload;
  });
  app.addHook('onResponse', async (req, reply) => {
    const fault = isServerFault(reply.statusCode, req.loggedOutcome?.code ?? null);
    // No logger, or one above info (the default is warn): build no line for an ordinary request.
    if (!fault && !(req.log as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled?.('info')) return;
    const line = lineOf(req, reply);
    if (fault) {
      req.log.error({ ...line, ...(req.loggedError ? { err: req.loggedError } : {}) }, 'request failed');
    } else {
      req.log.info(line, 'request');
    }
  });
  app.addHook('onRequestAbort', async (req) => {
    req.log.info({ method: req.method, route: req.routeOptions?.url ?? null, path: req.url.split('?')[0], tenantId: req.tenant?.id ?? null, requestId: req.zuoraRequestId ?? null }, 'request aborted by the client');
  });
}
