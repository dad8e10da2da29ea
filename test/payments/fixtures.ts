// Posted invoices for payment tests: the fixture catalog (test/subscriptions/fixtures.ts) bills a
// monthly flat fee of 100 and 1 seat at 10, in advance; an order with runBilling through the
// order date posts an invoice of 110 with those two items.
import { expect } from 'vitest';
import type { Client, TestApp } from '../helpers.js';
import { createSubscriptionOrder, makeCatalog, newAccount, type Catalog } from '../subscriptions/fixtures.js';

export async function tenant(t: TestApp, date = '2024-01-01') {
  const c = await t.newClient({ defaultApiVersion: '2025-08-12' });
  expect((await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date })).status).toBe(200);
  return c;
}

export interface PostedInvoice {
  id: string;
  invoiceNumber: string;
  amount: number;
  items: Array<{ id: string; chargeAmount: number; chargeName: string }>;
}

/** A Posted invoice of 110 (items 100 and 10) on the account, billed by an order with runBilling. */
export async function postedInvoice(c: Client, cat: Catalog, accountNumber: string, orderDate = '2024-01-01'): Promise<PostedInvoice> {
  const res = await c.post('/v1/orders', { ...createSubscriptionOrder(accountNumber, cat.basePlanId, { orderDate }), processingOptions: { runBilling: true, billingOptions: { targetDate: orderDate } } });
  expect(res.body, res.raw).toMatchObject({ success: true });
  const id = res.body.invoiceIds[0] as string;
  const inv = (await c.get(`/v1/invoices/${id}`)).body;
  expect(inv).toMatchObject({ status: 'Posted', amount: 110, balance: 110 });
  const items = (await c.get(`/v1/invoices/${id}/items`)).body.invoiceItems as PostedInvoice['items'];
  items.sort((a, b) => b.chargeAmount - a.chargeAmount);
  return { id, invoiceNumber: inv.invoiceNumber, amount: inv.amount, items };
}

export async function setup(t: TestApp, date = '2024-01-01') {
  const c = await tenant(t, date);
  const cat = await makeCatalog(c);
  const acc = await newAccount(c);
  return { c, cat, acc };
}

export { newAccount };

/** A card payment method of the account (the card number decides the test gateway's answer). */
export async function card(c: Client, accountId: string, cardNumber = '4111111111111111', makeDefault = true): Promise<string> {
  const res = await c.post('/v1/payment-methods', {
    type: 'CreditCard', accountKey: accountId, cardNumber, cardType: cardNumber.startsWith('5') ? 'MasterCard' : 'Visa', expirationMonth: 12, expirationYear: 2030,
    cardHolderInfo: { cardHolderName: 'Pay Tester' }, makeDefault, skipValidation: true,
  });
  expect(res.body, res.raw).toMatchObject({ success: true });
  return res.body.id as string;
}
