/**
 * What other modules may use of payment methods (payments, payment runs): a payment method's
 * essentials and what the tenant's test gateway answers for a transaction on it.
 */
import type { Ctx } from '../../platform/context.js';
import { outcomeOf, testGatewayId, type GatewayOutcome, type TestBehaviour } from './gateway.js';
import { nextCounter } from '../../platform/counters.js';
import * as store from './store.js';
import { takeSnapshot } from './transactions.js';

export type { GatewayOutcome } from './gateway.js';
export { refusalMessage, TEST_GATEWAY_NAME, TEST_GATEWAY_TYPE, testGatewayId } from './gateway.js';

export interface PaymentMethodRecord {
  id: string;
  accountId: string | null;
  type: string;
  /** Active, Closed or Scrubbed. */
  status: string;
  /** The gateway that processes its transactions (the tenant's test gateway unless set). */
  gatewayId: string;
}

/** A payment method by id (scrubbed ones included, deleted ones not). */
export async function getPaymentMethod(ctx: Ctx, id: string): Promise<PaymentMethodRecord | undefined> {
  const r = await store.findById(ctx, id);
  return r ? { id: r.id, accountId: r.account_id, type: r.type, status: r.status, gatewayId: r.auth_gateway ?? testGatewayId(ctx.tenant.id) } : undefined;
}

/**
 * A transaction of a payment or refund on the payment method through its gateway: a snapshot of the
 * payment method as it is now is kept (PaymentMethodSnapshot, in the caller's transaction), and the
 * answer is what the test gateway gives (its behaviour was fixed when the payment method was created).
 */
export async function gatewayOutcome(ctx: Ctx, id: string): Promise<(GatewayOutcome & { snapshotId: string }) | undefined> {
  const r = await store.findById(ctx, id);
  if (!r) return undefined;
  const snapshotId = await takeSnapshot(ctx, r, await nextCounter(ctx, 'payment_method_snapshot'));
  return { ...outcomeOf(r.test_behaviour as TestBehaviour), snapshotId };
}
