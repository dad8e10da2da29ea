/**
 * Custom payment method types (the Custom Payment Method Types operations: "Create a draft custom payment
 * method type", "Update a custom payment method type", "Publish a custom payment method type", "Retrieve a
 * specific draft revision", "Retrieve a published custom payment method type"). A type is named
 * `<internalName>__c_<tenantId>` and holds numbered revisions: create makes revision 1, a Draft; update
 * rewrites the latest revision while it is a Draft, and after it was published makes the next revision, a
 * new Draft; publish turns the latest Draft into Published (its publish date is the tenant's today, also
 * answered as `version`). The definition must be given whole on update; internalName, tenantId and the
 * three reference fields cannot change, entityId may only be emptied.
 */
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { Category, errorCode, invalidValue, missingField, notFound, ruleViolation, unknownField, ZuoraError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';

type Obj = Record<string, unknown>;

/** Resource code of custom payment method type errors (a code of zbill's own). */
export const RES_CUSTOM_PM_TYPE = 534300;
/** "Up to 20 fields can be defined in the fields array" */
export const MAX_FIELDS = 20;
export const FIELD_TYPES = ['string', 'date', 'datetime', 'number', 'boolean'] as const;

const TOP_FIELDS = ['entityId', 'fields', 'internalName', 'isSupportAsyncPayment', 'label', 'methodReferenceIdField', 'subTypeField', 'tenantId', 'userReferenceIdField'];
const FIELD_KEYS = ['checksum', 'defaultValue', 'description', 'editable', 'index', 'label', 'maxLength', 'minLength', 'name', 'representer', 'required', 'type', 'visible'];
const FIELD_FLAGS = ['checksum', 'editable', 'representer', 'required', 'visible'] as const;
/** "excluding JSON preserved characters such as * \ ’ ”" */
const RESERVED = /[*\\'"’”‘“]/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface FieldDef {
  checksum: boolean;
  defaultValue: string | null;
  description: string | null;
  editable: boolean;
  index: number;
  label: string;
  maxLength: number | null;
  minLength: number | null;
  name: string;
  representer: boolean;
  required: boolean;
  type: (typeof FIELD_TYPES)[number];
  visible: boolean;
}

export interface Definition {
  entityId: string | null;
  fields: FieldDef[];
  internalName: string;
  isSupportAsyncPayment: boolean;
  label: string;
  methodReferenceIdField: string;
  subTypeField: string | null;
  tenantId: string;
  userReferenceIdField: string | null;
}

interface TypeRow {
  id: string;
  tenant_id: string;
  api_name: string;
  internal_name: string;
  created_at: string;
}

interface RevisionRow {
  id: string;
  tenant_id: string;
  type_id: string;
  revision: number;
  status: string;
  definition: string;
  publish_date: string | null;
  created_at: string;
  updated_at: string;
}

const q = (ctx: Ctx) => ctx.db as unknown as Kysely<{ custom_pm_types: TypeRow; custom_pm_type_revisions: RevisionRow }>;
const err = (m: string) => invalidValue(m, RES_CUSTOM_PM_TYPE);
const missing = (m: string) => missingField(m, RES_CUSTOM_PM_TYPE);
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const absent = (v: unknown) => v === undefined || v === null;

// ---------------------------------------------------------------- the definition (pure)

function text(o: Obj, key: string, path: string, max: number, opts: { required?: boolean; emptyIsNull?: boolean } = {}): string | null {
  const v = o[key];
  if (absent(v) || (opts.emptyIsNull && v === '')) {
    if (opts.required) throw missing(`'${path}' is required`);
    return null;
  }
  if (typeof v !== 'string') throw err(`'${path}' must be a string, got ${JSON.stringify(v)}`);
  if (opts.required && v === '') throw missing(`'${path}' is required`);
  if (v.length > max) throw err(`'${path}' must be at most ${max} characters, got ${v.length}`);
  return v;
}

function int(o: Obj, key: string, path: string, min: number): number | null {
  const v = o[key];
  if (absent(v)) return null;
  if (!Number.isSafeInteger(v) || (v as number) < min) throw err(`'${path}' must be a whole number of at least ${min}, got ${JSON.stringify(v)}`);
  return v as number;
}

function field(v: unknown, i: number): FieldDef {
  const p = `fields[${i}]`;
  if (!isObj(v)) throw err(`'${p}' must be an object`);
  for (const k of Object.keys(v)) if (!FIELD_KEYS.includes(k)) throw unknownField(`'${p}.${k}' is not a field metadata key (${FIELD_KEYS.join(', ')})`, RES_CUSTOM_PM_TYPE);
  const name = text(v, 'name', `${p}.name`, 30, { required: true })!;
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw err(`'${p}.name' must be alphanumeric and start with a letter, got '${name}'`);
  const label = text(v, 'label', `${p}.label`, 30, { required: true })!;
  if (RESERVED.test(label)) throw err(`'${p}.label' must not hold the characters * \\ ' " ’ ”`);
  if (absent(v.type)) throw missing(`'${p}.type' is required`);
  if (!(FIELD_TYPES as readonly unknown[]).includes(v.type)) throw err(`'${p}.type' must be one of ${FIELD_TYPES.join(', ')}, got ${JSON.stringify(v.type)}`);
  const type = v.type as FieldDef['type'];
  if (absent(v.index)) throw missing(`'${p}.index' is required`);
  const index = int(v, 'index', `${p}.index`, 1)!;
  const flags = {} as Record<(typeof FIELD_FLAGS)[number], boolean>;
  for (const f of FIELD_FLAGS) {
    if (absent(v[f])) throw missing(`'${p}.${f}' is required`);
    if (typeof v[f] !== 'boolean') throw err(`'${p}.${f}' must be true or false, got ${JSON.stringify(v[f])}`);
    flags[f] = v[f] as boolean;
  }
  const minLength = int(v, 'minLength', `${p}.minLength`, 0);
  const maxLength = int(v, 'maxLength', `${p}.maxLength`, 1);
  if (type === 'string' && (minLength === null || maxLength === null)) throw missing(`'${p}.${minLength === null ? 'minLength' : 'maxLength'}' is required for a field of type string`);
  if (minLength !== null && maxLength !== null && minLength > maxLength) throw err(`'${p}.minLength' (${minLength}) cannot be greater than '${p}.maxLength' (${maxLength})`);
  const defaultValue = text(v, 'defaultValue', `${p}.defaultValue`, 255);
  if (defaultValue !== null && type === 'string' && maxLength !== null && defaultValue.length > maxLength) throw err(`'${p}.defaultValue' is longer than '${p}.maxLength' (${maxLength})`);
  return { ...flags, defaultValue, description: text(v, 'description', `${p}.description`, 255), index, label, maxLength, minLength, name, type };
}

/** Checks a create or update body into a definition (tenantId must be the tenant's, entityId its entity). */
export function parseDefinition(body: unknown, tenant: { tenantNumber: number; entityId: string }): Definition {
  if (!isObj(body)) throw err(`the body must be a JSON object`);
  for (const k of Object.keys(body)) if (!TOP_FIELDS.includes(k)) throw unknownField(`'${k}' is not a field of a custom payment method type`, RES_CUSTOM_PM_TYPE);
  const internalName = text(body, 'internalName', 'internalName', 19, { required: true })!;
  if (!/^[A-Z][A-Za-z0-9]*$/.test(internalName)) throw err(`'internalName' must be alphanumeric and start with a capital letter ('_' and '-' are not allowed), got '${internalName}'`);
  const tenantId = text(body, 'tenantId', 'tenantId', 20, { required: true })!;
  if (tenantId !== String(tenant.tenantNumber)) throw err(`'tenantId' must be this tenant's ID, ${tenant.tenantNumber}, got '${tenantId}'`);
  const label = text(body, 'label', 'label', 40, { required: true })!;
  if (RESERVED.test(label)) throw err(`'label' must not hold the characters * \\ ' " ’ ”`);
  const entityId = text(body, 'entityId', 'entityId', 36, { emptyIsNull: true });
  if (entityId !== null && !UUID.test(entityId)) throw err(`'entityId' must be an entity ID in UUID format (8-4-4-4-12 hexadecimal digits), got '${entityId}'`);
  if (entityId !== null && entityId.toLowerCase() !== tenant.entityId.toLowerCase()) throw err(`'entityId': ${entityId} is not an entity of this tenant`);
  if (!absent(body.isSupportAsyncPayment) && typeof body.isSupportAsyncPayment !== 'boolean') throw err(`'isSupportAsyncPayment' must be true or false`);
  if (absent(body.fields)) throw missing(`'fields' is required`);
  if (!Array.isArray(body.fields)) throw err(`'fields' must be a list`);
  if (body.fields.length === 0) throw missing(`'fields' must define at least one field`);
  if (body.fields.length > MAX_FIELDS) throw new ZuoraError(errorCode(RES_CUSTOM_PM_TYPE, Category.LIMIT), `'fields' may define at most ${MAX_FIELDS} fields, got ${body.fields.length}`);
  const fields = body.fields.map(field);
  const names = new Set<string>();
  const indexes = new Set<number>();
  for (const [i, f] of fields.entries()) {
    if (names.has(f.name)) throw err(`'fields[${i}].name': ${f.name} is defined twice`);
    if (indexes.has(f.index)) throw err(`'fields[${i}].index': ${f.index} is used twice`);
    names.add(f.name);
    indexes.add(f.index);
  }
  const ref = (key: string, required: boolean) => {
    const v = text(body, key, key, 30, { required, emptyIsNull: !required });
    if (v !== null && !names.has(v)) throw err(`'${key}' must name a field defined in 'fields', got '${v}'`);
    return v;
  };
  return {
    entityId,
    fields: fields.sort((a, b) => a.index - b.index),
    internalName,
    isSupportAsyncPayment: body.isSupportAsyncPayment === true,
    label,
    methodReferenceIdField: ref('methodReferenceIdField', true)!,
    subTypeField: ref('subTypeField', false),
    tenantId,
    userReferenceIdField: ref('userReferenceIdField', false),
  };
}

/** What an update may not change ("cannot be updated after the creation"; entityId "only ... to be empty"). */
export function checkUpdate(before: Definition, after: Definition): void {
  for (const k of ['internalName', 'tenantId', 'methodReferenceIdField', 'subTypeField', 'userReferenceIdField'] as const)
    if (before[k] !== after[k]) throw err(`'${k}' cannot be changed after the custom payment method type is created (it is ${before[k] === null ? 'not set' : `'${before[k]}'`})`);
  if (after.entityId !== null && after.entityId.toLowerCase() !== (before.entityId ?? '').toLowerCase()) throw err(`'entityId' can only be emptied after the custom payment method type is created`);
}

export const apiName = (d: Pick<Definition, 'internalName' | 'tenantId'>) => `${d.internalName}__c_${d.tenantId}`;

// ---------------------------------------------------------------- store and operations

async function findType(ctx: Ctx, name: string): Promise<TypeRow> {
  // the API name is <internalName>__c_<tenantId> (the page's create sample writes __C_)
  const m = /^([A-Za-z0-9]+)__c_(\w+)$/i.exec(name);
  const row =
    m && m[2] === String(ctx.tenant.tenantNumber)
      ? await q(ctx).selectFrom('custom_pm_types').selectAll().where('tenant_id', '=', ctx.tenant.id).where('internal_name', '=', m[1]!).executeTakeFirst()
      : undefined;
  if (!row) throw notFound(`The custom payment method type ${name} does not exist`, RES_CUSTOM_PM_TYPE);
  return row;
}

async function revisions(ctx: Ctx, typeId: string): Promise<RevisionRow[]> {
  const rows = await q(ctx).selectFrom('custom_pm_type_revisions').selectAll().where('tenant_id', '=', ctx.tenant.id).where('type_id', '=', typeId).orderBy('revision', 'desc').execute();
  return rows.map((r) => ({ ...r, revision: Number(r.revision) }));
}

const summary = (t: TypeRow, r: RevisionRow) => ({ paymentMethodType: t.api_name, publishDate: r.publish_date, revision: r.revision, status: r.status });

function view(r: RevisionRow): Obj {
  const d = JSON.parse(r.definition) as Definition;
  return {
    entityId: d.entityId,
    fields: d.fields,
    internalName: d.internalName,
    label: d.label,
    methodReferenceIdField: d.methodReferenceIdField,
    revision: r.revision,
    status: r.status,
    subTypeField: d.subTypeField,
    tenantId: d.tenantId,
    userReferenceIdField: d.userReferenceIdField,
    version: r.publish_date,
  };
}

/** POST /open-payment-method-types. */
export async function createDraft(ctx: Ctx, body: unknown): Promise<Obj> {
  const d = parseDefinition(body, ctx.tenant);
  const taken = await q(ctx).selectFrom('custom_pm_types').select('id').where('tenant_id', '=', ctx.tenant.id).where('internal_name', '=', d.internalName).executeTakeFirst();
  const exists = () => ruleViolation(`A custom payment method type with the internalName ${d.internalName} already exists (${apiName(d)}); internalName must be unique in a tenant`, RES_CUSTOM_PM_TYPE);
  if (taken) throw exists();
  const at = ctx.now().toString();
  const type: TypeRow = { id: newId(), tenant_id: ctx.tenant.id, api_name: apiName(d), internal_name: d.internalName, created_at: at };
  try {
    await q(ctx).insertInto('custom_pm_types').values(type).execute();
  } catch (e) {
    if (/unique|duplicate/i.test(String((e as Error).message))) throw exists();
    throw e;
  }
  const rev: RevisionRow = { id: newId(), tenant_id: ctx.tenant.id, type_id: type.id, revision: 1, status: 'Draft', definition: JSON.stringify(d), publish_date: null, created_at: at, updated_at: at };
  await q(ctx).insertInto('custom_pm_type_revisions').values(rev).execute();
  return summary(type, rev);
}

/** PUT /open-payment-method-types/{paymentMethodTypeName}. */
export async function updateDraft(ctx: Ctx, name: string, body: unknown): Promise<Obj> {
  const type = await findType(ctx, name);
  const latest = (await revisions(ctx, type.id))[0]!;
  const d = parseDefinition(body, ctx.tenant);
  checkUpdate(JSON.parse(latest.definition) as Definition, d);
  const at = ctx.now().toString();
  if (latest.status === 'Draft') {
    await q(ctx).updateTable('custom_pm_type_revisions').set({ definition: JSON.stringify(d), updated_at: at }).where('id', '=', latest.id).execute();
    return summary(type, { ...latest, definition: JSON.stringify(d) });
  }
  const rev: RevisionRow = { id: newId(), tenant_id: ctx.tenant.id, type_id: type.id, revision: latest.revision + 1, status: 'Draft', definition: JSON.stringify(d), publish_date: null, created_at: at, updated_at: at };
  await q(ctx).insertInto('custom_pm_type_revisions').values(rev).execute();
  return summary(type, rev);
}

/** PUT /open-payment-method-types/publish/{paymentMethodTypeName}. */
export async function publish(ctx: Ctx, name: string): Promise<Obj> {
  const type = await findType(ctx, name);
  const latest = (await revisions(ctx, type.id))[0]!;
  if (latest.status !== 'Draft') throw ruleViolation(`The custom payment method type ${type.api_name} has no draft revision to publish: its latest revision ${latest.revision} is ${latest.status}`, RES_CUSTOM_PM_TYPE);
  const day = ctx.today().toString();
  await q(ctx).updateTable('custom_pm_type_revisions').set({ status: 'Published', publish_date: day, updated_at: ctx.now().toString() }).where('id', '=', latest.id).execute();
  return view({ ...latest, status: 'Published', publish_date: day });
}

/** GET /open-payment-method-types/{paymentMethodTypeName}/draft/{revisionNumber}. */
export async function getRevision(ctx: Ctx, name: string, revisionNumber: string): Promise<Obj> {
  const type = await findType(ctx, name);
  if (!/^\d{1,9}$/.test(revisionNumber) || Number(revisionNumber) < 1) throw err(`'revisionNumber' must be a whole number of at least 1, got '${revisionNumber}'`);
  const r = (await revisions(ctx, type.id)).find((x) => x.revision === Number(revisionNumber));
  if (!r) throw notFound(`The custom payment method type ${type.api_name} has no revision ${revisionNumber}`, RES_CUSTOM_PM_TYPE);
  return view(r);
}

/** GET /open-payment-method-types/{paymentMethodTypeName}/published: the latest published revision. */
export async function getPublished(ctx: Ctx, name: string): Promise<Obj> {
  const type = await findType(ctx, name);
  const r = (await revisions(ctx, type.id)).find((x) => x.status === 'Published');
  if (!r) throw notFound(`The custom payment method type ${type.api_name} has not been published`, RES_CUSTOM_PM_TYPE);
  return view(r);
}
