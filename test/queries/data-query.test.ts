/**
 * Data Query (POST_DataQueryJob, GET_DataQueryJobs, GET_DataQueryJob, DELETE_DataQueryJob): a SELECT over
 * Zuora's lower-case table names run as a job, its result file at dataFile (both databases). Shapes from
 * the operation pages (samples.json: the job's id, query, queryStatus, sourceData LIVE, useIndexJoin,
 * remainingRetries, updatedOn; dataFile, outputRows and processingTime once completed); request fields
 * from SubmitDataQueryRequest (outputFormat JSON/CSV/TSV/DSV, compression NONE/GZIP/ZIP, output.target S3).
 */
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/platform/jobs.js';
import { parseDataQuery } from '../../src/modules/queries/data-query-sql.js';
import { setupApp, type Client } from '../helpers.js';

const t = await setupApp({ jobWorker: false });
const body = (query: string, more: Record<string, unknown> = {}) => ({ query, outputFormat: 'CSV', compression: 'NONE', output: { target: 'S3' }, ...more });

async function accounts(c: Client) {
  const out: Array<{ accountId: string; accountNumber: string }> = [];
  for (const [name, bcd, currency] of [
    ['Acme', 1, 'USD'],
    ['Beta, Inc.', 5, 'USD'],
    ['Gamma', 5, 'EUR'],
  ] as const) {
    const r = await c.post('/v1/accounts', { name, currency, billCycleDay: bcd, billToContact: { firstName: 'A', lastName: 'B' } });
    expect(r.body.success, r.raw).toBe(true);
    out.push(r.body);
  }
  return out;
}

async function run(c: Client, query: string, more: Record<string, unknown> = {}) {
  const post = await c.post('/query/jobs', body(query, more));
  expect(post.status, post.raw).toBe(200);
  expect(post.body.data).toMatchObject({ query, queryStatus: 'accepted', sourceData: 'LIVE', useIndexJoin: false, remainingRetries: 3 });
  expect(post.body.data.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  await runDueJobs(t.app, { tenantId: c.tenant.id });
  const job = await c.get(`/query/jobs/${post.body.data.id}`);
  expect(job.status, job.raw).toBe(200);
  return job.body.data;
}

async function file(c: Client, url: string) {
  const path = url.slice(url.indexOf('/v1/files/'));
  const res = await t.app.inject({ method: 'GET', url: path, headers: { authorization: `Bearer ${c.token}` } });
  expect(res.statusCode).toBe(200);
  return { type: String(res.headers['content-type']), bytes: res.rawPayload };
}

describe('Data Query', () => {
  it('SELECT columns FROM account WHERE … ORDER BY … as CSV; the job completes with dataFile and outputRows', async () => {
    const c = await t.newClient();
    const a = await accounts(c);
    const job = await run(c, "SELECT accountnumber, name, billcycleday FROM account WHERE billcycleday = 5 AND (currency = 'USD' OR currency = 'EUR') ORDER BY name DESC");
    expect(job).toMatchObject({ queryStatus: 'completed', outputRows: 2 });
    expect(job.processingTime).toBeGreaterThan(0);
    const f = await file(c, job.dataFile);
    expect(f.type).toMatch(/text\/csv/);
    expect(f.bytes.toString('utf8')).toBe(`accountnumber,name,billcycleday\n${a[2]!.accountNumber},Gamma,5\n${a[1]!.accountNumber},"Beta, Inc.",5\n`);
  });

  it('aggregates with GROUP BY, exact sums; JSON lines gzip; TSV and DSV', async () => {
    const c = await t.newClient();
    await accounts(c);
    const agg = await run(c, 'SELECT a.currency, COUNT(*) AS n, SUM(a.billcycleday) total, MAX(a.name) FROM account a GROUP BY a.currency ORDER BY n DESC', { outputFormat: 'JSON', compression: 'GZIP' });
    expect(agg.queryStatus).toBe('completed');
    const f = await file(c, agg.dataFile);
    expect(f.type).toMatch(/gzip/);
    const lines = gunzipSync(f.bytes).toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { currency: 'USD', n: 2, total: 6, 'max(a.name)': 'Beta, Inc.' },
      { currency: 'EUR', n: 1, total: 5, 'max(a.name)': 'Gamma' },
    ]);
    const none = await run(c, "SELECT count(*), sum(billcycleday) FROM account WHERE name = 'nobody'");
    expect((await file(c, none.dataFile)).bytes.toString('utf8')).toBe('count(*),sum(billcycleday)\n0,\n');
    const tsv = await run(c, "SELECT name FROM account WHERE name LIKE 'G%'", { outputFormat: 'TSV' });
    expect((await file(c, tsv.dataFile)).bytes.toString('utf8')).toBe('name\nGamma\n');
    const dsv = await run(c, 'SELECT name, currency FROM account ORDER BY name LIMIT 2', { outputFormat: 'DSV', columnSeparator: '|' });
    expect((await file(c, dsv.dataFile)).bytes.toString('utf8')).toBe('name|currency\nAcme|USD\nBeta, Inc.|USD\n');
  });

  it('refuses what it does not run exactly, with the construct named; 501 for options not built; nothing is stored', async () => {
    const c = await t.newClient();
    for (const [q, msg] of [
      ['SELECT s.id FROM subscription s JOIN rateplan rp ON s.id = rp.subscriptionid', /JOIN is not supported/],
      ['SELECT id FROM nosuchtable', /not a table/],
      ['SELECT nosuchcolumn FROM account', /not a column of account/],
      ['SELECT upper(name) FROM account', /function upper\(\) is not supported/],
      ['SELECT name, count(*) FROM account', /must appear in GROUP BY/],
      ["SELECT id FROM account WHERE name = 'x'; DROP TABLE accounts", /unexpected/],
      ['SELECT id FROM account WHERE NOT name = 1', /NOT is not supported/],
      ['SELECT id FROM (SELECT id FROM account)', /subqueries are not supported/],
    ] as const) {
      const r = await c.post('/query/jobs', body(q));
      expect(r.status, q).toBe(400);
      expect(r.body.success).toBe(false);
      expect(r.body.reasons[0].message, q).toMatch(msg);
    }
    expect((await c.post('/query/jobs', body('SELECT id FROM account', { compression: 'ZIP' }))).status).toBe(501);
    expect((await c.post('/query/jobs', body('SELECT id FROM account', { sourceData: 'WAREHOUSE' }))).status).toBe(501);
    expect((await c.post('/query/jobs', { query: 'SELECT id FROM account', compression: 'NONE', output: { target: 'S3' } })).status).toBe(400);
    expect((await c.get('/query/jobs')).body).toEqual({ data: [] });
  });

  it('lists jobs newest first, by status; DELETE cancels an accepted job and refuses a finished one; other tenants see none', async () => {
    const c = await t.newClient();
    await accounts(c);
    const first = await run(c, 'SELECT id FROM account');
    const second = (await c.post('/query/jobs', body('SELECT name FROM account'))).body.data;
    const list = await c.get('/query/jobs');
    expect(list.body.data.map((j: { id: string }) => j.id)).toEqual([second.id, first.id]);
    expect((await c.get('/query/jobs?queryStatus=completed')).body.data.map((j: { id: string }) => j.id)).toEqual([first.id]);
    const del = await c.del(`/query/jobs/${second.id}`);
    expect(del.status, del.raw).toBe(200);
    expect(del.body.data).toMatchObject({ id: second.id, queryStatus: 'cancelled' });
    await runDueJobs(t.app, { tenantId: c.tenant.id });
    expect((await c.get(`/query/jobs/${second.id}`)).body.data.queryStatus).toBe('cancelled');
    expect((await c.del(`/query/jobs/${first.id}`)).status).toBe(400);
    const other = await t.newClient();
    expect((await other.get(`/query/jobs/${first.id}`)).status).toBe(404);
  });

  it('custom fields are columns, every one filterable in Data Query', async () => {
    const c = await t.newClient();
    expect((await c.put('/settings/custom-fields/zuora/Account', { type: 'object', properties: { Region__c: { type: 'string' } }, filterable: [] })).status).toBe(200);
    const a = await c.post('/v1/accounts', { name: 'R', currency: 'USD', billCycleDay: 1, billToContact: { firstName: 'A', lastName: 'B' }, Region__c: 'West' });
    expect(a.body.success, a.raw).toBe(true);
    const job = await run(c, "SELECT name, region__c FROM account WHERE region__c = 'West'");
    expect((await file(c, job.dataFile)).bytes.toString('utf8')).toBe('name,region__c\nR,West\n');
  });
});

describe('Data Query SQL subset (parser)', () => {
  it('parses items, aliases, precedence of AND over OR, IN, IS NULL, ORDER BY and LIMIT', () => {
    expect(parseDataQuery("select a.id, count(*) as n from Account a where a.x = 1 or a.y in ('p', 'q') and a.z is not null group by a.id order by n desc limit 5")).toEqual({
      table: 'Account',
      alias: 'a',
      items: [
        { kind: 'column', column: 'a.id', label: 'id' },
        { kind: 'agg', agg: 'count', star: true, label: 'n' },
      ],
      where: {
        kind: 'or',
        items: [
          { kind: 'cmp', field: 'a.x', op: '=', value: { kind: 'number', value: '1' } },
          {
            kind: 'and',
            items: [
              { kind: 'cmp', field: 'a.y', op: 'in', value: [{ kind: 'string', value: 'p' }, { kind: 'string', value: 'q' }] },
              { kind: 'cmp', field: 'a.z', op: '!=', value: { kind: 'null' } },
            ],
          },
        ],
      },
      groupBy: ['a.id'],
      orderBy: [{ column: 'n', desc: true }],
      limit: 5,
    });
    expect(parseDataQuery("select name from account where name = 'O''Brien'").where).toEqual({ kind: 'cmp', field: 'name', op: '=', value: { kind: 'string', value: "O'Brien" } });
  });
});
