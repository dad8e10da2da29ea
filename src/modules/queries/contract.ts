/**
 * The query model: every module declares the Zuora objects it holds, once,
 * and every query view (ZOQL action query, describe, object query) reads the
 * same declarations. A module registers its objects when it joins the app
 * (`registerQueryObjects` from its `join()`), from its own `query-objects.ts`.
 *
 * An object maps to one table of its module (`table`, always filtered on
 * `tenant_id`); its fields map to columns (`column`), to a key of a JSON text
 * column (`json`), or are computed from the row (`read`, not filterable).
 * An object whose data does not live in columns gives `load` instead of
 * `table`: rows come from the module's own reader, at most `limit` of them,
 * and the query filters them in memory (bounded, see the queries module).
 */
import type { Ctx } from '../../platform/context.js';

/** Zuora's field types, as describe names them. */
export type QueryFieldType = 'text' | 'picklist' | 'integer' | 'decimal' | 'boolean' | 'date' | 'datetime';

export type QueryRow = Record<string, unknown>;

export interface QueryField {
  /** Zuora's name (PascalCase), e.g. `AccountNumber`. */
  name: string;
  type: QueryFieldType;
  /** The column of the object's table holding the value. */
  column?: string;
  /** [column, key]: the value is under `key` in the JSON text of `column`. */
  json?: [string, string];
  /** Computes the wire value from the stored row (such a field is not filterable). */
  read?: (row: QueryRow) => unknown;
  /** Default: true for a column or JSON field, false for a computed one. */
  filterable?: boolean;
  /** Default: true. */
  selectable?: boolean;
  createable?: boolean;
  updateable?: boolean;
  /** Describe's label; default: the name split into words. */
  label?: string;
  /** Wire value → stored value where they differ (ChargeType `One-Time` is stored `OneTime`). */
  stored?: Record<string, string>;
  /** Picklist values. */
  values?: string[];
  /** An id: compared exactly (other text compares ignore case, like Zuora's). */
  exact?: boolean;
  /** The object query (camelCase) name; default: the name with its first letter lowered. */
  wireName?: string;
  /**
   * The value is `column` of another table of the same module, the row whose `key` equals this object's
   * `from` column, named with its table (a correlated subquery: still one statement):
   * `{ table: 'payments', key: 'id', from: 'payment_parts.payment_id', column: 'account_id' }`.
   */
  via?: { table: string; key: string; from: string; column: string };
  /** The value is `column` only on rows whose `[column, value]` matches (e.g. InvoiceId: target_id where target_kind = 'invoice'). */
  when?: [string, string];
}

/** A link to another object, for describe's related objects and object query's expand[]. */
export interface QueryRelation {
  /** The expand[] name, lower case (`billto`). */
  name: string;
  /** The property the expanded record(s) take in an object query answer (`billTo`). */
  property: string;
  /** The related object's Zuora name. */
  object: string;
  cardinality: 'one' | 'many';
  /** This object's field and the related object's field that must be equal. */
  localField: string;
  remoteField: string;
  /** Describe's name of the join (`BillToContact`) and its label; default: the property, capitalized. */
  joinName?: string;
  label?: string;
}

export interface QueryObject {
  /** Zuora's object name, e.g. `Account`. */
  name: string;
  label?: string;
  /** The object query path segment (`accounts`); absent: no object query route. */
  path?: string;
  /** The object query operationIds [list, by key]. */
  operationIds?: [string, string];
  /** The table holding one row per record, with `tenant_id` and `id` columns. */
  table?: string;
  /**
   * The JSON text column holding the records' custom fields (`custom_fields`): the tenant's custom field
   * definitions of the standard object of that name become fields (`Name__c`) of every query view.
   */
  customFields?: string;
  /** Fixed column conditions every query adds (e.g. `deleted = 0`). */
  fixed?: Record<string, string | number>;
  /** For objects not held in columns: up to `limit` rows of the tenant, as `{Field: value}` wire values keyed by Zuora names. */
  load?: (ctx: Ctx, limit: number) => Promise<QueryRow[]>;
  /** The field an object query `{key}` matches besides `Id` (e.g. `AccountNumber`). */
  numberField?: string;
  /** Whether ZOQL action query serves it (Zuora's action query leaves out the Orders objects). Default true. */
  zoql?: boolean;
  fields: QueryField[];
  relations?: QueryRelation[];
  /**
   * What POST /v1/action/create, /update and /delete may do with the object: each function goes through
   * the module's own service (the rules of its object API), inside the caller's transaction, and throws a
   * ZuoraError to refuse a record. An absent function: the action answers that the object does not allow it.
   */
  actions?: ObjectActions;
}

/** A record's fields as the Actions send them: Zuora's PascalCase names, custom fields `name__c`. */
export type ActionFields = Record<string, unknown>;

/** What the call says besides the records: the `X-Zuora-WSDL-Version` header (null when absent: Zuora's default 79). */
export interface ActionOptions {
  wsdlVersion: number | null;
}

export interface ObjectActions {
  /** Creates one record; answers its id. */
  create?: (ctx: Ctx, fields: ActionFields, opts: ActionOptions) => Promise<string>;
  /** Updates the record `id` with the fields given (`Id` removed). */
  update?: (ctx: Ctx, id: string, fields: ActionFields, opts: ActionOptions) => Promise<void>;
  delete?: (ctx: Ctx, id: string) => Promise<void>;
}

const registry = new Map<string, QueryObject>();

/**
 * Adds objects to the query model. Idempotent: a module joining a second app
 * replaces its declarations with the same ones.
 */
export function registerQueryObjects(objects: QueryObject[]): void {
  for (const o of objects) registry.set(o.name.toLowerCase(), o);
}

/** The object of that Zuora name, whatever its case. */
export function queryObject(name: string): QueryObject | undefined {
  return registry.get(name.toLowerCase());
}

export function queryObjects(): QueryObject[] {
  return [...registry.values()];
}

/**
 * Objects a tenant defines itself (custom objects): a source answers the object of a name (`default__car`)
 * for that tenant, or undefined. Registered by the owning module's join().
 */
export type QueryObjectSource = (ctx: Ctx, name: string) => Promise<QueryObject | undefined>;
const sources = new Set<QueryObjectSource>();

export function registerQueryObjectSource(source: QueryObjectSource): void {
  sources.add(source);
}

/** The tenant's own object of that name (a custom object), if a source knows it. */
export async function tenantQueryObject(ctx: Ctx, name: string): Promise<QueryObject | undefined> {
  for (const s of sources) {
    const o = await s(ctx, name);
    if (o) return o;
  }
  return undefined;
}

/** Field helpers for declarations. */
export const qf = {
  id: (name: string, column: string, more: Partial<QueryField> = {}): QueryField => ({ name, type: 'text', column, exact: true, ...more }),
  text: (name: string, column: string, more: Partial<QueryField> = {}): QueryField => ({ name, type: 'text', column, ...more }),
  pick: (name: string, column: string, values: string[], more: Partial<QueryField> = {}): QueryField => ({ name, type: 'picklist', column, values, ...more }),
  int: (name: string, column: string, more: Partial<QueryField> = {}): QueryField => ({ name, type: 'integer', column, ...more }),
  dec: (name: string, column: string, more: Partial<QueryField> = {}): QueryField => ({ name, type: 'decimal', column, ...more }),
  bool: (name: string, column: string, more: Partial<QueryField> = {}): QueryField => ({ name, type: 'boolean', column, ...more }),
  date: (name: string, column: string, more: Partial<QueryField> = {}): QueryField => ({ name, type: 'date', column, ...more }),
  datetime: (name: string, column: string, more: Partial<QueryField> = {}): QueryField => ({ name, type: 'datetime', column, ...more }),
  jsonText: (name: string, column: string, key: string, more: Partial<QueryField> = {}): QueryField => ({ name, type: 'text', json: [column, key], ...more }),
  computed: (name: string, type: QueryFieldType, read: (row: QueryRow) => unknown, more: Partial<QueryField> = {}): QueryField => ({ name, type, read, ...more }),
  /** A value read from another table of the module (see QueryField.via). */
  via: (name: string, type: QueryFieldType, via: NonNullable<QueryField['via']>, more: Partial<QueryField> = {}): QueryField => ({ name, type, via, exact: type === 'text', ...more }),
  /** `column` on rows where `when[0]` holds `when[1]`, null on the others. */
  when: (name: string, column: string, when: [string, string], more: Partial<QueryField> = {}): QueryField => ({ name, type: 'text', column, when, exact: true, ...more }),
  /** A field of a loaded (non-column) object: its value is the row's own key. */
  loaded: (name: string, type: QueryFieldType, more: Partial<QueryField> = {}): QueryField => ({ name, type, read: (r) => r[name], filterable: true, ...more }),
};
