// Property (fast-check, both databases): any sequence of payments, applications, unapplications,
// refunds, refund cancellations and payment cancellations keeps every balance within [0, total] and
// adding up ("Overview of unapplied payments": applied + unapplied = the payment amount, less what
// was refunded, and the unapplied amount is never negative; an invoice's balance is its amount less
// what was applied to it; "Understand different balance types on invoices": Account Balance = Total
// Invoice Balance + Total Debit Memo Balance − Total Unapplied Payments − Total Unapplied Credit
// Memos). A refused request changes nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Client } from '../helpers.js';
import { setupApp } from '../helpers.js';
import { postedInvoice, setup } from './fixtures.js';

const t = await setupApp({ jobWorker: false });

const money = fc.integer({ min: 1, max: 15000 }).map((n) => n / 100);
const op = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), amount: money, inv: fc.integer({ min: -1, max: 1 }), apply: money }),
  fc.record({ kind: fc.constant('apply' as const), p: fc.nat(5), inv: fc.integer({ min: 0, max: 1 }), amount: money }),
  fc.record({ kind: fc.constant('unapply' as const), p: fc.nat(5), inv: fc.integer({ min: 0, max: 1 }), amount: money }),
  fc.record({ kind: fc.constant('refund' as const), p: fc.nat(5), amount: money, unapply: fc.boolean() }),
  fc.record({ kind: fc.constant('cancelRefund' as const), r: fc.nat(5) }),
  fc.record({ kind: fc.constant('cancel' as const), p: fc.nat(5) }),
);

interface Snapshot {
  invoices: number[];
  payments: Array<{ id: string; status: string; amount: number; applied: number; unapplied: number; refunded: number; parts: Record<string, number> }>;
  balance: number;
}

const cents = (x: number) => Math.round(x * 100);

async function snapshot(c: Client, accountNumber: string, invoiceIds: string[]): Promise<Snapshot> {
  const invoices = [];
  for (const id of invoiceIds) invoices.push((await c.get(`/v1/invoices/${id}`)).body.balance as number);
  const list = (await c.get('/v1/payments?pageSize=40')).body.payments as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const payments = [];
  for (const p of list) {
    const parts: Record<string, number> = {};
    for (const part of (await c.get(`/v1/payments/${p.id}/parts`)).body.parts) parts[part.invoiceId] = part.amount;
    payments.push({ id: p.id, status: p.status, amount: p.amount, applied: p.appliedAmount, unapplied: p.unappliedAmount, refunded: p.refundAmount, parts });
  }
  const balance = (await c.get(`/v1/accounts/${accountNumber}`)).body.metrics.balance as number;
  return { invoices, payments, balance };
}

function checkInvariants(s: Snapshot, invoiceIds: string[], total: number): void {
  invoiceIds.forEach((id, i) => {
    const bal = s.invoices[i]!;
    expect(bal).toBeGreaterThanOrEqual(0);
    expect(bal).toBeLessThanOrEqual(total);
    const applied = s.payments.reduce((t, p) => t + cents(p.parts[id] ?? 0), 0);
    expect(cents(total) - cents(bal)).toBe(applied);
  });
  for (const p of s.payments) {
    expect(p.unapplied).toBeGreaterThanOrEqual(0);
    expect(cents(p.applied) + cents(p.unapplied) + cents(p.refunded)).toBe(cents(p.amount));
    expect(cents(p.applied)).toBe(Object.values(p.parts).reduce((t, a) => t + cents(a), 0));
    if (p.status !== 'Processed') expect(p.applied).toBe(0);
  }
  const owed = s.invoices.reduce((t, b) => t + cents(b), 0);
  const unapplied = s.payments.filter((p) => p.status === 'Processed').reduce((t, p) => t + cents(p.unapplied), 0);
  expect(cents(s.balance)).toBe(owed - unapplied);
}

describe('payments keep every balance in range and adding up', () => {
  it('holds over random sequences of payment operations', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        const { c, cat, acc } = await setup(t);
        const a = await postedInvoice(c, cat, acc.accountNumber);
        const b = await postedInvoice(c, cat, acc.accountNumber);
        const invoiceIds = [a.id, b.id];
        const payments: string[] = [];
        const refunds: string[] = [];
        let before = await snapshot(c, acc.accountNumber, invoiceIds);
        for (const o of ops) {
          let res;
          const pay = (i: number) => payments[i % Math.max(payments.length, 1)];
          if (o.kind === 'create') {
            const body: Record<string, unknown> = { accountId: acc.accountId, type: 'External', paymentMethodType: 'Check', amount: o.amount, currency: 'USD' };
            if (o.inv >= 0) body.invoices = [{ invoiceId: invoiceIds[o.inv], amount: Math.min(o.apply, o.amount) }];
            res = await c.post('/v1/payments', body);
            if (res.body.success) payments.push(res.body.id);
          } else if (!payments.length) continue;
          else if (o.kind === 'apply') res = await c.put(`/v1/payments/${pay(o.p)}/apply`, { invoices: [{ invoiceId: invoiceIds[o.inv], amount: o.amount }] });
          else if (o.kind === 'unapply') res = await c.put(`/v1/payments/${pay(o.p)}/unapply`, { invoices: [{ invoiceId: invoiceIds[o.inv], amount: o.amount }] });
          else if (o.kind === 'refund') {
            res = await c.post(`/v1/payments/${pay(o.p)}/refunds${o.unapply ? '/unapply' : ''}`, { type: 'External', methodType: 'Check', totalAmount: o.amount });
            if (res.body.success) refunds.push(res.body.id);
          } else if (o.kind === 'cancelRefund') {
            if (!refunds.length) continue;
            res = await c.put(`/v1/refunds/${refunds[o.r % refunds.length]}/cancel`);
          } else res = await c.put(`/v1/payments/${pay(o.p)}/cancel`);
          expect(res.status, res.raw).not.toBe(500);
          const after = await snapshot(c, acc.accountNumber, invoiceIds);
          checkInvariants(after, invoiceIds, 110);
          if (res.body.success !== true) {
            expect(res.body.reasons[0].code % 100, res.raw).not.toBe(60);
            expect(after).toEqual(before);
          }
          before = after;
        }
      }),
      { numRuns: 8 },
    );
  }, 240_000);
});
