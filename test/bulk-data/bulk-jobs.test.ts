/**
 * Bulk Data through the real app (both databases): create a job, upload its file to the upload URL the
 * create answers, submit, run (the bulk-data.run job), summaries, mappings, downloads, cancel and abort.
 * Shapes from the createBulkJob, submitBulkJob, getBulkJobSummary, getBulkJobSummaries, cancelBulkJob,
 * deleteAbortJob, getDownloadLinksForJob and getMappingsForJob pages (samples.json).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/platform/jobs.js';
import { BATCH } from '../../src/modules/bulk-data/service.js';
import { setupApp, type Client, type TestApp } from '../helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp({ jobWorker: false });
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function account(c: Client, name = 'Acme') {
  const r = await c.post('/v1/accounts', { name, currency: 'USD', billCycleDay: 1, autoPay: false, billToContact: { firstName: 'Ada', lastName: 'Lovelace' } });
  expect(r.body.success, r.raw).toBe(true);
  return r.body as { accountId: string; accountNumber: string };
}

function form(fields: Record<string, string>, file: string, fileField = 'file') {
  const b = 'zbillBoundary42';
  let s = '';
  for (const [k, v] of Object.entries(fields)) s += `--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  s += `--${b}\r\nContent-Disposition: form-data; name="${fileField}"; filename="data.csv"\r\nContent-Type: text/csv\r\n\r\n${file}\r\n--${b}--\r\n`;
  return { body: s, headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
}

async function upload(c: Client, created: { uploadRequest: { uri: string; fields: Record<string, string> } }, file: string) {
  const f = form(created.uploadRequest.fields, file);
  return c.post(new URL(created.uploadRequest.uri, 'http://x').pathname, f.body, f.headers);
}

async function job(c: Client, body: Record<string, unknown>, file: string) {
  const r = await c.post('/bulk-data/bulk-jobs', body);
  expect(r.status, r.raw).toBe(200);
  const u = await upload(c, r.body, file);
  expect(u.status, u.raw).toBe(204);
  return r.body as { id: string };
}

const run = (c: Client) => runDueJobs(t.app, { tenantId: c.tenant.id });
const file = async (c: Client, path: string) => (await c.get(path)).raw;

describe('Bulk Data jobs', () => {
  it('updates accounts from a CSV: the good records land, the bad one is in the error rows', async () => {
    const c = await t.newClient();
    const a = await account(c, 'One');
    const b = await account(c, 'Two');
    const created = await c.post('/bulk-data/bulk-jobs', { name: 'Rename', objectType: 'account', jobType: 'Update', hasHeaders: true, rowIdHeader: 'row' });
    expect(created.status, created.raw).toBe(200);
    expect(created.body).toEqual({
      id: expect.stringMatching(UUID), status: 'Created', jobType: 'Update',
      uploadUrl: expect.stringMatching(/\/bulk-data\/bulk-jobs\/.+\/uploads$/), uploadRequest: { uri: created.body.uploadUrl, fields: { key: expect.any(String) } },
    });
    const id = created.body.id;
    // submitting before the upload is refused and changes nothing
    const early = await c.post(`/bulk-data/bulk-jobs/${id}/submissions`);
    expect(early.body.success, early.raw).toBe(false);
    expect((await c.get(`/bulk-data/bulk-jobs/${id}/summary`)).body.status).toBe('Created');

    const csv = `row,Id,Name,BillCycleDay\nr1,${a.accountId},One Renamed,5\nr2,${'0'.repeat(32)},Ghost,3\nr3,${b.accountId},"Two, Renamed",7\n`;
    expect((await upload(c, created.body, csv)).status).toBe(204);
    const sub = await c.post(`/bulk-data/bulk-jobs/${id}/submissions`);
    expect(sub.body, sub.raw).toEqual({ id, status: 'Submitted', jobType: 'Update' });
    expect((await c.get(`/bulk-data/bulk-jobs/${id}/summary`)).body).toMatchObject({ status: 'Submitted', rowCount: 3, rowsSucceeded: 0 });
    // results are not ready yet
    expect((await c.get(`/bulk-data/bulk-jobs/${id}/downloads`)).body.success).toBe(false);

    await run(c);
    const s = await c.get(`/bulk-data/bulk-jobs/${id}/summary`);
    expect(s.body).toEqual({
      id, name: 'Rename', createdAt: expect.any(Number), status: 'Completed', rowCount: 3, rowsSucceeded: 2, rowsFailed: 1, lastUpdatedAt: expect.any(Number),
      objectType: 'account', jobType: 'Update', isCustomObject: false, customObjectNamespace: 'default', dataSourceType: 'UserUpload', systemType: 'BILLING', fileType: 'csv',
    });
    const one = (await c.get(`/v1/accounts/${a.accountId}`)).body;
    expect(one.basicInfo.name).toBe('One Renamed');
    expect(one.billingAndPayment.billCycleDay).toBe(5);
    expect((await c.get(`/v1/accounts/${b.accountId}`)).body.basicInfo.name).toBe('Two, Renamed');

    const d = await c.get(`/bulk-data/bulk-jobs/${id}/downloads`);
    expect(d.body).toEqual({ jobId: id, status: 'Completed', sourceFile: expect.stringMatching(/^\/v1\/files\/[0-9a-f]{32}$/), errorRowsFile: expect.any(String), successRowsFile: expect.any(String), delimiter: ',' });
    expect(await file(c, d.body.sourceFile)).toBe(csv);
    expect(await file(c, d.body.successRowsFile)).toBe(`row,Id,Name,BillCycleDay,id\nr1,${a.accountId},One Renamed,5,${a.accountId}\nr3,${b.accountId},"Two, Renamed",7,${b.accountId}\n`);
    const errors = (await file(c, d.body.errorRowsFile)).trim().split('\n');
    expect(errors[0]).toBe('row,Id,Name,BillCycleDay,errorCode,errorMessage');
    expect(errors).toHaveLength(2);
    expect(errors[1]).toMatch(new RegExp(`^r2,${'0'.repeat(32)},Ghost,3,INVALID_ID,No account with id ${'0'.repeat(32)}$`));

    expect((await c.get(`/bulk-data/bulk-jobs/${id}/mappings`)).body).toEqual({ mappings: [{ field: 'Id', column: 'Id' }, { field: 'Name', column: 'Name' }, { field: 'BillCycleDay', column: 'BillCycleDay' }] });
  });

  it('imports contacts from a headerless pipe file with mappings: a contact without a last name fails alone', async () => {
    const c = await t.newClient();
    const a = await account(c);
    const j = await job(
      c,
      { name: 'Contacts', objectType: 'contact', headers: ['acct', 'first', 'last', 'mail'], delimiter: 'pipe', mappings: [{ source: 'acct', target: 'AccountId' }, { source: 'first', target: 'firstName' }, { source: 'last', target: 'LastName' }, { source: 'mail', target: 'WorkEmail' }] },
      `${a.accountId}|Grace|Hopper|grace@example.com\n${a.accountId}|NoLast||\n${a.accountId}|Alan|Turing|\n`,
    );
    expect((await c.get(`/bulk-data/bulk-jobs/${j.id}/mappings`)).body.mappings).toEqual([
      { field: 'AccountId', column: 'acct' }, { field: 'firstName', column: 'first' }, { field: 'LastName', column: 'last' }, { field: 'WorkEmail', column: 'mail' },
    ]);
    expect((await c.post(`/bulk-data/bulk-jobs/${j.id}/submissions`)).body.status).toBe('Submitted');
    await run(c);
    expect((await c.get(`/bulk-data/bulk-jobs/${j.id}/summary`)).body).toMatchObject({ status: 'Completed', rowCount: 3, rowsSucceeded: 2, rowsFailed: 1 });
    const contacts = (await c.post('/v1/action/query', { queryString: `select FirstName, LastName from Contact where AccountId = '${a.accountId}'` })).body.records.map((r: { FirstName: string }) => r.FirstName).sort();
    // the account's own bill-to and sold-to contacts, and the two imported
    expect(contacts).toEqual(['Ada', 'Ada', 'Alan', 'Grace']);
    const d = (await c.get(`/bulk-data/bulk-jobs/${j.id}/downloads`)).body;
    expect(d.delimiter).toBe('|');
    const errs = (await file(c, d.errorRowsFile)).trim().split('\n');
    expect(errs[0]).toBe('acct|first|last|mail|errorCode|errorMessage');
    expect(errs[1]).toMatch(new RegExp(`^${a.accountId}\\|NoLast\\|\\|\\|MISSING_REQUIRED_VALUE\\|'lastName' is required$`));
    const ok = (await file(c, d.successRowsFile)).trim().split('\n');
    expect(ok).toHaveLength(3);
    expect(ok[1]).toMatch(/^.+\|Grace\|Hopper\|grace@example.com\|[0-9a-f]{32}$/);
  });

  it('runs a file of several batches: every record once, each bad one failing alone wherever it is', async () => {
    const c = await t.newClient();
    const a = await account(c);
    const bad = new Set([0, BATCH, 2 * BATCH + 19]);
    const n = 2 * BATCH + 20;
    const lines = ['AccountId,FirstName,LastName'];
    for (let i = 0; i < n; i++) lines.push(`${a.accountId},P${i},${bad.has(i) ? '' : `L${i}`}`);
    const j = await job(c, { name: 'Many', objectType: 'contact', hasHeaders: true }, lines.join('\n'));
    await c.post(`/bulk-data/bulk-jobs/${j.id}/submissions`);
    await run(c);
    expect((await c.get(`/bulk-data/bulk-jobs/${j.id}/summary`)).body).toMatchObject({ status: 'Completed', rowCount: n, rowsSucceeded: n - 3, rowsFailed: 3 });
    const count = (await c.post('/v1/action/query', { queryString: `select Id from Contact where AccountId = '${a.accountId}'` })).body.size;
    expect(count).toBe(n - 3 + 2); // and the account's bill-to and sold-to
    const d = (await c.get(`/bulk-data/bulk-jobs/${j.id}/downloads`)).body;
    const errs = (await file(c, d.errorRowsFile)).trim().split('\n').slice(1).map((l) => l.split(',')[1]);
    expect(errs).toEqual([...bad].map((i) => `P${i}`));
    expect((await file(c, d.successRowsFile)).trim().split('\n')).toHaveLength(n - 3 + 1);
  });

  it('cancels before the run, aborts a submitted job, and refuses both afterwards', async () => {
    const c = await t.newClient();
    const a = await account(c);
    const csv = `Id,Name\n${a.accountId},Changed\n`;
    const x = await job(c, { name: 'X', objectType: 'account', jobType: 'Update', hasHeaders: true }, csv);
    expect((await c.post(`/bulk-data/bulk-jobs/${x.id}/submissions`)).body.status).toBe('Submitted');
    expect((await c.post(`/bulk-data/bulk-jobs/${x.id}/cancellations`)).body).toEqual({ id: x.id, status: 'Cancelled' });
    const y = await job(c, { name: 'Y', objectType: 'account', jobType: 'Update', hasHeaders: true }, csv);
    expect((await c.post(`/bulk-data/bulk-jobs/${y.id}/aborts`)).body.success).toBe(false); // Created: nothing to abort
    await c.post(`/bulk-data/bulk-jobs/${y.id}/submissions`);
    expect((await c.post(`/bulk-data/bulk-jobs/${y.id}/aborts`)).body).toEqual({ id: y.id, status: 'Aborted' });
    await run(c);
    expect((await c.get(`/v1/accounts/${a.accountId}`)).body.basicInfo.name).toBe('Acme');
    expect((await c.get(`/bulk-data/bulk-jobs/${x.id}/summary`)).body).toMatchObject({ status: 'Cancelled', rowsSucceeded: 0 });
    expect((await c.get(`/bulk-data/bulk-jobs/${y.id}/summary`)).body).toMatchObject({ status: 'Aborted', rowsSucceeded: 0 });
    const again = await c.post(`/bulk-data/bulk-jobs/${x.id}/cancellations`);
    expect(again.body.success).toBe(false);
    expect(again.body.reasons[0].code).toBe(50000030);
    expect((await c.post(`/bulk-data/bulk-jobs/${y.id}/submissions`)).body.success).toBe(false);
    // the upload of a cancelled job is refused
    expect((await upload(c, { uploadRequest: { uri: `/bulk-data/bulk-jobs/${x.id}/uploads`, fields: {} } }, csv)).body.success).toBe(false);
  });

  it('lists summaries newest first with a cursor and a status filter', async () => {
    const c = await t.newClient();
    const ids: string[] = [];
    for (const n of ['A', 'B', 'C']) ids.push((await c.post('/bulk-data/bulk-jobs', { name: n, objectType: 'contact', hasHeaders: true })).body.id);
    await c.post(`/bulk-data/bulk-jobs/${ids[1]}/cancellations`);
    const p1 = await c.get('/bulk-data/bulk-jobs/summaries?limit=2');
    expect(p1.body.data.map((x: { name: string }) => x.name)).toEqual(['C', 'B']);
    expect(p1.body.data[0]).toEqual({
      id: ids[2], name: 'C', status: 'Created', createdAt: expect.any(Number), lastUpdatedAt: expect.any(Number), rowCount: 0, rowsSucceeded: 0, rowsFailed: 0,
      objectType: 'contact', jobType: 'Import', isCustomObject: false, customObjectNamespace: 'default', dataSourceType: 'UserUpload', systemType: 'BILLING', fileType: 'csv',
    });
    const p2 = await c.get(`/bulk-data/bulk-jobs/summaries?limit=2&cursor=${p1.body.nextPageCursor}`);
    expect(p2.body).toEqual({ data: [expect.objectContaining({ name: 'A' })] });
    expect((await c.get('/bulk-data/bulk-jobs/summaries?status=Cancelled')).body.data.map((x: { id: string }) => x.id)).toEqual([ids[1]]);
    expect((await c.get('/bulk-data/bulk-jobs/summaries?status=Nope')).body.success).toBe(false);
    expect((await c.get('/bulk-data/bulk-jobs/summaries?cursor=abc')).body.success).toBe(false);
    // another tenant sees none of them
    const other = await t.newClient();
    expect((await other.get('/bulk-data/bulk-jobs/summaries')).body).toEqual({ data: [] });
    expect((await other.get(`/bulk-data/bulk-jobs/${ids[0]}/summary`)).body.success).toBe(false);
  });

  it('refuses bad jobs clearly, and answers 501 for what zbill does not build', async () => {
    const c = await t.newClient({ defaultApiVersion: '2025-08-12' });
    const post = (b: Record<string, unknown>) => c.post('/bulk-data/bulk-jobs', b);
    const missing = await post({ objectType: 'account' });
    expect(missing.status).toBe(400);
    expect(missing.body.reasons[0]).toEqual({ code: 50000022, message: "'name' is required" });
    expect((await post({ name: 'x', objectType: 'spaceship', hasHeaders: true })).status).toBe(400);
    expect((await post({ name: 'x', objectType: 'account', jobType: 'Nope', hasHeaders: true })).status).toBe(400);
    expect((await post({ name: 'x', objectType: 'contact' })).body.reasons[0].message).toMatch(/headers/); // no header row, no headers
    expect((await post({ name: 'x', objectType: 'contact', hasHeaders: true, delimiter: 'hash' })).status).toBe(400);
    expect((await post({ name: 'x', objectType: 'contact', hasHeaders: true, surprise: 1 })).status).toBe(400);
    for (const b of [
      { name: 'x', objectType: 'account', hasHeaders: true }, // accounts are not created through the Actions
      { name: 'x', objectType: 'order', hasHeaders: true },
      { name: 'x', objectType: 'subscription', jobType: 'Cancel', hasHeaders: true },
      { name: 'x', objectType: 'contact', hasHeaders: true, fileType: 'jsonl' },
      { name: 'x', objectType: 'contact', hasHeaders: true, isCustomObject: true },
      { name: 'x', objectType: 'contact', hasHeaders: true, mappings: [{ source: 'a', target: 'b', type: 'array', arrayType: 'string' }] },
    ]) {
      const r = await post(b);
      expect(r.status, JSON.stringify(b)).toBe(501);
      expect(r.body.reasons[0].code).toBe(50000060);
    }
    expect((await c.get('/bulk-data/bulk-jobs/summaries')).body.data).toEqual([]);
    // an update file without an Id column is refused at submission
    const j = await job(c, { name: 'NoId', objectType: 'account', jobType: 'Update', hasHeaders: true }, 'Name\nX\n');
    const s = await c.post(`/bulk-data/bulk-jobs/${j.id}/submissions`);
    expect(s.status).toBe(400);
    expect((await c.get(`/bulk-data/bulk-jobs/${j.id}/summary`)).body.status).toBe('Created');
    // an unclosed quote: the file cannot be read
    const q = await job(c, { name: 'Quote', objectType: 'contact', hasHeaders: true }, 'FirstName\n"open\n');
    expect((await c.post(`/bulk-data/bulk-jobs/${q.id}/submissions`)).status).toBe(400);
    expect((await c.get('/bulk-data/bulk-jobs/00000000-0000-0000-0000-000000000000/summary')).status).toBe(404);
    // an upload without a file part
    const created = await post({ name: 'y', objectType: 'contact', hasHeaders: true });
    const f = form({}, 'x', 'other');
    expect((await c.post(`/bulk-data/bulk-jobs/${created.body.id}/uploads`, f.body, f.headers)).status).toBe(400);
  });
});
