/**
 * What other modules may use of payments: a create-payment port (payment schedules collect their items
 * through it). It goes through the same createPayment as POST /v1/payments, so every rule of a payment holds.
 */
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { Temporal } from '../../platform/dates.js';
import { createPayment } from './service.js';
import type { PaymentRow } from './store.js';

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

/** An electronic payment as sent to its gateway (the System Health figures of payment-extras read these). */
export interface ElectronicPaymentRecord {
  id: string;
  number: string;
  /** Processed, Canceled (the gateway approved it) or Error (declined or failed). */
  status: string;
  amount: string;
  currency: string;
  effectiveDate: string;
  /** The payment's method type (CreditCard, ACH, BankTransfer, PayPal, ...). */
  methodType: string | null;
  gatewayId: string | null;
  gatewayResponseCode: string | null;
  gatewayResponse: string | null;
  /** When it was sent to the gateway (tenant clock, ISO instant). */
  submittedOn: string;
}

/**
 * The tenant's electronic payments sent to a gateway within [from, to) (tenant clock), deleted ones
 * included (the transaction happened), in the order they were made.
 */
export async function electronicPaymentsBetween(ctx: Ctx, from: Temporal.Instant, to: Temporal.Instant): Promise<ElectronicPaymentRecord[]> {
  // Stored instants carry a varying number of fraction digits, so the SQL range is widened to whole seconds and the exact one applied here.
  const lo = from.toString().slice(0, 19);
  const hi = to.add({ seconds: 1 }).toString().slice(0, 19);
  const rows = await (ctx.db as unknown as Kysely<{ payments: PaymentRow }>)
    .selectFrom('payments')
    .selectAll()
    .where('tenant_id', '=', ctx.tenant.id)
    .where('type', '=', 'Electronic')
    .where('submitted_on', 'is not', null)
    .where('submitted_on', '>=', lo)
    .where('submitted_on', '<', hi)
    .orderBy('seq')
    .execute();
  return rows
    .filter((r) => {
      const at = Temporal.Instant.from(r.submitted_on!);
      return Temporal.Instant.compare(at, from) >= 0 && Temporal.Instant.compare(at, to) < 0;
    })
    .map((r) => ({
      id: r.id,
      number: r.number,
      status: r.status,
      amount: r.amount,
      currency: r.currency,
      effectiveDate: r.effective_date,
      methodType: r.payment_method_type,
      gatewayId: r.gateway_id,
      gatewayResponseCode: r.gateway_response_code,
      gatewayResponse: r.gateway_response,
      submittedOn: r.submitted_on!,
    }));
}

// ---- Configurable Payment Retry (payment-retry): told of failed electronic payments, reads one back
export { paymentFailedListeners, readPaymentForRetry, type FailedPayment, type PaymentFailedListener, type PaymentForRetry } from './failure-hooks.js';

// ---- Payment Transaction Logs (payment-transaction-logs): the gateway call of an electronic payment
export { paymentGatewayCall, paymentGatewayCalls, type PaymentGatewayCall } from './gateway-calls.js';

// ---- Summary statements: an account's processed payments and refunds
export { accountPaymentActivity, type AccountMoneyMovement } from './account-activity.js';
