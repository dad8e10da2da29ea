/**
 * ZOQL (POST /v1/action/query, /queryMore), describe and object query through
 * the real app. Shapes from the Action_POSTquery, Action_POSTqueryMore,
 * GET_Describe and queryAccounts pages of the reference (samples.json).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { MODULES } from '../../src/modules/index.js';
import { queryObjects } from '../../src/modules/queries/contract.js';
import { OPERATIONS } from '../../src/platform/operations.generated.js';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { usageWorld } from '../usage/fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});

const query = (c: Client, queryString: string, conf?: Record<string, unknown>) => c.post('/v1/action/query', conf ? { queryString, conf } : { queryString });

async function account(c: Client, over: Record<string, unknown> = {}) {
  const r = await c.post('/v1/accounts', { name: 'Acme', currency: 'USD', billCycleDay: 1, autoPay: false, billToContact: { firstName: 'Ada', lastName: 'Lovelace' }, ...over });
  expect(r.body.success).toBe(true);
  return r.body as { accountId: string; accountNumber: string };
}

describe('POST /v1/action/query', () => {
  it('answers the page example: size, records with Id and the fields asked, done', async () => {
    const c = await t.newClient();
    const a = await account(c, { billCycleDay: 7 });
    const r = await query(c, `select AccountNumber, BillCycleDay from Account where Id = '${a.accountId}'`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ size: 1, records: [{ Id: a.accountId, AccountNumber: a.accountNumber, BillCycleDay: 7 }], done: true });
  });

  it('filters with and/or/parentheses, null, like, booleans and comparisons, case-insensitive names and values', async () => {
    const c = await t.newClient();
    const a1 = await account(c, { name: 'Alpha Co', billCycleDay: 3, purchaseOrderNumber: 'PO-1' });
    const a2 = await account(c, { name: 'Beta Co', billCycleDay: 10, autoPay: false });
    const a3 = await account(c, { name: 'alphabet', billCycleDay: 20 });
    const ids = async (where: string) => ((await query(c, `select id from account where ${where}`)).body.records as Array<{ Id: string }>).map((x) => x.Id).sort();
    expect(await ids(`PurchaseOrderNumber != null`)).toEqual([a1.accountId]);
    expect(await ids(`PurchaseOrderNumber = null`)).toEqual([a2.accountId, a3.accountId].sort());
    expect(await ids(`name like 'alpha%'`)).toEqual([a1.accountId, a3.accountId].sort());
    expect(await ids(`Name = 'BETA CO'`)).toEqual([a2.accountId]);
    expect(await ids(`BillCycleDay > 3 and BillCycleDay <= 20 and AutoPay = false`)).toEqual([a2.accountId, a3.accountId].sort());
    expect(await ids(`BillCycleDay = 3 or BillCycleDay = 20 and Name = 'Beta Co'`)).toEqual([a1.accountId]);
    expect(await ids(`(BillCycleDay = 3 or BillCycleDay = 20) and Name like '%a%'`)).toEqual([a1.accountId, a3.accountId].sort());
    expect(await ids(`Status = 'active' and Currency = 'USD'`)).toHaveLength(3);
  });

  it('leaves null fields out of records', async () => {
    const c = await t.newClient();
    const a = await account(c);
    const r = await query(c, `select AccountNumber, PurchaseOrderNumber, ParentId from Account`);
    expect(r.body.records).toEqual([{ Id: a.accountId, AccountNumber: a.accountNumber }]);
  });

  it('pages with conf.batchSize and queryMore until done, each record once', async () => {
    const c = await t.newClient();
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await account(c, { name: `N${i}` })).accountId);
    const first = await query(c, 'select Name from Account', { batchSize: 2 });
    expect(first.body.size).toBe(2);
    expect(first.body.done).toBe(false);
    expect(typeof first.body.queryLocator).toBe('string');
    const seen = [...first.body.records.map((r: { Id: string }) => r.Id)];
    let loc = first.body.queryLocator as string | undefined;
    while (loc) {
      const more = await c.post('/v1/action/queryMore', { queryLocator: loc });
      expect(more.status).toBe(200);
      seen.push(...more.body.records.map((r: { Id: string }) => r.Id));
      loc = more.body.done ? undefined : more.body.queryLocator;
      if (more.body.done) expect(more.body.queryLocator).toBeUndefined();
    }
    expect(seen.sort()).toEqual(made.sort());
  });

  it('answers Zuora faults: unknown object, unknown field, bad value, malformed, bad locator, bad batch size', async () => {
    const c = await t.newClient();
    const cases: Array<[string, string, string]> = [
      ['select Id from Widget', 'INVALID_TYPE', 'InvalidTypeFault'],
      ['select Id, Nmae from Account', 'INVALID_FIELD', 'MalformedQueryFault'],
      ["select Id from Account where Nmae = 'x'", 'INVALID_FIELD', 'MalformedQueryFault'],
      ["select Id from Account where BillCycleDay = 'abc'", 'INVALID_VALUE', 'InvalidValueFault'],
      ["select Id from Account where CreatedDate > 'yesterday'", 'INVALID_VALUE', 'InvalidValueFault'],
      ['select Id from Account where', 'MALFORMED_QUERY', 'MalformedQueryFault'],
      ['select Id from Order', 'INVALID_TYPE', 'InvalidTypeFault'],
    ];
    for (const [q, code, element] of cases) {
      const r = await query(c, q);
      expect(r.status, q).toBe(400);
      expect(r.body.faultcode, q).toBe(`fns:${code}`);
      expect(r.body.detail[element].FaultCode, q).toBe(code);
      expect(r.body.detail[element].FaultMessage).toBe(r.body.faultstring);
    }
    const bad = await c.post('/v1/action/queryMore', { queryLocator: 'not-a-locator' });
    expect(bad.body.faultcode).toBe('fns:INVALID_QUERY_LOCATOR');
    const size = await query(c, 'select Id from Account', { batchSize: 2001 });
    expect(size.body.faultcode).toBe('fns:INVALID_VALUE');
    // before 2024-05-20 a fault comes with HTTP 200, as every business error does
    const old = await c.post('/v1/action/query', { queryString: 'select' }, { 'zuora-version': '211.0' });
    expect(old.status).toBe(200);
    expect(old.body.faultcode).toBe('fns:MALFORMED_QUERY');
  });

  it('treats injection attempts as values or syntax errors: no rows of anything else, nothing changed', async () => {
    const c = await t.newClient();
    const a = await account(c, { name: "O'Brien" });
    const esc = await query(c, `select Name from Account where Name = 'O\\'Brien'`);
    expect(esc.body.records).toEqual([{ Id: a.accountId, Name: "O'Brien" }]);
    const inj = await query(c, `select Name from Account where Name = 'x\\' or \\'1\\'=\\'1'`);
    expect(inj.body).toEqual({ size: 0, records: [], done: true });
    for (const q of ["select Name from Account where Name = 'x' or 1=1", "select Name from Account; delete from accounts", 'select Name from accounts where 1 = 1', "select Name from Account where Name = 'a' -- comment"]) {
      const r = await query(c, q);
      expect(r.status, q).toBe(400);
      expect(r.body.faultcode, q).toMatch(/^fns:/);
    }
    expect((await query(c, 'select Name from Account')).body.size).toBe(1);
  });

  it('keeps tenants apart in query, queryMore and object query', async () => {
    const c1 = await t.newClient();
    const c2 = await t.newClient();
    const a1 = await account(c1);
    await account(c1);
    await account(c1);
    expect((await query(c2, 'select Id from Account')).body).toEqual({ size: 0, records: [], done: true });
    expect((await query(c2, `select Id from Account where Id = '${a1.accountId}'`)).body.size).toBe(0);
    const first = await query(c1, 'select Id from Account', { batchSize: 1 });
    const stolen = await c2.post('/v1/action/queryMore', { queryLocator: first.body.queryLocator });
    expect(stolen.body.faultcode).toBe('fns:INVALID_QUERY_LOCATOR');
    expect((await c2.get(`/object-query/accounts/${a1.accountId}`)).status).toBe(404);
    expect((await c2.get('/object-query/accounts')).body.data).toEqual([]);
    expect((await c2.get('/v1/describe/Account')).status).toBe(200);
  });

  it('queries subscription objects and the catalog through the registry', async () => {
    const c = await t.newClient();
    const w = await usageWorld(c);
    const subs = await query(c, `select Name, Status, AccountId, Version from Subscription where AccountId = '${w.accountId}'`);
    expect(subs.body.records).toEqual([{ Id: w.subscriptionId, Name: w.subscriptionNumber, Status: 'Active', AccountId: w.accountId, Version: 1 }]);
    // fields of the version's header document filter in SQL too
    const start = (await query(c, `select TermStartDate, TermType, AutoRenew from Subscription where Id = '${w.subscriptionId}'`)).body.records[0];
    expect(start).toMatchObject({ TermStartDate: expect.stringMatching(/^\d{4}-\d\d-\d\d$/), TermType: expect.any(String), AutoRenew: expect.any(Boolean) });
    expect((await query(c, `select Id from Subscription where TermStartDate = '${start.TermStartDate}' and TermType = '${start.TermType.toLowerCase()}'`)).body.size).toBe(1);
    expect((await query(c, `select Id from Subscription where TermStartDate > '${start.TermStartDate}'`)).body.size).toBe(0);
    expect((await query(c, `select Id from Subscription where AutoRenew = true`)).body.faultcode).toBe('fns:INVALID_FIELD');
    const charges = await query(c, `select ChargeNumber, ChargeType from RatePlanCharge where ChargeType = 'Usage'`);
    expect(charges.body.records.map((r: { ChargeNumber: string }) => r.ChargeNumber).sort()).toEqual([w.minutesChargeNumber, w.gbChargeNumber].sort());
    const prpc = await query(c, `select Name, ChargeType, UOM from ProductRatePlanCharge where ProductRatePlanId = '${w.planId}' and ChargeType != 'Usage'`);
    expect(prpc.body.records).toEqual([expect.objectContaining({ Name: 'Line rental', ChargeType: 'Recurring' })]);
    const uom = await query(c, `select Name from ProductRatePlanCharge where UOM = 'gb'`);
    expect(uom.body.records.map((r: { Name: string }) => r.Name)).toEqual(['Data']);
  });
});

describe('GET /v1/describe/{object}', () => {
  it('describes Account as Zuora does, with related objects on request', async () => {
    const c = await t.newClient();
    const r = await c.get('/v1/describe/account');
    expect(r.status).toBe(200);
    expect(String(r.headers['content-type'])).toMatch(/text\/xml/);
    expect(r.raw).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><object href="[^"]*\/v1\/describe\/Account"><name>Account<\/name><label>Account<\/label><fields>/);
    expect(r.raw).toContain('<field><name>AccountNumber</name><label>Account Number</label><selectable>true</selectable><createable>true</createable><updateable>true</updateable><filterable>true</filterable><custom>false</custom><maxlength></maxlength><required>false</required><type>text</type><contexts><context>soap</context><context>export</context></contexts></field>');
    expect(r.raw).not.toContain('<related-objects>');
    const rel = await c.get('/v1/describe/Account?showRelationships=true');
    expect(rel.raw).toContain('<name>BillToContact</name><label>Bill To</label><cardinality>TO_ONE</cardinality><direct-relationship>true</direct-relationship><path>Account.BillToContact</path>');
    const missing = await c.get('/v1/describe/Widget');
    expect(missing.status).toBe(404);
  });
});

describe('object query', () => {
  it('lists with filter[], fields[], sort[], pageSize and cursor, and reads by id or number with expand[]', async () => {
    const c = await t.newClient();
    const made: Array<{ accountId: string; accountNumber: string }> = [];
    for (let i = 0; i < 4; i++) made.push(await account(c, { name: `Obj ${i}`, billCycleDay: i + 1 }));
    const one = await c.get(`/object-query/accounts?filter[]=accountnumber.EQ:${made[2]!.accountNumber}&expand[]=billto`);
    expect(one.status).toBe(200);
    expect(one.body.data).toHaveLength(1);
    expect(one.body.data[0]).toMatchObject({ id: made[2]!.accountId, accountNumber: made[2]!.accountNumber, billCycleDay: 3, autoPay: false, billTo: { firstName: 'Ada', lastName: 'Lovelace' } });
    expect(one.body.data[0].parentId).toBeUndefined();
    expect(one.body.nextPage).toBeNull();
    const sorted = await c.get('/object-query/accounts?fields[]=id,billcycleday&sort[]=billcycleday.DESC&pageSize=3');
    expect(sorted.body.data).toEqual([4, 3, 2].map((d) => ({ id: made[d - 1]!.accountId, billCycleDay: d })));
    const next = await c.get(`/object-query/accounts?fields[]=id,billcycleday&sort[]=billcycleday.DESC&pageSize=3&cursor=${encodeURIComponent(sorted.body.nextPage)}`);
    expect(next.body).toEqual({ nextPage: null, data: [{ id: made[0]!.accountId, billCycleDay: 1 }] });
    const inList = await c.get(`/object-query/accounts?filter[]=billcycleday.IN:[1,3]&filter[]=name.SW:obj&fields[]=id`);
    expect(inList.body.data.map((x: { id: string }) => x.id).sort()).toEqual([made[0]!.accountId, made[2]!.accountId].sort());
    const byNumber = await c.get(`/object-query/accounts/${made[1]!.accountNumber}?includeNullFields=true`);
    expect(byNumber.body).toMatchObject({ id: made[1]!.accountId, parentId: null });
    expect((await c.get('/object-query/accounts/nope')).status).toBe(404);
  });

  it('refuses bad parameters with a clear 400', async () => {
    const c = await t.newClient();
    for (const q of ['pageSize=100', 'pageSize=0', 'filter[]=nmae.EQ:x', 'filter[]=name.XX:x', 'filter[]=name', 'sort[]=name.UP', 'expand[]=invoices', 'fields[]=nope', 'cursor=%%%', `filter[]=billcycleday.IN:[${Array.from({ length: 101 }, (_, i) => i).join(',')}]`, 'filter[]=billcycleday.EQ:abc']) {
      const r = await c.get(`/object-query/accounts?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.reasons[0].message, q).toBeTruthy();
    }
  });

  it('keeps unregistered object query operations on their 501 stub', async () => {
    const c = await t.newClient();
    expect((await c.get('/object-query/rating-results')).status).toBe(501);
  });
});

describe('the registry', () => {
  it('registers an object for every implemented read of an object the registry names, and every registration has an Id field', async () => {
    await t.newClient();
    const objects = queryObjects();
    const names = new Set(objects.map((o) => o.name));
    // Objects with API reads in the modules that exist: each must be queryable.
    for (const n of ['Account', 'Contact', 'ContactSnapshot', 'Subscription', 'RatePlan', 'RatePlanCharge', 'RatePlanChargeTier', 'Product', 'ProductRatePlan', 'ProductRatePlanCharge', 'ProductRatePlanChargeTier', 'Order', 'OrderAction', 'OrderLineItem', 'Fulfillment', 'Ramp', 'Usage', 'AccountingCode', 'BillRun', 'Invoice', 'InvoiceItem', 'PaymentMethod']) {
      expect(names.has(n), n).toBe(true);
    }
    for (const o of objects) expect(o.fields.some((f) => f.name === 'Id'), o.name).toBe(true);
    // An object query operation is implemented exactly when its object is registered with that path.
    const res = await t.admin('GET', '/admin/coverage');
    const oq = res.body.byTag?.['Object Queries'] ?? res.body['Object Queries'];
    const implemented = new Set<string>(oq?.implemented ?? []);
    for (const op of OPERATIONS.filter((x) => x.tag === 'Object Queries')) {
      const path = op.path.split('/')[2]!;
      const reg = objects.find((o) => o.path === path);
      if (reg) expect(implemented.has(op.operationId), op.operationId).toBe(true);
    }
    // Every GET /v1/object/{x} read of an implemented module names an object that is registered.
    const objectReads = OPERATIONS.filter((x) => x.method === 'GET' && /^\/v1\/object\/[a-z-]+\/\{id\}$/.test(x.path));
    const pascal = (s: string) => s.split('-').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
    const coverage = res.body.byTag as Record<string, { implemented: string[] }>;
    const implementedIds = new Set(Object.values(coverage).flatMap((x) => x.implemented));
    for (const op of objectReads) {
      if (!implementedIds.has(op.operationId)) continue;
      const name = pascal(op.path.split('/')[3]!);
      expect(names.has(name), `${op.operationId} reads ${name}, which has no query registration`).toBe(true);
    }
    // A tag with implemented reads names the objects it reads: each must be registered (a module added later adds its row).
    const readsOf: Record<string, string[]> = {
      Accounts: ['Account'],
      Contacts: ['Contact'],
      Products: ['Product'],
      'Product Rate Plans': ['ProductRatePlan'],
      'Product Rate Plan Charges': ['ProductRatePlanCharge'],
      Subscriptions: ['Subscription', 'RatePlan', 'RatePlanCharge'],
      Orders: ['Order'],
      Usage: ['Usage'],
      'Bill Run': ['BillRun'],
      Invoices: ['Invoice', 'InvoiceItem'],
      'Payment Methods': ['PaymentMethod'],
      'Credit Memos': ['CreditMemo', 'CreditMemoItem'],
      Payments: ['Payment'],
      Refunds: ['Refund'],
      'Debit Memos': ['DebitMemo', 'DebitMemoItem'],
      'Payment Runs': ['PaymentRun'],
      'Payment Schedules': ['PaymentSchedule', 'PaymentScheduleItem'],
    };
    for (const [tag, objectNames] of Object.entries(readsOf)) {
      const reads = OPERATIONS.filter((x) => x.tag === tag && x.method === 'GET' && (coverage[tag]?.implemented ?? []).includes(x.operationId));
      if (reads.length === 0) continue;
      for (const n of objectNames) expect(names.has(n), `${tag} has implemented reads but ${n} has no query registration`).toBe(true);
    }
    expect(MODULES[MODULES.length - 1]!.name).toBe('queries');
  });
});

describe('ZOQL and object query agree', () => {
  it('returns the same rows for the same filter (property)', async () => {
    const c = await t.newClient();
    const names = ['Ann', 'Bob', 'ann', 'Cid', 'Bo'];
    const made: Array<{ id: string; name: string; bcd: number }> = [];
    for (let i = 0; i < 8; i++) {
      const name = names[i % names.length]!;
      const bcd = (i * 7) % 28 + 1;
      made.push({ id: (await account(c, { name, billCycleDay: bcd })).accountId, name, bcd });
    }
    const ops = [
      ['=', 'EQ'],
      ['!=', 'NE'],
      ['<', 'LT'],
      ['>', 'GT'],
      ['<=', 'LE'],
      ['>=', 'GE'],
    ] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ops), fc.integer({ min: 0, max: 30 }), fc.constantFrom(...ops.slice(0, 2)), fc.constantFrom(...names, 'Zed'), async ([zop, oop], bcd, [zop2, oop2], name) => {
        const z = await query(c, `select Id from Account where BillCycleDay ${zop} ${bcd} and Name ${zop2} '${name}'`);
        const o = await c.get(`/object-query/accounts?pageSize=99&fields[]=id&filter[]=billcycleday.${oop}:${bcd}&filter[]=name.${oop2}:${encodeURIComponent(name)}`);
        const zi = (z.body.records as Array<{ Id: string }>).map((r) => r.Id).sort();
        const oi = (o.body.data as Array<{ id: string }>).map((r) => r.id).sort();
        expect(zi).toEqual(oi);
      }),
      { numRuns: 25 },
    );
  });
});
