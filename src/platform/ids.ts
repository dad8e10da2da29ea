import { randomBytes, randomUUID } from 'node:crypto';

/** A Zuora object id: 32 lowercase hex characters. */
export function newId(): string {
  return randomBytes(16).toString('hex');
}

/** Zuora's processId in error envelopes: 16 uppercase hex characters. */
export function newProcessId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
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
