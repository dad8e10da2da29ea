import { beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { createSubscriptionOrder, makeCatalog, type Catalog } from '../subscriptions/fixtures.js';
import { createAccount, V2024 } from './fixtures.js';

let t: TestApp;
let c: Client;
let cat: Catalog;

beforeAll(async () => {
  t = await setupApp();
  c = await t.newClient(V2024);
  cat = await makeCatalog(c);
});

describe('accounts with subscriptions', () => {
  it('the summary lists the subscriptions the account owns', async () => {
    const a = await createAccount(c);
    const order = await c.post('/v1/orders', createSubscriptionOrder(a.accountNumber, cat.basePlanId));
    expect(order.body.success, JSON.stringify(order.body)).toBe(true);
    const s = (await c.get(`/v1/accounts/${a.accountId}/summary`)).body;
    expect(s.subscriptions).toHaveLength(1);
    expect(s.subscriptions[0]).toMatchObject({
      subscriptionNumber: order.body.subscriptionNumbers?.[0] ?? expect.any(String),
      status: 'Active',
      termType: 'TERMED',
      autoRenew: true,
      termStartDate: '2024-01-01',
      termEndDate: '2025-01-01',
      ratePlans: [{ productName: 'Sub Product', ratePlanName: 'Base' }],
    });
  });

  it('an account whose subscription is invoiced to another account cannot be deleted, nor can that invoice owner', async () => {
    const owner = await createAccount(c);
    const payer = await createAccount(c);
    const body = createSubscriptionOrder(owner.accountNumber, cat.basePlanId, { extra: { invoiceOwnerAccountNumber: payer.accountNumber } });
    const order = await c.post('/v1/orders', body);
    expect(order.body.success, JSON.stringify(order.body)).toBe(true);
    for (const acct of [owner, payer]) {
      const res = await c.del(`/v1/accounts/${acct.accountId}`);
      expect(res.status).toBe(400);
      expect(res.body.reasons[0].code % 100).toBe(30);
      expect(res.body.reasons[0].message).toMatch(/owner/);
      expect((await c.get(`/v1/accounts/${acct.accountId}`)).status).toBe(200);
    }
  });
});
