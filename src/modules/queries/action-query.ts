/**
 * POST /v1/action/query and /v1/action/queryMore: ZOQL over the registry.
 *
 * A batch holds `conf.batchSize` records (1 to 2,000; default 2,000). Records
 * come in Id order and name their fields as Zuora does (PascalCase); `Id` is
 * always there; a null field is left out (the action query page says so).
 * When more records remain, `done` is false and `queryLocator` names the next
 * batch. zbill's locator is stateless (the query, the last Id served and the
 * batch size, bound to the tenant): it never expires and holds no server
 * memory; a locator of another tenant, or altered, is refused.
 */
import type { Ctx } from '../../platform/context.js';
import { invalidValue, missingField } from '../../platform/errors.js';
import { withCustomFields } from './custom-fields.js';
import { queryObject, type QueryField, type QueryObject, type QueryRow } from './contract.js';
import { runQuery } from './engine.js';
import { QueryFault, resolveFilter, type Resolved } from './filter.js';
import { parseZoql } from './zoql.js';

export const DEFAULT_BATCH = 2000;
export const MAX_BATCH = 2000;

interface Compiled {
  obj: QueryObject;
  fields: QueryField[];
  where?: Resolved;
}

export async function compileZoql(ctx: Ctx, queryString: string): Promise<Compiled> {
  const q = parseZoql(queryString);
  const declared = queryObject(q.object.name);
  if (!declared || declared.zoql === false) throw new QueryFault('INVALID_TYPE', `invalid object type for query: ${q.object.name}`);
  const obj = await withCustomFields(ctx, declared);
  const fields: QueryField[] = [];
  for (const f of q.fields) {
    const found = obj.fields.find((x) => x.name.toLowerCase() === f.name.toLowerCase());
    if (!found || found.selectable === false) throw new QueryFault('INVALID_FIELD', `invalid field for query: ${obj.name}.${f.name}`);
    if (!fields.includes(found)) fields.push(found);
  }
  const where = q.where ? resolveFilter(obj, q.where, { tenantTimeZone: ctx.tenant.timezone }) : undefined;
  return { obj, fields, where };
}

function batchSizeOf(conf: unknown, fallback: number): number {
  if (conf === undefined || conf === null) return fallback;
  if (typeof conf !== 'object' || Array.isArray(conf)) throw invalidValue("'conf' must be of type object");
  const b = (conf as Record<string, unknown>).batchSize;
  if (b === undefined || b === null) return fallback;
  if (typeof b !== 'number' || !Number.isInteger(b) || b < 1 || b > MAX_BATCH) {
    throw new QueryFault('INVALID_VALUE', `conf.batchSize must be an integer from 1 to ${MAX_BATCH}`);
  }
  return b;
}

function pick(rec: QueryRow, fields: QueryField[]): QueryRow {
  const out: QueryRow = {};
  for (const f of fields) {
    const v = rec[f.name];
    if (v !== null && v !== undefined) out[f.name] = v;
  }
  if (out.Id === undefined && rec.Id !== null && rec.Id !== undefined) out.Id = rec.Id;
  return out;
}

interface Locator {
  t: string;
  q: string;
  a: string;
  b: number;
}

function encodeLocator(l: Locator): string {
  return Buffer.from(JSON.stringify(l), 'utf8').toString('base64url');
}

function decodeLocator(ctx: Ctx, s: unknown): Locator {
  const bad = () => new QueryFault('INVALID_QUERY_LOCATOR', 'invalid query locator');
  if (typeof s !== 'string' || s === '' || s.length > 20_000 || !/^[A-Za-z0-9_-]+$/.test(s)) throw bad();
  let l: Locator;
  try {
    l = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Locator;
  } catch {
    throw bad();
  }
  if (!l || typeof l !== 'object' || l.t !== ctx.tenant.id || typeof l.q !== 'string' || typeof l.a !== 'string' || typeof l.b !== 'number') throw bad();
  return l;
}

async function batch(ctx: Ctx, queryString: string, size: number, afterId?: string) {
  const c = await compileZoql(ctx, queryString);
  const rows = await runQuery(ctx, c.obj, { where: c.where, afterId, limit: size + 1, fields: c.fields });
  const served = rows.slice(0, size);
  const records = served.map((r) => pick(r, c.fields));
  const done = rows.length <= size;
  const out: Record<string, unknown> = { size: records.length, records, done };
  if (!done) out.queryLocator = encodeLocator({ t: ctx.tenant.id, q: queryString, a: String(served[served.length - 1]!.Id), b: size });
  return out;
}

export async function actionQuery(ctx: Ctx, body: Record<string, unknown>) {
  const qs = body.queryString;
  if (qs === undefined || qs === null) throw missingField("'queryString' is required");
  if (typeof qs !== 'string') throw invalidValue("'queryString' must be of type string");
  return batch(ctx, qs, batchSizeOf(body.conf, DEFAULT_BATCH));
}

export async function actionQueryMore(ctx: Ctx, body: Record<string, unknown>) {
  if (body.queryLocator === undefined || body.queryLocator === null) throw missingField("'queryLocator' is required");
  if (typeof body.queryLocator !== 'string') throw invalidValue("'queryLocator' must be of type string");
  const l = decodeLocator(ctx, body.queryLocator);
  return batch(ctx, l.q, batchSizeOf(body.conf, l.b), l.a);
}
