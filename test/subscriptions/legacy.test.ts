import { describe, expect, it } from 'vitest';
import { setupApp } from '../helpers.js';
import { makeCatalog, newAccount, V2024 } from './fixtures.js';

const t = await setupApp();

describe('the legacy subscription API runs on orders', () => {
  it('create, update (add/update/remove/terms), suspend, resume, renew, cancel, each making an order and a version', async () => {
    const c = await t.newClient();
    const cat = await makeCatalog(c);
    const acc = await newAccount(c);
    const created = await c.post('/v1/subscriptions', {
      accountKey: acc.accountNumber,
      contractEffectiveDate: '2024-07-16',
      termType: 'TERMED',
      initialTerm: 12,
      renewalTerm: 12,
      autoRenew: true,
      notes: 'legacy',
      legacy__c: 'yes',
      subscribeToRatePlans: [{ productRatePlanId: cat.basePlanId, chargeOverrides: [{ productRatePlanChargeId: cat.seatChargeId, quantity: 2 }] }],
    });
    expect(created.body).toMatchObject({ success: true, subscriptionNumber: 'A-S00000001', contractedMrr: 120, totalContractedValue: 1440 });
    const num = created.body.subscriptionNumber;
    let s = (await c.get(`/v1/subscriptions/${num}`)).body;
    expect(s).toMatchObject({ id: created.body.subscriptionId, version: 1, termEndDate: '2025-07-16', notes: 'legacy', legacy__c: 'yes', status: 'Active' });
    expect((await c.get(`/v1/orders/subscription/${num}`)).body.orders).toHaveLength(1);

    const base = s.ratePlans[0];
    const seat = base.ratePlanCharges.find((x: any) => x.name === 'Seats');
    const upd = await c.put(`/v1/subscriptions/${num}`, {
      autoRenew: false,
      add: [{ productRatePlanId: cat.addonPlanId, contractEffectiveDate: '2024-09-01' }],
      update: [{ ratePlanId: base.id, contractEffectiveDate: '2024-10-01', chargeUpdateDetails: [{ ratePlanChargeId: seat.id, quantity: 4 }] }],
    });
    expect(upd.body).toMatchObject({ success: true });
    expect(upd.body.totalDeltaMrr).toBe(40);
    s = (await c.get(`/v1/subscriptions/${num}?charge-detail=all-segments`)).body;
    expect(s).toMatchObject({ version: 2, autoRenew: false, id: upd.body.subscriptionId });
    expect(s.ratePlans).toHaveLength(2);
    const seats = s.ratePlans[0].ratePlanCharges.find((x: any) => x.name === 'Seats');
    expect(seats.chargeSegments.map((g: any) => [g.effectiveStartDate, g.effectiveEndDate, g.quantity])).toEqual([
      ['2024-07-16', '2024-10-01', 2],
      ['2024-10-01', '2025-07-16', 4],
    ]);

    const rm = await c.put(`/v1/subscriptions/${num}`, { remove: [{ ratePlanId: s.ratePlans[1].id, contractEffectiveDate: '2024-12-01' }] });
    expect(rm.body.success).toBe(true);
    s = (await c.get(`/v1/subscriptions/${num}`)).body;
    expect(s.version).toBe(3);
    expect(s.ratePlans[1]).toMatchObject({ lastChangeType: 'Remove' });
    expect(s.ratePlans[1].ratePlanCharges[0].effectiveEndDate).toBe('2024-12-01');

    const sus = await c.put(`/v1/subscriptions/${num}/suspend`, { suspendPolicy: 'SpecificDate', suspendSpecificDate: '2025-01-01' });
    expect(sus.body).toMatchObject({ success: true, suspendDate: '2025-01-01', resumeDate: null, termEndDate: '2025-07-16' });
    const res = await c.put(`/v1/subscriptions/${num}/resume`, { resumePolicy: 'FixedPeriodsFromSuspendDate', resumePeriods: 10, resumePeriodsType: 'Day', extendsTerm: true });
    expect(res.body).toMatchObject({ success: true, resumeDate: '2025-01-11', termEndDate: '2025-07-26' });

    const ren = await c.put(`/v1/subscriptions/${num}/renew`, {});
    expect(ren.body).toMatchObject({ success: true, termStartDate: '2025-07-26', termEndDate: '2026-07-26' });

    const can = await c.put(`/v1/subscriptions/${num}/cancel`, { cancellationPolicy: 'SpecificDate', cancellationEffectiveDate: '2026-01-01' });
    expect(can.body).toMatchObject({ success: true, cancelledDate: '2026-01-01' });
    expect(can.body.totalDeltaMrr).toBe(0);
    expect(can.body.totalDeltaTcv).toBeLessThan(0);
    s = (await c.get(`/v1/subscriptions/${num}`)).body;
    expect(s).toMatchObject({ version: 7, status: 'Cancelled' });
    expect((await c.get(`/v1/orders/subscription/${num}`)).body.orders).toHaveLength(7);

    // the account's subscriptions
    const list = (await c.get(`/v1/subscriptions/accounts/${acc.accountNumber}`)).body;
    expect(list.success).toBe(true);
    expect(list.subscriptions.map((x: any) => [x.subscriptionNumber, x.version])).toEqual([[num, 7]]);

    // delete: gone, with its orders
    expect((await c.put(`/v1/subscriptions/${num}/delete`)).body).toEqual({ success: true });
    expect((await c.get(`/v1/subscriptions/${num}`)).body.success).toBe(false);
    expect((await c.get('/v1/orders')).body.orders).toEqual([]);
  });

  it('legacy bad input names the field', async () => {
    const c = await t.newClient(V2024);
    const cat = await makeCatalog(c);
    const acc = await newAccount(c);
    // subscribeToRatePlans is required too (the spec and Zuora), so the bodies missing a later field hold one
    const plans = [{ productRatePlanId: cat.basePlanId }];
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ contractEffectiveDate: '2024-01-01', termType: 'TERMED', initialTerm: 12 }, 'accountKey'],
      [{ accountKey: acc.accountNumber, termType: 'TERMED', initialTerm: 12 }, 'contractEffectiveDate'],
      [{ accountKey: acc.accountNumber, contractEffectiveDate: '2024-01-01', initialTerm: 12 }, 'subscribeToRatePlans'],
      [{ accountKey: acc.accountNumber, contractEffectiveDate: '2024-01-01', initialTerm: 12, subscribeToRatePlans: plans }, 'termType'],
      [{ accountKey: acc.accountNumber, contractEffectiveDate: '2024-01-01', termType: 'TERMED', subscribeToRatePlans: plans }, 'initialTerm'],
      [{ accountKey: acc.accountNumber, contractEffectiveDate: '2024-01-01', termType: 'TERMED', initialTerm: 12, initialTermPeriodType: 'Decade', subscribeToRatePlans: plans }, 'initialTermPeriodType'],
      [{ accountKey: acc.accountNumber, contractEffectiveDate: '2024-01-01', termType: 'TERMED', initialTerm: 12, subscribeToRatePlans: [{ productRatePlanId: 'zzz' }] }, 'subscribeToRatePlans[0].productRatePlanId'],
    ];
    for (const [body, field] of cases) {
      const r = await c.post('/v1/subscriptions', body);
      expect(r.status, field).toBe(400);
      expect(r.body.reasons[0].message, field).toContain(field);
      // Zuora's docs: 531003 is the subscription's termType
      if (field === 'termType') expect(r.body.reasons[0].code).toBe(53100322);
    }
    const ok = await c.post('/v1/subscriptions', { accountKey: acc.accountNumber, contractEffectiveDate: '2024-01-01', termType: 'EVERGREEN', subscribeToRatePlans: [{ productRatePlanId: cat.basePlanId }] });
    expect(ok.body.subscriptionNumber).toBe('A-S00000001');
    const bad = await c.put('/v1/subscriptions/A-S00000001/cancel', { cancellationPolicy: 'EndOfCurrentTerm' });
    expect(bad.status).toBe(400);
    expect(bad.body.reasons[0].message).toContain('evergreen');
    expect((await c.put('/v1/subscriptions/A-S00000001/resume', { resumePolicy: 'Today' })).status).toBe(400);
    expect((await c.get('/v1/subscriptions/A-S00000404')).status).toBe(404);
  });

  it('previews a new subscription without keeping anything', async () => {
    const c = await t.newClient();
    const cat = await makeCatalog(c);
    const acc = await newAccount(c);
    const p = await c.post('/v1/subscriptions/preview', { accountKey: acc.accountNumber, contractEffectiveDate: '2024-01-01', termType: 'TERMED', initialTerm: 12, subscribeToRatePlans: [{ productRatePlanId: cat.basePlanId }] });
    expect(p.body).toMatchObject({ success: true, contractedMrr: 110, totalContractedValue: 1320 });
    expect((await c.get('/v1/subscriptions/A-S00000001')).body.success).toBe(false);
    // runBilling false: POST /v1/subscriptions bills by default, and this preview wants the term unbilled
    const real = await c.post('/v1/subscriptions', { accountKey: acc.accountNumber, contractEffectiveDate: '2024-01-01', termType: 'TERMED', initialTerm: 12, subscribeToRatePlans: [{ productRatePlanId: cat.basePlanId }], runBilling: false });
    expect(real.body.subscriptionNumber).toBe('A-S00000001');
    const pe = await c.post(`/v1/subscriptions/A-S00000001/preview`, { previewStartDate: { previewStartDatePolicy: 'startOfTerm' } });
    // Through the end of the term by default: 12 months of the 100 fee and one 10 seat (billing engine).
    expect(pe.body).toMatchObject({ success: true, invoices: [{ amount: 1320, targetDate: '2024-12-31' }], creditMemos: [] });
    expect(pe.body.invoices[0].invoiceItems).toHaveLength(24);
    expect((await c.post(`/v1/subscriptions/A-S00009999/preview`, {})).body.success).toBe(false);
    // an order preview with the same changes as a PUT shows version 2 without keeping it
    const po = await c.post('/v1/orders/preview', {
      existingAccountNumber: acc.accountNumber,
      orderDate: '2024-06-01',
      previewOptions: { previewTypes: ['ChargeMetrics', 'OrderMetrics'] },
      subscriptions: [{ subscriptionNumber: 'A-S00000001', orderActions: [{ type: 'AddProduct', addProduct: { productRatePlanId: cat.addonPlanId } }] }],
    });
    expect(po.body.previewResult.subscriptions[0]).toMatchObject({ version: 2, contractedMrr: 130 });
    expect(po.body.previewResult.chargeMetrics[0].charges).toHaveLength(3);
    expect((await c.get('/v1/subscriptions/A-S00000001')).body.version).toBe(1);
    expect((await c.get('/v1/orders')).body.orders).toHaveLength(1);
  });
});
