import { gzipSync, createGunzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { invalidValue, malformed } from '../errors.js';
import { newRequestId } from '../ids.js';

/** Responses larger than this are gzipped for clients that accept gzip. */
export const GZIP_THRESHOLD = 1000;

// At most 64 printable US-ASCII characters, none of : ; " '
const TRACK_ID_RE = /^[\x20-\x7e]{1,64}$/;
const TRACK_ID_FORBIDDEN = /[:;"']/;

export function checkTrackId(v: string): void {
  if (!TRACK_ID_RE.test(v) || TRACK_ID_FORBIDDEN.test(v))
    throw invalidValue(`'Zuora-Track-Id' must be at most 64 US-ASCII characters and contain none of : ; " '`);
}

/**
 * Headers and encodings every route shares: Zuora-Request-Id, Zuora-Track-Id,
 * gzip request bodies, gzip responses over 1000 bytes.
 */
export function registerWire(app: FastifyInstance): void {
  app.addHook('onRequest', async (req, reply) => {
    req.zuoraRequestId = newRequestId();
    reply.header('Zuora-Request-Id', req.zuoraRequestId);
    const track = req.headers['zuora-track-id'];
    if (track !== undefined) {
      const v = Array.isArray(track) ? track[0]! : track;
      checkTrackId(v);
      reply.header('Zuora-Track-Id', v);
    }
  });

  app.addHook('preParsing', async (req, _reply, payload) => {
    const enc = String(req.headers['content-encoding'] ?? '').toLowerCase().trim();
    if (!enc || enc === 'identity') return payload;
    if (enc !== 'gzip') throw malformed(`Content-Encoding '${enc}' is not supported; send gzip or nothing`);
    const gunzip = createGunzip();
    gunzip.on('error', () => gunzip.destroy(malformed('The gzip request body could not be decompressed')));
    delete req.headers['content-length'];
    return payload.pipe(gunzip);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    if (reply.getHeader('content-encoding')) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const accept = String(req.headers['accept-encoding'] ?? '');
    if (!/\bgzip\b/i.test(accept) || Buffer.byteLength(payload) <= GZIP_THRESHOLD) return payload;
    reply.header('Content-Encoding', 'gzip');
    reply.header('Vary', 'Accept-Encoding');
    reply.removeHeader('content-length');
    return gzipSync(payload);
  });
}
