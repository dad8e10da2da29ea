/**
 * A billing preview's assumeRenewal (Zuora's "Preview billing" page, POST /v1/operations/billing-preview):
 * None previews through the current term end at most; All takes every termed subscription as renewed through
 * the target date, Autorenew only those with auto-renew on. Numbers: the fixture catalog's 100 USD monthly
 * flat fee on bill cycle day 1 from Jan 15 2024 (the "Proration" page: Jan 15-31 is 17/31 of 100, the
 * term's last days Jan 1-14 2025 14/31 of it), a 12-month term renewed by 12 months.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readAssumeRenewal, renewedTermEnd, renewRows } from '../../src/modules/billing/renewal.js';
import type { SubscriptionRecord } from '../../src/modules/subscriptions/contract.js';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { createSubscriptionOrder, makeCatalog, newAccount } from '../subscriptions/fixtures.js';
import { row } from './engine-fixtures.js';

type Item = Record<string, unknown>;
const fees = (items: Item[]) => items.filter((i) => i.chargeName === 'Platform Fee').map((i) => [i.serviceStartDate, i.serviceEndDate, i.chargeAmount]);

function sub(over: Partial<SubscriptionRecord> = {}): SubscriptionRecord {
  return {
    id: 's1', subscriptionNumber: 'A-S00000001', version: 1, accountId: 'a', invoiceOwnerAccountId: 'a', status: 'Active', termType: 'TERMED',
    termStartDate: '2024-01-15', termEndDate: '2025-01-15', contractEffectiveDate: '2024-01-15', serviceActivationDate: null, customerAcceptanceDate: null,
    subscriptionStartDate: '2024-01-15', subscriptionEndDate: '2025-01-15', cancelledDate: null, autoRenew: true,
    renewal: { setting: 'RENEW_WITH_SPECIFIC_TERM', term: 12, periodType: 'Month' }, currency: 'USD', ratePlans: [], customFields: {},
    ...over,
  };
}

describe('renewal rules (pure)', () => {
  it('renews term after term until the term covers the target date; None, a covered date or a 0 term renews nothing', () => {
    expect(renewedTermEnd(sub(), 'All', '2025-03-01')).toBe('2026-01-15');
    expect(renewedTermEnd(sub(), 'All', '2026-01-15')).toBe('2027-01-15');
    // the term end itself is a day of the next term (term ends are exclusive)
    expect(renewedTermEnd(sub(), 'All', '2025-01-15')).toBe('2026-01-15');
    expect(renewedTermEnd(sub(), 'All', '2025-01-14')).toBeUndefined();
    expect(renewedTermEnd(sub(), 'None', '2026-03-01')).toBeUndefined();
    expect(renewedTermEnd(sub({ renewal: { setting: 'RENEW_WITH_SPECIFIC_TERM', term: 0, periodType: 'Month' } }), 'All', '2026-03-01')).toBeUndefined();
    expect(renewedTermEnd(sub({ renewal: { setting: 'RENEW_WITH_SPECIFIC_TERM', term: 2, periodType: 'Week' } }), 'All', '2025-01-20')).toBe('2025-01-29');
    expect(renewedTermEnd(sub({ renewal: { setting: 'RENEW_TO_EVERGREEN', term: null, periodType: 'Month' } }), 'All', '2026-03-01')).toBeNull();
  });
  it('Autorenew renews only auto-renewing subscriptions; evergreen, cancelled and suspended ones never', () => {
    expect(renewedTermEnd(sub({ autoRenew: false }), 'Autorenew', '2025-03-01')).toBeUndefined();
    expect(renewedTermEnd(sub({ autoRenew: false }), 'All', '2025-03-01')).toBe('2026-01-15');
    expect(renewedTermEnd(sub(), 'Autorenew', '2025-03-01')).toBe('2026-01-15');
    expect(renewedTermEnd(sub({ termType: 'EVERGREEN', termEndDate: null }), 'All', '2025-03-01')).toBeUndefined();
    expect(renewedTermEnd(sub({ status: 'Cancelled' }), 'All', '2025-03-01')).toBeUndefined();
    expect(renewedTermEnd(sub({ status: 'Suspended' }), 'All', '2025-03-01')).toBeUndefined();
  });
  it('charges ending with the term go on; a charge ending before it (fixed periods, removed) keeps its end', () => {
    const s = sub();
    const withTerm = row({ chargeStartDate: '2024-01-15', chargeEndDate: '2025-01-15' });
    const early = row({ chargeStartDate: '2024-01-15', chargeEndDate: '2024-07-15', endDateCondition: 'Fixed_Period' });
    const [a, b] = renewRows([withTerm, early], s, '2026-01-15');
    expect([a!.chargeEndDate, a!.segmentEndDate, a!.termEndDate]).toEqual(['2026-01-15', '2026-01-15', '2026-01-15']);
    expect([b!.chargeEndDate, b!.segmentEndDate]).toEqual(['2024-07-15', '2024-07-15']);
    const [e] = renewRows([withTerm], s, null);
    expect([e!.chargeEndDate, e!.segmentEndDate, e!.termType]).toEqual([null, null, 'EVERGREEN']);
  });
  it('reads the field: absent is None, anything but None/All/Autorenew is refused', () => {
    expect(readAssumeRenewal(undefined)).toBe('None');
    expect(readAssumeRenewal('Autorenew')).toBe('Autorenew');
    expect(() => readAssumeRenewal('all')).toThrow(/None, All, Autorenew/);
  });
});

describe('POST /v1/operations/billing-preview with assumeRenewal', () => {
  let t: TestApp;
  let c: Client;
  const acc: Record<string, string> = {};
  beforeAll(async () => {
    t = await setupApp();
    c = await t.newClient({ timezone: 'UTC' });
    await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2024-01-01' });
    const cat = await makeCatalog(c);
    for (const [name, autoRenew] of [['auto', true], ['manual', false]] as const) {
      const a = await newAccount(c, { billCycleDay: 1 });
      acc[name] = a.accountId;
      const order = createSubscriptionOrder(a.accountNumber, cat.basePlanId, {
        orderDate: '2024-01-15',
        triggerDates: [{ name: 'ContractEffective', triggerDate: '2024-01-15' }],
        terms: { initialTerm: { period: 12, periodType: 'Month', termType: 'TERMED' }, renewalSetting: 'RENEW_WITH_SPECIFIC_TERM', renewalTerms: [{ period: 12, periodType: 'Month' }], autoRenew },
      });
      const res = await c.post('/v1/orders', order);
      expect(res.body.success, res.raw).toBe(true);
    }
  });
  const preview = (accountId: string, assumeRenewal?: string) => c.post('/v1/operations/billing-preview', { accountId, targetDate: '2025-03-01', ...(assumeRenewal ? { assumeRenewal } : {}) });

  it('None stops at the term end; All goes on through the target date in full months', async () => {
    const none = fees((await preview(acc.auto!)).body.invoiceItems);
    expect(none).toHaveLength(13);
    expect(none.at(-1)).toEqual(['2025-01-01', '2025-01-14', 45.16]);
    expect(fees((await preview(acc.auto!, 'None')).body.invoiceItems)).toEqual(none);

    const all = await preview(acc.auto!, 'All');
    expect(all.status).toBe(200);
    const f = fees(all.body.invoiceItems);
    expect(f[0]).toEqual(['2024-01-15', '2024-01-31', 54.84]);
    expect(f.slice(-3)).toEqual([
      ['2025-01-01', '2025-01-31', 100],
      ['2025-02-01', '2025-02-28', 100],
      ['2025-03-01', '2025-03-31', 100],
    ]);
    expect(f).toHaveLength(15);
    // saves nothing: the subscription's term is unchanged
    expect(fees((await preview(acc.auto!)).body.invoiceItems)).toEqual(none);
  });

  it('Autorenew renews the auto-renewing subscription only; All renews both', async () => {
    expect(fees((await preview(acc.auto!, 'Autorenew')).body.invoiceItems)).toHaveLength(15);
    const manual = fees((await preview(acc.manual!, 'Autorenew')).body.invoiceItems);
    expect(manual).toHaveLength(13);
    expect(manual.at(-1)).toEqual(['2025-01-01', '2025-01-14', 45.16]);
    expect(fees((await preview(acc.manual!, 'All')).body.invoiceItems)).toHaveLength(15);
  });

  it('a preview run takes the option too and records it', async () => {
    const run = await c.post('/v1/billing-preview-runs', { targetDate: '2025-03-01', assumeRenewal: 'Autorenew' });
    expect(run.body.success, run.raw).toBe(true);
    const got = (await c.get(`/v1/billing-preview-runs/${run.body.billingPreviewRunId}`)).body;
    expect(got).toMatchObject({ assumeRenewal: 'Autorenew', status: 'Completed', succeededAccounts: 2 });
    const csv = (await c.get(new URL(got.resultFileUrl, 'http://x').pathname)).raw;
    expect(csv).toContain('2025-03-01,2025-03-31');
    expect((await c.post('/v1/billing-preview-runs', { targetDate: '2025-03-01', assumeRenewal: 'Sometimes' })).status).toBe(400);
  });
});
