import { describe, expect, it } from 'vitest';
import { peekCounter } from '../../src/platform/counters.js';
import { setupApp, type Client } from '../helpers.js';
import { createSubscriptionOrder, makeCatalog, newAccount, V2024 } from './fixtures.js';

const t = await setupApp();

async function count(table: string, tenantId: string): Promise<number> {
  const r = await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
  return Number(r.n);
}
const ctxOf = (c: Client) => ({ tenant: c.tenant, db: t.database.db }) as never;

describe('an order is atomic', () => {
  it('one bad action keeps nothing: no order, no subscription, no account, no numbers used', async () => {
    const c = await t.newClient();
    const cat = await makeCatalog(c);
    const acc = await newAccount(c);
    await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId));
    const before = {
      orders: await count('sub_orders', c.tenant.id),
      versions: await count('sub_versions', c.tenant.id),
      accounts: await count('accounts', c.tenant.id),
      order: await peekCounter(ctxOf(c), 'order'),
      subscription: await peekCounter(ctxOf(c), 'subscription'),
      charge: await peekCounter(ctxOf(c), 'subscription_charge'),
      account: await peekCounter(ctxOf(c), 'account'),
    };
    const res = await c.post('/v1/orders', {
      orderDate: '2024-02-01',
      newAccount: { name: 'Atomic Co', currency: 'USD', billCycleDay: 1, billToContact: { firstName: 'A', lastName: 'C', country: 'United States', state: 'CA' } },
      subscriptions: [
        { orderActions: [{ type: 'CreateSubscription', createSubscription: { terms: { initialTerm: { period: 12, periodType: 'Month', termType: 'TERMED' } }, subscribeToRatePlans: [{ productRatePlanId: cat.basePlanId }] } }] },
        { subscriptionNumber: 'A-S00000001', orderActions: [{ type: 'AddProduct', addProduct: { productRatePlanId: 'no-such-plan' } }] },
      ],
    });
    expect(res.body.success).toBe(false);
    expect(res.body.reasons[0].code).toBe(50000020);
    expect(res.body.reasons[0].message).toContain('subscriptions[1].orderActions[0] (AddProduct on A-S00000001)');
    expect(res.body.reasons[0].message).toContain("'subscriptions[1].orderActions[0].addProduct.productRatePlanId'");
    expect({
      orders: await count('sub_orders', c.tenant.id),
      versions: await count('sub_versions', c.tenant.id),
      accounts: await count('accounts', c.tenant.id),
      order: await peekCounter(ctxOf(c), 'order'),
      subscription: await peekCounter(ctxOf(c), 'subscription'),
      charge: await peekCounter(ctxOf(c), 'subscription_charge'),
      account: await peekCounter(ctxOf(c), 'account'),
    }).toEqual(before);
    expect((await c.get('/v1/subscriptions/A-S00000001')).body.version).toBe(1);
    // the next good order takes the next numbers
    const ok = await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId));
    expect(ok.body).toMatchObject({ orderNumber: 'O-00000002', subscriptions: [{ subscriptionNumber: 'A-S00000002' }] });
  });

  it('an order may create its account and several subscriptions; charge numbers run on', async () => {
    const c = await t.newClient();
    const cat = await makeCatalog(c);
    const res = await c.post('/v1/orders', {
      orderDate: '2024-03-01',
      newAccount: { name: 'New Co', currency: 'USD', billCycleDay: 0, billToContact: { firstName: 'N', lastName: 'C', country: 'United States', state: 'CA' } },
      customFields: { region__c: 'EMEA' },
      subscriptions: [
        {
          customFields: { team__c: 'A' },
          orderActions: [
            {
              type: 'CreateSubscription',
              customFields: { reason__c: 'new' },
              createSubscription: {
                terms: { initialTerm: { termType: 'EVERGREEN' } },
                subscribeToRatePlans: [
                  { productRatePlanId: cat.basePlanId, customFields: { rp__c: 'x' }, chargeOverrides: [{ productRatePlanChargeId: cat.seatChargeId, pricing: { recurringPerUnit: { quantity: 3, listPrice: 12 } }, customFields: { ch__c: 'y' } }] },
                ],
              },
            },
          ],
        },
        { orderActions: [{ type: 'CreateSubscription', createSubscription: { subscriptionNumber: 'MY-SUB-1', terms: { initialTerm: { period: 2, periodType: 'Year', termType: 'TERMED' } }, subscribeToRatePlans: [{ productRatePlanId: cat.addonPlanId }] } }] },
      ],
    });
    expect(res.body).toMatchObject({ success: true, orderNumber: 'O-00000001', status: 'Completed' });
    expect(res.body.subscriptions.map((s: any) => s.subscriptionNumber)).toEqual(['A-S00000001', 'MY-SUB-1']);
    const s1 = (await c.get('/v1/subscriptions/A-S00000001')).body;
    expect(s1).toMatchObject({ termType: 'EVERGREEN', termEndDate: null, subscriptionEndDate: null, team__c: 'A', accountNumber: res.body.accountNumber });
    expect(s1.ratePlans[0].rp__c).toBe('x');
    const seats = s1.ratePlans[0].ratePlanCharges.find((x: any) => x.name === 'Seats');
    expect(seats).toMatchObject({ quantity: 3, price: 12, ch__c: 'y', effectiveEndDate: null, number: 'C-00000002' });
    const s2 = (await c.get('/v1/subscriptions/MY-SUB-1')).body;
    expect(s2).toMatchObject({ termEndDate: '2026-03-01', initialTermPeriodType: 'Year', currentTerm: 2 });
    expect(s2.ratePlans[0].ratePlanCharges[0].number).toBe('C-00000003');
    // the account's automatic bill cycle day was set from the first charge (day 1)
    const acct = (await c.get(`/v1/accounts/${res.body.accountNumber}`)).body;
    expect(acct.billingAndPayment?.billCycleDay ?? acct.basicInfo?.billCycleDay).toBe(1);
    const o = (await c.get('/v1/orders/O-00000001')).body.order;
    expect(o.customFields).toEqual({ region__c: 'EMEA' });
    expect(o.subscriptions[0].orderActions[0].customFields).toEqual({ reason__c: 'new' });
  });
});

describe('one currency per order', () => {
  it('the subscriptions of one order share a currency', async () => {
    const c = await t.newClient();
    const cat = await makeCatalog(c);
    const plan = await c.post('/v1/object/product-rate-plan', { ProductId: cat.productId, Name: 'Multi', EffectiveStartDate: '2020-01-01', EffectiveEndDate: '2040-01-01', ActiveCurrencies: ['USD', 'EUR'] });
    await c.post('/v1/object/product-rate-plan-charge', {
      ProductRatePlanId: plan.body.Id,
      Name: 'Multi Fee',
      ChargeModel: 'Flat Fee Pricing',
      ChargeType: 'Recurring',
      BillingPeriod: 'Month',
      BillCycleType: 'DefaultFromCustomer',
      TriggerEvent: 'ContractEffective',
      ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 20 }, { Currency: 'EUR', Price: 18 }] },
    });
    const acc = await newAccount(c);
    const create = (currency?: string) => ({ type: 'CreateSubscription', createSubscription: { currency, terms: { initialTerm: { period: 12, termType: 'TERMED' } }, subscribeToRatePlans: [{ productRatePlanId: plan.body.Id }] } });
    const bad = await c.post('/v1/orders', { existingAccountNumber: acc.accountNumber, orderDate: '2024-01-01', subscriptions: [{ orderActions: [create()] }, { orderActions: [create('EUR')] }] });
    expect(bad.body.success).toBe(false);
    expect(bad.body.reasons[0].message).toContain("'subscriptions[1].orderActions[0].createSubscription.currency'");
    const eur = await c.post('/v1/orders', { existingAccountNumber: acc.accountNumber, orderDate: '2024-01-01', subscriptions: [{ orderActions: [create('EUR')] }] });
    expect(eur.body.success).toBe(true);
    const s = (await c.get(`/v1/subscriptions/${eur.body.subscriptions[0].subscriptionNumber}`)).body;
    expect(s).toMatchObject({ currency: 'EUR', contractedMrr: 18 });
  });
});

describe('terms in weeks and days', () => {
  it('a 6-week term ends 42 days on; a terms change to 10 days moves the end and the charges with it', async () => {
    const c = await t.newClient();
    const cat = await makeCatalog(c);
    const acc = await newAccount(c);
    const r = await c.post(
      '/v1/orders',
      createSubscriptionOrder(acc.accountNumber, cat.basePlanId, { terms: { initialTerm: { period: 6, periodType: 'Week', termType: 'TERMED' }, renewalTerms: [{ period: 3, periodType: 'Day' }] } }),
    );
    expect(r.body.success).toBe(true);
    let s = (await c.get('/v1/subscriptions/A-S00000001')).body;
    expect(s).toMatchObject({ termEndDate: '2024-02-12', initialTermPeriodType: 'Week', renewalTerm: 3, renewalTermPeriodType: 'Day' });
    await c.post('/v1/orders', {
      existingAccountNumber: acc.accountNumber,
      orderDate: '2024-01-05',
      subscriptions: [{ subscriptionNumber: 'A-S00000001', orderActions: [{ type: 'TermsAndConditions', termsAndConditions: { lastTerm: { period: 10, periodType: 'Day', termType: 'TERMED' } } }] }],
    });
    s = (await c.get('/v1/subscriptions/A-S00000001')).body;
    expect(s).toMatchObject({ version: 2, termEndDate: '2024-01-11', currentTerm: 10, currentTermPeriodType: 'Day', initialTerm: 10 });
    expect(s.ratePlans[0].ratePlanCharges[0].effectiveEndDate).toBe('2024-01-11');
    await c.post('/v1/orders', { existingAccountNumber: acc.accountNumber, orderDate: '2024-01-06', subscriptions: [{ subscriptionNumber: 'A-S00000001', orderActions: [{ type: 'RenewSubscription', renewSubscription: {} }] }] });
    s = (await c.get('/v1/subscriptions/A-S00000001')).body;
    expect(s).toMatchObject({ version: 3, termStartDate: '2024-01-11', termEndDate: '2024-01-14', currentTerm: 3, currentTermPeriodType: 'Day' });
  });
});

describe('concurrent orders on one subscription', () => {
  it('each lands whole or is refused as a lock conflict; versions stay a sequence', async () => {
    const c = await t.newClient(V2024);
    const cat = await makeCatalog(c);
    const acc = await newAccount(c);
    await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId));
    const add = () =>
      c.post('/v1/orders', { existingAccountNumber: acc.accountNumber, orderDate: '2024-02-01', subscriptions: [{ subscriptionNumber: 'A-S00000001', orderActions: [{ type: 'AddProduct', addProduct: { productRatePlanId: cat.addonPlanId } }] }] });
    const results = await Promise.all([add(), add(), add(), add()]);
    for (const r of results) expect([200, 409], JSON.stringify(r.body)).toContain(r.status);
    const ok = results.filter((r) => r.status === 200).length;
    expect(ok).toBeGreaterThan(0);
    const s = (await c.get('/v1/subscriptions/A-S00000001')).body;
    expect(s.version).toBe(1 + ok);
    expect(s.ratePlans).toHaveLength(1 + ok);
  });
});

describe('bad input names the field', () => {
  it.each([
    [{ subscriptions: [] }, 'orderDate', 22],
    [{ orderDate: '2024-13-01' }, 'orderDate', 20],
    [{ orderDate: '2024-01-01', existingAccountNumber: 'nope', subscriptions: [] }, 'existingAccountNumber', 20],
  ])('%j → %s', async (body, field, cat) => {
    const c = await t.newClient(V2024);
    const r = await c.post('/v1/orders', body);
    expect(r.status).toBe(400);
    expect(r.body.reasons[0].code % 100).toBe(cat);
    expect(r.body.reasons[0].message).toContain(field);
  });

  it('each action field is checked, with its path', async () => {
    const c = await t.newClient(V2024);
    const cat = await makeCatalog(c);
    const acc = await newAccount(c);
    const base = (cs: Record<string, unknown>) => ({ existingAccountNumber: acc.accountNumber, orderDate: '2024-01-01', subscriptions: [{ orderActions: [{ type: 'CreateSubscription', createSubscription: cs }] }] });
    const cases: Array<[unknown, string]> = [
      [base({ subscribeToRatePlans: [] }), 'createSubscription.terms'],
      [base({ terms: { initialTerm: { period: 12, periodType: 'Month' } } }), 'terms.initialTerm.termType'],
      [base({ terms: { initialTerm: { termType: 'TERMED' } } }), 'terms.initialTerm.period'],
      [base({ terms: { initialTerm: { period: 12, periodType: 'Fortnight', termType: 'TERMED' } } }), 'terms.initialTerm.periodType'],
      [base({ terms: { initialTerm: { period: 1, termType: 'TERMED' } }, subscribeToRatePlans: [{ productRatePlanId: cat.basePlanId, chargeOverrides: [{ productRatePlanChargeId: cat.addonChargeId }] }] }), 'chargeOverrides[0].productRatePlanChargeId'],
      [base({ terms: { initialTerm: { period: 1, termType: 'TERMED' } }, subscribeToRatePlans: [{ productRatePlanId: cat.basePlanId, chargeOverrides: [{ productRatePlanChargeId: cat.seatChargeId, pricing: { recurringPerUnit: { quantity: -2 } } }] }] }), 'recurringPerUnit.quantity'],
      [{ existingAccountNumber: acc.accountNumber, orderDate: '2024-01-01', subscriptions: [{ orderActions: [{ type: 'Explode' }] }] }, 'orderActions[0].type'],
      [{ existingAccountNumber: acc.accountNumber, orderDate: '2024-01-01', subscriptions: [{ subscriptionNumber: 'A-S404', orderActions: [{ type: 'RenewSubscription' }] }] }, 'subscriptionNumber'],
    ];
    const old = await c.post('/v1/object/product-rate-plan', { ProductId: cat.productId, Name: 'Old', EffectiveStartDate: '2020-01-01', EffectiveEndDate: '2022-12-31' });
    cases.push([base({ terms: { initialTerm: { period: 1, termType: 'TERMED' } }, subscribeToRatePlans: [{ productRatePlanId: old.body.Id }] }), 'is not effective on 2024-01-01']);
    for (const [body, field] of cases) {
      const r = await c.post('/v1/orders', body);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.reasons[0].message, field).toContain(field);
    }
    expect((await c.get('/v1/orders')).body.orders).toEqual([]);
  });

  it('cancellation and suspend policies are checked', async () => {
    const c = await t.newClient();
    const cat = await makeCatalog(c);
    const acc = await newAccount(c);
    await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId));
    const one = (a: unknown) => c.post('/v1/orders', { existingAccountNumber: acc.accountNumber, orderDate: '2024-02-01', subscriptions: [{ subscriptionNumber: 'A-S00000001', orderActions: [a] }] });
    let r = await one({ type: 'CancelSubscription', cancelSubscription: {} });
    expect(r.body.reasons[0]).toMatchObject({ code: 50000022 });
    expect(r.body.reasons[0].message).toContain('cancelSubscription.cancellationPolicy');
    r = await one({ type: 'CancelSubscription', cancelSubscription: { cancellationPolicy: 'SpecificDate' } });
    expect(r.body.reasons[0].message).toContain('cancellationEffectiveDate');
    r = await one({ type: 'CancelSubscription', cancelSubscription: { cancellationPolicy: 'SpecificDate', cancellationEffectiveDate: '2023-06-01' } });
    expect(r.body.reasons[0].message).toContain('before the subscription');
    r = await one({ type: 'Suspend', suspend: { suspendPolicy: 'Sometime' } });
    expect(r.body.reasons[0].message).toContain('suspend.suspendPolicy');
    r = await one({ type: 'Resume', resume: { resumePolicy: 'Today' } });
    expect(r.body.reasons[0].message).toMatch(/only a suspended subscription/);
    // EndOfCurrentTerm cancels at the term end
    r = await one({ type: 'CancelSubscription', cancelSubscription: { cancellationPolicy: 'EndOfCurrentTerm' } });
    expect(r.body.success).toBe(true);
    const s = (await c.get('/v1/subscriptions/A-S00000001')).body;
    expect(s).toMatchObject({ status: 'Cancelled', version: 2 });
    expect(s.statusHistory.at(-1)).toEqual({ startDate: '2025-01-01', endDate: null, status: 'Cancelled' });
  });
});

describe('an unbuilt part of an order', () => {
  it('a new account with a payment method: the error names the order field; with its required fields the card becomes the default', async () => {
    const c = await t.newClient(V2024);
    const cat = await makeCatalog(c);
    const order = (paymentMethod: Record<string, unknown>) =>
      c.post('/v1/orders', {
        orderDate: '2024-02-01',
        newAccount: {
          name: 'Card Co', currency: 'USD', billCycleDay: 1,
          billToContact: { firstName: 'A', lastName: 'C', country: 'United States', state: 'CA' },
          paymentMethod,
        },
        subscriptions: [{ orderActions: [{ type: 'CreateSubscription', createSubscription: { terms: { initialTerm: { period: 12, periodType: 'Month', termType: 'TERMED' } }, subscribeToRatePlans: [{ productRatePlanId: cat.basePlanId }] } }] }],
      });
    const card = { type: 'CreditCard', cardType: 'Visa', cardNumber: '4111111111111111', expirationMonth: 12, expirationYear: 2030 };
    const bad = await order(card);
    expect(bad.status).toBe(400);
    expect(bad.body.reasons[0].code % 100).toBe(22);
    expect(bad.body.reasons[0].message).toMatch(/^newAccount: .*cardHolderInfo/);
    const ok = await order({ ...card, cardHolderInfo: { cardHolderName: 'A C' } });
    expect(ok.body.success, JSON.stringify(ok.body)).toBe(true);
    // the refused order took no account number
    expect(ok.body.accountNumber).toBe('A00000001');
    const a = (await c.get(`/v1/accounts/${ok.body.accountNumber}`)).body;
    expect(a.billingAndPayment.defaultPaymentMethodId).toMatch(/^[0-9a-f]{32}$/);
  });
});
