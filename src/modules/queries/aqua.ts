/**
 * AQuA, the aggregate query API (POST /v1/batch-query, GET and DELETE /v1/batch-query/jobs/{jobid}, GET
 * /v1/batch-query/jobs/partner/{partner}/project/{project}), over the same registry as ZOQL.
 *
 * A submitted job is a row of `aqua_jobs` (its batches in `aqua_batches`) and a platform job of the same id
 * (kind `queries.aqua`), run by the job worker. Each batch (a ZOQL or Export ZOQL query) is exported into a
 * CSV file kept in chunks of at most PAGE records: the export reads the object PAGE records at a time (keyset
 * on Id, one SQL statement per page) and writes each page as a chunk, so neither the export nor the download
 * (GET /v1/files/{file-id}, chunk by chunk) holds a whole file in memory. `format: gzip` serves the same CSV
 * gzipped; `zip`, `encrypted: pgp`, `notifyUrl`, a query's `deleted` and `convertToCurrencies` answer 501.
 *
 * Stateful mode (version 1.1 or later with partner and project): each job exports the records whose
 * UpdatedDate lies in its window (start, end]: end is the job's start time minus `offset` seconds, start is
 * the end of the partner/project's last completed job's window (none for the first job: a full export), or
 * `incrementalTime` when given (inclusive: records "beginning at" it). Consecutive jobs therefore see each
 * update once. Deleted records are not exported.
 *
 * Headers: with useQueryLabels the API names (`AccountNumber`; Export ZOQL `Account.AccountNumber`), without
 * it the labels (`Account Number`; Export ZOQL `Account: Account Number`). Export ZOQL selects fields of the
 * queried object (with or without its prefix) and of the objects it relates to one-to-one (`Account.Name`
 * from Invoice, `BillToContact.WorkEmail` from Account), read per page by id (one statement per 500 keys);
 * a where clause on a joined object, or a join of more than one level, answers 501.
 */
import { createGzip } from 'node:zlib';
import { Readable } from 'node:stream';
import type { Ctx } from '../../platform/context.js';
import { formatDateTime, Temporal } from '../../platform/dates.js';
import { invalidValue, missingField, notFound, notImplemented, ruleViolation, ZuoraError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { cancelJob, enqueueJob, getJob, JobCanceled, type JobRun } from '../../platform/jobs.js';
import { queryObject, type QueryField, type QueryObject, type QueryRelation, type QueryRow } from './contract.js';
import { compileZoql } from './action-query.js';
import { withCustomFields } from './custom-fields.js';
import { labelOf } from './describe.js';
import { recordsWhereIn, runQuery } from './engine.js';
import { fieldByName, QueryFault, resolveFilter, type Filter, type Resolved } from './filter.js';
import * as store from './aqua-store.js';
import { parseZoql } from './zoql.js';

export const AQUA_JOB = 'queries.aqua';
/** Records read per SQL statement and written per file chunk. */
export const PAGE = 2000;
export const MAX_QUERIES = 50;

type Body = Record<string, unknown>;

/** An exported column: a field of the queried object, or (Export ZOQL) of an object it joins to one-to-one. */
interface Column {
  field: QueryField;
  /** The join (`Account`, `BillToContact`) the field comes through, absent for the queried object's own. */
  join?: { name: string; label: string; relation: QueryRelation; object: QueryObject };
}

interface Compiled {
  obj: QueryObject;
  columns: Column[];
  where?: Resolved;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The to-one relation of `obj` an Export ZOQL prefix names: its join name, its property or the related object's name. */
function joinOf(obj: QueryObject, prefix: string): Column['join'] {
  const p = prefix.toLowerCase();
  for (const r of obj.relations ?? []) {
    if (r.cardinality !== 'one') continue;
    const name = r.joinName ?? cap(r.property);
    if ([name, r.property, r.name, r.object].some((n) => n.toLowerCase() === p)) {
      const related = queryObject(r.object);
      if (related) return { name, label: r.label ?? labelOf(name), relation: r, object: related };
    }
  }
  return undefined;
}

/**
 * Export ZOQL: the action query's grammar; a field is the queried object's (with or without its name as
 * prefix) or, prefixed with a join name, a field of an object it relates to one-to-one (`Account.Name`
 * from Invoice). A where clause names the queried object's fields only (a join there answers 501).
 */
async function compileExport(ctx: Ctx, query: string): Promise<Compiled> {
  const q = parseZoql(query);
  const declared = queryObject(q.object.name);
  if (!declared || declared.zoql === false) throw new QueryFault('INVALID_TYPE', `invalid object type for query: ${q.object.name}`);
  const obj = await withCustomFields(ctx, declared);
  const split = (name: string): [string | null, string] => {
    const dot = name.indexOf('.');
    if (dot < 0) return [null, name];
    const rest = name.slice(dot + 1);
    if (rest.includes('.')) throw notImplemented(`Export ZOQL joins of more than one level (${name})`);
    const prefix = name.slice(0, dot);
    return prefix.toLowerCase() === obj.name.toLowerCase() ? [null, rest] : [prefix, rest];
  };
  const columns: Column[] = [];
  for (const f of q.fields) {
    const [prefix, local] = split(f.name);
    const join = prefix === null ? undefined : joinOf(obj, prefix);
    if (prefix !== null && !join) throw new QueryFault('INVALID_FIELD', `invalid field for query: ${f.name} (${obj.name} has no join ${prefix})`);
    const target = join ? join.object : obj;
    const found = fieldByName(target, local);
    if (!found || found.selectable === false) throw new QueryFault('INVALID_FIELD', `invalid field for query: ${join ? join.name : obj.name}.${local}`);
    if (!columns.some((c) => c.field === found && c.join?.name === join?.name)) columns.push(join ? { field: found, join } : { field: found });
  }
  const rename = (w: Filter): Filter => {
    if (w.kind !== 'cmp') return { kind: w.kind, items: w.items.map(rename) };
    const [prefix, local] = split(w.field);
    if (prefix !== null) throw notImplemented(`Export ZOQL where clauses on joined objects (${w.field})`);
    return { ...w, field: local };
  };
  const where = q.where ? resolveFilter(obj, rename(q.where), { tenantTimeZone: ctx.tenant.timezone }) : undefined;
  return { obj, columns, where };
}

async function compile(ctx: Ctx, type: string, query: string): Promise<Compiled> {
  if (type === 'zoqlexport') return compileExport(ctx, query);
  const c = await compileZoql(ctx, query);
  return { obj: c.obj, columns: c.fields.map((field) => ({ field })), where: c.where };
}

/** Each page's joined records: one statement per 500 distinct keys per join. */
async function joinedValues(ctx: Ctx, c: Compiled, page: QueryRow[]): Promise<Map<string, Map<string, QueryRow>>> {
  const out = new Map<string, Map<string, QueryRow>>();
  for (const col of c.columns) {
    if (!col.join || out.has(col.join.name)) continue;
    const { relation, object } = col.join;
    const remote = fieldByName(object, relation.remoteField)!;
    const rows = await recordsWhereIn(ctx, object, remote, page.map((r) => r[relation.localField]));
    out.set(col.join.name, new Map(rows.map((r) => [String(r[remote.name]), r])));
  }
  return out;
}

const updatedField = (obj: QueryObject) => {
  const f = fieldByName(obj, 'UpdatedDate');
  return f && f.type === 'datetime' && (f.column || f.json) && f.filterable !== false ? f : undefined;
};

// ---------------------------------------------------------------- submit

function optString(b: Body, key: string, max?: number): string | undefined {
  const v = b[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalidValue(`'${key}' must be a string`);
  if (max !== undefined && v.length > max) throw invalidValue(`'${key}' must be at most ${max} characters`);
  return v;
}

function optBool(b: Body, key: string): boolean {
  const v = b[key];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw invalidValue(`'${key}' must be true or false`);
  return v;
}

function parseVersion(v: unknown): string {
  if (v === undefined || v === null) return '1.0';
  const s = typeof v === 'number' ? v.toFixed(1) : typeof v === 'string' ? v.trim() : '';
  if (!['1.0', '1.1', '1.2'].includes(s)) throw invalidValue(`'version' must be 1.0, 1.1 or 1.2`);
  return s;
}

/** `incrementalTime`: a date-time in the tenant's zone (`2015-01-21 10:30:01`) or with an offset. */
function parseInstant(s: string, tz: string): string {
  try {
    if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}$/.test(s)) return Temporal.PlainDateTime.from(s.replace(' ', 'T')).toZonedDateTime(tz).toInstant().toString();
    return Temporal.Instant.from(s.replace(' ', 'T')).toString();
  } catch {
    throw invalidValue(`'incrementalTime' is not a date-time such as 2015-01-21 10:30:01: ${s}`);
  }
}

export async function submitAquaJob(ctx: Ctx, body: unknown): Promise<Body> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalidValue('The request body must be a JSON object');
  const b = body as Body;
  const format = (optString(b, 'format') ?? 'csv').toLowerCase();
  if (format === 'zip') throw notImplemented(`AQuA results in zip format (csv and gzip are served)`);
  if (format !== 'csv' && format !== 'gzip') throw invalidValue(`'format' must be csv, zip or gzip`);
  const encrypted = optString(b, 'encrypted');
  if (encrypted !== undefined && encrypted.toLowerCase() !== 'none') throw notImplemented(`encrypted AQuA results`);
  if (optString(b, 'notifyUrl') !== undefined) throw notImplemented(`notifyUrl (AQuA completion callouts)`);
  const sourceData = optString(b, 'sourceData');
  if (sourceData !== undefined && sourceData !== 'LIVE') throw invalidValue(`'sourceData' must be LIVE`);
  const version = parseVersion(b.version);
  const name = optString(b, 'name', 32) ?? null;
  const partner = optString(b, 'partner', 255) ?? null;
  const project = optString(b, 'project', 255) ?? null;
  if ((partner === null) !== (project === null)) throw missingField(`'partner' and 'project' must be given together (stateful mode)`);
  const stateful = partner !== null;
  if (stateful && version === '1.0') throw invalidValue(`stateful mode (partner and project) needs version 1.1 or later; 1.0 is stateless only`);
  const inc = optString(b, 'incrementalTime');
  if (inc !== undefined && !stateful) throw invalidValue(`'incrementalTime' can only be used in stateful mode (partner and project)`);
  let offset = 0;
  if (b.offset !== undefined && b.offset !== null) {
    if (typeof b.offset !== 'number' || !Number.isInteger(b.offset) || b.offset < 0 || b.offset > 3600) throw invalidValue(`'offset' must be an integer from 0 to 3600 seconds`);
    offset = b.offset;
  }
  const nullReplacement = optString(b, 'nullReplacement', 255) ?? null;
  const useQueryLabels = optBool(b, 'useQueryLabels');
  const dateTimeUtc = optBool(b, 'dateTimeUtc');

  const qs = b.queries;
  if (qs === undefined || qs === null) throw missingField(`'queries' is required`);
  if (!Array.isArray(qs) || qs.length === 0) throw invalidValue(`'queries' must be a list of at least one query`);
  if (qs.length > MAX_QUERIES) throw invalidValue(`'queries' holds ${qs.length} queries; zbill takes at most ${MAX_QUERIES} in one job`);
  const id = newId();
  const now = ctx.now().toString();
  const batches: store.AquaBatchRow[] = [];
  for (const [i, raw] of qs.entries()) {
    const at = `queries[${i}]`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw invalidValue(`'${at}' must be an object`);
    const q = raw as Body;
    const query = q.query;
    if (query === undefined || query === null || query === '') throw missingField(`'${at}.query' is required`);
    if (typeof query !== 'string') throw invalidValue(`'${at}.query' must be a string`);
    const type = q.type;
    if (type === undefined || type === null) throw missingField(`'${at}.type' is required`);
    if (type !== 'zoql' && type !== 'zoqlexport') throw invalidValue(`'${at}.type' must be zoql or zoqlexport`);
    if (q.deleted !== undefined && q.deleted !== null) throw notImplemented(`exporting deleted records (${at}.deleted)`);
    if (q.convertToCurrencies !== undefined && q.convertToCurrencies !== null) throw notImplemented(`currency conversion in AQuA (${at}.convertToCurrencies)`);
    let c: Compiled;
    try {
      c = await compile(ctx, type, query);
    } catch (e) {
      if (e instanceof QueryFault) throw new ZuoraError(e.code, `${at}.query: ${e.message}`);
      throw e;
    }
    if (stateful && !updatedField(c.obj)) throw invalidValue(`${at}: ${c.obj.name} has no UpdatedDate, so it cannot be exported incrementally (stateful mode)`);
    batches.push({
      id: newId(),
      tenant_id: ctx.tenant.id,
      job_id: id,
      seq: i,
      name: optString(q, 'name', 255) ?? null,
      batch_type: type,
      query,
      api_version: optString(q, 'apiVersion', 20) ?? null,
      status: 'pending',
      full_export: 1,
      record_count: 0,
      file_id: null,
      message: null,
    });
  }
  const row: Omit<store.AquaJobRow, 'seq'> = {
    id,
    tenant_id: ctx.tenant.id,
    name,
    status: 'submitted',
    version,
    format,
    use_query_labels: useQueryLabels ? 1 : 0,
    date_time_utc: dateTimeUtc ? 1 : 0,
    null_replacement: nullReplacement,
    partner,
    project,
    offset_seconds: offset,
    incremental_time: inc !== undefined ? parseInstant(inc, ctx.tenant.timezone) : null,
    window_start: null,
    window_end: null,
    start_time: null,
    error_message: null,
    created_at: now,
    updated_at: now,
  };
  const saved = await store.insertJob(ctx, row, batches);
  await enqueueJob(ctx, AQUA_JOB, { jobId: id }, { id, maxAttempts: 3 });
  return { ...(await aquaJobView(ctx, saved, batches)), useLastCompletedJobQueries: false };
}

// ---------------------------------------------------------------- views

async function statusOf(ctx: Ctx, row: store.AquaJobRow): Promise<{ status: string; message?: string }> {
  if (row.status !== 'submitted') return { status: row.status, message: row.error_message ?? undefined };
  const job = await getJob(ctx, row.id);
  if (!job) return { status: 'submitted' };
  if (job.status === 'Running') return { status: 'executing' };
  if (job.status === 'Canceled') return { status: 'cancelled' };
  if (job.status === 'Failed') return { status: 'error', message: job.error?.message };
  return { status: 'submitted' };
}

function batchStatus(job: string, b: store.AquaBatchRow): string {
  if (b.status !== 'pending') return b.status;
  if (job === 'executing') return 'executing';
  if (job === 'cancelled' || job === 'error') return 'aborted';
  return 'pending';
}

export async function aquaJobView(ctx: Ctx, row: store.AquaJobRow, batches: store.AquaBatchRow[]): Promise<Body> {
  const st = await statusOf(ctx, row);
  const out: Body = {
    id: row.id,
    name: row.name,
    status: st.status,
    version: Number(row.version),
    format: row.format.toUpperCase(),
    encrypted: 'none',
    sourceData: 'LIVE',
    offset: row.offset_seconds,
    batches: batches.map((b) => {
      const x: Body = {
        batchId: b.id,
        name: b.name,
        batchType: b.batch_type,
        query: b.query,
        apiVersion: b.api_version,
        status: batchStatus(st.status, b),
        localizedStatus: batchStatus(st.status, b),
        recordCount: b.record_count,
        full: b.full_export === 1,
        message: b.message || null,
      };
      if (b.file_id) x.fileId = b.file_id;
      return Object.fromEntries(Object.entries(x).filter(([, v]) => v !== null));
    }),
  };
  if (row.partner !== null) Object.assign(out, { partner: row.partner, project: row.project });
  if (row.incremental_time) out.incrementalTime = formatDateTime(Temporal.Instant.from(row.incremental_time), ctx.tenant.timezone);
  if (row.start_time) out.startTime = formatDateTime(Temporal.Instant.from(row.start_time), ctx.tenant.timezone);
  if (st.message) out.message = st.message;
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== null));
}

async function mustJob(ctx: Ctx, id: string): Promise<store.AquaJobRow> {
  const row = await store.findJob(ctx, id);
  if (!row) throw notFound(`No AQuA job with id ${id}`);
  return row;
}

export async function getAquaJob(ctx: Ctx, id: string): Promise<Body> {
  const row = await mustJob(ctx, id);
  return aquaJobView(ctx, row, await store.batchesOf(ctx, id));
}

/** DELETE: a job not finished is cancelled (a running one stops at its next page and keeps nothing); a finished one is refused. */
export async function cancelAquaJob(ctx: Ctx, id: string): Promise<Body> {
  const row = await mustJob(ctx, id);
  const st = await statusOf(ctx, row);
  if (st.status === 'completed' || st.status === 'error' || st.status === 'cancelled') throw ruleViolation(`The AQuA job ${id} is ${st.status} and cannot be cancelled`);
  const job = await cancelJob(ctx, id);
  if (job?.status === 'Canceled') await store.updateJob(ctx, id, { status: 'cancelled', updated_at: ctx.now().toString() });
  const after = (await store.findJob(ctx, id))!;
  const view = await aquaJobView(ctx, after, await store.batchesOf(ctx, id));
  return { ...view, status: 'cancelled' };
}

export async function lastAquaJob(ctx: Ctx, partner: string, project: string): Promise<Body> {
  const row = await store.lastCompleted(ctx, partner, project);
  if (!row) throw notFound(`No completed AQuA job for partner ${partner} and project ${project}`);
  return aquaJobView(ctx, row, await store.batchesOf(ctx, row.id));
}

// ---------------------------------------------------------------- the export

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function cellOf(f: QueryField, v: unknown, job: store.AquaJobRow): string {
  if (v === null || v === undefined) return job.null_replacement ?? '';
  if (f.type === 'datetime' && job.date_time_utc === 1) {
    try {
      const z = Temporal.Instant.from(String(v)).toZonedDateTimeISO('UTC');
      return `${z.toPlainDate().toString()}T${z.toPlainTime().toString({ smallestUnit: 'second' })}+0000`;
    } catch {
      return String(v);
    }
  }
  return String(v);
}

function header(c: Compiled, type: string, labels: boolean): string {
  return c.columns
    .map(({ field: f, join }) => {
      if (labels) return type === 'zoqlexport' ? `${join ? join.name : c.obj.name}.${f.name}` : f.name;
      const label = f.label ?? labelOf(f.name);
      return type === 'zoqlexport' ? `${join ? join.label : (c.obj.label ?? labelOf(c.obj.name))}: ${label}` : label;
    })
    .map(csvCell)
    .join(',');
}

/** (start, end]: after the previous window's end (from `incrementalTime` on: inclusive), through this job's end. */
function windowFilter(f: QueryField, start: string | null, startInclusive: boolean, end: string): Resolved {
  const items: Resolved[] = [{ kind: 'cmp', field: f, op: '<=', value: end }];
  if (start) items.push({ kind: 'cmp', field: f, op: startInclusive ? '>=' : '>', value: start });
  return { kind: 'and', items };
}

/** The job handler: every batch exported into its file, in the job's transaction. */
export async function runAquaJob(ctx: Ctx, payload: { jobId: string }, run: JobRun): Promise<unknown> {
  const row = await store.findJob(ctx, payload.jobId);
  if (!row || row.status !== 'submitted') return { skipped: true };
  const start = ctx.now();
  const stateful = row.partner !== null;
  const windowEnd = stateful ? start.subtract({ seconds: row.offset_seconds }).toString() : null;
  const windowStart = stateful ? (row.incremental_time ?? (await store.lastCompleted(ctx, row.partner!, row.project!))?.window_end ?? null) : null;
  let total = 0;
  for (const b of await store.batchesOf(ctx, row.id)) {
    const c = await compile(ctx, b.batch_type, b.query);
    let where = c.where;
    if (stateful) {
      const w = windowFilter(updatedField(c.obj)!, windowStart, row.incremental_time !== null, windowEnd!);
      where = where ? { kind: 'and', items: [where, w] } : w;
    }
    // the fields the file shows, and the keys its joins read by
    const read = [...new Set(c.columns.map((col) => (col.join ? fieldByName(c.obj, col.join.relation.localField)! : col.field)))];
    const fileId = newId();
    let seq = 0;
    let count = 0;
    let afterId: string | undefined;
    let text = header(c, b.batch_type, row.use_query_labels === 1) + '\n';
    for (;;) {
      if (await run.cancelRequested()) throw new JobCanceled();
      const page: QueryRow[] = await runQuery(ctx, c.obj, { where, afterId, limit: PAGE, fields: read });
      const joined = await joinedValues(ctx, c, page);
      for (const r of page) {
        const cells = c.columns.map(({ field: f, join }) => {
          const src = join ? joined.get(join.name)!.get(String(r[join.relation.localField])) : r;
          return csvCell(cellOf(f, src ? src[f.name] : null, row));
        });
        text += cells.join(',') + '\n';
      }
      count += page.length;
      if (text) await store.insertChunk(ctx, fileId, seq++, text);
      text = '';
      if (page.length < PAGE) break;
      afterId = String(page[page.length - 1]!.Id);
      await run.progress({ batch: b.seq, records: count });
    }
    const ext = row.format === 'gzip' ? 'csv.gz' : 'csv';
    await store.insertFile(ctx, { id: fileId, name: `${b.name ?? c.obj.name}.${ext}`, format: row.format, chunks: seq, created_at: ctx.now().toString() });
    await store.updateBatch(ctx, b.id, { status: 'completed', record_count: count, file_id: fileId, full_export: windowStart === null ? 1 : 0 });
    total += count;
  }
  await store.updateJob(ctx, row.id, { status: 'completed', start_time: start.toString(), window_start: windowStart, window_end: windowEnd, updated_at: ctx.now().toString() });
  return { records: total };
}

// ---------------------------------------------------------------- files

export interface AquaFile {
  name: string;
  contentType: string;
  body: Readable;
}

/** A result file, read chunk by chunk (one statement per chunk) as the client takes it. */
export async function aquaFile(ctx: Ctx, fileId: string): Promise<AquaFile | undefined> {
  const f = await store.findFile(ctx, fileId);
  if (!f) return undefined;
  async function* chunks() {
    for (let i = 0; i < f!.chunks; i++) {
      const c = await store.chunk(ctx, f!.id, i);
      if (c !== undefined) yield Buffer.from(c, 'utf8');
    }
  }
  const raw = Readable.from(chunks());
  // AQuA's csv and gzip (CSV gzipped); Data Query's csv, tsv, dsv, json, each optionally `.gz`
  if (f.format === 'gzip' || f.format.endsWith('.gz')) return { name: f.name, contentType: 'application/x-gzip;charset=UTF-8', body: raw.pipe(createGzip()) };
  const types: Record<string, string> = { tsv: 'text/tab-separated-values', dsv: 'text/plain', json: 'application/json' };
  return { name: f.name, contentType: `${types[f.format] ?? 'text/csv'};charset=UTF-8`, body: raw };
}
