import { invalidValue, missingField, unknownField } from '../../platform/errors.js';
import { CUSTOM_FIELD_RE } from '../../platform/custom-fields.js';

/** Readers for request bodies; `path` names the field in messages (`cardHolderInfo.city`). */
export type Body = Record<string, unknown>;

const given = (b: Body, key: string) => key in b && b[key] !== undefined && b[key] !== null;

export function str(b: Body, key: string, path: string, max?: number): string | undefined {
  if (!given(b, key)) return undefined;
  const v = b[key];
  if (typeof v !== 'string' && typeof v !== 'number') throw invalidValue(`'${path}' must be a string`);
  const s = String(v);
  if (max !== undefined && s.length > max) throw invalidValue(`'${path}' must be at most ${max} characters`);
  return s === '' ? undefined : s;
}

export function reqStr(b: Body, key: string, path: string, max?: number): string {
  const v = str(b, key, path, max);
  if (v === undefined) throw missingField(`'${path}' is required`);
  return v;
}

export function bool(b: Body, key: string, path: string): boolean | undefined {
  if (!given(b, key)) return undefined;
  const v = b[key];
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw invalidValue(`'${path}' must be a boolean`);
}

export function int(b: Body, key: string, path: string): number | undefined {
  if (!given(b, key)) return undefined;
  const v = b[key];
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n)) throw invalidValue(`'${path}' must be an integer`);
  return n;
}

export function obj(b: Body, key: string, path: string): Body | undefined {
  if (!given(b, key)) return undefined;
  const v = b[key];
  if (typeof v !== 'object' || Array.isArray(v)) throw invalidValue(`'${path}' must be an object`);
  return v as Body;
}

/** Refuses a key the operation does not take (custom fields `name__c` pass when `customFields`). */
export function onlyKeys(b: Body, allowed: readonly string[], prefix: string, opts: { customFields?: boolean; why?: string } = {}): void {
  for (const k of Object.keys(b)) {
    if (allowed.includes(k)) continue;
    if (opts.customFields && CUSTOM_FIELD_RE.test(k)) continue;
    throw unknownField(`'${prefix}${k}' is not a field of ${opts.why ?? 'this request'}`);
  }
}

const EMAIL_RE = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;
export function email(b: Body, key: string, path: string, required = false): string | undefined {
  const v = required ? reqStr(b, key, path, 80) : str(b, key, path, 80);
  if (v !== undefined && !EMAIL_RE.test(v)) throw invalidValue(`'${path}' is not a valid email address`);
  return v;
}
