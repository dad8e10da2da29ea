// Billing document files through the real app (both databases): the PDF of a posted invoice read back
// with PDF.js, the files lists, uploads, generation of memo PDFs, the PDF status, GET /v1/files/{id}.
// Rules from the pages of GET_InvoiceFiles, POST_UploadFileForInvoice (PDF only, 4 MB, 50 files,
// unique names), GetInvoicePdfStatus (at most 50 keys), POST_CreditMemoPDF, GET_FileStatus.
import { describe, expect, it } from 'vitest';
import { setupApp } from '../helpers.js';
import { billed, docTenant, download, multipart, pdfText, samplePdf } from './fixtures.js';

const t = await setupApp({ jobWorker: false });

describe('the PDF of a posted invoice', () => {
  it('is listed, served as application/pdf, and names the company, account, contacts, number, dates, items and totals', async () => {
    const c = await docTenant(t);
    const b = await billed(t, c);
    // paid in part before anything asked for the PDF: the PDF its posting made still shows the balance at posting
    const pay = await c.post('/v1/payments', { accountId: b.accountId, type: 'External', paymentMethodType: 'Check', amount: 30, currency: 'USD', invoices: [{ invoiceId: b.invoiceId, amount: 30 }] });
    expect(pay.body.success, pay.raw).toBe(true);
    const list = await c.get(`/v1/invoices/${b.invoiceNumber}/files`);
    expect(list.status, list.raw).toBe(200);
    expect(list.body.success).toBe(true);
    expect(list.body.invoiceFiles).toHaveLength(1);
    const f = list.body.invoiceFiles[0];
    expect(f.id).toMatch(/^[0-9a-f]{32}$/);
    expect(f.pdfFileUrl).toMatch(/^\/v1\/files\/[0-9a-f]{32}$/);
    // the version is the posting instant (the tenant clock: 2024-01-01T00:00:00Z)
    expect(f.versionNumber).toBe(Date.UTC(2024, 0, 1));
    // listed again: the same file (cached, not made again)
    expect((await c.get(`/v1/invoices/${b.invoiceId}/files`)).body.invoiceFiles).toEqual([f]);

    const file = await download(t, c, f.pdfFileUrl);
    expect(file.status).toBe(200);
    expect(file.type).toBe('application/pdf');
    expect(file.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const { pages, text } = await pdfText(file.bytes);
    expect(pages).toBe(1);
    for (const s of ['Acme Billing Co', 'INVOICE', `Invoice Number: ${b.invoiceNumber}`, 'Invoice Date: 2024-01-01', 'Due Date: 2024-01-01', `Account Number: ${b.accountNumber}`, 'Globex Corporation', 'Pat Payer', '1 Main St', 'pat@example.com', 'Bill To', 'Sold To', 'Platform Fee', 'Seats', '2024-01-01 - 2024-01-31', '$100.00', '$10.00', 'Subtotal', 'Total', '$110.00', 'Balance Due'])
      expect(text, s).toContain(s);
    expect(text).toMatch(/Balance Due \$110\.00/);
    expect(text).not.toContain('$80.00');
    // without a token: refused
    expect((await t.app.inject({ method: 'GET', url: f.pdfFileUrl })).statusCode).toBe(401);
    // another tenant does not see it
    const other = await docTenant(t);
    expect((await download(t, other, f.pdfFileUrl)).status).not.toBe(200);
  });

  it('pdf-status: Generated for a posted invoice, None for a draft, the keys in order, errors for missing, unknown and too many keys', async () => {
    const c = await docTenant(t);
    const cat = (await billed(t, c)).cat;
    const posted = await billed(t, c, { cat });
    const draft = await billed(t, c, { cat, autoPost: false });
    const res = await c.get(`/v1/invoices/pdf-status?invoiceKeys=${draft.invoiceId},${posted.invoiceNumber}`);
    expect(res.status, res.raw).toBe(200);
    const [d, p] = res.body.invoiceFiles;
    expect(d).toMatchObject({ invoiceId: draft.invoiceId, invoiceNumber: draft.invoiceNumber, pdfGenerationStatus: 'None' });
    expect(d.pdfFileUrl).toBeUndefined();
    expect(p).toMatchObject({ invoiceId: posted.invoiceId, invoiceNumber: posted.invoiceNumber, pdfGenerationStatus: 'Generated', createdOn: '2024-01-01 00:00:00' });
    expect(p.pdfFileUrl).toBe((await c.get(`/v1/invoices/${posted.invoiceId}/files`)).body.invoiceFiles[0].pdfFileUrl);
    // a draft has no files
    expect((await c.get(`/v1/invoices/${draft.invoiceId}/files`)).body.invoiceFiles).toEqual([]);

    const missing = await c.get('/v1/invoices/pdf-status');
    expect([missing.status, missing.body.reasons[0].code]).toEqual([400, 59210022]);
    const unknown = await c.get('/v1/invoices/pdf-status?invoiceKeys=INV99999999');
    expect([unknown.status, unknown.body.reasons[0].code]).toEqual([404, 59210040]);
    const many = await c.get(`/v1/invoices/pdf-status?invoiceKeys=${Array.from({ length: 51 }, (_, i) => `INV${i}`).join(',')}`);
    expect(many.body.reasons[0].code).toBe(59210070);
  });

  it('files of an unknown invoice: not found; pageSize over 40 refused; pages link on', async () => {
    const c = await docTenant(t);
    const b = await billed(t, c);
    expect((await c.get('/v1/invoices/INV99999999/files')).status).toBe(404);
    expect((await c.get(`/v1/invoices/${b.invoiceId}/files?pageSize=41`)).status).toBe(400);
    const pdf = await samplePdf('extra');
    const up = multipart('file', 'extra.pdf', pdf);
    expect((await c.req('POST', `/v1/invoices/${b.invoiceId}/files`, up.body, up.headers)).body.success).toBe(true);
    const p1 = await c.get(`/v1/invoices/${b.invoiceId}/files?pageSize=1`);
    expect(p1.body.invoiceFiles).toHaveLength(1);
    expect(p1.body.nextPage).toBe(`/v1/invoices/${b.invoiceId}/files?page=2&pageSize=1`);
    const p2 = await c.get(p1.body.nextPage);
    expect(p2.body.invoiceFiles).toHaveLength(1);
    expect(p2.body.nextPage).toBeUndefined();
    expect(p2.body.invoiceFiles[0].id).not.toBe(p1.body.invoiceFiles[0].id);
  });
});

describe('the PDF a posting makes, asked for many times at once', () => {
  it('is stored once', async () => {
    const c = await docTenant(t);
    const b = await billed(t, c);
    const answers = await Promise.all([
      ...Array.from({ length: 4 }, () => c.get(`/v1/invoices/${b.invoiceId}/files`)),
      c.get(`/v1/invoices/pdf-status?invoiceKeys=${b.invoiceId}`),
      c.post(`/v1/invoices/${b.invoiceId}/emails`, {}),
    ]);
    for (const a of answers) expect(a.body.success, a.raw).toBe(true);
    const files = (await c.get(`/v1/invoices/${b.invoiceId}/files`)).body.invoiceFiles;
    expect(files).toHaveLength(1);
    for (const a of answers.slice(0, 4)) expect(a.body.invoiceFiles).toEqual(files);
  });
});

describe('uploads', () => {
  it('an uploaded PDF becomes the latest file of the invoice and is served as uploaded; bad uploads change nothing', async () => {
    const c = await docTenant(t);
    const b = await billed(t, c);
    const pdf = await samplePdf('Externally generated invoice');
    const up = multipart('file', 'External.pdf', pdf);
    const res = await c.req('POST', `/v1/invoices/${b.invoiceNumber}/files`, up.body, up.headers);
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toEqual({ fileId: expect.stringMatching(/^[0-9a-f]{32}$/), success: true });
    const files = (await c.get(`/v1/invoices/${b.invoiceId}/files`)).body.invoiceFiles;
    // the generated one (made when the invoice was posted) and the upload, newest first
    expect(files).toHaveLength(2);
    expect(files[0].pdfFileUrl).toBe(`/v1/files/${res.body.fileId}`);
    expect(files[0].versionNumber).toBeGreaterThan(files[1].versionNumber);
    const got = await download(t, c, files[0].pdfFileUrl);
    expect(got.bytes.equals(pdf)).toBe(true);
    expect((await pdfText(got.bytes)).text).toContain('Externally generated invoice');
    // the status follows the upload
    const st = (await c.get(`/v1/invoices/pdf-status?invoiceKeys=${b.invoiceId}`)).body.invoiceFiles[0];
    expect(st).toMatchObject({ pdfGenerationStatus: 'Generated', pdfFileUrl: files[0].pdfFileUrl });

    const codes = async (body: Buffer, headers: Record<string, string>) => {
      const r = await c.req('POST', `/v1/invoices/${b.invoiceId}/files`, body, headers);
      return [r.status, r.body.reasons?.[0]?.code];
    };
    // the same name again
    expect(await codes(up.body, up.headers)).toEqual([400, 59210030]);
    // not a PDF
    const txt = multipart('file', 'notes.txt', Buffer.from('hello'), 'text/plain');
    expect(await codes(txt.body, txt.headers)).toEqual([400, 59210020]);
    const fake = multipart('file', 'fake.pdf', Buffer.from('not a pdf'));
    expect(await codes(fake.body, fake.headers)).toEqual([400, 59210020]);
    // over 4 MB
    const big = multipart('file', 'big.pdf', Buffer.concat([Buffer.from('%PDF-1.3\n'), Buffer.alloc(4 * 1024 * 1024)]));
    expect((await codes(big.body, big.headers))[1]).toBe(59210070);
    // the part is not named file
    const wrong = multipart('document', 'x.pdf', pdf);
    expect((await codes(wrong.body, wrong.headers))[1]).toBe(59210022);
    // a JSON body is refused
    expect((await c.post(`/v1/invoices/${b.invoiceId}/files`, { file: 'x' })).status).toBe(400);
    // nothing of these landed
    expect((await c.get(`/v1/invoices/${b.invoiceId}/files`)).body.invoiceFiles).toHaveLength(2);
    // an unknown invoice
    expect((await c.req('POST', '/v1/invoices/INV99999999/files', up.body, up.headers)).status).toBe(404);
  });

  it('a large upload is stored in chunks and served whole', async () => {
    const c = await docTenant(t);
    const b = await billed(t, c);
    const data = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(Array.from({ length: 700_000 }, (_, i) => i % 251))]);
    const up = multipart('file', 'big-but-fine.pdf', data);
    const res = await c.req('POST', `/v1/invoices/${b.invoiceId}/files`, up.body, up.headers);
    expect(res.body.success, res.raw).toBe(true);
    expect((await download(t, c, `/v1/files/${res.body.fileId}`)).bytes.equals(data)).toBe(true);
  });
});

describe('credit and debit memos', () => {
  it('a draft credit memo has no PDF until POST …/pdfs makes one; each call makes a new version; uploads and lists work alike', async () => {
    const c = await docTenant(t);
    const b = await billed(t, c);
    const items = (await c.get(`/v1/invoices/${b.invoiceId}/items`)).body.invoiceItems as Array<{ id: string; chargeName: string }>;
    const cm = await c.post(`/v1/credit-memos/invoice/${b.invoiceId}`, { invoiceId: b.invoiceId, items: [{ invoiceItemId: items.find((i) => i.chargeName === 'Seats')!.id, amount: 10, skuName: 'Seats' }], reasonCode: 'Correcting invoice error' });
    expect(cm.body.success, cm.raw).toBe(true);
    expect((await c.get(`/v1/credit-memos/pdf-status?creditMemoKeys=${cm.body.number}`)).body.creditMemoFiles[0]).toMatchObject({ creditMemoId: cm.body.id, creditMemoNumber: cm.body.number, pdfGenerationStatus: 'None' });
    expect((await c.get(`/v1/credit-memos/${cm.body.id}/files`)).body.creditMemoFiles).toEqual([]);

    expect((await c.post(`/v1/credit-memos/${cm.body.id}/pdfs`)).body).toEqual({ success: true });
    const st = (await c.get(`/v1/credit-memos/pdf-status?creditMemoKeys=${cm.body.id}`)).body.creditMemoFiles[0];
    expect(st.pdfGenerationStatus).toBe('Generated');
    const pdf = await download(t, c, st.pdfFileUrl);
    const { text } = await pdfText(pdf.bytes);
    for (const s of ['CREDIT MEMO', `Credit Memo Number: ${cm.body.number}`, 'Globex Corporation', `Refers to invoice ${b.invoiceNumber}`, 'Reason: Correcting invoice error', 'Seats', 'Unapplied Amount', '$10.00'])
      expect(text, s).toContain(s);
    expect((await c.post(`/v1/credit-memos/${cm.body.number}/pdfs`)).body.success).toBe(true);
    const list = (await c.get(`/v1/credit-memos/${cm.body.id}/files`)).body.creditMemoFiles;
    expect(list).toHaveLength(2);
    expect(list[0].versionNumber).toBeGreaterThan(list[1].versionNumber);

    const up = multipart('file', 'cm.pdf', await samplePdf('memo'));
    expect((await c.req('POST', `/v1/credit-memos/${cm.body.id}/files`, up.body, up.headers)).body.success).toBe(true);
    expect((await c.get(`/v1/credit-memos/${cm.body.id}/files`)).body.creditMemoFiles).toHaveLength(3);
    expect((await c.post('/v1/credit-memos/CM99999999/pdfs')).status).toBe(404);
  });

  it('a debit memo: PDF, status, upload', async () => {
    const c = await docTenant(t);
    const b = await billed(t, c);
    const dm = await c.post(`/v1/debit-memos/invoice/${b.invoiceId}`, { invoiceId: b.invoiceId, autoPost: true, items: [{ invoiceItemId: (await c.get(`/v1/invoices/${b.invoiceId}/items`)).body.invoiceItems[0].id, amount: 5, skuName: 'x' }] });
    expect(dm.body.success, dm.raw).toBe(true);
    const st = (await c.get(`/v1/debit-memos/pdf-status?debitMemoKeys=${dm.body.id}`)).body.debitMemoFiles[0];
    expect(st).toMatchObject({ debitMemoId: dm.body.id, debitMemoNumber: dm.body.number, pdfGenerationStatus: 'Generated' });
    const { text } = await pdfText((await download(t, c, st.pdfFileUrl)).bytes);
    for (const s of ['DEBIT MEMO', `Debit Memo Number: ${dm.body.number}`, 'Balance Due', '$5.00']) expect(text, s).toContain(s);
    const up = multipart('file', 'dm.pdf', await samplePdf('debit'));
    expect((await c.req('POST', `/v1/debit-memos/${dm.body.number}/files`, up.body, up.headers)).body.success).toBe(true);
    expect((await c.get(`/v1/debit-memos/${dm.body.id}/files`)).body.debitMemoFiles).toHaveLength(2);
  });
});

describe('GET /v1/files/{file-id}/status', () => {
  it('a kept file is active; an unknown one is not found', async () => {
    const c = await docTenant(t);
    const b = await billed(t, c);
    const url = (await c.get(`/v1/invoices/${b.invoiceId}/files`)).body.invoiceFiles[0].pdfFileUrl;
    expect((await c.get(`${url}/status`)).body).toEqual({ success: true, accessible: true, status: 'ACTIVE' });
    expect((await c.get('/v1/files/0123456789abcdef0123456789abcdef/status')).status).toBe(404);
  });
});
