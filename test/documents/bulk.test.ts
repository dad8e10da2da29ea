// Bulk PDF files to ZIP (Operations tag; Create_BulkPDFToZIPGeneration and Get_BulkPDFToZIPGeneration
// pages: documents by type and ids, fileName prefix `_1.zip`, an index file JSON or CSV unless
// persistIndexFile is false, generateMissingPDF), read back with fflate. Both databases.
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/platform/jobs.js';
import { setupApp } from '../helpers.js';
import { billed, docTenant, download, pdfText } from './fixtures.js';

const t = await setupApp({ jobWorker: false });

describe('bulk PDF to ZIP', () => {
  it('zips the PDFs of the listed documents with a JSON index; unknown ids and drafts without PDF are skipped', async () => {
    const c = await docTenant(t);
    const a = await billed(t, c);
    const b = await billed(t, c, { cat: a.cat, name: 'Initech' });
    const draft = await billed(t, c, { cat: a.cat, autoPost: false });
    const unknown = '0123456789abcdef0123456789abcdef';
    const res = await c.post('/v1/operations/bulk-pdf', {
      documents: [{ docType: 'Invoice', objectIds: [a.invoiceId, b.invoiceId, draft.invoiceId, unknown] }],
      fileName: 'all-invoices-jan-2024',
      name: 'January',
      indexFileFormat: 'JSON',
    });
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toMatchObject({ jobId: expect.stringMatching(/^[0-9a-f]{32}$/), jobName: 'January', status: 'Submitted', stepStatus: 'JobCreated', skippedDocuments: [{ docType: 'Invoice', objectIds: [draft.invoiceId, unknown] }], createdOn: '2024-01-01 00:00:00', success: true });
    expect((await c.get(`/v1/operations/bulk-pdf/${res.body.jobId}`)).body).toMatchObject({ status: 'Submitted', stepStatus: 'JobCreated' });
    expect(await runDueJobs(t.app, { tenantId: c.tenant.id })).toBe(1);
    const job = (await c.get(`/v1/operations/bulk-pdf/${res.body.jobId}`)).body;
    expect(job).toMatchObject({ jobId: res.body.jobId, jobName: 'January', status: 'Completed', stepStatus: 'PostProcessing', createdOn: '2024-01-01 00:00:00', success: true });
    expect(job.fileUrls).toHaveLength(1);
    expect(job.failedDocuments).toBeUndefined();
    const zip = await download(t, c, job.fileUrls[0]);
    expect(zip.type).toBe('application/zip');
    const entries = unzipSync(new Uint8Array(zip.bytes));
    expect(Object.keys(entries).sort()).toEqual([`${a.invoiceNumber}.pdf`, `${b.invoiceNumber}.pdf`, 'index.json'].sort());
    expect((await pdfText(Buffer.from(entries[`${b.invoiceNumber}.pdf`]!))).text).toContain('Initech');
    expect(JSON.parse(Buffer.from(entries['index.json']!).toString())).toEqual([
      { docType: 'Invoice', objectId: a.invoiceId, documentNumber: a.invoiceNumber, fileName: `${a.invoiceNumber}.pdf` },
      { docType: 'Invoice', objectId: b.invoiceId, documentNumber: b.invoiceNumber, fileName: `${b.invoiceNumber}.pdf` },
    ]);
    // the archive's name follows fileName
    expect(String((await t.app.inject({ method: 'GET', url: job.fileUrls[0], headers: { authorization: `Bearer ${c.token}` } })).headers['content-disposition'])).toContain('all-invoices-jan-2024_1.zip');
  });

  it('generateMissingPDF makes the draft PDF; a CSV index; persistIndexFile false leaves it out', async () => {
    const c = await docTenant(t);
    const draft = await billed(t, c, { autoPost: false });
    const one = await c.post('/v1/operations/bulk-pdf', { documents: [{ docType: 'Invoice', objectIds: [draft.invoiceId] }], fileName: 'drafts', indexFileFormat: 'CSV', generateMissingPDF: true });
    expect(one.body.skippedDocuments).toBeUndefined();
    expect(one.body.jobName).toBeUndefined();
    const two = await c.post('/v1/operations/bulk-pdf', { documents: [{ docType: 'Invoice', objectIds: [draft.invoiceId] }], fileName: 'noindex', indexFileFormat: 'JSON', generateMissingPDF: true, persistIndexFile: false });
    await runDueJobs(t.app, { tenantId: c.tenant.id });
    const z1 = unzipSync(new Uint8Array((await download(t, c, (await c.get(`/v1/operations/bulk-pdf/${one.body.jobId}`)).body.fileUrls[0])).bytes));
    expect(Object.keys(z1).sort()).toEqual([`${draft.invoiceNumber}.pdf`, 'index.csv']);
    expect(Buffer.from(z1['index.csv']!).toString()).toBe(`docType,objectId,documentNumber,fileName\r\nInvoice,${draft.invoiceId},${draft.invoiceNumber},${draft.invoiceNumber}.pdf\r\n`);
    const z2 = unzipSync(new Uint8Array((await download(t, c, (await c.get(`/v1/operations/bulk-pdf/${two.body.jobId}`)).body.fileUrls[0])).bytes));
    expect(Object.keys(z2)).toEqual([`${draft.invoiceNumber}.pdf`]);
  });

  it('refuses bad requests and unknown jobs', async () => {
    const c = await docTenant(t);
    const code = async (b: unknown) => (await c.post('/v1/operations/bulk-pdf', b)).body.reasons?.[0]?.code;
    expect(await code({ fileName: 'x', indexFileFormat: 'JSON' })).toBe(50000022);
    expect(await code({ documents: [{ docType: 'Invoice', objectIds: ['a'] }], indexFileFormat: 'JSON' })).toBe(50000022);
    expect(await code({ documents: [{ docType: 'Invoice', objectIds: ['a'] }], fileName: 'x' })).toBe(50000022);
    expect(await code({ documents: [{ docType: 'Invoice', objectIds: ['a'] }], fileName: 'x', indexFileFormat: 'XML' })).toBe(50000020);
    expect(await code({ documents: [{ docType: 'Payment', objectIds: ['a'] }], fileName: 'x', indexFileFormat: 'JSON' })).toBe(50000020);
    expect(await code({ documents: [{ docType: 'Invoice', objectIds: ['a'] }], fileName: 'x'.repeat(33), indexFileFormat: 'JSON' })).toBe(50000020);
    expect((await c.get('/v1/operations/bulk-pdf/0123456789abcdef0123456789abcdef')).status).toBe(404);
  });
});
