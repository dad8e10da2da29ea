// The invariants of issue 10 as fast-check properties through the real app (both databases): after any
// sequence of applications, unapplications and refunds (accepted or refused), for the account:
// - an invoice's balance = its total − Σ what credit memos hold applied to it (its parts), and the sum of its items' balances;
// - a memo's unapplied amount = its total − Σ its applications − Σ its refunds, within [0, total];
// - a debit memo's balance = its total − Σ what is applied to it;
// - balance = Σ posted invoice balances + Σ posted debit memo balances; unappliedCreditMemoAmount = Σ unapplied.
// And applying then unapplying the same amount returns every balance to what it was.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { onPostgres, setupApp, type Client } from '../helpers.js';
import { billedAccount, memoTenant, ok, type Billed } from './fixtures.js';

const t = await setupApp({ jobWorker: false });
const cents = (n: number) => Math.round(n * 100);

interface World {
  c: Client;
  b: Billed;
  memos: string[];
  dm: string;
}

async function world(): Promise<World> {
  const c = await memoTenant(t);
  const b = await billedAccount(c);
  const m1 = await ok(c.post(`/v1/credit-memos/invoice/${b.invoiceId}`, { invoiceId: b.invoiceId, autoPost: true, items: [{ invoiceItemId: b.items['Platform Fee'], amount: 60, skuName: 'a' }, { invoiceItemId: b.items['Seats'], amount: 10, skuName: 'b' }] }));
  const m2 = await ok(c.post('/v1/credit-memos', { accountId: b.accountId, autoPost: true, charges: [{ productRatePlanChargeId: b.cat.flatChargeId, amount: 45.5 }] }));
  const dm = await ok(c.post('/v1/debit-memos', { accountId: b.accountId, autoPost: true, charges: [{ productRatePlanChargeId: b.cat.seatChargeId, amount: 33.33 }] }));
  return { c, b, memos: [m1.id, m2.id], dm: dm.id };
}

async function snapshot(w: World) {
  const { c, b } = w;
  const inv = await ok(c.get(`/v1/invoices/${b.invoiceId}`));
  const invItems = (await ok(c.get(`/v1/invoices/${b.invoiceId}/items`))).invoiceItems as Array<{ balance: number }>;
  const dm = await ok(c.get(`/v1/debit-memos/${w.dm}`));
  const dmItems = (await ok(c.get(`/v1/debit-memos/${w.dm}/items`))).items as Array<{ balance: number }>;
  const memos = [];
  for (const id of w.memos) {
    const m = await ok(c.get(`/v1/credit-memos/${id}`));
    const items = (await ok(c.get(`/v1/credit-memos/${id}/items`))).items as Array<{ unappliedAmount: number; appliedAmount: number; refundAmount: number; amount: number }>;
    const parts = (await ok(c.get(`/v1/credit-memos/${id}/parts`))).parts as Array<{ amount: number; invoiceId: string | null; debitMemoId: string | null }>;
    memos.push({ m, items, parts });
  }
  const metrics = (await ok(c.get(`/v1/accounts/${b.accountNumber}`))).metrics;
  return { inv, invItems, dm, dmItems, memos, metrics };
}

function checkInvariants(s: Awaited<ReturnType<typeof snapshot>>, w: World) {
  const sum = (xs: number[]) => xs.reduce((a, x) => a + cents(x), 0);
  const toInvoice = s.memos.flatMap((m) => m.parts.filter((p) => p.invoiceId === w.b.invoiceId).map((p) => p.amount));
  const toDm = s.memos.flatMap((m) => m.parts.filter((p) => p.debitMemoId === w.dm).map((p) => p.amount));
  expect(cents(s.inv.balance)).toBe(cents(s.inv.amount) - sum(toInvoice));
  expect(cents(s.inv.creditMemoAmount)).toBe(sum(toInvoice));
  expect(sum(s.invItems.map((i) => i.balance))).toBe(cents(s.inv.balance));
  expect(cents(s.dm.balance)).toBe(cents(s.dm.amount) - sum(toDm));
  expect(sum(s.dmItems.map((i) => i.balance))).toBe(cents(s.dm.balance));
  for (const { m, items, parts } of s.memos) {
    expect(cents(m.unappliedAmount)).toBe(cents(m.amount) - cents(m.appliedAmount) - cents(m.refundAmount));
    expect(cents(m.appliedAmount)).toBe(sum(parts.map((p) => p.amount)));
    expect(m.unappliedAmount).toBeGreaterThanOrEqual(0);
    expect(m.unappliedAmount).toBeLessThanOrEqual(m.amount);
    expect(sum(items.map((i) => i.unappliedAmount))).toBe(cents(m.unappliedAmount));
    for (const i of items) {
      expect(cents(i.unappliedAmount)).toBe(cents(i.amount) - cents(i.appliedAmount) - cents(i.refundAmount));
      expect(i.unappliedAmount).toBeGreaterThanOrEqual(0);
    }
  }
  expect(cents(s.metrics.balance)).toBe(cents(s.inv.balance) + cents(s.dm.balance) - sum(s.memos.map((x) => x.m.unappliedAmount)));
  expect(cents(s.metrics.totalDebitMemoBalance)).toBe(cents(s.dm.balance));
  expect(cents(s.metrics.unappliedCreditMemoAmount)).toBe(sum(s.memos.map((x) => x.m.unappliedAmount)));
}

type Op = { kind: 'apply' | 'unapply'; memo: number; target: 'invoice' | 'dm'; amount: number } | { kind: 'refund'; memo: number; amount: number };
const amount = fc.integer({ min: 1, max: 8000 }).map((c) => c / 100);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constantFrom('apply' as const, 'unapply' as const), memo: fc.integer({ min: 0, max: 1 }), target: fc.constantFrom('invoice' as const, 'dm' as const), amount }),
  fc.record({ kind: fc.constant('refund' as const), memo: fc.integer({ min: 0, max: 1 }), amount }),
);

async function run(w: World, o: Op) {
  const id = w.memos[o.memo]!;
  if (o.kind === 'refund') return w.c.post(`/v1/credit-memos/${id}/refund`, { type: 'External', methodType: 'Cash', totalAmount: o.amount });
  const body = o.target === 'invoice' ? { invoices: [{ invoiceId: w.b.invoiceId, amount: o.amount }] } : { debitMemos: [{ debitMemoId: w.dm, amount: o.amount }] };
  return w.c.put(`/v1/credit-memos/${id}/${o.kind}`, body);
}

const runs = onPostgres() ? 8 : 12;

describe('memo balances (fast-check)', () => {
  it('always add up, whatever applications, unapplications and refunds were accepted or refused', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
        const w = await world();
        for (const o of ops) {
          const r = await run(w, o);
          // a refusal is a client error, never a fault
          expect([200, 400], r.raw).toContain(r.status);
        }
        checkInvariants(await snapshot(w), w);
      }),
      { numRuns: runs },
    );
  }, 120_000);

  it('apply then unapply returns every balance to what it was', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 4 }), fc.integer({ min: 0, max: 1 }), fc.constantFrom('invoice' as const, 'dm' as const), amount, async (before, memo, target, a) => {
        const w = await world();
        for (const o of before) await run(w, o);
        const s0 = await snapshot(w);
        const applied = await run(w, { kind: 'apply', memo, target, amount: a });
        if (applied.status !== 200) return;
        expect(await snapshot(w)).not.toEqual(s0);
        const back = await run(w, { kind: 'unapply', memo, target, amount: a });
        expect(back.status, back.raw).toBe(200);
        const s1 = await snapshot(w);
        const strip = (s: typeof s0) => ({ ...s, memos: s.memos.map((m) => ({ ...m, m: { ...m.m, updatedDate: null }, parts: m.parts.map((p) => ({ ...p, updatedDate: null })) })), inv: { ...s.inv, updatedDate: null }, dm: { ...s.dm, updatedDate: null } });
        expect(strip(s1)).toEqual(strip(s0));
      }),
      { numRuns: runs },
    );
  }, 120_000);
});
