/**
 * Runs a resolved query against one registered object, inside the caller's
 * tenant. An object held in a table compiles to one SQL statement (filter,
 * order, keyset or offset, limit); an object that gives `load` instead has
 * at most LOAD_LIMIT rows of the tenant read through its module's reader and
 * filtered and ordered in memory; a tenant holding more answers a limit error
 * rather than a partial answer.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { formatIsoDateTime, Temporal } from '../../platform/dates.js';
import { Category, errorCode, UNKNOWN_RESOURCE, ZuoraError } from '../../platform/errors.js';
import { toJsonNumber } from '../../platform/money.js';
import type { QueryField, QueryObject, QueryRow } from './contract.js';
import { compileFilter, fieldSql, matches, type Resolved } from './filter.js';

export const LOAD_LIMIT = 10_000;

export interface RunOptions {
  where?: Resolved;
  /** Order; Id (ascending, or as the last entry says) always breaks ties. */
  sort?: Array<{ field: QueryField; desc: boolean }>;
  /** Keyset: only records whose Id sorts after this one (with the default order). */
  afterId?: string;
  offset?: number;
  limit: number;
  /** Only these fields (and Id) are read into the records (default: every field); filters and sorts are not limited by it. */
  fields?: QueryField[];
}

export function isPostgres(ctx: Ctx): boolean {
  return ctx.db.getExecutor().adapter instanceof PostgresAdapter;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const BUCKET = 15 * 60_000;
/** The zone's offset (minutes) through a quarter hour, by `zone|bucket`; null when it changes inside. */
const offsets = new Map<string, number | null>();

/** The zone's UTC offset in whole minutes at an instant (undefined for an offset with seconds). */
function offsetAt(ms: number, tz: string): number | undefined {
  let f = zoneFormats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    zoneFormats.set(tz, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const diff = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - Math.floor(ms / 1000) * 1000;
  return diff % 60_000 === 0 ? diff / 60_000 : undefined;
}

/**
 * formatIsoDateTime's answer (`2024-03-01T02:00:00-08:00`: the tenant's wall time to the second, its
 * offset) without Temporal, which costs ~0.1 ms a value; an export formats millions. The zone's offset is
 * looked up once per quarter hour (and not cached for a quarter hour in which it changes). Answers
 * undefined when the value is not one Date reads exactly (the caller falls back to Temporal).
 */
export function fastIsoDateTime(v: string, tz: string): string | undefined {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(v)) return undefined;
  const ms = Date.parse(v);
  if (!Number.isFinite(ms)) return undefined;
  const key = `${tz}|${Math.floor(ms / BUCKET)}`;
  let off = offsets.get(key);
  if (off === undefined) {
    const start = Math.floor(ms / BUCKET) * BUCKET;
    const a = offsetAt(start, tz);
    const b = offsetAt(start + BUCKET - 1, tz);
    if (a === undefined || b === undefined) return undefined;
    off = a === b ? a : null;
    if (offsets.size > 50_000) offsets.clear();
    offsets.set(key, off);
  }
  if (off === null) {
    const exact = offsetAt(ms, tz);
    if (exact === undefined) return undefined;
    off = exact;
  }
  const w = new Date(Math.floor(ms / 1000) * 1000 + off * 60_000);
  const y = w.getUTCFullYear();
  if (y < 1000 || y > 9999) return undefined;
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${y}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}T${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The wire value of a stored value, by the field's type. */
function wire(f: QueryField, v: unknown, tz: string): unknown {
  if (v === undefined || v === null) return null;
  // a multiselect custom field holds a list
  if (Array.isArray(v)) return v;
  switch (f.type) {
    case 'boolean':
      return v === true || v === 1 || v === '1' || v === 'true';
    case 'integer':
      return typeof v === 'number' ? v : Number(v);
    case 'decimal':
      try {
        return toJsonNumber(v as string);
      } catch {
        return null;
      }
    case 'datetime':
      try {
        return fastIsoDateTime(String(v), tz) ?? formatIsoDateTime(Temporal.Instant.from(String(v)), tz);
      } catch {
        return String(v);
      }
    default: {
      const text = typeof v === 'string' ? v : String(v);
      const back = f.stored ? Object.entries(f.stored).find(([, st]) => st === text) : undefined;
      return back ? back[0] : text;
    }
  }
}

/** A stored row as a record: every field by its Zuora name, wire values, null when unset. */
export function toRecord(obj: QueryObject, row: QueryRow, tz: string, only?: QueryField[]): QueryRow {
  const out: QueryRow = {};
  const parsed = new Map<string, Record<string, unknown>>();
  for (const f of only ?? obj.fields) {
    let v: unknown;
    if (f.read) v = f.read(row);
    else if (f.via) v = row[viaAlias(f)];
    else if (f.when) v = row[f.when[0]] === f.when[1] && f.column ? row[f.column] : null;
    else if (f.column) v = row[f.column];
    else if (f.json) {
      const [col, key] = f.json;
      if (!parsed.has(col)) {
        try {
          parsed.set(col, JSON.parse(String(row[col] ?? '{}')) as Record<string, unknown>);
        } catch {
          parsed.set(col, {});
        }
      }
      v = parsed.get(col)![key];
    }
    out[f.name] = wire(f, v, tz);
  }
  return out;
}

/** The result column of a field read from another table. */
export const viaAlias = (f: QueryField) => `via_${f.name.toLowerCase()}`;

const idField = (obj: QueryObject) => obj.fields.find((f) => f.name === 'Id')!;

export async function runQuery(ctx: Ctx, obj: QueryObject, o: RunOptions): Promise<QueryRow[]> {
  const tz = ctx.tenant.timezone;
  if (obj.load) return runLoaded(ctx, obj, o);
  if (!obj.table) throw new ZuoraError(errorCode(UNKNOWN_RESOURCE, Category.INTERNAL), `${obj.name} has no data source`);
  const pg = isPostgres(ctx);
  let q = ctx.db.selectFrom(obj.table).selectAll(obj.table).where(`${obj.table}.tenant_id`, '=', ctx.tenant.id);
  const vias = (o.fields ? [...o.fields, ...obj.fields.filter((f) => f.name === 'Id')] : obj.fields).filter((f) => f.via);
  for (const f of vias) q = q.select(sql`${fieldSql(f, pg, true)}`.as(viaAlias(f)));
  for (const [col, v] of Object.entries(obj.fixed ?? {})) q = q.where(col, '=', v);
  if (o.where) {
    const w = o.where;
    q = q.where((eb) => compileFilter(eb, w, pg));
  }
  if (o.afterId !== undefined) q = q.where('id', '>', o.afterId);
  // nulls sort as the smallest value on both databases (SQLite's way, and the in-memory order's)
  for (const s of o.sort ?? []) q = q.orderBy(s.desc ? sql`${fieldSql(s.field, pg)} desc nulls last` : sql`${fieldSql(s.field, pg)} asc nulls first`);
  const lastDesc = o.sort?.length ? o.sort[o.sort.length - 1]!.desc : false;
  q = q.orderBy('id', lastDesc ? 'desc' : 'asc').limit(o.limit);
  if (o.offset) q = q.offset(o.offset);
  const rows = (await q.execute()) as QueryRow[];
  const only = o.fields ? [...new Set([idField(obj), ...o.fields])] : undefined;
  return rows.map((r) => toRecord(obj, r, tz, only));
}

async function runLoaded(ctx: Ctx, obj: QueryObject, o: RunOptions): Promise<QueryRow[]> {
  const tz = ctx.tenant.timezone;
  const raw = await obj.load!(ctx, LOAD_LIMIT + 1);
  if (raw.length > LOAD_LIMIT) {
    throw new ZuoraError(errorCode(UNKNOWN_RESOURCE, Category.LIMIT), `zbill queries ${obj.name} records in memory and this tenant holds more than ${LOAD_LIMIT} of them`);
  }
  let recs = raw.map((r) => toRecord(obj, r, tz));
  if (o.where) recs = recs.filter((r) => matches(o.where!, r));
  const id = idField(obj);
  const keys = [...(o.sort ?? []), { field: id, desc: o.sort?.length ? o.sort[o.sort.length - 1]!.desc : false }];
  recs.sort((a, b) => {
    for (const k of keys) {
      const c = cmpValues(a[k.field.name], b[k.field.name]);
      if (c !== 0) return k.desc ? -c : c;
    }
    return 0;
  });
  if (o.afterId !== undefined) recs = recs.filter((r) => String(r.Id) > o.afterId!);
  return recs.slice(o.offset ?? 0, (o.offset ?? 0) + o.limit);
}

function cmpValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}

/** Records of `obj` whose `field` is one of `values` (for expand and related reads), in chunks. */
export async function recordsWhereIn(ctx: Ctx, obj: QueryObject, field: QueryField, values: unknown[], limitEach = 10_000): Promise<QueryRow[]> {
  const distinct = [...new Set(values.filter((v) => v !== null && v !== undefined).map(String))];
  const out: QueryRow[] = [];
  for (let i = 0; i < distinct.length; i += 500) {
    const chunk = distinct.slice(i, i + 500);
    const where: Resolved = { kind: 'cmp', field, op: 'in', value: field.type === 'text' && !field.exact ? chunk.map((s) => s) : chunk };
    out.push(...(await runQuery(ctx, obj, { where, limit: limitEach })));
  }
  return out;
}
