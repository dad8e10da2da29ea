// Shared setup of the documents tests: a tenant on 2024-01-01 with the fixture catalog (monthly flat
// fee 100 + 1 seat at 10, test/subscriptions/fixtures.ts) and an account whose bill-to contact has a
// work email, billed by a bill run (Posted with autoPost, else Draft).
import { expect } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { runDueJobs } from '../../src/platform/jobs.js';
import type { Client, TestApp } from '../helpers.js';
import { createSubscriptionOrder, makeCatalog, newAccount, type Catalog } from '../subscriptions/fixtures.js';

export async function docTenant(t: TestApp, name = 'Acme Billing Co'): Promise<Client> {
  const c = await t.newClient({ name, defaultApiVersion: '2025-08-12' });
  expect((await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2024-01-01' })).status).toBe(200);
  return c;
}

export interface Billed {
  cat: Catalog;
  accountId: string;
  accountNumber: string;
  billRunId: string;
  invoiceId: string;
  invoiceNumber: string;
}

/** An account (bill-to work email pat@example.com, additional email ap@example.com) billed by a bill run. */
export async function billed(t: TestApp, c: Client, opts: { autoPost?: boolean; cat?: Catalog; name?: string } = {}): Promise<Billed> {
  const cat = opts.cat ?? (await makeCatalog(c));
  const acc = await newAccount(c, {
    name: opts.name ?? 'Globex Corporation',
    billToContact: { firstName: 'Pat', lastName: 'Payer', workEmail: 'pat@example.com', address1: '1 Main St', city: 'Springfield', state: 'CA', zipCode: '90001', country: 'United States' },
    additionalEmailAddresses: ['ap@example.com'],
  });
  const order = await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId));
  expect(order.body.success, order.raw).toBe(true);
  const br = await c.post('/v1/bill-runs', { billRunFilters: [{ filterType: 'Account', accountId: acc.accountId }], targetDate: '2024-01-01', invoiceDate: '2024-01-01' });
  expect(br.body.success, br.raw).toBe(true);
  await runDueJobs(t.app, { tenantId: c.tenant.id });
  if (opts.autoPost !== false) {
    const posted = await c.put(`/v1/bill-runs/${br.body.id}/post`, { invoiceDate: '2024-01-01' });
    expect(posted.body.success, posted.raw).toBe(true);
  }
  const invs = (await c.get(`/v1/transactions/invoices/accounts/${acc.accountNumber}`)).body.invoices as Array<{ id: string; invoiceNumber: string; status: string }>;
  expect(invs).toHaveLength(1);
  expect(invs[0]!.status).toBe(opts.autoPost === false ? 'Draft' : 'Posted');
  return { cat, accountId: acc.accountId, accountNumber: acc.accountNumber, billRunId: br.body.id, invoiceId: invs[0]!.id, invoiceNumber: invs[0]!.invoiceNumber };
}

const FONTS = new URL('../../node_modules/pdfjs-dist/standard_fonts/', import.meta.url).pathname;

/** The text of every page of a PDF (PDF.js), lines joined by spaces. */
export async function pdfText(bytes: Buffer): Promise<{ pages: number; text: string }> {
  const doc = await getDocument({ data: new Uint8Array(bytes), standardFontDataUrl: FONTS, useSystemFonts: false, isEvalSupported: false }).promise;
  const parts: string[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    parts.push(content.items.map((i) => ('str' in i ? i.str : '')).join(' '));
  }
  await doc.destroy();
  return { pages: doc.numPages, text: parts.join(' ').replace(/\s+/g, ' ') };
}

/** A file's bytes through GET /v1/files/{id} (app.inject keeps the raw payload). */
export async function download(t: TestApp, c: Client, url: string): Promise<{ status: number; type: string; bytes: Buffer }> {
  const r = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${c.token}` } });
  return { status: r.statusCode, type: String(r.headers['content-type']), bytes: r.rawPayload };
}

/** A multipart/form-data body with one file part. */
export function multipart(field: string, fileName: string, data: Buffer, type = 'application/pdf'): { body: Buffer; headers: Record<string, string> } {
  const boundary = '----zbillTestBoundary7MA4YWxkTrZu0gW';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A small valid PDF (made by pdfkit) naming `text`. */
export async function samplePdf(text: string): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  return new Promise((resolve) => {
    const d = new PDFDocument();
    const out: Buffer[] = [];
    d.on('data', (b: Buffer) => out.push(b));
    d.on('end', () => resolve(Buffer.concat(out)));
    d.text(text);
    d.end();
  });
}
