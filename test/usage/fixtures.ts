import type { Client } from '../helpers.js';
import { createSubscriptionOrder, newAccount, obj } from '../subscriptions/fixtures.js';

export interface UsageWorld {
  accountId: string;
  accountNumber: string;
  subscriptionId: string;
  subscriptionNumber: string;
  /** The usage charge (UOM Minutes): its id and number on the subscription. */
  minutesChargeId: string;
  minutesChargeNumber: string;
  /** A second usage charge (UOM GB). */
  gbChargeNumber: string;
  /** The recurring charge of the same plan. */
  flatChargeNumber: string;
  planId: string;
}

/** A plan with a monthly flat fee and two usage charges (Minutes, GB), and an account subscribed to it. */
export async function usageWorld(c: Client, accountOver: Record<string, unknown> = {}): Promise<UsageWorld> {
  const productId = await obj(c, '/v1/object/product', { Name: 'Telco', EffectiveStartDate: '2020-01-01', EffectiveEndDate: '2040-01-01', SKU: `SKU-${Math.random().toString(36).slice(2, 8)}` });
  const planId = await obj(c, '/v1/object/product-rate-plan', { ProductId: productId, Name: 'Talk', EffectiveStartDate: '2020-01-01', EffectiveEndDate: '2040-01-01' });
  const common = { ProductRatePlanId: planId, BillingPeriod: 'Month', BillCycleType: 'DefaultFromCustomer', TriggerEvent: 'ContractEffective', EndDateCondition: 'SubscriptionEnd' };
  await obj(c, '/v1/object/product-rate-plan-charge', {
    ...common,
    Name: 'Line rental',
    ChargeType: 'Recurring',
    ChargeModel: 'Flat Fee Pricing',
    ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 20 }] },
  });
  for (const [name, uom, price] of [
    ['Minutes', 'Minutes', 0.1],
    ['Data', 'GB', 2],
  ] as const)
    await obj(c, '/v1/object/product-rate-plan-charge', {
      ...common,
      Name: name,
      ChargeType: 'Usage',
      ChargeModel: 'Per Unit Pricing',
      UOM: uom,
      ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: price }] },
    });
  const acc = await newAccount(c, accountOver);
  const order = await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, planId));
  if (order.body?.success !== true) throw new Error(`order failed: ${JSON.stringify(order.body)}`);
  const subscriptionNumber = order.body.subscriptions[0].subscriptionNumber as string;
  const sub = (await c.get(`/v1/subscriptions/${subscriptionNumber}`)).body;
  const charges = sub.ratePlans[0].ratePlanCharges as Array<{ id: string; number: string; name: string }>;
  const by = (n: string) => charges.find((x) => x.name === n)!;
  return {
    accountId: acc.accountId,
    accountNumber: acc.accountNumber,
    subscriptionId: sub.id,
    subscriptionNumber,
    minutesChargeId: by('Minutes').id,
    minutesChargeNumber: by('Minutes').number,
    gbChargeNumber: by('Data').number,
    flatChargeNumber: by('Line rental').number,
    planId,
  };
}

/** A multipart/form-data body with one file part. */
export function multipartFile(content: string | Buffer, opts: { fileName?: string; field?: string } = {}): { body: Buffer; headers: Record<string, string> } {
  const boundary = `----zbilltest${Math.random().toString(16).slice(2)}`;
  const name = opts.fileName ?? 'usage.csv';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${opts.field ?? 'file'}"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, Buffer.isBuffer(content) ? content : Buffer.from(content), tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export const HEADER = 'ACCOUNT_ID,UOM,QTY,STARTDATE,ENDDATE,SUBSCRIPTION_ID,CHARGE_ID,DESCRIPTION';
