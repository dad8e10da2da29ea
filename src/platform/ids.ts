import { randomBytes, randomUUID } from 'node:crypto';

// Random bytes are drawn from the OS 4 KiB at a time: one call per 256 ids
// instead of one per id (a synchronous call that showed in profiles).
let pool = Buffer.alloc(0);
let offset = 0;
function random(n: number): Buffer {
  if (offset + n > pool.length) {
    pool = randomBytes(4096);
    offset = 0;
  }
  offset += n;
  return pool.subarray(offset - n, offset);
}

/** A Zuora object id: 32 lowercase hex characters. */
export function newId(): string {
  return random(16).toString('hex');
}

/** Zuora's processId in error envelopes: 16 uppercase hex characters. */
export function newProcessId(): string {
  return random(8).toString('hex').toUpperCase();
}

export function newRequestId(): string {
  return randomUUID();
}

export function isZuoraId(s: string): boolean {
  return /^[0-9a-f]{32}$/.test(s);
}

/** Left-pads a counter the way Zuora numbers documents: prefix + 8 digits by default. */
export function formatNumber(prefix: string, n: number, width = 8): string {
  return prefix + String(n).padStart(width, '0');
}
