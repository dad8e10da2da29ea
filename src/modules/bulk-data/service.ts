/**
 * Bulk Data: bulk jobs that write the records of a delimited file into an object, each record through the
 * object's own create/update/delete functions (the `actions` its module declares in the queries registry,
 * the same ones POST /v1/action/create|update|delete use).
 *
 * From the createBulkJob, submitBulkJob, getBulkJobSummary, getBulkJobSummaries, cancelBulkJob,
 * deleteAbortJob, getDownloadLinksForJob and getMappingsForJob pages: a job is created (status Created) with
 * its object type and job type (Import, Update, Delete), the file is uploaded to the upload URL the create
 * answers (Zuora's is a presigned S3 POST; zbill's is its own `/bulk-data/bulk-jobs/{id}/uploads`, taking
 * the same multipart form), then submitted (Submitted); the run (the `bulk-data.run` job) takes it
 * In Progress and ends Completed, each record's success or error kept. A job can be cancelled before it is
 * In Progress and aborted while Submitted or In Progress (no more records are processed). The download links
 * name the source file, the success rows and the error rows, served at GET /v1/files/{file-id}.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { cancelJob, enqueueJob, getJob, type JobHandlerSpec } from '../../platform/jobs.js';
import { inTransaction, type Ctx } from '../../platform/context.js';
import { invalidValue, missingField, notFound, notImplemented, objectApiCode, ruleViolation, ZuoraError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { ServedFile } from '../billing/contract.js';
import { queryObject, type ObjectActions, type QueryObject } from '../queries/contract.js';
import { DelimitedError, delimiterOf, parseDelimited, writeDelimited } from './csv.js';
import * as store from './store.js';
import type { BulkJobRow } from './store.js';

export const RUN_JOB = 'bulk-data.run';
/** Records written per transaction of a run (an abort is seen between two of them). */
export const BATCH = 50;
/** The largest source file taken (zbill's limit; the pages give none). */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_NAME = 255;
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

type Body = Record<string, unknown>;
type JobType = 'Import' | 'Update' | 'Delete' | 'Cancel';
const JOB_TYPES: JobType[] = ['Import', 'Delete', 'Update', 'Cancel'];
const STATUSES = ['Created', 'Submitted', 'In Progress', 'Aborting', 'Completed', 'Failed', 'Aborted', 'Cancelled', 'Downloading'];

/** The object types the createBulkJob page lists. */
export const OBJECT_TYPES = [
  'account', 'accountingcode', 'accountingperiod', 'amendment', 'bill-run', 'bill-run-batches', 'bill-run-filters', 'contact',
  'credit-memo', 'credit-memo-from-charge', 'credit-memo-from-invoice', 'debit-memo', 'debit-memo-from-charge',
  'debit-memo-from-invoice', 'invoice', 'journal-entry', 'journal-run', 'offer', 'omni-channel-subscription', 'order',
  'order-create-order-line-item', 'order-create-subscription-existing-account',
  'order-create-subscription-existing-account-with-volume-charge', 'order-create-subscription-with-new-account',
  'order-remove-product', 'order-update-subscription-add-product', 'order-update-subscription-change-plan',
  'order-update-subscription-price-quantity-change', 'payment', 'payment-profile', 'payment-schedule',
  'payment-schedule-item', 'payments-simple', 'payments-unapply', 'price-book-item', 'product', 'product-charge-definition',
  'product-rate-plan', 'product-rate-plan-charge', 'product-rate-plan-charge-tier', 'product-rate-plan-definition', 'refund',
  'revenue-accounting-code', 'subscription', 'subscription-add-rate-plan', 'subscription-change-rate-plan',
  'subscription-remove-rate-plan', 'subscription-update-rate-plan', 'taxation-item', 'unitofmeasure', 'usage',
];

/** The registry objects whose name is not the object type in PascalCase. */
const OBJECT_NAMES: Record<string, string> = {
  accountingcode: 'AccountingCode',
  unitofmeasure: 'UnitOfMeasure',
  'product-rate-plan-charge-tier': 'ProductRatePlanChargeTier',
};

const ACTION_OF: Record<Exclude<JobType, 'Cancel'>, keyof ObjectActions> = { Import: 'create', Update: 'update', Delete: 'delete' };

function registryName(objectType: string): string {
  return OBJECT_NAMES[objectType] ?? objectType.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/** The object a job of that type writes, with the function its job type uses; a clear refusal otherwise. */
function targetOf(objectType: string, jobType: JobType): { obj: QueryObject; action: keyof ObjectActions } {
  if (jobType === 'Cancel') throw notImplemented('bulk jobs of jobType Cancel');
  const obj = queryObject(registryName(objectType));
  const action = ACTION_OF[jobType];
  if (!obj?.actions?.[action]) throw notImplemented(`bulk jobs of jobType ${jobType} for objectType '${objectType}'`);
  return { obj, action };
}

interface Mapping {
  source: string;
  target: string;
}

const str = (b: Body, k: string, max?: number): string | undefined => {
  const v = b[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalidValue(`'${k}' must be a string`);
  if (max !== undefined && v.length > max) throw invalidValue(`'${k}' can be at most ${max} characters long`);
  return v;
};
const bool = (b: Body, k: string): boolean | undefined => {
  const v = b[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw invalidValue(`'${k}' must be a boolean`);
  return v;
};

const seconds = (iso: string | null) => (iso ? Math.floor(Date.parse(iso) / 1000) : undefined);

const KNOWN_FIELDS = new Set(['name', 'objectType', 'description', 'mappings', 'headers', 'rowIdHeader', 'delimiter', 'hasHeaders', 'fileType', 'jobType', 'isCustomObject', 'customObjectNamespace']);

export async function createJob(ctx: Ctx, body: Body) {
  for (const k of Object.keys(body)) {
    if (k === 'dataSourceType' || k === 'systemType') throw invalidValue(`'${k}' is read-only`);
    if (!KNOWN_FIELDS.has(k)) throw invalidValue(`'${k}' is not a field of a bulk job`);
  }
  const name = str(body, 'name', MAX_NAME);
  if (!name) throw missingField("'name' is required");
  const objectType = str(body, 'objectType');
  if (!objectType) throw missingField("'objectType' is required");
  const description = str(body, 'description', MAX_NAME) ?? null;
  const jobType = (str(body, 'jobType') ?? 'Import') as JobType;
  if (!JOB_TYPES.includes(jobType)) throw invalidValue(`'jobType' must be one of ${JOB_TYPES.join(', ')}, not '${jobType}'`);
  const fileType = str(body, 'fileType') ?? 'csv';
  if (fileType !== 'csv' && fileType !== 'jsonl') throw invalidValue(`'fileType' must be csv or jsonl, not '${fileType}'`);
  if (bool(body, 'isCustomObject')) throw notImplemented('bulk jobs of custom objects (isCustomObject true)');
  if (body.customObjectNamespace !== undefined && body.customObjectNamespace !== null) throw invalidValue("'customObjectNamespace' applies only when 'isCustomObject' is true");
  if (!OBJECT_TYPES.includes(objectType)) throw invalidValue(`'objectType' must be one of the supported object types (${OBJECT_TYPES.join(', ')}), not '${objectType}'`);
  if (fileType === 'jsonl') throw notImplemented('bulk jobs of fileType jsonl');
  targetOf(objectType, jobType);
  const delimiterName = str(body, 'delimiter') ?? 'comma';
  const delimiter = delimiterOf(delimiterName);
  if (!delimiter) throw invalidValue(`'delimiter' must be one of comma, tab, pipe, semicolon, colon, caret, tilde, dot/period, not '${delimiterName}'`);
  const hasHeaders = bool(body, 'hasHeaders') ?? false;
  let headers: string[] | null = null;
  if (body.headers !== undefined && body.headers !== null) {
    if (!Array.isArray(body.headers) || body.headers.some((h) => typeof h !== 'string' || h === '')) throw invalidValue("'headers' must be a list of column names");
    headers = body.headers as string[];
    if (new Set(headers).size !== headers.length) throw invalidValue("'headers' names a column twice");
  }
  if (!hasHeaders && !headers?.length) throw missingField("'headers' is required when the file has no header row ('hasHeaders' is false)");
  const mappings: Mapping[] = [];
  if (body.mappings !== undefined && body.mappings !== null) {
    if (!Array.isArray(body.mappings)) throw invalidValue("'mappings' must be a list");
    body.mappings.forEach((m: unknown, i) => {
      if (m === null || typeof m !== 'object' || Array.isArray(m)) throw invalidValue(`'mappings[${i}]' must be an object`);
      const mm = m as Body;
      const source = str(mm, 'source');
      const target = str(mm, 'target');
      if (!source) throw missingField(`'mappings[${i}].source' is required`);
      if (!target) throw missingField(`'mappings[${i}].target' is required`);
      for (const k of Object.keys(mm)) if (!['source', 'target', 'type', 'arrayType'].includes(k)) throw invalidValue(`'mappings[${i}].${k}' is not a field of a mapping`);
      if (mm.type === 'array') throw notImplemented('bulk job mappings of type array');
      if (mm.type !== undefined && mm.type !== null && !['string', 'number', 'boolean'].includes(mm.type as string)) throw invalidValue(`'mappings[${i}].type' must be one of array, string, number, boolean`);
      if (mappings.some((x) => x.source === source)) throw invalidValue(`'mappings' maps the column '${source}' twice`);
      mappings.push({ source, target });
    });
  }
  const rowIdHeader = str(body, 'rowIdHeader') ?? null;
  if (rowIdHeader !== null && headers && !headers.includes(rowIdHeader)) throw invalidValue(`'rowIdHeader' '${rowIdHeader}' is not one of 'headers'`);
  const now = ctx.now().toString();
  const id = randomUUID();
  await store.insertJob(ctx, {
    id, tenant_id: ctx.tenant.id, name, description, object_type: objectType, job_type: jobType, mappings: JSON.stringify(mappings),
    headers: headers ? JSON.stringify(headers) : null, row_id_header: rowIdHeader, delimiter, has_headers: hasHeaders ? 1 : 0, file_type: fileType,
    status: 'Created', source: null, row_count: 0, rows_succeeded: 0, rows_failed: 0, next_row: 0, failure_reason: null, platform_job_id: null,
    source_file_id: newId(), success_file_id: newId(), error_file_id: newId(), created_at: now, submitted_at: null, updated_at: now,
  });
  const uploadUrl = `${ctx.baseUrl}/bulk-data/bulk-jobs/${id}/uploads`;
  return { id, uploadUrl, uploadRequest: { uri: uploadUrl, fields: { key: uploadKey(id) } }, status: 'Created', jobType };
}

/** The `key` form field of the upload (S3's object key in Zuora). */
export const uploadKey = (id: string) => `bulk-jobs/${id}/source`;

async function jobOf(ctx: Ctx, id: string, lock = false, withSource = false): Promise<BulkJobRow> {
  const j = await store.findJob(ctx, id, lock, withSource);
  if (!j) throw notFound(`Cannot find a bulk job with id ${id}.`);
  return j;
}

/** The upload of the job's source file (a multipart form: `key`, then the `file` part). */
export async function uploadFile(ctx: Ctx, id: string, form: { key?: string; data: Buffer }): Promise<void> {
  const j = await jobOf(ctx, id, true);
  if (form.key !== undefined && form.key !== uploadKey(id)) throw invalidValue(`The form field 'key' must be '${uploadKey(id)}', as the create answered`);
  if (j.status !== 'Created') throw ruleViolation(`The file of a bulk job can be uploaded only while it is Created; job ${id} is ${j.status}`);
  if (form.data.length > MAX_FILE_BYTES) throw invalidValue(`The file can be at most ${MAX_FILE_BYTES} bytes`);
  const text = form.data.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(form.data)) throw invalidValue('The file is not valid UTF-8');
  await store.updateJob(ctx, id, { source: text, updated_at: ctx.now().toString() });
}

/** The file's records and how each column becomes a field, read from the job's upload. */
interface Plan {
  columns: string[];
  /** The field each column writes (null: the row id column). */
  fields: Array<{ name: string; type: string } | null>;
  records: string[][];
  idIndex: number;
}

function planOf(j: BulkJobRow): Plan {
  let rows: string[][];
  try {
    rows = parseDelimited(j.source ?? '', j.delimiter);
  } catch (e) {
    if (e instanceof DelimitedError) throw invalidValue(`The file cannot be read: ${e.message}`);
    throw e;
  }
  let columns: string[] = j.headers ? (JSON.parse(j.headers) as string[]) : [];
  if (j.has_headers) {
    const first = rows.shift();
    if (!first) throw invalidValue('The file has no header row');
    if (!j.headers) columns = first.map((c) => c.trim());
  }
  if (columns.some((c) => c === '')) throw invalidValue('The header row names a column with an empty name');
  if (new Set(columns).size !== columns.length) throw invalidValue('The header row names a column twice');
  const mappings = JSON.parse(j.mappings) as Mapping[];
  for (const m of mappings) if (!columns.includes(m.source)) throw invalidValue(`The mapping of '${m.source}' names no column of the file`);
  if (j.row_id_header && !columns.includes(j.row_id_header)) throw invalidValue(`The row id column '${j.row_id_header}' is not a column of the file`);
  const { obj } = targetOf(j.object_type, j.job_type as JobType);
  const fields = columns.map((c) => {
    if (c === j.row_id_header) return null;
    const target = mappings.find((m) => m.source === c)?.target ?? c;
    const f = obj.fields.find((x) => x.name.toLowerCase() === target.toLowerCase());
    return { name: f?.name ?? target, type: f?.type ?? 'text' };
  });
  const idIndex = fields.findIndex((f) => f?.name.toLowerCase() === 'id');
  if (j.job_type !== 'Import' && idIndex < 0) throw invalidValue(`A bulk job of jobType ${j.job_type} needs a column of the records' Id`);
  return { columns, fields, records: rows, idIndex };
}

export async function submitJob(ctx: Ctx, id: string) {
  const j = await jobOf(ctx, id, true, true);
  if (j.status !== 'Created') throw ruleViolation(`Only a Created bulk job can be submitted; job ${id} is ${j.status}`);
  if (j.source === null) throw ruleViolation(`The file of bulk job ${id} has not been uploaded`);
  const plan = planOf(j);
  if (!plan.records.length) throw invalidValue('The file has no records');
  const job = await enqueueJob(ctx, RUN_JOB, { jobId: id });
  const now = ctx.now().toString();
  await store.updateJob(ctx, id, { status: 'Submitted', row_count: plan.records.length, platform_job_id: job.id, submitted_at: now, updated_at: now });
  return { id, status: 'Submitted', jobType: j.job_type };
}

/** The status as a client sees it: a run that failed for good (not a record's error) is Failed. */
async function effective(ctx: Ctx, j: BulkJobRow): Promise<{ status: string; failureReason: string | null }> {
  if ((j.status === 'Submitted' || j.status === 'In Progress') && j.platform_job_id) {
    const run = await getJob(ctx, j.platform_job_id);
    if (run?.status === 'Failed') return { status: 'Failed', failureReason: run.error?.message ?? 'The run failed' };
  }
  return { status: j.status, failureReason: j.failure_reason };
}

function common(j: BulkJobRow, status: string, failureReason: string | null) {
  return {
    id: j.id,
    name: j.name,
    createdAt: seconds(j.created_at),
    status,
    rowCount: j.row_count,
    rowsSucceeded: j.rows_succeeded,
    rowsFailed: j.rows_failed,
    lastUpdatedAt: seconds(j.updated_at),
    ...(failureReason ? { failureReason } : {}),
    objectType: j.object_type,
    jobType: j.job_type,
    isCustomObject: false,
    customObjectNamespace: 'default',
    dataSourceType: 'UserUpload',
    systemType: 'BILLING',
    fileType: j.file_type,
  };
}

export async function summary(ctx: Ctx, id: string) {
  const j = await jobOf(ctx, id);
  const e = await effective(ctx, j);
  const { id: _id, name, ...rest } = common(j, e.status, e.failureReason);
  return { id: j.id, name, ...(j.description !== null ? { description: j.description } : {}), ...rest };
}

export async function summaries(ctx: Ctx, q: { limit?: number; cursor?: string; status?: string }) {
  const limit = q.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw invalidValue(`'limit' must be an integer from 1 to ${MAX_LIMIT}`);
  let before: number | undefined;
  if (q.cursor !== undefined) {
    if (!/^[1-9]\d{0,9}$/.test(q.cursor)) throw invalidValue(`'cursor' is not a cursor this list answered: '${q.cursor}'`);
    before = Number(q.cursor);
  }
  if (q.status !== undefined && !STATUSES.includes(q.status)) throw invalidValue(`'status' must be one of ${STATUSES.join(', ')}`);
  const rows = await store.listJobs(ctx, { limit: limit + 1, before, status: q.status });
  const page = rows.slice(0, limit);
  const data = [];
  for (const j of page) {
    const e = await effective(ctx, j);
    const c = common(j, e.status, e.failureReason);
    data.push({ ...c, ...(j.submitted_at ? { submittedAt: seconds(j.submitted_at) } : {}) });
  }
  return { data, ...(rows.length > limit ? { nextPageCursor: String(page[page.length - 1]!.seq) } : {}) };
}

/** cancelBulkJob: only before the job is In Progress. */
export async function cancel(ctx: Ctx, id: string) {
  const j = await jobOf(ctx, id, true);
  if (j.status !== 'Created' && j.status !== 'Submitted') throw ruleViolation(`A bulk job can be cancelled only before it is In Progress; job ${id} is ${j.status}${j.status === 'In Progress' ? ' (abort it instead)' : ''}`);
  if (j.platform_job_id) await cancelJob(ctx, j.platform_job_id);
  await store.updateJob(ctx, id, { status: 'Cancelled', updated_at: ctx.now().toString() });
  return { id, status: 'Cancelled' };
}

/** deleteAbortJob: a Submitted or In Progress job processes no more records (those written stay). */
export async function abort(ctx: Ctx, id: string) {
  const j = await jobOf(ctx, id, true);
  const e = await effective(ctx, j);
  if (e.status !== 'Submitted' && e.status !== 'In Progress') throw ruleViolation(`Only a Submitted or In Progress bulk job can be aborted; job ${id} is ${e.status}`);
  if (j.status === 'Submitted' && j.platform_job_id) await cancelJob(ctx, j.platform_job_id);
  await store.updateJob(ctx, id, { status: 'Aborted', updated_at: ctx.now().toString() });
  return { id, status: 'Aborted' };
}

const FINISHED = ['Completed', 'Aborted', 'Failed'];

export async function downloads(ctx: Ctx, id: string) {
  const j = await jobOf(ctx, id);
  const e = await effective(ctx, j);
  if (!FINISHED.includes(e.status)) throw notFound(`Bulk job ${id} has no result files: it is ${e.status}`);
  return {
    jobId: j.id,
    status: e.status,
    sourceFile: `/v1/files/${j.source_file_id}`,
    errorRowsFile: `/v1/files/${j.error_file_id}`,
    successRowsFile: `/v1/files/${j.success_file_id}`,
    delimiter: j.delimiter,
  };
}

export async function mappings(ctx: Ctx, id: string) {
  const j = await jobOf(ctx, id, false, true);
  const given = JSON.parse(j.mappings) as Mapping[];
  let columns: string[] = j.headers ? (JSON.parse(j.headers) as string[]) : [];
  if (!j.headers && j.source !== null) {
    try {
      columns = (parseDelimited(j.source, j.delimiter)[0] ?? []).map((c) => c.trim());
    } catch {
      columns = [];
    }
  }
  const out = given.map((m) => ({ field: m.target, column: m.source }));
  for (const c of columns) if (c !== j.row_id_header && !given.some((m) => m.source === c)) out.push({ field: c, column: c });
  return { mappings: out };
}

// ---------------------------------------------------------------- the run

/** A CSV value as the object's functions take a JSON value: booleans and numbers by the field's type. */
function valueOf(v: string, type: string): unknown {
  if (type === 'boolean' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  if (type === 'integer' && /^-?\d{1,15}$/.test(v)) return Number(v);
  if (type === 'decimal' && /^-?\d{1,15}(\.\d{1,9})?$/.test(v)) return Number(v);
  return v;
}

type Outcome = { ok: true; id: string } | { ok: false; code: string; message: string };

async function writeRecord(ctx: Ctx, obj: QueryObject, jobType: JobType, plan: Plan, cells: string[]): Promise<Outcome> {
  if (cells.length !== plan.columns.length) return { ok: false, code: 'INVALID_VALUE', message: `The record has ${cells.length} fields; the header has ${plan.columns.length}` };
  const fields: Record<string, unknown> = {};
  plan.fields.forEach((f, i) => {
    if (!f || cells[i] === '') return;
    fields[f.name] = valueOf(cells[i]!, f.type);
  });
  const id = plan.idIndex >= 0 ? cells[plan.idIndex]! : '';
  await store.savepoint.open(ctx);
  try {
    let written: string;
    if (jobType === 'Import') {
      if (fields.Id !== undefined) throw invalidValue("'Id' cannot be given when a record is imported");
      written = await obj.actions!.create!(ctx, fields, { wsdlVersion: null });
    } else {
      if (!id) throw missingField("'Id' is required");
      if (jobType === 'Update') {
        const { Id: _drop, ...rest } = fields;
        await obj.actions!.update!(ctx, id, rest, { wsdlVersion: null });
      } else await obj.actions!.delete!(ctx, id);
      written = id;
    }
    await store.savepoint.release(ctx);
    return { ok: true, id: written };
  } catch (e) {
    await store.savepoint.rollback(ctx);
    await store.savepoint.release(ctx);
    if (!(e instanceof ZuoraError)) throw e;
    return { ok: false, code: objectApiCode(e), message: e.reasons.map((r) => r.message).join('; ') || e.message };
  }
}

/**
 * The `bulk-data.run` job: records in transactions of BATCH, each record in a savepoint (a bad record
 * fails alone and changes nothing); the job's row records where the run is, so a run started again
 * after a crash resumes after the last batch that landed. An abort or cancel is seen between batches.
 */
export const runJob: JobHandlerSpec<{ jobId: string }> = {
  transactional: false,
  async run(ctx, { jobId }) {
    const started = await inTransaction(ctx, async (tx) => {
      const j = await store.findJob(tx, jobId, true, true);
      if (!j || (j.status !== 'Submitted' && j.status !== 'In Progress')) return undefined;
      if (j.status === 'Submitted') await store.updateJob(tx, jobId, { status: 'In Progress', updated_at: tx.now().toString() });
      return j;
    });
    if (!started) return { processed: 0 };
    const plan = planOf(started);
    const { obj } = targetOf(started.object_type, started.job_type as JobType);
    let processed = 0;
    for (;;) {
      const finished = await inTransaction(ctx, async (tx) => {
        const j = await store.findJob(tx, jobId, true);
        if (!j || j.status !== 'In Progress') return true;
        const end = Math.min(j.next_row + BATCH, plan.records.length);
        let ok = 0;
        let bad = 0;
        for (let i = j.next_row; i < end; i++) {
          const o = await writeRecord(tx, obj, j.job_type as JobType, plan, plan.records[i]!);
          if (o.ok) ok++;
          else bad++;
          await store.insertResult(tx, jobId, o.ok ? { seq: i, success: 1, record_id: o.id, error_code: null, error_message: null } : { seq: i, success: 0, record_id: null, error_code: o.code, error_message: o.message });
        }
        processed += end - j.next_row;
        const done = end >= plan.records.length;
        await store.updateJob(tx, jobId, {
          next_row: end, rows_succeeded: j.rows_succeeded + ok, rows_failed: j.rows_failed + bad, updated_at: tx.now().toString(), ...(done ? { status: 'Completed' } : {}),
        });
        return done;
      });
      if (finished) break;
    }
    return { processed };
  },
};

// ---------------------------------------------------------------- files

/** GET /v1/files/{file-id}: a job's source file, success rows (its columns and `id`) or error rows (its columns, `errorCode`, `errorMessage`). */
export async function bulkFile(ctx: Ctx, fileId: string): Promise<ServedFile | undefined> {
  const f = await store.findJobByFile(ctx, fileId);
  if (!f) return undefined;
  const { job, kind } = f;
  const csv = 'text/csv;charset=UTF-8';
  if (kind === 'source') return { name: `${job.id}-source.csv`, contentType: csv, body: Readable.from([Buffer.from(job.source ?? '', 'utf8')]) };
  let plan: Plan | undefined;
  try {
    plan = job.source !== null ? planOf(job) : undefined;
  } catch {
    plan = undefined;
  }
  const columns = plan?.columns ?? [];
  const rows: string[][] = [kind === 'success' ? [...columns, 'id'] : [...columns, 'errorCode', 'errorMessage']];
  for (const r of await store.results(ctx, job.id)) {
    const cells = plan?.records[r.seq] ?? [];
    if (kind === 'success' && r.success) rows.push([...cells, r.record_id ?? '']);
    if (kind === 'error' && !r.success) rows.push([...cells, r.error_code ?? '', r.error_message ?? '']);
  }
  return { name: `${job.id}-${kind}-rows.csv`, contentType: csv, body: Readable.from([Buffer.from(writeDelimited(rows, job.delimiter), 'utf8')]) };
}
