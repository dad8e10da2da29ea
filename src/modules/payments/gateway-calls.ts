/**
 * The gateway call of an electronic payment, as its PaymentTransactionLog shows it (re-exported by
 * contract.ts for the payment-transaction-logs module). zbill's test gateway makes one call per electronic
 * payment, when it is created (`submitToGateway`), and records its answer on the payment row.
 */
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { findPayment, type PaymentRow } from './store.js';

export interface PaymentGatewayCall {
  paymentId: string;
  gatewayId: string | null;
  /** When the payment was sent to the gateway (ISO instant). */
  submittedOn: string;
  responseCode: string | null;
  response: string | null;
  /** The gateway's transaction id (approved calls only). */
  transactionId: string | null;
  approved: boolean;
}

/** The gateway call of a live electronic payment by id (undefined for other payments: they never reached a gateway). */
export async function paymentGatewayCall(ctx: Ctx, paymentId: string): Promise<PaymentGatewayCall | undefined> {
  const p = await findPayment(ctx, paymentId);
  if (!p || p.id !== paymentId || p.type !== 'Electronic' || !p.submitted_on) return undefined;
  const approved = p.gateway_response_code === '00';
  return { paymentId: p.id, gatewayId: p.gateway_id, submittedOn: p.submitted_on, responseCode: p.gateway_response_code, response: p.gateway_response, transactionId: approved ? p.reference_id : null, approved };
}

/** The gateway calls of the tenant's live electronic payments, oldest first, at most `limit` (the PaymentTransactionLog query object). */
export async function paymentGatewayCalls(ctx: Ctx, limit: number): Promise<PaymentGatewayCall[]> {
  const rows = await (ctx.db as unknown as Kysely<{ payments: PaymentRow }>)
    .selectFrom('payments')
    .select(['id', 'gateway_id', 'submitted_on', 'gateway_response_code', 'gateway_response', 'reference_id'])
    .where('tenant_id', '=', ctx.tenant.id)
    .where('type', '=', 'Electronic')
    .where('deleted', '=', 0)
    .where('submitted_on', 'is not', null)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((p) => {
    const approved = p.gateway_response_code === '00';
    return { paymentId: p.id, gatewayId: p.gateway_id, submittedOn: p.submitted_on!, responseCode: p.gateway_response_code, response: p.gateway_response, transactionId: approved ? p.reference_id : null, approved };
  });
}
