import { inTransaction, makeCtx, type Ctx } from '../../src/platform/context.js';
import { newId } from '../../src/platform/ids.js';
import type { OrderProcessedEvent } from '../../src/modules/subscriptions/contract.js';
import { setDeps, type AccountRef } from '../../src/modules/order-extras/deps.js';
import { onOrderProcessed } from '../../src/modules/order-extras/hooks.js';
import type { Client, TestApp } from '../helpers.js';
import * as subscriptionFixtures from '../subscriptions/fixtures.js';

/** A ctx for a test client's tenant, to drive the order hook as the engine would. */
export function ctxFor(t: TestApp, c: Client): Ctx {
  return makeCtx(c.tenant, t.database.db);
}

/** An in-memory accounts service (for tests that run without the accounts module). */
export function fakeAccounts(): { accounts: AccountRef[]; install(): void } {
  const list: AccountRef[] = [];
  return {
    accounts: list,
    install() {
      setDeps({
        accounts: {
          getAccountByKey: async (_ctx, key) => list.find((a) => a.id === key || a.accountNumber === key),
          createAccount: async (_ctx, body) => {
            const a: AccountRef = {
              id: newId(),
              accountNumber: (body.accountNumber as string) ?? `A${String(list.length + 1).padStart(8, '0')}`,
              name: String(body.name),
              currency: String(body.currency),
              customFields: Object.fromEntries(Object.entries(body).filter(([k]) => k.endsWith('__c'))),
            };
            list.push(a);
            return { id: a.id, accountNumber: a.accountNumber };
          },
        },
      });
    },
  };
}

let orderSeq = 0;

/** Runs the order hook for an order that carries only line items; returns the event's response extras. */
export async function orderWithLineItems(ctx: Ctx, lineItems: unknown[], extra: Record<string, unknown> = {}): Promise<{ orderNumber: string; orderLineItems: Array<{ id: string; itemNumber: string }> }> {
  const orderNumber = `O-T${String(++orderSeq).padStart(7, '0')}`;
  const response: Record<string, unknown> = {};
  const event: OrderProcessedEvent = {
    orderNumber,
    orderId: newId(),
    status: 'Completed',
    request: { orderDate: '2024-01-15', existingAccountNumber: 'A00000001', orderLineItems: lineItems, ...extra },
    subscriptions: [],
    responseExtras: response,
  };
  await inTransaction(ctx, (tx) => onOrderProcessed(tx, event));
  return { orderNumber, orderLineItems: response.orderLineItems as Array<{ id: string; itemNumber: string }> };
}

/** Accounts and object-API posts as the subscriptions tests make them (the account is named 'Ramp Tester'). */
export const newAccount = (c: Client, over: Record<string, unknown> = {}) => subscriptionFixtures.newAccount(c, { name: 'Ramp Tester', ...over });
const obj = subscriptionFixtures.obj;

/** A plan with a 10 USD/month flat fee and a 5 USD/month per-seat charge, as in Zuora's ramp samples. */
export async function rampCatalog(c: Client, opts: { period?: string; flatPrice?: number } = {}): Promise<{ planId: string; flatChargeId: string; seatChargeId: string }> {
  const productId = await obj(c, '/v1/object/product', { Name: 'Ramp Product', EffectiveStartDate: '2019-01-01', EffectiveEndDate: '2040-01-01', SKU: `SKU-${newId().slice(0, 8)}` });
  const planId = await obj(c, '/v1/object/product-rate-plan', { ProductId: productId, Name: 'Ramp Plan', EffectiveStartDate: '2019-01-01', EffectiveEndDate: '2040-01-01' });
  const recurring = { ChargeType: 'Recurring', BillingPeriod: opts.period ?? 'Month', BillCycleType: 'DefaultFromCustomer', TriggerEvent: 'ContractEffective', EndDateCondition: 'SubscriptionEnd' };
  const flatChargeId = await obj(c, '/v1/object/product-rate-plan-charge', {
    ...recurring,
    ProductRatePlanId: planId,
    Name: 'Platform',
    ChargeModel: 'Flat Fee Pricing',
    ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: opts.flatPrice ?? 10 }] },
  });
  const seatChargeId = await obj(c, '/v1/object/product-rate-plan-charge', {
    ...recurring,
    ProductRatePlanId: planId,
    Name: 'Seats',
    ChargeModel: 'Per Unit Pricing',
    UOM: 'Each',
    DefaultQuantity: 1,
    ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 5 }] },
  });
  return { planId, flatChargeId, seatChargeId };
}

export function twoYearSubscription(accountNumber: string, planId: string, ramp?: Record<string, unknown>, over: Record<string, unknown> = {}) {
  return {
    existingAccountNumber: accountNumber,
    orderDate: '2020-01-01',
    subscriptions: [
      {
        ...(ramp ? { ramp } : {}),
        orderActions: [
          {
            type: 'CreateSubscription',
            triggerDates: [
              { name: 'ContractEffective', triggerDate: '2020-01-01' },
              { name: 'ServiceActivation', triggerDate: '2020-01-01' },
              { name: 'CustomerAcceptance', triggerDate: '2020-01-01' },
            ],
            createSubscription: {
              terms: { initialTerm: { period: 24, periodType: 'Month', termType: 'TERMED', startDate: '2020-01-01' }, renewalSetting: 'RENEW_WITH_SPECIFIC_TERM', renewalTerms: [{ period: 12, periodType: 'Month' }], autoRenew: false },
              subscribeToRatePlans: [{ productRatePlanId: planId }],
            },
          },
        ],
      },
    ],
    ...over,
  };
}
