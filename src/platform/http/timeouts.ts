import type { Config } from '../config.js';

/**
 * Server timeouts, so that slow or idle clients cannot hold connections for ever:
 * - headersTimeoutMs: the request line and headers must arrive within it;
 * - requestTimeoutMs: the whole request, body included, must arrive within it
 *   (a client trickling a byte a second is cut too);
 * - connectionTimeoutMs: a socket silent for this long is closed;
 * - keepAliveTimeoutMs: an idle keep-alive connection is closed after it.
 * Node checks the header and request deadlines on a timer; its default period
 * (30 s) would let a deadline overrun by that much, so the period follows the
 * shortest deadline.
 */
export function serverTimeouts(config: Config): {
  connectionTimeout: number;
  requestTimeout: number;
  keepAliveTimeout: number;
  http: { requestTimeout: number; headersTimeout: number; connectionsCheckingInterval: number };
} {
  const request = config.requestTimeoutMs;
  // Node refuses a headers deadline later than the request deadline.
  const headers = request > 0 && (config.headersTimeoutMs === 0 || config.headersTimeoutMs > request) ? request : config.headersTimeoutMs;
  const shortest = Math.min(...[request, headers].filter((t) => t > 0), 30_000);
  return {
    connectionTimeout: config.connectionTimeoutMs,
    requestTimeout: request,
    // Fastify reads 0 as its own default (72 s); here 0 means no keep-alive: 1 ms, closed after each response.
    keepAliveTimeout: Math.max(config.keepAliveTimeoutMs, 1),
    http: { requestTimeout: request, headersTimeout: headers, connectionsCheckingInterval: Math.min(5_000, Math.max(25, Math.floor(shortest / 4))) },
  };
}
