/**
 * The object query API (`GET /object-query/{objects}` and `/{objects}/{key}`)
 * over the registry: fields[], filter[] (`field.OP:value`, OP one of EQ, NE,
 * LT, GT, LE, GE, SW, IN; `null` as the value of EQ/NE checks for null;
 * IN takes `[a,b,…]`, at most 100 values; several filters all apply),
 * expand[] (the object's registered relations, nested with dots), sort[]
 * (`field.ASC|DESC`, on filterable fields), pageSize (1–99, default 10) and
 * cursor, includeNullFields. Names are case-insensitive; answers use the
 * camelCase names of the spec. Default order: updatedDate descending, then
 * id, as Zuora's cursors show. nextPage is the cursor of the next page.
 */
import type { Ctx } from '../../platform/context.js';
import { Category, errorCode, notFound, UNKNOWN_RESOURCE, ZuoraError } from '../../platform/errors.js';
import { queryObject, type QueryField, type QueryObject, type QueryRelation, type QueryRow } from './contract.js';
import { recordsWhereIn, runQuery } from './engine.js';
import { isFilterable, resolveFilter, type Filter, type Literal, type Op, type Resolved } from './filter.js';

const invalid = (m: string) => new ZuoraError(errorCode(UNKNOWN_RESOURCE, Category.INVALID_VALUE), m);

export const wireNameOf = (f: QueryField) => f.wireName ?? f.name.charAt(0).toLowerCase() + f.name.slice(1);

function byWireName(obj: QueryObject, name: string): QueryField | undefined {
  const n = name.toLowerCase();
  return obj.fields.find((f) => wireNameOf(f).toLowerCase() === n);
}

/** A query parameter given once or many times, comma lists split where the parameter allows it. */
function list(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  const arr = Array.isArray(v) ? v : [v];
  return arr.map(String);
}

const OPS: Record<string, Op> = { EQ: '=', NE: '!=', LT: '<', GT: '>', LE: '<=', GE: '>=', SW: 'sw', IN: 'in' };

export function parseFilterParam(s: string): Filter {
  const m = /^([A-Za-z0-9_]+)\.([A-Za-z]+):([\s\S]*)$/.exec(s);
  if (!m) throw invalid(`filter '${s}' is not of the form field.OPERATOR:value (e.g. accountnumber.EQ:A00000001)`);
  const [, field, opText, rawValue] = m as unknown as [string, string, string, string];
  const op = OPS[opText.toUpperCase()];
  if (!op) throw invalid(`filter '${s}': unknown operator '${opText}'; use EQ, NE, LT, GT, LE, GE, SW or IN`);
  if (op === 'in') {
    const lm = /^\[([\s\S]*)\]$/.exec(rawValue);
    if (!lm) throw invalid(`filter '${s}': IN takes a list such as [a,b]`);
    const items = lm[1]!.split(',').map((x) => x.trim());
    return { kind: 'cmp', field, op, value: items.map((x): Literal => ({ kind: 'string', value: x })) };
  }
  const value: Literal = rawValue.toLowerCase() === 'null' ? { kind: 'null' } : { kind: 'string', value: rawValue };
  return { kind: 'cmp', field, op, value };
}

interface Params {
  pageSize?: unknown;
  cursor?: unknown;
  'sort[]'?: unknown;
  'expand[]'?: unknown;
  'filter[]'?: unknown;
  'fields[]'?: unknown;
  includeNullFields?: unknown;
}

interface Plan {
  fields?: QueryField[];
  expand: ExpandNode[];
  includeNull: boolean;
}
interface ExpandNode {
  rel: QueryRelation;
  obj: QueryObject;
  children: ExpandNode[];
}

function boolParam(v: unknown, name: string): boolean {
  if (v === undefined || v === null || v === '') return false;
  const s = String(v).toLowerCase();
  if (s === 'true') return true;
  if (s === 'false') return false;
  throw invalid(`${name} must be true or false`);
}

function planOf(obj: QueryObject, p: Params): Plan {
  let fields: QueryField[] | undefined;
  const names = list(p['fields[]']).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
  if (names.length) {
    fields = [];
    for (const n of names) {
      const f = byWireName(obj, n);
      if (!f) throw invalid(`fields[]: '${n}' is not a field of ${obj.name}`);
      if (!fields.includes(f)) fields.push(f);
    }
  }
  const expand: ExpandNode[] = [];
  const paths = list(p['expand[]']).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
  for (const path of paths) {
    const segs = path.toLowerCase().split('.');
    if (segs.length > 3) throw invalid(`expand[]: '${path}' nests deeper than three levels`);
    let level = expand;
    let cur = obj;
    for (const seg of segs) {
      const rel = (cur.relations ?? []).find((r) => r.name === seg);
      const target = rel ? queryObject(rel.object) : undefined;
      if (!rel || !target) throw invalid(`expand[]: '${path}' is not an expandable relation of ${obj.name} in zbill`);
      let node = level.find((n) => n.rel === rel);
      if (!node) level.push((node = { rel, obj: target, children: [] }));
      level = node.children;
      cur = target;
    }
  }
  return { fields, expand, includeNull: boolParam(p.includeNullFields, 'includeNullFields') };
}

function shape(obj: QueryObject, rec: QueryRow, plan: { fields?: QueryField[]; includeNull: boolean }): QueryRow {
  const out: QueryRow = {};
  for (const f of plan.fields ?? obj.fields) {
    const v = rec[f.name];
    if (v === null || v === undefined) {
      if (plan.includeNull) out[wireNameOf(f)] = null;
      continue;
    }
    out[wireNameOf(f)] = v;
  }
  return out;
}

async function expandInto(ctx: Ctx, obj: QueryObject, recs: QueryRow[], shaped: QueryRow[], nodes: ExpandNode[], includeNull: boolean): Promise<void> {
  for (const node of nodes) {
    const local = obj.fields.find((f) => f.name === node.rel.localField)!;
    const remote = node.obj.fields.find((f) => f.name === node.rel.remoteField)!;
    const related = await recordsWhereIn(ctx, node.obj, remote, recs.map((r) => r[local.name]));
    const relatedShaped = related.map((r) => shape(node.obj, r, { includeNull }));
    if (node.children.length) await expandInto(ctx, node.obj, related, relatedShaped, node.children, includeNull);
    recs.forEach((r, i) => {
      const key = r[local.name];
      const idx: number[] = [];
      related.forEach((x, j) => {
        if (key !== null && key !== undefined && String(x[remote.name]) === String(key)) idx.push(j);
      });
      shaped[i]![node.rel.property] = node.rel.cardinality === 'one' ? (idx.length ? relatedShaped[idx[0]!] : null) : idx.map((j) => relatedShaped[j]);
    });
  }
}

function decodeCursor(c: unknown): number {
  if (c === undefined || c === null || c === '') return 0;
  try {
    const v = JSON.parse(Buffer.from(String(c), 'base64').toString('utf8')) as { offset?: unknown };
    if (typeof v.offset === 'number' && Number.isInteger(v.offset) && v.offset >= 0) return v.offset;
  } catch {
    /* fall through */
  }
  throw invalid('cursor is not a cursor this API returned');
}

export async function objectQueryList(ctx: Ctx, obj: QueryObject, p: Params) {
  const pageSize = p.pageSize === undefined || p.pageSize === '' ? 10 : Number(p.pageSize);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 99) throw invalid('pageSize must be an integer from 1 to 99');
  const plan = planOf(obj, p);
  const lookup = (n: string) => byWireName(obj, n);
  const filters = list(p['filter[]']).map(parseFilterParam);
  let where: Resolved | undefined;
  if (filters.length) {
    const all: Filter = filters.length === 1 ? filters[0]! : { kind: 'and', items: filters };
    where = resolveFilter(obj, all, { tenantTimeZone: ctx.tenant.timezone, lookup, label: (n) => n });
  }
  const sort: Array<{ field: QueryField; desc: boolean }> = [];
  for (const s of list(p['sort[]']).flatMap((x) => x.split(','))) {
    const m = /^([A-Za-z0-9_]+)\.(asc|desc)$/i.exec(s.trim());
    if (!m) throw invalid(`sort[] '${s}' is not of the form field.ASC or field.DESC`);
    const f = lookup(m[1]!);
    if (!f || !isFilterable(f)) throw invalid(`sort[]: ${obj.name} cannot be sorted on '${m[1]}'`);
    sort.push({ field: f, desc: m[2]!.toLowerCase() === 'desc' });
  }
  if (!sort.length) {
    const upd = obj.fields.find((f) => f.name === 'UpdatedDate' && isFilterable(f));
    if (upd) sort.push({ field: upd, desc: true });
    else sort.push({ field: obj.fields.find((f) => f.name === 'Id')!, desc: true });
  }
  const offset = decodeCursor(p.cursor);
  const recs = await runQuery(ctx, obj, { where, sort, offset, limit: pageSize + 1 });
  const page = recs.slice(0, pageSize);
  const data = page.map((r) => shape(obj, r, plan));
  await expandInto(ctx, obj, page, data, plan.expand, plan.includeNull);
  const more = recs.length > pageSize;
  return { nextPage: more ? Buffer.from(JSON.stringify({ offset: offset + pageSize })).toString('base64') : null, data };
}

export async function objectQueryByKey(ctx: Ctx, obj: QueryObject, key: string, p: Params) {
  const plan = planOf(obj, p);
  const id = obj.fields.find((f) => f.name === 'Id')!;
  let recs = await runQuery(ctx, obj, { where: { kind: 'cmp', field: id, op: '=', value: key }, limit: 1 });
  const numberField = obj.numberField ? obj.fields.find((f) => f.name === obj.numberField) : undefined;
  if (!recs.length && numberField) recs = await runQuery(ctx, obj, { where: { kind: 'cmp', field: numberField, op: '=', value: key }, limit: 1 });
  if (!recs.length) throw notFound(`${obj.label ?? obj.name} '${key}' does not exist`);
  const data = recs.map((r) => shape(obj, r, plan));
  await expandInto(ctx, obj, recs, data, plan.expand, plan.includeNull);
  return data[0]!;
}
