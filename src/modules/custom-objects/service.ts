/**
 * Custom objects: definitions (namespace `default`), their records, and the custom field definitions of the
 * standard objects (namespace `com_zuora`), which the platform reads through `registerCustomFieldDefinitionSource`.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Ctx } from '../../platform/context.js';
import {
  checkFieldValue,
  DEFINABLE_OBJECTS,
  forgetCustomFieldDefinitions,
  STANDARD_OBJECTS,
  standardObjectName,
  type FieldDefinition,
  type ObjectFieldDefinitions,
  type StandardObject,
} from '../../platform/custom-fields.js';
import { errorCode, notImplemented, ZuoraError, type Reason } from '../../platform/errors.js';
import { fieldsOf, matches, parseQuery, QueryError } from './query.js';
import { DefinitionProblem, definitionView, field, MAX_FIELDS, parseDefinition, SYSTEM_FIELDS, type Relationship, type StoredDefinition } from './schema.js';
import * as store from './store.js';
import { getAccountByKey } from '../accounts/service.js';

/** Resource code of the Custom Objects API (docs: "Custom Objects API error code": 71012520 = 710125 + 20). */
export const RESOURCE = 710125;
const STATUS: Record<number, number> = { 20: 400, 21: 400, 22: 400, 30: 400, 40: 404, 50: 409, 70: 429 };

export const coError = (category: 20 | 21 | 22 | 30 | 40 | 50 | 70, message: string) =>
  new ZuoraError(errorCode(RESOURCE, category), message, { fixedStatus: STATUS[category] });

const fromProblem = (p: DefinitionProblem) => coError(p.category, p.message);

/** A records call that failed: the body is `{code, message, details: [{code, message, record}]}`. */
export class RecordsError extends ZuoraError {
  constructor(
    message: string,
    readonly details: RecordFailure[],
  ) {
    super(details[0]?.code ?? errorCode(RESOURCE, 20), message, { fixedStatus: 400 });
  }
}

export interface RecordFailure extends Reason {
  record: Record<string, unknown>;
}

/** The user behind a write: zbill has no users, so the tenant's one API user (a stable uuid per tenant). */
function actor(ctx: Ctx): string {
  const h = ctx.tenant.id.padEnd(32, '0').slice(0, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const nowIso = (ctx: Ctx) => ctx.now().toString({ smallestUnit: 'millisecond' });
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID_RE.test(s);

function stamp(r: store.DefinitionRow) {
  return { id: r.id, createdBy: r.created_by, createdDate: r.created_date, updatedBy: r.updated_by, updatedDate: r.updated_date };
}

// ---------------------------------------------------------------------------------------------
// Definitions (namespace default)

export async function createDefinitions(ctx: Ctx, body: Record<string, unknown>) {
  const defs = body.definitions;
  if (!defs || typeof defs !== 'object' || Array.isArray(defs) || !Object.keys(defs).length) throw coError(22, `'definitions' is required: a map of object names to definitions`);
  const parsed: StoredDefinition[] = [];
  try {
    for (const [k, v] of Object.entries(defs as Record<string, unknown>)) parsed.push(parseDefinition(k, v));
  } catch (e) {
    if (e instanceof DefinitionProblem) throw fromProblem(e);
    throw e;
  }
  const out: Record<string, unknown> = {};
  for (const d of parsed) {
    await checkRelationships(ctx, d.relationships, d.object);
    if (await store.definition(ctx, 'default', d.object)) throw coError(30, `The custom object definition '${d.object}' already exists`);
    const at = nowIso(ctx);
    const row: store.DefinitionRow = {
      id: randomUUID(),
      tenant_id: ctx.tenant.id,
      namespace: 'default',
      object: d.object,
      definition: JSON.stringify(d),
      created_by: actor(ctx),
      created_date: at,
      updated_by: actor(ctx),
      updated_date: at,
    };
    await store.insertDefinition(ctx, row).catch((e: unknown) => {
      throw store.isUniqueViolation(e) ? coError(30, `The custom object definition '${d.object}' already exists`) : e;
    });
    out[d.object] = definitionView(d, stamp(row));
  }
  return { count: parsed.length, definitions: out };
}

async function checkRelationships(ctx: Ctx, rels: Relationship[], self: string) {
  for (const r of rels) {
    if (r.namespace === 'default' && r.object !== self && !(await store.definition(ctx, 'default', r.object)))
      throw coError(20, `The relationship names the custom object '${r.object}', which is not defined`);
    if (r.namespace === 'com_zuora' && !standardObjectName(r.object.replace(/s$/, '')) && !standardObjectName(r.object))
      throw coError(20, `The relationship names the object '${r.object}', which is not a Zuora object`);
    // zbill verifies the related record of a Zuora object only for accounts so far; it never stores a check it skips
    if (r.namespace === 'com_zuora' && r.recordConstraints.create.enforceValidMapping && !isAccount(r.object))
      throw notImplemented(`verifying records related to the Zuora object '${r.object}' (set recordConstraints.create.enforceValidMapping to false, or relate to Account)`);
  }
}

export async function listDefinitions(ctx: Ctx, select?: string) {
  const rows = await store.definitions(ctx, 'default');
  const out: Record<string, unknown> = {};
  for (const r of rows) {
    const d = JSON.parse(r.definition) as StoredDefinition;
    out[r.object] = select === 'type' ? { type: r.object } : definitionView(d, stamp(r));
  }
  return { count: rows.length, definitions: out };
}

async function loadDefinition(ctx: Ctx, object: string): Promise<{ row: store.DefinitionRow; def: StoredDefinition }> {
  const row = await store.definition(ctx, 'default', object);
  if (!row) throw coError(40, `The custom object definition '${object}' does not exist`);
  return { row, def: JSON.parse(row.definition) as StoredDefinition };
}

export async function getDefinition(ctx: Ctx, object: string) {
  const { row, def } = await loadDefinition(ctx, object);
  return definitionView(def, stamp(row));
}

export async function deleteDefinition(ctx: Ctx, object: string): Promise<void> {
  const { row } = await loadDefinition(ctx, object);
  if (await store.hasRecords(ctx, object)) throw coError(30, `The custom object definition '${object}' cannot be deleted: records of it exist`);
  for (const other of await store.definitions(ctx, 'default')) {
    if (other.object === object) continue;
    const d = JSON.parse(other.definition) as StoredDefinition;
    if (d.relationships.some((r) => r.namespace === 'default' && r.object === object))
      throw coError(30, `The custom object definition '${object}' cannot be deleted: '${other.object}' has a relationship to it`);
  }
  await store.deleteDefinition(ctx, row.id);
}

// ---------------------------------------------------------------------------------------------
// Standard objects' custom fields (namespace com_zuora)

function emptyStandard(): ObjectFieldDefinitions {
  return { properties: {}, required: [], filterable: [] };
}

/** Every standard object's custom field definitions: what the platform reads once per request. */
export async function standardDefinitions(ctx: Ctx): Promise<Map<StandardObject, ObjectFieldDefinitions>> {
  const out = new Map<StandardObject, ObjectFieldDefinitions>();
  for (const r of await store.definitions(ctx, 'com_zuora')) out.set(r.object as StandardObject, JSON.parse(r.definition) as ObjectFieldDefinitions);
  return out;
}

export function standardObject(name: string): StandardObject {
  const o = standardObjectName(name);
  if (!o) throw coError(40, `'${name}' is not a Zuora object that takes custom fields (one of: ${STANDARD_OBJECTS.join(', ')})`);
  if (!DEFINABLE_OBJECTS.includes(o)) throw notImplemented(`custom field definitions of the ${o} object (its custom fields stay free-form)`);
  return o;
}

/** The Settings API's view of one object's custom fields ("View custom fields of a specific object"). */
export async function standardFieldsView(ctx: Ctx, object: StandardObject) {
  const r = await store.definition(ctx, 'com_zuora', object);
  const d = r ? (JSON.parse(r.definition) as ObjectFieldDefinitions) : emptyStandard();
  return {
    type: object,
    schema: {
      type: 'object',
      properties: d.properties,
      ...(d.required.length ? { required: d.required } : {}),
      ...(d.filterable.length ? { filterable: d.filterable } : {}),
    },
  };
}

export async function allStandardFieldsView(ctx: Ctx) {
  const definitions: Record<string, unknown> = {};
  for (const r of await store.definitions(ctx, 'com_zuora')) definitions[r.object] = await standardFieldsView(ctx, r.object as StandardObject);
  return { definitions };
}

function parseStandardFields(body: unknown): ObjectFieldDefinitions {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw coError(20, 'The body must be an object with the custom fields under properties');
  const b = body as Record<string, unknown>;
  const props = b.properties ?? {};
  if (!props || typeof props !== 'object' || Array.isArray(props)) throw coError(20, `'properties' must be a map of custom field names to definitions`);
  const entries = Object.entries(props as Record<string, unknown>);
  if (entries.length > MAX_FIELDS) throw coError(30, `An object has at most ${MAX_FIELDS} custom fields`);
  const properties: Record<string, FieldDefinition> = {};
  try {
    for (const [n, d] of entries) properties[n] = field(n, d);
  } catch (e) {
    if (e instanceof DefinitionProblem) throw fromProblem(e);
    throw e;
  }
  const names = (v: unknown, k: string) => {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || !properties[x])) throw coError(20, `'${k}' must list custom fields given in 'properties'`);
    return [...new Set(v as string[])];
  };
  return { properties, required: names(b.required, 'required'), filterable: names(b.filterable, 'filterable') };
}

async function saveStandard(ctx: Ctx, object: StandardObject, defs: ObjectFieldDefinitions): Promise<void> {
  const at = nowIso(ctx);
  for (const d of Object.values(defs.properties)) {
    d.createdDate ??= at;
    d.updatedDate ??= at;
  }
  const row = await store.definition(ctx, 'com_zuora', object);
  if (!Object.keys(defs.properties).length) {
    if (row) await store.deleteDefinition(ctx, row.id);
  } else if (row) await store.updateDefinition(ctx, row.id, { definition: JSON.stringify(defs), updated_by: actor(ctx), updated_date: at });
  else
    await store
      .insertDefinition(ctx, {
        id: randomUUID(),
        tenant_id: ctx.tenant.id,
        namespace: 'com_zuora',
        object,
        definition: JSON.stringify(defs),
        created_by: actor(ctx),
        created_date: at,
        updated_by: actor(ctx),
        updated_date: at,
      })
      .catch((e: unknown) => {
        throw store.isUniqueViolation(e) ? coError(50, `The custom fields of ${object} were changed by another request at the same time; retry`) : e;
      });
  forgetCustomFieldDefinitions(ctx);
}

/** PUT /settings/custom-fields/zuora/{object}: the object's custom fields become exactly those given. */
export async function replaceStandardFields(ctx: Ctx, object: StandardObject, body: unknown) {
  const next = parseStandardFields(body);
  const cur = await store.definition(ctx, 'com_zuora', object);
  if (cur) {
    const old = JSON.parse(cur.definition) as ObjectFieldDefinitions;
    for (const [n, d] of Object.entries(next.properties)) {
      const was = old.properties[n];
      if (!was) continue;
      // docs ("Modify custom fields"): the type of a field cannot change
      if (was.type !== d.type || (was.format ?? null) !== (d.format ?? null)) throw coError(30, `The type of the custom field '${n}' cannot be changed`);
      d.createdDate = was.createdDate;
    }
  }
  await saveStandard(ctx, object, next);
  return standardFieldsView(ctx, object);
}

export async function deleteStandardFields(ctx: Ctx, object: StandardObject): Promise<void> {
  await saveStandard(ctx, object, emptyStandard());
}

// ---------------------------------------------------------------------------------------------
// Migrations: POST /objects/migrations

interface Action {
  type: string;
  namespace: string;
  object: string;
  field?: { name?: unknown; targetName?: unknown; definition?: unknown; required?: unknown; filterable?: unknown; unique?: unknown; auditable?: unknown };
  label?: unknown;
  enableCreateRecordAuditing?: unknown;
  enableDeleteRecordAuditing?: unknown;
  relationship?: unknown;
}

const ACTIONS = ['addField', 'deleteField', 'updateField', 'updateObject', 'renameField', 'addRelationship', 'deleteRelationship'];

function flag(list: string[], name: string, v: unknown, what: string): string[] {
  if (v === undefined) return list;
  if (typeof v !== 'boolean') throw coError(20, `'field.${what}' must be a boolean`);
  const without = list.filter((n) => n !== name);
  return v ? [...without, name] : without;
}

export async function migrate(ctx: Ctx, body: Record<string, unknown>) {
  const actions = body.actions;
  if (!Array.isArray(actions) || actions.length !== 1) throw coError(20, `'actions' must hold exactly one action: one action per migration`);
  const a = actions[0] as Action;
  if (!a || typeof a !== 'object') throw coError(20, `'actions[0]' must be an object`);
  if (!ACTIONS.includes(a.type)) throw coError(20, `'actions[0].type' should be one of: ${ACTIONS.join(', ')}`);
  if (a.namespace !== 'default' && a.namespace !== 'com_zuora') throw coError(20, `'actions[0].namespace' should be one of: default, com_zuora`);
  if (typeof a.object !== 'string' || !a.object) throw coError(22, `'actions[0].object' is required`);
  if (a.namespace === 'com_zuora') await migrateStandard(ctx, a);
  else await migrateCustom(ctx, a);
  return { actions: [a] };
}

function fieldName(a: Action): string {
  const n = a.field?.name;
  if (typeof n !== 'string' || !n) throw coError(22, `'actions[0].field.name' is required`);
  return n;
}

function defOf(name: string, raw: unknown): FieldDefinition {
  try {
    return field(name, raw);
  } catch (e) {
    if (e instanceof DefinitionProblem) throw fromProblem(e);
    throw e;
  }
}

async function migrateStandard(ctx: Ctx, a: Action): Promise<void> {
  const object = standardObject(a.object);
  const row = await store.definition(ctx, 'com_zuora', object);
  const defs = row ? (JSON.parse(row.definition) as ObjectFieldDefinitions) : emptyStandard();
  switch (a.type) {
    case 'addField': {
      const n = fieldName(a);
      if (defs.properties[n]) throw coError(30, `The custom field '${n}' already exists on ${object}`);
      if (Object.keys(defs.properties).length >= MAX_FIELDS) throw coError(30, `An object has at most ${MAX_FIELDS} custom fields`);
      defs.properties[n] = defOf(n, a.field?.definition);
      defs.required = flag(defs.required, n, a.field?.required, 'required');
      defs.filterable = flag(defs.filterable, n, a.field?.filterable, 'filterable');
      break;
    }
    case 'updateField': {
      const n = fieldName(a);
      const was = defs.properties[n];
      if (!was) throw coError(40, `The custom field '${n}' does not exist on ${object}`);
      if (a.field?.definition !== undefined) {
        const d = defOf(n, { ...was, ...(a.field.definition as object) });
        if (d.type !== was.type) throw coError(30, `The type of the custom field '${n}' cannot be changed`);
        defs.properties[n] = { ...d, createdDate: was.createdDate };
      }
      defs.required = flag(defs.required, n, a.field?.required, 'required');
      defs.filterable = flag(defs.filterable, n, a.field?.filterable, 'filterable');
      break;
    }
    case 'deleteField': {
      const n = fieldName(a);
      if (!defs.properties[n]) throw coError(40, `The custom field '${n}' does not exist on ${object}`);
      delete defs.properties[n];
      defs.required = defs.required.filter((x) => x !== n);
      defs.filterable = defs.filterable.filter((x) => x !== n);
      break;
    }
    default:
      // renaming a standard object's field would rewrite every module's stored values; relationships and
      // object updates do not apply to standard objects
      throw notImplemented(`POST /objects/migrations '${a.type}' in the com_zuora namespace`);
  }
  await saveStandard(ctx, object, defs);
}

async function migrateCustom(ctx: Ctx, a: Action): Promise<void> {
  const { row, def } = await loadDefinition(ctx, a.object);
  const records = await store.hasRecords(ctx, def.object);
  let renamed: [string, string] | undefined;
  let dropped: string | undefined;
  switch (a.type) {
    case 'addField': {
      const n = fieldName(a);
      if ((SYSTEM_FIELDS as readonly string[]).includes(n) || def.properties[n]) throw coError(30, `The field '${n}' already exists on ${def.object}`);
      if (Object.keys(def.properties).length >= MAX_FIELDS) throw coError(30, `A custom object has at most ${MAX_FIELDS} custom fields`);
      if (a.field?.required === true && records) throw coError(30, `A required field can only be added to a custom object without records`);
      def.properties[n] = defOf(n, a.field?.definition);
      break;
    }
    case 'updateField': {
      const n = fieldName(a);
      const was = def.properties[n];
      if (!was) throw coError(40, `The field '${n}' does not exist on ${def.object}`);
      if (a.field?.definition !== undefined) {
        const d = defOf(n, { ...was, ...(a.field.definition as object) });
        if (d.type !== was.type) throw coError(30, `The type of the field '${n}' cannot be changed`);
        def.properties[n] = d;
      }
      if (a.field?.required === true && !def.required.includes(n) && records) throw coError(30, `An optional field can only become required on a custom object without records`);
      break;
    }
    case 'deleteField': {
      const n = fieldName(a);
      if (!def.properties[n]) throw coError(40, `The field '${n}' does not exist on ${def.object}`);
      if (records) throw coError(30, `Fields cannot be deleted from a custom object that has records`);
      if (Object.keys(def.properties).length === 1) throw coError(30, `A custom object needs at least one custom field`);
      if (def.relationships.some((r) => n in r.fields)) throw coError(30, `The field '${n}' is used by a relationship; delete the relationship first`);
      delete def.properties[n];
      dropped = n;
      break;
    }
    case 'renameField': {
      const n = fieldName(a);
      const to = a.field?.targetName;
      if (!def.properties[n]) throw coError(40, `The field '${n}' does not exist on ${def.object}`);
      if (typeof to !== 'string' || !/^[A-Za-z][A-Za-z0-9_]*__c$/.test(to)) throw coError(20, `'actions[0].field.targetName' must be a custom field name ending with __c`);
      if (def.properties[to]) throw coError(30, `The field '${to}' already exists on ${def.object}`);
      const props: Record<string, FieldDefinition> = {};
      for (const [k, v] of Object.entries(def.properties)) props[k === n ? to : k] = v;
      def.properties = props;
      for (const k of ['required', 'filterable', 'unique', 'auditable'] as const) def[k] = def[k].map((x) => (x === n ? to : x));
      for (const r of def.relationships) if (n in r.fields) r.fields = Object.fromEntries(Object.entries(r.fields).map(([k, v]) => [k === n ? to : k, v]));
      renamed = [n, to];
      break;
    }
    case 'updateObject': {
      if (a.label !== undefined) {
        if (typeof a.label !== 'string' || !a.label.trim()) throw coError(20, `'actions[0].label' must be a non-empty string`);
        def.label = a.label.trim();
      }
      for (const b of ['enableCreateRecordAuditing', 'enableDeleteRecordAuditing'] as const) {
        if (a[b] === undefined) continue;
        if (typeof a[b] !== 'boolean') throw coError(20, `'actions[0].${b}' must be a boolean`);
        def[b] = a[b] as boolean;
      }
      break;
    }
    case 'addRelationship':
    case 'deleteRelationship': {
      const r = a.relationship as Record<string, unknown> | undefined;
      if (!r || typeof r !== 'object') throw coError(22, `'actions[0].relationship' is required`);
      if (a.type === 'addRelationship') {
        let rel: Relationship;
        try {
          rel = parseDefinition(def.object, { ...def, relationships: [r] }).relationships[0]!;
        } catch (e) {
          if (e instanceof DefinitionProblem) throw fromProblem(e);
          throw e;
        }
        await checkRelationships(ctx, [rel], def.object);
        def.relationships.push(rel);
      } else {
        const i = def.relationships.findIndex((x) => x.namespace === r.namespace && x.object === r.object);
        if (i < 0) throw coError(40, `${def.object} has no relationship to '${String(r.object)}'`);
        def.relationships.splice(i, 1);
      }
      break;
    }
  }
  if (a.field && a.type !== 'deleteField' && a.type !== 'renameField') {
    const n = fieldName(a);
    def.required = flag(def.required, n, a.field.required, 'required');
    def.filterable = flag(def.filterable, n, a.field.filterable, 'filterable');
    def.unique = flag(def.unique, n, a.field.unique, 'unique');
    def.auditable = flag(def.auditable, n, a.field.auditable, 'auditable');
  }
  if (dropped) for (const k of ['required', 'filterable', 'unique', 'auditable'] as const) def[k] = def[k].filter((x) => x !== dropped);
  if (renamed) {
    const [from, to] = renamed;
    for (const rec of await store.allRecords(ctx, def.object)) {
      const data = JSON.parse(rec.data) as Record<string, unknown>;
      if (!(from in data)) continue;
      data[to] = data[from];
      delete data[from];
      await store.updateRecord(ctx, rec.id, { data: JSON.stringify(data) });
    }
  }
  await store.updateDefinition(ctx, row.id, { definition: JSON.stringify(def), updated_by: actor(ctx), updated_date: nowIso(ctx) });
}

// ---------------------------------------------------------------------------------------------
// Records

type Data = Record<string, unknown>;

function recordView(object: string, r: store.RecordRow) {
  return {
    Id: r.id,
    type: object,
    ...(JSON.parse(r.data) as Data),
    CreatedById: r.created_by,
    UpdatedById: r.updated_by,
    CreatedDate: r.created_date,
    UpdatedDate: r.updated_date,
  };
}

/** Checks one record's fields; gives the data to store (nulls dropped) or the failure. */
function checkRecord(def: StoredDefinition, input: unknown, opts: { create: boolean; base?: Data; patch?: boolean }): Data | Reason {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return { code: errorCode(RESOURCE, 20), message: 'A record must be an object of field values' };
  const given: Data = {};
  for (const [k, v] of Object.entries(input as Data)) {
    if ((SYSTEM_FIELDS as readonly string[]).includes(k) || k === 'type') continue; // system fields are Zuora's to set
    if (!def.properties[k]) return { code: errorCode(RESOURCE, 21), message: `The field '${k}' is not defined on ${def.object}` };
    if (v !== null && typeof v === 'object' && !(Array.isArray(v) && def.properties[k]!.multiselect))
      return { code: errorCode(RESOURCE, 20), message: `Invalid value for field '${k}': expected a ${def.properties[k]!.type}` };
    const r = checkFieldValue(k, def.properties[k]!, v);
    if ('category' in r) return { code: errorCode(RESOURCE, r.category), message: r.message };
    given[k] = r.value;
  }
  const data: Data = { ...(opts.base ?? {}), ...given };
  if (opts.create) {
    // the defaults of the fields not given, then the required fields
    for (const [k, d] of Object.entries(def.properties)) if (data[k] === undefined && d.default !== undefined && d.default !== null) data[k] = d.default;
  }
  for (const k of def.required) {
    if (data[k] === undefined || data[k] === null) return { code: errorCode(RESOURCE, 22), message: `The field '${k}' of ${def.object} is required` };
  }
  for (const k of Object.keys(data)) if (data[k] === null) delete data[k];
  return data;
}

const isReason = (x: Data | Reason): x is Reason => typeof (x as Reason).code === 'number' && typeof (x as Reason).message === 'string' && Object.keys(x).length === 2;

const isAccount = (object: string) => /^accounts?$/i.test(object);

/** Relationship and uniqueness rules over the records about to be written. */
async function checkConstraints(ctx: Ctx, def: StoredDefinition, items: { id: string; data: Data }[]): Promise<Map<string, Reason>> {
  const bad = new Map<string, Reason>();
  for (const rel of def.relationships) {
    if (!rel.recordConstraints.create.enforceValidMapping) continue;
    if (rel.namespace === 'com_zuora') {
      // an account by its id (the only Zuora object checkDefinition lets through with enforcement)
      for (const it of items)
        for (const from of Object.keys(rel.fields)) {
          const v = it.data[from];
          if (v === undefined || v === null) continue;
          const a = typeof v === 'string' ? await getAccountByKey(ctx, v) : undefined;
          if ((!a || a.id !== v) && !bad.has(it.id)) bad.set(it.id, { code: errorCode(RESOURCE, 30), message: `'${from}' names no account: '${String(v)}'` });
        }
      continue;
    }
    const target = await store.definition(ctx, 'default', rel.object);
    for (const it of items) {
      for (const from of Object.keys(rel.fields)) {
        const v = it.data[from];
        if (v === undefined || v === null) continue;
        const found = target && typeof v === 'string' && isUuid(v) ? await store.recordsByIds(ctx, rel.object, [v.toLowerCase()]) : [];
        if (!found.length && !bad.has(it.id)) bad.set(it.id, { code: errorCode(RESOURCE, 30), message: `'${from}' names no record of ${rel.object}: '${String(v)}'` });
      }
    }
  }
  if (def.unique.length) {
    const others = (await store.allRecords(ctx, def.object)).filter((r) => !items.some((i) => i.id === r.id)).map((r) => JSON.parse(r.data) as Data);
    const seen = new Map<string, string>();
    for (const o of others) for (const u of def.unique) if (o[u] !== undefined) seen.set(`${u}\u0000${JSON.stringify(o[u])}`, '');
    for (const it of items) {
      for (const u of def.unique) {
        if (it.data[u] === undefined) continue;
        const k = `${u}\u0000${JSON.stringify(it.data[u])}`;
        if (seen.has(k) && !bad.has(it.id)) bad.set(it.id, { code: errorCode(RESOURCE, 30), message: `The value of the unique field '${u}' is already used: ${JSON.stringify(it.data[u])}` });
        seen.set(k, it.id);
      }
    }
  }
  return bad;
}

export const MAX_RECORDS = 1000;

export async function createRecords(ctx: Ctx, object: string, body: Record<string, unknown>) {
  const { def } = await loadDefinition(ctx, object);
  const input = body.records;
  if (!Array.isArray(input)) throw coError(22, `'records' is required: a list of records`);
  if (!input.length) throw coError(20, `'records' must hold at least one record`);
  if (input.length > MAX_RECORDS) throw coError(70, `At most ${MAX_RECORDS} records can be created by one call`);
  if (body.allowPartialSuccess !== undefined && typeof body.allowPartialSuccess !== 'boolean') throw coError(20, `'allowPartialSuccess' must be a boolean`);
  const partial = body.allowPartialSuccess === true;
  const at = nowIso(ctx);
  const items: { id: string; data: Data; input: Data }[] = [];
  const failures: RecordFailure[] = [];
  for (const rec of input) {
    const r = checkRecord(def, rec, { create: true });
    if (isReason(r)) failures.push({ ...r, record: (rec ?? {}) as Data });
    else items.push({ id: randomUUID(), data: r, input: rec as Data });
  }
  const constraint = await checkConstraints(ctx, def, items);
  for (const it of [...items]) {
    const c = constraint.get(it.id);
    if (!c) continue;
    failures.push({ ...c, record: it.input });
    items.splice(items.indexOf(it), 1);
  }
  if (failures.length && !partial) throw new RecordsError(`${failures.length} of ${input.length} records failed the validation; none was created`, failures);
  const rows: store.RecordRow[] = items.map((it) => ({
    id: it.id,
    tenant_id: ctx.tenant.id,
    object: def.object,
    data: JSON.stringify(it.data),
    created_by: actor(ctx),
    created_date: at,
    updated_by: actor(ctx),
    updated_date: at,
  }));
  await store.insertRecords(ctx, rows);
  return {
    records: rows.map((r) => recordView(def.object, r)),
    ...(failures.length ? { error: { code: failures[0]!.code, message: `${failures.length} of ${input.length} records failed the validation`, details: failures } } : {}),
  };
}

/** The record's entity tag (the ETag header; PUT takes it back in If-Match): changes with every update. */
export function etagOf(r: { id: string; updated_date: string; data: string }): string {
  return `"${createHash('sha1').update(`${r.id}\u0000${r.updated_date}\u0000${r.data}`).digest('hex').slice(0, 24)}"`;
}

export async function getRecord(ctx: Ctx, object: string, id: string) {
  const { def } = await loadDefinition(ctx, object);
  const [r] = isUuid(id) ? await store.recordsByIds(ctx, def.object, [id.toLowerCase()]) : [];
  if (!r) throw coError(40, `The ${def.object} record '${id}' does not exist`);
  return { record: recordView(def.object, r), etag: etagOf(r) };
}

export async function listRecords(ctx: Ctx, object: string, opts: { q?: string; ids?: string[]; pageSize?: number; cursor?: string }) {
  const { def } = await loadDefinition(ctx, object);
  const size = opts.pageSize ?? 20;
  if (!Number.isInteger(size) || size < 1 || size > 1000) throw coError(20, `'pageSize' must be between 1 and 1000`);
  let filter: ReturnType<typeof parseQuery> | undefined;
  if (opts.q !== undefined && opts.q.trim() !== '') {
    try {
      filter = parseQuery(opts.q);
    } catch (e) {
      if (e instanceof QueryError) throw coError(20, `Invalid query 'q': ${e.message}`);
      throw e;
    }
    const allowed = new Set([...def.filterable, 'Id', 'CreatedDate', 'UpdatedDate']);
    for (const f of fieldsOf(filter)) if (!allowed.has(f)) throw coError(20, `Invalid query 'q': '${f}' is not a filterable field of ${def.object}`);
  }
  if (opts.cursor !== undefined && !isUuid(opts.cursor)) throw coError(20, `'cursor' must be a record id (a 36-character UUID)`);
  let ids: string[] | undefined;
  if (opts.ids) {
    ids = opts.ids.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
    for (const id of ids) if (!isUuid(id)) throw coError(20, `'ids' must hold record ids (36-character UUIDs): '${id}'`);
    ids = ids.map((s) => s.toLowerCase());
  }
  const out: ReturnType<typeof recordView>[] = [];
  let after = opts.cursor?.toLowerCase();
  // pages of rows in id order; the filter (on JSON values) is applied to each page until the page is full
  for (;;) {
    const rows = ids ? (await store.recordsByIds(ctx, def.object, ids)).filter((r) => after === undefined || r.id > after) : await store.recordsPage(ctx, def.object, after, Math.max(size, 200));
    for (const r of rows) {
      const v = recordView(def.object, r);
      if (!filter || matches(filter, v)) out.push(v);
      if (out.length === size) break;
    }
    if (ids || out.length === size || rows.length < Math.max(size, 200)) break;
    after = rows[rows.length - 1]!.id;
  }
  return { count: out.length, records: out };
}

async function lockedRecord(ctx: Ctx, def: StoredDefinition, id: string): Promise<store.RecordRow> {
  const [r] = isUuid(id) ? await store.recordsByIds(ctx, def.object, [id.toLowerCase()]) : [];
  if (!r) throw coError(40, `The ${def.object} record '${id}' does not exist`);
  return r;
}

/** PUT and PATCH: the given fields change, the others stay (PATCH: JSON merge patch, a null removes the field). */
export async function updateRecord(ctx: Ctx, object: string, id: string, body: unknown, ifMatch?: string) {
  const { def } = await loadDefinition(ctx, object);
  const cur = await lockedRecord(ctx, def, id);
  // If-Match (PUT): the update applies only to the version the client read (RFC 7232; 412 otherwise)
  if (ifMatch !== undefined && ifMatch.trim() !== '*' && !ifMatch.split(',').map((s) => s.trim().replace(/^W\//, '')).includes(etagOf(cur)))
    throw new ZuoraError(errorCode(RESOURCE, 30), `The ${def.object} record '${id}' has changed since it was read (If-Match does not match its ETag)`, { fixedStatus: 412 });
  const r = checkRecord(def, body, { create: false, base: JSON.parse(cur.data) as Data });
  if (isReason(r)) throw coError((r.code % 100) as 20, r.message);
  const c = (await checkConstraints(ctx, def, [{ id: cur.id, data: r }])).get(cur.id);
  if (c) throw coError(30, c.message);
  const patch = { data: JSON.stringify(r), updated_by: actor(ctx), updated_date: nowIso(ctx) };
  await store.updateRecord(ctx, cur.id, patch);
  return { record: recordView(def.object, { ...cur, ...patch }), etag: etagOf({ ...cur, ...patch }) };
}

/** Deleting answers 200 whether or not the record existed (the page says so). */
export async function deleteRecord(ctx: Ctx, object: string, id: string): Promise<void> {
  const { def } = await loadDefinition(ctx, object);
  if (isUuid(id)) await store.deleteRecords(ctx, def.object, [id.toLowerCase()]);
}

export async function batch(ctx: Ctx, object: string, body: Record<string, unknown>) {
  const { def } = await loadDefinition(ctx, object);
  const a = body.action as Record<string, unknown> | undefined;
  if (!a || typeof a !== 'object' || Array.isArray(a)) throw coError(22, `'action' is required`);
  if (a.type !== 'delete' && a.type !== 'update') throw coError(20, `'action.type' should be one of: delete, update`);
  if (a.allowPartialSuccess !== undefined && typeof a.allowPartialSuccess !== 'boolean') throw coError(20, `'action.allowPartialSuccess' must be a boolean`);
  const partial = a.allowPartialSuccess === true;
  const failures: RecordFailure[] = [];
  if (a.type === 'delete') {
    if (!Array.isArray(a.ids) || !a.ids.length) throw coError(22, `'action.ids' is required for a delete: the ids of the records`);
    if (a.ids.length > MAX_RECORDS) throw coError(70, `At most ${MAX_RECORDS} records can be deleted by one call`);
    const ok: string[] = [];
    for (const id of a.ids) {
      if (typeof id === 'string' && isUuid(id)) ok.push(id.toLowerCase());
      else failures.push({ code: errorCode(RESOURCE, 20), message: `input string ${JSON.stringify(id)} is not a valid UUID`, record: { Id: id } });
    }
    if (failures.length && !partial) throw new RecordsError(`${failures.length} of ${a.ids.length} ids are invalid; nothing was deleted`, failures);
    await store.deleteRecords(ctx, def.object, ok);
  } else {
    const recs = a.records;
    if (!recs || typeof recs !== 'object' || Array.isArray(recs) || !Object.keys(recs).length) throw coError(22, `'action.records' is required for an update: a map of record ids to field values`);
    const entries = Object.entries(recs as Record<string, unknown>);
    if (entries.length > MAX_RECORDS) throw coError(70, `At most ${MAX_RECORDS} records can be updated by one call`);
    const known = new Map((await store.recordsByIds(ctx, def.object, entries.map(([id]) => id.toLowerCase()).filter(isUuid))).map((r) => [r.id, r]));
    const items: { id: string; data: Data; input: Data }[] = [];
    for (const [id, fields] of entries) {
      const cur = known.get(id.toLowerCase());
      if (!cur) {
        failures.push({ code: errorCode(RESOURCE, 20), message: `The ${def.object} record '${id}' does not exist`, record: { Id: id, ...((fields ?? {}) as Data) } });
        continue;
      }
      const r = checkRecord(def, fields, { create: false, base: JSON.parse(cur.data) as Data });
      if (isReason(r)) failures.push({ ...r, record: { Id: id, ...((fields ?? {}) as Data) } });
      else items.push({ id: cur.id, data: r, input: { Id: id, ...(fields as Data) } });
    }
    const constraint = await checkConstraints(ctx, def, items);
    for (const it of [...items]) {
      const c = constraint.get(it.id);
      if (!c) continue;
      failures.push({ ...c, record: it.input });
      items.splice(items.indexOf(it), 1);
    }
    if (failures.length && !partial) throw new RecordsError(`${failures.length} of ${entries.length} records failed the validation; none was updated`, failures);
    const at = nowIso(ctx);
    for (const it of items) await store.updateRecord(ctx, it.id, { data: JSON.stringify(it.data), updated_by: actor(ctx), updated_date: at });
  }
  return failures.length ? { error: { code: failures[0]!.code, message: `${failures.length} records failed`, details: failures } } : {};
}
