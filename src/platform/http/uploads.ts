/**
 * File uploads (multipart/form-data) for the routes that take them. The platform's own multipart
 * parser refuses every body (no other operation takes one); a route group that does calls
 * `acceptUploads` in its own Fastify child context, which buffers the body whole (gzip already
 * decoded by the platform's hook), and its handlers read the parts with `uploadParts`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalidValue, malformed } from '../errors.js';
import { boundaryOf, MultipartError, parseMultipart, type FormPart } from './multipart.js';

const MULTIPART = 'multipart/form-data';

/** The raw upload body, out of sight of the platform's body walkers (the NUL guard visits every key of a body; a Buffer would hand it one key per byte). */
class UploadBody {
  readonly #bytes: Buffer;
  constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }
  get bytes(): Buffer {
    return this.#bytes;
  }
}

/** In this child context, multipart bodies up to `bodyLimit` bytes are buffered for `uploadParts`. */
export function acceptUploads(child: FastifyInstance, bodyLimit: number): void {
  child.removeContentTypeParser(MULTIPART);
  child.addContentTypeParser(MULTIPART, { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, new UploadBody(body as Buffer)));
}

/** The parts of the request's multipart body; a body of another kind (`wrongBody` says what is expected) or one that cannot be read is refused. */
export function uploadParts(req: FastifyRequest, wrongBody: string, resource?: number): FormPart[] {
  const boundary = boundaryOf(req.headers['content-type']);
  if (!boundary || !(req.body instanceof UploadBody)) throw invalidValue(wrongBody, resource);
  try {
    return parseMultipart(req.body.bytes, boundary);
  } catch (e) {
    if (e instanceof MultipartError) throw malformed(`The multipart body cannot be read: ${e.message}`, resource);
    throw e;
  }
}
