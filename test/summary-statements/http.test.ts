// Summary statement runs (createSummaryStatementRun page), the SummaryStatementRun and SummaryStatement object
// queries, and billing document files deletion jobs, through the real app.
import { beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/platform/jobs.js';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { postedInvoice, setup } from '../payments/fixtures.js';
import { makeCatalog, newAccount, type Catalog } from '../subscriptions/fixtures.js';

let t: TestApp;

beforeAll(async () => {
  t = await setupApp({ jobWorker: false });
});

const clock = async (c: Client, date: string) => expect((await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date })).status).toBe(200);
const run = (c: Client) => runDueJobs(t.app, { tenantId: c.tenant.id });
const ok = async (p: Promise<{ status: number; body: any; raw: string }>) => {
  const r = await p;
  expect(r.body, r.raw).toMatchObject({ success: true });
  return r.body;
};
const statementRow = (id: string) => t.database.db.selectFrom('summary_statements' as never).selectAll().where('id' as never, '=', id as never).executeTakeFirstOrThrow() as Promise<Record<string, any>>;

/** An account with: an invoice of 110 on 2024-01-01; in February a payment of 50 on it, a credit memo of 14.99, an unapplied payment of 20 and a refund of 5 of it. */
async function activeAccount(c: Client, cat: Catalog) {
  const acc = await newAccount(c);
  const inv = await postedInvoice(c, cat, acc.accountNumber, '2024-01-01');
  await clock(c, '2024-02-10');
  await ok(c.post('/v1/payments', { accountId: acc.accountId, type: 'External', paymentMethodType: 'Check', amount: 50, currency: 'USD', invoices: [{ invoiceId: inv.id, amount: 50 }] }));
  await ok(c.post('/v1/credit-memos', { accountId: acc.accountId, charges: [{ productRatePlanChargeId: cat.flatChargeId, amount: 14.99 }], autoPost: true }));
  await clock(c, '2024-02-15');
  const p2 = await ok(c.post('/v1/payments', { accountId: acc.accountId, type: 'External', paymentMethodType: 'Check', amount: 20, currency: 'USD' }));
  await clock(c, '2024-02-20');
  await ok(c.post(`/v1/payments/${p2.id}/refunds`, { type: 'External', methodType: 'Check', totalAmount: 5 }));
  return { ...acc, invoice: inv };
}

describe('POST /v1/summary-statement-runs', () => {
  it('makes a statement of the previous calendar month as a job: opening balance, the month\'s transactions, closing balance, a PDF', async () => {
    const { c, cat } = await setup(t, '2024-01-01');
    const a = await activeAccount(c, cat);
    await clock(c, '2024-03-05');
    const res = await c.post('/v1/summary-statement-runs', { runType: 'AdHoc', targetAccountCategory: 'SingleAccount', accountKey: a.accountNumber, dateRangeType: 'PreviousOneCalendarMonth', description: 'February' });
    expect(res.body, res.raw).toMatchObject({ success: true, statementRunNumber: 'SSR-00000001', status: 'Pending', runType: 'AdHoc', targetAccountCategory: 'SingleAccount', accountKey: a.accountNumber, dateRangeType: 'PreviousOneCalendarMonth', startDate: '2024-02-01', endDate: '2024-02-29', autoEmailEnabled: false, description: 'February' });
    expect(res.body.id).toMatch(/^[0-9a-f]{32}$/);
    expect(await run(c)).toBe(1);

    const r = await c.get(`/object-query/summarystatementruns/${res.body.statementRunNumber}`);
    expect(r.status, r.raw).toBe(200);
    expect(r.body).toMatchObject({ id: res.body.id, status: 'Completed', accountId: a.accountId, numberOfAccounts: '1', startDate: '2024-02-01', endDate: '2024-02-29' });

    const list = await c.get(`/object-query/summarystatements?filter[]=statementRunId.EQ:${res.body.id}`);
    expect(list.status, list.raw).toBe(200);
    expect(list.body.data).toHaveLength(1);
    const s = list.body.data[0];
    expect(s).toMatchObject({ accountId: a.accountId, statementNumber: 'SS-00000001', statementRunId: res.body.id, statementRunNumber: 'SSR-00000001', status: 'Completed', startDate: '2024-02-01', endDate: '2024-02-29', statementDate: '2024-03-05', dateRangeType: 'PreviousOneCalendarMonth', targetAccountCategory: 'SingleAccount', autoEmailEnabled: false });
    expect(s.fileId).toMatch(/^[0-9a-f]{32}$/);

    // 110 carried in from January; February: −50 −14.99 −20 +5
    const row = await statementRow(s.id);
    expect(row.opening_balance).toBe('110');
    expect(row.closing_balance).toBe('30.01');
    const figures = JSON.parse(row.figures);
    expect(figures.lines.map((l: { kind: string; charge: string | null; credit: string | null; balance: string }) => [l.kind, l.charge ?? `-${l.credit}`, l.balance])).toEqual([
      ['CreditMemo', '-14.99', '95.01'],
      ['Payment', '-50', '45.01'],
      ['Payment', '-20', '25.01'],
      ['Refund', '5', '30.01'],
    ]);
    // the closing balance is the account's balance: nothing happened after February
    expect((await c.get(`/v1/accounts/${a.accountId}`)).body.metrics.balance).toBe(30.01);

    const pdf = await c.get(`/v1/files/${s.fileId}`);
    expect(pdf.status).toBe(200);
    expect(String(pdf.headers['content-type'])).toContain('application/pdf');
    expect(pdf.raw.startsWith('%PDF-')).toBe(true);

    const one = await c.get(`/object-query/summarystatements/${s.statementNumber}`);
    expect(one.body).toMatchObject({ id: s.id, fileId: s.fileId });
  });

  it('selects the accounts of a target category among the Active accounts of a batch and bill cycle day', async () => {
    const c = await t.newClient({ defaultApiVersion: '2025-08-12' });
    await clock(c, '2024-01-01');
    const cat = await makeCatalog(c);
    const owing = await newAccount(c, { batch: 'Batch7' });
    await postedInvoice(c, cat, owing.accountNumber, '2024-01-01');
    const idle = await newAccount(c, { batch: 'Batch7' });
    const credited = await newAccount(c, { batch: 'Batch7' });
    await ok(c.post('/v1/payments', { accountId: credited.accountId, type: 'External', paymentMethodType: 'Check', amount: 20, currency: 'USD' }));
    await newAccount(c, { batch: 'Batch8' });
    await clock(c, '2024-02-03');
    const cases: Array<[string, string[]]> = [
      ['AllAccounts', [owing.accountId, idle.accountId, credited.accountId]],
      ['AccountsWithOpenInvoices', [owing.accountId]],
      ['AccountsWithOpenBalances', [owing.accountId]],
      ['AccountsWithoutInvoices', [credited.accountId]],
      ['AccountsWithoutInvoicesAndOpenBalances', []],
    ];
    for (const [category, expected] of cases) {
      const res = await ok(c.post('/v1/summary-statement-runs', { runType: 'AdHoc', targetAccountCategory: category, batchName: 'Batch7', dateRangeType: 'PreviousThreeCalendarMonth' }));
      expect(res).toMatchObject({ startDate: '2023-11-01', endDate: '2024-01-31', batchName: 'Batch7' });
      await run(c);
      const got = (await c.get(`/object-query/summarystatements?filter[]=statementRunId.EQ:${res.id}&pageSize=99`)).body.data.map((s: { accountId: string }) => s.accountId);
      expect(got.sort(), category).toEqual([...expected].sort());
      const r = (await c.get(`/object-query/summarystatementruns/${res.id}`)).body;
      expect(r, category).toMatchObject({ status: 'Completed', numberOfAccounts: String(expected.length) });
    }
    // bill cycle day: the accounts' day is 1
    const none = await ok(c.post('/v1/summary-statement-runs', { runType: 'AdHoc', targetAccountCategory: 'AllAccounts', billCycleDay: '02', dateRangeType: 'PreviousOneCalendarMonth' }));
    await run(c);
    expect((await c.get(`/object-query/summarystatements?filter[]=statementRunId.EQ:${none.id}`)).body.data).toEqual([]);
  });

  it('takes a Custom range from the start date to today, at most five years back', async () => {
    const { c, acc } = await setup(t, '2024-06-15');
    const res = await ok(c.post('/v1/summary-statement-runs', { runType: 'AdHoc', targetAccountCategory: 'SingleAccount', accountKey: acc.accountId, dateRangeType: 'Custom', startDate: '2019-06-15' }));
    expect(res).toMatchObject({ startDate: '2019-06-15', endDate: '2024-06-15', dateRangeType: 'Custom' });
    const old = await c.post('/v1/summary-statement-runs', { runType: 'AdHoc', targetAccountCategory: 'SingleAccount', accountKey: acc.accountId, dateRangeType: 'Custom', startDate: '2019-06-14' });
    expect(old.status).toBe(400);
    expect(old.body.reasons[0].message).toContain('5 years');
  });

  it('refuses bad input with a clear error and makes nothing', async () => {
    const { c, acc } = await setup(t, '2024-06-15');
    const base = { runType: 'AdHoc', targetAccountCategory: 'SingleAccount', accountKey: acc.accountId, dateRangeType: 'PreviousOneCalendarMonth' };
    const bad: Array<[Record<string, unknown>, number, RegExp]> = [
      [{ ...base, runType: 'Scheduled' }, 400, /runType/],
      [{ ...base, runType: undefined }, 400, /runType/],
      [{ ...base, targetAccountCategory: 'Some' }, 400, /targetAccountCategory/],
      [{ ...base, accountKey: undefined }, 400, /accountKey/],
      [{ ...base, accountKey: 'A-NOPE' }, 404, /A-NOPE/],
      [{ ...base, batchName: 'Batch1' }, 400, /SingleAccount/],
      [{ ...base, targetAccountCategory: 'AllAccounts' }, 400, /accountKey/],
      [{ ...base, accountKey: undefined, targetAccountCategory: 'AllAccounts', billCycleDay: '32' }, 400, /billCycleDay/],
      [{ ...base, dateRangeType: 'Custom' }, 400, /startDate/],
      [{ ...base, dateRangeType: 'Custom', startDate: '2024-07-01' }, 400, /after today/],
      [{ ...base, dateRangeType: 'Custom', startDate: '2024-13-01' }, 400, /startDate/],
      [{ ...base, startDate: '2024-01-01' }, 400, /Custom/],
      [{ ...base, endDate: '2024-01-01' }, 400, /endDate/],
      [{ ...base, autoEmailEnabled: 'yes' }, 400, /autoEmailEnabled/],
      [{ ...base, autoEmailEnabled: true }, 501, /autoEmailEnabled/],
      [{ ...base, color: 'red' }, 400, /color/],
    ];
    for (const [body, status, msg] of bad) {
      const res = await c.post('/v1/summary-statement-runs', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.success).toBe(false);
      expect(res.body.reasons[0].message, JSON.stringify(body)).toMatch(msg);
    }
    expect((await c.get('/object-query/summarystatementruns')).body.data).toEqual([]);
    expect(await run(c)).toBe(0);
  });

  it('answers 404 for an unknown run or statement, and serves ZOQL', async () => {
    const { c, acc } = await setup(t, '2024-06-15');
    expect((await c.get('/object-query/summarystatementruns/SSR-09999999')).status).toBe(404);
    expect((await c.get('/object-query/summarystatements/SS-09999999')).status).toBe(404);
    const res = await ok(c.post('/v1/summary-statement-runs', { runType: 'AdHoc', targetAccountCategory: 'SingleAccount', accountKey: acc.accountId, dateRangeType: 'PreviousOneCalendarMonth' }));
    await run(c);
    const z = await c.post('/v1/action/query', { queryString: `select Id, StatementNumber, Status from SummaryStatement where StatementRunId = '${res.id}'` });
    expect(z.body, z.raw).toMatchObject({ size: 1, records: [{ StatementNumber: 'SS-00000001', Status: 'Completed' }] });
  });
});

describe('billing document files deletion jobs', () => {
  it('hard-deletes the PDF files of the accounts\' billing documents as a job; a later read does not make them again', async () => {
    const { c, cat, acc } = await setup(t, '2024-01-01');
    const inv = await postedInvoice(c, cat, acc.accountNumber, '2024-01-01');
    const other = await newAccount(c);
    const inv2 = await postedInvoice(c, cat, other.accountNumber, '2024-01-01');
    const files = await c.get(`/v1/invoices/${inv.id}/files`);
    expect(files.body.invoiceFiles, files.raw).toHaveLength(1);
    const fileUrl = files.body.invoiceFiles[0].pdfFileUrl as string;
    expect((await c.get(fileUrl)).status).toBe(200);

    const job = await c.post('/v1/accounts/billing-documents/files/deletion-jobs', { accountKeys: [acc.accountNumber] });
    expect(job.body, job.raw).toMatchObject({ success: true, status: 'Pending' });
    expect((await c.get(`/v1/accounts/billing-documents/files/deletion-jobs/${job.body.id}`)).body).toMatchObject({ id: job.body.id, status: 'Pending', success: true });
    expect(await run(c)).toBe(1);
    expect((await c.get(`/v1/accounts/billing-documents/files/deletion-jobs/${job.body.id}`)).body).toMatchObject({ id: job.body.id, status: 'Completed', success: true });

    expect((await c.get(fileUrl)).status).toBe(404);
    expect((await c.get(`/v1/invoices/${inv.id}/files`)).body.invoiceFiles).toEqual([]);
    // the other account keeps its files
    expect((await c.get(`/v1/invoices/${inv2.id}/files`)).body.invoiceFiles).toHaveLength(1);
    // a second read still makes none
    expect((await c.get(`/v1/invoices/${inv.id}/files`)).body.invoiceFiles).toEqual([]);
  });

  it('refuses bad input and answers 404 for an unknown job', async () => {
    const { c, acc } = await setup(t, '2024-01-01');
    const bad: Array<[unknown, number]> = [
      [{}, 400],
      [{ accountIds: [] }, 400],
      [{ accountIds: [acc.accountId], accountKeys: [acc.accountId] }, 400],
      [{ accountIds: [acc.accountNumber] }, 404],
      [{ accountKeys: ['A-NOPE'] }, 404],
      [{ accountKeys: [7] }, 400],
      [{ accounts: [acc.accountId] }, 400],
    ];
    for (const [body, status] of bad) {
      const res = await c.post('/v1/accounts/billing-documents/files/deletion-jobs', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.reasons[0].message).toBeTruthy();
    }
    expect(await run(c)).toBe(0);
    expect((await c.get('/v1/accounts/billing-documents/files/deletion-jobs/0123456789abcdef0123456789abcdef')).status).toBe(404);
    // another kind of job is not a deletion job
    await ok(c.post('/v1/summary-statement-runs', { runType: 'AdHoc', targetAccountCategory: 'SingleAccount', accountKey: acc.accountId, dateRangeType: 'PreviousOneCalendarMonth' }));
    const runJob = (await t.database.db.selectFrom('jobs').select('id').where('tenant_id', '=', c.tenant.id).where('kind', '=', 'summary-statements.run').executeTakeFirstOrThrow()) as { id: string };
    expect((await c.get(`/v1/accounts/billing-documents/files/deletion-jobs/${runJob.id}`)).status).toBe(404);
  });
});
