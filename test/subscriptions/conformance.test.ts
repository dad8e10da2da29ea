import { describe, expect, it } from 'vitest';
import { checkResponse, formatIssues } from '../conformance/check.js';
import { setupApp } from '../helpers.js';
import { createSubscriptionOrder, makeCatalog, newAccount } from './fixtures.js';

const t = await setupApp();

describe('coverage', () => {
  it('no operation of Orders, Order Actions, Subscriptions or Rate Plans is left unimplemented', async () => {
    const cov = (await t.admin('GET', '/admin/coverage')).body.byTag;
    for (const tag of ['Orders', 'Order Actions', 'Subscriptions', 'Rate Plans']) expect(cov[tag].missing, tag).toEqual([]);
    expect(cov.Orders.implemented).toHaveLength(20);
    expect(cov.Subscriptions.implemented).toHaveLength(14);
  });
});

describe('responses match the spec', () => {
  it('orders, subscriptions, rate plans, jobs', async () => {
    const c = await t.newClient();
    const cat = await makeCatalog(c);
    const acc = await newAccount(c);
    const seen: Array<[string, unknown]> = [];
    const check = (op: string, body: unknown) => seen.push([op, body]);
    check('POST_Order', (await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId))).body);
    const s = (await c.get('/v1/subscriptions/A-S00000001?charge-detail=all-segments&getDetailedMetrics=true&getSubscriptionOwnerDetails=true&getInvoiceOwnerDetails=true')).body;
    expect(s.accountOwnerDetails).toMatchObject({ accountNumber: acc.accountNumber, id: acc.accountId, name: 'Sub Tester', status: 'Active' });
    expect(s.invoiceOwnerAccountDetails).toMatchObject({ accountNumber: acc.accountNumber });
    check('GET_SubscriptionsByKey', s);
    check('GET_SubscriptionsByKeyAndVersion', (await c.get('/v1/subscriptions/A-S00000001/versions/1')).body);
    check('GET_SubscriptionsByAccount', (await c.get(`/v1/subscriptions/accounts/${acc.accountNumber}`)).body);
    check('GET_Order', (await c.get('/v1/orders/O-00000001')).body);
    check('GET_AllOrders', (await c.get('/v1/orders')).body);
    check('GET_OrdersBySubscriptionNumber', (await c.get('/v1/orders/subscription/A-S00000001')).body);
    check('GET_OrdersBySubscriptionOwner', (await c.get(`/v1/orders/subscriptionOwner/${acc.accountNumber}`)).body);
    check('GET_OrdersByInvoiceOwner', (await c.get(`/v1/orders/invoiceOwner/${acc.accountNumber}`)).body);
    check('GET_PendingOrdersBySubscriptionNumber', (await c.get('/v1/orders/subscription/A-S00000001/pending')).body);
    check('GET_RatePlan', (await c.get(`/v1/rateplans/${s.ratePlans[0].id}`)).body);
    check('GetMetricsBySubscriptionNumbers', (await c.get('/v1/subscriptions/subscription-metrics?subscriptionNumbers=A-S00000001')).body);
    const job = (await c.post('/v1/async/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId))).body;
    check('POST_CreateOrderAsynchronously', job);
    check('GET_JobStatusAndResponse', (await c.get(`/v1/async-jobs/${job.jobId}`)).body);
    check('POST_PreviewOrder', (await c.post('/v1/orders/preview', { ...createSubscriptionOrder(acc.accountNumber, cat.basePlanId), previewOptions: { previewTypes: ['ChargeMetrics', 'OrderMetrics', 'BillingDocs'] } })).body);
    const legacy = (await c.post('/v1/subscriptions', { accountKey: acc.accountNumber, contractEffectiveDate: '2024-01-01', termType: 'TERMED', initialTerm: 12, subscribeToRatePlans: [{ productRatePlanId: cat.basePlanId }] })).body;
    check('POST_Subscription', legacy);
    check('PUT_Subscription', (await c.put(`/v1/subscriptions/${legacy.subscriptionNumber}`, { autoRenew: true })).body);
    check('PUT_SuspendSubscription', (await c.put(`/v1/subscriptions/${legacy.subscriptionNumber}/suspend`, { suspendPolicy: 'SpecificDate', suspendSpecificDate: '2024-03-01' })).body);
    check('PUT_ResumeSubscription', (await c.put(`/v1/subscriptions/${legacy.subscriptionNumber}/resume`, { resumePolicy: 'SpecificDate', resumeSpecificDate: '2024-04-01' })).body);
    check('PUT_RenewSubscription', (await c.put(`/v1/subscriptions/${legacy.subscriptionNumber}/renew`, {})).body);
    check('PUT_CancelSubscription', (await c.put(`/v1/subscriptions/${legacy.subscriptionNumber}/cancel`, { cancellationPolicy: 'EndOfCurrentTerm' })).body);
    check('POST_PreviewSubscription', (await c.post('/v1/subscriptions/preview', { accountKey: acc.accountNumber, contractEffectiveDate: '2024-01-01', termType: 'EVERGREEN', subscribeToRatePlans: [{ productRatePlanId: cat.basePlanId }] })).body);
    check('revertOrder', (await c.post('/v1/orders/O-00000001/revert', { orderDate: '2024-05-01' })).body);
    // zbill adds previewResult.subscriptions (the subscriptions as they would be after the order), which Zuora's schema lacks
    for (const [op, body] of seen) if (op === 'POST_PreviewOrder') delete (body as { previewResult: Record<string, unknown> }).previewResult.subscriptions;
    const failures = seen.map(([op, body]) => [op, checkResponse(op, body)] as const).filter(([, r]) => !r.ok);
    expect(failures.map(([op, r]) => `${op}: ${formatIssues(r)}`).join('\n')).toBe('');
  });
});
