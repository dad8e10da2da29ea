/**
 * What the test gateway leaves behind: a transaction log of each call made for a payment method itself
 * (card validation on create, verification, security code update, authorization, void, stored credential
 * activation), and a snapshot of the payment method each time a payment or refund goes through its gateway
 * (`gatewayOutcome` in contract.ts). Logs show masked numbers only, as the payment method does.
 */
import type { Ctx } from '../../platform/context.js';
import { newId } from '../../platform/ids.js';
import { outcomeOf, TEST_GATEWAY_NAME, type GatewayOutcome, type TestBehaviour } from './gateway.js';
import * as records from './records-store.js';
import type { PaymentMethodRow } from './store.js';

/** Zuora's gateway transaction types of a payment method's log: a validation or verification is a (zero) authorization. */
export type PaymentMethodTransactionType = 'Authorization' | 'Void';

export interface GatewayCall {
  outcome: GatewayOutcome;
  /** The gateway's id of the transaction (approved calls only). */
  transactionId: string | null;
  logId: string;
}

/** A gateway transaction id, as the test gateway makes them: 20 hex digits. */
export const newTransactionId = () => newId().slice(0, 20);

/** What the test gateway is sent about the payment method: its type and masked number, never a whole number. */
function methodSummary(pm: PaymentMethodRow): Record<string, unknown> {
  const d = JSON.parse(pm.details) as Record<string, unknown>;
  const masked = d.cardNumber ?? d.creditCardMaskNumber ?? d.bankAccountNumber ?? d.accountNumber ?? d.IBAN ?? null;
  return { paymentMethodId: pm.id, paymentMethodType: pm.type, ...(masked ? { maskedNumber: masked } : {}) };
}

/**
 * One call to the test gateway for a payment method: the outcome its behaviour gives, logged in the
 * caller's transaction (a rolled-back write takes its log with it).
 */
export async function callGateway(
  ctx: Ctx,
  pm: PaymentMethodRow,
  type: PaymentMethodTransactionType,
  request: Record<string, unknown>,
  opts: { at?: string; outcome?: GatewayOutcome } = {},
): Promise<GatewayCall> {
  const outcome = opts.outcome ?? outcomeOf(pm.test_behaviour as TestBehaviour);
  const transactionId = outcome.status === 'Approved' ? newTransactionId() : null;
  const logId = newId();
  await records.insertTransactionLog(ctx, {
    id: logId,
    tenant_id: ctx.tenant.id,
    payment_method_id: pm.id,
    payment_method_type: pm.type,
    gateway: TEST_GATEWAY_NAME,
    transaction_type: type,
    reason_code: outcome.code,
    reason_description: outcome.message,
    transaction_id: transactionId,
    transaction_date: opts.at ?? ctx.now().toString(),
    request_string: JSON.stringify({ transactionType: type, ...methodSummary(pm), ...request }),
    response_string: JSON.stringify({ status: outcome.status, responseCode: outcome.code, responseMessage: outcome.message, transactionId }),
  });
  return { outcome, transactionId, logId };
}

/** A copy of the payment method as it is now (PaymentMethodSnapshot); answers the snapshot's id. */
export async function takeSnapshot(ctx: Ctx, pm: PaymentMethodRow, seq: number): Promise<string> {
  const id = newId();
  await records.insertSnapshot(ctx, {
    id,
    tenant_id: ctx.tenant.id,
    payment_method_id: pm.id,
    account_id: pm.account_id,
    seq,
    type: pm.type,
    status: pm.status,
    details: pm.details,
    holder: pm.holder,
    mandate: pm.mandate,
    ip_address: pm.ip_address,
    use_default_retry_rule: pm.use_default_retry_rule,
    max_consecutive_payment_failures: pm.max_consecutive_payment_failures,
    payment_retry_window: pm.payment_retry_window,
    num_consecutive_failures: pm.num_consecutive_failures,
    total_processed_payments: pm.total_processed_payments,
    total_error_payments: pm.total_error_payments,
    last_transaction: pm.last_transaction,
    last_transaction_at: pm.last_transaction_at,
    last_failed_sale_at: pm.last_failed_sale_at,
    custom_fields: pm.custom_fields,
    created_by: ctx.tenant.id,
    created_at: ctx.now().toString(),
  });
  return id;
}

/** A snapshot as a payment method row (for the payment method's own views). */
export function snapshotAsMethod(s: records.SnapshotRow): PaymentMethodRow {
  return {
    ...s,
    id: s.id,
    test_behaviour: 'approve',
    auth_gateway: null,
    currency_code: null,
    deleted: 0,
    updated_by: s.created_by,
    updated_at: s.created_at,
  };
}
