import { isUtf8 } from 'node:buffer';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Category, errorCode, malformed, UNKNOWN_RESOURCE, ZuoraError } from '../errors.js';
import { routeKey } from './operations.js';
import { REQUEST_SHAPES } from './request-shapes.generated.js';

/** No Zuora payload nests anywhere near this deep; deeper bodies are refused before they are parsed. */
export const MAX_BODY_DEPTH = 64;

const FORM = 'application/x-www-form-urlencoded';
const MULTIPART = 'multipart/form-data';

/** Route keys of the operations whose spec takes a form or multipart body, with the media types they take. */
const NON_JSON = new Map<string, string[]>();
for (const [key, v] of Object.entries(REQUEST_SHAPES)) {
  const media = v.media.filter((m) => m === FORM || m === MULTIPART);
  if (!media.length) continue;
  const sp = key.indexOf(' ');
  NON_JSON.set(routeKey(key.slice(0, sp), key.slice(sp + 1)), media);
}

export const unsupportedMedia = (type: string) =>
  new ZuoraError(errorCode(UNKNOWN_RESOURCE, Category.MALFORMED), `Unsupported Content-Type '${type}'; this operation takes application/json`, { fixedStatus: 415 });

function accepts(req: FastifyRequest, media: string): boolean {
  const url = req.routeOptions.url;
  return !!url && (NON_JSON.get(routeKey(req.method, url))?.includes(media) ?? false);
}

/** True when the JSON text opens more than `max` arrays or objects inside each other (strings are skipped). */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * The request body parsers: JSON on every route (strict UTF-8, bounded depth, an empty body is no body);
 * form and multipart bodies only on the operations whose spec takes them; anything else is refused with 415.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  const jsonParser = app.getDefaultJsonParser('error', 'ignore');
  app.removeAllContentTypeParsers();
  const json = (req: FastifyRequest, body: string | Buffer, done: (err: Error | null, body?: unknown) => void) => {
    const buf = body as Buffer;
    if (!isUtf8(buf)) return done(malformed('The request body is not valid UTF-8'), undefined);
    const text = buf.toString('utf8');
    // An empty JSON body (PUT …/activate sent with Content-Type: application/json) is no body, as Zuora takes it.
    if (text.trim() === '') return done(null, undefined);
    if (nestsDeeperThan(text, MAX_BODY_DEPTH)) return done(malformed(`The request body nests deeper than ${MAX_BODY_DEPTH} levels`), undefined);
    return jsonParser(req, text, done);
  };
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, json);
  // JSON Merge Patch (RFC 7386), which PATCH /objects/records/default/{object}/{id} takes
  app.addContentTypeParser('application/merge-patch+json', { parseAs: 'buffer' }, json);
  app.addContentTypeParser(FORM, { parseAs: 'buffer' }, (req, body, done) => {
    if (!accepts(req, FORM)) return done(unsupportedMedia(FORM), undefined);
    const buf = body as Buffer;
    if (!isUtf8(buf)) return done(malformed('The request body is not valid UTF-8'), undefined);
    done(null, Object.fromEntries(new URLSearchParams(buf.toString('utf8'))));
  });
  // Multipart is refused here; the routes that take uploads accept it in their own context (http/uploads.ts).
  app.addContentTypeParser(MULTIPART, { parseAs: 'buffer' }, (req, _body, done) => {
    if (!accepts(req, MULTIPART)) return done(unsupportedMedia(MULTIPART), undefined);
    done(null, undefined);
  });
}
