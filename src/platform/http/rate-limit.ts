import { Category, errorCode, UNKNOWN_RESOURCE, ZuoraError } from '../errors.js';

/**
 * A fixed-window request counter per tenant, kept in the process. It protects
 * one node; several nodes each count their own share (see docs/decisions.md).
 */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly defaultLimit: number,
    private readonly windowSeconds: number,
  ) {}

  /** Counts one request; returns the headers to send, or throws the 429 error. */
  hit(tenantId: string, limit: number | null, nowMs = Date.now()): Record<string, string> {
    const max = limit ?? this.defaultLimit;
    const windowMs = this.windowSeconds * 1000;
    let w = this.windows.get(tenantId);
    if (!w || nowMs - w.start >= windowMs) {
      // A window opens with the tenant's first request (not on a clock boundary).
      w = { start: nowMs, count: 0 };
      this.windows.set(tenantId, w);
    }
    const reset = Math.max(1, Math.ceil((w.start + windowMs - nowMs) / 1000));
    if (w.count >= max) {
      const headers = { 'RateLimit-Limit': String(max), 'RateLimit-Remaining': '0', 'RateLimit-Reset': String(reset), 'Retry-After': String(reset) };
      throw new ZuoraError(errorCode(UNKNOWN_RESOURCE, Category.LIMIT), `Too many requests: the limit is ${max} per ${this.windowSeconds} seconds`, {
        fixedStatus: 429,
        headers,
      });
    }
    w.count++;
    return { 'RateLimit-Limit': String(max), 'RateLimit-Remaining': String(max - w.count), 'RateLimit-Reset': String(reset) };
  }

  forget(tenantId: string): void {
    this.windows.delete(tenantId);
  }
}
