/**
 * "Payment failed" listeners: told, inside the payment's transaction, when an electronic payment was
 * declined by its gateway or failed with a gateway error (the payment is kept in status Error). Configurable
 * Payment Retry fills this list when it joins the app. A listener that throws fails the payment's request.
 */
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { PaymentRow } from './store.js';

export interface FailedPayment {
  id: string;
  number: string;
  accountId: string;
  amount: string;
  currency: string;
  paymentMethodId: string | null;
  /** The payment's method type as payments show it: CreditCard, CreditCardReferenceTransaction, DebitCard, ACH, BankTransfer, PayPal, Other. */
  paymentMethodType: string | null;
  gatewayId: string | null;
  gatewayResponseCode: string | null;
  gatewayResponse: string | null;
  /** When it was sent to the gateway (tenant clock, ISO instant). */
  submittedOn: string;
  /** Where the payment was to be applied, as the request named it (an id or a number). */
  documents: Array<{ kind: 'invoice' | 'debitMemo'; key: string; amount: string }>;
}

export type PaymentFailedListener = (ctx: Ctx, p: FailedPayment) => Promise<void>;
export const paymentFailedListeners: PaymentFailedListener[] = [];

/** A payment as a retry cycle reads it back. */
export interface PaymentForRetry {
  id: string;
  number: string;
  accountId: string | null;
  /** Electronic or External. */
  type: string;
  /** Processed, Error, Canceled. */
  status: string;
  amount: string;
  currency: string;
  paymentMethodId: string | null;
  gatewayId: string | null;
  gatewayResponseCode: string | null;
  gatewayResponse: string | null;
  /** When it was sent to the gateway (else when it was made): tenant clock, ISO instant. */
  submittedOn: string;
}

/** A payment by id (POST /api/v1/payments/submit_failed_payment, a retry's outcome); null when unknown or deleted. */
export async function readPaymentForRetry(ctx: Ctx, id: string): Promise<PaymentForRetry | null> {
  const r = await (ctx.db as unknown as Kysely<{ payments: PaymentRow }>)
    .selectFrom('payments').selectAll().where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).where('deleted', '=', 0).executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id, number: r.number, accountId: r.account_id, type: r.type, status: r.status, amount: r.amount, currency: r.currency, paymentMethodId: r.payment_method_id,
    gatewayId: r.gateway_id, gatewayResponseCode: r.gateway_response_code, gatewayResponse: r.gateway_response, submittedOn: r.submitted_on ?? r.created_at,
  };
}
