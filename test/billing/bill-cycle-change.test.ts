/**
 * An account's bill cycle day changes (Zuora's "Changing bill cycle day" and "Updated BCD later than original
 * BCD" pages): periods already billed keep theirs; the first period not billed when the day changed, and
 * every later one, follow the new day. Engine cases (rate-account.ts) and PUT /v1/accounts through the app.
 */
import { describe, expect, it } from 'vitest';
import { accountCycle } from '../../src/modules/billing/rate-account.js';
import { segmentView } from '../../src/modules/billing/rate-account.js';
import { runDueJobs } from '../../src/platform/jobs.js';
import { setupApp, type Client } from '../helpers.js';
import { createSubscriptionOrder, makeCatalog, newAccount } from '../subscriptions/fixtures.js';
import { FakeLedger, propose, row, usage } from './engine-fixtures.js';

const brief = (items: ReturnType<typeof propose>) => items.map((i) => [i.serviceStartDate, i.serviceEndDate, i.amount]);

describe('engine: a bill cycle day change', () => {
  it('the docs example: BCD 20 → 25 during an unbilled usage period cuts it at the 25th (5 units in tier 1: 10.00)', () => {
    // Tiered usage: 1-10 at 2.00, 11-20 at 3.00, 21+ at 5.00; a 3-month term from 2025-01-01, bill cycle day 20, in arrears.
    const tiers = [
      { tier: 1, startingUnit: '1', endingUnit: '10', price: '2', priceFormat: 'PerUnit' },
      { tier: 2, startingUnit: '11', endingUnit: '20', price: '3', priceFormat: 'PerUnit' },
      { tier: 3, startingUnit: '21', endingUnit: null, price: '5', priceFormat: 'PerUnit' },
    ];
    const r = row({ chargeType: 'Usage', chargeModel: 'Tiered Pricing', billingTiming: 'IN_ARREARS', price: null, quantity: null, uom: 'Each', tiers: tiers as never, chargeStartDate: '2025-01-01', chargeEndDate: '2025-04-01', termStartDate: '2025-01-01', termEndDate: '2025-04-01', subscriptionStartDate: '2025-01-01', subscriptionEndDate: '2025-04-01' });
    const l = new FakeLedger();
    const u1 = usage({ startDate: '2025-01-05', quantity: '12', uom: 'Each' });
    // BP1 2025-01-01..2025-01-19 billed on the 20th: 10 × 2 + 2 × 3
    expect(brief(propose(l, { rows: [r], targetDate: '2025-01-20', account: { billCycleDay: 20 }, usage: [u1] }))).toEqual([['2025-01-01', '2025-01-19', '26']]);
    const u4 = usage({ startDate: '2025-01-24', quantity: '5', uom: 'Each' });
    // without the change the period 01-20..02-19 is still running on the 25th: nothing to bill
    expect(propose(l, { rows: [r], targetDate: '2025-01-25', account: { billCycleDay: 20 }, usage: [u4] }, false)).toEqual([]);
    // the day changed to 25 on 2025-01-22: BP2 is 01-20..01-24 and billed on the 25th
    const account = { billCycleDay: 25, bcdChanges: [{ date: '2025-01-22', fromDay: 20, billCycleDay: 25 }] };
    expect(brief(propose(l, { rows: [r], targetDate: '2025-01-25', account, usage: [u4] }))).toEqual([['2025-01-20', '2025-01-24', '10']]);
    // and the next one runs 01-25..02-24
    const u5 = usage({ startDate: '2025-01-29', quantity: '5', uom: 'Each' });
    expect(brief(propose(l, { rows: [r], targetDate: '2025-02-25', account, usage: [u5] }))).toEqual([['2025-01-25', '2025-02-24', '10']]);
  });

  it('a monthly fee billed in advance keeps its billed period; the next runs from its end to the new day, then monthly on it', () => {
    const l = new FakeLedger();
    const rows = [row()];
    expect(brief(propose(l, { rows, targetDate: '2024-01-01' }))).toEqual([['2024-01-01', '2024-01-31', '100']]);
    const account = { billCycleDay: 15, bcdChanges: [{ date: '2024-01-10', fromDay: 1, billCycleDay: 15 }] };
    const out = propose(l, { rows, targetDate: '2024-02-15', account });
    // nothing of January is credited: Feb 1-14 is a partial period of the new grid, then Feb 15 - Mar 14 whole
    expect(out.every((i) => !i.creditsItemId && !i.amount.startsWith('-'))).toBe(true);
    expect(out.map((i) => [i.serviceStartDate, i.serviceEndDate])).toEqual([
      ['2024-02-01', '2024-02-14'],
      ['2024-02-15', '2024-03-14'],
    ]);
    // Feb 1-14 is the end of the new grid's period Jan 15 - Feb 14 (31 days): 14/31 of 100 ("Proration" page)
    expect(out.map((i) => i.amount)).toEqual(['45.16', '100']);
    expect(propose(l, { rows, targetDate: '2024-02-15', account })).toEqual([]);
    expect(brief(propose(l, { rows, targetDate: '2024-03-15', account }))).toEqual([['2024-03-15', '2024-04-14', '100']]);
  });

  it("a charge that starts after the change follows the new day from its start; a charge's grid starts on the day before the first change", () => {
    const account = { billCycleDay: 15, bcdChanges: [{ date: '2024-01-10', fromDay: 1, billCycleDay: 15 }] };
    const late = segmentView(row({ chargeStartDate: '2024-02-03', segmentStartDate: '2024-02-03', termStartDate: '2024-02-03', subscriptionStartDate: '2024-02-03' }));
    expect(accountCycle(account, late, 'c1')).toEqual({ billCycleDay: 1, changes: [{ effectiveDate: late.chargeStartDate, billCycleDay: 15 }] });
    const early = segmentView(row());
    const billed = { ...account, billedPeriods: new Map([['c1', [['2024-01-01', '2024-01-31'] as [string, string]]]]) };
    expect(accountCycle(billed, early, 'c1').changes![0]!.effectiveDate.toString()).toBe('2024-02-01');
    expect(accountCycle({ billCycleDay: 1 }, early, 'c1')).toEqual({ billCycleDay: 1 });
  });
});

describe('PUT /v1/accounts billCycleDay through bill runs', () => {
  it('keeps the invoiced January and bills Feb 1-14, then Feb 15 - Mar 14, on the new day 15', async () => {
    const t = await setupApp({ jobWorker: false });
    const c: Client = await t.newClient({ defaultApiVersion: '2025-08-12', timezone: 'UTC' });
    await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2024-01-01' });
    const cat = await makeCatalog(c);
    const acc = await newAccount(c);
    expect((await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId))).body.success).toBe(true);
    const run = async (targetDate: string) => {
      const res = await c.post('/v1/bill-runs', { billRunFilters: [{ filterType: 'Account', accountId: acc.accountId }], targetDate });
      expect(res.body.success, res.raw).toBe(true);
      await runDueJobs(t.app, { tenantId: c.tenant.id });
      return (await c.get(`/v1/transactions/invoices/accounts/${acc.accountNumber}`)).body.invoices as Array<{ amount: number; invoiceItems: Array<Record<string, unknown>> }>;
    };
    const jan = await run('2024-01-01');
    expect(jan[0]!.amount).toBe(110);
    expect((await t.admin('POST', `/admin/tenants/${c.tenant.id}/clock/advance`, { days: 9 })).status).toBe(200);
    const put = await c.put(`/v1/accounts/${acc.accountNumber}`, { billCycleDay: 15 });
    expect(put.body.success, put.raw).toBe(true);
    const all = await run('2024-02-15');
    expect(all).toHaveLength(2);
    const feb = all[0]!;
    const periods = feb.invoiceItems.map((i) => `${i.chargeName} ${i.serviceStartDate}..${i.serviceEndDate}`).sort();
    expect(periods).toEqual(['Platform Fee 2024-02-01..2024-02-14', 'Platform Fee 2024-02-15..2024-03-14', 'Seats 2024-02-01..2024-02-14', 'Seats 2024-02-15..2024-03-14']);
    // 14/31 of 100 and of 10 for Feb 1-14, whole months from the 15th
    expect(feb.invoiceItems.map((i) => i.chargeAmount).sort((a, b) => (a as number) - (b as number))).toEqual([4.52, 10, 45.16, 100]);
    expect(feb.amount).toBe(159.68);
    // January's invoice is as it was
    expect(all[1]!.amount).toBe(110);
    // a rerun bills nothing; setting the same day again is no change
    expect(await run('2024-02-15')).toHaveLength(2);
    expect((await c.put(`/v1/accounts/${acc.accountNumber}`, { billCycleDay: 15 })).body.success).toBe(true);
    expect(await run('2024-02-15')).toHaveLength(2);
  });
});
