// Shared setup of the memos tests: a tenant on 2024-01-01 with the fixture catalog, an account, and a
// Posted invoice of 110 USD made by an order's runBilling (Platform Fee 100 + Seats 1 × 10, monthly in
// advance: test/invoices/bill-runs.test.ts explains the numbers).
import { expect } from 'vitest';
import type { Client, TestApp } from '../helpers.js';
import { createSubscriptionOrder, makeCatalog, newAccount, type Catalog } from '../subscriptions/fixtures.js';

export async function memoTenant(t: TestApp, date = '2024-01-01'): Promise<Client> {
  const c = await t.newClient({ defaultApiVersion: '2025-08-12' });
  expect((await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date })).status).toBe(200);
  return c;
}

export interface Billed {
  cat: Catalog;
  accountId: string;
  accountNumber: string;
  invoiceId: string;
  invoiceNumber: string;
  /** item ids by charge name */
  items: Record<string, string>;
}

/** A new account with a subscription billed at once (a Posted invoice of 110). */
export async function billedAccount(c: Client, cat?: Catalog): Promise<Billed> {
  const catalog = cat ?? (await makeCatalog(c));
  const acc = await newAccount(c);
  const order = await c.post('/v1/orders', { ...createSubscriptionOrder(acc.accountNumber, catalog.basePlanId), processingOptions: { runBilling: true } });
  expect(order.body.success, order.raw).toBe(true);
  const invoiceId = order.body.invoiceIds[0] as string;
  const inv = (await c.get(`/v1/invoices/${invoiceId}`)).body;
  expect(inv).toMatchObject({ status: 'Posted', amount: 110, balance: 110 });
  const items = (await c.get(`/v1/invoices/${invoiceId}/items`)).body.invoiceItems as Array<{ id: string; chargeName: string }>;
  return { cat: catalog, accountId: acc.accountId, accountNumber: acc.accountNumber, invoiceId, invoiceNumber: inv.invoiceNumber, items: Object.fromEntries(items.map((i) => [i.chargeName, i.id])) };
}

export async function ok(p: Promise<{ status: number; body: any; raw: string }>) { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = await p;
  expect(r.status, r.raw).toBe(200);
  expect(r.body.success, r.raw).toBe(true);
  return r.body;
}

/** A credit memo from the invoice for the given items (charge name → amount), posted. */
export async function postedCreditMemo(c: Client, b: Billed, amounts: Record<string, number>): Promise<{ id: string; number: string }> {
  const cm = await ok(c.post(`/v1/credit-memos/invoice/${b.invoiceId}`, {
    invoiceId: b.invoiceId,
    autoPost: true,
    items: Object.entries(amounts).map(([name, amount]) => ({ invoiceItemId: b.items[name], amount, skuName: name })),
  }));
  return { id: cm.id, number: cm.number };
}
