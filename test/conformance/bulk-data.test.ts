// Conformance of Bulk Data: every operation's answer checked against its spec schema, over a job that
// updates an account from a CSV file (uploaded to the URL the create answers) and runs to Completed.
import { beforeAll, describe, it } from 'vitest';
import { runDueJobs } from '../../src/platform/jobs.js';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { conform, expectSuccess } from './harness.js';

let t: TestApp;
let c: Client;
let accountId: string;
const w: Record<string, string> = {};

beforeAll(async () => {
  t = await setupApp({ jobWorker: false });
  c = await t.newClient({ defaultApiVersion: '2025-08-12' });
  const a = await c.post('/v1/accounts', { name: 'Acme', currency: 'USD', billCycleDay: 1, autoPay: false, billToContact: { firstName: 'Ada', lastName: 'Lovelace' } });
  expectSuccess('POST_Account', a);
  accountId = a.body.accountId;
});

async function upload(uri: string, fields: Record<string, string>, csv: string) {
  const b = 'conformanceBoundary';
  let s = '';
  for (const [k, v] of Object.entries(fields)) s += `--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  s += `--${b}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n${csv}\r\n--${b}--\r\n`;
  const r = await c.post(new URL(uri).pathname, s, { 'content-type': `multipart/form-data; boundary=${b}` });
  if (r.status !== 204) throw new Error(`upload failed: ${r.status} ${r.raw}`);
}

describe('Bulk Data', () => {
  it('createBulkJob', async () => {
    const res = await c.post('/bulk-data/bulk-jobs', { name: 'Rename', description: 'accounts', objectType: 'account', jobType: 'Update', hasHeaders: true, mappings: [{ source: 'AccountName', target: 'Name' }] });
    conform('createBulkJob', res);
    w.id = res.body.id;
    await upload(res.body.uploadRequest.uri, res.body.uploadRequest.fields, `Id,AccountName\n${accountId},Renamed\n`);
  });
  it('getMappingsForJob', async () => {
    conform('getMappingsForJob', await c.get(`/bulk-data/bulk-jobs/${w.id}/mappings`));
  });
  it('submitBulkJob', async () => {
    conform('submitBulkJob', await c.post(`/bulk-data/bulk-jobs/${w.id}/submissions`));
    await runDueJobs(t.app, { tenantId: c.tenant.id });
  });
  it('getBulkJobSummary', async () => {
    conform('getBulkJobSummary', await c.get(`/bulk-data/bulk-jobs/${w.id}/summary`));
  });
  it('getDownloadLinksForJob', async () => {
    conform('getDownloadLinksForJob', await c.get(`/bulk-data/bulk-jobs/${w.id}/downloads`));
  });
  it('getBulkJobSummaries', async () => {
    conform('getBulkJobSummaries', await c.get('/bulk-data/bulk-jobs/summaries?limit=1'));
  });
  it('cancelBulkJob', async () => {
    const j = await c.post('/bulk-data/bulk-jobs', { name: 'Later', objectType: 'contact', hasHeaders: true });
    expectSuccess('createBulkJob', j);
    conform('cancelBulkJob', await c.post(`/bulk-data/bulk-jobs/${j.body.id}/cancellations`));
  });
  it('deleteAbortJob', async () => {
    const j = await c.post('/bulk-data/bulk-jobs', { name: 'Stop', objectType: 'account', jobType: 'Update', hasHeaders: true });
    expectSuccess('createBulkJob', j);
    await upload(j.body.uploadRequest.uri, j.body.uploadRequest.fields, `Id,Name\n${accountId},Again\n`);
    expectSuccess('submitBulkJob', await c.post(`/bulk-data/bulk-jobs/${j.body.id}/submissions`));
    conform('deleteAbortJob', await c.post(`/bulk-data/bulk-jobs/${j.body.id}/aborts`));
  });
});
