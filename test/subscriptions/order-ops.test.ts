import { describe, expect, it } from 'vitest';
import { orderDeletedHooks, orderDeletionGuards } from '../../src/modules/subscriptions/contract.js';
import { setupApp, type Client } from '../helpers.js';
import { createSubscriptionOrder, makeCatalog, newAccount, V2024 } from './fixtures.js';

const t = await setupApp();

async function activationPlan(c: Client, productId: string) {
  const plan = await c.post('/v1/object/product-rate-plan', { ProductId: productId, Name: 'Needs activation', EffectiveStartDate: '2020-01-01', EffectiveEndDate: '2040-01-01' });
  const ch = await c.post('/v1/object/product-rate-plan-charge', {
    ProductRatePlanId: plan.body.Id,
    Name: 'Activated Fee',
    ChargeModel: 'Flat Fee Pricing',
    ChargeType: 'Recurring',
    BillingPeriod: 'Month',
    BillCycleType: 'DefaultFromCustomer',
    TriggerEvent: 'ServiceActivation',
    ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 50 }] },
  });
  expect(ch.body.Success, JSON.stringify(ch.body)).toBe(true);
  return plan.body.Id as string;
}

describe('draft, scheduled and pending orders', () => {
  it('a draft order makes nothing until activated; it can be updated, cancelled, listed', async () => {
    const c = await t.newClient();
    const cat = await makeCatalog(c);
    const acc = await newAccount(c);
    const d = await c.post('/v1/orders', { ...createSubscriptionOrder(acc.accountNumber, cat.basePlanId), status: 'Draft' });
    expect(d.body).toMatchObject({ success: true, orderNumber: 'O-00000001', status: 'Draft' });
    expect((await c.get(`/v1/subscriptions/accounts/${acc.accountNumber}`)).body.subscriptions).toEqual([]);
    const got = (await c.get('/v1/orders/O-00000001')).body.order;
    expect(got).toMatchObject({ status: 'Draft', orderDate: '2024-01-01' });
    expect(got.subscriptions[0].orderActions[0].type).toBe('CreateSubscription');
    // update the draft: a later order date
    const u = await c.put('/v1/orders/O-00000001', { ...createSubscriptionOrder(acc.accountNumber, cat.basePlanId, { orderDate: '2024-02-01' }), status: 'Draft' });
    expect(u.body).toMatchObject({ success: true, orderNumber: 'O-00000001', status: 'Draft' });
    const a = await c.put('/v1/orders/O-00000001/activate');
    expect(a.body).toMatchObject({ success: true, orderNumber: 'O-00000001', status: 'Completed' });
    expect((await c.get('/v1/subscriptions/A-S00000001')).body).toMatchObject({ contractEffectiveDate: '2024-02-01', orderNumber: 'O-00000001' });
    // a completed order cannot be activated again, nor cancelled
    expect((await c.put('/v1/orders/O-00000001/activate')).body.success).toBe(false);
    expect((await c.put('/v1/orders/O-00000001/cancel', {})).body.success).toBe(false);
    // a scheduled order waits for its date: the API activates drafts only
    const sch = await c.post('/v1/orders', { ...createSubscriptionOrder(acc.accountNumber, cat.basePlanId), orderNumber: 'SCH-1', status: 'Scheduled', schedulingOptions: { scheduledDate: '2099-01-01' } });
    expect(sch.body.status).toBe('Scheduled');
    expect((await c.put('/v1/orders/SCH-1/activate')).body.reasons[0].message).toContain('only a Draft order');
    expect((await c.get('/v1/orders/SCH-1')).body.order.schedulingOptions).toEqual({ scheduledDate: '2099-01-01', scheduledDatePolicy: 'SpecificDate' });
    expect((await c.put('/v1/orders/SCH-1/cancel', {})).body.status).toBe('Cancelled');
    // another draft, cancelled
    await c.post('/v1/orders', { ...createSubscriptionOrder(acc.accountNumber, cat.basePlanId), status: 'Draft' });
    expect((await c.put('/v1/orders/O-00000002/cancel', { cancelReason: 'changed mind' })).body).toMatchObject({ success: true, status: 'Cancelled', CancelReason: 'changed mind' });
    const all = (await c.get('/v1/orders')).body.orders.map((o: any) => [o.orderNumber, o.status]);
    expect(all).toHaveLength(3);
    expect(all).toEqual(expect.arrayContaining([
      ['O-00000002', 'Cancelled'],
      ['SCH-1', 'Cancelled'],
      ['O-00000001', 'Completed'],
    ]));
    expect((await c.get('/v1/orders?status=Completed')).body.orders).toHaveLength(1);
    expect((await c.get('/v1/orders?startDate=2024-01-15&endDate=2024-03-01')).body.orders.map((o: any) => o.orderNumber)).toEqual(['O-00000001']);
    expect((await c.get('/v1/orders?dateFilterOption=updatedDate&startDate=2000-01-01')).body.orders).toHaveLength(3);
    expect((await c.get('/v1/orders?dateFilterOption=updatedDate&endDate=2000-01-01')).body.orders).toHaveLength(0);
    expect((await c.get('/v1/orders?dateFilterOption=shippedDate')).body.success).toBe(false);
    expect((await c.get(`/v1/orders/subscriptionOwner/${acc.accountNumber}`)).body.orders).toHaveLength(3);
    expect((await c.get(`/v1/orders/invoiceOwner/${acc.accountNumber}`)).body.orders.map((o: any) => o.orderNumber)).toEqual(['O-00000001']);
  });

  it('a charge waiting for service activation keeps the order Pending and the subscription Pending Activation until trigger dates come', async () => {
    const c = await t.newClient();
    const cat = await makeCatalog(c);
    const planId = await activationPlan(c, cat.productId);
    const acc = await newAccount(c);
    const r = await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, planId));
    expect(r.body).toMatchObject({ status: 'Pending', subscriptions: [{ status: 'Pending Activation' }] });
    const num = r.body.subscriptions[0].subscriptionNumber;
    expect((await c.get(`/v1/subscriptions/${num}`)).body).toMatchObject({ status: 'Pending Activation', serviceActivationDate: null });
    // a pending subscription can be amended; the later version waits for the same date
    const more = await c.post('/v1/orders', { existingAccountNumber: acc.accountNumber, orderDate: '2024-01-02', subscriptions: [{ subscriptionNumber: num, orderActions: [{ type: 'TermsAndConditions', termsAndConditions: { autoRenew: false } }] }] });
    expect(more.body).toMatchObject({ success: true, status: 'Completed', subscriptions: [{ status: 'Pending Activation' }] });
    const pend = (await c.get(`/v1/orders/subscription/${num}/pending`)).body;
    expect(pend.orders.map((o: any) => o.orderNumber)).toEqual([r.body.orderNumber]);
    const td = await c.put(`/v1/orders/${r.body.orderNumber}/triggerDates`, {
      subscriptions: [{ subscriptionNumber: num, orderActions: [{ sequence: 0, triggerDates: [{ name: 'ServiceActivation', triggerDate: '2024-01-15' }] }] }],
    });
    expect(td.body).toMatchObject({ success: true, status: 'Completed', subscriptions: [{ subscriptionNumber: num, status: 'Active' }] });
    const s = (await c.get(`/v1/subscriptions/${num}`)).body;
    expect(s).toMatchObject({ version: 2, autoRenew: false, status: 'Active', serviceActivationDate: '2024-01-15', customerAcceptanceDate: '2024-01-15' });
    expect((await c.get(`/v1/subscriptions/${num}/versions/1`)).body).toMatchObject({ status: 'Active', serviceActivationDate: '2024-01-15' });
    expect(s.ratePlans[0].ratePlanCharges[0]).toMatchObject({ effectiveStartDate: '2024-01-15', triggerEvent: 'ServiceActivation' });
    expect((await c.get(`/v1/orders/subscription/${num}/pending`)).body.orders).toEqual([]);
    expect((await c.get(`/v1/orders/${r.body.orderNumber}`)).body.order.status).toBe('Completed');
  });

  it('a specific-date charge without its date keeps the order Pending (the subscription stays Active) until an UpdateProduct gives the date', async () => {
    const c = await t.newClient();
    const cat = await makeCatalog(c);
    const acc = await newAccount(c);
    const body = createSubscriptionOrder(acc.accountNumber, cat.basePlanId);
    (body.subscriptions[0]!.orderActions[0]!.createSubscription as any).subscribeToRatePlans.push({
      productRatePlanId: cat.addonPlanId,
      chargeOverrides: [{ productRatePlanChargeId: cat.addonChargeId, startDate: { triggerEvent: 'SpecificDate' } }],
    });
    const r = await c.post('/v1/orders', body);
    expect(r.body).toMatchObject({ status: 'Pending', subscriptions: [{ status: 'Active' }] });
    const rec = (await c.get('/v1/subscriptions/A-S00000001')).body;
    const addon = rec.ratePlans[1].ratePlanCharges[0];
    expect(addon).toMatchObject({ triggerEvent: 'SpecificDate', triggerDate: null });
    // the date must fall in the term
    const outside = await c.post('/v1/orders', {
      existingAccountNumber: acc.accountNumber,
      orderDate: '2024-02-01',
      subscriptions: [{ subscriptionNumber: 'A-S00000001', orderActions: [{ type: 'UpdateProduct', updateProduct: { ratePlanId: rec.ratePlans[1].id, chargeUpdates: [{ chargeNumber: addon.number, effectiveDate: { specificTriggerDate: '2025-03-01' } }] } }] }],
    });
    expect(outside.body.success).toBe(false);
    expect(outside.body.reasons[0].message).toContain('effectiveDate.specificTriggerDate');
    const act = await c.post('/v1/orders', {
      existingAccountNumber: acc.accountNumber,
      orderDate: '2024-02-01',
      subscriptions: [{ subscriptionNumber: 'A-S00000001', orderActions: [{ type: 'UpdateProduct', updateProduct: { ratePlanId: rec.ratePlans[1].id, chargeUpdates: [{ chargeNumber: addon.number, effectiveDate: { specificTriggerDate: '2024-03-01' } }] } }] }],
    });
    expect(act.body).toMatchObject({ success: true, status: 'Completed' });
    const s = (await c.get('/v1/subscriptions/A-S00000001')).body;
    expect(s.ratePlans[1].ratePlanCharges[0]).toMatchObject({ effectiveStartDate: '2024-03-01', effectiveEndDate: '2025-01-01', triggerDate: '2024-03-01' });
    // the first order completed with it
    expect((await c.get(`/v1/orders/${r.body.orderNumber}`)).body.order.status).toBe('Completed');
    expect((await c.get('/v1/orders/subscription/A-S00000001/pending')).body.orders).toEqual([]);
  });

  it('giving the service activation date but not the customer acceptance one: Pending Acceptance', async () => {
    const c = await t.newClient();
    const cat = await makeCatalog(c);
    const plan = await c.post('/v1/object/product-rate-plan', { ProductId: cat.productId, Name: 'Acceptance', EffectiveStartDate: '2020-01-01', EffectiveEndDate: '2040-01-01' });
    await c.post('/v1/object/product-rate-plan-charge', {
      ProductRatePlanId: plan.body.Id,
      Name: 'Accepted Fee',
      ChargeModel: 'Flat Fee Pricing',
      ChargeType: 'Recurring',
      BillingPeriod: 'Month',
      BillCycleType: 'DefaultFromCustomer',
      TriggerEvent: 'CustomerAcceptance',
      ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 5 }] },
    });
    const acc = await newAccount(c);
    const r = await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, plan.body.Id, { triggerDates: [{ name: 'ServiceActivation', triggerDate: '2024-01-05' }] }));
    expect(r.body).toMatchObject({ status: 'Pending', subscriptions: [{ status: 'Pending Acceptance' }] });
  });
});

describe('order management', () => {
  it('delete an order removes the versions it made; revert makes a new order restoring the version before', async () => {
    const c = await t.newClient();
    const cat = await makeCatalog(c);
    const acc = await newAccount(c);
    await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId));
    const add = (d: string) =>
      c.post('/v1/orders', { existingAccountNumber: acc.accountNumber, orderDate: d, subscriptions: [{ subscriptionNumber: 'A-S00000001', orderActions: [{ type: 'AddProduct', triggerDates: [{ name: 'ContractEffective', triggerDate: d }], addProduct: { productRatePlanId: cat.addonPlanId } }] }] });
    expect((await add('2024-03-01')).body.orderNumber).toBe('O-00000002');
    expect((await add('2024-04-01')).body.orderNumber).toBe('O-00000003');
    // O-2 is not the last change of the subscription: it cannot be deleted
    expect((await c.del('/v1/orders/O-00000002')).body.success).toBe(false);
    expect((await c.del('/v1/orders/O-00000003')).body).toEqual({ success: true });
    expect((await c.get('/v1/subscriptions/A-S00000001')).body.version).toBe(2);
    expect((await c.get('/v1/orders/O-00000003')).body.success).toBe(false);
    // revert O-2: a new order, version 3 looks like version 1
    const rv = await c.post('/v1/orders/O-00000002/revert', { orderDate: '2024-05-01' });
    expect(rv.body).toMatchObject({ success: true, orderNumber: 'O-00000004', status: 'Completed', subscriptionNumbers: ['A-S00000001'] });
    const s = (await c.get('/v1/subscriptions/A-S00000001')).body;
    expect(s.version).toBe(3);
    expect(s.ratePlans).toHaveLength(1);
    // the reverted order says so, and can be neither deleted nor reverted again
    expect((await c.get('/v1/orders/O-00000002')).body.order.status).toBe('Reverted');
    expect((await c.del('/v1/orders/O-00000002')).body.reasons[0].message).toContain('Reverted');
    expect((await c.post('/v1/orders/O-00000002/revert', {})).body.success).toBe(false);
    // what hangs on an order is asked before it goes, and told after
    const deleted: string[] = [];
    orderDeletionGuards.push(async (_ctx, o) => (o.orderNumber === 'O-00000004' ? 'charge C-00000003 is invoiced' : null));
    orderDeletedHooks.push(async (_ctx, o) => void deleted.push(o.orderNumber));
    try {
      const refused = await c.del('/v1/orders/O-00000004');
      expect(refused.body.reasons[0].message).toBe('Order O-00000004 cannot be deleted: charge C-00000003 is invoiced');
      orderDeletionGuards.pop();
      expect((await c.del('/v1/orders/O-00000004')).body.success).toBe(true);
      expect(deleted).toEqual(['O-00000004']);
    } finally {
      orderDeletionGuards.length = 0;
      orderDeletedHooks.length = 0;
    }
    expect((await c.get('/v1/subscriptions/A-S00000001')).body.version).toBe(2);
    // async delete reports through the job
    await add('2024-06-01');
    const job = await c.del('/v1/async/orders/O-00000005');
    expect(job.body).toMatchObject({ success: true });
    const st = (await c.get(`/v1/async-jobs/${job.body.jobId}`)).body;
    expect(st).toMatchObject({ success: true, status: 'Completed', result: { jobType: 'AsyncDeleteOrder', success: true } });
    expect((await c.get('/v1/subscriptions/A-S00000001')).body.version).toBe(2);
  });

  it('async create: the job reports the order, or the failure and keeps nothing', async () => {
    const c = await t.newClient();
    const cat = await makeCatalog(c);
    const acc = await newAccount(c);
    const j = await c.post('/v1/async/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId));
    expect(j.body.success).toBe(true);
    expect(j.body.jobId).toMatch(/^[0-9a-f]{32}$/);
    const st = (await c.get(`/v1/async-jobs/${j.body.jobId}`)).body;
    expect(st).toMatchObject({ success: true, status: 'Completed', errors: null, result: { jobType: 'AsyncCreateOrder', orderNumber: 'O-00000001', status: 'Completed', subscriptions: [{ subscriptionNumber: 'A-S00000001', status: 'Active' }] } });
    const bad = await c.post('/v1/async/orders', createSubscriptionOrder(acc.accountNumber, 'nope'));
    const bst = (await c.get(`/v1/async-jobs/${bad.body.jobId}`)).body;
    expect(bst.status).toBe('Failed');
    expect(bst.errors).toContain('productRatePlanId');
    expect((await c.get('/v1/orders')).body.orders).toHaveLength(1);
    const pj = await c.post('/v1/async/orders/preview', { ...createSubscriptionOrder(acc.accountNumber, cat.basePlanId), previewOptions: { previewTypes: ['OrderMetrics'] } });
    const pst = (await c.get(`/v1/async-jobs/${pj.body.jobId}`)).body;
    expect(pst).toMatchObject({ status: 'Completed', result: { jobType: 'AsyncPreviewOrder', success: true } });
    expect(pst.result.previewResult.subscriptions[0]).toMatchObject({ subscriptionNumber: 'A-S00000002', contractedMrr: 110 });
    expect(pst.result.previewResult.orderMetrics[0]).toMatchObject({ subscriptionNumber: 'A-S00000002', orderActions: [{ sequence: '0', type: 'CreateSubscription' }] });
    expect((await c.get('/v1/orders')).body.orders).toHaveLength(1);
    expect((await c.get('/v1/async-jobs/ffffffffffffffffffffffffffffffff')).body.success).toBe(false);
  });

  it('custom fields of orders, order actions, subscriptions and versions change in place', async () => {
    const c = await t.newClient(V2024);
    const cat = await makeCatalog(c);
    const acc = await newAccount(c);
    await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId));
    expect((await c.put('/v1/orders/O-00000001/customFields', { customFields: { a__c: '1' } })).body).toEqual({ success: true });
    const o = (await c.get('/v1/orders/O-00000001')).body.order;
    expect(o.customFields).toEqual({ a__c: '1' });
    const actionId = o.subscriptions[0].orderActions[0].id;
    expect((await c.put(`/v1/orderActions/${actionId}`, { changeReason: 'because', customFields: { b__c: 'x' } })).body).toEqual({ success: true });
    const a = (await c.get('/v1/orders/O-00000001')).body.order.subscriptions[0].orderActions[0];
    expect(a).toMatchObject({ changeReason: 'because', customFields: { b__c: 'x' } });
    expect((await c.put('/v1/orderActions/nope', {})).status).toBe(404);
    expect((await c.put('/v1/subscriptions/A-S00000001/customFields', { customFields: { s__c: 'y' } })).body).toEqual({ success: true });
    let s = (await c.get('/v1/subscriptions/A-S00000001')).body;
    expect(s).toMatchObject({ version: 1, s__c: 'y' });
    const rp = s.ratePlans[0];
    const r = await c.put('/v1/subscriptions/A-S00000001/versions/1/customFields', {
      customFields: { s__c: 'z' },
      ratePlans: [{ ratePlanId: rp.id, customFields: { r__c: 'p' }, charges: [{ chargeNumber: 'C-00000001', customFields: { c__c: 'q' } }] }],
    });
    expect(r.body).toEqual({ success: true });
    s = (await c.get('/v1/subscriptions/A-S00000001')).body;
    expect(s).toMatchObject({ version: 1, s__c: 'z' });
    expect(s.ratePlans[0].r__c).toBe('p');
    expect(s.ratePlans[0].ratePlanCharges[0].c__c).toBe('q');
    const bad = await c.put('/v1/subscriptions/A-S00000001/versions/1/customFields', { ratePlans: [{ ratePlanId: 'nope' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.reasons[0].message).toContain('ratePlans[0].ratePlanId');
  });

  it('rate plans by id, metrics, and the catalog guard', async () => {
    const c = await t.newClient();
    const cat = await makeCatalog(c);
    const acc = await newAccount(c);
    await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId));
    const s = (await c.get('/v1/subscriptions/A-S00000001')).body;
    const rp = (await c.get(`/v1/rateplans/${s.ratePlans[0].id}`)).body;
    expect(rp).toMatchObject({ success: true, id: s.ratePlans[0].id, productRatePlanId: cat.basePlanId, subscriptionId: s.id, subscriptionVersion: 1, ratePlanName: 'Base' });
    // the order that made this version; its actions are listed when they are product changes
    expect(rp.order).toMatchObject({ orderNumber: 'O-00000001', orderActions: [] });
    await c.post('/v1/orders', { existingAccountNumber: acc.accountNumber, orderDate: '2024-02-01', subscriptions: [{ subscriptionNumber: 'A-S00000001', orderActions: [{ type: 'AddProduct', addProduct: { productRatePlanId: cat.addonPlanId } }] }] });
    const s2 = (await c.get('/v1/subscriptions/A-S00000001')).body;
    const added = (await c.get(`/v1/rateplans/${s2.ratePlans[1].id}`)).body;
    expect(added).toMatchObject({ lastChangeType: 'Add', subscriptionVersion: 2, order: { orderNumber: 'O-00000002', orderActions: [{ type: 'AddProduct', contractEffectiveDate: '2024-02-01' }] } });
    // an old version's rate plan is still there to read
    expect((await c.get(`/v1/rateplans/${s.ratePlans[0].id}`)).body.subscriptionVersion).toBe(1);
    expect((await c.get('/v1/rateplans/nope')).body.success).toBe(false);
    const m = (await c.get('/v1/subscriptions/subscription-metrics?subscriptionNumbers=A-S00000001')).body;
    expect(m).toEqual({
      success: true,
      subscriptionMetrics: [{ subscriptionNumber: 'A-S00000001', contractedMrr: 130, contractedNetMrr: 130, asOfDayGrossMrr: 0, asOfDayNetMrr: 0, netTotalContractedValue: 1540, totalContractedValue: 1540 }],
    });
    const m2 = (await c.get('/v1/subscriptions/subscription-metrics?subscriptionNumbers=A-S00000001&asOfDay=2024-06-01')).body;
    expect(m2.subscriptionMetrics[0].asOfDayGrossMrr).toBe(130);
    const m3 = (await c.get('/v1/subscriptions/subscription-metrics?subscriptionNumbers=A-S00000001&asOfDay=2024-01-15')).body;
    expect(m3.subscriptionMetrics[0].asOfDayGrossMrr).toBe(110);
    // the catalog refuses to delete what a subscription uses
    const del = await c.del(`/v1/object/product-rate-plan/${cat.basePlanId}`);
    expect(del.body.Success ?? del.body.success).toBe(false);
    expect(JSON.stringify(del.body)).toContain('A-S00000001');
    const delCharge = await c.del(`/v1/object/product-rate-plan-charge/${cat.seatChargeId}`);
    expect(JSON.stringify(delCharge.body)).toContain('A-S00000001');
    // an unused plan can go
    const free = await c.post('/v1/object/product-rate-plan', { ProductId: cat.productId, Name: 'Free', EffectiveStartDate: '2020-01-01', EffectiveEndDate: '2040-01-01' });
    expect((await c.del(`/v1/object/product-rate-plan/${free.body.Id}`)).body.success).toBe(true);
  });

  it('the order account is the invoice owner; the subscription owner may be another account', async () => {
    const c = await t.newClient();
    const cat = await makeCatalog(c);
    const payer = await newAccount(c, { name: 'Payer' });
    const user = await newAccount(c, { name: 'User' });
    const r = await c.post('/v1/orders', createSubscriptionOrder(payer.accountNumber, cat.basePlanId, { extra: { subscriptionOwnerAccountNumber: user.accountNumber } }));
    expect(r.body.subscriptions[0]).toMatchObject({ subscriptionOwnerNumber: user.accountNumber });
    const s = (await c.get('/v1/subscriptions/A-S00000001')).body;
    expect(s).toMatchObject({ accountNumber: user.accountNumber, accountName: 'User', invoiceOwnerAccountNumber: payer.accountNumber, invoiceOwnerAccountName: 'Payer' });
    expect((await c.get(`/v1/orders/invoiceOwner/${payer.accountNumber}`)).body.orders).toHaveLength(1);
    expect((await c.get(`/v1/orders/subscriptionOwner/${user.accountNumber}`)).body.orders).toHaveLength(1);
  });

  it('owner transfer, terms and conditions, change plan', async () => {
    const c = await t.newClient();
    const cat = await makeCatalog(c);
    const acc = await newAccount(c);
    const other = await newAccount(c, { name: 'Other' });
    await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId));
    const base = (await c.get('/v1/subscriptions/A-S00000001')).body.ratePlans[0];
    const r = await c.post('/v1/orders', {
      existingAccountNumber: acc.accountNumber,
      orderDate: '2024-03-01',
      subscriptions: [
        {
          subscriptionNumber: 'A-S00000001',
          orderActions: [
            { type: 'OwnerTransfer', ownerTransfer: { destinationAccountNumber: other.accountNumber, destinationInvoiceAccountNumber: other.accountNumber } },
            { type: 'TermsAndConditions', termsAndConditions: { autoRenew: false, lastTerm: { period: 2, periodType: 'Year', termType: 'TERMED' }, renewalTerms: [{ period: 6, periodType: 'Month' }] } },
            { type: 'ChangePlan', triggerDates: [{ name: 'ContractEffective', triggerDate: '2024-03-01' }], changePlan: { ratePlanId: base.id, effectivePolicy: 'SpecificDate', newProductRatePlan: { productRatePlanId: cat.addonPlanId } } },
          ],
        },
      ],
    });
    expect(r.body.success, JSON.stringify(r.body)).toBe(true);
    const s = (await c.get('/v1/subscriptions/A-S00000001')).body;
    expect(s).toMatchObject({
      version: 2,
      accountNumber: other.accountNumber,
      invoiceOwnerAccountNumber: other.accountNumber,
      autoRenew: false,
      termEndDate: '2026-01-01',
      currentTerm: 2,
      currentTermPeriodType: 'Year',
      initialTerm: 2,
      renewalTerm: 6,
    });
    expect(s.ratePlans.map((x: any) => [x.ratePlanName, x.lastChangeType])).toEqual([
      ['Base', 'Remove'],
      ['Addon', 'Add'],
    ]);
    expect(s.ratePlans[0].ratePlanCharges[0].effectiveEndDate).toBe('2024-03-01');
    expect(s.ratePlans[1].ratePlanCharges[0]).toMatchObject({ effectiveStartDate: '2024-03-01', effectiveEndDate: '2026-01-01' });
    expect((await c.get(`/v1/subscriptions/accounts/${other.accountNumber}`)).body.subscriptions).toHaveLength(1);
    expect((await c.get(`/v1/subscriptions/accounts/${acc.accountNumber}`)).body.subscriptions).toHaveLength(0);
  });
});
