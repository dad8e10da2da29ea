import { invalidValue } from '../../platform/errors.js';
import { parseDate } from '../../platform/dates.js';

/** Small readers for request bodies that services receive unvalidated (orders pass raw bodies). */

export function str(b: Record<string, unknown>, key: string, max?: number): string | null | undefined {
  if (!(key in b) || b[key] === undefined) return undefined;
  const v = b[key];
  if (v === null) return null;
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') throw invalidValue(`'${key}' must be a string`);
  if (max !== undefined && v.length > max) throw invalidValue(`'${key}' must be at most ${max} characters`);
  return v;
}

/** A string where an empty value means "none". */
export function optStr(b: Record<string, unknown>, key: string, max?: number): string | null | undefined {
  const v = str(b, key, max);
  return v === '' ? null : v;
}

export function bool(b: Record<string, unknown>, key: string): boolean | undefined {
  if (!(key in b) || b[key] === undefined || b[key] === null) return undefined;
  const v = b[key];
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw invalidValue(`'${key}' must be a boolean`);
}

export function int(b: Record<string, unknown>, key: string): number | undefined {
  if (!(key in b) || b[key] === undefined || b[key] === null) return undefined;
  const v = b[key];
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isInteger(n)) throw invalidValue(`'${key}' must be an integer`);
  return n;
}

export function obj(b: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  if (!(key in b) || b[key] === undefined || b[key] === null) return undefined;
  const v = b[key];
  if (typeof v !== 'object' || Array.isArray(v)) throw invalidValue(`'${key}' must be an object`);
  return v as Record<string, unknown>;
}

export function date(b: Record<string, unknown>, key: string, label: string): string | null | undefined {
  const v = optStr(b, key);
  if (v === undefined || v === null) return v;
  if (!parseDate(v)) throw invalidValue(`'${label}' must be a date in yyyy-mm-dd format`);
  return v;
}
