/**
 * What other modules may use of payments: a create-payment port (payment schedules collect their items
 * through it). It goes through the same createPayment as POST /v1/payments, so every rule of a payment holds.
 */
import type { Ctx } from '../../platform/context.js';
import { createPayment } from './service.js';

export interface PaymentRequest {
  accountId: string;
  amount: string;
  currency: string;
  /** Electronic (through the method's gateway) or External (recorded only). */
  type: 'Electronic' | 'External';
  paymentMethodId: string;
  gatewayId?: string | null;
  /** Where the payment is applied (the rest stays unapplied). */
  invoices?: Array<{ invoiceId: string; amount: string }>;
  debitMemos?: Array<{ debitMemoId: string; amount: string }>;
  paymentOption?: unknown[] | null;
  comment?: string | null;
}

export interface PaymentOutcome {
  id: string;
  number: string;
  /** Processed, or Error when the gateway declined or failed (the payment is kept in status Error). */
  status: string;
  /** The gateway's answer when status is Error. */
  errorMessage: string | null;
}

/** Makes a payment effective today in the caller's transaction. A request the payment rules refuse throws their ZuoraError. */
export async function makePayment(ctx: Ctx, r: PaymentRequest): Promise<PaymentOutcome> {
  const body: Record<string, unknown> = {
    type: r.type,
    accountId: r.accountId,
    amount: r.amount,
    currency: r.currency,
    paymentMethodId: r.paymentMethodId,
    effectiveDate: ctx.today().toString(),
  };
  if (r.gatewayId) body.gatewayId = r.gatewayId;
  if (r.invoices?.length) body.invoices = r.invoices;
  if (r.debitMemos?.length) body.debitMemos = r.debitMemos;
  if (r.paymentOption?.length) body.paymentOption = r.paymentOption;
  if (r.comment) body.comment = r.comment;
  const { payment, failure } = await createPayment(ctx, body);
  return { id: payment.id, number: payment.number, status: payment.status, errorMessage: failure ? failure.message : null };
}
