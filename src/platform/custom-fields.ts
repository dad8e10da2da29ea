import { watchTransactions, type Ctx, type TenantSettings } from './context.js';
import { onTableWrite } from './db/database.js';
import { parseDate } from './dates.js';
import { invalidValue, missingField, unknownField } from './errors.js';

/**
 * Custom fields are `name__c` keys on an object.
 *
 * Without definitions for an object (the tenant has defined none), they round-trip as given.
 * Once the tenant defines custom fields for an object (Settings API `PUT /settings/custom-fields/zuora/{object}`,
 * `POST /objects/migrations` with namespace `com_zuora`, or the admin API), reads list every defined field
 * (`null` when unset), a create fills each field's default, and writes of an undefined field, of a value of the
 * wrong type, or of a picklist value outside the list are refused.
 *
 * A definition has the JSON-schema shape Zuora's Settings and Custom Objects APIs give it
 * ("View custom fields of a specific object"): `type` string / number / integer / boolean, `format`
 * (date, date-time, uuid, email, url), `maxLength`, `enum` (a picklist), `default`, `label`, `description`.
 */
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

// ---------------------------------------------------------------------------------------------
// Definitions

export type FieldType = 'string' | 'number' | 'integer' | 'boolean';
export const FIELD_TYPES: FieldType[] = ['string', 'number', 'integer', 'boolean'];
export const FIELD_FORMATS = ['date', 'date-time', 'uuid', 'email', 'url'] as const;

export interface FieldDefinition {
  type: FieldType;
  format?: (typeof FIELD_FORMATS)[number];
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  /** A picklist: the value must be one of these. */
  enum?: string[];
  /** A picklist that takes several values (an array of them). */
  multiselect?: boolean;
  default?: string | number | boolean | null;
  label?: string;
  description?: string;
  displayName?: boolean;
  origin?: 'custom' | 'system';
  createdDate?: string;
  updatedDate?: string;
}

/** The custom fields defined for one object. */
export interface ObjectFieldDefinitions {
  properties: Record<string, FieldDefinition>;
  /** Fields a create must give (or that take their default). */
  required: string[];
  /** Fields that queries may filter on (indexed). */
  filterable: string[];
}

/**
 * The standard objects that take custom fields (docs: "Objects that support custom fields in Zuora"),
 * by the name the Settings API uses; lookups ignore case.
 */
export const STANDARD_OBJECTS = [
  'Account',
  'AccountingCode',
  'Amendment',
  'Contact',
  'CreditMemo',
  'CreditMemoItem',
  'DebitMemo',
  'DebitMemoItem',
  'Fulfillment',
  'Invoice',
  'InvoiceItem',
  'Order',
  'OrderAction',
  'OrderLineItem',
  'Payment',
  'PaymentMethod',
  'Product',
  'ProductRatePlan',
  'ProductRatePlanCharge',
  'RatePlan',
  'RatePlanCharge',
  'Refund',
  'Subscription',
  'TaxationItem',
  'Usage',
] as const;
export type StandardObject = (typeof STANDARD_OBJECTS)[number];

/**
 * The objects whose reads and writes follow the tenant's definitions today (the modules call customFieldRules).
 * Defining fields for the others is refused (501) rather than stored and ignored; their `__c` fields stay free-form.
 */
export const DEFINABLE_OBJECTS: StandardObject[] = [
  'Account',
  'AccountingCode',
  'Contact',
  'Fulfillment',
  'Invoice',
  'Order',
  'OrderAction',
  'OrderLineItem',
  'PaymentMethod',
  'Product',
  'ProductRatePlan',
  'ProductRatePlanCharge',
  'RatePlan',
  'RatePlanCharge',
  'Subscription',
  'Usage',
];

/** The canonical name of a standard object, whatever its case; undefined when it takes no custom fields. */
export function standardObjectName(name: string): StandardObject | undefined {
  const k = name.toLowerCase().replace(/[_\s-]/g, '');
  return STANDARD_OBJECTS.find((o) => o.toLowerCase() === k);
}

/** Where definitions come from (the custom-objects module fills it when it joins the app). */
export type DefinitionSource = (ctx: Ctx) => Promise<Map<StandardObject, ObjectFieldDefinitions>>;
let source: DefinitionSource | undefined;
export function registerCustomFieldDefinitionSource(fn: DefinitionSource): void {
  source = fn;
}

/** What the admin API calls (`/admin/tenants/{id}/custom-fields[/{object}]`); filled by the module holding definitions. */
export interface CustomFieldAdmin {
  list(ctx: Ctx): Promise<unknown>;
  get(ctx: Ctx, object: string): Promise<unknown>;
  put(ctx: Ctx, object: string, body: unknown): Promise<unknown>;
  remove(ctx: Ctx, object: string): Promise<void>;
}
let admin: CustomFieldAdmin | undefined;
export function registerCustomFieldAdmin(a: CustomFieldAdmin): void {
  admin = a;
}
export const customFieldAdmin = (): CustomFieldAdmin | undefined => admin;

/**
 * Definitions are read once per request: the request's TenantSettings object is built per request
 * (and per job, per clock day), so within one request every read sees the same definitions.
 */
const perRequest = new WeakMap<TenantSettings, Promise<Map<StandardObject, ObjectFieldDefinitions>>>();

/**
 * And across requests, per tenant, for DEFINITIONS_CACHE_MS (as the token cache of auth.ts): a GET costs no
 * definitions query. Correct as the token cache is:
 * - a write of this process to `custom_object_definitions` (onTableWrite, when the statement is built and
 *   when it has run) empties the cache, and so does the end of an inTransaction that saw such a write (a
 *   request that read the old definitions while the write was not yet committed keeps nothing);
 * - only reads outside a transaction fill it (a transaction may read what it wrote and then roll back),
 *   and only when no write happened while reading;
 * - another process's change is seen within DEFINITIONS_CACHE_MS: the short lifetime is the
 *   cross-process check.
 */
export const DEFINITIONS_CACHE_MS = 1000;
const DEFINITIONS_CACHE_MAX = 10_000;
let defsGeneration = 0;
const byTenant = new Map<string, { defs: Promise<Map<StandardObject, ObjectFieldDefinitions>>; readAt: number; generation: number }>();
const definitionsChanged = () => {
  defsGeneration++;
  byTenant.clear();
};
let definitionWrites = 0;
onTableWrite((table) => {
  if (table !== 'custom_object_definitions') return;
  definitionWrites++;
  definitionsChanged();
});
watchTransactions({
  started: () => definitionWrites,
  ended: (mark) => {
    if (mark !== definitionWrites) definitionsChanged();
  },
});

/** Drops the cached definitions (called by whoever changes them). */
export function forgetCustomFieldDefinitions(ctx: Ctx): void {
  perRequest.delete(ctx.tenant);
  definitionsChanged();
}

function tenantDefinitions(ctx: Ctx, read: DefinitionSource): Promise<Map<StandardObject, ObjectFieldDefinitions>> {
  if (ctx.db.isTransaction) return read(ctx);
  const now = Date.now();
  const hit = byTenant.get(ctx.tenant.id);
  if (hit && hit.generation === defsGeneration && now - hit.readAt < DEFINITIONS_CACHE_MS) return hit.defs;
  const before = defsGeneration;
  const defs = read(ctx);
  defs.then(
    () => {
      if (before !== defsGeneration) return; // a write while reading: this request uses what it read, nobody else
      if (byTenant.size >= DEFINITIONS_CACHE_MAX) byTenant.delete(byTenant.keys().next().value!);
      byTenant.set(ctx.tenant.id, { defs, readAt: now, generation: before });
    },
    () => undefined,
  );
  return defs;
}

export async function customFieldDefinitions(ctx: Ctx, object: StandardObject): Promise<ObjectFieldDefinitions | undefined> {
  if (!source) return undefined;
  let p = perRequest.get(ctx.tenant);
  if (!p) {
    p = tenantDefinitions(ctx, source);
    perRequest.set(ctx.tenant, p);
    p.catch(() => perRequest.delete(ctx.tenant));
  }
  const defs = (await p).get(object);
  return defs && Object.keys(defs.properties).length ? defs : undefined;
}

export interface ValueProblem {
  category: 20 | 21 | 22;
  message: string;
}

/** Checks one value against its definition; gives the stored value or a problem. Null is always allowed here. */
export function checkFieldValue(name: string, def: FieldDefinition, value: unknown): { value: unknown } | ValueProblem {
  if (value === null) return { value: null };
  const bad = (why: string): ValueProblem => ({ category: 20, message: `Invalid value for field '${name}': ${why}` });
  if (def.enum && def.multiselect) {
    const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(';') : undefined;
    if (!list || list.some((v) => typeof v !== 'string')) return bad('expected a list of picklist values');
    for (const v of list as string[]) if (!def.enum.includes(v)) return bad(`'${v}' is not one of: ${def.enum.join(', ')}`);
    return { value: Array.isArray(value) ? list : value };
  }
  switch (def.type) {
    case 'string': {
      if (typeof value !== 'string') return bad(`expected a string, got ${JSON.stringify(value)}`);
      if (value === '') return bad('an empty string is not a value; send null to clear the field');
      if (def.maxLength !== undefined && value.length > def.maxLength) return bad(`longer than ${def.maxLength} characters`);
      if (def.enum && !def.enum.includes(value)) return bad(`'${value}' is not one of: ${def.enum.join(', ')}`);
      if (def.format === 'date' && !(/^\d{4}-\d{2}-\d{2}$/.test(value) && parseDate(value))) return bad(`'${value}' is not a date (yyyy-mm-dd)`);
      if (def.format === 'date-time' && (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(value) || Number.isNaN(Date.parse(value))))
        return bad(`'${value}' is not a date-time`);
      if (def.format === 'uuid' && !/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(value) && !/^[0-9a-f]{32}$/.test(value))
        return bad(`input string "${value}" is not a valid UUID`);
      if (def.format === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return bad(`'${value}' is not an email address`);
      if (def.format === 'url' && !/^https?:\/\/\S+$/.test(value)) return bad(`'${value}' is not a URL`);
      return { value };
    }
    case 'number':
    case 'integer': {
      let n: number;
      if (typeof value === 'number') n = value;
      else if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) n = Number(value);
      else return bad(`expected a ${def.type}, got ${JSON.stringify(value)}`);
      if (!Number.isFinite(n)) return bad(`expected a ${def.type}`);
      if (def.type === 'integer' && !Number.isInteger(n)) return bad(`expected an integer, got ${JSON.stringify(value)}`);
      if (def.minimum !== undefined && n < def.minimum) return bad(`less than the minimum ${def.minimum}`);
      if (def.maximum !== undefined && n > def.maximum) return bad(`greater than the maximum ${def.maximum}`);
      return { value: n };
    }
    case 'boolean':
      if (typeof value === 'boolean') return { value };
      if (value === 'true' || value === 'false') return { value: value === 'true' };
      return bad(`expected a boolean, got ${JSON.stringify(value)}`);
  }
}

/** A custom field's definition checked when it is defined (admin API, Settings API, migrations). */
export function checkFieldDefinition(name: string, raw: unknown): FieldDefinition | ValueProblem {
  const bad = (why: string): ValueProblem => ({ category: 20, message: `Invalid definition of field '${name}': ${why}` });
  if (!CUSTOM_FIELD_RE.test(name)) return bad(`a custom field's API name ends with __c and holds letters, digits and underscores`);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return bad('expected an object');
  const d = raw as Record<string, unknown>;
  if (!FIELD_TYPES.includes(d.type as FieldType)) return bad(`'type' should be one of: ${FIELD_TYPES.join(', ')}`);
  const out: FieldDefinition = { type: d.type as FieldType };
  if (d.format !== undefined) {
    if (!(FIELD_FORMATS as readonly string[]).includes(d.format as string) || d.type !== 'string') return bad(`'format' should be one of: ${FIELD_FORMATS.join(', ')} (on a string)`);
    out.format = d.format as FieldDefinition['format'];
  }
  for (const k of ['maxLength', 'minimum', 'maximum'] as const) {
    if (d[k] === undefined) continue;
    if (typeof d[k] !== 'number' || !Number.isFinite(d[k]) || (k === 'maxLength' && (!Number.isInteger(d[k]) || (d[k] as number) < 1))) return bad(`'${k}' must be a number`);
    out[k] = d[k] as number;
  }
  if (d.enum !== undefined) {
    if (!Array.isArray(d.enum) || !d.enum.length || d.enum.some((v) => typeof v !== 'string' || v === '')) return bad(`'enum' must be a list of picklist values`);
    const seen = new Set<string>();
    for (const v of d.enum as string[]) {
      // picklist values are unique whatever their case (docs: "Create custom fields")
      if (seen.has(v.toLowerCase())) return bad(`the picklist value '${v}' is given twice`);
      seen.add(v.toLowerCase());
    }
    if (d.type !== 'string') return bad(`a picklist ('enum') is a string field`);
    out.enum = d.enum as string[];
  }
  if (d.multiselect !== undefined) {
    if (typeof d.multiselect !== 'boolean') return bad(`'multiselect' must be a boolean`);
    if (d.multiselect && !out.enum) return bad(`'multiselect' needs an 'enum'`);
    if (d.multiselect) out.multiselect = true;
  }
  for (const k of ['label', 'description'] as const) {
    if (d[k] === undefined || d[k] === null) continue;
    if (typeof d[k] !== 'string') return bad(`'${k}' must be a string`);
    out[k] = d[k] as string;
  }
  if (d.displayName !== undefined) {
    if (typeof d.displayName !== 'boolean') return bad(`'displayName' must be a boolean`);
    out.displayName = d.displayName;
  }
  if (d.default !== undefined && d.default !== null) {
    const r = checkFieldValue(name, out, d.default);
    if ('category' in r) return bad(`its default: ${r.message}`);
    out.default = r.value as FieldDefinition['default'];
  }
  return out;
}

function problem(p: ValueProblem) {
  return p.category === 21 ? unknownField(p.message) : p.category === 22 ? missingField(p.message) : invalidValue(p.message);
}

/**
 * Checks the custom fields of a write against the object's definitions: an undefined field is an unknown
 * field (21), a wrong value an invalid value (20); on create a required field without value or default is
 * missing (22), and the defaults of the fields not given are filled in.
 */
export function applyDefinitions(defs: ObjectFieldDefinitions, object: string, fields: CustomFields, opts: { create?: boolean } = {}): CustomFields {
  const out: CustomFields = {};
  for (const [k, v] of Object.entries(fields)) {
    const def = defs.properties[k];
    if (!def) throw unknownField(`The custom field '${k}' is not defined for the ${object} object`);
    const r = checkFieldValue(k, def, v);
    if ('category' in r) throw problem(r);
    out[k] = r.value as CustomFields[string];
  }
  if (opts.create) {
    for (const [k, def] of Object.entries(defs.properties)) {
      if (out[k] === undefined && def.default !== undefined && def.default !== null) out[k] = def.default;
    }
    for (const k of defs.required) {
      if (defs.properties[k] && (out[k] === undefined || out[k] === null)) throw missingField(`The custom field '${k}' of the ${object} object is required`);
    }
  } else {
    for (const k of defs.required) {
      if (defs.properties[k] && k in out && out[k] === null) throw missingField(`The custom field '${k}' of the ${object} object is required and cannot be cleared`);
    }
  }
  return out;
}

/**
 * Every defined field, `null` when unset; stored `__c` fields that are no longer defined are left out
 * (other stored keys, such as the NetSuite connector's `__NS` fields, stay).
 */
export function presentDefined(defs: ObjectFieldDefinitions, stored: CustomFields): CustomFields {
  const out: CustomFields = {};
  for (const [k, v] of Object.entries(stored)) if (!k.endsWith('__c')) out[k] = v;
  for (const k of Object.keys(defs.properties)) out[k] = stored[k] ?? null;
  return out;
}

/** What a module's service uses: check a write's custom fields, present a read's. */
export interface CustomFieldRules {
  readonly object: StandardObject;
  /** True once the tenant has defined custom fields for the object. */
  readonly defined: boolean;
  /** Checks picked custom fields (see applyDefinitions); without definitions, gives them back as they are. */
  check(fields: CustomFields, opts?: { create?: boolean }): CustomFields;
  /** pickCustomFields, then check. */
  pick(body: Record<string, unknown> | undefined | null, opts?: { create?: boolean }): CustomFields;
  /** The custom fields a read shows: every defined field (null when unset), or the stored ones without definitions. */
  read(stored: string | null | undefined | CustomFields): CustomFields;
}

export async function customFieldRules(ctx: Ctx, object: StandardObject): Promise<CustomFieldRules> {
  const defs = await customFieldDefinitions(ctx, object);
  return {
    object,
    defined: !!defs,
    check: (fields, opts) => (defs ? applyDefinitions(defs, object, fields, opts) : fields),
    pick: (body, opts) => {
      const picked = pickCustomFields(body);
      return defs ? applyDefinitions(defs, object, picked, opts) : picked;
    },
    read: (stored) => {
      const fields = typeof stored === 'string' || stored == null ? parseCustomFields(stored) : stored;
      return defs ? presentDefined(defs, fields) : fields;
    },
  };
}
