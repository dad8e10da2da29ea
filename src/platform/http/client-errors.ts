import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { Category, errorCode, UNKNOWN_RESOURCE, ZuoraError } from '../errors.js';
import { errorPayload } from './errors.js';

/**
 * What Node's HTTP parser refuses before Fastify sees a request (a URL or headers over the header size limit,
 * Transfer-Encoding together with Content-Length, a broken request line, a timeout), as Zuora's envelope with
 * the protocol's status.
 */
export function clientError(err: NodeJS.ErrnoException & { rawPacket?: Buffer }): { status: number; error: ZuoraError; url: string } {
  const raw = err.rawPacket?.toString('latin1') ?? '';
  const url = /^[A-Z]+ (\S+)/.exec(raw)?.[1] ?? '';
  const code = (cat: Category) => errorCode(UNKNOWN_RESOURCE, cat);
  switch (err.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, url, error: new ZuoraError(code(Category.LIMIT), 'The request took too long to arrive') };
    case 'HPE_HEADER_OVERFLOW': {
      // The request line alone over the limit: the URL is too long; otherwise the headers are.
      const eol = raw.indexOf('\r\n');
      if (eol < 0 || eol > 8 * 1024) return { status: 414, url: '', error: new ZuoraError(code(Category.LIMIT), 'The request URL is too long') };
      return { status: 431, url, error: new ZuoraError(code(Category.LIMIT), 'The request headers are too large') };
    }
    default:
      return { status: 400, url, error: new ZuoraError(code(Category.MALFORMED), `The request is not valid HTTP (${err.code ?? 'parse error'})`) };
  }
}

/** Fastify's clientErrorHandler: answers on the raw socket, then closes it. */
export function clientErrorHandler(e: Error, socket: Socket): void {
  const err = e as NodeJS.ErrnoException & { rawPacket?: Buffer };
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, error, url } = clientError(err);
  const body = JSON.stringify(errorPayload(error, url));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
