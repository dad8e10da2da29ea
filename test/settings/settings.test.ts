import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BILLING_RULES } from '../../src/modules/billing/rating/types.js';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { countRows, createAccount } from '../accounts/fixtures.js';

let t: TestApp;
let c: Client;

beforeAll(async () => {
  t = await setupApp();
  c = await t.newClient();
});

describe('GET/PUT /settings/billing-rules', () => {
  it('a new tenant reads Zuora defaults; the proration rules are the rating engine defaults', async () => {
    const r = await c.get('/settings/billing-rules');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ...DEFAULT_BILLING_RULES });
    expect(r.body).toMatchObject({
      oneTimeCreditBack: false,
      allowAutoPostBillRun: false,
      autoPostBillRunDefaultValue: false,
      sequentialInvoiceNumber: false,
      taxInclusiveRoundingRule: 'RoundingNetAmount',
      daysInMonth: 'UseActualDays',
      prorationUnit: 'ProrateByMonthFirst',
      legalDocumentGeneratingRule: 'GroupByOriginalSRPC',
      rateUsageIndividually: true,
      timeOfDailyInvoice: 0,
    });
    // Every field the batch sample's GET /billing-rules answer carries is served.
    for (const k of ['availableToCreditValidationLevel', 'billToTermEndWhenAutoRenew', 'includeChildUsage', 'includeNegativeInvoice', 'invoicePastEndOfTerm',
      'notSendZeroItemsForTax', 'preGenerateInvoicePdf', 'recurringChargeStyle', 'takeContactSnapshot', 'taxAddressOwner', 'taxRateChangeOption',
      'transactionOnSubscription', 'zuoraTaxRoundingDiffDispersion'])
      expect(r.body).toHaveProperty(k);
    expect(Object.values(r.body)).not.toContain(null);
  });

  it('update and read back: only the fields given change, per tenant', async () => {
    const me = await t.newClient();
    const up = await me.put('/settings/billing-rules', { prorationUnit: 'ProrateByDay', daysInMonth: 'Assume30DaysStrict', prorateUsageMonthlyCharges: true, allowAutoPostBillRun: true, autoPostBillRunDefaultValue: true, timeOfDailyInvoice: 5 });
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ prorationUnit: 'ProrateByDay', daysInMonth: 'Assume30DaysStrict', prorateUsageMonthlyCharges: true, oneTimeCreditBack: false });
    const back = (await me.get('/settings/billing-rules')).body;
    expect(back).toEqual(up.body);
    expect(back).toMatchObject({ allowAutoPostBillRun: true, autoPostBillRunDefaultValue: true, timeOfDailyInvoice: 5, prorateRecurringMonthlyCharges: true });
    // Another tenant is untouched.
    expect((await c.get('/settings/billing-rules')).body).toMatchObject({ prorationUnit: 'ProrateByMonthFirst', daysInMonth: 'UseActualDays' });
    // A second update keeps the first one's fields.
    await me.put('/settings/billing-rules', { oneTimeCreditBack: true });
    expect((await me.get('/settings/billing-rules')).body).toMatchObject({ oneTimeCreditBack: true, prorationUnit: 'ProrateByDay' });
  });

  it('a forbidden combination is refused and changes nothing', async () => {
    const me = await t.newClient();
    await me.put('/settings/billing-rules', { daysInMonth: 'Assume30Days' });
    const before = (await me.get('/settings/billing-rules')).body;
    const r = await me.put('/settings/billing-rules', { prorationUnit: 'ProrateByDay', autoPostBillRunDefaultValue: true });
    expect(r.status).toBe(400);
    expect(r.body.reasons[0].code).toBe(50000030);
    expect(r.body.reasons[0].message).toMatch(/autoPostBillRunDefaultValue.*allowAutoPostBillRun/);
    expect((await me.get('/settings/billing-rules')).body).toEqual(before);
    // Turning auto-post support off while the default is on is refused too.
    await me.put('/settings/billing-rules', { allowAutoPostBillRun: true, autoPostBillRunDefaultValue: true });
    const off = await me.put('/settings/billing-rules', { allowAutoPostBillRun: false });
    expect(off.status).toBe(400);
    expect((await me.get('/settings/billing-rules')).body.allowAutoPostBillRun).toBe(true);
  });

  it.each([
    [{ daysInMonth: 'Assume31Days' }, 20, /daysInMonth/],
    [{ prorateRecurringMonthlyCharges: 'yes' }, 20, /prorateRecurringMonthlyCharges/],
    [{ prorationUnit: null }, 20, /prorationUnit/],
    [{ timeOfDailyInvoice: 24 }, 20, /timeOfDailyInvoice/],
    [{ noSuchRule: true }, 21, /noSuchRule/],
    [[1, 2], 20, /object/],
  ])('bad input %j is refused with a clear error', async (body, category, msg) => {
    const me = await t.newClient();
    const r = await me.put('/settings/billing-rules', body);
    expect(r.status).toBe(400);
    expect(r.body.reasons[0].code % 100).toBe(category);
    expect(r.body.reasons[0].message).toMatch(msg);
    expect(await countRows(t, 'settings_values', me.tenant.id)).toBe(0);
  });

  it('concurrent updates of different rules all land', async () => {
    const me = await t.newClient();
    const bodies = [{ oneTimeCreditBack: true }, { prorationUnit: 'ProrateByDay' }, { daysInMonth: 'Assume30Days' }, { sequentialInvoiceNumber: true }, { timeOfDailyInvoice: 7 }];
    const rs = await Promise.all(bodies.map((b) => me.put('/settings/billing-rules', b)));
    expect(rs.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect((await me.get('/settings/billing-rules')).body).toMatchObject(Object.assign({}, ...bodies));
  });

  it('needs a tenant token', async () => {
    const r = await t.raw('GET', '/settings/billing-rules');
    expect(r.status).toBe(401);
    expect(r.body.reasons[0].code).toBe(90000011);
  });

  it('a body that is not JSON gets the Settings API error form', async () => {
    const r = await c.req('PUT', '/settings/billing-rules', '{"prorationUnit":', { 'content-type': 'application/json' });
    expect(r.status).toBe(400);
    expect(r.body.reasons[0].code % 100).toBe(90);
    expect(r.body).not.toHaveProperty('success');
    const b = await c.req('POST', '/settings/batch-requests', '{', { 'content-type': 'application/json' });
    expect(b.status).toBe(400);
    expect(b.body).not.toHaveProperty('success');
  });
});

describe('GET /settings/listing', () => {
  it('lists only the settings zbill serves, with their operations', async () => {
    const r = await c.get('/settings/listing');
    expect(r.status).toBe(200);
    expect(r.body.settings.map((s: { key: string }) => s.key)).toEqual(['BillingRules', 'PaymentTerms', 'PaymentTerm']);
    const br = r.body.settings[0];
    expect(br).toMatchObject({ context: 'Entity', pathPattern: '/billing-rules' });
    expect(br.httpOperations.map((o: { method: string; url: string }) => `${o.method} ${o.url}`)).toEqual(['GET /settings/billing-rules', 'PUT /settings/billing-rules']);
    expect(br.httpOperations[1].requestType.definitions.BillingRules.properties.prorationUnit.enum).toEqual(['ProrateByDay', 'ProrateByMonthFirst']);
  });

  it('both operations count as implemented', async () => {
    const cov = (await t.admin('GET', '/admin/coverage')).body;
    const flat = JSON.stringify(cov);
    for (const op of ['GET_ListAllSettings', 'POST_ProcessSettingsBatchRequest']) {
      expect(flat).toContain(op);
      const tag = Object.values(cov.byTag ?? cov.coverage?.byTag ?? {}).find((v) => JSON.stringify(v).includes(op)) as { implemented: string[] } | undefined;
      expect(tag?.implemented).toContain(op);
    }
  });
});

describe('POST /settings/batch-requests', () => {
  it('answers each inner request with its own status, in order; a bad one does not stop the others', async () => {
    const me = await t.newClient();
    const r = await me.post('/settings/batch-requests', {
      requests: [
        { id: '1', method: 'PUT', url: '/billing-rules', body: { prorationUnit: 'ProrateByDay' } },
        { id: '2', method: 'GET', url: '/accounting-rules' },
        { id: '3', method: 'PUT', url: '/billing-rules', body: { autoPostBillRunDefaultValue: true } },
        { id: '4', method: 'DELETE', url: '/billing-rules' },
        { id: '5', method: 'GET', url: '/billing-rules' },
        { id: '6', url: '/billing-rules' },
      ],
    });
    expect(r.status).toBe(200);
    const [one, two, three, four, five, six] = r.body.responses;
    expect(one).toMatchObject({ id: '1', method: 'PUT', url: '/billing-rules', children: [], response: { status: '200 OK', body: { prorationUnit: 'ProrateByDay' } } });
    expect(two).toMatchObject({ id: '2', response: { status: '404 NOT_FOUND' } });
    expect(two.response.errorMessages[0]).toMatch(/accounting-rules/);
    expect(three.response.status).toBe('400 BAD_REQUEST');
    expect(three.response.errorMessages[0]).toMatch(/allowAutoPostBillRun/);
    expect(four.response.status).toBe('405 METHOD_NOT_ALLOWED');
    expect(five.response).toMatchObject({ status: '200 OK', body: { prorationUnit: 'ProrateByDay', autoPostBillRunDefaultValue: false } });
    expect(six.response.status).toBe('400 BAD_REQUEST');
    // The good write landed, the refused one did not.
    expect((await me.get('/settings/billing-rules')).body).toMatchObject({ prorationUnit: 'ProrateByDay', autoPostBillRunDefaultValue: false });
  });

  it('runs children after their parent', async () => {
    const me = await t.newClient();
    const r = await me.post('/settings/batch-requests', {
      requests: [{ id: 'p', method: 'POST', url: '/payment-terms', body: { name: 'Net 10', type: 'Net', dueDays: 10 }, children: [{ id: 'c', method: 'GET', url: '/settings/payment-terms' }] }],
    });
    const p = r.body.responses[0];
    expect(p.response.status).toBe('200 OK');
    expect(p.children[0].response.body.paymentTerms.map((x: { name: string }) => x.name)).toContain('Net 10');
  });

  it('refuses a batch that is not a list of requests, or holds more than 100', async () => {
    const bad = await c.post('/settings/batch-requests', { requests: 'all' });
    expect(bad.status).toBe(400);
    expect(bad.body.reasons[0].message).toMatch(/requests/);
    const many = await c.post('/settings/batch-requests', { requests: Array.from({ length: 101 }, (_, i) => ({ id: String(i), method: 'GET', url: '/billing-rules' })) });
    expect(many.status).toBe(400);
    expect(many.body.reasons[0].message).toMatch(/100/);
    const hundred = await c.post('/settings/batch-requests', { requests: Array.from({ length: 100 }, (_, i) => ({ id: String(i), method: 'GET', url: '/billing-rules' })) });
    expect(hundred.status).toBe(200);
    expect(hundred.body.responses).toHaveLength(100);
  });
});

describe('accounts name an active payment term of the tenant', () => {
  it('built-in terms work; a created term works once active; unknown and inactive terms are refused', async () => {
    const me = await t.newClient({ defaultApiVersion: '2024-05-20' });
    const a = await createAccount(me, { paymentTerm: 'Net 30' });
    expect((await me.get(`/v1/accounts/${a.accountId}`)).body.billingAndPayment.paymentTerm).toBe('Net 30');

    const unknown = await me.post('/v1/accounts', { name: 'X', currency: 'USD', billCycleDay: 1, billToContact: { firstName: 'A', lastName: 'B' }, paymentTerm: 'Net 45' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.reasons[0].message).toMatch(/'paymentTerm'.*Net 45/);

    const created = await me.post('/settings/payment-terms', { name: 'Net 45', type: 'Net', dueDays: 45 });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: 'Net 45', active: false, dueDays: 45 });
    const inactive = await me.put(`/v1/accounts/${a.accountId}`, { paymentTerm: 'Net 45' });
    expect(inactive.status).toBe(400);
    expect(inactive.body.reasons[0].message).toMatch(/not active/);
    expect((await me.get(`/v1/accounts/${a.accountId}`)).body.billingAndPayment.paymentTerm).toBe('Net 30');

    await me.put(`/settings/payment-terms/${created.body.id}`, { active: true });
    const ok = await me.put(`/v1/accounts/${a.accountId}`, { paymentTerm: 'net 45' });
    expect(ok.body).toEqual({ success: true });
    expect((await me.get(`/v1/accounts/${a.accountId}`)).body.billingAndPayment.paymentTerm).toBe('Net 45');

    // Another tenant does not see this tenant's term.
    const other = await t.newClient({ defaultApiVersion: '2024-05-20' });
    const r = await other.post('/v1/accounts', { name: 'Y', currency: 'USD', billCycleDay: 1, billToContact: { firstName: 'A', lastName: 'B' }, paymentTerm: 'Net 45' });
    expect(r.status).toBe(400);
  });

  it('a deactivated built-in term can no longer be given to an account', async () => {
    const me = await t.newClient({ defaultApiVersion: '2024-05-20' });
    const terms = (await me.get('/settings/payment-terms')).body.paymentTerms;
    const net90 = terms.find((x: { name: string }) => x.name === 'Net 90');
    expect((await me.put(`/settings/payment-terms/${net90.id}`, { active: false })).body.active).toBe(false);
    const r = await me.post('/v1/accounts', { name: 'Z', currency: 'USD', billCycleDay: 1, billToContact: { firstName: 'A', lastName: 'B' }, paymentTerm: 'Net 90' });
    expect(r.status).toBe(400);
    expect(r.body.reasons[0].message).toMatch(/not active/);
  });
});
