/** Readers for request bodies of payments and refunds; `path` names the field in messages. */
import { CUSTOM_FIELD_RE, pickCustomFields, type CustomFields } from '../../platform/custom-fields.js';
import { parseDate } from '../../platform/dates.js';
import { invalidValue, missingField, unknownField } from '../../platform/errors.js';
import { currencyPlaces, D, type Money } from '../../platform/money.js';

export type Body = Record<string, unknown>;

export const given = (b: Body, key: string) => key in b && b[key] !== undefined && b[key] !== null;

export function str(b: Body, key: string, path: string, max?: number, resource?: number): string | undefined {
  if (!given(b, key)) return undefined;
  const v = b[key];
  if (typeof v !== 'string') throw invalidValue(`'${path}' must be a string`, resource);
  if (max !== undefined && v.length > max) throw invalidValue(`'${path}' must be at most ${max} characters`, resource);
  return v === '' ? undefined : v;
}

export function reqStr(b: Body, key: string, path: string, max?: number, resource?: number): string {
  const v = str(b, key, path, max, resource);
  if (v === undefined) throw missingField(`'${path}' is required`, resource);
  return v;
}

export function bool(b: Body, key: string, path: string, resource?: number): boolean | undefined {
  if (!given(b, key)) return undefined;
  const v = b[key];
  if (typeof v === 'boolean') return v;
  throw invalidValue(`'${path}' must be a boolean`, resource);
}

export function obj(b: Body, key: string, path: string, resource?: number): Body | undefined {
  if (!given(b, key)) return undefined;
  const v = b[key];
  if (typeof v !== 'object' || Array.isArray(v)) throw invalidValue(`'${path}' must be an object`, resource);
  return v as Body;
}

export function list(b: Body, key: string, path: string, resource?: number): Body[] | undefined {
  if (!given(b, key)) return undefined;
  const v = b[key];
  if (!Array.isArray(v)) throw invalidValue(`'${path}' must be a list`, resource);
  v.forEach((x, i) => {
    if (x === null || typeof x !== 'object' || Array.isArray(x)) throw invalidValue(`'${path}[${i}]' must be an object`, resource);
  });
  return v as Body[];
}

export function date(b: Body, key: string, path: string, resource?: number): string | undefined {
  const s = str(b, key, path, 10, resource);
  if (s === undefined) return undefined;
  if (!parseDate(s)) throw invalidValue(`'${path}' must be a date in yyyy-mm-dd format: ${s}`, resource);
  return s;
}

/** An amount of money: a number (or numeric string) with at most the currency's decimal places. */
export function amount(b: Body, key: string, path: string, currency: string | null, opts: { required?: boolean; positive?: boolean; resource?: number } = {}): Money | undefined {
  if (!given(b, key)) {
    if (opts.required) throw missingField(`'${path}' is required`, opts.resource);
    return undefined;
  }
  const v = b[key];
  if (typeof v !== 'number' && !(typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v))) throw invalidValue(`'${path}' must be a number`, opts.resource);
  const d = new D(typeof v === 'string' ? v.trim() : v);
  if (!d.isFinite()) throw invalidValue(`'${path}' must be a number`, opts.resource);
  if (opts.positive !== false && d.lte(0)) throw invalidValue(`'${path}' must be greater than 0`, opts.resource);
  if (currency && d.decimalPlaces() > currencyPlaces(currency)) throw invalidValue(`'${path}' has more decimal places than the currency ${currency} allows (${currencyPlaces(currency)})`, opts.resource);
  return d;
}

export function enumOf<T extends string>(b: Body, key: string, path: string, values: readonly T[], resource?: number): T | undefined {
  const s = str(b, key, path, undefined, resource);
  if (s === undefined) return undefined;
  if (!values.includes(s as T)) throw invalidValue(`'${path}' must be one of ${values.join(', ')}: ${s}`, resource);
  return s as T;
}

/** Refuses a key the operation does not take (custom fields `name__c` pass). */
export function onlyKeys(b: Body, allowed: readonly string[], prefix: string, why: string, resource?: number): void {
  for (const k of Object.keys(b)) {
    if (allowed.includes(k) || CUSTOM_FIELD_RE.test(k) || NS_FIELD_RE.test(k)) continue;
    throw unknownField(`'${prefix}${k}' is not a field of ${why}`, resource);
  }
}

/** NetSuite connector fields (`IntegrationId__NS`, ...): kept with the custom fields, as strings. */
export const NS_FIELD_RE = /^[A-Za-z][A-Za-z0-9_]*__NS$/;

/** The `__c` custom fields and `__NS` connector fields of a body. */
export function pickExtraFields(b: Body, resource?: number): CustomFields {
  const out = pickCustomFields(b);
  for (const [k, v] of Object.entries(b)) {
    if (!NS_FIELD_RE.test(k)) continue;
    if (v !== null && typeof v !== 'string') throw invalidValue(`'${k}' must be a string`, resource);
    if (typeof v === 'string' && v.length > 255) throw invalidValue(`'${k}' must be at most 255 characters`, resource);
    out[k] = v as string | null;
  }
  return out;
}
