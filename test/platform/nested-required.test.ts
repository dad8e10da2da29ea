import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { genericPath, missingNested, NESTED_CHECKED_BY_MODULE, NESTED_NOT_REQUIRED } from '../../src/platform/http/nul-guard.js';
import type { BodyShape } from '../../src/platform/http/request-shape-types.js';
import { REQUEST_SHAPES } from '../../src/platform/http/request-shapes.generated.js';
import { setupApp, type Client, type Res, type TestApp } from '../helpers.js';
import { tenantRowCounts } from './row-counts.js';

/**
 * A field the spec marks required inside an object the client sends (a contact of an account, an order action of
 * an order) must be there too: the request guard (src/platform/http/nul-guard.ts) refuses the body with Zuora's
 * missing-field error (category 22) naming the field's full path, before any service code runs, so nothing is
 * written. An absent optional parent imposes nothing; NESTED_NOT_REQUIRED holds the fields Zuora defaults
 * although the spec marks them, NESTED_CHECKED_BY_MODULE those the module refuses itself (test/conformance/FINDINGS.md).
 */
const V = '2025-08-12';
let t: TestApp;
let c: Client;

beforeAll(async () => {
  t = await setupApp();
  c = await t.newClient({ defaultApiVersion: V });
});

const SAMPLES = JSON.parse(readFileSync(new URL('../conformance/sample-requests.json', import.meta.url), 'utf8')) as Record<string, { request?: unknown }>;

function expectMissing(r: Res, path: string) {
  expect(r.status, r.raw).toBe(400);
  expect(r.body.success, r.raw).toBe(false);
  expect(Number(r.body.reasons[0].code) % 100, r.raw).toBe(22);
  expect(r.body.reasons[0].message, r.raw).toBe(`'${path}' is required`);
}

async function refusedUnchanged(method: string, url: string, body: unknown, path: string) {
  const before = await tenantRowCounts(t, c.tenant.id);
  expectMissing(await c.req(method, url, body), path);
  expect(await tenantRowCounts(t, c.tenant.id)).toEqual(before);
}

const contact = { firstName: 'Amy', lastName: 'Lawrence', country: 'United States', state: 'CA' };
const account = { name: 'Amy Lawrence', billToContact: contact, autoPay: false, currency: 'USD', billCycleDay: 1 };

describe('a nested object without a field the spec requires in it', () => {
  it('POST /v1/accounts: a bill-to contact without lastName', async () => {
    await refusedUnchanged('POST', '/v1/accounts', { ...account, billToContact: { firstName: 'Amy' } }, 'billToContact.lastName');
  });

  it('POST /v1/accounts: a sold-to contact with lastName null', async () => {
    await refusedUnchanged('POST', '/v1/accounts', { ...account, soldToContact: { firstName: 'Amy', lastName: null } }, 'soldToContact.lastName');
  });

  it('POST /v1/orders: an order action without type, naming its index', async () => {
    const body = {
      orderDate: '2024-01-01',
      existingAccountNumber: 'A00000001',
      subscriptions: [
        { subscriptionNumber: 'A-S00000001', orderActions: [{ type: 'RenewSubscription', triggerDates: [] }, { triggerDates: [] }] },
      ],
    };
    await refusedUnchanged('POST', '/v1/orders', body, 'subscriptions[0].orderActions[1].type');
  });

  it('POST /v1/orders: a new account without its bill-to contact', async () => {
    const { billToContact: _, ...newAccount } = account;
    const body = { orderDate: '2024-01-01', newAccount, subscriptions: [] };
    await refusedUnchanged('POST', '/v1/orders', body, 'newAccount.billToContact');
  });

  it('the object API names the field bare, as MISSING_REQUIRED_VALUE', async () => {
    const charge = {
      ProductRatePlanId: 'f'.repeat(32),
      Name: 'Fee',
      ChargeModel: 'Flat Fee Pricing',
      ChargeType: 'Recurring',
      BillingPeriod: 'Month',
      BillCycleType: 'DefaultFromCustomer',
      TriggerEvent: 'ContractEffective',
      UseDiscountSpecificAccountingCode: false,
      ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 10 }] },
      ChargeModelConfiguration: { ConfigurationItem: [{ Key: 'k', Value: 'v' }, { Key: 'k2' }] },
    };
    const before = await tenantRowCounts(t, c.tenant.id);
    const r = await c.post('/v1/object/product-rate-plan-charge', charge);
    expect(r.status, r.raw).toBe(400);
    expect(r.body.Success, r.raw).toBe(false);
    expect(r.body.Errors[0], r.raw).toEqual({ Code: 'MISSING_REQUIRED_VALUE', Message: 'ChargeModelConfiguration.ConfigurationItem[1].Value is required' });
    expect(await tenantRowCounts(t, c.tenant.id)).toEqual(before);
  });

  it('an absent or null optional parent imposes nothing', async () => {
    const r = await c.post('/v1/accounts', { ...account, soldToContact: null });
    expect(r.status, r.raw).toBe(200);
    expect(r.body.success, r.raw).toBe(true);
  });
});

describe('missingNested', () => {
  const shape: BodyShape = {
    type: 'object',
    required: ['top'],
    properties: {
      one: { type: 'object', required: ['a'], properties: { a: { type: 'string' } } },
      list: { type: 'array', items: { allOf: [{ type: 'object', required: ['b'] }, { required: ['c'] }] } },
      alt: { oneOf: [{ type: 'object', required: ['x'] }, { type: 'object', required: ['y'] }] },
    },
  };

  it('leaves the top level to the caller and finds the first missing nested field, allOf parts included', () => {
    expect(missingNested({}, shape, '')).toBeNull();
    expect(missingNested({ one: {} }, shape, '')).toBe('one.a');
    expect(missingNested({ one: { a: 'v' }, list: [{ b: 1, c: 1 }, { b: 1 }] }, shape, '')).toBe('list[1].c');
    // one object where the spec has a list is taken for a one-item list
    expect(missingNested({ list: { c: 1 } }, shape, '')).toBe('list[0].b');
  });

  it('skips oneOf/anyOf alternatives, values of another kind, and the exceptions it is given', () => {
    expect(missingNested({ alt: {} }, shape, '')).toBeNull();
    expect(missingNested({ one: 'text', list: ['x'] }, shape, '')).toBeNull();
    expect(missingNested({ list: [{ b: 1 }] }, shape, '', new Set(['list[].c']))).toBeNull();
    expect(genericPath('a[0].b[12].c')).toBe('a[].b[].c');
  });
});

describe('NESTED_NOT_REQUIRED', () => {
  const ops = new Map(Object.values(REQUEST_SHAPES).map((o) => [o.operationId, o]));

  it('names operations of the spec', () => {
    for (const id of [...Object.keys(NESTED_NOT_REQUIRED), ...Object.keys(NESTED_CHECKED_BY_MODULE)]) expect(ops.has(id), id).toBe(true);
  });

  it("lets every request sample of Zuora's pages through", () => {
    const refused: string[] = [];
    for (const o of Object.values(REQUEST_SHAPES)) {
      const s = SAMPLES[o.operationId]?.request;
      if (!o.body || typeof s !== 'object' || s === null || Array.isArray(s)) continue;
      const m = missingNested(s, o.body, '', new Set(NESTED_NOT_REQUIRED[o.operationId] ?? []));
      if (m) refused.push(`${o.operationId} ${m}`);
    }
    expect(refused).toEqual([]);
  });
});
