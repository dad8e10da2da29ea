/**
 * Emails of billing documents. Every message lands in the tenant's outbox (table `outbox`, listed by
 * the admin API GET /admin/tenants/{id}/outbox) in the request's transaction; when ZBILL_SMTP_URL is
 * set, a job (`documents.send-email`, enqueued in the same transaction, so it exists only if the
 * request committed) hands it to the SMTP server. Recipients follow the email pages of Zuora's v1 API.
 */
import nodemailer from 'nodemailer';
import type { Ctx } from '../../platform/context.js';
import { formatDateTime, Temporal } from '../../platform/dates.js';
import { invalidValue, notFound, notImplemented, ruleViolation } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { nextCounter } from '../../platform/counters.js';
import { money } from '../../platform/money.js';
import { enqueueJob, type JobHandlerSpec } from '../../platform/jobs.js';
import { getAccountByKey } from '../accounts/service.js';
import { billRunDocuments } from '../billing/contract.js';
import { getContact } from '../contacts/service.js';
import { currentPdf, fileUrl, LABEL, requireDocument, RESOURCE, type BillingDoc, type DocType } from './service.js';
import * as store from './store.js';

export const SEND_EMAIL_JOB = 'documents.send-email';

const EMAIL_RE = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;

/** A comma-separated address list (`emailAddresses`), each checked. */
export function parseAddresses(v: string, field: string, res: number): string[] {
  const list = v.split(',').map((a) => a.trim()).filter(Boolean);
  for (const a of list) if (a.length > 254 || !EMAIL_RE.test(a)) throw invalidValue(`'${field}' holds an invalid email address: '${a}'`, res);
  return [...new Set(list)];
}

const optBool = (b: Record<string, unknown>, k: string, res: number): boolean | undefined => {
  const v = b[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw invalidValue(`'${k}' must be a boolean`, res);
};

async function billToAddress(ctx: Ctx, doc: BillingDoc): Promise<string | null> {
  const account = await getAccountByKey(ctx, doc.accountId);
  const id = doc.billToContactId ?? account?.billToContactId ?? null;
  const c = id ? await getContact(ctx, id) : undefined;
  return c?.workEmail ?? c?.personalEmail ?? null;
}

/** Writes the message to the outbox (and queues its SMTP delivery when a server is set). */
/** Whether the app serving the request hands its emails to SMTP. */
export interface Delivery {
  smtp: boolean;
}

async function queueMessage(ctx: Ctx, dl: Delivery, doc: BillingDoc, to: string[], cc: string[], pdf: store.FileRow | null): Promise<string> {
  const id = newId();
  const label = LABEL[doc.type].replace(/^./, (c) => c.toUpperCase());
  const subject = `${label} ${doc.number} from ${ctx.tenant.name}`;
  const body = `Dear customer,\n\nPlease find attached ${LABEL[doc.type]} ${doc.number}.\n\n${ctx.tenant.name}\n`;
  await store.insertOutbox(ctx, {
    id,
    tenant_id: ctx.tenant.id,
    seq: await nextCounter(ctx, 'documents.outbox'),
    doc_type: doc.type,
    doc_id: doc.id,
    doc_number: doc.number,
    to_addresses: JSON.stringify(to),
    cc_addresses: JSON.stringify(cc),
    subject,
    body,
    attachments: JSON.stringify(pdf ? [{ name: pdf.file_name, fileId: pdf.id }] : []),
    status: dl.smtp ? 'Queued' : 'Outbox',
    error: null,
    created_at: ctx.now().toString(),
    sent_at: null,
  });
  if (dl.smtp) await enqueueJob(ctx, SEND_EMAIL_JOB, { outboxId: id });
  return id;
}

/**
 * POST /v1/invoices/{key}/emails, /v1/credit-memos/{key}/emails, /v1/debit-memos/{key}/emails: a posted
 * document to `emailAddresses`, or else to its bill-to contact's work (else personal) email; the
 * account's additional email addresses in copy with `includeAdditionalEmailAddresses`. Email templates
 * are not modelled: `useEmailTemplateSetting: true` answers 501.
 */
export async function emailDocument(ctx: Ctx, dl: Delivery, type: DocType, key: string, body: Record<string, unknown>): Promise<void> {
  const res = RESOURCE[type];
  const allowed = new Set(['emailAddresses', 'includeAdditionalEmailAddresses', 'useEmailTemplateSetting', ...(type === 'Invoice' ? [] : ['pdfFileId'])]);
  for (const k of Object.keys(body)) if (!allowed.has(k)) throw invalidValue(`Unknown field '${k}'`, res);
  if (optBool(body, 'useEmailTemplateSetting', res)) throw notImplemented('useEmailTemplateSetting: true (email templates and notifications are not modelled; name the recipients in emailAddresses)');
  const includeAdditional = optBool(body, 'includeAdditionalEmailAddresses', res) ?? false;
  if (body.emailAddresses !== undefined && body.emailAddresses !== null && typeof body.emailAddresses !== 'string') throw invalidValue(`'emailAddresses' must be a string of comma-separated email addresses`, res);
  const given = typeof body.emailAddresses === 'string' ? parseAddresses(body.emailAddresses, 'emailAddresses', res) : [];
  if (body.pdfFileId !== undefined && body.pdfFileId !== null && typeof body.pdfFileId !== 'string') throw invalidValue(`'pdfFileId' must be a string`, res);

  const doc = await requireDocument(ctx, type, key);
  if (doc.status !== 'Posted') throw ruleViolation(`The ${LABEL[type]} ${doc.number} is ${doc.status}: only a posted ${LABEL[type]} can be emailed`, res);
  let to = given;
  if (!to.length) {
    const a = await billToAddress(ctx, doc);
    to = a ? [a] : [];
  }
  let cc: string[] = [];
  if (includeAdditional) {
    const account = await getAccountByKey(ctx, doc.accountId);
    cc = (account?.additionalEmailAddresses ?? []).filter((a) => !to.includes(a));
  }
  if (!to.length && cc.length) [to, cc] = [cc, []];
  if (!to.length) throw ruleViolation(`The ${LABEL[type]} ${doc.number} cannot be emailed: no email address is given in 'emailAddresses' and its bill-to contact has no work or personal email`, res);
  let pdf: store.FileRow | null;
  if (typeof body.pdfFileId === 'string') {
    const f = await store.findFile(ctx, body.pdfFileId);
    if (!f || f.doc_type !== type || f.doc_id !== doc.id) throw invalidValue(`'pdfFileId' ${body.pdfFileId} is not a PDF file of the ${LABEL[type]} ${doc.number}`, res);
    pdf = f;
  } else pdf = await currentPdf(ctx, doc);
  await queueMessage(ctx, dl, doc, to, cc, pdf);
}

/**
 * POST /v1/bill-runs/{key}/emails: every posted document of the bill run to its bill-to contact (the
 * default templates' To Email); with `resend` false (the default) only those never emailed; an invoice of
 * zero not when the run was made with noEmailForZeroAmountInvoice. A document
 * whose contact has no email address is passed over, as a notification without recipient is.
 */
export async function emailBillRun(ctx: Ctx, dl: Delivery, key: string, body: Record<string, unknown>): Promise<void> {
  const res = 580100;
  for (const k of Object.keys(body)) if (k !== 'resend') throw invalidValue(`Unknown field '${k}'`, res);
  const resend = optBool(body, 'resend', res) ?? false;
  const run = await billRunDocuments(ctx, key);
  if (!run) throw notFound(`The bill run ${key} does not exist`, res);
  for (const ref of run.documents) {
    if (ref.status !== 'Posted') continue;
    const type: DocType = ref.kind === 'invoice' ? 'Invoice' : 'CreditMemo';
    if (!resend && (await store.wasEmailed(ctx, type, ref.id))) continue;
    const doc = await requireDocument(ctx, type, ref.id);
    // the run's noEmailForZeroAmountInvoice: an invoice of zero is not emailed
    if (run.noEmailForZeroAmountInvoice && type === 'Invoice' && money(doc.total).isZero()) continue;
    const a = await billToAddress(ctx, doc);
    if (!a) continue;
    await queueMessage(ctx, dl, doc, [a], [], await currentPdf(ctx, doc));
  }
}

/** The tenant's outbox, newest first (admin API). */
export async function outboxView(ctx: Ctx, query: Record<string, string | undefined>): Promise<Record<string, unknown>> {
  const limit = Math.min(Math.max(Number(query.limit ?? 100) || 100, 1), 1000);
  const offset = Math.max(Number(query.offset ?? 0) || 0, 0);
  const rows = await store.listOutbox(ctx, limit, offset);
  return {
    messages: rows.map((r) => ({
      id: r.id,
      documentType: r.doc_type,
      documentId: r.doc_id,
      documentNumber: r.doc_number,
      to: JSON.parse(r.to_addresses) as string[],
      cc: JSON.parse(r.cc_addresses) as string[],
      subject: r.subject,
      attachments: (JSON.parse(r.attachments) as Array<{ name: string; fileId: string }>).map((a) => ({ name: a.name, url: fileUrl(a.fileId) })),
      status: r.status,
      error: r.error,
      createdAt: formatDateTime(Temporal.Instant.from(r.created_at), ctx.tenant.timezone),
      sentAt: r.sent_at ? formatDateTime(Temporal.Instant.from(r.sent_at), ctx.tenant.timezone) : null,
    })),
  };
}

/** The SMTP delivery of one outbox message: outside any transaction (a retry after a crash may send it twice, never zero times). */
export const sendEmailJob: JobHandlerSpec<{ outboxId: string }> = {
  transactional: false,
  maxAttempts: 5,
  async run(ctx, payload, job) {
    const m = await store.findOutbox(ctx, payload.outboxId);
    if (!m || m.status === 'Sent') return { sent: false };
    // the SMTP server of the app whose job runner runs the delivery (ZBILL_SMTP_URL)
    const smtpUrl = job.config?.smtpUrl;
    if (!smtpUrl) {
      await store.updateOutbox(ctx, m.id, { status: 'Outbox', error: 'ZBILL_SMTP_URL is not set in the process that ran the delivery' });
      return { sent: false };
    }
    const attachments = [];
    for (const a of JSON.parse(m.attachments) as Array<{ name: string; fileId: string }>) attachments.push({ filename: a.name, content: await store.fileContent(ctx, a.fileId), contentType: 'application/pdf' });
    const transport = nodemailer.createTransport(smtpUrl);
    try {
      await transport.sendMail({
        from: `"${ctx.tenant.name.replace(/["\\\r\n]/g, '')}" <billing@zbill.invalid>`,
        to: JSON.parse(m.to_addresses) as string[],
        cc: JSON.parse(m.cc_addresses) as string[],
        subject: m.subject,
        text: m.body,
        attachments,
      });
    } catch (e) {
      await store.updateOutbox(ctx, m.id, { status: 'Failed', error: e instanceof Error ? e.message : String(e) });
      throw e;
    } finally {
      transport.close();
    }
    await store.updateOutbox(ctx, m.id, { status: 'Sent', error: null, sent_at: ctx.now().toString() });
    return { sent: true };
  },
};
