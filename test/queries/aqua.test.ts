/**
 * AQuA through the real app (both databases): POST /v1/batch-query, GET/DELETE /v1/batch-query/jobs/{jobid},
 * GET /v1/batch-query/jobs/partner/{partner}/project/{project}, results at GET /v1/files/{file-id}. Shapes
 * from the POST_BatchQueryJob, GET_BatchQueryJob, DELETE_BatchQueryJob and GET_LastBatchQueryJob pages
 * (samples.json); stateful mode from the POST page's partner/project/incrementalTime/offset fields.
 */
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/platform/jobs.js';
import { PAGE } from '../../src/modules/queries/aqua.js';
import { setupApp, type Client } from '../helpers.js';

const t = await setupApp({ jobWorker: false });

async function account(c: Client, over: Record<string, unknown> = {}) {
  const r = await c.post('/v1/accounts', { name: 'Acme', currency: 'USD', billCycleDay: 1, autoPay: false, billToContact: { firstName: 'Ada', lastName: 'Lovelace' }, ...over });
  expect(r.body.success, r.raw).toBe(true);
  return r.body as { accountId: string; accountNumber: string };
}

async function submit(c: Client, body: Record<string, unknown>) {
  const r = await c.post('/v1/batch-query', body);
  expect(r.status, r.raw).toBe(200);
  return r.body;
}

async function finished(c: Client, id: string) {
  await runDueJobs(t.app, { tenantId: c.tenant.id });
  const r = await c.get(`/v1/batch-query/jobs/${id}`);
  expect(r.status, r.raw).toBe(200);
  return r.body;
}

const file = async (c: Client, id: string) => (await c.get(`/v1/files/${id}`)).raw as string;

describe('AQuA', () => {
  it('runs the page example: submitted, then completed with a CSV file per batch', async () => {
    const c = await t.newClient();
    const a = await account(c, { name: 'Comma, Inc', billCycleDay: 5 });
    const b = await account(c, { name: 'Quote "Q"', billCycleDay: 9, purchaseOrderNumber: 'PO-9' });
    const job = await submit(c, { format: 'csv', version: '1.0', name: 'Example', useQueryLabels: true, queries: [{ name: 'Accounts', query: 'select AccountNumber, Name, BillCycleDay, PurchaseOrderNumber from Account', type: 'zoql' }] });
    expect(job).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{32}$/), status: 'submitted', version: 1, format: 'CSV', encrypted: 'none', useLastCompletedJobQueries: false, offset: 0 });
    expect(job.batches).toEqual([expect.objectContaining({ batchId: expect.any(String), status: 'pending', batchType: 'zoql', recordCount: 0, full: true, query: 'select AccountNumber, Name, BillCycleDay, PurchaseOrderNumber from Account' })]);
    const done = await finished(c, job.id);
    expect(done).toMatchObject({ id: job.id, name: 'Example', status: 'completed', startTime: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/) });
    const [batch] = done.batches;
    expect(batch).toMatchObject({ status: 'completed', recordCount: 2, fileId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const res = await c.get(`/v1/files/${batch.fileId}`);
    expect(String(res.headers['content-type'])).toMatch(/^text\/csv/);
    const lines = (res.raw as string).trim().split('\n');
    expect(lines[0]).toBe('AccountNumber,Name,BillCycleDay,PurchaseOrderNumber');
    expect(lines.slice(1).sort()).toEqual([`${a.accountNumber},"Comma, Inc",5,`, `${b.accountNumber},"Quote ""Q""",9,PO-9`].sort());
  });

  it('Export ZOQL with labels, a where clause, nullReplacement, gzip, several batches', async () => {
    const c = await t.newClient();
    const a = await account(c, { billCycleDay: 3 });
    await account(c, { billCycleDay: 4 });
    const job = await submit(c, {
      format: 'gzip', nullReplacement: 'NULL',
      queries: [
        { name: 'A', query: `select Account.AccountNumber, PurchaseOrderNumber from Account where Account.BillCycleDay = 3`, type: 'zoqlexport' },
        { name: 'C', query: `select FirstName, LastName from Contact where AccountId = '${a.accountId}'`, type: 'zoql' },
      ],
    });
    const done = await finished(c, job.id);
    expect(done.status).toBe('completed');
    const res = await t.app.inject({ method: 'GET', url: `/v1/files/${done.batches[0].fileId}`, headers: { authorization: `Bearer ${c.token}` } });
    expect(String(res.headers['content-type'])).toMatch(/gzip/);
    const csv = gunzipSync(res.rawPayload).toString('utf8');
    expect(csv).toBe(`Account: Account Number,Account: Purchase Order Number\n${a.accountNumber},NULL\n`);
    // the account's bill-to and sold-to contacts
    expect(done.batches[1]).toMatchObject({ recordCount: (await c.post('/v1/action/query', { queryString: `select Id from Contact where AccountId = '${a.accountId}'` })).body.size, name: 'C' });
  });

  it('Export ZOQL joins one-to-one objects: Account and its BillToContact fields beside the queried object', async () => {
    const c = await t.newClient();
    const a = await account(c, { name: 'Joined', billToContact: { firstName: 'Ada', lastName: 'Lovelace', workEmail: 'ada@example.com' } });
    const [contact] = (await c.post('/v1/action/create', { type: 'Contact', objects: [{ AccountId: a.accountId, FirstName: 'Extra', LastName: 'Person' }] })).body;
    const job = await submit(c, {
      useQueryLabels: true,
      queries: [
        { query: 'select Name, BillToContact.WorkEmail, BillToContact.LastName from Account', type: 'zoqlexport' },
        { query: `select FirstName, Account.AccountNumber, Account.Name from Contact where Id = '${contact.Id}'`, type: 'zoqlexport' },
      ],
    });
    const done = await finished(c, job.id);
    expect(await file(c, done.batches[0].fileId)).toBe('Account.Name,BillToContact.WorkEmail,BillToContact.LastName\nJoined,ada@example.com,Lovelace\n');
    expect(await file(c, done.batches[1].fileId)).toBe(`Contact.FirstName,Account.AccountNumber,Account.Name\nExtra,${a.accountNumber},Joined\n`);
    const labelled = await finished(c, (await submit(c, { queries: [{ query: 'select Name, BillToContact.WorkEmail from Account', type: 'zoqlexport' }] })).id);
    expect((await file(c, labelled.batches[0].fileId)).split('\n')[0]).toBe('Account: Name,Bill To: Work Email');
  });

  it('pages through more than one chunk, each record once', async () => {
    const c = await t.newClient();
    const n = PAGE + 3;
    // usage records are quick to make in bulk through the object API
    // an account holds at most 2000 contacts: two accounts
    const accounts = [await account(c), await account(c)];
    for (let i = 0; i < n; i += 50) {
      const a = accounts[(i / 50) % 2]!;
      const r = await c.post('/v1/action/create', { type: 'Contact', objects: Array.from({ length: Math.min(50, n - i) }, (_, k) => ({ AccountId: a.accountId, FirstName: `F${i + k}`, LastName: 'L' })) });
      expect(r.body.filter((x: { Success: boolean }) => !x.Success), r.raw.slice(0, 300)).toEqual([]);
    }
    const job = await submit(c, { useQueryLabels: true, queries: [{ query: "select Id, FirstName from Contact where LastName = 'L'", type: 'zoql' }] });
    const done = await finished(c, job.id);
    expect(done.batches[0].recordCount).toBe(n);
    const lines = (await file(c, done.batches[0].fileId)).trim().split('\n');
    expect(lines).toHaveLength(n + 1);
    expect(new Set(lines.slice(1)).size).toBe(n);
    expect(new Set(lines.slice(1).map((l) => l.split(',')[1])).size).toBe(n);
  }, 60_000);

  it('stateful mode: the first job is full, the next exports only what changed since; the last job by partner and project', async () => {
    const c = await t.newClient();
    const clock = async (now: string) => expect((await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { now })).status).toBe(200);
    await clock('2024-03-01T10:00:00Z');
    const a = await account(c, { name: 'First' });
    const body = { version: 1.1, partner: 'salesforce', project: '00170000011K3Ub', useQueryLabels: true, queries: [{ query: 'select Id, Name from Account', type: 'zoql' }] };
    const first = await finished(c, (await submit(c, body)).id);
    expect(first).toMatchObject({ status: 'completed', partner: 'salesforce', project: '00170000011K3Ub' });
    expect(first.batches[0]).toMatchObject({ full: true, recordCount: 1 });
    await clock('2024-03-01T11:00:00Z');
    const b = await account(c, { name: 'Second' });
    const second = await finished(c, (await submit(c, body)).id);
    expect(second.batches[0]).toMatchObject({ full: false, recordCount: 1 });
    expect((await file(c, second.batches[0].fileId)).trim().split('\n')).toEqual(['Id,Name', `${b.accountId},Second`]);
    const third = await finished(c, (await submit(c, body)).id);
    expect(third.batches[0].recordCount).toBe(0);
    const last = await c.get('/v1/batch-query/jobs/partner/salesforce/project/00170000011K3Ub');
    expect(last.body.id).toBe(third.id);
    // incrementalTime overrides where the window starts
    const again = await finished(c, (await submit(c, { ...body, incrementalTime: '2024-03-01 00:00:00' })).id);
    expect(again.batches[0].recordCount).toBe(2);
    expect(a.accountId).toBeTruthy();
    expect((await c.get('/v1/batch-query/jobs/partner/salesforce/project/other')).status).toBe(404);
  });

  it('cancels a job not yet run; a finished job cannot be cancelled', async () => {
    const c = await t.newClient();
    await account(c);
    const job = await submit(c, { queries: [{ query: 'select Id from Account', type: 'zoql' }] });
    const del = await c.del(`/v1/batch-query/jobs/${job.id}`);
    expect(del.status, del.raw).toBe(200);
    expect(del.body).toMatchObject({ id: job.id, status: 'cancelled' });
    const after = await finished(c, job.id);
    expect(after.status).toBe('cancelled');
    expect(after.batches[0].fileId).toBeUndefined();
    // the trailing-slash form of the AQuA pages is the same operation
    const ok = (await c.post('/v1/batch-query/', { queries: [{ query: 'select Id from Account', type: 'zoql' }] })).body;
    expect(ok.status).toBe('submitted');
    await finished(c, ok.id);
    expect((await c.del(`/v1/batch-query/jobs/${ok.id}`)).status).toBe(400);
  });

  it('refuses bad jobs before anything runs, answers 501 for what is not built, keeps tenants apart', async () => {
    const c = await t.newClient();
    const bad: Array<[Record<string, unknown>, number, RegExp]> = [
      [{}, 400, /queries/],
      [{ queries: [] }, 400, /queries/],
      [{ queries: [{ query: 'select Id from Account' }] }, 400, /type/],
      [{ queries: [{ query: 'select Nope from Account', type: 'zoql' }] }, 400, /queries\[0\]\.query: invalid field/],
      [{ queries: [{ query: "select Id from Account where Name = 'x' or 1=1", type: 'zoql' }] }, 400, /queries\[0\]/],
      [{ queries: [{ query: `select Id from Account where BillCycleDay in (${Array.from({ length: 500 }, (_, i) => i).join(',')})`, type: 'zoql' }] }, 400, /queries\[0\]/],
      [{ queries: [{ query: 'select Id from Account', type: 'sql' }] }, 400, /zoql or zoqlexport/],
      [{ partner: 'p', queries: [{ query: 'select Id from Account', type: 'zoql' }] }, 400, /together/],
      [{ partner: 'p', project: 'q', queries: [{ query: 'select Id from Account', type: 'zoql' }] }, 400, /1\.1/],
      [{ version: 1.1, partner: 'p', project: 'q', queries: [{ query: 'select Id from ContactSnapshot', type: 'zoql' }] }, 400, /UpdatedDate|incrementally/],
      [{ offset: 4000, queries: [{ query: 'select Id from Account', type: 'zoql' }] }, 400, /offset/],
      [{ name: 'x'.repeat(33), queries: [{ query: 'select Id from Account', type: 'zoql' }] }, 400, /name/],
      [{ format: 'zip', queries: [{ query: 'select Id from Account', type: 'zoql' }] }, 501, /zip/],
      [{ notifyUrl: 'https://example.com/${JOBID}', queries: [{ query: 'select Id from Account', type: 'zoql' }] }, 501, /notifyUrl/],
      [{ queries: [{ query: "select InvoiceNumber from Invoice where Account.Name = 'x'", type: 'zoqlexport' }] }, 501, /joined/],
      [{ queries: [{ query: 'select Account.BillToContact.City from Invoice', type: 'zoqlexport' }] }, 501, /level/],
      [{ queries: [{ query: 'select Widget.Name from Invoice', type: 'zoqlexport' }] }, 400, /no join Widget/],
    ];
    for (const [body, status, msg] of bad) {
      const r = await c.post('/v1/batch-query', body);
      expect(r.status, JSON.stringify(body).slice(0, 120)).toBe(status);
      expect(r.body.reasons[0].message).toMatch(msg);
    }
    const a = await account(c);
    const job = await submit(c, { useQueryLabels: true, queries: [{ query: 'select Id from Account', type: 'zoql' }] });
    const done = await finished(c, job.id);
    const other = await t.newClient();
    expect((await other.get(`/v1/batch-query/jobs/${job.id}`)).status).toBe(404);
    expect((await other.del(`/v1/batch-query/jobs/${job.id}`)).status).toBe(404);
    expect((await other.get(`/v1/files/${done.batches[0].fileId}`)).status).toBe(404);
    const theirs = await finished(other, (await submit(other, { useQueryLabels: true, queries: [{ query: 'select Id from Account', type: 'zoql' }] })).id);
    expect(await file(other, theirs.batches[0].fileId)).toBe('Id\n');
    expect(await file(c, done.batches[0].fileId)).toBe(`Id\n${a.accountId}\n`);
  });
});
