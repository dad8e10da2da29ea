/**
 * POST /v1/operations/invoice-collect ("Invoice and collect") for an existing invoice: the full
 * balance of a posted invoice is collected with the account's default payment method through the
 * test gateway, as one electronic payment applied to it. The operation is atomic: a decline or a
 * gateway error rolls everything back and answers the gateway's response code. Generating invoices
 * first (no invoiceId) needs a billing entry point zbill does not have yet: it answers 501.
 */
import type { Ctx } from '../../platform/context.js';
import { invalidValue, missingField, notFound, notImplemented, ruleViolation } from '../../platform/errors.js';
import { D, toJsonNumber } from '../../platform/money.js';
import { getAccountByKey } from '../accounts/service.js';
import { TEST_GATEWAY_NAME, testGatewayId } from '../payment-methods/contract.js';
import { onlyKeys, str, type Body } from './input.js';
import { createPayment, RES_PAYMENT } from './service.js';
import { lockDocument } from './settlement.js';

export async function invoiceCollect(ctx: Ctx, b: Body): Promise<Record<string, unknown>> {
  onlyKeys(b, ['accountKey', 'documentDate', 'invoiceId', 'paymentGateway', 'targetDate'], '', 'an invoice-collect request', RES_PAYMENT);
  const key = str(b, 'accountKey', 'accountKey', 70, RES_PAYMENT);
  if (!key) throw missingField(`'accountKey' is required`, RES_PAYMENT);
  const account = await getAccountByKey(ctx, key);
  if (!account) throw notFound(`The account ${key} does not exist`, RES_PAYMENT);
  const invoiceId = str(b, 'invoiceId', 'invoiceId', 60, RES_PAYMENT);
  if (!invoiceId) throw notImplemented(`generating invoices in POST /v1/operations/invoice-collect (name an existing posted invoice with 'invoiceId')`);
  for (const k of ['documentDate', 'targetDate']) if (b[k] !== undefined && b[k] !== null) throw invalidValue(`'${k}' dates the invoices the operation generates: it does not apply when 'invoiceId' names an existing invoice`, RES_PAYMENT);
  const gw = str(b, 'paymentGateway', 'paymentGateway', 100, RES_PAYMENT);
  if (gw !== undefined && gw !== TEST_GATEWAY_NAME && gw !== testGatewayId(ctx.tenant.id)) throw invalidValue(`'paymentGateway' does not name a payment gateway of this tenant (see GET /v1/paymentgateways): ${gw}`, RES_PAYMENT);
  const doc = await lockDocument(ctx, 'invoice', invoiceId);
  if (!doc) throw notFound(`'invoiceId': no posted invoice ${invoiceId} exists`, RES_PAYMENT);
  if (doc.accountId !== account.id) throw ruleViolation(`'invoiceId': the invoice ${doc.number} belongs to another account than ${account.accountNumber}`, RES_PAYMENT);
  const balance = new D(doc.balance);
  const invoices = [{ invoiceAmount: toJsonNumber(doc.amount), invoiceId: doc.id, invoiceNumber: doc.number }];
  if (balance.lte(0)) return { amountCollected: 0, invoices, creditMemos: [], paymentId: null, success: true };
  if (!account.defaultPaymentMethodId) throw ruleViolation(`The account ${account.accountNumber} has no default payment method to collect with`, RES_PAYMENT);
  const { payment, failure } = await createPayment(ctx, {
    accountId: account.id,
    type: 'Electronic',
    amount: balance.toFixed(),
    currency: doc.currency,
    paymentMethodId: account.defaultPaymentMethodId,
    invoices: [{ invoiceId: doc.id, amount: balance.toFixed() }],
  });
  // atomic: a decline rolls the whole operation back
  if (failure) throw failure;
  return { amountCollected: toJsonNumber(payment.amount), invoices, creditMemos: [], paymentId: payment.id, success: true };
}
