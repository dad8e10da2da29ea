import type { Client } from '../helpers.js';

export const V2024 = { defaultApiVersion: '2024-05-20' };

export async function newAccount(c: Client, over: Record<string, unknown> = {}) {
  const res = await c.post('/v1/accounts', {
    name: 'Sub Tester',
    billToContact: { firstName: 'Sub', lastName: 'Tester', country: 'United States', state: 'CA' },
    autoPay: false,
    currency: 'USD',
    billCycleDay: 1,
    ...over,
  });
  if (res.body?.success !== true) throw new Error(`account create failed: ${JSON.stringify(res.body)}`);
  return res.body as { accountId: string; accountNumber: string };
}

/** POST to the object API; answers the new object's Id. */
export async function obj(c: Client, path: string, body: Record<string, unknown>): Promise<string> {
  const res = await c.post(path, body);
  if (res.body?.Success !== true) throw new Error(`${path} failed: ${JSON.stringify(res.body)}`);
  return res.body.Id as string;
}

export interface Catalog {
  productId: string;
  /** Monthly flat fee 100 USD + per unit 10 USD/seat (default quantity 1). */
  basePlanId: string;
  flatChargeId: string;
  seatChargeId: string;
  /** Add-on: monthly flat fee 20 USD. */
  addonPlanId: string;
  addonChargeId: string;
}

/** A small catalog through the object API. */
export async function makeCatalog(c: Client): Promise<Catalog> {
  const productId = await obj(c, '/v1/object/product', { Name: 'Sub Product', EffectiveStartDate: '2020-01-01', EffectiveEndDate: '2040-01-01', SKU: `SKU-${Math.random().toString(36).slice(2, 8)}` });
  const basePlanId = await obj(c, '/v1/object/product-rate-plan', { ProductId: productId, Name: 'Base', EffectiveStartDate: '2020-01-01', EffectiveEndDate: '2040-01-01' });
  const recurring = {
    ChargeType: 'Recurring',
    BillingPeriod: 'Month',
    BillCycleType: 'DefaultFromCustomer',
    TriggerEvent: 'ContractEffective',
    EndDateCondition: 'SubscriptionEnd',
  };
  const flatChargeId = await obj(c, '/v1/object/product-rate-plan-charge', {
    ...recurring,
    ProductRatePlanId: basePlanId,
    Name: 'Platform Fee',
    ChargeModel: 'Flat Fee Pricing',
    ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 100 }] },
  });
  const seatChargeId = await obj(c, '/v1/object/product-rate-plan-charge', {
    ...recurring,
    ProductRatePlanId: basePlanId,
    Name: 'Seats',
    ChargeModel: 'Per Unit Pricing',
    UOM: 'Each',
    DefaultQuantity: 1,
    ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 10 }] },
  });
  const addonPlanId = await obj(c, '/v1/object/product-rate-plan', { ProductId: productId, Name: 'Addon', EffectiveStartDate: '2020-01-01', EffectiveEndDate: '2040-01-01' });
  const addonChargeId = await obj(c, '/v1/object/product-rate-plan-charge', {
    ...recurring,
    ProductRatePlanId: addonPlanId,
    Name: 'Addon Fee',
    ChargeModel: 'Flat Fee Pricing',
    ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 20 }] },
  });
  return { productId, basePlanId, flatChargeId, seatChargeId, addonPlanId, addonChargeId };
}

export function createSubscriptionOrder(accountNumber: string, planId: string, over: { orderDate?: string; terms?: Record<string, unknown>; extra?: Record<string, unknown>; triggerDates?: unknown[] } = {}) {
  return {
    existingAccountNumber: accountNumber,
    orderDate: over.orderDate ?? '2024-01-01',
    subscriptions: [
      {
        orderActions: [
          {
            type: 'CreateSubscription',
            triggerDates: over.triggerDates,
            createSubscription: {
              terms: over.terms ?? {
                initialTerm: { period: 12, periodType: 'Month', termType: 'TERMED' },
                renewalSetting: 'RENEW_WITH_SPECIFIC_TERM',
                renewalTerms: [{ period: 12, periodType: 'Month' }],
                autoRenew: true,
              },
              subscribeToRatePlans: [{ productRatePlanId: planId }],
              ...over.extra,
            },
          },
        ],
      },
    ],
  };
}
