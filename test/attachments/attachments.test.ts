// Attachments (pages v1-api-reference_api_operation_{post,get,put,delete}_attachments.md and get_attachmentslist.md):
// a file tied to an account, invoice, subscription (by number), credit or debit memo, sent as multipart/form-data
// with the object named in the query; read, renamed, listed by object, deleted; its content at GET /v1/files/{fileId}.
import { beforeAll, describe, expect, it } from 'vitest';
import { countRows } from '../accounts/fixtures.js';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { postedInvoice, setup } from '../payments/fixtures.js';
import type { Catalog } from '../subscriptions/fixtures.js';

let t: TestApp;
let c: Client;
let cat: Catalog;
let acc: { accountId: string; accountNumber: string };

beforeAll(async () => {
  t = await setupApp({ jobWorker: false });
  const s = await setup(t);
  c = s.c;
  cat = s.cat;
  acc = s.acc;
});

/** A multipart body with one file part (named 'file' unless told) and any text fields. */
function form(file?: { field?: string; fileName?: string; content: string | Buffer; type?: string }, fields: Record<string, string> = {}) {
  const b = `----zbillattach${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    chunks.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.fileName ?? 'AttachTest.txt'}"\r\nContent-Type: ${file.type ?? 'text/plain'}\r\n\r\n`));
    chunks.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${b}--\r\n`));
  return { body: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
}
const attach = (query: string, f = form({ content: 'hello attachments' })) => c.req('POST', `/v1/attachments?${query}`, f.body, f.headers);
const rows = async () => (await countRows(t, 'attachments', c.tenant.id)) + (await countRows(t, 'attachment_files', c.tenant.id));

describe('attachments of an account', () => {
  let id: string;
  let fileId: string;

  it('POST ties the file to the account (by number) and answers fileId and id', async () => {
    const res = await attach(`description=Postal%20order&associatedObjectType=Account&associatedObjectKey=${acc.accountNumber}`);
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toEqual({ fileId: expect.stringMatching(/^[0-9a-f]{32}$/), id: expect.stringMatching(/^[0-9a-f]{32}$/), success: true });
    expect(res.body.fileId).not.toBe(res.body.id);
    ({ id, fileId } = res.body);
  });

  it('GET answers the attachment as the page sample shows it', async () => {
    const res = await c.get(`/v1/attachments/${id}`);
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toEqual({
      createdBy: expect.any(String),
      createdOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
      description: 'Postal order',
      fileContentType: 'text/plain',
      fileId,
      fileName: 'AttachTest.txt',
      id,
      success: true,
      updatedBy: expect.any(String),
      updatedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
    });
  });

  it('the file downloads through GET /v1/files/{fileId}', async () => {
    const res = await c.get(`/v1/files/${fileId}`);
    expect(res.status).toBe(200);
    expect(res.raw).toBe('hello attachments');
    expect(String(res.headers['content-type'])).toMatch(/^text\/plain/);
    expect(String(res.headers['content-disposition'])).toContain('AttachTest.txt');
  });

  it('the list by account id and by number holds it; pages of pageSize with nextPage', async () => {
    const second = await attach(`associatedObjectType=Account&associatedObjectKey=${acc.accountId}`, form({ fileName: 'scan.pdf', content: '%PDF-1.4', type: 'application/pdf' }));
    expect(second.status, second.raw).toBe(200);
    const all = await c.get(`/v1/attachments/account/${acc.accountId}`);
    expect(all.status, all.raw).toBe(200);
    expect(all.body.success).toBe(true);
    expect(all.body.attachments.map((a: { id: string }) => a.id)).toEqual([id, second.body.id]);
    expect(all.body.attachments[1]).toMatchObject({ fileName: 'scan.pdf', fileContentType: 'application/pdf', description: null });
    expect(all.body.attachments[0].success).toBeUndefined();
    expect(all.body.nextPage).toBeUndefined();
    const p1 = await c.get(`/v1/attachments/account/${acc.accountNumber}?pageSize=1`);
    expect(p1.body.attachments.map((a: { id: string }) => a.id)).toEqual([id]);
    expect(p1.body.nextPage).toBe(`/v1/attachments/account/${acc.accountNumber}?page=2&pageSize=1`);
    const p2 = await c.get(p1.body.nextPage);
    expect(p2.body.attachments.map((a: { id: string }) => a.id)).toEqual([second.body.id]);
    expect(p2.body.nextPage).toBeUndefined();
    expect((await c.get(`/v1/attachments/account/${acc.accountId}?pageSize=41`)).status).toBe(400);
  });

  it('PUT changes the description and the file name, keeping the extension', async () => {
    const res = await c.put(`/v1/attachments/${id}`, { fileName: 'Renamed', description: 'Details of the attachment' });
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toEqual({ success: true });
    expect((await c.get(`/v1/attachments/${id}`)).body).toMatchObject({ fileName: 'Renamed.txt', description: 'Details of the attachment' });
    // a name sent with the same extension is not doubled
    await c.put(`/v1/attachments/${id}`, { fileName: 'Again.txt' });
    expect((await c.get(`/v1/attachments/${id}`)).body).toMatchObject({ fileName: 'Again.txt', description: 'Details of the attachment' });
  });

  it('DELETE removes it and its file: then 404 for the attachment and the file', async () => {
    const before = await rows();
    const res = await c.del(`/v1/attachments/${id}`);
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toEqual({ success: true });
    expect(await rows()).toBe(before - 2);
    const again = await c.get(`/v1/attachments/${id}`);
    expect(again.status).toBe(404);
    expect(again.body.success).toBe(false);
    expect((await c.get(`/v1/files/${fileId}`)).status).toBe(404);
    expect((await c.del(`/v1/attachments/${id}`)).status).toBe(404);
    expect((await c.put(`/v1/attachments/${id}`, { description: 'x' })).status).toBe(404);
  });
});

describe('attachments of invoices, subscriptions, memos', () => {
  it('an invoice by id, a subscription by number (shown by its number whatever key), a credit memo by number', async () => {
    const inv = await postedInvoice(c, cat, acc.accountNumber);
    const subs = (await c.get(`/v1/subscriptions/accounts/${acc.accountNumber}`)).body.subscriptions as Array<{ id: string; subscriptionNumber: string }>;
    const sub = subs[0]!;
    const cm = await c.post('/v1/credit-memos', { accountId: acc.accountId, charges: [{ productRatePlanChargeId: cat.flatChargeId, amount: 5 }], autoPost: true });
    expect(cm.body.success, cm.raw).toBe(true);
    for (const [type, key, listType, listKey] of [
      ['Invoice', inv.id, 'invoice', inv.id],
      ['Subscription', sub.subscriptionNumber, 'subscription', sub.subscriptionNumber],
      ['CreditMemo', cm.body.number, 'creditmemo', cm.body.id],
    ] as const) {
      const res = await attach(`associatedObjectType=${type}&associatedObjectKey=${key}`);
      expect(res.status, res.raw).toBe(200);
      const list = await c.get(`/v1/attachments/${listType}/${listKey}`);
      expect(list.status, list.raw).toBe(200);
      expect(list.body.attachments.map((a: { id: string }) => a.id)).toEqual([res.body.id]);
    }
    // an invoice is named by id, as the page says
    expect((await attach(`associatedObjectType=Invoice&associatedObjectKey=${inv.invoiceNumber}`)).status).toBe(404);
  });
});

describe('refusals change nothing', () => {
  const cases: Array<[string, () => Promise<{ status: number; raw: string; body: any }>, number, RegExp]> = [
    ['an unknown account', () => attach('associatedObjectType=Account&associatedObjectKey=A-NO-SUCH'), 404, /Cannot find/],
    ['an unknown debit memo', () => attach('associatedObjectType=DebitMemo&associatedObjectKey=ffffffffffffffffffffffffffffffff'), 404, /Cannot find/],
    ['an object type the page does not list', () => attach(`associatedObjectType=Payment&associatedObjectKey=${acc.accountId}`), 400, /associatedObjectType/],
    ['no associatedObjectType', () => attach(`associatedObjectKey=${acc.accountId}`), 400, /associatedObjectType/],
    ['no associatedObjectKey', () => attach('associatedObjectType=Account'), 400, /associatedObjectKey/],
    ['no file part', () => attach(`associatedObjectType=Account&associatedObjectKey=${acc.accountId}`, form(undefined, { other: 'x' })), 400, /'file' is required/],
    ['a file under another part name', () => attach(`associatedObjectType=Account&associatedObjectKey=${acc.accountId}`, form({ field: 'upload', content: 'x' })), 400, /'file' is required/],
    ['a file type the page does not list', () => attach(`associatedObjectType=Account&associatedObjectKey=${acc.accountId}`, form({ fileName: 'run.exe', content: 'MZ' })), 400, /not supported/],
    ['a file over 4 MB', () => attach(`associatedObjectType=Account&associatedObjectKey=${acc.accountId}`, form({ fileName: 'big.csv', content: Buffer.alloc(4 * 1024 * 1024 + 1, 0x61) })), 400, /4 MB/],
    ['a JSON body', () => c.post(`/v1/attachments?associatedObjectType=Account&associatedObjectKey=${acc.accountId}`, { file: 'x' }), 400, /multipart\/form-data/],
  ];
  it.each(cases)('%s', async (_name, send, status, msg) => {
    const before = await rows();
    const res = await send();
    expect(res.status, res.raw).toBe(status);
    expect(res.body.success).toBe(false);
    expect(res.raw).toMatch(msg);
    expect(await rows()).toBe(before);
  });

  it('the list of an unknown object, or of an object type the page does not list, answers not found', async () => {
    expect((await c.get('/v1/attachments/account/A-NO-SUCH')).status).toBe(404);
    const bad = await c.get(`/v1/attachments/payment/${acc.accountId}`);
    expect(bad.status).toBe(404);
    expect(bad.raw).toMatch(/object type/);
  });

  it('attachments are the tenant\'s own', async () => {
    const res = await attach(`associatedObjectType=Account&associatedObjectKey=${acc.accountId}`);
    const other = await t.newClient();
    expect((await other.get(`/v1/attachments/${res.body.id}`)).status).toBe(404);
    expect((await other.get(`/v1/files/${res.body.fileId}`)).status).toBe(404);
  });
});
