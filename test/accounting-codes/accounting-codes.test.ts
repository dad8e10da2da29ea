import { beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, makeCtx, type Ctx } from '../../src/platform/context.js';
import {
  findAccountingCodeByName,
  markAccountingCodeUsed,
  registerAccountingCodeReferenceCheck,
  unregisterAccountingCodeReferenceCheck,
  TYPE_CATEGORY,
} from '../../src/modules/accounting-codes/service.js';
import { onPostgres, setupApp, type Client, type TestApp } from '../helpers.js';
import { createAccountingCode, deleteAccountingCode } from '../../src/modules/accounting-codes/service.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});

const ctxOf = (c: Client): Ctx => makeCtx(c.tenant, t.database.db);

async function create(c: Client, body: Record<string, unknown>): Promise<string> {
  const res = await c.post('/v1/accounting-codes', body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.success).toBe(true);
  return res.body.id as string;
}

function expectError(res: { status: number; body: any }, status: number, category: number, text: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.success).toBe(false);
  expect(res.body.reasons[0].code % 100).toBe(category);
  expect(res.body.reasons[0].message).toContain(text);
}

const TS = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

describe('POST /v1/accounting-codes', () => {
  it('creates an active code as in the sample and returns its id', async () => {
    const c = await t.newClient();
    const res = await c.post('/v1/accounting-codes', { name: 'CASH', type: 'Cash' });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['id', 'success']);
    expect(res.body.id).toMatch(/^[0-9a-f]{32}$/);
    const got = await c.get(`/v1/accounting-codes/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual({
      category: 'Assets',
      createdBy: expect.any(String),
      createdOn: expect.stringMatching(TS),
      glAccountName: null,
      glAccountNumber: null,
      id: res.body.id,
      name: 'CASH',
      notes: null,
      status: 'Active',
      success: true,
      type: 'Cash',
      updatedBy: expect.any(String),
      updatedOn: expect.stringMatching(TS),
    });
  });

  it('keeps GL fields, notes, segment values and custom fields', async () => {
    const c = await t.newClient();
    const id = await create(c, {
      name: 'Sales',
      type: 'SalesRevenue',
      glAccountName: 'Product sales',
      glAccountNumber: '4000',
      notes: 'Details of the accounting code',
      segmentConstantValues: { region: 'EMEA' },
      costCenter__c: 'CC-12',
      audited__c: true,
    });
    const got = (await c.get(`/v1/accounting-codes/${id}`)).body;
    expect(got).toMatchObject({
      name: 'Sales',
      type: 'SalesRevenue',
      category: 'Revenue',
      glAccountName: 'Product sales',
      glAccountNumber: '4000',
      notes: 'Details of the accounting code',
      segmentConstantValues: { region: 'EMEA' },
      costCenter__c: 'CC-12',
      audited__c: true,
    });
  });

  it('derives the category from the type', async () => {
    const c = await t.newClient();
    for (const [type, category] of Object.entries(TYPE_CATEGORY)) {
      const id = await create(c, { name: `code ${type}`, type });
      expect((await c.get(`/v1/accounting-codes/${id}`)).body.category).toBe(category);
    }
    const list = (await c.get('/v1/accounting-codes')).body.accountingCodes;
    expect(list).toHaveLength(14);
    expect(list.find((x: any) => x.type === 'CustomerCashOnAccount').category).toBe('Liabilities');
    expect(list.find((x: any) => x.type === 'BadDebt').category).toBe('Expenses');
    expect(list.find((x: any) => x.type === 'OtherEquity').category).toBe('Equity');
  });

  it('requires name and type, naming the field; nothing is created', async () => {
    const c = await t.newClient();
    expectError(await c.post('/v1/accounting-codes', { type: 'Cash' }), 400, 22, "'name'");
    expectError(await c.post('/v1/accounting-codes', { name: 'X' }), 400, 22, "'type'");
    expectError(await c.post('/v1/accounting-codes', { name: 'X', type: 'Money' }), 400, 20, "'type'");
    expectError(await c.post('/v1/accounting-codes', { name: '   ', type: 'Cash' }), 400, 20, "'name'");
    expectError(await c.post('/v1/accounting-codes', { name: 'N'.repeat(101), type: 'Cash' }), 400, 20, "'name'");
    expectError(await c.post('/v1/accounting-codes', { name: 'X', type: 'Cash', glAccountNumber: 'G'.repeat(256) }), 400, 20, "'glAccountNumber'");
    expectError(await c.post('/v1/accounting-codes', { name: 'X', type: 'Cash', glAccountName: 'G'.repeat(256) }), 400, 20, "'glAccountName'");
    expectError(await c.post('/v1/accounting-codes', { name: 'X', type: 'Cash', notes: 'n'.repeat(2001) }), 400, 20, "'notes'");
    expectError(await c.post('/v1/accounting-codes', { name: 'X', type: 'Cash', segmentConstantValues: 'x' }), 400, 20, 'segmentConstantValues');
    expectError(await c.post('/v1/accounting-codes', { name: 'X', type: 'Cash', bad__c: { a: 1 } }), 400, 20, 'bad__c');
    expect((await c.get('/v1/accounting-codes')).body.accountingCodes).toEqual([]);
    // the limits themselves are accepted
    await create(c, { name: 'N'.repeat(100), type: 'Cash', glAccountNumber: 'G'.repeat(255), notes: 'n'.repeat(2000) });
  });

  it('names are unique (ignoring case)', async () => {
    const c = await t.newClient();
    await create(c, { name: 'Deferred', type: 'DeferredRevenue' });
    expectError(await c.post('/v1/accounting-codes', { name: 'deferred', type: 'OtherLiabilities' }), 400, 30, 'unique');
  });

  it('concurrent creates with one name: one wins, the others get a Zuora error, never a 500', async () => {
    const c = await t.newClient();
    const results = await Promise.all(Array.from({ length: 6 }, () => c.post('/v1/accounting-codes', { name: 'Race', type: 'Cash' })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) expectError(r, 400, 30, 'unique');
    expect((await c.get('/v1/accounting-codes')).body.accountingCodes).toHaveLength(1);
  });

  it('a tenant has a single AccountsReceivable code', async () => {
    const c = await t.newClient();
    await create(c, { name: 'Accounts Receivable', type: 'AccountsReceivable' });
    expectError(await c.post('/v1/accounting-codes', { name: 'AR 2', type: 'AccountsReceivable' }), 400, 30, 'AccountsReceivable');
    await create(c, { name: 'On account', type: 'On-Account Receivable' });
  });
});

describe('GET /v1/accounting-codes', () => {
  it('lists in creation order, 300 a page by default, with page/pageSize/nextPage', async () => {
    const c = await t.newClient();
    for (const n of ['A', 'B', 'C', 'D', 'E']) await create(c, { name: n, type: 'OtherRevenue', n__c: n });
    const all = await c.get('/v1/accounting-codes');
    expect(all.status).toBe(200);
    expect(all.body.success).toBe(true);
    expect(all.body.accountingCodes.map((x: any) => x.name)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(all.body.accountingCodes[0]).toMatchObject({ status: 'Active', category: 'Revenue', n__c: 'A' });
    expect(all.body.nextPage).toBeUndefined();
    const p1 = await c.get('/v1/accounting-codes?pageSize=2');
    expect(p1.body.accountingCodes.map((x: any) => x.name)).toEqual(['A', 'B']);
    expect(p1.body.nextPage).toMatch(/\/v1\/accounting-codes\?.*page=2/);
    const p3 = await c.get('/v1/accounting-codes?pageSize=2&page=3');
    expect(p3.body.accountingCodes.map((x: any) => x.name)).toEqual(['E']);
    expect(p3.body.nextPage).toBeUndefined();
    expect((await c.get('/v1/accounting-codes?pageSize=300')).status).toBe(200);
    expectError(await c.get('/v1/accounting-codes?pageSize=301'), 400, 20, 'pageSize');
    expectError(await c.get('/v1/accounting-codes?page=0'), 400, 20, 'page');
  });

  it('shows only the tenant’s own codes', async () => {
    const a = await t.newClient();
    const b = await t.newClient();
    const id = await create(a, { name: 'Mine', type: 'Cash' });
    expect((await b.get('/v1/accounting-codes')).body.accountingCodes).toEqual([]);
    expect((await b.get(`/v1/accounting-codes/${id}`)).status).toBe(404);
    expect((await b.put(`/v1/accounting-codes/${id}`, { notes: 'x' })).status).toBe(404);
    expect((await b.put(`/v1/accounting-codes/${id}/deactivate`)).status).toBe(404);
    expect((await b.del(`/v1/accounting-codes/${id}`)).status).toBe(404);
  });
});

describe('GET /v1/accounting-codes/{ac-id}', () => {
  it('404 with a Zuora error for an unknown id; 200 success:false on old API versions', async () => {
    const c = await t.newClient();
    expectError(await c.get('/v1/accounting-codes/0123456789abcdef0123456789abcdef'), 404, 40, '0123456789abcdef0123456789abcdef');
    const old = await c.get('/v1/accounting-codes/nope', { 'Zuora-Version': '211.0' });
    expect(old.status).toBe(200);
    expect(old.body.success).toBe(false);
    expect(old.body.reasons[0].code).toBe(50000040);
  });
});

describe('PUT /v1/accounting-codes/{ac-id}', () => {
  it('updates the given fields only, as in the sample', async () => {
    const c = await t.newClient();
    const id = await create(c, { name: 'Sales', type: 'SalesRevenue', glAccountNumber: '4000', a__c: 'one', b__c: 'two' });
    const before = (await c.get(`/v1/accounting-codes/${id}`)).body;
    const res = await c.put(`/v1/accounting-codes/${id}`, { notes: 'Details of the accounting code', b__c: 'deux' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    const after = (await c.get(`/v1/accounting-codes/${id}`)).body;
    expect(after).toMatchObject({ name: 'Sales', type: 'SalesRevenue', glAccountNumber: '4000', notes: 'Details of the accounting code', a__c: 'one', b__c: 'deux' });
    expect(after.createdOn).toBe(before.createdOn);
  });

  it('renames, changes type and clears GL fields with null', async () => {
    const c = await t.newClient();
    const id = await create(c, { name: 'Misc', type: 'OtherAssets', glAccountName: 'Misc assets' });
    await create(c, { name: 'Taken', type: 'Cash' });
    expectError(await c.put(`/v1/accounting-codes/${id}`, { name: 'TAKEN' }), 400, 30, 'unique');
    expect((await c.put(`/v1/accounting-codes/${id}`, { name: 'misc' })).body.success).toBe(true); // its own name, other case
    const ok = await c.put(`/v1/accounting-codes/${id}`, { name: 'Bad debt', type: 'BadDebt', glAccountName: null });
    expect(ok.body.success).toBe(true);
    expect((await c.get(`/v1/accounting-codes/${id}`)).body).toMatchObject({ name: 'Bad debt', type: 'BadDebt', category: 'Expenses', glAccountName: null });
  });

  it('the type of an AccountsReceivable code cannot change; no second AR code by update', async () => {
    const c = await t.newClient();
    const ar = await create(c, { name: 'AR', type: 'AccountsReceivable' });
    const cash = await create(c, { name: 'Cash', type: 'Cash' });
    expectError(await c.put(`/v1/accounting-codes/${ar}`, { type: 'Cash' }), 400, 30, 'AccountsReceivable');
    expect((await c.put(`/v1/accounting-codes/${ar}`, { type: 'AccountsReceivable', notes: 'same type is fine' })).body.success).toBe(true);
    expectError(await c.put(`/v1/accounting-codes/${cash}`, { type: 'AccountsReceivable' }), 400, 30, 'AccountsReceivable');
    expect((await c.get(`/v1/accounting-codes/${cash}`)).body.type).toBe('Cash');
  });

  it('validates values, naming the field, and changes nothing', async () => {
    const c = await t.newClient();
    const id = await create(c, { name: 'Cash', type: 'Cash' });
    expectError(await c.put(`/v1/accounting-codes/${id}`, { type: 'Money' }), 400, 20, "'type'");
    expectError(await c.put(`/v1/accounting-codes/${id}`, { name: '' }), 400, 20, "'name'");
    expectError(await c.put(`/v1/accounting-codes/${id}`, { notes: 'n'.repeat(2001), name: 'Other' }), 400, 20, "'notes'");
    expect((await c.get(`/v1/accounting-codes/${id}`)).body).toMatchObject({ name: 'Cash', notes: null });
    expectError(await c.put('/v1/accounting-codes/nope', { notes: 'x' }), 404, 40, 'nope');
  });

  it('a code associated with transactions cannot be updated', async () => {
    const c = await t.newClient();
    const id = await create(c, { name: 'Sales', type: 'SalesRevenue' });
    await inTransaction(ctxOf(c), (ctx) => markAccountingCodeUsed(ctx, id));
    expectError(await c.put(`/v1/accounting-codes/${id}`, { notes: 'x' }), 400, 30, 'associated with transactions');
    expect((await c.get(`/v1/accounting-codes/${id}`)).body.notes).toBeNull();
  });
});

describe('activate / deactivate', () => {
  it('deactivates and activates again; refuses repeating either', async () => {
    const c = await t.newClient();
    const id = await create(c, { name: 'Discounts', type: 'SalesDiscounts' });
    expectError(await c.put(`/v1/accounting-codes/${id}/activate`), 400, 30, 'already active');
    const off = await c.put(`/v1/accounting-codes/${id}/deactivate`);
    expect(off.status).toBe(200);
    expect(off.body).toEqual({ success: true });
    expect((await c.get(`/v1/accounting-codes/${id}`)).body.status).toBe('Inactive');
    expectError(await c.put(`/v1/accounting-codes/${id}/deactivate`), 400, 30, 'already inactive');
    const on = await c.put(`/v1/accounting-codes/${id}/activate`);
    expect(on.body).toEqual({ success: true });
    expect((await c.get(`/v1/accounting-codes/${id}`)).body.status).toBe('Active');
  });

  it('works without a request body', async () => {
    const c = await t.newClient();
    const id = await create(c, { name: 'Discounts', type: 'SalesDiscounts' });
    const res = await c.req('PUT', `/v1/accounting-codes/${id}/deactivate`);
    expect(res.body).toEqual({ success: true });
  });

  it('an AccountsReceivable code cannot be deactivated', async () => {
    const c = await t.newClient();
    const id = await create(c, { name: 'AR', type: 'AccountsReceivable' });
    expectError(await c.put(`/v1/accounting-codes/${id}/deactivate`), 400, 30, 'AccountsReceivable');
    expect((await c.get(`/v1/accounting-codes/${id}`)).body.status).toBe('Active');
  });

  it('a code associated with transactions cannot be deactivated', async () => {
    const c = await t.newClient();
    const id = await create(c, { name: 'Sales', type: 'SalesRevenue' });
    await inTransaction(ctxOf(c), (ctx) => markAccountingCodeUsed(ctx, id));
    expectError(await c.put(`/v1/accounting-codes/${id}/deactivate`), 400, 30, 'associated with transactions');
  });

  it('404 for unknown codes', async () => {
    const c = await t.newClient();
    expectError(await c.put('/v1/accounting-codes/nope/activate'), 404, 40, 'nope');
    expectError(await c.put('/v1/accounting-codes/nope/deactivate'), 404, 40, 'nope');
  });
});

describe('DELETE /v1/accounting-codes/{ac-id}', () => {
  it('an active code must be deactivated first; then it is deleted', async () => {
    const c = await t.newClient();
    const id = await create(c, { name: 'Old', type: 'OtherExpenses' });
    expectError(await c.del(`/v1/accounting-codes/${id}`), 400, 30, 'deactivated');
    await c.put(`/v1/accounting-codes/${id}/deactivate`);
    const res = await c.del(`/v1/accounting-codes/${id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    expect((await c.get(`/v1/accounting-codes/${id}`)).status).toBe(404);
    expectError(await c.del(`/v1/accounting-codes/${id}`), 404, 40, id);
    // the name is free again
    await create(c, { name: 'Old', type: 'OtherExpenses' });
  });

  it('a code ever associated with transactions cannot be deleted', async () => {
    const c = await t.newClient();
    const id = await create(c, { name: 'Sales', type: 'SalesRevenue' });
    await c.put(`/v1/accounting-codes/${id}/deactivate`);
    await inTransaction(ctxOf(c), (ctx) => markAccountingCodeUsed(ctx, id));
    expectError(await c.del(`/v1/accounting-codes/${id}`), 400, 30, 'associated with transactions');
    expect((await c.get(`/v1/accounting-codes/${id}`)).status).toBe(200);
  });

  it('a code another module refers to cannot be deleted', async () => {
    const c = await t.newClient();
    const id = await create(c, { name: 'Deferred', type: 'DeferredRevenue' });
    await c.put(`/v1/accounting-codes/${id}/deactivate`);
    registerAccountingCodeReferenceCheck('test-charges', async (_ctx, code) => (code.name === 'Deferred' ? 'charge C-00000001' : undefined));
    try {
      expectError(await c.del(`/v1/accounting-codes/${id}`), 400, 30, 'charge C-00000001');
    } finally {
      unregisterAccountingCodeReferenceCheck('test-charges');
    }
    expect((await c.del(`/v1/accounting-codes/${id}`)).status).toBe(200);
  });
});

describe('findAccountingCodeByName', () => {
  it('finds a code by name, ignoring case, within the tenant', async () => {
    const a = await t.newClient();
    const b = await t.newClient();
    const id = await create(a, { name: 'Sales Revenue', type: 'SalesRevenue' });
    expect(await findAccountingCodeByName(ctxOf(a), 'Sales Revenue')).toEqual({ id, name: 'Sales Revenue', type: 'SalesRevenue', status: 'Active' });
    expect((await findAccountingCodeByName(ctxOf(a), 'sales revenue'))?.id).toBe(id);
    expect(await findAccountingCodeByName(ctxOf(a), 'Nope')).toBeUndefined();
    expect(await findAccountingCodeByName(ctxOf(b), 'Sales Revenue')).toBeUndefined();
    await a.put(`/v1/accounting-codes/${id}/deactivate`);
    expect((await findAccountingCodeByName(ctxOf(a), 'Sales Revenue'))?.status).toBe('Inactive');
  });
});

describe('tenant reset', () => {
  it('removes the tenant’s accounting codes', async () => {
    const c = await t.newClient();
    await create(c, { name: 'Cash', type: 'Cash' });
    expect((await t.admin('POST', `/admin/tenants/${c.tenant.id}/reset`)).status).toBe(200);
    expect((await c.get('/v1/accounting-codes')).body.accountingCodes).toEqual([]);
    await create(c, { name: 'Cash', type: 'Cash' });
  });
});

// Interleavings that only a database with concurrent transactions can produce.
describe.runIf(onPostgres())('interleaved transactions (PostgreSQL)', () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('two transactions creating the same name: the second gets a Zuora error, not a database error', async () => {
    const c = await t.newClient();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a = inTransaction(ctxOf(c), async (ctx) => {
      await createAccountingCode(ctx, { name: 'Race', type: 'Cash' });
      await gate;
    });
    await sleep(50);
    const b = inTransaction(ctxOf(c), (ctx) => createAccountingCode(ctx, { name: 'race', type: 'OtherAssets' })).then(
      () => 'ok',
      (e: { code?: number; message: string }) => `${e.code} ${e.message}`,
    );
    await sleep(50);
    release();
    await a;
    expect(await b).toMatch(/^50000030 .*unique/);
  });

  it('a delete waits for a transaction that marks the code used, then refuses', async () => {
    const c = await t.newClient();
    const id = await create(c, { name: 'Sales', type: 'SalesRevenue' });
    await c.put(`/v1/accounting-codes/${id}/deactivate`);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a = inTransaction(ctxOf(c), async (ctx) => {
      await markAccountingCodeUsed(ctx, id);
      await gate;
    });
    await sleep(50);
    const b = inTransaction(ctxOf(c), (ctx) => deleteAccountingCode(ctx, id)).then(
      () => 'ok',
      (e: Error) => e.message,
    );
    await sleep(50);
    release();
    await a;
    expect(await b).toContain('associated with transactions');
    expect((await c.get(`/v1/accounting-codes/${id}`)).status).toBe(200);
  });
});
