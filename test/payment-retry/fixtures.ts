// Shared setup of the Configurable Payment Retry tests: a tenant on 2024-01-01 00:00 UTC, an account with a card
// (the card number decides the test gateway's answer, README) and a Posted invoice of 110
// (test/payment-schedules/fixtures.ts); `pay` makes an electronic payment through the account's default card.
import { expect } from 'vitest';
import type { Client } from '../helpers.js';
import { card } from '../payments/fixtures.js';
import { clock, ok, psTenant, type PsTenant } from '../payment-schedules/fixtures.js';

export { card, clock, ok, psTenant as cprTenant, type PsTenant };

export const CARDS = { ok: '4111111111111111', soft: '4000000000009995', doNotHonor: '4000000000000002', hard: '4000000000000069', error: '4000000000000119' };

/**
 * An electronic payment of `amount` on `day` for the invoice (or a debit memo) with the account's default card.
 * Answers the HTTP status and the payment's id (a decline is kept in status Error: the newest payment of the account).
 */
export async function pay(c: Client, s: PsTenant, o: { amount?: number; day?: string; debitMemoId?: string } = {}): Promise<{ status: number; paymentId: string }> {
  const amount = o.amount ?? 110;
  const body: Record<string, unknown> = { type: 'Electronic', accountId: s.accountId, amount, currency: 'USD', effectiveDate: o.day ?? '2024-01-01' };
  if (o.debitMemoId) body.debitMemos = [{ debitMemoId: o.debitMemoId, amount }];
  else body.invoices = [{ invoiceId: s.invoice.id, amount }];
  const r = await c.post('/v1/payments', body);
  const list = (await c.get(`/v1/payments?accountId=${s.accountId}&pageSize=40`)).body.payments as Array<{ id: string; number: string }>;
  list.sort((a, b) => (a.number < b.number ? -1 : 1));
  return { status: r.status, paymentId: r.body?.id ?? list[list.length - 1]!.id };
}

export async function cycles(c: Client, path: string) {
  const r = await c.get(`/api/v1/payments/${path}`);
  expect(r.status, r.raw).toBe(200);
  return r.body.cycles as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function balance(c: Client, invoiceId: string): Promise<number> {
  return (await c.get(`/v1/invoices/${invoiceId}`)).body.balance as number;
}
