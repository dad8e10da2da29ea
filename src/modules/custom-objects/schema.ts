/**
 * Custom object definitions: the pure rules (no database). Field definitions are checked by the platform's
 * `checkFieldDefinition` (the same shape the standard objects' custom fields take).
 *
 * Facts from Zuora's pages: "Create custom object definitions" (the request and its response), "Create a new
 * custom object definition" (at least one custom field, at most 50), "Update a custom object definition" (one
 * action per migration; no field deletion and no new required field while records exist), "Delete a custom
 * object definition" (only without records).
 */
import { checkFieldDefinition, type FieldDefinition, type ValueProblem } from '../../platform/custom-fields.js';

export const MAX_FIELDS = 50;
export const OBJECT_NAME_RE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
export const SYSTEM_FIELDS = ['Id', 'CreatedById', 'UpdatedById', 'CreatedDate', 'UpdatedDate'] as const;

export interface Relationship {
  cardinality: 'manyToOne';
  namespace: string;
  object: string;
  fields: Record<string, string>;
  recordConstraints: { create: { enforceValidMapping: boolean } };
}

/** The stored, custom part of a definition. */
export interface StoredDefinition {
  object: string;
  label: string;
  properties: Record<string, FieldDefinition>;
  required: string[];
  filterable: string[];
  unique: string[];
  auditable: string[];
  relationships: Relationship[];
  enableCreateRecordAuditing: boolean;
  enableDeleteRecordAuditing: boolean;
}

export class DefinitionProblem extends Error {
  constructor(
    readonly category: 20 | 21 | 22 | 30,
    message: string,
  ) {
    super(message);
  }
}

const fail = (category: 20 | 21 | 22 | 30, message: string): never => {
  throw new DefinitionProblem(category, message);
};

function isObj(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function nameList(v: unknown, field: string, properties: Record<string, FieldDefinition>): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) fail(20, `'${field}' must be a list of field names`);
  const out = [...new Set(v as string[])];
  for (const n of out) if (!properties[n]) fail(20, `'${field}' names '${n}', which is not a custom field of the definition`);
  return out;
}

export function field(name: string, raw: unknown): FieldDefinition {
  const r = checkFieldDefinition(name, raw);
  if ('category' in r) fail((r as ValueProblem).category, r.message);
  return { ...(r as FieldDefinition), origin: 'custom' };
}

function relationship(raw: unknown, properties: Record<string, FieldDefinition>, i: number): Relationship {
  if (!isObj(raw)) return fail(20, `'relationships[${i}]' must be an object`);
  const { namespace, object, fields, cardinality, recordConstraints } = raw;
  if (namespace !== 'default' && namespace !== 'com_zuora') fail(20, `'relationships[${i}].namespace' should be one of: default, com_zuora`);
  if (typeof object !== 'string' || !object) fail(22, `'relationships[${i}].object' is required`);
  if (!isObj(fields) || !Object.keys(fields).length) fail(22, `'relationships[${i}].fields' is required`);
  if (cardinality !== undefined && cardinality !== 'manyToOne') fail(20, `'relationships[${i}].cardinality' should be manyToOne`);
  for (const [from, to] of Object.entries(fields as Record<string, unknown>)) {
    if (!properties[from]) fail(20, `'relationships[${i}].fields' maps '${from}', which is not a custom field of the definition`);
    if (to !== 'Id') fail(20, `'relationships[${i}].fields.${from}' must map to the related object's 'Id'`);
  }
  let enforce = true;
  if (isObj(recordConstraints) && isObj(recordConstraints.create) && recordConstraints.create.enforceValidMapping !== undefined) {
    if (typeof recordConstraints.create.enforceValidMapping !== 'boolean') fail(20, `'relationships[${i}].recordConstraints.create.enforceValidMapping' must be a boolean`);
    enforce = recordConstraints.create.enforceValidMapping as boolean;
  }
  return {
    cardinality: 'manyToOne',
    namespace: namespace as string,
    object: object as string,
    fields: fields as Record<string, string>,
    recordConstraints: { create: { enforceValidMapping: enforce } },
  };
}

/** A definition of POST /objects/definitions/default, checked; `key` is its key in the `definitions` map. */
export function parseDefinition(key: string, raw: unknown): StoredDefinition {
  if (!isObj(raw)) return fail(20, `'definitions.${key}' must be an object`);
  const object = raw.object ?? key;
  if (typeof object !== 'string' || !object) return fail(22, `'definitions.${key}.object' is required`);
  if (object !== key) fail(20, `'definitions.${key}.object' must be the definition's key '${key}'`);
  if (!OBJECT_NAME_RE.test(object)) fail(20, `'${object}' is not a valid custom object API name: letters, digits and underscores, starting with a letter, at most 64`);
  if (typeof raw.label !== 'string' || !raw.label.trim()) fail(22, `'definitions.${key}.label' is required`);
  if (!isObj(raw.properties) || !Object.keys(raw.properties).length) fail(22, `A custom object needs at least one custom field in 'definitions.${key}.properties'`);
  const entries = Object.entries(raw.properties as Record<string, unknown>);
  if (entries.length > MAX_FIELDS) fail(30, `A custom object has at most ${MAX_FIELDS} custom fields`);
  const properties: Record<string, FieldDefinition> = {};
  for (const [n, d] of entries) {
    if ((SYSTEM_FIELDS as readonly string[]).includes(n)) fail(20, `'${n}' is a system field`);
    properties[n] = field(n, d);
  }
  for (const b of ['enableCreateRecordAuditing', 'enableDeleteRecordAuditing'] as const) {
    if (raw[b] !== undefined && typeof raw[b] !== 'boolean') fail(20, `'definitions.${key}.${b}' must be a boolean`);
  }
  if (raw.relationships !== undefined && !Array.isArray(raw.relationships)) fail(20, `'definitions.${key}.relationships' must be a list`);
  return {
    object,
    label: (raw.label as string).trim(),
    properties,
    required: nameList(raw.required, 'required', properties),
    filterable: nameList(raw.filterable, 'filterable', properties),
    unique: nameList(raw.unique, 'unique', properties),
    auditable: nameList(raw.auditable, 'auditable', properties),
    relationships: ((raw.relationships as unknown[] | undefined) ?? []).map((r, i) => relationship(r, properties, i)),
    enableCreateRecordAuditing: raw.enableCreateRecordAuditing === true,
    enableDeleteRecordAuditing: raw.enableDeleteRecordAuditing === true,
  };
}

export interface Stamp {
  id: string;
  createdBy: string;
  createdDate: string;
  updatedBy: string;
  updatedDate: string;
}

const systemProperties = (): Record<string, Record<string, string>> => ({
  Id: { format: 'uuid', label: 'Id', origin: 'system', type: 'string' },
  CreatedById: { format: 'uuid', label: 'CreatedById', origin: 'system', type: 'string' },
  UpdatedById: { format: 'uuid', label: 'UpdatedById', origin: 'system', type: 'string' },
  CreatedDate: { format: 'date-time', label: 'CreatedDate', origin: 'system', type: 'string' },
  UpdatedDate: { format: 'date-time', label: 'UpdatedDate', origin: 'system', type: 'string' },
});

const userRelationship = (field: string) => ({
  cardinality: 'manyToOne',
  namespace: 'com_zuora',
  object: 'User',
  fields: { [field]: 'Id' },
  recordConstraints: { create: { enforceValidMapping: true } },
});

/** The wire form of a definition (GET /objects/definitions/default/{object}). */
export function definitionView(d: StoredDefinition, s: Stamp) {
  return {
    Id: s.id,
    type: d.object,
    CreatedById: s.createdBy,
    UpdatedById: s.updatedBy,
    CreatedDate: s.createdDate,
    UpdatedDate: s.updatedDate,
    schema: {
      type: 'object',
      object: d.object,
      label: d.label,
      enableCreateRecordAuditing: d.enableCreateRecordAuditing,
      enableDeleteRecordAuditing: d.enableDeleteRecordAuditing,
      properties: { ...d.properties, ...systemProperties() },
      required: [...d.required, ...SYSTEM_FIELDS],
      filterable: [...d.filterable, 'Id', 'CreatedDate', 'UpdatedDate'],
      ...(d.unique.length ? { unique: d.unique } : {}),
      ...(d.auditable.length ? { auditable: d.auditable } : {}),
      relationships: [...d.relationships, userRelationship('CreatedById'), userRelationship('UpdatedById')],
    },
  };
}
