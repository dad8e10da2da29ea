/**
 * Object query of the applications zbill keeps, processed usage, custom object records and custom fields
 * (both databases). Paths, field names and casing from the queryCreditMemoApplications,
 * queryPaymentApplications, queryRefundApplications, queryRefundApplicationItems, queryProcessedUsages and
 * queryCustomObjects pages (Expanded… schemas; custom object paths `{namespace}__{object}s`, e.g. default__cars).
 * Custom fields filterable when indexed: Zuora's "Custom field settings" page.
 */
import { describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/platform/jobs.js';
import { queryObjects } from '../../src/modules/queries/contract.js';
import { setupApp, type Client } from '../helpers.js';
import { billedAccount, memoTenant, ok, postedCreditMemo } from '../memos/fixtures.js';
import { usageWorld } from '../usage/fixtures.js';

const t = await setupApp({ jobWorker: false });

describe('object query: applications', () => {
  it('credit-memo-applications: one row per application, invoiceId set, debitMemoId absent; filter, expand, by key', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const cm = await postedCreditMemo(c, b, { Seats: 10 });
    await ok(c.put(`/v1/credit-memos/${cm.id}/apply`, { effectiveDate: '2024-01-01', invoices: [{ invoiceId: b.invoiceId, amount: 4 }] }));
    const list = await c.get(`/object-query/credit-memo-applications?filter[]=creditmemoid.EQ:${cm.id}&expand[]=creditmemo`);
    expect(list.status, list.raw).toBe(200);
    expect(list.body.data).toHaveLength(1);
    const app = list.body.data[0];
    expect(app).toMatchObject({ creditMemoId: cm.id, accountId: b.accountId, invoiceId: b.invoiceId, amount: 4, effectiveDate: '2024-01-01', creditMemo: { id: cm.id } });
    expect(app).not.toHaveProperty('debitMemoId');
    expect(app.id).toMatch(/^[0-9a-f]{32}$/);
    expect(app.createdDate).toMatch(/^\d{4}-\d\d-\d\dT/);
    // the case-on-kind fields filter in SQL too
    expect((await c.get(`/object-query/credit-memo-applications?filter[]=invoiceid.EQ:${b.invoiceId}`)).body.data).toHaveLength(1);
    expect((await c.get(`/object-query/credit-memo-applications?filter[]=debitmemoid.EQ:${b.invoiceId}`)).body.data).toHaveLength(0);
    expect((await c.get(`/object-query/credit-memo-applications?filter[]=amount.GT:4`)).body.data).toHaveLength(0);
    const one = await c.get(`/object-query/credit-memo-applications/${app.id}?includeNullFields=true`);
    expect(one.status, one.raw).toBe(200);
    expect(one.body).toMatchObject({ id: app.id, debitMemoId: null, invoiceId: b.invoiceId });
    expect((await c.get('/object-query/credit-memo-applications/0123456789abcdef0123456789abcdef')).status).toBe(404);
  });

  it('payment-applications: accountId and effectiveDate from the payment (subquery), status Processed; refund applications and items', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const pay = await ok(c.post('/v1/payments', { accountId: b.accountId, type: 'External', paymentMethodType: 'Check', amount: 50, currency: 'USD', effectiveDate: '2024-01-01', invoices: [{ invoiceId: b.invoiceId, amount: 30 }] }));
    const list = await c.get(`/object-query/payment-applications?filter[]=paymentid.EQ:${pay.id}&expand[]=payment`);
    expect(list.status, list.raw).toBe(200);
    expect(list.body.data).toEqual([
      expect.objectContaining({ paymentId: pay.id, accountId: b.accountId, invoiceId: b.invoiceId, applyAmount: 30, effectiveDate: '2024-01-01', paymentApplicationStatus: 'Processed', payment: expect.objectContaining({ id: pay.id, amount: 50 }) }),
    ]);
    // a field read by subquery filters and sorts like a column
    expect((await c.get(`/object-query/payment-applications?filter[]=accountid.EQ:${b.accountId}&sort[]=effectivedate.ASC`)).body.data).toHaveLength(1);
    expect((await c.get(`/object-query/payment-applications?filter[]=accountid.EQ:0123456789abcdef0123456789abcdef`)).body.data).toHaveLength(0);
    expect((await c.get(`/object-query/payment-applications?filter[]=effectivedate.GT:2024-01-01`)).body.data).toHaveLength(0);

    // refund the unapplied 20
    const refund = await ok(c.post(`/v1/payments/${pay.id}/refunds`, { type: 'External', methodType: 'Check', totalAmount: 20, refundDate: '2024-01-02' }));
    const ra = await c.get(`/object-query/refund-applications?filter[]=refundid.EQ:${refund.id}&expand[]=refundapplicationitems&expand[]=refund`);
    expect(ra.status, ra.raw).toBe(200);
    expect(ra.body.data).toHaveLength(1);
    const r = ra.body.data[0];
    expect(r).toMatchObject({ refundId: refund.id, paymentId: pay.id, accountId: b.accountId, applyAmount: 20, effectiveDate: '2024-01-02', refund: { id: refund.id } });
    expect(r.id).not.toBe(refund.id);
    expect(r.refundApplicationItems).toEqual([expect.objectContaining({ refundApplicationId: r.id, amount: 20, effectiveDate: '2024-01-02' })]);
    expect((await c.get(`/object-query/refund-applications/${r.id}`)).body.refundId).toBe(refund.id);
    const itemId = r.refundApplicationItems[0].id as string;
    const item = await c.get(`/object-query/refund-application-items/${itemId}?expand[]=refundapplication`);
    expect(item.status, item.raw).toBe(200);
    expect(item.body).toMatchObject({ id: itemId, refundApplicationId: r.id, refundApplication: { id: r.id, refundId: refund.id } });
    expect((await c.get(`/object-query/refund-application-items?filter[]=refundapplicationid.EQ:${r.id}`)).body.data).toHaveLength(1);
  });
});

describe('object query: processed usages', () => {
  it('a record billed into an invoice item, not one still pending', async () => {
    const c = await t.newClient({ defaultApiVersion: '2025-08-12', timezone: 'UTC' });
    expect((await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2024-01-01' })).status).toBe(200);
    const w = await usageWorld(c);
    const u = await c.post('/v1/object/usage', { AccountId: w.accountId, ChargeNumber: w.minutesChargeNumber, UOM: 'Minutes', Quantity: 200, StartDateTime: '2024-01-10T10:00:00Z' });
    expect(u.body.Success, u.raw).toBe(true);
    const later = await c.post('/v1/object/usage', { AccountId: w.accountId, ChargeNumber: w.minutesChargeNumber, UOM: 'Minutes', Quantity: 5, StartDateTime: '2024-02-10T10:00:00Z' });
    expect(later.body.Success, later.raw).toBe(true);
    expect((await c.get('/object-query/processed-usages')).body.data).toEqual([]);
    const br = await c.post('/v1/bill-runs', { billRunFilters: [{ filterType: 'Account', accountId: w.accountId }], targetDate: '2024-02-01', invoiceDate: '2024-02-01' });
    expect(br.status, br.raw).toBe(200);
    await runDueJobs(t.app, { tenantId: c.tenant.id });
    const list = await c.get('/object-query/processed-usages?expand[]=invoiceitem&expand[]=usage');
    expect(list.status, list.raw).toBe(200);
    expect(list.body.data).toHaveLength(1);
    const p = list.body.data[0];
    expect(p).toMatchObject({ usageId: u.body.Id, ratePlanChargeId: expect.any(String), usage: { id: u.body.Id, quantity: 200 }, invoiceItem: { id: p.invoiceItemId, chargeAmount: 20 } });
    expect((await c.get(`/object-query/processed-usages/${u.body.Id}`)).body.invoiceItemId).toBe(p.invoiceItemId);
    expect((await c.get(`/object-query/processed-usages/${later.body.Id}`)).status).toBe(404);
  });
});

describe('object query: custom object records', () => {
  const car = {
    label: 'Car',
    object: 'car',
    properties: { brand__c: { label: 'Brand', type: 'string', maxLength: 50 }, MSRP__c: { label: 'MSRP', type: 'number' }, seats__c: { label: 'Seats', type: 'integer' } },
    filterable: ['brand__c'],
  };
  it('lists /object-query/default__cars with filters, fields and paging; by key; unknown objects 404', async () => {
    const c = await t.newClient();
    expect((await c.post('/objects/definitions/default', { definitions: { car } })).status).toBe(200);
    const made = await c.post('/objects/records/default/car', { records: [{ brand__c: 'Porsche', MSRP__c: 235600.5, seats__c: 2 }, { brand__c: 'BMW', MSRP__c: 60000, seats__c: 4 }, { brand__c: 'Fiat', seats__c: 4 }] });
    expect(made.status, made.raw).toBe(200);
    const list = await c.get('/object-query/default__cars?sort[]=msrp__c.DESC');
    expect(list.status, list.raw).toBe(200);
    expect(list.body.data.map((r: { brand__c: string }) => r.brand__c)).toEqual(['Porsche', 'BMW', 'Fiat']);
    expect(list.body.data[0]).toMatchObject({ mSRP__c: 235600.5, seats__c: 2, id: expect.stringMatching(/^[0-9a-f-]{36}$/), createdDate: expect.any(String), createdById: expect.any(String) });
    expect(list.body.data[2]).not.toHaveProperty('mSRP__c');
    const bmw = await c.get('/object-query/default__cars?filter[]=brand__c.EQ:bmw&filter[]=seats__c.GE:4&fields[]=id,brand__c');
    expect(bmw.body.data).toEqual([{ id: expect.any(String), brand__c: 'BMW' }]);
    expect((await c.get('/object-query/default__car?filter[]=seats__c.EQ:4')).body.data).toHaveLength(2);
    const page = await c.get('/object-query/default__cars?pageSize=2');
    expect(page.body.data).toHaveLength(2);
    expect((await c.get(`/object-query/default__cars?pageSize=2&cursor=${page.body.nextPage}`)).body).toMatchObject({ nextPage: null, data: [expect.any(Object)] });
    const one = await c.get(`/object-query/default__cars/${bmw.body.data[0].id}`);
    expect(one.body).toMatchObject({ brand__c: 'BMW', mSRP__c: 60000 });
    expect((await c.get('/object-query/default__boats')).status).toBe(404);
    expect((await c.get('/object-query/default__cars?filter[]=wheels__c.EQ:4')).status).toBe(400);
    // another tenant does not see them
    expect((await (await t.newClient()).get('/object-query/default__cars')).status).toBe(404);
  });
});

describe('custom fields of standard objects in ZOQL and object query', () => {
  it('defined fields are selectable; indexed ones filterable and sortable; others refused in filters', async () => {
    const c = await t.newClient();
    const defs = await c.put('/settings/custom-fields/zuora/Account', {
      type: 'object',
      properties: { Territory__c: { enum: ['Undefined', 'Central', 'North'], type: 'string', default: 'Undefined' }, Seats__c: { type: 'integer' }, Vip__c: { type: 'boolean' } },
      filterable: ['Territory__c', 'Seats__c'],
    });
    expect(defs.status, defs.raw).toBe(200);
    const acc = (extra: Record<string, unknown>) => c.post('/v1/accounts', { name: 'Acme', currency: 'USD', billCycleDay: 1, billToContact: { firstName: 'A', lastName: 'B' }, ...extra });
    const a = await acc({ Territory__c: 'North', Seats__c: 12, Vip__c: true });
    expect(a.body.success, a.raw).toBe(true);
    const b = await acc({ Territory__c: 'Central', Seats__c: 3 });
    expect(b.body.success, b.raw).toBe(true);
    const q = await c.post('/v1/action/query', { queryString: "select Id, Name, Territory__c, Seats__c, Vip__c from Account where Territory__c = 'north'" });
    expect(q.status, q.raw).toBe(200);
    expect(q.body.records).toEqual([{ Id: a.body.accountId, Name: 'Acme', Territory__c: 'North', Seats__c: 12, Vip__c: true }]);
    expect((await c.post('/v1/action/query', { queryString: 'select Id from Account where Seats__c > 5' })).body.records).toEqual([{ Id: a.body.accountId }]);
    const notIndexed = await c.post('/v1/action/query', { queryString: 'select Id from Account where Vip__c = true' });
    expect(notIndexed.body.faultcode).toBe('fns:INVALID_FIELD');
    const oq = await c.get('/object-query/accounts?filter[]=seats__c.LT:5&fields[]=id,territory__c,seats__c');
    expect(oq.status, oq.raw).toBe(200);
    expect(oq.body.data).toEqual([{ id: b.body.accountId, territory__c: 'Central', seats__c: 3 }]);
    expect((await c.get('/object-query/accounts?sort[]=seats__c.DESC&fields[]=id')).body.data.map((r: { id: string }) => r.id)).toEqual([a.body.accountId, b.body.accountId]);
    expect((await c.get(`/object-query/accounts/${a.body.accountId}?fields[]=vip__c`)).body).toEqual({ vip__c: true });
    // a tenant without the definitions has no such field
    const other = await t.newClient();
    expect((await other.post('/v1/action/query', { queryString: 'select Id, Territory__c from Account' })).body.faultcode).toBe('fns:INVALID_FIELD');
  });

  it('every object declaring customFields names a JSON column its table has (a wrong one would fail every query)', async () => {
    const c = await t.newClient();
    for (const o of queryObjects().filter((x) => x.customFields && x.table)) {
      const col = o.customFields!;
      const r = await t.database.db.selectFrom(o.table! as never).select(col as never).where('tenant_id' as never, '=', c.tenant.id as never).limit(1).execute().then(() => 'ok', (e: Error) => e.message);
      expect(r, `${o.name}: ${o.table}.${col} (${t.database.dialect})`).toBe('ok');
    }
  });
});
