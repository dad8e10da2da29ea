/**
 * The filter model both query views share: ZOQL's where clause and object
 * query's filter[] parse into the same tree, which is resolved against an
 * object's declared fields (unknown or unfilterable fields and values of the
 * wrong type are refused here, before any SQL exists) and then either
 * compiled into a Kysely expression (values always bound as parameters,
 * column names only from the registry) or evaluated in memory with the same
 * meaning, for objects whose data is not in columns.
 *
 * Meaning, shared by both: text compares ignore case (Zuora's database does;
 * on SQLite only ASCII letters fold, on PostgreSQL all letters), ids compare
 * exactly; decimals compare as numbers; a null value matches only `= null`
 * (a `!= 'x'` leaves nulls out, as SQL does).
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { Category, errorCode, UNKNOWN_RESOURCE, ZuoraError } from '../../platform/errors.js';
import { D } from '../../platform/money.js';
import { parseDate, Temporal } from '../../platform/dates.js';
import type { QueryField, QueryObject, QueryRow } from './contract.js';

export type Literal = { kind: 'string'; value: string } | { kind: 'number'; value: string } | { kind: 'boolean'; value: boolean } | { kind: 'null' };
export type Op = '=' | '!=' | '<' | '>' | '<=' | '>=' | 'like' | 'sw' | 'in';
export type Filter =
  | { kind: 'and'; items: Filter[] }
  | { kind: 'or'; items: Filter[] }
  | { kind: 'cmp'; field: string; pos?: number; op: Op; value: Literal | Literal[] };

export type FaultCode = 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_VALUE' | 'INVALID_TYPE' | 'INVALID_QUERY_LOCATOR' | 'MAX_RECORDS_EXCEEDED';

const FAULT_CATEGORY: Record<FaultCode, number> = {
  MALFORMED_QUERY: Category.MALFORMED,
  INVALID_FIELD: Category.UNKNOWN_FIELD,
  INVALID_VALUE: Category.INVALID_VALUE,
  INVALID_TYPE: Category.INVALID_VALUE,
  INVALID_QUERY_LOCATOR: Category.INVALID_VALUE,
  MAX_RECORDS_EXCEEDED: Category.LIMIT,
};

/** A query error: the action query answers it as a Zuora fault, other views as a Zuora error. */
export class QueryFault extends ZuoraError {
  constructor(
    readonly faultCode: FaultCode,
    message: string,
  ) {
    super(errorCode(UNKNOWN_RESOURCE, FAULT_CATEGORY[faultCode] as Category), message);
  }
}

/** A typed comparand: string (text, picklist, date, datetime as ISO instant), Decimal string, boolean, or null. */
type Value = string | boolean | null;
export type Resolved =
  | { kind: 'and'; items: Resolved[] }
  | { kind: 'or'; items: Resolved[] }
  | { kind: 'cmp'; field: QueryField; op: Op; value: Value | Value[] };

export interface ResolveOptions {
  tenantTimeZone: string;
  /** How a field is named in messages (`Account.Nmae`, `nmae`). */
  label?: (name: string) => string;
  /** The fields a filter may name, by lower-case name; default: the object's fields by Zuora name. */
  lookup?: (name: string) => QueryField | undefined;
}

export function fieldByName(obj: QueryObject, name: string): QueryField | undefined {
  const n = name.toLowerCase();
  return obj.fields.find((f) => f.name.toLowerCase() === n);
}

export function isFilterable(f: QueryField): boolean {
  return f.filterable ?? (f.column !== undefined || f.json !== undefined || f.via !== undefined);
}

/** Converts a literal to the field's type; throws INVALID_VALUE naming the field. */
function coerce(f: QueryField, lit: Literal, o: ResolveOptions, shown: string): Value {
  if (lit.kind === 'null') return null;
  const bad = (why: string): never => {
    throw new QueryFault('INVALID_VALUE', `invalid value for ${shown}: ${why}`);
  };
  const raw = lit.kind === 'boolean' ? String(lit.value) : lit.value;
  switch (f.type) {
    case 'boolean':
      if (lit.kind === 'boolean') return lit.value;
      if (/^(true|false)$/i.test(raw)) return raw.toLowerCase() === 'true';
      return bad(`'${raw}' is not true or false`);
    case 'integer':
      if (!/^-?\d{1,15}$/.test(raw)) return bad(`'${raw}' is not an integer`);
      return raw;
    case 'decimal':
      if (!/^-?\d{1,30}(\.\d{1,20})?$/.test(raw)) return bad(`'${raw}' is not a number`);
      return raw;
    case 'date':
      if (lit.kind !== 'string' || !parseDate(raw)) return bad(`'${raw}' is not a date (YYYY-MM-DD)`);
      return raw;
    case 'datetime': {
      if (lit.kind !== 'string') return bad(`'${raw}' is not a date-time`);
      const inst = toInstant(raw, o.tenantTimeZone);
      if (!inst) return bad(`'${raw}' is not a date-time such as 2024-01-31T10:00:00+00:00`);
      return inst;
    }
    default: {
      if (lit.kind === 'boolean') return bad(`${raw} is not a string`);
      const mapped = f.stored ? Object.entries(f.stored).find(([w]) => w.toLowerCase() === raw.toLowerCase()) : undefined;
      return mapped ? mapped[1] : raw;
    }
  }
}

/** An ISO instant string for a date, a local date-time (tenant zone) or a date-time with offset. */
function toInstant(s: string, tz: string): string | undefined {
  try {
    if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
      const d = parseDate(s);
      return d ? d.toZonedDateTime({ timeZone: tz }).toInstant().toString() : undefined;
    }
    if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/.test(s)) {
      return Temporal.PlainDateTime.from(s.replace(' ', 'T')).toZonedDateTime(tz).toInstant().toString();
    }
    return Temporal.Instant.from(s.replace(' ', 'T')).toString();
  } catch {
    return undefined;
  }
}

export const MAX_IN_VALUES = 100;

export function resolveFilter(obj: QueryObject, filter: Filter, o: ResolveOptions): Resolved {
  if (filter.kind === 'and') return { kind: 'and', items: filter.items.map((x) => resolveFilter(obj, x, o)) };
  if (filter.kind === 'or') return { kind: 'or', items: filter.items.map((x) => resolveFilter(obj, x, o)) };
  const shown = o.label ? o.label(filter.field) : `${obj.name}.${filter.field}`;
  const f = o.lookup ? o.lookup(filter.field.toLowerCase()) : fieldByName(obj, filter.field);
  if (!f) throw new QueryFault('INVALID_FIELD', `invalid field for query: ${shown}`);
  if (!isFilterable(f)) throw new QueryFault('INVALID_FIELD', `${shown} cannot be used in a filter`);
  const op = filter.op;
  if (op === 'in') {
    const list = filter.value as Literal[];
    if (list.length === 0) throw new QueryFault('INVALID_VALUE', `the IN list of ${shown} is empty`);
    if (list.length > MAX_IN_VALUES) throw new QueryFault('INVALID_VALUE', `the IN list of ${shown} holds ${list.length} values; at most ${MAX_IN_VALUES} are allowed`);
    return { kind: 'cmp', field: f, op, value: list.map((l) => coerce(f, l, o, shown)) };
  }
  const value = coerce(f, filter.value as Literal, o, shown);
  if ((op === 'like' || op === 'sw') && !(f.type === 'text' || f.type === 'picklist')) {
    throw new QueryFault('INVALID_VALUE', `${op === 'like' ? 'like' : 'SW'} applies to text fields only, not to ${shown}`);
  }
  if (value === null && op !== '=' && op !== '!=') throw new QueryFault('INVALID_VALUE', `null can only be compared for equality (${shown})`);
  if (typeof value === 'boolean' && op !== '=' && op !== '!=') throw new QueryFault('INVALID_VALUE', `a boolean can only be compared for equality (${shown})`);
  return { kind: 'cmp', field: f, op, value };
}

// ---------------------------------------------------------------- SQL

const foldsCase = (f: QueryField) => (f.type === 'text' || f.type === 'picklist') && !f.exact;

/** The SQL expression of a field's stored value (column names come from the registry only). */
export function fieldSql(f: QueryField, postgres: boolean, raw = false) {
  let e;
  if (f.via) {
    const { table, key, from, column } = f.via;
    const outer = from.split('.')[0]!;
    e = sql`(select v.${sql.ref(column)} from ${sql.table(table)} v where v.tenant_id = ${sql.ref(outer + '.tenant_id')} and v.${sql.ref(key)} = ${sql.ref(from)})`;
  } else if (f.column && f.when) e = sql`(case when ${sql.ref(f.when[0])} = ${sql.lit(f.when[1])} then ${sql.ref(f.column)} end)`;
  else if (f.column) e = sql.ref(f.column);
  else if (f.json) {
    const [col, key] = f.json;
    e = postgres ? sql`(${sql.ref(col)}::json ->> ${sql.lit(key)})` : sql`json_extract(${sql.ref(col)}, ${sql.lit('$.' + key)})`;
  } else throw new QueryFault('INVALID_FIELD', `${f.name} cannot be used in a filter`);
  if (raw) return e;
  if (f.type === 'decimal') return sql`cast(${e} as numeric)`;
  if (f.type === 'integer' && f.json) return sql`cast(${e} as integer)`;
  if (foldsCase(f)) return sql`lower(${e})`;
  return e;
}

function bindValue(f: QueryField, v: Value) {
  if (typeof v === 'boolean') return sql.val(v ? 1 : 0);
  if (f.type === 'integer') return sql.val(Number(v));
  if (f.type === 'decimal') return sql`cast(${sql.val(v)} as numeric)`;
  if (foldsCase(f)) return sql.val(String(v).toLowerCase());
  return sql.val(v);
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function compileFilter(eb: ExpressionBuilder<any, any>, r: Resolved, postgres: boolean): Expression<SqlBool> {
  if (r.kind === 'and') return eb.and(r.items.map((x) => compileFilter(eb, x, postgres)));
  if (r.kind === 'or') return eb.or(r.items.map((x) => compileFilter(eb, x, postgres)));
  const col = fieldSql(r.field, postgres);
  const v = r.value;
  if (r.op === 'in') return sql<SqlBool>`${col} in (${sql.join((v as Value[]).map((x) => bindValue(r.field, x)))})`;
  if (v === null) return r.op === '=' ? sql<SqlBool>`${col} is null` : sql<SqlBool>`${col} is not null`;
  if (r.op === 'like') return sql<SqlBool>`${col} like ${sql.val(String(v).toLowerCase())} escape '\\'`;
  if (r.op === 'sw') return sql<SqlBool>`${col} like ${sql.val(escapeLike(String(v).toLowerCase()) + '%')} escape '\\'`;
  const op = sql.raw(r.op === '!=' ? '<>' : r.op);
  return sql<SqlBool>`${col} ${op} ${bindValue(r.field, v as Value)}`;
}

// ---------------------------------------------------------------- memory

function likeRegex(pattern: string, escapes: boolean): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (escapes && c === '\\' && i + 1 < pattern.length) re += pattern[++i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '%') re += '[\\s\\S]*';
    else if (c === '_') re += '[\\s\\S]';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp('^' + re + '$');
}

/** Compares a stored wire value with a comparand: negative, zero, positive; undefined when not comparable. */
function compare(f: QueryField, stored: unknown, v: Value): number | undefined {
  if (stored === null || stored === undefined) return undefined;
  if (f.type === 'boolean') return (stored === true || stored === 1) === v ? 0 : 1;
  if (f.type === 'integer' || f.type === 'decimal') {
    try {
      return new D(String(stored)).cmp(new D(String(v)));
    } catch {
      return undefined;
    }
  }
  if (f.type === 'datetime') {
    try {
      return Temporal.Instant.compare(Temporal.Instant.from(String(stored)), Temporal.Instant.from(String(v)));
    } catch {
      return undefined;
    }
  }
  const a = foldsCase(f) ? String(stored).toLowerCase() : String(stored);
  const b = foldsCase(f) ? String(v).toLowerCase() : String(v);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether a record (values keyed by Zuora field names) passes the filter. */
export function matches(r: Resolved, rec: QueryRow): boolean {
  if (r.kind === 'and') return r.items.every((x) => matches(x, rec));
  if (r.kind === 'or') return r.items.some((x) => matches(x, rec));
  const stored = rec[r.field.name];
  const v = r.value;
  if (r.op === 'in') return (v as Value[]).some((x) => compare(r.field, stored, x) === 0);
  if (v === null) {
    const isNull = stored === null || stored === undefined;
    return r.op === '=' ? isNull : !isNull;
  }
  if (stored === null || stored === undefined) return false;
  if (r.op === 'like') return likeRegex(String(v).toLowerCase(), true).test(String(stored).toLowerCase());
  if (r.op === 'sw') return String(stored).toLowerCase().startsWith(String(v).toLowerCase());
  const c = compare(r.field, stored, v as Value);
  if (c === undefined) return false;
  switch (r.op) {
    case '=':
      return c === 0;
    case '!=':
      return c !== 0;
    case '<':
      return c < 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    default:
      return c >= 0;
  }
}
