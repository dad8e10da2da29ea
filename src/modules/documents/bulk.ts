/**
 * Bulk PDF files to ZIP (Operations: POST /v1/operations/bulk-pdf, GET /v1/operations/bulk-pdf/{jobId}):
 * a platform job (`documents.bulk-pdf`) takes the PDF of each listed document (generating the missing
 * ones with generateMissingPDF) and zips them with fflate, at most 1,000 documents per ZIP, with an
 * index file (JSON or CSV) unless persistIndexFile is false. The ZIPs are files of this module, served
 * at GET /v1/files/{id} like every PDF.
 */
import { zipSync } from 'fflate';
import type { Ctx } from '../../platform/context.js';
import { formatDateTime } from '../../platform/dates.js';
import { Category, errorCode, invalidValue, missingField, notFound, ZuoraError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { enqueueJob, getJob, type JobHandlerSpec } from '../../platform/jobs.js';
import { currentPdf, fileUrl, findDocument, generatePdf, type BillingDoc, type DocType } from './service.js';
import * as store from './store.js';

export const BULK_PDF_JOB = 'documents.bulk-pdf';
/** Each ZIP holds up to 1,000 documents (the operation's page). */
export const DOCS_PER_ZIP = 1000;
/** zbill's limit on one job's documents (Zuora's page names none). */
export const MAX_BULK_DOCUMENTS = 10_000;
const RES = 500000;
const DOC_TYPES: DocType[] = ['Invoice', 'CreditMemo', 'DebitMemo'];

interface BulkPayload {
  name: string | null;
  fileName: string;
  indexFileFormat: 'JSON' | 'CSV';
  generateMissingPDF: boolean;
  persistIndexFile: boolean;
  /** the documents that passed the checks at creation, in request order */
  documents: Array<{ docType: DocType; id: string }>;
  createdOn: string;
}

type DocList = Array<{ docType: DocType; objectIds: string[] }>;

function group(list: Array<{ docType: DocType; id: string }>): DocList {
  const out: DocList = [];
  for (const d of list) {
    let g = out.find((x) => x.docType === d.docType);
    if (!g) out.push((g = { docType: d.docType, objectIds: [] }));
    g.objectIds.push(d.id);
  }
  return out;
}

const hasPdf = async (ctx: Ctx, doc: BillingDoc) => (await store.filesOf(ctx, doc.type, doc.id, { limit: 1, offset: 0 })).length > 0 || (doc.status !== 'Draft' && doc.postedOn !== null);

/** POST /v1/operations/bulk-pdf: checks the request, enqueues the job; unknown ids (and documents without a PDF unless generateMissingPDF) are skipped and listed. */
export async function createBulkPdf(ctx: Ctx, b: Record<string, unknown>): Promise<Record<string, unknown>> {
  const known = new Set(['documents', 'fileName', 'name', 'indexFileFormat', 'generateMissingPDF', 'ignoreArchivedFiles', 'persistIndexFile']);
  for (const k of Object.keys(b)) if (!known.has(k)) throw invalidValue(`Unknown field '${k}'`, RES);
  if (b.documents === undefined || b.documents === null) throw missingField(`'documents' is required`, RES);
  if (!Array.isArray(b.documents) || !b.documents.length) throw invalidValue(`'documents' must be a non-empty array of { docType, objectIds }`, RES);
  if (typeof b.fileName !== 'string' || !b.fileName.trim()) throw missingField(`'fileName' is required`, RES);
  if (b.fileName.length > 32) throw invalidValue(`'fileName' must be at most 32 characters`, RES);
  if (!/^[A-Za-z0-9._-]+$/.test(b.fileName)) throw invalidValue(`'fileName' may hold letters, digits, '.', '_' and '-' only`, RES);
  if (b.name !== undefined && b.name !== null && (typeof b.name !== 'string' || b.name.length > 32)) throw invalidValue(`'name' must be a string of at most 32 characters`, RES);
  if (b.indexFileFormat === undefined || b.indexFileFormat === null) throw missingField(`'indexFileFormat' is required`, RES);
  if (b.indexFileFormat !== 'JSON' && b.indexFileFormat !== 'CSV') throw invalidValue(`'indexFileFormat' must be JSON or CSV`, RES);
  for (const k of ['generateMissingPDF', 'ignoreArchivedFiles', 'persistIndexFile']) if (b[k] !== undefined && b[k] !== null && typeof b[k] !== 'boolean') throw invalidValue(`'${k}' must be a boolean`, RES);
  const generateMissingPDF = b.generateMissingPDF === true;

  const wanted: Array<{ docType: DocType; id: string }> = [];
  b.documents.forEach((d: unknown, i: number) => {
    if (!d || typeof d !== 'object' || Array.isArray(d)) throw invalidValue(`'documents[${i}]' must be an object`, RES);
    const o = d as Record<string, unknown>;
    if (!DOC_TYPES.includes(o.docType as DocType)) throw invalidValue(`'documents[${i}].docType' must be one of ${DOC_TYPES.join(', ')}`, RES);
    if (!Array.isArray(o.objectIds) || !o.objectIds.length || o.objectIds.some((x) => typeof x !== 'string' || !x)) throw invalidValue(`'documents[${i}].objectIds' must be a non-empty array of ids`, RES);
    for (const id of o.objectIds as string[]) wanted.push({ docType: o.docType as DocType, id });
  });
  if (wanted.length > MAX_BULK_DOCUMENTS) throw new ZuoraError(errorCode(RES, Category.LIMIT), `A bulk PDF job takes at most ${MAX_BULK_DOCUMENTS} documents; the request has ${wanted.length}`);

  const ok: Array<{ docType: DocType; id: string }> = [];
  const skipped: Array<{ docType: DocType; id: string }> = [];
  const seen = new Set<string>();
  for (const w of wanted) {
    const doc = await findDocument(ctx, w.docType, w.id);
    if (!doc || doc.id !== w.id || (!generateMissingPDF && !(await hasPdf(ctx, doc)))) skipped.push(w);
    else if (!seen.has(`${w.docType}:${doc.id}`)) {
      seen.add(`${w.docType}:${doc.id}`);
      ok.push({ docType: w.docType, id: doc.id });
    }
  }
  const createdOn = formatDateTime(ctx.now(), ctx.tenant.timezone);
  const payload: BulkPayload = {
    name: (b.name as string | undefined) ?? null,
    fileName: b.fileName,
    indexFileFormat: b.indexFileFormat,
    generateMissingPDF,
    persistIndexFile: b.persistIndexFile !== false,
    documents: ok,
    createdOn,
  };
  const job = await enqueueJob(ctx, BULK_PDF_JOB, payload, { id: newId() });
  const out: Record<string, unknown> = { jobId: job.id };
  if (payload.name !== null) out.jobName = payload.name;
  Object.assign(out, { status: 'Submitted', stepStatus: 'JobCreated' });
  if (skipped.length) out.skippedDocuments = group(skipped);
  out.createdOn = createdOn;
  out.success = true;
  return out;
}

const STATUS: Record<string, string> = { Pending: 'Submitted', Running: 'Executing', Completed: 'Completed', Failed: 'Error', Canceled: 'Cancelled' };
const STEP: Record<string, string> = { Pending: 'JobCreated', Running: 'PdfToZip', Completed: 'PostProcessing', Failed: 'PdfToZip', Canceled: 'JobCreated' };

/** GET /v1/operations/bulk-pdf/{jobId}. */
export async function getBulkPdf(ctx: Ctx, jobId: string): Promise<Record<string, unknown>> {
  const job = await getJob<BulkPayload>(ctx, jobId);
  if (!job || job.kind !== BULK_PDF_JOB) throw notFound(`The bulk PDF job ${jobId} does not exist`, RES);
  const result = (job.result ?? null) as { fileUrls: string[]; failedDocuments: DocList } | null;
  const out: Record<string, unknown> = { jobId: job.id };
  if (job.payload.name !== null) out.jobName = job.payload.name;
  out.status = STATUS[job.status] ?? 'Submitted';
  out.stepStatus = STEP[job.status] ?? 'JobCreated';
  if (result) {
    out.fileUrls = result.fileUrls;
    if (result.failedDocuments.length) out.failedDocuments = result.failedDocuments;
  }
  out.createdOn = job.payload.createdOn;
  out.success = true;
  return out;
}

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The job: each document's PDF into ZIPs of at most 1,000, with the index; one transaction. */
export const bulkPdfJob: JobHandlerSpec<BulkPayload> = {
  async run(ctx, p, run) {
    const failed: Array<{ docType: DocType; id: string }> = [];
    const fileUrls: string[] = [];
    for (let start = 0, n = 1; start < p.documents.length; start += DOCS_PER_ZIP, n++) {
      const entries: Record<string, Uint8Array> = {};
      const index: Array<{ docType: DocType; objectId: string; documentNumber: string; fileName: string }> = [];
      for (const d of p.documents.slice(start, start + DOCS_PER_ZIP)) {
        const doc = await findDocument(ctx, d.docType, d.id);
        let file = doc ? await currentPdf(ctx, doc) : null;
        if (doc && !file && p.generateMissingPDF) file = await generatePdf(ctx, doc);
        if (!doc || !file) {
          failed.push(d);
          continue;
        }
        let name = `${doc.number}.pdf`;
        for (let k = 2; entries[name]; k++) name = `${doc.number}_${k}.pdf`;
        entries[name] = new Uint8Array(await store.fileContent(ctx, file.id));
        index.push({ docType: d.docType, objectId: doc.id, documentNumber: doc.number, fileName: name });
      }
      if (p.persistIndexFile) {
        entries[p.indexFileFormat === 'JSON' ? 'index.json' : 'index.csv'] = Buffer.from(
          p.indexFileFormat === 'JSON'
            ? JSON.stringify(index, null, 2)
            : ['docType,objectId,documentNumber,fileName', ...index.map((r) => [r.docType, r.objectId, r.documentNumber, r.fileName].map(csvCell).join(','))].join('\r\n') + '\r\n',
        );
      }
      // PDFs are compressed already: stored, not deflated again
      const zip = Buffer.from(zipSync(entries, { level: 0 }));
      const id = newId();
      await store.insertFile(
        ctx,
        { id, tenant_id: ctx.tenant.id, entry_id: id, doc_type: 'BulkZip' as DocType, doc_id: run.id, origin: 'Generated', file_name: `${p.fileName}_${n}.zip`, content_type: 'application/zip', version_number: String(ctx.now().epochMilliseconds).padStart(13, '0'), created_at: ctx.now().toString() },
        zip,
      );
      fileUrls.push(fileUrl(id));
      await run.progress({ zips: fileUrls.length });
    }
    return { fileUrls, failedDocuments: group(failed) };
  },
};
