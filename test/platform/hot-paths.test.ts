// Round trips of the hot paths (docs/architecture.md "Hot paths" lists these numbers): each request's
// statements are counted at the driver (openDatabase's observe hook), so a change that adds a round trip
// to one of them fails here. Budgets are per database where the SQL differs (row locks: SQLite takes a
// write lock with an UPDATE, PostgreSQL with SELECT … FOR UPDATE). When a change removes statements,
// lower the budget here and in the architecture page.
import { beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/platform/jobs.js';
import { onPostgres, type Client } from '../helpers.js';
import { createSubscriptionOrder, makeCatalog, newAccount } from '../subscriptions/fixtures.js';
import { countingApp } from './statements.js';

const { t, measure } = await countingApp({ jobWorker: false });

/** The most statements each path may run: [SQLite, PostgreSQL]. */
export const BUDGETS = {
  'GET /v1/accounts/{key}': [7, 7],
  'GET /v1/subscriptions/{key}': [6, 6],
  'POST /v1/operations/billing-preview': [8, 8],
  'bill run, per account': [12, 12],
  'POST /v1/payments (External, applied to one invoice)': [16, 16],
} as const;
const budget = (k: keyof typeof BUDGETS) => BUDGETS[k][onPostgres() ? 1 : 0];

describe('hot paths: statements per request', () => {
  let c: Client;
  let account: { accountId: string; accountNumber: string };
  let subscription: string;
  let planId: string;
  const counts: Record<string, number> = {};

  beforeAll(async () => {
    c = await t.newClient({ defaultApiVersion: '2025-08-12', timezone: 'UTC' });
    expect((await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2024-01-01' })).status).toBe(200);
    planId = (await makeCatalog(c)).basePlanId;
    account = await newAccount(c);
    const o = await c.post('/v1/orders', { ...createSubscriptionOrder(account.accountNumber, planId), processingOptions: { runBilling: false } });
    subscription = o.body.subscriptions[0].subscriptionNumber;
    await c.get(`/v1/accounts/${account.accountNumber}`); // the token is cached from here on
  });

  const check = (name: keyof typeof BUDGETS, n: number) => {
    counts[name] = n;
    console.log(`${name}: ${n} statements (budget ${budget(name)})`);
    expect(n, name).toBeLessThanOrEqual(budget(name));
  };

  // Each measured request comes right after the same one, so that the short caches (definitions, tokens:
  // 1 s) are warm, as they are for a client making many requests a second.
  it('GET /v1/accounts/{key}', async () => {
    await c.get(`/v1/accounts/${account.accountNumber}`);
    const r = await measure(() => c.get(`/v1/accounts/${account.accountNumber}`));
    expect(r.value.body.success).toBe(true);
    check('GET /v1/accounts/{key}', r.stmts.length);
  });

  it('the tenant’s custom field definitions are cached across requests, and a change is seen by the next request', async () => {
    const defsRead = (r: { stmts: Array<{ sql: string }> }) => r.stmts.filter((x) => x.sql.includes('"custom_object_definitions"')).length;
    const get = () => measure(() => c.get(`/v1/accounts/${account.accountNumber}`));
    await get();
    expect(defsRead(await get())).toBe(0);
    const put = await t.admin('PUT', `/admin/tenants/${c.tenant.id}/custom-fields/Account`, { properties: { Region__c: { type: 'string', label: 'Region' } } });
    expect(put.status, put.raw).toBe(200);
    const after = await get();
    expect(after.value.body.basicInfo).toHaveProperty('Region__c', null);
    expect(defsRead(after)).toBe(1);
    expect(defsRead(await get())).toBe(0);
    expect((await t.admin('DELETE', `/admin/tenants/${c.tenant.id}/custom-fields/Account`)).status).toBeLessThan(300);
    expect((await get()).value.body.basicInfo).not.toHaveProperty('Region__c');
  });

  it('GET /v1/subscriptions/{key}', async () => {
    await c.get(`/v1/subscriptions/${subscription}`);
    const r = await measure(() => c.get(`/v1/subscriptions/${subscription}`));
    expect(r.value.body.success).toBe(true);
    check('GET /v1/subscriptions/{key}', r.stmts.length);
  });

  it('POST /v1/operations/billing-preview', async () => {
    const r = await measure(() => c.post('/v1/operations/billing-preview', { accountNumber: account.accountNumber, targetDate: '2024-02-01' }));
    expect(r.value.body.invoiceItems).toHaveLength(4);
    check('POST /v1/operations/billing-preview', r.stmts.length);
  });

  it('bill run, per account: what a run of 4 accounts runs more than a run of 1, divided by 3', async () => {
    const batch = async (name: string, n: number) => {
      for (let i = 0; i < n; i++) {
        const a = await newAccount(c, { batch: name });
        await c.post('/v1/orders', { ...createSubscriptionOrder(a.accountNumber, planId), processingOptions: { runBilling: false } });
      }
      await c.post('/v1/bill-runs', { batches: [name], targetDate: '2024-01-01', invoiceDate: '2024-01-01' });
      return measure(() => runDueJobs(t.app, { tenantId: c.tenant.id }));
    };
    // the tenant's first invoice makes its default sequence set: not part of what an account costs
    await batch('Batch9', 1);
    const one = await batch('Batch2', 1);
    const four = await batch('Batch3', 4);
    const per = (four.stmts.length - one.stmts.length) / 3;
    if (process.env.ZBILL_SHOW_SQL) {
      const sp = four.stmts.map((x, i) => (x.sql.startsWith('savepoint') ? i : -1)).filter((i) => i >= 0);
      console.log(four.stmts.slice(sp[1], sp[2]).map((x) => `  [${x.rows}] ${x.sql.slice(0, 150)}`).join('\n'));
    }
    expect(Number.isInteger(per), `${one.stmts.length} vs ${four.stmts.length}`).toBe(true);
    check('bill run, per account', per);
  });

  it('POST /v1/payments (External, applied to one invoice)', async () => {
    const br = await c.post('/v1/bill-runs', { billRunFilters: [{ filterType: 'Account', accountId: account.accountId }], targetDate: '2024-01-01', invoiceDate: '2024-01-01' });
    expect(br.body.success, br.raw).toBe(true);
    await runDueJobs(t.app, { tenantId: c.tenant.id });
    expect((await c.put(`/v1/bill-runs/${br.body.id}/post`, { invoiceDate: '2024-01-01' })).body.status).toBe('Posted');
    const inv = (await c.get(`/v1/transactions/invoices/accounts/${account.accountNumber}`)).body.invoices[0];
    expect(inv.status).toBe('Posted');
    const r = await measure(() => c.post('/v1/payments', { accountId: account.accountId, type: 'External', paymentMethodType: 'Check', amount: 20, currency: 'USD', effectiveDate: '2024-01-01', invoices: [{ invoiceId: inv.id, amount: 20 }] }));
    expect(r.value.body.success, r.value.raw).toBe(true);
    if (process.env.ZBILL_SHOW_SQL) console.log(r.stmts.map((x) => `  [${x.rows}] ${x.sql.slice(0, 120)}`).join('\n'));
    check('POST /v1/payments (External, applied to one invoice)', r.stmts.length);
  });
});
