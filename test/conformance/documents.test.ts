// Conformance of billing document files and emails (Invoices, Credit Memos, Debit Memos, Bill Run,
// Operations and Files tags): each operation of the documents module checked against its spec schema,
// over a real posted invoice and memos (test/documents/fixtures.ts).
import { beforeAll, describe, it } from 'vitest';
import { runDueJobs } from '../../src/platform/jobs.js';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { billed, docTenant, multipart, samplePdf, type Billed } from '../documents/fixtures.js';
import { conform, expectSuccess } from './harness.js';

let t: TestApp;
let c: Client;
let b: Billed;
const w: Record<string, string> = {};

beforeAll(async () => {
  t = await setupApp({ jobWorker: false });
  c = await docTenant(t);
  b = await billed(t, c);
  const item = (await c.get(`/v1/invoices/${b.invoiceId}/items`)).body.invoiceItems[0].id;
  const cm = await c.post(`/v1/credit-memos/invoice/${b.invoiceId}`, { invoiceId: b.invoiceId, autoPost: true, items: [{ invoiceItemId: item, amount: 3, skuName: 'x' }] });
  expectSuccess('POST_CreditMemoFromInvoice', cm);
  w.cm = cm.body.id;
  const dm = await c.post(`/v1/debit-memos/invoice/${b.invoiceId}`, { invoiceId: b.invoiceId, autoPost: true, items: [{ invoiceItemId: item, amount: 4, skuName: 'x' }] });
  expectSuccess('POST_DebitMemoFromInvoice', dm);
  w.dm = dm.body.id;
});

const upload = async (url: string, name: string) => {
  const m = multipart('file', name, await samplePdf(name));
  return c.req('POST', url, m.body, m.headers);
};

describe('Invoices', () => {
  it('GET_InvoiceFiles', async () => conform('GET_InvoiceFiles', await c.get(`/v1/invoices/${b.invoiceId}/files`)));
  it('POST_UploadFileForInvoice', async () => conform('POST_UploadFileForInvoice', await upload(`/v1/invoices/${b.invoiceId}/files`, 'inv.pdf')));
  it('GetInvoicePdfStatus', async () => conform('GetInvoicePdfStatus', await c.get(`/v1/invoices/pdf-status?invoiceKeys=${b.invoiceId}`)));
  it('POST_EmailInvoice', async () => conform('POST_EmailInvoice', await c.post(`/v1/invoices/${b.invoiceId}/emails`, { includeAdditionalEmailAddresses: true })));
});

describe('Credit Memos', () => {
  it('POST_CreditMemoPDF', async () => conform('POST_CreditMemoPDF', await c.post(`/v1/credit-memos/${w.cm}/pdfs`)));
  it('GET_CreditMemoFiles', async () => conform('GET_CreditMemoFiles', await c.get(`/v1/credit-memos/${w.cm}/files`)));
  it('POST_UploadFileForCreditMemo', async () => conform('POST_UploadFileForCreditMemo', await upload(`/v1/credit-memos/${w.cm}/files`, 'cm.pdf')));
  it('Get_CreditMemoPdfStatus', async () => conform('Get_CreditMemoPdfStatus', await c.get(`/v1/credit-memos/pdf-status?creditMemoKeys=${w.cm}`)));
  it('POST_EmailCreditMemo', async () => conform('POST_EmailCreditMemo', await c.post(`/v1/credit-memos/${w.cm}/emails`, { emailAddresses: 'a@example.com' })));
});

describe('Debit Memos', () => {
  it('POST_DebitMemoPDF', async () => conform('POST_DebitMemoPDF', await c.post(`/v1/debit-memos/${w.dm}/pdfs`)));
  it('GET_DebitMemoFiles', async () => conform('GET_DebitMemoFiles', await c.get(`/v1/debit-memos/${w.dm}/files`)));
  it('POST_UploadFileForDebitMemo', async () => conform('POST_UploadFileForDebitMemo', await upload(`/v1/debit-memos/${w.dm}/files`, 'dm.pdf')));
  it('Get_DebitMemoPdfStatus', async () => conform('Get_DebitMemoPdfStatus', await c.get(`/v1/debit-memos/pdf-status?debitMemoKeys=${w.dm}`)));
  it('POST_EmailDebitMemo', async () => conform('POST_EmailDebitMemo', await c.post(`/v1/debit-memos/${w.dm}/emails`, {})));
});

describe('Bill Run, Operations, Files', () => {
  it('POST_EmailBillingDocumentsfromBillRun', async () => conform('POST_EmailBillingDocumentsfromBillRun', await c.post(`/v1/bill-runs/${b.billRunId}/emails`, { resend: true })));
  it('Create_BulkPDFToZIPGeneration, Get_BulkPDFToZIPGeneration', async () => {
    const res = await c.post('/v1/operations/bulk-pdf', { documents: [{ docType: 'Invoice', objectIds: [b.invoiceId] }, { docType: 'CreditMemo', objectIds: [w.cm] }], fileName: 'conf', name: 'Conformance', indexFileFormat: 'JSON' });
    conform('Create_BulkPDFToZIPGeneration', res);
    await runDueJobs(t.app, { tenantId: c.tenant.id });
    const job = await c.get(`/v1/operations/bulk-pdf/${res.body.jobId}`);
    conform('Get_BulkPDFToZIPGeneration', job);
    w.zip = job.body.fileUrls[0];
  });
  it('GET_FileStatus', async () => conform('GET_FileStatus', await c.get(`${w.zip}/status`)));
});
