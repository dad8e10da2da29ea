import type { CustomFields } from '../../platform/custom-fields.js';
import { pickCustomFields } from '../../platform/custom-fields.js';
import { parseDate } from '../../platform/dates.js';
import { invalidValue } from '../../platform/errors.js';

type Body = Record<string, unknown>;

/** A string field, or null when absent; anything else is refused naming the field. */
export function str(v: unknown, field: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw invalidValue(`'${field}' must be a string`);
  return v;
}

/** A `yyyy-MM-dd` date field, or null when absent. */
export function dateField(v: unknown, field: string): string | null {
  const s = str(v, field);
  if (s === null) return null;
  if (!parseDate(s)) throw invalidValue(`'${field}' must be a date in yyyy-MM-dd format: ${s}`);
  return s;
}

/** Custom fields given at the top level (`name__c`) and in a nested `customFields` object. */
export function customFieldsOf(body: Body): CustomFields {
  const nested = body.customFields;
  if (nested !== undefined && nested !== null && (typeof nested !== 'object' || Array.isArray(nested))) throw invalidValue(`'customFields' must be an object`);
  return { ...pickCustomFields(body), ...pickCustomFields((nested ?? {}) as Body) };
}
