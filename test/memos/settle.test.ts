// The pure settlement rule (src/modules/memos/settle.ts). Numbers from the "Apply a credit memo" page's
// sample (11 applied to a 14.99 memo) and Zuora's Invoice Item Settlement rules: an application never
// exceeds the document's balance nor an item's; an unapplication never raises a balance above its amount.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ZuoraError } from '../../src/platform/errors.js';
import { D } from '../../src/platform/money.js';
import { planSettlement, type SettleDoc } from '../../src/modules/memos/settle.js';

const doc = (balances: string[], amounts = balances): SettleDoc => ({
  label: 'invoice INV1',
  amount: amounts.reduce((a, x) => a + Number(x), 0).toFixed(2),
  balance: balances.reduce((a, x) => a + Number(x), 0).toFixed(2),
  items: balances.map((b, i) => ({ id: `i${i}`, amount: amounts[i]!, taxAmount: '0', balance: b })),
});
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as ZuoraError).code;
  }
  return null;
};

describe('planSettlement', () => {
  it('spreads an amount over the items in order', () => {
    expect(planSettlement(doc(['100', '10']), '11', 1, undefined, 1)).toEqual({ balance: '99', items: [{ id: 'i0', balance: '89', amount: '11' }] });
    expect(planSettlement(doc(['5', '10']), '11', 1, undefined, 1)).toEqual({ balance: '4', items: [{ id: 'i0', balance: '0', amount: '5' }, { id: 'i1', balance: '4', amount: '6' }] });
  });

  it('takes the named items by their amounts; they must add up to the amount', () => {
    expect(planSettlement(doc(['100', '10']), '10', 1, [{ itemId: 'i1', amount: '10' }], 1).items).toEqual([{ id: 'i1', balance: '0', amount: '10' }]);
    expect(code(() => planSettlement(doc(['100', '10']), '10', 1, [{ itemId: 'i1', amount: '5' }], 1))).toBe(130);
    expect(code(() => planSettlement(doc(['100', '10']), '10', 1, [{ itemId: 'nope', amount: '10' }], 1))).toBe(120);
    expect(code(() => planSettlement(doc(['100', '10']), '11', 1, [{ itemId: 'i1', amount: '11' }], 1))).toBe(130);
  });

  it('refuses more than the balance, an amount of 0, and unapplying above the amount', () => {
    expect(code(() => planSettlement(doc(['100', '10']), '110.01', 1, undefined, 5931))).toBe(593130);
    expect(code(() => planSettlement(doc(['100', '10']), '0', 1, undefined, 5931))).toBe(593120);
    expect(code(() => planSettlement(doc(['100', '10']), '0.01', -1, undefined, 5931))).toBe(593130);
    expect(planSettlement(doc(['90', '10'], ['100', '10']), '10', -1, undefined, 1)).toEqual({ balance: '110', items: [{ id: 'i0', balance: '100', amount: '10' }] });
  });

  it('property: apply then unapply of the same items restores every balance; balances stay within [0, amount]', () => {
    const cents = fc.integer({ min: 0, max: 50_000 }).map((c) => (c / 100).toFixed(2));
    fc.assert(
      fc.property(fc.array(cents, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 300_000 }), (bals, a) => {
        const d = doc(bals);
        const amount = (a / 100).toFixed(2);
        let plan;
        try {
          plan = planSettlement(d, amount, 1, undefined, 1);
        } catch (e) {
          expect(Number(amount)).toBeGreaterThan(Number(d.balance));
          return;
        }
        expect(new D(plan.balance).eq(new D(d.balance).minus(amount))).toBe(true);
        const after: SettleDoc = { ...d, balance: plan.balance, items: d.items.map((i) => ({ ...i, balance: plan.items.find((x) => x.id === i.id)?.balance ?? i.balance })) };
        for (const i of after.items) expect(Number(i.balance)).toBeGreaterThanOrEqual(0);
        const back = planSettlement(after, amount, -1, plan.items.map((i) => ({ itemId: i.id, amount: i.amount })), 1);
        expect(new D(back.balance).eq(d.balance)).toBe(true);
        for (const i of back.items) expect(new D(i.balance).eq(d.items.find((x) => x.id === i.id)!.balance)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
