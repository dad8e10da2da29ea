/**
 * Properties of the billing engine (fast-check), with the fake ledger: a rerun for the same target date bills
 * nothing; a change inside billed periods followed by its reversal nets to what was billed before; the
 * prorated pieces of a term (a leading partial month, full months, a trailing partial month) add up to the
 * term's price within the rounding of each item ("Proration" page: partial months priced by their days).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { D } from '../../src/platform/money.js';
import { Temporal } from '../../src/platform/dates.js';
import { FakeLedger, propose, row } from './engine-fixtures.js';
import type { ProposedItem } from '../../src/modules/billing/contract.js';

const day = (from: string, n: number) => Temporal.PlainDate.from(from).add({ days: n }).toString();
const total = (items: { amount: string }[]) => items.reduce((s, i) => s.add(new D(i.amount)), new D(0));
const price = fc.integer({ min: 1, max: 100_000 }).map((c) => (c / 100).toFixed(2));

describe('billing engine properties', () => {
  it('a rerun for the same target date proposes nothing', () => {
    fc.assert(
      fc.property(price, fc.integer({ min: 0, max: 27 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 28 }), (p, startOffset, targetOffset, bcd) => {
        const start = day('2024-01-01', startOffset);
        const rows = [row({ price: p, chargeStartDate: start, termStartDate: start, subscriptionStartDate: start })];
        const l = new FakeLedger();
        const target = day(start, targetOffset);
        propose(l, { rows, targetDate: target, account: { billCycleDay: bcd } });
        expect(propose(l, { rows, targetDate: target, account: { billCycleDay: bcd } })).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('a price change inside billed periods, then its reversal, nets to what was billed before', () => {
    fc.assert(
      fc.property(price, price, fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 60 }), (p1, p2, changeOffset, extra) => {
        const change = day('2024-01-01', changeOffset);
        const target = day(change, extra);
        const l = new FakeLedger();
        const before = [row({ price: p1 })];
        const first = propose(l, { rows: before, targetDate: target });
        const changed = [row({ price: p1, segmentEndDate: change }), row({ segment: 2, segmentStartDate: change, price: p2 })];
        propose(l, { rows: changed, targetDate: target });
        propose(l, { rows: before, targetDate: target });
        expect(total(l.items).eq(total(first))).toBe(true);
        // and what is billed now covers the same service periods as at first, once each
        expect(propose(l, { rows: before, targetDate: target })).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('a one-year term cut into segments at any dates bills twelve months of the price, within half a cent per piece', () => {
    fc.assert(
      fc.property(price, fc.integer({ min: 1, max: 28 }), fc.uniqueArray(fc.integer({ min: 1, max: 364 }), { maxLength: 4 }), (p, bcd, cuts) => {
        const start = `2024-03-${String(bcd).padStart(2, '0')}`;
        const end = Temporal.PlainDate.from(start).add({ years: 1 }).toString();
        const bounds = [start, ...[...cuts].sort((a, b) => a - b).map((n) => day(start, n)), end];
        const rows = bounds.slice(0, -1).map((s, i) =>
          row({ price: p, segment: i + 1, chargeStartDate: start, termStartDate: start, subscriptionStartDate: start, termEndDate: end, subscriptionEndDate: end, chargeEndDate: end, segmentStartDate: s, segmentEndDate: bounds[i + 1]! }),
        );
        const items: ProposedItem[] = propose(new FakeLedger(), { rows, targetDate: end, account: { billCycleDay: bcd } });
        const expected = new D(p).mul(12);
        // Each piece is rounded on its own: the sum may differ from the exact total by half a cent per piece.
        expect(total(items).sub(expected).abs().lte(new D('0.005').mul(items.length))).toBe(true);
        // The pieces cover the term exactly, with no gap and no overlap.
        expect(items[0]!.serviceStartDate).toBe(start);
        expect(items.at(-1)!.serviceEndDate).toBe(day(end, -1));
        for (let i = 1; i < items.length; i++) expect(items[i]!.serviceStartDate).toBe(day(items[i - 1]!.serviceEndDate, 1));
      }),
      { numRuns: 150 },
    );
  });
});
