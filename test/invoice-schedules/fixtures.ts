// Shared setup of the invoice schedule tests: a tenant on 2024-01-01 with the fixture catalog, an account and
// an order (O-…) creating a 12-month termed subscription of the base plan (Platform Fee 100 + 1 seat at 10,
// monthly in advance: test/invoices/bill-runs.test.ts explains the numbers), never billed. Its two charges are
// worth 1200 and 120 over the term (12 months each), 1320 together.
import { expect } from 'vitest';
import type { Client, TestApp } from '../helpers.js';
import { createSubscriptionOrder, makeCatalog, newAccount, type Catalog } from '../subscriptions/fixtures.js';

export interface Scheduled {
  c: Client;
  cat: Catalog;
  accountId: string;
  accountNumber: string;
  orderNumber: string;
  subscriptionNumber: string;
  /** charge numbers by charge name */
  charges: Record<string, string>;
}

export async function scheduleTenant(t: TestApp, date = '2024-01-01'): Promise<Scheduled> {
  const c = await t.newClient({ defaultApiVersion: '2025-08-12' });
  expect((await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date })).status).toBe(200);
  const cat = await makeCatalog(c);
  const acc = await newAccount(c);
  const order = await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId, { orderDate: date }));
  expect(order.body.success, order.raw).toBe(true);
  const subscriptionNumber = order.body.subscriptions[0].subscriptionNumber as string;
  const sub = (await c.get(`/v1/subscriptions/${subscriptionNumber}`)).body;
  const charges: Record<string, string> = {};
  for (const rp of sub.ratePlans) for (const ch of rp.ratePlanCharges) charges[ch.name] = ch.number;
  return { c, cat, accountId: acc.accountId, accountNumber: acc.accountNumber, orderNumber: order.body.orderNumber, subscriptionNumber, charges };
}
