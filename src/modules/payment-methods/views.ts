/**
 * What the REST API shows of a payment method (GET /v1/payment-methods/{id}, an account's list and
 * default), in the field names of Zuora's response samples: masked numbers only.
 */
import type { Ctx } from '../../platform/context.js';
import { formatDateTime, Temporal } from '../../platform/dates.js';
import { DEBIT_CARD_TYPES } from './card.js';
import type { PaymentMethodView } from './service.js';
import { isBankTransfer } from './types.js';

const CARD_MIT = ['mitConsentAgreementRef', 'mitConsentAgreementSrc', 'mitProfileAction', 'mitProfileAgreedOn', 'mitProfileType', 'mitTransactionId'];
const MANDATE = ['existingMandateStatus', 'mandateCreationDate', 'mandateId', 'mandateReason', 'mandateReceivedStatus', 'mandateStatus', 'mandateUpdateDate'];

export const ts = (ctx: Ctx, iso: string | null) => (iso ? formatDateTime(Temporal.Instant.from(iso), ctx.tenant.timezone) : null);

/** The type's own fields, in the names GET shows them. */
function typeFields(v: PaymentMethodView): Record<string, unknown> {
  const d = v.details;
  const t = v.row.type;
  const pick = (...keys: string[]) => Object.fromEntries(keys.map((k) => [k, d[k] ?? null]));
  if (t === 'CreditCard') return pick('cardNumber', 'creditCardType', 'expirationMonth', 'expirationYear', 'identityNumber');
  if (t === 'CreditCardReferenceTransaction') {
    return { cardNumber: d.creditCardMaskNumber ?? null, creditCardType: null, expirationMonth: null, expirationYear: null, secondTokenId: d.secondTokenId ?? null, tokenId: d.tokenId ?? null };
  }
  if (t === 'ACH') return pick('bankABACode', 'bankAccountName', 'bankAccountNumber', 'bankAccountType', 'bankName');
  if (isBankTransfer(t)) return pick('IBAN', 'accountNumber', 'bankCode', 'bankTransferType', 'branchCode', 'businessIdentificationCode', 'identityNumber');
  if (t.startsWith('PayPal')) return t === 'PayPalAdaptive' ? pick('email', 'preapprovalKey') : pick('BAID', 'email');
  if (t === 'AdyenApplePay') return { appleBIN: null, appleCardNumber: null, appleCardType: null, appleExpiryDate: null, appleGatewayToken: null, email: d.email ?? null };
  if (t === 'AdyenGooglePay' || t === 'GooglePay') {
    return { googleBIN: null, googleCardNumber: null, googleCardType: null, googleExpiryDate: null, googleGatewayToken: null, ...(t === 'AdyenGooglePay' ? { email: d.email ?? null } : {}) };
  }
  return {};
}

/** One payment method as GET /v1/payment-methods/{id} and the account lists show it. */
export function paymentMethodView(ctx: Ctx, v: PaymentMethodView): Record<string, unknown> {
  const r = v.row;
  const card = r.type === 'CreditCard' || r.type === 'CreditCardReferenceTransaction';
  const mandateInfo = Object.fromEntries([...MANDATE, ...(card ? CARD_MIT : [])].map((k) => [k, v.mandate[k] ?? null]));
  return {
    ...v.custom,
    accountHolderInfo: v.holder,
    accountKey: r.account_id,
    bankIdentificationNumber: (v.details.bankIdentificationNumber as string | undefined) ?? null,
    createdBy: r.created_by,
    createdDate: ts(ctx, r.created_at),
    deviceSessionId: null,
    existingMandate: v.mandate.existingMandateStatus ?? null,
    id: r.id,
    ipAddress: r.ip_address,
    isDefault: v.isDefault,
    lastFailedSaleTransactionDate: ts(ctx, r.last_failed_sale_at),
    lastTransaction: r.last_transaction,
    lastTransactionDateTime: ts(ctx, r.last_transaction_at),
    lastTransactionStatus: r.last_transaction,
    mandateInfo,
    maxConsecutivePaymentFailures: r.max_consecutive_payment_failures,
    numConsecutiveFailures: r.num_consecutive_failures,
    paymentRetryWindow: r.payment_retry_window,
    status: r.status,
    totalNumberOfErrorPayments: r.total_error_payments,
    totalNumberOfProcessedPayments: r.total_processed_payments,
    type: r.type,
    updatedBy: r.updated_by,
    updatedDate: ts(ctx, r.updated_at),
    useDefaultRetryRule: r.use_default_retry_rule === 1,
    ...typeFields(v),
  };
}

/**
 * The key an account's list puts a payment method under (Zuora's sample: `creditcard`, `debitcard`,
 * `ach`, `creditcardreferencetransaction`): the type in lower case, debit card types apart.
 */
export function listKey(v: PaymentMethodView): string {
  if (v.row.type === 'CreditCard' && DEBIT_CARD_TYPES.includes(String(v.details.creditCardType))) return 'debitcard';
  return v.row.type.toLowerCase();
}
