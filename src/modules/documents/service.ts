/**
 * Files of billing documents (invoices, credit memos, debit memos): the PDF zbill generates for a
 * posted document, PDFs clients upload, the PDF generation status. Documents are read only through
 * the invoices and memos contracts; accounts and contacts through their services.
 *
 * When a PDF is made: Zuora generates a document's PDF when it is posted, asynchronously; the
 * explicit operations (POST …/pdfs) make a new version. zbill makes the post-time PDF the first time
 * anything needs it (the files list, the status, an email, a bulk ZIP), stamped with the document's
 * posting time, and keeps it: a client sees the same answers as from Zuora once its generation ended.
 */
import { createHash } from 'node:crypto';
import type { Ctx } from '../../platform/context.js';
import { formatDateTime, Temporal } from '../../platform/dates.js';
import { Category, errorCode, invalidValue, notFound, ruleViolation, ZuoraError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { money } from '../../platform/money.js';
import { getAccountByKey } from '../accounts/service.js';
import { getContacts, type ContactRecord } from '../contacts/service.js';
import { readInvoice } from '../invoices/contract.js';
import { readMemo } from '../memos/contract.js';
import { renderPdf, type PdfContact, type PdfModel } from './pdf.js';
import * as store from './store.js';
import type { DocType, FileRow } from './store.js';

export type { DocType } from './store.js';

/** Resource codes of the errors, by document type (the invoices and memos modules' codes). */
export const RESOURCE: Record<DocType, number> = { Invoice: 592100, CreditMemo: 593100, DebitMemo: 594100 };
export const LABEL: Record<DocType, string> = { Invoice: 'invoice', CreditMemo: 'credit memo', DebitMemo: 'debit memo' };
const TITLE: Record<DocType, string> = { Invoice: 'Invoice', CreditMemo: 'Credit Memo', DebitMemo: 'Debit Memo' };

/** POST …/files: PDF only, at most 4 MB, at most 50 uploads per document, names unique (the upload pages). */
export const MAX_UPLOAD_BYTES = 4 * 1024 * 1024;
export const MAX_UPLOADS = 50;

/** A billing document as this module needs it. */
export interface BillingDoc {
  type: DocType;
  id: string;
  number: string;
  status: string;
  accountId: string;
  currency: string;
  /** the document's total, a decimal string */
  total: string;
  /** ISO instant of posting (null while Draft) */
  postedOn: string | null;
  billToContactId: string | null;
  soldToContactId: string | null;
  build(ctx: Ctx): Promise<Omit<PdfModel, 'company' | 'account' | 'billTo' | 'soldTo' | 'createdAt' | 'title' | 'number' | 'currency'>>;
}

const period = (s: string, e: string) => `${s} - ${e}`;

/** The document of that type by id or number, or null. */
export async function findDocument(ctx: Ctx, type: DocType, key: string): Promise<BillingDoc | null> {
  if (type === 'Invoice') {
    const d = await readInvoice(ctx, key);
    if (!d) return null;
    const i = d.invoice;
    return {
      type,
      id: i.id,
      number: i.invoice_number,
      status: i.status,
      accountId: i.account_id,
      currency: i.currency,
      total: i.amount,
      postedOn: i.posted_on,
      billToContactId: i.bill_to_contact_id,
      soldToContactId: i.sold_to_contact_id,
      build: async () => ({
        dates: [['Invoice Date', i.invoice_date], ['Due Date', i.due_date], ...(i.payment_term ? ([['Payment Term', i.payment_term]] as Array<[string, string]>) : [])],
        items: d.items.map((it) => ({
          description: [it.charge_name, it.product_name].filter(Boolean).join(' — ') || 'Charge',
          servicePeriod: period(it.service_start_date, it.service_end_date),
          quantity: it.quantity,
          uom: it.uom,
          unitPrice: it.unit_price,
          amount: it.amount,
          tax: it.tax_amount,
        })),
        subtotal: i.amount_without_tax,
        tax: i.tax_amount,
        total: i.amount,
        balance: ['Balance Due', i.balance],
        notes: i.comments ? [i.comments] : [],
      }),
    };
  }
  const kind = type === 'CreditMemo' ? 'creditMemo' : 'debitMemo';
  const d = await readMemo(ctx, kind, key);
  if (!d) return null;
  const m = d.memo;
  return {
    type,
    id: m.id,
    number: m.memo_number,
    status: m.status,
    accountId: m.account_id,
    currency: m.currency,
    total: m.amount,
    postedOn: m.posted_on,
    billToContactId: m.bill_to_contact_id,
    soldToContactId: m.sold_to_contact_id,
    build: async (c) => {
      const dates: Array<[string, string]> = [[type === 'CreditMemo' ? 'Credit Memo Date' : 'Debit Memo Date', m.memo_date]];
      if ('due_date' in m && m.due_date) dates.push(['Due Date', m.due_date]);
      const notes: string[] = [];
      if (m.referred_invoice_id) {
        const inv = await readInvoice(c, m.referred_invoice_id);
        if (inv) notes.push(`Refers to invoice ${inv.invoice.invoice_number}`);
      }
      if (m.reason_code) notes.push(`Reason: ${m.reason_code}`);
      if (m.comment) notes.push(m.comment);
      return {
        dates,
        items: d.items.map((it) => ({
          description: [it.charge_name, it.product_name].filter(Boolean).join(' — ') || 'Charge',
          servicePeriod: period(it.service_start_date, it.service_end_date),
          quantity: it.quantity,
          uom: it.uom,
          unitPrice: it.unit_price,
          amount: it.amount,
          tax: it.tax_amount,
        })),
        subtotal: money(m.amount).minus(m.tax_amount).toFixed(),
        tax: m.tax_amount,
        total: m.amount,
        balance: 'unapplied_amount' in m ? ['Unapplied Amount', m.unapplied_amount] : ['Balance Due', m.balance],
        notes,
      };
    },
  };
}

export async function requireDocument(ctx: Ctx, type: DocType, key: string): Promise<BillingDoc> {
  const d = await findDocument(ctx, type, key);
  if (!d) throw notFound(`The ${LABEL[type]} ${key} does not exist`, RESOURCE[type]);
  return d;
}

function contactOf(c: ContactRecord | undefined): PdfContact | null {
  if (!c) return null;
  const cityLine = [c.city, c.state, c.zipCode].filter(Boolean).join(', ');
  return { name: `${c.firstName} ${c.lastName}`.trim(), lines: [c.address1, c.address2, cityLine, c.country].filter((l): l is string => !!l), email: c.workEmail ?? c.personalEmail };
}

/** The PDF model of a document: its own figures, the tenant (company), the account and its contacts. */
export async function pdfModel(ctx: Ctx, doc: BillingDoc, createdAt: Temporal.Instant): Promise<PdfModel> {
  const account = await getAccountByKey(ctx, doc.accountId);
  const billToId = doc.billToContactId ?? account?.billToContactId ?? null;
  const soldToId = doc.soldToContactId ?? account?.soldToContactId ?? null;
  const contacts = await getContacts(ctx, [billToId, soldToId]);
  return {
    ...(await doc.build(ctx)),
    title: TITLE[doc.type],
    company: ctx.tenant.name,
    number: doc.number,
    currency: doc.currency,
    account: { name: account?.name ?? '', number: account?.accountNumber ?? '' },
    billTo: contactOf(billToId ? contacts.get(billToId) : undefined),
    soldTo: contactOf(soldToId ? contacts.get(soldToId) : undefined),
    createdAt: new Date(createdAt.epochMilliseconds),
  };
}

/** A version number (epoch ms) after every one the document has: the tenant clock may stand still. */
async function nextVersion(ctx: Ctx, doc: { type: DocType; id: string }, at: Temporal.Instant): Promise<string> {
  const latest = (await store.filesOf(ctx, doc.type, doc.id, { limit: 1, offset: 0 }))[0];
  const ms = Math.max(at.epochMilliseconds, latest ? Number(latest.version_number) + 1 : 0);
  return String(ms).padStart(13, '0');
}

/** Makes a new PDF version of the document now (or at `at`) and records it as its generated PDF. */
export async function generatePdf(ctx: Ctx, doc: BillingDoc, at: Temporal.Instant = ctx.now(), opts: { asPosted?: boolean } = {}): Promise<FileRow> {
  const version = await nextVersion(ctx, doc, at);
  const model = await pdfModel(ctx, doc, at);
  // The PDF its posting makes shows the document as it was then: nothing applied to it yet, the balance its total.
  if (opts.asPosted) model.balance = [model.balance[0], model.total];
  const bytes = await renderPdf(model);
  const now = formatDateTime(ctx.now(), ctx.tenant.timezone);
  // The PDF a posting makes has an id derived from the document: two requests making it at once store it once.
  const id = opts.asPosted ? createHash('sha256').update(`${ctx.tenant.id}:${doc.type}:${doc.id}:posted`).digest('hex').slice(0, 32) : newId();
  const row = {
    id,
    tenant_id: ctx.tenant.id,
    entry_id: newId(),
    doc_type: doc.type,
    doc_id: doc.id,
    origin: 'Generated',
    file_name: `${doc.number}.pdf`,
    content_type: 'application/pdf',
    version_number: version,
    created_at: ctx.now().toString(),
  };
  if (!(await store.insertFile(ctx, row, bytes, { once: opts.asPosted }))) return (await store.findFile(ctx, id))!;
  const prev = await store.pdfStatus(ctx, doc.type, doc.id);
  await store.setPdfStatus(ctx, { doc_type: doc.type, doc_id: doc.id, status: 'Generated', file_id: row.id, error_message: null, created_on: prev?.created_on ?? now, updated_on: now });
  return { ...row, size: bytes.length, chunks: 0 };
}

/**
 * The document's current PDF: its latest file (generated or uploaded); a posted document that has
 * none gets the PDF its posting generates (stamped with its posting time). Null for a draft without files.
 */
export async function currentPdf(ctx: Ctx, doc: BillingDoc): Promise<FileRow | null> {
  await ensurePostedPdf(ctx, doc);
  return (await store.filesOf(ctx, doc.type, doc.id, { limit: 1, offset: 0 }))[0] ?? null;
}

/** The PDF a posted document's posting generates, made now if it was not yet (stamped with the posting time). */
export async function ensurePostedPdf(ctx: Ctx, doc: BillingDoc): Promise<void> {
  if (doc.status === 'Draft' || !doc.postedOn) return;
  if ((await store.countFiles(ctx, doc.type, doc.id, 'Generated')) > 0) return;
  // its files were hard-deleted (a billing document files deletion job): only an explicit generation makes one again
  if ((await store.pdfStatus(ctx, doc.type, doc.id))?.status === DELETED) return;
  await generatePdf(ctx, doc, Temporal.Instant.from(doc.postedOn), { asPosted: true });
}

/** The PDF status a document's files leave when a deletion job hard-deletes them. */
export const DELETED = 'Deleted';

export const fileUrl = (fileId: string) => `/v1/files/${fileId}`;

/** GET …/files: the document's PDF files, newest version first. */
export async function listFiles(ctx: Ctx, type: DocType, key: string, page: { limit: number; offset: number }): Promise<Array<{ id: string; pdfFileUrl: string; versionNumber: number }>> {
  const doc = await requireDocument(ctx, type, key);
  await currentPdf(ctx, doc);
  const rows = await store.filesOf(ctx, type, doc.id, page);
  return rows.map((r) => ({ id: r.entry_id, pdfFileUrl: fileUrl(r.id), versionNumber: Number(r.version_number) }));
}

/** POST …/files: an uploaded PDF becomes the document's latest file (emails and the status then use it). */
export async function uploadFile(ctx: Ctx, type: DocType, key: string, file: { fileName: string | null; data: Buffer }): Promise<string> {
  const res = RESOURCE[type];
  const doc = await requireDocument(ctx, type, key);
  if (doc.status !== 'Draft' && doc.status !== 'Posted') throw ruleViolation(`The ${LABEL[type]} ${doc.number} is ${doc.status}: a file can be uploaded only for a Draft or Posted ${LABEL[type]}`, res);
  const name = (file.fileName ?? '').trim();
  if (!name) throw invalidValue(`The uploaded file has no file name`, res);
  if (name.length > 255) throw invalidValue(`The file name must be at most 255 characters`, res);
  if (!/\.pdf$/i.test(name) || file.data.subarray(0, 5).toString('latin1') !== '%PDF-') throw invalidValue(`Only the PDF file format is supported: '${name}' is not a PDF file`, res);
  if (file.data.length > MAX_UPLOAD_BYTES) throw new ZuoraError(errorCode(res, Category.LIMIT), `The file '${name}' is ${file.data.length} bytes: the maximum size of a PDF file to upload is 4 MB`);
  if ((await store.countFiles(ctx, type, doc.id, 'Uploaded')) >= MAX_UPLOADS) throw new ZuoraError(errorCode(res, Category.LIMIT), `A maximum of ${MAX_UPLOADS} PDF files can be uploaded for one ${LABEL[type]}`);
  await ensurePostedPdf(ctx, doc);
  if (await store.hasFileNamed(ctx, type, doc.id, name)) throw ruleViolation(`The ${LABEL[type]} ${doc.number} already has a file named '${name}': each uploaded file must have a unique name`, res);
  const id = newId();
  await store.insertFile(
    ctx,
    { id, tenant_id: ctx.tenant.id, entry_id: newId(), doc_type: type, doc_id: doc.id, origin: 'Uploaded', file_name: name, content_type: 'application/pdf', version_number: await nextVersion(ctx, doc, ctx.now()), created_at: ctx.now().toString() },
    file.data,
  );
  const now = formatDateTime(ctx.now(), ctx.tenant.timezone);
  const prev = await store.pdfStatus(ctx, type, doc.id);
  await store.setPdfStatus(ctx, { doc_type: type, doc_id: doc.id, status: 'Generated', file_id: id, error_message: null, created_on: prev?.created_on ?? now, updated_on: now });
  return id;
}

/** POST …/pdfs: a new PDF version of a Draft or Posted memo (Zuora regenerates it; a canceled one is refused). */
export async function regeneratePdf(ctx: Ctx, type: DocType, key: string): Promise<void> {
  const doc = await requireDocument(ctx, type, key);
  if (doc.status !== 'Draft' && doc.status !== 'Posted') throw ruleViolation(`The ${LABEL[type]} ${doc.number} is ${doc.status}: a PDF can be generated only for a Draft or Posted ${LABEL[type]}`, RESOURCE[type]);
  await ensurePostedPdf(ctx, doc);
  await generatePdf(ctx, doc);
}

/** GET …/pdf-status takes at most 50 keys (its page). */
export const MAX_STATUS_KEYS = 50;

/** GET …/pdf-status: each document's PDF generation status, in the order of the keys. */
export async function pdfStatuses(ctx: Ctx, type: DocType, keysParam: string | undefined): Promise<Array<Record<string, unknown>>> {
  const res = RESOURCE[type];
  const param = type === 'Invoice' ? 'invoiceKeys' : type === 'CreditMemo' ? 'creditMemoKeys' : 'debitMemoKeys';
  const keys = (keysParam ?? '').split(',').map((k) => k.trim()).filter(Boolean);
  if (!keys.length) throw new ZuoraError(errorCode(res, Category.MISSING_FIELD), `'${param}' is required: the IDs or numbers of the ${LABEL[type]}s separated by commas`);
  if (keys.length > MAX_STATUS_KEYS) throw new ZuoraError(errorCode(res, Category.LIMIT), `A maximum of ${MAX_STATUS_KEYS} keys can be entered in '${param}'; it has ${keys.length}`);
  const idField = type === 'Invoice' ? 'invoiceId' : type === 'CreditMemo' ? 'creditMemoId' : 'debitMemoId';
  const numberField = type === 'Invoice' ? 'invoiceNumber' : type === 'CreditMemo' ? 'creditMemoNumber' : 'debitMemoNumber';
  const out: Array<Record<string, unknown>> = [];
  for (const key of keys) {
    const doc = await requireDocument(ctx, type, key);
    const file = await currentPdf(ctx, doc);
    const st = await store.pdfStatus(ctx, type, doc.id);
    const o: Record<string, unknown> = { [idField]: doc.id, [numberField]: doc.number };
    if (!file || !st) {
      const now = formatDateTime(ctx.now(), ctx.tenant.timezone);
      Object.assign(o, { pdfGenerationStatus: 'None', createdOn: now, updatedOn: now });
    } else {
      Object.assign(o, { pdfGenerationStatus: st.status, createdOn: st.created_on, updatedOn: st.updated_on, pdfFileUrl: fileUrl(file.id) });
    }
    out.push(o);
  }
  return out;
}

/** The file of that id in the tenant with its content (GET /v1/files/{id}), or undefined. */
export async function servedFile(ctx: Ctx, fileId: string): Promise<{ row: FileRow; content: Buffer } | undefined> {
  const row = await store.findFile(ctx, fileId);
  if (!row) return undefined;
  return { row, content: await store.fileContent(ctx, fileId) };
}
