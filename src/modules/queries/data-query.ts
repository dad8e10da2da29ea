/**
 * Data Query (`POST/GET /query/jobs`, `GET/DELETE /query/jobs/{job-id}`): a SELECT in the subset
 * data-query-sql.ts parses, over Zuora's data source table names (`account`, `invoiceitem`, … the objects
 * of the query registry by their lower-case names, custom fields included and all filterable, as the
 * "Custom field settings" page gives it for Data Query), run as the `queries.dataquery` platform job.
 * Rows are read through the engine (one statement per 2,000 rows, keyset on Id, or offset pages when the
 * query orders them) and written as chunks of one AQuA file per job, served at GET /v1/files/{file-id}
 * (`dataFile`), as CSV, TSV, DSV (columnSeparator) or JSON lines, gzip-compressed on request. Aggregates
 * (COUNT/SUM/MIN/MAX/AVG, GROUP BY) are computed while reading, exactly (decimal.js).
 *
 * A query zbill cannot answer exactly is refused at submission (400, the REST envelope, message naming
 * the construct); a problem met while running makes the job `failed` with its errorMessage.
 * Not built (501): compression ZIP, encryptionKey, sourceData WAREHOUSE, readDeleted true.
 */
import type { Ctx } from '../../platform/context.js';
import { Temporal } from '../../platform/dates.js';
import { invalidValue, missingField, notFound, notImplemented, ruleViolation, ZuoraError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { cancelJob, enqueueJob, JobCanceled, type JobRun } from '../../platform/jobs.js';
import { D, toJsonNumber } from '../../platform/money.js';
import { queryObject, type QueryField, type QueryObject, type QueryRow } from './contract.js';
import { withCustomFields } from './custom-fields.js';
import { DataQuerySyntaxError, parseDataQuery, type Agg, type ParsedQuery } from './data-query-sql.js';
import * as store from './data-query-store.js';
import * as files from './aqua-store.js';
import { runQuery } from './engine.js';
import { fieldByName, isFilterable, resolveFilter, type Filter, type Resolved } from './filter.js';

export const DATA_QUERY_JOB = 'queries.dataquery';
const PAGE = 2000;
/** Groups an aggregate query may produce. */
export const MAX_GROUPS = 100_000;
type Body = Record<string, unknown>;

interface OutColumn {
  label: string;
  field?: QueryField;
  agg?: Agg;
  star?: boolean;
}
interface Compiled {
  obj: QueryObject;
  columns: OutColumn[];
  where?: Resolved;
  groupBy: QueryField[];
  aggregate: boolean;
  sort: Array<{ field: QueryField; desc: boolean }>;
  /** ORDER BY of an aggregate query: output column indexes. */
  outSort: Array<{ index: number; desc: boolean }>;
  limit?: number;
}

const bad = (m: string) => invalidValue(`Data Query: ${m}`);

export async function compileDataQuery(ctx: Ctx, text: string): Promise<Compiled> {
  let q: ParsedQuery;
  try {
    q = parseDataQuery(text);
  } catch (e) {
    if (e instanceof DataQuerySyntaxError) throw bad(e.message);
    throw e;
  }
  const declared = queryObject(q.table);
  if (!declared) throw bad(`'${q.table}' is not a table zbill's Data Query knows (tables are Zuora objects by their lower-case names, e.g. account, invoiceitem)`);
  const obj = await withCustomFields(ctx, declared, true);
  const names = new Set([q.table.toLowerCase(), ...(q.alias ? [q.alias.toLowerCase()] : [])]);
  const local = (col: string): string => {
    const dot = col.indexOf('.');
    if (dot < 0) return col;
    const qual = col.slice(0, dot);
    if (!names.has(qual.toLowerCase())) throw bad(`'${col}': '${qual}' is not the queried table or its alias (joins are not supported)`);
    return col.slice(dot + 1);
  };
  const field = (col: string): QueryField => {
    const f = fieldByName(obj, local(col));
    if (!f || f.selectable === false) throw bad(`'${col}' is not a column of ${q.table}`);
    return f;
  };
  const columns: OutColumn[] = [];
  for (const it of q.items) {
    if (it.kind === 'all') for (const f of obj.fields.filter((x) => x.selectable !== false)) columns.push({ label: f.name.toLowerCase(), field: f });
    else if (it.kind === 'column') columns.push({ label: it.label, field: field(it.column!) });
    else columns.push({ label: it.label, agg: it.agg!, ...(it.star ? { star: true } : { field: field(it.column!) }) });
  }
  const groupBy = q.groupBy.map(field);
  const aggregate = groupBy.length > 0 || columns.some((c) => c.agg);
  if (aggregate) {
    if (q.items.some((i) => i.kind === 'all')) throw bad('SELECT * cannot be combined with aggregates or GROUP BY');
    for (const c of columns) if (!c.agg && !groupBy.includes(c.field!)) throw bad(`'${c.label}' must appear in GROUP BY or be inside an aggregate`);
    for (const c of columns)
      if ((c.agg === 'sum' || c.agg === 'avg') && c.field!.type !== 'decimal' && c.field!.type !== 'integer') throw bad(`${c.agg.toUpperCase()}(${c.label}) needs a number column`);
  }
  const rename = (w: Filter): Filter => (w.kind === 'cmp' ? { ...w, field: local(w.field) } : { kind: w.kind, items: w.items.map(rename) });
  let where: Resolved | undefined;
  if (q.where) {
    try {
      where = resolveFilter(obj, rename(q.where), { tenantTimeZone: ctx.tenant.timezone, label: (n) => `${q.table}.${n}` });
    } catch (e) {
      if (e instanceof ZuoraError) throw bad(e.message);
      throw e;
    }
  }
  const sort: Compiled['sort'] = [];
  const outSort: Compiled['outSort'] = [];
  for (const o of q.orderBy) {
    if (aggregate) {
      const idx = columns.findIndex((c) => c.label.toLowerCase() === o.column.toLowerCase() || (!c.agg && c.field === fieldByName(obj, local(o.column))));
      if (idx < 0) throw bad(`ORDER BY '${o.column}' must name a selected column of the aggregate query`);
      outSort.push({ index: idx, desc: o.desc });
    } else {
      const f = field(o.column);
      if (!isFilterable(f)) throw bad(`${q.table} cannot be ordered by '${o.column}'`);
      sort.push({ field: f, desc: o.desc });
    }
  }
  return { obj, columns, where, groupBy, aggregate, sort, outSort, ...(q.limit !== undefined ? { limit: q.limit } : {}) };
}

// ---------------------------------------------------------------- jobs

const FORMATS = ['JSON', 'CSV', 'TSV', 'DSV'];
const jobKey = (id: string) => id.replace(/-/g, '');
const uuid = () => {
  const h = newId();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

export async function submitDataQuery(ctx: Ctx, body: unknown): Promise<Body> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalidValue('the request body must be a JSON object');
  const b = body as Body;
  if (b.query === undefined || b.query === null || b.query === '') throw missingField("'query' is required");
  if (typeof b.query !== 'string') throw invalidValue("'query' must be a string");
  if (b.outputFormat === undefined || b.outputFormat === null) throw missingField("'outputFormat' is required");
  if (typeof b.outputFormat !== 'string' || !FORMATS.includes(b.outputFormat.toUpperCase())) throw invalidValue("'outputFormat' must be one of JSON, CSV, TSV, DSV");
  if (b.compression === undefined || b.compression === null) throw missingField("'compression' is required");
  if (typeof b.compression !== 'string' || !['NONE', 'GZIP', 'ZIP'].includes(b.compression.toUpperCase())) throw invalidValue("'compression' must be one of NONE, GZIP, ZIP");
  if (b.compression.toUpperCase() === 'ZIP') throw notImplemented('Data Query compression ZIP (NONE and GZIP are supported)');
  const out = b.output as Body | undefined;
  if (out === undefined || out === null) throw missingField("'output' is required");
  if (typeof out !== 'object' || out.target === undefined) throw missingField("'output.target' is required");
  if (String(out.target).toUpperCase() !== 'S3') throw invalidValue("'output.target' must be S3");
  if (b.encryptionKey !== undefined && b.encryptionKey !== null) throw notImplemented('Data Query encryptionKey (encrypted results)');
  if (b.sourceData !== undefined && b.sourceData !== null && b.sourceData !== 'LIVE') {
    if (b.sourceData === 'WAREHOUSE') throw notImplemented('Data Query sourceData WAREHOUSE (zbill answers from LIVE data)');
    throw invalidValue("'sourceData' must be LIVE or WAREHOUSE");
  }
  if (b.readDeleted === true) throw notImplemented('Data Query readDeleted (zbill keeps no deleted records to read)');
  if (b.readDeleted !== undefined && b.readDeleted !== null && typeof b.readDeleted !== 'boolean') throw invalidValue("'readDeleted' must be a boolean");
  if (b.useIndexJoin !== undefined && b.useIndexJoin !== null && typeof b.useIndexJoin !== 'boolean') throw invalidValue("'useIndexJoin' must be a boolean");
  const format = b.outputFormat.toLowerCase();
  let sep: string | null = null;
  if (format === 'dsv') {
    if (typeof b.columnSeparator !== 'string' || b.columnSeparator.length !== 1 || /["\r\n]/.test(b.columnSeparator)) throw invalidValue("'columnSeparator' must be one character (not a quote or line break) for DSV output");
    sep = b.columnSeparator;
  } else if (b.columnSeparator !== undefined && b.columnSeparator !== null) throw invalidValue("'columnSeparator' applies to DSV output only");
  await compileDataQuery(ctx, b.query);
  const now = ctx.now().toString({ smallestUnit: 'millisecond' });
  const row = await store.insertJob(ctx, {
    id: uuid(),
    tenant_id: ctx.tenant.id,
    query: b.query,
    output_format: format,
    compression: b.compression.toLowerCase(),
    column_separator: sep,
    use_index_join: b.useIndexJoin === true ? 1 : 0,
    status: 'accepted',
    output_rows: null,
    processing_time: null,
    file_id: null,
    error_message: null,
    created_on: now,
    updated_on: now,
  });
  await enqueueJob(ctx, DATA_QUERY_JOB, { jobId: row.id }, { id: jobKey(row.id), maxAttempts: 3 });
  return { data: view(ctx, row) };
}

function view(ctx: Ctx, r: store.DataQueryJobRow): Body {
  const v: Body = { id: r.id, query: r.query, useIndexJoin: r.use_index_join === 1, sourceData: 'LIVE', queryStatus: r.status, remainingRetries: 3, updatedOn: r.updated_on };
  if (r.status === 'completed') {
    v.dataFile = `${ctx.baseUrl}/v1/files/${r.file_id}`;
    v.outputRows = r.output_rows;
    v.processingTime = r.processing_time;
  }
  if (r.status === 'failed' && r.error_message) v.errorMessage = r.error_message;
  return v;
}

async function mustJob(ctx: Ctx, id: string) {
  const r = await store.findJob(ctx, id);
  if (!r) throw notFound(`No Data Query job with id ${id}`);
  return r;
}

export async function getDataQuery(ctx: Ctx, id: string): Promise<Body> {
  return { data: view(ctx, await mustJob(ctx, id)) };
}

export async function listDataQueries(ctx: Ctx, params: { queryStatus?: unknown; pageSize?: unknown }): Promise<Body> {
  const st = params.queryStatus;
  if (st !== undefined && !['accepted', 'in_progress', 'completed', 'failed', 'cancelled'].includes(String(st))) throw invalidValue("'queryStatus' must be one of accepted, in_progress, completed, failed, cancelled");
  const size = params.pageSize === undefined || params.pageSize === '' ? 20 : Number(params.pageSize);
  if (!Number.isInteger(size) || size < 1 || size > 1000) throw invalidValue("'pageSize' must be an integer from 1 to 1000");
  const rows = await store.listJobs(ctx, st === undefined ? undefined : String(st), size);
  return { data: rows.map((r) => view(ctx, r)) };
}

/** DELETE: an accepted job is cancelled (a running one stops at its next page and keeps nothing); a finished one is refused. */
export async function cancelDataQuery(ctx: Ctx, id: string): Promise<Body> {
  const r = await mustJob(ctx, id);
  if (r.status !== 'accepted' && r.status !== 'in_progress') throw ruleViolation(`The Data Query job ${id} is ${r.status} and cannot be cancelled`);
  await cancelJob(ctx, jobKey(id));
  const now = ctx.now().toString({ smallestUnit: 'millisecond' });
  await store.updateJob(ctx, id, { status: 'cancelled', updated_on: now });
  return { data: view(ctx, { ...r, status: 'cancelled', updated_on: now }) };
}

// ---------------------------------------------------------------- the run

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.join(',');
  return String(v);
}

function writer(format: string, sep: string | null, labels: string[]) {
  if (format === 'json') return { header: '', line: (cells: unknown[]) => JSON.stringify(Object.fromEntries(labels.map((l, i) => [l, cells[i] ?? null]))) + '\n' };
  const s = format === 'tsv' ? '\t' : format === 'dsv' ? sep! : ',';
  const cell = (v: unknown) => {
    const t = text(v);
    return t.includes(s) || /["\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  return { header: labels.map(cell).join(s) + '\n', line: (cells: unknown[]) => cells.map(cell).join(s) + '\n' };
}

function cmp(f: QueryField | undefined, a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (f && (f.type === 'decimal' || f.type === 'integer')) return new D(String(a)).cmp(new D(String(b)));
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (f?.type === 'datetime') {
    try {
      return Temporal.Instant.compare(Temporal.Instant.from(String(a)), Temporal.Instant.from(String(b)));
    } catch {
      /* compare as text */
    }
  }
  return String(a) < String(b) ? -1 : 1;
}

interface Acc {
  keys: unknown[];
  n: number[];
  sum: Array<InstanceType<typeof D> | null>;
  best: unknown[];
}

export async function runDataQueryJob(ctx: Ctx, payload: { jobId: string }, run: JobRun): Promise<unknown> {
  const row = await store.findJob(ctx, payload.jobId);
  if (!row || row.status !== 'accepted') return { skipped: true };
  const started = Date.now();
  const fail = async (message: string) => {
    await store.updateJob(ctx, row.id, { status: 'failed', error_message: message, updated_on: ctx.now().toString({ smallestUnit: 'millisecond' }) });
    return { failed: message };
  };
  let c: Compiled;
  try {
    c = await compileDataQuery(ctx, row.query);
  } catch (e) {
    if (e instanceof ZuoraError) return fail(e.message);
    throw e;
  }
  const w = writer(row.output_format, row.column_separator, c.columns.map((x) => x.label));
  const fileId = newId();
  let seq = 0;
  let count = 0;
  const put = async (chunk: string) => {
    if (chunk) await files.insertChunk(ctx, fileId, seq++, chunk);
  };
  const read = [...new Set([...c.columns.map((x) => x.field).filter((f): f is QueryField => !!f), ...c.groupBy])];
  let header = w.header;
  // rows in pages: keyset on Id without ORDER BY, offset pages with it
  const pages = async function* () {
    let afterId: string | undefined;
    let offset = 0;
    const cap = c.aggregate ? Infinity : (c.limit ?? Infinity);
    let served = 0;
    for (;;) {
      if (await run.cancelRequested()) throw new JobCanceled();
      const want = Math.min(PAGE, cap - served);
      if (want <= 0) return;
      const page: QueryRow[] = await runQuery(ctx, c.obj, { where: c.where, limit: want, fields: read, ...(c.sort.length && !c.aggregate ? { sort: c.sort, offset } : { afterId }) });
      served += page.length;
      yield page;
      if (page.length < want) return;
      afterId = String(page[page.length - 1]!.Id);
      offset += page.length;
    }
  };
  try {
    if (!c.aggregate) {
      for await (const page of pages()) {
        let chunk = header;
        header = '';
        for (const r of page) chunk += w.line(c.columns.map((col) => r[col.field!.name] ?? null));
        count += page.length;
        await put(chunk);
        await run.progress({ records: count });
      }
      await put(header);
    } else {
      const groups = new Map<string, Acc>();
      for await (const page of pages()) {
        for (const r of page) {
          const keys = c.groupBy.map((f) => r[f.name] ?? null);
          const k = JSON.stringify(keys);
          let g = groups.get(k);
          if (!g) {
            if (groups.size >= MAX_GROUPS) return fail(`the query makes more than ${MAX_GROUPS} groups`);
            g = { keys, n: c.columns.map(() => 0), sum: c.columns.map(() => null), best: c.columns.map(() => null) };
            groups.set(k, g);
          }
          c.columns.forEach((col, i) => {
            if (!col.agg) return;
            const v = col.star ? 1 : r[col.field!.name];
            if (v === null || v === undefined) return;
            g!.n[i]!++;
            if (col.agg === 'sum' || col.agg === 'avg') g!.sum[i] = (g!.sum[i] ?? new D(0)).plus(new D(String(v)));
            if (col.agg === 'min' && (g!.best[i] === null || cmp(col.field, v, g!.best[i]) < 0)) g!.best[i] = v;
            if (col.agg === 'max' && (g!.best[i] === null || cmp(col.field, v, g!.best[i]) > 0)) g!.best[i] = v;
          });
        }
        await run.progress({ records: groups.size });
      }
      if (!groups.size && !c.groupBy.length) groups.set('[]', { keys: [], n: c.columns.map(() => 0), sum: c.columns.map(() => null), best: c.columns.map(() => null) });
      let out = [...groups.values()].map((g) =>
        c.columns.map((col, i) => {
          if (!col.agg) return g.keys[c.groupBy.indexOf(col.field!)] ?? null;
          if (col.agg === 'count') return g.n[i];
          if (col.agg === 'sum') return g.sum[i] === null ? null : toJsonNumber(g.sum[i]!);
          if (col.agg === 'avg') return g.n[i] ? toJsonNumber(g.sum[i]!.div(g.n[i]!)) : null;
          return g.best[i] ?? null;
        }),
      );
      if (c.outSort.length)
        out.sort((a, b) => {
          for (const s of c.outSort) {
            const col = c.columns[s.index]!;
            const r = cmp(col.agg === 'count' ? undefined : col.field, a[s.index], b[s.index]);
            if (r !== 0) return s.desc ? -r : r;
          }
          return 0;
        });
      if (c.limit !== undefined) out = out.slice(0, c.limit);
      let chunk = header;
      for (const cells of out) chunk += w.line(cells);
      count = out.length;
      await put(chunk);
    }
  } catch (e) {
    if (e instanceof ZuoraError) return fail(e.message);
    throw e;
  }
  const ext = row.output_format + (row.compression === 'gzip' ? '.gz' : '');
  await files.insertFile(ctx, { id: fileId, name: `${row.id}.${ext}`, format: ext, chunks: seq, created_at: ctx.now().toString() });
  await store.updateJob(ctx, row.id, { status: 'completed', output_rows: count, processing_time: Math.max(1, Date.now() - started), file_id: fileId, updated_on: ctx.now().toString({ smallestUnit: 'millisecond' }) });
  return { records: count };
}

