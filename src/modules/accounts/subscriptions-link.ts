import type { Ctx } from '../../platform/context.js';
import type { SubscriptionReader, SubscriptionRecord } from '../subscriptions/contract.js';

/**
 * The subscriptions module sits below accounts (it creates accounts through
 * this module's service), so accounts reads subscriptions late, at call time,
 * through the subscriptions contract. Without that module the lists are empty.
 */
const SUBSCRIPTIONS_SERVICE = '../subscriptions/service.js';

async function reader(): Promise<SubscriptionReader | undefined> {
  try {
    const m = (await import(SUBSCRIPTIONS_SERVICE)) as { subscriptionReader?: SubscriptionReader };
    return m.subscriptionReader;
  } catch {
    return undefined;
  }
}

/** Latest versions of the subscriptions the account owns or is the invoice owner of. */
export async function subscriptionsOfAccount(ctx: Ctx, accountId: string): Promise<SubscriptionRecord[]> {
  const r = await reader();
  return r ? r.listByAccount(ctx, accountId) : [];
}
