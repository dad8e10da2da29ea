// Shared setup of the payment schedule tests: a tenant on 2024-01-01 (UTC unless told), the fixture
// catalog, an account with a card (the card number decides the test gateway's answer) and a Posted
// invoice of 110 (test/payments/fixtures.ts explains the numbers).
import { expect } from 'vitest';
import type { Client, TestApp } from '../helpers.js';
import { card, postedInvoice, setup, type PostedInvoice } from '../payments/fixtures.js';

export interface PsTenant {
  c: Client;
  accountId: string;
  accountNumber: string;
  cardId: string;
  invoice: PostedInvoice;
}

export async function psTenant(t: TestApp, cardNumber = '4111111111111111'): Promise<PsTenant> {
  const { c, cat, acc } = await setup(t, '2024-01-01');
  const cardId = await card(c, acc.accountId, cardNumber);
  const invoice = await postedInvoice(c, cat, acc.accountNumber);
  return { c, accountId: acc.accountId, accountNumber: acc.accountNumber, cardId, invoice };
}

export async function ok(p: Promise<{ status: number; body: any; raw: string }>) { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = await p;
  expect(r.status, r.raw).toBe(200);
  expect(r.body.success, r.raw).toBe(true);
  return r.body;
}

export async function clock(t: TestApp, c: Client, to: { date?: string; now?: string }) {
  const r = await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, to);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}
