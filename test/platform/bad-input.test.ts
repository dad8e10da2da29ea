// Issue 13 §1: bad input gets a clear Zuora-style error, changes nothing, and never a 5xx.
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_DEPTH, nestsDeeperThan } from '../../src/platform/http/body-parsers.js';
import { shapeMismatch } from '../../src/platform/http/nul-guard.js';
import { createAccount } from '../accounts/fixtures.js';
import { setupApp, type Client, type Res, type TestApp } from '../helpers.js';
import { tenantRowCounts } from './row-counts.js';

const V = '2024-05-20';
let t: TestApp;
let c: Client;

beforeAll(async () => {
  t = await setupApp();
  c = await t.newClient({ defaultApiVersion: V });
});

/** A Zuora REST error: the status, the envelope, the category of the first reason. */
function expectZuoraError(r: Res, status: number, category: number) {
  expect(r.status, r.raw).toBe(status);
  expect(r.body).toMatchObject({ success: false, processId: expect.any(String), reasons: [{ code: expect.any(Number), message: expect.any(String) }] });
  expect(String(r.body.reasons[0].code)).toHaveLength(8);
  expect(r.body.reasons[0].code % 100).toBe(category);
}

async function plan(cl: Client) {
  const product = (await cl.post('/v1/object/product', { Name: 'P', EffectiveStartDate: '2024-01-01', EffectiveEndDate: '2030-01-01' })).body.Id as string;
  const planId = (await cl.post('/v1/object/product-rate-plan', { ProductId: product, Name: 'Plan', ActiveCurrencies: ['USD', 'EUR'] })).body.Id as string;
  const charge = await cl.post('/v1/object/product-rate-plan-charge', {
    ProductRatePlanId: planId,
    Name: 'Fee',
    ChargeModel: 'Flat Fee Pricing',
    ChargeType: 'Recurring',
    BillingPeriod: 'Month',
    BillCycleType: 'DefaultFromCustomer',
    TriggerEvent: 'ContractEffective',
    UseDiscountSpecificAccountingCode: false,
    ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 10 }, { Currency: 'EUR', Price: 9 }] },
  });
  expect(charge.body.Success, charge.raw).toBe(true);
  return { product, planId, chargeId: charge.body.Id as string };
}

describe('deeply nested JSON', () => {
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  it.each([
    ['POST', '/v1/accounts'],
    ['POST', '/v1/contacts'],
    ['POST', '/v1/orders'],
    ['PUT', '/v1/accounts/A00000001'],
    ['POST', '/oauth/token'],
  ])('%s %s answers a malformed-request error, not a 500', async (method, url) => {
    const r = await c.req(method, url, deep);
    expectZuoraError(r, 400, 90);
    expect(r.body.reasons[0].message).toMatch(/nests deeper than/);
  });

  it('answers the object API in its own envelope', async () => {
    const r = await c.put('/v1/object/product-rate-plan/x', `{"Name":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ Success: false, Errors: [{ Code: 'INVALID_VALUE', Message: expect.stringMatching(/nests deeper than/) }] });
  });

  it('measures depth outside strings only, and takes bodies up to the limit', async () => {
    expect(nestsDeeperThan('[[[]]]', 3)).toBe(false);
    expect(nestsDeeperThan('[[[[]]]]', 3)).toBe(true);
    expect(nestsDeeperThan(`{"a":"${'['.repeat(500)}\\"${'{'.repeat(500)}"}`, 2)).toBe(false);
    const nested = (n: number): unknown => (n === 0 ? 'x' : { a: nested(n - 1) });
    const ok = await c.post('/v1/contacts', { accountId: 'nope', firstName: 'a', lastName: 'b', deep__c: nested(MAX_BODY_DEPTH - 1) });
    expect(ok.body.reasons[0].message).not.toMatch(/nests deeper/);
  });
});

describe('product rate plan updates', () => {
  it('refuses an invalid currency and keeps the plan and its prices', async () => {
    const cl = await t.newClient({ defaultApiVersion: V });
    const { planId, chargeId } = await plan(cl);
    const before = await tenantRowCounts(t, cl.tenant.id);
    for (const bad of ['abc', ['USD', 'EUR', 'XYZ'], 'USD,EU']) {
      const r = await cl.put(`/v1/object/product-rate-plan/${planId}`, { ActiveCurrencies: bad });
      expect(r.status, r.raw).toBe(400);
      expect(r.body.Success).toBe(false);
      expect(r.body.Errors[0].Message).toMatch(/ActiveCurrencies/);
    }
    expect((await cl.get(`/v1/object/product-rate-plan/${planId}`)).body.ActiveCurrencies).toEqual(['USD', 'EUR']);
    expect((await cl.get(`/v1/product-rate-plan-charges/${chargeId}`)).body.pricingSummary).toEqual(['USD10', 'EUR9']);
    expect(await tenantRowCounts(t, cl.tenant.id)).toEqual(before);
  });

  it('refuses to drop a currency the charges are priced in', async () => {
    const cl = await t.newClient({ defaultApiVersion: V });
    const { planId, chargeId } = await plan(cl);
    const r = await cl.put(`/v1/object/product-rate-plan/${planId}`, { ActiveCurrencies: ['USD'] });
    expect(r.status).toBe(400);
    expect(r.body.Errors[0].Message).toMatch(/must keep EUR/);
    expect((await cl.get(`/v1/product-rate-plan-charges/${chargeId}`)).body.pricingSummary).toEqual(['USD10', 'EUR9']);
    // the same plan through the catalog-style update keeps them too
    expect((await cl.put(`/v1/object/product-rate-plan/${planId}`, { ActiveCurrencies: 'usd, eur, gbp' })).body.Success).toBe(true);
    expect((await cl.get(`/v1/object/product-rate-plan/${planId}`)).body.ActiveCurrencies).toEqual(['USD', 'EUR', 'GBP']);
  });

  it.each([
    [{ ProductId: { $ne: null } }, /ProductId/],
    [{ Name: ['a', 'b'] }, /Name/],
    [{ Grade: { $gt: 0 } }, /Grade/],
    [{ EffectiveEndDate: '2025-02-30' }, /EffectiveEndDate/],
    [{ ActiveCurrencies: { USD: true } }, /ActiveCurrencies/],
  ])('refuses %j with a client error before any service code', async (body, field) => {
    const cl = await t.newClient({ defaultApiVersion: V });
    const { planId } = await plan(cl);
    const before = await tenantRowCounts(t, cl.tenant.id);
    const r = await cl.put(`/v1/object/product-rate-plan/${planId}`, body);
    expect(r.status, r.raw).toBe(400);
    expect(r.body).toEqual({ Success: false, Errors: [{ Code: 'INVALID_VALUE', Message: expect.stringMatching(field) }] });
    expect(await tenantRowCounts(t, cl.tenant.id)).toEqual(before);
  });
});

describe('media types', () => {
  it('refuses a form body on a JSON operation with 415 and renames nothing', async () => {
    const a = await createAccount(c);
    for (const [type, body] of [
      ['application/x-www-form-urlencoded', 'name=renamed'],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nrenamed\r\n--x--\r\n'],
      ['text/plain', '{"name":"renamed"}'],
    ]) {
      const r = await c.req('PUT', `/v1/accounts/${a.accountNumber}`, body, { 'content-type': type! });
      expectZuoraError(r, 415, 90);
      expect(r.body.reasons[0].message).toContain('Content-Type');
    }
    expect((await c.get(`/v1/accounts/${a.accountNumber}`)).body.basicInfo.name).toBe('Amy Lawrence');
    const obj = await c.req('PUT', '/v1/object/product/x', 'Name=y', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(obj.status).toBe(415);
    expect(obj.body.Errors[0].Code).toBe('INVALID_VALUE');
  });

  it('still takes a form on POST /oauth/token, the one implemented operation whose spec takes one', async () => {
    const r = await t.raw('POST', '/oauth/token', `grant_type=client_credentials&client_id=${c.clientId}&client_secret=${encodeURIComponent(c.clientSecret)}`, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(r.status).toBe(200);
    expect(r.body.access_token).toEqual(expect.any(String));
  });

  it('lets an operation whose spec takes multipart reach its 501 stub', async () => {
    const r = await c.req('POST', '/v1/bulk', '--x--\r\n', { 'content-type': 'multipart/form-data; boundary=x' });
    expect(r.status).toBe(501);
  });
});

describe('invalid UTF-8', () => {
  it('refuses a JSON body that is not UTF-8 and stores nothing', async () => {
    const a = await createAccount(c);
    const before = await tenantRowCounts(t, c.tenant.id);
    const body = Buffer.concat([Buffer.from(`{"accountId":"${a.accountId}","firstName":"`), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('","lastName":"x"}')]);
    const r = await c.req('POST', '/v1/contacts', body);
    expectZuoraError(r, 400, 90);
    expect(r.body.reasons[0].message).toMatch(/UTF-8/);
    expect(await tenantRowCounts(t, c.tenant.id)).toEqual(before);
    const form = await t.raw('POST', '/oauth/token', Buffer.from([0x61, 0x3d, 0xff]), { 'content-type': 'application/x-www-form-urlencoded' });
    expectZuoraError(form, 400, 90);
  });
});

describe('values of a wrong type and impossible dates', () => {
  it('refuses an object for accountId on POST /v1/contacts, naming the field', async () => {
    const before = await tenantRowCounts(t, c.tenant.id);
    const r = await c.post('/v1/contacts', { accountId: { $ne: null }, firstName: 'a', lastName: 'b' });
    expectZuoraError(r, 400, 20);
    expect(r.body.reasons[0].message).toMatch(/'accountId' must be of type string/);
    expect(await tenantRowCounts(t, c.tenant.id)).toEqual(before);
  });

  it('refuses an impossible date on an omnichannel subscription and stores nothing', async () => {
    const a = await createAccount(c);
    const before = await tenantRowCounts(t, c.tenant.id);
    const r = await c.post('/v1/omni-channel-subscriptions', {
      externalSubscriptionId: 'tx-1',
      accountId: a.accountId,
      externalSourceSystem: 'Apple',
      externalState: 'Active',
      currency: 'USD',
      externalPurchaseDate: '2025-02-30 10:00:00',
    });
    expectZuoraError(r, 400, 20);
    expect(r.body.reasons[0].message).toMatch(/externalPurchaseDate/);
    expect(await tenantRowCounts(t, c.tenant.id)).toEqual(before);
  });

  it('refuses an impossible calendar date in any date field of the spec', async () => {
    const before = await tenantRowCounts(t, c.tenant.id);
    const r = await c.post('/v1/orders', { orderDate: '2023-02-29', existingAccountNumber: 'A00000001', subscriptions: [] });
    expectZuoraError(r, 400, 20);
    expect(r.body.reasons[0].message).toMatch(/'orderDate' must be a date in yyyy-MM-dd format, not '2023-02-29'/);
    const acc = await c.post('/v1/accounts', { name: 'x', currency: 'USD', billCycleDay: 1, billToContact: { firstName: 'a', lastName: 'b' }, targetDate: '2024-04-31' });
    expectZuoraError(acc, 400, 20);
    expect(acc.body.reasons[0].message).toMatch(/targetDate/);
    expect(await tenantRowCounts(t, c.tenant.id)).toEqual(before);
  });

  it('checks types as the spec gives them, taking a scalar for a one-item list as validation does', () => {
    const shape = { type: 'object', properties: { a: { type: 'string' }, l: { type: 'array', items: { type: 'object', properties: { d: { type: 'string', format: 'date' as const } } } } } };
    expect(shapeMismatch({ a: 'x', l: [{ d: '2024-02-29' }] }, shape, '')).toBeNull();
    expect(shapeMismatch({ a: 5, l: { d: '2024-02-29' } }, shape, '')).toMatch(/'l' must be of type array/);
    expect(shapeMismatch({ l: [{ d: '2023-02-29' }] }, shape, '')).toMatch(/'l\[0\]\.d' must be a date/);
    expect(shapeMismatch({ l: [{ d: '2023-02-29' }] }, shape, '', false)).toMatch(/^l\[0\]\.d must be a date/);
    expect(shapeMismatch({ a: { $ne: 1 } }, shape, '')).toMatch(/'a' must be of type string, not object/);
    expect(shapeMismatch([1], shape, '')).toMatch(/'body' must be of type object, not array/);
    expect(shapeMismatch({ a: null, extra__c: { any: 1 } }, shape, '')).toBeNull();
    expect(shapeMismatch({ a: 1 }, { anyOf: [{ type: 'object' }, { type: 'string' }], type: undefined }, 'a')).toBeNull();
  });
});

describe('keys longer than their column', () => {
  it.each<[string, string, string, unknown]>([
    ['PUT', '/v1/accounting-codes/', '', { name: 'x' }],
    ['DELETE', '/v1/accounting-codes/', '', undefined],
    ['PUT', '/v1/accounting-codes/', '/activate', undefined],
    ['PUT', '/v1/sequence-sets/', '', { name: 'x' }],
    ['DELETE', '/v1/sequence-sets/', '', undefined],
  ])('%s %s<100 characters>%s answers 404, on PostgreSQL too', async (method, prefix, suffix, body) => {
    const r = await c.req(method, `${prefix}${'x'.repeat(100)}${suffix}`, body);
    expectZuoraError(r, 404, 40);
  });
});

describe('errors Fastify and Node answer before a route', () => {
  it('answers a bad URL escape and an over-long path parameter in the envelope', async () => {
    expectZuoraError(await c.get('/v1/accounts/%'), 400, 90);
    expectZuoraError(await c.get('/v1/accounts/%E0%A4%A'), 400, 90);
    expectZuoraError(await c.get(`/v1/accounts/${'a'.repeat(101)}`), 414, 70);
    const obj = await c.get(`/v1/object/product/${'a'.repeat(101)}`);
    expect(obj.status).toBe(414);
    expect(obj.body.Success).toBe(false);
  });

  /** One raw HTTP exchange with a listening server, for what light-my-request cannot send. */
  async function rawHttp(port: number, text: string): Promise<{ status: number; body: any }> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1');
      let data = '';
      s.on('data', (d) => (data += d.toString('utf8')));
      s.on('error', (e) => (data ? undefined : reject(e)));
      s.on('close', () => {
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1]);
        const body = data.slice(data.indexOf('\r\n\r\n') + 4);
        try {
          resolve({ status, body: JSON.parse(body) });
        } catch {
          resolve({ status, body });
        }
      });
      s.write(text, () => s.end());
    });
  }

  it('answers a URL over 16 KB and Transfer-Encoding with Content-Length in the envelope', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as AddressInfo).port;
    const long = await rawHttp(port, `GET /v1/accounts/${'a'.repeat(17 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(long.status).toBe(414);
    expect(long.body).toMatchObject({ success: false, reasons: [{ code: 50000070, message: expect.stringMatching(/URL is too long/) }] });
    const headers = await rawHttp(port, `GET /v1/accounts HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(17 * 1024)}\r\n\r\n`);
    expect(headers.status).toBe(431);
    expect(headers.body.success).toBe(false);
    const both = await rawHttp(
      port,
      `POST /v1/object/product HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
    );
    expect(both.status).toBe(400);
    expect(both.body).toEqual({ Success: false, Errors: [{ Code: 'INVALID_VALUE', Message: expect.stringMatching(/not valid HTTP/) }] });
  });
});
