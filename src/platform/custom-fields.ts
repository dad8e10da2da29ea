import { invalidValue } from './errors.js';

/** Custom fields are any `name__c` keys on an object. They round-trip as given. */
export const CUSTOM_FIELD_RE = /^[A-Za-z][A-Za-z0-9_]*__c$/;

export type CustomFields = Record<string, string | number | boolean | null>;

/** Picks the `__c` fields out of a request body; refuses values that are objects or arrays. */
export function pickCustomFields(body: Record<string, unknown> | undefined | null): CustomFields {
  const out: CustomFields = {};
  if (!body) return out;
  for (const [k, v] of Object.entries(body)) {
    if (!k.endsWith('__c')) continue;
    if (!CUSTOM_FIELD_RE.test(k)) throw invalidValue(`'${k}' is not a valid custom field name`);
    if (v !== null && typeof v === 'object') throw invalidValue(`Custom field '${k}' must be a string, number or boolean`);
    out[k] = v as string | number | boolean | null;
  }
  return out;
}

export function parseCustomFields(json: string | null | undefined): CustomFields {
  return json ? (JSON.parse(json) as CustomFields) : {};
}

/** Stored form; merging lets an update change some custom fields and keep the rest. */
export function mergeCustomFields(stored: string | null | undefined, patch: CustomFields): string {
  return JSON.stringify({ ...parseCustomFields(stored), ...patch });
}
